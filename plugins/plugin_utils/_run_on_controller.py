# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module of the collection in the controller's Python instead of shipping it.

Every module only talks to HTTP services and PostgreSQL, so it can run wherever the
controller can reach them. Shipping it costs an AnsiballZ payload, a new Python process
and a fresh import of ``ansible.module_utils.basic`` per host and task, which is most of a
run's time; the services answer in milliseconds.

The action does here, with ansible-core's public API only, what ``AnsibleModule`` and
``run_module`` do for a shipped module: it validates the task's arguments with
``ArgumentSpecValidator`` against ``module_kwargs(module)``, the spec ``AnsibleModule`` gets,
calls the module's ``run``, and masks the result as ``AnsibleModule.exit_json`` masks it
(every value of a no_log option, every ``_secret_values`` entry), so that a task gives the
same result, warnings and failures on either path.
"""

from __future__ import annotations

import contextlib
import json
import os
import traceback
from collections.abc import Mapping

from ansible.errors import AnsibleActionFail
from ansible.module_utils.basic import missing_required_lib
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import HAS_REQUESTS
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    hide_secret_values, module_kwargs, run_checked, shown_identifiers)
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings

# The profile AnsiballZ uses for a Python module that declares no metadata, as ours do not.
PROFILE = "legacy"

try:  # ansible-core >= 2.19 hands a module its arguments in a serialization profile
    from ansible.module_utils.common.json import Direction, get_module_decoder, get_module_encoder

    ENCODING = dict(cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE))
    DECODING = dict(cls=get_module_decoder(PROFILE, Direction.CONTROLLER_TO_MODULE))
    wrap_var = None  # a value made by Python code is never templated unless marked trusted
except ImportError:  # ansible-core 2.16 to 2.18
    from ansible.module_utils.common.json import AnsibleJSONEncoder
    from ansible.utils.unsafe_proxy import wrap_var  # marks the result unsafe, as for a shipped module

    ENCODING, DECODING = dict(cls=AnsibleJSONEncoder, vault_to_text=True), {}

display = Display()

# The variable that, set to false, ships the modules to the hosts as ansible.builtin.normal does.
SWITCH = "genesys_run_on_controller"


class ModuleOnController(NormalAction):
    """The action of a module of the collection; a subclass names the module in ``MODULE``.

    The module runs in the controller's Python unless the task must run elsewhere: it is
    delegated to a host reached by another connection than ``local``, it is ``async``, or
    the variable ``genesys_run_on_controller`` is false. Then the module is shipped as for
    any module.
    """

    MODULE = None  # the module's Python module, whose run() is called

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        if not self.runs_on_controller(task_vars):
            return super().run(tmp, task_vars)
        # ActionBase.run, for its checks of check mode and async, without the shipping NormalAction.run does.
        result = super(NormalAction, self).run(tmp, task_vars)  # pylint: disable=bad-super-call
        result.update(self.run_module(task_vars))
        return result

    def runs_on_controller(self, task_vars):
        """Whether the module runs here rather than on the host the task runs on."""
        value = self._templar.template(task_vars.get(SWITCH, True))
        try:
            if not boolean(value, strict=True):
                return False
        except TypeError:
            raise AnsibleActionFail("%s: must be true or false, got %r" % (SWITCH, value)) from None
        if self._task.async_val:
            return False
        return not self._task.delegate_to or self._connection.transport == "local"

    def run_module(self, task_vars):
        """The module's result, as a shipped module's reaches the controller."""
        # What the controller tells a shipped module besides its arguments: check mode, its
        # name, whether its result carries its arguments (``invocation``, always before 2.21).
        internal = {}
        self._update_module_args(self._task.action, internal, task_vars)
        environment = {}
        self._compute_environment_string(environment)
        display.vvv("Running module %s in the controller's Python" % self.MODULE.__name__, host=task_vars.get("inventory_hostname"))
        with _environment(environment):
            result = run_here(self.MODULE, module_args(self._task.args), internal)
        return wrap_var(result) if wrap_var else result


def module_args(args):
    """The arguments as a shipped module reads them: vaulted values decrypted, plain JSON types."""
    return json.loads(json.dumps(args, **ENCODING), **DECODING)


def run_here(module, args, internal):
    """What a shipped ``module`` reports for ``args``: its result or its failure, masked.
    ``internal`` holds what ``ActionBase._update_module_args`` gives a module."""
    kwargs = module_kwargs(module)
    kwargs.pop("supports_check_mode")
    spec = kwargs["argument_spec"]
    validation = ArgumentSpecValidator(**kwargs).validate(args)
    # AnsibleModule.params: the arguments as given (aliases included), overlaid by the validated ones.
    params = dict(args, **validation.validated_parameters)
    # Less the identifiers the module shows among its secrets (a channel id), as run_module does.
    secrets = no_log_values(spec, args, validation.validated_parameters) - shown_identifiers(module, validation.validated_parameters)
    warnings, deprecations = alias_notices(spec, args)
    result = outcome(module, validation, params, internal)
    warnings.extend(take_warnings())
    result = hide_secret_values(result, secrets)
    if internal.get("_ansible_inject_invocation", True):
        result.setdefault("invocation", {"module_args": params})
    if warnings:
        result["warnings"] = warnings
    if deprecations:
        result["deprecations"] = deprecations
    # As AnsibleModule.exit_json: top-level booleans and nulls stay as they are.
    kept = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
    result = remove_values(result, secrets)
    result.update(kept)
    return result


def outcome(module, validation, params, internal):
    """The result of ``module.run``, or the failure ``AnsibleModule`` or ``run_module`` would report."""
    if validation.error_messages:
        msg = validation.errors.msg
        if isinstance(validation.errors[0], UnsupportedError):
            msg = "Unsupported parameters for (%s) module: %s" % (internal["_ansible_module_name"], msg)
        return {"failed": True, "msg": msg}
    if not HAS_REQUESTS:
        return {"failed": True, "msg": missing_required_lib("requests")}
    try:
        return run_checked(module, params, internal["_ansible_check_mode"])
    except GenesysError as exc:
        failure = dict(exc.details(), failed=True, msg=exc.message)
        if traceback_wanted(internal):
            failure["exception"] = "".join(traceback.format_tb(exc.__traceback__))
        return failure


def traceback_wanted(internal):
    """Whether a shipped module's failure carries its traceback: when the controller asks for the
    tracebacks of errors (ansible-core >= 2.19), at -vvv or in debug before."""
    if "_ansible_tracebacks_for" in internal:
        return "error" in internal["_ansible_tracebacks_for"]
    return internal.get("_ansible_verbosity", 0) >= 3 or bool(internal.get("_ansible_debug"))


def no_log_values(spec, given, validated):
    """The strings ``AnsibleModule`` hides in a result: every value of a no_log option of ``spec``,
    sub-options included, as ``given`` (by its name or an alias) or else as ``validated`` (a
    default, a fallback to an environment variable); each string or number of a list or a dict apart."""
    found = set()
    for name, option in spec.items():
        value = _given(name, option, given) if _names(name, option) & set(given) else validated.get(name)
        if option.get("no_log") and value:  # as AnsibleModule: an empty value hides nothing
            found.update(_scalars(value))
        if option.get("options") and value is not None:
            checked = validated.get(name)
            for item, check in zip(*(_items(each) for each in (value, checked))):
                check = check if isinstance(check, Mapping) else {}
                found.update(no_log_values(option["options"], item if isinstance(item, Mapping) else check, check))
    return found


def _names(name, option):
    return set([name] + list(option.get("aliases") or ()))


def _given(name, option, given):
    """The value of an option in the task's arguments: the last of its aliases given wins, as in ``AnsibleModule``."""
    value = given.get(name)
    for alias in option.get("aliases") or ():
        value = given.get(alias, value)
    return value


