"""Many runs of one environment at once, as AWX job slices or several job templates start them:
S runs, each with its own share of the tenants, in both readings of the sandbox's [assumed]
uniqueness rules (a second live key of a name refused, or accepted as a real service may).

With separate directories (slices on different execution nodes) each run keeps its own
secrets and output; with shared ones (one controller) they share them. Afterwards the sandbox
holds one object of each name, every tenant's xapikey is in the output of the run that made
the tenant, one client secret is in Genesys Auth, nex_gapis and every run's secrets, and the
next run changes nothing."""

import hashlib
import json

import pytest
from reliability_helpers import duplicates, tenant_complete

TENANTS = 12
# (runs at once, sandbox reading, directories): every S in both readings, and both layouts.
CASES = [(2, "accept", "separate"), (2, "refuse", "shared"), (4, "refuse", "separate"),
         (4, "accept", "shared"), (8, "accept", "separate"), (8, "refuse", "shared")]


def hosts(tenants):
    """r01..r12: ucs tenants and gma ones (which need the Portico Cluster API Key)."""
    return {"r%02d" % index: (tenants.gma if index % 3 == 0 else tenants.ucs)("r%02d" % index) for index in range(1, TENANTS + 1)}


def slices(all_hosts, count):
    """Job slicing's split: host i goes to slice i mod count."""
    names = sorted(all_hosts)
    return [dict((name, all_hosts[name]) for name in names[index::count]) for index in range(count)]


def objects(state):
    """What the sandbox holds, counted by kind: live keys per name, clients, nex_gapis rows, tenants, services."""
    keys = {}
    for key in state["apikeys"]:
        if not key["revoked"]:
            name = "%s/%s" % ("cluster" if key["tenant"] == "*" else "tenant", key["name"] if key["tenant"] == "*" else
                              key["name"].split(" r")[0])
            keys[name] = keys.get(name, 0) + 1
    return {"live keys by name": keys, "clients": len(state["clients"]), "nex_gapis rows": len(state["nex_gapis"]),
            "tenants": len(state["tenants"]), "services": len(state["services"]), "settings": len(state["settings"])}


def one_client_secret(state, inventories):
    """Genesys Auth, the nex_gapis row and every run's kept secret agree on nexus_client's secret."""
    client = next(c for c in state["clients"] if c["client_id"] == "nexus_client")
    rows = [row for row in state["nex_gapis"] if row["clientid"] == "nexus_client"]
    kept = set()
    for inventory in inventories:
        path = inventory.secrets_dir / "nexus_client_secret"
        kept.add(hashlib.sha256(path.read_text(encoding="utf-8").strip().encode()).hexdigest() if path.is_file() else None)
    return len(rows) == 1 and rows[0]["clientsecret_matches_client"] and kept == {client["secret_sha256"]}


def start_all(inventories, *args):
    runs = [inventory.start("enable_tenant", *args) for inventory in inventories]
    return [run.wait() for run in runs]


@pytest.mark.parametrize("count,reading,layout", CASES, ids=["S%d-%s-%s" % case for case in CASES])
def test_runs_at_once(tenants, make_inventory, report, count, reading, layout, tmp_path):
    sandbox = tenants.sandbox
    sandbox.accept_duplicates(reading == "accept")
    all_hosts = hosts(tenants)
    shared = {"genesys_secrets_dir": str(tmp_path / "secrets"), "genesys_output_dir": str(tmp_path / "output")}
    inventories = [make_inventory(part, name="slice-%d" % index, environment=shared if layout == "shared" else None)
                   for index, part in enumerate(slices(all_hosts, count))]
    runs = start_all(inventories)
    state = sandbox.state()
    complete = [host for inventory in inventories for host in inventory.tenants if tenant_complete(inventory, state, host)]
    # The run after: the slices again (separate directories), or one run over every tenant (shared ones).
    if layout == "shared":
        after = [make_inventory(all_hosts, name="all", environment=shared).run()]
    else:
        after = start_all(inventories)
    changed = sum(counts["changed"] for run in after for counts in run.recap.values())
    final = sandbox.state()
    row = {"runs": count, "reading": reading, "directories": layout,
           "runs rc 0": "%d of %d" % (sum(run.rc == 0 for run in runs), count),
           "tenants complete with their xapikey": "%d of %d" % (len(complete), TENANTS),
           "duplicates": duplicates(final), "one client secret": one_client_secret(final, inventories),
           "changed in the run after": changed, "objects": json.dumps(objects(final), sort_keys=True),
           "failures": " | ".join(message for run in runs + after for message in run.messages())}
    met = (row["runs rc 0"] == "%d of %d" % (count, count) and len(complete) == TENANTS and row["duplicates"] == 0
           and row["one client secret"] and changed == 0 and all(run.rc == 0 for run in after))
    report.add("runs at once", "every run rc 0; duplicates 0; every xapikey kept; one client secret; the next run changes nothing",
               met, {"cases": 1, "survived in the run": sum(run.rc == 0 for run in runs), "duplicates": row["duplicates"],
                     "one-time values lost": TENANTS - len(complete)}, [row])
    assert all(run.rc == 0 for run in runs), row
    assert len(complete) == TENANTS, row
    assert row["duplicates"] == 0, row
    assert row["one client secret"], row
    assert all(run.rc == 0 for run in after) and changed == 0, row


def test_a_node_that_cannot_know_the_iwd_client_secret_stops_before_any_write(tenants, make_inventory, report):
    """IWD's client secret cannot be read back: a run on another node (its own secrets directory) that keeps none
    stops before any write, naming iwd_client_secret; with the secret in its vault it goes on and changes nothing."""
    sandbox = tenants.sandbox
    first = make_inventory({"r01": tenants.iwd("r01")}, name="node-a")
    assert first.run().rc == 0
    secret = (first.secrets_dir / "iwd_client_secret").read_text(encoding="utf-8").strip()
    seq = sandbox.last_seq()
    other = make_inventory({"r01": tenants.iwd("r01")}, name="node-b")
    refused = other.run()
    writes = [entry for entry in sandbox.requests(seq) if entry["method"] != "GET" and not entry["path"].endswith("/oauth/token")]
    message = " ".join(refused.messages())
    vaulted = make_inventory({"r01": tenants.iwd("r01")}, name="node-c", environment={"iwd_client_secret": secret}).run()
    changed = sum(counts["changed"] for counts in vaulted.recap.values())
    row = {"refused": "rc %s" % refused.rc, "writes before the failure": len(writes), "names iwd_client_secret":
           "iwd_client_secret" in message, "with the secret in the vault": "rc %s, changed %s" % (vaulted.rc, changed)}
    met = refused.rc != 0 and not writes and row["names iwd_client_secret"] and vaulted.rc == 0
    report.add("a secret another node keeps", "never replaced: a validation error before any write", met,
               {"cases": 1, "writes before a validation error": len(writes)}, [row])
    assert refused.rc != 0 and writes == [], row
    assert row["names iwd_client_secret"] and secret not in refused.output, message
    assert vaulted.rc == 0, vaulted
