# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import os

import pytest
import requests


from ansible_collections.genesys.multicloud.plugins.module_utils import _create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import NUMBERS, TOKEN
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.plugins.modules import gc_tollfree_number
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.plugins.modules.gcloud_fake import (
    API_URL, CCID, CLIENT_ID, CLIENT_SECRET, GMA_KEY, LOGIN_URL, NEXUS, Organization, entry, gc_error)

NUMBER = "+18885550101"


def params(**overrides):
    values = dict(gc_login_url=LOGIN_URL, gc_api_url=API_URL, gc_client_id=CLIENT_ID, gc_client_secret=CLIENT_SECRET,
                  nexus_url=NEXUS + "/", ccid=CCID, numbers=[{"number": NUMBER, "purpose": "SMS_Main", "designer_endpoint": "SMS_Main"}],
                  webhook_password=GMA_KEY, email_address="sms.admin@example.com", comment="Nexus Premise ACME Corp")
    values.update(overrides)
    return module_params(gc_tollfree_number, **values)


def run(session, check_mode=False, **overrides):
    return gc_tollfree_number.run(params(**overrides), check_mode, session=session)


def orders(session):
    return [call for call in session.writes() if call["method"] == "POST" and call["path"] == NUMBERS]


def test_check_mode_shows_the_order_and_orders_nothing(session):
    org = Organization(session)
    result = run(session, check_mode=True)
    assert result["changed"] is True
    assert result["ordered"] == [NUMBER]
    assert orders(session) == [] and org.orders == []
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["numbers"][NUMBER]["moUrl"] == NEXUS + "/nexus/v3/sms/message"
    assert result["numbers"][0]["tollfreeNumber"] == NUMBER and result["numbers"][0]["ordered"] is True
    assert "id" not in result["numbers"][0]
    assert GMA_KEY not in repr(result)


def test_orders_a_missing_number_once_with_the_guides_body(session):
    org = Organization(session)
    result = run(session)
    assert result["changed"] is True and result["ordered"] == [NUMBER]
    assert len(orders(session)) == 1
    assert org.orders == [{"tollfreeNumber": NUMBER, "comment": "Nexus Premise ACME Corp",
                           "moUrl": NEXUS + "/nexus/v3/sms/message", "drUrl": NEXUS + "/nexus/v3/sms/receipt",
                           "webhookUsername": CCID, "webhookPassword": GMA_KEY, "emailAddress": "sms.admin@example.com"}]
    assert result["numbers"][0]["id"] == "id-" + NUMBER
    assert GMA_KEY not in repr(result)

    session.calls.clear()
    again = run(session)
    assert again["changed"] is False and again["ordered"] == []
    assert orders(session) == [] and len(org.orders) == 1
    assert again["diff"]["before"] == again["diff"]["after"]
    assert again["numbers"][0]["ordered"] is False


def test_the_manual_step_is_the_guides_nexus_services_section(session):
    Organization(session, owned=[entry(NUMBER)])
    result = run(session, numbers=[{"number": NUMBER, "purpose": "SMS_Main", "designer_endpoint": "SMS_Main", "cxc_only": True},
                                   {"number": "+18885550102"}], check_mode=True)
    steps = result["manual_steps"]
    assert steps[0] == {
        "step": "nexus_services_section", "where": "Agent Setup, Transactions > NexusServices > Options",
        "transaction": "NexusServices", "section": "chat.SMS_Main",
        "options": {"channelId": NUMBER, "channelType": "sms", "endpoint": "chat.SMS_Main", "interactionSubtype": "SMS",
                    "interactionType": "Inbound", "media": "chat", "cxcOnly": "true"},
        "missing": []}
    # No purpose: SMS_ and the digits spelled, since a section name holds no digits (seed 003).
    assert steps[1]["section"] == "chat.SMS_OneEightEightEightFiveFiveFiveZeroOneZeroTwo"
    assert steps[1]["options"]["endpoint"] is None and steps[1]["missing"] == ["endpoint"]
    assert steps[1]["options"]["cxcOnly"] == "false"
    assert result["ordered"] == ["+18885550102"]


