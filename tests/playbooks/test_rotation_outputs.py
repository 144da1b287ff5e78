"""rotate_secrets on an environment whose gma tenant (t300) has toll-free numbers: a check run with every kind
named shows no live key id at any verbosity, and a real rotation keeps every section of the tenant's output
file, so that enable_tenant afterwards changes nothing.
"""

from playbook_helpers import leaks
from test_numbers import spelled
from test_playbooks import TENANTS

ALL_KINDS = "genesys_rotate=nexus_client,iwd_client,tenant_apikeys,cluster_apikeys"


def with_numbers(inventory):
    """t300 with two toll-free numbers through the sandbox's Genesys Cloud; returns them."""
    sandbox = inventory.sandbox
    client = sandbox.config["gcloud"]["clients"][0]
    first, second = sandbox.config["gcloud"]["available_numbers"][:2]
    inventory.set_host_var("t300", "tenant_sms", dict(
        inventory.host_vars("t300")["tenant_sms"], gc_login_url=sandbox["gcloud_login_url"],
        gc_api_url=sandbox["gcloud_api_url"], gc_client_id=client["client_id"], gc_client_secret=client["client_secret"],
        email_address="sms.admin@example.com",
        numbers=[{"number": first, "purpose": "SMS_Main_Corporate", "designer_endpoint": "SMS_Main"}, {"number": second}]))
    return first, second


def live_key_ids(inventory):
    """Every live key id by where it lives: each tenant's xapikey and API keys, and the cluster keys."""
    found = {}
    for host in TENANTS:
        output = inventory.output(host)
        found[host + " xapikey"] = output["xapikey"]
        found.update((host + " " + name, key) for name, key in output["apikeys"].items())
    found.update(inventory.environment()["apikeys"])
    return found


def enabled_unchanged(inventory):
    again = inventory.run("enable_tenant")
    assert again.rc == 0, again
    assert {host: counts["changed"] for host, counts in again.recap.items()} == dict.fromkeys(TENANTS, 0), again


def step_keys(output):
    """What tells the output file's manual steps apart, in their order: each one's step and section."""
    return [(step["step"], step.get("section")) for step in output["manual_steps"]]


def test_a_check_rotation_shows_no_live_key_id(inventory):
    with_numbers(inventory)
    first = inventory.run("enable_tenant")
    assert first.rc == 0, first
    keys = live_key_ids(inventory)
    # The search covers each kind of live key: consumer and Designer keys, cluster keys, xapikeys.
    for name in ("t100 API key for t100", "t100 Designer API key", "t300 Designer API key", "t300 xapikey",
                 "Cluster API key", "iWD Cluster API Key", "Portico Cluster API Key"):
        assert keys.get(name), name
    live = {key["id"] for key in inventory.sandbox.state()["apikeys"] if not key["revoked"]}
    assert set(keys.values()) - {keys[host + " xapikey"] for host in TENANTS} <= live

    check = inventory.run("rotate_secrets", "--check", "-vvv", "--diff", "-e", ALL_KINDS)
    assert check.rc == 0, check
    # The tasks whose results carried the live ids ran, and reported for every tenant.
    for task in ("Revoke the old API keys of the tenant", "Revoke the old cluster API keys"):
        assert "TASK [genesys.multicloud." in check.output and task in check.output, task
    assert leaks(check.output, set(keys.values()) | inventory.secrets()) == []
    assert live_key_ids(inventory) == keys


def test_rotation_keeps_every_section_of_the_output_file(inventory):
    first_number, second_number = with_numbers(inventory)
    first = inventory.run("enable_tenant")
    assert first.rc == 0, first
    before = inventory.output("t300")
    numbered = [section for step, section in step_keys(before) if step == "nexus_services_section" and section]
    assert numbered == ["chat.SMS_Main_Corporate", "chat." + spelled(second_number)], numbered
    assert [step["options"]["channelId"] for step in before["manual_steps"]
            if step.get("section") in numbered] == [first_number, second_number]

    # An environment rotation (iwd_client alone): every section as it was, the whole file too but for nothing.
    rotated = inventory.run("rotate_secrets", "-e", "genesys_rotate=iwd_client")
    assert rotated.rc == 0, rotated
    after = inventory.output("t300")
    assert step_keys(after) == step_keys(before)
    for key, step, was in zip(step_keys(after), after["manual_steps"], before["manual_steps"]):
        assert step == was, key
    assert after == before
    enabled_unchanged(inventory)

    # The tenant's own keys: the sections again, only the DesignerEnv password now the new Designer key.
    keys = inventory.run("rotate_secrets", "--limit", "t300", "-e", "genesys_rotate=tenant_apikeys")
    assert keys.rc == 0, keys
    after = inventory.output("t300")
    designer = after["apikeys"]["Designer API key"]
    assert designer != before["apikeys"]["Designer API key"]
    assert step_keys(after) == step_keys(before)
    for key, step, was in zip(step_keys(after), after["manual_steps"], before["manual_steps"]):
        if key[0] == "Enable routing using Designer Applications":
            assert {"option": "password", "value": designer} in step["options"]
            assert [o for o in step["options"] if o["option"] != "password"] == [
                o for o in was["options"] if o["option"] != "password"]
        else:
            assert step == was, key
    enabled_unchanged(inventory)
    assert inventory.output("t300")["manual_steps"] == after["manual_steps"]
