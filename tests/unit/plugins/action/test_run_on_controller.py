# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import types
from unittest.mock import MagicMock

import pytest

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.parameters import PASS_VARS
from ansible.playbook.play_context import PlayContext

try:  # ansible-core >= 2.19
    from ansible.module_utils import _internal as module_internal
    from ansible.module_utils._internal import _traceback
except ImportError:
    module_internal = _traceback = None

from ansible_collections.genesys.multicloud.plugins.module_utils._module import module_kwargs
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.plugins.plugin_utils import _run_on_controller
from ansible_collections.genesys.multicloud.plugins.plugin_utils._run_on_controller import (
    ModuleOnController, module_args, run_here)
from ansible_collections.genesys.multicloud.tests.unit.module_params import MODULES
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


INTERNAL = {"_ansible_check_mode": False, "_ansible_module_name": "example_module"}
# ansible-core >= 2.21 puts the module's arguments in its result only when asked to.
if "inject_invocation" in PASS_VARS:
    INTERNAL["_ansible_inject_invocation"] = True


def here(args, check_mode=False):
    """What the action reports for example_module run in this process on ``args``."""
    return run_here(example_module, module_args(args), dict(INTERNAL, _ansible_check_mode=check_mode))


def shipped(args, check_mode=False):
    """What example_module reports for ``args`` when AnsibleModule runs it, in a process of its own
    as on a host: its arguments in a file, as ``python module.py args.json`` reads them."""
    with tempfile.NamedTemporaryFile("w", suffix=".json") as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": dict(args, **dict(INTERNAL, _ansible_check_mode=check_mode))}, handle)
        handle.flush()
        code = "from %s import main; main()" % example_module.__name__
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        done = subprocess.run([sys.executable, "-c", code, handle.name], capture_output=True, text=True, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr  # exit_json or fail_json, not a crash
    return json.loads(done.stdout)


def notices(result):
    """The result's warnings and deprecations as their texts, in the shape of any ansible-core:
    strings and dicts up to 2.18, events since 2.19."""
    warnings = [warning if isinstance(warning, str) else warning["event"]["msg"] for warning in result.pop("warnings", [])]
    deprecations = [(item.get("msg") or item["event"]["msg"], item.get("version"), item.get("date"),
                     item.get("collection_name") or (item.get("deprecator") or {}).get("resolved_name"))
                    for item in result.pop("deprecations", [])]
    return warnings, deprecations


SECRETS = ("Hunter-2-Secret", "Token-5-Secret", "Sub-Secret-3", example_module.GENERATED)
CASES = {
    "valid, with secrets in and around the options": {
        "title": "a", "url": "http://user:Hunter-2-Secret@example.com", "password": "Hunter-2-Secret",
        "db": {"host": "h", "password": "Sub-Secret-3"}},
    "an unknown option": {"name": "a", "colour": "blue"},
    "a value not among the choices": {"name": "a", "state": "maybe"},
    "a value of the wrong type": {"name": "a", "size": "big"},
    "a required option missing": {"url": "http://x"},
    "mutually exclusive options": {"name": "a", "password": "Hunter-2-Secret", "token": "Token-5-Secret"},
    "a deprecated alias, and an alias beside its option": {"label": "a", "title": "b"},
    "a number for a string": {"name": 5, "size": "7"},
    "a failure of the module": {"name": "a", "state": "absent", "password": "Hunter-2-Secret"},
    "a secret sub-option of the wrong type": {"name": "a", "db": {"password": {"nested": "Sub-Secret-3"}}},
    # Secrets that are no part of another: the order AnsibleModule masks them in is left to chance.
    "a secret that is part of true": {"name": "a", "password": "ru"},
    "a secret that is part of a warning": {"name": "a", "password": "ooke"},
}


@pytest.mark.parametrize("check_mode", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_controller_reports_what_ansible_module_reports(case, check_mode):
    """The result, masking, failures, warnings and deprecations of AnsibleModule, on this ansible-core."""
    mine, theirs = here(CASES[case], check_mode), shipped(CASES[case], check_mode)
    assert notices(mine) == notices(theirs)
    assert mine == theirs
    assert not [secret for secret in SECRETS if secret in json.dumps(mine)]


def test_a_module_reports_its_validated_options():
    result = here({"title": "a", "url": "http://x"})
    assert result["changed"] is True and result["url"] == "http://x" and result["size"] == 1
    assert result["invocation"]["module_args"]["name"] == "a"
    assert result["warnings"] == ["looked at a"]


def test_check_mode_reaches_the_module():
    assert here({"name": "a"}, check_mode=True)["changed"] is False


def test_a_validation_failure_names_the_module_and_the_option():
    result = here({"name": "a", "colour": "blue"})
    assert result["failed"] is True
    assert result["msg"].startswith("Unsupported parameters for (example_module) module: colour. Supported parameters include: ")
    # The wording of a type error differs between ansible-core versions: the comparison with
    # AnsibleModule above holds it to each one's.
    assert "argument 'size' is of type " in here({"name": "a", "size": "big"})["msg"]
    assert here({})["msg"] == "missing required arguments: name"
    assert here({"name": "a", "password": "P-1-Secret", "token": "T-2-Secret"})["msg"] == "parameters are mutually exclusive: password|token"


def test_a_no_log_value_is_masked_everywhere():
    result = here({"name": "a", "password": "Hunter-2-Secret", "url": "http://Hunter-2-Secret@x",
                   "db": {"host": "h", "password": "Sub-Secret-3"}})
    assert result["echoed"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert result["url"] == "http://********@x"
    assert result["db"] == {"host": "h", "password": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}
    assert result["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


def test_an_identifier_the_module_shows_among_its_secrets_is_shown_as_run_module_shows_it():
    def run(params, check_mode, session=None):
        return {"changed": False, "diff": {"after": {"channels": params["secret"]["channels"]}}}

    module = types.SimpleNamespace(ARGUMENT_SPEC=dict(secret=dict(type="dict", no_log=True)), run=run, SHOWN_KEYS=("channelId",))
    secret = {"channels": [{"channelId": "16504661149", "webhook": {"secret": "S3cret-Hook"}}, {"channelId": "S3cret-Hook"}]}
    text = json.dumps(run_here(module, module_args({"secret": secret}), dict(INTERNAL))["diff"])
    assert "16504661149" in text
    # A channel id that is also a secret's value stays masked, as the secrets do.
    assert "S3cret-Hook" not in text and "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in text
    del module.SHOWN_KEYS
    assert "16504661149" not in json.dumps(run_here(module, module_args({"secret": secret}), dict(INTERNAL))["diff"])


def test_a_value_the_module_marks_secret_is_masked_everywhere():
    result = here({"name": "a"})
    assert result["generated"] == "********" and result["note"] == "made ******** for a"
    assert "_secret_values" not in result


def test_a_secret_in_a_warning_is_masked(monkeypatch):
    monkeypatch.setattr(example_module, "GENERATED", "Hunter-2-Secret")
    result = here({"name": "Hunter-2-Secret-user", "password": "Hunter-2-Secret"})
    assert result["warnings"] == ["looked at ********-user"]


def test_an_alias_reports_as_ansible_module_does():
    warnings, deprecations = notices(here({"label": "a", "title": "b"}))
    assert warnings == ["Both option name and its alias label are set.", "looked at a"]
    assert deprecations == [("Alias 'label' is deprecated. See the module docs for more information", "2.0.0", None,
                             "genesys.multicloud")]


def test_warnings_do_not_outlive_a_run():
    here({"name": "first"})
    assert here({"name": "second"})["warnings"] == ["looked at second"]
    assert take_warnings() == []


def test_a_failure_of_the_module_is_its_message():
    result = here({"name": "a", "state": "absent"})
    assert result["failed"] is True and result["msg"] == "cannot remove a" and result["status"] == 409


@pytest.mark.parametrize("internal, wanted", [
    ({}, False),
    ({"_ansible_verbosity": 3}, True),
    ({"_ansible_debug": True}, True),
    ({"_ansible_verbosity": 3, "_ansible_tracebacks_for": []}, False),
    ({"_ansible_tracebacks_for": ["error"]}, True),
])
def test_a_failure_carries_its_traceback_when_a_shipped_module_would(internal, wanted):
    result = run_here(example_module, {"name": "a", "state": "absent"}, dict(INTERNAL, **internal))
    assert ("exception" in result) is wanted
    assert not wanted or "in run" in result["exception"]


def test_a_missing_library_gives_the_modules_message(monkeypatch):
    monkeypatch.setattr(_run_on_controller, "HAS_REQUESTS", False)
    result = here({"name": "a"})
    assert result["failed"] is True and result["msg"].startswith("Failed to import the required Python library (requests)")


def test_no_private_global_of_ansible_core_is_touched():
    """The action leaves ansible-core's module globals as they are, and reads no private attribute
    of the validation's result either: only public API, which any release keeps."""
    source = (COLLECTION / "plugins" / "plugin_utils" / "_run_on_controller.py").read_text()
    for name in ("_ANSIBLE_ARGS", "_ANSIBLE_PROFILE", "_PARSED_MODULE_ARGS", "_global_warnings", "_global_deprecations",
                 "is_controller", "module_utils._internal", "module_utils import _internal", "._no_log_values",
                 "._deprecations", "._aliases", "validation._"):
        assert name not in source


def test_modules_warn_through_the_collection():
    """A warning given to ansible-core's own ``warn`` in the controller would be displayed at once,
    unmasked, outside the result: the modules report theirs through ``_warnings.warn``."""
    for path in (COLLECTION / "plugins").rglob("*.py"):
        assert "module_utils.common.warnings import" not in path.read_text(), path


def test_the_action_reports_the_result_as_for_a_shipped_module():
    result = action({"name": "a", "password": "Hunter-2-Secret"}).run(task_vars={})
    assert result["changed"] is True and not result.get("failed")
    assert "Hunter-2-Secret" not in json.dumps(result, default=str)
    assert example_module.GENERATED not in json.dumps(result, default=str)
    assert result["diff"] == {"before": {}, "after": {"name": "a"}}


def test_the_action_passes_check_mode_and_the_environment(monkeypatch):
    monkeypatch.delenv("EXAMPLE_URL", raising=False)
    result = action({"name": "a"}, check_mode=True, environment=[{"EXAMPLE_URL": "http://env"}]).run(task_vars={})
    assert result["changed"] is False and result["url"] == "http://env"
    assert "EXAMPLE_URL" not in os.environ
    assert action({"name": "a"}).run(task_vars={})["url"] is None


def test_a_secret_from_the_environment_is_masked(monkeypatch):
    monkeypatch.setenv("EXAMPLE_TOKEN", "Token-5-Secret")
    assert here({"name": "a"})["invocation"]["module_args"]["token"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    monkeypatch.delenv("EXAMPLE_TOKEN")
    result = action({"name": "a"}, environment=[{"EXAMPLE_TOKEN": "Token-5-Secret"}]).run(task_vars={})
    assert not result.get("failed") and "Token-5-Secret" not in json.dumps(result, default=str)


def test_a_deprecated_alias_is_reported_as_by_the_module():
    result = action({"label": "a"}).run(task_vars={})
    assert not result.get("failed")
    assert "label" in json.dumps(result.get("deprecations"), default=str)


def test_the_action_reports_a_failure_as_the_module_does():
    result = action({"name": "a", "state": "absent"}).run(task_vars={})
    assert result["failed"] is True and result["msg"] == "cannot remove a" and result["status"] == 409


def test_every_spec_uses_only_what_the_action_reports():
    """The action reports the deprecations of aliases of top-level options; a removed option or an
    alias of a sub-option would need more of it."""
    for name in MODULES:
        module = importlib.import_module("ansible_collections.genesys.multicloud.plugins.modules." + name)
        if not hasattr(module, "ARGUMENT_SPEC"):
            continue
        for option in module_kwargs(module)["argument_spec"].values():
            assert "removed_in_version" not in option and "removed_at_date" not in option
            for sub in (option.get("options") or {}).values():
                assert not sub.get("aliases") and not sub.get("deprecated_aliases") and not sub.get("options")


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
