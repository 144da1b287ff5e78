"""``$authURL``: Genesys Auth (A1-A7) and the GWS environment API (E1-E4)."""

from typing import Optional
from urllib.parse import parse_qsl

import psycopg2
from fastapi import APIRouter, Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from . import identity
from .db import as_json
from .duplicates import replacing
from .errors import ApiError, new_app
from .models import ClientCreateBody, ClientUpdateBody, SettingBody, SettingUpdateBody, TokenRequest
from .security import new_id, sha256, token_from_authorization

OK = {"code": 0}
FORM = "application/x-www-form-urlencoded"


def public_client(row):
    """A client as reads return it: never its secret."""
    return dict(row["data"], client_id=row["client_id"])


def public_setting(row):
    return {key: row[key] for key in ("id", "name", "location", "value", "shared")}


def add_userinfo_route(app, runtime):
    """A7, served by Auth and (for older nex_gapis rows without authinturl) by GWS."""

    @app.get("/auth/v3/userinfo")
    def userinfo(authorization: Optional[str] = Header(None)):
        token = token_from_authorization(authorization, bare_ok=False)
        if token is None:
            raise ApiError(401, "Bearer token required")
        with runtime.db.cursor() as cur:
            info = identity.userinfo(cur, token)
        if info is None:
            raise ApiError(401, "invalid or expired token")
        return info


async def read_token_request(request: Request):
    """A5/A6 take parameters in the query string and in a form-urlencoded body alike."""
    params = list(request.query_params.multi_items())
    body = await request.body()
    if body:
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != FORM:
            raise ApiError(400, "the token request body must be %s" % FORM)
        try:
            params += parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ApiError(400, "malformed form body") from exc
    merged = {}
    for name, value in params:
        if name in merged and merged[name] != value:
            raise ApiError(400, "parameter %s given twice with different values" % name)
        merged[name] = value
    return TokenRequest.model_validate(merged)


# Basic credentials: the GWS admin's (A1-A4, E1-E4) or an OAuth client's (A5, A6).
BASIC = HTTPBasic(auto_error=False)


def admin_check(runtime):
    """The dependency that lets only the GWS admin through."""
    def admin(credentials: Optional[HTTPBasicCredentials] = Depends(BASIC)):
        identity.require_admin(runtime, credentials)
    return admin


def create_app(runtime):
    """Genesys Auth and the GWS environment API: one router per resource."""
    app = new_app()
    add_userinfo_route(app, runtime)
    for make_router in (tokens_router, clients_router, environment_router):
        app.include_router(make_router(runtime))
    return app


def tokens_router(runtime):
    """A5, A6: tokens, for a client or a user."""
    router = APIRouter()

    def grant(request, credentials, params):
        if credentials is not None:
            client_id, secret = credentials.username, credentials.password
            if params.client_id is not None and params.client_id != client_id:
                raise ApiError(401, "client_id does not match the authenticated client")
            if params.client_secret is not None and params.client_secret != secret:
                raise ApiError(401, "client_secret does not match the authenticated client")
        elif params.client_id and params.client_secret is not None:
            client_id, secret = params.client_id, params.client_secret
            request.state.credential = "form-client"
        else:
            raise ApiError(401, "client authentication required")
        with runtime.db.cursor() as cur:
            client = identity.authenticate_client(cur, client_id, secret)
            if client is None:
                raise ApiError(401, "invalid client credentials")
            if params.grant_type not in ("client_credentials", "password"):
                raise ApiError(400, "unsupported grant_type: %s" % params.grant_type)
            if params.grant_type not in client["data"].get("authorizedGrantTypes", []):
                raise ApiError(400, "grant_type %s is not authorized for client %s" % (params.grant_type, client_id))
            if params.grant_type == "client_credentials":
                return identity.issue_token(runtime, cur, client)
            for name in ("client_id", "username", "password"):
                if not getattr(params, name):
                    raise ApiError(400, "missing required parameter: %s" % name)
            who = identity.login(runtime, cur, params.username, params.password)
            if who is None:
                raise ApiError(401, "invalid username or password")
            return identity.issue_token(runtime, cur, client, username=who[0], ccid=who[1], refresh=True)

    @router.post("/auth/v3/oauth/token")
    async def token(request: Request, credentials: Optional[HTTPBasicCredentials] = Depends(BASIC)):
        params = await read_token_request(request)
        return await run_in_threadpool(grant, request, credentials, params)
    return router