def test_webhook_drift_is_reported_and_nothing_is_ordered(session):
    org = Organization(session, owned=[entry(NUMBER, nexus="https://old-nexus.example.com")])
    result = run(session)
    assert result["changed"] is False and org.orders == []
    assert [(d["field"], d["current"]) for d in result["drift"]] == [
        ("moUrl", "https://old-nexus.example.com/nexus/v3/sms/message"),
        ("drUrl", "https://old-nexus.example.com/nexus/v3/sms/receipt")]
    assert result["manual_steps"][-1]["step"] == "gma_webhooks"
    assert result["manual_steps"][-1]["wanted"]["moUrl"] == NEXUS + "/nexus/v3/sms/message"
    assert any("point elsewhere" in message for message in take_warnings())


def test_webhook_drift_fails_when_asked_before_any_order(session):
    other_tenant = "1b2c3d4e-6f70-4a81-92b3-200000000200"
    org = Organization(session, owned=[entry(NUMBER, ccid=other_tenant)])
    with pytest.raises(GenesysError, match="webhookUsername %s" % other_tenant):
        run(session, on_webhook_drift="fail", numbers=[{"number": NUMBER}, {"number": "+18885550102"}])
    assert org.orders == []


def test_the_ccid_compares_without_case(session):
    Organization(session, owned=[entry(NUMBER, ccid=CCID.upper())])
    assert run(session)["drift"] == []


def test_a_number_on_a_later_page_is_not_ordered_again(session):
    owned = [entry("+1877555%04d" % index, index=index % 60) for index in range(150)]
    org = Organization(session, owned=owned)
    result = run(session, numbers=[{"number": "+18775550149"}])
    assert result["changed"] is False and org.orders == []
    pages = [call["params"]["pageNumber"] for call in session.calls if call["method"] == "GET"]
    assert pages == [1, 2]


@pytest.mark.parametrize("overrides, message", [
    ({"numbers": [{"number": "18885550101"}]}, r"numbers\[0\]\.number: must be an E\.164 number"),
    ({"numbers": [{"number": NUMBER, "purpose": "SMS Main"}]}, r"numbers\[0\]\.purpose"),
    ({"numbers": [{"number": NUMBER, "purpose": "SMS_1"}]}, r"numbers\[0\]\.purpose: only letters, underscores and dashes"),
    ({"numbers": [{"number": NUMBER}, {"number": NUMBER}]}, r"numbers\[1\]: number \+18885550101 given twice"),
    ({"numbers": [{"number": NUMBER, "purpose": "A"}, {"number": "+18885550102", "purpose": "A"}]}, "purpose A given twice"),
    ({"numbers": []}, "at least one"),
    ({"ccid": "t100"}, "ccid: must be a UUID"),
    ({"nexus_url": None}, "nexus_url"),
    ({"gc_api_url": "api.mypurecloud.com"}, "gc_api_url: must be an http"),
])
def test_bad_input_fails_before_any_request(session, overrides, message):
    Organization(session)
    with pytest.raises(GenesysError, match=message):
        run(session, **overrides)
    assert session.calls == []


def test_ordering_needs_the_password_and_the_email_but_reading_does_not(session):
    org = Organization(session, owned=[entry(NUMBER)])
    assert run(session, webhook_password=None, email_address=None)["changed"] is False
    with pytest.raises(GenesysError, match=r"webhook_password, email_address: needed to order toll-free number \+18885550102"):
        run(session, webhook_password=None, email_address=None, numbers=[{"number": "+18885550102"}], check_mode=True)
    assert org.orders == []


def test_an_unavailable_number_fails_with_the_services_message(session):
    org = Organization(session, pool=[])
    with pytest.raises(GenesysError, match=r"HTTP 400: toll-free number \+18885550101 is not available \(bad.request\)"):
        run(session)
    assert len(org.orders) == 1


