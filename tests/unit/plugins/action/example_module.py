# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module of the collection's shape, small enough to see everything its runs report."""

from __future__ import annotations

import sys

from ansible.module_utils.basic import env_fallback

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True, aliases=["title", "label"], deprecated_aliases=[
        dict(name="label", version="2.0.0", collection_name="genesys.multicloud")]),
    url=dict(type="str", fallback=(env_fallback, ["EXAMPLE_URL"])),
    password=dict(type="str", no_log=True),
    token=dict(type="str", no_log=True, fallback=(env_fallback, ["EXAMPLE_TOKEN"])),
    size=dict(type="int", default=1),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    db=dict(type="dict", options=dict(host=dict(type="str"), password=dict(type="str", no_log=True))),
)
MUTUALLY_EXCLUSIVE = [("password", "token")]

GENERATED = "Generated-Once-9f3e"


def run(params, check_mode, session=None):  # pylint: disable=unused-argument
    if params["state"] == "absent":
        raise GenesysError("cannot remove %s" % params["name"], status=409)
    warn("looked at %s" % params["name"])
    return {"changed": not check_mode, "url": params["url"], "size": params["size"], "echoed": params["password"],
            "db": params["db"], "note": "made %s for %s" % (GENERATED, params["name"]),
            "generated": GENERATED, "_secret_values": [GENERATED],
            "diff": {"before": {}, "after": {"name": params["name"]}}}


def main():
    run_module(sys.modules[__name__])
