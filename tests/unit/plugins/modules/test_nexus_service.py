# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest
import requests

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_service
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import applied_then, envelope, no_sleep

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
PATH = "/nexus/v3/provisioning/services/%s/PurecloudIDP" % CCID
SECRET = {"clientId": "gc-client", "clientSecret": "Gc-S3cret"}


def params(**overrides):
    values = dict(nexus_url="https://nexus.example.com", api_key="cluster-key", ccid=CCID, name="PurecloudIDP",
                  url="https://login.mypurecloud.com", secret=SECRET)
    values.update(overrides)
    values = module_params(nexus_service, **values)
    return values


def run(session, check_mode=False, **overrides):
    return nexus_service.run(params(**overrides), check_mode, session=session)


def service_route(session, stored):
    """S1-S4 of one service kept in ``stored`` (empty: absent), secret kept apart as S2 never shows it."""
    def write(call):
        stored.clear()
        stored.update(dict((k, v) for k, v in call["json"].items() if k != "secret"))
        return 200, envelope(dict(stored, name="PurecloudIDP"))

    session.route("GET", PATH, handler=lambda call: (200, envelope(dict(stored))) if stored else (404, None))
    session.route("POST", PATH, handler=write)
    session.route("PUT", PATH, handler=write)
    session.route("DELETE", PATH, handler=lambda call: (stored.clear(), (200, {"status": {"code": 0}}))[1])


def test_creates_with_the_documented_body(session):
    service_route(session, {})
    result = run(session)
    assert result["changed"] is True and result["secret_updated"] is True
    writes = session.writes()
    assert [(c["method"], c["json"]) for c in writes] == [
        ("POST", {"url": "https://login.mypurecloud.com", "secret": SECRET, "data": {}})]
    assert writes[0]["headers"]["x-api-key"] == "cluster-key" and writes[0]["headers"]["x-ccid"] == CCID
    assert result["service"] == {"name": "PurecloudIDP", "url": "https://login.mypurecloud.com", "data": {}}
    assert result["diff"] == {"before": {}, "after": result["service"]}
    assert "Gc-S3cret" not in repr(result)


def test_creates_without_url_or_secret(session):
    service_route(session, {})
    run(session, url=None, secret=None, data={"channels": []})
    assert session.writes()[0]["json"] == {"secret": {}, "data": {"channels": []}}


def test_check_mode_create_sends_no_write(session):
    service_route(session, {})
    result = run(session, check_mode=True)
    assert result["changed"] is True and result["service"]["url"] == "https://login.mypurecloud.com"
    assert session.writes() == []


def test_converged_service_is_unchanged(session):
    service_route(session, {"url": "https://login.mypurecloud.com", "data": {}})
    result = run(session, data={})
    assert result["changed"] is False and result["secret_updated"] is False
    assert session.writes() == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_update_without_secret_fails_before_any_write(session, check_mode):
    service_route(session, {"url": "https://login.mypurecloud.com", "data": {}})
    with pytest.raises(GenesysError, match=r"^secret: required to update service \w+ \(url differ\)"):
        run(session, check_mode=check_mode, url="https://login.usw2.pure.cloud", secret=None)
    assert session.writes() == []


def test_update_with_an_empty_secret_sends_it(session):
    service_route(session, {"url": "https://login.mypurecloud.com", "data": {}})
    result = run(session, url="https://login.usw2.pure.cloud", secret={})
    assert result["changed"] is True
    assert [c["json"] for c in session.writes()] == [{"url": "https://login.usw2.pure.cloud", "data": {}, "secret": {}}]
    assert result["diff"]["before"]["url"] == "https://login.mypurecloud.com"
    assert result["diff"]["after"]["url"] == "https://login.usw2.pure.cloud"


def test_data_is_compared_as_a_whole_and_a_replacement_carries_the_given_secret(session):
    service_route(session, {"url": "N/A", "data": {"tokenProvider": "Purecloud", "extra": 1}})
    result = run(session, url=None, data={"tokenProvider": "Purecloud"})
    assert result["changed"] is True and result["secret_updated"] is True
    assert [c["json"] for c in session.writes()] == [{"url": "N/A", "data": {"tokenProvider": "Purecloud"}, "secret": SECRET}]


@pytest.mark.parametrize("check_mode", [False, True])
def test_update_secret_always_replaces_every_time(session, check_mode):
    service_route(session, {"url": "https://login.mypurecloud.com", "data": {}})
    result = run(session, check_mode=check_mode, update_secret="always")
    assert result["changed"] is True and result["secret_updated"] is True
    assert len(session.writes()) == (0 if check_mode else 1)
    assert result["diff"]["after"]["secret"] == "(new secret)"
    assert "Gc-S3cret" not in repr(result)


def test_absent_deletes_then_is_unchanged(session):
    service_route(session, {"url": "https://login.mypurecloud.com", "data": {}})
    result = run(session, state="absent")
    assert result["changed"] is True and "service" not in result
    assert [c["method"] for c in session.writes()] == ["DELETE"]
    session.calls.clear()
    assert run(session, state="absent")["changed"] is False
    assert session.writes() == []


@pytest.mark.parametrize("overrides, field", [
    ({"ccid": "t100"}, "ccid"),
    ({"api_key": None}, "api_key"),
    ({"name": ""}, "name"),
])
def test_bad_input_fails_naming_the_field_before_any_request(session, overrides, field):
    with pytest.raises(GenesysError, match=field):
        run(session, **overrides)
    assert session.calls == []


def test_a_409_adopts_the_service_another_run_made_and_converges(session):
    stored = {}
    service_route(session, stored)
    write = session.routes[("PUT", PATH)]
    session.route("POST", PATH, handler=lambda call: (
        stored.update(url="https://other.example.com", data={}),
        (409, {"status": {"code": 409, "message": "service PurecloudIDP already exists for %s" % CCID}}))[1])
    session.route("PUT", PATH, handler=write)
    result = run(session)
    assert result["changed"] is True
    assert [c["method"] for c in session.writes()] == ["POST", "PUT"]
    assert session.writes()[1]["json"] == {"url": "https://login.mypurecloud.com", "secret": SECRET, "data": {}}
    assert result["service"]["url"] == "https://login.mypurecloud.com"


def test_a_lost_s1_answer_adopts_the_service(session, monkeypatch):
    no_sleep(monkeypatch)
    stored = {}
    service_route(session, stored)
    session.route("POST", PATH, handler=applied_then(session.routes[("POST", PATH)],
                                                     requests.exceptions.ConnectionError("reset")))
    result = run(session)
    assert result["changed"] is True and result["service"]["url"] == "https://login.mypurecloud.com"
    assert len(session.writes()) == 1
