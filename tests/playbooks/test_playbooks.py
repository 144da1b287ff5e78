"""enable_tenant and remove_tenant against the sandbox, as an operator runs them.

Each ansible-playbook run takes seconds, so each test makes a few runs and checks all it can
on each.
"""

import hashlib
import stat

from playbook_helpers import leaks

TENANTS = ("t100", "t200", "t300")
# What the inventory asks for (conftest: the demo inventory, t300 overlaid).
SERVICES = {
    "t100": ["GAPI", "PlatformUCS", "iWD", "iWDEmail"],
    "t200": ["Async", "PlatformUCS", "SMS"],
    "t300": ["PorticoEmail", "PorticoSMS", "PurecloudIDP", "SMS"],
}
KEYS = {
    "t100": ["API key for t100", "Designer API key"],
    "t200": ["API key for t200", "Designer API key"],
    "t300": ["API key for t300", "Designer API key", "Reporting key"],
}


def writes_since(sandbox, seq):
    """The requests after ``seq`` that could change something: all but reads and token requests."""
    return [(r["method"], r["path"]) for r in sandbox.requests(since=seq)
            if r["method"] != "GET" and not r["path"].endswith("/oauth/token")]


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def check_enabled(inventory, host):
    """The tenant is in the sandbox as the inventory says, and its output file tells the truth."""
    state, ccid = inventory.sandbox.state(), inventory.ccid(host)
    tenant = next(t for t in state["tenants"] if t["id"] == ccid)
    assert tenant["name"] == host
    settings = [s["value"] for s in state["settings"] if s["ccid"] == ccid and s["name"] == "chatservice-uri"]
    assert settings == [inventory.sandbox["nexus_url"]]
    assert sorted(s["name"] for s in state["services"] if s["ccid"] == ccid) == SERVICES[host]
    keys = {k["name"]: k for k in state["apikeys"] if k["tenant"] == ccid and k["origin"] == "apikeys" and not k["revoked"]}
    assert sorted(keys) == KEYS[host]

    output = inventory.output(host)
    assert mode(inventory.output_dir / (host + ".json")) == 0o600
    assert output["ccid"] == ccid
    assert hashlib.sha256(output["xapikey"].encode()).hexdigest() == tenant["xapikey_sha256"]
    assert output["apikeys"] == {name: key["id"] for name, key in keys.items()}
    assert sorted(output["services"]) == SERVICES[host]
    steps = {step["step"]: step for step in output["manual_steps"]}
    designer = {o["option"]: o["value"] for o in steps["Enable routing using Designer Applications"]["options"]}
    assert designer == {"baseurl": "/nexus/v1", "password": keys["Designer API key"]["id"], "url": "/nexus/v3"}
    assert ("Create an SMS interaction subtype" in steps) == (host != "t100")
    return state


def test_leaks_finds_a_secret():
    """The secret search below can fail: it finds what is there, in every form it looks for."""
    assert leaks('ok: {"password": "Pa\\"ss"} x', ['Pa"ss', "absent"]) == ['Pa"ss']
    assert leaks("url?token=a%2Fb", ["a/b"]) == ["a/b"]
    assert not leaks("nothing here", ["Nexus-t100-Pass!"])


