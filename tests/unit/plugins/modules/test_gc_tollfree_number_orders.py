# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""gc_tollfree_number when an order completes later (docs/api.md, G5); the immediate answer (G4) is in
test_gc_tollfree_number.py."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils import _gcloud
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import NUMBERS, ORDERS
from ansible_collections.genesys.multicloud.plugins.modules import gc_tollfree_number
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.plugins.modules.gcloud_fake import (
    API_URL, CCID, CLIENT_ID, CLIENT_SECRET, GMA_KEY, LOGIN_URL, NEXUS, Organization)

NUMBER = "+18885550101"
ORDER_ID = "5f0c1d9e-0000-4000-8000-00000000a001"


class Orders(Organization):
    """An organization whose orders answer with an order, listed once it has been read ``polls`` times."""

    def __init__(self, session, polls=2, final="Completed"):
        super().__init__(session)
        self.polls, self.final, self.reads, self.pending = polls, final, 0, {}
        session.route("GET", ORDERS + ORDER_ID, handler=self.authenticated(self.read))

    def order(self, call):
        status, number = super().order(call)
        self.owned.remove(number)
        self.pending[ORDER_ID] = number
        return status, {"id": ORDER_ID, "tollfreeNumber": number["tollfreeNumber"], "state": "Pending"}

    def read(self, call):
        self.reads += 1
        number = self.pending[ORDER_ID]
        state = self.final if self.reads >= self.polls else "Pending"
        if state == "Completed" and number not in self.owned:
            self.owned.append(number)
        return 200, {"id": ORDER_ID, "tollfreeNumber": number["tollfreeNumber"], "state": state}


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """Polls without sleeping; each sleep moves the clock by its length."""
    now = [0.0]
    monkeypatch.setattr(_gcloud.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(_gcloud.time, "sleep", lambda seconds: now.__setitem__(0, now[0] + seconds))


def run(session, store, **overrides):
    values = dict(gc_login_url=LOGIN_URL, gc_api_url=API_URL, gc_client_id=CLIENT_ID, gc_client_secret=CLIENT_SECRET,
                  nexus_url=NEXUS, ccid=CCID, numbers=[{"number": NUMBER}], webhook_password=GMA_KEY,
                  email_address="sms.admin@example.com", store=str(store), order_poll_interval=5, order_timeout=60)
    values.update(overrides)
    return gc_tollfree_number.run(module_params(gc_tollfree_number, **values), False, session=session)


def posts(session):
    return [call for call in session.calls if call["method"] == "POST" and call["path"] == NUMBERS]


def test_an_order_that_completes_later_is_waited_for_and_gives_the_number(session, tmp_path):
    org = Orders(session, polls=3)
    store = tmp_path / "t100.json"
    result = run(session, store)
    assert result["changed"] is True and result["ordered"] == [NUMBER]
    assert org.reads == 3 and len(posts(session)) == 1
    # The numbers hold numbers, never orders.
    assert result["numbers"][0]["tollfreeNumber"] == NUMBER and result["numbers"][0]["id"] == "id-" + NUMBER
    assert "state" not in result["numbers"][0]
    # Completed: the order leaves the store.
    assert json.loads(store.read_text(encoding="utf-8")).get("number_orders") in (None, {})
    assert oct(os.stat(store).st_mode & 0o777) == "0o600"


def test_an_order_still_pending_is_kept_and_never_ordered_again(session, tmp_path):
    org = Orders(session, polls=100)
    store = tmp_path / "t100.json"
    with pytest.raises(GenesysError, match="still pending after 60s"):
        run(session, store)
    assert json.loads(store.read_text(encoding="utf-8"))["number_orders"] == {NUMBER: ORDER_ID}
    # The next run waits for the same order, and orders nothing, even without the order's inputs.
    org.polls = org.reads + 2
    again = run(session, store, webhook_password=None, email_address=None)
    assert len(posts(session)) == 1 and len(org.orders) == 1
    assert again["changed"] is True and again["numbers"][0]["tollfreeNumber"] == NUMBER
    assert json.loads(store.read_text(encoding="utf-8")).get("number_orders") in (None, {})
    third = run(session, store)
    assert third["changed"] is False and len(posts(session)) == 1


def test_a_failed_order_stays_recorded_and_says_how_to_order_again(session, tmp_path):
    Orders(session, polls=1, final="Failed")
    store = tmp_path / "t100.json"
    with pytest.raises(GenesysError, match="failed or is unknown.*remove number_orders"):
        run(session, store)
    assert json.loads(store.read_text(encoding="utf-8"))["number_orders"] == {NUMBER: ORDER_ID}
    with pytest.raises(GenesysError, match="failed or is unknown"):
        run(session, store)
    assert len(posts(session)) == 1


def test_the_immediate_answer_needs_no_store_entry(session, tmp_path):
    Organization(session)
    store = tmp_path / "t100.json"
    result = run(session, store)
    assert result["changed"] is True and result["numbers"][0]["id"] == "id-" + NUMBER
    assert not store.exists() or "number_orders" not in json.loads(store.read_text(encoding="utf-8"))
    assert [call for call in session.calls if call["path"].startswith(ORDERS)] == []


def test_a_negative_timeout_is_refused_before_any_request(session, tmp_path):
    Orders(session)
    with pytest.raises(GenesysError, match="order_timeout: must be 0 or more"):
        run(session, tmp_path / "t100.json", order_timeout=-1)
    assert session.calls == []
