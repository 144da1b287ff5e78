"""``$nexusURL``: Digital Channels (N1-N4 tenants, K1-K4 API keys, S1-S4 provisioning services)."""

import datetime
from typing import Any, Optional

import psycopg2
from fastapi import APIRouter, Body, Depends, Header
from fastapi.responses import JSONResponse

from . import gapis, identity
from .db import as_json
from .duplicates import replacing
from .errors import ApiError, new_app
from .nexus_models import CLUSTER_PERMISSION, ApiKeyFields, ApiKeyUpdate, ServiceBody, TenantBody, check_service_body, unwrap
from .security import new_id, sha256, token_from_authorization

OK = {"code": 0}
STARTED = datetime.datetime.now(datetime.timezone.utc)


def iso(moment):
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def key_object(row):
    """An API key as K1 answers it; its ``id`` is the key."""
    fields = ("id", "tenant", "name", "permissions", "enabled", "revoked", "expires", "createdby", "capacity", "frequency")
    return dict({name: row[name] for name in fields}, created=iso(row["created"]))


def public_tenant(row):
    """A tenant as N3 answers it: never its token (the user's password) nor its xapikey."""
    return {name: row[name] for name in ("id", "name", "type", "backendurl", "username", "genesystemenantid")}


def is_cluster_key(row):
    return row["tenant"] == "*" and CLUSTER_PERMISSION in row["permissions"]


def live_key(cur, key_id):
    """The key row when ``key_id`` authenticates (known, enabled, not revoked), else 401."""
    if not key_id:
        raise ApiError(401, "x-api-key header required")
    cur.execute("SELECT * FROM sandbox.apikeys WHERE id = %s", (key_id,))
    row = cur.fetchone()
    if row is None or row["revoked"] or not row["enabled"]:
        raise ApiError(401, "invalid, disabled or revoked API key")
    return row


class Identity:
    """Who a GWS token belongs to, as far as Digital Channels cares."""

    def __init__(self, runtime, info):
        self.username = info.get("username")
        self.ccid = info.get("contactCenterId")
        self.is_admin = self.ccid is None and self.username == runtime.config.gws_admin.username

    def tenant(self, ccid=None):
        """The token's contact center, which must be ``ccid`` when given; else 403."""
        if self.is_admin:
            raise ApiError(403, "this request needs a tenant user token, not the admin token")
        if self.ccid is None:
            raise ApiError(403, "this request needs a tenant user token")
        if ccid is not None and ccid.lower() != self.ccid:
            raise ApiError(403, "the token belongs to contact center %s, not %s" % (self.ccid, ccid))
        return self.ccid


def bearer(authorization: Optional[str] = Header(None)):
    token = token_from_authorization(authorization, bare_ok=False)
    if token is None:
        raise ApiError(401, "Authorization: Bearer <GWS token> required")
    return token


def bearer_or_bare(authorization: Optional[str] = Header(None)):
    token = token_from_authorization(authorization, bare_ok=True)
    if token is None:
        raise ApiError(401, "Authorization: <GWS token> required")
    return token


def who(runtime, cur, token, backendurl=None):
    return Identity(runtime, gapis.validate_token(runtime, cur, token, backendurl))


def existing_tenant(cur, ccid):
    cur.execute("SELECT * FROM sandbox.tenants WHERE id = %s", (ccid.lower(),))
    row = cur.fetchone()
    if row is None:
        raise ApiError(404, "tenant %s not found" % ccid)
    return row


def create_app(runtime):
    """Digital Channels: one router per resource."""
    app = new_app()
    for make_router in (health_router, tenants_router, apikeys_router, services_router):
        app.include_router(make_router(runtime))
    return app


def health_router(runtime):
    """N1: the health document."""
    router = APIRouter()
    db = runtime.db

    @router.get("/health/detail")
    def health():
        ready = db.ping()
        body = {
            "buildInfo": {"version": "9.0.000.00.sandbox", "changeset": "sandbox", "timestamp": iso(STARTED)},
            "startTime": iso(STARTED),
            "upTime": int((datetime.datetime.now(datetime.timezone.utc) - STARTED).total_seconds() * 1000),
            "cache": {"ready": True, "state": "READY"},
            "db": {"ready": ready},
            "state": "green" if ready else "red",
        }
        return JSONResponse(body, status_code=200 if ready else 503)
    return router


