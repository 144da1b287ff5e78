# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
import requests

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import iwd_provisioning
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope, no_sleep

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
SERVICES = "/nexus/v3/provisioning/services/" + CCID
KEY_TENANT = "22552b96-8783-46a9-b0eb-075ddfa8893e"
KEY_IWDDM = "d6b68a7b-12ed-4c3c-830d-215eecdd1a48"
SECRETS = ("Iwd-Client-S3cret", "Tenant-Pa55", "Db-Pa55", "iwd-cluster-key")
PROVISIONED = [
    {"name": "GAPI", "url": "http://gws.example.com", "data": {}},
    {"name": "PlatformUCS", "url": "http://ucs.example.com", "data": {}},
    {"name": "iWD", "url": "http://iwd.example.com:4024", "data": {}},
    {"name": "iWDEmail", "url": "N/A", "data": {}},
]
LIVE_KEYS = [{"id": KEY_TENANT, "tenant": CCID, "revoked": False}, {"id": KEY_IWDDM, "tenant": CCID, "revoked": False}]


def params(**overrides):
    values = dict(
        nexus_url="https://nexus.example.com", iwd_url="http://iwd.example.com:4024", api_key="cluster-key",
        auth_url="http://auth.example.com", oauth_client_secret="client-s3cret",
        gws_admin_username="ops", gws_admin_password="ops-pass",
        ccid=CCID, tenant_id="100", tenant_name="t100", iwd_apikey="iwd-cluster-key",
        gws={"gws_url": "http://gws.example.com", "auth_url": None, "redirect_url": None, "client_id": "iwd_client",
             "client_secret": "Iwd-Client-S3cret", "username": "nexus", "password": "Tenant-Pa55"},
        db={"host": "pg.example.com", "port": 5432, "database": "iwd-100", "user": "iwd-100", "password": "Db-Pa55",
            "ssl": False},
        apikey_tenant=KEY_TENANT, apikey_iwddm=KEY_IWDDM)
    values.update(overrides)
    values = module_params(iwd_provisioning, **values)
    return values


def run(session, check_mode=False, **overrides):
    return iwd_provisioning.run(params(**overrides), check_mode, session=session)


def routes(session, services, keys):
    """Digital Channels shows ``services`` and ``keys``; I1 and I2 change them as IWD would."""
    def provision(call):
        sent = call["json"]
        services[:] = [s for s in services if s["name"] not in iwd_provisioning.IWD_SERVICES] + [
            {"name": "GAPI", "url": sent["tenant"]["gws"]["gwsUrl"], "data": {}},
            {"name": "iWD", "url": sent["iwd"]["url"], "data": {}},
            {"name": "iWDEmail", "url": "N/A", "data": {}}]
        keys[:] = [{"id": key_id, "tenant": CCID, "revoked": False} for key_id in sent["iwd"]["apiKeys"].values()]
        return 200, {"created": True}

    def deprovision(call):
        params = call.get("params") or {}
        names = iwd_provisioning.IWD_SERVICES if params.get("deleteTenant") else params["service"].split(",")
        services[:] = [s for s in services if s["name"] not in names]
        if params.get("deleteTenant"):
            keys[:] = []
        return 200, {"deleted": True}

    session.route("POST", "/auth/v3/oauth/token", body={"access_token": "admin-token", "token_type": "bearer"})
    session.route("GET", SERVICES, handler=lambda call: (200, envelope(list(services))))
    session.route("GET", "/nexus/v3/apikeys", handler=lambda call: (200, envelope(list(keys))))
    session.route("PUT", "/iwd/v3/provisioning", handler=provision)
    session.route("DELETE", "/iwd/v3/provisioning/" + CCID, handler=deprovision)


def assert_no_secret(result):
    for secret in SECRETS + (KEY_TENANT, KEY_IWDDM):
        assert secret not in repr(result)


def test_provisions_with_the_documented_body(session):
    routes(session, [], [])
    result = run(session)
    assert result["changed"] is True
    writes = session.writes()
    assert len(writes) == 1 and writes[0]["method"] == "PUT" and writes[0]["headers"]["x-api-key"] == "cluster-key"
    assert writes[0]["json"] == {
        "tenant": {
            "id": "100", "name": "t100", "ccid": CCID, "apiKey": "iwd-cluster-key",
            "gws": {
                "gwsUrl": "http://gws.example.com",
                "data": {"authUrl": "http://auth.example.com", "authredircetUrl": "http://auth.example.com"},
                "secret": {"clientId": "iwd_client", "clientSecret": "Iwd-Client-S3cret", "apikey": "none",
                           "username": "nexus", "token": "Tenant-Pa55"},
            },
        },
        "iwd": {
            "url": "http://iwd.example.com:4024",
            "db": {"host": "pg.example.com", "port": 5432, "database": "iwd-100", "user": "iwd-100",
                   "password": "Db-Pa55", "ssl": False},
            "apiKeys": {"IWD_APIKEY_TENANT": KEY_TENANT, "IWD_APIKEY_IWDDM": KEY_IWDDM},
        },
        "iwdEmail": {"url": "N/A"},
    }
    expected = {"services": {"GAPI": {"url": "http://gws.example.com"}, "iWD": {"url": "http://iwd.example.com:4024"},
                             "iWDEmail": {"url": "N/A"}},
                "apikeys": ["IWD_APIKEY_IWDDM", "IWD_APIKEY_TENANT"]}
    assert result["provisioning"] == expected
    assert result["diff"] == {"before": {"services": {}, "apikeys": []}, "after": expected}
    assert [c for c in session.calls if c["path"].endswith("/oauth/token")][0]["data"]["username"] == "ops"
    assert_no_secret(result)


