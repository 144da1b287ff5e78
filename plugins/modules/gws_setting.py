#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: gws_setting
short_description: Manage a setting of a GWS contact center
version_added: 0.1.0
description:
  - Creates, updates or removes one setting of a contact center through the GWS environment API
    (C(/environment/v3/contact-centers/{ccid}/settings)), as the GWS admin. A setting is identified by
    O(name) and O(location).
  - The Genesys documents use it to provision Digital Channels in GWS, with the setting C(chatservice-uri)
    whose value is the Digital Channels URL.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.attributes
options:
  ccid:
    description:
      - The contact center id (C($ccId), a UUID), as found by M(genesys.multicloud.gws_contact_center_info).
    type: str
    required: true
  name:
    description:
      - The setting's name, for example V(chatservice-uri).
    type: str
    required: true
  location:
    description:
      - The setting's location.
    type: str
    default: /
  value:
    description:
      - The setting's value, for example the Digital Channels URL C($nexusURL). Required with O(state=present).
    type: str
  shared:
    description:
      - Whether the setting is shared. Default on creation is V(false); an existing setting keeps its
        value unless this is set.
    type: bool
  state:
    description:
      - V(present) creates or updates the setting, V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: genesys.multicloud.gws_contact_center_info
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Provision Digital Channels in GWS for the tenant
  genesys.multicloud.gws_setting:
    auth_url: https://auth.example.com
    gws_admin_username: ops
    gws_admin_password: "{{ vault_gws_admin_password }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: chatservice-uri
    value: https://nexus.example.com

- name: Remove it
  genesys.multicloud.gws_setting:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: chatservice-uri
    state: absent
"""

RETURN = r"""
setting:
  description:
    - The setting after the task, as the API shows it (predicted in check mode, where a new setting has no C(id)).
  returned: when O(state=present)
  type: dict
  sample:
    id: 5c4e4a8e-7d1f-4c7e-b0b5-2f1f6a1c9e21
    name: chatservice-uri
    location: /
    value: https://nexus.example.com
    shared: false
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._create import converge, create, oldest
from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_uuid, diff, differences, removed, require, run_module)

ARGUMENT_SPEC = dict(
    ccid=dict(type="str", required=True),
    name=dict(type="str", required=True),
    location=dict(type="str", default="/"),
    value=dict(type="str"),
    shared=dict(type="bool"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
REQUIRED_IF = [("state", "present", ("value",))]
FIELDS = ("name", "location", "value", "shared")


def check_params(params):
    """Reject bad input before any request."""
    check_uuid(params["ccid"], "ccid")
    require(params, ("name", "location"), "to identify the setting")
    require(params, ("auth_url", "gws_admin_username", "gws_admin_password"), "to manage contact center settings")


def namesakes(gws, params):
    """The settings with the name and location of ``params`` (E3): one, unless E2 is not an upsert."""
    return [setting for setting in gws.list_settings(params["ccid"])
            if setting.get("name") == params["name"] and setting.get("location") == params["location"]]


def find_setting(gws, params):
    """The setting with the name and location of ``params``, or None; of several, the one every run keeps."""
    found = namesakes(gws, params)
    return oldest(found) if found else None


def shown(setting):
    """The fields the module manages: what the diff shows."""
    return dict((field, setting[field]) for field in FIELDS if field in setting) if setting else None


def answered(answer):
    """What an accepted write (E2, E4) answered of the setting: laid over what was sent, so that an
    answer without the setting, or with part of it, drops nothing."""
    return answer if isinstance(answer, dict) else {}


def ensure_setting(gws, params, check_mode):
    """Bring the contact center setting to ``params``; returns the module result."""
    check_params(params)
    ccid = params["ccid"]
    current = find_setting(gws, params)

    if params["state"] == "absent":
        return removed(current, check_mode, lambda: gws.delete_setting(ccid, current["id"]), shown=shown(current))

    desired = dict((field, params[field]) for field in FIELDS if params.get(field) is not None)
    if current is None:
        expected = dict(desired, shared=bool(params.get("shared")))
        changes = expected
    else:
        changes = differences(current, desired)
        expected = dict(current, **changes)
    result = {"changed": bool(changes), "setting": expected, "diff": diff(shown(current), shown(expected))}
    if check_mode or not changes:
        return result
    if current is None:
        # E2 upserts by name and location: a setting found after a lost answer or a 409 is ours, or
        # another run's to be brought to the options.
        created = create(lambda: gws.create_setting(ccid, expected), lambda: find_setting(gws, params),
                         retries=params["retries"])
        if not created.adopted:
            # E2's answer is the setting it made, its id included. Listed again: where E2 is not an
            # upsert and another run made one too, every run keeps the same one.
            mine = dict(expected, **answered(created.answer))
            survivor = mine if mine.get("id") is None else converge(
                mine, namesakes(gws, params), lambda made: gws.delete_setting(ccid, made["id"]))
            if survivor is mine:
                result["setting"] = mine
                return result
            created.found = survivor
        current = created.found
        changes = differences(current, desired)
    if changes:
        answer = gws.update_setting(ccid, current["id"], changes)
        current = dict(dict(current, **changes), **answered(answer))
    result["setting"] = current
    return result


def run(params, check_mode, session=None):
    """Bring the setting to ``params`` as the GWS admin."""
    return ensure_setting(GwsClient.from_params(params, session=session), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
