"""The request log: every Genesys request, with secrets masked, in memory and in a JSONL file."""

import collections
import datetime
import json
import logging
import re
import threading

LOG = logging.getLogger(__name__)

CREDENTIAL_KINDS = ("none", "basic-admin", "basic-client", "bearer", "bare-token", "api-key", "form-client")

# Query parameters whose values are credentials.
_SECRET_PARAM = re.compile(r"secret|password|token|key", re.IGNORECASE)
# An API key in a path (K3, K4) is a credential too: keep only a recognisable prefix.
_KEY_IN_PATH = re.compile(r"^(/nexus/v3/apikeys/)([^/]{0,8})[^/]*")


def mask_query(params):
    return {name: ("***" if _SECRET_PARAM.search(name) else value) for name, value in params}


def mask_path(path):
    return _KEY_IN_PATH.sub(lambda m: m.group(1) + m.group(2) + "***", path)


class RequestLog:
    """Sequenced entries, newest last; the file keeps what memory drops."""

    def __init__(self, path, size):
        self._path = path
        self._lock = threading.Lock()
        self._entries = collections.deque(maxlen=size)
        self._seq = 0
        self._load()

    def _load(self):
        # A restarted sandbox continues the sequence and serves the older entries.
        try:
            with open(self._path, encoding="utf-8") as handle:
                for line in handle:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    self._entries.append(entry)
                    self._seq = max(self._seq, int(entry.get("seq", 0)))
        except FileNotFoundError:
            pass

    def record(self, **fields):
        now = datetime.datetime.now(datetime.timezone.utc)
        with self._lock:
            self._seq += 1
            entry = {"seq": self._seq, "time": now.isoformat(timespec="milliseconds")}
            entry.update(fields)
            self._entries.append(entry)
            with open(self._path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, sort_keys=True) + "\n")
        LOG.info("%s %s %s %s -> %s (%s)", entry["seq"], fields.get("service"), fields.get("method"),
                 fields.get("path"), fields.get("status"), fields.get("credential"))
        return entry

    def since(self, seq):
        with self._lock:
            return [entry for entry in self._entries if entry["seq"] > seq]

    def clear(self):
        """Forget every entry; the sequence goes on so that ``since`` stays monotonic."""
        with self._lock:
            self._entries.clear()
            with open(self._path, "w", encoding="utf-8"):
                pass

    @property
    def last_seq(self):
        return self._seq
