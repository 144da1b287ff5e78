#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nex_gapis
short_description: Register a GWS with Digital Channels in the nex_gapis table
version_added: 0.1.0
description:
  - Manages the row of the Digital Channels table C(nex_gapis) for one GWS O(url) and OAuth client
    O(client_id), the step "Add GWS to the nex_gapis table for Nexus" of the Genesys documents, which
    Digital Channels needs before it accepts the tokens of that GWS.
  - Works on both layouts of the table. The current one has the columns C(region), C(authinturl) and
    C(authexturl); older deployments do not. The module reads which columns the table has.
  - The rows of one GWS URL are read and written in one transaction that holds a PostgreSQL advisory
    lock on the URL, so two runs at once never insert the row twice. All values are sent as bound
    parameters.
  - The vendor's INSERT adds a row again on each run. When several rows exist for O(url) and
    O(client_id), the module keeps the oldest (lowest C(id), or earliest C(created) when the table has
    no C(id)), brings it to the options and deletes the others, reporting their ids in
    RV(removed_duplicates).
  - URLs are matched ignoring a trailing slash; the stored URL is then made exactly O(url).
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.postgres
  - genesys.multicloud.connection.attributes
options:
  url:
    description:
      - The GWS URL Digital Channels trusts (C($gwsURL), column C(url)).
    type: str
    required: true
  client_id:
    description:
      - The OAuth client Digital Channels uses with this GWS (column C(clientid)).
    type: str
    default: nexus_client
  client_secret:
    description:
      - Secret of O(client_id) (column C(clientsecret)). Required with O(state=present).
      - The stored secret is compared with it and replaced when it differs; it is never shown.
    type: str
  client_secret_file:
    description:
      - Where the secret of O(client_id) is kept (0600, its directory 0700), used when O(client_secret) is not given.
      - When the file exists, its content is the secret. When it does not and the table has a row of O(url) and
        O(client_id), that row's secret is written there and nothing else is done, so that a run that keeps no
        secret of its own (on another controller or execution node) uses the secret in force instead of making one
        that would replace it. When neither exists, nothing is done and RV(secret_found) is false.
      - The file is local; writing it is not reported as a change. Nothing is written in check mode.
    type: path
    version_added: 0.3.0
  apikey:
    description:
      - Column C(apikey). A new row gets V(NA), the value of the Genesys documents; an existing row
        keeps its value unless this is set.
      - Treated as a secret, in case a real key is stored there.
    type: str
  region:
    description:
      - Column C(region). A new row gets C(NULL); an existing row keeps its value unless this is set.
      - Only in the current layout of the table; setting it on an older table fails.
    type: str
  auth_int_url:
    description:
      - Column C(authinturl), the Genesys Auth URL Digital Channels validates tokens with from inside the
        cluster. Defaults to O(auth_url) when that is set.
      - Only in the current layout of the table; setting it on an older table fails, while the default
        from O(auth_url) is left out with a warning.
    type: str
  auth_ext_url:
    description:
      - Column C(authexturl), the Genesys Auth URL seen from outside the cluster. Defaults to O(auth_url)
        when that is set.
      - Only in the current layout of the table, as O(auth_int_url).
    type: str
  state:
    description:
      - V(present) inserts or updates the row, V(absent) deletes every row of O(url) and O(client_id).
    type: str
    choices: [present, absent]
    default: present
notes:
  - The module talks to PostgreSQL only; of the shared connection options it uses O(auth_url) (as the
    default of O(auth_int_url) and O(auth_ext_url)) and O(timeout) (to connect).
  - In check mode the module reads in a transaction that it rolls back, and reports in RV(queries) the
    writes it would make.
seealso:
  - module: genesys.multicloud.gws_client
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Register the GWS with Digital Channels
  genesys.multicloud.nex_gapis:
    db_host: postgres.example.com
    db_user: nexus
    db_password: "{{ vault_nexus_db_password }}"
    db_sslmode: require
    url: https://gws.example.com
    client_id: nexus_client
    client_secret: "{{ vault_nexus_client_secret }}"
    auth_url: https://auth.example.com

- name: Register the GWS on an older Digital Channels database (no region or auth URL columns)
  genesys.multicloud.nex_gapis:
    db_host: postgres.example.com
    db_user: nexus
    db_password: "{{ vault_nexus_db_password }}"
    url: https://gws.example.com
    client_secret: "{{ vault_nexus_client_secret }}"

- name: Forget a GWS
  genesys.multicloud.nex_gapis:
    db_host: postgres.example.com
    db_user: nexus
    db_password: "{{ vault_nexus_db_password }}"
    url: https://old-gws.example.com
    state: absent
"""

RETURN = r"""
row:
  description:
    - The row after the task (predicted in check mode), without C(clientsecret) and with C(apikey) masked.
    - Only the columns the table has; C(id) and C(created) are C(null) for a row check mode would insert.
  returned: when O(state=present)
  type: dict
  sample:
    id: 1
    url: https://gws.example.com
    clientid: nexus_client
    apikey: "********"
    created: "2024-05-01T10:00:00.123456+00:00"
    region: null
    authinturl: https://auth.example.com
    authexturl: https://auth.example.com
