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
        or the one the module generated) and fail, naming the client, if the service refuses it (the documents'
        "Verify client" step). This runs on every run, the client changed or not, except in check mode; verifying an
        existing client needs O(client_secret).
      - One token request serves both O(verify) and O(update_secret=always) when the secret is found in use; a
        client whose secret was just created or set gets a token request of its own.
    type: bool
    default: false
  store:
    description:
      - A JSON record file (created 0600, its directory 0700 when missing) into which the module writes the
        secret it generates, as C(client_secrets.<client_id>), before it sends it to Genesys Auth, so that a
        lost answer cannot lose it. The record is merged under a lock (concurrent runs lose nothing) and
        replaced atomically. Other keys of the record are kept.
      - With O(store) set, the generated secret is masked in RV(client_secret), so the task needs no C(no_log).
      - Nothing is written in check mode, or when O(client_secret) is given.
    type: path
notes:
  - The module never reports the secret in its diff or result, except a secret it generated, and that one
    masked when O(store) is set.
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

- name: Create the IWD client, letting the module generate the secret and keep it in a record
  genesys.multicloud.gws_client:
    client_id: iwd_client
    redirect_uris: [https://nexus.example.com]
    store: "{{ inventory_dir }}/.genesys-secrets/environment.json"

- name: Create another client with a generated secret, registering it (no store)
  genesys.multicloud.gws_client:
    client_id: other_client
    redirect_uris: [https://nexus.example.com]
  register: other_client
  no_log: true

- name: Remove a client
  genesys.multicloud.gws_client:
    client_id: old_client
    state: absent
"""

RETURN = r"""
client:
  description:
    - The client as the API shows it after the task, without its secret.
    - After a creation or a change, the client the API answered with, or the one sent when the answer holds
      none; it is not read again. Predicted in check mode.
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
    - It is the only secret the module returns, and the API never shows it again. With O(store) it is
      written there and masked here; without O(store) it is shown in clear, so give the task
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

from ansible_collections.genesys.multicloud.plugins.module_utils._create import create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_url, diff, differences, given_fields, keep, removed, require, run_module, write_only_diff)
from ansible_collections.genesys.multicloud.plugins.module_utils._store import setdefault_record
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

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
    store=dict(type="path"),
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
    proved = False
    if current is None:
        current, secret = create_client(gws, params, check_mode, result)
    if current is not None:
        proved = update_client(gws, params, check_mode, current, secret, result)
    if check_mode:
        return result
    # A token request changes nothing, so the client is verified whether or not the task changed it; once
    # only: a secret update_secret=always found in use and left as it was needs no second grant.
    if params["verify"] and not proved and not secret_works(gws, client_id, secret):
        raise GenesysError("client %s: Genesys Auth refused a client-credentials token with its secret: check that its "
                           "authorizedGrantTypes include client_credentials" % client_id)
    return result


def create_client(gws, params, check_mode, result):
    """Create the client (A1) with the given secret or one generated (and kept in ``store``).
    Returns ``(found, secret)``: ``found`` the client read instead of A1's answer (lost, or a 409:
    another run made it) for ``update_client`` to converge, else None (the client is A1's answer)."""
    client_id = params["client_id"]
    desired = new_client(params)
    result.update(changed=True, secret_updated=True, client=desired, diff=diff(None, desired))
    if check_mode:
        return None, None
    secret = params.get("client_secret") or generated_secret(params, result)
    created = create(lambda: gws.create_client(dict(desired, client_secret=secret)), lambda: gws.get_client(client_id),
                     retries=params["retries"])
    if not created.adopted:
        result["client"] = answered(created.answer, desired)
        return None, secret
    if created.lost is None:
        result.update(changed=False, secret_updated=False)
        if "client_secret" in result and not secret_works(gws, client_id, secret):
            # Another run made it with a secret of its own (a run without the same store).
            del result["client_secret"]
            warn("client %s was created by another run at the same time, with a secret generated there: set "
                 "client_secret and update_secret=always to give it one you know" % client_id)
    return created.found, secret


def answered(answer, sent):
    """The client an accepted write (A1, A3) answered with, laid over ``sent``, what the write made of it,
    so that a partial answer drops nothing (nothing is read back). Never with a secret, even from a
    service that echoes one."""
    client = dict(sent, **answer) if isinstance(answer, dict) and answer.get("client_id") else sent
    return dict((field, value) for field, value in client.items() if field != "client_secret")


def generated_secret(params, result):
    """A new random secret, returned once in ``client_secret``. With ``store`` it is written there
    before it is sent (once Genesys Auth holds it, it can never be read back), and a secret the store
    already holds for the client is used instead, so that concurrent runs send the same one."""
    client_id = params["client_id"]
    if params.get("store"):
        secret = setdefault_record(params["store"], ("client_secrets", client_id), lambda: secrets.token_urlsafe(32))
        keep(params, False, result, {}, secrets=[secret])
    else:
        secret = secrets.token_urlsafe(32)
    result["client_secret"] = secret
    return secret


def update_client(gws, params, check_mode, current, secret, result):
    """Bring the existing client ``current`` to ``params`` (A3); with ``update_secret=always`` its secret too.
    Returns whether a client-credentials grant proved the secret the client keeps."""
    client_id = params["client_id"]
    changes = differences(current, given_fields(params, FIELDS), unordered=UNORDERED)
    checks_secret = bool(params.get("client_secret")) and params["update_secret"] == "always"
    proved = checks_secret and secret_works(gws, client_id, secret)
    replace_secret = checks_secret and not proved
    expected = dict(current, **changes)
    if not result["changed"]:
        result["diff"] = write_only_diff(current, expected, "client_secret" if replace_secret else None)
    update = bool(changes or replace_secret)
    result.update(changed=result["changed"] or update, secret_updated=result["secret_updated"] or replace_secret,
                  client=expected)
    if check_mode or not update:
        return proved
    if replace_secret:
        changes["client_secret"] = secret
    result["client"] = answered(gws.update_client(client_id, changes), expected)
    return proved


def run(params, check_mode, session=None):
    """Bring the OAuth client to ``params`` as the GWS admin."""
    return ensure_client(GwsClient.from_params(params, session=session), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
