"""An environment that already holds duplicates (made by hand, an older version or another tool) is
repaired by a documented option, never left failing; and a run that must wait for another says so."""

import json
import re
import time
import uuid

from reliability_helpers import duplicates, is_write

REPAIR = "-e genesys_repair_duplicates=true"


def add_duplicate(sandbox, tenant, name):
    """A second live key named ``name``, created a second after the first, as a hand-made one would be."""
    conn = sandbox.db()
    try:
        with conn, conn.cursor() as cur:
            cur.execute("INSERT INTO sandbox.apikeys (id, tenant, name, permissions, enabled, createdby, origin, created) "
                        "SELECT %s, tenant, name, permissions, enabled, 'someone', 'apikeys', created + interval '1 second' "
                        "FROM sandbox.apikeys WHERE tenant = %s AND name = %s AND NOT revoked",
                        (str(uuid.uuid4()), tenant, name))
    finally:
        conn.close()


def writes_since(sandbox, seq):
    return [entry for entry in sandbox.requests(seq) if is_write(entry)]


def test_duplicates_fail_readably_then_are_repaired(tenants, make_inventory, report):
    sandbox = tenants.sandbox
    inventory = make_inventory({"r01": tenants.ucs("r01"), "r02": tenants.gma("r02")})
    assert inventory.run().rc == 0
    sandbox.accept_duplicates(True)
    add_duplicate(sandbox, "*", "Portico Cluster API Key")
    add_duplicate(sandbox, tenants.ccid("r01"), "Chat key r01")
    ids = [key["id"] for key in sandbox.state()["apikeys"]]
    stored = json.loads((inventory.secrets_dir / "environment.json").read_text())["apikeys"]["Portico Cluster API Key"]

    seq = sandbox.last_seq()
    refused = inventory.run()
    message = " ".join(refused.messages())
    refused_writes = writes_since(sandbox, seq)

    seq = sandbox.last_seq()
    preview = inventory.run("enable_tenant", "--check", "--diff", *REPAIR.split())
    preview_writes = writes_since(sandbox, seq)

    repaired = inventory.run("enable_tenant", *REPAIR.split())
    state = sandbox.state()
    after = inventory.run()
    changed = sum(counts["changed"] for counts in after.recap.values())
    kept = [key["id"] for key in state["apikeys"] if key["name"] == "Portico Cluster API Key" and not key["revoked"]]
    row = {"refused": "rc %s" % refused.rc, "writes before the failure": len(refused_writes),
           "names the repair": REPAIR in message, "ids in the message": sum(key_id in message for key_id in ids),
           "check --diff writes": len(preview_writes), "repaired": "rc %s" % repaired.rc, "duplicates after": duplicates(state),
           "stored key kept": kept == [stored], "changed in the next run": changed}
    met = (refused.rc != 0 and not refused_writes and row["names the repair"] and row["ids in the message"] == 0
           and preview.rc == 0 and not preview_writes and repaired.rc == 0 and row["duplicates after"] == 0
           and row["stored key kept"] and after.rc == 0 and changed == 0)
    report.add("duplicates already there", "a readable failure before any write; check --diff writes nothing; repaired; then changed 0",
               met, {"cases": 1, "duplicates": row["duplicates after"], "writes before a validation error": len(refused_writes)}, [row])
    assert refused.rc != 0 and refused_writes == [], row
    assert "Portico Cluster API Key" in message and re.search(r"created \d{4}-", message) and row["names the repair"], message
    assert row["ids in the message"] == 0, message
    assert preview.rc == 0 and preview_writes == [], preview
    assert "live keys created" in preview.output, preview
    assert repaired.rc == 0 and row["duplicates after"] == 0 and row["stored key kept"], row
    assert after.rc == 0 and changed == 0, after


def lock_key(inventory, scope):
    """The key of a lock the playbooks take (playbooks/vars/connection.yml, genesys_lock_connection)."""
    return "genesys.multicloud %s %s %s" % (inventory.environment["gws_url"], inventory.environment["nexus_url"], scope)


def test_a_run_waiting_for_the_lock_says_so_and_goes_on_when_it_is_released(tenants, make_inventory, report):
    sandbox = tenants.sandbox
    inventory = make_inventory({"r01": tenants.basic("r01")})
    conn = sandbox.db()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SET application_name = 'operator-console on bastion'")
        cur.execute("SELECT pg_advisory_lock(hashtext(%s))", (lock_key(inventory, "environment"),))
    run = inventory.start()
    seen = ""
    while run.process.poll() is None and "held by operator-console on bastion" not in seen:
        time.sleep(0.1)
        with open(run.log.name, encoding="utf-8") as log:
            seen = log.read()
    writes_while_held = writes_since(sandbox, 0)
    conn.close()
    run.wait()
    said = re.search(r"waiting for the lock of environment in \S+ \S+, held by operator-console on bastion", run.output)
    report.add("a run waiting for another", "says who holds the lock and goes on when it is released",
               bool(said) and run.rc == 0 and not writes_while_held, {"cases": 1, "survived in the run": int(run.rc == 0)},
               [{"said who holds it": bool(said), "writes while held": len(writes_while_held), "rc": run.rc}])
    assert said, run
    assert writes_while_held == [], writes_while_held
    assert run.rc == 0, run
