# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import gws_setting
from ansible_collections.genesys.multicloud.tests.unit.module_params import SpecError, module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import applied_then, envelope, no_sleep

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
SETTINGS = "/environment/v3/contact-centers/%s/settings" % CCID
NEXUS = "https://nexus.example.com"
EXISTING = {"id": "s-1", "name": "chatservice-uri", "location": "/", "value": NEXUS, "shared": False}
OTHER = {"id": "s-2", "name": "chatservice-uri", "location": "/other", "value": "x", "shared": True}


def params(**overrides):
    """Validated parameters as the module would receive them."""
    values = dict(auth_url="https://auth.example.com", gws_admin_username="ops", gws_admin_password="ops-pass",
                  ccid=CCID, name="chatservice-uri", value=NEXUS)
    values.update(overrides)
    values = module_params(gws_setting, **values)
    return values


def run(session, check_mode=False, **overrides):
    return gws_setting.run(params(**overrides), check_mode, session=session)


def serve(session, settings):
    """A stateful settings API (E2-E4) over the list ``settings``."""
    def upsert(call):
        settings.append(dict(call["json"]["data"], id="s-new"))
        return 200, envelope(settings[-1])

    def update(call):
        settings[0].update(call["json"]["data"])
        return 200, envelope(settings[0])

    session.route("GET", SETTINGS, handler=lambda call: (200, {"data": {"settings": list(settings)}}))
    session.route("POST", SETTINGS, handler=upsert)
    session.route("PUT", SETTINGS + "/s-1", handler=update)
    session.route("DELETE", SETTINGS + "/s-1", handler=lambda call: (settings.pop(0), (200, envelope(None)))[1])
    return settings


def test_creates_the_documented_body(session):
    settings = serve(session, [OTHER])
    result = run(session)
    assert result["changed"] is True
    assert [c["json"] for c in session.writes()] == [
        {"data": {"name": "chatservice-uri", "location": "/", "value": NEXUS, "shared": False}}]
    assert result["setting"]["id"] == "s-new" and len(settings) == 2
    assert result["diff"] == {"before": {}, "after": {"name": "chatservice-uri", "location": "/", "value": NEXUS, "shared": False}}


@pytest.mark.parametrize("answer", [None, [], "created"], ids=["empty", "a-list", "a-string"])
def test_an_answer_without_the_setting_reports_the_setting_sent(session, answer):
    serve(session, [])
    session.route("POST", SETTINGS, body=envelope(answer))
    result = run(session)
    assert result["changed"] is True
    assert result["setting"] == {"name": "chatservice-uri", "location": "/", "value": NEXUS, "shared": False}
    assert [c["method"] for c in session.calls if c["path"] == SETTINGS] == ["GET", "POST"]


def test_check_mode_create_sends_no_write(session):
    serve(session, [])
    result = run(session, check_mode=True, shared=True)
    assert result["changed"] is True and result["setting"]["shared"] is True and "id" not in result["setting"]
    assert session.writes() == []


def test_converged_setting_is_unchanged(session):
    serve(session, [dict(EXISTING)])
    result = run(session)
    assert result["changed"] is False
    assert session.writes() == []
    assert result["setting"] == EXISTING


def test_update_sends_only_what_differs_by_id(session):
    settings = serve(session, [dict(EXISTING, shared=True)])
    result = run(session, value="https://nexus2.example.com")
    assert result["changed"] is True
    assert [(c["method"], c["path"], c["json"]) for c in session.writes()] == [
        ("PUT", SETTINGS + "/s-1", {"data": {"value": "https://nexus2.example.com"}})]
    assert settings[0]["shared"] is True
    assert result["diff"]["before"]["value"] == NEXUS and result["diff"]["after"]["value"] == "https://nexus2.example.com"


def test_check_mode_update_sends_no_write(session):
    serve(session, [dict(EXISTING)])
    result = run(session, check_mode=True, shared=True)
    assert result["changed"] is True and result["setting"]["shared"] is True
    assert session.writes() == []


def test_absent_deletes_by_id_then_is_unchanged(session):
    settings = serve(session, [dict(EXISTING), OTHER])
    result = run(session, state="absent", value=None)
    assert result["changed"] is True
    assert [(c["method"], c["path"]) for c in session.writes()] == [("DELETE", SETTINGS + "/s-1")]
    assert result["diff"]["after"] == {} and settings == [OTHER]
    session.calls.clear()
    assert run(session, state="absent")["changed"] is False
    assert session.writes() == []


def test_check_mode_absent_sends_no_write(session):
    serve(session, [dict(EXISTING)])
    assert run(session, check_mode=True, state="absent")["changed"] is True
    assert session.writes() == []


def test_unknown_contact_center_fails(session):
    session.route("GET", SETTINGS, status=404, body={"status": {"code": 404, "message": "contact center not found"}})
    with pytest.raises(GenesysError):
        run(session)


@pytest.mark.parametrize("overrides, field", [
    (dict(ccid="t100"), "ccid"),
    (dict(name=""), "name"),
    (dict(gws_admin_password=None), "gws_admin_password"),
])
def test_bad_input_named_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []


@pytest.mark.parametrize("value", [None, ""])
def test_the_spec_requires_a_value_to_be_present(value):
    with pytest.raises((SpecError, GenesysError), match="state is present but all of the following are missing: value"):
        params(value=value)
    assert params(value=None, state="absent")["value"] is None


def test_a_lost_e2_answer_adopts_the_setting(session, monkeypatch):
    no_sleep(monkeypatch)
    settings = serve(session, [OTHER])
    session.route("POST", SETTINGS, handler=applied_then(session.routes[("POST", SETTINGS)], 504))
    result = run(session)
    assert result["changed"] is True and result["setting"]["id"] == "s-new"
    assert len(settings) == 2 and len(session.writes()) == 1
