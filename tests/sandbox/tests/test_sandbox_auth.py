"""Genesys Auth: A1-A7."""

import time

import pytest
from sandbox_helpers import ADMIN, CLIENT_ID, CLIENT_SECRET, TENANTS, envelope_of

CLIENTS = "/auth/v3/ops/clients"
TOKEN = "/auth/v3/oauth/token"


# ---- A1 -------------------------------------------------------------------------------------
def test_a1_creates_a_client_without_returning_its_secret(g):
    answer = g.create_client()
    assert answer["status"] == {"code": 0}
    assert answer["data"] == g.auth("GET", CLIENTS + "/" + CLIENT_ID, auth=ADMIN).json()["data"]
    assert answer["data"]["client_id"] == CLIENT_ID
    assert answer["data"]["clientType"] == "CONFIDENTIAL"
    assert "client_secret" not in answer["data"]
    assert CLIENT_SECRET not in str(answer)


@pytest.mark.parametrize("auth", [None, (ADMIN[0], "wrong"), (CLIENT_ID, CLIENT_SECRET)], ids=["missing", "wrong-password", "not-admin"])
def test_a1_needs_the_admin(g, auth):
    answer = g.auth("POST", CLIENTS, auth=auth, json={"data": g.client_data()})
    envelope_of(answer, 401)
    assert g.sb.state()["clients"] == []


def test_a1_duplicate_is_409(g):
    g.create_client()
    answer = g.auth("POST", CLIENTS, auth=ADMIN, json={"data": g.client_data()})
    assert "PUT" in envelope_of(answer, 409)


@pytest.mark.parametrize("change, field", [
    ({"clientType": "PUBLIC"}, "clientType"),
    ({"authorizedGrantTypes": ["client_credentials", "device_code"]}, "authorizedGrantTypes"),
    ({"authorities": ["ROLE_ADMIN"]}, "authorities"),
    ({"accessTokenExpirationTimeout": "43200"}, "accessTokenExpirationTimeout"),
    ({"internalClient": "true"}, "internalClient"),
    ({"redirectURIs": ["nexus.example"]}, "redirectURIs"),
    ({"clientSecret": "x"}, "clientSecret"),
], ids=["constant", "grant-type", "authority", "int-as-string", "bool-as-string", "not-a-url", "unknown-field"])
def test_a1_rejects_wrong_fields(g, change, field):
    answer = g.auth("POST", CLIENTS, auth=ADMIN, json={"data": g.client_data(**change)})
    assert field in envelope_of(answer, 400)


def test_a1_rejects_a_missing_field_and_an_unwrapped_body(g):
    data = g.client_data()
    del data["client_secret"]
    assert "data.client_secret" in envelope_of(g.auth("POST", CLIENTS, auth=ADMIN, json={"data": data}), 400)
    envelope_of(g.auth("POST", CLIENTS, auth=ADMIN, json=g.client_data()), 400)


def test_a1_wants_json(g):
    answer = g.auth("POST", CLIENTS, auth=ADMIN, data="data=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    envelope_of(answer, 400)


# ---- A2 -------------------------------------------------------------------------------------
def test_a2_reads_one_and_lists_without_secrets(g):
    g.create_client()
    g.create_client("iwd_client", "Iwd-Secret-1")
    one = g.auth("GET", CLIENTS + "/" + CLIENT_ID, auth=ADMIN)
    assert one.status_code == 200
    assert one.json()["status"] == {"code": 0}
    assert one.json()["data"]["name"] == CLIENT_ID
    assert "client_secret" not in one.json()["data"]
    listing = g.auth("GET", CLIENTS, auth=ADMIN).json()
    assert [client["client_id"] for client in listing["data"]] == ["iwd_client", CLIENT_ID]
    assert "Iwd-Secret-1" not in str(listing) and CLIENT_SECRET not in str(listing)


def test_a2_absent_is_404_and_needs_admin(g):
    envelope_of(g.auth("GET", CLIENTS + "/nope", auth=ADMIN), 404)
    g.create_client()
    envelope_of(g.auth("GET", CLIENTS + "/" + CLIENT_ID), 401)
    envelope_of(g.auth("GET", CLIENTS, auth=(CLIENT_ID, CLIENT_SECRET)), 401)


# ---- A3 -------------------------------------------------------------------------------------
def test_a3_partial_update_and_secret_rotation(g):
    g.create_client()
    answer = g.auth("PUT", CLIENTS + "/" + CLIENT_ID, auth=ADMIN, json={"data": {"description": "rotated", "client_secret": "New-Secret-2"}})
    assert answer.status_code == 200, answer.text
    # The answer is the whole client after the change, as A2 shows it: never the secret.
    assert answer.json()["status"] == {"code": 0}
    assert answer.json()["data"] == g.auth("GET", CLIENTS + "/" + CLIENT_ID, auth=ADMIN).json()["data"]
    assert answer.json()["data"]["client_id"] == CLIENT_ID
    assert answer.json()["data"]["description"] == "rotated"
    assert answer.json()["data"]["clientType"] == "CONFIDENTIAL"
    assert "client_secret" not in answer.json()["data"] and "New-Secret-2" not in answer.text
    old = g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), params={"grant_type": "client_credentials"})
    envelope_of(old, 401)
    new = g.auth("POST", TOKEN, auth=(CLIENT_ID, "New-Secret-2"), params={"grant_type": "client_credentials"})
    assert new.status_code == 200


