"""Genesys Auth's state: OAuth clients, users, tokens. Shared by Auth, GWS and Digital Channels."""

import hmac
import time

from .errors import ApiError
from .security import matches, new_id, sha256


def require_admin(runtime, credentials):
    """Basic authentication as the GWS admin (``$gwsAdminName``), else 401."""
    admin = runtime.config.gws_admin
    if credentials is None:
        raise ApiError(401, "Basic authentication as the GWS admin is required")
    user_ok = hmac.compare_digest(credentials.username.encode(), admin.username.encode())
    password_ok = hmac.compare_digest(credentials.password.encode(), admin.password.encode())
    if not (user_ok and password_ok):
        raise ApiError(401, "invalid admin credentials")


def get_client(cur, client_id):
    cur.execute("SELECT client_id, data, secret_sha256 FROM sandbox.clients WHERE client_id = %s", (client_id,))
    return cur.fetchone()


def authenticate_client(cur, client_id, secret):
    """The client row when ``secret`` is its secret, else None."""
    client = get_client(cur, client_id) if client_id else None
    if client is None or not matches(secret, client["secret_sha256"]):
        return None
    return client


def login(runtime, cur, username, password):
    """Resource-owner login: ``<ccid>\\<user>`` for a tenant user, the admin's bare name.

    Returns ``(user, ccid)`` (ccid None for the admin) or None when the credentials are wrong.
    """
    if "\\" in username:
        ccid, _sep, user = username.partition("\\")
        cur.execute(
            "SELECT password_sha256 FROM sandbox.users WHERE ccid = %s AND username = %s",
            (ccid.lower(), user),
        )
        row = cur.fetchone()
        if row is not None and matches(password, row["password_sha256"]):
            return user, ccid.lower()
        return None
    admin = runtime.config.gws_admin
    if hmac.compare_digest(username.encode(), admin.username.encode()) and \
            hmac.compare_digest(password.encode(), admin.password.encode()):
        return admin.username, None
    return None


def user_password_ok(cur, ccid, username, password):
    cur.execute("SELECT password_sha256 FROM sandbox.users WHERE ccid = %s AND username = %s", (ccid, username))
    row = cur.fetchone()
    return row is not None and matches(password, row["password_sha256"])


def issue_token(runtime, cur, client, username=None, ccid=None, refresh=False):
    """Store a new access token (and a refresh token) and return the documented answer."""
    data = client["data"]
    lifetime = min(runtime.token_lifetime, int(data.get("accessTokenExpirationTimeout", runtime.token_lifetime)))
    now = time.time()
    token = new_id()
    rows = [(sha256(token), "access", client["client_id"], username, ccid, now + lifetime)]
    answer = {
        "access_token": token,
        "token_type": "bearer",
        # The documents show 43199 for a 43200 s lifetime: the seconds left, rounded down.
        "expires_in": max(lifetime - 1, 0),
        "scope": " ".join(data.get("scope", [])),
    }
    if refresh:
        refresh_token = new_id()
        refresh_life = int(data.get("refreshTokenExpirationTimeout", 2592000))
        rows.append((sha256(refresh_token), "refresh", client["client_id"], username, ccid, now + refresh_life))
        answer["refresh_token"] = refresh_token
    cur.executemany(
        "INSERT INTO sandbox.tokens (token_sha256, kind, client_id, username, ccid, expires_at) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        rows,
    )
    return answer


def userinfo(cur, token):
    """A7: who an access token belongs to, or None when it is unknown or expired."""
    if not token:
        return None
    cur.execute(
        "SELECT client_id, username, ccid FROM sandbox.tokens "
        "WHERE token_sha256 = %s AND kind = 'access' AND expires_at > %s",
        (sha256(token), time.time()),
    )
    row = cur.fetchone()
    if row is None:
        return None
    info = {"clientId": row["client_id"]}
    if row["username"] is not None:
        info["username"] = row["username"]
    if row["ccid"] is not None:
        info["contactCenterId"] = row["ccid"]
    return info


def contact_center(cur, ccid):
    cur.execute("SELECT id, environment_id, domains FROM sandbox.contact_centers WHERE id = %s", (ccid,))
    return cur.fetchone()
