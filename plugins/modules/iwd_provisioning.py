#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: iwd_provisioning
short_description: Manage the IWD provisioning of a tenant
version_added: 0.1.0
description:
  - Provisions IWD for a tenant (C(/iwd/v3/provisioning)), or removes IWD services or the whole IWD
    provisioning of the tenant (C(DELETE /iwd/v3/provisioning/{ccid})).
  - IWD provisioning writes Digital Channels' state, the services C(GAPI), C(iWD) and C(iWDEmail) of the
    tenant, and the API keys given in O(apikey_tenant) and O(apikey_iwddm). The module reads them back
    through Digital Channels to learn whether IWD is provisioned.
  - Only what can be read back is compared. With O(state=present) the provisioning request is sent when
    one of the three services is missing or has another URL than expected (O(gws.gws_url) for C(GAPI),
    O(iwd_service_url) for C(iWD), C(N/A) for C(iWDEmail)), or when a given API key does not exist or is
    revoked. O(tenant_id), O(tenant_name), O(iwd_apikey), the database settings and every secret cannot be
    read back, and a key no longer given (O(apikey_iwddm) left out) is not looked for; to apply a change of
    only those, run once with O(update_secret=always).
  - Requests to IWD and the reading of the services are authenticated with O(api_key), a Digital Channels cluster
    key (C(nexus:cluster:*)) or a key of the tenant, as the vendor's deployment scripts send it. The API keys are
    listed with O(token), or with the GWS admin token obtained with O(gws_admin_username) and O(gws_admin_password).
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.postgres_keys
  - genesys.multicloud.connection.attributes
