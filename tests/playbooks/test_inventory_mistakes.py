"""Inventory mistakes a new user makes: a misspelled variable is named with the name meant, and a
--check run's summary agrees with its recap."""

import re

import yaml

SUMMARY = re.compile(r'"(would change|changed): ([^"]*)"')


def tenant_summary(output, host):
    """The change line of ``host``'s "Summarize the tenant" task."""
    task = output[output.index("TASK [genesys.multicloud.tenant_report : Summarize the tenant]"):]
    block = task[task.index("ok: [%s]" % host):]
    return SUMMARY.search(block).group(2)


def test_misspelled_variables_are_named_and_the_summary_agrees_with_the_recap(inventory):
    first = inventory.run("enable_tenant", "--limit", "t100")
    assert first.rc == 0, first
    assert "is not a variable of genesys.multicloud" not in first.output, first

    # t100's UCS URL under a wrong name, and a misspelled environment variable for every tenant.
    values = inventory.host_vars("t100")
    values["tenant_ucs_uri"] = values.pop("tenant_ucs_url")
    (inventory.directory / "host_vars" / "t100.yml").write_text(yaml.safe_dump(values), encoding="utf-8")
    inventory.set_group_var("genesys_validate_cert", False)

    seq = inventory.sandbox.last_seq()
    check = inventory.run("enable_tenant", "--check", "--diff")
    assert check.rc == 0, check
    assert [r for r in inventory.sandbox.requests(since=seq) if r["method"] not in ("GET",)
            and not r["path"].endswith("/oauth/token")] == []
    flat = " ".join(check.output.split())
    assert ("tenant_ucs_uri, set for t100, is not a variable of genesys.multicloud and is ignored; "
            "did you mean tenant_ucs_url?") in flat, check
    assert ("genesys_validate_cert, set for every tenant of the run, is not a variable of genesys.multicloud "
            "and is ignored; did you mean genesys_validate_certs?") in flat, check
    assert flat.count("is not a variable of genesys.multicloud") == 2, check

    # Without its URL, PlatformUCS leaves t100's output file (the service itself stays): the recap
    # counts that change, and so does the summary.
    assert check.recap["t100"]["changed"] > 0, check
    assert tenant_summary(check.output, "t100") == "output file (services)", check
    # The tenants the run does not change say nothing, in both.
    for host in ("t200", "t300"):
        changed = check.recap[host]["changed"]
        assert (changed == 0) == (tenant_summary(check.output, host) == "nothing"), (host, check)


def test_a_wrong_database_password_fails_before_any_write_naming_the_variable(inventory):
    inventory.set_group_var("nexus_db_password", "not-the-Db-password")
    seq = inventory.sandbox.last_seq()
    run = inventory.run("enable_tenant")
    assert run.rc != 0, run
    writes = [(r["method"], r["path"]) for r in inventory.sandbox.requests(since=seq)
              if r["method"] != "GET" and not r["path"].endswith("/oauth/token")]
    assert writes == [], run
    state = inventory.sandbox.state()
    assert state["clients"] == [] and state["tenants"] == [], state
    flat = " ".join(run.output.split())
    # The run's first database login is its lock: one failure, with the driver's message and the
    # variables to check; no tenant goes on, no secret shows.
    fatal = [line for line in run.output.splitlines() if line.startswith("fatal: ")]
    assert len(fatal) == 1 and "cannot connect to the Digital Channels database" in fatal[0], run
    assert ("Nothing was written. Check nexus_db_host, nexus_db_port, nexus_db_name, nexus_db_user and "
            "nexus_db_password in group_vars/all.") in flat, run
    assert all(counts["changed"] == 0 for counts in run.recap.values()), run
    assert "TASK [genesys.multicloud.tenant :" not in run.output, run
    assert "not-the-Db-password" not in run.output
