"""The I1 body (docs/api.md, I1), strict."""

from typing import Literal, Optional

from pydantic import Field

from .models import HttpUrl, NonEmpty, Strict


class GwsData(Strict):
    authUrl: HttpUrl
    # sic: the API's own spelling.
    authredircetUrl: HttpUrl


class GwsSecret(Strict):
    clientId: NonEmpty
    clientSecret: NonEmpty
    apikey: NonEmpty
    username: NonEmpty
    token: NonEmpty


class Gws(Strict):
    gwsUrl: HttpUrl
    data: GwsData
    secret: GwsSecret


class IwdTenant(Strict):
    id: NonEmpty
    name: NonEmpty
    ccid: NonEmpty
    apiKey: NonEmpty
    gws: Gws


class IwdDb(Strict):
    host: NonEmpty
    port: int = Field(ge=1, le=65535)
    database: NonEmpty
    user: NonEmpty
    password: NonEmpty
    ssl: bool


class IwdApiKeys(Strict):
    IWD_APIKEY_TENANT: NonEmpty
    IWD_APIKEY_IWDDM: Optional[NonEmpty] = None


class Iwd(Strict):
    url: HttpUrl
    db: IwdDb
    apiKeys: IwdApiKeys


class IwdEmail(Strict):
    url: Literal["N/A"]


class Provisioning(Strict):
    tenant: IwdTenant
    iwd: Iwd
    iwdEmail: IwdEmail
