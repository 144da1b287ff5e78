# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import multiprocessing
import os
import stat

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils import _store
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._store import merge, read_record, update_record


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_record_is_0600_in_a_new_0700_directory(tmp_path):
    path = tmp_path / "secrets" / "nested" / "t100.json"
    update_record(str(path), {"xapikey": "x-1"})
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    assert json.loads(path.read_text()) == {"xapikey": "x-1"}


def test_a_missing_record_reads_as_empty(tmp_path):
    assert read_record(str(tmp_path / "none.json")) == {}


def test_merge_keeps_other_keys_and_never_replaces_a_value_by_null(tmp_path):
    path = str(tmp_path / "t100.json")
    update_record(path, {"tenant": "t100", "xapikey": "x-1", "apikeys": {"chat": "k-1"}})
    record = update_record(path, {"xapikey": None, "apikeys": {"designer": "k-2", "chat": None}, "services": ["UCS"]})
    assert record == read_record(path) == {
        "tenant": "t100", "xapikey": "x-1", "apikeys": {"chat": "k-1", "designer": "k-2"}, "services": ["UCS"]}
    # A null is written where nothing is known, and a new value replaces an old one.
    assert update_record(path, {"manual_steps": None, "xapikey": "x-2"})["xapikey"] == "x-2"
    assert "manual_steps" in read_record(path)


def test_remove_deletes_one_nested_key(tmp_path):
    path = str(tmp_path / "env.json")
    update_record(path, {"apikeys": {"a": "1", "b": "2"}})
    assert update_record(path, {}, remove=[("apikeys", "a"), ("apikeys", "absent"), ("nothing", "x")]) == {"apikeys": {"b": "2"}}


def test_merge_does_not_change_its_inputs():
    current, updates = {"a": {"b": 1}}, {"a": {"c": 2}}
    assert merge(current, updates) == {"a": {"b": 1, "c": 2}}
    assert current == {"a": {"b": 1}} and updates == {"a": {"c": 2}}


def test_a_failed_write_leaves_the_old_record_whole_and_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "t100.json"
    update_record(str(path), {"xapikey": "x-1"})

    def broken_dump(record, stream, **kwargs):
        stream.write('{"xapikey": "half')
        raise OSError("disk full")

    monkeypatch.setattr(_store.json, "dump", broken_dump)
    with pytest.raises(GenesysError, match="store .*t100.json: cannot write the record: disk full"):
        update_record(str(path), {"apikeys": {"chat": "k-1"}})
    assert json.loads(path.read_text()) == {"xapikey": "x-1"}
    assert sorted(os.listdir(tmp_path)) == [".t100.json.lock", "t100.json"]


def test_a_record_that_is_not_an_object_is_an_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[1, 2]")
    with pytest.raises(GenesysError, match="does not hold a JSON object"):
        update_record(str(path), {"a": 1})


def _writer(path, name, start, count):
    start.wait()
    for index in range(count):
        update_record(path, {"apikeys": {"%s-%d" % (name, index): index}, name: index})


def test_two_processes_merging_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "env.json")
    context = multiprocessing.get_context("fork")
    start = context.Event()
    writers = [context.Process(target=_writer, args=(path, name, start, 60)) for name in ("one", "two")]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(60)
        assert writer.exitcode == 0
    record = read_record(path)
    assert len(record["apikeys"]) == 120
    assert record["one"] == 59 and record["two"] == 59
    assert mode(path) == 0o600
