"""PureConnect ICWS (docs/api.md C1-C5): a CIC server and its switchover partners, each on a
listener of its own, sharing one port as the servers of a CIC installation do.

Only the server in service (the last alternate host) answers; the others answer every request
with 503 and the alternate host list (seed 002, "Connecting to Switchover Pair"). Errors leave as
ICWS error bodies ``{"errorId", "message"}`` with the statuses of the document's table.
"""

import base64
import json
import secrets
import threading
from typing import Optional

from fastapi import APIRouter, FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import describe_errors
from .icws_models import ConnectionRequest
from .security import new_id

CSRF_HEADER = "ININ-ICWS-CSRF-Token"


class IcwsError(Exception):
    """An ICWS error answer."""

    def __init__(self, status, error_id, message, **extra):
        super().__init__(message)
        self.status = status
        self.body = dict({"errorId": error_id, "message": message}, **extra)


def error_response(status, error_id, message, **extra):
    return JSONResponse(dict({"errorId": error_id, "message": message}, **extra), status_code=status)


def hosts(config):
    """Every host of the installation: the sandbox's own first, the alternates after it."""
    return [config.host] + [host for host in config.icws.alternate_hosts if host != config.host]


def in_service(config, host):
    """The server that accepts sessions: the last alternate host (the only host without any)."""
    return host == hosts(config)[-1]


class Sessions:
    """Open sessions of every host. A user who starts a session ends its earlier ones (seed 002,
    "Session Lifetime"); a deleted session is gone for good."""

    def __init__(self):
        self._lock = threading.Lock()
        self._sessions = {}

    def open(self, host, user):
        session = {
            "host": host, "userID": user.userID,
            "sessionId": str(secrets.randbelow(900000000) + 100000000),
            "csrfToken": base64.b64encode(secrets.token_bytes(48)).decode("ascii"),
            "cookie": new_id(),
        }
        with self._lock:
            for other in [sid for sid, known in self._sessions.items() if known["userID"].lower() == user.userID.lower()]:
                del self._sessions[other]
            self._sessions[session["sessionId"]] = session
        return session

    def check(self, host, session_id, csrf_token, cookie):
        """The session when the request carries its CSRF token and its cookie, else 401."""
        with self._lock:
            session = self._sessions.get(session_id)
        if session is None or session["host"] != host:
            raise IcwsError(401, "error.request.connection.invalidSession", "The session is not connected.")
        if not csrf_token or not secrets.compare_digest(csrf_token, session["csrfToken"]):
            raise IcwsError(401, "error.request.connection.invalidCsrfToken", "The CSRF token is missing or invalid.")
        if not cookie or not secrets.compare_digest(cookie, session["cookie"]):
            raise IcwsError(401, "error.request.connection.invalidSessionCookie", "The session cookie is missing or invalid.")
        return session

    def close(self, session_id):
        with self._lock:
            self._sessions.pop(session_id, None)


