"""Digital Channels API keys: K1-K4."""

import pytest
from sandbox_helpers import ADMIN, TENANTS, envelope_of

KEYS = "/nexus/v3/apikeys"
T100 = TENANTS["t100"]
KEY_FIELDS = {"id", "tenant", "name", "permissions", "enabled", "created", "revoked", "expires", "createdby", "capacity", "frequency"}


@pytest.fixture
def tenant(env):
    env.provision_tenant("t100")
    return env


def test_k1_tenant_key_with_the_bare_token_as_documented(tenant):
    answer = tenant.create_key(tenant.tenant_token("t100"), T100["ccid"], "API key for t100", ["nexus:consumer:chat"])
    assert answer.status_code == 200, answer.text
    key = answer.json()
    assert set(key) == KEY_FIELDS
    assert key["tenant"] == T100["ccid"] and key["name"] == "API key for t100"
    assert key["permissions"] == ["nexus:consumer:chat"]
    assert (key["enabled"], key["revoked"], key["expires"], key["capacity"], key["frequency"]) == (True, False, False, 120, 60)
    assert key["createdby"] == T100["user"] and len(key["id"]) == 36 and key["created"]


def test_k1_bearer_and_wrapped_body_accepted(tenant):
    token = tenant.tenant_token("t100")
    assert tenant.create_key(token, T100["ccid"], "Designer API key", ["nexus:designer:chat"], bearer=True).status_code == 200
    wrapped = tenant.nexus("POST", KEYS, headers={"Authorization": token},
                           json={"data": {"enabled": True, "tenant": T100["ccid"], "name": "Wrapped", "permissions": ["nexus:consumer:chat"]}})
    assert wrapped.status_code == 200, wrapped.text
    assert wrapped.json()["name"] == "Wrapped"


