# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import json

from ansible_collections.genesys.multicloud.plugins.filter.adopt import FilterModule
from ansible_collections.genesys.multicloud.plugins.plugin_utils import _adopt, _inputs

T100 = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
T200 = "4f0c4c8e-1d7b-4a3e-9d0e-7d7bd2a1b200"
T300 = "0b7a8f7e-5a55-4c36-8f4f-000000000300"
NEXUS = "https://nexus.example.com"
ENVIRONMENT = {"gws_url": "https://gws.example.com", "gws_auth_url": "https://auth.example.com", "gws_admin_username": "ops",
               "nexus_url": NEXUS, "nexus_db_host": "db", "nexus_db_user": "nexus", "nexus_client_id": None}


def keys(name):
    return [{"name": "API key for " + name, "permissions": ["nexus:consumer:chat"], "enabled": True},
            {"name": "Designer API key", "permissions": ["nexus:designer:chat"], "enabled": True}]


def tenant(ccid, name, **changes):
    return dict({"ccid": ccid, "name": name, "domains": [name], "in_digital_channels": True, "chatservice_uri": NEXUS,
                 "settings": [], "apikeys": keys(name),
                 "services": [{"name": "PlatformUCS", "url": "https://ucs-%s.example.com" % name, "data": {}}]}, **changes)


SNAPSHOT = {
    "contact_centers": [], "clients": [{"client_id": "nexus_client"}],
    "nex_gapis": [{"id": 1, "url": "https://gws.example.com/", "clientid": "nexus_client", "region": "eu-west"}],
    "cluster_apikeys": [{"name": "Cluster API key", "permissions": ["nexus:cluster:*"], "enabled": True}],
    "tenants": [tenant(T100, "t100"), tenant(T200, "t200"), tenant(T300, "t300"),
                tenant("0b7a8f7e-5a55-4c36-8f4f-000000000400", "plain", in_digital_channels=False, apikeys=[], services=[],
                       chatservice_uri=None)],
    "other_apikeys": [],
}


def test_the_export_writes_placeholders_the_input_checks_refuse():
    exported = _adopt.exported_inventory(SNAPSHOT, ENVIRONMENT)
    assert exported["tenants"] == ["t100", "t200", "t300"] and exported["skipped"] == ["plain"]
    assert exported["files"]["hosts.yml"] == {"nexus_tenants": {"hosts": {"t100": None, "t200": None, "t300": None}}}
    environment = exported["files"]["group_vars/all.yml"]
    assert environment["nexus_gapis_region"] == "eu-west" and "nexus_client_id" not in environment
    t100 = exported["files"]["host_vars/t100.yml"]
    assert t100["tenant_ucs_url"] == "https://ucs-t100.example.com" and t100["tenant_ccid"] == T100
    assert t100["tenant_apikeys"] == [{"name": "API key for t100", "permissions": ["nexus:consumer:chat"]},
                                      {"name": "Designer API key", "permissions": ["nexus:designer:chat"]}]
    problems = dict(_inputs.environment_problems(environment) + _inputs.tenant_problems(t100, environment))
    assert sorted(problems) == ["gws_admin_password", "nexus_client_secret", "nexus_db_password", "tenant_user",
                                "tenant_user_password"]
    assert all("placeholder" in problem for problem in problems.values())


def test_the_export_notes_what_it_leaves_out():
    snapshot = copy.deepcopy(SNAPSHOT)
    t100 = snapshot["tenants"][0]
    t100["apikeys"].append(dict(t100["apikeys"][0], enabled=False))
    t100["apikeys"].append({"name": "Reporting", "permissions": ["nexus:consumer:chat"], "enabled": False})
    t100["services"].append({"name": "Async", "url": None, "data": {}})
    exported = _adopt.exported_inventory(snapshot, dict(ENVIRONMENT, gws_url="https://other.example.com"))
    assert exported["files"]["host_vars/t100.yml"]["tenant_apikeys"][-1] == {
        "name": "Reporting", "permissions": ["nexus:consumer:chat"], "enabled": False}
    notes = exported["unreadable"]["t100"]
    assert any("'API key for t100'" in note for note in notes) and any("services Async" in note for note in notes)
    assert any(note.startswith("nex_gapis: no row") for note in exported["unreadable"]["environment"])