options:
  ccid:
    description:
      - The contact center id (a UUID) of the tenant. The API field C(tenant.ccid).
    type: str
    required: true
  state:
    description:
      - V(present) provisions IWD for the tenant.
      - V(absent) removes the services O(services), or everything IWD provisioned with O(delete_tenant=true);
        one of them is required.
    type: str
    choices: [present, absent]
    default: present
  tenant_id:
    description:
      - The short tenant id, for example V(100). The API field C(tenant.id).
      - Required with O(state=present).
    type: str
  tenant_name:
    description:
      - The tenant name, the contact center's GWS domain. The API field C(tenant.name).
      - Required with O(state=present).
    type: str
  iwd_apikey:
    description:
      - The Digital Channels key IWD calls Digital Channels with, the API field C(tenant.apiKey). A key of the
        tenant (the vendor's deployment scripts make one named C(<tenant>-iWD)) or the cluster key named
        C(iWD Cluster API Key).
      - Required with O(state=present).
    type: str
  gws:
    description:
      - How IWD reaches GWS, the API field C(tenant.gws).
      - Required with O(state=present).
    type: dict
    suboptions:
      gws_url:
        description:
          - The GWS URL (C($gwsURL)). The API field C(gwsUrl).
        type: str
        required: true
      auth_url:
        description:
          - The Genesys Auth URL. The API field C(data.authUrl).
          - Default is the connection's O(auth_url).
        type: str
      redirect_url:
        description:
          - The GWS redirect URL. The API field C(data.authredircetUrl), spelled so by the API.
          - Default is O(gws.auth_url).
        type: str
      client_id:
        description:
          - The OAuth client of IWD. The API field C(secret.clientId).
        type: str
        default: iwd_client
      client_secret:
        description:
          - Secret of O(gws.client_id). The API field C(secret.clientSecret).
        type: str
        required: true
      username:
        description:
          - The tenant user IWD logs in with. The API field C(secret.username).
        type: str
        required: true
      password:
        description:
          - Password of O(gws.username). The API field C(secret.token).
        type: str
        required: true
  iwd_service_url:
    description:
      - The URL the IWD service is reached at. The API field C(iwd.url).
      - Default is the connection's O(iwd_url).
    type: str
  db:
    description:
      - The IWD database of the tenant, the API field C(iwd.db).
      - Required with O(state=present).
    type: dict
    suboptions:
      host:
        description:
          - Database host.
        type: str
        required: true
      port:
        description:
          - Database port.
        type: int
        default: 5432
      database:
        description:
          - Database name.
        type: str
        required: true
      user:
        description:
          - Database user.
        type: str
        required: true
      password:
        description:
          - Password of O(db.user).
        type: str
        required: true
      ssl:
        description:
          - Whether IWD connects to the database with TLS.
        type: bool
        default: false
  apikey_tenant:
    description:
      - The API key IWD provisions for requests from the customer, chosen by you (a UUID in the Genesys
        documents). The API field C(iwd.apiKeys.IWD_APIKEY_TENANT).
      - Required with O(state=present).
      - With O(state=absent) and O(delete_tenant=true), lets the module see that the key is still there.
    type: str
  apikey_iwddm:
    description:
      - The API key IWD provisions for IWD Data Mart, if you deploy it. The API field
        C(iwd.apiKeys.IWD_APIKEY_IWDDM).
      - With O(state=absent) and O(delete_tenant=true), lets the module see that the key is still there.
    type: str
  update_secret:
    description:
      - V(on_create) sends the provisioning request only when the read-back state differs (see above).
      - V(always) sends it on every run with O(state=present), since the secrets and the fields IWD does not
        show cannot be compared; the task then always reports a change.
      - The alias O(update_secrets) is deprecated and will be removed in version 2.0.0.
    type: str
    aliases: [update_secrets]
    choices: [always, on_create]
    default: on_create
  services:
    description:
      - With O(state=absent), the IWD services to remove, for example V([iWD, iWDEmail]).
    type: list
    elements: str
    choices: [GAPI, iWD, iWDEmail]
  delete_tenant:
    description:
      - With O(state=absent), remove everything IWD provisioned for the tenant, that is its services, its API keys
        and its record. The Digital Channels tenant stays.
      - The module sees the API keys only when O(apikey_tenant) or O(apikey_iwddm) is set; without them, and
        with none of the three services left, it reports no change and sends nothing.
    type: bool
seealso:
  - module: genesys.multicloud.nexus_apikey
  - module: genesys.multicloud.nexus_service_info
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Provision IWD for tenant t100
  genesys.multicloud.iwd_provisioning:
    nexus_url: https://nexus.example.com
    iwd_url: http://iwd.iwd:4024
    api_key: "{{ cluster_api_key }}"
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    tenant_id: "100"
    tenant_name: t100
    iwd_apikey: "{{ iwd_cluster_api_key }}"
    gws:
      gws_url: http://gws-service-proxy.gws
      auth_url: http://gauth-auth.gauth
      client_secret: "{{ vault_iwd_client_secret }}"
      username: nexus
      password: "{{ vault_tenant_user_password }}"
    db:
      host: pgdb-dgt-postgresql.infra
      database: iwd-100
      user: iwd-100
      password: "{{ vault_iwd_db_password }}"
    apikey_tenant: 22552b96-8783-46a9-b0eb-075ddfa8893e
    apikey_iwddm: d6b68a7b-12ed-4c3c-830d-215eecdd1a48

- name: Remove the IWD services of the tenant
  genesys.multicloud.iwd_provisioning:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    state: absent
    services: [iWD, iWDEmail]

- name: Remove everything IWD provisioned for the tenant
  genesys.multicloud.iwd_provisioning:
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    state: absent
    delete_tenant: true
    apikey_tenant: 22552b96-8783-46a9-b0eb-075ddfa8893e
    apikey_iwddm: d6b68a7b-12ed-4c3c-830d-215eecdd1a48
"""

RETURN = r"""
provisioning:
  description:
    - What Digital Channels shows of the IWD provisioning after the task (predicted in check mode), the
      IWD services of the tenant with their URLs, and which of the given API keys exist (by their API
      field names, never their values).
  returned: always
  type: dict
  sample:
    services:
      GAPI:
        url: http://gws-service-proxy.gws
      iWD:
        url: http://iwd.iwd:4024
      iWDEmail:
        url: N/A
    apikeys: [IWD_APIKEY_IWDDM, IWD_APIKEY_TENANT]
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._create import create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._iwd import IwdClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_url, check_uuid, diff, require, run_module, write_only_diff)
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._postgres import DB_REQUIRED_BY, db_argument_spec

IWD_SERVICES = ("GAPI", "iWD", "iWDEmail")
IWD_EMAIL_URL = "N/A"
# Module option -> key of the API field iwd.apiKeys.
APIKEY_FIELDS = (("apikey_tenant", "IWD_APIKEY_TENANT"), ("apikey_iwddm", "IWD_APIKEY_IWDDM"))
DB_FIELDS = ("host", "port", "database", "user", "password", "ssl")

