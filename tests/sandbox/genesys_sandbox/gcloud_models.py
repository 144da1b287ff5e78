"""Genesys Cloud (docs/api.md section 5, G1-G4): the sandbox's configuration, its tables and the
order body. The rows' answers, errors and limits are the [assumed] ones of that section."""

import re
import uuid
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

# A number as Genesys Cloud writes numbers: E.164, a plus and up to 15 digits.
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS sandbox;
CREATE TABLE IF NOT EXISTS sandbox.gc_tokens (
    token_sha256 text PRIMARY KEY,
    client_id text NOT NULL,
    organization text NOT NULL,
    expires_at double precision NOT NULL
);
CREATE TABLE IF NOT EXISTS sandbox.gc_numbers (
    number text PRIMARY KEY,
    id text NOT NULL UNIQUE,
    organization text NOT NULL,
    comment text NOT NULL,
    mo_url text NOT NULL,
    dr_url text NOT NULL,
    webhook_username text NOT NULL,
    webhook_password_sha256 text NOT NULL,
    email_address text NOT NULL,
    created timestamptz NOT NULL DEFAULT now()
);
-- An asynchronous order (G5): the number is the organization's, not yet listed, until its order has been
-- read polls_left more times.
ALTER TABLE sandbox.gc_numbers ADD COLUMN IF NOT EXISTS order_id text UNIQUE;
ALTER TABLE sandbox.gc_numbers ADD COLUMN IF NOT EXISTS polls_left integer NOT NULL DEFAULT 0;
"""
TABLES = ("sandbox.gc_tokens", "sandbox.gc_numbers")


def e164(value):
    if not E164.match(value):
        raise ValueError("not an E.164 number (+ and 7 to 15 digits): %r" % value)
    return value


def _http_url(value):
    if not value.startswith(("http://", "https://")) or len(value) < 10:
        raise ValueError("not an http(s) URL: %r" % value)
    return value


def _email(value):
    if not EMAIL.match(value):
        raise ValueError("not an email address: %r" % value)
    return value


Number = Annotated[str, AfterValidator(e164)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GcloudClient(_Config):
    """An OAuth client (client credentials grant) of a Genesys Cloud organization."""

    client_id: NonEmpty
    client_secret: NonEmpty
    organization: str

    @field_validator("organization")
    @classmethod
    def _uuid(cls, value):
        return str(uuid.UUID(value))


class RateLimit(_Config):
    """At most ``requests`` API requests (G2-G4) per OAuth client in any ``seconds`` window."""

    requests: int = Field(default=300, ge=1)
    seconds: int = Field(default=60, ge=1)


class GcloudConfig(_Config):
    clients: list[GcloudClient] = []
    # Seconds a G1 token lives; expires_in is one less, as Genesys Cloud answers 86399.
    token_lifetime: int = Field(default=86400, ge=1)
    rate_limit: RateLimit = RateLimit()
    # The pool G3 searches and G4 orders from; an ordered number leaves it.
    available_numbers: list[Number] = []
    # How many numbers one G3 answer holds ("a few currently available numbers").
    search_size: int = Field(default=5, ge=1)
    # G4 answers the number (immediate, the guide's reading) or an order to poll (asynchronous, G5); an
    # asynchronous order completes once it has been read order_polls times.
    order_mode: Literal["immediate", "asynchronous"] = "immediate"
    order_polls: int = Field(default=2, ge=1)


class RuntimeSettings(_Config):
    """Body of ``POST /sandbox/gcloud/config``: changes that last until the next state reset."""

    token_lifetime: Optional[int] = Field(default=None, ge=1)
    rate_limit: Optional[RateLimit] = None
    order_mode: Optional[Literal["immediate", "asynchronous"]] = None
    order_polls: Optional[int] = Field(default=None, ge=1)


class OrderBody(BaseModel):
    """G4: exactly the seven fields of the guide's request, all strings."""

    model_config = ConfigDict(extra="forbid", strict=True)

    tollfreeNumber: Number
    comment: str
    moUrl: Annotated[str, AfterValidator(_http_url)]
    drUrl: Annotated[str, AfterValidator(_http_url)]
    webhookUsername: NonEmpty
    webhookPassword: NonEmpty
    emailAddress: Annotated[str, AfterValidator(_email)]
