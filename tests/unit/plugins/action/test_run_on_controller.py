# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib
import json
import os
import pathlib
import types
from unittest.mock import MagicMock

import pytest

from ansible.errors import AnsibleActionFail
from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.playbook.play_context import PlayContext

try:  # ansible-core >= 2.19
    from ansible.module_utils import _internal as module_internal
    from ansible.module_utils._internal import _traceback
except ImportError:
    module_internal = _traceback = None

from ansible_collections.genesys.multicloud.plugins.module_utils import _module
from ansible_collections.genesys.multicloud.tests.unit.module_params import MODULES
from ansible_collections.genesys.multicloud.plugins.plugin_utils._run_on_controller import (
    ModuleOnController, encode_args, run_main)
from ansible_collections.genesys.multicloud.tests.unit.plugins.action import example_module

COLLECTION = pathlib.Path(__file__).resolve().parents[4]

# Importing the controller's code (ansible-core >= 2.19) marks the whole process as the
# controller, where module code displays its warnings instead of returning them, and decides
# tracebacks by the controller's configuration. The tests of module code share the process:
# they keep what a module has, these tests get what the controller has.
CONTROLLER_SIDE = (getattr(module_internal, "is_controller", None), getattr(_traceback, "_is_traceback_enabled", None))
if module_internal is not None:
    module_internal.is_controller, _traceback._is_traceback_enabled = False, _traceback._is_module_traceback_enabled


@pytest.fixture(autouse=True)
def in_the_controller(monkeypatch):
    if module_internal is not None:
        monkeypatch.setattr(module_internal, "is_controller", CONTROLLER_SIDE[0])
        monkeypatch.setattr(_traceback, "_is_traceback_enabled", CONTROLLER_SIDE[1])


class ExampleAction(ModuleOnController):
    MODULE = example_module


def action(args, check_mode=False, delegate_to=None, async_val=0, transport="local", environment=None):
    """The action of a task running ``example_module`` with ``args``."""
    task = MagicMock()
    task.args = args
    task.action = "example_module"
    task.check_mode = check_mode
    task.diff = True
    task.no_log = False
    task.async_val = async_val
    task.delegate_to = delegate_to
    task.environment = environment or []
    connection = MagicMock()
    connection.transport = transport
    connection.socket_path = None
    connection.become = None
    connection._shell.tmpdir = None
    connection._shell.get_option.return_value = "~/.ansible/tmp"
    templar = MagicMock()
    templar.template.side_effect = lambda value, *args, **kwargs: value
    return ExampleAction(task, connection, PlayContext(), loader=MagicMock(), templar=templar, shared_loader_obj=None)


def run(args, environment=None):
    """The exit code and the parsed output of example_module run on ``args``."""
    rc, stdout = run_main(example_module, encode_args(args), environment or {})
    return rc, json.loads(stdout.strip().splitlines()[-1])


def message(warning):
    """A warning's text: a string up to ansible-core 2.18, an event since 2.19."""
    return warning if isinstance(warning, str) else warning["event"]["msg"]


def test_a_module_reports_its_validated_options():
    rc, result = run({"title": "a", "url": "http://x"})
    assert rc == 0
    assert result["changed"] is True and result["url"] == "http://x" and result["size"] == 1


def test_a_validation_failure_is_the_modules_own():
    rc, result = run({"name": "a", "colour": "blue"})
    assert rc == 1 and result["failed"] is True
    assert result["msg"].startswith("Unsupported parameters for (") and "colour" in result["msg"]
    rc, result = run({"name": "a", "state": "maybe"})
    assert rc == 1 and "state" in result["msg"] and "maybe" in result["msg"]


def test_a_fallback_reads_the_tasks_environment_and_leaves_the_process_alone(monkeypatch):
    monkeypatch.delenv("EXAMPLE_URL", raising=False)
    rc, result = run({"name": "a"}, environment={"EXAMPLE_URL": "http://from-env"})
    assert rc == 0 and result["url"] == "http://from-env"
    assert "EXAMPLE_URL" not in os.environ
    rc, result = run({"name": "a"})
    assert result["url"] is None