def test_a3_rejections(g):
    g.create_client()
    envelope_of(g.auth("PUT", CLIENTS + "/absent", auth=ADMIN, json={"data": {"name": "x"}}), 404)
    envelope_of(g.auth("PUT", CLIENTS + "/" + CLIENT_ID, auth=ADMIN, json={"data": {"client_id": "other"}}), 400)
    envelope_of(g.auth("PUT", CLIENTS + "/" + CLIENT_ID, auth=ADMIN, json={"data": {"colour": "blue"}}), 400)
    envelope_of(g.auth("PUT", CLIENTS + "/" + CLIENT_ID, json={"data": {"name": "x"}}), 401)


# ---- A4 -------------------------------------------------------------------------------------
def test_a4_deletes_the_client_and_its_tokens(g):
    g.create_client()
    token = g.client_token()
    assert g.auth("DELETE", CLIENTS + "/" + CLIENT_ID, auth=ADMIN).status_code in (200, 204)
    envelope_of(g.auth("GET", CLIENTS + "/" + CLIENT_ID, auth=ADMIN), 404)
    envelope_of(g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + token}), 401)
    envelope_of(g.auth("DELETE", CLIENTS + "/" + CLIENT_ID, auth=ADMIN), 404)
    envelope_of(g.auth("DELETE", CLIENTS + "/" + CLIENT_ID), 401)


# ---- A5 -------------------------------------------------------------------------------------
def test_a5_basic_client_credentials(g):
    g.create_client()
    answer = g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), data={"grant_type": "client_credentials"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 43199 and body["scope"] == "*"


def test_a5_as_the_documents_send_it_query_and_basic(g):
    g.create_client()
    answer = g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET),
                    params={"grant_type": "client_credentials", "scope": "*", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    assert answer.status_code == 200, answer.text


def test_a5_form_parameters_only(g):
    g.create_client()
    seq = g.sb.last_seq()
    answer = g.auth("POST", TOKEN, data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    assert answer.status_code == 200, answer.text
    assert [entry["credential"] for entry in g.sb.requests(seq)] == ["form-client"]


@pytest.mark.parametrize("auth, params", [
    ((CLIENT_ID, "wrong"), {}),
    (("nobody", CLIENT_SECRET), {}),
    (None, {}),
    (None, {"client_id": CLIENT_ID, "client_secret": "wrong"}),
    ((CLIENT_ID, CLIENT_SECRET), {"client_secret": "different"}),
], ids=["wrong-secret", "unknown-client", "no-credentials", "wrong-form-secret", "basic-and-query-disagree"])
def test_a5_rejects_bad_client_credentials(g, auth, params):
    g.create_client()
    answer = g.auth("POST", TOKEN, auth=auth, params=dict(params, grant_type="client_credentials"))
    envelope_of(answer, 401)


def test_a5_grant_type_rules(g):
    g.create_client()
    g.create_client("narrow", "Narrow-Secret", authorizedGrantTypes=["password"])
    envelope_of(g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET)), 400)
    envelope_of(g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), data={"grant_type": "refresh_token"}), 400)
    envelope_of(g.auth("POST", TOKEN, auth=("narrow", "Narrow-Secret"), data={"grant_type": "client_credentials"}), 400)
    envelope_of(g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), json={"grant_type": "client_credentials"}), 400)
    envelope_of(g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), data={"grant_type": "client_credentials", "foo": "1"}), 400)


