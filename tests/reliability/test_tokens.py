"""Tokens that expire during the run: a 3-second lifetime with ten tenants."""

from reliability_helpers import duplicates, tenant_complete

LIFETIME = 3
TENANTS = 10


def test_short_token_lifetime(tenants, make_inventory, report, secrets_seen):
    sandbox = tenants.sandbox
    sandbox.set_token_lifetime(LIFETIME)
    hosts = {"r%02d" % index: tenants.basic("r%02d" % index) for index in range(1, TENANTS + 1)}
    inventory = make_inventory(hosts)
    run = inventory.run()
    state = sandbox.state()
    secrets_seen(inventory, run)
    expired = sum(1 for entry in sandbox.requests(0) if entry["status"] == 401)
    rows = [{"tenant": host, "completed": run.completed(host) and tenant_complete(inventory, state, host),
             "failure": " | ".join(run.messages(host))} for host in hosts]
    completed = sum(row["completed"] for row in rows)
    met = completed == TENANTS and run.rc == 0 and not secrets_seen.found
    report.add("token lifetime of %d s" % LIFETIME, "every tenant completes", met,
               {"cases": "%d tenants" % TENANTS, "survived in the run": "%d of %d (%d answers 401)" % (completed, TENANTS, expired),
                "duplicates": duplicates(state), "other tenants completed": "%d of %d" % (completed, TENANTS),
                "secrets in output": secrets_seen.figure()}, rows)
    # The run got 3-second tokens (a reset would have restored the configured lifetime).
    assert sandbox.state()["token_lifetime"] == LIFETIME
    assert completed == TENANTS and run.rc == 0, run
    assert duplicates(state) == 0
    assert secrets_seen.found == []
