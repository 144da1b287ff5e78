# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module of the collection's shape, small enough to see everything its runs report."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback

ARGUMENT_SPEC = dict(
    name=dict(type="str", required=True, aliases=["title", "label"], deprecated_aliases=[
        dict(name="label", version="2.0.0", collection_name="genesys.multicloud")]),
    url=dict(type="str", fallback=(env_fallback, ["EXAMPLE_URL"])),
    password=dict(type="str", no_log=True),
    size=dict(type="int", default=1),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    exit=dict(type="bool", default=True),
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    if module.params["state"] == "absent":
        module.fail_json(msg="cannot remove %s" % module.params["name"], status=409)
    if not module.params["exit"]:
        return
    module.warn("looked at %s" % module.params["name"])
    module.exit_json(changed=not module.check_mode, url=module.params["url"], size=module.params["size"],
                     echoed=module.params["password"], diff={"before": {}, "after": {"name": module.params["name"]}})
