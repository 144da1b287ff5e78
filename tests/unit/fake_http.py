# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A scripted HTTP session standing in for a Genesys service in unit tests."""

from __future__ import annotations

import json

import requests


class ScriptedSession(requests.Session):
    """A requests session whose answers are scripted per (method, path) and whose calls
    are recorded, so that tests can count the writes a module made."""

    def __init__(self):
        super().__init__()
        self.routes = {}
        self.calls = []

    def route(self, method, path, status=200, body=None, handler=None):
        """Answer ``method path`` with ``status``/``body``, or with ``handler(call) -> (status, body)``."""
        self.routes[(method, path)] = handler or (lambda call: (status, body))

    def request(self, method, url, **kwargs):  # pylint: disable=arguments-differ
        path = "/" + url.split("://", 1)[1].split("/", 1)[1] if url.count("/") > 2 else "/"
        call = {"method": method, "path": path, "url": url, **kwargs}
        self.calls.append(call)
        handler = self.routes.get((method, path))
        status, body = handler(call) if handler else (404, {"status": {"code": 404, "message": "not found"}})
        response = requests.Response()
        response.status_code = status
        response._content = b"" if body is None else json.dumps(body).encode()  # pylint: disable=protected-access
        response.url = url
        return response

    def writes(self):
        """The calls that would change something: all but GETs and token requests."""
        return [c for c in self.calls if c["method"] != "GET" and not c["path"].endswith("/oauth/token")]


def envelope(data):
    """A successful Genesys envelope around ``data``."""
    return {"status": {"code": 0}, "data": data}


def applied_then(handler, outcome):
    """A handler that applies the request with ``handler`` and then loses its answer: ``outcome``
    is an HTTP status (a gateway's 502 or 504) or an exception (connection reset, timeout)."""
    def lost(call):
        handler(call)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome, {"status": {"code": outcome, "message": "gateway"}}
    return lost


def no_sleep(monkeypatch):
    """Backoff waits of the lost-answer settlement, recorded instead of slept."""
    from ansible_collections.genesys.multicloud.plugins.module_utils import _create
    slept = []
    monkeypatch.setattr(_create.time, "sleep", slept.append)
    return slept