def inventory(**changes):
    hosts = {"t100": {"tenant_name": "t100", "tenant_ucs_url": "https://ucs-t100.example.com"},
             "t200": {"tenant_name": "t200", "tenant_ccid": T200.upper(), "tenant_ucs_url": "https://ucs-t200.example.com"},
             "t300": {"tenant_name": "t300", "tenant_ucs_url": "https://ucs-t300.example.com",
                      "tenant_user_password": "never-read"}}
    hosts.update(changes)
    return dict((host, values) for host, values in hosts.items() if values is not None)


def report(snapshot=None, **changes):
    hostvars = inventory(**changes)
    return FilterModule().filters()["drift_report"](snapshot or SNAPSHOT, hostvars, sorted(hostvars), ENVIRONMENT)


def not_in_sync(result):
    return [(host, entry) for host, items in result["tenants"].items() for entry in items if entry["status"] != "in sync"]


def test_an_environment_like_the_inventory_is_in_sync():
    result = report()
    assert not_in_sync(result) == [] and result["orphans"] == []
    assert result["summary"] == {"tenants": 3, "tenants_drifted": [], "orphans": 0, "drift": False, "counts": {"in sync": 15}}


def test_drift_is_found_field_by_field_and_orphans_by_name():
    snapshot = copy.deepcopy(SNAPSHOT)
    snapshot["tenants"][0]["services"][0]["url"] = "https://moved.example.com"
    snapshot["tenants"][1]["apikeys"].append({"name": "Extra", "permissions": ["nexus:consumer:chat"], "enabled": True})
    snapshot["tenants"][1]["apikeys"][1]["enabled"] = False
    snapshot["tenants"][1]["chatservice_uri"] = "https://old-nexus.example.com"
    snapshot["clients"].append({"client_id": "someone_else"})
    snapshot["nex_gapis"].append({"id": 2, "url": "https://auth.example.com", "clientid": "nexus_client"})
    snapshot["cluster_apikeys"].append({"name": "Old cluster key"})
    snapshot["other_apikeys"].append({"tenant": "gone", "name": "Left over"})
    # enabled is compared only where the inventory gives it, as enable_tenant changes it only then.
    t200 = dict(inventory()["t200"], tenant_apikeys=[dict(key, enabled=True) for key in keys("t200")])
    result = report(snapshot, t300=None, t200=t200)
    assert not_in_sync(result) == [
        ("t100", {"object": "service", "name": "PlatformUCS", "status": "differs",
                  "differences": {"url": {"inventory": "https://ucs-t100.example.com", "environment": "https://moved.example.com"}}}),
        ("t200", {"object": "setting", "name": "chatservice-uri", "status": "differs",
                  "differences": {"value": {"inventory": NEXUS, "environment": "https://old-nexus.example.com"}}}),
        ("t200", {"object": "API key", "name": "Designer API key", "status": "differs",
                  "differences": {"enabled": {"inventory": True, "environment": False}}}),
        ("t200", {"object": "API key", "name": "Extra", "status": "orphan"})]
    assert [(entry["object"], entry["name"]) for entry in result["orphans"]] == [
        ("tenant", "t300"), ("API key", "Left over (tenant gone)"), ("cluster API key", "Old cluster key"),
        ("client", "someone_else"), ("nex_gapis row", "https://auth.example.com (nexus_client)")]
    assert result["summary"]["tenants_drifted"] == ["t100", "t200"] and result["summary"]["drift"] is True
    page = _adopt.markdown(result)
    assert '| t100 | service | PlatformUCS | differs | url: "https://ucs-t100.example.com" → "https://moved.example.com" |' in page
    assert "| (no inventory) | tenant | t300 | orphan |" in page


