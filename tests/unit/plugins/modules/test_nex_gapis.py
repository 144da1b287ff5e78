# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import datetime
import re

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.modules import nex_gapis

CURRENT = ("id", "url", "clientid", "apikey", "clientsecret", "created", "region", "authinturl", "authexturl")
LEGACY = ("id", "url", "clientid", "apikey", "clientsecret", "created")
GWS = "https://gws.example.com"
AUTH = "https://auth.example.com"
from ansible_collections.genesys.multicloud.tests.unit.module_params import SpecError, module_params


class FakeDatabase:
    """Just enough of a psycopg2 connection to ``nex_gapis`` for the statements the module sends:
    one table in memory, changed by a transaction only when it commits."""

    def __init__(self, columns=CURRENT, rows=()):
        self.columns = columns
        self.table = []
        self.next_id = 1
        for row in rows:
            self.add(self.table, row)
        self.statements = []
        self.commits = 0
        self.closed = False

    def add(self, table, values):
        row = dict.fromkeys(self.columns)
        row.update(values, id=self.next_id, ctid="(0,%d)" % self.next_id)
        row["created"] = row["created"] or datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
        table.append(row)
        self.next_id += 1

    def connect(self, params):
        self.params = params
        self.work = copy.deepcopy(self.table)
        return self

    def cursor(self):
        return FakeCursor(self)

    def commit(self):
        self.commits += 1
        self.table = self.work

    def rollback(self):
        self.work = copy.deepcopy(self.table)

    def close(self):
        self.closed = True

    def writes(self):
        return [sql for sql, args in self.statements if sql.split()[0] in ("INSERT", "UPDATE", "DELETE")]


class FakeCursor:
    def __init__(self, db):
        self.db = db
        self.description = None
        self.rows = []

    @staticmethod
    def mogrify(sql, args):
        return (sql % tuple(repr(arg) for arg in args)).encode()

    def fetchall(self):
        return self.rows

    def answer(self, names, rows):
        self.description = [(name,) for name in names]
        self.rows = [tuple(row.get(name) for name in names) for row in rows]

    def execute(self, sql, args):
        db = self.db
        db.statements.append((sql, list(args)))
        self.description, self.rows = None, []
        if sql.startswith("SELECT pg_advisory_xact_lock"):
            self.answer(["pg_advisory_xact_lock"], [{}])
        elif sql.startswith("SELECT attname"):
            self.answer(["attname"], [{"attname": name} for name in db.columns])
        elif sql.startswith("SELECT ctid"):
            names = ["row_ctid"] + re.search(r"row_ctid, (.*) FROM", sql).group(1).split(", ")
            url, clientid = args
            rows = [dict(row, row_ctid=row["ctid"]) for row in db.work
                    if row["url"].rstrip("/") == url.rstrip("/") and row["clientid"] == clientid]
            self.answer(names, sorted(rows, key=lambda row: row["id"]))
        elif sql.startswith("INSERT"):
            names = re.search(r"\((.*), created\)", sql).group(1).split(", ")
            db.add(db.work, dict(zip(names, args)))
        elif sql.startswith("UPDATE"):
            names = re.findall(r"(\w+) = %s", sql)
            for row in db.work:
                if row["ctid"] == args[-1]:
                    row.update(zip(names, args))
        elif sql.startswith("DELETE"):
            db.work = [row for row in db.work if row["ctid"] not in args[0]]
        else:
            raise AssertionError("unexpected statement: " + sql)


def params(**overrides):
    """Validated parameters as the module would receive them."""
    values = dict(db_host="db.example.com", db_user="nexus", db_password="db-pass", url=GWS,
                  client_secret="client-s3cret", auth_url=AUTH)
    values.update(overrides)
    values = module_params(nex_gapis, **values)
    return values


def run(db, check_mode=False, **overrides):
    return nex_gapis.run(params(**overrides), check_mode, session=db.connect)


def registered(**values):
    row = dict(url=GWS, clientid="nexus_client", apikey="NA", clientsecret="client-s3cret", authinturl=AUTH, authexturl=AUTH)
    row.update(values)
    return row


