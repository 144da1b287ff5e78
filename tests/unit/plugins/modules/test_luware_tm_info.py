# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import luware_tm_info
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params

KEY = "6f1c2a77-0d4e-4b7a-9c1f-tm-api-key"
SALES = {"Id": "t-1", "Name": "Sales", "Status": "Active"}
KEVIN = {"Id": "u-1", "UserName": "kevin.glinski", "Name": "Kevin Glinski"}


def unauthorized(message):
    return {"Error": {"Code": "Unauthorized", "Message": message}}


def params(**overrides):
    values = dict(tm_url="https://tm1.example.com", tm_api_key=KEY)
    values.update(overrides)
    return module_params(luware_tm_info, **values)


def run(session, **overrides):
    return luware_tm_info.run(params(**overrides), False, session=session)


def test_reads_only_what_is_asked_with_the_key(session):
    session.route("GET", "/v1.0/teams", body=[SALES])
    session.route("GET", "/v1.0/users/KEVIN.glinski", body=KEVIN)
    result = run(session, teams=True, team_status="Active", user="KEVIN.glinski")
    assert result == {"changed": False, "teams": [SALES], "user": KEVIN}
    assert [call["path"] for call in session.calls] == ["/v1.0/teams", "/v1.0/users/KEVIN.glinski"]
    assert session.calls[0]["params"] == {"status": "Active"}
    assert all(call["headers"] == {"api_key": KEY} for call in session.calls)
    assert session.calls[0]["url"].startswith("https://tm1.example.com:6444/")


@pytest.mark.parametrize("option, path", [
    ("team", "/v1.0/teams/Sales"),
    ("team_members", "/v1.0/teams/Sales/users"),
    ("member_teams", "/v1.0/teams/bymember/Sales"),
    ("organization_unit_teams", "/v1.0/organizationunits/Sales/teams"),
    ("user", "/v1.0/users/Sales"),
])
def test_each_identified_read_has_its_request_and_404_is_null(session, option, path):
    assert run(session, **{option: "Sales"}) == {"changed": False, option: None}
    assert [call["path"] for call in session.calls] == [path]


def test_an_identifier_is_one_path_segment(session):
    run(session, team="a/b")
    assert session.calls[0]["path"] == "/v1.0/teams/a%2Fb"


def test_a_key_without_the_role_after_an_accepted_request(session):
    session.route("GET", "/v1.0/teams", body=[SALES])
    session.route("GET", "/v1.0/users", status=401, body=unauthorized("no role"))
    with pytest.raises(GenesysError) as failure:
        run(session, teams=True, users=True)
    message = failure.value.message
    assert "the API key is valid" in message and "lack the Users area" in message
    assert "UsersReadonly or UsersControl" in message and "TM says: no role" in message
    assert failure.value.status == 401 and failure.value.api_message == "no role"


def test_a_refused_key_on_the_first_request(session):
    session.route("GET", "/v1.0/teams/Sales", status=401, body=unauthorized("The API key is not valid."))
    with pytest.raises(GenesysError, match=r"the API key is wrong or expired, or its roles lack the Teams area \(role TeamsReadonly\)"):
        run(session, team="Sales")


def test_the_missing_header_answer(session):
    session.route("GET", "/v1.0/users", status=401, body=unauthorized("Header 'api_key' not found."))
    with pytest.raises(GenesysError, match="the api_key header did not reach TM"):
        run(session, users=True)


def test_other_errors_carry_the_message(session):
    session.route("GET", "/v1.0/teams", status=400, body={"Error": {"Code": "BadRequest", "Message": "bad status"}})
    with pytest.raises(GenesysError, match="HTTP 400: bad status"):
        run(session, teams=True, team_status="Unknown")


@pytest.mark.parametrize("overrides, message", [
    ({}, "nothing to read"),
    ({"team_status": "Active"}, "team_status: filters the list of teams, so it needs teams: true"),
    ({"team": " "}, "team: must not be empty"),
    ({"users": True, "tm_url": "tm1.example.com"}, "tm_url: must be"),
])
def test_bad_input_fails_before_any_request(session, overrides, message):
    with pytest.raises(GenesysError, match=message):
        run(session, **overrides)
    assert session.calls == []


def test_a_given_port_is_kept(session):
    run(session, tm_url="http://tm1.example.com:8080", users=True)
    assert session.calls[0]["url"] == "http://tm1.example.com:8080/v1.0/users"
