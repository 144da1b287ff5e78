"""The example inventory of the documentation is valid for the roles, as a user would copy it."""

import os
import subprocess
from pathlib import Path

from playbook_helpers import ansible_playbook, collection_dir, recap

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "docs" / "inventory-example"
VAULT_PASSWORD = "example-only"  # docs/inventory-example/README.md


def validate(collections_path, tmp_path, *args):
    password = tmp_path / "vault-password"
    password.write_text(VAULT_PASSWORD + "\n", encoding="utf-8")
    command = [ansible_playbook(), str(HERE / "validate_inventory.yml"), "-i", str(EXAMPLE),
               "--vault-id", "example@%s" % password, "-e", "collection_dir=%s" % collection_dir(collections_path), *args]
    completed = subprocess.run(command, env=dict(os.environ, ANSIBLE_NOCOLOR="1"), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    return completed.returncode, completed.stdout


def test_example_inventory_is_valid(collections_path, tmp_path):
    rc, output = validate(collections_path, tmp_path)
    assert rc == 0, output
    assert sorted(recap(output)) == ["t100", "t200", "t300"]


def test_validation_rejects_a_wrong_inventory(collections_path, tmp_path):
    rc, output = validate(collections_path, tmp_path, "-e", '{"tenant_sms": {"provider": "sms-gateway"}}')
    assert rc != 0
    assert all(counts["failed"] == 1 for counts in recap(output).values()), output
    assert "tenant_sms" in output and "provider" in output
