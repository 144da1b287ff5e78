"""enable_tenant through ansible-runner, the way AWX and automation controller run a job.

The private data directory is laid out as AWX lays it out: the project (a playbook importing the
collection's, as extensions/awx/README.md tells users to keep in theirs), the inventory as AWX
exports it to a job (an executable script printing JSON), env/extravars holding what the
credential types of extensions/awx inject (rendered from their injectors as AWX renders them),
env/envvars and env/settings. The checks are those of a workflow: the job succeeds, a second job
changes nothing, the set_stats artifact carries every tenant, and no secret reaches what AWX
stores and shows (stdout, every job event, the artifacts).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import ansible_runner
import jinja2.sandbox
import yaml

from playbook_helpers import leaks

REPO = Path(__file__).resolve().parents[2]
CREDENTIAL_TYPES = REPO / "extensions" / "awx" / "credential_types.yml"
TENANTS = ("t100", "t200", "t300")


def credential_extravars(environment):
    """The extra vars of the GWS admin and Digital Channels database credentials, filled from the
    sandbox's inventory, as AWX renders the injectors of their credential types."""
    types = {t["name"]: t for t in yaml.safe_load(CREDENTIAL_TYPES.read_text(encoding="utf-8"))["genesys_credential_types"]}
    inputs = {
        "Genesys GWS admin": {"username": environment["gws_admin_username"], "password": environment["gws_admin_password"]},
        "Genesys Digital Channels database": {
            "host": environment["nexus_db_host"], "port": str(environment["nexus_db_port"]),
            "name": environment["nexus_db_name"], "username": environment["nexus_db_user"],
            "password": environment["nexus_db_password"], "sslmode": "prefer",
        },
    }
    sandboxed = jinja2.sandbox.SandboxedEnvironment()
    extravars = {}
    for name, values in inputs.items():
        for variable, template in types[name]["injectors"]["extra_vars"].items():
            extravars[variable] = sandboxed.from_string(template).render(**values)
    return extravars


def private_data_dir(root, inventory, collections_path, hosts=None, keep=None, extra=None):
    """An AWX job's private data directory for enable_tenant (and enable_environment) on ``inventory``:
    with ``hosts``, only those (a job slice); ``keep``, the directory holding its secrets and output
    (default the inventory's); ``extra``, extra vars of the job template."""
    root.mkdir()
    (root / "project").mkdir()
    for playbook in ("enable_tenant", "enable_environment"):
        (root / "project" / (playbook + ".yml")).write_text(
            "---\n- name: Run %s\n  ansible.builtin.import_playbook: genesys.multicloud.%s\n" % (playbook, playbook),
            encoding="utf-8")

    # The inventory as AWX hands it to a job: imported from the project, without the variables
    # the credentials inject, then printed as JSON by an executable script.
    exported = json.loads(subprocess.run(
        [str(Path(sys.executable).with_name("ansible-inventory")), "-i", str(inventory.directory), "--list", "--export"],
        check=True, stdout=subprocess.PIPE, text=True).stdout)
    environment = exported["all"]["vars"]
    extravars = dict(credential_extravars(environment), **(extra or {}))
    for variable in extravars:
        environment.pop(variable, None)
    # What a job must keep lives on a path exposed to jobs ("Paths to expose to isolated jobs").
    environment["genesys_secrets_dir"] = str(keep / "secrets" if keep else inventory.secrets_dir)
    environment["genesys_output_dir"] = str(keep / "output" if keep else inventory.output_dir)
    if hosts is not None:
        # A job slice: AWX hands each slice's job an inventory of its own hosts only.
        exported["nexus_tenants"]["hosts"] = [host for host in exported["nexus_tenants"]["hosts"] if host in hosts]
        exported["_meta"]["hostvars"] = dict((host, exported["_meta"]["hostvars"][host]) for host in hosts)
    (root / "inventory").mkdir()
    script = root / "inventory" / "hosts"
    script.write_text("#!%s\nimport sys\nsys.stdout.write(%r)\n" % (sys.executable, json.dumps(exported)), encoding="utf-8")
    script.chmod(0o700)

    (root / "env").mkdir()
    (root / "env" / "extravars").write_text(yaml.safe_dump(extravars), encoding="utf-8")
    (root / "env" / "envvars").write_text(yaml.safe_dump({
        "ANSIBLE_COLLECTIONS_PATH": collections_path,
        "ANSIBLE_FORCE_COLOR": "False",
        "ANSIBLE_HOST_KEY_CHECKING": "False",
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "True",
        "ANSIBLE_PARAMIKO_RECORD_HOST_KEYS": "False",
        "ANSIBLE_RETRY_FILES_ENABLED": "False",
        "ANSIBLE_UNSAFE_WRITES": "1",
        "AWX_HOST": "https://awx.example.com",
        "JOB_ID": "1",
        "MAX_EVENT_RES": "700000",
    }), encoding="utf-8")
    (root / "env" / "settings").write_text(yaml.safe_dump({
        "idle_timeout": 0, "job_timeout": 0, "pexpect_timeout": 5, "suppress_ansible_output": True,
    }), encoding="utf-8")
    return extravars


