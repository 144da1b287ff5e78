"""enable_tenant and remove_tenant against the sandbox, as an operator runs them.

Each ansible-playbook run takes seconds, so each test makes a few runs and checks all it can
on each.
"""

import hashlib
import stat
from pathlib import Path

import yaml

from playbook_helpers import leaks

ROOT = Path(__file__).resolve().parents[2]
CENSORED = "the output has been hidden"

TENANTS = ("t100", "t200", "t300")
# What the inventory asks for (conftest: the demo inventory, t300 overlaid).
SERVICES = {
    "t100": ["GAPI", "PlatformUCS", "iWD", "iWDEmail"],
    "t200": ["Async", "PlatformUCS", "SMS"],
    "t300": ["PorticoEmail", "PorticoSMS", "PurecloudIDP", "SMS"],
}
KEYS = {
    # t100-iWD: the tenant's own key IWD gets (tenant_iwd.iwd_key_scope tenant, the default).
    "t100": ["API key for t100", "Designer API key", "t100-iWD"],
    "t200": ["API key for t200", "Designer API key"],
    "t300": ["API key for t300", "Designer API key", "Reporting key"],
}

SECTIONS = {
    "t100": [],
    # No purpose given: SMS_ and the channel's digits spelled (a section name holds no digits).
    "t200": [("chat.SMS_OneSixFiveZeroFourSixSixOneOneFourNine",
              {"channelId": "16504661149", "channelType": "sms", "endpoint": None, "interactionSubtype": "SMS",
               "interactionType": "Inbound", "media": "chat", "cxcOnly": "false", "provider": "Async"},
              ["endpoint"])],
    "t300": [(None, {"channelId": None, "channelType": "email"}, ["section", "channelId"])],
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
    # The NexusServices sections (seed 003): the custom gateway's number (t200), the email domain left for a
    # person (t300, email through Genesys Messaging Aggregation).
    sections = [step for step in output["manual_steps"] if step["step"] == "nexus_services_section"]
    assert [(s["section"], s["options"], s["missing"]) for s in sections] == SECTIONS[host]
    return state


def tasks_of(node):
    """Every task (or handler) of a parsed tasks file or playbook, blocks opened."""
    if isinstance(node, list):
        return [task for item in node for task in tasks_of(item)]
    if not isinstance(node, dict):
        return []
    found = [] if {"hosts", "block", "import_playbook"} & set(node) else [node]
    for key in ("tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always"):
        found.extend(tasks_of(node.get(key, [])))
    return found


def test_no_task_hides_its_failure():
    """No task of the roles and playbooks carries no_log: a failure always shows its message."""
    files = sorted(list((ROOT / "roles").glob("*/tasks/*.yml")) + list((ROOT / "playbooks").glob("**/*.yml")))
    tasks = [(path, task) for path in files for task in tasks_of(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert len(tasks) > 40
    assert [(str(path), task.get("name")) for path, task in tasks if "no_log" in task] == []


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
    kept = {p.name: p for p in inventory.secrets_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert sorted(kept) == ["environment.json", "iwd_client_secret", "nexus_client_secret"]
    assert all(mode(p) == 0o600 for p in kept.values())
    cluster_keys = {k["name"]: k["id"] for k in state["apikeys"] if k["tenant"] == "*"}
    assert inventory.environment()["apikeys"] == cluster_keys

    # ... and no secret shows in its output, although the output is the real one.
    secrets = inventory.secrets()
    assert len(secrets) > 20
    assert inventory.ccid("t100") in first.output and "Summarize the tenant" in first.output
    assert leaks(first.output, secrets) == []
    assert CENSORED not in first.output
    # The environment is summarized once, the tenants each with their own changes in the order of the steps.
    assert first.output.count('"msg": "environment: changed: OAuth client nexus_client, OAuth client iwd_client, '
                              'nex_gapis row, Cluster API key, iWD Cluster API Key, Portico Cluster API Key"') == 1
    assert ('"changed: chatservice-uri setting, tenant, API key API key for t300, API key Designer API key, '
            'API key Reporting key, PurecloudIDP service, SMS service, PorticoSMS service, PorticoEmail service"') in first.output

    # A second run changes nothing, and shows no secret either, its set_stats facts included.
    second = inventory.run("enable_tenant", "-vvv", "--diff", ANSIBLE_SHOW_CUSTOM_STATS="1")
    assert second.rc == 0, second
    assert {host: counts["changed"] for host, counts in second.recap.items()} == dict.fromkeys(TENANTS, 0), second
    stats = second.output[second.output.index("CUSTOM STATS"):]
    assert all('"%s": {' % host in stats for host in TENANTS) and "genesys_tenants" in stats, stats
    assert leaks(second.output, secrets) == []
    for host in TENANTS:  # the output files still hold the xapikeys of the first run
        check_enabled(inventory, host)

    # A drift check: with a UCS URL added to t300, --check --diff shows the PlatformUCS service it would
    # make, and writes nothing.
    inventory.set_host_var("t300", "tenant_ucs_url", "https://ucs-t300.example.com")
    seq = inventory.sandbox.last_seq()
    drift = inventory.run("enable_tenant", "--check", "--diff", "--limit", "t300")
    assert drift.rc == 0, drift
    assert writes_since(inventory.sandbox, seq) == []
    assert drift.recap["t300"]["changed"] > 0
    ucs = drift.output[drift.output.index("TASK [genesys.multicloud.tenant : Provision the Universal Contact Service"):]
    ucs = ucs[:ucs.index("TASK [", 10)]
    assert '+    "name": "PlatformUCS",' in ucs and '+    "url": "https://ucs-t300.example.com"' in ucs, ucs
    assert "changed: [t300]" in ucs
    assert '"would change: PlatformUCS service"' in drift.output
    assert leaks(drift.output, secrets) == []

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
    assert sorted(p.name for p in inventory.output_dir.glob("*.json")) == ["t200.json"]

    # A tenant that fails (wrong password) does not stop the others, fails before any of its writes,
    # and says why and what to check.
    inventory.set_host_var("t300", "tenant_user_password", "wrong-password")
    seq = inventory.sandbox.last_seq()
    failing = inventory.run("enable_tenant")
    assert failing.rc != 0
    assert failing.recap["t300"]["failed"] == 1
    assert failing.recap["t100"]["failed"] == 0 and failing.recap["t200"]["failed"] == 0
    assert sorted(t["name"] for t in inventory.sandbox.state()["tenants"]) == ["t100", "t200"]
    assert [write for write in writes_since(inventory.sandbox, seq) if inventory.ccid("t300") in write[1]] == []
    assert "wrong-password" not in failing.output and CENSORED not in failing.output
    # The module's message once, with the login quoted (a ccid\user login must not read as an escape);
    # then the variables to check, without the message again.
    assert len([line for line in failing.output.splitlines() if line.startswith("fatal: [t300]") and "HTTP 401" in line]) == 1, failing
    assert "GWS refused the tenant user '%s\\\\%s'" % (inventory.ccid("t300"), inventory.host_vars("t300")["tenant_user"]) in failing.output
    assert ('fatal: [t300]: FAILED! => {"changed": false, "msg": "t300: Log in as the tenant user failed (the message above). '
            'Check tenant_user, tenant_user_password and tenant_ccid in host_vars/t300."}') in failing.output


def test_failures_are_readable_and_bad_input_writes_nothing(inventory):
    # An environment error stops the run before any request, naming the variable.
    db_port = inventory.group_vars()["nexus_db_port"]
    inventory.set_group_var("nexus_db_port", 70000)
    seq = inventory.sandbox.last_seq()
    bad_environment = inventory.run("enable_tenant")
    assert bad_environment.rc != 0
    assert inventory.sandbox.requests(since=seq) == []
    assert "group_vars/all: nexus_db_port: must be from 1 to 65535, got 70000" in bad_environment.output
    # The check runs once, on the first tenant, and ends the play for all: no tenant gets further.
    assert sum(counts["failed"] for counts in bad_environment.recap.values()) == 1, bad_environment
    assert all(counts["ok"] <= 1 and counts["changed"] == 0 for counts in bad_environment.recap.values()), bad_environment
    inventory.set_group_var("nexus_db_port", db_port)

    # Malformed tenants fail before any of their writes; the other tenant and the environment go on,
    # and the environment makes nothing only they needed (IWD for t100, Genesys Messaging Aggregation for t300).
    t100_iwd = inventory.host_vars("t100")["tenant_iwd"]
    inventory.set_host_var("t100", "tenant_iwd", dict(t100_iwd, db=dict(t100_iwd["db"], port=-5)))
    inventory.set_host_var("t300", "tenant_ucs_url", "ucs-t300.example.com")
    bad_tenants = inventory.run("enable_tenant")
    assert bad_tenants.rc != 0
    assert {host: counts["failed"] for host, counts in bad_tenants.recap.items()} == {"t100": 1, "t200": 0, "t300": 1}
    assert bad_tenants.recap["t100"]["ok"] == 0 and bad_tenants.recap["t300"]["ok"] == 0
    assert CENSORED not in bad_tenants.output
    assert ('fatal: [t100]: FAILED! => {"changed": false, "errors": ["host_vars/t100: tenant_iwd.db.port: must be from 1 '
            'to 65535, got -5"]') in bad_tenants.output
    assert ("host_vars/t300: tenant_ucs_url: must be an http:// or https:// URL with a host, got 'ucs-t300.example.com'"
            in bad_tenants.output)
    check_enabled(inventory, "t200")
    state = inventory.sandbox.state()
    assert [t["name"] for t in state["tenants"]] == ["t200"]
    for host in ("t100", "t300"):
        ccid = inventory.ccid(host)
        assert [s for s in state["settings"] if s["ccid"] == ccid] == [] and [s for s in state["services"] if s["ccid"] == ccid] == []
        assert [k for k in state["apikeys"] if k["tenant"] == ccid] == []
    assert [c["client_id"] for c in state["clients"]] == ["nexus_client"]
    assert [k["name"] for k in state["apikeys"] if k["tenant"] == "*"] == ["Cluster API key"]

    # A 400 from Digital Channels shows its message in the failed task, with the tenant and the step.
    inventory.set_host_var("t300", "tenant_ucs_url", "https://ucs-t300.example.com")
    inventory.sandbox.fault("/PurecloudIDP$", method="POST", status=400, count=1)
    refused = inventory.run("enable_tenant", "--limit", "t300")
    assert refused.rc != 0 and refused.recap["t300"]["failed"] == 1
    assert CENSORED not in refused.output
    step = refused.output[refused.output.index("TASK [genesys.multicloud.tenant_sms : Provision the SMS services]"):]
    assert "failed: [t300] (item=PurecloudIDP) => " in step, step
    assert "returned HTTP 400: injected fault" in step, step
    assert leaks(refused.output, inventory.secrets()) == []
