"""A tenant's SMS toll-free numbers through Genesys Cloud in enable_tenant and remove_tenant: each number
given in the inventory is ordered once (docs/api.md, G4), never again, never in check mode, and never
released; the output file and its manual steps hold each number's NexusServices section.

One tenant (t300, SMS through Genesys Messaging Aggregation) with --limit keeps the runs short.
"""

import hashlib
import json
import os
import subprocess

import yaml

from playbook_helpers import ansible_playbook, collection_dir, leaks

NUMBERS_PATH = "/api/v2/messaging/sms/provisioning/tollfreenumbers/"
WHERE = "Agent Setup, Transactions > NexusServices > Options"


def orders_since(sandbox, seq):
    """The G4 requests (orders) after ``seq``."""
    return [r for r in sandbox.requests(since=seq)
            if r["service"] == "gcloud_api" and r["method"] == "POST" and r["path"] == NUMBERS_PATH]


def gcloud(sandbox):
    return sandbox.admin("GET", "/sandbox/gcloud")


def spelled(number):
    """The purpose of a number given none: SMS_ and its digits in words (seed 003 allows no digit in a section)."""
    words = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
    return "SMS_" + "".join(words[int(digit)] for digit in number.lstrip("+"))


def section(number, purpose, endpoint, cxc_only="false"):
    """The NexusServices section seed 003 asks for, as docs/api.md writes it."""
    return {"step": "nexus_services_section", "where": WHERE, "transaction": "NexusServices", "section": "chat." + purpose,
            "options": {"channelId": number, "channelType": "sms", "endpoint": endpoint, "interactionSubtype": "SMS",
                        "interactionType": "Inbound", "media": "chat", "cxcOnly": cxc_only},
            "missing": [] if endpoint else ["endpoint"]}


