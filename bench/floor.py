"""The floor of ``make bench``: the requests of bench/baseline_uri.yml, issued by one Python process.

    python bench/floor.py --inventory DIR [--workers 10]

The environment steps run in order, then the tenants on a pool of ``--workers`` threads (as many
as the playbooks' forks), each thread with a requests.Session of its own. The nex_gapis row is
inserted with psycopg2. Any answer other than 200 stops the run with its status and message.
"""

import argparse
import concurrent.futures
import os
import sys
import threading

import psycopg2
import requests
import yaml

SESSIONS = threading.local()


class Failed(Exception):
    pass


def load_inventory(directory):
    with open(os.path.join(directory, "group_vars", "all.yml"), encoding="utf-8") as handle:
        environment = yaml.safe_load(handle)
    with open(os.path.join(directory, "hosts.yml"), encoding="utf-8") as handle:
        hosts = list(yaml.safe_load(handle)["all"]["children"]["nexus_tenants"]["hosts"])
    tenants = []
    for host in hosts:
        with open(os.path.join(directory, "host_vars", host + ".yml"), encoding="utf-8") as handle:
            tenants.append(yaml.safe_load(handle))
    return environment, tenants


def session(env):
    if not hasattr(SESSIONS, "session"):
        SESSIONS.session = requests.Session()
        SESSIONS.session.verify = env.get("genesys_ca_path") or env.get("genesys_validate_certs", True)
    return SESSIONS.session


def call(env, method, url, **kwargs):
    answer = session(env).request(method, url, timeout=30, **kwargs)
    if answer.status_code != 200:
        raise Failed("%s %s: %s %s" % (method, url.split("?")[0], answer.status_code, answer.text[:300]))
    return answer.json()


def admin(env):
    return (env["gws_admin_username"], env["gws_admin_password"])


def client_body(env, client_id, secret):
    return {"data": {
        "internalClient": True, "clientType": "CONFIDENTIAL", "authorities": ["ROLE_INTERNAL_CLIENT"], "scope": ["*"],
        "authorizedGrantTypes": ["client_credentials", "authorization_code", "refresh_token", "implicit", "password"],
        "redirectURIs": [env["nexus_url"]], "accessTokenExpirationTimeout": 43200, "refreshTokenExpirationTimeout": 2592000,
        "name": client_id, "description": client_id, "client_id": client_id, "client_secret": secret}}


def password_token(env, username, password):
    return call(env, "POST", env["gws_auth_url"] + "/auth/v3/oauth/token", auth=("nexus_client", env["nexus_client_secret"]),
                data={"username": username, "client_id": "nexus_client", "grant_type": "password", "password": password})["access_token"]


def environment_steps(env, tenants):
    """Clients, nex_gapis, cluster keys and (when a tenant needs it) the contact centers: what runs once."""
    any_iwd = any("tenant_iwd" in tenant for tenant in tenants)
    any_gma = any(tenant.get("tenant_sms", {}).get("provider") == "gma" for tenant in tenants)
    auth = env["gws_auth_url"]
    call(env, "POST", auth + "/auth/v3/ops/clients", auth=admin(env), json=client_body(env, "nexus_client", env["nexus_client_secret"]))
    if any_iwd:
        call(env, "POST", auth + "/auth/v3/ops/clients", auth=admin(env), json=client_body(env, "iwd_client", env["iwd_client_secret"]))
    conn = psycopg2.connect(host=env["nexus_db_host"], port=env["nexus_db_port"], user=env["nexus_db_user"],
                            password=env["nexus_db_password"], dbname=env["nexus_db_name"])
    try:
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created, region, authinturl, authexturl) "
                        "VALUES (%s, 'nexus_client', 'NA', %s, now(), NULL, %s, %s)",
                        (env["gws_url"], env["nexus_client_secret"], auth, auth))
    finally:
        conn.close()
    token = password_token(env, env["gws_admin_username"], env["gws_admin_password"])
    names = ["Cluster API key"] + (["iWD Cluster API Key"] if any_iwd else []) + (["Portico Cluster API Key"] if any_gma else [])
    keys = {}
    for name in names:
        keys[name] = call(env, "POST", env["nexus_url"] + "/nexus/v3/apikeys", headers={"Authorization": token},
                          json={"enabled": True, "tenant": "*", "name": name, "permissions": ["nexus:cluster:*"]})["id"]
    centers = []
    if any("tenant_ccid" not in tenant for tenant in tenants):
        centers = call(env, "GET", auth + "/environment/v3/contact-centers", auth=admin(env))["data"]["contactCenters"]
    return keys, centers