def test_a_no_log_value_is_masked_in_the_output():
    rc, stdout = run_main(example_module, encode_args({"name": "a", "password": "Hunter-2-Secret"}), {})
    assert rc == 0
    assert "Hunter-2-Secret" not in stdout
    assert json.loads(stdout)["echoed"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_warnings_and_arguments_do_not_outlive_a_run():
    before = basic._ANSIBLE_ARGS
    warnings_before = module_warnings._global_warnings
    run({"name": "first"})
    rc, result = run({"name": "second"})
    assert [message(warning) for warning in result["warnings"]] == ["looked at second"]
    assert basic._ANSIBLE_ARGS is before
    assert module_warnings._global_warnings is warnings_before


def test_a_module_that_does_not_exit_is_an_error():
    silent = types.ModuleType("silent")
    silent.main = lambda: None
    with pytest.raises(RuntimeError, match="silent did not exit"):
        run_main(silent, encode_args({}), {})


def test_a_value_the_module_marks_secret_is_masked_everywhere():
    rc, stdout = run_main(example_module, encode_args({"name": "a"}), {})
    assert rc == 0
    assert example_module.GENERATED not in stdout
    assert json.loads(stdout)["generated"] == "********"


def test_a_missing_library_gives_the_modules_message(monkeypatch):
    monkeypatch.setattr(_module, "HAS_REQUESTS", False)
    rc, result = run({"name": "a"})
    assert rc == 1 and result["msg"].startswith("Failed to import the required Python library (requests)")


def test_the_action_reports_the_result_as_for_a_shipped_module():
    result = action({"name": "a", "password": "Hunter-2-Secret"}).run(task_vars={})
    assert result["changed"] is True and not result.get("failed")
    assert "Hunter-2-Secret" not in json.dumps(result, default=str)
    assert example_module.GENERATED not in json.dumps(result, default=str)
    assert result["diff"] == {"before": {}, "after": {"name": "a"}}


def test_the_action_passes_check_mode_and_the_environment():
    result = action({"name": "a"}, check_mode=True, environment=[{"EXAMPLE_URL": "http://env"}]).run(task_vars={})
    assert result["changed"] is False and result["url"] == "http://env"


def test_a_deprecated_alias_is_reported_as_by_the_module():
    result = action({"label": "a"}).run(task_vars={})
    assert not result.get("failed")
    assert "label" in json.dumps(result.get("deprecations"), default=str)


def test_the_action_reports_a_failure_as_the_module_does():
    result = action({"name": "a", "state": "absent"}).run(task_vars={})
    assert result["failed"] is True and result["msg"] == "cannot remove a" and result["status"] == 409


@pytest.mark.parametrize("kwargs, task_vars, here", [
    ({}, {}, True),
    ({}, {"genesys_run_on_controller": False}, False),
    ({}, {"genesys_run_on_controller": "no"}, False),
    ({}, {"genesys_run_on_controller": "yes"}, True),
    ({"delegate_to": "localhost"}, {}, True),
    ({"delegate_to": "jump", "transport": "ssh"}, {}, False),
    ({"transport": "ssh"}, {}, True),
    ({"async_val": 30}, {}, False),
])
def test_where_the_module_runs(kwargs, task_vars, here):
    assert action({"name": "a"}, **kwargs).runs_on_controller(task_vars) is here


def test_a_switch_that_is_not_a_boolean_is_named():
    with pytest.raises(AnsibleActionFail, match="^genesys_run_on_controller: must be true or false, got 'maybe'"):
        action({"name": "a"}).runs_on_controller({"genesys_run_on_controller": "maybe"})


def test_a_task_that_must_not_run_here_ships_the_module(monkeypatch):
    shipped = MagicMock(return_value={"changed": False, "shipped": True})
    task_action = action({"name": "a"}, delegate_to="jump", transport="ssh")
    monkeypatch.setattr(task_action, "_execute_module", shipped)
    monkeypatch.setattr(task_action, "_remove_tmp_path", MagicMock())
    assert task_action.run(task_vars={})["shipped"] is True
    assert shipped.call_count == 1


def test_every_module_has_an_action_that_runs_it():
    actions = set(path.stem for path in (COLLECTION / "plugins" / "action").glob("*.py"))
    assert MODULES and set(MODULES) <= actions
    for name in MODULES:
        plugin = importlib.import_module("ansible_collections.genesys.multicloud.plugins.action." + name)
        assert issubclass(plugin.ActionModule, ModuleOnController)
        assert plugin.ActionModule.MODULE.__name__ == "ansible_collections.genesys.multicloud.plugins.modules." + name
