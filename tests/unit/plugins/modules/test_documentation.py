# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the modules' documentation shows users, checked against what the modules return."""

from __future__ import annotations

import importlib

import pytest
import yaml

# The modules whose result holds a secret by design, and the result key that holds it.
SECRET_RESULTS = {"gws_client": "client_secret", "gws_token": "access_token", "nexus_tenant": "xapikey",
                  "nexus_apikey": "apikey", "nexus_apikey_info": "apikeys"}


def module(name):
    return importlib.import_module("ansible_collections.genesys.multicloud.plugins.modules." + name)


@pytest.mark.parametrize("name", sorted(SECRET_RESULTS))
def test_the_secret_result_is_documented_as_one(name):
    returned = yaml.safe_load(module(name).RETURN)[SECRET_RESULTS[name]]
    description = " ".join(returned["description"]) if isinstance(returned["description"], list) else returned["description"]
    assert "secret" in description and "no_log=true" in description


@pytest.mark.parametrize("name", sorted(SECRET_RESULTS))
def test_examples_that_register_a_secret_hide_it(name):
    """Users copy the examples: one that registers a secret without no_log prints it with -v."""
    registering = [task for task in yaml.safe_load(module(name).EXAMPLES)
                   if "genesys.multicloud." + name in task and task.get("register")]
    assert registering
    assert [task["name"] for task in registering if task.get("no_log") is not True] == []
