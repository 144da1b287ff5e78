# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``query`` option of the info modules: JMESPath on what they return, bad expressions
refused before any request."""

from __future__ import annotations

import importlib

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils import _query
from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._module import module_kwargs
from ansible_collections.genesys.multicloud.plugins.module_utils._query import apply_query, compile_query
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params

INFO_MODULES = ("gws_contact_center_info", "nexus_apikey_info", "nexus_health_info", "nexus_service_info", "nexus_tenant_info")
KEYS = {"changed": False, "apikeys": [{"name": "A", "enabled": True}, {"name": "B", "enabled": False}],
        "_secret_values": ["s3cret"]}


def test_query_selects_from_the_returned_values():
    result = apply_query(dict(KEYS), compile_query({"query": "apikeys[?enabled].name"}))
    assert result["query_result"] == ["A"]
    assert result["apikeys"] == KEYS["apikeys"] and result["changed"] is False


def test_query_sees_neither_changed_nor_reserved_keys():
    assert apply_query(dict(KEYS), compile_query({"query": "changed"}))["query_result"] is None
    assert apply_query(dict(KEYS), compile_query({"query": "_secret_values"}))["query_result"] is None


def test_without_query_the_result_is_unchanged():
    assert compile_query({"query": None}) is None
    assert apply_query(dict(KEYS), None) == KEYS


def test_a_bad_expression_fails_naming_the_option():
    with pytest.raises(GenesysError, match="^query: not a JMESPath expression"):
        compile_query({"query": "apikeys[?"})


def test_without_jmespath_a_query_fails_naming_it(monkeypatch):
    monkeypatch.setattr(_query, "HAS_JMESPATH", False)
    with pytest.raises(GenesysError, match="^query: .*jmespath"):
        compile_query({"query": "apikeys"})


@pytest.mark.parametrize("name", INFO_MODULES)
def test_every_info_module_takes_query_and_checks_it_before_any_request(name, session):
    module = importlib.import_module("ansible_collections.genesys.multicloud.plugins.modules." + name)
    assert module.ARGUMENT_SPEC["query"] == {"type": "str"}
    values = dict(nexus_url="https://nexus.example.com", auth_url="https://auth.example.com",
                  gws_admin_username="ops", gws_admin_password="pw", api_key="k", token="t",
                  ccid="9350e2fc-a1dd-4c65-8d40-1f75a2e080dd", query="[?")
    options = module_kwargs(module)["argument_spec"]
    params = module_params(module, **dict((key, value) for key, value in values.items() if key in options))
    with pytest.raises(GenesysError, match="^query: "):
        module.run(params, False, session=session)
    assert session.calls == []
