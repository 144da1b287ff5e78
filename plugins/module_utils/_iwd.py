# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for IWD provisioning ($iwdURL): docs/api.md, rows I1 and I2."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import ConnectionSettings, HttpClient, path_segment

PROVISIONING = "/iwd/v3/provisioning"


class IwdClient(HttpClient):
    """IWD provisioning, authenticated by a Digital Channels cluster API key."""

    service = "IWD"

    def __init__(self, base_url, api_key=None, settings=None, session=None):
        super().__init__(base_url, settings=settings, session=session)
        self.api_key = api_key

    @classmethod
    def from_params(cls, params, session=None):
        return cls(params["iwd_url"], api_key=params.get("api_key"),
                   settings=ConnectionSettings.from_params(params), session=session)

    def _headers(self):
        if not self.api_key:
            raise GenesysError("api_key (a Digital Channels cluster API key) is required for IWD provisioning")
        return {"x-api-key": self.api_key}

    def provision(self, body):
        """Provision IWD for a tenant (I1). Sent as PUT, which the API treats as POST and
        which may therefore be repeated after a lost response."""
        return self.request("PUT", PROVISIONING, json=body, headers=self._headers())

    def deprovision(self, ccid, services=None, delete_tenant=False):
        """Remove IWD services of a tenant, or all it provisioned with ``delete_tenant`` (I2)."""
        params = {}
        if services:
            params["service"] = ",".join(services)
        if delete_tenant:
            params["deleteTenant"] = "true"
        if not params:
            raise GenesysError("IWD deprovisioning needs services or delete_tenant")
        return self.request("DELETE", PROVISIONING + "/" + path_segment(ccid), params=params,
                            headers=self._headers())
