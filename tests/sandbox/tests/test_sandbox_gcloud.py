"""Genesys Cloud, docs/api.md section 5: G1 (token), G2 (list), G3 (search), G4 (order)."""

import hashlib
import time

import pytest
import requests
from sandbox_helpers import CONFIG

NUMBERS = "/api/v2/messaging/sms/provisioning/tollfreenumbers/"
AVAILABLE = NUMBERS + "available"
FIRST, SECOND = CONFIG["gcloud"]["clients"]
POOL = CONFIG["gcloud"]["available_numbers"]
CCID = CONFIG["contact_centers"][0]["id"]
GMA_KEY = "9b7682b7-cbce-422f-9b0b-ecda85e61695"


class Cloud:
    """Plain calls to the sandbox's Genesys Cloud hosts."""

    def __init__(self, sandbox):
        self.sb = sandbox

    def login(self, method, path, **kwargs):
        return requests.request(method, self.sb["gcloud_login_url"] + path, verify=self.sb.verify, timeout=15, **kwargs)

    def api(self, method, path, token=None, **kwargs):
        if token is not None:
            kwargs.setdefault("headers", {})["Authorization"] = "Bearer " + token
        return requests.request(method, self.sb["gcloud_api_url"] + path, verify=self.sb.verify, timeout=15, **kwargs)

    def token(self, client=None):
        client = client or FIRST
        answer = self.login("POST", "/oauth/token", auth=(client["client_id"], client["client_secret"]),
                            data={"grant_type": "client_credentials"})
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    def configure(self, **settings):
        return self.sb.admin("POST", "/sandbox/gcloud/config", json=settings)

    def state(self):
        return self.sb.admin("GET", "/sandbox/gcloud")


def order_body(number=POOL[0], **changes):
    body = {"tollfreeNumber": number, "comment": "Nexus Premise ACME Corp",
            "moUrl": "https://nexus.example.com/nexus/v3/sms/message", "drUrl": "https://nexus.example.com/nexus/v3/sms/receipt",
            "webhookUsername": CCID, "webhookPassword": GMA_KEY, "emailAddress": "sms.admin@acme.test.com"}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


@pytest.fixture
def gc(g):
    """A clean sandbox (the fixture g resets it) seen as Genesys Cloud."""
    return Cloud(g.sb)


