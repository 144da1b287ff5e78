"""IWD provisioning: I1, I2, and their effect read back through S2/S3/K2."""

import pytest
from sandbox_helpers import TENANTS, envelope_of

PROVISIONING = "/iwd/v3/provisioning"
T100 = TENANTS["t100"]


@pytest.fixture
def iwd(env):
    """Tenant t100 provisioned, the iwd client made, the collection's cluster keys made (docs/api.md, K1)."""
    env.provision_tenant("t100")
    env.create_client("iwd_client", "Iwd-Client-Secret-9")
    env.cluster = env.cluster_key()
    env.iwd_key = env.cluster_key("iWD Cluster API Key")
    return env


def provision(iwd, method="POST", body=None, key=None):
    return iwd.iwd(method, PROVISIONING, headers={"x-api-key": key or iwd.cluster}, json=body or iwd.iwd_body("t100", iwd.iwd_key))


def service_names(iwd, tenant="t100"):
    return [service["name"] for service in iwd.service("GET", tenant, key=iwd.cluster).json()["data"]]


def test_i1_creates_services_and_keys(iwd):
    answer = provision(iwd)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"created": True}
    assert service_names(iwd) == ["GAPI", "iWD", "iWDEmail"]
    gapi = iwd.service("GET", "t100", "GAPI", key=iwd.cluster).json()["data"]
    assert gapi["url"] == iwd.sb["gws_url"] and gapi["data"]["authredircetUrl"] == iwd.sb["auth_url"]
    listed = iwd.service("GET", "t100", key=iwd.cluster).text
    assert "Iwd-Client-Secret-9" not in listed and "Iwd-Db-Pass" not in listed and T100["password"] not in listed
    keys = iwd.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": iwd.tenant_token("t100")}).json()["data"]
    assert {key["id"] for key in keys} == {"22552b96-8783-46a9-b0eb-075ddfa8893e", "d6b68a7b-12ed-4c3c-830d-215eecdd1a48"}
    assert iwd.service("GET", "t100", "iWD", key="22552b96-8783-46a9-b0eb-075ddfa8893e").status_code == 200


def test_i1_put_is_the_same_and_replaces_keys(iwd):
    assert provision(iwd).status_code == 200
    again = provision(iwd, "PUT", iwd.iwd_body("t100", iwd.iwd_key, iwddm_key=None))
    assert again.status_code == 200, again.text
    assert service_names(iwd) == ["GAPI", "iWD", "iWDEmail"]
    keys = iwd.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": iwd.tenant_token("t100")}).json()["data"]
    assert [key["id"] for key in keys] == ["22552b96-8783-46a9-b0eb-075ddfa8893e"]


@pytest.mark.parametrize("path, field", [
    (("tenant", "ccid"), "tenant.ccid"),
    (("tenant", "gws"), "tenant.gws"),
    (("iwd", "apiKeys", "IWD_APIKEY_TENANT"), "iwd.apiKeys.IWD_APIKEY_TENANT"),
    (("iwd", "db", "ssl"), "iwd.db.ssl"),
    (("iwdEmail",), "iwdEmail"),
], ids=["ccid", "gws", "apikey-tenant", "db-ssl", "iwd-email"])
def test_i1_names_a_missing_parameter(iwd, path, field):
    body = iwd.iwd_body("t100", iwd.iwd_key)
    parent = body
    for name in path[:-1]:
        parent = parent[name]
    del parent[path[-1]]
    assert "missing required parameter: " + field in envelope_of(provision(iwd, body=body), 400)
    assert service_names(iwd) == []


@pytest.mark.parametrize("change, field", [
    (lambda body: body["iwdEmail"].update(url="https://mail"), "iwdEmail.url"),
    (lambda body: body["iwd"]["db"].update(port="5432"), "iwd.db.port"),
    (lambda body: body["tenant"]["gws"]["data"].update(authRedirectUrl="https://x.example"), "authRedirectUrl"),
    (lambda body: body["tenant"]["gws"]["secret"].update(clientSecret="wrong"), "clientSecret"),
    (lambda body: body["tenant"]["gws"]["secret"].update(token="wrong"), "token"),
    (lambda body: body["tenant"].update(name="t200"), "tenant.name"),
], ids=["email-url-constant", "port-as-string", "spelling", "wrong-client-secret", "wrong-user-password", "wrong-domain"])
def test_i1_rejects_wrong_values(iwd, change, field):
    body = iwd.iwd_body("t100", iwd.iwd_key)
    change(body)
    assert field in envelope_of(provision(iwd, body=body), 400)


def test_i1_api_key_rules(iwd):
    """A key of another tenant is refused, as x-api-key (403) and as tenant.apiKey (400); no key is a 401."""
    iwd.provision_tenant("t200")
    other_tenant_key = iwd.tenant_key("t200")
    envelope_of(provision(iwd, key=other_tenant_key), 403)
    envelope_of(iwd.iwd("POST", PROVISIONING, json=iwd.iwd_body("t100", iwd.iwd_key)), 401)
    assert "tenant.apiKey" in envelope_of(provision(iwd, body=iwd.iwd_body("t100", other_tenant_key)), 400)
    assert "tenant.apiKey" in envelope_of(provision(iwd, body=iwd.iwd_body("t100", "0b1e2c3d-0000-4000-8000-000000000000")), 400)
    assert service_names(iwd) == []


