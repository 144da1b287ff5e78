# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The connection options every module of the collection accepts."""

    DOCUMENTATION = r"""
options:
  auth_url:
    description:
      - Base URL of Genesys Auth and the GWS environment API (C($authURL) in the Genesys documents).
      - Needed by modules that manage OAuth clients, contact-center settings or tokens, and by any
        module that obtains a token itself.
      - If not set, the environment variable E(GENESYS_AUTH_URL) is used.
    type: str
  gws_admin_username:
    description:
      - The GWS ops (admin) user, for the admin API and for cluster tokens (C($gwsAdminName)).
      - If not set, the environment variable E(GENESYS_ADMIN_USERNAME) is used.
    type: str
  gws_admin_password:
    description:
      - Password of O(gws_admin_username) (C($gwsAdminPass)).
      - If not set, the environment variable E(GENESYS_ADMIN_PASSWORD) is used.
    type: str
  oauth_client_id:
    description:
      - The OAuth client through which tokens are obtained (the Digital Channels client).
      - If not set, the environment variable E(GENESYS_OAUTH_CLIENT_ID) is used.
    type: str
    default: nexus_client
  oauth_client_secret:
    description:
      - Secret of O(oauth_client_id).
      - If not set, the environment variable E(GENESYS_OAUTH_CLIENT_SECRET) is used.
    type: str
  token:
    description:
      - A GWS access token, as returned by M(genesys.multicloud.gws_token), for Digital Channels
        requests that take one (tenants and API keys).
      - When not set, modules that need one obtain it with O(oauth_client_id) and the credentials
        they are given. When it is set together with credentials and Digital Channels refuses it
        (HTTP 401), a token obtained from the credentials replaces it.
      - If not set, the environment variable E(GENESYS_TOKEN) is used.
    type: str
  token_cache:
    description:
      - A directory (created 0700) where the tokens the modules obtain from credentials (a tenant user's,
        the GWS admin's, a client's, the Genesys Cloud client's of C(gc_client_id)) are cached, in 0600 files
        named by a hash of the token URL, the OAuth client and the login (never of a secret), until shortly
        before they expire (C(expires_in) less a minute, or less half the lifetime when it is shorter). A run
        then obtains one token per tenant user, one admin token and one Genesys Cloud token, and parallel tasks
        for the same login wait for one another instead of each obtaining its own. Beside each token, the file
        holds a hash of the password or secret that obtained it, keyed by that token, so that a token cached
        for a login is not used once its password or client secret has changed.
      - In check mode, a directory that does not exist is not created (the tokens are then not cached); one
        that exists is used, and the tokens obtained are stored there.
      - Whether or not it is set, a request that Digital Channels or Genesys Cloud refuses with HTTP 401 (for
        instance an expired token) is sent again once with a new token when the module has the credentials to
        obtain one; a second refusal fails, naming the credential.
      - If not set, the environment variable E(GENESYS_TOKEN_CACHE) is used.
    type: path
  nexus_url:
    description:
      - Base URL of Digital Channels (C($nexusURL)).
      - If not set, the environment variable E(GENESYS_NEXUS_URL) is used.
    type: str
  api_key:
    description:
      - A Digital Channels API key sent as C(x-api-key), either a cluster key (C(nexus:cluster:*)) or a key of
        the tenant for provisioning services, a cluster key for IWD.
      - If not set, the environment variable E(GENESYS_API_KEY) is used.
    type: str
  iwd_url:
    description:
      - Base URL of IWD.
      - If not set, the environment variable E(GENESYS_IWD_URL) is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificates of the services.
      - V(false) makes the module warn, once per task, that the certificates are not verified; prefer O(ca_path).
      - A certificate that cannot be verified fails the task with a message naming the URL and these two options.
      - If not set, the environment variable E(GENESYS_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - A CA bundle to verify the services' certificates with, instead of the system's.
      - If not set, the environment variable E(GENESYS_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each connection and each response.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is sent again after HTTP 429, 502, 503, 504 or a connection error,
        with jittered exponential backoff that honours C(Retry-After).
      - A POST that creates something is repeated only after 429 or 503, when the service did not act on it.
        After a 502, a 504, a connection reset or a timeout it may have been applied, so the module reads the
        object back by its key and takes it when it exists, or sends the creation again (up to O(retries)
        times, with jittered backoff) when it does not. A 409 (another run created it at the same time) is
        settled the same way, the object being read and brought to the options. Only a definite refusal
        (400, 401 after one new token, 403, 500) fails.
      - V(0) disables retries.
    type: int
    default: 3
notes:
  - Every module of the collection is in the action group C(genesys.multicloud.all), so the
    connection options can be set once with C(module_defaults).
  - The module runs in the controller's Python, whatever the host's connection. It is shipped to
    the host instead, as any module, when the task is delegated to a host not reached by the
    C(local) connection, when the task is C(async), or when the variable C(genesys_run_on_controller)
    is false.
  - It needs the Python library C(requests) where it runs.
"""

    POSTGRES = r"""
options:
  db_host:
    description:
      - Host of the Digital Channels PostgreSQL database (Helm C(nexus.db.host)).
    type: str
    required: true
  db_port:
    description:
      - Port of the database.
    type: int
    default: 5432
  db_name:
    description:
      - Name of the Digital Channels database.
    type: str
    default: nexus
  db_user:
    description:
      - Database user allowed to read and write C(nex_gapis).
    type: str
    required: true
  db_password:
    description:
      - Password of O(db_user).
    type: str
    required: true
  db_sslmode:
    description:
      - The libpq C(sslmode) of the connection.
    type: str
    default: prefer
    choices: [disable, allow, prefer, require, verify-ca, verify-full]
  db_ca_path:
    description:
      - CA certificate to verify the database server with (libpq C(sslrootcert)), so that
        O(db_sslmode=verify-ca) or O(db_sslmode=verify-full) can be used with a private CA.
    type: path
requirements:
  - psycopg2 (or psycopg2-binary)
"""

    # The same database options, optional: modules that list API keys read them from nex_apikeys
    # when Digital Channels has no K2 listing or refuses it (docs/api.md, DB2).
    POSTGRES_KEYS = r"""
options:
  db_host:
    description:
      - Host of the Digital Channels PostgreSQL database (Helm C(nexus.db.host)).
      - When set, and the API key listing (C(GET /nexus/v3/apikeys)) is missing (404) or refused (403), the
        keys are read from the C(nex_apikeys) table of this database, where the vendor's deployment scripts read
        them. Without it such a listing fails.
    type: str
  db_port:
    description:
      - Port of the database.
    type: int
    default: 5432
  db_name:
    description:
      - Name of the Digital Channels database.
    type: str
    default: nexus
  db_user:
    description:
      - Database user allowed to read C(nex_apikeys). Required with O(db_host).
    type: str
  db_password:
    description:
      - Password of O(db_user). Required with O(db_host).
    type: str
  db_sslmode:
    description:
      - The libpq C(sslmode) of the connection.
    type: str
    default: prefer
    choices: [disable, allow, prefer, require, verify-ca, verify-full]
  db_ca_path:
    description:
      - CA certificate to verify the database server with (libpq C(sslrootcert)).
    type: path
"""

    ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: Reports the predicted end state and sends no write request.
  diff_mode:
    support: full
    description: Shows before and after of what the module manages, secrets masked.
  action_group:
    support: full
    description: Use C(group/genesys.multicloud.all) in C(module_defaults) to set the connection options once.
    membership:
      - genesys.multicloud.all
"""

    INFO_ATTRIBUTES = r"""
attributes:
  check_mode:
    support: full
    description: The module only reads, and runs the same in check mode.
  diff_mode:
    support: none
    description: The module changes nothing, so it has nothing to show.
  action_group:
    support: full
    description: Use C(group/genesys.multicloud.all) in C(module_defaults) to set the connection options once.
    membership:
      - genesys.multicloud.all
"""
