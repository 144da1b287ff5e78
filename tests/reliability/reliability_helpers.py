"""Inventories, runs and measurements of the reliability suite.

Each test builds an inventory of a few tenants of the shared sandbox, runs a playbook of the
collection as an operator would (possibly killed, possibly twice at once, with faults armed in
the sandbox), and measures what the run left: the request log, the sandbox's state, the output
files. Nothing here knows what the collection is meant to do beyond the contract.
"""

import hashlib
import json
import os
import re
import signal
import subprocess
import time
import uuid
from pathlib import Path

import yaml
from playbook_helpers import ansible_playbook, leaks, recap, secret_values

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Module timeout of the runs (seconds): short, so that a delayed answer is lost quickly.
MODULE_TIMEOUT = 3


def contact_centers(count):
    """``count`` contact centers r01..rNN, each with its user ``nexus``."""
    return [{"id": str(uuid.UUID(int=0xC0FFEE000000 + index)), "environmentId": "6c1d2f55-1b8a-4f52-8e0e-0000000e0001",
             "domains": ["r%02d" % index], "users": [{"username": "nexus", "password": "Nexus-r%02d-Pass!" % index}]}
            for index in range(1, count + 1)]


def is_write(entry):
    """A request that can change something: everything but reads and token requests."""
    return entry["method"] != "GET" and not entry["path"].endswith("/oauth/token")


