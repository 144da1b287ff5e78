#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: gws_client
short_description: Manage a Genesys Auth OAuth client
version_added: 0.1.0
description:
  - Creates, updates or deletes an OAuth client of Genesys Auth, such as C(nexus_client) for Digital
    Channels or C(iwd_client) for IWD, through the GWS ops API (C(/auth/v3/ops/clients)).
  - Only the options you set are compared with the client; the others keep their values. Options
    documented with a default on creation take it only when the client is created.
  - The client secret is write-only, since the API never returns it; O(update_secret) says when it is sent.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.attributes
options:
  client_id:
    description:
      - The client's id (C(client_id)).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the client, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  client_secret:
    description:
      - The client's secret.
      - When creating a client without one, the module generates a random secret and returns it in
        RV(client_secret), once. Store it, since the API never shows it again.
    type: str
  update_secret:
    description:
      - V(on_create) sends O(client_secret) only when the client is created.
      - V(always) also checks an existing client's secret with a client-credentials token request
        and replaces it when it does not match; this needs the C(client_credentials) grant type.
    type: str
    choices: [always, on_create]
    default: on_create
  name:
    description:
      - Display name of the client. Default on creation is O(client_id).
    type: str
  description:
    description:
      - Description of the client. Default on creation is O(client_id).
    type: str
  client_type:
    description:
      - C(clientType). Default on creation is V(CONFIDENTIAL).
    type: str
    choices: [CONFIDENTIAL, PUBLIC]
  internal_client:
    description:
      - C(internalClient). Default on creation is V(true).
    type: bool
  authorities:
    description:
      - C(authorities). Default on creation is V([ROLE_INTERNAL_CLIENT]). Order does not matter.
    type: list
    elements: str
  scope:
    description:
      - C(scope). Default on creation is V(["*"]). Order does not matter.
    type: list
    elements: str
  authorized_grant_types:
    description:
      - C(authorizedGrantTypes). Default on creation is the five of the Genesys sample request,
        V([client_credentials, authorization_code, refresh_token, implicit, password]). Order does not matter.
    type: list
    elements: str
  redirect_uris:
    description:
      - C(redirectURIs). Default on creation is V([nexus_url]) when O(nexus_url) is set; creating a
        client needs one or the other. Order does not matter.
    type: list
    elements: str
  access_token_expiration_timeout:
    description:
      - C(accessTokenExpirationTimeout) in seconds. Default on creation is V(43200).
    type: int
  refresh_token_expiration_timeout:
    description:
      - C(refreshTokenExpirationTimeout) in seconds. Default on creation is V(2592000).
    type: int
  verify:
    description:
      - With O(state=present), obtain a client-credentials token with the client's secret (O(client_secret),
        or the one the module generated) and fail if the service refuses it (the documents' "Verify client"
        step). This runs on every run, the client changed or not, except in check mode; verifying an
        existing client needs O(client_secret).
    type: bool
    default: false
notes:
  - The module never reports the secret in its diff or result, except a secret it generated.
