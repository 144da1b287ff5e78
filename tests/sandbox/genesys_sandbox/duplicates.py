"""The two readings of the [assumed] uniqueness rules (docs/api.md, "Duplicates, both ways").

No document says that Digital Channels refuses a second live API key with a tenant's name (K1,
K3), that GWS keeps one setting per name and location (E2 an upsert, E4 a 409), or that a create of
something that exists is a 409 rather than a replacement (A2, N2, S1). With ``accept_duplicates``
the sandbox takes the other plausible reading, as a real service may:

- K1 and K3 accept a live key name that another live key of the tenant has;
- E2 makes a new setting each time, E4 accepts a name and location that another setting has;
- A2 replaces an existing client (its secret included), N2 replaces an existing tenant and gives it
  a new ``xapikey``, S1 replaces an existing service: the last create wins, no 409.

The refusals of the first reading are database constraints: the switch drops them, or puts them
back when nothing breaks them.
"""

import psycopg2

from .errors import ApiError

# The constraints of the refusing reading: (what the switch drops, how it puts it back).
CONSTRAINTS = (
    ("DROP INDEX IF EXISTS sandbox.apikeys_live_name",
     "CREATE UNIQUE INDEX IF NOT EXISTS apikeys_live_name ON sandbox.apikeys (tenant, name) "
     "WHERE origin = 'apikeys' AND NOT revoked"),
    ("ALTER TABLE sandbox.settings DROP CONSTRAINT IF EXISTS settings_ccid_name_location_key",
     "ALTER TABLE sandbox.settings ADD CONSTRAINT settings_ccid_name_location_key UNIQUE (ccid, name, location)"),
)


def set_accept_duplicates(runtime, accept):
    """Switch the reading; a 409 when the refusing one cannot come back over duplicates already made."""
    try:
        with runtime.db.cursor() as cur:
            for drop, restore in CONSTRAINTS:
                cur.execute(drop)
                if not accept:
                    cur.execute(restore)
    except (psycopg2.errors.UniqueViolation, psycopg2.errors.DuplicateTable) as exc:
        raise ApiError(409, "duplicates exist: reset the sandbox before refusing them again") from exc
    runtime.accept_duplicates = accept


def replacing(runtime):
    """Whether a create of something that exists replaces it (A2, N2, S1) instead of a 409."""
    return runtime.accept_duplicates
