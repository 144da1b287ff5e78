# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import http.server
import os
import threading

import pytest
import requests
import yaml

from ansible_collections.genesys.multicloud.plugins.module_utils import _http
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import (
    COLLECTION_VERSION, USER_AGENT, ConnectionSettings, HttpClient)
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope


def client(session, **settings):
    return HttpClient("https://genesys.example.com/", ConnectionSettings(**settings), session=session)


def test_envelope_data_is_returned(session):
    session.route("GET", "/thing", body=envelope({"a": 1}))
    assert client(session).request("GET", "/thing") == {"a": 1}


def test_payload_without_envelope_is_returned_whole(session):
    session.route("POST", "/token", body={"access_token": "x", "token_type": "bearer"})
    assert client(session).request("POST", "/token") == {"access_token": "x", "token_type": "bearer"}


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_404_on_read_or_delete_is_none(session, method):
    session.route(method, "/gone", status=404, body={"status": {"code": 404, "message": "no such thing"}})
    assert client(session).request(method, "/gone") is None


def test_404_on_write_raises(session):
    session.route("PUT", "/gone", status=404, body={"status": {"code": 404, "message": "no such thing"}})
    with pytest.raises(GenesysError) as raised:
        client(session).request("PUT", "/gone", json={"secret": "do-not-show"})
    assert raised.value.status == 404
    assert raised.value.api_message == "no such thing"
    assert "do-not-show" not in raised.value.message


def test_error_status_carries_envelope_message(session):
    session.route("POST", "/things", status=409, body={"status": {"code": 3, "message": "already exists"}})
    with pytest.raises(GenesysError) as raised:
        client(session).request("POST", "/things")
    assert raised.value.status == 409
    assert raised.value.details() == {"status": 409, "api_message": "already exists"}
    assert "HTTP 409: already exists" in raised.value.message


def test_non_zero_status_code_in_a_200_is_an_error(session):
    session.route("GET", "/odd", body={"status": {"code": 7, "message": "partial failure"}})
    with pytest.raises(GenesysError, match="status code 7: partial failure"):
        client(session).request("GET", "/odd")


def test_tls_settings_reach_the_session(session):
    session.route("GET", "/x", body=envelope({}))
    client(session, validate_certs=False).request("GET", "/x")
    client(session, ca_path="/etc/ca.pem").request("GET", "/x")
    client(session, timeout=7).request("GET", "/x")
    assert [c["verify"] for c in session.calls] == [False, "/etc/ca.pem", True]
    assert session.calls[2]["timeout"] == 7


def test_user_agent_names_the_collection_version(session):
    assert client(session)._session.headers["User-Agent"] == USER_AGENT  # pylint: disable=protected-access
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "galaxy.yml"), encoding="utf-8") as handle:
        assert yaml.safe_load(handle)["version"] == COLLECTION_VERSION


@pytest.mark.parametrize("idempotent, statuses, read", [
    (True, (429, 502, 503, 504), 3),
    (False, (429, 503), 0),
])
def test_retry_policy(idempotent, statuses, read):
    policy = ConnectionSettings(retries=3).retry_policy(idempotent)
    assert tuple(policy.status_forcelist) == statuses
    assert policy.read == read and policy.connect == 3 and policy.total == 3
    assert policy.respect_retry_after_header and policy.backoff_jitter > 0


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 with Retry-After a set number of times, then 200."""

    refusals = 0
    seen = []

    def _answer(self):
        type(self).seen.append(self.command)
        if len(type(self).seen) <= type(self).refusals:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"status":{"code":0},"data":{"ok":true}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


@pytest.fixture
def flaky_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Flaky)
    _Flaky.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_503_is_retried_over_real_http(flaky_server, method):
    _Flaky.refusals = 2
    http_client = HttpClient(flaky_server, ConnectionSettings(retries=3))
    assert http_client.request(method, "/x") == {"ok": True}
    assert _Flaky.seen == [method] * 3


def test_retries_are_bounded(flaky_server):
    _Flaky.refusals = 10
    with pytest.raises(GenesysError) as raised:
        HttpClient(flaky_server, ConnectionSettings(retries=2)).request("GET", "/x")
    assert raised.value.status == 503
    assert len(_Flaky.seen) == 3


def test_connection_error_names_the_request():
    with pytest.raises(GenesysError, match="GET http://127.0.0.1:9/x failed"):
        HttpClient("http://127.0.0.1:9", ConnectionSettings(retries=0, timeout=2)).request("GET", "/x")


KEY = "9b7682b7-cbce-422f-90bb-ecda85e61695"


def test_an_error_shows_no_secret_of_the_request(session):
    # A service that echoes what it was sent, on a path that holds the secret (an API key id).
    session.route("PUT", "/keys/" + KEY, status=500, body={"status": {"code": 500, "message": "cannot update " + KEY}})
    with pytest.raises(GenesysError) as shown:
        client(session).request("PUT", "/keys/" + KEY)
    assert KEY in shown.value.message, "the fake service must echo the key for this test to mean anything"
    with pytest.raises(GenesysError) as hidden:
        client(session).request("PUT", "/keys/" + KEY, secrets=(KEY, None))
    assert KEY not in hidden.value.message and KEY not in hidden.value.api_message
    assert "/keys/******** returned HTTP 500: cannot update ********" in hidden.value.message
    assert hidden.value.status == 500


def test_a_connection_error_shows_no_secret_of_the_path():
    with pytest.raises(GenesysError) as raised:
        HttpClient("http://127.0.0.1:9", ConnectionSettings(retries=0, timeout=2)).request(
            "DELETE", "/keys/" + KEY, secrets=(KEY,))
    assert KEY not in raised.value.message and "/keys/******** failed" in raised.value.message


def test_an_unverified_certificate_says_which_option_to_set(session, monkeypatch):
    def refuse(method, url, **kwargs):
        raise requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                           "self-signed certificate in certificate chain (_ssl.c:1000)")

    monkeypatch.setattr(session, "request", refuse)
    with pytest.raises(GenesysError) as error:
        client(session).request("GET", "/thing")
    assert error.value.message == (
        "Genesys: the TLS certificate of https://genesys.example.com/thing could not be verified: set ca_path "
        "(genesys_ca_path in the inventory) to the CA certificate that signed it (or validate_certs: false, "
        "genesys_validate_certs, to skip verification, not for production)")
    with pytest.raises(GenesysError, match="could not be verified with ca_path /etc/ca.pem: set ca_path"):
        client(session, ca_path="/etc/ca.pem").request("GET", "/thing")


def test_validate_certs_false_warns_once_per_module_run(session, monkeypatch):
    monkeypatch.setattr(_http, "_warned_unverified", [])
    session.route("GET", "/thing", body=envelope({}))
    for attempt in range(3):
        assert client(session, validate_certs=False).request("GET", "/thing") == {}, attempt
    assert take_warnings() == [_http.UNVERIFIED_WARNING]
    assert session.calls[0]["verify"] is False
