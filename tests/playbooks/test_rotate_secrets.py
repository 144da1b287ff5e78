"""rotate_secrets against the sandbox: each secret kind rotated after enable_tenant, then enable_tenant
changes nothing, the new secret works and the old one no longer does; an interrupted rotation is
finished by the next run; check mode and a run with nothing named write nothing.
"""

import hashlib

import requests

from playbook_helpers import leaks
from test_playbooks import TENANTS, check_enabled, mode, writes_since

CLIENTS = ("nexus_client", "iwd_client")


def client_token(inventory, client_id, secret):
    """The status of a client-credentials token request (A5) with ``secret``."""
    answer = requests.post(inventory.sandbox["auth_url"] + "/auth/v3/oauth/token", auth=(client_id, secret),
                           data={"grant_type": "client_credentials", "client_id": client_id, "scope": "*"},
                           verify=inventory.sandbox.verify, timeout=10)
    return answer.status_code


def client_secrets(inventory):
    return {client: (inventory.secrets_dir / (client + "_secret")).read_text(encoding="utf-8").strip() for client in CLIENTS}


def pending_files(inventory):
    return sorted(path.name for path in inventory.secrets_dir.glob("*.pending"))


def services_with_key(inventory, ccid, key):
    """The status of a listing of the tenant's services (S3) with the API key ``key``."""
    answer = requests.get(inventory.sandbox["nexus_url"] + "/nexus/v3/provisioning/services/" + ccid,
                          headers={"x-api-key": key, "x-ccid": ccid}, verify=inventory.sandbox.verify, timeout=10)
    return answer.status_code


def enabled_unchanged(inventory):
    again = inventory.run("enable_tenant")
    assert again.rc == 0, again
    assert {host: counts["changed"] for host, counts in again.recap.items()} == dict.fromkeys(TENANTS, 0), again


def test_client_secrets_rotate_everywhere_and_an_interrupted_rotation_finishes(inventory):
    first = inventory.run("enable_tenant")
    assert first.rc == 0, first
    old = client_secrets(inventory)
    gapi_before = next(s for s in inventory.sandbox.state()["services"] if s["name"] == "GAPI")["secret_sha256"]
    names = "-e", "genesys_rotate=nexus_client,iwd_client"

    # Nothing named: nothing rotates, nothing is written.
    seq = inventory.sandbox.last_seq()
    idle = inventory.run("rotate_secrets")
    assert idle.rc == 0, idle
    assert all(counts["changed"] == 0 for counts in idle.recap.values()), idle
    assert writes_since(inventory.sandbox, seq) == [] and pending_files(inventory) == []

    # An unknown name fails before any write, naming the variable.
    bad = inventory.run("rotate_secrets", "-e", "genesys_rotate=nexus_client,nexus_clinet")
    assert bad.rc != 0
    assert "genesys_rotate: cannot rotate 'nexus_clinet'" in bad.output, bad
    assert writes_since(inventory.sandbox, seq) == [] and pending_files(inventory) == []

    # --check --diff says what would rotate, writes nothing anywhere and shows no secret.
    check = inventory.run("rotate_secrets", "--check", "--diff", *names)
    assert check.rc == 0, check
    assert writes_since(inventory.sandbox, seq) == [] and pending_files(inventory) == []
    assert client_secrets(inventory) == old
    assert ('"environment: would change: OAuth client nexus_client secret, nex_gapis row secret, '
            'OAuth client iwd_client secret"') in check.output, check
    assert "would change: IWD provisioning (iwd_client secret)" in check.output, check
    assert leaks(check.output, inventory.secrets()) == []

    # IWD fails while taking the new iwd_client secret: nexus_client is rotated, iwd_client stays pending,
    # its new secret kept only in the pending file.
    inventory.sandbox.fault("^/iwd/v3/provisioning$", method="PUT", status=500, count=1)
    broken = inventory.run("rotate_secrets", "--diff", *names)
    assert broken.rc != 0 and broken.recap["t100"]["failed"] == 1, broken
    assert "injected fault" in broken.output
    assert pending_files(inventory) == ["iwd_client_secret.pending"]
    new_nexus = client_secrets(inventory)["nexus_client"]
    assert new_nexus != old["nexus_client"] and client_secrets(inventory)["iwd_client"] == old["iwd_client"]
    assert mode(inventory.secrets_dir / "iwd_client_secret.pending") == 0o600

    # The next run, naming nothing, finishes the pending rotation and touches nexus_client no more.
    finish = inventory.run("rotate_secrets", "--diff")
    assert finish.rc == 0, finish
    assert pending_files(inventory) == []
    new = client_secrets(inventory)
    assert new["nexus_client"] == new_nexus and new["iwd_client"] != old["iwd_client"]
    assert all(mode(inventory.secrets_dir / (client + "_secret")) == 0o600 for client in CLIENTS)
    # Genesys Auth has the new secret already: IWD gets it, then it replaces the old one.
    assert '"environment: changed: nothing"' in finish.output, finish
    assert finish.recap["t100"]["changed"] > 0 and "changed: IWD provisioning (iwd_client secret)" in finish.output, finish
    assert leaks(broken.output + finish.output, inventory.secrets() | set(old.values())) == []

    # The new secrets work, the old ones no longer do, and every place holds the new one.
    for client in CLIENTS:
        assert client_token(inventory, client, new[client]) == 200
        assert client_token(inventory, client, old[client]) == 401
    state = inventory.sandbox.state()
    assert [row["clientsecret_matches_client"] for row in state["nex_gapis"]] == [True]
    gapi = next(s for s in state["services"] if s["name"] == "GAPI")
    assert gapi["secret_sha256"] != gapi_before

    # enable_tenant agrees with every place: it changes nothing; nothing is left to rotate.
    enabled_unchanged(inventory)
    seq = inventory.sandbox.last_seq()
    idle = inventory.run("rotate_secrets")
    assert idle.rc == 0 and all(counts["changed"] == 0 for counts in idle.recap.values()), idle
    assert writes_since(inventory.sandbox, seq) == []