class Tenants:
    """The host_vars of the kinds of tenant the suite uses, for contact center ``name``."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.centers = {c["domains"][0]: c for c in sandbox.config["contact_centers"]}

    def ccid(self, name):
        return self.centers[name]["id"]

    def basic(self, name):
        user = self.centers[name]["users"][0]
        return {"tenant_name": name, "tenant_user": user["username"], "tenant_user_password": user["password"],
                "tenant_apikeys": [{"name": "Chat key " + name, "permissions": ["nexus:consumer:chat"]}]}

    def ucs(self, name):
        return dict(self.basic(name), tenant_ucs_url="https://ucs-%s.example.com" % name)

    def iwd(self, name):
        db = self.sandbox.info["db"]
        number = int(name.lstrip("r"))
        return dict(self.ucs(name), tenant_iwd={
            "tenant_id": str(number),
            "db": {"host": db["host"], "port": db["port"], "database": "iwd_" + name, "user": "iwd_" + name,
                   "password": "Iwd-%s-Db-Pass" % name, "ssl": False},
            "apikey_tenant": "22552b96-8783-46a9-b0eb-%012d" % number,
            "apikey_iwddm": "d6b68a7b-12ed-4c3c-830d-%012d" % number})

    def sms(self, name):
        return dict(self.basic(name), tenant_sms={
            "provider": "async", "email": False,
            "channels": [{"channel_id": "16504661149", "webhook_url": "https://sms.example.com/" + name,
                          "webhook_secret": "Webhook-%s-Secret" % name, "api_secret": "Api-%s-Secret" % name}]})

    def gma(self, name):
        return dict(self.basic(name), tenant_sms={
            "provider": "gma", "gc_login_url": "https://login.mypurecloud.example", "gc_api_url": "https://api.mypurecloud.example",
            "gc_client_id": "4da40a9d-b113-4024-8ba9-c9dd89c91f67", "gc_client_secret": "Gc-Secret-" + name, "email": True})

    @staticmethod
    def expected(host_vars):
        """What a completed tenant has: its services and its API key names."""
        services = set()
        if "tenant_ucs_url" in host_vars:
            services.add("PlatformUCS")
        sms = host_vars.get("tenant_sms")
        if isinstance(sms, dict):
            services.update(["Async", "SMS"] if sms.get("provider") == "async" else
                            ["PurecloudIDP", "SMS", "PorticoSMS"] + (["PorticoEmail"] if sms.get("email") else []))
        keys = [key["name"] for key in host_vars.get("tenant_apikeys", [])]
        iwd = host_vars.get("tenant_iwd")
        if "tenant_iwd" in host_vars:
            services.update(["GAPI", "iWD", "iWDEmail"])
            # The key IWD gets with iwd_key_scope tenant, the default: the tenant's own.
            if not isinstance(iwd, dict) or iwd.get("iwd_key_scope", "tenant") == "tenant":
                keys.append("%s-iWD" % host_vars["tenant_name"])
        return sorted(services), sorted(keys)


class Inventory:
    """An inventory directory of some tenants of the sandbox, and what runs leave beside it."""

    def __init__(self, sandbox, directory, tenants, environment=None):
        self.sandbox = sandbox
        self.directory = Path(directory)
        self.tenants = dict(tenants)
        info = sandbox.info
        config = sandbox.config
        self.environment = {
            "gws_url": info["gws_url"], "gws_auth_url": info["auth_url"],
            "gws_admin_username": config["gws_admin"]["username"], "gws_admin_password": config["gws_admin"]["password"],
            "nexus_url": info["nexus_url"], "iwd_url": info["iwd_url"],
            "nexus_db_host": info["db"]["host"], "nexus_db_port": info["db"]["port"], "nexus_db_name": info["db"]["dbname"],
            "nexus_db_user": info["db"]["user"], "nexus_db_password": info["db"]["password"],
        }
        if info.get("ca_path"):
            self.environment["genesys_ca_path"] = info["ca_path"]
        self.environment.update(environment or {})
        self.write()

    @property
    def secrets_dir(self):
        return Path(self.environment.get("genesys_secrets_dir") or self.directory / ".genesys-secrets")

    @property
    def output_dir(self):
        return Path(self.environment.get("genesys_output_dir") or self.directory / ".genesys-output")

    def write(self):
        (self.directory / "host_vars").mkdir(parents=True, exist_ok=True)
        (self.directory / "group_vars").mkdir(exist_ok=True)
        hosts = dict.fromkeys(self.tenants)
        self._dump("hosts.yml", {"all": {"children": {"nexus_tenants": {"hosts": hosts}}}})
        self._dump("group_vars/all.yml", self.environment)
        for name, values in self.tenants.items():
            self._dump("host_vars/%s.yml" % name, values)

    def _dump(self, relative, content):
        path = self.directory / relative
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")

    def command(self, playbook, *args):
        if playbook.endswith(".yml"):
            target = playbook
        else:
            target = "genesys.multicloud." + playbook
        return [ansible_playbook(), target, "-i", str(self.directory), "-e", "@" + str(connection_vars()), *args]

    def start(self, playbook="enable_tenant", *args):
        """Start a run in a process group of its own; ``Run.wait`` collects it."""
        env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default",
                   ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_FORKS="10")
        log = open(self.directory / ("run-%d.log" % time.monotonic_ns()), "w+", encoding="utf-8")  # pylint: disable=consider-using-with
        process = subprocess.Popen(self.command(playbook, *args), cwd=str(self.directory), env=env, stdout=log,  # pylint: disable=consider-using-with
                                   stderr=subprocess.STDOUT, start_new_session=True)
        return Run(process, log)

    def run(self, playbook="enable_tenant", *args):
        return self.start(playbook, *args).wait()

    def output(self, host):
        try:
            return json.loads((self.output_dir / (host + ".json")).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def secrets(self):
        """Every secret a run could show: the inventory's, the generated client secrets, the cached
        tokens, the tenants' xapikeys and every API key id the sandbox holds."""
        found = set(secret_values(self.environment))
        for values in self.tenants.values():
            found.update(secret_values(values))
        if self.secrets_dir.is_dir():
            for path in self.secrets_dir.rglob("*"):
                if path.is_file():
                    text = path.read_text(encoding="utf-8", errors="replace").strip()
                    found.update(json_secrets(text) if path.suffix == ".json" or "/tokens/" in str(path) else [text])
        for path in self.output_dir.glob("*.json") if self.output_dir.is_dir() else ():
            output = json.loads(path.read_text(encoding="utf-8"))
            found.add(output.get("xapikey"))
            found.update((output.get("apikeys") or {}).values())
        found.update(key["id"] for key in self.sandbox.state()["apikeys"])
        return {value for value in found if isinstance(value, str) and len(value) >= 6}


def json_secrets(text):
    """Every string of a JSON document under a key naming a secret or a token (the token cache,
    environment.json); a token answer's ``token_type`` (``bearer``) is none."""
    try:
        document = json.loads(text)
    except ValueError:
        return [text]
    values = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, str(name))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and re.search(r"token|secret|password|key|apikeys", key) and key != "token_type":
            values.append(value)
    walk(document)
    return values


_CONNECTION_VARS = {}


