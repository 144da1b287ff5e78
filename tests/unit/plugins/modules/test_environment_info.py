# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import environment_info
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params, shown

T100 = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
T200 = "4f0c4c8e-1d7b-4a3e-9d0e-7d7bd2a1b200"
GONE = "0b7a8f7e-5a55-4c36-8f4f-00000000dead"
CLUSTER_KEY = "3a1c0a9e-0000-4000-8000-00000000c1a5"
T100_KEY = "5d2f0c11-0000-4000-8000-000000000100"
ROWS = [{"id": 1, "url": "https://gws.example.com", "clientid": "nexus_client", "apikey": "********"}]


def key(key_id, tenant, name, permission, **fields):
    return dict({"id": key_id, "tenant": tenant, "name": name, "permissions": [permission], "enabled": True,
                 "revoked": False, "created": "2026-01-01T00:00:00Z"}, **fields)


KEYS = [
    key(CLUSTER_KEY, "*", "Cluster API key", "nexus:cluster:*"),
    key(T100_KEY, T100, "API key for t100", "nexus:consumer:chat"),
    key("5d2f0c11-0000-4000-8000-0000000001ff", T100, "Old key", "nexus:consumer:chat", revoked=True),
    key("5d2f0c11-0000-4000-8000-00000000dead", GONE, "Left over", "nexus:consumer:chat"),
]


@pytest.fixture
def environment(session, monkeypatch):
    monkeypatch.setattr(environment_info, "read_gapis", lambda params: [dict(row) for row in ROWS])
    session.route("GET", "/environment/v3/contact-centers", body={"data": {"contactCenters": [
        {"id": T100, "environmentId": GONE, "domains": ["t100"], "auth": "configServer"},
        {"id": T200, "environmentId": GONE, "domains": ["t200", "t200b"], "auth": "configServer"}]}})
    session.route("GET", "/auth/v3/ops/clients", body=envelope([{"client_id": "nexus_client", "name": "nexus_client"}]))
    session.route("POST", "/auth/v3/oauth/token", body={"access_token": "admin-token", "expires_in": 43199})
    session.route("GET", "/nexus/v3/apikeys", body=envelope(KEYS))
    session.route("GET", "/environment/v3/contact-centers/%s/settings" % T100, body={"data": {"settings": [
        {"id": "s1", "name": "chatservice-uri", "location": "/", "value": "https://nexus.example.com", "shared": False},
        {"id": "s2", "name": "other", "location": "/", "value": "x", "shared": False}]}})
    session.route("GET", "/environment/v3/contact-centers/%s/settings" % T200, body={"data": {"settings": []}})
    session.route("GET", "/nexus/v3/provisioning/services/" + T100, body=envelope([
        {"name": "PlatformUCS", "url": "https://ucs.example.com", "data": {"webhookSecret": "hidden", "region": "eu"}}]))
    session.route("GET", "/nexus/v3/provisioning/services/" + T200, body=envelope([]))
    return session


def run(session, **overrides):
    values = dict(auth_url="https://auth.example.com", gws_admin_username="ops", gws_admin_password="Adm1n",
                  oauth_client_secret="client-secret", nexus_url="https://nexus.example.com",
                  db_host="db", db_user="nexus", db_password="db-pass")
    values.update(overrides)
    return environment_info.run(module_params(environment_info, **values), False, session=session)


def test_reads_every_list_once_and_each_contact_center_once(environment):
    result = run(environment, concurrency=3)
    paths = sorted((call["method"], call["path"]) for call in environment.calls)
    assert paths == sorted([
        ("GET", "/environment/v3/contact-centers"), ("GET", "/auth/v3/ops/clients"), ("POST", "/auth/v3/oauth/token"),
        ("GET", "/nexus/v3/apikeys"),
        ("GET", "/environment/v3/contact-centers/%s/settings" % T100), ("GET", "/environment/v3/contact-centers/%s/settings" % T200),
        ("GET", "/nexus/v3/provisioning/services/" + T100), ("GET", "/nexus/v3/provisioning/services/" + T200)])
    assert environment.writes() == []
    assert result["changed"] is False
    # The services are read with the cluster key found by name among the keys the admin token lists.
    service_calls = [call for call in environment.calls if "/services/" in call["path"]]
    assert {call["headers"]["x-api-key"] for call in service_calls} == {CLUSTER_KEY}


def test_the_snapshot_groups_keys_by_tenant_without_their_ids(environment):
    snapshot = run(environment)["snapshot"]
    t100, t200 = snapshot["tenants"]
    assert t100 == {
        "ccid": T100, "name": "t100", "domains": ["t100"], "in_digital_channels": True,
        "chatservice_uri": "https://nexus.example.com",
        "settings": [{"name": "chatservice-uri", "location": "/", "value": "https://nexus.example.com", "shared": False}],
        "apikeys": [{"name": "API key for t100", "permissions": ["nexus:consumer:chat"], "enabled": True,
                     "created": "2026-01-01T00:00:00Z"}],
        "services": [{"name": "PlatformUCS", "url": "https://ucs.example.com",
                      "data": {"webhookSecret": "********", "region": "eu"}}]}
    assert t200["name"] == "t200" and t200["in_digital_channels"] is False
    assert t200["apikeys"] == t200["services"] == t200["settings"] == [] and t200["chatservice_uri"] is None
    assert [k["name"] for k in snapshot["cluster_apikeys"]] == ["Cluster API key"]
    assert snapshot["other_apikeys"] == [{"tenant": GONE, "name": "Left over", "permissions": ["nexus:consumer:chat"],
                                          "enabled": True, "created": "2026-01-01T00:00:00Z"}]
    assert snapshot["clients"] == [{"client_id": "nexus_client", "name": "nexus_client"}]
    assert snapshot["nex_gapis"] == ROWS


def test_no_key_id_leaves_the_module(environment):
    result = shown(run(environment))
    text = json.dumps(result)
    for one in KEYS:
        assert one["id"] not in text


def test_a_given_api_key_reads_the_services(environment):
    run(environment, api_key="given-cluster-key")
    service_calls = [call for call in environment.calls if "/services/" in call["path"]]
    assert {call["headers"]["x-api-key"] for call in service_calls} == {"given-cluster-key"}


def test_without_the_cluster_key_it_fails_naming_the_option(environment):
    with pytest.raises(GenesysError, match="cluster_key_name: .*'Another key'"):
        run(environment, cluster_key_name="Another key")
    assert environment.writes() == []


@pytest.mark.parametrize("overrides, option", [
    ({"concurrency": 0}, "concurrency"), ({"concurrency": 33}, "concurrency"),
    ({"oauth_client_secret": None}, "oauth_client_secret"), ({"nexus_url": None}, "nexus_url"),
    ({"gws_admin_password": None}, "gws_admin_password")])
def test_bad_input_fails_before_any_request(session, overrides, option):
    with pytest.raises(GenesysError, match=option):
        run(session, **overrides)
    assert session.calls == []
