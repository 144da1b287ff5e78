"""Malformed inventories: the error names the variable and the tenant, and comes before any write.

Tenant-level cases share one run: every malformed tenant beside two good ones, which must
complete. Environment-level cases each need a run of their own; each must stop before any write.
Writes are counted in the sandbox's request log (a tenant's are those naming its ccid in the
path or, for N2, K1 and IWD, in the body) and in its state (Digital Channels' database).
"""

import copy
import re

from reliability_helpers import clean_failure, is_write, tenant_complete, tenant_objects


def _set(values, dotted, value):
    """``values`` with ``dotted`` (``a.b.0.c``) set to ``value``, or removed when ``value`` is ``DELETE``."""
    values = copy.deepcopy(values)
    *parents, last = dotted.split(".")
    node = values
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is DELETE:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return values


DELETE = object()

# (what, tenant kind, variable set, value, variable the message must name)
TENANT_CASES = [
    ("SMS channels empty", "sms", "tenant_sms.channels", [], "tenant_sms.channels"),
    ("UCS URL without scheme", "ucs", "tenant_ucs_url", "ucs.example.com", "tenant_ucs_url"),
    ("UCS URL with a space", "ucs", "tenant_ucs_url", "https://ucs .example.com", "tenant_ucs_url"),
    ("IWD db port -5", "iwd", "tenant_iwd.db.port", -5, "tenant_iwd.db.port"),
    ("IWD db port 70000", "iwd", "tenant_iwd.db.port", 70000, "tenant_iwd.db.port"),
    ("IWD db without password", "iwd", "tenant_iwd.db.password", DELETE, "tenant_iwd.db.password"),
    ("IWD db host empty", "iwd", "tenant_iwd.db.host", "", "tenant_iwd.db.host"),
    ("IWD apikey_tenant not a UUID", "iwd", "tenant_iwd.apikey_tenant", "apikey-tenant-is-no-uuid", "tenant_iwd.apikey_tenant"),
    ("IWD apikey_iwddm not a UUID", "iwd", "tenant_iwd.apikey_iwddm", "12345", "tenant_iwd.apikey_iwddm"),
    ("IWD without tenant_id", "iwd", "tenant_iwd.tenant_id", DELETE, "tenant_iwd.tenant_id"),
    ("SMS provider twilio", "sms", "tenant_sms.provider", "twilio", "tenant_sms.provider"),
    ("tenant_sms a string", "basic", "tenant_sms", "async", "tenant_sms"),
    ("SMS webhook URL without scheme", "sms", "tenant_sms.channels.0.webhook_url", "sms.example.com", "tenant_sms.channels"),
    ("SMS channel without api_secret", "sms", "tenant_sms.channels.0.api_secret", DELETE, "tenant_sms.channels"),
    ("SMS email not a boolean", "sms", "tenant_sms.email", "sometimes", "tenant_sms.email"),
    ("GMA client id not a UUID", "gma", "tenant_sms.gc_client_id", "gc-client-is-no-uuid", "tenant_sms.gc_client_id"),
    ("GMA login URL without scheme", "gma", "tenant_sms.gc_login_url", "login.mypurecloud.example", "tenant_sms.gc_login_url"),
    ("permission without nexus: prefix", "basic", "tenant_apikeys.0.permissions", ["chat"], "tenant_apikeys"),
    ("permission of two parts", "basic", "tenant_apikeys.0.permissions", ["nexus:consumer"], "tenant_apikeys"),
    ("permission with SQL", "basic", "tenant_apikeys.0.permissions", ["nexus:consumer:chat'; DROP TABLE nex_gapis; --"], "tenant_apikeys"),
    ("tenant_apikeys a string", "basic", "tenant_apikeys", "Chat key", "tenant_apikeys"),
    ("API key without name", "basic", "tenant_apikeys.0.name", DELETE, "tenant_apikeys"),
    ("tenant_name with quotes and SQL", "basic", "tenant_name", "{host}'; DROP TABLE nex_gapis; --", "tenant_name"),
    ("tenant_name in unicode", "basic", "tenant_name", "t\u00ebnant-\u2713", "tenant_name"),
    ("tenant_name of 300 characters", "basic", "tenant_name", "r" * 300, "tenant_name"),
    ("wrong tenant_user_password", "basic", "tenant_user_password", "Wrong-Password-1", "tenant_user_password"),
    ("tenant_genesys_tenant_id not a number", "basic", "tenant_genesys_tenant_id", "abc", "tenant_genesys_tenant_id"),
    ("tenant_ccid not a UUID", "basic", "tenant_ccid", "ccid-is-no-uuid", "tenant_ccid"),
]

