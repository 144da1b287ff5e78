"""Luware TeamManager API (docs/api.md L1-L7): the sandbox's configuration of keys, teams and users."""

import datetime
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

ROLES = ("TasksReadonly", "TasksManage", "TeamsReadonly", "UsersReadonly", "UsersControl")
TEAM_STATUSES = ("Active", "Inactive")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TmApiKey(_Strict):
    """An authentication token of TM Configurator, limited to its roles (seed 004, "API Roles")."""

    key: str = Field(min_length=1)
    roles: list[Literal[ROLES]] = list(ROLES)
    expires: Optional[datetime.date] = None


class OrganizationUnit(_Strict):
    Id: str = Field(min_length=1)
    Name: str = Field(min_length=1)
    ParentId: Optional[str] = None


class Team(_Strict):
    Id: str = Field(min_length=1)
    Name: str = Field(min_length=1)
    Status: Literal[TEAM_STATUSES] = "Active"
    OrganizationUnitId: Optional[str] = None
    # Identifiers (Id or UserName) of the team's users; not part of the team's answer.
    members: list[str] = []


class TmUser(_Strict):
    Id: str = Field(min_length=1)
    UserName: str = Field(min_length=1)
    Name: str = ""
    Email: str = ""


class LuwareConfig(_Strict):
    api_keys: list[TmApiKey] = []
    organization_units: list[OrganizationUnit] = []
    teams: list[Team] = []
    users: list[TmUser] = []
