# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The warnings of the module run in progress.

The collection keeps them itself rather than through ``ansible.module_utils.common.warnings``:
a module shipped to a host hands them to ``AnsibleModule``, and a module run in the
controller's Python puts them in its action's result. Either way they are masked with the
rest of the result, where ansible-core would display a warning raised in the controller at
once, unmasked and outside the result.
"""

from __future__ import annotations

_pending = []


def warn(message):
    """Report ``message`` as a warning of the module run in progress, once."""
    if message not in _pending:
        _pending.append(message)


def take_warnings():
    """The warnings reported since the last call, forgotten here."""
    taken = list(_pending)
    del _pending[:]
    return taken
