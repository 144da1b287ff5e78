# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for Genesys Auth and the GWS environment API ($authURL): docs/api.md, rows A1-A7 and E1-E4."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import ConnectionSettings, HttpClient, path_segment

CLIENTS = "/auth/v3/ops/clients"
TOKEN = "/auth/v3/oauth/token"
CONTACT_CENTERS = "/environment/v3/contact-centers"


class GwsClient(HttpClient):
    """Genesys Auth (OAuth clients, tokens) and the environment API, as the GWS admin."""

    service = "Genesys Auth"

    def __init__(self, base_url, admin_username=None, admin_password=None, settings=None, session=None):
        super().__init__(base_url, settings=settings, session=session)
        self._admin = (admin_username, admin_password)

    @classmethod
    def from_params(cls, params, session=None):
        return cls(params["auth_url"], params.get("gws_admin_username"), params.get("gws_admin_password"),
                   ConnectionSettings.from_params(params), session=session)

    def _admin_auth(self):
        if not all(self._admin):
            raise GenesysError("gws_admin_username and gws_admin_password are required for the GWS admin API")
        return self._admin

    # OAuth clients (A1-A4)

    def get_client(self, client_id):
        """One OAuth client without its secret, or None (A2)."""
        return self.request("GET", CLIENTS + "/" + path_segment(client_id), auth=self._admin_auth())

    def list_clients(self):
        """Every OAuth client of the environment, without their secrets (A2, the list)."""
        return self.request("GET", CLIENTS, auth=self._admin_auth()) or []

    # A client secret may be one the module generated, which no_log does not know: errors hide it.

    def create_client(self, client):
        """Create an OAuth client (A1); ``client`` holds every field including ``client_secret``."""
        return self.request("POST", CLIENTS, json={"data": client}, auth=self._admin_auth(),
                            secrets=(client.get("client_secret"),))

    def update_client(self, client_id, changes):
        """Change some fields of a client (A3); a ``client_secret`` replaces the secret."""
        return self.request("PUT", CLIENTS + "/" + path_segment(client_id), json={"data": changes},
                            auth=self._admin_auth(), secrets=(changes.get("client_secret"),))

    def delete_client(self, client_id):
        """Delete a client (A4); None when it was already gone."""
        return self.request("DELETE", CLIENTS + "/" + path_segment(client_id), auth=self._admin_auth())

    # Tokens (A5, A6): they change nothing, so they are safe to repeat.

    def client_credentials_token(self, client_id, client_secret):
        """A client_credentials token of the client (A5): the token response, with an ``access_token``."""
        return _token_response(self.request(
            "POST", TOKEN, idempotent=True, auth=(client_id, client_secret), secrets=(client_secret,),
            data={"grant_type": "client_credentials", "scope": "*", "client_id": client_id}))

    def password_token(self, client_id, client_secret, username, password):
        """A password-grant token (A6) for ``username``: ``<ccid>\\<user>`` or the GWS admin;
        the token response, with an ``access_token``."""
        return _token_response(self.request(
            "POST", TOKEN, idempotent=True, auth=(client_id, client_secret), secrets=(client_secret,),
            data={"grant_type": "password", "client_id": client_id, "username": username, "password": password}))

    # Environment (E1-E4)

    def contact_centers(self):
        """The contact centers of the environment (E1)."""
        data = self.request("GET", CONTACT_CENTERS, auth=self._admin_auth()) or {}
        return data.get("contactCenters", [])

    # Not ``settings``: that name is the connection settings of every HttpClient.
    def list_settings(self, ccid):
        """The settings of a contact center (E3)."""
        data = self.request("GET", self._settings_path(ccid), auth=self._admin_auth()) or {}
        return data.get("settings", [])

    def create_setting(self, ccid, setting):
        """Create a setting (E2). The service upserts by name + location, so it may be repeated."""
        return self.request("POST", self._settings_path(ccid), idempotent=True, json={"data": setting},
                            auth=self._admin_auth())

    def update_setting(self, ccid, setting_id, setting):
        """Update a setting by id (E4)."""
        return self.request("PUT", self._settings_path(ccid) + "/" + path_segment(setting_id), json={"data": setting},
                            auth=self._admin_auth())

    def delete_setting(self, ccid, setting_id):
        """Remove a setting by id (E4); None when it was already gone."""
        return self.request("DELETE", self._settings_path(ccid) + "/" + path_segment(setting_id), auth=self._admin_auth())

    @staticmethod
    def _settings_path(ccid):
        return CONTACT_CENTERS + "/" + path_segment(ccid) + "/settings"


def _token_response(response):
    """A token response (A5, A6) that holds a token; anything else is an error, not a crash later."""
    if not isinstance(response, dict) or not response.get("access_token"):
        raise GenesysError("Genesys Auth answered the token request without an access_token")
    return response
