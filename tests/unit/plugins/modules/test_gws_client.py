# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.plugins.modules import gws_client
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params, shown
from ansible_collections.genesys.multicloud.tests.unit.fake_http import applied_then, envelope, no_sleep

CLIENT_PATH = "/auth/v3/ops/clients/nexus_client"
EXISTING = {
    "client_id": "nexus_client", "name": "nexus_client", "description": "nexus_client",
    "clientType": "CONFIDENTIAL", "internalClient": True, "authorities": ["ROLE_INTERNAL_CLIENT"],
    "scope": ["*"], "redirectURIs": ["https://nexus.example.com"],
    "authorizedGrantTypes": ["password", "client_credentials", "authorization_code", "refresh_token", "implicit"],
    "accessTokenExpirationTimeout": 43200, "refreshTokenExpirationTimeout": 2592000,
}


def params(**overrides):
    """Validated parameters as the module would receive them."""
    values = dict(auth_url="https://auth.example.com", gws_admin_username="ops", gws_admin_password="ops-pass",
                  client_id="nexus_client", nexus_url="https://nexus.example.com")
    values.update(overrides)
    values = module_params(gws_client, **values)
    return values


def run(session, check_mode=False, **overrides):
    return gws_client.run(params(**overrides), check_mode, session=session)


def answer_without_secret(call, **added):
    """A1 or A3 answered as docs/api.md says: the client, never its secret."""
    client = dict(call["json"]["data"], **added)
    client.pop("client_secret", None)
    return 200, envelope(client)


def test_creates_with_generated_secret(session):
    state = {}
    session.route("GET", CLIENT_PATH, handler=lambda call: (200, envelope(state["c"])) if state else (404, None))
    session.route("POST", "/auth/v3/ops/clients",
                  handler=lambda call: (state.update(c=call["json"]["data"]), answer_without_secret(call))[1])
    result = run(session)
    assert result["changed"] is True
    assert len(session.writes()) == 1
    sent = session.writes()[0]["json"]["data"]
    assert sent["client_secret"] == result["client_secret"] and len(result["client_secret"]) >= 32
    assert sent["redirectURIs"] == ["https://nexus.example.com"]
    assert sent["authorizedGrantTypes"] == gws_client.CREATE_DEFAULTS["authorizedGrantTypes"]
    assert result["diff"]["before"] == {} and "client_secret" not in result["diff"]["after"]


@pytest.mark.parametrize("echoed", [False, True], ids=["as-documented", "secret-echoed"])
def test_a_created_client_is_a1s_answer_and_not_read_back(session, echoed):
    session.route("GET", CLIENT_PATH, status=404)
    # Genesys Auth answers with the client as it keeps it: here with a field the module did not send.
    session.route("POST", "/auth/v3/ops/clients", handler=lambda call: (
        (200, envelope(dict(call["json"]["data"], lastModifiedBy="ops"))) if echoed
        else answer_without_secret(call, lastModifiedBy="ops")))
    result = run(session, client_secret="given-s3cret")
    assert result["changed"] is True and result["secret_updated"] is True
    assert [(c["method"], c["path"]) for c in session.calls] == [("GET", CLIENT_PATH), ("POST", "/auth/v3/ops/clients")]
    sent = dict(session.writes()[0]["json"]["data"])
    del sent["client_secret"]
    assert result["client"] == dict(sent, lastModifiedBy="ops")
    assert "given-s3cret" not in json.dumps(result)


def test_a_partial_a1_answer_drops_nothing_that_was_sent(session):
    session.route("GET", CLIENT_PATH, status=404)
    session.route("POST", "/auth/v3/ops/clients", body=envelope({"client_id": "nexus_client", "lastModifiedBy": "ops"}))
    result = run(session, client_secret="given-s3cret")
    sent = dict(session.writes()[0]["json"]["data"])
    del sent["client_secret"]
    assert result["client"] == dict(sent, lastModifiedBy="ops")


def test_check_mode_create_sends_no_write(session):
    session.route("GET", CLIENT_PATH, status=404)
    result = run(session, check_mode=True)
    assert result["changed"] is True
    assert result["client"]["client_id"] == "nexus_client"
    assert session.writes() == []
    assert "client_secret" not in result


