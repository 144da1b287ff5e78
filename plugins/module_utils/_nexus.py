# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for Digital Channels ($nexusURL): docs/api.md, rows N1-N4, K1-K4 and S1-S4."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import ConnectionSettings, HttpClient, path_segment
from ansible_collections.genesys.multicloud.plugins.module_utils._module import require
from ansible_collections.genesys.multicloud.plugins.module_utils._postgres import read_apikeys
from ansible_collections.genesys.multicloud.plugins.module_utils._tokens import Credential, admin_credential, tenant_credential

HEALTH = "/health/detail"
TENANTS = "/nexus/v3/provisioning/tenants"
APIKEYS = "/nexus/v3/apikeys"
SERVICES = "/nexus/v3/provisioning/services"


def _health_document(response):
    """The N1 document of an answer, or None when the body is not one."""
    try:
        document = response.json()
    except ValueError:
        return None
    return document if isinstance(document, dict) and "state" in document else None


class NexusClient(HttpClient):
    """Digital Channels provisioning.

    Tenants take a GWS token as ``Bearer``, API keys take the bare token (as the
    documents send it), services take an API key with the tenant's ``x-ccid``.
    """

    service = "Digital Channels"

    def __init__(self, base_url, credential=None, api_key=None, settings=None, session=None, key_database=None):
        super().__init__(base_url, settings=settings, session=session)
        self.credential = credential
        self.api_key = api_key
        # The db_* options of the Digital Channels database, where the keys are when K2 is not (DB2).
        self.key_database = key_database

    @classmethod
    def from_params(cls, params, credential=None, session=None):
        """A client with ``credential``, or only the given ``token`` (services need none: they take ``api_key``)."""
        credential = credential or Credential(params.get("token_cache"), "the given token", token=params.get("token"))
        return cls(params["nexus_url"], credential=credential, api_key=params.get("api_key"),
                   settings=ConnectionSettings.from_params(params), session=session,
                   key_database=params if params.get("db_host") else None)

    @classmethod
    def for_tenant_user(cls, params, ccid, session=None, check_mode=False):
        """A client with a token of the tenant user (tenants, tenant API keys): the given
        ``token``, or one obtained (A6) for ``<ccid>\\<username>`` with ``password``."""
        if not params.get("token"):
            require(params, ("username", "password"), "to obtain the tenant user's token (or set token)")
        credential = tenant_credential(params, ccid, params.get("username"), params.get("password"), session=session,
                                       check_mode=check_mode)
        return cls.from_params(params, credential=credential, session=session)

    @classmethod
    def for_admin(cls, params, session=None, check_mode=False):
        """A client with the GWS admin token (cluster API keys, every key listed): the given
        ``token``, or one obtained (A6) for the GWS admin."""
        return cls.from_params(params, credential=admin_credential(params, session=session, check_mode=check_mode), session=session)

    def _with_token(self, method, path, bearer, **kwargs):
        """A request authenticated with the GWS token, as ``Bearer <token>`` or bare. When the
        service refuses the token (HTTP 401, for instance expired) and the token can be obtained
        from credentials, a new one is obtained and the request sent again, once."""
        return self.credential.send(
            lambda token: self.request(method, path, headers={"Authorization": ("Bearer " + token) if bearer else token}, **kwargs),
            lambda exc, renewed: "%s (refused %s)" % (exc.message, self._refused(renewed)))

    def _refused(self, renewed):
        credential = self.credential
        if renewed:
            return "a new token of %s too: check that it may do this, and the nex_gapis registration" % credential.description
        if credential.has_credentials:
            return "a token of %s" % credential.description
        return "the given token, which may have expired: give a new one, or the credentials to obtain one"

    def _key_headers(self, ccid):
        if not self.api_key:
            raise GenesysError("api_key is required for Digital Channels provisioning services")
        return {"x-api-key": self.api_key, "x-ccid": str(ccid)}

    def health(self):
        """The health document (N1). While it is not green, Digital Channels may answer
        HTTP 503 with the same document: that answer is returned too."""
        return self.request("GET", HEALTH)

    def _payload(self, method, url, response):
        if response.status_code == 503 and method == "GET" and url == self.base_url + HEALTH:
            document = _health_document(response)
            if document is not None:
                return document
        return super()._payload(method, url, response)

    # Tenants (N2-N4)

    def get_tenant(self, ccid):
        """The tenant without its secrets, or None (N3)."""
        return self._with_token("GET", TENANTS + "/" + path_segment(ccid), bearer=True)

    def create_tenant(self, tenant):
        """Provision a tenant (N2); returns ``{"xapikey": ...}``, the only time the API gives it."""
        return self._with_token("POST", TENANTS, bearer=True, json=tenant)

    def update_tenant(self, ccid, tenant):
        """Update a tenant with the full N2 body (N4)."""
        return self._with_token("PUT", TENANTS + "/" + path_segment(ccid), bearer=True, json=tenant)

    def delete_tenant(self, ccid):
        """Remove a tenant with its services and API keys (N4); None when already gone."""
        return self._with_token("DELETE", TENANTS + "/" + path_segment(ccid), bearer=True)

    # API keys (K1-K4)

    def list_apikeys(self):
        """The keys the token may see: its tenant's, or all for the admin token (K2). Where K2 is missing
        (404) or refused (403), every key of the Digital Channels database (DB2), when the client has
        its connection options (``db_host``); callers pick keys by tenant and name, or by id."""
        try:
            keys = self._with_token("GET", APIKEYS, bearer=False)
        except GenesysError as exc:
            if exc.status != 403 or not self.key_database:
                raise
            return read_apikeys(self.key_database)
        if keys is not None:
            return keys
        if not self.key_database:
            raise GenesysError("Digital Channels has no API key listing (GET %s answered 404): set the db_* options "
                               "to read the keys from its database" % APIKEYS, status=404)
        return read_apikeys(self.key_database)

    def create_apikey(self, key):
        """Create an API key (K1); returns the key object, whose ``id`` is the key."""
        return self._with_token("POST", APIKEYS, bearer=False, json=key)

    # The id of a key is the key itself: it is in the path of K3 and K4, so no error may show it.

    def update_apikey(self, key_id, changes):
        """Change name, permissions or enabled of a key (K3)."""
        return self._with_token("PUT", APIKEYS + "/" + path_segment(key_id), bearer=False, json=changes,
                                secrets=(key_id,))

    def revoke_apikey(self, key_id):
        """Revoke a key (K4): it stays listed with ``revoked: true``."""
        return self._with_token("DELETE", APIKEYS + "/" + path_segment(key_id), bearer=False, secrets=(key_id,))

    # Provisioning services (S1-S4)

    def list_services(self, ccid):
        """The tenant's services, without secrets (S3)."""
        return self.request("GET", SERVICES + "/" + path_segment(ccid), headers=self._key_headers(ccid)) or []

    def get_service(self, ccid, name):
        """One service ``{"url","data"}`` without its secret, or None (S2)."""
        return self.request("GET", self._service_path(ccid, name), headers=self._key_headers(ccid))

    def create_service(self, ccid, name, service):
        """Create a service (S1) from ``{"url","secret","data"}``."""
        return self.request("POST", self._service_path(ccid, name), json=service, headers=self._key_headers(ccid))

    def replace_service(self, ccid, name, service):
        """Replace a service (S4) with the full S1 body."""
        return self.request("PUT", self._service_path(ccid, name), json=service, headers=self._key_headers(ccid))

    def delete_service(self, ccid, name):
        """Remove a service (S4); None when already gone."""
        return self.request("DELETE", self._service_path(ccid, name), headers=self._key_headers(ccid))

    @staticmethod
    def _service_path(ccid, name):
        return SERVICES + "/" + path_segment(ccid) + "/" + path_segment(name)
