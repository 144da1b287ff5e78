# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A tenant's record (``genesys_output_dir/<tenant>.json``) as it may be shown: its secrets masked."""

from __future__ import annotations

SECRET_MASK = "********"


def record_secrets(record):
    """The secret values a record holds: the tenant's xapikey, its API key ids, the old ids of the keys being
    rotated, the password options of its manual steps (the Designer key, which after a rotation may be
    the old id until the manual steps are written again) and the secret options of its NexusServices sections
    (a custom gateway's secret headers)."""
    values = [record.get("xapikey")] + list((record.get("apikeys") or {}).values())
    values.extend(rotation.get("old") for rotation in (record.get("rotations") or {}).values() if isinstance(rotation, dict))
    for step in record.get("manual_steps") or []:
        if not isinstance(step, dict):
            continue
        options = step.get("options") or []
        if isinstance(options, dict):
            # A NexusServices section: its secret options (a custom gateway's secret headers) are named.
            values.extend(options.get(name) for name in step.get("secret_options") or [])
        else:
            values.extend(option.get("value") for option in options
                          if isinstance(option, dict) and option.get("option") == "password")
    return set(value for value in values if isinstance(value, str) and value)


def masked_record(value, record):
    """``value`` with every secret of ``record`` masked, wherever it appears (the Designer API key's
    id is also in the manual steps)."""
    secrets = record_secrets(record)

    def mask(item):
        if isinstance(item, dict):
            return dict((key, mask(inner)) for key, inner in item.items())
        if isinstance(item, list):
            return [mask(inner) for inner in item]
        if isinstance(item, str) and any(secret in item for secret in secrets):
            return SECRET_MASK
        return item
    return mask(value)
