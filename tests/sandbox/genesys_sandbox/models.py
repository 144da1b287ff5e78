"""Request models of Genesys Auth and the GWS environment API (docs/api.md, A1-A7 and E1-E4).

Models are strict: unknown fields are refused (the collection must send exactly what the
documents send) and types are not coerced (``"true"`` is not a boolean, ``"1"`` not a number).
"""

from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _http_url(value):
    if not value.startswith(("http://", "https://")) or len(value) < 10:
        raise ValueError("not an http(s) URL: %r" % value)
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
NonEmpty = Annotated[str, Field(min_length=1)]
# The five grant types of the sample request of A1 (the property table lists four of them), and the two
# token-exchange grants the vendor's own client script asks for (docs/api.md, A1 [vendor scripts]).
GrantType = Literal["client_credentials", "authorization_code", "refresh_token", "implicit", "password",
                    "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:jwt-bearer"]
# The documents' authority, and the one the vendor's client script adds (docs/api.md, A1 [vendor scripts]).
Authority = Literal["ROLE_INTERNAL_CLIENT", "ROLE_MANAGEMENT_APPLICATION"]


def _shared_flag(value):
    # The documents send a boolean; the vendor's cors-origins script sends the string "true" and
    # requires the request to succeed (docs/api.md, E2 [vendor scripts]). Stored as a boolean.
    return value if isinstance(value, bool) else value == "true"


SharedFlag = Annotated[Union[bool, Literal["true", "false"]], AfterValidator(_shared_flag)]


class ClientFields(Strict):
    """A1 ``data``: every property of the documents' sample request; ``description`` optional."""

    internalClient: bool
    name: NonEmpty
    clientType: Literal["CONFIDENTIAL"]
    client_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]+$")]
    client_secret: NonEmpty
    authorities: list[Authority] = Field(min_length=1)
    scope: list[NonEmpty] = Field(min_length=1)
    authorizedGrantTypes: list[GrantType] = Field(min_length=1)
    redirectURIs: list[HttpUrl] = Field(min_length=1)
    accessTokenExpirationTimeout: int = Field(ge=1)
    refreshTokenExpirationTimeout: int = Field(ge=1)
    description: Optional[str] = None


class ClientUpdate(Strict):
    """A3 ``data``: any subset of the A1 properties."""

    internalClient: Optional[bool] = None
    name: Optional[NonEmpty] = None
    clientType: Optional[Literal["CONFIDENTIAL"]] = None
    client_id: Optional[str] = None
    client_secret: Optional[NonEmpty] = None
    authorities: Optional[list[Authority]] = Field(default=None, min_length=1)
    scope: Optional[list[NonEmpty]] = Field(default=None, min_length=1)
    authorizedGrantTypes: Optional[list[GrantType]] = Field(default=None, min_length=1)
    redirectURIs: Optional[list[HttpUrl]] = Field(default=None, min_length=1)
    accessTokenExpirationTimeout: Optional[int] = Field(default=None, ge=1)
    refreshTokenExpirationTimeout: Optional[int] = Field(default=None, ge=1)
    description: Optional[str] = None


class ClientCreateBody(Strict):
    data: ClientFields


class ClientUpdateBody(Strict):
    data: ClientUpdate


class TokenRequest(Strict):
    """A5/A6 parameters, from the query string and the form body together."""

    grant_type: NonEmpty
    scope: Optional[str] = None
    client_id: Optional[str] = None
    client_secret: Optional[str] = None
    username: Optional[str] = None
    password: Optional[str] = None


class Setting(Strict):
    """E2 ``data``: the four properties of the documents."""

    name: NonEmpty
    location: NonEmpty
    value: str
    shared: SharedFlag


class SettingUpdate(Strict):
    name: Optional[NonEmpty] = None
    location: Optional[NonEmpty] = None
    value: Optional[str] = None
    shared: Optional[SharedFlag] = None


class SettingBody(Strict):
    data: Setting


class SettingUpdateBody(Strict):
    data: SettingUpdate
