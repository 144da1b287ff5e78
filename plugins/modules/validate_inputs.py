#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The documentation of the action plugin of the same name, which does the work on the controller.

from __future__ import annotations

DOCUMENTATION = r"""
module: validate_inputs
short_description: Check the inventory variables of the collection before any write
version_added: 0.1.0
description:
  - Checks the variables of the collection's inventory contract (README, "Inventory") that the roles and modules
    read - types, URLs (scheme, host, port, no spaces), ports from 1 to 65535, UUIDs, the shapes of C(tenant_sms),
    C(tenant_iwd) and C(tenant_apikeys), permissions C(nexus:<area>:<name>) - and fails with every problem found.
  - "Each message names where the variable is set and the variable as written in the inventory, for example
    C(host_vars/t200: tenant_sms.channels: must be a non-empty list) or
    C(group_vars/all: gws_url: must be an http:// or https:// URL with a host, got 'gws.example.com')."
  - A value given with C(-e) is named C(extra vars (-e)) instead of the inventory file.
  - Messages never show the value of a secret.
  - With O(scope=environment) it also warns about every variable of the tenants of the play named like the
    collection's (C(tenant_*), C(genesys_*), C(nexus_*), C(gws_*), C(iwd_*)) that the collection does not know,
    naming the tenants that have it and the nearest known name, for example
    C(tenant_ucs_uri, set for t100, is not a variable of genesys.multicloud and is ignored; did you mean tenant_ucs_url?).
  - The playbooks C(genesys.multicloud.enable_tenant) and C(genesys.multicloud.remove_tenant) run it first, through
    the role C(genesys.multicloud.prerequisites), so that a malformed inventory fails before anything is written;
    a tenant that fails here leaves the others going.
  - Runs on the controller and reads the task's variables; it sends no request.
options:
  scope:
    description:
      - V(environment) checks the environment variables (C(group_vars/all)); run it once, with C(run_once).
      - V(tenant) checks the variables of the task's host, a tenant.
    type: str
    choices: [environment, tenant]
    default: tenant
  purpose:
    description:
      - V(enable) checks everything enabling a tenant reads; V(remove) only what removing one reads.
    type: str
    choices: [enable, remove]
    default: enable
attributes:
  action:
    support: full
    description: An action plugin; it runs on the controller.
  async:
    support: none
    description: It runs on the controller, in a moment.
  bypass_host_loop:
    support: none
    description: It runs once per host.
  check_mode:
    support: full
    description: Reads only, so it runs the same in check mode.
  diff_mode:
    support: none
    description: It changes nothing, so it has nothing to show.
  platform:
    support: full
    description: The controller.
    platforms: all
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Check the environment's variables
  genesys.multicloud.validate_inputs:
    scope: environment
  run_once: true

- name: Check the tenant's variables
  genesys.multicloud.validate_inputs:
    scope: tenant
"""

RETURN = r"""
errors:
  description: Every problem found, one message each; empty when the variables are valid.
  returned: always
  type: list
  elements: str
  sample: ["host_vars/t200: tenant_sms.channels: must be a non-empty list"]
"""
