"""PostgreSQL access: a thread-safe connection pool, the schema, seeding and reset.

Digital Channels' own table ``nex_gapis`` lives in the public schema exactly as docs/api.md, DB1
describes it, so that clients write it the way they would in a real deployment. Everything else
the sandbox keeps lives in the schema ``sandbox``.
"""

import contextlib
import logging

import psycopg2
import psycopg2.extras
import psycopg2.pool

from . import gcloud_models
from .security import sha256

LOG = logging.getLogger(__name__)

NEX_GAPIS_CURRENT = """
CREATE TABLE IF NOT EXISTS public.nex_gapis (
    id serial PRIMARY KEY,
    url text,
    clientid text,
    apikey text,
    clientsecret text,
    created timestamptz,
    region text,
    authinturl text,
    authexturl text
)"""

# The layout of older deployments (seed 001): no region, authinturl, authexturl.
NEX_GAPIS_LEGACY = """
CREATE TABLE IF NOT EXISTS public.nex_gapis (
    id serial PRIMARY KEY,
    url text,
    clientid text,
    apikey text,
    clientsecret text,
    created timestamptz
)"""

SANDBOX_SCHEMA = """
CREATE SCHEMA IF NOT EXISTS sandbox;
CREATE TABLE IF NOT EXISTS sandbox.contact_centers (
    id text PRIMARY KEY,
    environment_id text NOT NULL,
    domains jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox.users (
    ccid text NOT NULL REFERENCES sandbox.contact_centers (id) ON DELETE CASCADE,
    username text NOT NULL,
    password_sha256 text NOT NULL,
    PRIMARY KEY (ccid, username)
);
CREATE TABLE IF NOT EXISTS sandbox.clients (
    client_id text PRIMARY KEY,
    data jsonb NOT NULL,
    secret_sha256 text NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS sandbox.tokens (
    token_sha256 text PRIMARY KEY,
    kind text NOT NULL,
    client_id text NOT NULL,
    username text,
    ccid text,
    expires_at double precision NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox.settings (
    id text PRIMARY KEY,
    ccid text NOT NULL,
    name text NOT NULL,
    location text NOT NULL,
    value text NOT NULL,
    shared boolean NOT NULL,
    UNIQUE (ccid, name, location)
);
CREATE TABLE IF NOT EXISTS sandbox.tenants (
    id text PRIMARY KEY,
    name text NOT NULL,
    type text NOT NULL,
    backendurl text NOT NULL,
    username text NOT NULL,
    token_sha256 text NOT NULL,
    genesystemenantid integer NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS sandbox.apikeys (
    id text PRIMARY KEY,
    tenant text NOT NULL,
    name text NOT NULL,
    permissions jsonb NOT NULL,
    enabled boolean NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    revoked boolean NOT NULL DEFAULT false,
    expires boolean NOT NULL DEFAULT false,
    createdby text NOT NULL,
    capacity integer NOT NULL DEFAULT 120,
    frequency integer NOT NULL DEFAULT 60,
    origin text NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS apikeys_live_name
    ON sandbox.apikeys (tenant, name) WHERE origin = 'apikeys' AND NOT revoked;
CREATE TABLE IF NOT EXISTS sandbox.services (
    ccid text NOT NULL,
    name text NOT NULL,
    url text,
    data jsonb NOT NULL,
    secret jsonb NOT NULL,
    origin text NOT NULL,
    created timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (ccid, name)
);
-- Digital Channels' own key table, as the vendor's scripts query it (SELECT name,id FROM nex_apikeys;
-- docs/api.md, DB2): a view of the key store, so it is always in step with it. Every key is there, the
-- tenants' xapikeys and IWD's included.
CREATE OR REPLACE VIEW public.nex_apikeys AS
    SELECT id, tenant, name, permissions, enabled, revoked, expires, created, createdby, capacity, frequency
    FROM sandbox.apikeys;
CREATE TABLE IF NOT EXISTS sandbox.iwd_tenants (
    ccid text PRIMARY KEY,
    tenant_id text NOT NULL,
    name text NOT NULL,
    url text NOT NULL,
    apikeys jsonb NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
"""

GENESYS_TABLES = (
    "sandbox.users", "sandbox.contact_centers", "sandbox.clients", "sandbox.tokens",
    "sandbox.settings", "sandbox.tenants", "sandbox.apikeys", "sandbox.services",
    "sandbox.iwd_tenants",
) + gcloud_models.TABLES


def as_json(value):
    """Wrap a Python value for a jsonb parameter."""
    return psycopg2.extras.Json(value)


class Database:
    """A pool of connections; ``cursor()`` is one transaction."""

    def __init__(self, info, maxconn=40):
        self.info = info
        self._pool = psycopg2.pool.ThreadedConnectionPool(
            1, maxconn, host=info["host"], port=info["port"], user=info["user"],
            password=info["password"], dbname=info["dbname"], connect_timeout=10,
            application_name="genesys-sandbox",
        )

    @contextlib.contextmanager
    def cursor(self):
        """Yield a dict cursor inside a transaction: committed on success, rolled back on error."""
        conn = self._pool.getconn()
        broken = False
        try:
            with conn:
                with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
                    yield cur
        except (psycopg2.OperationalError, psycopg2.InterfaceError):
            broken = True
            raise
        finally:
            self._pool.putconn(conn, close=broken or conn.closed != 0)

    def ping(self):
        """True when the database answers."""
        try:
            with self.cursor() as cur:
                cur.execute("SELECT 1 AS ok")
                return cur.fetchone()["ok"] == 1
        except psycopg2.Error:
            return False

    def close(self):
        self._pool.closeall()

    def create_schema(self, layout):
        with self.cursor() as cur:
            cur.execute(NEX_GAPIS_LEGACY if layout == "legacy" else NEX_GAPIS_CURRENT)
            cur.execute(SANDBOX_SCHEMA)
            cur.execute(gcloud_models.SCHEMA)
            cur.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'public' AND table_name = 'nex_gapis'"
            )
            columns = {row["column_name"] for row in cur.fetchall()}
        # An existing table keeps its layout: say so when it differs from the configuration.
        has_current = {"region", "authinturl", "authexturl"} <= columns
        if has_current != (layout == "current"):
            LOG.warning("nex_gapis already exists with the %s layout; configured: %s",
                        "current" if has_current else "legacy", layout)

    def seed(self, config):
        """Upsert the configured contact centers and their users."""
        with self.cursor() as cur:
            for center in config.contact_centers:
                cur.execute(
                    "INSERT INTO sandbox.contact_centers (id, environment_id, domains) VALUES (%s, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET environment_id = EXCLUDED.environment_id, domains = EXCLUDED.domains",
                    (center.id, center.environmentId, as_json(center.domains)),
                )
                for user in center.users:
                    cur.execute(
                        "INSERT INTO sandbox.users (ccid, username, password_sha256) VALUES (%s, %s, %s) "
                        "ON CONFLICT (ccid, username) DO UPDATE SET password_sha256 = EXCLUDED.password_sha256",
                        (center.id, user.username, sha256(user.password)),
                    )

    def reset(self, config):
        """Drop every Genesys object, nex_gapis rows included, then seed the configuration again."""
        with self.cursor() as cur:
            cur.execute("TRUNCATE %s" % ", ".join(GENESYS_TABLES))
            cur.execute("TRUNCATE public.nex_gapis RESTART IDENTITY")
        self.seed(config)
