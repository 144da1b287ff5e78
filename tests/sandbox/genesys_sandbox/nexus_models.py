"""Request models of Digital Channels (docs/api.md, N1-N4, K1-K4 and S1-S4), strict like those of Auth."""

from typing import Annotated, Any, Literal, Optional

from pydantic import Field, model_validator

from .models import HttpUrl, NonEmpty, Strict

# nexus:<area>:<right>, e.g. nexus:consumer:chat, nexus:designer:chat, nexus:cluster:*.
Permission = Annotated[str, Field(pattern=r"^nexus:[a-z]+:(\*|[a-z]+)$")]
CLUSTER_PERMISSION = "nexus:cluster:*"


class TenantBody(Strict):
    """N2 / N4 PUT: exactly the documents' body."""

    id: NonEmpty
    name: NonEmpty
    type: Literal["PureEngage"]
    backendurl: HttpUrl
    username: NonEmpty
    token: NonEmpty
    genesystemenantid: int = Field(ge=1)


class ApiKeyFields(Strict):
    """K1: the documents' body."""

    enabled: bool
    tenant: NonEmpty
    name: NonEmpty
    permissions: list[Permission] = Field(min_length=1)

    @model_validator(mode="after")
    def _cluster_is_multi_tenant(self):
        # A cluster key serves every tenant; a tenant key cannot hold cluster rights.
        if (self.tenant == "*") != (CLUSTER_PERMISSION in self.permissions):
            raise ValueError('"tenant": "*" goes with the permission %s, and only it' % CLUSTER_PERMISSION)
        if self.tenant == "*" and self.permissions != [CLUSTER_PERMISSION]:
            raise ValueError("a cluster key has exactly the permission %s" % CLUSTER_PERMISSION)
        return self


class ApiKeyUpdate(Strict):
    """K3: what can change."""

    name: Optional[NonEmpty] = None
    permissions: Optional[list[Permission]] = Field(default=None, min_length=1)
    enabled: Optional[bool] = None

    @model_validator(mode="after")
    def _something(self):
        if self.name is None and self.permissions is None and self.enabled is None:
            raise ValueError("nothing to change: give name, permissions or enabled")
        return self


def unwrap(body, model):
    """K1/K3 take the body as the documents give it or wrapped as ``{"data": {...}}``."""
    if isinstance(body, dict) and set(body) == {"data"}:
        body = body["data"]
    return model.model_validate(body)


class ServiceBody(Strict):
    """S1 / S4 PUT: the common shape; ``url`` is absent from the Async example."""

    url: Optional[NonEmpty] = None
    secret: dict[str, Any]
    data: dict[str, Any]


# ---- per-service shapes of seed 003 -------------------------------------------------------

class _Nothing(Strict):
    pass


class _IdpSecret(Strict):
    clientId: NonEmpty
    clientSecret: NonEmpty


class _SmsData(Strict):
    tokenProvider: Optional[Literal["Purecloud"]] = None
    provider: Optional[Literal["Async"]] = None

    @model_validator(mode="after")
    def _one(self):
        if (self.tokenProvider is None) == (self.provider is None):
            raise ValueError('give either "tokenProvider": "Purecloud" or "provider": "Async"')
        return self


class _AsyncProvider(Strict):
    provider: Literal["Async"]


class _Webhook(Strict):
    url: HttpUrl


class _DataChannel(Strict):
    channelId: NonEmpty
    webhook: _Webhook


class _AsyncData(Strict):
    channels: list[_DataChannel] = Field(min_length=1)


class _SecretValue(Strict):
    secret: NonEmpty


class _SecretChannel(Strict):
    channelId: NonEmpty
    webhook: _SecretValue
    api: _SecretValue


class _AsyncSecret(Strict):
    channels: list[_SecretChannel] = Field(min_length=1)


class _UrlOnly(Strict):
    url: HttpUrl
    secret: _Nothing
    data: _Nothing


class _PlatformUcs(_UrlOnly):
    pass


class _PurecloudIdp(Strict):
    url: HttpUrl
    secret: _IdpSecret
    data: _Nothing


class _Sms(Strict):
    url: Literal["N/A"]
    secret: _Nothing
    data: _SmsData


class _Email(Strict):
    url: Literal["N/A"]
    secret: _Nothing
    data: _AsyncProvider


class _Async(Strict):
    url: None = None
    secret: _AsyncSecret
    data: _AsyncData

    @model_validator(mode="after")
    def _every_channel_has_secrets(self):
        missing = {c.channelId for c in self.data.channels} - {c.channelId for c in self.secret.channels}
        if missing:
            raise ValueError("secret.channels lacks channel(s) %s" % ", ".join(sorted(missing)))
        return self


# The documented services whose bodies the documents show; others take any ServiceBody.
SERVICE_SHAPES = {
    "PlatformUCS": _PlatformUcs,
    "PurecloudIDP": _PurecloudIdp,
    "SMS": _Sms,
    "PorticoSMS": _UrlOnly,
    "PorticoEmail": _UrlOnly,
    "Async": _Async,
    "Email": _Email,
}


def check_service_body(name, body):
    """Validate ``body`` (a ServiceBody) against the shape the documents give for ``name``."""
    shape = SERVICE_SHAPES.get(name)
    if shape is not None:
        shape.model_validate(body.model_dump(exclude_none=True))