def test_check_mode_sends_no_write(session):
    routes(session, [], [])
    result = run(session, check_mode=True)
    assert result["changed"] is True and result["provisioning"]["apikeys"] == ["IWD_APIKEY_IWDDM", "IWD_APIKEY_TENANT"]
    assert session.writes() == []


def test_converged_provisioning_is_unchanged(session):
    routes(session, [dict(s) for s in PROVISIONED], [dict(k) for k in LIVE_KEYS])
    result = run(session)
    assert result["changed"] is False
    assert session.writes() == []


@pytest.mark.parametrize("services, keys", [
    (PROVISIONED[:3], LIVE_KEYS),
    ([dict(PROVISIONED[2], url="http://old-iwd:4024")] + PROVISIONED[:2] + PROVISIONED[3:], LIVE_KEYS),
    (PROVISIONED, LIVE_KEYS[:1]),
    (PROVISIONED, [LIVE_KEYS[0], dict(LIVE_KEYS[1], revoked=True)]),
])
def test_a_difference_sends_the_provisioning_once(session, services, keys):
    services, keys = [dict(s) for s in services], [dict(k) for k in keys]
    routes(session, services, keys)
    assert run(session)["changed"] is True
    assert len(session.writes()) == 1
    session.calls.clear()
    assert run(session)["changed"] is False
    assert session.writes() == []


def test_update_secret_always_sends_every_time(session):
    routes(session, [dict(s) for s in PROVISIONED], [dict(k) for k in LIVE_KEYS])
    result = run(session, update_secret="always")
    assert result["changed"] is True and len(session.writes()) == 1
    assert result["diff"]["after"]["secrets"] == "(new secrets)"
    assert_no_secret(result)


def test_absent_removes_only_the_services_that_exist(session):
    services = [dict(s) for s in PROVISIONED if s["name"] != "iWDEmail"]
    routes(session, services, [dict(k) for k in LIVE_KEYS])
    result = run(session, state="absent", services=["iWD", "iWDEmail"])
    assert result["changed"] is True
    assert [(c["method"], c["params"]) for c in session.writes()] == [("DELETE", {"service": "iWD"})]
    assert sorted(result["provisioning"]["services"]) == ["GAPI"]
    # Removing services reads no keys, so no token is needed.
    assert not any(c["path"].endswith("/oauth/token") or c["path"] == "/nexus/v3/apikeys" for c in session.calls)
    session.calls.clear()
    assert run(session, state="absent", services=["iWD", "iWDEmail"])["changed"] is False
    assert session.writes() == []


def test_absent_delete_tenant_sees_the_keys_it_is_given(session):
    keys = [dict(k) for k in LIVE_KEYS]
    routes(session, [dict(PROVISIONED[1])], keys)
    result = run(session, state="absent", delete_tenant=True)
    assert result["changed"] is True
    assert [c["params"] for c in session.writes()] == [{"deleteTenant": "true"}]
    assert result["provisioning"] == {"services": {}, "apikeys": []}
    session.calls.clear()
    assert run(session, state="absent", delete_tenant=True)["changed"] is False
    assert session.writes() == []


def test_absent_check_mode_sends_no_write(session):
    routes(session, [dict(s) for s in PROVISIONED], [dict(k) for k in LIVE_KEYS])
    result = run(session, True, state="absent", delete_tenant=True)
    assert result["changed"] is True and result["diff"]["after"] == {"services": {}, "apikeys": []}
    assert session.writes() == []


@pytest.mark.parametrize("overrides, field", [
    ({"ccid": "t100"}, "ccid"),
    ({"api_key": None}, "api_key"),
    ({"gws": dict(params()["gws"], gws_url="gws.example.com")}, "gws.gws_url"),
    ({"gws": dict(params()["gws"], redirect_url="nowhere")}, "gws.redirect_url"),
    ({"auth_url": None}, "gws.auth_url"),
    ({"iwd_service_url": "iwd:4024"}, "iwd_service_url"),
    ({"db": dict(params()["db"], port=70000)}, "db.port"),
    ({"services": ["iWD"]}, "services"),
    ({"state": "absent", "delete_tenant": False}, "services"),
])
def test_bad_input_fails_naming_the_field_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=r"(^|option )" + field):
        run(session, **overrides)
    assert session.calls == []


def test_update_secrets_is_a_deprecated_alias_of_update_secret():
    assert params(update_secrets="always")["update_secret"] == "always"
    spec = iwd_provisioning.ARGUMENT_SPEC["update_secret"]
    assert spec["deprecated_aliases"] == [
        {"name": "update_secrets", "version": "2.0.0", "collection_name": "genesys.multicloud"}]


@pytest.mark.parametrize("applied", [True, False])
def test_a_lost_i1_answer_is_settled_by_the_read_back(session, monkeypatch, applied):
    waits = no_sleep(monkeypatch)
    services, keys = [], []
    routes(session, services, keys)
    provision, lost = session.routes[("PUT", "/iwd/v3/provisioning")], [True]

    def flaky(call):
        if lost:
            lost.pop()
            if applied:
                provision(call)
            raise requests.exceptions.ConnectionError("reset")
        return provision(call)

    session.route("PUT", "/iwd/v3/provisioning", handler=flaky)
    result = run(session)
    assert result["changed"] is True and sorted(result["provisioning"]["services"]) == ["GAPI", "iWD", "iWDEmail"]
    assert len(session.writes()) == (1 if applied else 2)
    assert len(waits) == (0 if applied else 1)
