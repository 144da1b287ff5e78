# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""genesys.multicloud.nexus_lock: a lock of the Digital Channels database that spans tasks.

The lock is held by a process of its own (plugins/plugin_utils/_lock_holder.py), started here
and stopped by the task that releases it, or by itself when the run ends.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.genesys.multicloud.plugins.modules import nexus_lock
from ansible_collections.genesys.multicloud.plugins.plugin_utils import _lock_holder

display = Display()


def describe(holder):
    """Who holds the lock, as far as pg_stat_activity tells."""
    if not holder:
        return "another session (it may have just released it)"
    text = holder.get("application_name") or "a session without application_name"
    if holder.get("client"):
        text += " from %s" % holder["client"]
    if holder.get("since"):
        text += ", connected since %s" % holder["since"][:19]
    return text


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        validation = ArgumentSpecValidator(nexus_lock.ARGUMENT_SPEC, required_if=nexus_lock.REQUIRED_IF).validate(self._task.args)
        if validation.error_messages:
            raise AnsibleActionFail("; ".join(validation.error_messages))
        params = validation.validated_parameters
        if params["state"] == "released":
            result.update(released=self.release(params["holder"]), changed=False)
            return result
        scopes = sorted(set(params["scopes"])) if params["scopes"] else [params["scope"]]
        what = "the lock of %s in %s%s" % (", ".join(scopes), params["environment"], " (shared)" if params["mode"] == "shared" else "")
        holder = self.hold(params, scopes, what, task_vars)
        result.update(changed=False, holder=holder, lock=what)
        return result

    def hold(self, params, scopes, what, task_vars):
        settings = dict((name, params[name]) for name in nexus_lock.DB_OPTIONS)
        settings.update(keys=["genesys.multicloud %s %s" % (params["environment"], scope) for scope in scopes],
                        shared=params["mode"] == "shared",
                        timeout=params["timeout"], watch=os.getppid(),
                        application_name="genesys.multicloud %s@%s:%d %s" % (
                            params["label"], socket.gethostname(), os.getppid(), scopes[0] if len(scopes) == 1 else "tenants"))
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, _lock_holder.__file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, start_new_session=True)
        process.stdin.write((json.dumps(settings) + "\n").encode())
        process.stdin.close()
        host = task_vars.get("inventory_hostname")
        deadline = time.monotonic() + params["timeout"] + 60
        while time.monotonic() < deadline:
            ready, dummy, dummy = select.select([process.stdout], [], [], 1)
            if not ready:
                continue
            line = process.stdout.readline()
            if not line:
                break
            event = json.loads(line)
            if event["event"] == "HELD":
                process.stdout.close()
                return process.pid
            if event["event"] == "WAIT":
                display.display("[%s] waiting for %s, held by %s" % (host, what, describe(event.get("holder"))))
            elif event["event"] == "TIMEOUT":
                raise AnsibleActionFail("%s is still held by %s after %d s (genesys_lock_timeout): is that run still going?"
                                        % (what, describe(event.get("holder")), params["timeout"]))
            elif event["event"] == "ERROR":
                raise AnsibleActionFail(
                    "cannot take %s: cannot connect to the Digital Channels database: %s. Nothing was written. Check "
                    "nexus_db_host, nexus_db_port, nexus_db_name, nexus_db_user and nexus_db_password in group_vars/all."
                    % (what, event.get("message")))
        process.kill()
        raise AnsibleActionFail("cannot take %s: the process holding it ended without a word" % what)

    @staticmethod
    def release(pid):
        """Stop the holder ``pid`` (only if it is one): its connection, and with it the lock, goes."""
        # A process id may have been reused since: where /proc tells, stop only a holder.
        if os.path.isdir("/proc"):
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as handle:
                    if b"_lock_holder" not in handle.read():
                        return False
            except OSError:
                return False
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return False
        return True
