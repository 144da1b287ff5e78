#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: gws_token
short_description: Obtain a GWS access token from Genesys Auth
version_added: 0.1.0
description:
  - Requests an OAuth access token from Genesys Auth (C(/auth/v3/oauth/token)) through the OAuth client
    O(oauth_client_id), for later tasks that call Digital Channels with a token (tenants, API keys).
  - With O(grant_type=password) (the default) the token belongs to a user. With O(ccid) and O(username)
    it is a tenant user's token, for the login C(<ccid>\<username>) of the Genesys documents. With
    neither O(username) nor O(ccid) it is the token of the GWS admin O(gws_admin_username) (the cluster
    token that makes cluster API keys).
  - With O(grant_type=client_credentials) the token belongs to the OAuth client itself.
  - A token request changes nothing, so the module always reports C(changed=false) and requests the
    token in check mode too.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
options:
  grant_type:
    description:
      - The OAuth grant. V(password) logs a user in; V(client_credentials) authenticates the client only.
    type: str
    choices: [password, client_credentials]
    default: password
  username:
    description:
      - The user to log in with O(grant_type=password), a tenant user (C($tenantUser)) when O(ccid) is
        set, else the login as given.
      - When not set, the GWS admin O(gws_admin_username) and O(gws_admin_password) log in.
    type: str
  password:
    description:
      - Password of O(username); required with it.
    type: str
  ccid:
    description:
      - The contact center id (a UUID) of the tenant user O(username). The login becomes
        C(<ccid>\<username>), with one backslash.
    type: str
  return_token:
    description:
      - Whether the result holds RV(access_token).
      - V(false) proves a login without returning a secret, so the task needs no C(no_log); with
        O(token_cache) set, the token obtained waits there for the tasks that follow.
    type: bool
    default: true
    version_added: 0.2.0
notes:
  - The result holds a live access token. Give the task C(no_log=true) so that it does not appear in
    the output, and pass the token on with O(token) of the modules that use one.
  - The modules that need a token can also obtain one themselves from credentials; this module is
    for obtaining it once and reusing it in many tasks.
  - With O(token_cache) set, a token cached there for the same login, obtained with the same password or
    secret and still valid is returned
    instead of a new one (RV(expires_in) is then what is left of its lifetime), and a new one is cached.
seealso:
  - module: genesys.multicloud.gws_client
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Obtain the token of the tenant user
  genesys.multicloud.gws_token:
    auth_url: https://auth.example.com
    oauth_client_id: nexus_client
    oauth_client_secret: "{{ vault_nexus_client_secret }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    username: nexus
    password: "{{ vault_tenant_user_password }}"
  register: tenant_token
  no_log: true

- name: Obtain the GWS admin (cluster) token, with the connection options set by module_defaults
  genesys.multicloud.gws_token:
  register: admin_token
  no_log: true

- name: Check that the tenant user can log in, keeping the token for the next tasks only
  genesys.multicloud.gws_token:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    username: nexus
    password: "{{ vault_tenant_user_password }}"
    token_cache: "{{ playbook_dir }}/.genesys-secrets/tokens"
    return_token: false

- name: Check that the Digital Channels client authenticates
  genesys.multicloud.gws_token:
    grant_type: client_credentials
  no_log: true
"""

RETURN = r"""
access_token:
  description:
    - The access token. It is a secret, so give the task C(no_log=true).
  returned: success, unless O(return_token=false)
  type: str
  sample: 9b7682b7-cbce-422f-90bb-ecda85e61695
token_type:
  description: The token type, C(bearer).
  returned: success
  type: str
  sample: bearer
expires_in:
  description: Seconds the token remains valid.
  returned: success
  type: int
  sample: 43199
scope:
  description: The scope of the token.
  returned: success
  type: str
  sample: "*"
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_uuid, require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._tokens import client_credential, password_credential, tenant_username

ARGUMENT_SPEC = dict(
    grant_type=dict(type="str", choices=["password", "client_credentials"], default="password"),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    ccid=dict(type="str"),
    return_token=dict(type="bool", default=True),
)

RETURNED = ("access_token", "token_type", "expires_in", "scope")


def password_login(params, session, check_mode=False):
    """The credential of the password grant: the tenant user, the given login or the GWS admin."""
    if params.get("ccid") is not None:
        check_uuid(params["ccid"], "ccid")
        if not params.get("username"):
            raise GenesysError("username: required with ccid, to log in as a tenant user of that contact center")
    if params.get("username"):
        require(params, ("password",), "with username")
        if params.get("ccid"):
            username = tenant_username(params["ccid"], params["username"])
            return password_credential(params, username, params["password"], "the tenant user '%s'" % username,
                                       "username and password", session=session, check_mode=check_mode)
        return password_credential(params, params["username"], params["password"], "the user '%s'" % params["username"],
                                   "username and password", session=session, check_mode=check_mode)
    if params.get("password"):
        raise GenesysError("username: required with password")
    require(params, ("gws_admin_username", "gws_admin_password"), "to obtain the GWS admin token without username")
    return password_credential(params, params["gws_admin_username"], params["gws_admin_password"],
                               "the GWS admin %s" % params["gws_admin_username"],
                               "gws_admin_username and gws_admin_password", session=session, check_mode=check_mode)


def run(params, check_mode, session=None):
    """The token response (A5 or A6); a token request is not a write, so check mode runs it too."""
    require(params, ("auth_url", "oauth_client_id", "oauth_client_secret"), "to obtain a GWS token")
    if params["grant_type"] == "client_credentials":
        for name in ("username", "password", "ccid"):
            if params.get(name):
                raise GenesysError("%s: not used with grant_type=client_credentials" % name)
        credential = client_credential(params, params["oauth_client_id"], params["oauth_client_secret"], session=session,
                                       check_mode=check_mode)
    else:
        credential = password_login(params, session, check_mode)
    response = credential.response()
    result = dict((name, response.get(name)) for name in RETURNED if params["return_token"] or name != "access_token")
    result["changed"] = False
    return result


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