def test_numbers_are_ordered_once_shown_and_kept(inventory):
    sandbox = inventory.sandbox
    client = sandbox.config["gcloud"]["clients"][0]
    first_number, second_number, third_number = sandbox.config["gcloud"]["available_numbers"][:3]
    ccid = inventory.ccid("t300")
    sms = dict(inventory.host_vars("t300")["tenant_sms"],
               gc_login_url=sandbox["gcloud_login_url"], gc_api_url=sandbox["gcloud_api_url"],
               gc_client_id=client["client_id"], gc_client_secret=client["client_secret"],
               numbers=[{"number": first_number, "purpose": "SMS_Main_Corporate", "designer_endpoint": "SMS_Main"},
                        {"number": second_number, "cxc_only": True}],
               email_address="sms.admin@example.com", comment="Nexus Premise ACME Corp")
    # A number YAML read as an integer (unquoted) fails the tenant before any request, naming the variable.
    inventory.set_host_var("t300", "tenant_sms", dict(sms, numbers=[{"number": int(first_number)}] + sms["numbers"][1:]))
    seq = sandbox.last_seq()
    bad = inventory.run("enable_tenant", "--limit", "t300")
    assert bad.rc != 0 and bad.recap["t300"]["failed"] == 1, bad
    assert ("host_vars/t300: tenant_sms.numbers[0].number: must be a quoted string (YAML reads %s unquoted as a number)"
            % first_number) in bad.output, bad
    assert sandbox.requests(since=seq) == []
    inventory.set_host_var("t300", "tenant_sms", sms)

    # On an environment without the Portico Cluster API Key yet (its tenants do not use Genesys Messaging
    # Aggregation), --check shows the orders the key would allow, and sends none.
    assert inventory.run("enable_tenant", "--limit", "t200").rc == 0
    seq = since_check = sandbox.last_seq()
    check = inventory.run("enable_tenant", "--limit", "t300", "--check")
    assert check.rc == 0, check
    assert ('"would change: chatservice-uri setting, tenant, API key API key for t300, API key Designer API key, API key '
            'Reporting key, PurecloudIDP service, SMS service, PorticoSMS service, PorticoEmail service, toll-free number %s, '
            'toll-free number %s"' % (first_number, second_number)) in check.output, check
    assert "Portico Cluster API Key" in check.output.split("Summarize the environment", 1)[1].split("TASK [", 1)[0], check
    assert [r for r in sandbox.requests(since=seq) if r["method"] != "GET" and not r["path"].endswith("/oauth/token")] == []

    # The first run orders each number once, with the tenant's webhooks and the Portico Cluster API Key.
    seq = sandbox.last_seq()
    first = inventory.run("enable_tenant", "--limit", "t300", "-vvv", "--diff")
    assert first.rc == 0, first
    assert len(orders_since(sandbox, seq)) == 2, first
    portico = inventory.environment()["apikeys"]["Portico Cluster API Key"]
    numbers = {n["tollfreeNumber"]: n for n in gcloud(sandbox)["numbers"]}
    assert sorted(numbers) == sorted([first_number, second_number])
    nexus = sandbox["nexus_url"]
    for number in numbers.values():
        assert number["webhookUsername"] == ccid
        assert (number["moUrl"], number["drUrl"]) == (nexus + "/nexus/v3/sms/message", nexus + "/nexus/v3/sms/receipt")
        assert (number["emailAddress"], number["comment"]) == ("sms.admin@example.com", "Nexus Premise ACME Corp")
        assert number["webhookPassword_sha256"] == hashlib.sha256(portico.encode()).hexdigest()
    assert ("toll-free number %s, toll-free number %s" % (first_number, second_number)) in first.output
    secrets = inventory.secrets()
    assert portico in secrets and client["client_secret"] in secrets
    assert leaks(first.output, secrets) == []

    # The output file lists the numbers as Genesys Cloud does, and its manual steps hold their sections,
    # and the cxc. section of the email domain (email: true) left for a person to fill in.
    output = inventory.output("t300")
    assert output["sms_numbers"] == [
        {"tollfreeNumber": first_number, "purpose": "SMS_Main_Corporate", "id": numbers[first_number]["id"],
         "dateCreated": numbers[first_number]["dateCreated"]},
        {"tollfreeNumber": second_number, "purpose": spelled(second_number), "id": numbers[second_number]["id"],
         "dateCreated": numbers[second_number]["dateCreated"]}]
    sections = [step for step in output["manual_steps"] if step["step"] == "nexus_services_section"]
    assert sections[-2:] == [section(first_number, "SMS_Main_Corporate", "chat.SMS_Main"),
                             section(second_number, spelled(second_number), None, "true")]
    email = sections[0]
    assert (email["section"], email["options"], email["missing"]) == (None, {"channelId": None, "channelType": "email"},
                                                                      ["section", "channelId"])
    assert "provider" not in str(sections)

    # The second run orders nothing and changes nothing.
    seq = sandbox.last_seq()
    second = inventory.run("enable_tenant", "--limit", "t300")
    assert second.rc == 0, second
    assert second.recap["t300"]["changed"] == 0, second
    assert orders_since(sandbox, seq) == []
    assert inventory.output("t300") == output

    # --check --diff with a new number shows the order and sends none.
    inventory.set_host_var("t300", "tenant_sms", dict(sms, numbers=sms["numbers"] + [{"number": third_number}]))
    seq = sandbox.last_seq()
    before = gcloud(sandbox)["numbers"]
    check = inventory.run("enable_tenant", "--limit", "t300", "--check", "--diff")
    assert check.rc == 0, check
    assert check.recap["t300"]["changed"] > 0, check
    assert orders_since(sandbox, seq) == []
    assert [r for r in sandbox.requests(since=seq) if r["method"] not in ("GET",) and not r["path"].endswith("/oauth/token")] == []
    assert gcloud(sandbox)["numbers"] == before
    task = check.output[check.output.index("TASK [genesys.multicloud.tenant_sms : Order the tenant's toll-free numbers"):]
    task = task[:task.index("TASK [", 10)]
    assert "changed: [t300]" in task and ('+        "%s": {' % third_number) in task, task
    assert ('"would change: toll-free number %s"' % third_number) in check.output
    assert leaks(check.output, secrets) == []
    assert inventory.output("t300") == output

    # Removing the tenant leaves the numbers in Genesys Cloud and names them.
    removal = inventory.run("remove_tenant", "--limit", "t300")
    assert removal.rc == 0, removal
    assert gcloud(sandbox)["numbers"] == before
    assert ("toll-free numbers kept in Genesys Cloud, still calling this ccid's webhooks: %s, %s"
            % (first_number, second_number)) in removal.output, removal
    assert [s for s in sandbox.state()["services"] if s["ccid"] == ccid] == []
    assert leaks(removal.output, secrets) == []

    # One Genesys Cloud token (G1) served every task of these runs, --check included: the first obtained it
    # into the token cache a real run made, and the others took it from there.
    assert len([r for r in sandbox.requests(since=since_check) if r["service"] == "gcloud_login"]) == 1


