# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._icws import IcwsSettings, alternate_url
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.plugins.modules import icws_server_info
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params

PASSWORD = "Icws-Secret-Pass-7"
CSRF = "WA1rZXZpbi5nbGluc2tpV0V4YW1wbGVYJDIyNjU0NDEwLTU4ZjltNDkyZC05ZDE4"
CONNECTED = {"csrfToken": CSRF, "sessionId": "857584001", "alternateHostList": ["cic1.example.com"],
             "userID": "kevin.glinski", "userDisplayName": "Kevin Glinski"}
FEATURES = {"featureInfoList": [{"featureId": "status", "version": 1}, {"featureId": "configuration", "version": 1},
                                {"featureId": "status", "version": 2}]}
VERSION = {"majorVersion": 4, "minorVersion": 0, "su": 6}
STATUS = {"userId": "kevin.glinski", "statusId": "Available", "statusChanged": "20140505T153146Z",
          "loggedIn": False, "onPhone": False}
SESSION_PATH = "/icws/857584001"


def params(**overrides):
    values = dict(icws_url="https://cic1.example.com", icws_username="kevin.glinski", icws_password=PASSWORD)
    values.update(overrides)
    return module_params(icws_server_info, **values)


def run(session, **overrides):
    return icws_server_info.run(params(**overrides), False, session=session)


def host(call):
    return call["url"].split("://", 1)[1].split("/", 1)[0]


def serve(session, connection=None):
    """A server in service at cic1: the connection, features, version, one user and the close."""
    session.route("POST", "/icws/connection", handler=connection or (lambda call: (201, CONNECTED)))
    session.route("GET", "/icws/connection/features", body=FEATURES)
    session.route("GET", "/icws/connection/features/status", body={"featureId": "status", "version": 2})
    session.route("GET", "/icws/connection/version", body=VERSION)
    session.route("GET", SESSION_PATH + "/status/user-statuses/kevin.glinski", body=STATUS)
    session.route("DELETE", SESSION_PATH + "/connection", status=204)


def closes(session):
    return [call for call in session.calls if call["method"] == "DELETE"]


def test_reads_the_server_and_closes_the_session(session):
    serve(session)
    result = run(session, required_features={"status": 2}, user_statuses=["kevin.glinski"])
    assert result["changed"] is False
    assert result["server"] == "https://cic1.example.com:8019"
    assert result["connection_attempts"] == [{"server": "https://cic1.example.com:8019", "status": 201}]
    assert result["features"] == {"status": 2, "configuration": 1}
    assert result["version"] == VERSION
    assert result["user_statuses"] == {"kevin.glinski": STATUS}
    assert result["session"]["sessionId"] == "857584001" and "csrfToken" not in result["session"]
    assert CSRF not in json.dumps(result) and PASSWORD not in json.dumps(result)
    connect = session.calls[0]
    assert connect["headers"]["Accept-Language"] == "en-us"
    assert connect["json"] == {"__type": "urn:inin.com:connection:icAuthConnectionRequestSettings",
                               "applicationName": "genesys.multicloud", "userID": "kevin.glinski", "password": PASSWORD}
    status_call = [call for call in session.calls if "user-statuses" in call["path"]][0]
    assert status_call["headers"]["ININ-ICWS-CSRF-Token"] == CSRF
    assert [call["headers"]["ININ-ICWS-CSRF-Token"] for call in closes(session)] == [CSRF]
    assert session.calls[-1]["method"] == "DELETE"


def test_follows_the_alternate_host_list_while_503(session):
    def connection(call):
        if host(call) == "cic1.example.com:8019":
            return 503, {"alternateHostList": ["cic2.example.com", "cic3.example.com"]}
        if host(call) == "cic2.example.com:8019":
            return 503, {"alternateHostList": ["cic1.example.com"]}
        return 201, CONNECTED

    serve(session, connection)
    result = run(session)
    assert result["server"] == "https://cic3.example.com:8019"
    assert [attempt["status"] for attempt in result["connection_attempts"]] == [503, 503, 201]
    # Every later request goes to the server that opened the session.
    assert {host(call) for call in session.calls[3:]} == {"cic3.example.com:8019"}
    assert len(closes(session)) == 1