# (what, variable set, value (a function of the good inventory's environment), variable to name)
ENVIRONMENT_CASES = [
    ("gws_url without scheme", "gws_url", lambda env: "gws.example.com", "gws_url"),
    ("gws_url with an overlong host", "gws_url", lambda env: "https://%s.example.com" % ("g" * 300), "gws_url"),
    ("nexus_db_port 70000", "nexus_db_port", lambda env: 70000, "nexus_db_port"),
    ("nexus_db_port not a number", "nexus_db_port", lambda env: "abc", "nexus_db_port"),
    ("gws_auth_url with a space", "gws_auth_url", lambda env: env["gws_auth_url"].replace("127.0.0.1", "127.0.0 .1"), "gws_auth_url"),
    ("nexus_url without scheme", "nexus_url", lambda env: env["nexus_url"].split("://", 1)[1], "nexus_url"),
    ("iwd_url without scheme", "iwd_url", lambda env: env["iwd_url"].split("://", 1)[1], "iwd_url"),
    ("nexus_db_sslmode unknown", "nexus_db_sslmode", lambda env: "sometimes", "nexus_db_sslmode"),
    ("gws_admin_password missing", "gws_admin_password", lambda env: DELETE, "gws_admin_password"),
    ("nexus_db_host missing", "nexus_db_host", lambda env: DELETE, "nexus_db_host"),
    ("genesys_ca_path a missing file", "genesys_ca_path", lambda env: "/nonexistent/ca.pem", "genesys_ca_path"),
]


def tenant_writes(entries, ccid, host):
    return sum(1 for entry in entries if is_write(entry) and (ccid in entry["path"] or entry.get("fault_label") == "writes " + host))


def names(message, variable, host=None):
    return variable in message and (host is None or re.search(r"\b%s\b" % re.escape(host), message) is not None)


def test_malformed_tenants(tenants, make_inventory, report, secrets_seen):
    sandbox = tenants.sandbox
    good = {"r01": tenants.iwd("r01"), "r02": tenants.sms("r02")}
    hosts, expected = dict(good), {}
    for index, (what, kind, variable, value, named) in enumerate(TENANT_CASES, start=3):
        host = "r%02d" % index
        if isinstance(value, str):
            value = value.format(host=host)
        hosts[host] = _set(getattr(tenants, kind)(host), variable, value)
        expected[host] = (what, named)
    inventory = make_inventory(hosts)
    for host in hosts:
        ccid = re.escape(tenants.ccid(host))
        for path in ("^/nexus/v3/provisioning/tenants", "^/nexus/v3/apikeys", "^/iwd/v3/provisioning"):
            sandbox.fault(path, body=ccid, trace=True, count=1000, label="writes " + host)
    run = inventory.run()
    entries, state = sandbox.requests(0), sandbox.state()
    secrets_seen(inventory, run)

    rows = []
    for host, (what, named) in expected.items():
        ccid = tenants.ccid(host)
        message = " | ".join(run.messages(host))
        rows.append({"case": what, "tenant": host, "level": "tenant", "failed": not run.completed(host),
                     "names variable and tenant": names(message, named, host) and clean_failure(message),
                     "writes before the error": tenant_writes(entries, ccid, host) + tenant_objects(state, ccid),
                     "message": message})
    completed = [host for host in good if run.completed(host) and tenant_complete(inventory, state, host)]
    _record(report, "malformed tenants (one run)", rows, "%d of %d" % (len(completed), len(good)), secrets_seen,
            met_extra=len(completed) == len(good))

    assert [row["case"] for row in rows if not row["failed"]] == []
    assert [row for row in rows if not row["names variable and tenant"]] == []
    assert [row for row in rows if row["writes before the error"]] == []
    assert completed == sorted(good), run
    assert secrets_seen.found == []


def test_malformed_environment(tenants, make_inventory, report, secrets_seen):
    sandbox = tenants.sandbox
    rows = []
    for what, variable, value, named in ENVIRONMENT_CASES:
        sandbox.reset()
        host = "r01"
        hosts = {host: tenants.iwd(host) if variable == "iwd_url" else tenants.basic(host)}
        inventory = make_inventory(hosts, name="inventory-" + re.sub(r"\W+", "-", what))
        inventory.environment = _set(inventory.environment, variable, value(inventory.environment))
        inventory.write()
        run = inventory.run()
        state = sandbox.state()
        secrets_seen(inventory, run)
        message = " | ".join(run.messages())
        objects = len(state["clients"]) + len(state["nex_gapis"]) + len(state["apikeys"]) + len(state["tenants"])
        rows.append({"case": what, "tenant": "(environment)", "level": "environment", "failed": run.rc != 0,
                     "names variable and tenant": names(message, named) and clean_failure(message),
                     "writes before the error": sum(1 for entry in sandbox.requests(0) if is_write(entry)) + objects,
                     "message": message})
    _record(report, "malformed environments (a run each)", rows, "–", secrets_seen, met_extra=True)

    assert [row["case"] for row in rows if not row["failed"]] == []
    assert [row for row in rows if not row["names variable and tenant"]] == []
    assert [row for row in rows if row["writes before the error"]] == []
    assert secrets_seen.found == []


def _record(report, group, rows, others, secrets_seen, met_extra):
    named = sum(row["names variable and tenant"] for row in rows)
    writes = sum(row["writes before the error"] for row in rows)
    with_writes = sum(1 for row in rows if row["writes before the error"])
    met = (all(row["failed"] for row in rows) and named == len(rows) and writes == 0 and met_extra
           and not secrets_seen.found)
    report.add(group, "every message names the variable and the tenant; 0 writes; every other tenant completes", met,
               {"cases": len(rows), "failed cleanly": "%d of %d name the variable%s" % (
                   named, len(rows), " and the tenant" if rows and rows[0]["level"] == "tenant" else ""),
                "writes before a validation error": "%d (in %d cases)" % (writes, with_writes),
                "other tenants completed": others, "secrets in output": secrets_seen.figure()}, rows)
