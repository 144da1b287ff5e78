"""Fixtures of the playbook tests: one sandbox (with its own PostgreSQL) per session, and per test
a clean sandbox with a fresh inventory for it, written as ``scripts/sandbox start`` writes the demo's.

The collection under test is the one Ansible finds on ANSIBLE_COLLECTIONS_PATH (a built copy, see
the Makefile); the playbooks run with the ansible-playbook beside the Python running pytest.
"""

import sys
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "sandbox"))

# pylint: disable=wrong-import-position
from genesys_sandbox.config import Config  # noqa: E402
from genesys_sandbox.inventory import write_inventory  # noqa: E402
from playbook_helpers import Inventory  # noqa: E402
from sandbox_fixtures import collections_path, sandbox  # noqa: E402,F401 pylint: disable=unused-import  # fixtures, found by name

# On top of the demo inventory: t300 gets its ccid given, a list of API keys of its own and SMS
# through Genesys Messaging Aggregation, so that every branch of the roles runs.
T300 = {
    "tenant_ccid": None,  # filled in from the sandbox's configuration
    "tenant_apikeys": [
        {"name": "API key for t300", "permissions": ["nexus:consumer:chat"]},
        {"name": "Designer API key", "permissions": ["nexus:designer:chat"]},
        {"name": "Reporting key", "permissions": ["nexus:consumer:chat"], "enabled": False},
    ],
    "tenant_sms": {
        "provider": "gma", "gc_login_url": "https://login.mypurecloud.example", "gc_api_url": "https://api.mypurecloud.example",
        "gc_client_id": "4da40a9d-b113-4024-8ba9-c9dd89c91f67", "gc_client_secret": "Gc-Client-Secret-t300", "email": True,
    },
}


@pytest.fixture
def inventory(sandbox, collections_path, tmp_path):  # pylint: disable=redefined-outer-name,unused-argument
    """A clean sandbox and a fresh inventory of its tenants t100, t200, t300."""
    sandbox.reset()
    config = Config.model_validate(sandbox.config)
    directory = tmp_path / "inventory"
    write_inventory(sandbox.info, config, str(directory))
    t300 = dict(T300, tenant_ccid=next(c.id for c in config.contact_centers if "t300" in c.domains))
    host_vars = directory / "host_vars" / "t300.yml"
    values = yaml.safe_load(host_vars.read_text(encoding="utf-8"))
    values.update(t300)
    host_vars.write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
    return Inventory(directory, sandbox)
