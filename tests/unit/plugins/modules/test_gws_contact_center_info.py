# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import gws_contact_center_info

PATH = "/environment/v3/contact-centers"
T100 = {"id": "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd", "environmentId": "e1", "domains": ["t100"], "auth": "configServer"}
T200 = {"id": "1b2c3d4e-6f70-4a81-92b3-200000000200", "environmentId": "e1", "domains": ["t200", "t200b"], "auth": "configServer"}
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params


def params(**overrides):
    """Validated parameters as the module would receive them."""
    values = dict(auth_url="https://auth.example.com", gws_admin_username="ops", gws_admin_password="ops-pass")
    values.update(overrides)
    values = module_params(gws_contact_center_info, **values)
    return values


def run(session, check_mode=False, **overrides):
    return gws_contact_center_info.run(params(**overrides), check_mode, session=session)


@pytest.fixture
def environment(session):
    # As the environment API answers: the data envelope without a status.
    session.route("GET", PATH, body={"data": {"contactCenters": [T100, T200]}})
    return session


@pytest.mark.parametrize("check_mode", [False, True])
def test_lists_contact_centers_as_admin(environment, check_mode):
    result = run(environment, check_mode=check_mode)
    assert result == {"changed": False, "contact_centers": [T100, T200]}
    assert environment.calls[0]["auth"] == ("ops", "ops-pass")
    assert environment.writes() == []


@pytest.mark.parametrize("domain, ccid", [("t100", T100["id"]), ("t200b", T200["id"])])
def test_finds_the_ccid_of_a_domain(environment, domain, ccid):
    result = run(environment, domain=domain)
    assert result["ccid"] == ccid
    assert domain in result["contact_center"]["domains"]


def test_unknown_domain_fails_naming_no_other_tenant(environment):
    with pytest.raises(GenesysError) as error:
        run(environment, domain="t999")
    assert error.value.message == ("domain: none of the 2 contact centers of the environment has the domain 't999': "
                                   "check the tenant name")


def test_ambiguous_domain_fails_naming_no_contact_center(session):
    session.route("GET", PATH, body={"data": {"contactCenters": [T100, dict(T200, domains=["t100", "t200"])]}})
    with pytest.raises(GenesysError) as error:
        run(session, domain="t100")
    assert error.value.message == "domain: 2 of the 2 contact centers of the environment have the domain 't100', which must name one"
    assert T100["id"] not in error.value.message and "t200" not in error.value.message


@pytest.mark.parametrize("overrides, field", [(dict(domain=" "), "domain"), (dict(gws_admin_username=None), "gws_admin_username")])
def test_bad_input_named_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []


def test_given_contact_centers_are_searched_without_a_request(session):
    result = run(session, domain="t200b", contact_centers=[T100, T200], gws_admin_password=None)
    assert result["ccid"] == T200["id"] and result["contact_centers"] == [T100, T200]
    assert session.calls == []


def test_a_domain_missing_from_given_contact_centers_fails_as_after_a_read(session):
    with pytest.raises(GenesysError, match="none of the 2 contact centers .* 't300': check the tenant name"):
        run(session, domain="t300", contact_centers=[T100, T200])
    assert session.calls == []
