# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for PureConnect Interaction Center Web Services (ICWS): docs/api.md rows C1-C5."""

from __future__ import annotations

from urllib.parse import urlsplit

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import (
    ConnectionSettings, HttpClient, _json, host_in_url, path_segment, server_url)

# The ports of the ICWS quick reference: HTTP 8018, HTTPS 8019.
DEFAULT_PORTS = {"http": 8018, "https": 8019}
CONNECTION_TYPE = "urn:inin.com:connection:icAuthConnectionRequestSettings"
CSRF_HEADER = "ININ-ICWS-CSRF-Token"

# What each status of the quick reference's table means, in its words.
STATUS_MEANINGS = {
    400: "the request was invalid (a malformed or incomplete body, or a missing or invalid header or parameter)",
    401: "the session token is missing, invalid or expired",
    403: "the session user does not have permission to do this",
    404: "the object does not exist",
    410: "this resource has been deprecated and removed from the ICWS API",
    500: "an unexpected error occurred on the server",
    503: "the service is unavailable",
}


def alternate_url(base_url, host):
    """The URL of an entry of an alternate host list: a server name, which keeps the scheme and
    the port of ``base_url``, or ``name:port``."""
    base = urlsplit(base_url)
    entry = urlsplit("//" + str(host).strip())
    try:
        port = entry.port
    except ValueError:
        port = -1
    if not entry.hostname or port == -1 or entry.path or entry.username:
        raise GenesysError("ICWS at %s gave an alternate host that is not a server name: %r" % (base_url, host))
    return "%s://%s:%d" % (base.scheme, host_in_url(entry.hostname), port or base.port)


def error_detail(body):
    """``message (errorId)`` of an ICWS error body, or None."""
    if not isinstance(body, dict):
        return None
    parts = (body.get("message"), "(%s)" % body["errorId"] if body.get("errorId") else None)
    return " ".join(str(part) for part in parts if part) or None


class SwitchoverError(GenesysError):
    """A 503 that names better servers to connect to (C1's alternate host list)."""

    def __init__(self, message, alternate_hosts, **kwargs):
        super().__init__(message, **kwargs)
        self.alternate_hosts = alternate_hosts


class IcwsSettings(ConnectionSettings):
    """The shared retry policy, except that a refused connection request is not sent again:
    ICWS answers 503 when another server should take the session, and that answer is followed."""

    def retry_policy(self, idempotent):
        policy = super().retry_policy(idempotent)
        return policy if idempotent else policy.new(status_forcelist=(429,))


class IcwsClient(HttpClient):
    """One ICWS session: opened by ``connect`` on the server that accepts it, closed by ``close``.

    The session's cookie lives in the requests session, which sends it back to the server that set it.
    """

    service = "ICWS"

    def __init__(self, url, settings=None, session=None, language="en-us"):
        super().__init__(server_url(url, "icws_url", DEFAULT_PORTS, "/icws"), settings=settings or IcwsSettings(),
                         session=session)
        self.language = language
        self.session_id = None
        self.csrf_token = None
        # Every server a connection request went to, and how it answered.
        self.attempts = []
        self._last_status = None

    @classmethod
    def from_params(cls, params, session=None):
        return cls(params["icws_url"], settings=IcwsSettings.from_params(params), session=session,
                   language=params.get("accept_language") or "en-us")

    def _payload(self, method, url, response):
        status = self._last_status = response.status_code
        if status < 400 or (status == 404 and method in ("GET", "DELETE")):
            return super()._payload(method, url, response)
        body = _json(response)
        detail = error_detail(body)
        message = "ICWS: %s %s answered HTTP %d: %s%s" % (
            method, url, status, STATUS_MEANINGS.get(status, "an error"), ": " + detail if detail else "")
        hosts = body.get("alternateHostList") if isinstance(body, dict) else None
        if status == 503 and isinstance(hosts, list) and hosts:
            raise SwitchoverError(message, hosts, status=status, api_message=detail)
        raise GenesysError(message, status=status, api_message=detail)

    def _connect_to(self, url, body):
        """C1 at ``url``; records the attempt."""
        self.base_url = url
        try:
            answer = self.request("POST", "/icws/connection", json=body, headers={"Accept-Language": self.language})
        except GenesysError as exc:
            self.attempts.append({"server": url, "status": exc.status})
            raise
        self.attempts.append({"server": url, "status": self._last_status})
        return answer

    def connect(self, username, password, application_name):
        """Open a session (C1) and return the connection answer without its CSRF token.

        On a 503 with an alternate host list, the listed servers are tried in order while they
        answer 503; the first that accepts the session serves every later request."""
        body = {"__type": CONNECTION_TYPE, "applicationName": application_name, "userID": username, "password": password}
        first = self.base_url
        try:
            answer = self._connect_to(first, body)
        except SwitchoverError as exc:
            answer = self._follow(first, exc.alternate_hosts, body)
        except GenesysError as exc:
            raise self._refused(exc, username) from None
        if not isinstance(answer, dict) or not answer.get("sessionId") or not answer.get("csrfToken"):
            raise GenesysError("ICWS at %s opened no session: its answer has no sessionId or csrfToken" % self.base_url)
        self.session_id, self.csrf_token = str(answer["sessionId"]), answer["csrfToken"]
        return dict((key, value) for key, value in answer.items() if key != "csrfToken")

    def _follow(self, first, hosts, body):
        for host in hosts:
            try:
                return self._connect_to(alternate_url(first, host), body)
            except SwitchoverError:
                continue
            except GenesysError as exc:
                raise self._refused(exc, body["userID"]) from None
        raise GenesysError("ICWS: no server accepted a session: %s" % ", ".join(
            "%s answered %s" % (attempt["server"], attempt["status"] or "nothing") for attempt in self.attempts), status=503)

    def _refused(self, exc, username):
        if exc.status == 400 and "authenticationFailure" in (exc.api_message or ""):
            return GenesysError("ICWS at %s refused the user name or password of %s: %s" % (
                self.base_url, username, exc.api_message), status=exc.status, api_message=exc.api_message)
        return exc

    def _session_headers(self):
        if self.session_id is None:
            raise GenesysError("ICWS: no session is open")
        return {CSRF_HEADER: self.csrf_token}

    def features(self):
        """Every feature's versions as the server lists them (C2)."""
        answer = self.request("GET", "/icws/connection/features")
        return (answer or {}).get("featureInfoList") or []

    def feature(self, feature_id):
        """One feature's version (C2), ``None`` when the server does not support it."""
        return self.request("GET", "/icws/connection/features/" + path_segment(feature_id))

    def version(self):
        """The server's installed version (C3), for information."""
        return self.request("GET", "/icws/connection/version")

    def user_status(self, user_id):
        """A user's status (C4) in the open session, ``None`` when the user does not exist."""
        return self.request("GET", "/icws/%s/status/user-statuses/%s" % (path_segment(self.session_id), path_segment(user_id)),
                            headers=self._session_headers(), secrets=(self.csrf_token,))

    def close(self):
        """End the session (C5); the session is forgotten whatever the server answers."""
        if self.session_id is None:
            return
        headers = self._session_headers()
        path = "/icws/%s/connection" % path_segment(self.session_id)
        secret = self.csrf_token
        self.session_id = self.csrf_token = None
        self.request("DELETE", path, headers=headers, secrets=(secret,))
