"""Fault injection: the next N requests matching a method and a path pattern misbehave."""

import re
import threading
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator


class FaultSpec(BaseModel):
    """Body of ``POST /sandbox/faults``: exactly one of ``status``, ``delay``, ``drop``, ``drop_after``, ``trace``.

    ``body`` narrows the match to requests whose body matches that regular expression (a POST
    whose path names no tenant, such as N2 or K1, is told apart by the ccid in its body).
    ``label`` is copied into the request log entries of the requests the fault hits.
    """

    model_config = ConfigDict(extra="forbid")

    method: Optional[str] = None
    path: str = Field(min_length=1)
    service: Optional[Literal["auth", "gws", "nexus", "iwd"]] = None
    count: int = Field(default=1, ge=1)
    status: Optional[int] = Field(default=None, ge=400, le=599)
    retry_after: Optional[int] = Field(default=None, ge=0)
    delay: Optional[float] = Field(default=None, gt=0, le=120)
    drop: bool = False
    # Handled normally, then the connection is closed instead of the answer: the request was
    # applied and its answer lost (a load balancer or the network failing on the way back).
    drop_after: bool = False
    # No misbehaviour: the requests are handled normally and their log entries carry the label,
    # which tells whose request a POST was when its path does not say (with ``body``).
    trace: bool = False
    body: Optional[str] = Field(default=None, min_length=1)
    label: Optional[str] = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [self.status is not None, self.delay is not None, self.drop, self.drop_after, self.trace]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of status, delay, drop, drop_after, trace")
        if self.retry_after is not None and self.status is None:
            raise ValueError("retry_after goes with status")
        for name in ("path", "body"):
            try:
                re.compile(getattr(self, name) or "")
            except re.error as exc:
                raise ValueError("%s is not a regular expression: %s" % (name, exc)) from exc
        return self

    @property
    def kind(self):
        if self.status is not None:
            return "status"
        if self.delay is not None:
            return "delay"
        if self.trace:
            return "trace"
        return "drop_after" if self.drop_after else "drop"


class FaultStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, spec):
        with self._lock:
            self._faults.append({"spec": spec, "left": spec.count, "pattern": re.compile(spec.path),
                                 "body": re.compile(spec.body) if spec.body else None})

    def clear(self):
        with self._lock:
            self._faults = []

    def wants_body(self, service, method, path):
        """Whether an armed fault would match the request but for its body: the body must be read first."""
        with self._lock:
            return any(fault["body"] is not None and self._matches(fault, service, method, path) for fault in self._faults)

    @staticmethod
    def _matches(fault, service, method, path):
        spec = fault["spec"]
        if spec.service and spec.service != service:
            return False
        if spec.method and spec.method.upper() != method.upper():
            return False
        return bool(fault["pattern"].search(path))

    def take(self, service, method, path, body=None):
        """The first armed fault matching the request, counted down; None when none does.

        A fault with a ``body`` pattern matches only when ``body`` (text) is given and matches.
        """
        with self._lock:
            for fault in self._faults:
                if not self._matches(fault, service, method, path):
                    continue
                if fault["body"] is not None and (body is None or not fault["body"].search(body)):
                    continue
                fault["left"] -= 1
                if fault["left"] <= 0:
                    self._faults.remove(fault)
                return fault["spec"]
        return None

    def listing(self):
        with self._lock:
            return [dict(fault["spec"].model_dump(), left=fault["left"]) for fault in self._faults]
