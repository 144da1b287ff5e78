"""rotate_secrets against the sandbox: each secret kind rotated after enable_tenant, then enable_tenant
changes nothing, the new secret works and the old one no longer does; an interrupted rotation is
finished by the next run; check mode and a run with nothing named write nothing.
"""

import hashlib
import json

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
    # The value came from the command line: the message says so, not group_vars/all.
    assert "extra vars (-e): genesys_rotate: cannot rotate 'nexus_clinet'" in bad.output, bad
    assert writes_since(inventory.sandbox, seq) == [] and pending_files(inventory) == []

    # --check --diff says what would rotate, writes nothing anywhere and shows no secret.
    check = inventory.run("rotate_secrets", "--check", "--diff", *names)
    assert check.rc == 0, check
    assert writes_since(inventory.sandbox, seq) == [] and pending_files(inventory) == []
    assert client_secrets(inventory) == old
    assert ('"environment: would change: OAuth client nexus_client secret, nex_gapis row secret, '
            'OAuth client iwd_client secret"') in check.output, check
    assert "would change: IWD provisioning (new secrets)" in check.output, check
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
    assert finish.recap["t100"]["changed"] > 0 and "changed: IWD provisioning (new secrets)" in finish.output, finish
    assert leaks(broken.output + finish.output, inventory.secrets() | set(old.values())) == []

    # The new secrets work, the old ones no longer do, and every place holds the new one.
    for client in CLIENTS:
        assert client_token(inventory, client, new[client]) == 200
        assert client_token(inventory, client, old[client]) == 401
    state = inventory.sandbox.state()
    assert [row["clientsecret_matches_client"] for row in state["nex_gapis"]] == [True]
    gapi = next(s for s in state["services"] if s["name"] == "GAPI")
    assert gapi["secret_sha256"] != gapi_before

    # The worst place to stop: Genesys Auth took the next nexus_client secret, but every answer was lost, so
    # nex_gapis still has the last one. The next run, naming nothing, finds the new secret in use and goes on.
    inventory.sandbox.fault("^/auth/v3/ops/clients/nexus_client$", method="PUT", drop_after=True, count=10)
    lost = inventory.run("rotate_secrets", "-e", "genesys_rotate=nexus_client")
    assert lost.rc != 0, lost
    inventory.sandbox.clear_faults()
    assert pending_files(inventory) == ["nexus_client_secret.pending"]
    assert [row["clientsecret_matches_client"] for row in inventory.sandbox.state()["nex_gapis"]] == [False]
    # enable_tenant would send the old secret: it stops before any write, naming the pending file.
    seq = inventory.sandbox.last_seq()
    refused = inventory.run("enable_tenant")
    assert refused.rc != 0 and "A client secret rotation is pending" in refused.output, refused
    assert "nexus_client_secret.pending" in refused.output and "rotate_secrets first" in refused.output, refused
    assert writes_since(inventory.sandbox, seq) == []
    finish = inventory.run("rotate_secrets")
    assert finish.rc == 0, finish
    assert '"environment: changed: nex_gapis row secret"' in finish.output, finish
    assert pending_files(inventory) == []
    assert [row["clientsecret_matches_client"] for row in inventory.sandbox.state()["nex_gapis"]] == [True]
    newer = client_secrets(inventory)["nexus_client"]
    assert client_token(inventory, "nexus_client", newer) == 200
    assert client_token(inventory, "nexus_client", new["nexus_client"]) == 401

    # enable_tenant agrees with every place: it changes nothing; nothing is left to rotate.
    enabled_unchanged(inventory)
    seq = inventory.sandbox.last_seq()
    idle = inventory.run("rotate_secrets")
    assert idle.rc == 0 and all(counts["changed"] == 0 for counts in idle.recap.values()), idle
    assert writes_since(inventory.sandbox, seq) == []


