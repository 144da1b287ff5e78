"""A run in slices, as AWX job slicing runs a job template: S ``ansible-playbook`` processes at once,
each on its own contiguous share of the group's hosts, each running every play (the environment
steps included) on its share.

    python -m bench.sliced --slices 4 --hosts 20 [--group nexus_tenants] -- ansible-playbook PLAYBOOK -i INVENTORY ...

Each slice's output is printed whole, one slice after the other, once all have ended. Exits 1 when
any slice failed (its exit status, or a failed or unreachable host in its recap).
"""

import argparse
import re
import subprocess
import sys

RECAP_FAILED = re.compile(r"^\S+\s+: ok=\d+\s+changed=\d+\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def shares(hosts, slices):
    """``(first, last)`` host indexes of each slice, inclusive as Ansible's ``group[a:b]`` patterns are."""
    bounds = [hosts * number // slices for number in range(slices + 1)]
    return [(bounds[number], bounds[number + 1] - 1) for number in range(slices) if bounds[number + 1] > bounds[number]]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.sliced", description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, required=True)
    parser.add_argument("--hosts", type=int, required=True, help="how many hosts the group has")
    parser.add_argument("--group", default="nexus_tenants")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the ansible-playbook command")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if args.slices < 1 or not command:
        parser.error("give --slices (at least 1) and the command after --")
    processes = [(first, last, subprocess.Popen(command + ["--limit", "%s[%d:%d]" % (args.group, first, last)],
                                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
                 for first, last in shares(args.hosts, args.slices)]
    failed = 0
    for first, last, process in processes:
        output = process.communicate()[0]
        bad_hosts = sum(1 for unreachable, failures in RECAP_FAILED.findall(output) if int(unreachable) or int(failures))
        print("=== slice %s[%d:%d]: rc %d" % (args.group, first, last, process.returncode))
        print(output)
        failed += process.returncode != 0 or bad_hosts > 0
    print("%d of %d slices succeeded" % (len(processes) - failed, len(processes)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
