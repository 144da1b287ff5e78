"""The error envelope (docs/api.md, "Rules for every row"):
``{"status": {"code": <non-zero>, "message": "..."}}``.

Every error of every service, the framework's own included (unknown path, wrong method, body
that does not validate), leaves in this envelope. ``code`` repeats the HTTP status.
"""

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

LOG = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer: HTTP status, message and optional headers."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def envelope(status, message):
    return {"status": {"code": status, "message": message}}


def error_response(status, message, headers=None):
    return JSONResponse(envelope(status, message), status_code=status, headers=headers)


def describe_errors(errors):
    """One line naming each offending field, e.g. ``missing required parameter: tenant.ccid``."""
    parts = []
    for error in errors:
        loc = [str(item) for item in error.get("loc", ()) if item != "body"]
        field = ".".join(loc) or "body"
        if error.get("type") == "missing":
            parts.append("missing required parameter: %s" % field)
        elif error.get("type") == "extra_forbidden":
            parts.append("unknown parameter: %s" % field)
        elif error.get("type") == "json_invalid":
            parts.append("body is not valid JSON")
        else:
            parts.append("invalid parameter %s: %s" % (field, error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


async def _api_error(_request, exc):
    return error_response(exc.status, exc.message, exc.headers)


async def _validation_error(_request, exc):
    return error_response(400, describe_errors(exc.errors()))


async def _http_error(_request, exc):
    # Methods not in docs/api.md on a known path are as unknown as unknown paths.
    if exc.status_code in (404, 405):
        return error_response(404, "not found")
    return error_response(exc.status_code, str(exc.detail), getattr(exc, "headers", None))


async def _unexpected(_request, exc):
    LOG.exception("unexpected error: %s", exc)
    return error_response(500, "internal error")


def install(app: FastAPI):
    """Route every error of ``app`` to the envelope."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def new_app():
    """A FastAPI application with no documentation routes, no slash redirects and the envelope."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.router.redirect_slashes = False
    install(app)
    return app
