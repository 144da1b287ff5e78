"""The sandbox-only admin API: request log, faults, reset, state, run-time configuration."""

import json
import time

import pytest
import requests
from sandbox_helpers import ADMIN, CLIENT_ID, CLIENT_SECRET, TENANTS, envelope_of


def test_request_log_entries_and_credential_kinds(env):
    env.provision_tenant("t100")
    key = env.tenant_key("t100")
    seq = env.sb.last_seq()
    env.nexus("GET", "/health/detail")
    env.auth("GET", "/environment/v3/contact-centers", auth=ADMIN)
    env.auth("POST", "/auth/v3/oauth/token", auth=(CLIENT_ID, CLIENT_SECRET), data={"grant_type": "client_credentials"})
    env.auth("POST", "/auth/v3/oauth/token", data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    token = env.admin_token()
    env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": "Bearer " + token})
    env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": token})
    env.service("GET", "t100", key=key)
    entries = env.sb.requests(seq)
    assert [entry["credential"] for entry in entries] == [
        "none", "basic-admin", "basic-client", "form-client", "basic-client", "bearer", "bare-token", "api-key"]
    assert [entry["service"] for entry in entries] == ["nexus", "auth", "auth", "auth", "auth", "nexus", "nexus", "nexus"]
    first = entries[0]
    assert {"seq", "time", "service", "method", "path", "query", "status", "credential"} <= set(first)
    assert (first["method"], first["path"], first["status"]) == ("GET", "/health/detail", 200)
    assert [entry["seq"] for entry in entries] == list(range(seq + 1, seq + 9))


def test_request_log_masks_secrets(env):
    env.provision_tenant("t100")
    key = env.tenant_key("t100")
    token = env.tenant_token("t100")
    env.auth("POST", "/auth/v3/oauth/token", auth=(CLIENT_ID, CLIENT_SECRET),
             params={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET})
    env.nexus("PUT", "/nexus/v3/apikeys/" + key, headers={"Authorization": token}, json={"name": "renamed"})
    entries = env.sb.requests(0)
    token_entry = [entry for entry in entries if entry["query"].get("grant_type")][0]
    assert token_entry["query"] == {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": "***"}
    assert any(entry["path"] == "/nexus/v3/apikeys/" + key[:8] + "***" for entry in entries)
    logged = json.dumps(entries) + (env.sb.runtime_dir / "requests.jsonl").read_text(encoding="utf-8")
    for secret in (CLIENT_SECRET, TENANTS["t100"]["password"], ADMIN[1], token, key):
        assert secret not in logged


def test_request_log_file_has_every_request(env):
    env.nexus("GET", "/health/detail")
    lines = (env.sb.runtime_dir / "requests.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [entry["seq"] for entry in env.sb.requests(0)]
    assert json.loads(lines[-1])["path"] == "/health/detail"


def test_fault_status_with_retry_after(env):
    seq = env.sb.last_seq()
    env.sb.fault("^/health/detail$", method="GET", status=503, retry_after=7, count=2)
    for _attempt in range(2):
        answer = env.nexus("GET", "/health/detail")
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "7"
        envelope_of(answer, 503)
    assert env.nexus("GET", "/health/detail").status_code == 200
    assert [entry["fault"] for entry in env.sb.requests(seq)] == ["status", "status", None]


def test_fault_matches_method_and_service(env):
    env.sb.fault("/auth/v3/ops/clients", method="POST", service="auth", status=500)
    assert env.auth("GET", "/auth/v3/ops/clients", auth=ADMIN).status_code == 200
    assert env.call("gws", "POST", "/auth/v3/ops/clients", auth=ADMIN).status_code == 404
    assert env.auth("POST", "/auth/v3/ops/clients", auth=ADMIN, json={"data": env.client_data("x", "y")}).status_code == 500
    assert env.sb.state()["clients"][0]["client_id"] == CLIENT_ID and len(env.sb.state()["clients"]) == 1


def test_fault_delay(env):
    env.sb.fault("/health/detail", delay=0.6)
    started = time.monotonic()
    assert env.nexus("GET", "/health/detail").status_code == 200
    assert time.monotonic() - started >= 0.6
    started = time.monotonic()
    env.nexus("GET", "/health/detail")
    assert time.monotonic() - started < 0.5


def test_fault_drop(env):
    env.sb.fault("/nexus/v3/apikeys", drop=True)
    with pytest.raises(requests.ConnectionError):
        env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.admin_token()})
    assert env.nexus("GET", "/nexus/v3/apikeys", headers={"Authorization": env.admin_token()}).status_code == 200
    dropped = [entry for entry in env.sb.requests(0) if entry["fault"] == "drop"]
    assert len(dropped) == 1 and dropped[0]["status"] is None


def test_fault_drop_after_applies_the_request_and_loses_its_answer(env):
    token = env.admin_token()
    env.sb.fault("^/nexus/v3/apikeys$", method="POST", drop_after=True, label="lost K1")
    body = {"tenant": "*", "name": "Lost answer key", "permissions": ["nexus:cluster:*"], "enabled": True}
    with pytest.raises(requests.ConnectionError):
        env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=body)
    # The key exists although its answer never arrived; the next request is answered.
    assert [key["name"] for key in env.sb.state()["apikeys"] if key["name"] == "Lost answer key"] == ["Lost answer key"]
    assert env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=body).status_code == 409
    entries = [entry for entry in env.sb.requests(0) if entry["path"] == "/nexus/v3/apikeys" and entry["method"] == "POST"]
    assert [(entry["fault"], entry["fault_label"], entry["status"]) for entry in entries] == [
        ("drop_after", "lost K1", 200), (None, None, 409)]