def test_inserts_the_documented_row():
    db = FakeDatabase()
    result = run(db)
    assert result["changed"] is True
    assert db.writes() == [
        "INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, authinturl, authexturl, created) "
        "VALUES (%s, %s, %s, %s, %s, %s, now())"]
    [row] = db.table
    assert row["url"] == GWS and row["clientid"] == "nexus_client" and row["apikey"] == "NA"
    assert row["clientsecret"] == "client-s3cret" and row["authinturl"] == AUTH and row["authexturl"] == AUTH
    assert row["region"] is None
    assert result["row"]["id"] == 1 and result["row"]["apikey"] == "********" and "clientsecret" not in result["row"]
    assert result["row"]["created"] == "2024-05-01T00:00:00+00:00"
    assert result["diff"]["before"] == {} and result["diff"]["after"]["clientsecret"] == "********"
    assert "client-s3cret" not in repr(result)
    assert any(query.startswith("INSERT") and "'********'" in query for query in result["queries"])
    assert db.closed and db.commits == 1


def test_takes_the_advisory_lock_on_the_url_first():
    db = FakeDatabase()
    run(db, url=GWS + "/")
    sql, args = db.statements[0]
    assert sql.startswith("SELECT pg_advisory_xact_lock") and args == ["nex_gapis " + GWS]


def test_check_mode_writes_nothing_and_rolls_back():
    db = FakeDatabase()
    result = run(db, check_mode=True)
    assert result["changed"] is True
    assert db.writes() == [] and db.table == [] and db.commits == 0
    assert result["row"]["id"] is None and result["row"]["url"] == GWS
    assert any(query.startswith("INSERT") for query in result["queries"])


def test_converged_row_is_unchanged():
    db = FakeDatabase(rows=[registered()])
    result = run(db)
    assert result["changed"] is False
    assert db.writes() == []
    assert result["diff"]["before"] == result["diff"]["after"]


def test_changed_secret_is_updated_and_never_shown():
    db = FakeDatabase(rows=[registered(clientsecret="old-s3cret")])
    result = run(db)
    assert result["changed"] is True
    assert db.writes() == ["UPDATE nex_gapis SET clientsecret = %s WHERE ctid = %s::tid"]
    assert db.table[0]["clientsecret"] == "client-s3cret"
    assert result["diff"]["before"]["clientsecret"] == "(previous secret)"
    assert result["diff"]["after"]["clientsecret"] == "(new secret)"
    assert "s3cret" not in repr(result)


def test_options_left_unset_keep_the_column():
    db = FakeDatabase(rows=[registered(apikey="real-key", region="emea")])
    assert run(db)["changed"] is False
    result = run(db, region="apac", auth_int_url="http://auth.internal:8080")
    assert db.writes() == ["UPDATE nex_gapis SET region = %s, authinturl = %s WHERE ctid = %s::tid"]
    assert result["diff"]["after"]["region"] == "apac" and db.table[0]["apikey"] == "real-key"


def test_trailing_slash_matches_and_is_corrected():
    db = FakeDatabase(rows=[registered(url=GWS + "/")])
    result = run(db)
    assert result["changed"] is True and db.table[0]["url"] == GWS and len(db.table) == 1


def test_duplicates_keep_the_oldest():
    db = FakeDatabase(rows=[registered(clientsecret="stale"), registered(), registered(), registered(url="https://other")])
    result = run(db)
    assert result["changed"] is True
    assert result["removed_duplicates"] == ["2", "3"]
    assert [row["id"] for row in db.table] == [1, 4]
    assert db.table[0]["clientsecret"] == "client-s3cret"
    assert run(db)["changed"] is False


def test_other_client_of_the_same_url_is_a_separate_row():
    db = FakeDatabase(rows=[registered(clientid="other_client")])
    assert run(db)["changed"] is True
    assert len(db.table) == 2