def test_custom_gateway_channels_get_their_sections(collections_path, tmp_path):
    """The manual steps of a custom gateway's channels: a phone number's chat. section, an email domain's
    cxc. section, both with provider Async; without a domain, email: true leaves one for a person."""
    template = collection_dir(collections_path) / "roles" / "tenant_report" / "templates" / "manual_steps.yml.j2"
    channel = {"webhook_url": "https://hooks.example.com", "webhook_secret": "s", "api_secret": "a"}
    cases = {
        "both": {"provider": "async", "email": True, "channels": [
            dict(channel, channel_id="+16504661149", purpose="SMS_Main", designer_endpoint="SMS_Main", cxc_only=True),
            dict(channel, channel_id="promo2.example.com")]},
        "number": {"provider": "async", "email": True, "channels": [dict(channel, channel_id=16504661150)]},
    }
    render = ("{{ lookup('ansible.builtin.template', '%s', template_vars={'designer_key': 'k', 'tenant_sms': cases[item]})"
              " | from_yaml | selectattr('step', 'eq', 'nexus_services_section') | to_json }}" % template)
    task = {"ansible.builtin.copy": {"dest": str(tmp_path / "{{ item }}.json"), "content": render}, "loop": sorted(cases)}
    play = {"hosts": "localhost", "gather_facts": False, "tasks": [task],
            "vars": {"nexus_url": "https://nexus.example.com", "tenant_name": "t1", "cases": cases,
                     "__genesys_tenant_record": {"ccid": "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"}}}
    playbook = tmp_path / "render.yml"
    playbook.write_text(yaml.safe_dump([play]), encoding="utf-8")
    completed = subprocess.run([ansible_playbook(), str(playbook)], env=dict(os.environ, ANSIBLE_NOCOLOR="1"), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout
    rendered = {name: json.loads((tmp_path / (name + ".json")).read_text(encoding="utf-8")) for name in cases}
    sms_options = {"channelType": "sms", "interactionSubtype": "SMS", "interactionType": "Inbound", "media": "chat",
                   "provider": "Async"}
    assert [(s["section"], s["options"], s["missing"]) for s in rendered["both"]] == [
        ("chat.SMS_Main", dict(sms_options, channelId="+16504661149", endpoint="chat.SMS_Main", cxcOnly="true"), []),
        ("cxc.promoTwo_example_com", {"channelId": "promo2.example.com", "channelType": "email", "provider": "Async"}, [])]
    assert spelled("16504661150") == "SMS_OneSixFiveZeroFourSixSixOneOneFiveZero"
    assert [(s["section"], s["options"], s["missing"]) for s in rendered["number"]] == [
        ("chat.SMS_OneSixFiveZeroFourSixSixOneOneFiveZero",
         dict(sms_options, channelId="16504661150", endpoint=None, cxcOnly="false"), ["endpoint"]),
        (None, {"channelId": None, "channelType": "email", "provider": "Async"}, ["section", "channelId"])]
