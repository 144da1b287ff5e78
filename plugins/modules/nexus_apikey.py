#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_apikey
short_description: Manage a Digital Channels API key
version_added: 0.1.0
description:
  - Creates, updates or revokes an API key of Digital Channels (C(/nexus/v3/apikeys)), a tenant key
    such as the consumer chat key or the Designer key, or a cluster (multi-tenant) key.
  - A key is identified by its O(tenant) and its O(name); revoked keys are ignored when looking it up.
    Several live keys with the same tenant and name are an error, since the module cannot tell which
    one to manage, unless O(repair_duplicates) is set.
  - After it creates a key it lists the keys again. Where runs at once each made one (a service that does not
    refuse a second live key of a name), every run keeps the same one (the oldest C(created), then the smallest
    C(id)), revokes only the one it made itself, and stores the one kept.
  - O(permissions) (compared as a set) and O(enabled) are compared with the key; the others keep
    their values.
  - Tenant keys are managed with a token of the tenant user (O(token), or one obtained for
    C(<tenant>\<username>) with O(password)); cluster keys (O(tenant=*)) with the GWS admin token
    (O(token), or one obtained for O(gws_admin_username) with O(gws_admin_password)).
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.postgres_keys
  - genesys.multicloud.connection.attributes
options:
  tenant:
    description:
      - The contact center id (a UUID) of the tenant the key serves, or V(*) for a cluster key.
    type: str
    required: true
  name:
    description:
      - The key's name, for example C(API key for t100), C(Designer API key) or C(Cluster API key).
    type: str
    required: true
  permissions:
    description:
      - The key's permissions, for example V([nexus:consumer:chat]), V([nexus:designer:chat]), or
        V([nexus:cluster:*]) for a cluster key. Order does not matter.
      - Required to create the key.
    type: list
    elements: str
  enabled:
    description:
      - Whether the key authenticates. Default on creation is V(true).
    type: bool
  state:
    description:
      - V(present) creates or updates the key, V(absent) revokes it. A revoked key stays listed by the
        API with C(revoked=true) and no longer authenticates; it cannot be brought back.
    type: str
    choices: [present, absent]
    default: present
  username:
    description:
      - The tenant user, to obtain a token for a tenant key when O(token) is not set.
    type: str
  password:
    description:
      - Password of O(username).
    type: str
  store:
    description:
      - A JSON record file (created 0600, its directory 0700 when missing) into which the module writes the
        key's id as C(apikeys.<name>) the moment the key is created, and whenever it finds the key
        existing, so that the record names every key; revoking the key (O(state=absent)) removes the entry.
        The record is merged under a lock (concurrent runs lose nothing) and replaced atomically; a known
        id is never replaced by C(null). Other keys of the record are kept.
      - With O(store) set, the key's C(id) is masked in RV(apikey), so the task needs no C(no_log).
      - Nothing is written in check mode.
    type: path
  rotate:
    description:
      - Replace the key with a new one of the same name, permissions and enabled state, in steps recorded in
        O(store) (required) under C(rotations.<name>), so that a run interrupted at any step is finished by the
        next one.
      - V(begin) records the current key's id in O(store) before any write, renames that key
        C(<name> (retiring)) with K3 (the names of a tenant's live keys are unique), creates the new key under
        O(name) with K1 and writes its id to C(apikeys.<name>) in O(store) the moment it arrives. The old key still
        authenticates, so what uses it can be switched to the new one now. A rotation already begun is resumed,
        not begun again.
      - V(complete) finishes a rotation begun earlier (resuming its first steps if needed), then revokes the old
        key with K4 and removes the record of the rotation. Without a rotation in O(store) it does nothing.
      - Only with O(state=present).
    type: str
    choices: [begin, complete]
    version_added: 0.2.0
  repair_duplicates:
    description:
      - What to do when several live keys of O(tenant) have O(name) (left by an older version, by hand, or by another
        tool). V(false) fails before any write, naming them by creation time and the command that repairs them.
        V(true) keeps the key whose id O(store) holds, else the oldest, and revokes the others (in check mode only
        reports which, in RV(repaired) and the diff).
    type: bool
    default: false
    version_added: 0.3.0
  readonly:
    description:
      - Only find the key and keep its id in O(store); fail, naming the key, when it does not exist. Nothing is sent
        to Digital Channels but reads (the tenants' node of a workflow whose environment node made the keys).
    type: bool
    default: false
    version_added: 0.3.0
notes:
  - The key's C(id) is the API key itself, a secret. Set O(store) to keep it there and mask it in the result;
    without O(store), give the tasks that register RV(apikey) C(no_log=true).
seealso:
  - module: genesys.multicloud.nexus_apikey_info
  - module: genesys.multicloud.gws_token
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Create the consumer chat key of a tenant, keeping its id in the tenant's record
  genesys.multicloud.nexus_apikey:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: API key for t100
    permissions: [nexus:consumer:chat]
    username: nexus
    password: "{{ vault_tenant_user_password }}"
    store: "{{ inventory_dir }}/.genesys-output/t100.json"

- name: Create the Designer key, registering its id (no store)
  genesys.multicloud.nexus_apikey:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: Designer API key
    permissions: [nexus:designer:chat]
    username: nexus
    password: "{{ vault_tenant_user_password }}"
  register: designer_key
  no_log: true

- name: Create the cluster key with the GWS admin token
  genesys.multicloud.nexus_apikey:
    gws_admin_username: ops
    gws_admin_password: "{{ vault_gws_admin_password }}"
    tenant: "*"
    name: Cluster API key
    permissions: ["nexus:cluster:*"]
  register: cluster_key
  no_log: true

- name: Disable the Designer key
  genesys.multicloud.nexus_apikey:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: Designer API key
    enabled: false
    username: nexus
    password: "{{ vault_tenant_user_password }}"

- name: Rotate the consumer chat key; its new id replaces the old one in the tenant's record
  genesys.multicloud.nexus_apikey:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: API key for t100
    username: nexus
    password: "{{ vault_tenant_user_password }}"
    store: "{{ inventory_dir }}/.genesys-output/t100.json"
    rotate: "{{ item }}"
  loop: [begin, complete]

- name: Revoke a key
  genesys.multicloud.nexus_apikey:
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: Old API key
    state: absent
    username: nexus
    password: "{{ vault_tenant_user_password }}"
"""

RETURN = r"""
apikey:
  description:
    - The key after the task, as the API answered the write that made or changed it, or as it was
      listed when nothing changed (predicted in check mode, without C(id) when it is to be created).
    - Its C(id) is the API key, a secret. With O(store) it is written there and masked here; without
      O(store) it is shown in clear, so give the task C(no_log=true).
  returned: when O(state=present)
  type: dict
  sample:
    id: 9b7682b7-cbce-422f-9b0b-ecda85e61695
    tenant: 9350e2fc-a1dd-4c65-8d40-1f75a2e080dd
    name: API key for t100
    permissions: [nexus:consumer:chat]
    enabled: true
    created: "2024-05-02T10:40:27.456Z"
    revoked: false
    expires: false
    createdby: nexus
    capacity: 120
    frequency: 60
repaired:
  description: With O(repair_duplicates), the keys revoked (predicted in check mode) as name and creation time, never ids.
  returned: when duplicates were repaired
  type: list
  elements: dict
  sample: [{"name": "Cluster API key", "created": "2024-05-02T10:40:27.456Z"}]
rotation:
  description:
    - With O(rotate), the rotation's progress, without key ids. C(begun) and C(completed) say whether the task
      began or completed one (predicted in check mode); C(pending) whether one is in progress after the task.
  returned: when O(rotate) is set
  type: dict
  sample:
    begun: true
    completed: false
    pending: true
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._create import converge, create, oldest
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    check_store, check_uuid, diff, differences, keep, removed, require, run_module)
from ansible_collections.genesys.multicloud.plugins.module_utils._store import read_record
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient
from ansible_collections.genesys.multicloud.plugins.module_utils._postgres import DB_REQUIRED_BY, db_argument_spec

CLUSTER = "*"
# What the diff shows of a key: what the user manages, never its id.
MANAGED = ("tenant", "name", "permissions", "enabled")
# What a key being replaced is called until it is revoked: a tenant's live keys have distinct names (K1, K3).
RETIRING = "%s (retiring)"

ARGUMENT_SPEC = dict(
    tenant=dict(type="str", required=True),
    name=dict(type="str", required=True),
    permissions=dict(type="list", elements="str"),
    enabled=dict(type="bool"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
    username=dict(type="str"),
    password=dict(type="str", no_log=True),
    store=dict(type="path"),
    rotate=dict(type="str", choices=["begin", "complete"]),
    repair_duplicates=dict(type="bool", default=False),
    readonly=dict(type="bool", default=False),
)
# The Digital Channels database, where the keys are read when K2 is missing or refused (docs/api.md, DB2).
ARGUMENT_SPEC.update(db_argument_spec(required=False))
REQUIRED_BY = DB_REQUIRED_BY
REQUIRED_IF = [
    ("rotate", "begin", ("store",)),
    ("rotate", "complete", ("store",)),
]


def check_tenant(tenant):
    """A ccid or ``*``; returns it unchanged."""
    return tenant if tenant == CLUSTER else check_uuid(tenant, "tenant")


def same_tenant(left, right):
    """Contact center ids compare without regard to case."""
    return str(left).lower() == str(right).lower()


def namesakes(keys, tenant, name):
    """The live (not revoked) keys of ``tenant`` named ``name``."""
    return [key for key in keys
            if same_tenant(key.get("tenant"), tenant) and key.get("name") == name and not key.get("revoked")]


def find_key(keys, tenant, name):
    """The live key of ``tenant`` named ``name`` every run keeps (see ``oldest``), or None."""
    live = namesakes(keys, tenant, name)
    return oldest(live) if live else None


def duplicates_message(tenant, name, live):
    """Why a run stops at duplicates, and the command that repairs them: keys by creation time, never by id."""
    whose = "the environment (cluster keys)" if tenant == CLUSTER else "tenant %s" % tenant
    return ("%s has %d live API keys named %r (created %s): a run cannot tell which one is in use. To keep one and "
            "revoke the others, run ansible-playbook genesys.multicloud.enable_tenant -i INVENTORY "
            "-e genesys_repair_duplicates=true (with --check --diff first to see which; the key whose id the store "
            "holds is kept, else the oldest)" % (whose, len(live), name, ", ".join(sorted(str(key.get("created")) for key in live))))


def repair_duplicates(nexus, params, check_mode, live, result):
    """Several live keys have the name: without ``repair_duplicates`` fail before any write; with it keep the
    key whose id the store holds, else the oldest, and revoke the others. Returns the key kept."""
    name = params["name"]
    if not params.get("repair_duplicates"):
        raise GenesysError(duplicates_message(params["tenant"], name, live))
    stored = (read_record(params["store"]).get("apikeys") or {}).get(name) if params.get("store") else None
    kept = next((key for key in live if key.get("id") == stored), None) or oldest(live)
    others = [key for key in live if key is not kept]
    result.update(changed=True, repaired=[{"name": name, "created": key.get("created")} for key in others],
                  diff={"before": {"name": name, "live keys created": sorted(str(key.get("created")) for key in live)},
                        "after": {"name": name, "live keys created": [str(kept.get("created"))]}})
    if not check_mode:
        for key in others:
            nexus.revoke_apikey(key["id"])
    return kept


def managed(key):
    """The part of a key the diff shows."""
    return dict((field, key.get(field)) for field in MANAGED) if key else None


def check_inputs(params):
    """Reject malformed options before any request."""
    require(params, ("nexus_url",), "to reach Digital Channels")
    check_tenant(params["tenant"])
    require(params, ("name",), "to identify the key")
    if params.get("permissions") is not None and not params["permissions"]:
        raise GenesysError("permissions: must name at least one permission")
    if params.get("rotate") and params["state"] != "present":
        raise GenesysError("rotate: only with state=present")


def ensure_apikey(nexus, params, check_mode):
    """Bring the key to ``params``; returns the module result."""
    tenant, name = params["tenant"], params["name"]
    keys = nexus.list_apikeys()
    live = namesakes(keys, tenant, name)
    result = {"changed": False}
    if params["state"] == "absent":
        # Every live key of the name goes: duplicates included.
        current = oldest(live) if live else None
        result = removed(current, check_mode, lambda: [nexus.revoke_apikey(key["id"]) for key in live],
                         shown=managed(current), **result)
        keep(params, check_mode, result, {}, remove=[("apikeys", name)])
        return result
    if params["readonly"]:
        return read_only(params, check_mode, live, result)
    current = repair_duplicates(nexus, params, check_mode, live, result) if len(live) > 1 else (live[0] if live else None)

    if params.get("rotate"):
        return rotate_key(nexus, params, check_mode, current, keys, result)
    if current is None:
        current = create_key(nexus, params, check_mode, result)
    if current is not None:
        update_key(nexus, params, check_mode, current, result)
    key_id = (result.get("apikey") or {}).get("id")
    keep(params, check_mode, result, {"apikeys": {name: key_id}}, secrets=[key_id])
    return result


def read_only(params, check_mode, live, result):
    """The key found (of several, the one every run keeps) and its id kept in the store; nothing else."""
    if not live:
        raise GenesysError("API key %r does not exist and readonly is set: set the environment up first "
                           "(playbooks/enable_environment.yml)" % params["name"])
    result["apikey"] = oldest(live)
    keep(params, check_mode, result, {"apikeys": {params["name"]: result["apikey"]["id"]}}, secrets=[result["apikey"]["id"]])
    return result


def create_key(nexus, params, check_mode, result):
    """Create the key (K1). Returns None, or the key found instead of K1's answer (lost, or a
    409: another run made it), for ``update_key`` to converge."""
    tenant, name = params["tenant"], params["name"]
    require(params, ("permissions",), "to create API key %r" % name)
    body = {"enabled": True if params.get("enabled") is None else params["enabled"],
            "tenant": tenant, "name": name, "permissions": params["permissions"]}
    result.update(changed=True, apikey=dict(body, revoked=False), diff=diff(None, managed(body)))
    if check_mode:
        return None
    check_store(params, check_mode)
    created = create(lambda: nexus.create_apikey(body), lambda: find_key(nexus.list_apikeys(), tenant, name),
                     retries=params["retries"])
    if created.adopted:
        # The id is the key and is listed (K2): nothing is lost. After a 409 another run made it.
        result["changed"] = created.lost is not None
        return created.found
    # K1 answers with the key object, its id included (the documents show it). Listed again: where
    # another run made one of the name too, every run keeps the same one.
    survivor = converge(created.answer, namesakes(nexus.list_apikeys(), tenant, name),
                        lambda mine: nexus.revoke_apikey(mine["id"]))
    result["apikey"] = survivor
    return None if survivor is created.answer else survivor


def update_key(nexus, params, check_mode, current, result):
    """Bring the existing key ``current`` to the permissions and enabled of ``params`` (K3)."""
    changes = differences(current, {"permissions": params.get("permissions"), "enabled": params.get("enabled")},
                          unordered=("permissions",))
    expected = dict(current, **changes)
    if not result["changed"]:
        result["diff"] = diff(managed(current), managed(expected))
    result.update(changed=result["changed"] or bool(changes), apikey=expected)
    if changes and not check_mode:
        answer = nexus.update_apikey(current["id"], changes)
        # K3 answers with the key object (docs/api.md, K3): no re-read needed. Laid over what was
        # expected, so that a partial answer drops nothing.
        if isinstance(answer, dict) and answer.get("id") == current["id"]:
            result["apikey"] = dict(expected, **answer)


def rotate_key(nexus, params, check_mode, current, keys, result):
    """Begin or complete the rotation of the key (see the option ``rotate``); ``current`` is the live key
    named ``name``, found in ``keys``, the listing (K2) that also holds the old key of a pending rotation:
    one listing serves both. Each step reads what the one before did, so that a repeat does nothing twice."""
    tenant, name, store = params["tenant"], params["name"], params["store"]
    pending = (read_record(store).get("rotations") or {}).get(name)
    rotation = {"begun": False, "completed": False, "pending": pending is not None}
    result.update(rotation=rotation, apikey=current)
    # The live key's id is an x-api-key: masked in every result, check mode included, whatever the step.
    keep(params, True, result, {}, secrets=[(current or {}).get("id")])
    if pending is None:
        if params["rotate"] == "complete":
            return result
        if current is None:
            raise GenesysError("name: tenant %s has no live API key named %r to rotate" % (tenant, name))
        pending = {"old": current["id"]}
        rotation.update(begun=True, pending=True)
        # The old key's id is recorded before anything changes, so that no run can lose track of it.
        keep(params, check_mode, result, {"rotations": {name: pending}}, secrets=[current["id"]])
    old = next((key for key in keys if key.get("id") == pending["old"]), None)
    steps = []
    if old is not None and not old.get("revoked") and old.get("name") == name:
        steps.append("rename")
        if not check_mode:
            nexus.update_apikey(old["id"], {"name": RETIRING % name})
            current = None
    if current is None or current.get("id") == pending["old"]:
        steps.append("create")
        current = None if check_mode else create_replacement(nexus, params, old, result)
    else:
        # Made by a run whose answer was lost: its id may not be in the store yet.
        keep(params, check_mode, result, {"apikeys": {name: current["id"]}}, secrets=[current["id"]])
    if params["rotate"] == "complete":
        if old is not None and not old.get("revoked"):
            steps.append("revoke")
            if not check_mode:
                nexus.revoke_apikey(old["id"])
        rotation.update(completed=True, pending=False)
        keep(params, check_mode, result, {}, secrets=[pending["old"]], remove=[("rotations", name)])
    result["changed"] = bool(steps) or rotation["begun"] or rotation["completed"]
    result["apikey"] = current
    result["diff"] = {"before": {"name": name, "rotation": "pending" if not rotation["begun"] else "none"},
                      "after": {"name": name, "rotation": "pending" if rotation["pending"] else "done"}}
    return result


def create_replacement(nexus, params, old, result):
    """The new key (K1), with the permissions and enabled state of ``params`` or else of the old key; its id is
    written to the store the moment it arrives."""
    tenant, name = params["tenant"], params["name"]
    permissions = params.get("permissions") or (old or {}).get("permissions")
    if not permissions:
        raise GenesysError("permissions: required to replace API key %r, whose old key is gone" % name)
    enabled = params["enabled"] if params.get("enabled") is not None else (old or {}).get("enabled", True)
    body = {"enabled": enabled, "tenant": tenant, "name": name, "permissions": permissions}
    created = create(lambda: nexus.create_apikey(body), lambda: find_key(nexus.list_apikeys(), tenant, name),
                     retries=params["retries"])
    key = created.found if created.adopted else converge(
        created.answer, namesakes(nexus.list_apikeys(), tenant, name), lambda mine: nexus.revoke_apikey(mine["id"]))
    keep(params, False, result, {"apikeys": {name: key["id"]}}, secrets=[key["id"]])
    return key


def connect(params, session=None, check_mode=False):
    """A client with the token a key of ``tenant`` is managed with: the admin's for cluster keys."""
    if params["tenant"] == CLUSTER:
        return NexusClient.for_admin(params, session=session, check_mode=check_mode)
    return NexusClient.for_tenant_user(params, params["tenant"], session=session, check_mode=check_mode)


def run(params, check_mode, session=None):
    """Check the inputs, obtain the token, then bring the key to ``params``."""
    check_inputs(params)
    return ensure_apikey(connect(params, session, check_mode), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
