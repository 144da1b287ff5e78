#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: gc_tollfree_number
short_description: Order a tenant's SMS toll-free numbers through Genesys Messaging Aggregation
version_added: 0.1.0
description:
  - Makes sure the Genesys Cloud organization has each of the toll-free numbers in O(numbers), with its
    webhooks pointing to the tenant in Digital Channels, as the Digital Channels guide's
    "Manage phone numbers and email domains" does by hand.
  - The organization's numbers are read first (docs/api.md, G2). A number the organization already has is
    never ordered again; the others are ordered (G4) with C(moUrl) = O(nexus_url)C(/nexus/v3/sms/message),
    C(drUrl) = O(nexus_url)C(/nexus/v3/sms/receipt), C(webhookUsername) = O(ccid) and
    C(webhookPassword) = O(webhook_password).
  - B(Each ordered number costs money.) Check mode and C(--diff) show what would be ordered and order
    nothing. After an order whose answer is lost (no answer, HTTP 502 or 504) the list is read, twice with
    a wait between; the order is sent again only when the number is not there, so a number is never
    bought twice.
  - A number the organization has whose C(moUrl), C(drUrl) or C(webhookUsername) differ from the
    tenant's is reported in RV(drift), with a warning, or fails the task with O(on_webhook_drift=fail).
    The API has no documented request that changes a number's webhooks, so the module cannot change
    them; RV(manual_steps) holds the request to make to Genesys Customer Care.
  - An order may answer with the number, or with an order that completes later (docs/api.md, G5). Such an
    order's id is written to O(store) the moment it arrives; the order is read every O(order_poll_interval)
    seconds until it completes, fails or O(order_timeout) passes. A number whose order is in O(store) is
    never ordered again; a later run waits for that order instead.
  - Numbers are never released; numbers of the organization not in O(numbers) are left alone.
  - For every number, RV(manual_steps) holds the C(NexusServices) section the guide asks a person to make
    in Agent Setup, filled in.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.gcloud
  - genesys.multicloud.connection.attributes
