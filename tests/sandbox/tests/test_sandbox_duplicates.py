"""Both readings of the [assumed] uniqueness rules (docs/api.md, "Duplicates, both ways"): refused by
default, accepted after the switch (configuration key ``accept_duplicates``, ``POST /sandbox/config``)."""

import pytest
from sandbox_helpers import ADMIN, TENANTS, envelope_of

T100 = TENANTS["t100"]
SETTINGS = "/environment/v3/contact-centers/%s/settings" % T100["ccid"]
CHATSERVICE = {"name": "chatservice-uri", "location": "/", "value": "https://nexus.example.com", "shared": False}


@pytest.fixture(params=["refuse", "accept"])
def mode(request, env):
    """The environment in one reading; the sandbox's reset puts the configured one back."""
    env.sb.accept_duplicates(request.param == "accept")
    yield request.param
    env.sb.reset()


def live(env, tenant, name):
    return [key for key in env.sb.state()["apikeys"] if key["tenant"] == tenant and key["name"] == name and not key["revoked"]]


def test_the_switch_is_reported_and_reset_restores_the_configuration(env):
    assert env.sb.admin("GET", "/sandbox/config")["accept_duplicates"] is False
    assert env.sb.accept_duplicates(True)["accept_duplicates"] is True
    assert env.sb.admin("GET", "/sandbox/config")["accept_duplicates"] is True
    env.sb.reset()
    assert env.sb.admin("GET", "/sandbox/config")["accept_duplicates"] is False


def test_refusing_again_over_duplicates_is_a_409(env):
    env.sb.accept_duplicates(True)
    env.cluster_key("Twice")
    env.cluster_key("Twice")
    answer = env.sb.admin_raw("POST", "/sandbox/config", json={"accept_duplicates": False})
    assert answer.status_code == 409, answer.text
    assert env.sb.admin("GET", "/sandbox/config")["accept_duplicates"] is True


def test_k1_cluster_key_name_twice(env, mode):
    token = env.admin_token()
    first = env.create_key(token, "*", "Cluster API key", ["nexus:cluster:*"])
    second = env.create_key(token, "*", "Cluster API key", ["nexus:cluster:*"])
    assert first.status_code == 200, first.text
    if mode == "refuse":
        envelope_of(second, 409)
        assert len(live(env, "*", "Cluster API key")) == 1
    else:
        assert second.status_code == 200, second.text
        assert second.json()["id"] != first.json()["id"]
        assert len(live(env, "*", "Cluster API key")) == 2


def test_k1_tenant_key_name_twice_and_revoked_names_free_in_both(env, mode):
    env.provision_tenant("t100")
    token = env.tenant_token("t100")
    first = env.create_key(token, T100["ccid"], "API key for t100", ["nexus:consumer:chat"]).json()["id"]
    second = env.create_key(token, T100["ccid"], "API key for t100", ["nexus:consumer:chat"])
    assert second.status_code == (409 if mode == "refuse" else 200), second.text
    env.nexus("DELETE", "/nexus/v3/apikeys/" + first, headers={"Authorization": token})
    if mode == "accept":
        env.nexus("DELETE", "/nexus/v3/apikeys/" + second.json()["id"], headers={"Authorization": token})
    assert env.create_key(token, T100["ccid"], "API key for t100", ["nexus:consumer:chat"]).status_code == 200
    assert len(live(env, T100["ccid"], "API key for t100")) == 1


def test_k3_rename_to_a_live_name(env, mode):
    token = env.admin_token()
    env.cluster_key("Taken")
    other = env.cluster_key("Other")
    answer = env.nexus("PUT", "/nexus/v3/apikeys/" + other, headers={"Authorization": token}, json={"name": "Taken"})
    if mode == "refuse":
        envelope_of(answer, 409)
    else:
        assert answer.status_code == 200, answer.text
    assert len(live(env, "*", "Taken")) == (1 if mode == "refuse" else 2)


def test_e2_twice_upserts_or_makes_two_settings(env, mode):
    env.auth("POST", SETTINGS, auth=ADMIN, json={"data": CHATSERVICE})
    again = env.auth("POST", SETTINGS, auth=ADMIN, json={"data": dict(CHATSERVICE, value="https://other.example.com")})
    assert again.status_code == 200, again.text
    settings = env.auth("GET", SETTINGS, auth=ADMIN).json()["data"]["settings"]
    values = sorted(s["value"] for s in settings if s["name"] == "chatservice-uri")
    assert values == (["https://other.example.com"] if mode == "refuse"
                      else ["https://nexus.example.com", "https://other.example.com"])


def test_a2_existing_client_is_a_409_or_replaced_with_its_secret(env, mode):
    answer = env.auth("POST", "/auth/v3/ops/clients", auth=ADMIN, json={"data": env.client_data(secret="Replaced-Secret-1")})
    token = env.auth("POST", "/auth/v3/oauth/token", auth=("nexus_client", "Replaced-Secret-1"),
                     params={"grant_type": "client_credentials"})
    if mode == "refuse":
        envelope_of(answer, 409)
        assert token.status_code == 401
    else:
        assert answer.status_code == 200, answer.text
        assert token.status_code == 200, token.text
    assert len(env.sb.state()["clients"]) == 1


def test_n2_existing_tenant_is_a_409_or_replaced_with_a_new_xapikey(env, mode):
    first = env.provision_tenant("t100")
    answer = env.nexus("POST", "/nexus/v3/provisioning/tenants", headers={"Authorization": "Bearer " + env.tenant_token("t100")},
                       json=env.tenant_body("t100"))
    tenants = [t for t in env.sb.state()["tenants"] if t["id"] == T100["ccid"]]
    assert len(tenants) == 1
    if mode == "refuse":
        envelope_of(answer, 409)
        assert env.service("GET", "t100", key=first).status_code == 200
    else:
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["xapikey"] != first
        assert env.service("GET", "t100", key=first).status_code == 401
        assert env.service("GET", "t100", key=answer.json()["data"]["xapikey"]).status_code == 200


def test_s1_existing_service_is_a_409_or_replaced(env, mode):
    key = env.provision_tenant("t100")
    body = {"url": "https://ucs.example.com", "secret": {}, "data": {}}
    assert env.service("POST", "t100", "PlatformUCS", key=key, json=body).status_code == 200
    again = env.service("POST", "t100", "PlatformUCS", key=key, json=dict(body, url="https://ucs2.example.com"))
    services = [s for s in env.sb.state()["services"] if s["ccid"] == T100["ccid"]]
    assert len(services) == 1
    if mode == "refuse":
        envelope_of(again, 409)
        assert services[0]["url"] == "https://ucs.example.com"
    else:
        assert again.status_code == 200, again.text
        assert services[0]["url"] == "https://ucs2.example.com"
