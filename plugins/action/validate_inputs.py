# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks the inventory variables of the environment or of one tenant, on the controller,
before any write. Documented in plugins/modules/validate_inputs.py."""

from __future__ import annotations

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase
from ansible.utils.vars import load_extra_vars

from ansible_collections.genesys.multicloud.plugins.plugin_utils import _inputs


class ActionModule(ActionBase):
    """Reads the variables from the task's variables: nothing runs on a target."""

    TRANSFERS_FILES = False
    _VALID_ARGS = frozenset(("scope", "purpose"))
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        task_vars = task_vars or {}
        scope = self._task.args.get("scope", "tenant")
        purpose = self._task.args.get("purpose", "enable")
        if scope not in ("environment", "tenant") or purpose not in ("enable", "remove"):
            return dict(result, failed=True, msg="scope must be environment or tenant, purpose enable or remove")
        removal = purpose == "remove"

        names = _inputs.ENVIRONMENT if scope == "environment" else list(_inputs.TENANT) + ["iwd_url"]
        values, problems = {}, []
        for variable in names:
            if variable not in task_vars:
                continue
            try:
                values[variable] = self._templar.template(task_vars[variable])
            except AnsibleError as exc:
                # The templating error names the undefined variable, not a value.
                problems.append((variable, "cannot be evaluated: %s" % exc.message))

        if scope == "environment":
            source = _inputs.ENVIRONMENT_SOURCE
            problems.extend(_inputs.environment_problems(values, removal))
        else:
            source = _inputs.TENANT_SOURCE % task_vars.get("inventory_hostname")
            problems.extend(_inputs.tenant_problems(values, values, removal))

        # A value given with -e is named as such: the inventory file holds no such line to fix.
        extra = extra_var_names(self._loader)
        errors = [message for variable, problem in problems
                  for message in _inputs.messages(_inputs.EXTRA_VARS_SOURCE if _inputs.root(variable) in extra else source,
                                                  [(variable, problem)])]
        result.update(changed=False, errors=errors)
        if scope == "environment":
            warnings = unknown_variable_warnings(task_vars)
            if warnings:
                result["warnings"] = warnings
        if errors:
            result.update(failed=True, msg="; ".join(errors))
        else:
            result["msg"] = "%s: every variable is valid" % source
        return result


def extra_var_names(loader):
    """The names given as extra vars (-e) on the command line, ansible-runner's included."""
    try:
        return set(load_extra_vars(loader))
    except AnsibleError:
        # ansible-playbook has read them already; a failure here would only repeat its own.
        return set()


def unknown_variable_warnings(task_vars):
    """One warning per variable that has the collection's prefixes and that it does not know, on any
    tenant of the play: named with the tenants that have it and the nearest known name."""
    hostvars = task_vars.get("hostvars", {})
    hosts = list(task_vars.get("ansible_play_hosts_all") or [task_vars.get("inventory_hostname")])
    holders = {}
    for host in hosts:
        names = list(hostvars[host].keys()) if host in hostvars else []
        for name, nearest in _inputs.unknown_variables(names):
            holders.setdefault((name, nearest), []).append(host)
    warnings = []
    for (name, nearest), found in sorted(holders.items()):
        where = "every tenant of the run" if len(found) == len(hosts) > 1 else ", ".join(found)
        warnings.append("%s, set for %s, is not a variable of genesys.multicloud and is ignored%s" % (
            name, where, "; did you mean %s?" % nearest if nearest else ""))
    return warnings
