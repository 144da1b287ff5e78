"""Fixtures of the ansible-runner test: a sandbox with its own PostgreSQL, and its demo inventory
(``genesys_sandbox.inventory``), from which the test lays out a private data directory as AWX does.
"""

import os
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
from genesys_sandbox.testing import running_sandbox  # noqa: E402
from playbook_helpers import Inventory  # noqa: E402


@pytest.fixture(scope="session")
def collections_path():
    path = os.environ.get("ANSIBLE_COLLECTIONS_PATH")
    if not path:
        pytest.fail("ANSIBLE_COLLECTIONS_PATH must point at a directory holding ansible_collections/genesys/multicloud")
    return path


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    with running_sandbox(runtime_dir=tmp_path_factory.mktemp("sandbox")) as started:
        yield started


@pytest.fixture
def inventory(sandbox, tmp_path):  # pylint: disable=redefined-outer-name
    """A clean sandbox and the inventory of its tenants t100 (IWD), t200 (SMS), t300."""
    sandbox.reset()
    directory = tmp_path / "inventory"
    write_inventory(sandbox.info, Config.model_validate(sandbox.config), str(directory))
    return Inventory(directory, sandbox)
