# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
from ansible.module_utils.common.warnings import get_warning_messages

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_tenant
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope

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


def test_a_failed_read_back_keeps_the_xapikey(session):
    token_route(session)
    reads = []

    def read(call):
        reads.append(call)
        if len(reads) == 1:
            return 404, None
        return 500, {"status": {"code": 500, "message": "database busy"}}

    session.route("GET", TENANT_PATH, handler=read)
    session.route("POST", "/nexus/v3/provisioning/tenants",
                  body={"status": {"code": 0}, "data": {"xapikey": "x-api-key-1"}, "operationId": "op"})
    result = run(session, retries=0)
    assert result["changed"] is True and result["xapikey"] == "x-api-key-1"
    assert result["tenant"]["id"] == CCID and result["tenant"]["name"] == "t100"
    assert len(reads) == 2
    assert any("reading it back failed" in message and "database busy" in message for message in get_warning_messages())


def test_update_password_is_a_deprecated_alias_of_update_secret():
    assert params(update_password="always")["update_secret"] == "always"
    spec = nexus_tenant.ARGUMENT_SPEC["update_secret"]
    assert spec["deprecated_aliases"] == [
        {"name": "update_password", "version": "2.0.0", "collection_name": "genesys.multicloud"}]
