"""Digital Channels trusts a GWS token only through a GWS registered in ``nex_gapis``.

The table is read on every validation, so rows written behind the sandbox's back (the
collection's ``nex_gapis`` module, a test's INSERT) take effect at once. A token is validated
with A7 at the row's ``authinturl``, or at its ``url`` on the older layout that has no such
column (or when it is NULL): by an internal lookup when that URL is this sandbox's own Auth or
GWS, else by a real HTTP call.
"""

import logging

import requests

from . import identity
from .errors import ApiError
from .security import matches

LOG = logging.getLogger(__name__)


def rows(cur):
    cur.execute("SELECT * FROM public.nex_gapis")
    return sorted(cur.fetchall(), key=lambda row: row.get("id") or 0)


def same_url(left, right):
    return (left or "").rstrip("/") == (right or "").rstrip("/")


def _remote_userinfo(runtime, endpoint, token):
    try:
        answer = requests.get(
            endpoint.rstrip("/") + "/auth/v3/userinfo",
            headers={"Authorization": "Bearer " + token},
            timeout=5,
            verify=runtime.ca_path or True,
        )
    except requests.RequestException as exc:
        LOG.info("token validation at %s failed: %s", endpoint, exc)
        return None
    if answer.status_code != 200:
        return None
    try:
        return answer.json()
    except ValueError:
        return None


def _validate_at(runtime, cur, row, token):
    endpoint = row.get("authinturl") or row.get("url")
    if runtime.is_own_gws(endpoint):
        if runtime.config.check_gapis_client_secret:
            client = identity.get_client(cur, row.get("clientid"))
            if client is None or not matches(row.get("clientsecret"), client["secret_sha256"]):
                LOG.info("nex_gapis row %s: clientid/clientsecret rejected by Auth", row.get("id"))
                return None
        return identity.userinfo(cur, token)
    return _remote_userinfo(runtime, endpoint, token)


def validate_token(runtime, cur, token, backendurl=None):
    """The A7 identity of ``token`` as a registered GWS vouches for it, else 401.

    With ``backendurl`` (N2, N4 PUT) only the rows registered for that URL count.
    """
    candidates = rows(cur)
    if backendurl is not None:
        candidates = [row for row in candidates if same_url(row.get("url"), backendurl)]
        if not candidates:
            raise ApiError(401, "GWS %s is not registered in nex_gapis: Digital Channels cannot validate the token" % backendurl)
    elif not candidates:
        raise ApiError(401, "no GWS is registered in nex_gapis: Digital Channels cannot validate the token")
    for row in candidates:
        info = _validate_at(runtime, cur, row, token)
        if info is not None:
            return info
    raise ApiError(401, "the token was not accepted by the registered GWS (invalid or expired)")
