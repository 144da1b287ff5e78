"""The documented sequence of seed 003 (enable a tenant, API keys, SMS) then IWD (seed 000), in order.

Plain ``requests`` calls with the documents' bodies; nothing from the helpers but the values.
"""

import psycopg2
import requests
from sandbox_helpers import ADMIN, TENANTS

CLIENT = ("nexus_client", "Seq-Nexus-Client-Secret")
IWD_CLIENT = ("iwd_client", "Seq-Iwd-Client-Secret")


def client_body(sb, client_id, secret):
    return {"data": {
        "internalClient": True, "name": client_id, "clientType": "CONFIDENTIAL", "client_id": client_id, "client_secret": secret,
        "authorities": ["ROLE_INTERNAL_CLIENT"], "scope": ["*"],
        "authorizedGrantTypes": ["client_credentials", "authorization_code", "refresh_token", "implicit", "password"],
        "redirectURIs": [sb["nexus_url"]], "accessTokenExpirationTimeout": 43200, "refreshTokenExpirationTimeout": 2592000,
    }}


def password_token(sb, username, password):
    answer = requests.post(sb["auth_url"] + "/auth/v3/oauth/token", auth=CLIENT, timeout=10,
                           data={"username": username, "client_id": CLIENT[0], "grant_type": "password", "password": password})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def test_n2_before_the_nex_gapis_row_fails_with_the_dependency_named(g):
    sb = g.sb
    tenant = TENANTS["t100"]
    assert requests.post(sb["auth_url"] + "/auth/v3/ops/clients", auth=ADMIN, json=client_body(sb, *CLIENT), timeout=10).status_code == 200
    token = password_token(sb, "%s\\%s" % (tenant["ccid"], tenant["user"]), tenant["password"])
    answer = requests.post(sb["nexus_url"] + "/nexus/v3/provisioning/tenants", headers={"Authorization": "Bearer " + token}, timeout=10,
                           json={"id": tenant["ccid"], "name": "t100", "type": "PureEngage", "backendurl": sb["gws_url"],
                                 "username": tenant["user"], "token": tenant["password"], "genesystemenantid": 1})
    assert answer.status_code in (401, 403)
    assert "nex_gapis" in answer.json()["status"]["message"]
    assert sb["gws_url"] in answer.json()["status"]["message"]


