#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: environment_info
short_description: Read a whole Genesys environment in one pass
version_added: 0.3.0
description:
  - Reads what the collection manages in one environment, with the GWS admin's credentials, the
    Digital Channels admin token and the database only - no tenant user's password - and returns it as one snapshot.
  - The contact centers (C(GET /environment/v3/contact-centers)) once, the OAuth clients
    (C(GET /auth/v3/ops/clients)) once, every API key (C(GET /nexus/v3/apikeys) with the admin token) once,
    the C(nex_gapis) rows in one query; then for each contact center its C(chatservice-uri) settings
    (C(GET .../contact-centers/{ccid}/settings)) and its provisioning services
    (C(GET /nexus/v3/provisioning/services/{ccid}) with a cluster API key), O(concurrency) requests at a time
    over one HTTP session.
  - "Not readable this way, and so not in the snapshot: the Digital Channels tenant itself (its reading needs the
    tenant user's token), every secret (client secrets, the tenant's C(xapikey), service secrets, the
    C(nex_gapis) client secret) and every API key id. A tenant is taken to be in Digital Channels when it has
    API keys, services or a C(chatservice-uri) setting."
  - The playbooks C(genesys.multicloud.export_inventory) and C(genesys.multicloud.drift_report) are built on it.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.postgres
  - genesys.multicloud.connection.info_attributes
options:
  concurrency:
    description:
      - How many requests are in flight at once, over as many connections of one HTTP session.
    type: int
    default: 8
  cluster_key_name:
    description:
      - The name of the cluster API key (C(nexus:cluster:*)) the services are read with, found among the keys
        the admin token lists. O(api_key), when set, is used instead.
    type: str
    default: Cluster API key
seealso:
  - module: genesys.multicloud.gws_contact_center_info
  - module: genesys.multicloud.nexus_apikey_info
  - module: genesys.multicloud.nexus_service_info
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Read the environment
  genesys.multicloud.environment_info:
    auth_url: https://auth.example.com
    gws_admin_username: ops
    gws_admin_password: "{{ vault_gws_admin_password }}"
    oauth_client_secret: "{{ vault_nexus_client_secret }}"
    nexus_url: https://nexus.example.com
    db_host: pgdb-nexus.infra.svc.cluster.local
    db_user: nexus
    db_password: "{{ vault_nexus_db_password }}"
  register: environment

- name: The tenants in Digital Channels
  ansible.builtin.debug:
    msg: "{{ environment.snapshot.tenants | selectattr('in_digital_channels') | map(attribute='name') | list }}"
