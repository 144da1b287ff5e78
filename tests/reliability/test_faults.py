"""Faults injected at every kind of write, then a re-run.

Tenant-level writes (the chatservice-uri setting, the PlatformUCS service, the tenant, its API
key, its IWD provisioning) share one run: each retryable fault kind has a tenant that meets it at
every one of its writes in turn, and a 500 hits one write of each of five more tenants. A tenant
stopped by a fault leaves its later faults unmet ("not reached"). The OAuth client, an
environment write, gets each fault in a run of the environment steps of its own.
"""

import hashlib
import os
import re
import time
from pathlib import Path

import yaml

from reliability_helpers import MODULE_TIMEOUT, clean_failure, duplicates, tenant_complete, xapikey_kept

FAULTS = {
    "503 + Retry-After": {"status": 503, "retry_after": 1},
    "429": {"status": 429},
    "502": {"status": 502},
    "reset before the service": {"drop": True},
    "reset after the service applied it": {"drop_after": True},
    "delay past the timeout": {"delay": MODULE_TIMEOUT + 2},
    "500": {"status": 500},
}
RETRYABLE = [kind for kind in FAULTS if kind != "500"]


def write_kinds(ccid):
    """Where each tenant-level write of the tenant ``ccid`` goes: path, method, body pattern."""
    return {
        "setting": {"path": "^/environment/v3/contact-centers/%s/settings$" % ccid, "method": "POST"},
        "service": {"path": "^/nexus/v3/provisioning/services/%s/PlatformUCS$" % ccid, "method": "POST"},
        "tenant": {"path": "^/nexus/v3/provisioning/tenants$", "method": "POST", "body": re.escape(ccid)},
        "API key": {"path": "^/nexus/v3/apikeys$", "method": "POST", "body": r'"tenant":\s*"%s"' % ccid},
        "IWD": {"path": "^/iwd/v3/provisioning$", "body": re.escape(ccid)},
    }


def environment_playbook(collections_path, path):
    """The environment steps alone: the collection's enable_environment play, its paths made
    absolute, written to ``path``."""
    playbooks = Path(collections_path.split(os.pathsep)[0]) / "ansible_collections/genesys/multicloud/playbooks"
    play = yaml.safe_load((playbooks / "enable_environment.yml").read_text(encoding="utf-8"))[0]
    for task in play.get("pre_tasks", []):
        for key in ("ansible.builtin.import_tasks", "ansible.builtin.include_tasks", "import_tasks", "include_tasks"):
            if key in task:
                task[key] = str(playbooks / task[key])
    path.write_text(yaml.safe_dump([play], sort_keys=False), encoding="utf-8")
    return path


def n2_answer_arrived(entries, host):
    """Whether one of the tenant's N2 answers reached the collection (status 200, not dropped,
    within the timeout)."""
    return any((entry["fault_label"] or "").startswith((host + " tenant ", "N2 " + host)) and entry["status"] == 200
               and entry["fault"] not in ("drop", "drop_after") and entry["duration_ms"] < MODULE_TIMEOUT * 1000
               for entry in entries if entry["path"] == "/nexus/v3/provisioning/tenants")


def test_faults_at_tenant_writes(tenants, make_inventory, report, secrets_seen):
    sandbox = tenants.sandbox
    hosts, cases = {}, []
    names = iter("r%02d" % index for index in range(1, 12))
    for kind in RETRYABLE:
        host = next(names)
        hosts[host] = tenants.iwd(host)
        cases += [{"host": host, "write": write, "fault": kind} for write in write_kinds(tenants.ccid(host))]
    for write in write_kinds("x"):
        host = next(names)
        hosts[host] = tenants.iwd(host)
        cases.append({"host": host, "write": write, "fault": "500"})
    inventory = make_inventory(hosts)
    for case in cases:
        case["label"] = "%s %s %s" % (case["host"], case["write"], case["fault"])
        sandbox.fault(label=case["label"], **write_kinds(tenants.ccid(case["host"]))[case["write"]], **FAULTS[case["fault"]])
    for host in hosts:  # every N2 of each tenant, told apart by its body
        sandbox.fault("^/nexus/v3/provisioning/tenants$", method="POST", body=re.escape(tenants.ccid(host)),
                      trace=True, count=100, label="N2 " + host)

    run = inventory.run()
    # A delayed request is logged when the sandbox has handled it, after the run gave up on it.
    time.sleep(FAULTS["delay past the timeout"]["delay"])
    entries = sandbox.requests(0)
    unmet = {fault["label"] for fault in sandbox.admin("GET", "/sandbox/faults")["faults"] if not fault.get("trace")}
    sandbox.clear_faults()
    first_state = sandbox.state()
    rerun = inventory.run()
    state = sandbox.state()
    secrets_seen(inventory, run, rerun)

    hit = {}
    for entry in entries:
        if entry.get("fault_label") and not entry["fault_label"].startswith("N2 "):
            hit[entry["fault_label"]] = max(hit.get(entry["fault_label"], 0), entry["seq"])
    rows = []
    for host in hosts:
        mine = [case for case in cases if case["host"] == host]
        reached = [case for case in mine if case["label"] in hit and case["label"] not in unmet]
        stopped_by = max(reached, key=lambda case: hit[case["label"]]) if reached and not run.completed(host) else None
        message = " | ".join(run.messages(host))
        arrived = n2_answer_arrived(entries, host)
        lost = arrived and not xapikey_kept(inventory, state, host)
        # An xapikey whose answer never arrived cannot be had again: the tenant converges without it.
        converged = rerun.completed(host) and tenant_complete(inventory, state, host, xapikey=arrived)
        for case in mine:
            if case not in reached:
                outcome = "not reached"
            elif case is stopped_by:
                outcome = "failed cleanly" if clean_failure(message) else "failed, unclear"
            else:
                outcome = "survived"
            rows.append({"write": case["write"], "fault": case["fault"], "tenant": host, "outcome": outcome,
                         "message": message if case is stopped_by else "",
                         "xapikey lost": lost if case is (stopped_by or next(c for c in mine if c["write"] == "tenant")) else False,
                         "re-run converged": converged})
    dups = max(duplicates(first_state), duplicates(state))
    _record(report, "faults at tenant writes", rows, dups, secrets_seen)

    retryable = [row for row in rows if row["fault"] != "500"]
    assert [row for row in retryable if row["outcome"] != "survived"] == [], run
    assert all(row["outcome"] in ("survived", "failed cleanly") for row in rows if row["fault"] == "500"), run
    assert dups == 0
    assert [row for row in rows if row["xapikey lost"]] == []
    assert all(row["re-run converged"] for row in rows), rerun
    assert secrets_seen.found == []
    # The faults did hit: every case was reached by some request, or stopped behind one that failed.
    assert len(hit) >= len(hosts)