def test_k1_cluster_key_needs_the_admin_token(tenant):
    answer = tenant.create_key(tenant.admin_token(), "*", "Cluster API key", ["nexus:cluster:*"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["tenant"] == "*" and answer.json()["createdby"] == ADMIN[0]
    envelope_of(tenant.create_key(tenant.tenant_token("t100"), "*", "Sneaky cluster key", ["nexus:cluster:*"]), 403)


def test_k1_admin_token_cannot_make_a_tenant_key(tenant):
    assert "admin" in envelope_of(tenant.create_key(tenant.admin_token(), T100["ccid"], "k", ["nexus:consumer:chat"]), 403)


def test_k1_key_for_another_tenant_is_403(tenant):
    envelope_of(tenant.create_key(tenant.tenant_token("t200"), T100["ccid"], "k", ["nexus:consumer:chat"]), 403)


def test_k1_tenant_must_exist(env):
    answer = env.create_key(env.tenant_token("t100"), T100["ccid"], "k", ["nexus:consumer:chat"])
    envelope_of(answer, 404)


def test_k1_duplicate_name_is_409(tenant):
    tenant.tenant_key("t100", "Same")
    envelope_of(tenant.create_key(tenant.tenant_token("t100"), T100["ccid"], "Same", ["nexus:consumer:chat"]), 409)


@pytest.mark.parametrize("body, field", [
    ({"enabled": True, "tenant": "{ccid}", "name": "k", "permissions": ["chat"]}, "permissions"),
    ({"enabled": True, "tenant": "*", "name": "k", "permissions": ["nexus:consumer:chat"]}, "nexus:cluster:*"),
    ({"enabled": True, "tenant": "{ccid}", "name": "k", "permissions": ["nexus:cluster:*"]}, "nexus:cluster:*"),
    ({"enabled": "true", "tenant": "{ccid}", "name": "k", "permissions": ["nexus:consumer:chat"]}, "enabled"),
    ({"enabled": True, "tenant": "{ccid}", "name": "k", "permissions": []}, "permissions"),
    ({"enabled": True, "tenant": "{ccid}", "name": "k", "permissions": ["nexus:consumer:chat"], "capacity": 5}, "capacity"),
    ({"tenant": "{ccid}", "name": "k", "permissions": ["nexus:consumer:chat"]}, "enabled"),
], ids=["bad-permission", "star-without-cluster", "cluster-for-a-tenant", "bool-as-string", "no-permission", "unknown-field", "missing"])
def test_k1_rejects_wrong_bodies(tenant, body, field):
    body = {name: (value.format(ccid=T100["ccid"]) if isinstance(value, str) else value) for name, value in body.items()}
    answer = tenant.nexus("POST", KEYS, headers={"Authorization": tenant.tenant_token("t100")}, json=body)
    assert field in envelope_of(answer, 400)


def test_k1_needs_a_token(tenant):
    answer = tenant.nexus("POST", KEYS, json={"enabled": True, "tenant": T100["ccid"], "name": "k", "permissions": ["nexus:consumer:chat"]})
    envelope_of(answer, 401)
    envelope_of(tenant.create_key("not-a-token", T100["ccid"], "k", ["nexus:consumer:chat"]), 401)


def test_k2_tenant_sees_its_keys_admin_sees_all(tenant):
    tenant.provision_tenant("t200")
    own = tenant.tenant_key("t100", "Mine")
    other = tenant.tenant_key("t200", "Theirs")
    cluster = tenant.cluster_key()
    listed = tenant.nexus("GET", KEYS, headers={"Authorization": tenant.tenant_token("t100")})
    assert listed.status_code == 200
    assert listed.json()["status"] == {"code": 0}
    assert [key["id"] for key in listed.json()["data"]] == [own]
    everything = tenant.nexus("GET", KEYS, headers={"Authorization": "Bearer " + tenant.admin_token()}).json()["data"]
    assert {key["id"] for key in everything} == {own, other, cluster}
    assert all(set(key) == KEY_FIELDS for key in everything)


def test_k2_does_not_list_the_tenant_xapikey(env):
    xapikey = env.provision_tenant("t100")
    for token in (env.tenant_token("t100"), env.admin_token()):
        listed = env.nexus("GET", KEYS, headers={"Authorization": token})
        assert listed.status_code == 200 and xapikey not in listed.text


def test_k2_needs_a_user_token(tenant):
    envelope_of(tenant.nexus("GET", KEYS), 401)
    envelope_of(tenant.nexus("GET", KEYS, headers={"Authorization": tenant.client_token()}), 403)


def test_k3_changes_name_permissions_enabled(tenant):
    key = tenant.tenant_key("t100", "Before")
    token = tenant.tenant_token("t100")
    answer = tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": token},
                          json={"name": "After", "permissions": ["nexus:designer:chat"], "enabled": False})
    assert answer.status_code == 200, answer.text
    assert (answer.json()["name"], answer.json()["permissions"], answer.json()["enabled"]) == ("After", ["nexus:designer:chat"], False)
    assert "disabled" in envelope_of(tenant.service("GET", "t100", key=key), 401)
    wrapped = tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": token}, json={"data": {"enabled": True}})
    assert wrapped.status_code == 200 and wrapped.json()["enabled"] is True
    assert tenant.service("GET", "t100", key=key).status_code == 200


def test_k3_rejections(tenant):
    key = tenant.tenant_key("t100")
    cluster = tenant.cluster_key()
    token = tenant.tenant_token("t100")
    envelope_of(tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": token}, json={}), 400)
    envelope_of(tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": token}, json={"tenant": "*"}), 400)
    envelope_of(tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": token}, json={"permissions": ["nexus:cluster:*"]}), 400)
    envelope_of(tenant.nexus("PUT", KEYS + "/" + cluster, headers={"Authorization": token}, json={"name": "x"}), 403)
    envelope_of(tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": tenant.admin_token()}, json={"name": "x"}), 403)
    envelope_of(tenant.nexus("PUT", KEYS + "/no-such-key", headers={"Authorization": token}, json={"name": "x"}), 404)


def test_k4_revokes(tenant):
    key = tenant.tenant_key("t100")
    token = tenant.tenant_token("t100")
    assert tenant.service("GET", "t100", key=key).status_code == 200
    answer = tenant.nexus("DELETE", KEYS + "/" + key, headers={"Authorization": token})
    assert answer.status_code == 200 and answer.json()["revoked"] is True
    listed = tenant.nexus("GET", KEYS, headers={"Authorization": token}).json()["data"]
    assert [(item["id"], item["revoked"]) for item in listed] == [(key, True)]
    assert "revoked" in envelope_of(tenant.service("GET", "t100", key=key), 401)
    envelope_of(tenant.nexus("PUT", KEYS + "/" + key, headers={"Authorization": token}, json={"enabled": True}), 409)
    # The name is free again once the key is revoked.
    assert tenant.create_key(token, T100["ccid"], "API key", ["nexus:consumer:chat"]).status_code == 200


def test_k4_permissions(tenant):
    cluster = tenant.cluster_key()
    key = tenant.tenant_key("t100")
    envelope_of(tenant.nexus("DELETE", KEYS + "/" + cluster, headers={"Authorization": tenant.tenant_token("t100")}), 403)
    envelope_of(tenant.nexus("DELETE", KEYS + "/" + key, headers={"Authorization": tenant.tenant_token("t200")}), 403)
    envelope_of(tenant.nexus("DELETE", KEYS + "/" + key), 401)
    envelope_of(tenant.nexus("DELETE", KEYS + "/unknown", headers={"Authorization": tenant.admin_token()}), 404)
    answer = tenant.nexus("DELETE", KEYS + "/" + cluster, headers={"Authorization": tenant.admin_token()})
    assert answer.status_code == 200 and answer.json()["revoked"] is True


def test_k3_a_name_another_live_key_has_is_409_a_revoked_ones_is_free(tenant):
    """Rotation (nexus_apikey rotate) renames the old key before the new one takes its name."""
    token = tenant.tenant_token("t100")
    old = tenant.tenant_key("t100", "Chat")
    other = tenant.tenant_key("t100", "Other")
    envelope_of(tenant.nexus("PUT", KEYS + "/" + other, headers={"Authorization": token}, json={"name": "Chat"}), 409)
    renamed = tenant.nexus("PUT", KEYS + "/" + old, headers={"Authorization": token}, json={"name": "Chat (retiring)"})
    assert renamed.status_code == 200, renamed.text
    new = tenant.tenant_key("t100", "Chat")
    assert tenant.nexus("DELETE", KEYS + "/" + old, headers={"Authorization": token}).status_code == 200
    again = tenant.nexus("PUT", KEYS + "/" + other, headers={"Authorization": token}, json={"name": "Chat (retiring)"})
    assert again.status_code == 200, again.text
    assert tenant.service("GET", "t100", key=new).status_code == 200
    assert tenant.service("GET", "t100", key=old).status_code == 401
