# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory rules: each kind of malformed input is found, named as written, without secrets."""

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.plugin_utils import _inputs

CCID = "9350e2fc-a1dd-4c65-8d40-1f75a2e080dd"
APIKEY = "2b1d7a3e-5c1f-4c8e-9f00-0a4c2e6e8d11"
ENVIRONMENT = {
    "gws_url": "http://gws.example.com:8080", "gws_auth_url": "https://auth.example.com", "gws_admin_username": "ops",
    "gws_admin_password": "Adm1n-S3cret", "nexus_url": "https://nexus.example.com", "nexus_db_host": "db.example.com",
    "nexus_db_port": 5432, "nexus_db_user": "nexus", "nexus_db_password": "Db-S3cret", "nexus_db_sslmode": "prefer",
    "iwd_url": "https://iwd.example.com", "genesys_validate_certs": True,
}
TENANT = {
    "tenant_name": "t100", "tenant_ccid": CCID, "tenant_user": "nexus", "tenant_user_password": "Tenant-S3cret",
    "tenant_ucs_url": "https://ucs.example.com", "tenant_genesys_tenant_id": 1,
    "tenant_apikeys": [{"name": "API key for t100", "permissions": ["nexus:consumer:chat"]},
                       {"name": "Old key", "state": "absent"}],
    "tenant_sms": {"provider": "async", "email": True, "channels": [
        {"channel_id": 15551230000, "webhook_url": "https://hooks.example.com/sms", "webhook_secret": "Wh-S3cret",
         "api_secret": "Api-S3cret"}]},
    "tenant_iwd": {"tenant_id": 100, "apikey_tenant": APIKEY, "db": {
        "host": "iwd-db", "port": 5432, "database": "iwd", "user": "iwd", "password": "Iwd-Db-S3cret", "ssl": False}},
}
SECRETS = ("Adm1n-S3cret", "Db-S3cret", "Tenant-S3cret", "Wh-S3cret", "Api-S3cret", "Iwd-Db-S3cret", APIKEY)


def environment(**changes):
    values = dict(ENVIRONMENT, **changes)
    return _inputs.messages(_inputs.ENVIRONMENT_SOURCE, _inputs.environment_problems(
        {k: v for k, v in values.items() if v is not _inputs.MISSING}))


def tenant(removal=False, env=None, **changes):
    values = dict(TENANT, **changes)
    values = {k: v for k, v in values.items() if v is not _inputs.MISSING}
    return _inputs.messages("host_vars/t100", _inputs.tenant_problems(values, ENVIRONMENT if env is None else env, removal))


def test_valid_inputs_have_no_problem():
    assert environment() == []
    assert tenant() == []
    gma = {"provider": "gma", "gc_login_url": "https://login.example", "gc_api_url": "https://api.example",
           "gc_client_id": "4da40a9d-b113-4024-8ba9-c9dd89c91f67", "gc_client_secret": "Gc-S3cret"}
    assert tenant(tenant_sms=gma, tenant_iwd=None, tenant_ucs_url="", tenant_apikeys=_inputs.MISSING) == []
    assert environment(genesys_rotate="nexus_client, iwd_client,cluster_apikeys,tenant_apikeys") == []
    assert environment(genesys_rotate=["tenant_apikeys"]) == environment(genesys_rotate=[]) == []


def test_rotation_names_take_a_list_or_a_comma_string():
    assert _inputs.rotation_names(" nexus_client,,iwd_client ") == ["nexus_client", "iwd_client"]
    assert _inputs.rotation_names(["tenant_apikeys"]) == ["tenant_apikeys"]


