# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The process that holds a lock of the Digital Channels database for a run (see nexus_lock).

A PostgreSQL session-level advisory lock lives as long as the connection that took it, so it
can span the tasks of a run only in a process of its own: this one. It reads its settings as
JSON on stdin (the password never reaches a command line), connects under an
``application_name`` that names the run, and tries the lock every POLL seconds. While another
session holds it, it prints ``WAIT`` with what pg_stat_activity says of that session, whenever
that changes; once it holds the lock it prints ``HELD`` and stays until it is told to stop
(SIGTERM) or the run it serves (``watch``, a process id) has ended. Its exit closes the
connection, which releases the lock whatever happened to the run.

Protocol, one JSON object per line on stdout: ``{"event": "WAIT"|"HELD"|"TIMEOUT"|"ERROR", ...}``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time

POLL = 0.2
HOLDER = (
    "SELECT a.application_name, host(a.client_addr) AS client, a.backend_start::text AS since, a.pid "
    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.pid <> pg_backend_pid() "
    "AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext(%s)::bigint"
)


def emit(event, **fields):
    sys.stdout.write(json.dumps(dict(fields, event=event)) + "\n")
    sys.stdout.flush()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def connect(settings):
    import psycopg2  # pylint: disable=import-outside-toplevel

    kwargs = dict(host=settings["db_host"], port=settings["db_port"], dbname=settings["db_name"],
                  user=settings["db_user"], password=settings["db_password"], sslmode=settings["db_sslmode"],
                  connect_timeout=30, application_name=settings["application_name"][:63])
    if settings.get("db_ca_path"):
        kwargs["sslrootcert"] = settings["db_ca_path"]
    conn = psycopg2.connect(**kwargs)
    conn.autocommit = True
    return conn


def acquire_all(cur, settings):
    """Take every lock of ``keys`` within the timeout, in the order given: every run sorts them the same way,
    so that two runs that need some of the same locks never each hold one the other waits for."""
    deadline = time.monotonic() + settings["timeout"]
    return all(acquire(cur, key, settings, deadline) for key in settings["keys"])


def acquire(cur, key, settings, deadline):
    """Take the lock ``key`` before ``deadline``; False when it ran out."""
    shown = False
    while True:
        cur.execute("SELECT pg_try_advisory_lock%s(hashtext(%%s))" % ("_shared" if settings.get("shared") else ""), (key,))
        if cur.fetchone()[0]:
            return True
        cur.execute(HOLDER, (key,))
        row = cur.fetchone()
        holder = dict(zip(("application_name", "client", "since", "pid"), row)) if row else None
        # Said at once, then again whenever another run holds it; not for the moment between two holders.
        if shown is False or (holder is not None and holder != shown):
            emit("WAIT", holder=holder)
            shown = holder
        if time.monotonic() >= deadline:
            emit("TIMEOUT", holder=holder)
            return False
        time.sleep(POLL)


def main():
    settings = json.loads(sys.stdin.readline())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        conn = connect(settings)
    except Exception as exc:  # pylint: disable=broad-except
        # psycopg2's message names host, port and user, never the password.
        emit("ERROR", message=str(exc).strip())
        return 2
    with conn, conn.cursor() as cur:
        if not acquire_all(cur, settings):
            return 3
        emit("HELD")
        while alive(settings["watch"]):
            time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