"""

RETURN = r"""
snapshot:
  description: The environment as read; no secret and no API key id anywhere in it.
  returned: success
  type: dict
  contains:
    contact_centers:
      description: Every contact center (E1), C(id), C(environmentId), C(domains).
      type: list
      elements: dict
    clients:
      description: Every OAuth client (A2), without its secret.
      type: list
      elements: dict
    nex_gapis:
      description: Every row of C(nex_gapis), without C(clientsecret), C(apikey) masked.
      type: list
      elements: dict
    cluster_apikeys:
      description: The live cluster API keys (C(tenant) V(*)), each C(name), C(permissions), C(enabled), C(created).
      type: list
      elements: dict
    tenants:
      description:
        - One per contact center, in the order of E1, with C(ccid), C(name) (its first domain), C(domains),
          C(in_digital_channels), C(chatservice_uri) (the value of the C(chatservice-uri) setting at C(/), or
          null), C(settings) (its C(chatservice-uri) settings), C(apikeys) (its live keys, each C(name),
          C(permissions), C(enabled), C(created)) and C(services) (each C(name), C(url), C(data)).
      type: list
      elements: dict
    other_apikeys:
      description: Live keys of a tenant that is no contact center of the environment (each C(tenant), C(name), C(permissions), C(enabled)).
      type: list
      elements: dict
  sample:
    contact_centers: [{id: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd, domains: [t100]}]
    clients: [{client_id: nexus_client, name: nexus_client}]
    nex_gapis: [{id: 1, url: https://gws.example.com, clientid: nexus_client, apikey: "********"}]
    cluster_apikeys: [{name: Cluster API key, permissions: ["nexus:cluster:*"], enabled: true}]
    tenants:
      - ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
        name: t100
        domains: [t100]
        in_digital_channels: true
        chatservice_uri: https://nexus.example.com
        settings: [{name: chatservice-uri, location: /, value: https://nexus.example.com, shared: false}]
        apikeys: [{name: API key for t100, permissions: ["nexus:consumer:chat"], enabled: true}]
        services: [{name: PlatformUCS, url: https://ucs.example.com, data: {}}]
    other_apikeys: []
"""

import re
import sys
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import SECRET_MASK, GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._http import ConnectionSettings, reading_session
from ansible_collections.genesys.multicloud.plugins.module_utils._module import SECRET_VALUES, require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._postgres import Statements, connect, db_argument_spec

CLUSTER = "*"
SETTING = "chatservice-uri"
# One connection pool per run: more threads than connections would only wait for one.
MAX_CONCURRENCY = 32
KEY_FIELDS = ("name", "permissions", "enabled", "created")
# Keys of a service's data or a client that could hold a secret, should a service return one.
SECRET_KEY = re.compile(r"secret|password|token|apikey", re.IGNORECASE)

ARGUMENT_SPEC = dict(
    concurrency=dict(type="int", default=8),
    cluster_key_name=dict(type="str", default="Cluster API key", no_log=False),
)
ARGUMENT_SPEC.update(db_argument_spec())


def check_inputs(params):
    require(params, ("auth_url", "gws_admin_username", "gws_admin_password"), "to read the environment as the GWS admin")
    require(params, ("nexus_url",), "to read Digital Channels")
    if not params.get("token"):
        require(params, ("oauth_client_secret",), "to obtain the GWS admin's token for Digital Channels (or set token)")
    if not 1 <= params["concurrency"] <= MAX_CONCURRENCY:
        raise GenesysError("concurrency: must be from 1 to %d, got %d" % (MAX_CONCURRENCY, params["concurrency"]))


def without_secrets(value):
    """``value`` with every key that names a secret masked, at any depth."""
    if isinstance(value, dict):
        return dict((key, SECRET_MASK if SECRET_KEY.search(str(key)) and item is not None else without_secrets(item))
                    for key, item in value.items())
    if isinstance(value, list):
        return [without_secrets(item) for item in value]
    return value


def public_key(key):
    return dict((field, key.get(field)) for field in KEY_FIELDS)


def cluster_key(params, keys):
    """The key the services are read with: ``api_key``, or the live cluster key named ``cluster_key_name``."""
    if params.get("api_key"):
        return params["api_key"]
    for key in keys:
        if key.get("tenant") == CLUSTER and key.get("name") == params["cluster_key_name"] and key.get("enabled", True):
            return key["id"]
    raise GenesysError("cluster_key_name: Digital Channels has no live cluster API key named %r to read the tenants' "
                       "services with: name another, or set api_key" % params["cluster_key_name"])


def read_gapis(params):
    """Every nex_gapis row (DB1), whatever the layout: no client secret, the API key masked."""
    conn = connect(params)
    try:
        db = Statements(conn, check_mode=True)
        rows = db.read("SELECT * FROM nex_gapis ORDER BY 1")
        db.finish()
    finally:
        conn.close()
    shown = []
    for row in rows:
        row.pop("clientsecret", None)
        if row.get("apikey") is not None:
            row["apikey"] = SECRET_MASK
        shown.append(dict((column, value.isoformat() if hasattr(value, "isoformat") else value)
                          for column, value in row.items()))
    return shown


def tenant_view(center, settings, services, keys):
    """One contact center as the snapshot shows it."""
    settings = [dict((field, setting.get(field)) for field in ("name", "location", "value", "shared"))
                for setting in settings or [] if setting.get("name") == SETTING]
    uri = next((setting["value"] for setting in settings if setting.get("location") == "/"), None)
    keys = [public_key(key) for key in keys]
    services = [without_secrets(dict(service)) for service in services or []]
    domains = center.get("domains") or []
    return {"ccid": center.get("id"), "name": domains[0] if domains else center.get("id"), "domains": domains,
            "in_digital_channels": bool(keys or services or settings), "chatservice_uri": uri,
            "settings": settings, "apikeys": keys, "services": services}


def read_environment(gws, nexus, params):
    """The snapshot; the lists first (E1, A2, K2 and the database at once), then each contact center's
    settings (E3) and services (S3)."""
    with ThreadPoolExecutor(max_workers=params["concurrency"]) as pool:
        centers, clients, keys = pool.submit(gws.contact_centers), pool.submit(gws.list_clients), pool.submit(nexus.list_apikeys)
        gapis = read_gapis(params)
        centers, clients, keys = centers.result(), clients.result(), keys.result()
        live = [key for key in keys if not key.get("revoked")]
        nexus.api_key = cluster_key(params, live)
        ccids = [center.get("id") for center in centers]
        settings = pool.map(gws.list_settings, ccids)
        services = pool.map(nexus.list_services, ccids)
        settings, services = list(settings), list(services)
    by_tenant = {}
    for key in live:
        by_tenant.setdefault(str(key.get("tenant")).lower(), []).append(key)
    known = set(str(ccid).lower() for ccid in ccids)
    snapshot = {
        "contact_centers": [dict((field, center.get(field)) for field in ("id", "environmentId", "domains"))
                            for center in centers],
        "clients": [without_secrets(client) for client in clients],
        "nex_gapis": gapis,
        "cluster_apikeys": [public_key(key) for key in by_tenant.get(CLUSTER, [])],
        "tenants": [tenant_view(center, settings[index], services[index], by_tenant.get(str(ccids[index]).lower(), []))
                    for index, center in enumerate(centers)],
        "other_apikeys": [dict(public_key(key), tenant=key.get("tenant")) for key in live
                          if key.get("tenant") != CLUSTER and str(key.get("tenant")).lower() not in known],
    }
    # The ids are the keys themselves: should one turn up anywhere in the result, it is masked.
    return {"changed": False, "snapshot": snapshot,
            SECRET_VALUES: [key.get("id") for key in keys]}


def run(params, check_mode, session=None):
    """Check the inputs, then read the environment."""
    check_inputs(params)
    settings = ConnectionSettings.from_params(params)
    session = session or reading_session(settings, params["concurrency"])
    gws = GwsClient.from_params(params, session=session)
    nexus = NexusClient.for_admin(params, session=session, check_mode=check_mode)
    return read_environment(gws, nexus, params)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