@pytest.mark.parametrize("changes, message", [
    ({"gws_url": "gws.example.com"}, "gws_url: must be an http:// or https:// URL with a host, got 'gws.example.com'"),
    ({"gws_auth_url": "https://auth example.com"}, "gws_auth_url: must be a URL without spaces"),
    ({"gws_auth_external_url": "gauth.example.com"}, "gws_auth_external_url: must be an http:// or https:// URL"),
    ({"nexus_url": "https://nexus.example.com:99999"}, "nexus_url: must have a port from 1 to 65535"),
    ({"nexus_db_port": 70000}, "nexus_db_port: must be from 1 to 65535, got 70000"),
    ({"nexus_db_port": "5432x"}, "nexus_db_port: must be a whole number"),
    ({"nexus_db_sslmode": "on"}, "nexus_db_sslmode: must be one of disable, allow, prefer"),
    ({"nexus_db_host": "db host"}, "nexus_db_host: must not contain spaces"),
    ({"gws_admin_username": _inputs.MISSING}, "gws_admin_username: is required"),
    ({"genesys_validate_certs": "maybe"}, "genesys_validate_certs: must be true or false"),
    ({"nexus_db_password": ["a"]}, "nexus_db_password: must be a string, got a list"),
    ({"gws_url": "https://%s.example.com" % ("g" * 64)}, "gws_url: must have a host name of at most 253 characters"),
    ({"genesys_ca_path": "/nonexistent/ca.pem"}, "genesys_ca_path: must be the path of an existing file on the controller"),
    ({"nexus_db_ca_path": "/nonexistent/ca.pem"}, "nexus_db_ca_path: must be the path of an existing file on the controller"),
    ({"genesys_rotate": "nexus_client,bogus"},
     "genesys_rotate: cannot rotate 'bogus': known names are nexus_client, iwd_client, cluster_apikeys, tenant_apikeys"),
    ({"genesys_rotate": ["iwd_client", "cluster"]}, "genesys_rotate: cannot rotate 'cluster'"),
    ({"genesys_rotate": {"nexus_client": True}}, "genesys_rotate: must be a list of names or a comma-separated string, got a mapping"),
])
def test_environment_problems_name_the_variable(changes, message):
    found = environment(**changes)
    assert len(found) == 1 and found[0].startswith("group_vars/all: " + message), found


@pytest.mark.parametrize("changes, message", [
    ({"tenant_sms": "async"}, "tenant_sms: must be a mapping with provider gma or async, got a string"),
    ({"tenant_sms": {"provider": "twilio"}}, "tenant_sms.provider: must be one of gma, async, got 'twilio'"),
    ({"tenant_sms": {"provider": "async", "channels": []}}, "tenant_sms.channels: must be a non-empty list"),
    ({"tenant_sms": {"provider": "async", "channels": [{"channel_id": "1", "webhook_url": "hooks", "webhook_secret": "a",
                                                        "api_secret": "b"}]}},
     "tenant_sms.channels[0].webhook_url: must be an http:// or https:// URL"),
    ({"tenant_sms": {"provider": "gma", "gc_login_url": "https://l.example", "gc_api_url": "https://a.example",
                     "gc_client_id": "4da40a9d-b113-4024-8ba9-c9dd89c91f67"}}, "tenant_sms.gc_client_secret: is required"),
    ({"tenant_sms": {"provider": "gma", "gc_login_url": "https://l.example", "gc_api_url": "https://a.example",
                     "gc_client_id": "gc-client", "gc_client_secret": "s"}}, "tenant_sms.gc_client_id: must be a UUID"),
    ({"tenant_ucs_url": "ucs.example.com"}, "tenant_ucs_url: must be an http:// or https:// URL"),
    ({"tenant_ccid": "not-a-uuid"}, "tenant_ccid: must be a UUID, got 'not-a-uuid'"),
    ({"tenant_genesys_tenant_id": 0}, "tenant_genesys_tenant_id: must be 1 or more, got 0"),
    ({"tenant_apikeys": [{"name": "k", "permissions": ["consumer:chat"]}]},
     "tenant_apikeys[0].permissions[0]: must be a permission nexus:<area>:<name>"),
    ({"tenant_apikeys": [{"name": "k", "permissions": []}]}, "tenant_apikeys[0].permissions: must be a non-empty list"),
    ({"tenant_apikeys": [{"name": "k"}, {"name": "k"}]}, "tenant_apikeys: names the key 'k' more than once"),
    ({"tenant_apikeys": [{"name": "k", "permission": ["nexus:consumer:chat"]}]},
     "tenant_apikeys[0].permission: is not a known field"),
    ({"tenant_iwd": dict(TENANT["tenant_iwd"], apikey_tenant="iwd-key")}, "tenant_iwd.apikey_tenant: must be a UUID"),
    ({"tenant_iwd": dict(TENANT["tenant_iwd"], db={"host": "h", "port": -5, "database": "d", "user": "u", "password": "p"})},
     "tenant_iwd.db.port: must be from 1 to 65535, got -5"),
    ({"tenant_iwd": dict(TENANT["tenant_iwd"], db={"host": "h", "database": "d", "user": "u"})},
     "tenant_iwd.db.password: is required"),
    ({"tenant_sms": {"provider": "gma", "gc_login_url": "https://login.example.com", "gc_api_url": "https://api.example.com",
                     "gc_client_id": APIKEY, "gc_client_secret": "s", "order_timeout": -1}},
     "tenant_sms.order_timeout: must be 0 or more, got -1"),
    ({"tenant_iwd": dict(TENANT["tenant_iwd"], iwd_key_scope="both")}, "tenant_iwd.iwd_key_scope: must be one of tenant, cluster"),
    ({"tenant_iwd": dict(TENANT["tenant_iwd"], iwd_key_scope="cluster", apikey_tenant=None)}, "tenant_iwd.apikey_tenant: is required"),
    ({"tenant_name": "t100\n"}, "tenant_name: must be one line without control characters"),
    ({"tenant_name": "t" * 300}, "tenant_name: must be at most 255 characters, got 300"),
    ({"tenant_user_password": _inputs.MISSING}, "tenant_user_password: is required"),
])
def test_tenant_problems_name_the_tenant_and_the_variable(changes, message):
    found = tenant(**changes)
    assert len(found) == 1 and found[0].startswith("host_vars/t100: " + message), found