def _record(report, group, rows, dups, secrets_seen):
    retryable = [row for row in rows if row["fault"] != "500"]
    failures = [row for row in rows if row["outcome"].startswith("failed")]
    report.add(group, "retryable: all survived; 500: fails cleanly; duplicates 0; lost 0; every re-run converges",
               met=(all(row["outcome"] == "survived" for row in retryable) and dups == 0
                    and all(row["outcome"] in ("survived", "failed cleanly") for row in rows)
                    and not any(row["xapikey lost"] for row in rows) and all(row["re-run converged"] for row in rows)
                    and not secrets_seen.found),
               figures={"cases": "%d (%d retryable)" % (len(rows), len(retryable)),
                        "survived in the run": "%d of %d retryable; %d of %d 500s" % (
                            sum(row["outcome"] == "survived" for row in retryable), len(retryable),
                            sum(row["outcome"] == "survived" for row in rows if row["fault"] == "500"),
                            len(rows) - len(retryable)),
                        "failed cleanly": "%d of %d failures" % (sum(row["outcome"] == "failed cleanly" for row in failures), len(failures)),
                        "duplicates": dups,
                        "one-time values lost": sum(1 for row in rows if row["xapikey lost"]),
                        "other tenants completed": "re-run converged: %d of %d" % (sum(row["re-run converged"] for row in rows), len(rows)),
                        "secrets in output": secrets_seen.figure()},
               cases=rows)


def test_faults_at_the_oauth_client(tenants, make_inventory, report, secrets_seen, tmp_path, collections_path):
    sandbox = tenants.sandbox
    playbook = environment_playbook(collections_path, tmp_path / "environment.yml")
    rows = []
    dups = 0
    for kind, fault in FAULTS.items():
        sandbox.reset()
        inventory = make_inventory({"r01": tenants.basic("r01")}, name="inventory-" + re.sub(r"\W+", "-", kind))
        sandbox.fault("^/auth/v3/ops/clients$", method="POST", label="client " + kind, **fault)
        run = inventory.run(str(playbook))
        # A fault is taken when its request arrives (a delayed one is logged only when it ends).
        reached = not sandbox.admin("GET", "/sandbox/faults")["faults"]
        sandbox.clear_faults()
        first_state = sandbox.state()
        rerun = inventory.run(str(playbook))
        state = sandbox.state()
        secrets_seen(inventory, run, rerun)
        message = " | ".join(run.messages())
        secret_file = inventory.secrets_dir / "nexus_client_secret"
        client = [c for c in state["clients"] if c["client_id"] == "nexus_client"]
        kept = secret_file.is_file() and len(client) == 1 and client[0]["secret_sha256"] == _sha(secret_file.read_text(encoding="utf-8").strip())
        outcome = ("not reached" if not reached else "survived" if run.rc == 0
                   else "failed cleanly" if clean_failure(message) else "failed, unclear")
        dups = max(dups, duplicates(first_state), duplicates(state))
        rows.append({"write": "OAuth client", "fault": kind, "tenant": "(environment)", "outcome": outcome,
                     "message": "" if run.rc == 0 else message, "xapikey lost": False,
                     "re-run converged": rerun.rc == 0 and kept and [r["clientsecret_matches_client"] for r in state["nex_gapis"]] == [True]})
    _record(report, "faults at the OAuth client", rows, dups, secrets_seen)

    assert [row for row in rows if row["fault"] != "500" and row["outcome"] != "survived"] == []
    assert all(row["outcome"] in ("survived", "failed cleanly") for row in rows)
    assert dups == 0
    assert all(row["re-run converged"] for row in rows)
    assert secrets_seen.found == []


def _sha(text):
    return hashlib.sha256(text.encode()).hexdigest()
