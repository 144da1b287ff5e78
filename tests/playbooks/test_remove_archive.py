"""remove_tenant keeps the tenant's output file, the only copy of its xapikey and key ids: moved beside itself,
named with the tenant and the UTC time, 0600, and named in the summary; check mode moves nothing.
"""

import re
from datetime import datetime, timezone

from playbook_helpers import leaks
from test_playbooks import mode

ARCHIVE = re.compile(r"^t200\.removed-(\d{8}T\d{6}Z)\.json$")


def archives(inventory):
    return sorted(path.name for path in inventory.output_dir.iterdir() if ARCHIVE.match(path.name))


def test_removal_archives_the_output_file(inventory):
    enabled = inventory.run("enable_tenant", "--limit", "t200")
    assert enabled.rc == 0, enabled
    output_file = inventory.output_dir / "t200.json"
    content = output_file.read_bytes()

    check = inventory.run("remove_tenant", "--limit", "t200", "--check")
    assert check.rc == 0, check
    assert output_file.read_bytes() == content and archives(inventory) == []
    assert "output file would be archived as %s/t200.removed-" % inventory.output_dir in check.output, check

    started = datetime.now(timezone.utc).replace(microsecond=0)
    removal = inventory.run("remove_tenant", "--limit", "t200")
    assert removal.rc == 0, removal
    assert not output_file.exists()
    [name] = archives(inventory)
    archive = inventory.output_dir / name
    assert archive.read_bytes() == content and mode(archive) == 0o600 and mode(inventory.output_dir) == 0o700
    moment = datetime.strptime(ARCHIVE.match(name).group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    assert started <= moment <= datetime.now(timezone.utc)
    assert '"output file archived as %s"' % archive in removal.output, removal
    assert leaks(removal.output, inventory.secrets()) == []

    # Nothing left to remove: nothing moves, the archive stays as it is.
    again = inventory.run("remove_tenant", "--limit", "t200")
    assert again.rc == 0 and again.recap["t200"]["changed"] == 0, again
    assert archives(inventory) == [name] and archive.read_bytes() == content
    assert "archived as" not in again.output
