# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An environment as ``environment_info`` read it, turned into an inventory (the export) or
compared with one (the drift report). Pure functions: no request, no file."""

from __future__ import annotations

import json

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import SECRET_MASK
from ansible_collections.genesys.multicloud.plugins.plugin_utils._inputs import PLACEHOLDER_SECRET, PLACEHOLDER_VALUE

UCS = "PlatformUCS"
IWD_KEYS = ("IWD_APIKEY_TENANT", "IWD_APIKEY_IWDDM")
# The name of the tenant's own iWD key (roles/tenant_iwd), as the vendor's key listing names it.
IWD_OWN_KEY = "%s-iWD"
# The environment variables an export copies from the variables it ran with, as they are.
COPIED = ("gws_url", "gws_auth_url", "gws_auth_external_url", "gws_admin_username", "nexus_url", "nexus_client_id",
          "nexus_db_host", "nexus_db_port", "nexus_db_name", "nexus_db_user", "nexus_db_sslmode", "nexus_db_ca_path",
          "iwd_url", "genesys_validate_certs", "genesys_ca_path")
# The secrets of the environment, which no API returns: placeholders, filled from the vault.
ENVIRONMENT_SECRETS = ("gws_admin_password", "nexus_client_secret", "nexus_db_password")
UNREADABLE_ENVIRONMENT = [
    "gws_admin_password, nexus_db_password: the credentials the export ran with, never written out",
    "nexus_client_secret: Genesys Auth never returns a client secret (A2)",
]
UNREADABLE_TENANT = [
    "tenant_user, tenant_user_password: reading the Digital Channels tenant (N3) needs the tenant user's token",
    "tenant_genesys_tenant_id: in the tenant (N3) too; left unset, so the default 1 applies",
    "the tenant's xapikey: Digital Channels gives it only when it creates the tenant (N2)",
]


def placeholder(variable, secret=True):
    return (PLACEHOLDER_SECRET if secret else PLACEHOLDER_VALUE) + variable


def gapis_row(snapshot, environment):
    url = str(environment.get("gws_url") or "").rstrip("/")
    client_id = environment.get("nexus_client_id") or "nexus_client"
    return next((row for row in snapshot.get("nex_gapis") or []
                 if str(row.get("url") or "").rstrip("/") == url and row.get("clientid") == client_id), None)


def environment_vars(snapshot, environment):
    """group_vars/all: what the export ran with, its secrets as placeholders, and the nex_gapis region."""
    values = dict((name, environment[name]) for name in COPIED if environment.get(name) not in (None, ""))
    values.update((name, placeholder(name)) for name in ENVIRONMENT_SECRETS)
    row = gapis_row(snapshot, environment)
    if row and row.get("region"):
        values["nexus_gapis_region"] = row["region"]
    # The URL browsers reach, where the row has one of its own (gws_auth_external_url's default is gws_auth_url).
    external = str((row or {}).get("authexturl") or "").rstrip("/")
    if external and "gws_auth_external_url" not in values and external != str(values.get("gws_auth_url", "")).rstrip("/"):
        values["gws_auth_external_url"] = row["authexturl"]
    return values


def exported_keys(tenant):
    """tenant_apikeys as read: one entry per name (a duplicate name is noted, not exported twice)."""
    keys, notes = [], []
    # IWD's keys, and the tenant's own iWD key, belong to tenant_iwd (not exported: see the services note).
    iwd_names = set(IWD_KEYS) | set([IWD_OWN_KEY % tenant["name"]])
    for key in tenant.get("apikeys") or []:
        if key["name"] in iwd_names:
            continue
        if any(known["name"] == key["name"] for known in keys):
            notes.append("API key %r: more than one live key has this name; one entry is exported" % key["name"])
            continue
        entry = {"name": key["name"], "permissions": list(key.get("permissions") or [])}
        if key.get("enabled") is False:
            entry["enabled"] = False
        keys.append(entry)
    return keys, notes


def tenant_vars(tenant):
    """host_vars/<tenant> and the notes on what it could not hold."""
    values = {"tenant_name": tenant["name"], "tenant_ccid": tenant["ccid"],
              "tenant_user": placeholder("tenant_user", secret=False),
              "tenant_user_password": placeholder("tenant_user_password")}
    services = dict((service.get("name"), service) for service in tenant.get("services") or [])
    if UCS in services:
        values["tenant_ucs_url"] = services[UCS].get("url")
    keys, notes = exported_keys(tenant)
    values["tenant_apikeys"] = keys
    others = sorted(name for name in services if name != UCS)
    if others:
        notes.append("services %s: not exported (tenant_sms and tenant_iwd hold secrets no API returns): "
                     "write them by hand" % ", ".join(others))
    return values, notes


def exported_inventory(snapshot, environment):
    """The inventory of ``snapshot``: ``files`` (path -> data), ``tenants``, ``skipped`` (contact
    centers not in Digital Channels) and ``unreadable`` (what the files hold as placeholders or miss)."""
    tenants = [tenant for tenant in snapshot.get("tenants") or [] if tenant.get("in_digital_channels")]
    files = {"hosts.yml": {"nexus_tenants": {"hosts": dict((tenant["name"], None) for tenant in tenants)}},
             "group_vars/all.yml": environment_vars(snapshot, environment)}
    unreadable = {"environment": list(UNREADABLE_ENVIRONMENT), "every tenant": list(UNREADABLE_TENANT)}
    for tenant in tenants:
        files["host_vars/%s.yml" % tenant["name"]], notes = tenant_vars(tenant)
        if notes:
            unreadable[tenant["name"]] = notes
    if not gapis_row(snapshot, environment):
        unreadable["environment"].append("nex_gapis: no row for gws_url with nexus_client_id: enable_tenant will add one")
    return {"files": files, "tenants": [tenant["name"] for tenant in tenants], "unreadable": unreadable,
            "skipped": [tenant["name"] for tenant in snapshot.get("tenants") or [] if not tenant.get("in_digital_channels")]}


# --- drift -------------------------------------------------------------------------------------

DEFAULT_KEYS = ({"name": "API key for %s", "permissions": ["nexus:consumer:chat"]},
                {"name": "Designer API key", "permissions": ["nexus:designer:chat"]})


def wanted_keys(tenant_name, values):
    keys = values.get("tenant_apikeys")
    if keys is None:
        keys = [dict(key, name=key["name"] % tenant_name if "%s" in key["name"] else key["name"]) for key in DEFAULT_KEYS]
    keys = [key for key in keys if isinstance(key, dict) and key.get("state", "present") == "present"]
    iwd = values.get("tenant_iwd")
    if iwd and (not isinstance(iwd, dict) or iwd.get("iwd_key_scope", "tenant") == "tenant"):
        # The key IWD gets with iwd_key_scope tenant (the default), made by the tenant_iwd role.
        keys.append({"name": IWD_OWN_KEY % tenant_name, "permissions": ["nexus:iwd:*"]})
    return keys


def item(kind, name, status, differences=None):
    entry = {"object": kind, "name": name, "status": status}
    if differences:
        entry["differences"] = differences
    return entry


def compare_fields(wanted, found, fields):
    """Field-level differences ``{field: {"inventory", "environment"}}`` of the fields the inventory gives."""
    found = found or {}
    out = {}
    for field in fields:
        want, have = wanted.get(field), found.get(field)
        if want is None:
            continue
        if isinstance(want, list) and isinstance(have, list):
            if sorted(map(str, want)) == sorted(map(str, have)):
                continue
        elif want == have:
            continue
        out[field] = {"inventory": mask(field, want), "environment": mask(field, have)}
    return out


def mask(field, value):
    return SECRET_MASK if value is not None and any(word in field for word in ("secret", "password", "token")) else value


def compare_tenant(host, values, found, environment):
    """Every object of one inventory tenant against what was found (``found`` None: no contact center)."""
    name = values.get("tenant_name") or host
    if found is None:
        return [item("contact center", name, "missing")]
    items = [item("tenant", name, "in sync" if found.get("in_digital_channels") else "missing")]
    nexus_url = environment.get("nexus_url")
    if found.get("chatservice_uri") is None:
        items.append(item("setting", "chatservice-uri", "missing"))
    else:
        differences = compare_fields({"value": nexus_url}, {"value": found["chatservice_uri"]}, ("value",))
        items.append(item("setting", "chatservice-uri", "differs" if differences else "in sync", differences))
    services = dict((service.get("name"), service) for service in found.get("services") or [])
    if values.get("tenant_ucs_url"):
        service = services.get(UCS)
        differences = compare_fields({"url": values["tenant_ucs_url"]}, service, ("url",)) if service else {}
        items.append(item("service", UCS, "missing" if service is None else "differs" if differences else "in sync",
                          differences))
    keys = dict((key["name"], key) for key in found.get("apikeys") or [])
    wanted = wanted_keys(name, values)
    for key in wanted:
        have = keys.get(key["name"])
        differences = compare_fields(key, have, ("permissions", "enabled")) if have else {}
        items.append(item("API key", key["name"], "missing" if have is None else "differs" if differences else "in sync",
                          differences))
    # IWD provisioning makes the tenant keys it is given, under these names.
    wanted_names = set(key.get("name") for key in wanted) | (set(IWD_KEYS) if values.get("tenant_iwd") else set())
    items.extend(item("API key", key, "orphan") for key in sorted(keys) if key not in wanted_names)
    managed = set([UCS] if values.get("tenant_ucs_url") else []) | set(managed_services(values))
    items.extend(item("service", service, "orphan") for service in sorted(services) if service not in managed)
    return items


def managed_services(values):
    """The services enable_tenant makes besides PlatformUCS, from tenant_sms and tenant_iwd."""
    sms, names = values.get("tenant_sms") or {}, []
    if isinstance(sms, dict) and sms.get("provider") == "gma":
        names += ["SMS", "PurecloudIDP", "PorticoSMS"] + (["PorticoEmail"] if sms.get("email") else [])
    elif isinstance(sms, dict) and sms.get("provider") == "async":
        names += ["Async", "SMS"] + (["Email"] if sms.get("email") else [])
    if values.get("tenant_iwd"):
        names += ["GAPI", "iWD", "iWDEmail"]
    return names


def drift_report(snapshot, tenants, environment):
    """The report: ``tenants`` (inventory host -> its objects), ``orphans`` (what no inventory holds), ``summary``.

    ``tenants`` maps each inventory host to its variables (``tenant_name``, ``tenant_ccid``, ``tenant_ucs_url``,
    ``tenant_apikeys``, ``tenant_sms``, ``tenant_iwd``); secrets are never read from them."""
    by_ccid = dict((str(tenant["ccid"]).lower(), tenant) for tenant in snapshot.get("tenants") or [])
    by_domain = dict((domain, tenant) for tenant in snapshot.get("tenants") or [] for domain in tenant.get("domains") or [])
    claimed, report = set(), {}
    for host in sorted(tenants):
        values = tenants[host]
        ccid = values.get("tenant_ccid")
        found = by_ccid.get(str(ccid).lower()) if ccid else by_domain.get(values.get("tenant_name") or host)
        if found is not None:
            claimed.add(str(found["ccid"]).lower())
        report[host] = compare_tenant(host, values, found, environment)
    orphans = [item("tenant", tenant["name"], "orphan") for tenant in snapshot.get("tenants") or []
               if tenant.get("in_digital_channels") and str(tenant["ccid"]).lower() not in claimed]
    orphans.extend(item("API key", "%s (tenant %s)" % (key["name"], key.get("tenant")), "orphan")
                   for key in snapshot.get("other_apikeys") or [])
    orphans.extend(environment_orphans(snapshot, environment))
    return {"tenants": report, "orphans": orphans, "summary": summary(report, orphans)}


def environment_orphans(snapshot, environment):
    """Cluster keys, clients and nex_gapis rows the inventory does not account for."""
    uses_iwd = environment.get("uses_iwd")
    keys = {"Cluster API key"} | ({"iWD Cluster API Key"} if uses_iwd else set()) | (
        {"Portico Cluster API Key"} if environment.get("uses_gma") else set())
    clients = {environment.get("nexus_client_id") or "nexus_client"} | (
        {environment.get("iwd_client_id") or "iwd_client"} if uses_iwd else set())
    found = [item("cluster API key", key["name"], "orphan") for key in snapshot.get("cluster_apikeys") or []
             if key["name"] not in keys]
    found += [item("client", client.get("client_id"), "orphan") for client in snapshot.get("clients") or []
              if client.get("client_id") not in clients]
    row = gapis_row(snapshot, environment)
    found += [item("nex_gapis row", "%s (%s)" % (gapis.get("url"), gapis.get("clientid")), "orphan")
              for gapis in snapshot.get("nex_gapis") or [] if gapis is not row]
    if row is None:
        found.append(item("nex_gapis row", environment.get("gws_url"), "missing"))
    return found


def summary(report, orphans):
    drifted = sorted(host for host, items in report.items() if any(entry["status"] != "in sync" for entry in items))
    counts = {}
    for entry in [entry for items in report.values() for entry in items] + orphans:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return {"tenants": len(report), "tenants_drifted": drifted, "orphans": len(orphans), "counts": counts,
            "drift": bool(drifted or orphans)}


def markdown(report):
    """The report as a Markdown page: one table of what is not in sync, then the counts."""
    lines = ["# Drift report", "", "| tenant | object | name | status | difference |", "|---|---|---|---|---|"]
    rows = [(host, entry) for host, items in sorted(report["tenants"].items()) for entry in items
            if entry["status"] != "in sync"] + [("(no inventory)", entry) for entry in report["orphans"]]
    for host, entry in rows:
        lines.append("| %s | %s | %s | %s | %s |" % (host, entry["object"], entry["name"], entry["status"], "; ".join(
            "%s: %s → %s" % (field, json.dumps(change["inventory"]), json.dumps(change["environment"]))
            for field, change in sorted((entry.get("differences") or {}).items()))))
    if not rows:
        lines.append("| | | | every object in sync | |")
    counts = report["summary"]["counts"]
    lines += ["", "%d tenants; %s." % (report["summary"]["tenants"],
                                       ", ".join("%s: %d" % (status, counts[status]) for status in sorted(counts)))]
    return "\n".join(lines) + "\n"
