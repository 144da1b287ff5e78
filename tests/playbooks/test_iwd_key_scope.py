"""The key IWD gets as tenant.apiKey, in both readings (tenant_iwd.iwd_key_scope; docs/api.md, disagreement 22).

tenant (the default, as the vendor's scripts do it): the collection makes the tenant's own key
``<tenant>-iWD``, keeps its id in the tenant's output file, and gives it to IWD as tenant.apiKey (and as
IWD_APIKEY_TENANT when the inventory gives none). cluster: IWD gets the iWD Cluster API Key.
"""

import hashlib
import json

from playbook_helpers import leaks
from test_playbooks import writes_since


def iwd_secret_sha256(inventory, ccid):
    return next(s for s in inventory.sandbox.state()["services"] if s["name"] == "iWD" and s["ccid"] == ccid)["secret_sha256"]


def expected_secret_sha256(inventory, api_key):
    """What the sandbox's IWD keeps with its iWD service (the database settings and tenant.apiKey), hashed."""
    db = dict({"port": 5432, "ssl": False}, **inventory.host_vars("t100")["tenant_iwd"]["db"])
    return hashlib.sha256(json.dumps({"db": db, "apiKey": api_key}, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def test_tenant_scope_makes_keeps_and_gives_the_tenants_own_key(inventory):
    iwd = dict(inventory.host_vars("t100")["tenant_iwd"])
    del iwd["apikey_tenant"]  # the tenant's own key stands for IWD_APIKEY_TENANT
    inventory.set_host_var("t100", "tenant_iwd", iwd)

    seq = inventory.sandbox.last_seq()
    check = inventory.run("enable_tenant", "--check", "--limit", "t100")
    assert check.rc == 0, check
    assert writes_since(inventory.sandbox, seq) == []

    first = inventory.run("enable_tenant", "--limit", "t100", "-vvv", "--diff")
    assert first.rc == 0, first
    ccid = inventory.ccid("t100")
    keys = [k for k in inventory.sandbox.state()["apikeys"] if k["tenant"] == ccid and k["name"] == "t100-iWD"]
    assert len(keys) == 1 and not keys[0]["revoked"] and keys[0]["permissions"] == ["nexus:iwd:*"]
    own = inventory.output("t100")["apikeys"]["t100-iWD"]
    assert own == keys[0]["id"]
    assert iwd_secret_sha256(inventory, ccid) == expected_secret_sha256(inventory, own)
    # IWD_APIKEY_TENANT is the same key: IWD made no key of its own for it.
    iwd_keys = [k["name"] for k in inventory.sandbox.state()["apikeys"] if k["tenant"] == ccid and k["origin"] == "iwd"]
    assert iwd_keys == ["IWD_APIKEY_IWDDM"]
    assert "API key t100-iWD" in first.output
    assert leaks(first.output, inventory.secrets() | {own}) == []

    again = inventory.run("enable_tenant", "--limit", "t100")
    assert again.rc == 0 and again.recap["t100"]["changed"] == 0, again


def test_cluster_scope_gives_the_iwd_cluster_key_and_no_key_of_the_tenant(inventory):
    iwd = inventory.host_vars("t100")["tenant_iwd"]
    inventory.set_host_var("t100", "tenant_iwd", dict(iwd, iwd_key_scope="cluster"))
    first = inventory.run("enable_tenant", "--limit", "t100")
    assert first.rc == 0, first
    ccid = inventory.ccid("t100")
    cluster = inventory.environment()["apikeys"]["iWD Cluster API Key"]
    assert iwd_secret_sha256(inventory, ccid) == expected_secret_sha256(inventory, cluster)
    assert [k for k in inventory.sandbox.state()["apikeys"] if k["name"] == "t100-iWD"] == []
    assert "t100-iWD" not in inventory.output("t100")["apikeys"]

    # Switching to the tenant's own key: the key is made; IWD gets it with the next provisioning that sends the
    # secrets (genesys_update_secrets), since what IWD keeps cannot be read back.
    inventory.set_host_var("t100", "tenant_iwd", iwd)
    switched = inventory.run("enable_tenant", "--limit", "t100")
    assert switched.rc == 0 and switched.recap["t100"]["changed"] > 0, switched
    assert iwd_secret_sha256(inventory, ccid) == expected_secret_sha256(inventory, cluster)
    resent = inventory.run("enable_tenant", "--limit", "t100", "-e", "genesys_update_secrets=true")
    assert resent.rc == 0, resent
    own = inventory.output("t100")["apikeys"]["t100-iWD"]
    assert iwd_secret_sha256(inventory, ccid) == expected_secret_sha256(inventory, own)
