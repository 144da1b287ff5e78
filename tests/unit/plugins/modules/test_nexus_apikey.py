# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest
import requests

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_apikey
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params, shown
from ansible_collections.genesys.multicloud.tests.unit.fake_http import applied_then, envelope, no_sleep

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
KEY_ID = "22552b96-8783-46a9-b0eb-075ddfa8893e"
KEY = {"id": KEY_ID, "tenant": CCID, "name": "API key for t100", "permissions": ["nexus:consumer:chat", "nexus:designer:chat"],
       "enabled": True, "created": "2024-05-02T10:40:27.456Z", "revoked": False, "expires": False,
       "createdby": "nexus", "capacity": 120, "frequency": 60}


def params(**overrides):
    values = dict(nexus_url="https://nexus.example.com", auth_url="https://auth.example.com",
                  oauth_client_secret="client-s3cret", gws_admin_username="ops", gws_admin_password="ops-pass",
                  tenant=CCID, name="API key for t100", permissions=["nexus:consumer:chat", "nexus:designer:chat"],
                  username="nexus", password="Tenant-Pa55")
    values.update(overrides)
    values = module_params(nexus_apikey, **values)
    return values


def run(session, check_mode=False, **overrides):
    return nexus_apikey.run(params(**overrides), check_mode, session=session)


def keys_route(session, keys):
    """K1-K4 over the list ``keys``, as the API keeps them."""
    def create(call):
        key = dict(call["json"], id="new-key", revoked=False, expires=False, capacity=120, frequency=60)
        keys.append(key)
        return 200, key

    def update(call):
        key = next(k for k in keys if k["id"] == call["path"].rsplit("/", 1)[1])
        key.update(call["json"], lastModified="2026-12-01T10:00:00Z")
        return 200, key

    def revoke(call):
        key = next(k for k in keys if k["id"] == call["path"].rsplit("/", 1)[1])
        key["revoked"] = True
        return 200, key

    session.route("GET", "/nexus/v3/apikeys", handler=lambda call: (200, envelope(keys)))
    session.route("POST", "/nexus/v3/apikeys", handler=create)
    for key_id in ("new-key", KEY_ID, "other"):
        session.route("PUT", "/nexus/v3/apikeys/" + key_id, handler=update)
        session.route("DELETE", "/nexus/v3/apikeys/" + key_id, handler=revoke)
    session.route("POST", "/auth/v3/oauth/token", body={"access_token": "obtained-token", "token_type": "bearer"})


def test_creates_a_tenant_key_with_the_tenant_users_token(session):
    keys = []
    keys_route(session, keys)
    result = run(session)
    assert result["changed"] is True
    assert session.calls[0]["data"]["username"] == CCID + "\\nexus"
    writes = session.writes()
    assert [c["json"] for c in writes] == [{"enabled": True, "tenant": CCID, "name": "API key for t100",
                                            "permissions": ["nexus:consumer:chat", "nexus:designer:chat"]}]
    # Digital Channels takes the bare token for API keys, as the documents send it.
    assert writes[0]["headers"]["Authorization"] == "obtained-token"
    assert result["apikey"]["id"] == "new-key"
    assert "id" not in result["diff"]["after"] and result["diff"]["before"] == {}
    # K1 answers with the key: one list to find it is missing, one after to see whether another run made one too.
    assert [c["method"] for c in session.calls if c["path"] == "/nexus/v3/apikeys"] == ["GET", "POST", "GET"]


def test_creates_a_cluster_key_with_the_admin_token(session):
    keys = []
    keys_route(session, keys)
    result = run(session, tenant="*", name="Cluster API key", permissions=["nexus:cluster:*"], username=None, password=None)
    assert result["changed"] is True
    assert session.calls[0]["data"]["username"] == "ops"
    assert session.writes()[0]["json"]["tenant"] == "*"


def test_check_mode_create_sends_no_write(session):
    keys_route(session, [])
    result = run(session, check_mode=True, enabled=False)
    assert result["changed"] is True and result["apikey"]["enabled"] is False
    assert session.writes() == []


def test_converged_key_is_unchanged_whatever_the_permission_order(session):
    keys_route(session, [dict(KEY)])
    result = run(session, permissions=["nexus:designer:chat", "nexus:consumer:chat"], enabled=True, token="given")
    assert result["changed"] is False and result["apikey"]["id"] == KEY_ID
    assert session.writes() == []
    assert session.calls[0]["headers"]["Authorization"] == "given"