def test_enable_is_idempotent_secret_free_and_removable(inventory):
    # First run on a fresh environment, as verbose as it gets: every tenant is enabled...
    first = inventory.run("enable_tenant", "-vvv", "--diff")
    assert first.rc == 0, first
    assert sorted(first.recap) == list(TENANTS)
    assert all(counts["failed"] == 0 and counts["changed"] > 0 for counts in first.recap.values()), first
    for host in TENANTS:
        state = check_enabled(inventory, host)
    assert not next(k for k in state["apikeys"] if k["name"] == "Reporting key")["enabled"]
    assert {c["client_id"] for c in state["clients"]} == {"nexus_client", "iwd_client"}
    assert [row["clientsecret_matches_client"] for row in state["nex_gapis"]] == [True]
    assert sorted(k["name"] for k in state["apikeys"] if k["tenant"] == "*") == [
        "Cluster API key", "Portico Cluster API Key", "iWD Cluster API Key"]
    assert mode(inventory.secrets_dir) == 0o700 and mode(inventory.output_dir) == 0o700
    assert sorted(p.name for p in inventory.secrets_dir.iterdir()) == ["iwd_client_secret", "nexus_client_secret"]
    assert all(mode(p) == 0o600 for p in inventory.secrets_dir.iterdir())

    # ... and no secret shows in its output, although the output is the real one.
    secrets = inventory.secrets()
    assert len(secrets) > 20
    assert inventory.ccid("t100") in first.output and "Summarize the tenant" in first.output
    assert leaks(first.output, secrets) == []

    # A second run changes nothing, and shows no secret either, its set_stats facts included.
    second = inventory.run("enable_tenant", "-vvv", "--diff", ANSIBLE_SHOW_CUSTOM_STATS="1")
    assert second.rc == 0, second
    assert {host: counts["changed"] for host, counts in second.recap.items()} == dict.fromkeys(TENANTS, 0), second
    stats = second.output[second.output.index("CUSTOM STATS"):]
    assert all('"%s": {' % host in stats for host in TENANTS) and "genesys_tenants" in stats, stats
    assert leaks(second.output, secrets) == []
    for host in TENANTS:  # the output files still hold the xapikeys of the first run
        check_enabled(inventory, host)

    # Removing one tenant leaves the others and the environment; a second removal changes nothing.
    before = inventory.sandbox.state()
    removal = inventory.run("remove_tenant", "--limit", "t300", "--diff")
    assert removal.rc == 0, removal
    assert removal.recap["t300"]["changed"] > 0
    state, ccid = inventory.sandbox.state(), inventory.ccid("t300")
    for part in ("tenants", "settings"):
        assert [item for item in state[part] if ccid in (item.get("id"), item.get("ccid"))] == []
    assert [s for s in state["services"] if s["ccid"] == ccid] == []
    assert [k for k in state["apikeys"] if k["tenant"] == ccid and not k["revoked"]] == []
    assert not (inventory.output_dir / "t300.json").exists()
    for part in ("clients", "nex_gapis"):
        assert state[part] == before[part]
    assert [k for k in state["apikeys"] if k["tenant"] == "*"] == [k for k in before["apikeys"] if k["tenant"] == "*"]
    check_enabled(inventory, "t100")
    check_enabled(inventory, "t200")

    again = inventory.run("remove_tenant", "--limit", "t300")
    assert again.rc == 0, again
    assert again.recap["t300"]["changed"] == 0, again
    assert inventory.sandbox.state() == state


def test_check_limit_and_failing_tenant(inventory):
    # --check on a fresh environment stops after the environment steps, writing nothing anywhere.
    seq = inventory.sandbox.last_seq()
    before = inventory.sandbox.state()
    check = inventory.run("enable_tenant", "--check", "--diff")
    assert check.rc == 0, check
    assert "Check mode: the environment" in check.output
    assert writes_since(inventory.sandbox, seq) == []
    assert inventory.sandbox.state() == before
    assert not inventory.secrets_dir.exists() and not inventory.output_dir.exists()

    # --limit on a fresh environment: the environment steps run for the one tenant.
    limited = inventory.run("enable_tenant", "--limit", "t200")
    assert limited.rc == 0, limited
    assert sorted(limited.recap) == ["t200"]
    check_enabled(inventory, "t200")
    state = inventory.sandbox.state()
    assert [t["name"] for t in state["tenants"]] == ["t200"]
    # No tenant of this run uses IWD or Genesys Messaging Aggregation.
    assert [c["client_id"] for c in state["clients"]] == ["nexus_client"]
    assert [k["name"] for k in state["apikeys"] if k["tenant"] == "*"] == ["Cluster API key"]

    # --check with new tenants (t100, t300) sends no write request and predicts their changes,
    # the IWD client and the cluster keys they would add to the environment included.
    seq = inventory.sandbox.last_seq()
    check = inventory.run("enable_tenant", "--check", "--diff")
    assert check.rc == 0, check
    assert writes_since(inventory.sandbox, seq) == []
    assert inventory.sandbox.state() == state
    assert check.recap["t200"]["changed"] == 0
    assert check.recap["t100"]["changed"] > 0 and check.recap["t300"]["changed"] > 0
    assert sorted(p.name for p in inventory.output_dir.iterdir()) == ["t200.json"]

    # A tenant that fails (wrong password) does not stop the others.
    inventory.set_host_var("t300", "tenant_user_password", "wrong-password")
    failing = inventory.run("enable_tenant")
    assert failing.rc != 0
    assert failing.recap["t300"]["failed"] == 1
    assert failing.recap["t100"]["failed"] == 0 and failing.recap["t200"]["failed"] == 0
    assert sorted(t["name"] for t in inventory.sandbox.state()["tenants"]) == ["t100", "t200"]
    assert "wrong-password" not in failing.output