def test_converged_client_is_unchanged(session):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    result = run(session, client_secret="s3cret", scope=["*"],
                 authorized_grant_types=["client_credentials", "password", "implicit", "refresh_token", "authorization_code"])
    assert result["changed"] is False
    assert session.writes() == []


def test_update_sends_only_what_differs(session):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("PUT", CLIENT_PATH, body=envelope({}))
    result = run(session, access_token_expiration_timeout=3600, name="nexus_client")
    assert result["changed"] is True
    assert [c["json"] for c in session.writes()] == [{"data": {"accessTokenExpirationTimeout": 3600}}]
    assert result["diff"]["before"]["accessTokenExpirationTimeout"] == 43200
    assert result["diff"]["after"]["accessTokenExpirationTimeout"] == 3600
    # A3 answered without a client: the client is the one read with the change sent, not read again.
    assert result["client"] == dict(EXISTING, accessTokenExpirationTimeout=3600)
    assert [c["method"] for c in session.calls] == ["GET", "PUT"]


def test_a_changed_client_is_a3s_answer_and_not_read_back(session):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("PUT", CLIENT_PATH, handler=lambda call: (200, envelope(dict(EXISTING, lastModifiedBy="ops", **call["json"]["data"]))))
    session.route("POST", "/auth/v3/oauth/token", status=401, body={"status": {"code": 401, "message": "bad secret"}})
    result = run(session, description="Digital Channels", client_secret="n3w-secret", update_secret="always")
    assert result["changed"] is True and result["secret_updated"] is True
    assert session.writes()[0]["json"] == {"data": {"description": "Digital Channels", "client_secret": "n3w-secret"}}
    assert [c["method"] for c in session.calls if not c["path"].endswith("/oauth/token")] == ["GET", "PUT"]
    # The answer, an echoed secret left out.
    assert result["client"] == dict(EXISTING, description="Digital Channels", lastModifiedBy="ops")
    assert "n3w-secret" not in json.dumps(result)


@pytest.mark.parametrize("token_status, expect_write", [(200, False), (401, True)])
def test_update_secret_always_replaces_only_a_wrong_secret(session, token_status, expect_write):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("POST", "/auth/v3/oauth/token", status=token_status,
                  body={"access_token": "t", "token_type": "bearer"} if token_status == 200 else None)
    session.route("PUT", CLIENT_PATH, body=envelope({}))
    result = run(session, client_secret="n3w-secret", update_secret="always")
    assert result["changed"] is expect_write
    assert len(session.writes()) == (1 if expect_write else 0)
    if expect_write:
        assert session.writes()[0]["json"] == {"data": {"client_secret": "n3w-secret"}}
    assert "n3w-secret" not in repr(result)


def test_absent_deletes_then_is_unchanged(session):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("DELETE", CLIENT_PATH, status=204)
    assert run(session, state="absent")["changed"] is True
    assert [c["method"] for c in session.writes()] == ["DELETE"]
    session.route("GET", CLIENT_PATH, status=404)
    session.calls.clear()
    assert run(session, state="absent")["changed"] is False
    assert session.writes() == []


def test_missing_redirect_uris_fails_before_any_write(session):
    session.route("GET", CLIENT_PATH, status=404)
    with pytest.raises(GenesysError, match="redirect_uris"):
        run(session, nexus_url=None)
    assert session.writes() == []


def test_missing_admin_credentials_named(session):
    with pytest.raises(GenesysError, match="gws_admin_password"):
        run(session, gws_admin_password=None)
    assert session.calls == []


@pytest.mark.parametrize("overrides, field", [
    ({"redirect_uris": ["https://nexus.example.com", "nexus.example.com"]}, "redirect_uris"),
    ({"access_token_expiration_timeout": 0}, "access_token_expiration_timeout"),
    ({"refresh_token_expiration_timeout": -1}, "refresh_token_expiration_timeout"),
    ({"client_id": ""}, "client_id"),
])
def test_bad_input_fails_naming_the_field_before_any_request(session, overrides, field):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("GET", "/auth/v3/ops/clients/", status=404)
    with pytest.raises(GenesysError, match=r"(^|option )" + field):
        run(session, **overrides)
    assert session.calls == []