ARGUMENT_SPEC = dict(
    ccid=dict(type="str", required=True),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    tenant_id=dict(type="str"),
    tenant_name=dict(type="str"),
    iwd_apikey=dict(type="str", no_log=True),
    gws=dict(type="dict", options=dict(
        gws_url=dict(type="str", required=True),
        auth_url=dict(type="str"),
        redirect_url=dict(type="str"),
        client_id=dict(type="str", default="iwd_client"),
        client_secret=dict(type="str", no_log=True, required=True),
        username=dict(type="str", required=True),
        password=dict(type="str", no_log=True, required=True),
    )),
    iwd_service_url=dict(type="str"),
    db=dict(type="dict", options=dict(
        host=dict(type="str", required=True),
        port=dict(type="int", default=5432),
        database=dict(type="str", required=True),
        user=dict(type="str", required=True),
        password=dict(type="str", no_log=True, required=True),
        ssl=dict(type="bool", default=False),
    )),
    apikey_tenant=dict(type="str", no_log=True),
    apikey_iwddm=dict(type="str", no_log=True),
    update_secret=dict(type="str", choices=["always", "on_create"], default="on_create", no_log=False,
                       aliases=["update_secrets"], deprecated_aliases=[
                           dict(name="update_secrets", version="2.0.0", collection_name="genesys.multicloud")]),
    services=dict(type="list", elements="str", choices=list(IWD_SERVICES)),
    delete_tenant=dict(type="bool"),
)
# The Digital Channels database, where the keys are read when K2 is missing or refused (docs/api.md, DB2).
ARGUMENT_SPEC.update(db_argument_spec(required=False))
REQUIRED_BY = DB_REQUIRED_BY
REQUIRED_IF = [
    ("state", "present", ("tenant_id", "tenant_name", "iwd_apikey", "gws", "db", "apikey_tenant")),
    ("state", "absent", ("services", "delete_tenant"), True),
]


def provisioning_body(params):
    """The I1 body, its URLs checked and its defaults resolved."""
    gws, db = params["gws"], params["db"]
    check_url(gws["gws_url"], "gws.gws_url")
    auth_url = gws.get("auth_url") or params.get("auth_url")
    if not auth_url:
        raise GenesysError("gws.auth_url: required, or set auth_url")
    check_url(auth_url, "gws.auth_url")
    redirect_url = check_url(gws.get("redirect_url") or auth_url, "gws.redirect_url")
    iwd_url = check_url(params.get("iwd_service_url") or params["iwd_url"], "iwd_service_url")
    if not 1 <= db["port"] <= 65535:
        raise GenesysError("db.port: must be between 1 and 65535, got %s" % db["port"])
    return {
        "tenant": {
            "id": params["tenant_id"],
            "name": params["tenant_name"],
            "ccid": params["ccid"],
            "apiKey": params["iwd_apikey"],
            "gws": {
                "gwsUrl": gws["gws_url"],
                # sic: the API's spelling.
                "data": {"authUrl": auth_url, "authredircetUrl": redirect_url},
                "secret": {"clientId": gws["client_id"], "clientSecret": gws["client_secret"], "apikey": "none",
                           "username": gws["username"], "token": gws["password"]},
            },
        },
        "iwd": {
            "url": iwd_url,
            "db": dict((field, db[field]) for field in DB_FIELDS),
            "apiKeys": dict((field, params[option]) for option, field in APIKEY_FIELDS if params.get(option)),
        },
        "iwdEmail": {"url": IWD_EMAIL_URL},
    }


def check_inputs(params):
    """Reject malformed options before any request; returns the I1 body with O(state=present)."""
    require(params, ("nexus_url", "iwd_url", "api_key"), "for IWD provisioning")
    check_uuid(params["ccid"], "ccid")
    if params["state"] == "absent":
        # REQUIRED_IF sees that one is given; an empty list or delete_tenant=false gives nothing to remove.
        if not params.get("services") and not params.get("delete_tenant"):
            raise GenesysError("services: state=absent needs the services to remove, or delete_tenant=true")
        return None
    for name in ("services", "delete_tenant"):
        if params.get(name):
            raise GenesysError("%s: only used with state=absent" % name)
    return provisioning_body(params)


