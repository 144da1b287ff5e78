# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client for Genesys Cloud's SMS toll-free numbers (Genesys Messaging Aggregation): docs/api.md
rows G1-G5.

Genesys Cloud has two hosts, ``$gcLoginURL`` for the token and ``$gcAPIURL`` for the API, so the
requests carry absolute URLs. Its errors are not the Multicloud ``{"status": ...}`` envelope but
Genesys Cloud's ``{"message", "code", "status"}`` and, from the token endpoint, OAuth's
``{"error", "error_description"}``.
"""

from __future__ import annotations

import re
import time

from ansible.module_utils.basic import env_fallback

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import ConnectionSettings, HttpClient, _json, path_segment
from ansible_collections.genesys.multicloud.plugins.module_utils._module import check_url
from ansible_collections.genesys.multicloud.plugins.module_utils._tokens import Credential

TOKEN = "/oauth/token"
NUMBERS = "/api/v2/messaging/sms/provisioning/tollfreenumbers/"
AVAILABLE = NUMBERS + "available"
# An asynchronous order (docs/api.md, G5) and the states that end it [assumed]; any other state is pending.
ORDERS = NUMBERS + "orders/"
ORDER_COMPLETED = ("Completed",)
ORDER_FAILED = ("Failed", "Cancelled")
# The largest page G2 serves (docs/api.md, G2): the fewest requests against the rate limit.
PAGE_SIZE = 100
# A list longer than this many pages is a service that ignores pageNumber, not an organization's numbers.
MAX_PAGES = 1000
# A number as Genesys Cloud writes it (docs/api.md, "Rules of the G rows"), and the rest of its
# NexusServices section name chat.<purpose> (docs/api.md, "The manual step for each number").
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Seed 003: after "chat." (or "cxc."), letters and underscores or dashes, but not spaces: no digits either.
PURPOSE = re.compile(r"^[A-Za-z_-]+$")
DIGIT_WORDS = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
# Who refuses a G1 login, as the messages name it (see _tokens.Credential).
ISSUER = ("Genesys Cloud", "the Genesys Cloud login")


def section_text(value):
    """``value`` as the rest of a NexusServices section name: each digit spelled (``0`` -> ``Zero``, ..., ``9`` ->
    ``Nine``), any other character that is not a letter, an underscore or a dash an underscore. The
    same on every run, so that a section never changes its name."""
    return "".join(DIGIT_WORDS[int(char)] if char in "0123456789" else char if re.match(r"[A-Za-z_-]", char) else "_"
                   for char in value)


def default_purpose(number):
    """The purpose of a number the inventory gives none: ``SMS_`` and its digits spelled, as
    ``SMS_OneEightEightEight...`` for +1888... (docs/api.md, "The manual step for each number")."""
    return "SMS_" + section_text(number.lstrip("+"))


def gcloud_argument_spec():
    """The options of the Genesys Cloud modules: see the ``gcloud`` doc fragment."""
    return dict(
        gc_login_url=dict(type="str", required=True, fallback=(env_fallback, ["GENESYS_GC_LOGIN_URL"])),
        gc_api_url=dict(type="str", required=True, fallback=(env_fallback, ["GENESYS_GC_API_URL"])),
        gc_client_id=dict(type="str", required=True, fallback=(env_fallback, ["GENESYS_GC_CLIENT_ID"])),
        gc_client_secret=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["GENESYS_GC_CLIENT_SECRET"])),
    )


def check_gcloud_params(params):
    """Reject malformed Genesys Cloud options before any request."""
    check_url(params.get("gc_login_url"), "gc_login_url")
    check_url(params.get("gc_api_url"), "gc_api_url")
    for name in ("gc_client_id", "gc_client_secret"):
        if not params.get(name):
            raise GenesysError("%s: must not be empty" % name)


class GcloudClient(HttpClient):
    """The toll-free numbers of one Genesys Cloud organization, as its Digital Channels integration
    (an OAuth client with the client credentials grant) sees them. Its token is a ``Credential``
    (``_tokens.py``), cached in ``token_cache`` as the GWS tokens are."""

    service = "Genesys Cloud"

    def __init__(self, login_url, api_url, client_id, client_secret, settings=None, session=None, token_cache=None,
                 check_mode=False):
        super().__init__("", settings=settings, session=session)
        self.login_url = login_url.rstrip("/")
        self.api_url = api_url.rstrip("/")
        self._client = (client_id, client_secret)
        self.credential = Credential(token_cache, "gc_client_id %s" % client_id, "gc_client_secret", grant=self.obtain_token,
                                     login=("client_credentials", self.login_url + TOKEN, client_id), secrets=(client_secret,),
                                     issuer=ISSUER, check_mode=check_mode)

    @classmethod
    def from_params(cls, params, session=None, check_mode=False):
        return cls(params["gc_login_url"], params["gc_api_url"], params["gc_client_id"], params["gc_client_secret"],
                   ConnectionSettings.from_params(params), session=session, token_cache=params.get("token_cache"),
                   check_mode=check_mode)

    def _payload(self, method, url, response):
        # Every G row answers 200 with its object; a 404 is a wrong URL, never "none yet".
        if response.status_code < 400:
            return _json(response)
        body = _json(response)
        detail = None
        if isinstance(body, dict):
            if body.get("error"):
                detail = "%s: %s" % (body["error"], body.get("error_description") or body.get("description") or "")
            elif body.get("message"):
                detail = "%s%s" % (body["message"], " (%s)" % body["code"] if body.get("code") else "")
        raise GenesysError("%s: %s %s returned HTTP %d%s" % (
            self.service, method, url, response.status_code, ": " + detail if detail else ""),
            status=response.status_code, api_message=detail)

    def obtain_token(self):
        """The token response of a new access token of the integration (G1). It changes nothing, so it may be repeated."""
        client_id, client_secret = self._client
        answer = self.request("POST", self.login_url + TOKEN, idempotent=True, auth=(client_id, client_secret),
                              data={"grant_type": "client_credentials"}, secrets=(client_secret,))
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise GenesysError("Genesys Cloud answered the token request of gc_client_id %s without an access_token" % client_id)
        return answer

    def _api(self, method, path, **kwargs):
        """A request to the API host with the token, obtained again once after a 401 (the token expired)."""
        return self.credential.send(
            lambda token: self.request(method, self.api_url + path, headers={"Authorization": "Bearer " + token}, **kwargs),
            lambda exc, renewed: "Genesys Cloud refused a new token of %s: %s" % (self.credential.description, exc.message))

    def list_numbers(self):
        """Every purchased and registered toll-free number of the organization (G2), all pages."""
        numbers = []
        for page in range(1, MAX_PAGES + 1):
            answer = self._api("GET", NUMBERS, params={"pageSize": PAGE_SIZE, "pageNumber": page})
            entities = answer.get("entities") if isinstance(answer, dict) else None
            if not isinstance(entities, list):
                raise GenesysError("Genesys Cloud: the list of toll-free numbers has no entities list")
            numbers.extend(entities)
            if page >= (answer.get("pageCount") or 0) or not entities:
                return numbers
        raise GenesysError("Genesys Cloud: the list of toll-free numbers has more than %d pages" % MAX_PAGES)

    def available_numbers(self):
        """A few numbers the organization may order now (G3)."""
        answer = self._api("GET", AVAILABLE)
        entities = answer.get("entities") if isinstance(answer, dict) else None
        if not isinstance(entities, list):
            raise GenesysError("Genesys Cloud: the search for toll-free numbers has no entities list")
        return [entity.get("tollfreeNumber") for entity in entities if isinstance(entity, dict)]

    def order_number(self, order):
        """Order a number (G4), which costs money: never sent again after a lost answer (a POST is
        repeated only after 429 or 503, which the service sends before doing anything)."""
        return self._api("POST", NUMBERS, json=order, secrets=(order.get("webhookPassword"),))

    def wait_for_order(self, order_id, timeout, interval, clock=time.monotonic, sleep=time.sleep):
        """Read an asynchronous order (G5) until it ends: ``True`` when it completed, ``False`` when it
        failed or Genesys Cloud does not know it (404), ``None`` when ``timeout`` seconds passed first."""
        deadline = clock() + timeout
        while True:
            try:
                order = self._api("GET", ORDERS + path_segment(order_id))
            except GenesysError as exc:
                if exc.status != 404:
                    raise
                order = None
            state = order.get("state") if isinstance(order, dict) else None
            if order is None or state in ORDER_FAILED:
                return False
            if state in ORDER_COMPLETED:
                return True
            if clock() + interval > deadline:
                return None
            sleep(interval)
