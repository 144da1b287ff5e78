"""An environment made by hand, as an operator following the runbook would make it: direct HTTP
requests to the sandbox and one INSERT into nex_gapis, nothing of the collection."""

import requests

CLIENT_ID = "nexus_client"
CLIENT_SECRET = "Hand-Made-Client-Secret-0001"
CHAT = ["nexus:consumer:chat"]
DESIGNER = ["nexus:designer:chat"]


class HandMade:
    """The sandbox's environment, made request by request."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.http = requests.Session()
        self.http.verify = sandbox.verify
        self.admin = (sandbox.config["gws_admin"]["username"], sandbox.config["gws_admin"]["password"])
        self.cluster_key = None

    def call(self, method, url, **kwargs):
        answer = self.http.request(method, url, timeout=30, **kwargs)
        assert answer.status_code == 200, (method, url, answer.status_code, answer.text)
        return answer.json() if answer.content else None

    def token(self, username, password):
        return self.call("POST", self.sandbox["auth_url"] + "/auth/v3/oauth/token", auth=(CLIENT_ID, CLIENT_SECRET), data={
            "grant_type": "password", "client_id": CLIENT_ID, "username": username, "password": password})["access_token"]

    def environment(self):
        """The OAuth client (A1), its nex_gapis row, the Cluster API key (K1 with the admin token)."""
        auth = self.sandbox["auth_url"]
        self.call("POST", auth + "/auth/v3/ops/clients", auth=self.admin, json={"data": {
            "internalClient": True, "name": CLIENT_ID, "clientType": "CONFIDENTIAL", "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "authorities": ["ROLE_INTERNAL_CLIENT"], "scope": ["*"],
            "authorizedGrantTypes": ["client_credentials", "authorization_code", "refresh_token", "implicit", "password"],
            "redirectURIs": [self.sandbox["nexus_url"]], "accessTokenExpirationTimeout": 43200,
            "refreshTokenExpirationTimeout": 2592000}})
        conn = self.sandbox.db()
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute("INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created, region, authinturl, "
                               "authexturl) VALUES (%s, %s, 'NA', %s, now(), NULL, %s, %s)",
                               (self.sandbox["gws_url"], CLIENT_ID, CLIENT_SECRET, auth, auth))
        finally:
            conn.close()
        self.cluster_key = self.apikey(self.token(*self.admin), "*", "Cluster API key", ["nexus:cluster:*"])

    def apikey(self, token, tenant, name, permissions):
        key = self.call("POST", self.sandbox["nexus_url"] + "/nexus/v3/apikeys", headers={"Authorization": token},
                        json={"enabled": True, "tenant": tenant, "name": name, "permissions": permissions})
        # K1 answers the key object, or it in the envelope's data.
        return key.get("data", key)["id"]

    def tenant(self, center, ucs_url):
        """Everything "Enable a tenant" makes for one contact center: setting, PlatformUCS, tenant, two keys."""
        ccid, name, user = center["id"], center["domains"][0], center["users"][0]
        auth, nexus = self.sandbox["auth_url"], self.sandbox["nexus_url"]
        self.call("POST", "%s/environment/v3/contact-centers/%s/settings" % (auth, ccid), auth=self.admin, json={
            "data": {"name": "chatservice-uri", "location": "/", "value": nexus, "shared": False}})
        self.service(ccid, "PlatformUCS", ucs_url)
        token = self.token("%s\\%s" % (ccid, user["username"]), user["password"])
        self.call("POST", nexus + "/nexus/v3/provisioning/tenants", headers={"Authorization": "Bearer " + token}, json={
            "id": ccid, "name": name, "type": "PureEngage", "backendurl": self.sandbox["gws_url"],
            "username": user["username"], "token": user["password"], "genesystemenantid": 1})
        self.apikey(token, ccid, "API key for " + name, CHAT)
        self.apikey(token, ccid, "Designer API key", DESIGNER)
        return token

    def service(self, ccid, name, url, method="POST"):
        self.call(method, "%s/nexus/v3/provisioning/services/%s/%s" % (self.sandbox["nexus_url"], ccid, name),
                  headers={"x-api-key": self.cluster_key, "x-ccid": ccid}, json={"url": url, "secret": {}, "data": {}})
