"""PureConnect ICWS: C1-C5, the switchover pair and the status table's errors (seed 002)."""

import json

import pytest
import requests
from sandbox_helpers import CONFIG, running_sandbox

CONNECTION_TYPE = "urn:inin.com:connection:icAuthConnectionRequestSettings"
KEVIN = CONFIG["icws"]["users"][0]
AGENT = CONFIG["icws"]["users"][1]
LANGUAGE = {"Accept-Language": "en-us"}


def connection_body(user=KEVIN, **changes):
    body = {"__type": CONNECTION_TYPE, "applicationName": "sandbox tests", "userID": user["userID"], "password": user["password"]}
    body.update(changes)
    return body


def in_service(sandbox):
    return sandbox["icws_alternate_urls"][-1]


def icws_error(answer, status, error_id=None):
    """Assert an ICWS error body with ``status``; return its message."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) - {"alternateHostList"} == {"errorId", "message"}, body
    if error_id:
        assert body["errorId"] == error_id
    return body["message"]


class Session:
    """An open ICWS session: a requests session (which keeps the cookie) and the connection answer."""

    def __init__(self, url, user=KEVIN):
        self.url = url
        self.http = requests.Session()
        answer = self.http.post(url + "/icws/connection", headers=LANGUAGE, json=connection_body(user), timeout=15)
        assert answer.status_code == 201, answer.text
        self.answer = answer.json()
        self.id = self.answer["sessionId"]
        self.csrf = {"ININ-ICWS-CSRF-Token": self.answer["csrfToken"]}

    def status(self, user_id, headers=None, cookies=True):
        http = self.http if cookies else requests
        return http.get("%s/icws/%s/status/user-statuses/%s" % (self.url, self.id, user_id),
                        headers=self.csrf if headers is None else headers, timeout=15)

    def close(self, headers=None):
        return self.http.delete("%s/icws/%s/connection" % (self.url, self.id), headers=self.csrf if headers is None else headers,
                                timeout=15)


@pytest.fixture
def session(sandbox):
    opened = Session(in_service(sandbox))
    yield opened
    opened.close()


# ---- C1: sessions and the switchover pair --------------------------------------------------

def test_c1_the_first_server_sends_clients_to_the_alternate_hosts(sandbox):
    answer = requests.post(sandbox["icws_url"] + "/icws/connection", headers=LANGUAGE, json=connection_body(), timeout=15)
    icws_error(answer, 503, "error.server.unavailable")
    assert answer.json()["alternateHostList"] == ["127.0.0.2", "127.0.0.3"]
    # The next one is busy too and points on; the last one opens the session.
    second = requests.post(sandbox["icws_alternate_urls"][0] + "/icws/connection", headers=LANGUAGE, json=connection_body(), timeout=15)
    assert second.status_code == 503 and second.json()["alternateHostList"] == ["127.0.0.3"]
    assert sandbox["icws_alternate_urls"][0].split(":")[-1] == sandbox["icws_url"].split(":")[-1] == in_service(sandbox).split(":")[-1]


def test_c1_opens_a_session_with_csrf_token_and_cookie(sandbox):
    answer = requests.post(in_service(sandbox) + "/icws/connection", headers=LANGUAGE, json=connection_body(), timeout=15)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert set(body) == {"csrfToken", "sessionId", "alternateHostList", "userID", "userDisplayName"}
    assert body["userID"] == "kevin.glinski" and body["userDisplayName"] == "Kevin Glinski"
    assert body["alternateHostList"] == ["127.0.0.1", "127.0.0.2"]
    assert body["sessionId"].isdigit() and len(body["csrfToken"]) >= 40
    cookie = answer.cookies.get("icws_" + body["sessionId"])
    assert cookie and "Path=/icws/%s" % body["sessionId"] in answer.headers["set-cookie"]
    assert answer.headers["location"] == "/icws/%s/connection" % body["sessionId"]


def test_c1_takes_the_body_without_a_content_type_as_the_document_sends_it(sandbox):
    answer = requests.post(in_service(sandbox) + "/icws/connection", headers=dict(LANGUAGE, **{"Content-Type": "application/x-www-form-urlencoded"}),
                           data=json.dumps(connection_body()), timeout=15)
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("headers, body, error_id", [
    ({}, connection_body(), "error.request.missingHeader"),
    (LANGUAGE, None, "error.request.invalidRepresentation"),
    (LANGUAGE, connection_body(__type="urn:inin.com:connection:windowsAuthConnectionRequestSettings"), "error.request.invalidRepresentation"),
    (LANGUAGE, {key: value for key, value in connection_body().items() if key != "password"}, "error.request.invalidRepresentation"),
    (LANGUAGE, connection_body(station="x"), "error.request.invalidRepresentation"),
    (LANGUAGE, connection_body(password="wrong-password"), "error.request.connection.authenticationFailure"),
    (LANGUAGE, connection_body(userID="nobody"), "error.request.connection.authenticationFailure"),
])
def test_c1_refuses_bad_requests_and_credentials_with_400(sandbox, headers, body, error_id):
    answer = requests.post(in_service(sandbox) + "/icws/connection", headers=headers, timeout=15,
                           **({"json": body} if body is not None else {"data": "{not json"}))
    icws_error(answer, 400, error_id)
    assert "icws_" not in answer.headers.get("set-cookie", "")


def test_c1_a_new_session_of_the_same_user_ends_the_older_one(sandbox):
    first = Session(in_service(sandbox))
    second = Session(in_service(sandbox))
    icws_error(first.status("kevin.glinski"), 401, "error.request.connection.invalidSession")
    assert second.status("kevin.glinski").status_code == 200
    assert second.close().status_code == 204


# ---- C2, C3: features and version -----------------------------------------------------------

def test_c2_lists_every_feature_version(sandbox):
    answer = requests.get(in_service(sandbox) + "/icws/connection/features", timeout=15)
    assert answer.status_code == 200
    assert answer.json() == {"featureInfoList": CONFIG["icws"]["features"]}


def test_c2_one_feature_at_its_highest_version(sandbox):
    answer = requests.get(in_service(sandbox) + "/icws/connection/features/status", timeout=15)
    assert answer.status_code == 200 and answer.json() == {"featureId": "status", "version": 2}


def test_c2_an_unsupported_feature_is_404(sandbox):
    icws_error(requests.get(in_service(sandbox) + "/icws/connection/features/nothing", timeout=15), 404, "error.request.notFound")


def test_c3_version(sandbox):
    answer = requests.get(in_service(sandbox) + "/icws/connection/version", timeout=15)
    assert answer.status_code == 200 and answer.json() == CONFIG["icws"]["version"]


@pytest.mark.parametrize("path", ["/icws/connection/features", "/icws/connection/version"])
def test_c2_c3_only_the_server_in_service_answers(sandbox, path):
    for url in [sandbox["icws_url"]] + sandbox["icws_alternate_urls"][:-1]:
        icws_error(requests.get(url + path, timeout=15), 503, "error.server.unavailable")


# ---- C4: user statuses ----------------------------------------------------------------------

def test_c4_reads_a_status_with_csrf_token_and_cookie(session):
    answer = session.status("KEVIN.glinski")
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"userId": "kevin.glinski", "statusId": "Available", "statusChanged": "20140505T153146Z",
                             "loggedIn": True, "onPhone": False, "onPhoneChanged": "20140503T014837Z",
                             "icServers": [], "stations": []}


def test_c4_without_the_cookie_is_401(session):
    icws_error(session.status("kevin.glinski", cookies=False), 401, "error.request.connection.invalidSessionCookie")


@pytest.mark.parametrize("headers", [{}, {"ININ-ICWS-CSRF-Token": "forged"}])
def test_c4_without_the_csrf_token_is_401(session, headers):
    icws_error(session.status("kevin.glinski", headers=headers), 401, "error.request.connection.invalidCsrfToken")


def test_c4_an_unknown_session_is_401(sandbox, session):
    answer = session.http.get("%s/icws/%s/status/user-statuses/kevin.glinski" % (in_service(sandbox), "123456789"),
                              headers=session.csrf, timeout=15)
    icws_error(answer, 401, "error.request.connection.invalidSession")


def test_c4_an_unknown_user_is_404(session):
    icws_error(session.status("nobody"), 404, "error.request.notFound")


def test_c4_a_user_without_the_right_reads_only_its_own_status(sandbox):
    agent = Session(in_service(sandbox), AGENT)
    try:
        icws_error(agent.status("kevin.glinski"), 403, "error.request.accessDenied")
        assert agent.status("agent.one").json()["statusId"] == "Away from desk"
    finally:
        agent.close()


# ---- C5: closing ------------------------------------------------------------------------------

def test_c5_ends_the_session(sandbox):
    opened = Session(in_service(sandbox))
    answer = opened.close()
    assert answer.status_code == 204 and answer.content == b""
    icws_error(opened.status("kevin.glinski"), 401, "error.request.connection.invalidSession")
    icws_error(opened.close(), 401)


def test_c5_needs_the_csrf_token(session):
    icws_error(session.close(headers={}), 401, "error.request.connection.invalidCsrfToken")
    assert session.status("kevin.glinski").status_code == 200


# ---- the rest of the table, the request log ---------------------------------------------------

def test_unknown_paths_and_methods_are_404_in_the_icws_body(sandbox):
    icws_error(requests.get(in_service(sandbox) + "/icws/nothing", timeout=15), 404)
    icws_error(requests.put(in_service(sandbox) + "/icws/connection/version", timeout=15), 404)


@pytest.mark.parametrize("status", [410, 500])
def test_faults_reach_icws(sandbox, status):
    sandbox.fault("^/icws/connection/version$", status=status)
    assert requests.get(in_service(sandbox) + "/icws/connection/version", timeout=15).status_code == status
    assert requests.get(in_service(sandbox) + "/icws/connection/version", timeout=15).status_code == 200


def test_the_request_log_shows_icws_without_secrets(sandbox):
    last = sandbox.last_seq()
    Session(in_service(sandbox)).close()
    entries = sandbox.requests(last)
    assert [(entry["service"], entry["method"], entry["status"]) for entry in entries] == [
        ("icws", "POST", 201), ("icws", "DELETE", 204)]
    assert KEVIN["password"] not in json.dumps(entries)


def test_tls_covers_every_icws_host(other_db):
    with running_sandbox({"tls": True}, pg=other_db) as sandbox:
        assert sandbox["icws_url"].startswith("https://127.0.0.1:")
        answer = requests.post(sandbox["icws_alternate_urls"][-1] + "/icws/connection", headers=LANGUAGE,
                               json=connection_body(), verify=sandbox.verify, timeout=15)
        assert answer.status_code == 201, answer.text
        busy = requests.get(sandbox["icws_alternate_urls"][0] + "/icws/connection/version", verify=sandbox.verify, timeout=15)
        assert busy.status_code == 503