def tenants_router(runtime):
    """N2-N4: tenants, with a tenant user's token."""
    router = APIRouter()
    db = runtime.db

    def check_tenant_body(cur, body, caller):
        ccid = caller.tenant(body.id)
        center = identity.contact_center(cur, ccid)
        if center is None:
            raise ApiError(404, "contact center %s not found in GWS" % ccid)
        if body.name not in center["domains"]:
            raise ApiError(400, "name %s is not a domain of contact center %s" % (body.name, ccid))
        if runtime.is_own_gws(body.backendurl) and not identity.user_password_ok(cur, ccid, body.username, body.token):
            raise ApiError(400, "username/token are not valid credentials of a user of contact center %s" % ccid)
        return ccid

    def tenant_values(ccid, body):
        return (body.name, body.type, body.backendurl, body.username, sha256(body.token), body.genesystemenantid, ccid)

    @router.post("/nexus/v3/provisioning/tenants")
    def create_tenant(body: TenantBody, token: str = Depends(bearer)):
        xapikey = new_id()
        try:
            with db.cursor() as cur:
                caller = who(runtime, cur, token, body.backendurl)
                ccid = check_tenant_body(cur, body, caller)
                # The other reading (duplicates.py): the create replaces the tenant, with a new xapikey.
                replace = (" ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, "
                           "backendurl = EXCLUDED.backendurl, username = EXCLUDED.username, "
                           "token_sha256 = EXCLUDED.token_sha256, genesystemenantid = EXCLUDED.genesystemenantid"
                           if replacing(runtime) else "")
                cur.execute(
                    "INSERT INTO sandbox.tenants (name, type, backendurl, username, token_sha256, genesystemenantid, id) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)" + replace,
                    tenant_values(ccid, body),
                )
                cur.execute("DELETE FROM sandbox.apikeys WHERE tenant = %s AND origin = 'xapikey'", (ccid,))
                cur.execute(
                    "INSERT INTO sandbox.apikeys (id, tenant, name, permissions, enabled, createdby, origin) "
                    "VALUES (%s, %s, 'xapikey', '[]', true, %s, 'xapikey')",
                    (xapikey, ccid, caller.username),
                )
        except psycopg2.errors.UniqueViolation as exc:
            raise ApiError(409, "tenant %s already exists" % body.id) from exc
        return {"status": OK, "data": {"xapikey": xapikey}, "operationId": new_id()}

    @router.get("/nexus/v3/provisioning/tenants/{ccid}")
    def read_tenant(ccid: str, token: str = Depends(bearer)):
        with db.cursor() as cur:
            who(runtime, cur, token).tenant(ccid)
            return {"status": OK, "data": public_tenant(existing_tenant(cur, ccid))}

    @router.put("/nexus/v3/provisioning/tenants/{ccid}")
    def update_tenant(ccid: str, body: TenantBody, token: str = Depends(bearer)):
        if body.id.lower() != ccid.lower():
            raise ApiError(400, "id of the body differs from the path")
        with db.cursor() as cur:
            caller = who(runtime, cur, token, body.backendurl)
            check_tenant_body(cur, body, caller)
            existing_tenant(cur, ccid)
            cur.execute(
                "UPDATE sandbox.tenants SET name = %s, type = %s, backendurl = %s, username = %s, token_sha256 = %s, "
                "genesystemenantid = %s WHERE id = %s RETURNING *",
                tenant_values(ccid.lower(), body),
            )
            return {"status": OK, "data": public_tenant(cur.fetchone())}

    @router.delete("/nexus/v3/provisioning/tenants/{ccid}")
    def delete_tenant(ccid: str, token: str = Depends(bearer)):
        with db.cursor() as cur:
            ccid = who(runtime, cur, token).tenant(ccid)
            existing_tenant(cur, ccid)
            # The tenant goes with everything it owns.
            for table, column in (("tenants", "id"), ("services", "ccid"), ("apikeys", "tenant"), ("iwd_tenants", "ccid")):
                cur.execute("DELETE FROM sandbox.%s WHERE %s = %%s" % (table, column), (ccid,))
        return {"status": OK}
    return router


