#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# The documentation of the action plugin of the same name, which does the work on the controller.

from __future__ import annotations

DOCUMENTATION = r"""
module: tenant_record
short_description: Add values to a tenant's record file on the controller
version_added: 0.1.0
description:
  - Merges O(update) into the JSON record file O(path) (mode 0600, directory 0700), under the lock the
    modules' C(store) option takes, so that a value a module stored there (the tenant's C(xapikey), its API key
    ids) is never overwritten from a stale read, and concurrent runs lose nothing.
  - The role C(genesys.multicloud.tenant_report) writes each tenant's output file
    (C(genesys_output_dir/<tenant>.json)) with it.
  - With C(--diff), shows the record before and after, with every secret it holds masked wherever it appears.
  - Runs on the controller.
options:
  path:
    description: The record file.
    type: path
    required: true
  update:
    description:
      - The top-level keys to set. Keys not named are kept as they are.
    type: dict
    required: true
  publish:
    description:
      - Values to publish as M(ansible.builtin.set_stats) does with C(per_host=false) and C(aggregate=true),
        in the playbook's custom stats, where AWX passes them on to the next job of a workflow.
      - They must hold no secret. In check mode too.
    type: dict
    version_added: 0.2.0
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
    description: Reports whether the record would change and writes nothing.
  diff_mode:
    support: full
    description: The record before and after, secrets masked.
  platform:
    support: full
    description: The controller.
    platforms: all
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Add the services to the tenant's record
  genesys.multicloud.tenant_record:
    path: "{{ inventory_dir }}/.genesys-output/t100.json"
    update:
      services: [PlatformUCS]

- name: Write the tenant's output file and publish its public part for workflows
  genesys.multicloud.tenant_record:
    path: "{{ inventory_dir }}/.genesys-output/t100.json"
    update:
      tenant: t100
    publish:
      genesys_tenants:
        t100:
          tenant: t100
"""

RETURN = r"""
path:
  description: The record file.
  returned: always
  type: str
changed_keys:
  description: The top-level keys of the record whose values the update changes (or would change in check mode).
  returned: always
  type: list
  elements: str
  sample: [services]
"""
