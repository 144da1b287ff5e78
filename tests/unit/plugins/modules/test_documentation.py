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


@pytest.mark.parametrize("name", ["DOCUMENTATION", "POSTGRES", "ATTRIBUTES", "INFO_ATTRIBUTES"])
def test_the_connection_fragment_is_valid_yaml(name):
    fragment = importlib.import_module("ansible_collections.genesys.multicloud.plugins.doc_fragments.connection")
    assert isinstance(yaml.safe_load(getattr(fragment.ModuleDocFragment, name)), dict)


@pytest.mark.parametrize("name", ["gws_client", "nexus_tenant", "nexus_apikey"])
def test_the_store_option_and_its_masking_are_documented(name):
    options = yaml.safe_load(module(name).DOCUMENTATION)["options"]
    assert options["store"]["type"] == "path"
    assert "masked" in " ".join(options["store"]["description"])