def test_update_sends_only_what_differs(session):
    keys_route(session, [dict(KEY, tenant=CCID.upper())])
    result = run(session, enabled=False)
    assert result["changed"] is True
    assert [(c["method"], c["path"], c["json"]) for c in session.writes()] == [
        ("PUT", "/nexus/v3/apikeys/" + KEY_ID, {"enabled": False})]
    assert result["diff"] == {"before": {"tenant": CCID.upper(), "name": KEY["name"], "permissions": KEY["permissions"], "enabled": True},
                              "after": {"tenant": CCID.upper(), "name": KEY["name"], "permissions": KEY["permissions"], "enabled": False}}
    assert result["apikey"]["enabled"] is False and result["apikey"]["id"] == KEY_ID
    # What is reported is K3's answer (its lastModified), not the key the module expected.
    assert result["apikey"]["lastModified"] == "2026-12-01T10:00:00Z"
    # K3 answers with the key: one list to find it, none after changing it.
    assert [c["method"] for c in session.calls if c["path"] == "/nexus/v3/apikeys"] == ["GET"]


def test_a_partial_update_answer_drops_nothing_expected(session):
    keys_route(session, [dict(KEY)])
    session.route("PUT", "/nexus/v3/apikeys/" + KEY_ID, body={"id": KEY_ID, "enabled": False})
    result = run(session, enabled=False)
    assert result["apikey"] == dict(KEY, enabled=False)


def test_an_update_answered_without_the_key_reports_the_key_expected(session):
    keys_route(session, [dict(KEY)])
    session.route("PUT", "/nexus/v3/apikeys/" + KEY_ID, body={})
    result = run(session, enabled=False)
    assert result["changed"] is True
    assert result["apikey"] == dict(KEY, enabled=False)
    assert [c["method"] for c in session.calls if c["path"] == "/nexus/v3/apikeys"] == ["GET"]


def test_revoked_keys_are_ignored(session):
    keys = [dict(KEY, revoked=True)]
    keys_route(session, keys)
    result = run(session)
    assert result["changed"] is True and [c["method"] for c in session.writes()] == ["POST"]
    assert result["apikey"]["id"] == "new-key"


def test_several_live_keys_with_the_name_fail_naming_their_creation_times_and_the_repair(session):
    keys_route(session, [dict(KEY), dict(KEY, id="other", created="2024-05-03T08:00:00.000Z")])
    with pytest.raises(GenesysError) as failure:
        run(session)
    message = str(failure.value)
    assert "2 live API keys named 'API key for t100'" in message
    assert "2024-05-02T10:40:27.456Z, 2024-05-03T08:00:00.000Z" in message
    assert "-e genesys_repair_duplicates=true" in message and "--check --diff" in message
    assert KEY_ID not in message and "other" not in message.replace("others", "")
    assert session.writes() == []


def made_at_once(session, keys, other_created):
    """K1 that, as it makes our key, sees another run make one of the same name (created ``other_created``)."""
    def create(call):
        keys.append(dict(KEY, id="other", created=other_created))
        key = dict(call["json"], id="new-key", created="2024-05-02T10:40:28.000Z", revoked=False)
        keys.append(key)
        return 200, key
    session.route("POST", "/nexus/v3/apikeys", handler=create)


def test_a_key_made_at_once_by_another_run_converges_on_the_oldest_and_revokes_only_its_own(session, tmp_path):
    keys = []
    keys_route(session, keys)
    made_at_once(session, keys, other_created="2024-05-02T10:40:27.000Z")
    store = tmp_path / "t100.json"
    result = run(session, store=str(store))
    assert [(c["method"], c["path"]) for c in session.writes()] == [
        ("POST", "/nexus/v3/apikeys"), ("DELETE", "/nexus/v3/apikeys/new-key")]
    assert result["changed"] is True and json.loads(store.read_text())["apikeys"]["API key for t100"] == "other"
    assert [k["id"] for k in keys if not k["revoked"]] == ["other"]


def test_the_run_whose_key_is_oldest_keeps_it_and_revokes_nothing(session, tmp_path):
    keys = []
    keys_route(session, keys)
    made_at_once(session, keys, other_created="2024-05-02T10:40:29.000Z")
    store = tmp_path / "t100.json"
    run(session, store=str(store))
    assert [c["method"] for c in session.writes()] == ["POST"]
    assert json.loads(store.read_text())["apikeys"]["API key for t100"] == "new-key"


