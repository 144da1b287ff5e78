"""The keys where the vendor's scripts find them (the nex_apikeys table, docs/api.md DB2), and K2's modes."""

import pytest
from sandbox_helpers import TENANTS, envelope_of

# The query of services/nexus/01_chart_nexus/01_release_nexus/post-release-script.sh (rq3); the IWD and
# IWD Data Mart READMEs run the same with the columns the other way round.
VENDOR_QUERY = "SELECT name,id FROM nex_apikeys"


def table(g):
    conn = g.sb.db()
    try:
        with conn, conn.cursor() as cur:
            cur.execute(VENDOR_QUERY)
            return sorted(cur.fetchall())
    finally:
        conn.close()


@pytest.fixture
def listing(sandbox):
    """Restores K2 after a test that changes how it answers."""
    yield sandbox
    sandbox.set_apikeys_listing("listed")


def test_the_vendors_query_shows_every_key_in_step_with_the_store(env):
    xapikey = env.provision_tenant("t100")
    cluster = env.cluster_key()
    tenant = env.tenant_key("t100", "API key for t100")
    assert table(env) == sorted([("xapikey", xapikey), ("Cluster API key", cluster), ("API key for t100", tenant)])
    # A rename (K3) and a revocation (K4) are seen at once; the revoked key stays, as K2 lists it.
    headers = {"Authorization": env.tenant_token("t100")}
    assert env.nexus("PUT", "/nexus/v3/apikeys/" + tenant, headers=headers, json={"name": "renamed"}).status_code == 200
    assert env.nexus("DELETE", "/nexus/v3/apikeys/" + tenant, headers=headers).status_code == 200
    assert ("renamed", tenant) in table(env)
    conn = env.sb.db()
    try:
        with conn, conn.cursor() as cur:
            cur.execute("SELECT revoked, tenant FROM nex_apikeys WHERE id = %s", (tenant,))
            assert cur.fetchone() == (True, TENANTS["t100"]["ccid"])
    finally:
        conn.close()
    # Removing the tenant (N4) removes its keys from the table too.
    removed = env.nexus("DELETE", "/nexus/v3/provisioning/tenants/" + TENANTS["t100"]["ccid"],
                        headers={"Authorization": "Bearer " + env.tenant_token("t100")})
    assert removed.status_code == 200, removed.text
    assert table(env) == [("Cluster API key", cluster)]


def test_k2_missing_is_a_404_for_every_caller(env, listing):
    env.provision_tenant("t100")
    listing.set_apikeys_listing("missing")
    envelope_of(env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.admin_token()}), 404)
    envelope_of(env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.tenant_token("t100")}), 404)
    # Only the listing is gone: keys are still made, and the table shows them.
    key = env.tenant_key("t100", "API key for t100")
    assert ("API key for t100", key) in table(env)


def test_k2_refused_is_a_403_after_the_credential_check(env, listing):
    listing.set_apikeys_listing("refused")
    envelope_of(env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": "not-a-token"}), 401)
    envelope_of(env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.admin_token()}), 403)
    listing.set_apikeys_listing("listed")
    assert env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.admin_token()}).status_code == 200


def test_a_reset_lists_again(env, listing):
    listing.set_apikeys_listing("missing")
    listing.reset()
    assert env.environment().nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.admin_token()}).status_code == 200
