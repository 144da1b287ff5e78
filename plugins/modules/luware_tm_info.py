#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: luware_tm_info
short_description: Read teams and users of Luware TeamManager
version_added: 0.1.0
description:
  - Reads the Team and User areas of the Luware TeamManager (TM) API for PureConnect (TM 3.2 or newer),
    that is the teams, one team and its members, the users, one user and the teams they are a member of,
    and the teams of an organization unit.
  - Every request carries the API key in the C(api_key) header. TM answers HTTP 401 both for a wrong
    key and for a key whose roles lack the area of the request; the failure says which when the key
    was accepted earlier in the same task, and names the role to give the key otherwise too.
  - Each option asks for one read; the module reads only what is asked, so a key needs only the roles
    of those reads (C(TeamsReadonly) for teams, C(UsersReadonly) or C(UsersControl) for users and members).
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
options:
  tm_url:
    description:
      - The TM API, as V(https://<server>) or V(http://<server>), with a port when it is not the default 6444.
      - If not set, the environment variable E(GENESYS_TM_URL) is used.
    type: str
    required: true
  tm_api_key:
    description:
      - An API key made in TM Configurator (Topology > Authentication Tokens), sent as the C(api_key) header.
      - If not set, the environment variable E(GENESYS_TM_API_KEY) is used.
    type: str
    required: true
  teams:
    description:
      - Read every team (C(GET /v1.0/teams)) into RV(teams). Needs C(TeamsReadonly).
    type: bool
    default: false
  team_status:
    description:
      - With O(teams), only the teams of this status (the C(status) query parameter), for example V(Active).
    type: str
  team:
    description:
      - A team identifier; its team is returned as RV(team) (C(GET /v1.0/teams/{teamIdentifier})). Needs C(TeamsReadonly).
    type: str
  team_members:
    description:
      - A team identifier; its members are returned as RV(team_members) (C(GET /v1.0/teams/{teamIdentifier}/users)).
        Needs C(UsersReadonly) or C(UsersControl).
    type: str
  users:
    description:
      - Read every user (C(GET /v1.0/users)) into RV(users). Needs C(UsersReadonly) or C(UsersControl).
    type: bool
    default: false
  user:
    description:
      - A user identifier, compared without case; the user is returned as RV(user) (C(GET /v1.0/users/{userIdentifier})).
        Needs C(UsersReadonly) or C(UsersControl).
    type: str
  member_teams:
    description:
      - A user identifier; the teams the user is a member of are returned as RV(member_teams)
        (C(GET /v1.0/teams/bymember/{userIdentifier})). Needs C(TeamsReadonly).
    type: str
  organization_unit_teams:
    description:
      - An organization unit identifier; the teams of the unit and of its children are returned as
        RV(organization_unit_teams) (C(GET /v1.0/organizationunits/{ouIdentifier}/teams)). Needs C(TeamsReadonly).
    type: str
notes:
  - Give at least one of O(teams), O(team), O(team_members), O(users), O(user), O(member_teams), O(organization_unit_teams).
  - Of the connection options only O(validate_certs), O(ca_path), O(timeout) and O(retries) are used.
  - TM's answers are returned as TM gives them.
seealso:
  - module: genesys.multicloud.icws_server_info
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Read the active teams and the members of team Sales
  genesys.multicloud.luware_tm_info:
    tm_url: https://tm1.example.com
    tm_api_key: "{{ vault_tm_api_key }}"
    teams: true
    team_status: Active
    team_members: Sales
  register: tm

- name: Show the members
  ansible.builtin.debug:
    msg: "{{ tm.team_members | map(attribute='Name') | list }}"
"""

RETURN = r"""
teams:
  description: Every team, or those of O(team_status).
  returned: when O(teams) is true
  type: list
  elements: dict
  sample: [{Id: 1d5f7a9e-0000-4000-8000-000000000001, Name: Sales, Status: Active}]
team:
  description: The team of O(team); V(null) when TM does not know it.
  returned: when O(team) is set
  type: dict
  sample: {Id: 1d5f7a9e-0000-4000-8000-000000000001, Name: Sales, Status: Active}
team_members:
  description: The members of the team of O(team_members); V(null) when TM does not know the team.
  returned: when O(team_members) is set
  type: list
  elements: dict
  sample: [{Id: 5b0e1c3a-0000-4000-8000-000000000001, UserName: kevin.glinski, Name: Kevin Glinski}]
users:
  description: Every user.
  returned: when O(users) is true
  type: list
  elements: dict
  sample: [{Id: 5b0e1c3a-0000-4000-8000-000000000001, UserName: kevin.glinski, Name: Kevin Glinski}]
user:
  description: The user of O(user); V(null) when TM does not know it.
  returned: when O(user) is set
  type: dict
  sample: {Id: 5b0e1c3a-0000-4000-8000-000000000001, UserName: kevin.glinski, Name: Kevin Glinski}
member_teams:
  description: The teams the user of O(member_teams) is a member of; V(null) when TM does not know the user.
  returned: when O(member_teams) is set
  type: list
  elements: dict
  sample: [{Id: 1d5f7a9e-0000-4000-8000-000000000001, Name: Sales, Status: Active}]
organization_unit_teams:
  description: The teams of the organization unit of O(organization_unit_teams) and of its children; V(null)
    when TM does not know the unit.
  returned: when O(organization_unit_teams) is set
  type: list
  elements: dict
  sample: [{Id: 1d5f7a9e-0000-4000-8000-000000000001, Name: Sales, Status: Active}]
"""

import sys

from ansible.module_utils.basic import env_fallback

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._luware import TeamManagerClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import run_module

ARGUMENT_SPEC = dict(
    tm_url=dict(type="str", required=True, fallback=(env_fallback, ["GENESYS_TM_URL"])),
    tm_api_key=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["GENESYS_TM_API_KEY"])),
    teams=dict(type="bool", default=False),
    team_status=dict(type="str"),
    team=dict(type="str"),
    team_members=dict(type="str"),
    users=dict(type="bool", default=False),
    user=dict(type="str"),
    member_teams=dict(type="str"),
    organization_unit_teams=dict(type="str"),
)

# The reads that take an identifier: each option names its client method and its result key.
IDENTIFIED_READS = ("team", "team_members", "user", "member_teams", "organization_unit_teams")


def check_inputs(params):
    """Fail on what cannot be read, before any request."""
    if params.get("team_status") is not None and not params.get("teams"):
        raise GenesysError("team_status: filters the list of teams, so it needs teams: true")
    for name in IDENTIFIED_READS + ("team_status",):
        if params.get(name) is not None and not params[name].strip():
            raise GenesysError("%s: must not be empty" % name)
    if not params.get("teams") and not params.get("users") and all(params.get(name) is None for name in IDENTIFIED_READS):
        raise GenesysError("nothing to read: give at least one of teams, team, team_members, users, user, member_teams, "
                           "organization_unit_teams")


def read_team_manager(tm, params):
    """Each read that is asked for, in the order of the options."""
    check_inputs(params)
    result = {"changed": False}
    if params.get("teams"):
        result["teams"] = tm.teams(params.get("team_status"))
    if params.get("users"):
        result["users"] = tm.users()
    for name in IDENTIFIED_READS:
        if params.get(name) is not None:
            result[name] = getattr(tm, name)(params[name])
    return result


def run(params, check_mode, session=None):  # pylint: disable=unused-argument
    """Reading changes nothing, so check mode runs the same."""
    return read_team_manager(TeamManagerClient.from_params(params, session=session), params)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
