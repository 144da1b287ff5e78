#!/usr/bin/python
# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: icws_server_info
short_description: Read a PureConnect CIC server through ICWS, following a switchover
version_added: 0.1.0
description:
  - Opens an Interaction Center Web Services (ICWS) session on a PureConnect (CIC) server
    (C(POST /icws/connection)), reads the server's feature versions and installed version and,
    when asked, the statuses of some users, then closes the session.
  - When the server answers HTTP 503 with an alternate host list (a switchover pair, or off-server
    session managers), the listed servers are tried in order while they answer 503; the first that
    opens the session answers every later request, and the module returns it as RV(server).
  - The session is closed (C(DELETE /icws/{sessionId}/connection)) whatever happens once it is open,
    failures included.
  - Needs CIC 4.0 SU6 or later with the C(I3_FEATURE_ICWS_SDK) license on the server.
extends_documentation_fragment:
  - genesys.multicloud.connection
  - genesys.multicloud.connection.info_attributes
options:
  icws_url:
    description:
      - The CIC server, as V(https://<server>) or V(http://<server>), with a port when it is not the
        documented one (8019 for HTTPS, 8018 for HTTP). A trailing C(/icws) is accepted.
      - If not set, the environment variable E(GENESYS_ICWS_URL) is used.
    type: str
    required: true
  icws_username:
    description:
      - The CIC user the session is opened for (C(userID)).
      - If not set, the environment variable E(GENESYS_ICWS_USERNAME) is used.
    type: str
    required: true
  icws_password:
    description:
      - Password of O(icws_username).
      - If not set, the environment variable E(GENESYS_ICWS_PASSWORD) is used.
    type: str
    required: true
  application_name:
    description:
      - The application name the session is opened with (C(applicationName)); CIC shows it beside the session.
    type: str
    default: genesys.multicloud
  accept_language:
    description:
      - The C(Accept-Language) of the connection request, the language of the server's messages.
    type: str
    default: en-us
  required_features:
    description:
      - "Feature ids mapped to the lowest version each must have, for example V({status: 2, configuration: 1})."
      - Each is read by its id (C(GET /icws/connection/features/{featureId})); the module fails, naming every
        feature that is missing or older, unless all are at least at the given version.
    type: dict
    default: {}
  user_statuses:
    description:
      - Ids of users whose status to read (C(GET /icws/{sessionId}/status/user-statuses/{userId})).
      - The module fails when one of them does not exist, or when O(icws_username) may not see their status.
    type: list
    elements: str
    default: []
notes:
  - Of the connection options only O(validate_certs), O(ca_path), O(timeout) and O(retries) are used.
  - A 503 answer to the connection request is followed, never repeated.
  - In check mode too the module opens and closes its session, which reading needs; it changes nothing on the server.
  - CIC ends a user's session when the same user starts another one, so tasks that run at the same time against
    one server should use different users.
seealso:
  - module: genesys.multicloud.luware_tm_info
author:
  - genesys.multicloud maintainers (@genesys-multicloud)
"""

EXAMPLES = r"""
- name: Check a CIC server before changing anything
  genesys.multicloud.icws_server_info:
    icws_url: https://cic1.example.com
    icws_username: ansible
    icws_password: "{{ vault_icws_password }}"
    required_features:
      status: 1
      configuration: 1
    user_statuses: [kevin.glinski]
  register: cic

- name: Show which server of the switchover pair answered
  ansible.builtin.debug:
    msg: "{{ cic.server }} runs {{ cic.version.productReleaseDisplayString | default('an unknown release') }}"
"""

RETURN = r"""
server:
  description: The server that opened the session and answered every later request.
  returned: success
  type: str
  sample: https://cic2.example.com:8019
connection_attempts:
  description: Every server the connection request went to, in order, with the HTTP status it answered.
  returned: success
  type: list
  elements: dict
  sample:
    - {server: "https://cic1.example.com:8019", status: 503}
    - {server: "https://cic2.example.com:8019", status: 201}
session:
  description: The connection answer, without its CSRF token.
  returned: success
  type: dict
  sample:
    sessionId: "857584001"
    userID: kevin.glinski
    userDisplayName: Kevin Glinski
    alternateHostList: [cic1.example.com]
version:
  description: The server's installed version, as the server gives it (informational).
  returned: success
  type: dict
  sample:
    majorVersion: 4
    minorVersion: 0
    su: 6
    productReleaseDisplayString: CIC 4.0 SU6
features:
  description: Every feature the server supports, mapped to its highest version. A feature not listed is not supported.
  returned: success
  type: dict
  sample: {status: 2, configuration: 1, messaging: 1}
user_statuses:
  description: The status of each user of O(user_statuses), by user id, as the server gives it.
  returned: success
  type: dict
  sample:
    kevin.glinski:
      userId: kevin.glinski
      statusId: Available
      statusChanged: "20140505T153146Z"
      loggedIn: false
      onPhone: false
      onPhoneChanged: "20140503T014837Z"
"""

import re
import sys

from ansible.module_utils.basic import env_fallback

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._icws import IcwsClient
from ansible_collections.genesys.multicloud.plugins.module_utils._module import run_module
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import warn

ARGUMENT_SPEC = dict(
    icws_url=dict(type="str", required=True, fallback=(env_fallback, ["GENESYS_ICWS_URL"])),
    icws_username=dict(type="str", required=True, fallback=(env_fallback, ["GENESYS_ICWS_USERNAME"])),
    icws_password=dict(type="str", required=True, no_log=True, fallback=(env_fallback, ["GENESYS_ICWS_PASSWORD"])),
    application_name=dict(type="str", default="genesys.multicloud"),
    accept_language=dict(type="str", default="en-us"),
    required_features=dict(type="dict", default={}),
    user_statuses=dict(type="list", elements="str", default=[]),
)


def minimum_versions(required):
    """``required_features`` as feature id -> int, or a failure naming the bad entry."""
    for feature_id, version in (required or {}).items():
        if isinstance(version, bool) or not re.fullmatch(r"[1-9][0-9]*", str(version).strip()):
            raise GenesysError("required_features: the version of %s must be a whole number of 1 or more, got %r" % (
                feature_id, version))
    return dict((feature_id, int(str(version).strip())) for feature_id, version in (required or {}).items())


def highest_versions(feature_list):
    """Feature id -> highest version; the server may list a feature once per version."""
    features = {}
    for entry in feature_list:
        if isinstance(entry, dict) and entry.get("featureId") is not None:
            features[entry["featureId"]] = max(entry.get("version") or 0, features.get(entry["featureId"], 0))
    return features


def check_features(icws, minimums):
    """Read each required feature by its id and fail, naming all of them, if any falls short."""
    short = []
    for feature_id, minimum in sorted(minimums.items()):
        found = icws.feature(feature_id)
        version = found.get("version") if isinstance(found, dict) else None
        if version is None:
            short.append("%s is not supported (at least version %d required)" % (feature_id, minimum))
        elif version < minimum:
            short.append("%s is at version %s (at least %d required)" % (feature_id, version, minimum))
    if short:
        raise GenesysError("ICWS server %s lacks required features: %s" % (icws.base_url, "; ".join(short)))


def read_statuses(icws, user_ids):
    """Each user's status (C4) by user id; a user the server does not know fails."""
    statuses = {}
    for user_id in user_ids:
        status = icws.user_status(user_id)
        if status is None:
            raise GenesysError("user_statuses: ICWS server %s has no user %s" % (icws.base_url, user_id))
        statuses[user_id] = status
    return statuses


def close_session(icws, report):
    """End the session; a failure to do so is a warning when ``report``, since the work is done,
    and is left unsaid after another failure, which is the one to report."""
    try:
        icws.close()
    except GenesysError as exc:
        if report:
            warn("the ICWS session was not closed; the server ends it when it expires: %s" % exc.message)


def read_server(icws, params):
    """Check the inputs, open the session, read, and close the session whatever happened."""
    minimums = minimum_versions(params.get("required_features"))
    user_ids = params.get("user_statuses") or []
    if not all(user_id and user_id.strip() for user_id in user_ids):
        raise GenesysError("user_statuses: user ids must not be empty")
    session = icws.connect(params["icws_username"], params["icws_password"], params["application_name"])
    done = False
    try:
        result = {
            "changed": False, "server": icws.base_url, "connection_attempts": icws.attempts, "session": session,
            "version": icws.version(), "features": highest_versions(icws.features()),
        }
        check_features(icws, minimums)
        result["user_statuses"] = read_statuses(icws, user_ids)
        done = True
    finally:
        close_session(icws, report=done)
    return result


def run(params, check_mode, session=None):  # pylint: disable=unused-argument
    """Reading changes nothing, so check mode runs the same."""
    return read_server(IcwsClient.from_params(params, session=session), params)


def main():
    run_module(sys.modules[__name__])


if __name__ == "__main__":
    main()
