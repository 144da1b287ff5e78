# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP plumbing shared by the Genesys clients: session, TLS, retries, the envelope."""

from __future__ import annotations

import traceback
from urllib.parse import quote, urlsplit

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

COLLECTION_VERSION = "0.2.0"
USER_AGENT = "genesys.multicloud/" + COLLECTION_VERSION

# 429 and 503 mean the service refused the request without acting on it, so even a
# POST may be sent again; after 502/504 or a lost response a POST may have been
# applied, and only requests the API makes idempotent are repeated.
REFUSED_STATUSES = (429, 503)
RETRY_STATUSES = (429, 502, 503, 504)
UNVERIFIED_WARNING = ("validate_certs is false: the TLS certificates of the Genesys services are not verified, "
                      "so anyone on the network path can read and change the requests, secrets included; "
                      "set ca_path to the CA that signs them instead")
# A module run warns once about unverified certificates, however many requests it makes.
_warned_unverified = []


def start_module_run():
    """Forget what an earlier module run in this process warned about."""
    del _warned_unverified[:]


def path_segment(value):
    """``value`` quoted as one segment of a URL path (ids and names may hold ``/``)."""
    return quote(str(value), safe="")


def host_in_url(host):
    """``host`` as it stands in a URL: an IPv6 address in brackets."""
    return "[%s]" % host if ":" in host else host


def server_url(url, option, default_ports, base_path=""):
    """``scheme://host:port`` of a server given as ``scheme://host[:port][base_path]``, the port
    defaulting to ``default_ports[scheme]`` (services documented on ports of their own)."""
    parts = urlsplit(url or "")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (parts.scheme not in default_ports or not parts.hostname or parts.username or port == -1
            or parts.path.rstrip("/") not in ("", base_path) or parts.query or parts.fragment):
        raise GenesysError("%s: must be %s, got %r" % (
            option, " or ".join("%s://<server>[:port]" % scheme for scheme in default_ports)
            + (", optionally ending in %s" % base_path if base_path else ""), url))
    return "%s://%s:%d" % (parts.scheme, host_in_url(parts.hostname), port or default_ports[parts.scheme])


class ConnectionSettings:
    """How to reach a service: the options every module shares."""

    def __init__(self, timeout=30, validate_certs=True, ca_path=None, retries=3):
        self.timeout = timeout
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.retries = retries

    @classmethod
    def from_params(cls, params):
        return cls(
            timeout=params.get("timeout", 30),
            validate_certs=params.get("validate_certs", True),
            ca_path=params.get("ca_path"),
            retries=params.get("retries", 3),
        )

    def retry_policy(self, idempotent):
        """The urllib3 policy for one request: jittered exponential backoff honouring Retry-After."""
        retries = self.retries
        return Retry(
            total=retries,
            connect=retries,
            read=retries if idempotent else 0,
            status=retries,
            other=0,
            allowed_methods=None,
            status_forcelist=RETRY_STATUSES if idempotent else REFUSED_STATUSES,
            backoff_factor=0.5,
            backoff_jitter=0.5,
            backoff_max=30,
            respect_retry_after_header=True,
            raise_on_status=False,
        )


def reading_session(settings, connections):
    """One session for many clients that only read, shared by up to ``connections`` threads: one
    pool of that many connections, every request retried as a read is (GET is always safe to repeat)."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=connections, pool_maxsize=connections,
                          max_retries=settings.retry_policy(idempotent=True))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class HttpClient:
    """A session on one base URL that speaks the Genesys ``{"status","data"}`` envelope."""

    service = "Genesys"

    def __init__(self, base_url, settings=None, session=None):
        # A missing URL is reported by the module logic, which names the option.
        self.base_url = (base_url or "").rstrip("/")
        self.settings = settings or ConnectionSettings()
        self._session = session or requests.Session()
        self._session.headers["User-Agent"] = USER_AGENT
        self._adapter = None
        if session is None:
            self._adapter = HTTPAdapter()
            self._session.mount("http://", self._adapter)
            self._session.mount("https://", self._adapter)

    def _verify(self, url):
        if not self.settings.validate_certs:
            if url.startswith("https://") and not _warned_unverified:
                _warned_unverified.append(True)
                warn(UNVERIFIED_WARNING)
            return False
        return self.settings.ca_path or True

    def request(self, method, path, idempotent=None, secrets=(), **kwargs):
        """Send one request and return the payload's ``data`` (or the whole payload
        when it has no envelope); ``None`` for a 404 on GET or DELETE.

        ``idempotent`` says whether the request may be repeated after a lost
        response; it defaults to every method but POST.

        ``secrets`` are values the request carries, in its path or its body, that are not
        module options (so ``no_log`` cannot mask them) and that an error must not show:
        the error names the URL, the text of a connection error holds it too, and a
        service may echo what it was sent.
        """
        try:
            return self._send(method, path, idempotent, **kwargs)
        except GenesysError as exc:
            hidden = [shown for secret in secrets if secret for shown in (str(secret), path_segment(secret))]
            if not hidden:
                raise
            raise exc.redacted(hidden) from None

    def _send(self, method, path, idempotent, **kwargs):
        if idempotent is None:
            idempotent = method != "POST"
        if self._adapter is not None:
            # A session serves one module run, one request at a time.
            self._adapter.max_retries = self.settings.retry_policy(idempotent)
        url = self.base_url + path
        try:
            response = self._session.request(
                method, url, timeout=self.settings.timeout, verify=self._verify(url), **kwargs)
        except requests.exceptions.SSLError as exc:
            raise GenesysError(self._tls_message(url, exc)) from None
        except requests.exceptions.RequestException as exc:
            # The text names the URL: a request with a secret in its path passes ``secrets``.
            raise GenesysError("%s: %s %s failed: %s" % (self.service, method, url, exc), no_answer=True) from None
        return self._payload(method, url, response)

    def _tls_message(self, url, exc):
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            # The playbooks set ca_path and validate_certs from genesys_ca_path and genesys_validate_certs.
            return ("%s: the TLS certificate of %s could not be verified%s: set ca_path (genesys_ca_path in the "
                    "inventory) to the CA certificate that signed it (or validate_certs: false, genesys_validate_certs, "
                    "to skip verification, not for production)" % (
                        self.service, url, " with ca_path %s" % self.settings.ca_path if self.settings.ca_path else ""))
        return "%s: TLS error talking to %s: %s" % (self.service, url, exc)

    def _payload(self, method, url, response):
        if response.status_code == 404 and method in ("GET", "DELETE"):
            return None
        payload = _json(response)
        api_message = _envelope_message(payload)
        if response.status_code >= 400:
            raise GenesysError(
                "%s: %s %s returned HTTP %d%s" % (
                    self.service, method, url, response.status_code,
                    ": " + api_message if api_message else ""),
                status=response.status_code, api_message=api_message)
        if isinstance(payload, dict) and isinstance(payload.get("status"), dict):
            code = payload["status"].get("code", 0)
            if code not in (0, "0"):
                raise GenesysError(
                    "%s: %s %s answered status code %s%s" % (
                        self.service, method, url, code, ": " + api_message if api_message else ""),
                    status=response.status_code, api_message=api_message)
            if "data" in payload:
                return payload["data"]
        if isinstance(payload, dict) and set(payload) == {"data"}:
            # The environment API (E1, E3) sends the data envelope without a status.
            return payload["data"]
        return payload


def _json(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _envelope_message(payload):
    if isinstance(payload, dict) and isinstance(payload.get("status"), dict):
        return payload["status"].get("message")
    return None