def connection_vars():
    """Extra vars: the collection's own connection settings plus a short module timeout.

    The playbooks set ``genesys_connection`` from ``playbooks/vars/connection.yml``; extra vars
    win over it, so the runs get the same settings with ``timeout`` added.
    """
    if "path" not in _CONNECTION_VARS:
        collection = Path(os.environ["ANSIBLE_COLLECTIONS_PATH"].split(os.pathsep)[0]) / "ansible_collections/genesys/multicloud"
        connection = yaml.safe_load((collection / "playbooks/vars/connection.yml").read_text(encoding="utf-8"))
        connection["genesys_connection"]["timeout"] = MODULE_TIMEOUT
        # Under the build directory, as everything a test run writes.
        directory = Path(os.environ.get("RELIABILITY_TMP") or REPO / "build" / "reliability")
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / ("connection-%d.yml" % os.getpid())
        path.write_text(yaml.safe_dump(connection), encoding="utf-8")
        _CONNECTION_VARS["path"] = path
    return _CONNECTION_VARS["path"]


class Run:
    """A running or finished ansible-playbook."""

    def __init__(self, process, log):
        self.process = process
        self.log = log
        self.rc = None
        self.output = ""
        self.recap = {}
        self.killed = False

    def kill(self):
        """SIGKILL the run and every process it started (its process group), as a cancelled job is."""
        self.killed = True
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self, timeout=600):
        try:
            self.rc = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            self.rc = self.process.wait()
        self.log.seek(0)
        self.output = self.log.read()
        self.log.close()
        self.recap = recap(self.output)
        return self

    def failed_hosts(self):
        return sorted(host for host, counts in self.recap.items() if counts["failed"] or counts["unreachable"])

    def completed(self, host):
        counts = self.recap.get(host)
        return bool(counts) and counts["failed"] == 0 and counts["unreachable"] == 0

    def failures(self, host=None):
        """The result of each failed task: ``(host, result dict)`` from the default callback's lines.

        ansible-core 2.19 and later print the error above the result, in an ``[ERROR]:`` block that
        no_log does not hide; it joins the result as ``error``.
        """
        found = []
        previous = 0
        for match in re.finditer(r"^(?:fatal|failed): \[(?P<host>[^\]]+)\](?: \(item=.*?\))?(?:: FAILED!)? => ", self.output, re.MULTILINE):
            try:
                result, _end = json.JSONDecoder().raw_decode(self.output, match.end())
            except ValueError:
                result = {"msg": self.output[match.end():match.end() + 2000]}
            before = self.output[previous:match.start()]
            errors = re.findall(r"^\[ERROR\]: (.*?)(?=^Origin:|^\S+: \[|^TASK |\Z)", before, re.MULTILINE | re.DOTALL)
            if errors:
                result = dict(result, error=" ".join(error.strip() for error in errors))
            previous = match.end()
            if host is None or match["host"] == host:
                found.append((match["host"], result))
        return found

    def messages(self, host=None):
        return [message_of(result) for _host, result in self.failures(host)]

    def __repr__(self):
        return "ansible-playbook rc=%s\n%s" % (self.rc, self.output[-5000:])


def message_of(result):
    """The text an operator reads for a failed task (a loop's failed item included)."""
    parts = [str(result.get("error", "")), str(result.get("msg", ""))]
    for item in result.get("results", []) or []:
        if isinstance(item, dict) and item.get("failed"):
            parts.append(str(item.get("msg", "")))
    return " | ".join(part for part in parts if part)


def clean_failure(message):
    """A failure an operator can act on: a message, no traceback, no bare module crash."""
    return bool(message.strip()) and not re.search(r"Traceback|MODULE FAILURE|has no attribute|object of type|"
                                                   r"unexpected templating|KeyError|AttributeError|TypeError", message)


def run_until_writes(inventory, writes, *args, since=None):
    """Start enable_tenant and SIGKILL it once the sandbox has answered ``writes`` write requests
    and the run has sent its next request (so the last answer did reach it)."""
    sandbox = inventory.sandbox
    since = sandbox.last_seq() if since is None else since
    run = inventory.start("enable_tenant", *args)
    while run.process.poll() is None:
        entries = sandbox.requests(since)
        seqs = [entry["seq"] for entry in entries if is_write(entry)]
        if len(seqs) >= writes and any(entry["seq"] > seqs[writes - 1] for entry in entries):
            run.kill()
            break
        time.sleep(0.02)
    return run.wait()


