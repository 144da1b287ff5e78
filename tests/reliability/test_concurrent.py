"""Two runs of the same inventory started together (two people launching one job template),
three times: both succeed, every xapikey is kept, nothing is made twice."""

from reliability_helpers import duplicates, tenant_complete

ROUNDS = 3


def test_two_runs_at_once(tenants, make_inventory, report, secrets_seen):
    sandbox = tenants.sandbox
    rows = []
    for round_number in range(1, ROUNDS + 1):
        sandbox.reset()
        hosts = {"r01": tenants.ucs("r01"), "r02": tenants.gma("r02")}
        inventory = make_inventory(hosts, name="round-%d" % round_number)
        first, second = inventory.start("enable_tenant", "-vvv", "--diff"), inventory.start()
        first.wait(), second.wait()
        state = sandbox.state()
        secrets_seen(inventory, first, second)
        complete = [host for host in hosts if tenant_complete(inventory, state, host)]
        rows.append({"round": round_number, "first run": "rc %s" % first.rc, "second run": "rc %s" % second.rc,
                     "tenants complete with their xapikey": "%d of %d" % (len(complete), len(hosts)),
                     "duplicates": duplicates(state),
                     "failures": " | ".join(first.messages() + second.messages())})

    both = sum(row["first run"] == "rc 0" and row["second run"] == "rc 0" for row in rows)
    dups = sum(row["duplicates"] for row in rows)
    lost = sum(int(row["tenants complete with their xapikey"].split()[2]) - int(row["tenants complete with their xapikey"].split()[0])
               for row in rows)
    met = both == ROUNDS and dups == 0 and lost == 0 and not secrets_seen.found
    report.add("two runs at once", "both succeed; nothing lost; duplicates 0", met,
               {"cases": "%d rounds" % ROUNDS, "survived in the run": "both runs: %d of %d rounds" % (both, ROUNDS),
                "duplicates": dups, "one-time values lost": lost, "secrets in output": secrets_seen.figure()}, rows)
    assert both == ROUNDS, rows
    assert dups == 0 and lost == 0, rows
    assert secrets_seen.found == []