@pytest.mark.parametrize("source, variable, placeholder, message", [
    ("tenant", "tenant_user_password", "FILL-FROM-VAULT: tenant_user_password",
     "host_vars/t100: tenant_user_password: is still the placeholder 'FILL-FROM-VAULT: tenant_user_password' that "
     "export_inventory wrote: fill it from the vault"),
    ("tenant", "tenant_user", "FILL-IN: tenant_user",
     "host_vars/t100: tenant_user: is still the placeholder 'FILL-IN: tenant_user' that export_inventory wrote: fill it in"),
    ("environment", "nexus_client_secret", "FILL-FROM-VAULT: nexus_client_secret",
     "group_vars/all: nexus_client_secret: is still the placeholder 'FILL-FROM-VAULT: nexus_client_secret'"),
    ("environment", "gws_url", "FILL-IN: gws_url", "group_vars/all: gws_url: is still the placeholder"),
])
def test_an_unfilled_placeholder_of_the_export_is_refused(source, variable, placeholder, message):
    found = tenant(**{variable: placeholder}) if source == "tenant" else environment(**{variable: placeholder})
    assert len(found) == 1 and found[0].startswith(message), found


def test_iwd_apikey_tenant_is_optional_with_the_tenants_own_key():
    """With iwd_key_scope tenant (the default), the tenant's own iWD key stands for IWD_APIKEY_TENANT."""
    without = dict(TENANT["tenant_iwd"])
    del without["apikey_tenant"]
    assert tenant(tenant_iwd=without) == []
    assert tenant(tenant_iwd=dict(without, iwd_key_scope="tenant")) == []


def test_iwd_needs_the_environment_to_have_it():
    assert tenant(env=dict(ENVIRONMENT, iwd_url=None)) == [
        "host_vars/t100: tenant_iwd: needs iwd_url in group_vars/all, the IWD of the environment"]
    assert tenant(env=dict(ENVIRONMENT, iwd_url=None), tenant_iwd=None) == []


def test_removal_checks_only_what_removal_reads():
    assert tenant(removal=True, tenant_sms="async", tenant_ucs_url="nope") == []
    assert tenant(removal=True, tenant_ccid="x") == ["host_vars/t100: tenant_ccid: must be a UUID, got 'x'"]
    assert environment(nexus_gapis_region="two\nlines") != []
    assert _inputs.environment_problems(dict(ENVIRONMENT, nexus_gapis_region="two\nlines"), removal=True) == []
    # The removal's locks live in the Digital Channels database: its login is checked.
    assert [problem[0] for problem in _inputs.environment_problems(dict(ENVIRONMENT, nexus_db_port=0), removal=True)] == [
        "nexus_db_port"]