def view(services, apikeys):
    """What the module shows of the provisioning: services with their URLs, names of the live keys."""
    return {"services": dict((name, {"url": services[name].get("url")}) for name in sorted(services)),
            "apikeys": sorted(apikeys)}


def desired_view(body):
    """The read-back state the I1 body leads to."""
    urls = {"GAPI": body["tenant"]["gws"]["gwsUrl"], "iWD": body["iwd"]["url"], "iWDEmail": IWD_EMAIL_URL}
    return view(dict((name, {"url": url}) for name, url in urls.items()), body["iwd"]["apiKeys"])


def current_services(nexus, ccid):
    """The tenant's IWD services by name (S3)."""
    return dict((service.get("name"), service) for service in nexus.list_services(ccid)
                if service.get("name") in IWD_SERVICES)


def live_apikeys(nexus, params):
    """The API field names of the given keys that exist and are not revoked (K2)."""
    given = [(option, field) for option, field in APIKEY_FIELDS if params.get(option)]
    if not given:
        return []
    live = set(key.get("id") for key in nexus.list_apikeys() if not key.get("revoked"))
    return [field for option, field in given if params[option] in live]


def ensure_present(nexus, iwd, params, body, check_mode):
    """Send I1 when the read-back state differs, or always with update_secret=always."""
    ccid = params["ccid"]
    current = view(current_services(nexus, ccid), live_apikeys(nexus, params))
    desired = desired_view(body)
    resend = params["update_secret"] == "always"
    changed = current != desired or resend
    result = {"changed": changed, "provisioning": desired,
              "diff": write_only_diff(current, desired, "secrets" if resend else None, "secrets")}
    if check_mode or not changed:
        return result
    # I1 is sent as PUT and repeated after a lost answer; when even the repeats lose theirs, or IWD
    # answers 409, the read-back settles whether the provisioning is in place.
    created = create(lambda: iwd.provision(body), lambda: read_provisioning(nexus, params, desired),
                     retries=params["retries"])
    result["provisioning"] = created.found or read_provisioning(nexus, params)
    return result


def read_provisioning(nexus, params, expected=None):
    """The provisioning as Digital Channels shows it; with ``expected``, only when it is that (else None)."""
    shown = view(current_services(nexus, params["ccid"]), live_apikeys(nexus, params))
    return shown if expected is None or shown == expected else None


def ensure_absent(nexus, iwd, params, check_mode):
    """Send I2 when something it would remove exists."""
    ccid = params["ccid"]
    whole = bool(params.get("delete_tenant"))
    services = current_services(nexus, ccid)
    # Without delete_tenant the keys stay, so they are not read.
    apikeys = live_apikeys(nexus, params) if whole else []
    removed = list(services) if whole else [name for name in params["services"] if name in services]
    current = view(services, apikeys)
    expected = view(dict((name, service) for name, service in services.items() if name not in removed), [])
    changed = bool(removed or apikeys)
    result = {"changed": changed, "provisioning": expected, "diff": diff(current, expected)}
    if check_mode or not changed:
        return result
    if whole:
        iwd.deprovision(ccid, delete_tenant=True)
    else:
        iwd.deprovision(ccid, services=removed)
    result["provisioning"] = view(current_services(nexus, ccid), live_apikeys(nexus, params) if whole else [])
    return result


def connect(params, session=None, check_mode=False):
    """The Digital Channels client (with the token that lists keys, when keys are to be read) and the IWD client."""
    keys_read = params["state"] == "present" or (
        params.get("delete_tenant") and any(params.get(option) for option, _field in APIKEY_FIELDS))
    if keys_read:
        nexus = NexusClient.for_admin(params, session=session, check_mode=check_mode)
    else:
        nexus = NexusClient.from_params(params, session=session)
    return nexus, IwdClient.from_params(params, session=session)


def run(params, check_mode, session=None):
    """Check the inputs, obtain the token, then bring the provisioning to ``params``."""
    body = check_inputs(params)
    nexus, iwd = connect(params, session, check_mode)
    if body is None:
        return ensure_absent(nexus, iwd, params, check_mode)
    return ensure_present(nexus, iwd, params, body, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