def clients_router(runtime):
    """A1-A4: OAuth clients, with the GWS admin's Basic credentials."""
    router = APIRouter()
    admin = admin_check(runtime)

    @router.post("/auth/v3/ops/clients", dependencies=[Depends(admin)])
    def create_client(body: ClientCreateBody):
        data = body.data.model_dump(exclude_none=True)
        secret = data.pop("client_secret")
        client_id = data.pop("client_id")
        try:
            with runtime.db.cursor() as cur:
                # The other reading (duplicates.py): the create replaces the client, secret included.
                replace = (" ON CONFLICT (client_id) DO UPDATE SET data = EXCLUDED.data, secret_sha256 = EXCLUDED.secret_sha256"
                           if replacing(runtime) else "")
                cur.execute(
                    "INSERT INTO sandbox.clients (client_id, data, secret_sha256) VALUES (%s, %s, %s)" + replace + " RETURNING *",
                    (client_id, as_json(data), sha256(secret)),
                )
                row = cur.fetchone()
        except psycopg2.errors.UniqueViolation as exc:
            raise ApiError(409, "client %s already exists: update it with PUT" % client_id) from exc
        return {"status": OK, "data": public_client(row)}

    @router.get("/auth/v3/ops/clients", dependencies=[Depends(admin)])
    def list_clients():
        with runtime.db.cursor() as cur:
            cur.execute("SELECT client_id, data FROM sandbox.clients ORDER BY client_id")
            return {"status": OK, "data": [public_client(row) for row in cur.fetchall()]}

    @router.get("/auth/v3/ops/clients/{client_id}", dependencies=[Depends(admin)])
    def read_client(client_id: str):
        with runtime.db.cursor() as cur:
            row = identity.get_client(cur, client_id)
        if row is None:
            raise ApiError(404, "client %s not found" % client_id)
        return {"status": OK, "data": public_client(row)}

    @router.put("/auth/v3/ops/clients/{client_id}", dependencies=[Depends(admin)])
    def update_client(client_id: str, body: ClientUpdateBody):
        change = body.data.model_dump(exclude_none=True)
        if change.pop("client_id", client_id) != client_id:
            raise ApiError(400, "client_id of the body differs from the path")
        secret = change.pop("client_secret", None)
        with runtime.db.cursor() as cur:
            row = identity.get_client(cur, client_id)
            if row is None:
                raise ApiError(404, "client %s not found" % client_id)
            data = dict(row["data"], **change)
            digest = sha256(secret) if secret is not None else row["secret_sha256"]
            cur.execute(
                "UPDATE sandbox.clients SET data = %s, secret_sha256 = %s WHERE client_id = %s RETURNING *",
                (as_json(data), digest, client_id),
            )
            return {"status": OK, "data": public_client(cur.fetchone())}

    @router.delete("/auth/v3/ops/clients/{client_id}", dependencies=[Depends(admin)])
    def delete_client(client_id: str):
        with runtime.db.cursor() as cur:
            cur.execute("DELETE FROM sandbox.clients WHERE client_id = %s", (client_id,))
            if cur.rowcount == 0:
                raise ApiError(404, "client %s not found" % client_id)
            # A deleted client's tokens die with it.
            cur.execute("DELETE FROM sandbox.tokens WHERE client_id = %s", (client_id,))
        return {"status": OK}
    return router