def test_every_problem_is_reported_and_no_secret_shown():
    bad_secret = {"tenant_user_password": ["Tenant-S3cret"], "tenant_iwd": dict(TENANT["tenant_iwd"], apikey_tenant="Iwd-Key-S3cret"),
                  "tenant_sms": {"provider": "async", "channels": [{"channel_id": "1", "webhook_url": "https://h.example",
                                                                    "webhook_secret": "Wh-S3cret\x00", "api_secret": ""}]}}
    found = tenant(**bad_secret)
    assert [m.split(": ")[1] for m in found] == [
        "tenant_user_password", "tenant_sms.channels[0].webhook_secret", "tenant_sms.channels[0].api_secret",
        "tenant_iwd.apikey_tenant"]
    text = "\n".join(found + environment(gws_admin_password=12.5))
    assert not [s for s in SECRETS + ("Iwd-Key-S3cret",) if s in text]


GMA = {"provider": "gma", "gc_login_url": "https://login.example", "gc_api_url": "https://api.example",
       "gc_client_id": "4da40a9d-b113-4024-8ba9-c9dd89c91f67", "gc_client_secret": "Gc-S3cret"}
NUMBERS = [{"number": "+18885550101", "purpose": "SMS_Main_Corporate", "designer_endpoint": "SMS_Main"},
           {"number": "+18885550102", "cxc_only": True}]


def test_toll_free_numbers_are_valid_with_gma():
    sms = dict(GMA, numbers=NUMBERS, email_address="sms.admin@example.com", comment="ACME Corp", on_webhook_drift="fail")
    assert tenant(tenant_sms=sms) == []
    assert tenant(tenant_sms=dict(GMA, numbers=[])) == []


@pytest.mark.parametrize("changes, message", [
    ({"numbers": [{"number": 18885550101}]},
     'tenant_sms.numbers[0].number: must be a quoted string (YAML reads +18885550101 unquoted as a number)'),
    ({"numbers": [{"number": "18885550101"}]}, "tenant_sms.numbers[0].number: must be an E.164 number such as +18885550101"),
    ({"numbers": [{"number": "+1 888 555 0101"}]}, "tenant_sms.numbers[0].number: must be an E.164 number"),
    ({"numbers": [{"purpose": "SMS_Main"}]}, "tenant_sms.numbers[0].number: is required"),
    ({"numbers": [{"number": "+18885550101", "purpose": "SMS Main"}]},
     "tenant_sms.numbers[0].purpose: must be letters, underscores and dashes, no digits or spaces"),
    # Seed 003: letters and underscores or dashes after chat.: a digit breaks the section name.
    ({"numbers": [{"number": "+18885550101", "purpose": "SMS_2024"}]},
     "tenant_sms.numbers[0].purpose: must be letters, underscores and dashes, no digits or spaces (the section "
     "chat.<purpose>), got 'SMS_2024'"),
    ({"numbers": [{"number": "+18885550101", "count": 2}]}, "tenant_sms.numbers[0].count: is not a known field"),
    ({"numbers": [{"number": "+18885550101", "cxc_only": "perhaps"}]}, "tenant_sms.numbers[0].cxc_only: must be true or false"),
    ({"numbers": [{"number": "+18885550101"}, {"number": "+18885550101", "purpose": "Other"}]},
     "tenant_sms.numbers: names the number +18885550101 more than once"),
    ({"numbers": [{"number": "+18885550101", "purpose": "SMS_Main"}, {"number": "+18885550102", "purpose": "SMS_Main"}]},
     "tenant_sms.numbers: gives the purpose SMS_Main to more than one number"),
    # The default purpose is SMS_<digits spelled>: a given one may collide with it.
    ({"numbers": [{"number": "+18885550101"}, {"number": "+18885550102", "purpose": "SMS_OneEightEightEightFiveFiveFiveZeroOneZeroOne"}]},
     "tenant_sms.numbers: gives the purpose SMS_OneEightEightEightFiveFiveFiveZeroOneZeroOne to more than one number"),
    ({"numbers": 2}, "tenant_sms.numbers: must be a list of numbers ({number, purpose, designer_endpoint, cxc_only}), got a number"),
    ({"numbers": [{"number": "+18885550101"}], "email_address": None},
     "tenant_sms.email_address: is required with numbers"),
    ({"email_address": "sms.admin"}, "tenant_sms.email_address: must be an email address such as sms.admin@example.com"),
    ({"on_webhook_drift": "fix"}, "tenant_sms.on_webhook_drift: must be one of warn, fail, got 'fix'"),
    ({"comment": "line\nbreak"}, "tenant_sms.comment: must be one line without control characters"),
])
def test_toll_free_number_problems_name_the_variable(changes, message):
    sms = dict(GMA, numbers=NUMBERS, email_address="sms.admin@example.com")
    sms = {k: v for k, v in dict(sms, **changes).items() if v is not None}
    found = tenant(tenant_sms=sms)
    assert len(found) == 1 and found[0].startswith("host_vars/t100: " + message), found


