#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: nexus_health_info
short_description: Read the health of Digital Channels
version_added: 0.1.0
description:
  - Reads the health document of Digital Channels (C(GET /health/detail)), the check the Genesys
    documents give to validate a deployment.
  - Digital Channels is green when its C(state) is C(green) and both C(db.ready) and C(cache.ready)
    are true.
  - An answer of HTTP 503 that carries the health document is reported like any other answer, so
    that a task can wait with C(until) on RV(green).
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
options:
  require_green:
    description:
      - Fail, naming the state, the database and the cache readiness, when Digital Channels is not green.
    type: bool
    default: false
notes:
  - Only O(nexus_url) and the TLS and retry options of the connection are used.
seealso:
  - module: genesys.multicloud.nexus_tenant
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Fail unless Digital Channels is green
  genesys.multicloud.nexus_health_info:
    nexus_url: https://nexus.example.com
    require_green: true

- name: Wait until Digital Channels is green
  genesys.multicloud.nexus_health_info:
    nexus_url: https://nexus.example.com
    retries: 0
  register: nexus_health
  until: nexus_health.green
  retries: 30
  delay: 10
"""

RETURN = r"""
health:
  description: The health document as Digital Channels answered it.
  returned: success
  type: dict
  sample:
    buildInfo:
      version: 9.0.001.01.95292
    cache:
      ready: true
      state: READY
    db:
      ready: true
    state: green
green:
  description: Whether C(state) is C(green) and both C(db.ready) and C(cache.ready) are true.
  returned: success
  type: bool
  sample: true
"""

import sys

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import require, run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._nexus import NexusClient

ARGUMENT_SPEC = dict(
    require_green=dict(type="bool", default=False),
)


def ready(health, part):
    """Whether ``health[part].ready`` is true."""
    section = health.get(part)
    return isinstance(section, dict) and section.get("ready") is True


def is_green(health):
    """Green as the documents define it: state green, database and cache ready."""
    return health.get("state") == "green" and ready(health, "db") and ready(health, "cache")


def read_health(nexus, params, check_mode):  # pylint: disable=unused-argument
    """The health document (N1) and whether it is green; reading changes nothing."""
    health = nexus.health()
    if not isinstance(health, dict):
        raise GenesysError("Digital Channels answered GET /health/detail without a health document")
    green = is_green(health)
    if params["require_green"] and not green:
        raise GenesysError("Digital Channels is not green: state %s, db.ready %s, cache.ready %s" % (
            health.get("state"), ready(health, "db"), ready(health, "cache")))
    return {"changed": False, "health": health, "green": green}


def run(params, check_mode, session=None):
    """Check the inputs, then read."""
    require(params, ("nexus_url",), "to reach Digital Channels")
    return read_health(NexusClient.from_params(params, session=session), params, check_mode)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
