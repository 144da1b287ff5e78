# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module parameters for unit tests of the logic functions."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._module import connection_argument_spec


def module_params(argument_spec, **values):
    """Parameters as a module's logic receives them: every shared and module option at its
    default, then ``values``."""
    params = dict((name, spec.get("default")) for name, spec in connection_argument_spec().items())
    params.update((name, spec.get("default")) for name, spec in argument_spec.items())
    params.update(values)
    return params