def test_i1_takes_the_tenants_own_key_for_both(iwd):
    """The vendor's reading: the tenant's own key as x-api-key and tenant.apiKey; I2 takes it too."""
    own = iwd.tenant_key("t100", "t100-iWD", ("nexus:iwd:*",))
    answer = provision(iwd, key=own, body=iwd.iwd_body("t100", own))
    assert answer.status_code == 200, answer.text
    assert service_names(iwd) == ["GAPI", "iWD", "iWDEmail"]
    path = PROVISIONING + "/" + T100["ccid"]
    assert iwd.iwd("DELETE", path, headers={"x-api-key": own}, params={"deleteTenant": "true"}).status_code == 200
    assert service_names(iwd) == []
    names = [key["name"] for key in iwd.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": iwd.tenant_token("t100")}).json()["data"]]
    assert names == ["t100-iWD"]


def test_i1_iwd_apikey_tenant_may_be_the_tenants_own_key(iwd):
    """Seed 000's manual example gives one key as tenant.apiKey and IWD_APIKEY_TENANT: IWD uses it as it is."""
    own = iwd.tenant_key("t100", "t100-iWD", ("nexus:iwd:*",))
    answer = provision(iwd, key=own, body=iwd.iwd_body("t100", own, tenant_key=own))
    assert answer.status_code == 200, answer.text
    keys = iwd.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": iwd.tenant_token("t100")}).json()["data"]
    assert sorted((key["name"], key["revoked"]) for key in keys) == [("IWD_APIKEY_IWDDM", False), ("t100-iWD", False)]
    assert iwd.iwd("DELETE", PROVISIONING + "/" + T100["ccid"], headers={"x-api-key": own},
                   params={"deleteTenant": "true"}).status_code == 200
    keys = iwd.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": iwd.tenant_token("t100")}).json()["data"]
    assert [key["name"] for key in keys] == ["t100-iWD"]


def test_i1_key_id_of_another_owner_is_409(iwd):
    iwd.provision_tenant("t200")
    envelope_of(provision(iwd, body=iwd.iwd_body("t100", iwd.iwd_key, tenant_key=iwd.tenant_key("t200"))), 409)
    envelope_of(provision(iwd, body=iwd.iwd_body("t100", iwd.iwd_key, tenant_key=iwd.cluster)), 409)
    assert service_names(iwd) == []


def test_i2_needs_a_parameter(iwd):
    provision(iwd)
    path = PROVISIONING + "/" + T100["ccid"]
    envelope_of(iwd.iwd("DELETE", path, headers={"x-api-key": iwd.cluster}), 400)
    envelope_of(iwd.iwd("DELETE", path, headers={"x-api-key": iwd.cluster}, params={"deleteTenant": "false"}), 400)
    envelope_of(iwd.iwd("DELETE", path, headers={"x-api-key": iwd.cluster}, params={"deleteTenant": "yes"}), 400)
    envelope_of(iwd.iwd("DELETE", path, headers={"x-api-key": iwd.cluster}, params={"service": "PlatformUCS"}), 400)
    assert service_names(iwd) == ["GAPI", "iWD", "iWDEmail"]


def test_i2_deletes_named_services(iwd):
    provision(iwd)
    answer = iwd.iwd("DELETE", PROVISIONING + "/" + T100["ccid"], headers={"x-api-key": iwd.cluster}, params={"service": "iWD,iWDEmail"})
    assert answer.status_code == 200, answer.text
    assert service_names(iwd) == ["GAPI"]


def test_i2_delete_tenant_removes_what_iwd_made_only(iwd):
    provision(iwd)
    iwd.service("POST", "t100", "PlatformUCS", key=iwd.cluster, json={"url": "https://ucs.example.com", "secret": {}, "data": {}})
    path = PROVISIONING + "/" + T100["ccid"]
    assert iwd.iwd("DELETE", path, headers={"x-api-key": iwd.cluster}, params={"deleteTenant": "true"}).status_code == 200
    assert service_names(iwd) == ["PlatformUCS"]
    assert iwd.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": iwd.tenant_token("t100")}).json()["data"] == []
    tenant = iwd.nexus("GET", "/nexus/v3/provisioning/tenants/" + T100["ccid"], headers={"Authorization": "Bearer " + iwd.tenant_token("t100")})
    assert tenant.status_code == 200
    assert iwd.sb.state()["iwd"] == []
    envelope_of(iwd.iwd("DELETE", path, headers={"x-api-key": iwd.cluster}, params={"deleteTenant": "true"}), 404)


def test_i2_key_rules(iwd):
    provision(iwd)
    path = PROVISIONING + "/" + T100["ccid"]
    envelope_of(iwd.iwd("DELETE", path, params={"deleteTenant": "true"}), 401)
    iwd.provision_tenant("t200")
    envelope_of(iwd.iwd("DELETE", path, headers={"x-api-key": iwd.tenant_key("t200")}, params={"deleteTenant": "true"}), 403)
    assert service_names(iwd) == ["GAPI", "iWD", "iWDEmail"]


def test_i1_iwd_keeps_the_cluster_key_it_was_given(iwd):
    """IWD keeps tenant.apiKey with its iWD service's secret; a rotation resends I1 with the new key."""
    def fingerprint():
        return next(s for s in iwd.sb.state()["services"] if s["name"] == "iWD")["secret_sha256"]
    assert provision(iwd).status_code == 200
    before = fingerprint()
    newer = iwd.cluster_key("iWD Cluster API Key (new)")
    assert provision(iwd, "PUT", iwd.iwd_body("t100", newer)).status_code == 200
    assert fingerprint() != before