def _items(value):
    return value if isinstance(value, list) else [value]


def _scalars(value):
    if isinstance(value, Mapping):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return set().union(*(_scalars(item) for item in value))
    if isinstance(value, bool) or value in ("", None):
        return set()
    return {str(value)}


def alias_notices(spec, args):
    """The warnings and deprecations ``AnsibleModule`` reports for the aliases used in ``args``."""
    warnings, deprecations, given = [], [], set(args)
    for name, option in spec.items():
        for alias in option.get("deprecated_aliases") or ():
            if alias.get("name") in args:
                when = dict(date=alias["date"]) if alias.get("date") is not None else dict(version=alias.get("version"))
                deprecations.append(dict(msg="Alias '%s' is deprecated. See the module docs for more information" % alias["name"],
                                         collection_name=alias.get("collection_name"), **when))
        for alias in option.get("aliases") or ():
            if alias in given:
                if name in given:
                    warnings.append("Both option %s and its alias %s are set." % (name, alias))
                given.add(name)
    return warnings, deprecations


@contextlib.contextmanager
def _environment(environment):
    """The task's ``environment`` in ``os.environ`` for the run (fallbacks to environment
    variables, proxies, libpq settings), the process's own restored after it."""
    saved = dict(os.environ)
    os.environ.update((name, str(value)) for name, value in environment.items())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
