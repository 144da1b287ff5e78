"""Genesys Cloud: ``$gcLoginURL`` (G1, the token) and ``$gcAPIURL`` (G2-G4, the toll-free numbers
of Genesys Messaging Aggregation), each on a listener of its own, as two hosts in a real
deployment. docs/api.md section 5 gives the rows and the sandbox's decisions.

Genesys Cloud is not a Multicloud service: its errors are Genesys Cloud's
``{"message","code","status","contextId","details","errors"}`` (the token endpoint's OAuth's
``{"error","description","error_description"}``), not the ``{"status":{"code"}}`` envelope.
"""

import collections
import logging
import math
import secrets
import threading
import time
from typing import Optional
from urllib.parse import parse_qsl

import psycopg2
from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import describe_errors
from .gcloud_models import OrderBody, RateLimit, RuntimeSettings
from .nexus_app import iso
from .security import matches, new_id, sha256, token_from_authorization

NUMBERS = "/api/v2/messaging/sms/provisioning/tollfreenumbers/"
AVAILABLE = "/api/v2/messaging/sms/provisioning/tollfreenumbers/available"
FORM = "application/x-www-form-urlencoded"
CODES = {400: "bad.request", 401: "bad.credentials", 404: "not.found", 409: "conflict",
         415: "unsupported.media.type", 429: "too.many.requests", 500: "internal.server.error"}
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 25, 100
LOG = logging.getLogger(__name__)


class GcError(Exception):
    """An error answer of the API host, in Genesys Cloud's shape."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class OAuthError(Exception):
    """An error answer of the token endpoint, in OAuth's shape."""

    def __init__(self, status, error, description):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


def error_response(status, message, headers=None):
    body = {"message": message, "code": CODES.get(status, "error"), "status": status,
            "contextId": new_id(), "details": [], "errors": []}
    return JSONResponse(body, status_code=status, headers=headers)


class GcloudState:
    """What lives in memory: the settings the admin API may change, the rate-limit windows."""

    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.token_lifetime = self.config.token_lifetime
            self.rate_limit = RateLimit.model_validate(self.config.rate_limit.model_dump())
            self.order_mode = self.config.order_mode
            self.order_polls = self.config.order_polls
            self.windows = collections.defaultdict(collections.deque)

    def admit(self, client_id):
        """None when the client may send one more API request now, else the seconds to wait."""
        now = time.monotonic()
        with self.lock:
            window = self.windows[client_id]
            while window and window[0] <= now - self.rate_limit.seconds:
                window.popleft()
            if len(window) >= self.rate_limit.requests:
                return max(1, math.ceil(window[0] + self.rate_limit.seconds - now))
            window.append(now)
            return None


