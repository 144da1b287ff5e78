# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PostgreSQL access to the Digital Channels database, on psycopg2."""

from __future__ import annotations

import json
import traceback

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import SECRET_MASK

try:
    import psycopg2
except ImportError:
    HAS_PSYCOPG2 = False
    PSYCOPG2_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_PSYCOPG2 = True
    PSYCOPG2_IMPORT_ERROR = None

# What a failed statement raises; nothing to catch when psycopg2 is missing.
DB_ERRORS = (psycopg2.Error,) if HAS_PSYCOPG2 else ()

SSLMODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]


# docs/api.md, DB2: the key table the vendor's scripts read (SELECT name,id FROM nex_apikeys), and the
# columns of it a key listing uses, as K2 names them; only id and name are known to exist.
KEY_TABLE = "nex_apikeys"
KEY_COLUMNS = ("id", "name", "tenant", "permissions", "enabled", "revoked")
# Where the database connection is optional (the key listing's fallback), these come together.
DB_REQUIRED_BY = {"db_host": ("db_user", "db_password")}


def db_argument_spec(required=True):
    """The options that reach the Digital Channels database (Helm ``nexus.db.*``)."""
    return dict(
        db_host=dict(type="str", required=required),
        db_port=dict(type="int", default=5432),
        db_name=dict(type="str", default="nexus"),
        db_user=dict(type="str", required=required),
        db_password=dict(type="str", required=required, no_log=True),
        db_sslmode=dict(type="str", default="prefer", choices=SSLMODES),
        db_ca_path=dict(type="path"),
    )


def connect(params):
    """A connection (not autocommit) to the database the ``db_*`` options name."""
    if not HAS_PSYCOPG2:
        raise GenesysError("the psycopg2 Python library is required to reach the Digital Channels database")
    kwargs = dict(host=params["db_host"], port=params["db_port"], dbname=params["db_name"],
                  user=params["db_user"], password=params["db_password"], sslmode=params["db_sslmode"],
                  connect_timeout=params.get("timeout") or 30, application_name="genesys.multicloud")
    if params.get("db_ca_path"):
        kwargs["sslrootcert"] = params["db_ca_path"]
    try:
        return psycopg2.connect(**kwargs)
    except psycopg2.Error as exc:
        # psycopg2's message names host, port and user, never the password.
        raise GenesysError("cannot connect to the Digital Channels database %s:%s/%s: %s" % (
            params["db_host"], params["db_port"], params["db_name"], str(exc).strip())) from None


def read_apikeys(params):
    """Every API key as the Digital Channels database holds it (docs/api.md, DB2), shaped as K2 lists
    them. The table's columns are read first: of K2's fields, those it lacks take K2's defaults (a key
    is enabled and not revoked). The ids are the keys themselves: secrets."""
    conn = connect(params)
    try:
        statements = Statements(conn, check_mode=True)
        columns = set(row["column_name"] for row in statements.read(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND table_schema = ANY(current_schemas(false))", (KEY_TABLE,)))
        if not {"id", "name"} <= columns:
            raise GenesysError("the Digital Channels database %s:%s/%s has no %s table with the columns name and id" % (
                params["db_host"], params["db_port"], params["db_name"], KEY_TABLE))
        rows = statements.read("SELECT %s FROM %s" % (", ".join(c for c in KEY_COLUMNS if c in columns), KEY_TABLE))
        statements.finish()
    finally:
        conn.close()
    return [dict({"enabled": True, "revoked": False}, **key_fields(row)) for row in rows]


def key_fields(row):
    """A row's fields as K2 gives them: permissions a list, even where the column holds JSON text."""
    if isinstance(row.get("permissions"), str):
        try:
            row["permissions"] = json.loads(row["permissions"])
        except ValueError:
            row["permissions"] = [row["permissions"]]
    return row


class Statements:
    """The statements of one module run, in one transaction on ``conn``.

    Every statement is recorded with its parameters bound and its secret parameters masked,
    for the ``queries`` result. In check mode writes are recorded but not executed, and
    ``finish`` rolls back; otherwise it commits.
    """

    def __init__(self, conn, check_mode):
        self.conn = conn
        self.check_mode = check_mode
        self.cursor = conn.cursor()
        self.queries = []

    def read(self, sql, args=(), secret=()):
        """Run a query; its rows as dicts."""
        self._record(sql, args, secret)
        self._execute(sql, args)
        if self.cursor.description is None:
            return []
        names = [column[0] for column in self.cursor.description]
        return [dict(zip(names, row)) for row in self.cursor.fetchall()]

    def write(self, sql, args=(), secret=()):
        """Run a statement that changes data, except in check mode."""
        self._record(sql, args, secret)
        if not self.check_mode:
            self._execute(sql, args)

    def finish(self):
        """End the transaction: commit, or roll back in check mode."""
        if self.check_mode:
            self.conn.rollback()
        else:
            self.conn.commit()

    def _record(self, sql, args, secret):
        shown = [SECRET_MASK if index in secret and value is not None else value for index, value in enumerate(args)]
        query = self.cursor.mogrify(sql, shown)
        self.queries.append(query.decode() if isinstance(query, bytes) else query)

    def _execute(self, sql, args):
        try:
            self.cursor.execute(sql, args)
        except DB_ERRORS as exc:
            # The primary message only: the detail line may quote row values.
            message = getattr(getattr(exc, "diag", None), "message_primary", None) or type(exc).__name__
            raise GenesysError("the Digital Channels database refused %s: %s" % (sql.split()[0], message)) from None