seealso:
  - module: genesys.multicloud.gws_token
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Create the Digital Channels OAuth client with a secret from the vault
  genesys.multicloud.gws_client:
    auth_url: https://auth.example.com
    gws_admin_username: ops
    gws_admin_password: "{{ vault_gws_admin_password }}"
    client_id: nexus_client
    client_secret: "{{ vault_nexus_client_secret }}"
    redirect_uris: [https://nexus.example.com]
    verify: true

- name: Create the IWD client, letting the module generate the secret
  genesys.multicloud.gws_client:
    client_id: iwd_client
    redirect_uris: [https://nexus.example.com]
  register: iwd_client
  no_log: true

- name: Remove a client
  genesys.multicloud.gws_client:
    client_id: old_client
    state: absent
"""

RETURN = r"""
client:
  description: The client as the API shows it after the task (predicted in check mode), without its secret.
  returned: when O(state=present)
  type: dict
  sample:
    client_id: nexus_client
    name: nexus_client
    clientType: CONFIDENTIAL
    internalClient: true
    authorities: [ROLE_INTERNAL_CLIENT]
    scope: ["*"]
    authorizedGrantTypes: [client_credentials, authorization_code, refresh_token, implicit, password]
    redirectURIs: [https://nexus.example.com]
    accessTokenExpirationTimeout: 43200
    refreshTokenExpirationTimeout: 2592000
client_secret:
  description:
    - The secret the module generated for a client it created without O(client_secret).
    - It is the only secret the module returns, and the API never shows it again; give the task
      C(no_log=true) and keep it in a vault.
  returned: when the module created the client and generated its secret
  type: str
secret_updated:
  description: Whether the task sent the client secret.
  returned: always
  type: bool
"""

import secrets
import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_url, diff, differences, given_fields, read_back, removed, require, run_module, write_only_diff)

# Module option -> API field, and what a new client gets for the options left unset.
FIELDS = {
    "name": "name",
    "description": "description",
    "client_type": "clientType",
    "internal_client": "internalClient",
    "authorities": "authorities",
    "scope": "scope",
    "authorized_grant_types": "authorizedGrantTypes",
    "redirect_uris": "redirectURIs",
    "access_token_expiration_timeout": "accessTokenExpirationTimeout",
    "refresh_token_expiration_timeout": "refreshTokenExpirationTimeout",
}
CREATE_DEFAULTS = {
    "clientType": "CONFIDENTIAL",
    "internalClient": True,
    "authorities": ["ROLE_INTERNAL_CLIENT"],
    "scope": ["*"],
    "authorizedGrantTypes": ["client_credentials", "authorization_code", "refresh_token", "implicit", "password"],
    "accessTokenExpirationTimeout": 43200,
    "refreshTokenExpirationTimeout": 2592000,
}
UNORDERED = ("authorities", "scope", "authorizedGrantTypes", "redirectURIs")

ARGUMENT_SPEC = dict(
    client_id=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    client_secret=dict(type="str", no_log=True),
    update_secret=dict(type="str", choices=["always", "on_create"], default="on_create"),
    name=dict(type="str"),
    description=dict(type="str"),
    client_type=dict(type="str", choices=["CONFIDENTIAL", "PUBLIC"]),
    internal_client=dict(type="bool"),
    authorities=dict(type="list", elements="str"),
    scope=dict(type="list", elements="str"),
    authorized_grant_types=dict(type="list", elements="str"),
    redirect_uris=dict(type="list", elements="str"),
    access_token_expiration_timeout=dict(type="int"),
    refresh_token_expiration_timeout=dict(type="int"),
    verify=dict(type="bool", default=False),
)


def check_inputs(params):
    """Reject malformed options before any request."""
    require(params, ("auth_url", "gws_admin_username", "gws_admin_password"), "to manage OAuth clients")
    require(params, ("client_id",), "to identify the client")
    for uri in params.get("redirect_uris") or []:
        check_url(uri, "redirect_uris")
    for option in ("access_token_expiration_timeout", "refresh_token_expiration_timeout"):
        if params.get(option) is not None and params[option] < 1:
            raise GenesysError("%s: must be a positive number of seconds, got %s" % (option, params[option]))


def new_client(params):
    """The full A1 body of a client created from ``params`` (without its secret)."""
    client = dict(CREATE_DEFAULTS, name=params["client_id"], description=params["client_id"])
    if params.get("nexus_url"):
        client["redirectURIs"] = [params["nexus_url"]]
    client.update(given_fields(params, FIELDS))
    if not client.get("redirectURIs"):
        raise GenesysError("redirect_uris: required to create client %s (or set nexus_url)" % params["client_id"])
    client["client_id"] = params["client_id"]
    return client


def secret_works(gws, client_id, secret):
    """Whether Genesys Auth issues a client-credentials token for this secret."""
    try:
        gws.client_credentials_token(client_id, secret)
    except GenesysError as exc:
        if exc.status in (400, 401):
            return False
        raise
    return True


def ensure_client(gws, params, check_mode):
    """Bring the OAuth client to ``params``; returns the module result."""
    check_inputs(params)
    client_id = params["client_id"]
    current = gws.get_client(client_id)
    result = {"changed": False, "secret_updated": False}

    if params["state"] == "absent":
        return removed(current, check_mode, lambda: gws.delete_client(client_id), **result)

    secret = params.get("client_secret")
    if params["verify"] and current is not None and not secret:
        raise GenesysError("client_secret: required to verify the existing client %s" % client_id)
    if current is None:
        desired = new_client(params)
        result.update(changed=True, secret_updated=True, client=desired, diff=diff(None, desired))
        if check_mode:
            return result
        if not secret:
            secret = secrets.token_urlsafe(32)
            result["client_secret"] = secret
        gws.create_client(dict(desired, client_secret=secret))
    else:
        changes = differences(current, given_fields(params, FIELDS), unordered=UNORDERED)
        replace_secret = bool(secret) and params["update_secret"] == "always" and not secret_works(gws, client_id, secret)
        expected = dict(current, **changes)
        result.update(changed=bool(changes or replace_secret), secret_updated=replace_secret, client=expected,
                      diff=write_only_diff(current, expected, "client_secret" if replace_secret else None))
        if check_mode:
            return result
        if result["changed"]:
            if replace_secret:
                changes["client_secret"] = secret
            gws.update_client(client_id, changes)

    if result["changed"]:
        result["client"] = read_back(lambda: gws.get_client(client_id), result["client"], "client %s" % client_id)
    # A token request changes nothing, so the client is verified whether or not the task changed it.
    if params["verify"] and not secret_works(gws, client_id, secret):
        raise GenesysError("client %s: Genesys Auth refused a client-credentials token with its secret" % client_id)
    return result


def run(params, check_mode, session=None):
    """Bring the OAuth client to ``params`` as the GWS admin."""
    return ensure_client(GwsClient.from_params(params, session=session), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