def test_fault_matches_the_body(env):
    token = env.admin_token()
    env.sb.fault("^/nexus/v3/apikeys$", method="POST", body='"name": ?"Second"', status=502, label="second")
    first = {"tenant": "*", "name": "First", "permissions": ["nexus:cluster:*"], "enabled": True}
    second = dict(first, name="Second")
    assert env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=first).status_code == 200
    assert env.sb.admin("GET", "/sandbox/faults")["faults"][0]["left"] == 1
    answer = env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=second)
    assert answer.status_code == 502
    assert env.sb.admin("GET", "/sandbox/faults")["faults"] == []
    # The body read for the match still reaches the service.
    assert env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=second).status_code == 200
    labels = [entry["fault_label"] for entry in env.sb.requests(0) if entry["path"] == "/nexus/v3/apikeys"]
    assert labels == [None, "second", None]


def test_fault_trace_only_labels(env):
    token = env.admin_token()
    env.sb.fault("^/nexus/v3/apikeys$", method="POST", body="Traced", trace=True, count=5, label="traced")
    body = {"tenant": "*", "name": "Traced", "permissions": ["nexus:cluster:*"], "enabled": True}
    assert env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=body).status_code == 200
    assert env.nexus("POST", "/nexus/v3/apikeys", headers={"Authorization": token}, json=body).status_code == 409
    entries = [entry for entry in env.sb.requests(0) if entry["path"] == "/nexus/v3/apikeys"]
    assert [(entry["fault"], entry["fault_label"], entry["status"]) for entry in entries] == [
        (None, "traced", 200), (None, "traced", 409)]


def test_faults_can_be_cleared_and_are_validated(env):
    env.sb.fault("/health", status=503, count=5)
    env.sb.clear_faults()
    assert env.nexus("GET", "/health/detail").status_code == 200
    for bad in ({"path": "/x", "status": 503, "delay": 1}, {"path": "/x"}, {"path": "(", "status": 500},
                {"path": "/x", "delay": 1, "retry_after": 3}, {"path": "/x", "status": 200},
                {"path": "/x", "drop": True, "drop_after": True}, {"path": "/x", "status": 500, "body": "("}):
        answer = requests.post(env.sb["admin_url"] + "/sandbox/faults", json=bad, timeout=10)
        envelope_of(answer, 400)


def test_reset_drops_genesys_objects_and_the_log(env):
    env.provision_tenant("t100")
    env.sb.set_token_lifetime(5)
    assert env.sb.state()["nex_gapis"] and env.sb.requests(0)
    env.sb.reset()
    state = env.sb.state()
    assert (state["clients"], state["nex_gapis"], state["tenants"], state["apikeys"]) == ([], [], [], [])
    assert [center["domains"] for center in state["contact_centers"]] == [["t100"], ["t200"], ["t300"]]
    assert state["token_lifetime"] == 43200
    assert env.sb.requests(0) == []


def test_reset_can_keep_the_state(env):
    env.sb.reset(state=False, log=True)
    assert len(env.sb.state()["clients"]) == 1 and env.sb.requests(0) == []


def test_state_is_secret_free(env):
    xapikey = env.provision_tenant("t100")
    env.service("POST", "t100", "PurecloudIDP", key=env.cluster_key(),
                json={"url": "https://login.example.com", "secret": {"clientId": "c", "clientSecret": "Gc-Secret-1"}, "data": {}})
    state = env.sb.state()
    text = json.dumps(state)
    for secret in (CLIENT_SECRET, TENANTS["t100"]["password"], "Gc-Secret-1", xapikey, ADMIN[1]):
        assert secret not in text
    row = state["nex_gapis"][0]
    assert "clientsecret" not in row and row["clientsecret_matches_client"] is True
    assert row["url"] == env.sb["gws_url"] and row["authinturl"] == env.sb["auth_url"]


def test_admin_paths_only_on_the_admin_port(env):
    for service in ("auth", "gws", "nexus", "iwd"):
        envelope_of(env.call(service, "GET", "/sandbox/state"), 404)
        envelope_of(env.call(service, "POST", "/sandbox/reset", json={}), 404)
    envelope_of(requests.get(env.sb["admin_url"] + "/health/detail", timeout=10), 404)
    envelope_of(requests.get(env.sb["admin_url"] + "/environment/v3/contact-centers", auth=ADMIN, timeout=10), 404)