def new_app():
    """A FastAPI application whose every error is an ICWS error body."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.router.redirect_slashes = False

    async def icws_error(_request, exc):
        return JSONResponse(exc.body, status_code=exc.status)

    async def http_error(_request, exc):
        if exc.status_code in (404, 405):
            return error_response(404, "error.request.notFound", "The requested resource was not found.")
        return error_response(exc.status_code, "error.request.invalid", str(exc.detail))

    async def unexpected(_request, _exc):
        return error_response(500, "error.server.internal", "An unexpected error occurred.")

    app.add_exception_handler(IcwsError, icws_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
    return app


def connection_router(config, host, sessions):
    """C1 and C5: open and close a session."""
    router = APIRouter()
    users = {user.userID.lower(): user for user in config.icws.users}

    @router.post("/icws/connection", status_code=201)
    async def connect(request: Request, response: Response, accept_language: Optional[str] = Header(None)):
        if not accept_language:
            raise IcwsError(400, "error.request.missingHeader", "The Accept-Language header is required.")
        # The document's example sends the JSON without a Content-Type (curl -d): any is accepted.
        try:
            body = ConnectionRequest.model_validate(json.loads(await request.body() or b"null"))
        except ValueError as exc:
            errors = exc.errors() if isinstance(exc, ValidationError) else [{"type": "json_invalid"}]
            raise IcwsError(400, "error.request.invalidRepresentation", describe_errors(errors)) from None
        user = users.get(body.userID.lower())
        if user is None or not secrets.compare_digest(body.password, user.password):
            raise IcwsError(400, "error.request.connection.authenticationFailure", "The authentication process failed.")
        session = sessions.open(host, user)
        sid = session["sessionId"]
        response.set_cookie("icws_" + sid, session["cookie"], path="/icws/" + sid, httponly=True)
        response.headers["Location"] = "/icws/%s/connection" % sid
        return {"csrfToken": session["csrfToken"], "sessionId": sid,
                "alternateHostList": [other for other in hosts(config) if other != host],
                "userID": user.userID, "userDisplayName": user.userDisplayName}

    @router.delete("/icws/{sessionId}/connection", status_code=204)
    def disconnect(request: Request, sessionId: str, inin_icws_csrf_token: Optional[str] = Header(None)):  # pylint: disable=invalid-name
        sessions.check(host, sessionId, inin_icws_csrf_token, request.cookies.get("icws_" + sessionId))
        sessions.close(sessionId)
        return Response(status_code=204)

    return router


def version_router(config):
    """C2 and C3: feature versions and the server version, without a session."""
    router = APIRouter()

    def highest(feature_id):
        versions = [feature.version for feature in config.icws.features if feature.featureId == feature_id]
        return max(versions) if versions else None

    @router.get("/icws/connection/features")
    def features():
        return {"featureInfoList": [feature.model_dump() for feature in config.icws.features]}

    @router.get("/icws/connection/features/{featureId}")
    def feature(featureId: str):  # pylint: disable=invalid-name
        version = highest(featureId)
        if version is None:
            raise IcwsError(404, "error.request.notFound", "The feature %s is not supported." % featureId)
        return {"featureId": featureId, "version": version}

    @router.get("/icws/connection/version")
    def version():
        return config.icws.version

    return router


def status_router(config, host, sessions):
    """C4: a user's status, in a session."""
    router = APIRouter()
    users = {user.userID.lower(): user for user in config.icws.users}
    fields = ("statusId", "statusChanged", "loggedIn", "onPhone", "onPhoneChanged")

    @router.get("/icws/{sessionId}/status/user-statuses/{userId}")
    def user_status(request: Request, sessionId: str, userId: str,  # pylint: disable=invalid-name
                    inin_icws_csrf_token: Optional[str] = Header(None)):
        session = sessions.check(host, sessionId, inin_icws_csrf_token, request.cookies.get("icws_" + sessionId))
        reader = users[session["userID"].lower()]
        if userId.lower() != reader.userID.lower() and not reader.can_view_statuses:
            raise IcwsError(403, "error.request.accessDenied",
                            "The session user does not have permission to view the status of %s." % userId)
        user = users.get(userId.lower())
        if user is None:
            raise IcwsError(404, "error.request.notFound", "The user %s does not exist." % userId)
        status = {name: getattr(user, name) for name in fields}
        return dict(status, userId=user.userID, icServers=[], stations=[])

    return router


def create_app(runtime, host, sessions):
    """The ICWS service of ``host``: in service, or a partner that points elsewhere."""
    config = runtime.config
    app = new_app()
    if not in_service(config, host):
        alternates = [other for other in config.icws.alternate_hosts if other != host]

        @app.api_route("/{path:path}", methods=["GET", "POST", "PUT", "DELETE"])
        def elsewhere(path):  # pylint: disable=unused-argument
            raise IcwsError(503, "error.server.unavailable", "This server is not in service; connect to an alternate host.",
                            alternateHostList=alternates)

        return app
    app.include_router(connection_router(config, host, sessions))
    app.include_router(version_router(config))
    app.include_router(status_router(config, host, sessions))
    return app
