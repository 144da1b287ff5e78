"""Running the collection's playbooks against a sandbox, and reading what they did."""

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import yaml

RECAP = re.compile(r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)\s+"
                   r"failed=(?P<failed>\d+)\s+skipped=(?P<skipped>\d+)\s+rescued=(?P<rescued>\d+)\s+ignored=(?P<ignored>\d+)",
                   re.MULTILINE)
SECRET_KEY = re.compile(r"password|secret|apikey_")


def ansible_playbook():
    """The ansible-playbook of the environment running the tests."""
    beside = Path(sys.executable).with_name("ansible-playbook")
    return str(beside) if beside.exists() else shutil.which("ansible-playbook")


def collection_dir(collections_path):
    """The collection under test, in ANSIBLE_COLLECTIONS_PATH."""
    for path in collections_path.split(os.pathsep):
        candidate = Path(path) / "ansible_collections" / "genesys" / "multicloud"
        if candidate.is_dir():
            return candidate
    raise AssertionError("no genesys.multicloud under ANSIBLE_COLLECTIONS_PATH=%s" % collections_path)


def recap(output):
    """PLAY RECAP counters by host."""
    return {m["host"]: {k: int(v) for k, v in m.groupdict().items() if k != "host"} for m in RECAP.finditer(output)}


def leaks(text, secrets):
    """The secrets found in ``text``, as written or as JSON or a URL would escape them."""
    found = []
    for secret in secrets:
        forms = {secret, json.dumps(secret)[1:-1], urllib.parse.quote(secret, safe="")}
        if any(form in text for form in forms):
            found.append(secret)
    return sorted(found)


def secret_values(value, key=""):
    """Every string under a key that names a secret, in nested inventory data."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in secret_values(v, str(k))]
    if isinstance(value, list):
        return [s for item in value for s in secret_values(item, key)]
    return [value] if isinstance(value, str) and SECRET_KEY.search(key) else []


class Run:
    """One ansible-playbook run: return code, whole output, recap."""

    def __init__(self, args, completed):
        self.args = args
        self.rc = completed.returncode
        self.output = completed.stdout
        self.recap = recap(self.output)

    def __repr__(self):
        return "ansible-playbook %s: rc=%s\n%s" % (" ".join(self.args), self.rc, self.output[-6000:])


class Inventory:
    """A sandbox's inventory in ``directory``, and what the playbooks write beside it."""

    def __init__(self, directory, sandbox):
        self.directory = Path(directory)
        self.sandbox = sandbox
        self.secrets_dir = self.directory / ".genesys-secrets"
        self.output_dir = self.directory / ".genesys-output"

    def run(self, playbook, *args, **environment):
        command = [ansible_playbook(), "genesys.multicloud." + playbook, "-i", str(self.directory), *args]
        env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0",
                   ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default", ANSIBLE_RETRY_FILES_ENABLED="0", **environment)
        completed = subprocess.run(command, cwd=str(self.directory), env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, timeout=900, check=False)
        return Run([playbook, *args], completed)

    def host_vars(self, host):
        return yaml.safe_load((self.directory / "host_vars" / (host + ".yml")).read_text(encoding="utf-8"))

    def set_host_var(self, host, name, value):
        values = self.host_vars(host)
        values[name] = value
        (self.directory / "host_vars" / (host + ".yml")).write_text(yaml.safe_dump(values), encoding="utf-8")

    def group_vars(self):
        return yaml.safe_load((self.directory / "group_vars" / "all.yml").read_text(encoding="utf-8"))

    def set_group_var(self, name, value):
        values = self.group_vars()
        values[name] = value
        (self.directory / "group_vars" / "all.yml").write_text(yaml.safe_dump(values), encoding="utf-8")

    def environment(self):
        """What the environment role stored: the cluster key ids."""
        return json.loads((self.secrets_dir / "environment.json").read_text(encoding="utf-8"))

    def output(self, host):
        return json.loads((self.output_dir / (host + ".json")).read_text(encoding="utf-8"))

    def ccid(self, host):
        return next(c["id"] for c in self.sandbox.config["contact_centers"] if host in c["domains"])

    def secrets(self):
        """Every secret of the run: the inventory's, the generated client secrets, the tenants'
        xapikeys and every API key id Digital Channels holds."""
        found = set(secret_values(yaml.safe_load((self.directory / "group_vars" / "all.yml").read_text(encoding="utf-8"))))
        for path in (self.directory / "host_vars").glob("*.yml"):
            found.update(secret_values(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for path in self.secrets_dir.glob("*_secret"):
            found.add(path.read_text(encoding="utf-8").strip())
        for path in self.output_dir.glob("*.json"):
            output = json.loads(path.read_text(encoding="utf-8"))
            found.add(output.get("xapikey"))
            found.update(output.get("apikeys", {}).values())
        found.update(key["id"] for key in self.sandbox.state()["apikeys"])
        found.discard(None)
        return found
