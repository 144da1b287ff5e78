# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tokens: given, obtained, cached, and obtained again once after a 401."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
import time

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils import _tokens
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._tokens import (
    admin_credential, tenant_credential, tenant_username)
from ansible_collections.genesys.multicloud.tests.unit.fake_http import ScriptedSession, envelope

TOKEN_PATH = "/auth/v3/oauth/token"
CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
TENANT_PATH = "/nexus/v3/provisioning/tenants/" + CCID


def params(**values):
    base = dict(auth_url="https://auth.example.com", oauth_client_id="nexus_client", oauth_client_secret="cs",
                nexus_url="https://nexus.example.com", token=None, token_cache=None, timeout=30,
                validate_certs=True, ca_path=None, retries=0, api_key=None, username="nexus", password="pw",
                gws_admin_username="ops", gws_admin_password="ops-pass")
    base.update(values)
    return base


def grants(session, lifetime=3600):
    """Answer A6 with a new token each time: tok-1, tok-2, ..."""
    def grant(call):
        grants.count += 1
        return 200, {"access_token": "tok-%d" % grants.count, "token_type": "bearer", "expires_in": lifetime}
    grants.count = 0
    session.route("POST", TOKEN_PATH, handler=grant)


def token_calls(session):
    return [call for call in session.calls if call["path"] == TOKEN_PATH]


def test_tenant_username_has_one_backslash():
    assert tenant_username("cc-1", "nexus") == "cc-1\\nexus"
    assert len(tenant_username("c", "u")) == 3


def test_a_given_token_is_used_without_a_request(session):
    assert tenant_credential(params(token="given"), CCID, "nexus", "pw", session=session).token() == "given"
    assert session.calls == []


def test_a_tenant_token_is_obtained_with_the_password_grant(session):
    grants(session)
    assert tenant_credential(params(), "cc-1", "nexus", "pw", session=session).token() == "tok-1"
    call = session.calls[0]
    assert call["auth"] == ("nexus_client", "cs")
    assert call["data"] == {"grant_type": "password", "client_id": "nexus_client", "username": "cc-1\\nexus", "password": "pw"}


def test_a_token_answer_without_a_token_is_an_error_not_a_crash(session):
    session.route("POST", TOKEN_PATH, body={"token_type": "bearer"})
    with pytest.raises(GenesysError, match="without an access_token"):
        tenant_credential(params(), "cc-1", "nexus", "pw", session=session).token()


def test_refused_credentials_are_named_without_the_password(session):
    session.route("POST", TOKEN_PATH, status=401, body={"status": {"code": 401, "message": "invalid username or password"}})
    with pytest.raises(GenesysError) as error:
        tenant_credential(params(), CCID, "nexus", "Secret-Pa55", session=session).token()
    assert error.value.message == (
        "GWS refused the tenant user '%s\\nexus': check the username and password "
        "(Genesys Auth answered HTTP 401: invalid username or password)" % CCID)
    with pytest.raises(GenesysError, match="^GWS refused the GWS admin 'ops': check gws_admin_username and gws_admin_password"):
        admin_credential(params(), session=session).token()


def test_the_cache_serves_one_token_per_login_in_0600_files(session, tmp_path):
    grants(session)
    cache = tmp_path / "tokens"
    first = tenant_credential(params(token_cache=str(cache)), CCID, "nexus", "pw", session=session).token()
    again = tenant_credential(params(token_cache=str(cache)), CCID, "nexus", "pw", session=session).token()
    other = tenant_credential(params(token_cache=str(cache)), CCID, "other", "pw", session=session).token()
    admin = admin_credential(params(token_cache=str(cache)), session=session).token()
    assert (first, again, other, admin) == ("tok-1", "tok-1", "tok-2", "tok-3")
    assert len(token_calls(session)) == 3
    files = sorted(name for name in os.listdir(cache) if name.endswith(".json"))
    assert len(files) == 3 and all(len(name) == 64 + 5 for name in files)
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert all(stat.S_IMODE(os.stat(cache / name).st_mode) == 0o600 for name in files)
    # No name, URL or password in the directory listing or the files.
    assert not any(word in json.dumps(os.listdir(cache)) for word in ("nexus", "ops", CCID))
    assert "pw" not in "".join((cache / name).read_text() for name in files).replace('"expires_in"', "")


def test_a_changed_password_is_tried_at_once_not_hidden_by_a_cached_token(session, tmp_path):
    grants(session)
    cache = str(tmp_path)
    assert tenant_credential(params(token_cache=cache), CCID, "nexus", "pw", session=session).token() == "tok-1"
    assert tenant_credential(params(token_cache=cache), CCID, "nexus", "new-pw", session=session).token() == "tok-2"
    assert [call["data"]["password"] for call in token_calls(session)] == ["pw", "new-pw"]
    # The file is named by the login, not by its secrets: the new token replaces the old one.
    assert len([name for name in os.listdir(cache) if name.endswith(".json")]) == 1


