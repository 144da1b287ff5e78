# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The options of the modules that reach Genesys Cloud (SMS through Genesys Messaging Aggregation)."""

    DOCUMENTATION = r"""
options:
  gc_login_url:
    description:
      - The Genesys Cloud login URL of the organization's region (C($gcLoginURL), for example
        C(https://login.mypurecloud.com)), where tokens are obtained.
      - If not set, the environment variable E(GENESYS_GC_LOGIN_URL) is used.
    type: str
    required: true
  gc_api_url:
    description:
      - The Genesys Cloud API URL of the organization's region (C($gcAPIURL), for example
        C(https://api.mypurecloud.com)).
      - If not set, the environment variable E(GENESYS_GC_API_URL) is used.
    type: str
    required: true
  gc_client_id:
    description:
      - The client id (C($clientId)) of the Digital Channels integration in Genesys Cloud, an OAuth client
        with the Client Credentials grant and a role with the C(messaging) and C(messagingProvisioning)
        permissions.
      - If not set, the environment variable E(GENESYS_GC_CLIENT_ID) is used.
    type: str
    required: true
  gc_client_secret:
    description:
      - The secret of O(gc_client_id) (C($clientSecret)).
      - If not set, the environment variable E(GENESYS_GC_CLIENT_SECRET) is used.
    type: str
    required: true
notes:
  - A token is obtained once per task, or once per run for every task with the same O(token_cache), O(gc_login_url),
    O(gc_client_id) and O(gc_client_secret); when the API refuses it (it expired), a new one is obtained once, and a second refusal fails
    naming O(gc_client_id).
  - Genesys Cloud limits how many requests a client may send; its C(429) answers are waited out as their
    C(Retry-After) header says, up to O(retries) times.
"""
