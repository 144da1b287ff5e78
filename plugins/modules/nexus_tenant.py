#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_tenant
short_description: Manage a Digital Channels tenant
version_added: 0.1.0
description:
  - Provisions, updates or removes a tenant of Digital Channels (C(/nexus/v3/provisioning/tenants)),
    the "Provision the tenant in Digital Channels" step of the Genesys documents.
  - Requests are authenticated with a token of the tenant user, O(token) when set, else one obtained
    from Genesys Auth for C(<ccid>\<username>) with O(password) through O(oauth_client_id).
  - Only the options you set are compared with the tenant. Options documented with a default on
    creation take it only when the tenant is created; an update keeps the tenant's current values
    for the options left unset.
  - The tenant user's password (the C(token) field of the API) is write-only, since the API never
    returns it. An update sends the whole tenant, password included, so updating a tenant needs
    O(password) even when the password itself does not change; O(update_secret) says whether
    the password alone is a reason to update.
  - Removing a tenant also removes its provisioning services and API keys.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.attributes
options:
  ccid:
    description:
      - The contact center id of the tenant (C($ccId)), a UUID. The API field C(id).
    type: str
    required: true
  state:
    description:
      - V(present) provisions or updates the tenant, V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - The tenant name (C($tenantName)), the contact center's GWS domain. The API field C(name).
      - Required with O(state=present).
    type: str
  backend_url:
    description:
      - The GWS URL (C($gwsURL)) Digital Channels reaches the tenant through. The API field C(backendurl).
      - It must be registered in the C(nex_gapis) table (M(genesys.multicloud.nex_gapis)).
      - Required with O(state=present).
    type: str
  tenant_type:
    description:
      - The API field C(type). Default on creation is V(PureEngage), the only type the documents name.
    type: str
  username:
    description:
      - The tenant user (C($tenantUser)), a Person of the tenant's configuration. The API field C(username).
      - Required to create the tenant, and to obtain a token when O(token) is not set.
    type: str
  password:
    description:
      - Password of O(username) (C($tenantUserPassword)), sent as the API field C(token).
      - Required to create or update the tenant, and to obtain a token when O(token) is not set.
    type: str
  genesys_tenant_id:
    description:
      - The API field C(genesystemenantid). Default on creation is V(1).
    type: int
  update_secret:
    description:
      - V(on_create) sends O(password) only when the tenant is created or updated for another reason.
      - V(always) updates an existing tenant with O(password) on every run, since the stored password
        cannot be read and compared; the task then always reports a change.
      - The alias O(update_password) is deprecated and will be removed in version 2.0.0.
    type: str
    aliases: [update_password]
    choices: [always, on_create]
    default: on_create
  store:
    description:
      - A JSON record file (created 0600, its directory 0700 when missing) into which the module writes
        the tenant's API key as C(xapikey) the moment Digital Channels answers the creation, before
        anything else can fail. The record is merged under a lock (concurrent runs lose nothing) and
        replaced atomically; a known C(xapikey) is never replaced by C(null). Other keys of the record
        are kept.
      - With O(store) set, RV(xapikey) is masked in the result, so the task needs no C(no_log).
      - Nothing is written in check mode.
    type: path
notes:
  - When the module creates the tenant it gets the tenant's API key RV(xapikey), which the API gives
    only then. Set O(store) to keep it; without O(store) it is returned in clear in the result, and the
    task needs C(no_log=true).
seealso:
  - module: genesys.multicloud.nexus_tenant_info
  - module: genesys.multicloud.gws_token
  - module: genesys.multicloud.nex_gapis
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Provision the tenant in Digital Channels
  genesys.multicloud.nexus_tenant:
    nexus_url: https://nexus.example.com
    auth_url: https://auth.example.com
    oauth_client_secret: "{{ vault_nexus_client_secret }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: t100
    backend_url: https://gws.example.com
    username: nexus
    password: "{{ vault_tenant_user_password }}"
    store: "{{ inventory_dir }}/.genesys-output/t100.json"

