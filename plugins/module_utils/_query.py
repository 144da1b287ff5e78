# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``query`` option of the ``*_info`` modules: a JMESPath expression applied to what the
module returns, as ``--query`` does in the AWS CLI; its value comes back as ``query_result``.

Each info module adds ``QUERY_OPTION`` to its ``ARGUMENT_SPEC``, calls ``compile_query`` with
the other input checks (a bad expression fails before any request) and returns
``apply_query(result, query)``. Documented by the ``genesys.multicloud.query`` doc fragment.
"""

from __future__ import annotations

import traceback

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError

try:
    import jmespath
    from jmespath.exceptions import JMESPathError
except ImportError:
    HAS_JMESPATH = False
    JMESPATH_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_JMESPATH = True
    JMESPATH_IMPORT_ERROR = None

QUERY_OPTION = dict(type="str")


def compile_query(params):
    """The compiled ``query`` option, or ``None`` when it is not set."""
    expression = params.get("query")
    if not expression:
        return None
    if not HAS_JMESPATH:
        raise GenesysError("query: " + missing_required_lib("jmespath"))
    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        raise GenesysError("query: not a JMESPath expression: %s" % exc) from None


def apply_query(result, query):
    """``result`` with ``query_result``, the query applied to what the module returns (its
    documented keys, not ``changed`` nor the reserved ``_``-keys); unchanged without a query."""
    if query is None:
        return result
    returned = dict((key, value) for key, value in result.items() if key != "changed" and not key.startswith("_"))
    result["query_result"] = query.search(returned)
    return result
