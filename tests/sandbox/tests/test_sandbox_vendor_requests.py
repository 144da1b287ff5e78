"""Requests the vendor's own deployment scripts send and require to succeed are accepted.

The vendor's deployment scripts (repository genesys/multicloud-services) stop with an error unless
these requests succeed, so the real services accept them, and a sandbox that refused them would
be stricter than Genesys (docs/api.md, [vendor scripts]). Each shape below is described in our
words, with the script it comes from; the values are the sandbox's own.
"""

import pytest
from sandbox_helpers import ADMIN, TENANTS, envelope_of

# services/gauth/01_chart_gauth/01_release_gauth/gauth_apiclient.sh, "add": a client with the
# management authority beside the internal one, the five documented grant types and the two
# token-exchange grants, https redirect URIs, and a description equal to its name.
GAUTH_APICLIENT_SH = {
    "redirectURIs": ["https://gauth.example.com", "https://gws.example.com", "https://wwe.example.com"],
    "client_id": "external_api_client",
    "name": "external_api_client",
    "description": "external_api_client",
    "client_secret": "secret",
    "refreshTokenExpirationTimeout": 2592000,
    "clientType": "CONFIDENTIAL",
    "internalClient": True,
    "authorizedGrantTypes": [
        "refresh_token", "implicit", "client_credentials", "password", "authorization_code",
        "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:jwt-bearer",
    ],
    "authorities": ["ROLE_INTERNAL_CLIENT", "ROLE_MANAGEMENT_APPLICATION"],
    "accessTokenExpirationTimeout": 43200,
    "scope": ["*"],
}

# services/gauth/01_chart_gauth/01_release_gauth/gauth_apiclient.sh, "update": only the redirect URIs.
GAUTH_APICLIENT_SH_UPDATE = {"redirectURIs": ["https://gauth.example.com", "https://gws.example.com"]}

# services/helpers.sh, gauth_update_cors: a contact-center setting whose "shared" is the string "true",
# at the location "/<region>", with a comma-separated list of origins as its value.
HELPERS_SH_CORS = {
    "location": "/westus2",
    "name": "cors-origins",
    "shared": "true",
    "value": "https://gauth.example.com, https://gws.example.com, https://iwd.example.com",
}

# services/iwd/01_chart_iwd/01_release_iwd/post-release-script.sh: IWD provisioning whose x-api-key
# and tenant.apiKey are both the tenant's own key from nex_apikeys (the README and the pre-release
# script name it after the tenant), the internal auth URL as authUrl and the external one as
# authredircetUrl, two newly generated ids as iwd.apiKeys. Built by ``iwd_post_release_body``.
IWD_KEY_NAME = "t100"


def iwd_post_release_body(g, tenant_key):
    body = g.iwd_body("t100", tenant_key, tenant_key="e0c519c2-a9d5-48cc-8da9-8566fcce6575",
                      iwddm_key="20993434-e6fb-4081-9b1f-5c5a7e523077")
    body["tenant"]["gws"]["data"] = {"authUrl": g.sb["auth_url"], "authredircetUrl": "https://gauth.example.com"}
    return body


def test_gauth_apiclient_sh_add_and_update(g):
    answer = g.auth("POST", "/auth/v3/ops/clients", auth=ADMIN, json={"data": GAUTH_APICLIENT_SH})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"]["code"] == 0
    shown = g.auth("GET", "/auth/v3/ops/clients/external_api_client", auth=ADMIN).json()
    assert shown["status"]["code"] == 0 and shown["data"]["client_id"] == "external_api_client"
    assert shown["data"]["authorities"] == GAUTH_APICLIENT_SH["authorities"]
    assert shown["data"]["authorizedGrantTypes"] == GAUTH_APICLIENT_SH["authorizedGrantTypes"]
    updated = g.auth("PUT", "/auth/v3/ops/clients/external_api_client", auth=ADMIN, json={"data": GAUTH_APICLIENT_SH_UPDATE})
    assert updated.status_code == 200, updated.text
    assert updated.json()["status"]["code"] == 0


def test_gauth_apiclient_sh_client_gets_tokens(g):
    """The relaxed rules admit the client; the token grants the sandbox emulates still work for it."""
    assert g.auth("POST", "/auth/v3/ops/clients", auth=ADMIN, json={"data": GAUTH_APICLIENT_SH}).status_code == 200
    token = g.auth("POST", "/auth/v3/oauth/token", auth=("external_api_client", "secret"), data={"grant_type": "client_credentials"})
    assert token.status_code == 200, token.text


@pytest.mark.parametrize("field, value", [
    ("authorities", ["ROLE_ADMIN"]),
    ("authorizedGrantTypes", ["urn:ietf:params:oauth:grant-type:saml2-bearer"]),
], ids=["authority", "grant-type"])
def test_relaxed_client_rules_still_refuse_the_unknown(g, field, value):
    data = dict(GAUTH_APICLIENT_SH, **{field: value})
    assert field in envelope_of(g.auth("POST", "/auth/v3/ops/clients", auth=ADMIN, json={"data": data}), 400)


def test_helpers_sh_cors_origins(g):
    path = "/environment/v3/contact-centers/%s/settings" % TENANTS["t100"]["ccid"]
    answer = g.auth("POST", path, auth=ADMIN, json={"data": HELPERS_SH_CORS})
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"]["code"] == 0
    listed = g.auth("GET", path, auth=ADMIN).json()["data"]["settings"]
    assert [(item["name"], item["location"], item["shared"]) for item in listed] == [("cors-origins", "/westus2", True)]


def test_iwd_post_release_script(env):
    env.provision_tenant("t100")
    env.create_client("iwd_client", "Iwd-Client-Secret-9")
    tenant_key = env.tenant_key("t100", IWD_KEY_NAME, ("nexus:iwd:*",))
    answer = env.iwd("POST", "/iwd/v3/provisioning", headers={"x-api-key": tenant_key}, json=iwd_post_release_body(env, tenant_key))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"created": True}
    services = env.service("GET", "t100", key=tenant_key).json()["data"]
    assert [service["name"] for service in services] == ["GAPI", "iWD", "iWDEmail"]
