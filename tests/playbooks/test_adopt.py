"""Adopting an environment made by hand: export_inventory writes its inventory, enable_tenant on it
(placeholders filled) writes nothing to Genesys, and drift_report finds exactly what was changed."""

import json
import os

import pytest
import yaml

from genesys_sandbox.inventory import environment_vars
from handmade import CLIENT_SECRET, HandMade
from playbook_helpers import Inventory, leaks

UCS = "https://ucs-%s.example.com"


def centers(sandbox):
    return dict((center["domains"][0], center) for center in sandbox.config["contact_centers"] if center.get("users"))


def write_yaml(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def reads_only(entries):
    return [e for e in entries if e["method"] != "GET" and not e["path"].endswith("/oauth/token")]


@pytest.fixture
def handmade(sandbox, collections_path, tmp_path):  # pylint: disable=unused-argument
    """The sandbox's three tenants made by hand, and an inventory of the environment alone to export from."""
    sandbox.reset()
    made = HandMade(sandbox)
    made.environment()
    for name, center in sorted(centers(sandbox).items()):
        made.tenant(center, UCS % name)
    source = tmp_path / "source"
    environment = environment_vars(sandbox.info, *made.admin)
    environment["nexus_client_secret"] = CLIENT_SECRET
    write_yaml(source / "group_vars" / "all.yml", environment)
    write_yaml(source / "hosts.yml", {"nexus_tenants": {"hosts": {}}})
    return made, Inventory(source, sandbox), tmp_path / "exported"


def changed_tasks(output):
    """The names of the tasks that reported a change for some host."""
    found, task = set(), None
    for line in output.splitlines():
        if line.startswith("TASK ["):
            task = line[len("TASK ["):line.rindex("]")]
        elif line.startswith("changed: [") and task:
            found.add(task)
    return found


def export(source, target, *args):
    return source.run("export_inventory", "-e", "genesys_export_dir=%s" % target, *args)


def fill(sandbox, target):
    """What a user does with the placeholders: the values from the vault (here, the sandbox's configuration)."""
    values = {"gws_admin_password": sandbox.config["gws_admin"]["password"], "nexus_client_secret": CLIENT_SECRET,
              "nexus_db_password": sandbox.info["db"]["password"]}
    path = target / "group_vars" / "all.yml"
    write_yaml(path, dict(yaml.safe_load(path.read_text(encoding="utf-8")), **values))
    for name, center in centers(sandbox).items():
        path = target / "host_vars" / (name + ".yml")
        if path.exists():
            user = center["users"][0]
            write_yaml(path, dict(yaml.safe_load(path.read_text(encoding="utf-8")),
                                  tenant_user=user["username"], tenant_user_password=user["password"]))


def test_export_then_enable_tenant_changes_nothing_in_genesys(handmade, sandbox):
    made, source, target = handmade
    since = sandbox.last_seq()
    checked = export(source, target, "--check", "--diff")
    assert checked.rc == 0 and "+tenant_name: t100" in checked.output and not target.exists(), checked
    run = export(source, target, "-vvv")
    assert run.rc == 0, run
    assert reads_only(sandbox.requests(since)) == []
    hosts = yaml.safe_load((target / "hosts.yml").read_text(encoding="utf-8"))
    assert sorted(hosts["nexus_tenants"]["hosts"]) == ["t100", "t200", "t300"]
    t100 = yaml.safe_load((target / "host_vars" / "t100.yml").read_text(encoding="utf-8"))
    assert t100 == {"tenant_name": "t100", "tenant_ccid": centers(sandbox)["t100"]["id"],
                    "tenant_user": "FILL-IN: tenant_user", "tenant_user_password": "FILL-FROM-VAULT: tenant_user_password",
                    "tenant_ucs_url": UCS % "t100",
                    "tenant_apikeys": [{"name": "API key for t100", "permissions": ["nexus:consumer:chat"]},
                                       {"name": "Designer API key", "permissions": ["nexus:designer:chat"]}]}
    environment = yaml.safe_load((target / "group_vars" / "all.yml").read_text(encoding="utf-8"))
    for secret in ("gws_admin_password", "nexus_client_secret", "nexus_db_password"):
        assert environment[secret] == "FILL-FROM-VAULT: " + secret
    assert environment["gws_url"] == sandbox["gws_url"] and environment["nexus_url"] == sandbox["nexus_url"]
    assert "tenant_user_password" in (target / "EXPORT.md").read_text(encoding="utf-8")
    assert {oct(os.stat(path).st_mode & 0o777) for path in target.rglob("*") if path.is_file()} == {"0o600"}
    secrets = source.secrets() | {key["id"] for key in sandbox.state()["apikeys"]} | {made.cluster_key}
    texts = [run.output, checked.output] + [path.read_text(encoding="utf-8") for path in target.rglob("*") if path.is_file()]
    assert leaks("\n".join(texts), secrets) == []

    again = export(source, target)
    assert again.rc != 0 and "genesys_export_overwrite=true" in again.output and "hosts.yml" in again.output, again
    assert export(source, target, "-e", "genesys_export_overwrite=true", "--check", "--diff").rc == 0

    unfilled = Inventory(target, sandbox).run("enable_tenant")
    assert unfilled.rc != 0
    assert "host_vars/t100: tenant_user_password: is still the placeholder 'FILL-FROM-VAULT: tenant_user_password'" \
        in unfilled.output, unfilled

    fill(sandbox, target)
    inventory = Inventory(target, sandbox)
    since = sandbox.last_seq()
    first = inventory.run("enable_tenant")
    assert first.rc == 0, first
    assert reads_only(sandbox.requests(since)) == [], first
    # The one change of the first run is local: each tenant's output file, which did not exist (docs/adopt-and-watch.md).
    for host in ("t100", "t200", "t300"):
        assert first.recap[host]["changed"] <= 1, first
        assert inventory.output(host)["ccid"] == centers(sandbox)[host]["id"]
    assert changed_tasks(first.output) <= {"genesys.multicloud.tenant_report : Write the tenant's output file and "
                                           "publish its facts for workflows"}, first
    second = inventory.run("enable_tenant")
    assert second.rc == 0 and all(counts["changed"] == 0 for counts in second.recap.values()), second


def test_drift_report_finds_exactly_the_orphan_tenant_the_extra_key_and_the_changed_ucs_url(handmade, sandbox):
    made, source, target = handmade
    assert export(source, target).rc == 0
    fill(sandbox, target)
    write_yaml(target / "hosts.yml", {"nexus_tenants": {"hosts": {"t100": None, "t200": None}}})
    (target / "host_vars" / "t300.yml").unlink()
    t200 = centers(sandbox)["t200"]
    made.apikey(made.token("%s\\%s" % (t200["id"], t200["users"][0]["username"]), t200["users"][0]["password"]),
                t200["id"], "Extra key", ["nexus:consumer:chat"])
    made.service(centers(sandbox)["t100"]["id"], "PlatformUCS", "https://ucs-moved.example.com", method="PUT")

    inventory = Inventory(target, sandbox)
    since = sandbox.last_seq()
    run = inventory.run("drift_report", "-vvv", "-e", "genesys_drift_fail=true")
    assert run.rc != 0 and "has drifted" in run.output, run
    assert reads_only(sandbox.requests(since)) == []
    report = json.loads((inventory.output_dir / "drift-report.json").read_text(encoding="utf-8"))
    drift = [(host, entry) for host, items in report["tenants"].items() for entry in items if entry["status"] != "in sync"]
    assert drift == [
        ("t100", {"object": "service", "name": "PlatformUCS", "status": "differs", "differences": {
            "url": {"inventory": UCS % "t100", "environment": "https://ucs-moved.example.com"}}}),
        ("t200", {"object": "API key", "name": "Extra key", "status": "orphan"})]
    assert report["orphans"] == [{"object": "tenant", "name": "t300", "status": "orphan"}]
    assert report["summary"]["tenants_drifted"] == ["t100", "t200"] and report["summary"]["drift"] is True
    markdown = (inventory.output_dir / "drift-report.md").read_text(encoding="utf-8")
    assert "| t200 | API key | Extra key | orphan |" in markdown and "| (no inventory) | tenant | t300 | orphan |" in markdown
    secrets = inventory.secrets() | {made.cluster_key, CLIENT_SECRET}
    assert leaks(run.output + markdown, secrets) == []

    made.service(centers(sandbox)["t100"]["id"], "PlatformUCS", UCS % "t100", method="PUT")
    assert inventory.run("drift_report").rc == 0
