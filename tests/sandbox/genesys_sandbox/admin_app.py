"""The sandbox-only admin API, on its own port under ``/sandbox/``: never a Genesys path."""

import json

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .errors import new_app
from .duplicates import set_accept_duplicates
from .faults import FaultSpec
from .gcloud_app import add_admin_routes as add_gcloud_routes
from .nexus_app import iso, key_object, public_tenant
from .security import matches, sha256


class ResetBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: bool = True
    log: bool = True
    faults: bool = True


class ConfigBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token_lifetime: Optional[int] = Field(default=None, ge=1)
    apikeys_listing: Optional[Literal["listed", "missing", "refused"]] = None
    # The reading of the [assumed] uniqueness rules (duplicates.py).
    accept_duplicates: Optional[bool] = None


def fingerprint(value):
    """SHA-256 of a secret in canonical JSON: lets tests compare secrets without reading them."""
    return sha256(json.dumps(value, sort_keys=True, separators=(",", ":")))


def dump_state(runtime):
    """Everything the sandbox holds, secrets replaced by fingerprints or left out."""
    with runtime.db.cursor() as cur:
        cur.execute("SELECT * FROM sandbox.clients ORDER BY client_id")
        clients = [dict(row["data"], client_id=row["client_id"], secret_sha256=row["secret_sha256"]) for row in cur.fetchall()]
        secrets = {client["client_id"]: client["secret_sha256"] for client in clients}
        cur.execute("SELECT * FROM sandbox.contact_centers ORDER BY id")
        centers = {row["id"]: {"id": row["id"], "environmentId": row["environment_id"], "domains": row["domains"], "users": []}
                   for row in cur.fetchall()}
        cur.execute("SELECT ccid, username FROM sandbox.users ORDER BY ccid, username")
        for row in cur.fetchall():
            centers[row["ccid"]]["users"].append(row["username"])
        cur.execute("SELECT * FROM sandbox.settings ORDER BY ccid, name, location")
        settings = [dict(row) for row in cur.fetchall()]
        cur.execute("SELECT * FROM public.nex_gapis")
        gapis = []
        for row in sorted(cur.fetchall(), key=lambda item: item.get("id") or 0):
            secret = row.pop("clientsecret", None)
            row["created"] = iso(row["created"]) if row.get("created") else None
            row["clientsecret_matches_client"] = matches(secret, secrets.get(row.get("clientid")))
            gapis.append(row)
        cur.execute("SELECT * FROM sandbox.tenants ORDER BY id")
        tenants = [public_tenant(row) for row in cur.fetchall()]
        cur.execute("SELECT id, tenant FROM sandbox.apikeys WHERE origin = 'xapikey'")
        xapikeys = {row["tenant"]: sha256(row["id"]) for row in cur.fetchall()}
        for tenant in tenants:
            tenant["xapikey_sha256"] = xapikeys.get(tenant["id"])
        cur.execute("SELECT * FROM sandbox.apikeys WHERE origin <> 'xapikey' ORDER BY created, id")
        keys = [dict(key_object(row), origin=row["origin"]) for row in cur.fetchall()]
        cur.execute("SELECT * FROM sandbox.services ORDER BY ccid, name")
        services = [{"ccid": row["ccid"], "name": row["name"], "url": row["url"], "data": row["data"],
                     "origin": row["origin"], "secret_sha256": fingerprint(row["secret"])} for row in cur.fetchall()]
        cur.execute("SELECT ccid, tenant_id, name, url, apikeys FROM sandbox.iwd_tenants ORDER BY ccid")
        iwd = [dict(row) for row in cur.fetchall()]
    return {
        "clients": clients, "contact_centers": list(centers.values()), "settings": settings, "nex_gapis": gapis,
        "tenants": tenants, "apikeys": keys, "services": services, "iwd": iwd, "token_lifetime": runtime.token_lifetime,
    }


def create_app(runtime):
    app = new_app()

    @app.get("/sandbox/requests")
    def requests_since(since: int = 0):
        return {"requests": runtime.log.since(since), "last_seq": runtime.log.last_seq}

    @app.post("/sandbox/reset")
    def reset(body: ResetBody = ResetBody()):
        if body.state:
            runtime.db.reset(runtime.config)
            runtime.token_lifetime = runtime.config.token_lifetime
            runtime.apikeys_listing = runtime.config.apikeys_listing
            set_accept_duplicates(runtime, runtime.config.accept_duplicates)
            runtime.gcloud.reset()
        if body.log:
            runtime.log.clear()
        if body.faults:
            runtime.faults.clear()
        return {"reset": body.model_dump()}

    @app.post("/sandbox/faults")
    def add_fault(body: FaultSpec):
        runtime.faults.add(body)
        return {"faults": runtime.faults.listing()}

    @app.get("/sandbox/faults")
    def list_faults():
        return {"faults": runtime.faults.listing()}

    @app.delete("/sandbox/faults")
    def clear_faults():
        runtime.faults.clear()
        return {"faults": []}

    @app.get("/sandbox/state")
    def state():
        return dump_state(runtime)

    @app.post("/sandbox/config")
    def set_config(body: ConfigBody):
        if body.token_lifetime is not None:
            runtime.token_lifetime = body.token_lifetime
        if body.apikeys_listing is not None:
            runtime.apikeys_listing = body.apikeys_listing
        if body.accept_duplicates is not None:
            set_accept_duplicates(runtime, body.accept_duplicates)
        return {"token_lifetime": runtime.token_lifetime, "apikeys_listing": runtime.apikeys_listing,
                "accept_duplicates": runtime.accept_duplicates}

    @app.get("/sandbox/config")
    def get_config():
        return {"token_lifetime": runtime.token_lifetime, "apikeys_listing": runtime.apikeys_listing,
                "accept_duplicates": runtime.accept_duplicates}

    add_gcloud_routes(app, runtime)
    return app
