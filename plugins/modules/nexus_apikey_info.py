#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_apikey_info
short_description: List Digital Channels API keys
version_added: 0.1.0
description:
  - Lists the API keys of Digital Channels (C(GET /nexus/v3/apikeys)), optionally filtered by tenant
    and name. Revoked keys are left out unless O(include_revoked=true).
  - The API lists the keys the token may see. With O(token) that token is used. Otherwise, when O(tenant)
    is a contact center id and O(username) is set, a token of that tenant user is obtained and the
    tenant's keys are listed; else the GWS admin token is obtained with O(gws_admin_username) and
    O(gws_admin_password), and every key is listed.
  - The tenant API key given when a tenant is created (C(xapikey)) is not listed by the API.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.postgres_keys
  - genesys.multicloud.connection.info_attributes
  - genesys.multicloud.query
options:
  tenant:
    description:
      - Only the keys of this contact center id (a UUID), or V(*) for the cluster keys.
    type: str
  name:
    description:
      - Only the keys with this name.
    type: str
  include_revoked:
    description:
      - Also list the revoked keys.
    type: bool
    default: false
  username:
    description:
      - The tenant user, to obtain a token of the tenant O(tenant) when O(token) is not set.
    type: str
  password:
    description:
      - Password of O(username).
    type: str
notes:
  - The C(id) of each key is the API key itself, a secret. Give the task C(no_log=true).
seealso:
  - module: genesys.multicloud.nexus_apikey
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: List the cluster keys
  genesys.multicloud.nexus_apikey_info:
    tenant: "*"
  register: cluster_keys
  no_log: true

- name: Find the Designer key of a tenant
  genesys.multicloud.nexus_apikey_info:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: Designer API key
    username: nexus
    password: "{{ vault_tenant_user_password }}"
  register: designer_key
  no_log: true

# query replaces a chain such as
#   tenant_keys.apikeys | selectattr('enabled') | rejectattr('revoked') | map(attribute='name') | list
- name: Names of the tenant's enabled keys
  genesys.multicloud.nexus_apikey_info:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    username: nexus
    password: "{{ vault_tenant_user_password }}"
    query: "apikeys[?enabled].name"
  register: enabled_keys
  no_log: true  # the result also holds the key ids, which are secrets

- name: Show them
  ansible.builtin.debug:
    var: enabled_keys.query_result
"""

RETURN = r"""
apikeys:
  description:
    - The keys that match, as the API shows them. Their C(id) is the API key, a secret; give the task
      C(no_log=true).
  returned: success
  type: list
  elements: dict
  sample:
    - id: 9b7682b7-cbce-422f-91e1-ecda85e61695
      tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
      name: Designer API key
      permissions: [nexus:designer:chat]
      enabled: true
      created: "2024-05-02T10:40:27.456Z"
      revoked: false
      expires: false
      createdby: nexus
      capacity: 120
      frequency: 60
query_result:
  description: What O(query) selects from the other values returned.
  returned: when O(query) is set
  type: raw
  sample: ["Designer API key"]
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_uuid, require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._postgres import DB_REQUIRED_BY, db_argument_spec
from ansible_collections.genesys.multicloud.plugins.module_utils._query import QUERY_OPTION, apply_query, compile_query

CLUSTER = "*"

ARGUMENT_SPEC = dict(
    tenant=dict(type="str"),
    name=dict(type="str"),
    include_revoked=dict(type="bool", default=False),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    query=QUERY_OPTION,
)
# The Digital Channels database, where the keys are read when K2 is missing or refused (docs/api.md, DB2).
ARGUMENT_SPEC.update(db_argument_spec(required=False))
REQUIRED_BY = DB_REQUIRED_BY


def matches(key, params):
    """Whether ``key`` passes the filters of ``params``."""
    if params.get("tenant") is not None and str(key.get("tenant")).lower() != params["tenant"].lower():
        return False
    if params.get("name") is not None and key.get("name") != params["name"]:
        return False
    return params["include_revoked"] or not key.get("revoked")


def list_apikeys(nexus, params, check_mode):  # pylint: disable=unused-argument
    """The keys (K2) that pass the filters; reading changes nothing."""
    return {"changed": False, "apikeys": [key for key in nexus.list_apikeys() if matches(key, params)]}


def connect(params, session=None, check_mode=False):
    """A client with the given token, a tenant user's, or the GWS admin's."""
    tenant = params.get("tenant")
    if not params.get("token") and tenant not in (None, CLUSTER) and params.get("username"):
        return NexusClient.for_tenant_user(params, tenant, session=session, check_mode=check_mode)
    return NexusClient.for_admin(params, session=session, check_mode=check_mode)


def run(params, check_mode, session=None):
    """Check the inputs, obtain the token, then list."""
    require(params, ("nexus_url",), "to reach Digital Channels")
    if params.get("tenant") not in (None, CLUSTER):
        check_uuid(params["tenant"], "tenant")
    query = compile_query(params)
    return apply_query(list_apikeys(connect(params, session, check_mode), params, check_mode), query)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
