"""Keys where the vendor finds them: with Digital Channels' key listing (K2) missing or refused, the
collection reads the keys from the nex_apikeys table (docs/api.md, DB2) and still converges."""

import pytest

from playbook_helpers import leaks


@pytest.mark.parametrize("mode", ["missing", "refused"])
def test_enable_converges_reading_keys_from_the_database(inventory, mode):
    inventory.sandbox.set_apikeys_listing(mode)
    first = inventory.run("enable_tenant", "--limit", "t100", "-vvv")
    assert first.rc == 0, first
    again = inventory.run("enable_tenant", "--limit", "t100", "-vvv", "--diff")
    assert again.rc == 0 and again.recap["t100"]["changed"] == 0, again
    # One live key of each name: the second run found every key in the table instead of making it again.
    ccid = inventory.ccid("t100")
    live = [(k["tenant"], k["name"]) for k in inventory.sandbox.state()["apikeys"] if not k["revoked"] and k["origin"] == "apikeys"]
    assert sorted(set(live)) == sorted(live)
    assert sorted(name for tenant, name in live if tenant == ccid) == ["API key for t100", "Designer API key", "t100-iWD"]
    assert {"Cluster API key", "iWD Cluster API Key"} <= set(name for tenant, name in live if tenant == "*")
    # K2 was asked and refused each time; the key ids read from the database are secrets like any other.
    listings = [r for r in inventory.sandbox.requests(since=0) if r["method"] == "GET" and r["path"] == "/nexus/v3/apikeys"]
    assert listings and all(r["status"] == (404 if mode == "missing" else 403) for r in listings)
    assert leaks(first.output + again.output, inventory.secrets()) == []
