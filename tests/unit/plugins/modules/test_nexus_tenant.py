# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.plugins.modules import nexus_tenant
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params, shown
from ansible_collections.genesys.multicloud.tests.unit.fake_http import applied_then, envelope, no_sleep

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
TENANT_PATH = "/nexus/v3/provisioning/tenants/" + CCID
PASSWORD = "Tenant-Pa55"
EXISTING = {"id": CCID, "name": "t100", "type": "PureEngage", "backendurl": "https://gws.example.com",
            "username": "nexus", "genesystemenantid": 1}


def params(**overrides):
    values = dict(nexus_url="https://nexus.example.com", auth_url="https://auth.example.com",
                  oauth_client_secret="client-s3cret", ccid=CCID, username="nexus", password=PASSWORD,
                  name="t100", backend_url="https://gws.example.com")
    values.update(overrides)
    values = module_params(nexus_tenant, **values)
    return values


def run(session, check_mode=False, **overrides):
    return nexus_tenant.run(params(**overrides), check_mode, session=session)


def token_route(session):
    session.route("POST", "/auth/v3/oauth/token", body={"access_token": "tenant-token", "token_type": "bearer"})


def stored(session, tenant):
    """Answer N3 from ``tenant`` (a dict that N2/N4 handlers fill), 404 while it is empty."""
    session.route("GET", TENANT_PATH, handler=lambda call: (200, envelope(tenant)) if tenant else (404, None))


def test_creates_with_an_obtained_token_and_returns_the_xapikey(session):
    token_route(session)
    tenant = {}

    def create(call):
        tenant.update(dict((k, v) for k, v in call["json"].items() if k != "token"))
        return 200, {"status": {"code": 0}, "data": {"xapikey": "x-api-key-1"}, "operationId": "op"}

    stored(session, tenant)
    session.route("POST", "/nexus/v3/provisioning/tenants", handler=create)
    result = run(session)
    assert result["changed"] is True and result["password_updated"] is True
    assert result["xapikey"] == "x-api-key-1"
    assert result["tenant"] == EXISTING
    token_call = session.calls[0]
    assert token_call["data"]["username"] == CCID + "\\nexus" and token_call["data"]["password"] == PASSWORD
    writes = session.writes()
    assert len(writes) == 1
    assert writes[0]["json"] == dict(EXISTING, token=PASSWORD)
    assert writes[0]["headers"]["Authorization"] == "Bearer tenant-token"
    assert result["diff"] == {"before": {}, "after": EXISTING}
    assert PASSWORD not in repr(result)


def test_check_mode_create_sends_no_write(session):
    token_route(session)
    session.route("GET", TENANT_PATH, status=404)
    result = run(session, check_mode=True, genesys_tenant_id=3)
    assert result["changed"] is True
    assert result["tenant"]["genesystemenantid"] == 3 and result["tenant"]["type"] == "PureEngage"
    assert "xapikey" not in result
    assert session.writes() == []


def test_converged_tenant_is_unchanged_with_a_given_token(session):
    session.route("GET", TENANT_PATH, body=envelope(EXISTING))
    result = run(session, token="given-token", username=None, password=None)
    assert result["changed"] is False and result["password_updated"] is False
    assert session.writes() == []
    assert session.calls[0]["headers"]["Authorization"] == "Bearer given-token"


def test_update_sends_the_whole_tenant_with_the_password(session):
    token_route(session)
    session.route("GET", TENANT_PATH, body=envelope(EXISTING))
    session.route("PUT", TENANT_PATH, body=envelope(EXISTING))
    result = run(session, backend_url="https://gws2.example.com")
    assert result["changed"] is True
    assert [c["json"] for c in session.writes()] == [dict(EXISTING, backendurl="https://gws2.example.com", token=PASSWORD)]
    assert result["diff"]["before"]["backendurl"] == "https://gws.example.com"
    assert result["diff"]["after"]["backendurl"] == "https://gws2.example.com"


