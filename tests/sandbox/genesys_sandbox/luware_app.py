"""Luware TeamManager API (docs/api.md L1-L7): the Team and User areas, read-only, behind the
``api_key`` header and the key's roles (seed 004).

Errors leave as the document's error body ``{"Error": {"Code", "Message"}}``; a missing header,
an unknown or expired key, and a key whose roles lack the area are all 401, with messages that
tell them apart.
"""

import datetime
import secrets
from typing import Optional

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from .luware_models import TEAM_STATUSES

# Which roles open an area (seed 004, "API Methods").
AREA_ROLES = {"Teams": ("TeamsReadonly",), "Users": ("UsersReadonly", "UsersControl")}
CODES = {400: "BadRequest", 401: "Unauthorized", 404: "NotFound", 500: "InternalServerError"}


class TmError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status, message):
    return JSONResponse({"Error": {"Code": CODES.get(status, str(status)), "Message": message}}, status_code=status)


def new_app():
    """A FastAPI application whose every error is the document's error body."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.router.redirect_slashes = False

    async def tm_error(_request, exc):
        return error_response(exc.status, exc.message)

    async def invalid(_request, exc):
        return error_response(400, "; ".join(str(error.get("msg")) for error in exc.errors()) or "Bad request.")

    async def http_error(_request, exc):
        if exc.status_code in (404, 405):
            return error_response(404, "No HTTP resource was found that matches the request URI.")
        return error_response(exc.status_code, str(exc.detail))

    async def unexpected(_request, _exc):
        return error_response(500, "An error has occurred.")

    app.add_exception_handler(TmError, tm_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
    return app


def key_guard(config, area):
    """A dependency: the request's ``api_key`` must be a live key with a role of ``area``."""
    keys = config.api_keys

    def check(request: Request, api_key: Optional[str] = Header(None, alias="api_key", convert_underscores=False)):
        request.scope.setdefault("state", {})["credential"] = "api-key" if api_key else "none"
        if api_key is None:
            raise TmError(401, "Header 'api_key' not found.")
        key = next((known for known in keys if secrets.compare_digest(known.key, api_key)), None)
        if key is None:
            raise TmError(401, "The API key is not valid.")
        if key.expires is not None and key.expires < datetime.datetime.now(datetime.timezone.utc).date():
            raise TmError(401, "The API key has expired.")
        if not set(key.roles) & set(AREA_ROLES[area]):
            raise TmError(401, "The API key has no role for the %s area." % area)

    return Depends(check)


def matching(items, identifier, *fields):
    """The item whose ``fields`` hold ``identifier``, compared without case."""
    wanted = identifier.lower()
    return next((item for item in items if any(getattr(item, name).lower() == wanted for name in fields)), None)


def team_answer(team):
    return team.model_dump(exclude={"members"})


def user_answer(user):
    return user.model_dump()


class Directory:
    """Teams, users and organization units as the configuration gives them."""

    def __init__(self, config):
        self.config = config

    def team(self, identifier):
        team = matching(self.config.teams, identifier, "Id", "Name")
        if team is None:
            raise TmError(404, "Team '%s' not found." % identifier)
        return team

    def user(self, identifier):
        user = matching(self.config.users, identifier, "Id", "UserName")
        if user is None:
            raise TmError(404, "User '%s' not found." % identifier)
        return user

    def unit_and_children(self, identifier):
        unit = matching(self.config.organization_units, identifier, "Id", "Name")
        if unit is None:
            raise TmError(404, "Organization unit '%s' not found." % identifier)
        found, grown = {unit.Id}, True
        while grown:
            children = {child.Id for child in self.config.organization_units if child.ParentId in found}
            grown = not children <= found
            found |= children
        return found


def teams_router(directory):
    """The Teams area: L1-L4."""
    router = APIRouter(dependencies=[key_guard(directory.config, "Teams")])

    @router.get("/v1.0/teams")
    def teams(status: Optional[str] = None):
        if status is not None and status not in TEAM_STATUSES:
            raise TmError(400, "The status '%s' is not valid: one of %s." % (status, ", ".join(TEAM_STATUSES)))
        return [team_answer(team) for team in directory.config.teams if status is None or team.Status == status]

    @router.get("/v1.0/teams/bymember/{userIdentifier}")
    def teams_of_member(userIdentifier: str):  # pylint: disable=invalid-name
        user = directory.user(userIdentifier)
        names = {user.Id.lower(), user.UserName.lower()}
        return [team_answer(team) for team in directory.config.teams if names & {member.lower() for member in team.members}]

    @router.get("/v1.0/teams/{teamIdentifier}")
    def team(teamIdentifier: str):  # pylint: disable=invalid-name
        return team_answer(directory.team(teamIdentifier))

    @router.get("/v1.0/organizationunits/{ouIdentifier}/teams")
    def unit_teams(ouIdentifier: str):  # pylint: disable=invalid-name
        units = directory.unit_and_children(ouIdentifier)
        return [team_answer(team) for team in directory.config.teams if team.OrganizationUnitId in units]

    return router


def users_router(directory):
    """The Users area: L5-L7."""
    router = APIRouter(dependencies=[key_guard(directory.config, "Users")])

    @router.get("/v1.0/users")
    def users():
        return [user_answer(user) for user in directory.config.users]

    @router.get("/v1.0/users/{userIdentifier}")
    def user(userIdentifier: str):  # pylint: disable=invalid-name
        return user_answer(directory.user(userIdentifier))

    @router.get("/v1.0/teams/{teamIdentifier}/users")
    def team_members(teamIdentifier: str):  # pylint: disable=invalid-name
        team = directory.team(teamIdentifier)
        return [user_answer(directory.user(member)) for member in team.members]

    return router


def create_app(runtime):
    directory = Directory(runtime.config.luware_tm)
    app = new_app()
    app.include_router(users_router(directory))
    app.include_router(teams_router(directory))
    return app
