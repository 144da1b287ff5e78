# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tokens (docs/api.md, A5, A6 and G1): a given ``token``, or one obtained from credentials,
cached in ``token_cache`` and obtained again once after a 401."""

from __future__ import annotations

import hashlib
import hmac
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
# Who issues the tokens of a credential, as its messages name them: the service refusing a
# login, and the endpoint that answered.
GWS = ("GWS", "Genesys Auth")


def tenant_username(ccid, user):
    """The login of a tenant user: ``<ccid>\\<user>`` with one backslash."""
    return "%s\\%s" % (ccid, user)


class Credential:
    """What a client puts in ``Authorization``: the given ``token``, or a token obtained with
    ``grant`` (a function returning the token response), or both. The one way every client of
    the collection holds a token, whichever service issues it (``issuer``: the service named in
    messages and the endpoint that answered, GWS or Genesys Cloud).

    ``login`` says whose token it is (the token URL, the OAuth client, the user), never a secret;
    ``secrets`` are what proves it (a client secret, a password). A token obtained is cached in the
    directory ``cache`` (``token_cache``), when set, under a lock, so that parallel runs for the
    same login share one token; in check mode only a cache directory that exists is used, none is
    created. ``renew`` obtains a new one after the service refused the current one, once.
    """

    def __init__(self, cache, description, hint=None, grant=None, login=(), secrets=(), token=None, issuer=GWS,
                 check_mode=False):
        self.cache = cache
        self.description = description
        self.hint = hint
        self.issuer = issuer
        self.check_mode = check_mode
        self.renewed = False
        self._grant = grant
        self._login = login
        self._secrets = secrets
        self._token = token

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

    def send(self, request, refused_message):
        """``request(token)`` with the token. After a 401 (the token expired, or was revoked) a new
        token is obtained once and the request sent again, which is safe: a 401 means nothing was
        done. A 401 that stays fails with ``refused_message(error, renewed)``."""
        refused = None
        while True:
            token = self.token()
            try:
                return request(token)
            except GenesysError as exc:
                if exc.status != 401:
                    raise
                if refused is None and self.renew(token):
                    refused = token
                    continue
                raise GenesysError(refused_message(exc, refused is not None),
                                   status=exc.status, api_message=exc.api_message) from None

    def response(self, refused=None):
        """The token response of the credentials, from the cache while it is valid there, was
        obtained with the same secrets and is not ``refused``."""
        if not self.cache or (self.check_mode and not os.path.isdir(self.cache)):
            return self._request()
        path = os.path.join(self.cache, _digest(self._login) + ".json")
        with locked(path):
            cached = read_record(path)
            response = cached.get("response") or {}
            token = response.get("access_token")
            if (token not in (None, refused) and cached.get("use_until", 0) > time.time()
                    and hmac.compare_digest(str(cached.get("proof")), self._proof(token))):
                return dict(response, expires_in=max(0, int(cached["expires_at"] - time.time())))
            response = self._request()
            lifetime = _lifetime(response)
            if lifetime:
                now = time.time()
                write_record(path, {"response": response, "proof": self._proof(response["access_token"]),
                                    "expires_at": now + lifetime,
                                    "use_until": now + lifetime - min(EXPIRY_MARGIN, lifetime / 2.0)})
            return response

    def _proof(self, token):
        """Which secrets obtained ``token``: a changed password or client secret is tried at once (a
        wrong one fails) instead of hiding behind a token the old one obtained. An HMAC keyed by the
        token it sits beside, so that the same secrets never give the same value twice. Whoever can
        read the 0600 file could still test guesses of a secret against it, as against any hash of it."""
        return hmac.new(token.encode(), json.dumps([list(self._login), list(self._secrets)]).encode(),
                        hashlib.sha256).hexdigest()

    def _request(self):
        try:
            return self._grant()
        except GenesysError as exc:
            if exc.status not in (400, 401):
                raise
            service, endpoint = self.issuer
            raise GenesysError("%s refused %s: check %s (%s answered HTTP %d%s)" % (
                service, self.description, self.hint, endpoint, exc.status, ": " + exc.api_message if exc.api_message else ""),
                status=exc.status, api_message=exc.api_message) from None


def _digest(login):
    """The cache file name of a login: a hash, so that no name or URL shows in the directory."""
    return hashlib.sha256(json.dumps(list(login)).encode()).hexdigest()


def _lifetime(response):
    try:
        return max(0, int(response.get("expires_in")))
    except (TypeError, ValueError):
        return 0


def gws_grant(params, session, obtain):
    """A grant of GWS (A5, A6): ``obtain(gws)`` with a client of ``auth_url``."""
    def grant():
        require(params, ("auth_url",), "to obtain a GWS token")
        return obtain(GwsClient.from_params(params, session=session))
    return grant


def password_credential(params, username, password, description, hint, session=None, check_mode=False):
    """A credential whose tokens are password grants (A6) for ``username`` through the OAuth client
    of the connection options, with the given ``token`` first when there is one."""
    def obtain(gws):
        require(params, ("oauth_client_id", "oauth_client_secret"), "to obtain a GWS token")
        return gws.password_token(params["oauth_client_id"], params["oauth_client_secret"], username, password)
    return Credential(params.get("token_cache"), description, hint, grant=gws_grant(params, session, obtain),
                      login=("password", params.get("auth_url"), params.get("oauth_client_id"), username),
                      secrets=(params.get("oauth_client_secret"), password), token=params.get("token"), check_mode=check_mode)


def tenant_credential(params, ccid, user, password, session=None, check_mode=False):
    """The given ``token``, and the tenant user's credentials when ``user`` and ``password`` are given."""
    username = tenant_username(ccid, user)
    description = "the tenant user '%s'" % username
    if not (user and password):
        return Credential(params.get("token_cache"), description, token=params.get("token"))
    return password_credential(params, username, password, description, "the username and password", session=session,
                               check_mode=check_mode)


def admin_credential(params, session=None, check_mode=False):
    """The given ``token``, and the GWS admin's credentials when they are given (cluster API keys)."""
    username, password = params.get("gws_admin_username"), params.get("gws_admin_password")
    description = "the GWS admin '%s'" % username
    if not (username and password):
        if not params.get("token"):
            require(params, ("gws_admin_username", "gws_admin_password"), "to obtain the GWS admin token")
        return Credential(params.get("token_cache"), description, token=params.get("token"))
    return password_credential(params, username, password, description,
                               "gws_admin_username and gws_admin_password", session=session, check_mode=check_mode)


def client_credential(params, client_id, client_secret, session=None, check_mode=False):
    """A credential whose tokens are client-credentials grants (A5) of ``client_id``."""
    def obtain(gws):
        return gws.client_credentials_token(client_id, client_secret)
    return Credential(params.get("token_cache"), "the OAuth client %s" % client_id, "its client secret",
                      grant=gws_grant(params, session, obtain), login=("client_credentials", params.get("auth_url"), client_id),
                      secrets=(client_secret,), check_mode=check_mode)