options:
  ccid:
    description:
      - The tenant's contact center id (C($ccid)), sent as the numbers' C(webhookUsername); Digital Channels
        knows the tenant by it.
    type: str
    required: true
  numbers:
    description:
      - The tenant's toll-free numbers, each chosen from the available ones (see
        M(genesys.multicloud.gc_tollfree_number_info) with O(genesys.multicloud.gc_tollfree_number_info#module:available=true)).
      - Given numbers rather than a count, so that a run can never buy a number nobody chose.
    type: list
    elements: dict
    required: true
    suboptions:
      number:
        description:
          - The number in E.164 form, as Genesys Cloud lists it, for example V(+18885550101).
        type: str
        required: true
      purpose:
        description:
          - What the number is for, the rest of its C(NexusServices) section name C(chat.<purpose>), for example
            V(SMS_Main_Corporate). Letters, underscores and dashes, as the Digital Channels guide allows (no digits,
            no spaces).
          - Default V(SMS_) and the number's digits spelled in words, V(SMS_OneEightEightEightFiveFiveFiveZeroOneZeroOne)
            for V(+18885550101).
          - Releases up to 0.2.0 used V(SMS_) and the digits themselves, which the guide does not allow in a section name.
        type: str
      designer_endpoint:
        description:
          - The name of the chat endpoint of the Designer application that routes the number's messages
            (C($designerEndpointName)); the section's C(endpoint) is C(chat.<designer_endpoint>).
          - When not set, the section's C(endpoint) is left for a person to fill in and named in its C(missing).
        type: str
      cxc_only:
        description:
          - The section's C(cxcOnly), V(true) for CX Contact integrations, whose incoming messages are not
            delivered to agents.
        type: bool
        default: false
  webhook_password:
    description:
      - The C(webhookPassword) of the numbers ordered (C($GMAKey)), the C(Portico Cluster API Key) of Digital
        Channels, with which Genesys Cloud calls Digital Channels.
      - Required when a number is to be ordered. It is write-only and cannot be read back, so numbers the
        organization has are not compared with it.
    type: str
  email_address:
    description:
      - The C(emailAddress) of the numbers ordered, the person Genesys Customer Care contacts about them.
      - Required when a number is to be ordered.
    type: str
  comment:
    description:
      - The C(comment) of the numbers ordered, for Genesys Customer Care, for example your organization's name.
      - Default C(Digital Channels tenant <ccid>).
    type: str
  store:
    description:
      - A record file (JSON, 0600 in a 0700 directory) where the id of an order that completes later is kept,
        under C(number_orders.<number>), until it completes.
      - Without it, an order that does not complete within O(order_timeout) fails the task naming the order id,
        and nothing stops a later run from ordering the number again.
    type: path
  order_timeout:
    description:
      - How long to wait, in seconds, for an order that completes later; the task fails after it and the order
        stays in O(store) for the next run.
    type: int
    default: 600
  order_poll_interval:
    description:
      - Seconds between two reads of an order that completes later.
    type: int
    default: 10
  on_webhook_drift:
    description:
      - What a number whose webhooks point elsewhere does to the task, before any order.
      - V(warn) reports it in RV(drift) and RV(manual_steps) with a warning; V(fail) fails the task.
    type: str
    choices: [warn, fail]
    default: warn
notes:
  - O(nexus_url) is required.
  - The numbers' C(comment) and C(emailAddress) are sent on order only and never compared.
seealso:
  - module: genesys.multicloud.gc_tollfree_number_info
  - name: Provision SMS (Digital Channels private edition guide)
    description: The section "Manage phone numbers and email domains" this module automates.
    link: https://all.docs.genesys.com/DigitalChannels/Current/DCPEGuide/ProvisionSMS
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Order the tenant's toll-free number
  genesys.multicloud.gc_tollfree_number:
    gc_login_url: https://login.mypurecloud.com
    gc_api_url: https://api.mypurecloud.com
    gc_client_id: 4da40a9d-b113-4024-8ba9-c9dd89c91f67
    gc_client_secret: "{{ vault_gc_client_secret }}"
    nexus_url: https://nexus.example.com
    ccid: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    numbers:
      - number: "+18885550101"
        purpose: SMS_Main_Corporate
        designer_endpoint: SMS_Main
    webhook_password: "{{ portico_cluster_api_key }}"
    email_address: sms.admin@example.com
    comment: Nexus Premise ACME Corp
  register: sms_numbers

- name: Show the NexusServices sections to make in Agent Setup
  ansible.builtin.debug:
    var: sms_numbers.manual_steps
"""

RETURN = r"""
numbers:
  description:
    - The numbers of O(numbers) as the organization lists them after the task (in check mode, those to order
      as they would be ordered, without C(id) and C(dateCreated)), in the order of O(numbers), each with its
      C(purpose) and whether this task ordered it.
  returned: always
  type: list
  elements: dict
  sample:
    - id: d2ad735b-8759-481c-a8c1-ec95d8d2b312
      tollfreeNumber: "+18885550101"
      comment: Nexus Premise ACME Corp
      moUrl: https://nexus.example.com/nexus/v3/sms/message
      drUrl: https://nexus.example.com/nexus/v3/sms/receipt
      webhookUsername: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
      emailAddress: sms.admin@example.com
      dateCreated: "2026-12-01T04:28:18.611Z"
      purpose: SMS_Main_Corporate
      ordered: true
ordered:
  description: The numbers this task ordered; in check mode, those it would order.
  returned: always
  type: list
  elements: str
  sample: ["+18885550101"]
drift:
  description: The webhook fields of numbers the organization has that differ from the tenant's.
  returned: always
  type: list
  elements: dict
  sample:
    - tollfreeNumber: "+18885550102"
      field: moUrl
      current: https://old-nexus.example.com/nexus/v3/sms/message
      wanted: https://nexus.example.com/nexus/v3/sms/message
manual_steps:
  description:
    - What a person still does, one item per step, for the tenant's report.
    - C(step=nexus_services_section), one per number, from the guide's "Provision phone numbers in
      Digital Channels". C(options) are the section's options as Agent Setup holds them, all strings;
      C(missing) names the options left for a person to fill in.
    - C(step=gma_webhooks), one per number with RV(drift), the change to ask Genesys Customer Care for.
  returned: always
  type: list
  elements: dict
  sample:
    - step: nexus_services_section
      where: Agent Setup, Transactions > NexusServices > Options
      transaction: NexusServices
      section: chat.SMS_Main_Corporate
      options:
        channelId: "+18885550101"
        channelType: sms
        endpoint: chat.SMS_Main
        interactionSubtype: SMS
        interactionType: Inbound
        media: chat
        cxcOnly: "false"
      missing: []
    - step: gma_webhooks
      where: Genesys Customer Care
      tollfreeNumber: "+18885550102"
      current: {moUrl: https://old-nexus.example.com/nexus/v3/sms/message}
      wanted: {moUrl: https://nexus.example.com/nexus/v3/sms/message}
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._create import create
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import (
    E164, PURPOSE, GcloudClient, check_gcloud_params, default_purpose, gcloud_argument_spec)
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_uuid, diff, require, run_module)
from ansible_collections.genesys.multicloud.plugins.module_utils._store import read_record, update_record
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

WEBHOOK_FIELDS = ("moUrl", "drUrl", "webhookUsername")
# What the diff shows of a number: what an order sets, never the webhook password.
SHOWN = ("moUrl", "drUrl", "webhookUsername", "comment", "emailAddress")

ARGUMENT_SPEC = dict(
    gcloud_argument_spec(),
    ccid=dict(type="str", required=True),
    numbers=dict(type="list", elements="dict", required=True, options=dict(
        number=dict(type="str", required=True),
        purpose=dict(type="str"),
        designer_endpoint=dict(type="str"),
        cxc_only=dict(type="bool", default=False),
    )),
    webhook_password=dict(type="str", no_log=True),
    email_address=dict(type="str"),
    comment=dict(type="str"),
    on_webhook_drift=dict(type="str", choices=["warn", "fail"], default="warn"),
    store=dict(type="path"),
    order_timeout=dict(type="int", default=600),
    order_poll_interval=dict(type="int", default=10),
)
# Where O(store) keeps the orders still pending: number -> order id (docs/api.md, G5).
PENDING = "number_orders"


def wanted_numbers(numbers):
    """``numbers`` checked, with their purposes filled in."""
    if not numbers:
        raise GenesysError("numbers: give at least one toll-free number")
    wanted, seen, purposes = [], set(), set()
    for index, item in enumerate(numbers):
        number = item.get("number") or ""
        if not E164.match(number):
            raise GenesysError("numbers[%d].number: must be an E.164 number such as +18885550101, got %r" % (index, number))
        purpose = item.get("purpose") or default_purpose(number)
        if not PURPOSE.match(purpose):
            raise GenesysError("numbers[%d].purpose: only letters, underscores and dashes (the section chat.<purpose>), got %r"
                               % (index, purpose))
        if number in seen or purpose in purposes:
            raise GenesysError("numbers[%d]: %s given twice" % (index, "number %s" % number if number in seen else "purpose %s" % purpose))
        seen.add(number)
        purposes.add(purpose)
        wanted.append(dict(item, purpose=purpose, cxc_only=bool(item.get("cxc_only"))))
    return wanted


def check_inputs(params):
    """Reject malformed options before any request; returns the wanted numbers."""
    check_gcloud_params(params)
    require(params, ("nexus_url",), "for the numbers' webhooks")
    check_uuid(params["ccid"], "ccid")
    for name in ("order_timeout", "order_poll_interval"):
        if params[name] < 0:
            raise GenesysError("%s: must be 0 or more, got %d" % (name, params[name]))
    return wanted_numbers(params["numbers"])


def webhooks(params):
    """The webhook fields every number of the tenant has (docs/api.md, G4)."""
    nexus = params["nexus_url"].rstrip("/")
    return {"moUrl": nexus + "/nexus/v3/sms/message", "drUrl": nexus + "/nexus/v3/sms/receipt",
            "webhookUsername": params["ccid"]}


def same(field, current, wanted):
    # A ccid is a UUID, whose case does not matter.
    if field == "webhookUsername":
        return str(current).lower() == str(wanted).lower()
    return current == wanted


def drift_of(entry, hooks):
    return [{"tollfreeNumber": entry["tollfreeNumber"], "field": field, "current": entry.get(field), "wanted": hooks[field]}
            for field in WEBHOOK_FIELDS if not same(field, entry.get(field), hooks[field])]


def section_step(item):
    """The NexusServices section of a number (seed 003, "Provision phone numbers in Digital Channels")."""
    endpoint = "chat." + item["designer_endpoint"] if item.get("designer_endpoint") else None
    return {
        "step": "nexus_services_section",
        "where": "Agent Setup, Transactions > NexusServices > Options",
        "transaction": "NexusServices",
        "section": "chat." + item["purpose"],
        "options": {"channelId": item["number"], "channelType": "sms", "endpoint": endpoint, "interactionSubtype": "SMS",
                    "interactionType": "Inbound", "media": "chat", "cxcOnly": "true" if item["cxc_only"] else "false"},
        "missing": [] if endpoint else ["endpoint"],
    }


def webhook_step(number, drifts):
    return {"step": "gma_webhooks", "where": "Genesys Customer Care", "tollfreeNumber": number,
            "current": dict((d["field"], d["current"]) for d in drifts),
            "wanted": dict((d["field"], d["wanted"]) for d in drifts)}


def shown(entry):
    return dict((field, entry.get(field)) for field in SHOWN)


def order_one(client, order, ccid, retries):
    """Order one number (G4); returns the number and whether this task bought it.

    A lost answer (no answer, 502, 504) is settled by reading the list (G2), twice with a wait
    between, before the order is sent again: it is sent again only when the number is not there,
    so a number is never bought twice. A 409 (ordered meanwhile by another run for this tenant)
    adopts the listed number."""
    def find():
        found = [entry for entry in client.list_numbers() if entry.get("tollfreeNumber") == order["tollfreeNumber"]]
        return found[0] if found and same("webhookUsername", found[0].get("webhookUsername"), ccid) else None

    created = create(lambda: client.order_number(order), find, retries=retries)
    if not created.adopted:
        return created.answer, True
    if created.lost is not None:
        warn("the order of %s got no answer (%s), but the organization lists it: it was ordered"
             % (order["tollfreeNumber"], created.lost.message))
    return created.found, created.lost is not None


def is_order(answer):
    """An order that completes later (G5) rather than the number: a state, no webhooks [assumed]."""
    return isinstance(answer, dict) and "state" in answer and "moUrl" not in answer


def settle(client, params, number, order_id):
    """Wait for the pending order of ``number``; the number as the organization lists it once complete.
    The order leaves O(store) only when the number is listed: until then no run orders the number again."""
    ended = client.wait_for_order(order_id, params["order_timeout"], params["order_poll_interval"])
    listed = [entry for entry in client.list_numbers() if entry.get("tollfreeNumber") == number]
    if listed:
        if params.get("store"):
            update_record(params["store"], {}, remove=[(PENDING, number)])
        return listed[0]
    kept = "it stays in %s" % params["store"] if params.get("store") else "nothing keeps it (set store)"
    if ended is None:
        raise GenesysError("the order %s of %s is still pending after %ds; %s, and the next run waits for it "
                           "instead of ordering again" % (order_id, number, params["order_timeout"], kept))
    raise GenesysError("the order %s of %s %s and the number is not listed; %s: remove %s.%s from it to order the "
                       "number again" % (order_id, number, "completed" if ended else "failed or is unknown to Genesys Cloud",
                                         kept, PENDING, number))


def order_or_wait(client, params, order, pending):
    """The number of ``order`` and whether this task bought it: a pending order is waited for, never sent again;
    a new order that answers with an order is kept in O(store) at once, then waited for."""
    number = order["tollfreeNumber"]
    if number in pending:
        return settle(client, params, number, pending[number]), True
    answer, bought = order_one(client, order, params["ccid"], params["retries"])
    if not is_order(answer):
        return answer, bought
    if params.get("store"):
        update_record(params["store"], {PENDING: {number: answer.get("id")}})
    else:
        warn("the order of %s completes later and store is not set: nothing keeps its id %s" % (number, answer.get("id")))
    return settle(client, params, number, answer.get("id")), True


def ensure_numbers(client, params, wanted, check_mode):
    """Order the wanted numbers the organization does not have; returns the module result."""
    hooks = webhooks(params)
    owned = dict((entry.get("tollfreeNumber"), entry) for entry in client.list_numbers())
    missing = [item for item in wanted if item["number"] not in owned]
    pending = read_record(params["store"]).get(PENDING) or {} if params.get("store") else {}
    drifts = dict((item["number"], drift_of(owned[item["number"]], hooks)) for item in wanted if item["number"] in owned)
    drifts = dict((number, found) for number, found in drifts.items() if found)
    if drifts:
        message = "; ".join("%s has %s" % (number, ", ".join("%s %s (wanted %s)" % (d["field"], d["current"], d["wanted"])
                                                             for d in found)) for number, found in drifts.items())
        if params["on_webhook_drift"] == "fail":
            raise GenesysError("toll-free numbers whose webhooks point elsewhere: %s" % message)
        warn("toll-free numbers whose webhooks point elsewhere (only Genesys Customer Care can change them): %s" % message)
    if [item for item in missing if item["number"] not in pending]:
        require(params, ("webhook_password", "email_address"),
                "to order toll-free number%s %s" % ("s" if len(missing) > 1 else "", ", ".join(i["number"] for i in missing)))

    comment = params.get("comment") or "Digital Channels tenant %s" % params["ccid"]
    orders = [dict(hooks, tollfreeNumber=item["number"], comment=comment, webhookPassword=params["webhook_password"],
                   emailAddress=params["email_address"]) for item in missing]
    before = dict((item["number"], shown(owned[item["number"]])) for item in wanted if item["number"] in owned)
    after = dict(before, **dict((order["tollfreeNumber"], shown(order)) for order in orders))
    result = {"changed": bool(orders), "ordered": [order["tollfreeNumber"] for order in orders],
              "diff": diff({"numbers": before} if before else None, {"numbers": after}),
              "drift": [d for found in drifts.values() for d in found],
              "manual_steps": [section_step(item) for item in wanted]
              + [webhook_step(number, found) for number, found in drifts.items()]}

    if not check_mode:
        # An order a later list shows complete needs no waiting: it leaves the store.
        finished = [(PENDING, number) for number in pending if number in owned]
        if finished:
            update_record(params["store"], {}, remove=finished)
        done = []
        for order in orders:
            try:
                owned[order["tollfreeNumber"]], bought = order_or_wait(client, params, order, pending)
            except GenesysError as exc:
                if not done:
                    raise
                raise GenesysError("%s (ordered before this failure: %s)" % (exc.message, ", ".join(done)),
                                   status=exc.status, api_message=exc.api_message) from None
            if bought:
                done.append(order["tollfreeNumber"])
        result.update(changed=bool(done), ordered=done)
    new = dict((order["tollfreeNumber"], dict((k, v) for k, v in order.items() if k != "webhookPassword")) for order in orders)
    result["numbers"] = [dict(owned.get(item["number"]) or new[item["number"]], purpose=item["purpose"],
                              ordered=item["number"] in result["ordered"]) for item in wanted]
    return result


def run(params, check_mode, session=None):
    """Check the inputs, then order what the organization lacks."""
    wanted = check_inputs(params)
    return ensure_numbers(GcloudClient.from_params(params, session=session, check_mode=check_mode), params, wanted, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
