# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Merges values into a tenant's record file on the controller, under the lock the modules' ``store``
takes. Documented in plugins/modules/tenant_record.py."""

from __future__ import annotations

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.action import ActionBase

from ansible_collections.genesys.multicloud.plugins.module_utils import _store
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.plugin_utils._records import masked_record

ARGUMENT_SPEC = {
    "path": {"type": "path", "required": True},
    "update": {"type": "dict", "required": True},
    "publish": {"type": "dict"},
}


class ActionModule(ActionBase):
    """Nothing runs on a target: the record lives beside the inventory, on the controller."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        validated = ArgumentSpecValidator(ARGUMENT_SPEC).validate(self._task.args)
        if validated.error_messages:
            raise AnsibleActionFail("; ".join(validated.error_messages))
        path, update = validated.validated_parameters["path"], validated.validated_parameters["update"]

        try:
            before = _store.read_record(path)
            after = _store.merge(dict(before), update)
            changed = after != before
            if changed and not self._task.check_mode:
                after = _store.update_record(path, update)
        except GenesysError as exc:
            raise AnsibleActionFail(exc.message) from None
        # Which parts change, so that a run whose only change is the file can say so (tenant_report).
        changed_keys = sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
        result.update(changed=changed, path=path, changed_keys=changed_keys)
        publish = validated.validated_parameters["publish"]
        if publish:
            # What set_stats returns: the strategy adds it to the run's custom stats, whatever the action.
            result["ansible_stats"] = {"data": publish, "per_host": False, "aggregate": True}
        if self._task.diff:
            # The record holds the tenant's secrets: every one of them is masked, wherever it shows.
            result["diff"] = {"before": masked_record(before, before), "after": masked_record(after, after),
                              "before_header": path, "after_header": path}
        return result