def test_fails_naming_every_server_when_none_accepts(session):
    session.route("POST", "/icws/connection", status=503, body={"alternateHostList": ["cic2.example.com"]})
    with pytest.raises(GenesysError, match="no server accepted a session: https://cic1.example.com:8019 answered 503, "
                                           "https://cic2.example.com:8019 answered 503"):
        run(session)
    assert closes(session) == []


def test_a_wrong_password_names_the_user_and_not_the_password(session):
    session.route("POST", "/icws/connection", status=400, body={
        "errorId": "error.request.connection.authenticationFailure", "message": "The authentication process failed."})
    with pytest.raises(GenesysError) as failure:
        run(session)
    assert "refused the user name or password of kevin.glinski" in failure.value.message
    assert PASSWORD not in failure.value.message
    assert closes(session) == []


@pytest.mark.parametrize("status, meaning", [
    (401, "the session token is missing, invalid or expired"),
    (403, "the session user does not have permission to do this"),
    (410, "this resource has been deprecated and removed from the ICWS API"),
    (500, "an unexpected error occurred on the server"),
])
def test_an_error_after_connecting_is_explained_and_the_session_still_closed(session, status, meaning):
    serve(session)
    session.route("GET", SESSION_PATH + "/status/user-statuses/kevin.glinski", status=status,
                  body={"errorId": "error.x", "message": "said by the server"})
    with pytest.raises(GenesysError) as failure:
        run(session, user_statuses=["kevin.glinski"])
    assert meaning in failure.value.message and "said by the server (error.x)" in failure.value.message
    assert failure.value.status == status
    assert len(closes(session)) == 1


def test_required_features_name_every_shortfall(session):
    serve(session)
    session.route("GET", "/icws/connection/features/wfm", status=404, body={"errorId": "error.request.notFound"})
    with pytest.raises(GenesysError, match="status is at version 2 .at least 3 required.; wfm is not supported"):
        run(session, required_features={"status": 3, "wfm": 1})
    assert len(closes(session)) == 1


def test_an_unknown_user_fails(session):
    serve(session)
    with pytest.raises(GenesysError, match="has no user nobody"):
        run(session, user_statuses=["nobody"])
    assert len(closes(session)) == 1


def test_a_failed_close_after_success_is_a_warning(session):
    serve(session)
    session.route("DELETE", SESSION_PATH + "/connection", status=500, body={})
    result = run(session)
    assert result["features"]["status"] == 2
    assert "the ICWS session was not closed" in take_warnings()[0]


@pytest.mark.parametrize("overrides, message", [
    ({"required_features": {"status": "two"}}, "required_features: the version of status"),
    ({"required_features": {"status": 0}}, "required_features: the version of status"),
    ({"required_features": {"status": True}}, "required_features: the version of status"),
    ({"user_statuses": ["kevin.glinski", " "]}, "user_statuses: user ids must not be empty"),
    ({"icws_url": "cic1.example.com"}, "icws_url: must be"),
    ({"icws_url": "https://cic1.example.com/other"}, "icws_url: must be"),
])
def test_bad_input_fails_before_any_request(session, overrides, message):
    with pytest.raises(GenesysError, match=message):
        run(session, **overrides)
    assert session.calls == []


@pytest.mark.parametrize("url, expected", [
    ("https://cic1.example.com", "https://cic1.example.com:8019"),
    ("http://cic1.example.com", "http://cic1.example.com:8018"),
    ("https://cic1.example.com:9443/icws/", "https://cic1.example.com:9443"),
])
def test_the_documented_ports_are_the_defaults(session, url, expected):
    serve(session)
    assert run(session, icws_url=url)["server"] == expected


@pytest.mark.parametrize("entry, expected", [
    ("cic2.example.com", "https://cic2.example.com:8019"),
    ("cic2.example.com:9000", "https://cic2.example.com:9000"),
    ("[fe80::1]", "https://[fe80::1]:8019"),
])
def test_alternate_hosts_keep_scheme_and_port(entry, expected):
    assert alternate_url("https://cic1.example.com:8019", entry) == expected


def test_an_alternate_host_that_is_no_server_name_fails():
    with pytest.raises(GenesysError, match="not a server name"):
        alternate_url("https://cic1.example.com:8019", "cic2.example.com/path")


def test_a_refused_connection_request_is_followed_not_repeated():
    settings = IcwsSettings(retries=3)
    assert 503 not in settings.retry_policy(idempotent=False).status_forcelist
    assert 503 in settings.retry_policy(idempotent=True).status_forcelist