def test_toll_free_numbers_only_with_gma():
    found = tenant(tenant_sms=dict(TENANT["tenant_sms"], numbers=NUMBERS, email_address="sms.admin@example.com"))
    assert found == ["host_vars/t100: tenant_sms.%s: only with provider gma: Genesys Cloud's toll-free numbers; a custom "
                     "gateway's numbers are its channels" % key for key in ("numbers", "email_address")]


@pytest.mark.parametrize("headers, message", [
    ({"headers": {"X-Tenant": "t100"}, "secret_headers": {"X-Token": "Hdr-S3cret"}}, None),
    ({"headers": {"X Tenant": "t100"}}, "tenant_sms.channels[0].headers: 'X Tenant': must be an HTTP header name"),
    ({"headers": ["X-Tenant"]}, "tenant_sms.channels[0].headers: must be a mapping of header names to values, got a list"),
    ({"headers": {"X-Tenant": "two\nlines"}}, "tenant_sms.channels[0].headers.X-Tenant: must be one line"),
    ({"secret_headers": {"X-Token": ""}}, "tenant_sms.channels[0].secret_headers.X-Token: must not be empty"),
    ({"headers": {"X-Token": "a"}, "secret_headers": {"x-token": "Hdr-S3cret"}},
     "tenant_sms.channels[0].secret_headers.x-token: is in headers too"),
])
def test_custom_gateway_headers_are_checked(headers, message):
    channels = [dict(TENANT["tenant_sms"]["channels"][0], **headers)]
    found = tenant(tenant_sms=dict(TENANT["tenant_sms"], channels=channels))
    if message is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith("host_vars/t100: " + message), found
        # A secret header's value is never shown.
        assert "Hdr-S3cret" not in found[0]


def test_custom_gateway_channels_take_their_section_values():
    channels = [dict(TENANT["tenant_sms"]["channels"][0], purpose="SMS_Main", designer_endpoint="SMS_Main", cxc_only=False)]
    assert tenant(tenant_sms=dict(TENANT["tenant_sms"], channels=channels)) == []
    channels[0]["purpose"] = "chat.SMS"
    assert tenant(tenant_sms=dict(TENANT["tenant_sms"], channels=channels)) == [
        "host_vars/t100: tenant_sms.channels[0].purpose: must be letters, underscores and dashes, no digits or spaces "
        "(the section chat.<purpose>), got 'chat.SMS'"]


def test_values_are_described_in_yaml_words_whatever_type_ansible_gives_them():
    try:  # ansible-core 2.19 hands templates and inventory values over as its own tagged types
        from ansible.template import trust_as_template  # pylint: disable=import-outside-toplevel
    except ImportError:
        def trust_as_template(value):
            return value
    tagged = trust_as_template("t100")
    assert _inputs.kind(tagged) == "a string"
    assert [_inputs.kind(value) for value in (None, True, 3, 1.5, {}, [], b"x")] == [
        "null", "a boolean", "a number", "a number", "a mapping", "a list", "a value of type bytes"]
    assert _inputs.check_fields("tenant_iwd", tagged, {"tenant_id": _inputs.text}) == [("tenant_iwd", "must be a mapping, got a string")]
