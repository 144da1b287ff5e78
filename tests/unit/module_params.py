# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module parameters for unit tests, built through the module's real argument spec."""

from __future__ import annotations

import copy
import os

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_given, hide_secret_values, module_kwargs


# The collection's modules: the action group ``all`` of meta/runtime.yml. The files of
# plugins/modules that are not in it only document an action that has no module (validate_inputs),
# or one that takes no connection option (nexus_lock).
_RUNTIME = os.path.join(os.path.dirname(__file__), "..", "..", "meta", "runtime.yml")
with open(_RUNTIME, encoding="utf-8") as _handle:
    MODULES = sorted(yaml.safe_load(_handle)["action_groups"]["all"])


class SpecError(Exception):
    """The module's argument spec refused the values, as AnsibleModule would."""


def module_params(module, **values):
    """Parameters as ``run_module`` gives them to ``module.run``: ``values`` (``None`` meaning not
    given) validated by ``module_kwargs(module)`` — the shared and the module's own options with
    their defaults, choices, types and relationships — then by ``check_given``. A value the spec
    refuses raises ``SpecError`` with Ansible's messages."""
    kwargs = module_kwargs(module)
    kwargs.pop("supports_check_mode")
    given = dict((name, value) for name, value in values.items() if value is not None)
    result = ArgumentSpecValidator(**kwargs).validate(given)
    # ``result.errors`` is always true: its messages say whether there are any.
    if result.error_messages:
        raise SpecError("; ".join(result.error_messages))
    params = result.validated_parameters
    check_given(module, params)
    return params


def shown(result):
    """The result as ``run_module`` reports it: ``_secret_values`` removed and masked."""
    return hide_secret_values(copy.deepcopy(result), set())