def test_tenant_apikeys_rotate_and_an_interrupted_rotation_finishes(inventory):
    first = inventory.run("enable_tenant")
    assert first.rc == 0, first
    ccid = inventory.ccid("t300")
    old = inventory.output("t300")["apikeys"]
    assert sorted(old) == ["API key for t300", "Designer API key", "Reporting key"]
    names = "-e", "genesys_rotate=tenant_apikeys"

    # --check --diff: what would rotate, nothing written, no key shown.
    seq = inventory.sandbox.last_seq()
    check = inventory.run("rotate_secrets", "--check", "--diff", "--limit", "t300", *names)
    assert check.rc == 0, check
    assert writes_since(inventory.sandbox, seq) == []
    assert "would change: API key API key for t300 rotated, API key Designer API key rotated, API key Reporting key rotated" in check.output
    assert inventory.output("t300")["apikeys"] == old and "rotations" not in inventory.output("t300")
    assert leaks(check.output, inventory.secrets()) == []

    # The first revocation fails: every key has its new one (in the output file, working), one old key is still live.
    inventory.sandbox.fault("^/nexus/v3/apikeys/", method="DELETE", status=500, count=1)
    broken = inventory.run("rotate_secrets", "--diff", "--limit", "t300", *names)
    assert broken.rc != 0 and broken.recap["t300"]["failed"] == 1, broken
    new = inventory.output("t300")["apikeys"]
    assert sorted(new) == sorted(old) and not set(new.values()) & set(old.values())
    assert list(inventory.output("t300")["rotations"]) == ["API key for t300"]
    assert services_with_key(inventory, ccid, old["API key for t300"]) == 200
    assert services_with_key(inventory, ccid, old["Designer API key"]) == 401
    assert "manual step: the Designer API key is replaced and the old key is revoked" in broken.output, broken

    # The next run, naming nothing, revokes the last old key and leaves the new ones.
    finish = inventory.run("rotate_secrets", "--diff", "--limit", "t300")
    assert finish.rc == 0, finish
    assert "changed: API key API key for t300 rotated" in finish.output, finish
    assert inventory.output("t300")["apikeys"] == new and not inventory.output("t300")["rotations"]
    for name in old:
        # The Reporting key is disabled, and its new key too: a disabled key does not authenticate.
        assert services_with_key(inventory, ccid, new[name]) == (401 if name == "Reporting key" else 200)
        assert services_with_key(inventory, ccid, old[name]) == 401
    # The output file names the live keys, and its manual steps the new Designer key.
    check_enabled(inventory, "t300")
    state = inventory.sandbox.state()
    assert not next(k for k in state["apikeys"] if k["id"] == new["Reporting key"])["enabled"]
    assert sorted(k["name"] for k in state["apikeys"] if k["tenant"] == ccid and k["revoked"]) == sorted(
        name + " (retiring)" for name in old)
    assert leaks(check.output + broken.output + finish.output, inventory.secrets() | set(old.values())) == []

    enabled_unchanged(inventory)
    seq = inventory.sandbox.last_seq()
    idle = inventory.run("rotate_secrets", "--limit", "t300")
    assert idle.rc == 0 and idle.recap["t300"]["changed"] == 0, idle
    assert writes_since(inventory.sandbox, seq) == []


def test_cluster_apikeys_rotate_and_an_interrupted_rotation_finishes(inventory):
    # IWD holds the iWD Cluster API Key only with the cluster scope (the tenant scope gives it a key of the tenant).
    inventory.set_host_var("t100", "tenant_iwd", dict(inventory.host_vars("t100")["tenant_iwd"], iwd_key_scope="cluster"))
    first = inventory.run("enable_tenant")
    assert first.rc == 0, first
    ccid = inventory.ccid("t100")
    old = inventory.environment()["apikeys"]
    names = "-e", "genesys_rotate=cluster_apikeys"

    seq = inventory.sandbox.last_seq()
    check = inventory.run("rotate_secrets", "--check", "--diff", *names)
    assert check.rc == 0, check
    assert writes_since(inventory.sandbox, seq) == [] and inventory.environment()["apikeys"] == old
    assert '"environment: would change: Cluster API key (new key), iWD Cluster API Key (new key)"' in check.output, check
    # Environment-wide secrets serve every tenant: a limited run would leave some behind.
    limited = inventory.run("rotate_secrets", "--limit", "t100", *names)
    assert limited.rc != 0 and "run rotate_secrets without --limit" in limited.output, limited
    assert writes_since(inventory.sandbox, seq) == []

    # IWD fails to take the new iWD Cluster API Key: the new keys are in use, the old ones still work.
    inventory.sandbox.fault("^/iwd/v3/provisioning$", method="PUT", status=500, count=1)
    broken = inventory.run("rotate_secrets", *names)
    assert broken.rc != 0 and broken.recap["t100"]["failed"] == 1, broken
    new = inventory.environment()["apikeys"]
    assert new["Portico Cluster API Key"] == old["Portico Cluster API Key"]
    rotated = ("Cluster API key", "iWD Cluster API Key")
    assert all(new[name] != old[name] for name in rotated)
    assert services_with_key(inventory, ccid, old["Cluster API key"]) == 200
    assert services_with_key(inventory, ccid, new["Cluster API key"]) == 200

    finish = inventory.run("rotate_secrets")
    assert finish.rc == 0, finish
    assert '"environment: changed: Cluster API key (old key revoked), iWD Cluster API Key (old key revoked)"' in finish.output, finish
    assert inventory.environment()["apikeys"] == new and not inventory.environment()["rotations"]
    for name in rotated:
        assert services_with_key(inventory, ccid, old[name]) == 401
    assert services_with_key(inventory, ccid, new["Cluster API key"]) == 200
    # IWD holds the new iWD Cluster API Key (the sandbox keeps it with its iWD service's secret).
    iwd_db = inventory.host_vars("t100")["tenant_iwd"]["db"]
    expected = {"db": dict({"port": 5432, "ssl": False}, **iwd_db), "apiKey": new["iWD Cluster API Key"]}
    iwd = next(s for s in inventory.sandbox.state()["services"] if s["name"] == "iWD" and s["ccid"] == ccid)
    assert iwd["secret_sha256"] == hashlib.sha256(json.dumps(expected, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert leaks(check.output + broken.output + finish.output, inventory.secrets() | set(old.values())) == []

    enabled_unchanged(inventory)
