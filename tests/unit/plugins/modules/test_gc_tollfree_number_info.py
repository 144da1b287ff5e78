# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.genesys.multicloud.plugins.module_utils._errors import GenesysError
from ansible_collections.genesys.multicloud.plugins.module_utils._gcloud import TOKEN
from ansible_collections.genesys.multicloud.plugins.modules import gc_tollfree_number, gc_tollfree_number_info
from ansible_collections.genesys.multicloud.tests.unit.module_params import module_params
from ansible_collections.genesys.multicloud.tests.unit.plugins.modules.gcloud_fake import (
    API_URL, CCID, CLIENT_ID, CLIENT_SECRET, LOGIN_URL, Organization, entry)

OTHER = "1b2c3d4e-6f70-4a81-92b3-200000000200"


def run(session, check_mode=False, **overrides):
    values = dict(gc_login_url=LOGIN_URL, gc_api_url=API_URL, gc_client_id=CLIENT_ID, gc_client_secret=CLIENT_SECRET)
    values.update(overrides)
    return gc_tollfree_number_info.run(module_params(gc_tollfree_number_info, **values), check_mode, session=session)


def test_lists_every_number_of_the_organization(session):
    Organization(session, owned=[entry("+18885550101"), entry("+18885550102", ccid=OTHER)])
    result = run(session)
    assert result["changed"] is False
    assert [number["tollfreeNumber"] for number in result["numbers"]] == ["+18885550101", "+18885550102"]
    assert "available" not in result
    assert session.writes() == []


def test_lists_the_numbers_of_one_tenant_and_the_available_ones(session):
    Organization(session, owned=[entry("+18885550101", ccid=CCID.upper()), entry("+18885550102", ccid=OTHER)],
                 pool=["+18775550106", "+18775550107"])
    result = run(session, ccid=CCID, available=True)
    assert [number["tollfreeNumber"] for number in result["numbers"]] == ["+18885550101"]
    assert result["available"] == ["+18775550106", "+18775550107"]
    assert session.writes() == []


def test_a_bad_ccid_fails_before_any_request(session):
    with pytest.raises(GenesysError, match="ccid: must be a UUID"):
        run(session, ccid="t100")
    assert session.calls == []


def test_the_token_cached_by_gc_tollfree_number_serves_the_reading(session, tmp_path):
    org = Organization(session, owned=[entry("+18885550101")])
    cache = str(tmp_path / "tokens")
    values = dict(gc_login_url=LOGIN_URL, gc_api_url=API_URL, gc_client_id=CLIENT_ID, gc_client_secret=CLIENT_SECRET,
                  nexus_url="https://nexus.example.com", ccid=CCID, numbers=[{"number": "+18885550101"}], token_cache=cache)
    gc_tollfree_number.run(module_params(gc_tollfree_number, **values), False, session=session)
    assert [number["tollfreeNumber"] for number in run(session, ccid=CCID, token_cache=cache)["numbers"]] == ["+18885550101"]
    assert [call for call in session.calls if call["path"] == TOKEN] == [session.calls[0]] and org.tokens == 1


def test_check_mode_reads_without_creating_the_token_cache(session, tmp_path):
    Organization(session, owned=[entry("+18885550101")])
    cache = tmp_path / "tokens"
    assert len(run(session, check_mode=True, token_cache=str(cache))["numbers"]) == 1
    assert not cache.exists()
