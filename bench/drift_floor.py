"""The floor of the drift report: the reads of genesys.multicloud.environment_info, from one Python process.

    python -m bench.drift_floor --inventory DIR [--workers 8]

The admin token (A6), the contact centers (E1), the OAuth clients (A2), every API key (K2) and the
nex_gapis rows once, then each contact center's settings (E3) and services (S3, with the Cluster API
key found in K2) on a pool of ``--workers`` threads sharing one requests.Session, as the module does.
"""

import argparse
import concurrent.futures
import sys

import psycopg2
import requests
from requests.adapters import HTTPAdapter

from bench.floor import Failed, load_inventory


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inventory", required=True)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args(argv)
    env = load_inventory(args.inventory)[0]
    session = requests.Session()
    session.verify = env.get("genesys_ca_path") or env.get("genesys_validate_certs", True)
    adapter = HTTPAdapter(pool_connections=args.workers, pool_maxsize=args.workers)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    auth, nexus, admin = env["gws_auth_url"], env["nexus_url"], (env["gws_admin_username"], env["gws_admin_password"])

    def call(method, url, **kwargs):
        answer = session.request(method, url, timeout=30, **kwargs)
        if answer.status_code != 200:
            raise Failed("%s %s: %s %s" % (method, url, answer.status_code, answer.text[:300]))
        return answer.json()

    try:
        token = call("POST", auth + "/auth/v3/oauth/token", auth=("nexus_client", env["nexus_client_secret"]), data={
            "grant_type": "password", "client_id": "nexus_client", "username": admin[0], "password": admin[1]})["access_token"]
        centers = call("GET", auth + "/environment/v3/contact-centers", auth=admin)["data"]["contactCenters"]
        call("GET", auth + "/auth/v3/ops/clients", auth=admin)
        keys = call("GET", nexus + "/nexus/v3/apikeys", headers={"Authorization": token})["data"]
        cluster = next(key["id"] for key in keys if key["tenant"] == "*" and key["name"] == "Cluster API key" and not key["revoked"])
        conn = psycopg2.connect(host=env["nexus_db_host"], port=env["nexus_db_port"], user=env["nexus_db_user"],
                                password=env["nexus_db_password"], dbname=env["nexus_db_name"])
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute("SELECT * FROM nex_gapis ORDER BY 1")
                cursor.fetchall()
        finally:
            conn.close()

        def read(center):
            ccid = center["id"]
            call("GET", "%s/environment/v3/contact-centers/%s/settings" % (auth, ccid), auth=admin)
            call("GET", "%s/nexus/v3/provisioning/services/%s" % (nexus, ccid), headers={"x-api-key": cluster, "x-ccid": ccid})

        with concurrent.futures.ThreadPoolExecutor(max_workers=args.workers) as pool:
            list(pool.map(read, centers))
    except Failed as exc:
        print("failed: %s" % exc, file=sys.stderr)
        return 1
    print("read %d contact centers and %d API keys" % (len(centers), len(keys)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
