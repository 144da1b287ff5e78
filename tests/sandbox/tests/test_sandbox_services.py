"""Digital Channels provisioning services: S1-S4 and the bodies of seed 003."""

import hashlib
import json

import pytest
from sandbox_helpers import TENANTS, envelope_of

UCS = {"url": "https://ucs.example.com", "secret": {}, "data": {}}
IDP = {"url": "https://login.mypurecloud.com", "secret": {"clientId": "gc-client", "clientSecret": "Gc-Secret-77"}, "data": {}}
ASYNC = {
    "data": {"channels": [{"channelId": "16504661149", "webhook": {"url": "https://genesys-webhook.company.com"}},
                          {"channelId": "company.com", "webhook": {"url": "https://genesys-webhook.company.com"}}]},
    "secret": {"channels": [{"channelId": "16504661149", "webhook": {"secret": "Wh-Secret"}, "api": {"secret": "Api-Secret"}},
                            {"channelId": "company.com", "webhook": {"secret": "Wh-Secret"}, "api": {"secret": "Api-Secret"}}]},
}


@pytest.fixture
def cluster(env):
    return env.cluster_key()


def test_s1_platform_ucs_with_a_cluster_key_before_the_tenant(env, cluster):
    answer = env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == {"code": 0}
    read = env.service("GET", "t100", "PlatformUCS", key=cluster)
    assert read.status_code == 200
    assert read.json() == {"status": {"code": 0}, "data": {"url": UCS["url"], "data": {}}}


def test_s1_duplicate_is_409(env, cluster):
    env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS)
    assert "PUT" in envelope_of(env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS), 409)


