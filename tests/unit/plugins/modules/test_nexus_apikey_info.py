# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_apikey_info
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
KEYS = [
    {"id": "k1", "tenant": "*", "name": "Cluster API key", "permissions": ["nexus:cluster:*"], "revoked": False},
    {"id": "k2", "tenant": CCID, "name": "Designer API key", "permissions": ["nexus:designer:chat"], "revoked": False},
    {"id": "k3", "tenant": CCID, "name": "Designer API key", "permissions": ["nexus:designer:chat"], "revoked": True},
]


def run(session, **overrides):
    values = dict(nexus_url="https://nexus.example.com", auth_url="https://auth.example.com",
                  oauth_client_secret="client-s3cret", gws_admin_username="ops", gws_admin_password="ops-pass")
    values.update(overrides)
    values = module_params(nexus_apikey_info, **values)
    session.route("POST", "/auth/v3/oauth/token", body={"access_token": "obtained-token", "token_type": "bearer"})
    session.route("GET", "/nexus/v3/apikeys", body=envelope(KEYS))
    return nexus_apikey_info.run(values, False, session=session)


def ids(result):
    return [key["id"] for key in result["apikeys"]]


def test_lists_live_keys_with_the_admin_token(session):
    result = run(session)
    assert result["changed"] is False and ids(result) == ["k1", "k2"]
    assert session.calls[0]["data"]["username"] == "ops"
    assert session.writes() == []


@pytest.mark.parametrize("overrides, expected", [
    ({"tenant": "*"}, ["k1"]),
    ({"tenant": CCID.upper()}, ["k2"]),
    ({"name": "Designer API key", "include_revoked": True}, ["k2", "k3"]),
    ({"name": "nothing"}, []),
])
def test_filters(session, overrides, expected):
    assert ids(run(session, **overrides)) == expected


def test_a_tenant_user_lists_with_a_tenant_token(session):
    run(session, tenant=CCID, username="nexus", password="Tenant-Pa55")
    assert session.calls[0]["data"]["username"] == CCID + "\\nexus"


def test_a_given_token_is_used_as_is(session):
    run(session, token="given", tenant=CCID, username="nexus", password="Tenant-Pa55")
    assert [c["method"] for c in session.calls] == ["GET"]
    assert session.calls[0]["headers"]["Authorization"] == "given"


def test_bad_tenant_fails_before_any_request(session):
    with pytest.raises(GenesysError, match="tenant"):
        run(session, tenant="t100")
    assert session.calls == []