@pytest.mark.parametrize("token_status", [200, 401])
def test_verify_checks_an_unchanged_client_too(session, token_status):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("POST", "/auth/v3/oauth/token", status=token_status,
                  body={"access_token": "t", "token_type": "bearer"} if token_status == 200 else None)
    if token_status == 200:
        assert run(session, client_secret="s3cret", verify=True)["changed"] is False
    else:
        with pytest.raises(GenesysError, match="refused a client-credentials token"):
            run(session, client_secret="wrong-s3cret", verify=True)
    assert [c["path"] for c in session.calls if c["method"] == "POST"] == ["/auth/v3/oauth/token"]
    assert session.writes() == []


@pytest.mark.parametrize("token_status", [200, 401])
def test_verify_proves_a_created_client_once(session, token_status):
    """One grant (A5) after A1 proves the new client; a refusal fails naming it."""
    state = {}
    session.route("GET", CLIENT_PATH, handler=lambda call: (200, envelope(state["c"])) if state else (404, None))
    session.route("POST", "/auth/v3/ops/clients",
                  handler=lambda call: (state.update(c=call["json"]["data"]), answer_without_secret(call))[1])
    session.route("POST", "/auth/v3/oauth/token", status=token_status,
                  body={"access_token": "t", "token_type": "bearer"} if token_status == 200 else None)
    if token_status == 200:
        assert run(session, client_secret="s3cret", update_secret="always", verify=True)["changed"] is True
    else:
        with pytest.raises(GenesysError, match="^client nexus_client: Genesys Auth refused a client-credentials token"):
            run(session, client_secret="s3cret", update_secret="always", verify=True)
    assert [c["path"] for c in session.calls if c["method"] == "POST"] == ["/auth/v3/ops/clients", "/auth/v3/oauth/token"]


@pytest.mark.parametrize("token_status", [200, 401])
def test_verify_after_update_secret_always_grants_once_more_only_for_a_new_secret(session, token_status):
    """A secret found in use is proved by the grant that checked it; a secret just set (A3) gets a grant of its own."""
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    session.route("PUT", CLIENT_PATH, handler=answer_without_secret)
    session.route("POST", "/auth/v3/oauth/token", status=token_status,
                  body={"access_token": "t", "token_type": "bearer"} if token_status == 200 else None)
    if token_status == 200:
        assert run(session, client_secret="s3cret", update_secret="always", verify=True)["changed"] is False
        assert [c["path"] for c in session.calls if c["method"] != "GET"] == ["/auth/v3/oauth/token"]
    else:
        with pytest.raises(GenesysError, match="^client nexus_client: Genesys Auth refused"):
            run(session, client_secret="s3cret", update_secret="always", verify=True)
        assert [(c["method"], c["path"]) for c in session.calls if c["method"] != "GET"] == [
            ("POST", "/auth/v3/oauth/token"), ("PUT", CLIENT_PATH), ("POST", "/auth/v3/oauth/token")]


def test_verify_is_skipped_in_check_mode(session):
    session.route("GET", CLIENT_PATH, body=envelope(EXISTING))
    assert run(session, check_mode=True, client_secret="s3cret", verify=True)["changed"] is False
    assert [c["method"] for c in session.calls] == ["GET"]


def test_a_generated_secret_never_reaches_an_error(session):
    session.route("GET", CLIENT_PATH, status=404)
    # A service that echoes the body it refuses.
    session.route("POST", "/auth/v3/ops/clients", handler=lambda call: (
        400, {"status": {"code": 400, "message": "refused client_secret " + call["json"]["data"]["client_secret"]}}))
    with pytest.raises(GenesysError) as raised:
        run(session)
    generated = session.writes()[0]["json"]["data"]["client_secret"]
    assert generated not in raised.value.message and generated not in raised.value.api_message
    assert "refused client_secret ********" in raised.value.message


@pytest.mark.parametrize("answer", [None, {"status": {"code": 0}}, envelope(None), envelope({})],
                         ids=["no-body", "no-data", "null-data", "no-client"])
def test_an_a1_answer_without_a_client_keeps_the_generated_secret(session, answer):
    session.route("GET", CLIENT_PATH, status=404)
    session.route("POST", "/auth/v3/ops/clients", body=answer)
    result = run(session)
    sent = dict(session.writes()[0]["json"]["data"])
    assert result["changed"] is True and result["secret_updated"] is True
    assert result["client_secret"] == sent.pop("client_secret")
    # The client sent, without its secret: nothing is read back, nothing to warn about.
    assert result["client"] == sent and sent["client_id"] == "nexus_client"
    assert [c["method"] for c in session.calls] == ["GET", "POST"]
    assert take_warnings() == []


def test_store_keeps_a_generated_secret_before_sending_it(session, tmp_path):
    state, stored_when_sent = {}, []
    store = tmp_path / "secrets" / "environment.json"

    def create(call):
        stored_when_sent.append(json.loads(store.read_text()))
        state.update(c=call["json"]["data"])
        return 200, envelope({})

    session.route("GET", CLIENT_PATH, handler=lambda call: (200, envelope(state["c"])) if state else (404, None))
    session.route("POST", "/auth/v3/ops/clients", handler=create)
    result = run(session, store=str(store))
    sent = session.writes()[0]["json"]["data"]["client_secret"]
    assert stored_when_sent == [{"client_secrets": {"nexus_client": sent}}]
    assert json.loads(store.read_text()) == {"client_secrets": {"nexus_client": sent}}
    assert shown(result)["client_secret"] == "********" and sent not in json.dumps(shown(result))


def test_store_is_not_written_for_a_given_secret(session, tmp_path):
    session.route("GET", CLIENT_PATH, status=404)
    session.route("POST", "/auth/v3/ops/clients", body=envelope({}))
    run(session, client_secret="given-s3cret", store=str(tmp_path / "env.json"))
    assert not (tmp_path / "env.json").exists()


def test_a_lost_a1_answer_adopts_the_client_with_the_stored_secret(session, tmp_path, monkeypatch):
    no_sleep(monkeypatch)
    state = {}
    session.route("GET", CLIENT_PATH, handler=lambda call: (200, envelope(state["c"])) if state else (404, None))
    session.route("POST", "/auth/v3/ops/clients", handler=applied_then(
        lambda call: state.update(c=call["json"]["data"]), requests.exceptions.ReadTimeout("timed out")))
    store = tmp_path / "env.json"
    result = run(session, store=str(store))
    sent = session.writes()[0]["json"]["data"]["client_secret"]
    assert result["changed"] is True and len(session.writes()) == 1
    assert json.loads(store.read_text()) == {"client_secrets": {"nexus_client": sent}}
    assert result["client"]["client_id"] == "nexus_client"


def test_a_stored_secret_is_used_for_a_new_client_so_concurrent_runs_send_the_same(session, tmp_path):
    store = tmp_path / "env.json"
    store.write_text(json.dumps({"client_secrets": {"nexus_client": "Stored-S3cret-from-another-run"}}))
    session.route("GET", CLIENT_PATH, status=404)
    session.route("POST", "/auth/v3/ops/clients", body=envelope({}))
    result = run(session, store=str(store))
    assert session.writes()[0]["json"]["data"]["client_secret"] == "Stored-S3cret-from-another-run"
    assert shown(result)["client_secret"] == "********"


def test_a_409_with_another_secret_warns_and_returns_no_secret(session):
    state = {}
    session.route("GET", CLIENT_PATH, handler=lambda call: (200, envelope(state["c"])) if state else (404, None))
    session.route("POST", "/auth/v3/ops/clients", handler=lambda call: (
        state.update(c=dict(EXISTING)), (409, {"status": {"code": 409, "message": "client exists"}}))[1])
    session.route("POST", "/auth/v3/oauth/token", status=401, body={"status": {"code": 401, "message": "bad secret"}})
    result = run(session)
    assert "client_secret" not in result and result["changed"] is False
    assert any("created by another run" in warning for warning in take_warnings())
