#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: gc_tollfree_number_info
short_description: Read the SMS toll-free numbers of a Genesys Cloud organization
version_added: 0.1.0
description:
  - Lists the purchased and registered toll-free numbers of the Genesys Cloud organization (docs/api.md, G2),
    all of them or those of one tenant, and optionally a few numbers available to order (G3).
  - Changes nothing.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.gcloud
  - genesys.multicloud.connection.info_attributes
options:
  ccid:
    description:
      - Only the numbers whose C(webhookUsername) is this contact center id, the tenant's numbers as
        M(genesys.multicloud.gc_tollfree_number) orders them.
    type: str
  available:
    description:
      - Also search for a few numbers available to order, to choose the tenant's numbers from.
    type: bool
    default: false
seealso:
  - module: genesys.multicloud.gc_tollfree_number
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Show a few numbers available to order
  genesys.multicloud.gc_tollfree_number_info:
    gc_login_url: https://login.mypurecloud.com
    gc_api_url: https://api.mypurecloud.com
    gc_client_id: 4da40a9d-b113-4024-8ba9-c9dd89c91f67
    gc_client_secret: "{{ vault_gc_client_secret }}"
    available: true
  register: gc_numbers

- name: Print them
  ansible.builtin.debug:
    var: gc_numbers.available
"""

RETURN = r"""
numbers:
  description: The organization's numbers (with O(ccid), the tenant's), in the order the API lists them.
  returned: always
  type: list
  elements: dict
  sample:
    - id: d2ad735b-8759-481c-a8c1-ec95d8d2b312
      tollfreeNumber: "+18885550101"
      comment: Nexus Premise ACME Corp
      moUrl: https://nexus.example.com/nexus/v3/sms/message
      drUrl: https://nexus.example.com/nexus/v3/sms/receipt
      webhookUsername: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
      emailAddress: sms.admin@example.com
      dateCreated: "2026-12-01T04:28:18.611Z"
available:
  description: A few numbers the organization may order now.
  returned: when O(available=true)
  type: list
  elements: str
  sample: ["+18885550102", "+18885550103"]
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import (
    GcloudClient, check_gcloud_params, gcloud_argument_spec)
from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_uuid, run_module

ARGUMENT_SPEC = dict(
    gcloud_argument_spec(),
    ccid=dict(type="str"),
    available=dict(type="bool", default=False),
)


def run(params, check_mode, session=None):
    """Read the numbers, and the available ones when asked."""
    check_gcloud_params(params)
    ccid = params.get("ccid")
    if ccid is not None:
        check_uuid(ccid, "ccid")
    client = GcloudClient.from_params(params, session=session, check_mode=check_mode)
    numbers = client.list_numbers()
    if ccid is not None:
        numbers = [entry for entry in numbers if str(entry.get("webhookUsername")).lower() == ccid.lower()]
    result = {"changed": False, "numbers": numbers}
    if params["available"]:
        result["available"] = client.available_numbers()
    return result


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
