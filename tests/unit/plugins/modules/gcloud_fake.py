# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Genesys Cloud organization (docs/api.md, G1-G4) behind a scripted session."""

from __future__ import annotations

import math

import requests

from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import AVAILABLE, NUMBERS, TOKEN

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
NEXUS = "https://nexus.example.com"
LOGIN_URL = "https://login.gc.example.com"
API_URL = "https://api.gc.example.com"
CLIENT_ID = "4da40a9d-b113-4024-8ba9-c9dd89c91f67"
CLIENT_SECRET = "Gc-Client-S3cret"
GMA_KEY = "9b7682b7-cbce-422f-9b0b-ecda85e61695"


def gc_error(status, message, code):
    return status, {"message": message, "code": code, "status": status, "contextId": "c", "details": [], "errors": []}


def entry(number, ccid=CCID, nexus=NEXUS, index=0):
    """A number as G2 lists it."""
    return {"id": "id-%s" % number, "tollfreeNumber": number, "comment": "Nexus ACME",
            "moUrl": nexus + "/nexus/v3/sms/message", "drUrl": nexus + "/nexus/v3/sms/receipt",
            "webhookUsername": ccid, "emailAddress": "sms@example.com", "dateCreated": "2026-12-01T04:28:%02d.000Z" % index}


class Organization:
    """The organization's numbers and pool, as G1-G4 serve them on ``session``.

    ``tokens_expire`` = how many API requests still answer 401 (an expired token) before a new token works.
    ``lose_orders`` = how many orders are applied but answered by a dropped connection.
    """

    def __init__(self, session, owned=(), pool=("+18885550101", "+18885550102", "+18885550103")):
        self.owned = list(owned)
        self.pool = list(pool)
        self.tokens = 0
        self.tokens_expire = 0
        self.lose_orders = 0
        self.orders = []
        session.route("POST", TOKEN, handler=self.token)
        session.route("GET", NUMBERS, handler=self.authenticated(self.list))
        session.route("GET", AVAILABLE, handler=self.authenticated(self.available))
        session.route("POST", NUMBERS, handler=self.authenticated(self.order))

    def token(self, call):
        assert call["auth"] == (CLIENT_ID, CLIENT_SECRET)
        assert call["data"] == {"grant_type": "client_credentials"}
        self.tokens += 1
        return 200, {"access_token": "token-%d" % self.tokens, "token_type": "bearer", "expires_in": 86399}

    def authenticated(self, handler):
        def answer(call):
            if call["headers"]["Authorization"] != "Bearer token-%d" % self.tokens or self.tokens_expire:
                self.tokens_expire = max(0, self.tokens_expire - 1)
                return gc_error(401, "Invalid login credentials.", "bad.credentials")
            return handler(call)
        return answer

    def list(self, call):
        size, page = call["params"]["pageSize"], call["params"]["pageNumber"]
        return 200, {"entities": self.owned[(page - 1) * size:page * size], "pageSize": size, "pageNumber": page,
                     "total": len(self.owned), "pageCount": math.ceil(len(self.owned) / size)}

    def available(self, call):
        return 200, {"entities": [{"tollfreeNumber": number} for number in self.pool[:5]]}

    def order(self, call):
        self.orders.append(call["json"])
        body = dict(call["json"])
        if body["tollfreeNumber"] not in self.pool:
            return gc_error(400, "toll-free number %s is not available" % body["tollfreeNumber"], "bad.request")
        self.pool.remove(body["tollfreeNumber"])
        del body["webhookPassword"]
        number = dict(body, id="id-%s" % body["tollfreeNumber"], dateCreated="2026-12-01T05:00:00.000Z")
        self.owned.append(number)
        if self.lose_orders:
            self.lose_orders -= 1
            raise requests.exceptions.ConnectionError("connection reset by peer")
        return 200, number