def test_a_failure_names_the_numbers_ordered_before_it(session):
    Organization(session, pool=[NUMBER])
    with pytest.raises(GenesysError, match=r"ordered before this failure: \+18885550101"):
        run(session, numbers=[{"number": NUMBER}, {"number": "+18885550102"}])


def test_a_lost_answer_is_read_back_and_not_ordered_again(session):
    org = Organization(session)
    org.lose_orders = 1
    result = run(session)
    assert result["changed"] is True and result["numbers"][0]["id"] == "id-" + NUMBER
    assert len(orders(session)) == 1
    assert any("got no answer" in message for message in take_warnings())


def test_a_lost_order_that_was_not_applied_is_sent_again_after_reading_the_list(session, monkeypatch):
    monkeypatch.setattr(_create.time, "sleep", lambda seconds: None)
    org = Organization(session)
    refusals = []

    def lost_once(call):
        if not refusals:
            refusals.append(call["json"])
            raise requests.exceptions.ConnectionError("connection reset by peer")
        return org.order(call)
    session.route("POST", NUMBERS, handler=lost_once)
    result = run(session)
    assert result["changed"] is True and result["ordered"] == [NUMBER]
    assert [(call["method"], call["path"]) for call in session.calls if call["path"] != "/oauth/token"] == [
        ("GET", NUMBERS), ("POST", NUMBERS), ("GET", NUMBERS), ("GET", NUMBERS), ("POST", NUMBERS)]
    assert [number["tollfreeNumber"] for number in org.owned] == [NUMBER]


def test_a_lost_order_is_not_sent_again_without_retries(session):
    org = Organization(session)

    def refused(call):
        org.orders.append(call["json"])
        raise requests.exceptions.ConnectionError("connection refused")
    session.route("POST", NUMBERS, handler=refused)
    with pytest.raises(GenesysError, match="connection refused"):
        run(session, retries=0)
    assert len(org.orders) == 1 and org.owned == []


def test_an_order_made_meanwhile_for_the_tenant_is_adopted_not_counted(session):
    org = Organization(session)

    def made_meanwhile(call):
        org.order(call)
        return 409, {"message": "already ordered", "code": "conflict", "status": 409}
    session.route("POST", NUMBERS, handler=made_meanwhile)
    result = run(session)
    assert result["changed"] is False and result["ordered"] == []
    assert result["numbers"][0]["id"] == "id-" + NUMBER and result["numbers"][0]["ordered"] is False


def test_an_expired_token_is_replaced_once(session):
    org = Organization(session)
    org.tokens_expire = 1
    assert run(session)["changed"] is True
    assert org.tokens == 2 and len(org.orders) == 1


def test_a_token_refused_twice_fails_naming_the_client(session):
    org = Organization(session)
    org.tokens_expire = 2
    with pytest.raises(GenesysError, match="refused a new token of gc_client_id %s" % CLIENT_ID):
        run(session)
    assert org.tokens == 2 and org.orders == []


def test_a_wrong_client_secret_names_the_oauth_error(session):
    session.route("POST", "/oauth/token", status=401,
                  body={"error": "invalid_client", "description": "invalid client credentials",
                        "error_description": "invalid client credentials"})
    with pytest.raises(GenesysError, match="HTTP 401: invalid_client: invalid client credentials") as caught:
        run(session)
    assert CLIENT_SECRET not in caught.value.message


def tokens_sent(session):
    """The G1 requests made."""
    return [call for call in session.calls if call["method"] == "POST" and call["path"] == TOKEN]


def test_a_cached_token_serves_the_next_task_without_a_token_request(session, tmp_path):
    org = Organization(session)
    cache = tmp_path / "tokens"
    assert run(session, token_cache=str(cache))["changed"] is True
    session.calls.clear()
    assert run(session, token_cache=str(cache))["changed"] is False
    assert tokens_sent(session) == [] and org.tokens == 1
    assert [call["headers"]["Authorization"] for call in session.calls] == ["Bearer token-1"]
    # One 0600 file, named by a hash: no URL, client id, secret or token in the directory or the file.
    files = [name for name in os.listdir(cache) if name.endswith(".json")]
    assert len(files) == 1 and len(files[0]) == 64 + 5
    assert not any(word in files[0] for word in ("gc", CLIENT_ID, CLIENT_SECRET))
    assert CLIENT_SECRET not in (cache / files[0]).read_text()
    assert oct(os.stat(cache / files[0]).st_mode & 0o777) == "0o600"