def test_update_without_password_fails_naming_it(session):
    session.route("GET", TENANT_PATH, body=envelope(EXISTING))
    with pytest.raises(GenesysError, match="^password: required to update"):
        run(session, token="given-token", password=None, genesys_tenant_id=2)
    assert session.writes() == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_update_secret_always_sends_the_password(session, check_mode):
    token_route(session)
    session.route("GET", TENANT_PATH, body=envelope(EXISTING))
    session.route("PUT", TENANT_PATH, body=envelope(EXISTING))
    result = run(session, check_mode=check_mode, update_secret="always")
    assert result["changed"] is True and result["password_updated"] is True
    assert len(session.writes()) == (0 if check_mode else 1)
    assert result["diff"]["after"]["token"] == "(new password)"
    assert PASSWORD not in repr(result)


def test_absent_deletes_then_is_unchanged(session):
    token_route(session)
    session.route("GET", TENANT_PATH, body=envelope(EXISTING))
    session.route("DELETE", TENANT_PATH, body={"status": {"code": 0}})
    result = run(session, state="absent", name=None, backend_url=None)
    assert result["changed"] is True and "tenant" not in result
    assert [c["method"] for c in session.writes()] == ["DELETE"]
    session.route("GET", TENANT_PATH, status=404)
    session.calls.clear()
    assert run(session, state="absent", name=None, backend_url=None)["changed"] is False
    assert session.writes() == []


@pytest.mark.parametrize("overrides, field", [
    ({"ccid": "not-a-uuid"}, "ccid"),
    ({"backend_url": "gws.example.com"}, "backend_url"),
    ({"name": ""}, "name"),
    ({"genesys_tenant_id": 0}, "genesys_tenant_id"),
    ({"username": None}, "username"),
    ({"nexus_url": None}, "nexus_url"),
])
def test_bad_input_fails_naming_the_field_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []


def test_a_created_tenant_is_not_read_back(session):
    token_route(session)
    reads = []

    def read(call):
        reads.append(call)
        return 404, None

    session.route("GET", TENANT_PATH, handler=read)
    session.route("POST", "/nexus/v3/provisioning/tenants",
                  body={"status": {"code": 0}, "data": {"xapikey": "x-api-key-1"}, "operationId": "op"})
    result = run(session, retries=0)
    assert result["changed"] is True and result["xapikey"] == "x-api-key-1"
    # N2's 200 says the tenant is what was sent: one read before it, none after.
    assert result["tenant"]["id"] == CCID and result["tenant"]["name"] == "t100"
    assert len(reads) == 1


def test_update_password_is_a_deprecated_alias_of_update_secret():
    assert params(update_password="always")["update_secret"] == "always"
    spec = nexus_tenant.ARGUMENT_SPEC["update_secret"]
    assert spec["deprecated_aliases"] == [
        {"name": "update_password", "version": "2.0.0", "collection_name": "genesys.multicloud"}]


def test_store_keeps_the_xapikey_and_masks_it(session, tmp_path):
    token_route(session)
    store = tmp_path / "output" / "t100.json"
    session.route("GET", TENANT_PATH, status=404)
    session.route("POST", "/nexus/v3/provisioning/tenants", body={"status": {"code": 0}, "data": {"xapikey": "x-api-key-1"}})
    result = run(session, store=str(store))
    assert json.loads(store.read_text()) == {"xapikey": "x-api-key-1"}
    assert oct(store.stat().st_mode & 0o777) == "0o600" and oct(store.parent.stat().st_mode & 0o777) == "0o700"
    assert result["_secret_values"] == ["x-api-key-1"]
    assert "x-api-key-1" not in json.dumps(shown(result)) and shown(result)["xapikey"] == "********"


def test_without_store_the_xapikey_is_returned_in_clear(session):
    token_route(session)
    session.route("GET", TENANT_PATH, status=404)
    session.route("POST", "/nexus/v3/provisioning/tenants", body={"status": {"code": 0}, "data": {"xapikey": "x-api-key-1"}})
    result = run(session)
    assert shown(result)["xapikey"] == "x-api-key-1" and "_secret_values" not in result


