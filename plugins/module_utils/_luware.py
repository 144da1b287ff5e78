# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for the Luware TeamManager (TM) API: docs/api.md rows L1-L7, read-only."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import (
    ConnectionSettings, HttpClient, _json, path_segment, server_url)

# The TM Web API's default port (seed 004, "API specific port configuration"), whatever the scheme.
DEFAULT_PORTS = {"https": 6444, "http": 6444}
MISSING_HEADER = "Header 'api_key' not found."

# The roles that open each area of the API (seed 004, "API Methods").
AREA_ROLES = {
    "Teams": ("TeamsReadonly",),
    "Users": ("UsersReadonly", "UsersControl"),
}


class TeamManagerClient(HttpClient):
    """The Teams and Users areas of the TM API, authenticated by an API key of TM Configurator."""

    service = "Luware TM"

    def __init__(self, url, api_key, settings=None, session=None):
        super().__init__(server_url(url, "tm_url", DEFAULT_PORTS), settings=settings, session=session)
        self.api_key = api_key
        # Whether the key has been accepted once: a later 401 then means a missing role.
        self.key_accepted = False
        # The area of the request under way, which a 401 names.
        self._area = None

    @classmethod
    def from_params(cls, params, session=None):
        return cls(params["tm_url"], params["tm_api_key"], settings=ConnectionSettings.from_params(params), session=session)

    def _get(self, path, area, params=None):
        self._area = area
        # The key is a no_log option, which Ansible masks wherever it would show.
        answer = self.request("GET", path, params=params, headers={"api_key": self.api_key})
        self.key_accepted = True
        return answer

    def _payload(self, method, url, response):
        status = response.status_code
        if status < 400 or (status == 404 and method == "GET"):
            return super()._payload(method, url, response)
        body = _json(response)
        error = body.get("Error") if isinstance(body, dict) else None
        detail = error.get("Message") if isinstance(error, dict) else None
        if status == 401:
            explanation = self._unauthorized(detail)
        else:
            explanation = detail or "an error"
        raise GenesysError("%s: GET %s answered HTTP %d: %s" % (self.service, url, status, explanation),
                           status=status, api_message=detail)

    def _unauthorized(self, detail):
        """What a 401 means, from what the document says of it and what the run has seen."""
        roles = " or ".join(AREA_ROLES[self._area])
        said = "TM says: %s" % (detail or "Unauthorized")
        if detail == MISSING_HEADER:
            return "the api_key header did not reach TM (%s)" % said
        if self.key_accepted:
            return ("the API key is valid (TM accepted it for another request) but its roles lack the %s area: give it "
                    "the role %s in TM Configurator, Topology > Authentication Tokens (%s)" % (self._area, roles, said))
        return "the API key is wrong or expired, or its roles lack the %s area (role %s) (%s)" % (self._area, roles, said)

    # The Teams area (TeamsReadonly).
    def teams(self, status=None):
        """Every team (L1), or only those of ``status``."""
        return self._get("/v1.0/teams", "Teams", params={"status": status} if status else None)

    def team(self, team):
        """One team (L2); ``None`` when TM does not know it."""
        return self._get("/v1.0/teams/" + path_segment(team), "Teams")

    def member_teams(self, user):
        """The teams in which ``user`` is a member (L3); ``None`` when TM does not know the user."""
        return self._get("/v1.0/teams/bymember/" + path_segment(user), "Teams")

    def organization_unit_teams(self, unit):
        """The teams of an organization unit and of its children (L4); ``None`` for an unknown unit."""
        return self._get("/v1.0/organizationunits/%s/teams" % path_segment(unit), "Teams")

    # The Users area (UsersReadonly, UsersControl).
    def team_members(self, team):
        """The members of a team (L5); ``None`` when TM does not know the team."""
        return self._get("/v1.0/teams/%s/users" % path_segment(team), "Users")

    def users(self):
        """Every user (L6)."""
        return self._get("/v1.0/users", "Users")

    def user(self, user):
        """One user (L7, identifier case-insensitive); ``None`` when TM does not know it."""
        return self._get("/v1.0/users/" + path_segment(user), "Users")