def test_s1_secret_is_write_only(env, cluster):
    assert env.service("POST", "t100", "PurecloudIDP", key=cluster, json=IDP).status_code == 200
    read = env.service("GET", "t100", "PurecloudIDP", key=cluster)
    listed = env.service("GET", "t100", key=cluster)
    for answer in (read, listed):
        assert answer.status_code == 200
        assert "Gc-Secret-77" not in answer.text and "secret" not in answer.json()["data"]
    stored = [item for item in env.sb.state()["services"] if item["name"] == "PurecloudIDP"][0]
    expected = hashlib.sha256(json.dumps(IDP["secret"], sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert stored["secret_sha256"] == expected


@pytest.mark.parametrize("service, body", [
    ("SMS", {"url": "N/A", "secret": {}, "data": {"tokenProvider": "Purecloud"}}),
    ("SMS", {"url": "N/A", "data": {"provider": "Async"}, "secret": {}}),
    ("PorticoSMS", {"url": "https://api.mypurecloud.com", "secret": {}, "data": {}}),
    ("PorticoEmail", {"url": "https://api.mypurecloud.com", "secret": {}, "data": {}}),
    ("Email", {"url": "N/A", "data": {"provider": "Async"}, "secret": {}}),
    ("Async", ASYNC),
], ids=["sms-gma", "sms-async", "portico-sms", "portico-email", "email", "async"])
def test_s1_documented_sms_bodies(env, cluster, service, body):
    answer = env.service("POST", "t100", service, key=cluster, json=body)
    assert answer.status_code == 200, answer.text
    assert "Wh-Secret" not in env.service("GET", "t100", key=cluster).text


@pytest.mark.parametrize("service, body, field", [
    ("SMS", {"url": "N/A", "secret": {}, "data": {"tokenProvider": "GenesysCloud"}}, "tokenProvider"),
    ("SMS", {"url": "https://sms.example.com", "secret": {}, "data": {"provider": "Async"}}, "url"),
    ("SMS", {"url": "N/A", "secret": {}, "data": {}}, "tokenProvider"),
    ("PurecloudIDP", dict(IDP, secret={"clientId": "x"}), "secret.clientSecret"),
    ("PlatformUCS", {"url": "ucs", "secret": {}, "data": {}}, "url"),
    ("PlatformUCS", {"url": "https://ucs.example.com", "data": {}}, "secret"),
    ("PlatformUCS", dict(UCS, extra=1), "extra"),
    ("Async", dict(ASYNC, secret={"channels": ASYNC["secret"]["channels"][:1]}), "company.com"),
    ("Email", {"url": "N/A", "data": {"provider": "Sync"}, "secret": {}}, "provider"),
    ("Fax", UCS, "Fax"),
], ids=["sms-constant", "sms-url", "sms-no-provider", "idp-secret", "ucs-url", "no-secret", "unknown-field",
        "async-missing-channel-secret", "email-constant", "unknown-service"])
def test_s1_rejects_wrong_bodies(env, cluster, service, body, field):
    assert field in envelope_of(env.service("POST", "t100", service, key=cluster, json=body), 400)
    assert env.sb.state()["services"] == []


def test_s1_key_rules(env, cluster):
    xapikey = env.provision_tenant("t100")
    env.provision_tenant("t200")
    own_key = env.tenant_key("t100")
    other_key = env.tenant_key("t200")
    assert env.service("POST", "t100", "PlatformUCS", key=own_key, json=UCS).status_code == 200
    assert env.service("GET", "t100", "PlatformUCS", key=xapikey).status_code == 200
    assert env.service("GET", "t100", "PlatformUCS", key=cluster).status_code == 200
    envelope_of(env.service("GET", "t100", "PlatformUCS", key=other_key), 403)
    envelope_of(env.service("GET", "t100", "PlatformUCS"), 401)
    envelope_of(env.service("GET", "t100", "PlatformUCS", key="9b7682b7-cbce-422f-91ef-ecda85e61695"), 401)


def test_s1_x_ccid_header(env, cluster):
    envelope_of(env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS, ccid_header=TENANTS["t200"]["ccid"]), 403)
    answer = env.nexus("POST", "/nexus/v3/provisioning/services/%s/PlatformUCS" % TENANTS["t100"]["ccid"],
                       headers={"x-api-key": cluster}, json=UCS)
    assert "x-ccid" in envelope_of(answer, 400)
    assert env.sb.state()["services"] == []


def test_s3_lists_the_tenant_services(env, cluster):
    env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS)
    env.service("POST", "t100", "PurecloudIDP", key=cluster, json=IDP)
    env.service("POST", "t200", "PlatformUCS", key=cluster, json=dict(UCS, url="https://ucs200.example.com"))
    listed = env.service("GET", "t100", key=cluster)
    assert listed.status_code == 200
    assert listed.json() == {"status": {"code": 0}, "data": [
        {"name": "PlatformUCS", "url": UCS["url"], "data": {}},
        {"name": "PurecloudIDP", "url": IDP["url"], "data": {}},
    ]}
    assert env.service("GET", "t300", key=cluster).json()["data"] == []


def test_s2_absent_is_404(env, cluster):
    envelope_of(env.service("GET", "t100", "PlatformUCS", key=cluster), 404)


def test_s4_put_replaces_and_delete_removes(env, cluster):
    env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS)
    replaced = env.service("PUT", "t100", "PlatformUCS", key=cluster, json=dict(UCS, url="https://ucs2.example.com"))
    assert replaced.status_code == 200, replaced.text
    assert env.service("GET", "t100", "PlatformUCS", key=cluster).json()["data"]["url"] == "https://ucs2.example.com"
    envelope_of(env.service("PUT", "t100", "PlatformUCS", key=cluster, json={"url": "x", "secret": {}, "data": {}}), 400)
    assert env.service("DELETE", "t100", "PlatformUCS", key=cluster).status_code == 200
    envelope_of(env.service("GET", "t100", "PlatformUCS", key=cluster), 404)
    envelope_of(env.service("DELETE", "t100", "PlatformUCS", key=cluster), 404)
    envelope_of(env.service("PUT", "t100", "PlatformUCS", key=cluster, json=UCS), 404)


def test_s4_needs_access(env, cluster):
    env.service("POST", "t100", "PlatformUCS", key=cluster, json=UCS)
    envelope_of(env.service("DELETE", "t100", "PlatformUCS"), 401)
    envelope_of(env.service("DELETE", "t100", "PlatformUCS", key=cluster, ccid_header=TENANTS["t300"]["ccid"]), 403)
    assert len(env.sb.state()["services"]) == 1
