"""Luware TeamManager: L1-L7 behind the api_key header and the key's roles (seed 004)."""

import json

import pytest
import requests
from sandbox_helpers import CONFIG

KEYS = {"full": "6f1c2a77-tm-full-access-key", "teams": "0b9d4e12-tm-teams-only-key", "expired": "7a3e5c90-tm-expired-key"}
SALES, SUPPORT, ARCHIVE = (dict((key, value) for key, value in team.items() if key != "members") for team in CONFIG["luware_tm"]["teams"])
KEVIN, AGENT = CONFIG["luware_tm"]["users"]


def tm(sandbox, path, key="full", **kwargs):
    headers = {"api_key": KEYS.get(key, key)} if key else {}
    return requests.get(sandbox["tm_url"] + path, headers=headers, timeout=15, **kwargs)


def ok(answer):
    assert answer.status_code == 200, answer.text
    return answer.json()


def tm_error(answer, status, message=None):
    """Assert the document's error body with ``status``; return its message."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"Error"} and set(body["Error"]) == {"Code", "Message"}, body
    if message is not None:
        assert body["Error"]["Message"] == message
    return body["Error"]["Message"]


def test_the_keys_the_tests_use_are_the_configured_ones():
    assert [key["key"] for key in CONFIG["luware_tm"]["api_keys"]] == list(KEYS.values())


# ---- the Teams area: L1-L4 ----------------------------------------------------------------------

def test_l1_every_team(sandbox):
    assert ok(tm(sandbox, "/v1.0/teams")) == [SALES, SUPPORT, ARCHIVE]


@pytest.mark.parametrize("status, expected", [("Active", [SALES, SUPPORT]), ("Inactive", [ARCHIVE])])
def test_l1_teams_of_a_status(sandbox, status, expected):
    assert ok(tm(sandbox, "/v1.0/teams", params={"status": status})) == expected


def test_l1_an_unknown_status_is_400(sandbox):
    assert tm_error(tm(sandbox, "/v1.0/teams", params={"status": "Sleeping"}), 400).startswith("The status 'Sleeping' is not valid")


@pytest.mark.parametrize("identifier", [SALES["Id"], SALES["Id"].upper(), "Sales", "sales"])
def test_l2_one_team_by_id_or_name(sandbox, identifier):
    assert ok(tm(sandbox, "/v1.0/teams/" + identifier)) == SALES


def test_l2_an_unknown_team_is_404(sandbox):
    tm_error(tm(sandbox, "/v1.0/teams/Nobody"), 404, "Team 'Nobody' not found.")


def test_l3_teams_of_a_member(sandbox):
    assert ok(tm(sandbox, "/v1.0/teams/bymember/AGENT.ONE")) == [SALES, SUPPORT]
    assert ok(tm(sandbox, "/v1.0/teams/bymember/" + KEVIN["Id"])) == [SALES]


def test_l3_an_unknown_member_is_404(sandbox):
    tm_error(tm(sandbox, "/v1.0/teams/bymember/nobody"), 404, "User 'nobody' not found.")


def test_l4_teams_of_a_unit_and_its_children(sandbox):
    assert ok(tm(sandbox, "/v1.0/organizationunits/ou-emea/teams")) == [SALES, SUPPORT]
    assert ok(tm(sandbox, "/v1.0/organizationunits/ou-emea-sales/teams")) == [SALES]


def test_l4_an_unknown_unit_is_404(sandbox):
    tm_error(tm(sandbox, "/v1.0/organizationunits/ou-mars/teams"), 404)


# ---- the Users area: L5-L7 ----------------------------------------------------------------------

def test_l5_members_of_a_team(sandbox):
    assert ok(tm(sandbox, "/v1.0/teams/Sales/users")) == [KEVIN, AGENT]
    assert ok(tm(sandbox, "/v1.0/teams/Archive/users")) == []


def test_l5_an_unknown_team_is_404(sandbox):
    tm_error(tm(sandbox, "/v1.0/teams/Nobody/users"), 404)


def test_l6_every_user(sandbox):
    assert ok(tm(sandbox, "/v1.0/users")) == [KEVIN, AGENT]


@pytest.mark.parametrize("identifier", ["kevin.glinski", "Kevin.Glinski", KEVIN["Id"]])
def test_l7_one_user_case_insensitive(sandbox, identifier):
    assert ok(tm(sandbox, "/v1.0/users/" + identifier)) == KEVIN


def test_l7_an_unknown_user_is_404(sandbox):
    tm_error(tm(sandbox, "/v1.0/users/nobody"), 404)


# ---- the api_key header and the roles -------------------------------------------------------------

PATHS = {"Teams": ["/v1.0/teams", "/v1.0/teams/Sales", "/v1.0/teams/bymember/agent.one", "/v1.0/organizationunits/ou-emea/teams"],
         "Users": ["/v1.0/teams/Sales/users", "/v1.0/users", "/v1.0/users/agent.one"]}
EVERY_PATH = PATHS["Teams"] + PATHS["Users"]


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_missing_header_is_the_documented_401(sandbox, path):
    answer = tm(sandbox, path, key=None)
    assert answer.status_code == 401
    assert answer.json() == {"Error": {"Code": "Unauthorized", "Message": "Header 'api_key' not found."}}


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_wrong_key_is_401(sandbox, path):
    tm_error(tm(sandbox, path, key="11111111-not-a-key"), 401, "The API key is not valid.")


@pytest.mark.parametrize("path", EVERY_PATH)
def test_an_expired_key_is_401(sandbox, path):
    tm_error(tm(sandbox, path, key="expired"), 401, "The API key has expired.")


@pytest.mark.parametrize("path", PATHS["Users"])
def test_a_key_without_a_users_role_is_401(sandbox, path):
    tm_error(tm(sandbox, path, key="teams"), 401, "The API key has no role for the Users area.")


@pytest.mark.parametrize("path", PATHS["Teams"])
def test_a_teams_key_reads_teams(sandbox, path):
    ok(tm(sandbox, path, key="teams"))


def test_the_header_name_is_api_key_exactly(sandbox):
    answer = requests.get(sandbox["tm_url"] + "/v1.0/users", headers={"api-key": KEYS["full"]}, timeout=15)
    tm_error(answer, 401, "Header 'api_key' not found.")


def test_unknown_paths_and_writes_are_404_in_the_error_body(sandbox):
    tm_error(tm(sandbox, "/v1.0/nothing"), 404)
    tm_error(requests.post(sandbox["tm_url"] + "/v1.0/teams", headers={"api_key": KEYS["full"]}, timeout=15), 404)


def test_tm_serves_only_its_port(sandbox):
    assert requests.get(sandbox["nexus_url"] + "/v1.0/teams", headers={"api_key": KEYS["full"]}, timeout=15).status_code == 404


def test_the_request_log_shows_the_kind_of_credential_not_the_key(sandbox):
    last = sandbox.last_seq()
    tm(sandbox, "/v1.0/users")
    tm(sandbox, "/v1.0/users", key=None)
    entries = sandbox.requests(last)
    assert [(entry["service"], entry["status"], entry["credential"]) for entry in entries] == [
        ("tm", 200, "api-key"), ("tm", 401, "none")]
    assert KEYS["full"] not in json.dumps(entries)
