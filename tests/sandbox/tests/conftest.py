"""Fixtures of the sandbox's own tests: one PostgreSQL and one sandbox per session (per xdist worker)."""

import re
import sys
from pathlib import Path

import pytest

# The helpers sit beside this file; importable whatever pytest's import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# pylint: disable=wrong-import-position
from sandbox_helpers import Genesys, create_database, running_postgres, running_sandbox  # noqa: E402


@pytest.fixture(scope="session")
def pg():
    with running_postgres() as info:
        yield info


@pytest.fixture(scope="session")
def sandbox(pg, tmp_path_factory):  # pylint: disable=redefined-outer-name
    with running_sandbox(pg=pg, runtime_dir=tmp_path_factory.mktemp("sandbox")) as started:
        yield started


@pytest.fixture
def g(sandbox):  # pylint: disable=redefined-outer-name
    """A clean sandbox: only the configured contact centers."""
    sandbox.reset()
    return Genesys(sandbox)


@pytest.fixture
def env(g):  # pylint: disable=redefined-outer-name
    """A clean sandbox with the nexus client and its nex_gapis row."""
    return g.environment()


@pytest.fixture
def other_db(pg, request):  # pylint: disable=redefined-outer-name
    """A fresh database for a test that runs a sandbox of its own."""
    return create_database(pg, "nexus_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:40])
