"""The sandbox's state after a run, without what differs between two runs that provision the same
tenants (generated ids, timestamps): so that the baseline and the floor can be shown to provision
what the collection provisions."""

import json
from collections import Counter

# Drawn anew by each run, or the moment of the write.
VOLATILE = {"id", "created", "updated", "operationId"}


def _clean(item, keep_id=False):
    cleaned = {k: v for k, v in item.items() if k not in VOLATILE or (keep_id and k == "id")}
    if "xapikey_sha256" in cleaned:
        cleaned["xapikey_sha256"] = cleaned["xapikey_sha256"] is not None
    return cleaned


def _service(service):
    cleaned = _clean(service)
    # IWD keeps in its iWD service's secret the id of the iWD Cluster API Key, which each run draws anew.
    if service.get("origin") == "iwd" and service.get("name") == "iWD" and "secret_sha256" in cleaned:
        cleaned["secret_sha256"] = cleaned["secret_sha256"] is not None
    return cleaned


def comparable(state):
    """Per section, the sorted canonical JSON of its objects."""
    sections = {
        "clients": [_clean(c) for c in state["clients"]],
        "settings": [_clean(s) for s in state["settings"]],
        "nex_gapis": [_clean(g) for g in state["nex_gapis"]],
        "tenants": [_clean(t, keep_id=True) for t in state["tenants"]],
        # The ids of IWD's keys are the inventory's.
        "apikeys": [_clean(k, keep_id=k.get("origin") == "iwd") for k in state["apikeys"]],
        "services": [_service(s) for s in state["services"]],
        "iwd": [_clean(i) for i in state["iwd"]],
    }
    return {name: sorted(json.dumps(item, sort_keys=True) for item in items) for name, items in sections.items()}


def differences(expected, actual, limit=3):
    """What ``actual`` lacks or has more than ``expected``, a few lines per section; empty when equal."""
    lines = []
    expected, actual = comparable(expected), comparable(actual)
    for name in expected:
        # As multisets: a second object equal to the first but for its id (a duplicate) is an extra one.
        wanted, found = Counter(expected[name]), Counter(actual[name])
        missing = sorted((wanted - found).elements())
        extra = sorted((found - wanted).elements())
        if missing or extra:
            lines.append("%s: %d missing, %d extra" % (name, len(missing), len(extra)))
            lines.extend("  - " + item for item in missing[:limit])
            lines.extend("  + " + item for item in extra[:limit])
    return lines


def managed_objects(state):
    """How many objects the enable sequence manages: clients, settings, tenants, API keys and
    services it makes itself, and one IWD provisioning per IWD tenant (whose services and keys IWD
    makes). The nex_gapis row is PostgreSQL's, not a request."""
    return (len(state["clients"]) + len(state["settings"]) + len(state["tenants"])
            + sum(1 for k in state["apikeys"] if k.get("origin") != "iwd")
            + sum(1 for s in state["services"] if s.get("origin") != "iwd")
            + len(state["iwd"]))
