#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_service
short_description: Manage a provisioning service of a Digital Channels tenant
version_added: 0.1.0
description:
  - Creates, replaces or removes a provisioning service of a tenant in Digital Channels
    (C(/nexus/v3/provisioning/services/{ccid}/{service})), such as C(PlatformUCS), C(PurecloudIDP),
    C(SMS), C(PorticoSMS), C(PorticoEmail), C(Async) or C(Email).
  - Requests are authenticated with O(api_key), a cluster key (C(nexus:cluster:*)) or a key of the tenant.
  - O(url) and O(data) are compared with the service, O(data) as a whole; the options left unset keep
    the service's values.
  - The service's secret is write-only, since the API never returns it; O(update_secret) says when it is sent.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.attributes
options:
  ccid:
    description:
      - The contact center id (a UUID) of the tenant.
    type: str
    required: true
  name:
    description:
      - The service name, for example V(PlatformUCS) or V(SMS).
    type: str
    required: true
  state:
    description:
      - V(present) creates or replaces the service, V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  url:
    description:
      - The service's C(url), for example C($ucsURL) for C(PlatformUCS) or V(N/A) for C(SMS). Some
        services, such as C(Async), have none.
    type: str
  data:
    description:
      - The service's C(data). Default on creation is V({}).
    type: dict
  secret:
    description:
      - The service's C(secret), for example C(clientId) and C(clientSecret) of C(PurecloudIDP).
        Default on creation is V({}).
    type: dict
  update_secret:
    description:
      - V(on_create) sends O(secret) when the service is created, and with any replacement made because
        O(url) or O(data) differ (the API replaces the whole service).
      - V(always) also replaces an existing service whenever O(secret) is set, since the stored secret
        cannot be read and compared; the task then always reports a change.
      - A replacement needs O(secret), since S4 replaces the whole service, secret included, and the
        stored secret cannot be read back; without it the module fails before any write. Pass V({})
        for services that have no secret.
    type: str
    choices: [always, on_create]
    default: on_create
seealso:
  - module: genesys.multicloud.nexus_service_info
  - module: genesys.multicloud.nexus_apikey
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Provision the Universal Contact Service connection
  genesys.multicloud.nexus_service:
    nexus_url: https://nexus.example.com
    api_key: "{{ cluster_api_key }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: PlatformUCS
    url: https://ucs.example.com

- name: Provision the Genesys Cloud identity provider, sending its secret on every run
  genesys.multicloud.nexus_service:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: PurecloudIDP
    url: https://login.mypurecloud.com
    secret:
      clientId: "{{ gc_client_id }}"
      clientSecret: "{{ vault_gc_client_secret }}"
    update_secret: always

- name: Select Genesys Messaging Aggregation for SMS
  genesys.multicloud.nexus_service:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: SMS
    url: N/A
    data:
      tokenProvider: Purecloud

- name: Remove the email service
  genesys.multicloud.nexus_service:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: PorticoEmail
    state: absent
"""

RETURN = r"""
service:
  description: The service as the API shows it after the task (predicted in check mode), without its secret.
  returned: when O(state=present)
  type: dict
  sample:
    name: PlatformUCS
    url: https://ucs.example.com
    data: {}
secret_updated:
  description: Whether the task sent the service's secret.
  returned: always
  type: bool
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._create import create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_uuid, diff, differences, removed, require, run_module, write_only_diff)
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient

ARGUMENT_SPEC = dict(
    ccid=dict(type="str", required=True),
    name=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    url=dict(type="str"),
    data=dict(type="dict"),
    secret=dict(type="dict", no_log=True),
    update_secret=dict(type="str", choices=["always", "on_create"], default="on_create"),
)
# The Async service's secret names each channel by its id, which its data shows too: an identifier,
# shown in the diff (run_module), not a secret.
SHOWN_KEYS = ("channelId",)


def view(name, service):
    """A service as the module shows it: its name, url and data, never a secret."""
    if service is None:
        return None
    return {"name": name, "url": service.get("url"), "data": service.get("data")}


def body(service, secret):
    """The S1/S4 body; ``url`` only when the service has one, ``secret`` only when it is sent."""
    sent = {"data": service.get("data") or {}}
    if service.get("url") is not None:
        sent["url"] = service["url"]
    if secret is not None:
        sent["secret"] = secret
    return sent


def ensure_service(nexus, params, check_mode):
    """Bring the service to ``params``; returns the module result."""
    ccid, name = params["ccid"], params["name"]
    current = view(name, nexus.get_service(ccid, name))
    result = {"changed": False, "secret_updated": False}

    if params["state"] == "absent":
        return removed(current, check_mode, lambda: nexus.delete_service(ccid, name), **result)

    if current is None:
        current = create_service(nexus, params, check_mode, result)
        if current is None:
            return result
    return update_service(nexus, params, check_mode, current, result)


def create_service(nexus, params, check_mode, result):
    """Create the service (S1). Returns None, or the service found instead of S1's answer (lost,
    or a 409: another run made it), for ``update_service`` to converge."""
    ccid, name = params["ccid"], params["name"]
    expected = view(name, {"url": params.get("url"), "data": params.get("data") or {}})
    result.update(changed=True, secret_updated=True, service=expected, diff=diff(None, expected))
    if check_mode:
        return None
    created = create(lambda: nexus.create_service(ccid, name, body(expected, params.get("secret") or {})),
                     lambda: view(name, nexus.get_service(ccid, name)), retries=params["retries"])
    if created.adopted:
        if created.lost is None:
            result.update(changed=False, secret_updated=False)
        return created.found
    # S1 answered: the service is what was sent (result["service"]); reading it back adds nothing.
    return None


def update_service(nexus, params, check_mode, current, result):
    """Bring the existing service ``current`` to ``params`` (S4, which takes the whole service with its secret)."""
    ccid, name, secret = params["ccid"], params["name"], params.get("secret")
    changes = differences(current, {"url": params.get("url"), "data": params.get("data")})
    replace_secret = secret is not None and params["update_secret"] == "always"
    expected = dict(current, **changes)
    changed = bool(changes or replace_secret)
    if changed and secret is None:
        raise GenesysError("secret: required to update service %s (%s differ): S4 replaces the whole service, "
                           "secret included" % (name, ", ".join(sorted(changes))))
    if not result["changed"]:
        result["diff"] = write_only_diff(current, expected, "secret" if replace_secret else None)
    result.update(changed=result["changed"] or changed, secret_updated=result["secret_updated"] or changed,
                  service=expected)
    if check_mode or not changed:
        return result
    nexus.replace_service(ccid, name, body(expected, secret))
    return result


def run(params, check_mode, session=None):
    """Check the inputs, then bring the service to ``params``."""
    require(params, ("nexus_url", "api_key"), "to manage Digital Channels provisioning services")
    check_uuid(params["ccid"], "ccid")
    if not params["name"]:
        raise GenesysError("name: must not be empty")
    return ensure_service(NexusClient.from_params(params, session=session), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
