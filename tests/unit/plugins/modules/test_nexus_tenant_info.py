# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_tenant_info
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
TENANT_PATH = "/nexus/v3/provisioning/tenants/" + CCID
EXISTING = {"id": CCID, "name": "t100", "type": "PureEngage", "backendurl": "https://gws.example.com",
            "username": "nexus", "genesystemenantid": 1}


def run(session, **overrides):
    values = dict(nexus_url="https://nexus.example.com", auth_url="https://auth.example.com",
                  oauth_client_secret="client-s3cret", ccid=CCID, username="nexus", password="Tenant-Pa55")
    values.update(overrides)
    values = module_params(nexus_tenant_info, **values)
    return nexus_tenant_info.run(values, False, session=session)


def test_reads_the_tenant_with_an_obtained_token(session):
    session.route("POST", "/auth/v3/oauth/token", body={"access_token": "tenant-token", "token_type": "bearer"})
    session.route("GET", TENANT_PATH, body=envelope(EXISTING))
    result = run(session)
    assert result == {"changed": False, "exists": True, "tenant": EXISTING}
    assert session.calls[0]["data"]["username"] == CCID + "\\nexus"
    assert session.calls[1]["headers"]["Authorization"] == "Bearer tenant-token"
    assert session.writes() == []


def test_a_missing_tenant_does_not_exist(session):
    session.route("GET", TENANT_PATH, status=404)
    assert run(session, token="given-token") == {"changed": False, "exists": False}


@pytest.mark.parametrize("overrides, field", [
    ({"ccid": "t100"}, "ccid"),
    ({"password": None}, "password"),
])
def test_bad_input_fails_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []
