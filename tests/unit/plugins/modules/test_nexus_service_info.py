# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_service_info
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
SERVICES = "/nexus/v3/provisioning/services/" + CCID
UCS = {"url": "https://ucs.example.com", "data": {}}


def run(session, **overrides):
    values = dict(nexus_url="https://nexus.example.com", api_key="cluster-key", ccid=CCID, name=None)
    values.update(overrides)
    values = module_params(nexus_service_info, **values)
    session.route("GET", SERVICES, body=envelope([dict(UCS, name="PlatformUCS")]))
    session.route("GET", SERVICES + "/PlatformUCS", body=envelope(UCS))
    return nexus_service_info.run(values, False, session=session)


def test_lists_the_services(session):
    result = run(session)
    assert result == {"changed": False, "services": [dict(UCS, name="PlatformUCS")]}
    assert session.calls[0]["headers"]["x-ccid"] == CCID


def test_reads_one_service(session):
    result = run(session, name="PlatformUCS")
    assert result == {"changed": False, "exists": True, "service": dict(UCS, name="PlatformUCS"),
                      "services": [dict(UCS, name="PlatformUCS")]}


def test_a_missing_service_does_not_exist(session):
    assert run(session, name="SMS") == {"changed": False, "exists": False, "services": []}


@pytest.mark.parametrize("overrides, field", [({"ccid": "x"}, "ccid"), ({"api_key": None}, "api_key")])
def test_bad_input_fails_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []
