"""Fault injection: the next N requests matching a method and a path pattern misbehave."""

import re
import threading
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator


class FaultSpec(BaseModel):
    """Body of ``POST /sandbox/faults``: exactly one of ``status``, ``delay``, ``drop``."""

    model_config = ConfigDict(extra="forbid")

    method: Optional[str] = None
    path: str = Field(min_length=1)
    service: Optional[Literal["auth", "gws", "nexus", "iwd"]] = None
    count: int = Field(default=1, ge=1)
    status: Optional[int] = Field(default=None, ge=400, le=599)
    retry_after: Optional[int] = Field(default=None, ge=0)
    delay: Optional[float] = Field(default=None, gt=0, le=120)
    drop: bool = False

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [self.status is not None, self.delay is not None, self.drop]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of status, delay, drop")
        if self.retry_after is not None and self.status is None:
            raise ValueError("retry_after goes with status")
        try:
            re.compile(self.path)
        except re.error as exc:
            raise ValueError("path is not a regular expression: %s" % exc) from exc
        return self

    @property
    def kind(self):
        if self.status is not None:
            return "status"
        return "delay" if self.delay is not None else "drop"


class FaultStore:
    def __init__(self):
        self._lock = threading.Lock()
        self._faults = []

    def add(self, spec):
        with self._lock:
            self._faults.append({"spec": spec, "left": spec.count, "pattern": re.compile(spec.path)})

    def clear(self):
        with self._lock:
            self._faults = []

    def take(self, service, method, path):
        """The first armed fault matching the request, counted down; None when none does."""
        with self._lock:
            for fault in self._faults:
                spec = fault["spec"]
                if spec.service and spec.service != service:
                    continue
                if spec.method and spec.method.upper() != method.upper():
                    continue
                if not fault["pattern"].search(path):
                    continue
                fault["left"] -= 1
                if fault["left"] <= 0:
                    self._faults.remove(fault)
                return spec
        return None

    def listing(self):
        with self._lock:
            return [dict(fault["spec"].model_dump(), left=fault["left"]) for fault in self._faults]