def new_app(error_type):
    """A FastAPI application whose every error leaves in Genesys Cloud's shape (G2-G4) or OAuth's (G1)."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.router.redirect_slashes = False

    def answer(status, message, headers=None):
        if error_type == "oauth":
            error = {400: "invalid_request", 401: "invalid_client"}.get(status, "server_error")
            return JSONResponse({"error": error, "description": message, "error_description": message},
                                status_code=status, headers=headers)
        return error_response(status, message, headers)

    async def gc_error(_request, exc):
        return error_response(exc.status, exc.message, exc.headers)

    async def oauth_error(_request, exc):
        return JSONResponse({"error": exc.error, "description": exc.description, "error_description": exc.description},
                            status_code=exc.status)

    async def validation_error(_request, exc):
        return answer(400, describe_errors(exc.errors()))

    async def http_error(_request, exc):
        # A method no row lists on a known path is as unknown as an unknown path.
        if exc.status_code in (404, 405):
            return answer(404, "not found")
        return answer(exc.status_code, str(exc.detail))

    async def unexpected(_request, exc):
        LOG.exception("unexpected error: %s", exc)
        return answer(500, "internal error")

    app.add_exception_handler(GcError, gc_error)
    app.add_exception_handler(OAuthError, oauth_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
    return app


def client_of(runtime, client_id):
    for client in runtime.config.gcloud.clients:
        if client.client_id == client_id:
            return client
    return None


# ---- G1 -------------------------------------------------------------------------------

def create_login_app(runtime):
    app = new_app("oauth")
    basic = HTTPBasic(auto_error=False)

    def issue(client):
        state = runtime.gcloud
        token = secrets.token_urlsafe(48)
        with runtime.db.cursor() as cur:
            cur.execute("INSERT INTO sandbox.gc_tokens (token_sha256, client_id, organization, expires_at) "
                        "VALUES (%s, %s, %s, %s)",
                        (sha256(token), client.client_id, client.organization, time.time() + state.token_lifetime))
        return {"access_token": token, "token_type": "bearer", "expires_in": state.token_lifetime - 1}

    @app.post("/oauth/token")
    async def token(request: Request, credentials: Optional[HTTPBasicCredentials] = Depends(basic)):
        if credentials is None:
            raise OAuthError(401, "invalid_client", "Basic authentication of the OAuth client is required")
        client = client_of(runtime, credentials.username)
        if client is None or not matches(credentials.password, sha256(client.client_secret)):
            raise OAuthError(401, "invalid_client", "invalid client credentials")
        if request.query_params:
            raise OAuthError(400, "invalid_request", "parameters go in the form body, not the query string")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != FORM:
            raise OAuthError(400, "invalid_request", "the body must be %s" % FORM)
        try:
            params = dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True, strict_parsing=True))
        except (ValueError, UnicodeDecodeError) as exc:
            raise OAuthError(400, "invalid_request", "malformed form body") from exc
        unknown = sorted(set(params) - {"grant_type"})
        if unknown:
            raise OAuthError(400, "invalid_request", "unknown parameter: %s" % ", ".join(unknown))
        if "grant_type" not in params:
            raise OAuthError(400, "invalid_request", "missing required parameter: grant_type")
        if params["grant_type"] != "client_credentials":
            raise OAuthError(400, "unsupported_grant_type", "grant_type must be client_credentials")
        return await run_in_threadpool(issue, client)

    return app


# ---- G2-G4 ----------------------------------------------------------------------------

def public_number(row):
    """A number as G2 lists it and G4 answers it: never its webhookPassword."""
    return {
        "id": row["id"], "tollfreeNumber": row["number"], "comment": row["comment"], "moUrl": row["mo_url"],
        "drUrl": row["dr_url"], "webhookUsername": row["webhook_username"], "emailAddress": row["email_address"],
        "dateCreated": iso(row["created"]),
    }


def available(runtime, cur):
    """The pool in configured order: the configured numbers no organization has ordered."""
    cur.execute("SELECT number FROM sandbox.gc_numbers")
    taken = {row["number"] for row in cur.fetchall()}
    return [number for number in runtime.config.gcloud.available_numbers if number not in taken]


def page_parameter(request, name, default, maximum=None):
    raw = request.query_params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < 1 or (maximum is not None and int(raw) > maximum):
        raise GcError(400, "%s must be an integer from 1%s, got %r" % (name, " to %d" % maximum if maximum else "", raw))
    return int(raw)


def create_api_app(runtime):
    app = new_app("gcloud")

    def caller(authorization: Optional[str] = Header(None)):
        """The (client_id, organization) of a live token; 401 otherwise, then 429 over the rate limit."""
        token = token_from_authorization(authorization, bare_ok=False)
        row = None
        if token is not None:
            with runtime.db.cursor() as cur:
                cur.execute("SELECT client_id, organization FROM sandbox.gc_tokens WHERE token_sha256 = %s AND expires_at > %s",
                            (sha256(token), time.time()))
                row = cur.fetchone()
        if row is None:
            raise GcError(401, "Invalid login credentials.")
        wait = runtime.gcloud.admit(row["client_id"])
        if wait is not None:
            limit = runtime.gcloud.rate_limit
            raise GcError(429, "Rate limit exceeded the maximum [%d] requests within [%d] seconds"
                          % (limit.requests, limit.seconds), headers={"Retry-After": str(wait)})
        return row["client_id"], row["organization"]

    @app.get(NUMBERS)
    def list_numbers(request: Request, who=Depends(caller)):
        unknown = sorted(set(request.query_params) - {"pageSize", "pageNumber"})
        if unknown:
            raise GcError(400, "unknown parameter: %s" % ", ".join(unknown))
        size = page_parameter(request, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        number = page_parameter(request, "pageNumber", 1)
        with runtime.db.cursor() as cur:
            # A number whose order is still pending is not listed yet.
            cur.execute("SELECT count(*) AS total FROM sandbox.gc_numbers WHERE organization = %s AND polls_left = 0", (who[1],))
            total = cur.fetchone()["total"]
            cur.execute("SELECT * FROM sandbox.gc_numbers WHERE organization = %s AND polls_left = 0 ORDER BY created, number "
                        "LIMIT %s OFFSET %s", (who[1], size, (number - 1) * size))
            entities = [public_number(row) for row in cur.fetchall()]
        return {"entities": entities, "pageSize": size, "pageNumber": number, "total": total,
                "pageCount": math.ceil(total / size)}

    @app.get(AVAILABLE)
    def search(request: Request, _who=Depends(caller)):
        if request.query_params:
            raise GcError(400, "unknown parameter: %s" % ", ".join(sorted(request.query_params)))
        with runtime.db.cursor() as cur:
            pool = available(runtime, cur)
        return {"entities": [{"tollfreeNumber": number} for number in pool[:runtime.config.gcloud.search_size]]}

    def order(who, body):
        try:
            with runtime.db.cursor() as cur:
                cur.execute("SELECT organization FROM sandbox.gc_numbers WHERE number = %s", (body.tollfreeNumber,))
                owner = cur.fetchone()
                if owner is not None and owner["organization"] == who[1]:
                    raise GcError(409, "toll-free number %s is already ordered by this organization" % body.tollfreeNumber)
                if body.tollfreeNumber not in available(runtime, cur):
                    raise GcError(400, "toll-free number %s is not available" % body.tollfreeNumber)
                asynchronous = runtime.gcloud.order_mode == "asynchronous"
                cur.execute(
                    "INSERT INTO sandbox.gc_numbers (number, id, organization, comment, mo_url, dr_url, webhook_username, "
                    "webhook_password_sha256, email_address, order_id, polls_left) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING *",
                    (body.tollfreeNumber, new_id(), who[1], body.comment, body.moUrl, body.drUrl, body.webhookUsername,
                     sha256(body.webhookPassword), body.emailAddress, new_id() if asynchronous else None,
                     runtime.gcloud.order_polls if asynchronous else 0))
                row = cur.fetchone()
                return order_of(row) if asynchronous else public_number(row)
        except psycopg2.errors.UniqueViolation as exc:
            # Two orders of one number at once: the second finds it taken.
            raise GcError(400, "toll-free number %s is not available" % body.tollfreeNumber) from exc

    @app.post(NUMBERS)
    async def order_number(request: Request, who=Depends(caller)):
        if request.query_params:
            raise GcError(400, "unknown parameter: %s" % ", ".join(sorted(request.query_params)))
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise GcError(415, "the body must be application/json")
        try:
            body = OrderBody.model_validate_json(await request.body())
        except ValidationError as exc:
            raise GcError(400, describe_errors(exc.errors())) from exc
        return await run_in_threadpool(order, who, body)

    @app.get(NUMBERS + "orders/{order_id}")
    def read_order(order_id: str, request: Request, who=Depends(caller)):
        if request.query_params:
            raise GcError(400, "unknown parameter: %s" % ", ".join(sorted(request.query_params)))
        with runtime.db.cursor() as cur:
            # Each read brings the order one step nearer completion.
            cur.execute("UPDATE sandbox.gc_numbers SET polls_left = greatest(polls_left - 1, 0) "
                        "WHERE order_id = %s AND organization = %s RETURNING *", (order_id, who[1]))
            row = cur.fetchone()
        if row is None:
            raise GcError(404, "order %s not found" % order_id)
        return order_of(row)

    return app


def order_of(row):
    """An asynchronous order as G4 answers it and G5 shows it [assumed]: its id, number and state."""
    return {"id": row["order_id"], "tollfreeNumber": row["number"], "state": "Pending" if row["polls_left"] else "Completed"}


# ---- the admin port -------------------------------------------------------------------

def dump_state(runtime):
    """The numbers (webhook passwords as SHA-256), the pool and the settings in force."""
    with runtime.db.cursor() as cur:
        cur.execute("SELECT * FROM sandbox.gc_numbers ORDER BY created, number")
        numbers = [dict(public_number(row), organization=row["organization"], pending_polls=row["polls_left"],
                        webhookPassword_sha256=row["webhook_password_sha256"]) for row in cur.fetchall()]
        pool = available(runtime, cur)
    state = runtime.gcloud
    return {"numbers": numbers, "available": pool, "token_lifetime": state.token_lifetime,
            "rate_limit": state.rate_limit.model_dump()}


def add_admin_routes(app, runtime):
    """``GET /sandbox/gcloud`` (the state) and ``POST /sandbox/gcloud/config`` (token lifetime, rate limit)."""

    @app.get("/sandbox/gcloud")
    def state():
        return dump_state(runtime)

    @app.post("/sandbox/gcloud/config")
    def configure(body: RuntimeSettings):
        gcloud = runtime.gcloud
        with gcloud.lock:
            if body.token_lifetime is not None:
                gcloud.token_lifetime = body.token_lifetime
            if body.rate_limit is not None:
                gcloud.rate_limit = body.rate_limit
                gcloud.windows.clear()
            if body.order_mode is not None:
                gcloud.order_mode = body.order_mode
            if body.order_polls is not None:
                gcloud.order_polls = body.order_polls
        return {"token_lifetime": gcloud.token_lifetime, "rate_limit": gcloud.rate_limit.model_dump(),
                "order_mode": gcloud.order_mode, "order_polls": gcloud.order_polls}
