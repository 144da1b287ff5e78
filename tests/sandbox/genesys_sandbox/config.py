"""The sandbox configuration file (YAML) and its model."""

import uuid
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .icws_models import IcwsConfig
from .luware_models import LuwareConfig
from .gcloud_models import GcloudConfig

# The provisioning services the documents name (seed 003) plus those IWD creates (seed 000).
DOCUMENTED_SERVICES = (
    "PlatformUCS", "PurecloudIDP", "SMS", "PorticoSMS", "PorticoEmail", "Async", "Email",
    "GAPI", "iWD", "iWDEmail",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ports(_Strict):
    """TCP ports, 0 = a free port picked at start."""

    auth: int = 0
    gws: int = 0
    nexus: int = 0
    iwd: int = 0
    admin: int = 0
    # PureConnect ICWS (the host and its alternate hosts share it) and Luware TeamManager.
    icws: int = 0
    tm: int = 0
    # Genesys Cloud: $gcLoginURL and $gcAPIURL are two hosts.
    gcloud_login: int = 0
    gcloud_api: int = 0


class User(_Strict):
    username: str = Field(min_length=1)
    password: str = Field(min_length=1)


class ContactCenter(_Strict):
    id: str
    environmentId: str
    domains: list[str] = Field(min_length=1)
    users: list[User] = []

    @field_validator("id", "environmentId")
    @classmethod
    def _uuid(cls, value):
        # GWS contact center ids are UUIDs; normalise to the lower-case canonical form.
        return str(uuid.UUID(value))


class GwsAdmin(_Strict):
    username: str = Field(min_length=1)
    password: str = Field(min_length=1)


class Config(_Strict):
    """The whole configuration; every field has a default except the admin and the contact centers."""

    host: str = "127.0.0.1"
    ports: Ports = Ports()
    tls: bool = False
    # Upper bound of an access token's life in seconds; a client's accessTokenExpirationTimeout
    # can only shorten it.
    token_lifetime: int = Field(default=43200, ge=1)
    nex_gapis_layout: Literal["current", "legacy"] = "current"
    # Digital Channels authenticates to a registered GWS with the row's clientid/clientsecret:
    # a row whose secret does not match the Auth client cannot validate tokens.
    check_gapis_client_secret: bool = True
    # K2 as a deployment may have it: listed (the collection's reading), missing (404, as an unknown path)
    # or refused (403 for every token); the keys stay readable in the nex_apikeys table (docs/api.md, K2, DB2).
    apikeys_listing: Literal["listed", "missing", "refused"] = "listed"
    # The other reading of the [assumed] uniqueness rules: duplicates accepted, a create of
    # something that exists replaces it (duplicates.py). Switchable at run time (/sandbox/config).
    accept_duplicates: bool = False
    services: list[str] = list(DOCUMENTED_SERVICES)
    gws_admin: GwsAdmin
    contact_centers: list[ContactCenter] = []
    # PureConnect ICWS and Luware TeamManager, each on listeners of their own.
    icws: IcwsConfig = IcwsConfig()
    luware_tm: LuwareConfig = LuwareConfig()
    # Genesys Cloud (SMS toll-free numbers through Genesys Messaging Aggregation).
    gcloud: GcloudConfig = GcloudConfig()
    # Size of the in-memory request log (the JSONL file keeps everything).
    request_log_size: int = Field(default=100000, ge=100)


def load_config(path):
    """Read and validate a YAML configuration file."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    return Config.model_validate(raw)