def test_repair_keeps_the_stored_key_and_check_mode_only_shows_which(session, tmp_path):
    keys = [dict(KEY), dict(KEY, id="other", created="2024-05-03T08:00:00.000Z")]
    keys_route(session, keys)
    store = tmp_path / "t100.json"
    store.write_text(json.dumps({"apikeys": {"API key for t100": "other"}}))
    predicted = run(session, check_mode=True, store=str(store), repair_duplicates=True)
    assert predicted["changed"] is True and session.writes() == []
    assert predicted["repaired"] == [{"name": "API key for t100", "created": KEY["created"]}]
    assert KEY_ID not in json.dumps(predicted["diff"])
    result = run(session, store=str(store), repair_duplicates=True)
    assert [(c["method"], c["path"]) for c in session.writes()] == [("DELETE", "/nexus/v3/apikeys/" + KEY_ID)]
    assert result["repaired"] == predicted["repaired"]
    session.calls.clear()
    assert run(session, store=str(store), repair_duplicates=True)["changed"] is False and session.writes() == []


def test_repair_without_a_stored_key_keeps_the_oldest(session):
    keys = [dict(KEY, id="other", created="2024-05-03T08:00:00.000Z"), dict(KEY)]
    keys_route(session, keys)
    run(session, repair_duplicates=True)
    assert [(c["method"], c["path"]) for c in session.writes()] == [("DELETE", "/nexus/v3/apikeys/other")]


def test_absent_revokes_every_live_key_of_the_name(session):
    keys = [dict(KEY), dict(KEY, id="other", created="2024-05-03T08:00:00.000Z")]
    keys_route(session, keys)
    assert run(session, state="absent", permissions=None)["changed"] is True
    assert sorted(c["path"] for c in session.writes()) == ["/nexus/v3/apikeys/" + KEY_ID, "/nexus/v3/apikeys/other"]


def test_absent_revokes_then_is_unchanged(session):
    keys = [dict(KEY)]
    keys_route(session, keys)
    result = run(session, state="absent", permissions=None)
    assert result["changed"] is True and "apikey" not in result
    assert [(c["method"], c["path"]) for c in session.writes()] == [("DELETE", "/nexus/v3/apikeys/" + KEY_ID)]
    session.calls.clear()
    assert run(session, state="absent", permissions=None)["changed"] is False
    assert session.writes() == []


def test_create_without_permissions_fails_naming_them(session):
    keys_route(session, [])
    with pytest.raises(GenesysError, match="permissions"):
        run(session, permissions=None)
    assert session.writes() == []


@pytest.mark.parametrize("overrides, field", [
    ({"tenant": "t100"}, "tenant"),
    ({"name": ""}, "name"),
    ({"permissions": []}, "permissions"),
    ({"password": None}, "password"),
    ({"tenant": "*", "gws_admin_password": None}, "gws_admin_password"),
])
def test_bad_input_fails_naming_the_field_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []


@pytest.mark.parametrize("overrides, method", [({"enabled": False}, "PUT"), ({"state": "absent"}, "DELETE")])
def test_a_refused_update_or_revoke_does_not_show_the_key(session, overrides, method):
    """The key id is the API key and is in the path of K3/K4; it is not a module option, so
    no_log cannot mask it."""
    keys_route(session, [dict(KEY)])
    session.route(method, "/nexus/v3/apikeys/" + KEY_ID, status=403,
                  body={"status": {"code": 403, "message": "key %s: permission denied" % KEY_ID}})
    with pytest.raises(GenesysError) as raised:
        run(session, **overrides)
    assert raised.value.status == 403
    assert KEY_ID not in raised.value.message and KEY_ID not in raised.value.api_message
    assert "/nexus/v3/apikeys/******** returned HTTP 403" in raised.value.message


def test_store_keeps_a_created_key_and_masks_its_id(session, tmp_path):
    keys_route(session, [])
    store = tmp_path / "t100.json"
    store.write_text(json.dumps({"xapikey": "x-1", "apikeys": {"Designer API key": "d-1"}}))
    result = run(session, store=str(store))
    assert json.loads(store.read_text()) == {"xapikey": "x-1", "apikeys": {"Designer API key": "d-1", "API key for t100": "new-key"}}
    assert shown(result)["apikey"]["id"] == "********" and "new-key" not in json.dumps(shown(result))


