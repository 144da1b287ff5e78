# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings
from ansible_collections.genesys.multicloud.tests.unit.fake_http import ScriptedSession


@pytest.fixture(autouse=True)
def no_warnings_of_earlier_tests():
    """Each test sees only the warnings its own code reported (``take_warnings``)."""
    take_warnings()


@pytest.fixture
def session():
    """A scripted HTTP session: see ``fake_http.ScriptedSession``."""
    return ScriptedSession()
