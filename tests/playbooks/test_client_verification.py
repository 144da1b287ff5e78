"""The OAuth clients are proved by a client-credentials grant (A5, "Verify client" of seeds 001 and 003) once their
secret is set: a client Genesys Auth refuses a token fails the run, naming it, before anything depends on it.
"""

import requests

from playbook_helpers import leaks
from test_playbooks import check_enabled, writes_since


def clients_url(inventory, client_id=""):
    return inventory.sandbox["auth_url"] + "/auth/v3/ops/clients" + ("/" + client_id if client_id else "")


def admin(inventory):
    group = inventory.group_vars()
    return group["gws_admin_username"], group["gws_admin_password"]


def test_a_client_refused_a_token_fails_naming_it_before_it_is_used(inventory):
    # iwd_client exists already, made by someone else without the client_credentials grant type.
    client = {"internalClient": True, "name": "iwd_client", "description": "iwd_client", "clientType": "CONFIDENTIAL",
              "client_id": "iwd_client", "client_secret": "Made-Elsewhere-1", "authorities": ["ROLE_INTERNAL_CLIENT"],
              "scope": ["*"], "authorizedGrantTypes": ["password", "refresh_token"],
              "redirectURIs": [inventory.sandbox["nexus_url"]], "accessTokenExpirationTimeout": 43200,
              "refreshTokenExpirationTimeout": 2592000}
    made = requests.post(clients_url(inventory), json={"data": client}, auth=admin(inventory),
                         verify=inventory.sandbox.verify, timeout=10)
    assert made.status_code == 200, made.text

    # Its secret is given in the vault: without it, the run would stop before any write rather than replace
    # a secret IWD may hold (tests/reliability/test_runs_at_once.py).
    inventory.set_group_var("iwd_client_secret", "Made-Elsewhere-1")
    seq = inventory.sandbox.last_seq()
    refused = inventory.run("enable_tenant")
    assert refused.rc != 0, refused
    assert ("client iwd_client: Genesys Auth refused a client-credentials token with its secret: check that its "
            "authorizedGrantTypes include client_credentials") in refused.output, refused
    # The grants: nexus_client, new, proved (200); iwd_client's secret did not give a token (400: the grant type is
    # not allowed), so the secret was set again (A3), then refused by the grant that proves it (400). Nothing that
    # would use the client ran: no IWD provisioning, no nex_gapis row, no tenant.
    grants = [r["status"] for r in inventory.sandbox.requests(since=seq) if r["path"].endswith("/oauth/token")]
    assert grants == [200, 400, 400], grants
    writes = writes_since(inventory.sandbox, seq)
    assert ("PUT", "/auth/v3/ops/clients/iwd_client") in writes
    assert not [w for w in writes if w[1].startswith(("/iwd/", "/nexus/"))], writes
    state = inventory.sandbox.state()
    assert state["nex_gapis"] == [] and state["tenants"] == []
    assert leaks(refused.output, inventory.secrets()) == []

    # Once the client may use the grant, the same run goes through; nexus_client, which was proved, is as it was.
    allowed = requests.put(clients_url(inventory, "iwd_client"), auth=admin(inventory), verify=inventory.sandbox.verify,
                           json={"data": {"authorizedGrantTypes": ["password", "refresh_token", "client_credentials"]}},
                           timeout=10)
    assert allowed.status_code == 200, allowed.text
    enabled = inventory.run("enable_tenant")
    assert enabled.rc == 0, enabled
    check_enabled(inventory, "t100")