def test_store_names_an_existing_key_too_without_a_write_to_the_service(session, tmp_path):
    keys_route(session, [dict(KEY)])
    store = tmp_path / "t100.json"
    result = run(session, store=str(store), token="given")
    assert result["changed"] is False and session.writes() == []
    assert json.loads(store.read_text()) == {"apikeys": {"API key for t100": KEY_ID}}
    assert KEY_ID not in json.dumps(shown(result))


def test_store_is_masked_but_not_written_in_check_mode(session, tmp_path):
    keys_route(session, [dict(KEY)])
    result = run(session, check_mode=True, enabled=False, store=str(tmp_path / "t100.json"), token="given")
    assert result["changed"] is True and not (tmp_path / "t100.json").exists()
    assert KEY_ID not in json.dumps(shown(result))


def test_revoking_removes_the_key_from_the_store(session, tmp_path):
    keys_route(session, [dict(KEY)])
    store = tmp_path / "t100.json"
    store.write_text(json.dumps({"apikeys": {"API key for t100": KEY_ID, "Designer API key": "d-1"}}))
    result = run(session, state="absent", store=str(store), token="given")
    assert result["changed"] is True
    assert json.loads(store.read_text()) == {"apikeys": {"Designer API key": "d-1"}}


@pytest.mark.parametrize("outcome", [504, requests.exceptions.ConnectionError("Connection reset by peer")])
def test_a_lost_k1_answer_adopts_the_key_and_stores_its_id(session, tmp_path, monkeypatch, outcome):
    no_sleep(monkeypatch)
    keys = []
    keys_route(session, keys)
    applied = session.routes[("POST", "/nexus/v3/apikeys")]
    session.route("POST", "/nexus/v3/apikeys", handler=applied_then(applied, outcome))
    result = run(session, store=str(tmp_path / "t100.json"))
    assert result["changed"] is True and result["apikey"]["id"] == "new-key"
    assert json.loads((tmp_path / "t100.json").read_text()) == {"apikeys": {"API key for t100": "new-key"}}
    assert len(session.writes()) == 1 and len(keys) == 1


def test_a_lost_k1_that_was_not_applied_is_sent_again(session, monkeypatch):
    waits = no_sleep(monkeypatch)
    keys = []
    keys_route(session, keys)
    applied, failures = session.routes[("POST", "/nexus/v3/apikeys")], [502]
    session.route("POST", "/nexus/v3/apikeys", handler=lambda call: (
        (failures.pop(), {"status": {"code": 502, "message": "bad gateway"}}) if failures else applied(call)))
    result = run(session)
    assert result["apikey"]["id"] == "new-key" and len(keys) == 1
    assert len(session.writes()) == 2 and len(waits) == 1


def test_a_409_adopts_the_key_another_run_made(session):
    keys = []
    keys_route(session, keys)
    session.route("POST", "/nexus/v3/apikeys", handler=lambda call: (
        keys.append(dict(KEY)), (409, {"status": {"code": 409, "message": "an API key named x already exists"}}))[1])
    result = run(session)
    assert result["changed"] is False and result["apikey"]["id"] == KEY_ID and len(session.writes()) == 1


def rotation_store(tmp_path):
    store = tmp_path / "t100.json"
    store.write_text(json.dumps({"xapikey": "x-1", "apikeys": {"API key for t100": KEY_ID}}))
    return store


def test_rotation_begins_with_a_new_key_and_completes_by_revoking_the_old(session, tmp_path):
    keys = [dict(KEY)]
    keys_route(session, keys)
    store = rotation_store(tmp_path)
    begun = run(session, store=str(store), token="given", permissions=None, rotate="begin")
    assert begun["changed"] is True and begun["rotation"] == {"begun": True, "completed": False, "pending": True}
    # The old key is renamed (live names are unique), the new one made with its permissions; both still work.
    assert [(c["method"], c["json"]) for c in session.writes()] == [
        ("PUT", {"name": "API key for t100 (retiring)"}),
        ("POST", {"enabled": True, "tenant": CCID, "name": "API key for t100", "permissions": KEY["permissions"]})]
    assert json.loads(store.read_text()) == {"xapikey": "x-1", "apikeys": {"API key for t100": "new-key"},
                                             "rotations": {"API key for t100": {"old": KEY_ID}}}
    assert not any(k["revoked"] for k in keys)
    assert KEY_ID not in json.dumps(shown(begun)) and "new-key" not in json.dumps(shown(begun))

    # Begun again (a repeat of the same run): nothing new is made.
    count = len(session.writes())
    again = run(session, store=str(store), token="given", rotate="begin")
    assert again["changed"] is False and len(session.writes()) == count

    completed = run(session, store=str(store), token="given", rotate="complete")
    assert completed["changed"] is True and completed["rotation"] == {"begun": False, "completed": True, "pending": False}
    assert [(c["method"], c["path"]) for c in session.writes()[count:]] == [("DELETE", "/nexus/v3/apikeys/" + KEY_ID)]
    assert [(k["id"], k["name"], k["revoked"]) for k in keys] == [
        (KEY_ID, "API key for t100 (retiring)", True), ("new-key", "API key for t100", False)]
    assert json.loads(store.read_text()) == {"xapikey": "x-1", "apikeys": {"API key for t100": "new-key"}, "rotations": {}}

    # Nothing pending: completing changes nothing and writes nothing.
    count = len(session.writes())
    assert run(session, store=str(store), token="given", rotate="complete")["changed"] is False
    assert len(session.writes()) == count


