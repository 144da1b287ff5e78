"""The GWS environment API: E1-E4, and paths outside docs/api.md."""

import pytest
from sandbox_helpers import ADMIN, CONFIG, TENANTS, envelope_of

CENTERS = "/environment/v3/contact-centers"
CHATSERVICE = {"name": "chatservice-uri", "location": "/", "value": "https://nexus.example.com", "shared": False}


def settings_path(name):
    return "%s/%s/settings" % (CENTERS, TENANTS[name]["ccid"])


def test_e1_lists_the_configured_contact_centers(g):
    answer = g.auth("GET", CENTERS, auth=ADMIN)
    assert answer.status_code == 200
    centers = answer.json()["data"]["contactCenters"]
    assert [center["domains"] for center in centers] == [center["domains"] for center in CONFIG["contact_centers"]]
    assert {center["id"] for center in centers} == {tenant["ccid"] for tenant in TENANTS.values()}
    assert all(center["auth"] == "configServer" and center["environmentId"] for center in centers)


@pytest.mark.parametrize("auth", [None, (ADMIN[0], "nope")], ids=["missing", "wrong"])
def test_e1_needs_the_admin(g, auth):
    envelope_of(g.auth("GET", CENTERS, auth=auth), 401)


def test_e2_creates_then_upserts_by_name_and_location(g):
    first = g.auth("POST", settings_path("t100"), auth=ADMIN, json={"data": CHATSERVICE})
    assert first.status_code == 200, first.text
    setting = first.json()["data"]
    assert setting["id"] and setting["value"] == CHATSERVICE["value"]
    again = g.auth("POST", settings_path("t100"), auth=ADMIN, json={"data": dict(CHATSERVICE, value="https://other.example.com")})
    assert again.status_code == 200
    assert again.json()["data"]["id"] == setting["id"]
    listed = g.auth("GET", settings_path("t100"), auth=ADMIN).json()["data"]["settings"]
    assert listed == [dict(CHATSERVICE, id=setting["id"], value="https://other.example.com")]
    assert g.auth("GET", settings_path("t200"), auth=ADMIN).json()["data"]["settings"] == []


@pytest.mark.parametrize("data, field", [
    ({"name": "chatservice-uri", "location": "/", "value": "x"}, "shared"),
    (dict(CHATSERVICE, shared="yes"), "shared"),
    (dict(CHATSERVICE, shared=1), "shared"),
    (dict(CHATSERVICE, scope="tenant"), "scope"),
], ids=["missing", "not-a-flag", "number", "unknown"])
def test_e2_rejects_wrong_bodies(g, data, field):
    assert field in envelope_of(g.auth("POST", settings_path("t100"), auth=ADMIN, json={"data": data}), 400)
    envelope_of(g.auth("POST", settings_path("t100"), auth=ADMIN, json=CHATSERVICE), 400)


def test_e2_e3_unknown_contact_center_and_no_admin(g):
    path = CENTERS + "/00000000-0000-0000-0000-000000000000/settings"
    envelope_of(g.auth("POST", path, auth=ADMIN, json={"data": CHATSERVICE}), 404)
    envelope_of(g.auth("GET", path, auth=ADMIN), 404)
    envelope_of(g.auth("POST", settings_path("t100"), json={"data": CHATSERVICE}), 401)
    envelope_of(g.auth("GET", settings_path("t100")), 401)


def test_e4_update_and_delete(g):
    setting_id = g.auth("POST", settings_path("t100"), auth=ADMIN, json={"data": CHATSERVICE}).json()["data"]["id"]
    updated = g.auth("PUT", settings_path("t100") + "/" + setting_id, auth=ADMIN, json={"data": {"value": "https://n2.example.com"}})
    assert updated.status_code == 200, updated.text
    assert updated.json()["data"]["value"] == "https://n2.example.com"
    assert updated.json()["data"]["name"] == "chatservice-uri"
    envelope_of(g.auth("PUT", settings_path("t100") + "/" + setting_id, auth=ADMIN, json={"data": {"shared": "no"}}), 400)
    envelope_of(g.auth("DELETE", settings_path("t100") + "/" + setting_id), 401)
    assert g.auth("DELETE", settings_path("t100") + "/" + setting_id, auth=ADMIN).status_code == 200
    assert g.auth("GET", settings_path("t100"), auth=ADMIN).json()["data"]["settings"] == []
    envelope_of(g.auth("DELETE", settings_path("t100") + "/" + setting_id, auth=ADMIN), 404)
    envelope_of(g.auth("PUT", settings_path("t100") + "/" + setting_id, auth=ADMIN, json={"data": {"value": "x"}}), 404)


def test_e4_setting_of_another_contact_center_is_404(g):
    setting_id = g.auth("POST", settings_path("t100"), auth=ADMIN, json={"data": CHATSERVICE}).json()["data"]["id"]
    envelope_of(g.auth("DELETE", settings_path("t200") + "/" + setting_id, auth=ADMIN), 404)


@pytest.mark.parametrize("service, method, path", [
    ("auth", "GET", "/environment/v3/contact-centers/"),
    ("auth", "PATCH", "/auth/v3/ops/clients"),
    ("auth", "GET", "/nexus/v3/apikeys"),
    ("auth", "GET", "/docs"),
    ("auth", "GET", "/openapi.json"),
    ("nexus", "GET", "/environment/v3/contact-centers"),
    ("nexus", "POST", "/auth/v3/oauth/token"),
    ("nexus", "GET", "/nexus/v3/provisioning/tenants"),
    ("iwd", "GET", "/iwd/v3/provisioning"),
    ("iwd", "GET", "/sandbox/state"),
    ("nexus", "GET", "/sandbox/requests"),
], ids=lambda value: value if value in ("auth", "nexus", "iwd") else None)
def test_anything_not_in_api_md_is_404(g, service, method, path):
    envelope_of(g.call(service, method, path, auth=ADMIN), 404)


@pytest.mark.parametrize("service, path", [
    ("auth", "/auth/v3/ops/clients"),
    ("nexus", "/nexus/v3/provisioning/tenants"),
    ("nexus", "/nexus/v3/apikeys"),
    ("nexus", "/nexus/v3/provisioning/services/%s/PlatformUCS" % TENANTS["t100"]["ccid"]),
    ("iwd", "/iwd/v3/provisioning"),
], ids=lambda value: value if value in ("auth", "nexus", "iwd") else None)
def test_credentials_are_checked_before_the_body(g, service, path):
    envelope_of(g.call(service, "POST", path, json={"unexpected": True}), 401)
