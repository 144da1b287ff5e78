# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the export and the drift report; documented beside, in exported_inventory.yml,
drift_report.yml and drift_markdown.yml."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.plugin_utils import _adopt

# The tenant variables the drift report compares or needs to know what a tenant makes; never a secret.
TENANT_VARIABLES = ("tenant_name", "tenant_ccid", "tenant_ucs_url", "tenant_apikeys")


def tenant_variables(hostvars, host):
    """The variables of ``host`` the report reads; of tenant_sms and tenant_iwd only what says which services they make."""
    values = hostvars[host]
    found = dict((name, values[name]) for name in TENANT_VARIABLES if name in values)
    sms = values["tenant_sms"] if "tenant_sms" in values else None
    if isinstance(sms, dict):
        found["tenant_sms"] = {"provider": sms.get("provider"), "email": sms.get("email")}
    iwd = values["tenant_iwd"] if "tenant_iwd" in values else None
    if iwd:
        # Which key IWD gets decides whether the tenant has an iWD key of its own.
        found["tenant_iwd"] = {"iwd_key_scope": iwd.get("iwd_key_scope", "tenant") if isinstance(iwd, dict) else "tenant"}
    return found


def drift_report(snapshot, hostvars, hosts, environment):
    tenants = dict((host, tenant_variables(hostvars, host)) for host in hosts)
    environment = dict(environment)
    environment.setdefault("uses_iwd", any(values.get("tenant_iwd") for values in tenants.values()))
    environment.setdefault("uses_gma", any((values.get("tenant_sms") or {}).get("provider") == "gma"
                                           for values in tenants.values()))
    return _adopt.drift_report(snapshot, tenants, environment)


class FilterModule:
    """The export's and the drift report's filters."""

    def filters(self):
        return {
            "exported_inventory": _adopt.exported_inventory,
            "drift_report": drift_report,
            "drift_markdown": _adopt.markdown,
        }
