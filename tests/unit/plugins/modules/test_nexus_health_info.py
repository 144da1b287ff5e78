# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_health_info

GREEN = {"buildInfo": {"version": "9.0.001.01"}, "cache": {"ready": True, "state": "READY"},
         "db": {"ready": True}, "state": "green"}
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params


def params(**overrides):
    values = dict(nexus_url="https://nexus.example.com")
    values.update(overrides)
    values = module_params(nexus_health_info, **values)
    return values


def run(session, **overrides):
    return nexus_health_info.run(params(**overrides), False, session=session)


def test_green(session):
    session.route("GET", "/health/detail", body=GREEN)
    result = run(session, require_green=True)
    assert result == {"changed": False, "health": GREEN, "green": True}
    assert session.writes() == []


@pytest.mark.parametrize("document", [
    dict(GREEN, state="yellow"),
    dict(GREEN, db={"ready": False}),
    dict(GREEN, cache={"ready": False, "state": "CONNECTING"}),
    {"state": "green"},
])
def test_not_green(session, document):
    session.route("GET", "/health/detail", body=document)
    assert run(session)["green"] is False


def test_503_with_the_document_is_an_answer(session):
    red = dict(GREEN, db={"ready": False}, state="red")
    session.route("GET", "/health/detail", status=503, body=red)
    result = run(session)
    assert result["green"] is False and result["health"] == red


def test_503_without_a_document_fails(session):
    session.route("GET", "/health/detail", status=503, body={"status": {"code": 503, "message": "injected fault"}})
    with pytest.raises(GenesysError, match="HTTP 503"):
        run(session)


def test_require_green_fails_naming_the_state(session):
    session.route("GET", "/health/detail", body=dict(GREEN, state="red", db={"ready": False}))
    with pytest.raises(GenesysError, match="state red, db.ready False, cache.ready True"):
        run(session, require_green=True)


def test_missing_nexus_url_fails_before_any_request(session):
    with pytest.raises(GenesysError, match="nexus_url"):
        run(session, nexus_url=None)
    assert session.calls == []
