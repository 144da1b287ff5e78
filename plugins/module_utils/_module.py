# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options, input checks, comparison and diff
helpers, and ``run_module`` that turns a logic function into a module.

Module logic is a plain function ``logic(params, check_mode) -> result`` that raises
``GenesysError``; it never sees ``AnsibleModule``, so it runs the same under a module,
an action plugin or a unit test.
"""

from __future__ import annotations

import copy
import uuid
from urllib.parse import urlsplit

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.warnings import warn

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import SECRET_MASK, GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import HAS_REQUESTS, REQUESTS_IMPORT_ERROR

URL_OPTIONS = ("auth_url", "nexus_url", "iwd_url")


def connection_argument_spec():
    """The options every module accepts, so that one ``module_defaults`` entry for the
    ``genesys.multicloud.all`` group serves them all. See the ``connection`` doc fragment."""
    return dict(
        auth_url=dict(type="str", fallback=(env_fallback, ["GENESYS_AUTH_URL"])),
        gws_admin_username=dict(type="str", fallback=(env_fallback, ["GENESYS_ADMIN_USERNAME"])),
        gws_admin_password=dict(type="str", no_log=True, fallback=(env_fallback, ["GENESYS_ADMIN_PASSWORD"])),
        oauth_client_id=dict(type="str", default="nexus_client", fallback=(env_fallback, ["GENESYS_OAUTH_CLIENT_ID"])),
        oauth_client_secret=dict(type="str", no_log=True, fallback=(env_fallback, ["GENESYS_OAUTH_CLIENT_SECRET"])),
        token=dict(type="str", no_log=True, fallback=(env_fallback, ["GENESYS_TOKEN"])),
        nexus_url=dict(type="str", fallback=(env_fallback, ["GENESYS_NEXUS_URL"])),
        api_key=dict(type="str", no_log=True, fallback=(env_fallback, ["GENESYS_API_KEY"])),
        iwd_url=dict(type="str", fallback=(env_fallback, ["GENESYS_IWD_URL"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["GENESYS_VALIDATE_CERTS"])),
        ca_path=dict(type="path", fallback=(env_fallback, ["GENESYS_CA_PATH"])),
        timeout=dict(type="int", default=30),
        retries=dict(type="int", default=3),
    )


def run_module(argument_spec, logic, **module_kwargs):
    """Build the module from the shared and the module's own options, check the common
    inputs, run ``logic(params, check_mode)`` and report its result or its one error."""
    spec = connection_argument_spec()
    spec.update(argument_spec)
    module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **module_kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    try:
        check_common(module.params)
        result = logic(module.params, module.check_mode)
    except GenesysError as exc:
        module.fail_json(msg=exc.message, **exc.details())
    module.exit_json(**result)


def check_common(params):
    """Reject malformed shared options before any request is made."""
    for name in URL_OPTIONS:
        if params.get(name) is not None:
            check_url(params[name], name)
    if params.get("timeout") is not None and params["timeout"] <= 0:
        raise GenesysError("timeout: must be a positive number of seconds, got %s" % params["timeout"])
    if params.get("retries") is not None and params["retries"] < 0:
        raise GenesysError("retries: must be 0 or more, got %s" % params["retries"])


def require(params, names, purpose):
    """Fail, naming every missing option, when one of ``names`` is unset."""
    missing = [name for name in names if params.get(name) in (None, "")]
    if missing:
        raise GenesysError("missing required option%s %s: needed %s" % (
            "s" if len(missing) > 1 else "", ", ".join(missing), purpose))


def check_url(value, name):
    """An absolute http(s) URL with a host; returns it unchanged."""
    parts = urlsplit(value or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GenesysError("%s: must be an http:// or https:// URL with a host, got %r" % (name, value))
    return value


def check_uuid(value, name):
    """A UUID such as a contact center id; returns it unchanged."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise GenesysError("%s: must be a UUID, got %r" % (name, value)) from None
    return value


def given_fields(params, fields):
    """The API fields of the options the user set; ``fields`` maps option to API field."""
    return dict((field, params[option]) for option, field in fields.items() if params.get(option) is not None)


def differences(current, desired, unordered=()):
    """The keys of ``desired`` (None values ignored) whose value differs in ``current``.

    Only what the user gave is compared; lists named in ``unordered`` compare as sets.
    """
    changed = {}
    current = current or {}
    for key, want in desired.items():
        if want is None:
            continue
        have = current.get(key)
        if key in unordered and isinstance(want, list) and isinstance(have, list):
            if sorted(map(str, want)) == sorted(map(str, have)):
                continue
        elif have == want:
            continue
        changed[key] = want
    return changed


def masked(value, secret_keys):
    """A deep copy of ``value`` with every dict key in ``secret_keys`` masked."""
    if isinstance(value, dict):
        return dict((k, SECRET_MASK if k in secret_keys and v is not None else masked(v, secret_keys))
                    for k, v in value.items())
    if isinstance(value, list):
        return [masked(item, secret_keys) for item in value]
    return copy.deepcopy(value)


def diff(before, after):
    """An Ansible diff; ``{}`` stands for an absent object."""
    return {"before": before or {}, "after": after or {}}


def write_only_diff(before, after, key=None, what="secret"):
    """An Ansible diff; with ``key``, a write-only value the task sends (it cannot be read back
    and compared) reads ``(previous <what>)`` before and ``(new <what>)`` after, never its value."""
    before, after = dict(before or {}), dict(after or {})
    if key is not None:
        before[key], after[key] = "(previous %s)" % what, "(new %s)" % what
    return diff(before, after)


def read_back(read, expected, what):
    """The object as the service shows it after a write, or ``expected`` with a warning when
    that read fails: the write is done, and a failed confirmation must not lose a one-time
    value of the result (a generated secret, a tenant's xapikey)."""
    try:
        return read()
    except GenesysError as exc:
        warn("%s was written, but reading it back failed: %s" % (what, exc.message))
        return expected


def removed(current, check_mode, delete, shown=None, **result):
    """The result of making an object absent: ``delete()`` runs only when ``current`` exists,
    and not in check mode. ``shown`` is what the diff shows of it (default ``current``);
    ``result`` holds the module's other result keys."""
    if current is not None and not check_mode:
        delete()
    result.update(changed=current is not None, diff=diff(current if shown is None else shown, None))
    return result


def secret_diff(before, after, secret_keys):
    """An Ansible diff of two flat objects with the values of ``secret_keys`` masked. A secret
    that changes reads ``(previous secret)`` before and ``(new secret)`` after, so that the
    change shows without the value."""
    before, after = before or {}, after or {}
    changed = [key for key in secret_keys
               if None not in (before.get(key), after.get(key)) and before[key] != after[key]]
    shown_before, shown_after = masked(before, secret_keys), masked(after, secret_keys)
    for key in changed:
        shown_before[key], shown_after[key] = "(previous secret)", "(new secret)"
    return diff(shown_before, shown_after)
