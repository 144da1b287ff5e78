# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import importlib

import pytest
from ansible.module_utils.basic import PASSWORD_MATCH

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import (
    SECRET_MASK, check_common, check_url, check_uuid, connection_argument_spec, diff, differences, given_fields, masked,
    require, write_only_diff)


def test_differences_compares_only_what_is_given():
    current = {"name": "a", "scope": ["x", "y"], "enabled": True}
    assert differences(current, {"name": "a", "enabled": None}) == {}
    assert differences(current, {"name": "b"}) == {"name": "b"}
    assert differences(current, {"new": 1}) == {"new": 1}


def test_differences_unordered_lists():
    current = {"scope": ["x", "y"]}
    assert differences(current, {"scope": ["y", "x"]}, unordered=("scope",)) == {}
    assert differences(current, {"scope": ["y", "x"]}) == {"scope": ["y", "x"]}
    assert differences(current, {"scope": ["x"]}, unordered=("scope",)) == {"scope": ["x"]}


def test_masked_hides_nested_secrets_without_touching_the_input():
    value = {"url": "u", "secret": {"clientSecret": "s"}, "list": [{"password": "p", "user": "u"}]}
    shown = masked(value, ("secret", "password"))
    assert shown == {"url": "u", "secret": SECRET_MASK, "list": [{"password": SECRET_MASK, "user": "u"}]}
    assert value["secret"] == {"clientSecret": "s"}


def test_diff_uses_empty_dict_for_absent():
    assert diff(None, {"a": 1}) == {"before": {}, "after": {"a": 1}}


@pytest.mark.parametrize("url", ["auth.example.com", "ftp://x", "https://", ""])
def test_check_url_rejects_and_names_the_field(url):
    with pytest.raises(GenesysError, match="^auth_url: "):
        check_url(url, "auth_url")


def test_check_url_accepts_http_and_https():
    assert check_url("https://auth.example.com/base", "auth_url") == "https://auth.example.com/base"
    assert check_url("http://127.0.0.1:8080", "auth_url") == "http://127.0.0.1:8080"


def test_check_uuid():
    assert check_uuid("9350e2fc-a1dd-4c65-8d1f-3b2c1a0f9e8d", "ccid")
    with pytest.raises(GenesysError, match="^ccid: must be a UUID"):
        check_uuid("9350e2fc-a1dd-4c65-", "ccid")


def test_check_common_rejects_bad_shared_options():
    with pytest.raises(GenesysError, match="^nexus_url"):
        check_common({"nexus_url": "nexus.example.com"})
    with pytest.raises(GenesysError, match="^timeout"):
        check_common({"timeout": 0})
    with pytest.raises(GenesysError, match="^retries"):
        check_common({"retries": -1})
    check_common({"auth_url": "https://a.example.com", "timeout": 5, "retries": 0})


def test_require_names_every_missing_option():
    with pytest.raises(GenesysError, match="missing required options auth_url, token: needed here"):
        require({"auth_url": None, "token": "", "x": 1}, ("auth_url", "token", "x"), "here")


def test_every_secret_option_is_no_log():
    spec = connection_argument_spec()
    # token_cache names a directory, not a token.
    secrets = [name for name in spec if any(word in name for word in ("password", "secret", "token", "key"))
               and name != "token_cache"]
    assert sorted(secrets) == ["api_key", "gws_admin_password", "oauth_client_secret", "token"]
    assert all(spec[name].get("no_log") for name in secrets)


def test_given_fields_maps_only_the_options_set():
    fields = {"name": "name", "client_type": "clientType", "scope": "scope"}
    assert given_fields({"name": "n", "client_type": None, "scope": [], "other": 1}, fields) == {"name": "n", "scope": []}


def test_write_only_diff_never_shows_the_value():
    before, after = {"url": "a"}, {"url": "b"}
    assert write_only_diff(before, after) == {"before": {"url": "a"}, "after": {"url": "b"}}
    assert write_only_diff(None, after, "token", "password") == {
        "before": {"token": "(previous password)"}, "after": {"url": "b", "token": "(new password)"}}
    assert before == {"url": "a"} and after == {"url": "b"}


def _options(spec, prefix=""):
    for name, option in spec.items():
        yield prefix + name, option
        for sub_name, sub_option in _options(option.get("options") or {}, prefix + name + "."):
            yield sub_name, sub_option


from ansible_collections.genesys.multicloud.tests.unit.module_params import MODULES


@pytest.mark.parametrize("module_name", MODULES)
def test_no_option_makes_ansible_warn_about_no_log(module_name):
    """AnsibleModule warns "Module did not set no_log for X" on every run for an option named like a
    password whose no_log is not set, whether it is a secret or not; the sanity test does not see it
    when the option has choices."""
    module = importlib.import_module("ansible_collections.genesys.multicloud.plugins.modules." + module_name)
    spec = dict(connection_argument_spec(), **module.ARGUMENT_SPEC)
    unset = [name for name, option in _options(spec)
             if PASSWORD_MATCH.search(name.rsplit(".", 1)[-1]) and option.get("no_log") is None]
    assert unset == []