secret_found:
  description: With O(client_secret_file) and no O(client_secret), whether a secret was found (in the file or the row).
  returned: when O(client_secret_file) is used
  type: bool
queries:
  description:
    - The SQL statements the task ran, with their parameters bound and secrets masked; in check mode,
      the writes it would run.
  returned: always
  type: list
  elements: str
  sample:
    - SELECT pg_advisory_xact_lock(hashtext('nex_gapis https://gws.example.com'))
    - >-
      INSERT INTO nex_gapis (url, clientid, apikey, clientsecret, authinturl, authexturl, created)
      VALUES ('https://gws.example.com', 'nexus_client', '********', '********', 'https://auth.example.com',
      'https://auth.example.com', now())
removed_duplicates:
  description: The C(id) (or C(ctid) when the table has no C(id)) of the extra rows of the same URL and client removed.
  returned: always
  type: list
  elements: str
  sample: ["7", "9"]
"""

import os
import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    SECRET_MASK, check_url, differences, require, run_module, secret_diff)
from ansible_collections.genesys.multicloud.plugins.module_utils._postgres import Statements, connect, db_argument_spec
from ansible_collections.genesys.multicloud.plugins.module_utils._store import keep_secret_file
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

TABLE = "nex_gapis"  # docs/api.md, DB1
# The columns the module manages, in the order of the documents' INSERT.
COLUMNS = ("url", "clientid", "apikey", "clientsecret", "region", "authinturl", "authexturl")
REQUIRED_COLUMNS = ("url", "clientid", "apikey", "clientsecret", "created")
# Column -> option, for the columns of the current layout only.
CURRENT_LAYOUT = {"region": "region", "authinturl": "auth_int_url", "authexturl": "auth_ext_url"}
SECRETS = ("clientsecret", "apikey")
NEW_ROW_APIKEY = "NA"

ARGUMENT_SPEC = dict(
    url=dict(type="str", required=True),
    client_id=dict(type="str", default="nexus_client"),
    client_secret=dict(type="str", no_log=True),
    client_secret_file=dict(type="path"),
    apikey=dict(type="str", no_log=True),
    region=dict(type="str"),
    auth_int_url=dict(type="str"),
    auth_ext_url=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
ARGUMENT_SPEC.update(db_argument_spec())
REQUIRED_IF = [("state", "present", ("client_secret", "client_secret_file"), True)]


def check_params(params):
    """Reject bad input before connecting."""
    check_url(params["url"], "url")
    require(params, ("client_id",), "to identify the row")
    for option in ("auth_int_url", "auth_ext_url"):
        if params.get(option) is not None:
            check_url(params[option], option)


def desired_row(params):
    """The managed columns as the options give them; None leaves a column as it is."""
    return {
        "url": params["url"], "clientid": params["client_id"], "apikey": params.get("apikey"),
        "clientsecret": params.get("client_secret"), "region": params.get("region"),
        "authinturl": params.get("auth_int_url") or params.get("auth_url"),
        "authexturl": params.get("auth_ext_url") or params.get("auth_url"),
    }


def fit_layout(desired, columns, params):
    """``desired`` without the columns the table lacks, with a warning for each.

    A value the user set explicitly cannot be dropped silently, so it fails; the auth URL
    defaults from ``auth_url`` (set for every module by ``module_defaults``) are left out.
    """
    fitted = dict(desired)
    for column, option in CURRENT_LAYOUT.items():
        if column in columns or fitted.get(column) is None:
            continue
        if params.get(option) is not None:
            raise GenesysError("%s: the %s table of this database has no %s column (an older Digital Channels layout)" % (
                option, TABLE, column))
        warn("%s has no %s column (an older layout): auth_url is not stored there" % (TABLE, column))
        del fitted[column]
    return fitted


def table_columns(db):
    """The columns of the table the name ``nex_gapis`` resolves to on the search path, as the documents' INSERT does."""
    rows = db.read("SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
                   "AND NOT attisdropped", (TABLE,))
    columns = set(row["attname"] for row in rows)
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise GenesysError("the database has no table %s with the columns %s: is db_name the Digital Channels database?" % (
            TABLE, ", ".join(REQUIRED_COLUMNS)))
    return columns


def read_rows(db, columns, url, client_id):
    """The rows of ``url`` (trailing slash ignored) and ``client_id``, oldest first, locked.

    Rows are addressed by ``ctid``, which every table has and which ``FOR UPDATE`` keeps
    stable until the transaction ends; ``id`` is assumed by the documents, not promised.
    """
    shown = [column for column in ("id",) + COLUMNS + ("created",) if column in columns]
    oldest = "id" if "id" in columns else "created NULLS LAST"
    return db.read("SELECT ctid::text AS row_ctid, %s FROM %s WHERE rtrim(url, '/') = rtrim(%%s, '/') AND clientid = %%s "
                   "ORDER BY %s FOR UPDATE" % (", ".join(shown), TABLE, oldest), (url, client_id))