def test_absent_deletes_every_row_then_is_unchanged():
    db = FakeDatabase(rows=[registered(), registered(), registered(url="https://other")])
    result = run(db, state="absent", client_secret=None)
    assert result["changed"] is True
    assert [row["url"] for row in db.table] == ["https://other"]
    assert result["diff"]["after"] == {} and result["diff"]["before"]["url"] == GWS
    assert "row" not in result
    assert run(db, state="absent")["changed"] is False
    assert db.writes() == ["DELETE FROM nex_gapis WHERE ctid = ANY(%s::tid[])"]


def test_check_mode_absent_keeps_the_row():
    db = FakeDatabase(rows=[registered()])
    assert run(db, check_mode=True, state="absent")["changed"] is True
    assert len(db.table) == 1 and db.writes() == []


def test_legacy_layout_leaves_out_the_auth_url_default_with_a_warning(monkeypatch):
    warnings = []
    monkeypatch.setattr(nex_gapis, "warn", warnings.append)
    db = FakeDatabase(columns=LEGACY)
    result = run(db)
    assert result["changed"] is True
    assert db.writes() == ["INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, created) VALUES (%s, %s, %s, %s, now())"]
    assert set(result["row"]) == {"id", "url", "clientid", "apikey", "created"}
    assert len(warnings) == 2 and "authinturl" in warnings[0] and "authexturl" in warnings[1]
    assert run(db)["changed"] is False


@pytest.mark.parametrize("option, column", [("region", "region"), ("auth_int_url", "authinturl"), ("auth_ext_url", "authexturl")])
def test_legacy_layout_refuses_an_explicit_new_column(option, column):
    db = FakeDatabase(columns=LEGACY)
    with pytest.raises(GenesysError, match="^%s: .* no %s column" % (option, column)):
        run(db, **{option: "https://auth.internal" if option != "region" else "emea"})
    assert db.writes() == [] and db.closed


def test_missing_table_is_reported():
    db = FakeDatabase(columns=())
    with pytest.raises(GenesysError, match="no table nex_gapis"):
        run(db)
    assert db.closed


@pytest.mark.parametrize("overrides, field", [
    (dict(url="gws.example.com"), "url"),
    (dict(client_id=""), "client_id"),
    (dict(auth_int_url="not a url"), "auth_int_url"),
    (dict(auth_ext_url="ftp://auth"), "auth_ext_url"),
])
def test_bad_input_named_before_connecting(overrides, field):
    db = FakeDatabase()
    with pytest.raises(GenesysError, match=field):
        run(db, **overrides)
    assert db.statements == [] and not hasattr(db, "params")


def test_the_spec_requires_the_client_secret_to_be_present():
    with pytest.raises(SpecError, match="state is present but any of the following are missing: client_secret, client_secret_file"):
        params(client_secret=None)
    assert params(client_secret=None, state="absent")["client_secret"] is None


def test_a_run_without_a_secret_takes_the_rows_into_its_file_and_writes_no_row(tmp_path):
    db = FakeDatabase(rows=[registered()])
    path = tmp_path / "secrets" / "nexus_client_secret"
    result = run(db, client_secret=None, client_secret_file=str(path))
    assert result["changed"] is False and result["secret_found"] is True and db.writes() == []
    assert path.read_text() == "client-s3cret\n" and oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    assert "client-s3cret" not in repr(result)


def test_a_kept_secret_file_is_the_secret(tmp_path):
    db = FakeDatabase(rows=[registered()])
    path = tmp_path / "nexus_client_secret"
    path.write_text("new-s3cret\n")
    assert run(db, client_secret=None, client_secret_file=str(path))["changed"] is True
    assert db.table[0]["clientsecret"] == "new-s3cret"


def test_without_a_row_or_a_file_nothing_is_found_and_nothing_written(tmp_path):
    db = FakeDatabase()
    path = tmp_path / "nexus_client_secret"
    result = run(db, client_secret=None, client_secret_file=str(path))
    assert result["secret_found"] is False and not path.exists() and db.writes() == []


def test_check_mode_takes_no_secret_into_a_file(tmp_path):
    db = FakeDatabase(rows=[registered()])
    path = tmp_path / "nexus_client_secret"
    assert run(db, check_mode=True, client_secret=None, client_secret_file=str(path))["secret_found"] is True
    assert not path.exists()
