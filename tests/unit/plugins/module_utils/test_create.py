# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creates whose answer is lost, or that another run beat: settled in the run."""

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils import _create
from ansible_collections.genesys.multicloud.plugins.module_utils._create import backoff, create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError


@pytest.fixture(autouse=True)
def waits(monkeypatch):
    """The backoff waits, recorded instead of slept."""
    slept = []
    monkeypatch.setattr(_create.time, "sleep", slept.append)
    return slept


def scripted(*outcomes):
    """A function that returns or raises each of ``outcomes`` in turn, counting its calls."""
    calls = []

    def step():
        outcome = outcomes[len(calls)]
        calls.append(outcome)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
    step.calls = calls
    return step


RESET = GenesysError("connection reset", no_answer=True)
BAD_GATEWAY = GenesysError("HTTP 502", status=502)


def test_an_answered_create_is_returned():
    created = create(scripted({"id": 1}), scripted())
    assert created.answer == {"id": 1} and not created.adopted


@pytest.mark.parametrize("lost", [RESET, BAD_GATEWAY, GenesysError("HTTP 504", status=504)])
def test_a_lost_answer_of_an_applied_create_adopts_what_exists(lost, waits):
    send, find = scripted(lost), scripted({"id": 1})
    created = create(send, find)
    assert created.adopted and created.found == {"id": 1} and created.lost is lost
    assert len(send.calls) == 1 and waits == []


def test_a_lost_create_that_was_not_applied_is_sent_again_after_a_wait(waits):
    send, find = scripted(RESET, {"id": 2}), scripted(None, None)
    created = create(send, find)
    assert created.answer == {"id": 2} and len(send.calls) == 2
    assert len(waits) == 1 and 0.5 <= waits[0] <= 1.0


def test_a_slow_create_found_on_the_second_look_is_not_sent_again(waits):
    send, find = scripted(RESET), scripted(None, {"id": 3})
    created = create(send, find)
    assert created.found == {"id": 3} and len(send.calls) == 1 and len(waits) == 1


def test_the_attempts_are_bounded(waits):
    send = scripted(RESET, RESET, RESET)
    find = scripted(*([None] * 10))
    with pytest.raises(GenesysError) as error:
        create(send, find, retries=2)
    assert error.value is RESET and len(send.calls) == 3 and len(waits) == 2


def test_a_409_adopts_what_another_run_made():
    created = create(scripted(GenesysError("exists", status=409)), scripted({"id": 4}))
    assert created.adopted and created.lost is None


def test_a_409_for_something_not_found_fails():
    with pytest.raises(GenesysError, match="exists"):
        create(scripted(GenesysError("exists", status=409)), scripted(None))


@pytest.mark.parametrize("status", [400, 401, 403, 500])
def test_a_definite_refusal_fails_without_looking(status):
    find = scripted()
    with pytest.raises(GenesysError):
        create(scripted(GenesysError("no", status=status)), find)
    assert find.calls == []


def test_backoff_grows_is_capped_and_jittered():
    assert 0.5 <= backoff(0) <= 1.0 and 1.0 <= backoff(1) <= 1.5 and 30 <= backoff(20) <= 30.5


def test_a_409_after_a_lost_answer_is_our_own_create():
    send = scripted(RESET, GenesysError("exists", status=409))
    created = create(send, scripted(None, None, {"id": 5}))
    assert created.adopted and created.lost is RESET and len(send.calls) == 2
