"""Secrets: hashing, comparison, new identifiers and reading the Authorization header."""

import base64
import binascii
import hashlib
import hmac
import uuid

from fastapi.security.utils import get_authorization_scheme_param


def sha256(value):
    """Hex SHA-256 of a string: how secrets, passwords and tokens are kept in the database."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def matches(value, digest):
    """Constant-time check of a secret against its stored digest."""
    return value is not None and digest is not None and hmac.compare_digest(sha256(value), digest)


def new_id():
    """Tokens, API keys and operation ids look like the documents' examples: UUIDs."""
    return str(uuid.uuid4())


def basic_user(authorization):
    """The user name of a Basic Authorization header, or None (used only to label the request log)."""
    scheme, param = get_authorization_scheme_param(authorization)
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(param, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.partition(":")[0]


def token_from_authorization(authorization, bare_ok):
    """The token of ``Bearer <token>``, or of a bare ``<token>`` where the API accepts that."""
    if not authorization:
        return None
    scheme, param = get_authorization_scheme_param(authorization)
    if scheme.lower() == "bearer" and param:
        return param
    if bare_ok and scheme and not param:
        return scheme
    return None