def test_a_changed_client_secret_is_tried_at_once_not_hidden_by_a_cached_token(session, tmp_path):
    Organization(session)
    cache = str(tmp_path / "tokens")
    run(session, token_cache=cache)
    session.route("POST", TOKEN, status=401, body={"error": "invalid_client", "description": "invalid client credentials",
                                                   "error_description": "invalid client credentials"})
    with pytest.raises(GenesysError) as caught:
        run(session, token_cache=cache, gc_client_secret="Another-S3cret")
    assert caught.value.message == (
        "Genesys Cloud refused gc_client_id %s: check gc_client_secret "
        "(the Genesys Cloud login answered HTTP 401: invalid_client: invalid client credentials)" % CLIENT_ID)
    assert tokens_sent(session)[-1]["auth"] == (CLIENT_ID, "Another-S3cret")


def test_a_cached_token_refused_is_renewed_once_in_the_cache(session, tmp_path):
    org = Organization(session, owned=[entry(NUMBER)])
    cache = str(tmp_path / "tokens")
    run(session, token_cache=cache)
    # The service no longer takes the cached token (G2 answers 401): a new one is obtained, once, and cached.
    org.tokens_expire = 1
    session.calls.clear()
    assert run(session, token_cache=cache)["changed"] is False
    assert [(call["method"], call["path"]) for call in session.calls] == [("GET", NUMBERS), ("POST", TOKEN), ("GET", NUMBERS)]
    assert org.tokens == 2
    session.calls.clear()
    run(session, token_cache=cache)
    assert tokens_sent(session) == [] and org.tokens == 2


def test_a_401_on_the_order_renews_the_token_once_and_orders_once(session, tmp_path):
    org = Organization(session)
    order = session.routes[("POST", NUMBERS)]
    refused = []

    def expired_once(call):
        if not refused:
            refused.append(call["headers"]["Authorization"])
            return gc_error(401, "Invalid login credentials.", "bad.credentials")
        return order(call)
    session.route("POST", NUMBERS, handler=expired_once)
    result = run(session, token_cache=str(tmp_path / "tokens"))
    assert result["changed"] is True and result["ordered"] == [NUMBER]
    assert [call["headers"]["Authorization"] for call in orders(session)] == ["Bearer token-1", "Bearer token-2"]
    assert org.tokens == 2 and len(org.orders) == 1


def test_a_second_401_fails_naming_the_client_without_its_secret_or_token(session, tmp_path):
    org = Organization(session)
    org.tokens_expire = 2
    with pytest.raises(GenesysError) as caught:
        run(session, token_cache=str(tmp_path / "tokens"))
    message = caught.value.message
    assert message.startswith("Genesys Cloud refused a new token of gc_client_id %s: " % CLIENT_ID)
    assert message.endswith("HTTP 401: Invalid login credentials. (bad.credentials)")
    assert caught.value.status == 401
    assert CLIENT_SECRET not in message and "token-" not in message
    assert org.tokens == 2 and org.orders == []


def test_check_mode_creates_no_token_cache_but_uses_one_that_exists(session, tmp_path):
    org = Organization(session)
    cache = tmp_path / "tokens"
    assert run(session, check_mode=True, token_cache=str(cache))["changed"] is True
    assert not cache.exists() and org.tokens == 1
    run(session, token_cache=str(cache))
    assert cache.is_dir() and org.tokens == 2
    session.calls.clear()
    assert run(session, check_mode=True, token_cache=str(cache))["changed"] is False
    assert tokens_sent(session) == [] and org.tokens == 2
