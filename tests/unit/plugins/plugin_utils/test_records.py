# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.genesys.multicloud.plugins.plugin_utils._records import SECRET_MASK, masked_record

DESIGNER = {"step": "Enable routing using Designer Applications",
            "options": [{"option": "url", "value": "/nexus/v3"}, {"option": "password", "value": "old-designer-id"}]}


def test_every_secret_of_a_record_is_masked_wherever_it_shows():
    record = {"xapikey": "x-1", "apikeys": {"API key for t100": "k-1", "Designer API key": "new-designer-id"},
              "rotations": {"API key for t100": {"old": "k-0"}}, "note": "k-0 and more", "manual_steps": [DESIGNER]}
    shown = masked_record(record, record)
    assert shown["xapikey"] == SECRET_MASK and shown["apikeys"] == dict.fromkeys(record["apikeys"], SECRET_MASK)
    assert shown["rotations"] == {"API key for t100": {"old": SECRET_MASK}} and shown["note"] == SECRET_MASK
    # After a rotation the manual steps may still hold the old Designer key, which apikeys no longer names.
    assert shown["manual_steps"][0]["options"] == [{"option": "url", "value": "/nexus/v3"},
                                                   {"option": "password", "value": SECRET_MASK}]


def test_the_secret_headers_of_a_section_are_masked():
    section = {"step": "nexus_services_section", "section": "chat.SMS_Main",
               "options": {"channelId": "+16504661149", "header:X-Tenant": "t200", "header:X-Token": "Hdr-S3cret"},
               "secret_options": ["header:X-Token"]}
    record = {"manual_steps": [section], "note": "sent with Hdr-S3cret"}
    shown = masked_record(record, record)
    assert shown["manual_steps"][0]["options"] == dict(section["options"], **{"header:X-Token": SECRET_MASK})
    assert shown["note"] == SECRET_MASK