def run_job(root, ident, playbook="enable_tenant.yml"):
    return ansible_runner.run(private_data_dir=str(root), playbook=playbook, ident=ident, quiet=True)


def stats_event(runner):
    return next(e for e in runner.events if e["event"] == "playbook_on_stats")


def stored_texts(root, ident):
    """Everything AWX keeps of a job: its stdout, its job events, every file of its artifacts."""
    artifacts = root / "artifacts" / ident
    texts = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8", errors="replace")
             for path in artifacts.rglob("*") if path.is_file()}
    assert "artifacts/%s/stdout" % ident in texts and any("/job_events/" in name for name in texts), sorted(texts)
    return texts


def test_enable_tenant_through_ansible_runner(inventory, collections_path, tmp_path, monkeypatch):
    # ansible-runner starts the ansible-playbook it finds on PATH: the one beside the tests' Python.
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    root = tmp_path / "awx-job"
    extravars = private_data_dir(root, inventory, collections_path)
    assert extravars["gws_admin_password"] and extravars["nexus_db_password"]

    first = run_job(root, "1")
    assert (first.status, first.rc) == ("successful", 0), first.stdout.read()
    stats = stats_event(first)["event_data"]
    assert sorted(stats["ok"]) == list(TENANTS) and not stats["failures"] and not stats["dark"]
    assert all(stats["changed"].get(host) for host in TENANTS), stats["changed"]

    second = run_job(root, "2")
    assert (second.status, second.rc) == ("successful", 0), second.stdout.read()
    stats = stats_event(second)["event_data"]
    assert sorted(stats["ok"]) == list(TENANTS)
    assert not any(stats["changed"].values()), stats["changed"]

    # What a workflow template passes on to the next node (CONTRACT: set_stats genesys_tenants).
    tenants = stats["artifact_data"]["genesys_tenants"]
    assert sorted(tenants) == list(TENANTS)
    for host in TENANTS:
        assert tenants[host]["ccid"] == inventory.ccid(host) == inventory.output(host)["ccid"]

    secrets = inventory.secrets()
    assert extravars["gws_admin_password"] in secrets and extravars["nexus_db_password"] in secrets
    assert all(inventory.output(host)["xapikey"] in secrets for host in TENANTS)
    for ident in ("1", "2"):
        for name, text in stored_texts(root, ident).items():
            assert not leaks(text, secrets), "%s shows %s" % (name, leaks(text, secrets))


def test_the_workflow_environment_once_then_tenants_in_slices(inventory, collections_path, tmp_path, monkeypatch):
    """extensions/awx's workflow: enable_environment, then enable_tenant in slices (each its own job, private
    data directory and kept directories, as on separate execution nodes) with genesys_environment_readonly."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    # IWD's client secret cannot be read back from Genesys: a sliced workflow keeps it in the vault.
    vault = {"iwd_client_secret": "Iwd-Client-Secret-From-Vault-1"}
    early = tmp_path / "too-early"
    private_data_dir(early, inventory, collections_path, hosts=["t300"], keep=tmp_path / "node-early",
                     extra=dict(vault, genesys_environment_readonly=True))
    refused = run_job(early, "0")
    assert refused.rc != 0 and "enable_environment" in refused.stdout.read()
    assert inventory.sandbox.state()["clients"] == []

    environment = tmp_path / "environment-node"
    private_data_dir(environment, inventory, collections_path, keep=tmp_path / "node-0", extra=vault)
    setup = run_job(environment, "1", "enable_environment.yml")
    assert (setup.status, setup.rc) == ("successful", 0), setup.stdout.read()
    made = inventory.sandbox.state()
    seq = inventory.sandbox.last_seq()

    slices = []
    for index, host in enumerate(TENANTS):
        root = tmp_path / ("slice-%d" % index)
        private_data_dir(root, inventory, collections_path, hosts=[host], keep=tmp_path / ("node-%d" % (index + 1)),
                         extra=dict(vault, genesys_environment_readonly=True))
        slices.append(ansible_runner.run_async(private_data_dir=str(root), playbook="enable_tenant.yml", ident="2",
                                               quiet=True))
    for thread, job in slices:
        thread.join()
        assert (job.status, job.rc) == ("successful", 0), job.stdout.read()
    state = inventory.sandbox.state()
    client_writes = [entry for entry in inventory.sandbox.requests(seq)
                     if entry["method"] != "GET" and entry["path"].startswith("/auth/v3/ops/clients")]
    assert client_writes == []
    assert (state["clients"], state["nex_gapis"]) == (made["clients"], made["nex_gapis"])
    assert [k for k in state["apikeys"] if k["tenant"] == "*"] == [k for k in made["apikeys"] if k["tenant"] == "*"]
    assert sorted(t["id"] for t in state["tenants"]) == sorted(inventory.ccid(host) for host in TENANTS)
    for index, host in enumerate(TENANTS):
        output = json.loads((tmp_path / ("node-%d" % (index + 1)) / "output" / (host + ".json")).read_text(encoding="utf-8"))
        assert output["xapikey"] and output["ccid"] == inventory.ccid(host)