# ---- A6 -------------------------------------------------------------------------------------
def test_a6_tenant_user_with_one_backslash(g):
    g.create_client()
    tenant = TENANTS["t100"]
    answer = g.token("%s\\%s" % (tenant["ccid"], tenant["user"]), tenant["password"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope", "refresh_token"}
    info = g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + body["access_token"]}).json()
    assert info == {"username": tenant["user"], "contactCenterId": tenant["ccid"], "clientId": CLIENT_ID}


def test_a6_admin(g):
    g.create_client()
    token = g.admin_token()
    info = g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + token}).json()
    assert info == {"username": ADMIN[0], "clientId": CLIENT_ID}


@pytest.mark.parametrize("username, password", [
    ("{ccid}\\nexus", "wrong"),
    ("{ccid}\\\\nexus", "{password}"),
    ("nexus", "{password}"),
    ("{other}\\nexus", "{password}"),
    (ADMIN[0], "wrong"),
], ids=["wrong-password", "doubled-backslash", "no-ccid", "other-tenant", "admin-wrong-password"])
def test_a6_rejects_wrong_users(g, username, password):
    g.create_client()
    values = {"ccid": TENANTS["t100"]["ccid"], "other": TENANTS["t200"]["ccid"], "password": TENANTS["t100"]["password"]}
    envelope_of(g.token(username.format(**values), password.format(**values)), 401)


def test_a6_needs_client_id_username_and_password(g):
    g.create_client()
    tenant = TENANTS["t100"]
    base = {"username": "%s\\nexus" % tenant["ccid"], "client_id": CLIENT_ID, "grant_type": "password", "password": tenant["password"]}
    for missing in ("client_id", "username", "password"):
        data = {key: value for key, value in base.items() if key != missing}
        assert missing in envelope_of(g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), data=data), 400)
    envelope_of(g.auth("POST", TOKEN, auth=(CLIENT_ID, CLIENT_SECRET), data=dict(base, client_id="iwd_client")), 401)


# ---- A7 -------------------------------------------------------------------------------------
def test_a7_rejects_missing_bogus_and_basic(g):
    g.create_client()
    envelope_of(g.auth("GET", "/auth/v3/userinfo"), 401)
    envelope_of(g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer 00000000-0000-0000-0000-000000000000"}), 401)
    envelope_of(g.auth("GET", "/auth/v3/userinfo", auth=(CLIENT_ID, CLIENT_SECRET)), 401)
    envelope_of(g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": g.client_token()}), 401)


def test_a7_client_token_and_the_gws_port(g):
    g.create_client()
    token = g.client_token()
    assert g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + token}).json() == {"clientId": CLIENT_ID}
    on_gws = g.call("gws", "GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + token})
    assert on_gws.status_code == 200 and on_gws.json() == {"clientId": CLIENT_ID}


def test_a7_token_expires(g):
    g.create_client()
    g.sb.set_token_lifetime(1)
    answer = g.token(*ADMIN)
    assert answer.json()["expires_in"] == 0
    token = answer.json()["access_token"]
    assert g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + token}).status_code == 200
    time.sleep(1.1)
    envelope_of(g.auth("GET", "/auth/v3/userinfo", headers={"Authorization": "Bearer " + token}), 401)


def test_client_timeout_shortens_the_lifetime(g):
    g.create_client("short", "Short-Secret", accessTokenExpirationTimeout=60)
    answer = g.auth("POST", TOKEN, auth=("short", "Short-Secret"), data={"grant_type": "client_credentials"})
    assert answer.json()["expires_in"] == 59


def test_gws_port_serves_nothing_else(g):
    envelope_of(g.call("gws", "GET", "/environment/v3/contact-centers", auth=ADMIN), 404)
    envelope_of(g.call("gws", "POST", CLIENTS, auth=ADMIN, json={"data": g.client_data()}), 404)