def test_check_mode_creates_no_cache_but_uses_one_that_exists(session, tmp_path):
    grants(session)
    cache = tmp_path / "tokens"
    assert admin_credential(params(token_cache=str(cache)), session=session, check_mode=True).token() == "tok-1"
    assert not cache.exists()
    assert admin_credential(params(token_cache=str(cache)), session=session).token() == "tok-2"
    assert admin_credential(params(token_cache=str(cache)), session=session, check_mode=True).token() == "tok-2"
    nexus = NexusClient.for_tenant_user(params(token_cache=str(tmp_path / "other")), CCID, session=session, check_mode=True)
    session.route("GET", TENANT_PATH, body=envelope({"id": CCID}))
    assert nexus.get_tenant(CCID) == {"id": CCID}
    assert not (tmp_path / "other").exists() and len(token_calls(session)) == 3


def test_a_token_near_its_expiry_is_not_served_from_the_cache(session, tmp_path, monkeypatch):
    grants(session, lifetime=100)
    cache = str(tmp_path)
    assert tenant_credential(params(token_cache=cache), CCID, "nexus", "pw", session=session).token() == "tok-1"
    now = time.time()
    # A lifetime of 100 s is used for 50 s (half of it, being shorter than the margin of 60 s).
    monkeypatch.setattr(_tokens.time, "time", lambda: now + 45)
    assert tenant_credential(params(token_cache=cache), CCID, "nexus", "pw", session=session).token() == "tok-1"
    monkeypatch.setattr(_tokens.time, "time", lambda: now + 55)
    assert tenant_credential(params(token_cache=cache), CCID, "nexus", "pw", session=session).token() == "tok-2"


def test_a_401_obtains_a_new_token_once_updates_the_cache_and_retries(session, tmp_path):
    grants(session)
    cache = str(tmp_path)
    # A token cached by an earlier run, which the service no longer takes.
    tenant_credential(params(token_cache=cache), CCID, "nexus", "pw", session=session).token()
    session.route("GET", TENANT_PATH, handler=lambda call: (
        (200, envelope({"id": CCID})) if call["headers"]["Authorization"] == "Bearer tok-2"
        else (401, {"status": {"code": 401, "message": "access token expired"}})))
    nexus = NexusClient.for_tenant_user(params(token_cache=cache), CCID, session=session)
    assert nexus.get_tenant(CCID) == {"id": CCID}
    assert [call["headers"]["Authorization"] for call in session.calls if call["path"] == TENANT_PATH] == [
        "Bearer tok-1", "Bearer tok-2"]
    # The next client takes the new token from the cache.
    assert tenant_credential(params(token_cache=cache), CCID, "nexus", "pw", session=session).token() == "tok-2"
    assert len(token_calls(session)) == 2


def test_a_given_token_refused_is_replaced_by_one_from_the_credentials(session):
    grants(session)
    session.route("GET", "/nexus/v3/apikeys", handler=lambda call: (
        (200, envelope([])) if call["headers"]["Authorization"] == "tok-1" else (401, None)))
    nexus = NexusClient.for_tenant_user(params(token="stale"), CCID, session=session)
    assert nexus.list_apikeys() == []


def test_a_second_401_fails_naming_the_credential(session):
    grants(session)
    session.route("POST", "/nexus/v3/apikeys", status=401, body={"status": {"code": 401, "message": "not accepted"}})
    nexus = NexusClient.for_admin(params(), session=session)
    with pytest.raises(GenesysError) as error:
        nexus.create_apikey({"tenant": "*"})
    assert error.value.status == 401
    assert "refused a new token of the GWS admin 'ops' too" in error.value.message
    assert "ops-pass" not in error.value.message
    assert len([call for call in session.calls if call["path"] == "/nexus/v3/apikeys"]) == 2
    assert len(token_calls(session)) == 2


def test_a_given_token_alone_refused_says_to_give_a_new_one(session):
    session.route("GET", TENANT_PATH, status=401)
    nexus = NexusClient.for_tenant_user(params(token="stale", username=None, password=None), CCID, session=session)
    with pytest.raises(GenesysError, match="refused the given token, which may have expired"):
        nexus.get_tenant(CCID)
    assert len(session.calls) == 1


def _obtain(cache, start, results):
    session = ScriptedSession()

    def grant(call):
        time.sleep(0.2)  # long enough for the other process to reach the cache
        return 200, {"access_token": "tok-%d" % os.getpid(), "expires_in": 3600}

    session.route("POST", TOKEN_PATH, handler=grant)
    start.wait()
    token = admin_credential(params(token_cache=cache), session=session).token()
    results.put((token, len(session.calls)))


def test_parallel_runs_share_one_admin_token(tmp_path):
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_obtain, args=(str(tmp_path), start, results)) for index in range(3)]
    for worker in workers:
        worker.start()
    start.set()
    got = [results.get(timeout=30) for worker in workers]
    for worker in workers:
        worker.join(30)
    assert len(set(token for token, _calls in got)) == 1
    assert sorted(calls for _token, calls in got) == [0, 0, 1]
