#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_service_info
short_description: Read the provisioning services of a Digital Channels tenant
version_added: 0.1.0
description:
  - Lists the provisioning services of a tenant in Digital Channels
    (C(GET /nexus/v3/provisioning/services/{ccid})), or reads one of them by name.
  - Requests are authenticated with O(api_key), a cluster key (C(nexus:cluster:*)) or a key of the tenant.
  - Secrets are write-only, the API never returns them.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
options:
  ccid:
    description:
      - The contact center id (a UUID) of the tenant.
    type: str
    required: true
  name:
    description:
      - Read only this service, for example V(PlatformUCS).
    type: str
seealso:
  - module: genesys.multicloud.nexus_service
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: List the tenant's services
  genesys.multicloud.nexus_service_info:
    nexus_url: https://nexus.example.com
    api_key: "{{ cluster_api_key }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
  register: services

- name: Read the UCS connection
  genesys.multicloud.nexus_service_info:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: PlatformUCS
  register: ucs

- name: Show the UCS URL
  ansible.builtin.debug:
    msg: "{{ ucs.service.url if ucs.exists else 'no UCS connection' }}"
"""

RETURN = r"""
services:
  description:
    - The services, each with its C(name), C(url) and C(data); with O(name), the one service or none.
  returned: success
  type: list
  elements: dict
  sample:
    - name: PlatformUCS
      url: https://ucs.example.com
      data: {}
    - name: SMS
      url: N/A
      data:
        tokenProvider: Purecloud
service:
  description: The service named O(name).
  returned: when O(name) is set and the service exists
  type: dict
  sample:
    name: PlatformUCS
    url: https://ucs.example.com
    data: {}
exists:
  description: Whether the service named O(name) exists.
  returned: when O(name) is set
  type: bool
  sample: true
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_uuid, require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient

ARGUMENT_SPEC = dict(
    ccid=dict(type="str", required=True),
    name=dict(type="str"),
)


def read_services(nexus, params, check_mode):  # pylint: disable=unused-argument
    """The tenant's services (S3), or the one named (S2); reading changes nothing."""
    ccid, name = params["ccid"], params.get("name")
    if name is None:
        return {"changed": False, "services": nexus.list_services(ccid)}
    service = nexus.get_service(ccid, name)
    result = {"changed": False, "exists": service is not None, "services": []}
    if service is not None:
        result["service"] = dict(service, name=name)
        result["services"] = [result["service"]]
    return result


def run(params, check_mode, session=None):
    """Check the inputs, then read."""
    require(params, ("nexus_url", "api_key"), "to read Digital Channels provisioning services")
    check_uuid(params["ccid"], "ccid")
    if params.get("name") == "":
        raise GenesysError("name: must not be empty")
    return read_services(NexusClient.from_params(params, session=session), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
