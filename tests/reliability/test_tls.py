"""TLS and the database: the sandbox over HTTPS with a private CA, PostgreSQL with TLS
(sslmode verify-full and its CA), and a database restarted between two runs."""

import contextlib
import json
import shutil
import tempfile
from pathlib import Path

from genesys_sandbox.testing import running_postgres, running_sandbox, start_postgres, stop_postgres
from reliability_helpers import Inventory, Tenants, contact_centers, is_write, tenant_complete


def test_tls_and_database(report, secrets_seen, tmp_path):
    rows = []
    with contextlib.ExitStack() as stack:
        # In the system's temporary directory, which the server's user can reach.
        pg_dir = tempfile.mkdtemp(prefix="genesys-pg-tls-")
        stack.callback(shutil.rmtree, pg_dir, True)
        pg = stack.enter_context(running_postgres(pg_dir, ssl=True))
        sandbox = stack.enter_context(running_sandbox({"tls": True, "contact_centers": contact_centers(2)},
                                                      runtime_dir=tmp_path / "sandbox", pg=pg))
        tenants = Tenants(sandbox)
        hosts = {"r01": tenants.ucs("r01")}

        def case(what, expectation, ok, run, extra=""):
            secrets_seen(inventory, run)
            rows.append({"case": what, "expected": expectation, "met": bool(ok), "rc": run.rc,
                         "detail": extra or " | ".join(run.messages())})

        # No CA: the run stops at its first request, on the certificate, having written nothing.
        inventory = Inventory(sandbox, tmp_path / "no-ca", hosts, {"genesys_ca_path": None})
        del inventory.environment["genesys_ca_path"]
        inventory.write()
        run = inventory.run()
        message = " | ".join(run.messages())
        writes = [entry for entry in sandbox.requests(0) if is_write(entry)]
        case("HTTPS, no genesys_ca_path", "fails at the first request, on the certificate, 0 writes",
             run.rc != 0 and "certificate" in message.lower() and not writes and len(run.failures()) == 1, run)

        # With the CA: the whole run.
        inventory = Inventory(sandbox, tmp_path / "ca", hosts)
        run = inventory.run()
        case("HTTPS, genesys_ca_path = the CA", "succeeds",
             run.rc == 0 and tenant_complete(inventory, sandbox.state(), "r01"), run)

        # Certificates not checked: works, and says so.
        unchecked = Inventory(sandbox, tmp_path / "ca", hosts, {"genesys_validate_certs": False})
        del unchecked.environment["genesys_ca_path"]
        unchecked.write()
        run = unchecked.run()
        warnings = [line for line in run.output.splitlines() if "WARNING" in line and ("certificate" in line.lower() or "validate_certs" in line)]
        case("HTTPS, genesys_validate_certs: false", "succeeds and warns", run.rc == 0 and warnings, run,
             " | ".join(warnings) or "no warning about certificates")

        # PostgreSQL: verify-full against its CA, on a fresh environment.
        sandbox.reset()
        database = {"nexus_db_sslmode": "verify-full", "nexus_db_ca_path": pg["ca_path"]}
        inventory = Inventory(sandbox, tmp_path / "db", hosts, database)
        run = inventory.run()
        case("PostgreSQL sslmode verify-full, nexus_db_ca_path = its CA", "succeeds",
             run.rc == 0 and tenant_complete(inventory, sandbox.state(), "r01"), run)

        # The database restarted (and the sandbox with it) between two runs, on the default sslmode so
        # that this case does not depend on the one above: the second run changes nothing.
        inventory = Inventory(sandbox, tmp_path / "restart", hosts)
        first = inventory.run()
        secrets_seen(inventory, first)
        stop_postgres(pg_dir)
        start_postgres(pg_dir, ssl=True)
        sandbox.pg = json.loads((Path(pg_dir) / "pg.json").read_text(encoding="utf-8"))
        sandbox.restart()
        inventory.environment["nexus_db_port"] = sandbox.pg["port"]
        inventory.write()
        run = inventory.run()
        case("database restarted between two runs", "both succeed, the second changes nothing",
             first.rc == 0 and run.rc == 0 and all(counts["changed"] == 0 for counts in run.recap.values()), run)

    met = all(row["met"] for row in rows) and not secrets_seen.found
    report.add("TLS and the database", "each case as expected", met,
               {"cases": len(rows), "survived in the run": "%d of %d as expected" % (sum(row["met"] for row in rows), len(rows)),
                "secrets in output": secrets_seen.figure()}, rows)
    assert [row for row in rows if not row["met"]] == []
    assert secrets_seen.found == []
