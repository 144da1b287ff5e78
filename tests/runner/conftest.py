"""Fixtures of the ansible-runner test: a sandbox with its own PostgreSQL, and its demo inventory
(``genesys_sandbox.inventory``), from which the test lays out a private data directory as AWX does.
"""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
sys.path.insert(0, str(TESTS / "playbooks"))
sys.path.insert(0, str(TESTS / "sandbox"))

# pylint: disable=wrong-import-position
from genesys_sandbox.config import Config  # noqa: E402
from genesys_sandbox.inventory import write_inventory  # noqa: E402
from playbook_helpers import Inventory  # noqa: E402
from sandbox_fixtures import collections_path, sandbox  # noqa: E402,F401 pylint: disable=unused-import  # fixtures, found by name


@pytest.fixture
def inventory(sandbox, tmp_path):  # pylint: disable=redefined-outer-name
    """A clean sandbox and the inventory of its tenants t100 (IWD), t200 (SMS), t300."""
    sandbox.reset()
    directory = tmp_path / "inventory"
    write_inventory(sandbox.info, Config.model_validate(sandbox.config), str(directory))
    return Inventory(directory, sandbox)