def environment_router(runtime):
    """E1-E4: contact centers and their settings, with the GWS admin's Basic credentials."""
    router = APIRouter()
    admin = admin_check(runtime)

    def known_center(cur, ccid):
        if identity.contact_center(cur, ccid) is None:
            raise ApiError(404, "contact center %s not found" % ccid)

    @router.get("/environment/v3/contact-centers", dependencies=[Depends(admin)])
    def contact_centers():
        with runtime.db.cursor() as cur:
            cur.execute("SELECT id, environment_id, domains FROM sandbox.contact_centers ORDER BY id")
            centers = [
                {"id": row["id"], "environmentId": row["environment_id"], "domains": row["domains"], "auth": "configServer"}
                for row in cur.fetchall()
            ]
        return {"data": {"contactCenters": centers}}

    @router.post("/environment/v3/contact-centers/{ccid}/settings", dependencies=[Depends(admin)])
    def upsert_setting(ccid: str, body: SettingBody):
        setting = body.data
        with runtime.db.cursor() as cur:
            known_center(cur, ccid)
            # An upsert keyed by name + location, as the real service is reported to behave; in the other
            # reading (duplicates.py) each create makes a setting.
            upsert = ("" if replacing(runtime) else
                      "ON CONFLICT (ccid, name, location) DO UPDATE SET value = EXCLUDED.value, shared = EXCLUDED.shared ")
            cur.execute(
                "INSERT INTO sandbox.settings (id, ccid, name, location, value, shared) VALUES (%s, %s, %s, %s, %s, %s) "
                + upsert + "RETURNING *",
                (new_id(), ccid, setting.name, setting.location, setting.value, setting.shared),
            )
            return {"status": OK, "data": public_setting(cur.fetchone())}

    @router.get("/environment/v3/contact-centers/{ccid}/settings", dependencies=[Depends(admin)])
    def list_settings(ccid: str):
        with runtime.db.cursor() as cur:
            known_center(cur, ccid)
            cur.execute("SELECT * FROM sandbox.settings WHERE ccid = %s ORDER BY name, location", (ccid,))
            return {"data": {"settings": [public_setting(row) for row in cur.fetchall()]}}

    @router.put("/environment/v3/contact-centers/{ccid}/settings/{setting_id}", dependencies=[Depends(admin)])
    def update_setting(ccid: str, setting_id: str, body: SettingUpdateBody):
        change = body.data.model_dump(exclude_none=True)
        try:
            with runtime.db.cursor() as cur:
                known_center(cur, ccid)
                cur.execute("SELECT * FROM sandbox.settings WHERE ccid = %s AND id = %s", (ccid, setting_id))
                row = cur.fetchone()
                if row is None:
                    raise ApiError(404, "setting %s not found" % setting_id)
                row.update(change)
                cur.execute(
                    "UPDATE sandbox.settings SET name = %s, location = %s, value = %s, shared = %s WHERE id = %s RETURNING *",
                    (row["name"], row["location"], row["value"], row["shared"], setting_id),
                )
                return {"status": OK, "data": public_setting(cur.fetchone())}
        except psycopg2.errors.UniqueViolation as exc:
            raise ApiError(409, "another setting has this name and location") from exc

    @router.delete("/environment/v3/contact-centers/{ccid}/settings/{setting_id}", dependencies=[Depends(admin)])
    def delete_setting(ccid: str, setting_id: str):
        with runtime.db.cursor() as cur:
            known_center(cur, ccid)
            cur.execute("DELETE FROM sandbox.settings WHERE ccid = %s AND id = %s", (ccid, setting_id))
            if cur.rowcount == 0:
                raise ApiError(404, "setting %s not found" % setting_id)
        return {"status": OK}
    return router


def create_gws_app(runtime):
    """``$gwsURL``: only A7 (Digital Channels validates at ``url`` when a row has no authinturl)."""
    app = new_app()
    add_userinfo_route(app, runtime)
    return app