def public_row(row, columns):
    """A row as the result shows it: the table's columns, no client secret, the API key masked."""
    if row is None:
        return None
    shown = dict((column, row.get(column)) for column in ("id",) + COLUMNS + ("created",) if column in columns)
    shown.pop("clientsecret", None)
    if shown.get("apikey") is not None:
        shown["apikey"] = SECRET_MASK
    if hasattr(shown.get("created"), "isoformat"):
        shown["created"] = shown["created"].isoformat()
    return shown


def managed(row, columns):
    """The managed columns of ``row`` that the table has: what diffs compare."""
    if row is None:
        return None
    return dict((column, row.get(column)) for column in COLUMNS if column in columns)


def row_key(row, columns):
    return str(row["id"]) if "id" in columns else row["row_ctid"]


def insert(db, values):
    names = list(values)
    db.write("INSERT INTO %s (%s, created) VALUES (%s, now())" % (TABLE, ", ".join(names), ", ".join(["%s"] * len(names))),
             [values[name] for name in names], secret=secret_indexes(names))


def update(db, row, changes):
    names = list(changes)
    db.write("UPDATE %s SET %s WHERE ctid = %%s::tid" % (TABLE, ", ".join("%s = %%s" % name for name in names)),
             [changes[name] for name in names] + [row["row_ctid"]], secret=secret_indexes(names))


def delete(db, rows):
    db.write("DELETE FROM %s WHERE ctid = ANY(%%s::tid[])" % TABLE, ([row["row_ctid"] for row in rows],))


def secret_indexes(names):
    return [index for index, name in enumerate(names) if name in SECRETS]


def apply(db, params, desired, rows):
    """Write what the options ask for; returns ``(changed, before, after, removed)``, ``after`` None when absent."""
    current = rows[0] if rows else None
    if params["state"] == "absent":
        if rows:
            delete(db, rows)
        return bool(rows), current, None, []
    if current is None:
        values = dict(desired, apikey=desired.get("apikey") or NEW_ROW_APIKEY)
        after = dict((column, values[column]) for column in COLUMNS if values.get(column) is not None)
        insert(db, after)
        return True, None, dict(after, id=None, created=None), []
    changes = differences(current, desired)
    if changes:
        update(db, current, changes)
    if rows[1:]:
        delete(db, rows[1:])
    return bool(changes or rows[1:]), current, dict(current, **changes), rows[1:]


def read_secret_file(path):
    try:
        with open(path, encoding="utf-8") as stream:
            secret = stream.read().strip()
    except OSError as exc:
        raise GenesysError("client_secret_file: cannot read %s: %s" % (path, exc.strerror)) from None
    if not secret:
        raise GenesysError("client_secret_file: %s is empty" % path)
    return secret


def adopt_secret(db, columns, params, check_mode):
    """Keep the secret of the existing row in ``client_secret_file``, which does not exist (see the option)."""
    rows = read_rows(db, columns, params["url"], params["client_id"])
    db.finish()
    secret = rows[0].get("clientsecret") if rows else None
    if secret and not check_mode:
        keep_secret_file(params["client_secret_file"], secret)
    return {"changed": False, "secret_found": bool(secret), "queries": db.queries,
            "row": public_row(rows[0], columns) if rows else None}


def run(params, check_mode, session=None):
    """Bring the ``nex_gapis`` row of ``params["url"]`` to ``params``; returns the module result.

    ``session`` opens the database connection from ``params`` (default ``connect``): it is
    called only once the inputs are checked."""
    check_params(params)
    adopting = params["state"] == "present" and not params.get("client_secret")
    if adopting and os.path.exists(params["client_secret_file"]):
        params = dict(params, client_secret=read_secret_file(params["client_secret_file"]))
        adopting = False
    conn = (session or connect)(params)
    try:
        db = Statements(conn, check_mode)
        db.read("SELECT pg_advisory_xact_lock(hashtext(%s))", ("%s %s" % (TABLE, params["url"].rstrip("/")),))
        columns = table_columns(db)
        if adopting:
            return adopt_secret(db, columns, params, check_mode)
        desired = fit_layout(desired_row(params), columns, params) if params["state"] == "present" else {}
        rows = read_rows(db, columns, params["url"], params["client_id"])
        changed, before, after, removed = apply(db, params, desired, rows)
        if after is not None and changed and not check_mode:
            after = read_rows(db, columns, params["url"], params["client_id"])[0]
        db.finish()
    finally:
        conn.close()
    result = {"changed": changed, "diff": secret_diff(managed(before, columns), managed(after, columns), SECRETS),
              "removed_duplicates": [row_key(row, columns) for row in removed], "queries": db.queries}
    if after is not None:
        result["row"] = public_row(after, columns)
    return result


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
