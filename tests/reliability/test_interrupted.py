"""A run killed (SIGKILL, as a cancelled AWX job) at ten points of its progress, then run again:
it must end where an uninterrupted run ends.

The points are spread over the writes an uninterrupted run makes; the run is killed as soon as
the sandbox has seen that many write requests.
"""

from reliability_helpers import duplicates, is_write, run_until_writes, snapshot, tenant_complete

KILL_POINTS = 10


def one_tenant(tenants):
    """A tenant that uses every role: a UCS, SMS through a gateway, IWD."""
    values = tenants.iwd("r01")
    values["tenant_sms"] = tenants.sms("r01")["tenant_sms"]
    return {"r01": values}


def test_killed_runs_converge(tenants, make_inventory, report, secrets_seen):
    sandbox = tenants.sandbox
    hosts = one_tenant(tenants)
    baseline_inventory = make_inventory(hosts, name="baseline")
    # The uninterrupted run is also the one whose most verbose output is searched for secrets.
    baseline = baseline_inventory.run("enable_tenant", "-vvv", "--diff")
    assert baseline.rc == 0, baseline
    writes = [entry for entry in sandbox.requests(0) if is_write(entry)]
    expected = snapshot(baseline_inventory)
    secrets_seen(baseline_inventory, baseline)
    assert len(writes) >= KILL_POINTS, writes

    points = sorted({1 + (index * (len(writes) - 1)) // (KILL_POINTS - 1) for index in range(KILL_POINTS)})
    rows = []
    for point in points:
        sandbox.reset()
        inventory = make_inventory(hosts, name="killed-%02d" % point)
        killed = run_until_writes(inventory, point)
        made = [entry for entry in sandbox.requests(0) if is_write(entry)]
        rerun = inventory.run()
        state = sandbox.state()
        got = snapshot(inventory)
        secrets_seen(inventory, killed, rerun)
        rows.append({"killed after write": "%d (%s %s)" % (point, writes[point - 1]["method"], writes[point - 1]["path"]),
                     "killed": killed.killed, "writes seen": len(made), "re-run": "rc %s" % rerun.rc,
                     "duplicates": duplicates(state), "xapikey kept": tenant_complete(inventory, state, "r01"),
                     "same state and outputs as uninterrupted": got == expected,
                     "differs in": ", ".join(_differences(expected, got))})

    converged = sum(row["same state and outputs as uninterrupted"] and row["re-run"] == "rc 0" for row in rows)
    dups = sum(row["duplicates"] for row in rows)
    lost = sum(not row["xapikey kept"] for row in rows)
    met = converged == len(rows) and dups == 0 and lost == 0 and not secrets_seen.found
    report.add("runs killed and re-run", "all converge to the uninterrupted run's state; duplicates 0; lost 0", met,
               {"cases": len(rows), "survived in the run": "re-run converged: %d of %d" % (converged, len(rows)),
                "duplicates": dups, "one-time values lost": lost, "secrets in output": secrets_seen.figure()}, rows)
    assert all(row["killed"] for row in rows)
    assert [row for row in rows if not row["same state and outputs as uninterrupted"] or row["re-run"] != "rc 0"] == []
    assert dups == 0 and lost == 0
    assert secrets_seen.found == []


def _differences(expected, got, prefix=""):
    """Where two snapshots differ, as dotted paths (for the report)."""
    if isinstance(expected, dict) and isinstance(got, dict):
        found = []
        for key in sorted(set(expected) | set(got)):
            found += _differences(expected.get(key), got.get(key), prefix + "." + key if prefix else key)
        return found
    return [] if expected == got else [prefix]
