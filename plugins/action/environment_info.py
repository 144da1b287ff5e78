# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs genesys.multicloud.environment_info in the controller's Python (see plugins/plugin_utils/_run_on_controller.py)."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.modules import environment_info
from ansible_collections.genesys.multicloud.plugins.plugin_utils._run_on_controller import ModuleOnController


class ActionModule(ModuleOnController):
    MODULE = environment_info