- name: Provision it without a store, keeping the key from the registered result
  genesys.multicloud.nexus_tenant:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: t100
    backend_url: https://gws.example.com
    username: nexus
    password: "{{ vault_tenant_user_password }}"
  register: tenant
  no_log: true

- name: Keep the tenant API key, given only when the tenant is created
  ansible.builtin.copy:
    content: "{{ tenant.xapikey }}"
    dest: "{{ inventory_dir }}/.genesys-secrets/t100.xapikey"
    mode: "0600"
  when: tenant.xapikey is defined
  no_log: true

- name: Remove the tenant with a token obtained earlier
  genesys.multicloud.nexus_tenant:
    token: "{{ tenant_token.access_token }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    state: absent
"""

RETURN = r"""
tenant:
  description:
    - The tenant as the API shows it after the task (predicted in check mode), without the password
      and the API key.
  returned: when O(state=present)
  type: dict
  sample:
    id: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: t100
    type: PureEngage
    backendurl: https://gws.example.com
    username: nexus
    genesystemenantid: 1
xapikey:
  description:
    - The tenant's API key, returned by the API only when it creates the tenant.
    - It is a secret. With O(store) it is written there and masked here; without O(store) it is shown
      in clear, so give the task C(no_log=true).
  returned: when the module created the tenant (not in check mode)
  type: str
  sample: 9b7682b7-cbce-422f-9bb0-ecda85e61695
xapikey_lost:
  description:
    - True when Digital Channels created the tenant but the answer that carries its API key was lost (a 502,
      504, reset connection or timeout). The API gives the xapikey only in that answer and it cannot be read
      back. The module found the tenant, went on, and warned.
    - What to do instead (make the tenant an API key with M(genesys.multicloud.nexus_apikey)) is also written
      to O(store) as C(xapikey_lost), a known C(xapikey) there staying as it is.
  returned: when the answer to the creation was lost
  type: bool
  sample: true
password_updated:
  description: Whether the task sent the tenant user's password.
  returned: always
  type: bool
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._create import create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_store, check_url, check_uuid, diff, differences, given_fields, keep, removed, require, run_module,
    write_only_diff)
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

# Module option -> API field, and what a new tenant gets for the options left unset.
FIELDS = {
    "name": "name",
    "tenant_type": "type",
    "backend_url": "backendurl",
    "username": "username",
    "genesys_tenant_id": "genesystemenantid",
}
CREATE_DEFAULTS = {"type": "PureEngage", "genesystemenantid": 1}
# The fields of the N2/N4 body besides ``id`` and ``token``.
BODY_FIELDS = ("name", "type", "backendurl", "username", "genesystemenantid")

ARGUMENT_SPEC = dict(
    ccid=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    name=dict(type="str"),
    backend_url=dict(type="str"),
    tenant_type=dict(type="str"),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    genesys_tenant_id=dict(type="int"),
    # Not a secret, though Ansible takes any option named like a password for one unless told.
    update_secret=dict(type="str", choices=["always", "on_create"], default="on_create", no_log=False,
                       aliases=["update_password"], deprecated_aliases=[
                           dict(name="update_password", version="2.0.0", collection_name="genesys.multicloud")]),
    store=dict(type="path"),
)
REQUIRED_IF = [("state", "present", ("name", "backend_url"))]


def check_inputs(params):
    """Reject malformed options before any request."""
    require(params, ("nexus_url",), "to reach Digital Channels")
    check_uuid(params["ccid"], "ccid")
    if params.get("backend_url") is not None:
        check_url(params["backend_url"], "backend_url")
    if params.get("genesys_tenant_id") is not None and params["genesys_tenant_id"] < 1:
        raise GenesysError("genesys_tenant_id: must be 1 or more, got %s" % params["genesys_tenant_id"])


def tenant_body(ccid, fields, password):
    """The full N2/N4 body."""
    body = dict((field, fields.get(field)) for field in BODY_FIELDS)
    body.update(id=ccid, token=password)
    return body


def view(fields):
    """A tenant as N3 shows it: the body without its password."""
    return dict((field, fields.get(field)) for field in ("id",) + BODY_FIELDS)