def test_what_the_inventory_lacks_in_the_environment_is_missing():
    snapshot = copy.deepcopy(SNAPSHOT)
    snapshot["tenants"][0]["services"] = []
    snapshot["tenants"][0]["apikeys"] = keys("t100")[1:]
    snapshot["tenants"][0]["chatservice_uri"] = None
    result = report(snapshot, t400={"tenant_name": "t400"}, t200={
        "tenant_name": "t200", "tenant_apikeys": [{"name": "Gone", "state": "absent"}], "tenant_sms": {"provider": "async"}})
    assert [(host, entry["object"], entry["name"], entry["status"]) for host, entry in not_in_sync(result)] == [
        ("t100", "setting", "chatservice-uri", "missing"), ("t100", "service", "PlatformUCS", "missing"),
        ("t100", "API key", "API key for t100", "missing"),
        ("t200", "API key", "API key for t200", "orphan"), ("t200", "API key", "Designer API key", "orphan"),
        ("t200", "service", "PlatformUCS", "orphan"),
        ("t400", "contact center", "t400", "missing")]


def test_the_report_never_reads_a_secret_of_the_inventory():
    class Guarded(dict):
        def __getitem__(self, key):
            assert "password" not in key and "secret" not in key, key
            return dict.__getitem__(self, key)

    hostvars = dict((host, Guarded(values)) for host, values in inventory().items())
    hostvars["t100"] = Guarded(hostvars["t100"], tenant_user_password="x", tenant_sms={"provider": "gma", "gc_client_secret": "s"})
    result = FilterModule().filters()["drift_report"](SNAPSHOT, hostvars, sorted(hostvars), ENVIRONMENT)
    assert not_in_sync(result) == [] and "gc_client_secret" not in json.dumps(result)


def iwd_snapshot():
    """t100 provisioned for IWD with its own iWD key (iwd_key_scope tenant, the default)."""
    snapshot = copy.deepcopy(SNAPSHOT)
    t100 = snapshot["tenants"][0]
    t100["apikeys"] += [{"name": "t100-iWD", "permissions": ["nexus:iwd:*"], "enabled": True},
                        {"name": "IWD_APIKEY_TENANT", "permissions": ["nexus:iwd:*"], "enabled": True}]
    t100["services"] += [{"name": service, "url": None, "data": {}} for service in ("GAPI", "iWD", "iWDEmail")]
    return snapshot


def test_the_tenants_own_iwd_key_is_wanted_with_the_tenant_scope_and_an_orphan_with_the_cluster_scope():
    iwd = {"tenant_id": "100", "db": {"password": "never-read"}}
    t100 = {"tenant_name": "t100", "tenant_ucs_url": "https://ucs-t100.example.com"}
    result = report(iwd_snapshot(), t100=dict(t100, tenant_iwd=iwd))
    assert not_in_sync(result) == [] and result["summary"]["drift"] is False
    assert {"object": "API key", "name": "t100-iWD", "status": "in sync"} in result["tenants"]["t100"]
    cluster = report(iwd_snapshot(), t100=dict(t100, tenant_iwd=dict(iwd, iwd_key_scope="cluster")))
    assert not_in_sync(cluster) == [("t100", {"object": "API key", "name": "t100-iWD", "status": "orphan"})]
    missing = copy.deepcopy(iwd_snapshot())
    missing["tenants"][0]["apikeys"] = [key for key in missing["tenants"][0]["apikeys"] if key["name"] != "t100-iWD"]
    assert not_in_sync(report(missing, t100=dict(t100, tenant_iwd=iwd))) == [
        ("t100", {"object": "API key", "name": "t100-iWD", "status": "missing"})]


def test_the_export_leaves_iwds_keys_to_tenant_iwd():
    exported = _adopt.exported_inventory(iwd_snapshot(), ENVIRONMENT)
    names = [key["name"] for key in exported["files"]["host_vars/t100.yml"]["tenant_apikeys"]]
    assert names == ["API key for t100", "Designer API key"]


def test_the_export_keeps_the_external_auth_url_of_the_row_where_it_differs():
    snapshot = copy.deepcopy(SNAPSHOT)
    snapshot["nex_gapis"][0].update(authinturl="https://auth.example.com", authexturl="https://gauth.example.com")
    environment = _adopt.exported_inventory(snapshot, ENVIRONMENT)["files"]["group_vars/all.yml"]
    assert environment["gws_auth_external_url"] == "https://gauth.example.com"
    snapshot["nex_gapis"][0]["authexturl"] = "https://auth.example.com/"
    assert "gws_auth_external_url" not in _adopt.exported_inventory(snapshot, ENVIRONMENT)["files"]["group_vars/all.yml"]
