"""ASGI middleware around each Genesys service: fault injection and the request log."""

import asyncio
import logging
import time
from urllib.parse import parse_qsl

from starlette.datastructures import Headers

from .errors import error_response
from .reqlog import mask_path, mask_query
from .security import basic_user

LOG = logging.getLogger(__name__)


def credential_kind(headers, admin_username):
    """Which kind of credential a request carried, judged from its headers."""
    authorization = headers.get("authorization")
    if authorization:
        scheme = authorization.split(" ", 1)[0].lower()
        if scheme == "basic":
            return "basic-admin" if basic_user(authorization) == admin_username else "basic-client"
        if scheme == "bearer":
            return "bearer"
        return "bare-token"
    if headers.get("x-api-key"):
        return "api-key"
    return "none"


class GenesysMiddleware:
    """Wraps one service's application; ``runtime.servers[service]`` is its uvicorn server."""

    def __init__(self, app, runtime, service):
        self.app = app
        self.runtime = runtime
        self.service = service

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        headers = Headers(scope=scope)
        body = None
        if self.runtime.faults.wants_body(self.service, scope["method"], scope["path"]):
            body, receive = await _buffered(receive)
        fault = self.runtime.faults.take(self.service, scope["method"], scope["path"],
                                         body.decode("utf-8", "replace") if body is not None else None)
        answer = {"status": None, "logged": False}
        # Handlers may refine the credential kind (client credentials in a form body).
        state = scope.setdefault("state", {})

        def log_once():
            if not answer["logged"]:
                answer["logged"] = True
                self._record(scope, headers, state, answer["status"], fault, started)

        async def send_and_watch(message):
            if fault is not None and fault.kind == "drop_after":
                # The application ran; its answer goes nowhere.
                if message["type"] == "http.response.start":
                    answer["status"] = message["status"]
                return
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # Logged before the last byte leaves, so a client reading the log next finds it.
                log_once()
            await send(message)

        if fault is not None and fault.kind == "drop":
            # Logged first: the client learns of the drop at once and may read the log next.
            self._record(scope, headers, state, None, fault, started)
            await self._drop(scope)
            return
        try:
            if fault is not None and fault.kind == "status":
                extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
                response = error_response(fault.status, "injected fault", extra)
                await response(scope, receive, send_and_watch)
            else:
                if fault is not None and fault.kind == "delay":
                    await asyncio.sleep(fault.delay)
                await self.app(scope, receive, send_and_watch)
                if fault is not None and fault.kind == "drop_after":
                    log_once()
                    await self._drop(scope)
        finally:
            log_once()

    def _record(self, scope, headers, state, status, fault, started):
        self.runtime.log.record(
            service=self.service,
            method=scope["method"],
            path=mask_path(scope["path"]),
            query=mask_query(parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)),
            status=status,
            credential=state.get("credential") or credential_kind(headers, self.runtime.config.gws_admin.username),
            duration_ms=round((time.monotonic() - started) * 1000, 1),
            fault=fault.kind if fault is not None and fault.kind != "trace" else None,
            fault_label=fault.label if fault is not None else None,
        )

    async def _drop(self, scope):
        """Close the client's connection without an answer."""
        server = self.runtime.servers.get(self.service)
        client = tuple(scope.get("client") or ())
        for connection in list(server.server_state.connections if server else ()):
            if tuple(getattr(connection, "client", None) or ()) == client:
                connection.transport.abort()
                break
        else:
            LOG.warning("drop fault: connection of %s not found", client)
        # Let uvicorn see the disconnect before the application returns, so it sends nothing.
        await asyncio.sleep(0.05)


async def _buffered(receive):
    """Read the whole request body; return it and a ``receive`` that replays it."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            # The client went away: let the application see it.
            async def gone():
                return message
            return b"".join(chunks), gone
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = {"done": False}

    async def replay():
        if not replayed["done"]:
            replayed["done"] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return body, replay
