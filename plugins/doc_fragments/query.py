# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``query`` option of the ``*_info`` modules (``plugins/module_utils/_query.py``)."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    DOCUMENTATION = r"""
options:
  query:
    description:
      - A JMESPath expression (U(https://jmespath.org)) applied to what the module returns, as C(--query)
        does in the AWS CLI; its value is returned as RV(query_result). For instance C(apikeys[?enabled].name).
      - The expression is checked before any request is made.
    type: str
requirements:
  - jmespath (for O(query))
"""
