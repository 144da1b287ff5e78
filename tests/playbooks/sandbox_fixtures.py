"""The fixtures every suite that runs the collection's playbooks shares (tests/playbooks,
tests/runner, tests/reliability): a conftest imports the ones it uses, by name."""

import os

import pytest

from genesys_sandbox.testing import running_sandbox


@pytest.fixture(scope="session")
def collections_path():
    """The collection under test: the one Ansible finds on ANSIBLE_COLLECTIONS_PATH (a built copy, see the Makefile)."""
    path = os.environ.get("ANSIBLE_COLLECTIONS_PATH")
    if not path:
        pytest.fail("ANSIBLE_COLLECTIONS_PATH must point at a directory holding ansible_collections/genesys/multicloud")
    return path


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    """One sandbox, with its own PostgreSQL, for the session (for each worker under pytest-xdist)."""
    with running_sandbox(runtime_dir=tmp_path_factory.mktemp("sandbox")) as started:
        yield started
