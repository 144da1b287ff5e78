"""converge and oldest: runs that each made an object of one name agree on the one to keep."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._create import converge, oldest

A = {"id": "b", "created": "2024-05-02T10:00:00.000Z"}
B = {"id": "a", "created": "2024-05-02T10:00:01.000Z"}
C = {"id": "c", "created": "2024-05-02T10:00:00.000Z"}


def test_oldest_is_the_earliest_created_then_the_smallest_id():
    assert oldest([B, C, A]) is A
    assert oldest([{"id": "z"}, {"id": "y"}]) == {"id": "y"}


def test_every_run_keeps_the_same_one_and_revokes_only_its_own():
    revoked = []
    for mine in (A, B, C):
        assert converge(mine, [A, B, C], revoked.append) is A
    assert revoked == [B, C]


def test_alone_or_without_an_id_nothing_is_revoked():
    revoked = []
    assert converge(B, [B], revoked.append) is B
    mine = {"name": "x"}
    assert converge(mine, [A], revoked.append) is mine
    assert revoked == []
