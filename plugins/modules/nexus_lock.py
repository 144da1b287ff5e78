#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_lock
short_description: Take or release a lock of one environment in the Digital Channels database
version_added: 0.3.0
description:
  - Takes a PostgreSQL advisory lock in the Digital Channels database on O(environment) and O(scope), and keeps it
    across the tasks that follow until a task with O(state=released) gives it back, or the run ends. Every run that
    writes reaches that database, whichever controller or execution node it runs on, so runs of one environment
    started at once (two operators, AWX job slices) take turns on the steps the lock covers.
  - The lock is held by a process of its own, connected with an C(application_name) that names the run
    (O(label), the controller's host name and process id), which is what a waiting run shows.
  - While another session holds the lock, the task says so at once, naming that session as C(pg_stat_activity)
    shows it, and waits up to O(timeout) seconds.
  - Runs on the controller only (an action plugin); nothing is sent to Genesys services, in check mode neither.
options:
  state:
    description:
      - V(held) takes the lock and returns RV(holder); V(released) gives back the lock that O(holder) holds.
    type: str
    choices: [held, released]
    default: held
  environment:
    description:
      - What identifies the environment, for example the GWS and Digital Channels URLs.
      - Required with O(state=held).
    type: str
  scope:
    description:
      - What the lock covers within the environment, for example V(environment) or V(tenant t100).
    type: str
    default: environment
  scopes:
    description:
      - Several scopes at once instead of O(scope), for example one per tenant of the run. They are taken one after the
        other in sorted order, as every run takes them, so that runs needing some of the same ones never wait for each
        other in a circle; the task returns once it holds them all.
    type: list
    elements: str
  mode:
    description:
      - V(exclusive) waits until no other session holds the lock in any mode. V(shared) lets other runs hold it
        V(shared) too, and waits only while one holds it V(exclusive); the tenants' steps of several runs go on
        together, while a rotation of the environment's secrets waits for them and they for it.
    type: str
    choices: [exclusive, shared]
    default: exclusive
  label:
    description:
      - What the run is called in the C(application_name) of the lock's connection, for example the playbook.
    type: str
    default: ansible
  timeout:
    description:
      - Seconds to wait for the lock before failing.
    type: int
    default: 900
  holder:
    description:
      - The RV(holder) of the task that took the lock. Required with O(state=released).
    type: int
  db_host:
    description: Host of the Digital Channels database (Helm C(nexus.db.host)).
    type: str
  db_port:
    description: Its port.
    type: int
    default: 5432
  db_name:
    description: The database's name.
    type: str
    default: nexus
  db_user:
    description: The user to connect as.
    type: str
  db_password:
    description: Password of O(db_user).
    type: str
  db_sslmode:
    description: The libpq C(sslmode).
    type: str
    default: prefer
    choices: [disable, allow, prefer, require, verify-ca, verify-full]
  db_ca_path:
    description: A CA bundle to verify the database's certificate with.
    type: path
attributes:
  check_mode:
    support: full
    description: The lock is taken in check mode too; it changes nothing.
  diff_mode:
    support: none
    description: Nothing to compare.
  platform:
    support: full
    platforms: posix
    description: The controller, which keeps the lock's process (it reads C(/proc) where there is one).
seealso:
  - module: genesys.multicloud.nex_gapis
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Take the environment's lock
  genesys.multicloud.nexus_lock:
    environment: "{{ gws_url }} {{ nexus_url }}"
    scope: environment
    label: enable_tenant
    db_host: "{{ nexus_db_host }}"
    db_user: "{{ nexus_db_user }}"
    db_password: "{{ nexus_db_password }}"
  register: environment_lock
  run_once: true

- name: Release it
  genesys.multicloud.nexus_lock:
    state: released
    holder: "{{ environment_lock.holder }}"
  run_once: true
"""

RETURN = r"""
holder:
  description: The process id of the process that holds the lock, for the task that releases it.
  returned: when O(state=held)
  type: int
  sample: 41234
lock:
  description: Which lock was taken.
  returned: when O(state=held)
  type: str
  sample: the lock of environment in https://gws.example.com https://nexus.example.com
released:
  description: Whether a holder was stopped (false when it had already ended).
  returned: when O(state=released)
  type: bool
"""

from ansible.module_utils.basic import AnsibleModule

DB_OPTIONS = ("db_host", "db_port", "db_name", "db_user", "db_password", "db_sslmode", "db_ca_path")
ARGUMENT_SPEC = dict(
    state=dict(type="str", choices=["held", "released"], default="held"),
    environment=dict(type="str"),
    scope=dict(type="str", default="environment"),
    scopes=dict(type="list", elements="str"),
    mode=dict(type="str", choices=["exclusive", "shared"], default="exclusive"),
    label=dict(type="str", default="ansible"),
    timeout=dict(type="int", default=900),
    holder=dict(type="int"),
    db_host=dict(type="str"),
    db_port=dict(type="int", default=5432),
    db_name=dict(type="str", default="nexus"),
    db_user=dict(type="str"),
    db_password=dict(type="str", no_log=True),
    db_sslmode=dict(type="str", default="prefer", choices=["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]),
    db_ca_path=dict(type="path"),
)
REQUIRED_IF = [("state", "held", ("environment", "db_host", "db_user", "db_password")), ("state", "released", ("holder",))]


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, required_if=REQUIRED_IF, supports_check_mode=True)
    # A lock spanning tasks needs a process that outlives this one: the action plugin runs it on the controller.
    module.fail_json(msg="genesys.multicloud.nexus_lock runs on the controller only (its action plugin); it was shipped to a host")


if __name__ == "__main__":
    main()