def test_store_is_not_written_in_check_mode(session, tmp_path):
    token_route(session)
    session.route("GET", TENANT_PATH, status=404)
    result = run(session, check_mode=True, store=str(tmp_path / "out" / "t100.json"))
    assert result["changed"] is True and not (tmp_path / "out").exists()


def test_a_store_that_cannot_be_written_fails_before_the_tenant_is_created(session, tmp_path):
    token_route(session)
    session.route("GET", TENANT_PATH, status=404)
    (tmp_path / "file").write_text("")
    with pytest.raises(GenesysError, match="^store .*file/t100.json: cannot create the record"):
        run(session, store=str(tmp_path / "file" / "t100.json"))
    assert session.writes() == []


@pytest.mark.parametrize("outcome", [502, requests.exceptions.ConnectionError("Connection reset by peer")])
def test_a_lost_n2_answer_adopts_the_tenant_and_says_the_xapikey_is_lost(session, tmp_path, monkeypatch, outcome):
    no_sleep(monkeypatch)
    token_route(session)
    tenant = {}
    stored(session, tenant)
    session.route("POST", "/nexus/v3/provisioning/tenants", handler=applied_then(
        lambda call: tenant.update(dict((k, v) for k, v in call["json"].items() if k != "token")), outcome))
    store = tmp_path / "t100.json"
    store.write_text(json.dumps({"xapikey": "x-known"}))
    result = run(session, store=str(store))
    assert result["changed"] is True and result["xapikey_lost"] is True and "xapikey" not in result
    assert result["tenant"] == EXISTING
    assert len(session.writes()) == 1
    record = json.loads(store.read_text())
    assert record["xapikey"] == "x-known"
    assert "cannot be read back" in record["xapikey_lost"] and "nexus_apikey" in record["xapikey_lost"]
    assert any("cannot be read back" in warning for warning in take_warnings())


def test_a_lost_n2_that_was_not_applied_is_sent_again_and_its_xapikey_kept(session, tmp_path, monkeypatch):
    waits = no_sleep(monkeypatch)
    token_route(session)
    tenant, answers = {}, [requests.exceptions.ReadTimeout("timed out")]

    def create(call):
        if answers:
            raise answers.pop()
        tenant.update(dict((k, v) for k, v in call["json"].items() if k != "token"))
        return 200, {"status": {"code": 0}, "data": {"xapikey": "x-api-key-2"}}

    stored(session, tenant)
    session.route("POST", "/nexus/v3/provisioning/tenants", handler=create)
    result = run(session, store=str(tmp_path / "t100.json"))
    assert result["xapikey"] == "x-api-key-2" and "xapikey_lost" not in result
    assert json.loads((tmp_path / "t100.json").read_text()) == {"xapikey": "x-api-key-2"}
    assert len(session.writes()) == 2 and len(waits) == 1


def test_a_409_adopts_the_tenant_another_run_made_and_converges(session):
    token_route(session)
    tenant = {}
    stored(session, tenant)

    def exists(call):
        tenant.update(EXISTING, backendurl="https://other.example.com")
        return 409, {"status": {"code": 409, "message": "tenant %s already exists" % CCID}}

    session.route("POST", "/nexus/v3/provisioning/tenants", handler=exists)
    session.route("PUT", TENANT_PATH, handler=lambda call: (tenant.update(backendurl=call["json"]["backendurl"]),
                                                            (200, envelope({})))[1])
    result = run(session)
    assert result["changed"] is True and "xapikey_lost" not in result and "xapikey" not in result
    assert [c["method"] for c in session.writes()] == ["POST", "PUT"]
    assert result["tenant"]["backendurl"] == "https://gws.example.com"
    assert result["diff"]["before"]["backendurl"] == "https://other.example.com"


@pytest.mark.parametrize("status", [400, 403, 500])
def test_a_definite_refusal_of_n2_fails(session, status):
    token_route(session)
    session.route("GET", TENANT_PATH, status=404)
    session.route("POST", "/nexus/v3/provisioning/tenants", status=status, body={"status": {"code": status, "message": "no"}})
    with pytest.raises(GenesysError) as error:
        run(session)
    assert error.value.status == status and len(session.writes()) == 1
