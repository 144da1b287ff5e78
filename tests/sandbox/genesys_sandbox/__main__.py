"""``python -m genesys_sandbox --config FILE --runtime-dir DIR [--pg DIR/pg.json]`` (foreground)."""

import argparse
import asyncio
import json
import logging
import os
import sys

from .config import Ports, load_config
from .server import PortInUse, serve


def main(argv=None):
    parser = argparse.ArgumentParser(prog="genesys_sandbox", description=__doc__)
    parser.add_argument("--config", required=True, help="YAML configuration file")
    parser.add_argument("--runtime-dir", required=True, help="where sandbox.json, requests.jsonl and ca.pem go")
    parser.add_argument("--pg", help="PostgreSQL connection (pg.json of scripts/pgsql); default RUNTIME_DIR/pg.json")
    parser.add_argument("--free-ports", action="store_true",
                        help="listen on free ports, whatever the configuration says (test runs beside a demo)")
    args = parser.parse_args(argv)

    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    runtime_dir = os.path.abspath(args.runtime_dir)
    os.makedirs(runtime_dir, exist_ok=True)
    pg_path = args.pg or os.path.join(runtime_dir, "pg.json")
    try:
        with open(pg_path, encoding="utf-8") as handle:
            pg_info = json.load(handle)
    except FileNotFoundError:
        parser.error("%s not found: start PostgreSQL first (scripts/pgsql start DIR)" % pg_path)
    config = load_config(args.config)
    if args.free_ports:
        config.ports = Ports()
    try:
        asyncio.run(serve(config, runtime_dir, {key: pg_info[key] for key in ("host", "port", "user", "password", "dbname")}))
    except PortInUse as exc:
        print("genesys_sandbox: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