def gc_error(answer, status, code):
    """Assert Genesys Cloud's error shape with ``status`` and ``code``; return its message."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"message", "code", "status", "contextId", "details", "errors"}, body
    assert body["status"] == status and body["code"] == code
    assert body["message"]
    return body["message"]


def oauth_error(answer, status, error):
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"error", "description", "error_description"} and body["error"] == error, body
    return body["error_description"]


# ---- G1 ---------------------------------------------------------------------------------

def test_g1_client_credentials_token(gc):
    answer = gc.login("POST", "/oauth/token", auth=(FIRST["client_id"], FIRST["client_secret"]),
                      data={"grant_type": "client_credentials"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer" and body["expires_in"] == CONFIG["gcloud"]["token_lifetime"] - 1
    assert gc.api("GET", NUMBERS, token=body["access_token"]).status_code == 200


@pytest.mark.parametrize("auth", [None, (FIRST["client_id"], "wrong"), ("unknown-client", FIRST["client_secret"])])
def test_g1_refuses_a_wrong_client(gc, auth):
    answer = gc.login("POST", "/oauth/token", auth=auth, data={"grant_type": "client_credentials"})
    oauth_error(answer, 401, "invalid_client")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"data": {"grant_type": "password"}}, "unsupported_grant_type", "client_credentials"),
    ({"data": {}}, "invalid_request", "the body must be"),
    ({"data": {"grant_type": "client_credentials", "scope": "*"}}, "invalid_request", "unknown parameter: scope"),
    ({"json": {"grant_type": "client_credentials"}}, "invalid_request", "application/x-www-form-urlencoded"),
    ({"params": {"grant_type": "client_credentials"}}, "invalid_request", "query string"),
])
def test_g1_refuses_a_bad_request(gc, kwargs, error, message):
    answer = gc.login("POST", "/oauth/token", auth=(FIRST["client_id"], FIRST["client_secret"]), **kwargs)
    assert message in oauth_error(answer, 400, error)


def test_g1_is_on_the_login_host_only(gc):
    answer = gc.api("POST", "/oauth/token", auth=(FIRST["client_id"], FIRST["client_secret"]),
                    data={"grant_type": "client_credentials"})
    gc_error(answer, 404, "not.found")
    assert gc.login("GET", NUMBERS).status_code == 404


# ---- tokens on G2-G4 --------------------------------------------------------------------

def test_the_api_needs_a_live_token(gc, g):
    gc_error(gc.api("GET", NUMBERS), 401, "bad.credentials")
    gc_error(gc.api("GET", NUMBERS, token="not-a-token"), 401, "bad.credentials")
    # A Genesys Auth (Multicloud) token is not a Genesys Cloud token.
    g.environment()
    gc_error(gc.api("GET", NUMBERS, token=g.client_token()), 401, "bad.credentials")


def test_a_token_expires(gc):
    assert gc.configure(token_lifetime=1)["token_lifetime"] == 1
    answer = gc.login("POST", "/oauth/token", auth=(FIRST["client_id"], FIRST["client_secret"]),
                      data={"grant_type": "client_credentials"})
    assert answer.json()["expires_in"] == 0
    token = answer.json()["access_token"]
    assert gc.api("GET", NUMBERS, token=token).status_code == 200
    time.sleep(1.2)
    gc_error(gc.api("GET", NUMBERS, token=token), 401, "bad.credentials")
    gc.configure(token_lifetime=3600)
    assert gc.api("GET", NUMBERS, token=gc.token()).status_code == 200


# ---- rate limit ---------------------------------------------------------------------------

def test_429_with_retry_after_over_the_rate_limit(gc):
    gc.configure(rate_limit={"requests": 2, "seconds": 60})
    token, other = gc.token(), gc.token(SECOND)
    assert gc.api("GET", NUMBERS, token=token).status_code == 200
    assert gc.api("GET", AVAILABLE, token=token).status_code == 200
    refused = gc.api("POST", NUMBERS, token=token, json=order_body())
    assert "maximum [2] requests within [60] seconds" in gc_error(refused, 429, "too.many.requests")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # Refused, not applied; the limit is per client, and tokens are not limited.
    assert POOL[0] in gc.state()["available"]
    assert gc.api("GET", NUMBERS, token=other).status_code == 200
    assert gc.token()


def test_the_window_frees_after_retry_after(gc):
    gc.configure(rate_limit={"requests": 1, "seconds": 1})
    token = gc.token()
    assert gc.api("GET", NUMBERS, token=token).status_code == 200
    refused = gc.api("GET", NUMBERS, token=token)
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
    time.sleep(1.1)
    assert gc.api("GET", NUMBERS, token=token).status_code == 200


def test_an_invalid_token_is_refused_before_the_rate_limit(gc):
    gc.configure(rate_limit={"requests": 1, "seconds": 60})
    gc_error(gc.api("GET", NUMBERS, token="expired"), 401, "bad.credentials")
    assert gc.api("GET", NUMBERS, token=gc.token()).status_code == 200


# ---- G2 ---------------------------------------------------------------------------------

def test_g2_lists_the_organizations_numbers_without_their_password(gc):
    token = gc.token()
    empty = gc.api("GET", NUMBERS, token=token)
    assert empty.json() == {"entities": [], "pageSize": 25, "pageNumber": 1, "total": 0, "pageCount": 0}
    made = gc.api("POST", NUMBERS, token=token, json=order_body()).json()
    listed = gc.api("GET", NUMBERS, token=token).json()
    assert listed["entities"] == [made] and listed["total"] == 1 and listed["pageCount"] == 1
    assert set(made) == {"id", "tollfreeNumber", "comment", "moUrl", "drUrl", "webhookUsername", "emailAddress", "dateCreated"}
    assert GMA_KEY not in str(listed)
    # Another organization sees none of them.
    assert gc.api("GET", NUMBERS, token=gc.token(SECOND)).json()["entities"] == []


def test_g2_pages(gc):
    token = gc.token()
    for number in POOL[:3]:
        assert gc.api("POST", NUMBERS, token=token, json=order_body(number)).status_code == 200
    first = gc.api("GET", NUMBERS, token=token, params={"pageSize": 2}).json()
    second = gc.api("GET", NUMBERS, token=token, params={"pageSize": 2, "pageNumber": 2}).json()
    assert (first["pageCount"], first["total"], second["pageNumber"]) == (2, 3, 2)
    assert [n["tollfreeNumber"] for n in first["entities"] + second["entities"]] == POOL[:3]
    assert gc.api("GET", NUMBERS, token=token, params={"pageSize": 2, "pageNumber": 3}).json()["entities"] == []


@pytest.mark.parametrize("query, message", [
    ({"pageSize": 0}, "pageSize"), ({"pageSize": 101}, "pageSize"), ({"pageSize": "ten"}, "pageSize"),
    ({"pageNumber": 0}, "pageNumber"), ({"owner": CCID}, "unknown parameter: owner"),
])
def test_g2_refuses_bad_parameters(gc, query, message):
    assert message in gc_error(gc.api("GET", NUMBERS, token=gc.token(), params=query), 400, "bad.request")


def test_g2_is_the_documented_path_only(gc):
    gc_error(gc.api("GET", NUMBERS.rstrip("/"), token=gc.token()), 404, "not.found")
    gc_error(gc.api("PUT", NUMBERS, token=gc.token(), json=order_body()), 404, "not.found")


# ---- G3 ---------------------------------------------------------------------------------

def test_g3_answers_a_few_available_numbers_and_ordered_ones_leave(gc):
    token = gc.token()
    answer = gc.api("GET", AVAILABLE, token=token).json()
    assert answer == {"entities": [{"tollfreeNumber": number} for number in POOL[:CONFIG["gcloud"]["search_size"]]]}
    gc.api("POST", NUMBERS, token=gc.token(SECOND), json=order_body(POOL[0]))
    assert POOL[0] not in [entity["tollfreeNumber"] for entity in gc.api("GET", AVAILABLE, token=token).json()["entities"]]


def test_g3_takes_no_parameters(gc):
    gc_error(gc.api("GET", AVAILABLE, token=gc.token(), params={"areaCode": "888"}), 400, "bad.request")


# ---- G4 ---------------------------------------------------------------------------------

def test_g4_orders_an_available_number(gc):
    answer = gc.api("POST", NUMBERS, token=gc.token(), json=order_body())
    assert answer.status_code == 200, answer.text
    made = answer.json()
    expected = order_body()
    del expected["webhookPassword"]
    assert {key: made[key] for key in expected} == expected
    state = gc.state()
    assert POOL[0] not in state["available"]
    assert state["numbers"][0]["organization"] == FIRST["organization"]
    assert state["numbers"][0]["webhookPassword_sha256"] == hashlib.sha256(GMA_KEY.encode()).hexdigest()


def test_g4_a_number_is_ordered_once(gc):
    token = gc.token()
    assert gc.api("POST", NUMBERS, token=token, json=order_body()).status_code == 200
    assert "already ordered" in gc_error(gc.api("POST", NUMBERS, token=token, json=order_body()), 409, "conflict")
    # For another organization it is simply not available.
    taken = gc.api("POST", NUMBERS, token=gc.token(SECOND), json=order_body())
    assert "not available" in gc_error(taken, 400, "bad.request")
    assert len(gc.state()["numbers"]) == 1


def test_g4_a_number_outside_the_pool_is_not_available(gc):
    answer = gc.api("POST", NUMBERS, token=gc.token(), json=order_body("+18005550199"))
    assert "+18005550199 is not available" in gc_error(answer, 400, "bad.request")
    assert gc.state()["numbers"] == []


@pytest.mark.parametrize("changes, message", [
    ({"tollfreeNumber": None}, "missing required parameter: tollfreeNumber"),
    ({"webhookPassword": None}, "missing required parameter: webhookPassword"),
    ({"emailAddress": None}, "missing required parameter: emailAddress"),
    ({"comment": None}, "missing required parameter: comment"),
    ({"provider": "Async"}, "unknown parameter: provider"),
    ({"tollfreeNumber": "18885550101"}, "E.164"),
    ({"tollfreeNumber": 18885550101}, "tollfreeNumber"),
    ({"moUrl": "nexus.example.com/nexus/v3/sms/message"}, "moUrl"),
    ({"drUrl": "N/A"}, "drUrl"),
    ({"webhookUsername": ""}, "webhookUsername"),
    ({"emailAddress": "sms.admin"}, "emailAddress"),
])
def test_g4_validates_the_body_strictly(gc, changes, message):
    answer = gc.api("POST", NUMBERS, token=gc.token(), json=order_body(**changes))
    assert message in gc_error(answer, 400, "bad.request")
    assert gc.state()["numbers"] == []


def test_g4_needs_a_json_body(gc):
    answer = gc.api("POST", NUMBERS, token=gc.token(), data="tollfreeNumber=%2B18885550101",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    gc_error(answer, 415, "unsupported.media.type")
    answer = gc.api("POST", NUMBERS, token=gc.token(), data="{", headers={"Content-Type": "application/json"})
    assert "JSON" in gc_error(answer, 400, "bad.request")


def test_g4_checks_the_token_before_the_body(gc):
    gc_error(gc.api("POST", NUMBERS, json={"bad": 1}), 401, "bad.credentials")


# ---- the admin side ----------------------------------------------------------------------

def test_reset_returns_the_pool_and_the_settings(gc, sandbox):
    gc.configure(token_lifetime=5, rate_limit={"requests": 1, "seconds": 60})
    gc.api("POST", NUMBERS, token=gc.token(), json=order_body())
    sandbox.reset()
    state = gc.state()
    assert state["numbers"] == [] and state["available"] == POOL
    assert state["token_lifetime"] == CONFIG["gcloud"]["token_lifetime"]
    assert state["rate_limit"] == CONFIG["gcloud"]["rate_limit"]


def test_the_request_log_shows_gcloud_requests_without_secrets(gc, sandbox):
    token = gc.token()
    gc.api("POST", NUMBERS, token=token, json=order_body())
    log = sandbox.requests()
    assert [(e["service"], e["method"], e["credential"], e["status"]) for e in log[-2:]] == [
        ("gcloud_login", "POST", "basic-client", 200), ("gcloud_api", "POST", "bearer", 200)]
    assert GMA_KEY not in str(log) and token not in str(log)
