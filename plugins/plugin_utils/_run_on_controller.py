# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a module of the collection in the controller's Python instead of shipping it.

Every module only talks to HTTP services and PostgreSQL, so it can run wherever the
controller can reach them. Shipping it costs an AnsiballZ payload, a new Python process
and a fresh import of ``ansible.module_utils.basic`` per host and task, which is most of a
run's time; the services answer in milliseconds.

The module is not re-implemented here: its own ``main()`` runs, so ``AnsibleModule`` does
the argument validation, ``no_log`` masking, check mode, warnings and failures exactly as
when shipped. What differs is only the transport: the arguments are serialized as the
module path serializes them, the module reads them from where AnsiballZ puts them, its
printed result is captured instead of read from a process, and the controller parses it
with the same code it uses for a shipped module's output.
"""

from __future__ import annotations

import contextlib
import io
import json
import os

from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.errors import AnsibleActionFail
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as NormalAction
from ansible.utils.display import Display

try:  # ansible-core 2.16 to 2.19 clean a module's result with a function
    from ansible.vars.clean import remove_internal_keys
except ImportError:  # ansible-core >= 2.20 cleans its result objects themselves
    remove_internal_keys = None

try:  # ansible-core >= 2.19 tells module code whether it runs in the controller
    from ansible.module_utils import _internal as module_internal
except ImportError:  # ansible-core 2.16 to 2.18
    module_internal = None

try:  # ansible-core >= 2.19 exchanges module arguments and results in a serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder

    AnsibleJSONEncoder = wrap_var = None
except ImportError:  # ansible-core 2.16 to 2.18
    from ansible.module_utils.common.json import AnsibleJSONEncoder
    from ansible.utils.unsafe_proxy import wrap_var

    Direction = get_module_encoder = None

display = Display()

# The profile AnsiballZ uses for a Python module that declares no metadata, as ours do not.
PROFILE = "legacy"

# The variable that, set to false, ships the modules to the hosts as ansible.builtin.normal does.
SWITCH = "genesys_run_on_controller"


class ModuleOnController(NormalAction):
    """The action of a module of the collection; a subclass names the module in ``MODULE``.

    The module runs in the controller's Python unless the task must run elsewhere: it is
    delegated to a host reached by another connection than ``local``, it is ``async``, or
    the variable ``genesys_run_on_controller`` is false. Then the module is shipped as for
    any module.
    """

    MODULE = None  # the module's Python module, whose main() is run

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
        """The module's result, as ``_execute_module`` returns a shipped module's."""
        args = dict(self._task.args)
        self._update_module_args(self._task.action, args, task_vars)
        environment = {}
        self._compute_environment_string(environment)
        display.vvv("Running module %s in the controller's Python" % self.MODULE.__name__, host=task_vars.get("inventory_hostname"))
        rc, stdout = run_main(self.MODULE, encode_args(args), environment)
        return self.parse_output(rc, stdout)

    def parse_output(self, rc, stdout):
        """What the controller makes of a module's output, with the same code as for a shipped module."""
        res = {"rc": rc, "stdout": stdout, "stdout_lines": stdout.splitlines(), "stderr": "", "stderr_lines": []}
        if get_module_encoder is None:
            data = self._parse_returned_data(res)
            remove_internal_keys(data)
            return wrap_var(data)
        result = self._parse_returned_data(res, PROFILE)
        if hasattr(result, "as_result_dict"):  # ansible-core >= 2.20 parses into a result object
            result.remove_internal_keys()
            return result.as_result_dict(for_round_trip=True)
        remove_internal_keys(result)  # ansible-core 2.19 parses into a dict
        return result


def encode_args(args):
    """The arguments as the module path hands them to AnsiballZ."""
    params = {"ANSIBLE_MODULE_ARGS": args}
    if get_module_encoder is None:
        return json.dumps(params, cls=AnsibleJSONEncoder, vault_to_text=True).encode()
    return json.dumps(params, cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode()


def run_main(module, json_args, environment):
    """Run ``module.main()`` on ``json_args`` in the task's ``environment``; its exit code and output.

    The module reads its arguments, warnings and deprecations from globals of
    ``ansible.module_utils``, and its environment from ``os.environ`` (for fallbacks to
    environment variables, proxies, libpq settings): each is set for the run and restored
    after it, so that a run leaves nothing behind for the next. Since ansible-core 2.19,
    ``ansible.module_utils`` also knows whether it runs in the controller, where it would
    display a warning at once instead of returning it in the result: for the run, it is
    told that it runs in a module, as it would when shipped.
    """
    stdout = io.StringIO()
    with _module_globals(json_args), _environment(environment), contextlib.redirect_stdout(stdout):
        try:
            module.main()
        except SystemExit as exc:
            return exc.code or 0, stdout.getvalue()
    raise RuntimeError("%s did not exit with its result" % module.__name__)


@contextlib.contextmanager
def _module_globals(json_args):
    saved = dict((name, getattr(basic, name)) for name in ("_ANSIBLE_ARGS", "_ANSIBLE_PROFILE", "_PARSED_MODULE_ARGS")
                 if hasattr(basic, name))
    saved_warnings = module_warnings._global_warnings, module_warnings._global_deprecations
    is_controller = getattr(module_internal, "is_controller", None)
    basic._ANSIBLE_ARGS = json_args
    if "_ANSIBLE_PROFILE" in saved:
        basic._ANSIBLE_PROFILE = PROFILE
    module_warnings._global_warnings = type(saved_warnings[0])()
    module_warnings._global_deprecations = type(saved_warnings[1])()
    if is_controller is not None:
        module_internal.is_controller = False
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(basic, name, value)
        module_warnings._global_warnings, module_warnings._global_deprecations = saved_warnings
        if is_controller is not None:
            module_internal.is_controller = is_controller


@contextlib.contextmanager
def _environment(environment):
    saved = dict(os.environ)
    os.environ.update((name, str(value)) for name, value in environment.items())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
