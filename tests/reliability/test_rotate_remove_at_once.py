"""rotate_secrets and remove_tenant beside other runs of the same environment: two rotations at once,
a rotation beside enable_tenant, a removal beside enable_tenant. Nothing is duplicated or lost, and
the environment is whole afterwards (the next enable_tenant changes nothing), in both readings of
the sandbox's [assumed] uniqueness rules."""

import hashlib

import pytest
from reliability_helpers import duplicates, tenant_complete, tenant_objects

ROTATE = ("-e", "genesys_rotate=nexus_client,cluster_apikeys,tenant_apikeys")


def client_secret_everywhere(state, inventory):
    """Genesys Auth, the nex_gapis row and the run's kept secret agree on nexus_client's secret."""
    client = next(c for c in state["clients"] if c["client_id"] == "nexus_client")
    rows = [row for row in state["nex_gapis"] if row["clientid"] == "nexus_client"]
    kept = (inventory.secrets_dir / "nexus_client_secret").read_text(encoding="utf-8").strip()
    return (len(rows) == 1 and rows[0]["clientsecret_matches_client"]
            and hashlib.sha256(kept.encode()).hexdigest() == client["secret_sha256"])


def keys_kept(inventory, state, host):
    """The tenant's output file holds the id of each of its live keys."""
    ccid = inventory.tenants[host].get("tenant_ccid") or next(
        c["id"] for c in inventory.sandbox.config["contact_centers"] if c["domains"][0] == inventory.tenants[host]["tenant_name"])
    live = {k["name"]: k["id"] for k in state["apikeys"] if k["tenant"] == ccid and not k["revoked"]}
    return (inventory.output(host) or {}).get("apikeys") == live


def at_once(*starts):
    runs = [start() for start in starts]
    return [run.wait() for run in runs]


def settle(inventory):
    """The next enable_tenant: rc and how many tasks it changed."""
    run = inventory.run()
    return run.rc, sum(counts["changed"] for counts in run.recap.values())


@pytest.mark.parametrize("reading", ["refuse", "accept"])
def test_two_rotations_and_a_rotation_beside_enable_tenant(tenants, make_inventory, report, reading):
    sandbox = tenants.sandbox
    sandbox.accept_duplicates(reading == "accept")
    hosts = {"r01": tenants.ucs("r01"), "r02": tenants.gma("r02")}
    inventory = make_inventory(hosts)
    assert inventory.run().rc == 0
    rows = []
    for case, starts in (("two rotate_secrets", (lambda: inventory.start("rotate_secrets", *ROTATE),) * 2),
                         ("rotate_secrets beside enable_tenant",
                          (lambda: inventory.start("rotate_secrets", *ROTATE), lambda: inventory.start("enable_tenant")))):
        runs = at_once(*starts)
        state = sandbox.state()
        rc, changed = settle(inventory)
        rows.append({"case": case, "reading": reading, "runs rc": [run.rc for run in runs], "duplicates": duplicates(state),
                     "one client secret": client_secret_everywhere(state, inventory),
                     "tenants whole": sum(tenant_complete(inventory, state, h) and keys_kept(inventory, state, h) for h in hosts),
                     "next enable_tenant": "rc %s, changed %s" % (rc, changed),
                     "failures": " | ".join(m for run in runs for m in run.messages())})
    met = all(row["runs rc"] == [0, 0] and row["duplicates"] == 0 and row["one client secret"]
              and row["tenants whole"] == len(hosts) and row["next enable_tenant"] == "rc 0, changed 0" for row in rows)
    report.add("rotations at once", "nothing duplicated or lost; the next run changes nothing", met,
               {"cases": len(rows), "survived in the run": sum(rc == 0 for row in rows for rc in row["runs rc"]),
                "duplicates": sum(row["duplicates"] for row in rows)}, rows)
    for row in rows:
        assert row["runs rc"] == [0, 0], row
        assert row["duplicates"] == 0 and row["one client secret"] and row["tenants whole"] == len(hosts), row
        assert row["next enable_tenant"] == "rc 0, changed 0", row


@pytest.mark.parametrize("reading", ["refuse", "accept"])
def test_remove_tenant_beside_enable_tenant(tenants, make_inventory, report, reading, tmp_path):
    sandbox = tenants.sandbox
    sandbox.accept_duplicates(reading == "accept")
    shared = {"genesys_secrets_dir": str(tmp_path / "secrets"), "genesys_output_dir": str(tmp_path / "output")}
    everyone = make_inventory({"r01": tenants.ucs("r01"), "r02": tenants.gma("r02")}, name="all", environment=shared)
    leaving = make_inventory({"r01": tenants.ucs("r01")}, name="leaving", environment=shared)
    assert everyone.run().rc == 0
    runs = at_once(lambda: leaving.start("remove_tenant"), lambda: everyone.start("enable_tenant"))
    state = sandbox.state()
    # Whichever went first, r01 is whole (enabled after its removal) or gone (removed after): never half.
    r01 = "whole" if tenant_complete(everyone, state, "r01") else ("gone" if tenant_objects(state, tenants.ccid("r01")) == 0 else "half")
    row = {"reading": reading, "runs rc": [run.rc for run in runs], "duplicates": duplicates(state), "r01": r01,
           "r02 whole": tenant_complete(everyone, state, "r02"), "failures": " | ".join(m for run in runs for m in run.messages())}
    met = row["runs rc"] == [0, 0] and row["duplicates"] == 0 and r01 != "half" and row["r02 whole"]
    report.add("removal beside enable_tenant", "the tenant whole or gone, never half; nothing duplicated", met,
               {"cases": 1, "survived in the run": sum(rc == 0 for rc in row["runs rc"]), "duplicates": row["duplicates"]}, [row])
    assert row["runs rc"] == [0, 0], row
    assert row["duplicates"] == 0 and r01 != "half" and row["r02 whole"], row
