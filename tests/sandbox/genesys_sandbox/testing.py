"""Start and stop a throwaway PostgreSQL and a sandbox from tests (any suite of the collection).

    from genesys_sandbox.testing import running_sandbox

    with running_sandbox({"token_lifetime": 5}) as sandbox:
        sandbox["nexus_url"]            # what sandbox.json says
        sandbox.fault("/nexus/v3/apikeys", method="POST", status=503, retry_after=1)
        sandbox.requests(since=0)       # the request log
        sandbox.reset()                 # back to the configured contact centers only

Each sandbox is a subprocess (``python -m genesys_sandbox``) with free ports, so suites and
pytest-xdist workers do not collide.
"""

import contextlib
import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg2
import requests
import yaml

PACKAGE_PARENT = Path(__file__).resolve().parents[1]
REPO = Path(__file__).resolve().parents[3]
PGSQL = REPO / "scripts" / "pgsql"
DEFAULT_CONFIG = PACKAGE_PARENT / "config.default.yml"


def merge(base, overrides):
    """``base`` updated by ``overrides``, recursively for mappings."""
    result = copy.deepcopy(base)
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def sandbox_config(overrides=None):
    """The demo configuration with free ports, then ``overrides``."""
    with open(DEFAULT_CONFIG, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["ports"] = {name: 0 for name in config.get("ports", {})}
    return merge(config, overrides)


def start_postgres(directory, ssl=False):
    """``scripts/pgsql start``: also the restart of a stopped server (same data, same port when free)."""
    env = dict(os.environ, PGSQL_SSL="1" if ssl else "0")
    subprocess.run([str(PGSQL), "start", str(directory)], check=True, stdout=subprocess.DEVNULL, env=env)


def stop_postgres(directory, remove=False):
    """``scripts/pgsql stop``; with ``remove``, ``scripts/pgsql remove``: the data goes too, also
    where it lives outside ``directory`` (a directory the server's user cannot reach)."""
    action = "remove" if remove else "stop"
    subprocess.run([str(PGSQL), action, str(directory)], check=False, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def running_postgres(directory=None, ssl=False):
    """A PostgreSQL started with ``scripts/pgsql``; yields its pg.json content.

    Without ``directory`` it lives in a new directory of the system's temporary directory
    (the server's user must be able to reach it) and is removed afterwards. With ``ssl`` the
    server speaks TLS with a certificate of a private CA (``ca_path`` in pg.json).
    """
    own = directory is None
    directory = str(directory or tempfile.mkdtemp(prefix="genesys-pg-"))
    start_postgres(directory, ssl)
    try:
        with open(os.path.join(directory, "pg.json"), encoding="utf-8") as handle:
            yield json.load(handle)
    finally:
        stop_postgres(directory, remove=own)
        if own:
            shutil.rmtree(directory, ignore_errors=True)


def connect(pg):
    return psycopg2.connect(host=pg["host"], port=pg["port"], user=pg["user"], password=pg["password"], dbname=pg["dbname"])


def create_database(pg, name):
    """A new, empty database on the same server (the role may create databases); returns its pg info."""
    conn = connect(pg)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS %s" % name)
            cur.execute("CREATE DATABASE %s" % name)
    finally:
        conn.close()
    return dict(pg, dbname=name)


class Sandbox:
    """A sandbox process; item access reads its sandbox.json."""

    def __init__(self, config, runtime_dir, pg, startup_timeout=60):
        self.config = config
        self.runtime_dir = Path(runtime_dir)
        self.pg = pg
        self.startup_timeout = startup_timeout
        self.info = {}
        self.process = None

    def __getitem__(self, key):
        return self.info[key]

    @property
    def verify(self):
        """What ``requests`` needs as ``verify`` for this sandbox's URLs."""
        return self.info.get("ca_path") or True

    # ---- process ----------------------------------------------------------------------
    def start(self):
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        config_path = self.runtime_dir / "config.yml"
        config_path.write_text(yaml.safe_dump(self.config), encoding="utf-8")
        pg_path = self.runtime_dir / "pg.json"
        pg_path.write_text(json.dumps(self.pg), encoding="utf-8")
        pg_path.chmod(0o600)
        info_path = self.runtime_dir / "sandbox.json"
        info_path.unlink(missing_ok=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PACKAGE_PARENT), os.environ.get("PYTHONPATH")])))
        with open(self.runtime_dir / "sandbox.log", "ab") as log:
            self.process = subprocess.Popen(  # pylint: disable=consider-using-with
                [sys.executable, "-m", "genesys_sandbox", "--config", str(config_path),
                 "--runtime-dir", str(self.runtime_dir), "--pg", str(pg_path)],
                stdout=subprocess.DEVNULL, stderr=log, env=env,
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the sandbox exited with %s:\n%s" % (self.process.returncode, self.log_tail()))
            if info_path.exists():
                info = json.loads(info_path.read_text(encoding="utf-8"))
                if info.get("pid") == self.process.pid:
                    self.info = info
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("the sandbox did not start in %s s:\n%s" % (self.startup_timeout, self.log_tail()))

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    def restart(self, keep_ports=True):
        """Stop and start again on the same database (and, by default, the same ports)."""
        if keep_ports:
            self.config = merge(self.config, {"ports": {name.rsplit("_", 1)[0]: int(self.info[name].rsplit(":", 1)[1])
                                                        for name in self.info if name.endswith("_url")}})
        self.stop()
        return self.start()

    def log_tail(self, lines=40):
        try:
            return "\n".join((self.runtime_dir / "sandbox.log").read_text(encoding="utf-8").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    # ---- admin API --------------------------------------------------------------------
    def admin(self, method, path, **kwargs):
        answer = self.admin_raw(method, path, **kwargs)
        answer.raise_for_status()
        return answer.json()

    def admin_raw(self, method, path, **kwargs):
        """The admin API's answer, whatever its status."""
        return requests.request(method, self.info["admin_url"] + path, verify=self.verify, timeout=30, **kwargs)

    def requests(self, since=0):
        """Request log entries with ``seq`` greater than ``since``."""
        return self.admin("GET", "/sandbox/requests", params={"since": since})["requests"]

    def last_seq(self):
        return self.admin("GET", "/sandbox/requests", params={"since": 2 ** 62})["last_seq"]

    def reset(self, state=True, log=True, faults=True):
        return self.admin("POST", "/sandbox/reset", json={"state": state, "log": log, "faults": faults})

    def fault(self, path, **spec):
        """Arm a fault: ``status`` (+ ``retry_after``), ``delay`` or ``drop=True``; ``method``, ``service``, ``count``."""
        return self.admin("POST", "/sandbox/faults", json=dict(spec, path=path))

    def clear_faults(self):
        return self.admin("DELETE", "/sandbox/faults")

    def state(self):
        return self.admin("GET", "/sandbox/state")

    def set_token_lifetime(self, seconds):
        return self.admin("POST", "/sandbox/config", json={"token_lifetime": seconds})

    def set_apikeys_listing(self, mode):
        """K2 ``listed``, ``missing`` (404) or ``refused`` (403), until the next reset."""
        return self.admin("POST", "/sandbox/config", json={"apikeys_listing": mode})

    def accept_duplicates(self, accept=True):
        """Switch the reading of the [assumed] uniqueness rules (genesys_sandbox/duplicates.py)."""
        return self.admin("POST", "/sandbox/config", json={"accept_duplicates": accept})

    def db(self):
        """A new psycopg2 connection to the Digital Channels database (close it)."""
        return connect(self.info["db"])


@contextlib.contextmanager
def running_sandbox(config_overrides=None, runtime_dir=None, pg=None, startup_timeout=60):
    """Yield a started ``Sandbox``; stop it (and the PostgreSQL it started, if any) at the end.

    ``config_overrides`` is merged into the demo configuration with free ports. ``pg`` (pg.json
    content) reuses a running PostgreSQL; without it one is started for this sandbox.
    """
    with contextlib.ExitStack() as stack:
        if runtime_dir is None:
            runtime_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="genesys-sandbox-"))
        if pg is None:
            pg = stack.enter_context(running_postgres())
        sandbox = Sandbox(sandbox_config(config_overrides), runtime_dir, pg, startup_timeout)
        stack.callback(sandbox.stop)
        sandbox.start()
        yield sandbox
