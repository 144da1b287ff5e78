# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The validate_inputs action: reads the task's variables, templates them, fails with every message."""

from __future__ import annotations

from unittest.mock import MagicMock

from ansible.playbook.task import Task
from ansible.template import Templar
from ansible.parsing.dataloader import DataLoader

from ansible_collections.genesys.multicloud.plugins.action.validate_inputs import ActionModule

try:  # ansible-core 2.19 templates only what comes from a trusted source, as inventory variables do
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 templates every string
    def trust_as_template(value):
        return value

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"


def run(args, task_vars):
    task = Task()
    task.args = args
    templar = Templar(loader=DataLoader(), variables=task_vars)
    action = ActionModule(task, MagicMock(), MagicMock(), loader=DataLoader(), templar=templar, shared_loader_obj=None)
    return action.run(task_vars=task_vars)


def tenant_vars(**changes):
    values = {"inventory_hostname": "t200", "tenant_name": "t200", "tenant_user": "nexus", "tenant_user_password": "pw",
              "tenant_ccid": CCID, "other_host_name": "t200"}
    values.update(changes)
    return values


def test_a_valid_tenant_passes():
    result = run({"scope": "tenant"}, tenant_vars())
    assert not result.get("failed") and result["errors"] == []


def test_a_malformed_tenant_fails_naming_host_and_variable():
    result = run({}, tenant_vars(tenant_sms={"provider": "async", "channels": []}, tenant_ucs_url="ucs"))
    assert result["failed"]
    assert result["errors"] == ["host_vars/t200: tenant_ucs_url: must be an http:// or https:// URL with a host, got 'ucs'",
                                "host_vars/t200: tenant_sms.channels: must be a non-empty list"]
    assert result["msg"] == "; ".join(result["errors"])


def test_templates_are_evaluated_before_the_check():
    result = run({"scope": "tenant"}, tenant_vars(tenant_ucs_url=trust_as_template("{{ other_host_name }}.example.com")))
    assert result["errors"] == ["host_vars/t200: tenant_ucs_url: must be an http:// or https:// URL with a host, "
                                "got 't200.example.com'"]


# What a removal needs of the environment: Genesys Auth, Digital Channels and its database (the locks).
REMOVAL_ENVIRONMENT = {"gws_url": "https://gws.example.com", "gws_auth_url": "https://auth.example.com",
                       "gws_admin_username": "ops", "gws_admin_password": "x", "nexus_url": "https://nexus.example.com",
                       "nexus_db_host": "db", "nexus_db_user": "u", "nexus_db_password": "p"}


def test_the_environment_is_checked_on_its_own():
    result = run({"scope": "environment", "purpose": "remove"}, dict(REMOVAL_ENVIRONMENT, nexus_url="nexus"))
    assert result["errors"] == ["group_vars/all: nexus_url: must be an http:// or https:// URL with a host, got 'nexus'"]


def test_unknown_arguments_fail():
    assert run({"scope": "cluster"}, tenant_vars())["failed"]


def test_unknown_variables_are_named_with_the_nearest_known_name():
    hostvars = {"t100": {"tenant_ucs_uri": "x", "genesys_validate_cert": False, "tenant_name": "t100"},
                "t200": {"genesys_validate_cert": False, "nexus_zzz": 1, "ansible_host": "h"}}
    environment = dict(REMOVAL_ENVIRONMENT, hostvars=hostvars, ansible_play_hosts_all=["t100", "t200"])
    result = run({"scope": "environment", "purpose": "remove"}, environment)
    assert not result.get("failed"), result
    assert result["warnings"] == [
        "genesys_validate_cert, set for every tenant of the run, is not a variable of genesys.multicloud and is ignored; "
        "did you mean genesys_validate_certs?",
        "nexus_zzz, set for t200, is not a variable of genesys.multicloud and is ignored",
        "tenant_ucs_uri, set for t100, is not a variable of genesys.multicloud and is ignored; did you mean tenant_ucs_url?",
    ]
    # The tenant scope leaves the warnings to the environment's, which runs once.
    assert "warnings" not in run({"scope": "tenant"}, tenant_vars(tenant_ucs_uri="x"))


def test_a_value_given_as_extra_vars_is_named_as_such(monkeypatch):
    from ansible_collections.genesys.multicloud.plugins.action import validate_inputs  # pylint: disable=import-outside-toplevel
    monkeypatch.setattr(validate_inputs, "load_extra_vars", lambda loader: {"genesys_rotate": "nexus_clinet"})
    environment = {"gws_url": "https://gws.example.com", "gws_auth_url": "https://auth.example.com", "gws_admin_username": "ops",
                   "gws_admin_password": "x", "nexus_url": "https://nexus.example.com", "nexus_db_host": "db", "nexus_db_user": "u",
                   "nexus_db_password": "p", "genesys_rotate": "nexus_clinet", "nexus_client_id": "bad name"}
    result = run({"scope": "environment"}, environment)
    assert [error.split(": ")[0] for error in result["errors"]] == ["group_vars/all", "extra vars (-e)"], result
    assert "extra vars (-e): genesys_rotate: cannot rotate 'nexus_clinet'" in result["errors"][1]
