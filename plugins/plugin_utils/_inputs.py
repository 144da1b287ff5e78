# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rules every inventory variable of the collection must meet, checked once before any write.

The roles and modules check the same things later, each at its own step; checking them here, all
at once and before the first request, means a malformed inventory makes nothing half-made. Each
rule answers a list of ``(variable, problem)``; ``variable`` is written as the user wrote it
(``tenant_sms.channels[0].webhook_url``). Problems never show the value of a secret.
"""

from __future__ import annotations

import difflib
import os
import re
import uuid
from collections.abc import Mapping
from urllib.parse import urlsplit

from ansible.module_utils.parsing.convert_bool import BOOLEANS

from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import E164, PURPOSE, default_purpose

MAX_TEXT = 255
PERMISSION = re.compile(r"^nexus:[a-z]+:(\*|[a-z]+)$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What genesys.multicloud.export_inventory writes where it could not read a value: refused by every
# rule, so that an inventory with one left unfilled fails before any write, naming the variable.
PLACEHOLDER_SECRET = "FILL-FROM-VAULT: "
PLACEHOLDER_VALUE = "FILL-IN: "
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# An HTTP field name (a token, RFC 9110).
HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# Written out in the messages as "group_vars/all" and "host_vars/<tenant>".
ENVIRONMENT_SOURCE = "group_vars/all"
EXTRA_VARS_SOURCE = "extra vars (-e)"
TENANT_SOURCE = "host_vars/%s"


class Missing:  # pylint: disable=too-few-public-methods
    """A variable that is not set at all (None is a value: YAML's empty)."""

    def __repr__(self):
        return "MISSING"


MISSING = Missing()


def unset(value):
    """Not set, or set to nothing: what the roles take as "leave it alone"."""
    return value is MISSING or value is None or value == ""


def kind(value):
    """What ``value`` is, in the words of YAML ("a string", "a mapping"): ansible-core's own types
    (``_AnsibleTaggedStr``) mean nothing to the one who wrote the inventory."""
    if value is None:
        return "null"
    for types, name in ((bool, "a boolean"), ((int, float), "a number"), (str, "a string"),
                        (Mapping, "a mapping"), ((list, tuple), "a list")):
        if isinstance(value, types):
            return name
    return "a value of type %s" % type(value).__name__


def shown(value, secret):
    return "" if secret else ", got %r" % (value,)


# --- one value ---------------------------------------------------------------------------------

def placeholder(value):
    """The message for a placeholder the export wrote and nobody filled, else None."""
    if isinstance(value, str) and value.startswith((PLACEHOLDER_SECRET, PLACEHOLDER_VALUE)):
        where = "from the vault" if value.startswith(PLACEHOLDER_SECRET) else "in"
        return "is still the placeholder %r that export_inventory wrote: fill it %s" % (value, where)
    return None


def text(value, secret=False):
    """A non-empty single-line string (a number is taken as its digits, as Ansible's str does)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return "must be a string, got %s" % kind(value)
    value = str(value)
    if placeholder(value):
        return placeholder(value)
    if not value.strip():
        return "must not be empty"
    if CONTROL.search(value):
        return "must be one line without control characters"
    if len(value) > MAX_TEXT:
        return "must be at most %d characters, got %d" % (MAX_TEXT, len(value))
    return None


def secret(value):
    return text(value, secret=True)


def name(value):
    """A host or user name: text without spaces."""
    problem = text(value)
    if problem is None and re.search(r"\s", str(value)):
        return "must not contain spaces%s" % shown(value, False)
    return problem


def url(value):
    """An absolute http(s) URL with a host, a valid port and no spaces."""
    if not isinstance(value, str):
        return "must be a URL string, got %s" % kind(value)
    if placeholder(value):
        return placeholder(value)
    if re.search(r"\s", value) or CONTROL.search(value):
        return "must be a URL without spaces, got %r" % value
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host, got %r" % value
    try:
        parts.port  # pylint: disable=pointless-statement
    except ValueError:
        return "must have a port from 1 to 65535, got %r" % value
    if parts.port == 0:
        return "must have a port from 1 to 65535, got %r" % value
    # DNS limits (RFC 1035): resolvers refuse longer names, so say it here rather than at the first request.
    if len(parts.hostname) > 253 or any(len(label) > 63 for label in parts.hostname.split(".")):
        return "must have a host name of at most 253 characters, each dot-separated part at most 63, got %r" % value
    return None


def existing_file(value):
    """The path of a file on the controller, such as a CA certificate."""
    problem = text(value)
    if problem is None and not os.path.isfile(os.path.expanduser(str(value))):
        return "must be the path of an existing file on the controller, got %r" % value
    return problem


def integer(value, low, high=None):
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not re.fullmatch(r"-?\d+", str(value).strip()):
        return "must be a whole number%s" % shown(value, False)
    number = int(value)
    if number < low or (high is not None and number > high):
        bounds = "from %d to %d" % (low, high) if high is not None else "%d or more" % low
        return "must be %s, got %d" % (bounds, number)
    return None


def port(value):
    return integer(value, 1, 65535)


def boolean(value):
    if isinstance(value, bool) or (isinstance(value, (str, int)) and str(value).lower() in BOOLEANS):
        return None
    return "must be true or false%s" % shown(value, False)


def a_uuid(value, secret_value=False):
    if isinstance(value, bool) or not isinstance(value, str):
        return "must be a UUID string, got %s" % kind(value)
    try:
        uuid.UUID(value)
    except ValueError:
        return "must be a UUID%s" % shown(value, secret_value)
    return None


def secret_uuid(value):
    return a_uuid(value, secret_value=True)


def choice(*choices):
    def check(value):
        if value not in choices:
            return "must be one of %s%s" % (", ".join(choices), shown(value, False))
        return None
    return check


def permission(value):
    if not isinstance(value, str) or not PERMISSION.match(value):
        return "must be a permission nexus:<area>:<name> (for example nexus:consumer:chat)%s" % shown(value, False)
    return None


# --- structures --------------------------------------------------------------------------------

def check_fields(path, value, fields, required=()):
    """A mapping with only ``fields`` (name -> rule), ``required`` among them."""
    if not isinstance(value, dict):
        return [(path, "must be a mapping, got %s" % kind(value))]
    problems = [("%s.%s" % (path, key), "is not a known field (known: %s)" % ", ".join(sorted(fields)))
                for key in value if key not in fields]
    for key, rule in fields.items():
        where = "%s.%s" % (path, key)
        if unset(value.get(key, MISSING)):
            if key in required:
                problems.append((where, "is required"))
            continue
        problems.extend(apply(rule, where, value[key]))
    return problems


def apply(rule, path, value):
    """Run a rule: a one-value check answers a problem or None, a structure check a list."""
    found = rule(path, value) if getattr(rule, "structure", False) else rule(value)
    if isinstance(found, list):
        return found
    return [(path, found)] if found else []


def structure(check):
    check.structure = True
    return check


def non_empty_list(rule):
    @structure
    def check(path, value):
        if not isinstance(value, list) or not value:
            return [(path, "must be a non-empty list")]
        return [problem for index, item in enumerate(value) for problem in apply(rule, "%s[%d]" % (path, index), item)]
    return check


# What tenant_sms offers only through Genesys Messaging Aggregation: the toll-free numbers bought
# through Genesys Cloud and what their orders send.
GMA_ONLY = ("numbers", "email_address", "comment", "on_webhook_drift", "order_timeout")


@structure
def sms(path, value):
    if not isinstance(value, dict):
        return [(path, "must be a mapping with provider gma or async, got %s" % kind(value))]
    problem = choice("gma", "async")(value.get("provider", MISSING))
    if problem:
        return [(path + ".provider", problem)]
    common = {"provider": choice("gma", "async"), "email": boolean}
    if value["provider"] == "gma":
        gma = dict(common, gc_login_url=url, gc_api_url=url, gc_client_id=a_uuid, gc_client_secret=secret,
                   numbers=tollfree_numbers, email_address=email_address, comment=text,
                   on_webhook_drift=choice("warn", "fail"), order_timeout=lambda seconds: integer(seconds, 0))
        problems = check_fields(path, value, gma, required=("gc_login_url", "gc_api_url", "gc_client_id", "gc_client_secret"))
        if isinstance(value.get("numbers"), list) and value["numbers"] and unset(value.get("email_address", MISSING)):
            problems.append((path + ".email_address", "is required with numbers: Genesys Customer Care's contact for them"))
        return problems
    problems = [("%s.%s" % (path, key), "only with provider gma: Genesys Cloud's toll-free numbers; a custom gateway's "
                 "numbers are its channels") for key in GMA_ONLY if key in value]
    rest = dict((key, item) for key, item in value.items() if key not in GMA_ONLY)
    return problems + check_fields(path, rest, dict(common, channels=non_empty_list(channel)), required=("channels",))


def phone_number(value):
    """A number in E.164 form, as Genesys Cloud writes it; YAML reads +1888... unquoted as an integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return 'must be a quoted string (YAML reads +%d unquoted as a number), such as "+18885550101"' % value
    if not isinstance(value, str) or not E164.match(value):
        return "must be an E.164 number such as +18885550101 (a + and 7 to 15 digits)%s" % shown(value, False)
    return None


def purpose(value):
    if not isinstance(value, str) or not PURPOSE.match(value):
        return "must be letters, underscores and dashes, no digits or spaces (the section chat.<purpose>)%s" % shown(value, False)
    return None


def email_address(value):
    problem = text(value)
    if problem is None and not EMAIL.match(str(value)):
        return "must be an email address such as sms.admin@example.com%s" % shown(value, False)
    return problem


@structure
def tollfree_numbers(path, value):
    """The tenant's toll-free numbers: each given, never a count, so that no run buys a number nobody chose."""
    if not isinstance(value, list):
        return [(path, "must be a list of numbers ({number, purpose, designer_endpoint, cxc_only}), got %s"
                 % kind(value))]
    fields = {"number": phone_number, "purpose": purpose, "designer_endpoint": name, "cxc_only": boolean}
    problems = [problem for index, item in enumerate(value)
                for problem in check_fields("%s[%d]" % (path, index), item, fields, required=("number",))]
    items = [item for item in value if isinstance(item, dict) and isinstance(item.get("number"), str)]
    numbers = [item["number"] for item in items]
    # A number without a purpose gets SMS_<its digits spelled>, as the module gives it.
    purposes = [item.get("purpose") or default_purpose(item["number"]) for item in items]
    problems.extend((path, "names the number %s more than once" % number)
                    for number in sorted(set(n for n in numbers if numbers.count(n) > 1)))
    problems.extend((path, "gives the purpose %s to more than one number (each is a section chat.<purpose>)" % p)
                    for p in sorted(set(p for p in purposes if isinstance(p, str) and purposes.count(p) > 1)))
    return problems


def header_map(rule):
    """Custom HTTP headers of a channel's webhooks (seed 003, "Add custom HTTP headers"): names as HTTP
    writes them, each value checked by ``rule``."""
    @structure
    def check(path, value):
        if not isinstance(value, dict):
            return [(path, "must be a mapping of header names to values, got %s" % kind(value))]
        problems = [(path, "%r: must be an HTTP header name (letters, digits and !#$%%&'*+.^_`|~-)" % (key,))
                    for key in value if not isinstance(key, str) or not HEADER_NAME.match(key)]
        return problems + [problem for key, item in value.items() if isinstance(key, str) and HEADER_NAME.match(key)
                           for problem in apply(rule, "%s.%s" % (path, key), item)]
    return check


@structure
def channel(path, value):
    fields = {"channel_id": text, "webhook_url": url, "webhook_secret": secret, "api_secret": secret,
              "purpose": purpose, "designer_endpoint": name, "cxc_only": boolean,
              "headers": header_map(text), "secret_headers": header_map(secret)}
    problems = check_fields(path, value, fields, required=("channel_id", "webhook_url", "webhook_secret", "api_secret"))
    if isinstance(value, dict) and all(isinstance(value.get(key), dict) for key in ("headers", "secret_headers")):
        # HTTP header names are case-insensitive: one name, one value.
        plain = set(str(key).lower() for key in value["headers"])
        problems.extend(("%s.secret_headers.%s" % (path, key), "is in headers too: give each header once")
                        for key in value["secret_headers"] if str(key).lower() in plain)
    return problems


# Which key IWD gets as tenant.apiKey (docs/api.md, "Where the sources disagree", 22).
IWD_KEY_SCOPES = ("tenant", "cluster")


@structure
def iwd(path, value):
    fields = {"tenant_id": text, "db": iwd_db, "apikey_tenant": secret_uuid, "apikey_iwddm": secret_uuid,
              "iwd_key_scope": choice(*IWD_KEY_SCOPES)}
    # With the tenant's own iWD key, that key is also IWD_APIKEY_TENANT unless one is given.
    scope = value.get("iwd_key_scope") if isinstance(value, dict) else None
    required = ("tenant_id", "db") + (("apikey_tenant",) if scope == "cluster" else ())
    return check_fields(path, value, fields, required=required)


@structure
def iwd_db(path, value):
    fields = {"host": name, "port": port, "database": text, "user": text, "password": secret, "ssl": boolean}
    return check_fields(path, value, fields, required=("host", "database", "user", "password"))


@structure
def apikeys(path, value):
    if not isinstance(value, list):
        return [(path, "must be a list of keys, got %s" % kind(value))]
    fields = {"name": text, "permissions": non_empty_list(permission), "enabled": boolean,
              "state": choice("present", "absent")}
    problems = [problem for index, key in enumerate(value)
                for problem in check_fields("%s[%d]" % (path, index), key, fields, required=("name",))]
    names = [key.get("name") for key in value if isinstance(key, dict)]
    problems.extend((path, "names the key %r more than once" % key) for key in sorted(set(
        n for n in names if isinstance(n, str) and names.count(n) > 1)))
    return problems


# What rotate_secrets can rotate (genesys_rotate), in the order it rotates them.
ROTATABLE = ("nexus_client", "iwd_client", "cluster_apikeys", "tenant_apikeys")


def rotation_names(value):
    """``genesys_rotate`` as a list of names: a list, or a comma-separated string (``-e``)."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return list(value) if isinstance(value, list) else value


def rotation(value):
    names = rotation_names(value)
    if not isinstance(names, list):
        return "must be a list of names or a comma-separated string, got %s" % kind(value)
    unknown = [item for item in names if item not in ROTATABLE]
    if unknown:
        return "cannot rotate %s: known names are %s" % (", ".join(repr(item) for item in unknown), ", ".join(ROTATABLE))
    return None


# --- the inventory -----------------------------------------------------------------------------

# Variable -> (rule, required). "removal" lists what remove_tenant reads.
ENVIRONMENT = {
    "gws_url": (url, True),
    "gws_auth_url": (url, True),
    # The Genesys Auth URL browsers reach, where it differs from the one services use.
    "gws_auth_external_url": (url, False),
    "gws_admin_username": (text, True),
    "gws_admin_password": (secret, True),
    "nexus_url": (url, True),
    "nexus_client_id": (name, False),
    "nexus_client_secret": (secret, False),
    "nexus_db_host": (name, True),
    "nexus_db_port": (port, False),
    "nexus_db_name": (text, False),
    "nexus_db_user": (text, True),
    "nexus_db_password": (secret, True),
    "nexus_db_sslmode": (choice(*SSLMODES), False),
    "nexus_db_ca_path": (existing_file, False),
    "nexus_gapis_region": (text, False),
    "iwd_url": (url, False),
    "iwd_client_id": (name, False),
    "iwd_client_secret": (secret, False),
    "genesys_validate_certs": (boolean, False),
    "genesys_ca_path": (existing_file, False),
    "genesys_secrets_dir": (text, False),
    "genesys_output_dir": (text, False),
    "genesys_update_secrets": (boolean, False),
    "genesys_rotate": (rotation, False),
    "genesys_repair_duplicates": (boolean, False),
    "genesys_lock_timeout": (lambda value: integer(value, 1), False),
    "genesys_environment_readonly": (boolean, False),
}
# The removal reads no nex_gapis row, but takes its locks in the Digital Channels database, keyed by gws_url.
ENVIRONMENT_FOR_REMOVAL = ("gws_url", "gws_auth_url", "gws_admin_username", "gws_admin_password", "nexus_url", "nexus_client_id",
                           "nexus_db_host", "nexus_db_port", "nexus_db_name", "nexus_db_user", "nexus_db_password",
                           "nexus_db_sslmode", "nexus_db_ca_path",
                           "nexus_client_secret", "iwd_url", "genesys_validate_certs", "genesys_ca_path",
                           "genesys_secrets_dir", "genesys_output_dir", "genesys_repair_duplicates", "genesys_lock_timeout")

TENANT = {
    "tenant_name": (text, True),
    "tenant_ccid": (a_uuid, False),
    "tenant_user": (text, True),
    "tenant_user_password": (secret, True),
    "tenant_ucs_url": (url, False),
    "tenant_genesys_tenant_id": (lambda value: integer(value, 1), False),
    "tenant_apikeys": (apikeys, False),
    "tenant_sms": (sms, False),
    "tenant_iwd": (iwd, False),
}
TENANT_FOR_REMOVAL = ("tenant_name", "tenant_ccid", "tenant_user", "tenant_user_password", "tenant_apikeys", "tenant_iwd")


# The prefixes of the collection's variables: a name with one of them that the collection does not
# know is most likely a misspelling, which would otherwise be ignored without a word.
PREFIXES = ("tenant_", "genesys_", "nexus_", "gws_", "iwd_")
# The other names under those prefixes that the collection reads or sets: the connection options,
# the playbooks' own variables (export_inventory and drift_report included), the module switch, the
# facts published for workflows.
OTHER_NAMES = ("genesys_connection", "genesys_purpose", "genesys_run_on_controller", "genesys_tenants",
               "genesys_removed_tenants", "genesys_tenant_id", "genesys_export_dir", "genesys_export_overwrite",
               "genesys_drift_dir", "genesys_drift_fail", "genesys_drift", "genesys_export", "genesys_read_concurrency",
               "genesys_key_database", "genesys_lock_connection", "genesys_environment_lock",
               "genesys_environment_share", "genesys_tenant_lock")


def unknown_variables(names):
    """``(name, nearest known name or None)`` for every name among ``names`` that has one of the
    collection's prefixes and is not one of its variables, sorted by name."""
    known = sorted(set(ENVIRONMENT) | set(TENANT) | set(OTHER_NAMES))
    unknown = sorted(name for name in names if name.startswith(PREFIXES) and name not in known)
    return [(name, next(iter(difflib.get_close_matches(name, known, n=1, cutoff=0.75)), None)) for name in unknown]


def check_variables(rules, values, names):
    problems = []
    for variable in names:
        rule, required = rules[variable]
        value = values.get(variable, MISSING)
        if unset(value):
            if required:
                problems.append((variable, "is required"))
            continue
        problems.extend(apply(rule, variable, value))
    return problems


def environment_problems(values, removal=False):
    """The problems of the environment variables (``values``: name -> value, absent when unset)."""
    return check_variables(ENVIRONMENT, values, ENVIRONMENT_FOR_REMOVAL if removal else ENVIRONMENT)


def tenant_problems(values, environment, removal=False):
    """The problems of one tenant's variables; ``environment`` tells what the tenant needs of it."""
    problems = check_variables(TENANT, values, TENANT_FOR_REMOVAL if removal else TENANT)
    if not removal and not unset(values.get("tenant_iwd", MISSING)) and unset(environment.get("iwd_url", MISSING)):
        problems.append(("tenant_iwd", "needs iwd_url in %s, the IWD of the environment" % ENVIRONMENT_SOURCE))
    return problems


def root(variable):
    """The variable a problem's path starts with: ``tenant_sms`` of ``tenant_sms.channels[0].webhook_url``."""
    return re.split(r"[.\[]", variable, maxsplit=1)[0]


def messages(source, problems):
    """``host_vars/t200: tenant_sms.channels: must be a non-empty list``, one per problem."""
    return ["%s: %s: %s" % (source, variable, problem) for variable, problem in problems]