def test_each_rotation_step_lists_the_keys_once(session, tmp_path):
    keys = [dict(KEY)]
    keys_route(session, keys)
    store = rotation_store(tmp_path)

    def listings():
        return [c for c in session.calls if c["method"] == "GET" and c["path"] == "/nexus/v3/apikeys"]

    # One K2 finds both the live key and the old key of the rotation, through the rename, the new key and the revoke;
    # one more after the new key sees whether another run made one too.
    for step, writes, lists in (("begin", ["PUT", "POST"], 2), ("complete", ["DELETE"], 1)):
        session.calls.clear()
        assert run(session, store=str(store), token="given", rotate=step)["changed"] is True
        assert [c["method"] for c in session.writes()] == writes
        assert len(listings()) == lists, step


def test_rotation_in_check_mode_writes_nothing(session, tmp_path):
    keys_route(session, [dict(KEY)])
    store = rotation_store(tmp_path)
    before = store.read_text()
    result = run(session, check_mode=True, store=str(store), token="given", rotate="begin")
    assert result["changed"] is True and result["rotation"]["begun"] is True
    assert result["diff"] == {"before": {"name": "API key for t100", "rotation": "none"},
                              "after": {"name": "API key for t100", "rotation": "pending"}}
    assert session.writes() == [] and store.read_text() == before


def test_rotation_steps_mask_the_live_key_id_in_check_mode(session, tmp_path):
    """A check run begins nothing, so its complete step finds no rotation and reports the live key: its id
    is an x-api-key, masked there as in every other step."""
    keys_route(session, [dict(KEY)])
    store = rotation_store(tmp_path)
    for step in ("begin", "complete"):
        result = run(session, check_mode=True, store=str(store), token="given", rotate=step)
        assert KEY_ID not in json.dumps(shown(result)), step
    assert session.writes() == []


def test_an_interrupted_rotation_is_finished_by_complete(session, tmp_path):
    keys = [dict(KEY)]
    keys_route(session, keys)
    store = rotation_store(tmp_path)
    created = session.routes[("POST", "/nexus/v3/apikeys")]
    session.route("POST", "/nexus/v3/apikeys", status=500, body={"status": {"code": 500, "message": "down"}})
    with pytest.raises(GenesysError):
        run(session, store=str(store), token="given", rotate="begin")
    # The old key's id was recorded before the first write; the old key, renamed, still works.
    assert json.loads(store.read_text())["rotations"] == {"API key for t100": {"old": KEY_ID}}
    assert [(k["name"], k["revoked"]) for k in keys] == [("API key for t100 (retiring)", False)]

    session.routes[("POST", "/nexus/v3/apikeys")] = created
    result = run(session, store=str(store), token="given", rotate="complete")
    assert result["changed"] is True
    assert [(k["id"], k["revoked"]) for k in keys] == [(KEY_ID, True), ("new-key", False)]
    assert json.loads(store.read_text())["apikeys"] == {"API key for t100": "new-key"}


def test_rotation_needs_a_store_a_live_key_and_state_present(session, tmp_path):
    keys_route(session, [])
    with pytest.raises(GenesysError, match="no live API key named 'API key for t100' to rotate"):
        run(session, store=str(tmp_path / "t100.json"), token="given", rotate="begin")
    with pytest.raises(GenesysError, match="rotate: only with state=present"):
        run(session, store=str(tmp_path / "t100.json"), token="given", rotate="complete", state="absent")
    with pytest.raises(Exception, match="store"):
        params(rotate="begin")
    assert session.writes() == []
