"""Sandboxes of their own: restart persistence, the older nex_gapis layout, TLS."""

import contextlib
import shutil
import tempfile

import psycopg2
import pytest
import requests
from genesys_sandbox.server import PortInUse, bind
from genesys_sandbox.testing import running_postgres, start_postgres, stop_postgres
from sandbox_helpers import CLIENT_ID, CLIENT_SECRET, TENANTS, Genesys, envelope_of, running_sandbox

T100 = TENANTS["t100"]


def columns(sandbox):
    conn = sandbox.db()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'nex_gapis' ORDER BY ordinal_position")
            return [row[0] for row in cur.fetchall()]
    finally:
        conn.close()


def test_state_survives_a_restart(other_db, tmp_path):
    with running_sandbox(pg=other_db, runtime_dir=tmp_path) as sandbox:
        g = Genesys(sandbox).environment()
        xapikey = g.provision_tenant("t100")
        key = g.tenant_key("t100")
        cluster = g.cluster_key()
        g.service("POST", "t100", "PlatformUCS", key=cluster, json={"url": "https://ucs.example.com", "secret": {}, "data": {}})
        token = g.tenant_token("t100")
        before = sandbox.state()
        last = sandbox.last_seq()
        old_pid = sandbox["pid"]

        sandbox.restart()
        assert sandbox["pid"] != old_pid
        assert sandbox.state() == before
        assert g.nexus("GET", "/nexus/v3/provisioning/tenants/" + T100["ccid"], headers={"Authorization": "Bearer " + token}).status_code == 200
        assert g.service("GET", "t100", "PlatformUCS", key=xapikey).status_code == 200
        listed = g.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": token}).json()["data"]
        assert [item["id"] for item in listed] == [key]
        assert g.auth("POST", "/auth/v3/oauth/token", auth=(CLIENT_ID, CLIENT_SECRET), data={"grant_type": "client_credentials"}).status_code == 200
        # The request log goes on where it was.
        assert sandbox.requests(0)[0]["seq"] == 1
        assert sandbox.requests(last - 1)[0]["seq"] == last
        assert sandbox.last_seq() > last


def test_older_nex_gapis_layout(other_db):
    with running_sandbox({"nex_gapis_layout": "legacy"}, pg=other_db) as sandbox:
        assert columns(sandbox) == ["id", "url", "clientid", "apikey", "clientsecret", "created"]
        g = Genesys(sandbox)
        g.create_client()
        conn = sandbox.db()
        with conn, conn.cursor() as cur:
            with pytest.raises(psycopg2.errors.UndefinedColumn):
                cur.execute("INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created, region, authinturl, authexturl) "
                            "VALUES (%s, 'nexus_client', 'NA', %s, now(), NULL, %s, %s)",
                            (sandbox["gws_url"], CLIENT_SECRET, sandbox["auth_url"], sandbox["auth_url"]))
        with conn, conn.cursor() as cur:
            # Seed 001's statement.
            cur.execute("INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created) VALUES (%s, 'nexus_client', 'NA', %s, now())",
                        (sandbox["gws_url"], CLIENT_SECRET))
        conn.close()
        # Without authinturl, the token is validated at the row's url: the GWS port.
        assert g.provision_tenant("t100")
        assert set(sandbox.state()["nex_gapis"][0]) == {"id", "url", "clientid", "apikey", "created", "clientsecret_matches_client"}


def test_legacy_row_pointing_at_a_url_without_a6_is_refused(other_db):
    with running_sandbox({"nex_gapis_layout": "legacy"}, pg=other_db) as sandbox:
        g = Genesys(sandbox)
        g.create_client()
        conn = sandbox.db()
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created) VALUES (%s, 'nexus_client', 'NA', %s, now())",
                        ("http://127.0.0.1:9", CLIENT_SECRET))
        conn.close()
        answer = g.nexus("POST", "/nexus/v3/provisioning/tenants", headers={"Authorization": "Bearer " + g.tenant_token("t100")},
                         json=g.tenant_body("t100", backendurl="http://127.0.0.1:9"))
        envelope_of(answer, 401)


def test_tls(other_db):
    with running_sandbox({"tls": True}, pg=other_db) as sandbox:
        assert sandbox["ca_path"] and all(sandbox[name].startswith("https://127.0.0.1:") for name in
                                          ("auth_url", "gws_url", "nexus_url", "iwd_url", "admin_url"))
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(sandbox["nexus_url"] + "/health/detail", timeout=10)
        assert requests.get(sandbox["nexus_url"] + "/health/detail", verify=sandbox["ca_path"], timeout=10).status_code == 200
        localhost = sandbox["nexus_url"].replace("127.0.0.1", "localhost")
        assert requests.get(localhost + "/health/detail", verify=sandbox["ca_path"], timeout=10).status_code == 200
        g = Genesys(sandbox).environment()
        assert g.provision_tenant("t100")
        assert sandbox.state()["tenants"][0]["backendurl"].startswith("https://")


def test_postgres_with_tls_and_a_restart():
    """scripts/pgsql with PGSQL_SSL=1: verify-full with its CA works, with another CA it does not;
    a restart keeps the data and the certificate."""
    # In the system's temporary directory, which the server's user can reach.
    directory = tempfile.mkdtemp(prefix="genesys-pg-")
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, directory, True)
        pg = stack.enter_context(running_postgres(directory, ssl=True))

        def connect(**extra):
            return psycopg2.connect(host=pg["host"], port=pg["port"], user=pg["user"], password=pg["password"],
                                    dbname=pg["dbname"], connect_timeout=10, **extra)
        conn = connect(sslmode="verify-full", sslrootcert=pg["ca_path"])
        with conn, conn.cursor() as cur:
            cur.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            assert cur.fetchone() == (True,)
            cur.execute("CREATE TABLE kept (x int)")
        conn.close()
        with pytest.raises(psycopg2.OperationalError, match="certificate verify failed"):
            connect(sslmode="verify-full", sslrootcert="/etc/ssl/certs/ca-certificates.crt")
        stop_postgres(directory)
        with pytest.raises(psycopg2.OperationalError):
            connect(sslmode="verify-full", sslrootcert=pg["ca_path"])
        start_postgres(directory, ssl=True)
        conn = connect(sslmode="verify-full", sslrootcert=pg["ca_path"])
        with conn, conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM kept")
            assert cur.fetchone() == (0,)
        conn.close()


def test_a_port_in_use_is_said_in_one_line():
    held = bind("127.0.0.1", 0, "auth")
    held.listen()
    port = held.getsockname()[1]
    try:
        with pytest.raises(PortInUse) as raised:
            bind("127.0.0.1", port, "gws")
    finally:
        held.close()
    assert "port %d of 127.0.0.1 (service gws) is in use" % port in str(raised.value)
    assert "SANDBOX_FREE_PORTS=1" in str(raised.value)
