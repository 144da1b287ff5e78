# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The key listing where K2 is missing or refused: the keys of the nex_apikeys table (docs/api.md, DB2)."""

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils import _nexus
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nexus_apikey
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.fake_http import envelope

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
KEY_ID = "22552b96-8783-46a9-b0eb-075ddfa8893e"
# A key as read_apikeys gives it: K2's fields that the table has, the others at K2's defaults.
STORED = {"id": KEY_ID, "tenant": CCID, "name": "API key for t100", "permissions": ["nexus:consumer:chat"],
          "enabled": True, "revoked": False}
DATABASE = dict(db_host="127.0.0.1", db_user="nexus", db_password="Db-Pa55")


def params(**overrides):
    values = dict(nexus_url="https://nexus.example.com", auth_url="https://auth.example.com", token="given",
                  tenant=CCID, name="API key for t100", permissions=["nexus:consumer:chat"])
    values.update(overrides)
    return module_params(nexus_apikey, **values)


@pytest.fixture
def database(monkeypatch):
    """read_apikeys, recording the options it was given."""
    reads = []

    def read(options):
        reads.append(dict((name, options[name]) for name in DATABASE))
        return [dict(STORED)]
    monkeypatch.setattr(_nexus, "read_apikeys", read)
    return reads


@pytest.mark.parametrize("status", [404, 403], ids=["missing", "refused"])
def test_keys_come_from_the_database_when_k2_is_missing_or_refused(session, database, status):
    session.route("GET", "/nexus/v3/apikeys", status=status, body={"status": {"code": status, "message": "no"}})
    result = nexus_apikey.run(params(**DATABASE), False, session=session)
    assert result["changed"] is False and result["apikey"]["id"] == KEY_ID
    assert session.writes() == []
    assert database == [DATABASE]


def test_k2_is_read_first_and_the_database_not_at_all_when_it_answers(session, database):
    session.route("GET", "/nexus/v3/apikeys", body=envelope([dict(STORED, name="from K2")]))
    result = nexus_apikey.run(params(name="from K2", **DATABASE), False, session=session)
    assert result["changed"] is False and database == []


def test_without_the_database_a_missing_k2_fails_naming_the_options(session, database):
    session.route("GET", "/nexus/v3/apikeys", status=404, body={"status": {"code": 404, "message": "no"}})
    with pytest.raises(GenesysError, match="set the db_\\* options") as failure:
        nexus_apikey.run(params(), False, session=session)
    assert session.writes() == [] and database == []
    assert KEY_ID not in str(failure.value)


def test_without_the_database_a_refused_k2_fails(session, database):
    session.route("GET", "/nexus/v3/apikeys", status=403, body={"status": {"code": 403, "message": "no"}})
    with pytest.raises(GenesysError) as failure:
        nexus_apikey.run(params(), False, session=session)
    assert failure.value.status == 403 and session.writes() == [] and database == []


def test_db_host_needs_its_user_and_password():
    with pytest.raises(Exception, match="db_user"):
        params(db_host="127.0.0.1")