# ---- the sandbox's state -----------------------------------------------------------------

def duplicates(state):
    """Objects made twice: live API keys of a tenant with one name, settings of a contact center
    with one name and location, services of a tenant with one name, clients, tenants, nex_gapis rows."""
    def extra(items, key):
        seen = {}
        for item in items:
            seen[key(item)] = seen.get(key(item), 0) + 1
        return sum(count - 1 for count in seen.values())
    return (extra([k for k in state["apikeys"] if not k.get("revoked")], lambda k: (k["tenant"], k["name"]))
            + extra(state["settings"], lambda s: (s["ccid"], s["name"], s.get("location")))
            + extra(state["services"], lambda s: (s["ccid"], s["name"]))
            + extra(state["clients"], lambda c: c["client_id"])
            + extra(state["tenants"], lambda t: t["id"])
            + extra(state["nex_gapis"], lambda r: r["url"]))


def tenant_objects(state, ccid):
    """How many objects of the tenant the sandbox holds (tenant, settings, services, keys, IWD)."""
    return (sum(1 for t in state["tenants"] if t["id"] == ccid)
            + sum(1 for s in state["settings"] if s["ccid"] == ccid)
            + sum(1 for s in state["services"] if s["ccid"] == ccid)
            + sum(1 for k in state["apikeys"] if k["tenant"] == ccid and not k.get("revoked"))
            + sum(1 for record in state.get("iwd", []) if ccid in json.dumps(record)))


def tenant_complete(inventory, state, host, xapikey=True):
    """The tenant is as its inventory asks, and (with ``xapikey``) its output file holds its xapikey."""
    values = inventory.tenants[host]
    ccid = Tenants(inventory.sandbox).ccid(values["tenant_name"]) if "tenant_ccid" not in values else values["tenant_ccid"]
    services, keys = Tenants.expected(values)
    tenant = [t for t in state["tenants"] if t["id"] == ccid]
    have_services = sorted(s["name"] for s in state["services"] if s["ccid"] == ccid)
    have_keys = sorted(k["name"] for k in state["apikeys"] if k["tenant"] == ccid and k.get("origin") == "apikeys" and not k["revoked"])
    settings = [s for s in state["settings"] if s["ccid"] == ccid and s["name"] == "chatservice-uri"]
    return (len(tenant) == 1 and have_services == services and have_keys == keys and len(settings) == 1
            and (not xapikey or xapikey_kept(inventory, state, host)))


def xapikey_kept(inventory, state, host):
    """The output file holds the xapikey Digital Channels has for the tenant."""
    output = inventory.output(host) or {}
    ccid = Tenants(inventory.sandbox).ccid(inventory.tenants[host]["tenant_name"])
    tenant = next((t for t in state["tenants"] if t["id"] == ccid), None)
    value = output.get("xapikey")
    return bool(tenant and value and hashlib.sha256(value.encode()).hexdigest() == tenant["xapikey_sha256"])


def snapshot(inventory):
    """The sandbox's state and the output files with what differs between two equal runs
    (generated ids, times, hashes of generated secrets) replaced by placeholders."""
    state = inventory.sandbox.state()
    known = {c["id"] for c in inventory.sandbox.config["contact_centers"]} | {c["environmentId"] for c in inventory.sandbox.config["contact_centers"]}
    outputs = {}
    for host in inventory.tenants:
        output = inventory.output(host)
        if output is not None:
            output = dict(output, xapikey="<kept>" if xapikey_kept(inventory, state, host) else output.get("xapikey"))
        outputs[host] = output
    return normalise({"state": {k: v for k, v in state.items() if k != "token_lifetime"}, "outputs": outputs}, known)


def normalise(value, known, key=""):
    if isinstance(value, dict):
        return {k: normalise(v, known, k) for k, v in value.items()
                if not re.search(r"created|modified|updated|time|^seq$|operation", k)}
    if isinstance(value, list):
        items = [normalise(v, known, key) for v in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, str):
        if "sha256" in key:
            return "<sha256>"
        if key in ("id", "clientsecret", "password") and value not in known and UUID.fullmatch(value):
            return "<id>"
        return UUID.sub(lambda m: m.group(0) if m.group(0) in known else "<id>", value)
    return value


def secret_leaks(run, inventory):
    return leaks(run.output, inventory.secrets())