def apikeys_router(runtime):
    """K1-K4: API keys, with a tenant user's or the admin's token."""
    router = APIRouter()
    db = runtime.db

    def key_for_change(cur, key_id, caller):
        """A key the caller may change: the admin its cluster keys, a tenant user its tenant's keys."""
        cur.execute("SELECT * FROM sandbox.apikeys WHERE id = %s AND origin <> 'xapikey'", (key_id,))
        row = cur.fetchone()
        if row is None:
            raise ApiError(404, "API key not found")
        if caller.is_admin and row["tenant"] != "*":
            raise ApiError(403, "the admin token manages cluster keys only")
        if not caller.is_admin:
            if row["tenant"] == "*":
                raise ApiError(403, "cluster keys are managed with the admin token")
            caller.tenant(row["tenant"])
        return row

    @router.post("/nexus/v3/apikeys")
    def create_key(body: Any = Body(...), token: str = Depends(bearer_or_bare)):
        key = unwrap(body, ApiKeyFields)
        try:
            with db.cursor() as cur:
                caller = who(runtime, cur, token)
                if key.tenant == "*":
                    if not caller.is_admin:
                        raise ApiError(403, "a cluster key needs the admin token")
                    tenant = "*"
                else:
                    tenant = caller.tenant(key.tenant)
                    existing_tenant(cur, tenant)
                cur.execute(
                    "INSERT INTO sandbox.apikeys (id, tenant, name, permissions, enabled, createdby, origin) "
                    "VALUES (%s, %s, %s, %s, %s, %s, 'apikeys') RETURNING *",
                    (new_id(), tenant, key.name, as_json(key.permissions), key.enabled, caller.username),
                )
                return key_object(cur.fetchone())
        except psycopg2.errors.UniqueViolation as exc:
            raise ApiError(409, "an API key named %s already exists for tenant %s" % (key.name, key.tenant)) from exc

    @router.get("/nexus/v3/apikeys")
    def list_keys(token: str = Depends(bearer_or_bare)):
        if runtime.apikeys_listing == "missing":
            raise ApiError(404, "not found: GET /nexus/v3/apikeys")
        with db.cursor() as cur:
            caller = who(runtime, cur, token)
            if runtime.apikeys_listing == "refused":
                raise ApiError(403, "listing API keys is not allowed")
            if caller.is_admin:
                cur.execute("SELECT * FROM sandbox.apikeys WHERE origin <> 'xapikey' ORDER BY created, id")
            else:
                cur.execute(
                    "SELECT * FROM sandbox.apikeys WHERE origin <> 'xapikey' AND tenant = %s ORDER BY created, id",
                    (caller.tenant(),),
                )
            return {"status": OK, "data": [key_object(row) for row in cur.fetchall()]}

    @router.put("/nexus/v3/apikeys/{key_id}")
    def update_key(key_id: str, body: Any = Body(...), token: str = Depends(bearer_or_bare)):
        change = unwrap(body, ApiKeyUpdate)
        try:
            with db.cursor() as cur:
                row = key_for_change(cur, key_id, who(runtime, cur, token))
                if row["revoked"]:
                    raise ApiError(409, "the API key is revoked")
                permissions = change.permissions if change.permissions is not None else row["permissions"]
                # The same rule as K1: cluster keys hold exactly the cluster permission.
                ApiKeyFields(enabled=True, tenant=row["tenant"], name=row["name"], permissions=permissions)
                cur.execute(
                    "UPDATE sandbox.apikeys SET name = %s, permissions = %s, enabled = %s WHERE id = %s RETURNING *",
                    (change.name or row["name"], as_json(permissions),
                     row["enabled"] if change.enabled is None else change.enabled, key_id),
                )
                return key_object(cur.fetchone())
        except psycopg2.errors.UniqueViolation as exc:
            raise ApiError(409, "an API key named %s already exists for this tenant" % change.name) from exc

    @router.delete("/nexus/v3/apikeys/{key_id}")
    def revoke_key(key_id: str, token: str = Depends(bearer_or_bare)):
        with db.cursor() as cur:
            key_for_change(cur, key_id, who(runtime, cur, token))
            cur.execute("UPDATE sandbox.apikeys SET revoked = true WHERE id = %s RETURNING *", (key_id,))
            return key_object(cur.fetchone())
    return router


