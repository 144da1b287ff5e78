# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The GWS tokens Digital Channels wants (docs/api.md, A5 and A6): a given ``token``, or one
obtained from credentials, cached in ``token_cache`` and obtained again once after a 401."""

from __future__ import annotations

import hashlib
import json
import os
import time

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import require
from ansible_collections.genesys.multicloud.plugins.module_utils._store import locked, read_record, write_record

# A cached token is used until this long before it expires (at most half its lifetime), so
# that it does not expire between being read from the cache and reaching the service.
EXPIRY_MARGIN = 60


def tenant_username(ccid, user):
    """The login of a tenant user: ``<ccid>\\<user>`` with one backslash."""
    return "%s\\%s" % (ccid, user)


class Credential:
    """What a client puts in ``Authorization``: the given ``token``, or a token obtained with
    ``grant`` (a function of a ``GwsClient`` returning the token response), or both.

    A token obtained is cached in the ``token_cache`` directory, when set, under a lock, so
    that parallel runs for the same login share one token. ``renew`` obtains a new one after
    the service refused the current one, once.
    """

    def __init__(self, params, description, hint=None, grant=None, login=None, session=None):
        self.params = params
        self.description = description
        self.hint = hint
        self.renewed = False
        self._grant = grant
        self._login = login
        self._session = session
        self._token = params.get("token")

    @property
    def has_credentials(self):
        return self._grant is not None

    def token(self):
        """The token to send: the given one, or one obtained (from the cache when it holds one)."""
        if not self._token:
            if not self.has_credentials:
                raise GenesysError("a GWS token is required for this Digital Channels request: "
                                   "set token, or the credentials to obtain one")
            self._token = self.response()["access_token"]
        return self._token

    def renew(self, refused):
        """After the service refused ``refused`` (HTTP 401): obtain another token, once; whether it did."""
        if not self.has_credentials or self.renewed:
            return False
        self.renewed = True
        self._token = self.response(refused=refused)["access_token"]
        return True

    def response(self, refused=None):
        """The token response (A5, A6) of the credentials, from the cache while it is valid there
        and is not ``refused``."""
        cache = self.params.get("token_cache")
        if not cache:
            return self._request()
        path = os.path.join(cache, self._cache_name() + ".json")
        with locked(path):
            cached = read_record(path)
            response = cached.get("response") or {}
            if response.get("access_token") not in (None, refused) and cached.get("use_until", 0) > time.time():
                return dict(response, expires_in=max(0, int(cached["expires_at"] - time.time())))
            response = self._request()
            lifetime = _lifetime(response)
            if lifetime:
                now = time.time()
                write_record(path, {"response": response, "expires_at": now + lifetime,
                                    "use_until": now + lifetime - min(EXPIRY_MARGIN, lifetime / 2.0)})
            return response

    def _cache_name(self):
        """The cache file of this login: a hash, so that no name or URL shows in the directory."""
        # The secrets are part of the key: a changed password or client secret is tried at once
        # (a wrong one fails) instead of hiding behind a token the old one obtained.
        key = [self.params.get("auth_url"), self.params.get("oauth_client_id"),
               self.params.get("oauth_client_secret")] + list(self._login)
        return hashlib.sha256(json.dumps(key).encode()).hexdigest()

    def _request(self):
        require(self.params, ("auth_url",), "to obtain a GWS token")
        gws = GwsClient.from_params(self.params, session=self._session)
        try:
            return self._grant(gws)
        except GenesysError as exc:
            if exc.status not in (400, 401):
                raise
            raise GenesysError("GWS refused %s: check %s (Genesys Auth answered HTTP %d%s)" % (
                self.description, self.hint, exc.status, ": " + exc.api_message if exc.api_message else ""),
                status=exc.status, api_message=exc.api_message) from None


def _lifetime(response):
    try:
        return max(0, int(response.get("expires_in")))
    except (TypeError, ValueError):
        return 0


def password_credential(params, username, password, description, hint, session=None):
    """A credential whose tokens are password grants (A6) for ``username`` through the OAuth client
    of the connection options."""
    def grant(gws):
        require(params, ("oauth_client_id", "oauth_client_secret"), "to obtain a GWS token")
        return gws.password_token(params["oauth_client_id"], params["oauth_client_secret"], username, password)
    return Credential(params, description, hint, grant=grant, login=("password", username, password), session=session)


def tenant_credential(params, ccid, user, password, session=None):
    """The given ``token``, and the tenant user's credentials when ``user`` and ``password`` are given."""
    username = tenant_username(ccid, user)
    description = "the tenant user %s" % username
    if not (user and password):
        return Credential(params, description)
    return password_credential(params, username, password, description, "the username and password", session=session)


def admin_credential(params, session=None):
    """The given ``token``, and the GWS admin's credentials when they are given (cluster API keys)."""
    username, password = params.get("gws_admin_username"), params.get("gws_admin_password")
    description = "the GWS admin %s" % username
    if not (username and password):
        if not params.get("token"):
            require(params, ("gws_admin_username", "gws_admin_password"), "to obtain the GWS admin token")
        return Credential(params, description)
    return password_credential(params, username, password, description,
                               "gws_admin_username and gws_admin_password", session=session)


def client_credential(params, client_id, client_secret, session=None):
    """A credential whose tokens are client-credentials grants (A5) of ``client_id``."""
    def grant(gws):
        return gws.client_credentials_token(client_id, client_secret)
    return Credential(dict(params, token=None), "the OAuth client %s" % client_id, "its client secret", grant=grant,
                      login=("client_credentials", client_id, client_secret), session=session)
