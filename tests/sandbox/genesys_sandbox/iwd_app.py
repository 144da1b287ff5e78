"""``$iwdURL``: IWD provisioning (I1, I2). IWD writes Digital Channels' state: the same database."""

from typing import Optional

from fastapi import Depends, Header

from . import identity
from .db import as_json
from .errors import ApiError, new_app
from .iwd_models import Provisioning
from .nexus_app import is_cluster_key, live_key

IWD_SERVICES = ("GAPI", "iWD", "iWDEmail")
# IWD's keys are not documented beyond their ids; they carry one IWD permission.
IWD_KEY_PERMISSIONS = ["nexus:iwd:*"]


def check_gws_side(cur, body):
    """What IWD would find out by talking to the sandbox's own GWS with the given values."""
    tenant, secret = body.tenant, body.tenant.gws.secret
    ccid = tenant.ccid.lower()
    center = identity.contact_center(cur, ccid)
    if center is None:
        raise ApiError(400, "tenant.ccid %s is not a contact center of GWS" % tenant.ccid)
    if tenant.name not in center["domains"]:
        raise ApiError(400, "tenant.name %s is not a domain of contact center %s" % (tenant.name, ccid))
    if identity.authenticate_client(cur, secret.clientId, secret.clientSecret) is None:
        raise ApiError(400, "tenant.gws.secret.clientId/clientSecret are rejected by Genesys Auth")
    if not identity.user_password_ok(cur, ccid, secret.username, secret.token):
        raise ApiError(400, "tenant.gws.secret.username/token are rejected by GWS")


def serves(key, ccid):
    """Whether a key may stand for IWD provisioning of ``ccid``: a cluster key (the collection's reading),
    or a key of that tenant (seed 000's manual example and the vendor's IWD post-release script;
    docs/api.md, I1 [vendor scripts])."""
    return is_cluster_key(key) or key["tenant"] == ccid


def upsert_service(cur, ccid, name, url, data, secret):
    cur.execute(
        "INSERT INTO sandbox.services (ccid, name, url, data, secret, origin) VALUES (%s, %s, %s, %s, %s, 'iwd') "
        "ON CONFLICT (ccid, name) DO UPDATE SET url = EXCLUDED.url, data = EXCLUDED.data, secret = EXCLUDED.secret",
        (ccid, name, url, as_json(data), as_json(secret)),
    )


