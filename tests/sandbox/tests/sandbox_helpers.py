"""Plain HTTP calls to a sandbox with the values the documents use, and assertion helpers."""

import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# pylint: disable=wrong-import-position,unused-import
from genesys_sandbox.testing import create_database, running_postgres, running_sandbox, sandbox_config  # noqa: E402,F401

CONFIG = sandbox_config()
ADMIN = (CONFIG["gws_admin"]["username"], CONFIG["gws_admin"]["password"])
CLIENT_ID = "nexus_client"
CLIENT_SECRET = "Nx-Client-Secret-4f1e"
TENANTS = {
    center["domains"][0]: {"ccid": center["id"], "user": center["users"][0]["username"],
                           "password": center["users"][0]["password"]}
    for center in CONFIG["contact_centers"]
}


class Genesys:
    """Plain HTTP calls to a sandbox with the values the documents use."""

    def __init__(self, sandbox):
        self.sb = sandbox

    def call(self, service, method, path, **kwargs):
        kwargs.setdefault("timeout", 15)
        return requests.request(method, self.sb[service + "_url"] + path, verify=self.sb.verify, **kwargs)

    def auth(self, method, path, **kwargs):
        return self.call("auth", method, path, **kwargs)

    def nexus(self, method, path, **kwargs):
        return self.call("nexus", method, path, **kwargs)

    def iwd(self, method, path, **kwargs):
        return self.call("iwd", method, path, **kwargs)

    # ---- Auth ---------------------------------------------------------------------------
    def client_data(self, client_id=CLIENT_ID, secret=CLIENT_SECRET, **changes):
        data = {
            "internalClient": True, "name": client_id, "clientType": "CONFIDENTIAL", "client_id": client_id,
            "client_secret": secret, "authorities": ["ROLE_INTERNAL_CLIENT"], "scope": ["*"],
            "authorizedGrantTypes": ["client_credentials", "authorization_code", "refresh_token", "implicit", "password"],
            "redirectURIs": [self.sb["nexus_url"]], "accessTokenExpirationTimeout": 43200,
            "refreshTokenExpirationTimeout": 2592000,
        }
        data.update(changes)
        return data

    def create_client(self, client_id=CLIENT_ID, secret=CLIENT_SECRET, **changes):
        answer = self.auth("POST", "/auth/v3/ops/clients", auth=ADMIN, json={"data": self.client_data(client_id, secret, **changes)})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def token(self, username, password, client=(CLIENT_ID, CLIENT_SECRET)):
        return self.auth("POST", "/auth/v3/oauth/token", auth=client,
                         data={"username": username, "client_id": client[0], "grant_type": "password", "password": password})

    def tenant_token(self, name):
        tenant = TENANTS[name]
        answer = self.token("%s\\%s" % (tenant["ccid"], tenant["user"]), tenant["password"])
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    def admin_token(self):
        answer = self.token(*ADMIN)
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    def client_token(self):
        answer = self.auth("POST", "/auth/v3/oauth/token", auth=(CLIENT_ID, CLIENT_SECRET), params={"grant_type": "client_credentials"})
        assert answer.status_code == 200, answer.text
        return answer.json()["access_token"]

    # ---- nex_gapis ----------------------------------------------------------------------
    def register_gapis(self, url=None, clientid=CLIENT_ID, secret=CLIENT_SECRET, authurl=None):
        """The INSERT of seed 003, through psycopg2."""
        conn = self.sb.db()
        try:
            with conn, conn.cursor() as cur:
                cur.execute(
                    "INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created, region, authinturl, authexturl) "
                    "VALUES (%s, %s, 'NA', %s, now(), NULL, %s, %s)",
                    (url or self.sb["gws_url"], clientid, secret, authurl or self.sb["auth_url"], authurl or self.sb["auth_url"]),
                )
        finally:
            conn.close()

    def environment(self):
        """Prerequisites of every tenant: the nexus client and the nex_gapis row."""
        self.create_client()
        self.register_gapis()
        return self

    # ---- Digital Channels -----------------------------------------------------------------
    def tenant_body(self, tenant_name, **changes):
        tenant = TENANTS[tenant_name]
        body = {"id": tenant["ccid"], "name": tenant_name, "type": "PureEngage", "backendurl": self.sb["gws_url"],
                "username": tenant["user"], "token": tenant["password"], "genesystemenantid": 1}
        body.update(changes)
        return body

    def provision_tenant(self, name, token=None):
        answer = self.nexus("POST", "/nexus/v3/provisioning/tenants",
                            headers={"Authorization": "Bearer " + (token or self.tenant_token(name))}, json=self.tenant_body(name))
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]["xapikey"]

    def create_key(self, token, tenant, name, permissions, bearer=False):
        return self.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": ("Bearer " if bearer else "") + token},
                          json={"enabled": True, "tenant": tenant, "name": name, "permissions": permissions})

    def cluster_key(self, name="Cluster API key"):
        answer = self.create_key(self.admin_token(), "*", name, ["nexus:cluster:*"])
        assert answer.status_code == 200, answer.text
        return answer.json()["id"]

    def tenant_key(self, tenant, name="API key", permissions=("nexus:consumer:chat",)):
        answer = self.create_key(self.tenant_token(tenant), TENANTS[tenant]["ccid"], name, list(permissions))
        assert answer.status_code == 200, answer.text
        return answer.json()["id"]

    def service(self, method, tenant, service=None, key=None, ccid_header=None, **kwargs):
        ccid = TENANTS[tenant]["ccid"] if tenant in TENANTS else tenant
        headers = kwargs.pop("headers", {})
        if key is not None:
            headers["x-api-key"] = key
        headers.setdefault("x-ccid", ccid_header or ccid)
        path = "/nexus/v3/provisioning/services/" + ccid + ("/" + service if service else "")
        return self.nexus(method, path, headers=headers, **kwargs)

    # ---- IWD ----------------------------------------------------------------------------
    def iwd_body(self, name, cluster_key, tenant_key="22552b96-8783-46a9-b0eb-075ddfa8893e",
                 iwddm_key="d6b68a7b-12ed-4c3c-830d-215eecdd1a48", client=("iwd_client", "Iwd-Client-Secret-9")):
        tenant = TENANTS[name]
        keys = {"IWD_APIKEY_TENANT": tenant_key}
        if iwddm_key:
            keys["IWD_APIKEY_IWDDM"] = iwddm_key
        return {
            "tenant": {
                "id": name.lstrip("t"), "name": name, "ccid": tenant["ccid"], "apiKey": cluster_key,
                "gws": {
                    "gwsUrl": self.sb["gws_url"],
                    "data": {"authUrl": self.sb["auth_url"], "authredircetUrl": self.sb["auth_url"]},
                    "secret": {"clientId": client[0], "clientSecret": client[1], "apikey": "none",
                               "username": tenant["user"], "token": tenant["password"]},
                },
            },
            "iwd": {
                "url": "http://iwd.iwd:4024",
                "db": {"host": "pgdb.infra", "port": 5432, "database": "iwd-" + name, "user": "iwd", "password": "Iwd-Db-Pass", "ssl": False},
                "apiKeys": keys,
            },
            "iwdEmail": {"url": "N/A"},
        }


def envelope_of(answer, status):
    """Assert the docs/api.md error envelope with ``status``; return its message."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert set(body) == {"status"}, body
    assert body["status"]["code"] != 0
    assert isinstance(body["status"]["message"], str) and body["status"]["message"]
    return body["status"]["message"]
