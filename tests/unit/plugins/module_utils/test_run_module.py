# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``run_module``: one shape for every module, and what the bridge does with a result."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import json
import types
from unittest import mock

import pytest
from ansible.module_utils import basic

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    RELATIONSHIPS, connection_argument_spec, module_kwargs, run_module)

from ansible_collections.genesys.multicloud.tests.unit.module_params import MODULES


def load(name):
    return importlib.import_module("ansible_collections.genesys.multicloud.plugins.modules." + name)


@contextlib.contextmanager
def module_args(args):
    """The module arguments AnsibleModule reads, on every supported ansible-core."""
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
    except ImportError:
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
            yield
    else:
        with patch_module_args(args):
            yield


def exit_result(module, args, capsys):
    """What ``run_module(module)`` prints, as the controller reads it."""
    with module_args(args), pytest.raises(SystemExit):
        run_module(module)
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_the_one_shape(name):
    module = load(name)
    assert isinstance(module.ARGUMENT_SPEC, dict)
    assert list(inspect.signature(module.run).parameters) == ["params", "check_mode", "session"]
    assert inspect.signature(module.run).parameters["session"].default is None
    assert inspect.getsource(module.main).strip() == "def main():\n    run_module(sys.modules[__name__])"
    # Relationships live in the module-level constants, nowhere else.
    kwargs = module_kwargs(module)
    assert kwargs["supports_check_mode"] is True
    assert set(kwargs) - {"argument_spec", "supports_check_mode"} == set(
        name for name in RELATIONSHIPS if getattr(module, name.upper(), None))
    assert set(kwargs["argument_spec"]) == set(connection_argument_spec()) | set(module.ARGUMENT_SPEC)


def fake_module(run, **constants):
    return types.SimpleNamespace(ARGUMENT_SPEC=dict(value=dict(type="str"), state=dict(type="str", default="present")),
                                 run=run, **constants)


def test_secret_values_leave_the_result_masked(capsys):
    def run(params, check_mode, session=None):
        return {"changed": True, "made": "once-only-V4lue", "diff": {"after": {"note": "key once-only-V4lue"}},
                "_secret_values": ["once-only-V4lue", None]}

    result = exit_result(fake_module(run), {}, capsys)
    assert "_secret_values" not in result
    assert "once-only-V4lue" not in json.dumps(result)
    assert result["made"] == "********" and result["changed"] is True


def test_a_genesys_error_is_one_failure(capsys):
    def run(params, check_mode, session=None):
        raise GenesysError("value: refused", status=400, api_message="bad value")

    result = exit_result(fake_module(run), {"value": "x"}, capsys)
    assert result["failed"] is True and result["msg"] == "value: refused"
    assert result["status"] == 400 and result["api_message"] == "bad value"


@pytest.mark.parametrize("given", [None, ""])
def test_an_option_given_as_null_or_empty_counts_as_missing_for_required_if(capsys, given):
    calls = []
    module = fake_module(lambda params, check_mode, session=None: calls.append(params) or {"changed": False},
                         REQUIRED_IF=[("state", "present", ("value",))])
    result = exit_result(module, {"value": given}, capsys)
    assert result["failed"] is True and "missing: value" in result["msg"]
    assert calls == []


def test_an_identifier_inside_a_secret_option_is_shown_and_the_secrets_stay_masked(capsys):
    def run(params, check_mode, session=None):
        return {"changed": True, "diff": {"after": {"channels": [{"channelId": "16504661149"}, {"channelId": "S3cret-Hook"}],
                                                    "note": "hook S3cret-Hook, api Api-S3cret"}}}

    module = types.SimpleNamespace(ARGUMENT_SPEC=dict(secret=dict(type="dict", no_log=True)), run=run, SHOWN_KEYS=("channelId",))
    secret = {"channels": [{"channelId": "16504661149", "webhook": {"secret": "S3cret-Hook"}, "api": {"secret": "Api-S3cret"}},
                           {"channelId": "S3cret-Hook"}]}
    result = exit_result(module, {"secret": secret}, capsys)
    text = json.dumps(result["diff"])
    assert "16504661149" in text
    # A channel id that is also a secret's value stays masked, as the secrets do.
    assert "S3cret-Hook" not in text and "Api-S3cret" not in text
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in text

    # Without SHOWN_KEYS, Ansible masks every value of a no_log option, the identifier included.
    del module.SHOWN_KEYS
    assert "16504661149" not in json.dumps(exit_result(module, {"secret": secret}, capsys)["diff"])
