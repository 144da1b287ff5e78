"""A custom gateway's HTTP headers ("Add custom HTTP headers", seed 003): each is an option header:<name> of the
channel's NexusServices section in the output file; a secret one is kept there (0600) and shown nowhere else.
"""

from playbook_helpers import leaks
from test_playbooks import mode, writes_since

SECRET = "Hdr-S3cret-t200"


def test_channel_headers_go_to_its_section(inventory):
    sms = inventory.host_vars("t200")["tenant_sms"]
    channel = sms["channels"][0]

    # A header name HTTP does not allow fails the tenant before any write, naming the variable and the tenant.
    inventory.set_host_var("t200", "tenant_sms", dict(sms, channels=[dict(channel, headers={"X Tenant": "t200"})]))
    seq = inventory.sandbox.last_seq()
    bad = inventory.run("enable_tenant", "--limit", "t200")
    assert bad.rc != 0 and bad.recap["t200"]["failed"] == 1, bad
    assert "host_vars/t200: tenant_sms.channels[0].headers: 'X Tenant': must be an HTTP header name" in bad.output, bad
    assert writes_since(inventory.sandbox, seq) == []

    headers = {"custom-header-for-async-1": "12345"}
    inventory.set_host_var("t200", "tenant_sms", dict(sms, channels=[
        dict(channel, headers=headers, secret_headers={"X-Gateway-Token": SECRET})]))
    first = inventory.run("enable_tenant", "--limit", "t200", "-vvv", "--diff", ANSIBLE_SHOW_CUSTOM_STATS="1")
    assert first.rc == 0, first
    output = inventory.output("t200")
    [section] = [step for step in output["manual_steps"] if step["step"] == "nexus_services_section"]
    assert section["options"] == {
        "channelId": "16504661149", "channelType": "sms", "endpoint": None, "interactionSubtype": "SMS",
        "interactionType": "Inbound", "media": "chat", "cxcOnly": "false", "provider": "Async",
        "header:custom-header-for-async-1": "12345", "header:X-Gateway-Token": SECRET}
    assert section["secret_options"] == ["header:X-Gateway-Token"]
    assert mode(inventory.output_dir / "t200.json") == 0o600
    # The run's output (its custom stats included) shows the plain header, and the secret one only as a pointer.
    assert '"header:custom-header-for-async-1": "12345"' in first.output, first
    assert '"header:X-Gateway-Token": "(a secret header, in %s)"' % (inventory.output_dir / "t200.json") in first.output
    assert leaks(first.output, inventory.secrets() | {SECRET}) == []

    again = inventory.run("enable_tenant", "--limit", "t200")
    assert again.rc == 0 and again.recap["t200"]["changed"] == 0, again
    assert inventory.output("t200") == output

    # A new secret value: the output file changes, its diff shows neither value.
    inventory.set_host_var("t200", "tenant_sms", dict(sms, channels=[
        dict(channel, headers=headers, secret_headers={"X-Gateway-Token": SECRET + "-2"})]))
    changed = inventory.run("enable_tenant", "--limit", "t200", "--diff")
    assert changed.rc == 0 and changed.recap["t200"]["changed"] == 1, changed
    assert leaks(changed.output, inventory.secrets() | {SECRET, SECRET + "-2"}) == []
