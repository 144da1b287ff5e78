# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every module shares: the connection options, input checks, comparison and diff
helpers, and ``run_module`` that turns a module file into a running module.

Every module file has the same shape: ``ARGUMENT_SPEC`` (its own options), optional
relationship constants (``REQUIRED_IF``, ``MUTUALLY_EXCLUSIVE``, ``REQUIRED_TOGETHER``,
``REQUIRED_ONE_OF``, ``REQUIRED_BY``), ``run(params, check_mode, session=None)`` that
returns the result or raises ``GenesysError`` and never sees ``AnsibleModule``, and
``main()`` that is ``run_module(sys.modules[__name__])``. ``module_kwargs`` turns that
shape into the keyword arguments of ``AnsibleModule``, for ``run_module`` and for the
controller-side action plugin alike.
"""

from __future__ import annotations

import copy
import uuid
from urllib.parse import urlsplit

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.common.validation import (
    check_required_by, check_required_if, check_required_one_of, check_required_together)

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import SECRET_MASK, GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._http import HAS_REQUESTS, REQUESTS_IMPORT_ERROR, start_module_run
from ansible_collections.genesys.multicloud.plugins.module_utils._store import update_record
from ansible_collections.genesys.multicloud.plugins.module_utils._warnings import take_warnings

URL_OPTIONS = ("auth_url", "nexus_url", "iwd_url")
# The module-level constants that carry the relationships between options, and the
# AnsibleModule keyword argument each becomes.
RELATIONSHIPS = ("mutually_exclusive", "required_together", "required_one_of", "required_if", "required_by")
# A result key that lists values the result must not show (a generated secret, an API key
# id): ``run_module`` removes it and masks those values, as it masks no_log options.
SECRET_VALUES = "_secret_values"


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
        token_cache=dict(type="path", fallback=(env_fallback, ["GENESYS_TOKEN_CACHE"])),
        timeout=dict(type="int", default=30),
        retries=dict(type="int", default=3),
    )


def module_kwargs(module):
    """The keyword arguments of ``AnsibleModule`` for a module file: the shared connection
    options with the module's own ``ARGUMENT_SPEC``, its relationship constants, check mode."""
    spec = connection_argument_spec()
    spec.update(module.ARGUMENT_SPEC)
    kwargs = dict(argument_spec=spec, supports_check_mode=True)
    for name in RELATIONSHIPS:
        value = getattr(module, name.upper(), None)
        if value:
            kwargs[name] = value
    return kwargs


def run_module(module):
    """Run a module file: build ``AnsibleModule`` from ``module_kwargs``, check the common
    inputs, call ``module.run`` and report its result (its ``_secret_values`` masked) or its one error."""
    ansible_module = AnsibleModule(**module_kwargs(module))
    if not HAS_REQUESTS:
        ansible_module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    ansible_module.no_log_values.difference_update(shown_identifiers(module, ansible_module.params))
    try:
        result = run_checked(module, ansible_module.params, ansible_module.check_mode)
    except GenesysError as exc:
        _report_warnings(ansible_module)
        ansible_module.fail_json(msg=exc.message, **exc.details())
    result = hide_secret_values(result, ansible_module.no_log_values)
    _report_warnings(ansible_module)
    ansible_module.exit_json(**result)


def run_checked(module, params, check_mode):
    """``module.run(params, check_mode)`` after the checks every module shares, with nothing left
    of an earlier run in this process; raises ``GenesysError``. For either bridge: ``run_module``
    when the module is shipped, the action plugin when it runs in the controller's Python."""
    start_module_run()
    take_warnings()
    check_given(module, params)
    check_common(params)
    return module.run(params, check_mode)


def _report_warnings(ansible_module):
    # Masked here: since ansible-core 2.19, exit_json masks the result but not its warnings.
    for message in take_warnings():
        ansible_module.warn(remove_values(message, ansible_module.no_log_values))


def shown_identifiers(module, params):
    """The values under the module's ``SHOWN_KEYS`` inside its no_log options (a channel id beside
    its secrets): identifiers, not secrets, which Ansible would otherwise mask wherever they show (a
    diff). A value that is also a secret of those options stays masked."""
    keys = getattr(module, "SHOWN_KEYS", ())
    if not keys:
        return set()
    shown, secret = set(), set()

    def walk(value, key=None):
        if isinstance(value, dict):
            for inner_key, item in value.items():
                walk(item, inner_key)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item, key)
        elif value is not None:
            (shown if key in keys else secret).add(str(value))

    for name, option in module.ARGUMENT_SPEC.items():
        if option.get("no_log"):
            walk(params.get(name))
    return shown - secret


def hide_secret_values(result, no_log_values):
    """Remove ``_secret_values`` from ``result``, show each of those values as ``SECRET_MASK`` and
    add them to ``no_log_values``, the set Ansible masks everywhere in a result (inside longer
    strings, in warnings) as it masks no_log options. Returns the result."""
    secrets = set(str(value) for value in result.pop(SECRET_VALUES, None) or () if value)
    no_log_values.update(secrets)
    return _mask_whole(result, secrets) if secrets else result


def _mask_whole(value, secrets):
    if isinstance(value, dict):
        return dict((key, _mask_whole(item, secrets)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_mask_whole(item, secrets) for item in value]
    return SECRET_MASK if isinstance(value, str) and value in secrets else value


def check_given(module, params):
    """The relationship constants of ``module`` again, with an option set to null or to an empty
    string counted as missing: Ansible counts an option given as ``null`` or ``""`` as given."""
    given = dict((name, value) for name, value in params.items() if value not in (None, ""))
    checks = ((check_required_if, "REQUIRED_IF"), (check_required_together, "REQUIRED_TOGETHER"),
              (check_required_one_of, "REQUIRED_ONE_OF"), (check_required_by, "REQUIRED_BY"))
    try:
        for check, name in checks:
            if getattr(module, name, None):
                check(getattr(module, name), given)
    except TypeError as exc:
        raise GenesysError(str(exc)) from None


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


def check_store(params, check_mode):
    """Make sure the ``store`` record can be written before the first write to a service, so
    that a one-time value never arrives with nowhere to go. Nothing is written in check mode."""
    if params.get("store") and not check_mode:
        update_record(params["store"], {})


def keep(params, check_mode, result, updates, secrets=(), remove=()):
    """Merge ``updates`` into the ``store`` record (not in check mode), when the module has one,
    and mask ``secrets`` in the result (they leave it through ``_secret_values``). Without
    ``store`` nothing happens: the values stay in the result, for a task registered with no_log."""
    if not params.get("store"):
        return
    result.setdefault(SECRET_VALUES, []).extend(secret for secret in secrets if secret)
    if not check_mode:
        update_record(params["store"], updates, remove=remove)


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