def create_app(runtime):
    app = new_app()
    db = runtime.db

    def request_key(x_api_key: Optional[str] = Header(None)):
        """The x-api-key row: a live key, else 401 (whose tenant it may serve is checked per request)."""
        with db.cursor() as cur:
            return live_key(cur, x_api_key)

    def provision(key, body):
        tenant, iwd = body.tenant, body.iwd
        ccid = tenant.ccid.lower()
        if not serves(key, ccid):
            raise ApiError(403, "IWD provisioning takes a Digital Channels cluster key or a key of tenant %s" % ccid)
        keys = {name: value for name, value in iwd.apiKeys.model_dump().items() if value is not None}
        with db.cursor() as cur:
            cur.execute("SELECT * FROM sandbox.apikeys WHERE id = %s", (tenant.apiKey,))
            given = cur.fetchone()
            if given is None or given["revoked"] or not given["enabled"] or not serves(given, ccid):
                raise ApiError(400, "tenant.apiKey is neither a live Digital Channels cluster key nor a live key of tenant %s" % ccid)
            if runtime.is_own_gws(tenant.gws.gwsUrl):
                check_gws_side(cur, body)
            upsert_service(cur, ccid, "GAPI", tenant.gws.gwsUrl, tenant.gws.data.model_dump(), tenant.gws.secret.model_dump())
            db_public = iwd.db.model_dump(exclude={"password"})
            upsert_service(cur, ccid, "iWD", iwd.url,
                           {"tenantId": tenant.id, "db": db_public, "options": {}, "categories": [], "filters": [],
                            "prioritization": []},
                           # IWD keeps the key it calls Digital Channels with, beside its database credentials.
                           {"db": iwd.db.model_dump(), "apiKey": tenant.apiKey})
            upsert_service(cur, ccid, "iWDEmail", body.iwdEmail.url, {"options": {}, "mailboxes": []}, {})
            for name, key_id in keys.items():
                cur.execute("SELECT tenant, origin FROM sandbox.apikeys WHERE id = %s", (key_id,))
                other = cur.fetchone()
                if other is not None and other["tenant"] != ccid:
                    raise ApiError(409, "iwd.apiKeys.%s is already a key of another owner" % name)
                if other is not None and other["origin"] != "iwd":
                    # Seed 000's manual example gives the tenant's own key (its tenant.apiKey) here: IWD
                    # uses that key as it is and does not take it over.
                    continue
                cur.execute(
                    "INSERT INTO sandbox.apikeys (id, tenant, name, permissions, enabled, createdby, origin) "
                    "VALUES (%s, %s, %s, %s, true, 'iwd', 'iwd') "
                    "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, enabled = true, revoked = false",
                    (key_id, ccid, name, as_json(IWD_KEY_PERMISSIONS)),
                )
            # A PUT replaces: keys of the previous provisioning that are gone now are deleted.
            cur.execute("SELECT apikeys FROM sandbox.iwd_tenants WHERE ccid = %s", (ccid,))
            previous = cur.fetchone()
            stale = set(previous["apikeys"]) - set(keys.values()) if previous else set()
            if stale:
                cur.execute("DELETE FROM sandbox.apikeys WHERE origin = 'iwd' AND id = ANY(%s)", (list(stale),))
            cur.execute(
                "INSERT INTO sandbox.iwd_tenants (ccid, tenant_id, name, url, apikeys) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (ccid) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, name = EXCLUDED.name, "
                "url = EXCLUDED.url, apikeys = EXCLUDED.apikeys",
                (ccid, tenant.id, tenant.name, iwd.url, as_json(sorted(keys.values()))),
            )
        return {"created": True}

    @app.post("/iwd/v3/provisioning")
    def create(body: Provisioning, key=Depends(request_key)):
        return provision(key, body)

    # "Currently, PUT and POST serve the same purpose" (seed 000).
    @app.put("/iwd/v3/provisioning")
    def replace(body: Provisioning, key=Depends(request_key)):
        return provision(key, body)

    @app.delete("/iwd/v3/provisioning/{ccid}")
    def remove(ccid: str, service: Optional[str] = None, deleteTenant: Optional[str] = None,  # pylint: disable=invalid-name
               key=Depends(request_key)):
        if not serves(key, ccid.lower()):
            raise ApiError(403, "IWD provisioning takes a Digital Channels cluster key or a key of tenant %s" % ccid.lower())
        if deleteTenant not in (None, "true", "false"):
            raise ApiError(400, "deleteTenant must be true or false")
        whole = deleteTenant == "true"
        names = [name.strip() for name in service.split(",")] if service else []
        if not whole and not names:
            raise ApiError(400, "give at least one of service=<names> or deleteTenant=true")
        unknown = [name for name in names if name not in IWD_SERVICES]
        if unknown:
            raise ApiError(400, "service: unknown IWD service(s) %s" % ", ".join(unknown))
        ccid, record = ccid.lower(), None
        with db.cursor() as cur:
            if whole:
                cur.execute("DELETE FROM sandbox.iwd_tenants WHERE ccid = %s RETURNING apikeys", (ccid,))
                record = cur.fetchone()
                if record is not None:
                    cur.execute("DELETE FROM sandbox.apikeys WHERE origin = 'iwd' AND id = ANY(%s)", (list(record["apikeys"]),))
                names = list(IWD_SERVICES)
            cur.execute("DELETE FROM sandbox.services WHERE ccid = %s AND name = ANY(%s)", (ccid, names))
            if cur.rowcount == 0 and not (whole and record is not None):
                raise ApiError(404, "nothing of IWD is provisioned for %s" % ccid)
        return {"deleted": True}

    return app