def sms_services(sms):
    if sms["provider"] == "gma":
        return [
            ("PurecloudIDP", {"url": sms["gc_login_url"], "secret": {"clientId": sms["gc_client_id"], "clientSecret": sms["gc_client_secret"]},
                              "data": {}}),
            ("SMS", {"url": "N/A", "secret": {}, "data": {"tokenProvider": "Purecloud"}}),
            ("PorticoSMS", {"url": sms["gc_api_url"], "secret": {}, "data": {}}),
        ]
    channel = sms["channels"][0]
    return [
        ("Async", {"data": {"channels": [{"channelId": channel["channel_id"], "webhook": {"url": channel["webhook_url"]}}]},
                   "secret": {"channels": [{"channelId": channel["channel_id"], "webhook": {"secret": channel["webhook_secret"]},
                                            "api": {"secret": channel["api_secret"]}}]}}),
        ("SMS", {"url": "N/A", "data": {"provider": "Async"}, "secret": {}}),
    ]


def tenant_steps(env, tenant, keys, centers):
    name = tenant["tenant_name"]
    ccid = tenant.get("tenant_ccid") or next(center["id"] for center in centers if name in center["domains"])
    nexus = env["nexus_url"]
    call(env, "POST", "%s/environment/v3/contact-centers/%s/settings" % (env["gws_auth_url"], ccid), auth=admin(env),
         json={"data": {"name": "chatservice-uri", "location": "/", "value": nexus, "shared": False}})
    token = password_token(env, "%s\\%s" % (ccid, tenant["tenant_user"]), tenant["tenant_user_password"])
    service_headers = {"x-api-key": keys["Cluster API key"], "x-ccid": ccid}
    if "tenant_ucs_url" in tenant:
        call(env, "POST", "%s/nexus/v3/provisioning/services/%s/PlatformUCS" % (nexus, ccid), headers=service_headers,
             json={"url": tenant["tenant_ucs_url"], "secret": {}, "data": {}})
    call(env, "POST", nexus + "/nexus/v3/provisioning/tenants", headers={"Authorization": "Bearer " + token},
         json={"id": ccid, "name": name, "type": "PureEngage", "backendurl": env["gws_url"], "username": tenant["tenant_user"],
               "token": tenant["tenant_user_password"], "genesystemenantid": 1})
    for key_name, permission in (("API key for " + name, "nexus:consumer:chat"), ("Designer API key", "nexus:designer:chat")):
        call(env, "POST", nexus + "/nexus/v3/apikeys", headers={"Authorization": token},
             json={"enabled": True, "tenant": ccid, "name": key_name, "permissions": [permission]})
    for service, body in sms_services(tenant["tenant_sms"]) if "tenant_sms" in tenant else ():
        call(env, "POST", "%s/nexus/v3/provisioning/services/%s/%s" % (nexus, ccid, service), headers=service_headers, json=body)
    if "tenant_iwd" in tenant:
        iwd = tenant["tenant_iwd"]
        call(env, "POST", env["iwd_url"] + "/iwd/v3/provisioning", headers={"x-api-key": keys["Cluster API key"]}, json={
            "tenant": {"id": iwd["tenant_id"], "name": name, "ccid": ccid, "apiKey": keys["iWD Cluster API Key"], "gws": {
                "gwsUrl": env["gws_url"], "data": {"authUrl": env["gws_auth_url"], "authredircetUrl": env["gws_auth_url"]},
                "secret": {"clientId": "iwd_client", "clientSecret": env["iwd_client_secret"], "apikey": "none",
                           "username": tenant["tenant_user"], "token": tenant["tenant_user_password"]}}},
            "iwd": {"url": env["iwd_url"], "db": iwd["db"],
                    "apiKeys": {"IWD_APIKEY_TENANT": iwd["apikey_tenant"], "IWD_APIKEY_IWDDM": iwd["apikey_iwddm"]}},
            "iwdEmail": {"url": "N/A"}})
    return name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--workers", type=int, default=10)
    args = parser.parse_args(argv)
    env, tenants = load_inventory(args.inventory)
    try:
        keys, centers = environment_steps(env, tenants)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
            for done in pool.map(lambda tenant: tenant_steps(env, tenant, keys, centers), tenants):
                print("%s: enabled" % done)
    except Failed as exc:
        print("failed: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
