#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: gws_contact_center_info
short_description: Read the contact centers of the GWS environment and find a tenant's ccid
version_added: 0.1.0
description:
  - Lists the contact centers of the GWS environment (C(/environment/v3/contact-centers)) as the GWS admin.
  - With O(domain), also returns the id (C($ccId)) of the contact center whose C(domains) hold that
    tenant name, the step "Get contact center ID from GWS" of the Genesys documents.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
  - genesys.multicloud.query
options:
  domain:
    description:
      - A tenant name (GWS domain, C($tenantName)) to look up. The module fails when no contact center,
        or more than one, has it among its C(domains).
    type: str
  contact_centers:
    description:
      - The contact centers as an earlier task of this module returned them (RV(contact_centers)). The
        module then sends no request and only looks O(domain) up in them, so that many tenants are found with one read.
    type: list
    elements: dict
    version_added: 0.2.0
seealso:
  - module: genesys.multicloud.gws_setting
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Find the contact center id of tenant t100
  genesys.multicloud.gws_contact_center_info:
    auth_url: https://auth.example.com
    gws_admin_username: ops
    gws_admin_password: "{{ vault_gws_admin_password }}"
    domain: t100
  register: t100

- name: Show it
  ansible.builtin.debug:
    msg: "t100 is {{ t100.ccid }}"

- name: List every contact center
  genesys.multicloud.gws_contact_center_info:
  register: environment

- name: The ccid of every contact center that has a domain starting with "t"
  genesys.multicloud.gws_contact_center_info:
    query: "contact_centers[?domains[?starts_with(@, 't')]].id"
  register: t_ccids

- name: Read the contact centers once
  genesys.multicloud.gws_contact_center_info:
  register: every_center
  run_once: true

- name: Find each tenant's contact center id in them, with no request
  genesys.multicloud.gws_contact_center_info:
    domain: "{{ tenant_name }}"
    contact_centers: "{{ every_center.contact_centers }}"
  register: tenant_center
"""

RETURN = r"""
contact_centers:
  description: The contact centers of the environment, as the API gives them.
  returned: success
  type: list
  elements: dict
  sample:
    - id: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
      environmentId: 6c1d2f55-1b8a-4f52-8e0e-0000000e0001
      domains: [t100]
      auth: configServer
ccid:
  description: The id of the contact center whose C(domains) hold O(domain).
  returned: when O(domain) is set
  type: str
  sample: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
contact_center:
  description: The contact center whose C(domains) hold O(domain).
  returned: when O(domain) is set
  type: dict
  sample:
    id: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    environmentId: 6c1d2f55-1b8a-4f52-8e0e-0000000e0001
    domains: [t100]
    auth: configServer
query_result:
  description: What O(query) selects from the other values returned.
  returned: when O(query) is set
  type: raw
  sample: ["9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"]
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._query import QUERY_OPTION, apply_query, compile_query

ARGUMENT_SPEC = dict(
    domain=dict(type="str"),
    contact_centers=dict(type="list", elements="dict"),
    query=QUERY_OPTION,
)


def find_domain(centers, domain):
    """The one contact center whose ``domains`` hold ``domain``."""
    # The message says what was looked for and how many were searched, never another tenant's domain or id.
    found = [center for center in centers if domain in (center.get("domains") or [])]
    if not found:
        raise GenesysError("domain: none of the %d contact centers of the environment has the domain %r: "
                           "check the tenant name" % (len(centers), domain))
    if len(found) > 1:
        raise GenesysError("domain: %d of the %d contact centers of the environment have the domain %r, which "
                           "must name one" % (len(found), len(centers), domain))
    return found[0]


def read_contact_centers(gws, params, check_mode):  # pylint: disable=unused-argument
    """The contact centers (E1, unless given) and, with ``domain``, the one that has it."""
    if params.get("domain") is not None and not params["domain"].strip():
        raise GenesysError("domain: must not be empty")
    centers = params.get("contact_centers")
    if centers is None:
        require(params, ("auth_url", "gws_admin_username", "gws_admin_password"), "to read the contact centers")
        centers = gws.contact_centers()
    result = {"changed": False, "contact_centers": centers}
    if params.get("domain") is not None:
        center = find_domain(centers, params["domain"])
        result.update(ccid=center.get("id"), contact_center=center)
    return result


def run(params, check_mode, session=None):
    """Read the contact centers as the GWS admin."""
    query = compile_query(params)
    return apply_query(read_contact_centers(GwsClient.from_params(params, session=session), params, check_mode), query)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
