"""Genesys Cloud's asynchronous number order (docs/api.md, G4 and G5): the order answers with an order to
poll; the number is listed once the order has completed. The immediate mode (the guide's reading) is in
test_sandbox_gcloud.py."""

import pytest
from test_sandbox_gcloud import NUMBERS, POOL, Cloud, order_body


@pytest.fixture
def gc(g):
    cloud = Cloud(g.sb)
    cloud.configure(order_mode="asynchronous", order_polls=2)
    return cloud


def listed(gc, token):
    return [entry["tollfreeNumber"] for entry in gc.api("GET", NUMBERS, token).json()["entities"]]


def test_an_order_completes_after_being_polled(gc):
    token = gc.token()
    answer = gc.api("POST", NUMBERS, token, json=order_body())
    assert answer.status_code == 200, answer.text
    order = answer.json()
    assert set(order) == {"id", "tollfreeNumber", "state"} and order["state"] == "Pending"
    assert order["tollfreeNumber"] == POOL[0]
    # Pending: not listed, but no longer available to anyone.
    assert listed(gc, token) == []
    assert POOL[0] not in gc.state()["available"]
    first = gc.api("GET", NUMBERS + "orders/" + order["id"], token)
    assert first.status_code == 200 and first.json()["state"] == "Pending"
    second = gc.api("GET", NUMBERS + "orders/" + order["id"], token).json()
    assert second == {"id": order["id"], "tollfreeNumber": POOL[0], "state": "Completed"}
    assert listed(gc, token) == [POOL[0]]
    # Ordering it again while pending or after is the 409 of the immediate mode.
    assert gc.api("POST", NUMBERS, token, json=order_body()).status_code == 409


def test_an_order_is_the_organizations_own(gc):
    from test_sandbox_gcloud import SECOND
    order = gc.api("POST", NUMBERS, gc.token(), json=order_body()).json()
    assert gc.api("GET", NUMBERS + "orders/" + order["id"], gc.token(SECOND)).status_code == 404
    assert gc.api("GET", NUMBERS + "orders/unknown", gc.token()).status_code == 404
    assert gc.api("GET", NUMBERS + "orders/" + order["id"]).status_code == 401


def test_a_reset_orders_immediately_again(gc):
    gc.sb.reset()
    answer = gc.api("POST", NUMBERS, gc.token(), json=order_body())
    assert answer.status_code == 200 and answer.json()["tollfreeNumber"] == POOL[0] and "moUrl" in answer.json()