def services_router(runtime):
    """S1-S4: a tenant's provisioning services, with an API key."""
    router = APIRouter()
    db = runtime.db

    def service_access(ccid: str, x_api_key: Optional[str] = Header(None), x_ccid: Optional[str] = Header(None)):
        with db.cursor() as cur:
            key = live_key(cur, x_api_key)
        if not x_ccid:
            raise ApiError(400, "x-ccid header required")
        if x_ccid.lower() != ccid.lower():
            raise ApiError(403, "x-ccid %s differs from the contact center of the path" % x_ccid)
        if not (is_cluster_key(key) or key["tenant"] == ccid.lower()):
            raise ApiError(403, "the API key is neither a cluster key nor a key of tenant %s" % ccid)
        return ccid.lower()

    def known_service(name):
        if name not in runtime.config.services:
            raise ApiError(400, "unknown service %s" % name)

    def service_out(row, with_name):
        out = {"url": row["url"], "data": row["data"]}
        return dict(out, name=row["name"]) if with_name else out

    @router.post("/nexus/v3/provisioning/services/{ccid}/{service}")
    def create_service(service: str, body: ServiceBody, tenant: str = Depends(service_access)):
        known_service(service)
        check_service_body(service, body)
        try:
            with db.cursor() as cur:
                # The other reading (duplicates.py): the create replaces the service.
                replace = (" ON CONFLICT (ccid, name) DO UPDATE SET url = EXCLUDED.url, data = EXCLUDED.data, "
                           "secret = EXCLUDED.secret, origin = EXCLUDED.origin" if replacing(runtime) else "")
                cur.execute(
                    "INSERT INTO sandbox.services (ccid, name, url, data, secret, origin) "
                    "VALUES (%s, %s, %s, %s, %s, 'services')" + replace + " RETURNING *",
                    (tenant, service, body.url, as_json(body.data), as_json(body.secret)),
                )
                return {"status": OK, "data": service_out(cur.fetchone(), True)}
        except psycopg2.errors.UniqueViolation as exc:
            raise ApiError(409, "service %s already exists for %s: replace it with PUT" % (service, tenant)) from exc

    @router.get("/nexus/v3/provisioning/services/{ccid}/{service}")
    def read_service(service: str, tenant: str = Depends(service_access)):
        with db.cursor() as cur:
            cur.execute("SELECT * FROM sandbox.services WHERE ccid = %s AND name = %s", (tenant, service))
            row = cur.fetchone()
        if row is None:
            raise ApiError(404, "service %s not found for %s" % (service, tenant))
        return {"status": OK, "data": service_out(row, False)}

    @router.get("/nexus/v3/provisioning/services/{ccid}")
    def list_services(tenant: str = Depends(service_access)):
        with db.cursor() as cur:
            cur.execute("SELECT * FROM sandbox.services WHERE ccid = %s ORDER BY name", (tenant,))
            return {"status": OK, "data": [service_out(row, True) for row in cur.fetchall()]}

    @router.put("/nexus/v3/provisioning/services/{ccid}/{service}")
    def replace_service(service: str, body: ServiceBody, tenant: str = Depends(service_access)):
        known_service(service)
        check_service_body(service, body)
        with db.cursor() as cur:
            cur.execute(
                "UPDATE sandbox.services SET url = %s, data = %s, secret = %s WHERE ccid = %s AND name = %s RETURNING *",
                (body.url, as_json(body.data), as_json(body.secret), tenant, service),
            )
            row = cur.fetchone()
        if row is None:
            raise ApiError(404, "service %s not found for %s" % (service, tenant))
        return {"status": OK, "data": service_out(row, True)}

    @router.delete("/nexus/v3/provisioning/services/{ccid}/{service}")
    def delete_service(service: str, tenant: str = Depends(service_access)):
        with db.cursor() as cur:
            cur.execute("DELETE FROM sandbox.services WHERE ccid = %s AND name = %s", (tenant, service))
            if cur.rowcount == 0:
                raise ApiError(404, "service %s not found for %s" % (service, tenant))
        return {"status": OK}
    return router
