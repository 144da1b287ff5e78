"""Runs the five services as uvicorn servers in one asyncio loop, each on a pre-bound socket."""

import asyncio
import contextlib
import errno
import json
import logging
import os
import signal
import socket

import anyio.to_thread
import uvicorn

from . import admin_app, auth_app, gcloud_app, icws_app, iwd_app, luware_app, nexus_app
from .db import Database
from .duplicates import set_accept_duplicates
from .faults import FaultStore
from .middleware import GenesysMiddleware
from .reqlog import RequestLog
from .runtime import Runtime
from .tls import make_certificates

LOG = logging.getLogger(__name__)
# Sync endpoints run in this many threads; the database pool is a little larger.
THREADS = 32


class Server(uvicorn.Server):
    """One service; signals are handled once for all of them by ``serve``."""

    @contextlib.contextmanager
    def capture_signals(self):
        yield


class PortInUse(Exception):
    """A configured port another process holds: said in one line, not as a traceback."""


def bind(host, port, service):
    """A bound socket: with port 0 the kernel picks a free one and nobody can take it first."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno != errno.EADDRINUSE:
            raise
        raise PortInUse("port %d of %s (service %s) is in use by another process (another sandbox? make sandbox-stop "
                        "in its checkout), or start this one on free ports (SANDBOX_FREE_PORTS=1)" % (port, host, service))
    sock.set_inheritable(True)
    return sock


def write_json_atomically(path, content):
    temporary = path + ".tmp"
    with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2)
        handle.write("\n")
    os.replace(temporary, path)


def build(config, runtime_dir, pg_info):
    """The runtime and, per service, ``(application, socket)``."""
    database = Database(pg_info, maxconn=THREADS + 8)
    database.create_schema(config.nex_gapis_layout)
    database.seed(config)
    runtime = Runtime(
        config=config, db=database, faults=FaultStore(), token_lifetime=config.token_lifetime,
        apikeys_listing=config.apikeys_listing,
        log=RequestLog(os.path.join(runtime_dir, "requests.jsonl"), config.request_log_size),
    )
    runtime.gcloud = gcloud_app.GcloudState(config.gcloud)
    set_accept_duplicates(runtime, config.accept_duplicates)
    if config.tls:
        runtime.ca_path = make_certificates(runtime_dir, icws_app.hosts(config))["ca.pem"]
    scheme = "https" if config.tls else "http"
    factories = {"auth": auth_app.create_app, "gws": auth_app.create_gws_app, "nexus": nexus_app.create_app,
                 "iwd": iwd_app.create_app, "tm": luware_app.create_app, "gcloud_login": gcloud_app.create_login_app,
                 "gcloud_api": gcloud_app.create_api_app, "admin": admin_app.create_app}
    services = {}
    for name, factory in factories.items():
        sock = bind(config.host, getattr(config.ports, name), name)
        runtime.urls[name] = "%s://%s:%d" % (scheme, config.host, sock.getsockname()[1])
        app = factory(runtime)
        services[name] = (app if name == "admin" else GenesysMiddleware(app, runtime, name), sock)
    # The ICWS hosts share one port: the first takes it (a free one with 0), the others follow.
    port, sessions = config.ports.icws, icws_app.Sessions()
    for index, host in enumerate(icws_app.hosts(config)):
        sock = bind(host, port, "icws")
        port = sock.getsockname()[1]
        name = "icws" if index == 0 else "icws@" + host
        url = "%s://%s:%d" % (scheme, host, port)
        if index == 0:
            runtime.urls[name] = url
        else:
            runtime.icws_alternate_urls.append(url)
        services[name] = (GenesysMiddleware(icws_app.create_app(runtime, host, sessions), runtime, "icws"), sock)
    return runtime, services


async def serve(config, runtime_dir, pg_info):
    runtime, services = build(config, runtime_dir, pg_info)
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    tls = {}
    if config.tls:
        tls = {"ssl_certfile": os.path.join(runtime_dir, "server.pem"), "ssl_keyfile": os.path.join(runtime_dir, "server-key.pem")}
    servers = {}
    for name, (app, _sock) in services.items():
        # proxy_headers off: the drop fault finds a connection by the peer address uvicorn saw.
        server_config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                       proxy_headers=False, timeout_keep_alive=5, **tls)
        servers[name] = runtime.servers[name] = Server(server_config)

    loop = asyncio.get_running_loop()

    def stop(signum):
        LOG.info("signal %s: stopping", signum)
        for server in servers.values():
            server.should_exit = True

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop, signum)

    tasks = [asyncio.create_task(servers[name].serve(sockets=[sock])) for name, (_app, sock) in services.items()]
    while not all(server.started for server in servers.values()):
        if any(task.done() for task in tasks):
            break
        await asyncio.sleep(0.02)

    info_path = os.path.join(runtime_dir, "sandbox.json")
    if all(server.started for server in servers.values()):
        info = {"%s_url" % name: url for name, url in runtime.urls.items()}
        info.update(icws_alternate_urls=runtime.icws_alternate_urls, ca_path=runtime.ca_path, pid=os.getpid(), db=pg_info)
        write_json_atomically(info_path, info)
        LOG.info("sandbox ready: %s", ", ".join("%s %s" % item for item in runtime.urls.items()))
    try:
        await asyncio.gather(*tasks)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(info_path)
        runtime.db.close()
