# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import gws_token

TOKEN_PATH = "/auth/v3/oauth/token"
CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
ANSWER = {"access_token": "tok-123", "token_type": "bearer", "refresh_token": "ref-456", "expires_in": 43199, "scope": "*"}
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params


def params(**overrides):
    """Validated parameters as the module would receive them."""
    values = dict(auth_url="https://auth.example.com", gws_admin_username="ops", gws_admin_password="ops-pass",
                  oauth_client_secret="client-secret")
    values.update(overrides)
    values = module_params(gws_token, **values)
    return values


def run(session, check_mode=False, **overrides):
    return gws_token.run(params(**overrides), check_mode, session=session)


@pytest.fixture
def token_route(session):
    session.route("POST", TOKEN_PATH, body=ANSWER)
    return session


@pytest.mark.parametrize("check_mode", [False, True])
def test_tenant_user_logs_in_as_ccid_backslash_user(token_route, check_mode):
    result = run(token_route, check_mode=check_mode, ccid=CCID, username="nexus", password="user-pass")
    assert result == {"changed": False, "access_token": "tok-123", "token_type": "bearer", "expires_in": 43199, "scope": "*"}
    [call] = token_route.calls
    assert call["data"] == {"grant_type": "password", "client_id": "nexus_client",
                            "username": CCID + "\\nexus", "password": "user-pass"}
    assert call["auth"] == ("nexus_client", "client-secret")
    assert token_route.writes() == []


def test_return_token_false_proves_the_login_and_caches_the_token_only(token_route, tmp_path):
    cache = tmp_path / "tokens"
    result = run(token_route, ccid=CCID, username="nexus", password="user-pass", token_cache=str(cache), return_token=False)
    assert result == {"changed": False, "token_type": "bearer", "expires_in": 43199, "scope": "*"}
    # The token waits in the cache for the next task of the same login, which then sends no request.
    [cached] = cache.glob("*.json")
    assert "tok-123" in cached.read_text()
    again = run(token_route, ccid=CCID, username="nexus", password="user-pass", token_cache=str(cache))
    assert again["access_token"] == "tok-123" and len(token_route.calls) == 1


def test_without_username_the_admin_logs_in(token_route):
    run(token_route)
    assert token_route.calls[0]["data"]["username"] == "ops"
    assert token_route.calls[0]["data"]["password"] == "ops-pass"


def test_username_without_ccid_is_sent_as_given(token_route):
    run(token_route, username="ops2", password="p")
    assert token_route.calls[0]["data"]["username"] == "ops2"


def test_client_credentials(token_route):
    result = run(token_route, grant_type="client_credentials")
    assert result["access_token"] == "tok-123"
    assert token_route.calls[0]["data"]["grant_type"] == "client_credentials"
    assert "username" not in token_route.calls[0]["data"]


def test_refresh_token_is_not_returned(token_route):
    assert "refresh_token" not in run(token_route)


def test_refused_login_fails_with_status(session):
    session.route("POST", TOKEN_PATH, status=401, body={"status": {"code": 401, "message": "invalid username or password"}})
    with pytest.raises(GenesysError) as failure:
        run(session, ccid=CCID, username="nexus", password="wrong-pass")
    assert failure.value.status == 401
    assert "wrong-pass" not in failure.value.message


@pytest.mark.parametrize("overrides, field", [
    (dict(ccid="not-a-uuid", username="nexus", password="p"), "ccid"),
    (dict(ccid=CCID), "username"),
    (dict(username="nexus"), "password"),
    (dict(password="p"), "username"),
    (dict(grant_type="client_credentials", username="nexus"), "username"),
    (dict(gws_admin_password=None), "gws_admin_password"),
    (dict(oauth_client_secret=None), "oauth_client_secret"),
    (dict(auth_url=None), "auth_url"),
])
def test_bad_input_named_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []
