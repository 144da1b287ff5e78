"""Digital Channels tenants: N1-N4, and trust in the GWS registered in nex_gapis."""

import time

import pytest
from sandbox_helpers import CLIENT_ID, CLIENT_SECRET, TENANTS, envelope_of

TENANTS_PATH = "/nexus/v3/provisioning/tenants"
T100 = TENANTS["t100"]


def bearer(token):
    return {"Authorization": "Bearer " + token}


def test_n1_health_detail(g):
    answer = g.nexus("GET", "/health/detail")
    assert answer.status_code == 200
    body = answer.json()
    assert body["state"] == "green"
    assert body["db"]["ready"] is True and body["cache"]["ready"] is True
    assert "version" in body["buildInfo"]


def test_n2_provisions_the_tenant(env):
    answer = env.nexus("POST", TENANTS_PATH, headers=bearer(env.tenant_token("t100")), json=env.tenant_body("t100"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == {"code": 0}
    assert len(body["data"]["xapikey"]) == 36 and body["operationId"]
    tenants = env.sb.state()["tenants"]
    assert [tenant["id"] for tenant in tenants] == [T100["ccid"]]
    assert T100["password"] not in str(tenants)


def test_n2_before_the_nex_gapis_row_fails(g):
    g.create_client()
    answer = g.nexus("POST", TENANTS_PATH, headers=bearer(g.tenant_token("t100")), json=g.tenant_body("t100"))
    assert "nex_gapis" in envelope_of(answer, 401)
    assert g.sb.state()["tenants"] == []


def test_n2_backendurl_must_be_a_registered_url(g):
    g.create_client()
    g.register_gapis(url="https://gws.elsewhere.example")
    answer = g.nexus("POST", TENANTS_PATH, headers=bearer(g.tenant_token("t100")), json=g.tenant_body("t100"))
    assert g.sb["gws_url"] in envelope_of(answer, 401)


def test_n2_row_with_a_wrong_client_secret_cannot_validate(g):
    g.create_client()
    g.register_gapis(secret="not-the-client-secret")
    envelope_of(g.nexus("POST", TENANTS_PATH, headers=bearer(g.tenant_token("t100")), json=g.tenant_body("t100")), 401)


def test_n2_row_whose_auth_url_does_not_answer(g):
    g.create_client()
    g.register_gapis(authurl="http://127.0.0.1:9")
    envelope_of(g.nexus("POST", TENANTS_PATH, headers=bearer(g.tenant_token("t100")), json=g.tenant_body("t100")), 401)


def test_n2_validates_at_authinturl_of_the_row_read_on_each_request(g):
    g.create_client()
    g.register_gapis(authurl="http://127.0.0.1:9")
    token = g.tenant_token("t100")
    envelope_of(g.nexus("POST", TENANTS_PATH, headers=bearer(token), json=g.tenant_body("t100")), 401)
    conn = g.sb.db()
    with conn, conn.cursor() as cur:
        cur.execute("UPDATE nex_gapis SET authinturl = %s", (g.sb["gws_url"],))
    conn.close()
    assert g.nexus("POST", TENANTS_PATH, headers=bearer(token), json=g.tenant_body("t100")).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "{token}"}, {"Authorization": "Basic bmV4dXM6eA=="}],
                         ids=["missing", "bare-token", "basic"])
def test_n2_needs_a_bearer_token(env, headers):
    token = env.tenant_token("t100")
    headers = {name: value.format(token=token) for name, value in headers.items()}
    envelope_of(env.nexus("POST", TENANTS_PATH, headers=headers, json=env.tenant_body("t100")), 401)


def test_n2_token_kind_and_tenant(env):
    body = env.tenant_body("t100")
    assert "admin" in envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(env.admin_token()), json=body), 403)
    envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(env.client_token()), json=body), 403)
    assert T100["ccid"] in envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(env.tenant_token("t200")), json=body), 403)
    envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer("0b1c2d3e-0000-0000-0000-000000000000"), json=body), 401)


def test_n2_expired_token(env):
    env.sb.set_token_lifetime(1)
    token = env.tenant_token("t100")
    time.sleep(1.1)
    assert "expired" in envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(token), json=env.tenant_body("t100")), 401)


@pytest.mark.parametrize("change, field", [
    ({"type": "PureConnect"}, "type"),
    ({"genesystemenantid": "1"}, "genesystemenantid"),
    ({"backendurl": "gws"}, "backendurl"),
    ({"tenantName": "t100"}, "tenantName"),
    ({"token": None}, "token"),
], ids=["constant", "int-as-string", "not-a-url", "unknown-field", "null"])
def test_n2_rejects_wrong_bodies(env, change, field):
    answer = env.nexus("POST", TENANTS_PATH, headers=bearer(env.tenant_token("t100")), json=env.tenant_body("t100", **change))
    assert field in envelope_of(answer, 400)


def test_n2_missing_field(env):
    body = env.tenant_body("t100")
    del body["genesystemenantid"]
    answer = env.nexus("POST", TENANTS_PATH, headers=bearer(env.tenant_token("t100")), json=body)
    assert "missing required parameter: genesystemenantid" in envelope_of(answer, 400)


def test_n2_name_and_credentials_must_be_those_of_gws(env):
    token = env.tenant_token("t100")
    assert "t200" in envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(token), json=env.tenant_body("t100", name="t200")), 400)
    envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(token), json=env.tenant_body("t100", token="wrong")), 400)
    envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(token), json=env.tenant_body("t100", username="ghost")), 400)


def test_n2_duplicate_is_409(env):
    env.provision_tenant("t100")
    envelope_of(env.nexus("POST", TENANTS_PATH, headers=bearer(env.tenant_token("t100")), json=env.tenant_body("t100")), 409)


def test_n3_reads_without_secrets(env):
    xapikey = env.provision_tenant("t100")
    answer = env.nexus("GET", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(env.tenant_token("t100")))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == {"code": 0}
    assert body["data"] == {"id": T100["ccid"], "name": "t100", "type": "PureEngage", "backendurl": env.sb["gws_url"],
                            "username": "nexus", "genesystemenantid": 1}
    assert xapikey not in answer.text and T100["password"] not in answer.text


def test_n3_absent_and_other_tenant(env):
    envelope_of(env.nexus("GET", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(env.tenant_token("t100"))), 404)
    env.provision_tenant("t100")
    envelope_of(env.nexus("GET", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(env.tenant_token("t200"))), 403)
    envelope_of(env.nexus("GET", TENANTS_PATH + "/" + T100["ccid"]), 401)


def test_n4_put_updates(env):
    env.provision_tenant("t100")
    token = env.tenant_token("t100")
    answer = env.nexus("PUT", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token), json=env.tenant_body("t100", genesystemenantid=7))
    assert answer.status_code == 200, answer.text
    read = env.nexus("GET", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token)).json()
    assert read["data"]["genesystemenantid"] == 7


def test_n4_put_rejections(env):
    token = env.tenant_token("t100")
    envelope_of(env.nexus("PUT", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token), json=env.tenant_body("t100")), 404)
    env.provision_tenant("t100")
    envelope_of(env.nexus("PUT", TENANTS_PATH + "/" + TENANTS["t200"]["ccid"], headers=bearer(token), json=env.tenant_body("t100")), 400)
    envelope_of(env.nexus("PUT", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token), json=env.tenant_body("t100", type="x")), 400)


def test_n4_delete_removes_services_and_keys(env):
    xapikey = env.provision_tenant("t100")
    key = env.tenant_key("t100")
    assert env.service("POST", "t100", "PlatformUCS", key=xapikey,
                       json={"url": "https://ucs.example.com", "secret": {}, "data": {}}).status_code == 200
    token = env.tenant_token("t100")
    envelope_of(env.nexus("DELETE", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(env.tenant_token("t200"))), 403)
    assert env.nexus("DELETE", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token)).status_code == 200
    envelope_of(env.nexus("GET", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token)), 404)
    envelope_of(env.service("GET", "t100", key=xapikey), 401)
    envelope_of(env.service("GET", "t100", key=key), 401)
    state = env.sb.state()
    assert state["services"] == [] and state["apikeys"] == [] and state["tenants"] == []
    envelope_of(env.nexus("DELETE", TENANTS_PATH + "/" + T100["ccid"], headers=bearer(token)), 404)


def test_nexus_calls_validate_against_nex_gapis_not_auth_alone(g):
    """A valid token is refused while no GWS is registered, accepted once one is."""
    g.create_client()
    token = g.admin_token()
    envelope_of(g.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": token}), 401)
    g.register_gapis(clientid=CLIENT_ID, secret=CLIENT_SECRET)
    assert g.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": token}).status_code == 200
