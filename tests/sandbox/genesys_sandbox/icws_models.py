"""PureConnect ICWS (docs/api.md C1-C5): the sandbox's configuration and the connection request body."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The only connection request type the sandbox emulates: a CIC user with a password (seed 002).
AUTH_CONNECTION_TYPE = "urn:inin.com:connection:icAuthConnectionRequestSettings"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IcwsUser(_Strict):
    """A CIC user: who may open a session, and the status C4 answers for it."""

    userID: str = Field(min_length=1)
    password: str = Field(min_length=1)
    userDisplayName: str = ""
    statusId: str = "Available"
    statusChanged: str = "20260101T080000Z"
    loggedIn: bool = True
    onPhone: bool = False
    onPhoneChanged: str = "20260101T080000Z"
    # Without this right the user may read only its own status (403 for any other user).
    can_view_statuses: bool = True


class Feature(_Strict):
    featureId: str = Field(min_length=1)
    version: int = Field(ge=1)


class IcwsConfig(_Strict):
    """The emulated CIC server and its switchover partners.

    The server at the sandbox's ``host`` and every entry of ``alternate_hosts`` but the last
    answer 503 with ``alternate_hosts`` as the alternate host list; the last one is the server
    in service, which answers 201. All listen on the same port (``ports.icws``), as the servers of
    one CIC installation do. Loopback addresses serve as the host names.
    """

    alternate_hosts: list[str] = ["127.0.0.2", "127.0.0.3"]
    users: list[IcwsUser] = []
    features: list[Feature] = []
    version: dict = {}


class ConnectionRequest(_Strict):
    """C1's body as the document's example gives it."""

    type_: Literal[AUTH_CONNECTION_TYPE] = Field(alias="__type")
    applicationName: str = Field(min_length=1)
    userID: str = Field(min_length=1)
    password: str = Field(min_length=1)
