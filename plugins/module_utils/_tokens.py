# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Obtaining the GWS tokens Digital Channels wants (A6), for modules given credentials
instead of a ready ``token``."""

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.module_utils._gws import GwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import require


def tenant_username(ccid, user):
    """The login of a tenant user: ``<ccid>\\<user>`` with one backslash."""
    return "%s\\%s" % (ccid, user)


def password_token(params, username, password, session=None):
    """An access token for ``username`` through the OAuth client of the connection options."""
    require(params, ("auth_url", "oauth_client_id", "oauth_client_secret"), "to obtain a GWS token")
    gws = GwsClient.from_params(params, session=session)
    return gws.password_token(params["oauth_client_id"], params["oauth_client_secret"], username, password)["access_token"]


def tenant_token(params, ccid, user, password, session=None):
    """The given ``token``, or one obtained for the tenant user."""
    if params.get("token"):
        return params["token"]
    return password_token(params, tenant_username(ccid, user), password, session=session)


def admin_token(params, session=None):
    """The given ``token``, or one obtained for the GWS admin (cluster API keys)."""
    if params.get("token"):
        return params["token"]
    require(params, ("gws_admin_username", "gws_admin_password"), "to obtain the GWS admin token")
    return password_token(params, params["gws_admin_username"], params["gws_admin_password"], session=session)
