#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_tenant_info
short_description: Read a Digital Channels tenant
version_added: 0.1.0
description:
  - Reads a tenant of Digital Channels (C(GET /nexus/v3/provisioning/tenants/{ccid})).
  - The request is authenticated with a token of the tenant user, O(token) when set, else one obtained
    from Genesys Auth for C(<ccid>\<username>) with O(password) through O(oauth_client_id).
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
  - genesys.multicloud.query
options:
  ccid:
    description:
      - The contact center id of the tenant, a UUID.
    type: str
    required: true
  username:
    description:
      - The tenant user, to obtain a token when O(token) is not set.
    type: str
  password:
    description:
      - Password of O(username).
    type: str
seealso:
  - module: genesys.multicloud.nexus_tenant
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Read the tenant
  genesys.multicloud.nexus_tenant_info:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    username: nexus
    password: "{{ vault_tenant_user_password }}"
  register: tenant_info

- name: Show whether the tenant is provisioned
  ansible.builtin.debug:
    msg: "{{ tenant_info.tenant.name if tenant_info.exists else 'not provisioned' }}"
"""

RETURN = r"""
exists:
  description: Whether Digital Channels has the tenant.
  returned: success
  type: bool
  sample: true
tenant:
  description: The tenant as the API shows it, without the password and the API key.
  returned: when RV(exists) is true
  type: dict
  sample:
    id: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: t100
    type: PureEngage
    backendurl: https://gws.example.com
    username: nexus
    genesystemenantid: 1
query_result:
  description: What O(query) selects from the other values returned.
  returned: when O(query) is set
  type: raw
  sample: "t100"
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_uuid, require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._query import QUERY_OPTION, apply_query, compile_query

ARGUMENT_SPEC = dict(
    ccid=dict(type="str", required=True),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    query=QUERY_OPTION,
)


def read_tenant(nexus, params, check_mode):  # pylint: disable=unused-argument
    """The tenant (N3), or ``exists: false``; reading changes nothing."""
    tenant = nexus.get_tenant(params["ccid"])
    result = {"changed": False, "exists": tenant is not None}
    if tenant is not None:
        result["tenant"] = tenant
    return result


def run(params, check_mode, session=None):
    """Check the inputs, obtain the token, then read."""
    require(params, ("nexus_url",), "to reach Digital Channels")
    check_uuid(params["ccid"], "ccid")
    query = compile_query(params)
    nexus = NexusClient.for_tenant_user(params, params["ccid"], session=session, check_mode=check_mode)
    return apply_query(read_tenant(nexus, params, check_mode), query)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
