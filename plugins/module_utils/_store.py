# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The store: a JSON record file on the controller into which a module writes a value the
service gives only once (a tenant's ``xapikey``, a generated client secret, an API key id)
the moment the answer carrying it arrives, before anything later can fail.

A record is a JSON object. ``update_record`` merges into it under an exclusive ``fcntl``
lock on a lock file beside it, so that concurrent runs (two job templates, parallel
tenants) lose nothing, and replaces the file atomically, so that a reader or a run killed
mid-write never sees half a record. A value already known is never replaced by ``null``.
Files are 0600 in directories created 0700.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import tempfile

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError

FILE_MODE = 0o600
DIR_MODE = 0o700


def read_record(path):
    """The record at ``path``, ``{}`` when there is none yet."""
    try:
        with open(path, encoding="utf-8") as stream:
            record = json.load(stream)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise GenesysError("store %s: cannot read the record: %s" % (path, exc)) from None
    if not isinstance(record, dict):
        raise GenesysError("store %s: the file does not hold a JSON object" % path)
    return record


def update_record(path, updates, remove=()):
    """Merge ``updates`` into the record at ``path`` and return the record as written.

    Dicts merge key by key; ``None`` never replaces a value that is not ``None``; other values
    replace. ``remove`` lists key paths (tuples such as ``("apikeys", "Cluster API key")``) to
    delete. The file is rewritten only when the record changes.
    """
    with locked(path):
        current = read_record(path)
        record = merge(copy.deepcopy(current), updates)
        for keys in remove:
            _delete(record, keys)
        if record != current or not os.path.exists(path):
            write_record(path, record)
        return record


def setdefault_record(path, keys, make):
    """The value at the key path ``keys`` of the record; when there is none, ``make()``, written
    there first. Under the lock, so concurrent callers all get the value the first one made."""
    with locked(path):
        record = read_record(path)
        node = record
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            return node
        value = make()
        updates = value
        for key in reversed(keys):
            updates = {key: updates}
        write_record(path, merge(record, updates))
        return value


@contextlib.contextmanager
def locked(path):
    """Hold the exclusive lock of the record at ``path`` (creating its directories 0700), for a
    read-decide-write that concurrent processes must not interleave. Not reentrant."""
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    try:
        _make_directories(directory)
        lock = os.open(os.path.join(directory, "." + os.path.basename(path) + ".lock"), os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise GenesysError("store %s: cannot create the record: %s" % (path, exc)) from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)  # closing releases the lock


def _make_directories(directory):
    """``os.makedirs`` with every directory it creates 0700, not only the last one."""
    if os.path.isdir(directory):
        return
    _make_directories(os.path.dirname(directory))
    try:
        os.mkdir(directory, DIR_MODE)
    except FileExistsError:
        pass


def merge(current, updates):
    """``current`` with ``updates`` merged in (see ``update_record``); neither is changed."""
    merged = dict(current)
    for key, value in updates.items():
        known = merged.get(key)
        if isinstance(value, dict) and isinstance(known, dict):
            merged[key] = merge(known, value)
        elif value is not None or known is None:
            merged[key] = value
    return merged


def _delete(record, keys):
    for key in keys[:-1]:
        record = record.get(key)
        if not isinstance(record, dict):
            return
    record.pop(keys[-1], None)


def write_record(path, record):
    """Replace the record at ``path`` with ``record`` (call it under ``locked(path)``): write a
    0600 temporary file beside it, then rename it over ``path``."""
    def dump(stream):
        json.dump(record, stream, indent=2, sort_keys=True)
        stream.write("\n")
    _replace(path, dump)


def keep_secret_file(path, value):
    """Write ``value`` as the whole content of the secret file ``path`` (0600 in 0700), as the
    password lookup keeps a generated secret, unless the file exists; returns what the file holds."""
    with locked(path):
        try:
            with open(path, encoding="utf-8") as stream:
                return stream.read().strip()
        except FileNotFoundError:
            _replace(path, lambda stream: stream.write(value + "\n"))
            return value


def _replace(path, dump):
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    except OSError as exc:
        raise GenesysError("store %s: cannot write the record: %s" % (path, exc)) from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            dump(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
    except BaseException as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise GenesysError("store %s: cannot write the record: %s" % (path, exc)) from None
        raise
    _sync_directory(directory)


def _sync_directory(directory):
    """Make the rename durable: a crash right after must not bring the old record back."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