def test_seed_003_then_iwd_in_order(g):  # pylint: disable=too-many-locals,too-many-statements
    sb = g.sb
    auth, nexus, iwd = sb["auth_url"], sb["nexus_url"], sb["iwd_url"]
    seq = sb.last_seq()

    # Get contact center ID from GWS (E1): the ccid of the tenant named t100.
    centers = requests.get(auth + "/environment/v3/contact-centers", auth=ADMIN, timeout=10)
    assert centers.status_code == 200
    ccid = [center["id"] for center in centers.json()["data"]["contactCenters"] if "t100" in center["domains"]][0]
    assert ccid == TENANTS["t100"]["ccid"]
    user, password = TENANTS["t100"]["user"], TENANTS["t100"]["password"]

    # Create the authentication client (A1), verify it (A5, the documents' query form).
    assert requests.post(auth + "/auth/v3/ops/clients", auth=ADMIN, json=client_body(sb, *CLIENT), timeout=10).status_code == 200
    verify = requests.post(auth + "/auth/v3/oauth/token", auth=CLIENT, timeout=10,
                           params={"grant_type": "client_credentials", "scope": "*", "client_id": CLIENT[0], "client_secret": CLIENT[1]})
    assert verify.status_code == 200
    assert verify.json()["token_type"] == "bearer" and verify.json()["expires_in"] == 43199

    # Add GWS to the nex_gapis table (psql in the documents).
    conn = psycopg2.connect(**sb["db"])
    with conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created, region, authinturl, authexturl) "
            "VALUES (%s, %s, 'NA', %s, now(), NULL, %s, %s)",
            (sb["gws_url"], CLIENT[0], CLIENT[1], auth, auth),
        )
    conn.close()

    # Provision Digital Channels in GWS (E2).
    setting = requests.post(auth + "/environment/v3/contact-centers/%s/settings" % ccid, auth=ADMIN, timeout=10,
                            json={"data": {"name": "chatservice-uri", "location": "/", "value": nexus, "shared": False}})
    assert setting.status_code == 200

    # Get the authentication token (A6), the tenant user as <ccid>\<user>.
    tenant_token = password_token(sb, "%s\\%s" % (ccid, user), password)

    # The cluster API key (A6 as the admin, K1), used for the provisioning services.
    admin_token = password_token(sb, *ADMIN)

    def cluster_key(name):
        answer = requests.post(nexus + "/nexus/v3/apikeys", headers={"Authorization": admin_token}, timeout=10,
                               json={"enabled": True, "tenant": "*", "name": name, "permissions": ["nexus:cluster:*"]})
        assert answer.status_code == 200, answer.text
        return answer.json()["id"]

    cluster = cluster_key("Cluster API key")

    def service(name, body):
        answer = requests.post(nexus + "/nexus/v3/provisioning/services/%s/%s" % (ccid, name), json=body, timeout=10,
                               headers={"Content-Type": "application/json", "x-api-key": cluster, "x-ccid": ccid})
        assert answer.status_code == 200, (name, answer.text)

    # Provision the Universal Contact Service connection (S1), before the tenant.
    service("PlatformUCS", {"url": "https://ucs.mydomain.com", "secret": {}, "data": {}})

    # Provision the tenant in Digital Channels (N2).
    created = requests.post(nexus + "/nexus/v3/provisioning/tenants", headers={"Authorization": "Bearer " + tenant_token}, timeout=10,
                            json={"id": ccid, "name": "t100", "type": "PureEngage", "backendurl": sb["gws_url"],
                                  "username": user, "token": password, "genesystemenantid": 1})
    assert created.status_code == 200, created.text
    assert created.json()["status"] == {"code": 0}
    xapikey = created.json()["data"]["xapikey"]

    # Provision API keys: tenant keys with the tenant token (bare), cluster keys with the admin token.
    tenant_keys = {}
    for name, permission in (("API key for t100", "nexus:consumer:chat"), ("Designer API key", "nexus:designer:chat")):
        answer = requests.post(nexus + "/nexus/v3/apikeys", headers={"Authorization": tenant_token}, timeout=10,
                               json={"enabled": True, "tenant": ccid, "name": name, "permissions": [permission]})
        assert answer.status_code == 200, answer.text
        tenant_keys[name] = answer.json()["id"]
    iwd_cluster = cluster_key("iWD Cluster API Key")
    cluster_key("Portico Cluster API Key")

    # Provision SMS through Genesys Messaging Aggregation.
    service("PurecloudIDP", {"url": "https://login.mypurecloud.com", "secret": {"clientId": "gc-id", "clientSecret": "gc-secret"}, "data": {}})
    service("SMS", {"url": "N/A", "secret": {}, "data": {"tokenProvider": "Purecloud"}})
    service("PorticoSMS", {"url": "https://api.mypurecloud.com", "secret": {}, "data": {}})
    service("PorticoEmail", {"url": "https://api.mypurecloud.com", "secret": {}, "data": {}})

    # IWD (I1): its client first, then the documented body.
    assert requests.post(auth + "/auth/v3/ops/clients", auth=ADMIN, json=client_body(sb, *IWD_CLIENT), timeout=10).status_code == 200
    body = g.iwd_body("t100", iwd_cluster, client=IWD_CLIENT)
    provisioned = requests.post(iwd + "/iwd/v3/provisioning", json=body, timeout=10,
                                headers={"Content-Type": "application/json; charset=utf-8", "x-api-key": cluster})
    assert provisioned.status_code == 200, provisioned.text
    assert provisioned.json() == {"created": True}

    listed = requests.get(nexus + "/nexus/v3/provisioning/services/" + ccid, headers={"x-api-key": xapikey, "x-ccid": ccid}, timeout=10)
    assert [item["name"] for item in listed.json()["data"]] == [
        "GAPI", "PlatformUCS", "PorticoEmail", "PorticoSMS", "PurecloudIDP", "SMS", "iWD", "iWDEmail"]
    keys = requests.get(nexus + "/nexus/v3/apikeys", headers={"Authorization": tenant_token}, timeout=10).json()["data"]
    assert {key["id"] for key in keys} == set(tenant_keys.values()) | set(body["iwd"]["apiKeys"].values())

    # I2: remove what IWD provisioned.
    removed = requests.delete(iwd + "/iwd/v3/provisioning/" + ccid, params={"deleteTenant": "true"}, headers={"x-api-key": cluster}, timeout=10)
    assert removed.status_code == 200, removed.text
    state = sb.state()
    assert sorted(item["name"] for item in state["services"]) == ["PlatformUCS", "PorticoEmail", "PorticoSMS", "PurecloudIDP", "SMS"]
    assert [tenant["id"] for tenant in state["tenants"]] == [ccid]
    assert state["settings"][0]["value"] == nexus

    # Every request of the walk succeeded, each with the credential kind the documents use.
    log = sb.requests(seq)
    assert all(entry["status"] == 200 for entry in log), [entry for entry in log if entry["status"] != 200]
    assert {entry["credential"] for entry in log} == {"basic-admin", "basic-client", "bare-token", "bearer", "api-key"}
