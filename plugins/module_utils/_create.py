# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creating an object so that a lost answer or a concurrent creation is settled in the run.

After a 502, a 504, a connection reset or a timeout, a create may or may not have been
applied: the object is read back by its key, adopted when it exists, and the create sent
again (with jittered backoff) when it does not. A 409 means someone else made it at the
same time: it is read and adopted. Only a definite refusal (400, 401, 403, 500, ...) fails.
"""

from __future__ import annotations

import random
import time

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError

# Seconds: the first wait, doubled at each attempt up to the longest, plus up to a jitter.
BACKOFF_FIRST = 0.5
BACKOFF_LONGEST = 30
BACKOFF_JITTER = 0.5


def backoff(attempt):
    """The wait before attempt ``attempt + 1`` (from 0): exponential, capped, jittered."""
    return min(BACKOFF_LONGEST, BACKOFF_FIRST * 2 ** attempt) + random.uniform(0, BACKOFF_JITTER)


class Created:
    """How a create ended: ``answer`` when the service answered it; otherwise ``found``, the
    object read back by its key, with ``lost`` the error whose answer was lost (None after a 409:
    someone else made it)."""

    def __init__(self, answer=None, found=None, lost=None):
        self.answer = answer
        self.found = found
        self.lost = lost

    @property
    def adopted(self):
        return self.found is not None


def create(send, find, retries=3):
    """Send the create ``send()`` and settle what a lost answer or a 409 leaves open; ``find()``
    reads the object by its key (None when absent). Returns a ``Created``."""
    attempt, lost = 0, None
    while True:
        try:
            return Created(answer=send())
        except GenesysError as exc:
            if exc.status == 409:
                found = find()
                if found is None:
                    raise
                # After a lost answer of ours, the 409 is most likely our own first attempt.
                return Created(found=found, lost=lost)
            if not exc.answer_lost:
                raise
            lost = exc
        # The request may still be on its way (a slow service past our timeout): look, wait, look again.
        found = find()
        if found is None and attempt < retries:
            time.sleep(backoff(attempt))
            found = find()
        if found is not None:
            return Created(found=found, lost=lost)
        if attempt >= retries:
            raise lost
        attempt += 1


def oldest(objects):
    """The object every run keeps among several with one name: the oldest ``created``, then the
    smallest ``id``, so that runs that each made one agree without talking to each other."""
    return min(objects, key=lambda item: (str(item.get("created") or ""), str(item.get("id"))))


def converge(mine, namesakes, revoke):
    """After a create answered with ``mine``: ``namesakes``, the live objects with its name listed
    again, hold more than ``mine`` when runs made one each at the same time (a service that does
    not refuse a second one of a name, or a run that could not take the lock). Every run keeps the
    same one (``oldest``) and revokes only what it made itself (``revoke(mine)``). Returns the survivor."""
    others = [item for item in namesakes if item.get("id") != mine.get("id")]
    # Without its id in the answer, ours cannot be told from the others': nothing to settle here.
    if not others or mine.get("id") is None:
        return mine
    survivor = oldest(others + [mine])
    if survivor.get("id") != mine.get("id"):
        revoke(mine)
    return survivor