def need_password(params, purpose):
    """The password, which every N2/N4 body carries."""
    if not params.get("password"):
        raise GenesysError("password: required %s, since the API takes the whole tenant with its user's password"
                           % purpose)
    return params["password"]


def ensure_tenant(nexus, params, check_mode):
    """Bring the tenant to ``params``; returns the module result."""
    ccid = params["ccid"]
    current = nexus.get_tenant(ccid)
    result = {"changed": False, "password_updated": False}

    if params["state"] == "absent":
        return removed(current, check_mode, lambda: nexus.delete_tenant(ccid),
                       shown=view(current) if current else None, **result)

    if current is None:
        current = create_tenant(nexus, params, check_mode, result)
        if current is None:
            return result
    return update_tenant(nexus, params, check_mode, current, result)


def create_tenant(nexus, params, check_mode, result):
    """Provision the tenant (N2) and keep its xapikey. Returns None, or the tenant found instead
    of N2's answer (lost, or a 409: another run made it), for ``update_tenant`` to converge."""
    ccid = params["ccid"]
    purpose = "to create tenant %s" % ccid
    require(params, ("username",), purpose)
    password = need_password(params, purpose)
    fields = dict(CREATE_DEFAULTS, id=ccid, **given_fields(params, FIELDS))
    expected = view(fields)
    result.update(changed=True, password_updated=True, tenant=expected, diff=diff(None, expected))
    if check_mode:
        return None
    check_store(params, check_mode)
    created = create(lambda: nexus.create_tenant(tenant_body(ccid, fields, password)), lambda: nexus.get_tenant(ccid),
                     retries=params["retries"])
    if created.adopted:
        if created.lost:
            xapikey_lost(params, result, created.lost)
        else:
            result.update(changed=False, password_updated=False)
            warn("tenant %s was created by another run at the same time: its xapikey went to that run" % ccid)
        return created.found
    answer = created.answer or {}
    if answer.get("xapikey"):
        # Kept before anything else that can fail: N2 gives it only once.
        result["xapikey"] = answer["xapikey"]
        keep(params, check_mode, result, {"xapikey": answer["xapikey"]}, secrets=[answer["xapikey"]])
    # N2 answered: the tenant is what was sent (result["tenant"]); reading it back adds nothing.
    return None


def xapikey_lost(params, result, error):
    """Say plainly, in the result, a warning and the store, that N2 made the tenant but its answer,
    the only one to carry the xapikey, never arrived; a known xapikey stays as it is."""
    explanation = (
        "Digital Channels created tenant %s, but the answer that carries its xapikey was lost (%s); the API gives "
        "the xapikey only in that answer and it cannot be read back. Make the tenant an API key "
        "(genesys.multicloud.nexus_apikey) and use it where the xapikey would be used." % (params["ccid"], error.message))
    warn(explanation)
    result["xapikey_lost"] = True
    keep(params, False, result, {"xapikey_lost": explanation})


def update_tenant(nexus, params, check_mode, current, result):
    """Bring the existing tenant ``current`` to ``params`` (N4) with the password, which N4 needs."""
    ccid = params["ccid"]
    changes = differences(current, given_fields(params, FIELDS))
    replace_password = params["update_secret"] == "always" and bool(params.get("password"))
    fields = dict(current, **changes)
    update = bool(changes or replace_password)
    if not result["changed"]:
        result["diff"] = write_only_diff(view(current), view(fields), "token" if replace_password else None, "password")
    result.update(changed=result["changed"] or update, password_updated=result["password_updated"] or update,
                  tenant=view(fields))
    if not update:
        return result
    password = need_password(params, "to update tenant %s" % ccid)
    if check_mode:
        return result
    nexus.update_tenant(ccid, tenant_body(ccid, fields, password))
    return result


def run(params, check_mode, session=None):
    """Check the inputs, obtain the token, then bring the tenant to ``params``."""
    check_inputs(params)
    return ensure_tenant(NexusClient.for_tenant_user(params, params["ccid"], session=session, check_mode=check_mode), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
