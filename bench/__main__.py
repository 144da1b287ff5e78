"""``make bench``: the collection's playbooks against the plain-uri baseline and the one-process floor.

    python -m bench [--tenants 20] [--forks 10] [--baseline auto|yes|no] [--runs first,rerun,check,remove] [--profile]

One sandbox (with a PostgreSQL of its own) holds the K generated tenants (bench/tenants.py).
Each measured sequence starts from a clean sandbox and a fresh inventory:

1. the collection: enable_tenant (first run), enable_tenant again (converged), enable_tenant
   --check, drift_report, remove_tenant; then the first run again in 4 slices at once, as AWX job
   slicing runs it (bench/sliced.py), which must provision what the single run did;
2. the baseline: bench/baseline_uri.yml (skipped above 100 tenants unless asked);
3. the floor: the baseline's requests from one Python process (bench/floor.py).

The sandbox's state after the baseline and after the floor must equal the state after the
collection's first run (ids and timestamps aside), and the floor must send the baseline's
requests: otherwise the bench fails. Results: bench/results/bench-K<K>.{json,png}; with --profile,
bench/results/profile-K<K>-enable_rerun.{txt,json}, where a converged re-run spends the controller's time.
"""

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "sandbox"))

# pylint: disable=wrong-import-position
from genesys_sandbox.testing import running_sandbox  # noqa: E402

from bench import measure, profile, report, state, tenants  # noqa: E402

BASELINE_MAX_TENANTS = 100
# What the collection's first run is followed by; the largest K may measure fewer (--runs first,rerun).
RUNS = ("first", "rerun", "check", "drift", "remove", "sliced")
# The sliced run: as many ansible-playbook processes at once as AWX job slicing would start.
SLICES = 4


class BenchError(Exception):
    pass


def playbook_env():
    if not os.environ.get("ANSIBLE_COLLECTIONS_PATH"):
        raise BenchError("ANSIBLE_COLLECTIONS_PATH must point at the built collection (make bench sets it)")
    return dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_STDOUT_CALLBACK="ansible.builtin.default",
                ANSIBLE_RETRY_FILES_ENABLED="0")


class Bench:
    def __init__(self, args, sandbox, work):
        self.args = args
        self.sandbox = sandbox
        self.work = work
        self.inventory = str(work / "inventory")
        self.logs = Path(args.results) / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = playbook_env()
        self.ansible_playbook = str(Path(sys.executable).with_name("ansible-playbook"))
        self.runs = []
        self.checks = {}
        self.profiles = []
        self.profile_text = None

    def fresh(self):
        """A clean sandbox (its configured contact centers only) and a new inventory."""
        self.sandbox.reset()
        tenants.write_inventory(self.inventory, self.args.tenants, self.sandbox.info, self.sandbox.config["gws_admin"])

    def measured(self, name, label, command, playbook=True, env=None, every_host=True):
        since = self.sandbox.last_seq()
        sandbox_cpu = measure.process_cpu(self.sandbox.process.pid)
        log = self.logs / ("K%d-%s.log" % (self.args.tenants, name))
        print("  %-34s" % label, end="", flush=True)
        result = measure.run_command(command, str(log), env or self.env, cwd=str(self.work))
        entries = self.sandbox.requests(since=since)
        measure.save_requests(entries, str(log.with_suffix(".requests.jsonl")))
        result.update(name=name, label=label, log=str(log.relative_to(self.args.results)), load_1min=round(os.getloadavg()[0], 2),
                      sandbox_cpu_s=round(measure.process_cpu(self.sandbox.process.pid) - sandbox_cpu, 2),
                      requests=measure.count_requests(entries))
        if playbook:
            result["recap"] = measure.recap(str(log))
        print("%7.1f s wall %7.1f s CPU" % (result["wall_s"], result["cpu_s"]), flush=True)
        failed = result["rc"] != 0 or (playbook and (result["recap"]["failed_hosts"] or (
            every_host and result["recap"]["hosts"] != self.args.tenants)))
        if failed:
            with open(log, encoding="utf-8") as handle:
                tail = handle.read()[-4000:]
            raise BenchError("%s failed (rc %s); the end of %s:\n%s" % (label, result["rc"], log, tail))
        self.runs.append(result)
        return entries

    def profiled(self, name, label, command):
        """The run again under py-spy, apart from the measured runs (sampling slows it down)."""
        base = Path(self.args.results) / ("profile-K%d-%s" % (self.args.tenants, name))
        raw = self.logs / (base.name + ".raw")
        print("  %-34s" % (label + ", profiled"), end="", flush=True)
        returncode = profile.record(command, raw, self.logs / (base.name + ".log"), self.env, str(self.work))
        if returncode != 0:
            raise BenchError("%s under py-spy failed (rc %s): see %s" % (label, returncode, raw.with_suffix(".log")))
        summary = profile.summarize(raw)
        self.profiles.extend(profile.write(summary, label, base))
        print(" main thread %.1f s, workers %.1f s" % (summary["main_thread_s"].get("total", 0), summary["workers_s"].get("total", 0)))
        self.profile_text = profile.text(summary, label)

    def playbook(self, target, *extra):
        return [self.ansible_playbook, target, "-i", self.inventory, "-f", str(self.args.forks), *extra]

    def collection(self):
        print("collection (genesys.multicloud playbooks):")
        self.fresh()
        if self.args.runs == ["drift"]:
            # The drift report alone (the largest K): the floor provisions the tenants, in a fraction of the time.
            self.measured("floor", "floor (requests.Session)", self.floor_command(), playbook=False, env=self.floor_env())
            self.drift()
            return None
        self.measured("enable_first", "enable_tenant, first run", self.playbook("genesys.multicloud.enable_tenant"))
        provisioned = self.sandbox.state()
        self.checks["managed_objects"] = state.managed_objects(provisioned)
        runs = self.args.runs
        if "rerun" in runs:
            self.measured("enable_rerun", "enable_tenant, converged re-run", self.playbook("genesys.multicloud.enable_tenant"))
        if self.args.profile:
            self.profiled("enable_rerun", "enable_tenant, converged re-run", self.playbook("genesys.multicloud.enable_tenant"))
        if "check" in runs:
            self.measured("enable_check", "enable_tenant --check, converged", self.playbook("genesys.multicloud.enable_tenant", "--check"))
        if "drift" in runs:
            self.drift()
        if "remove" in runs:
            self.measured("remove", "remove_tenant", self.playbook("genesys.multicloud.remove_tenant"))
        if "sliced" in runs:
            self.sliced(provisioned)
        return provisioned

    def sliced(self, provisioned):
        """The first run again from a clean sandbox, in slices at once: it must end with what one run
        provisions (no duplicate, nothing missing), which same_state proves."""
        self.fresh()
        command = [sys.executable, "-m", "bench.sliced", "--slices", str(SLICES), "--hosts", str(self.args.tenants), "--",
                   *self.playbook("genesys.multicloud.enable_tenant")]
        self.measured("enable_sliced", "enable_tenant, %d slices at once" % SLICES, command, playbook=False, env=self.floor_env())
        self.same_state("sliced run", provisioned)

    def drift(self):
        """The drift report on the converged environment (it must find no drift), and its floor: the same reads."""
        self.measured("drift", "drift_report, one read", every_host=False, command=self.playbook(
            "genesys.multicloud.drift_report", "-e", "genesys_drift_fail=true"))
        command = [sys.executable, "-m", "bench.drift_floor", "--inventory", self.inventory, "--workers", "8"]
        self.measured("drift_floor", "drift floor (requests.Session)", command, playbook=False, env=self.floor_env())

    def floor_command(self):
        return [sys.executable, "-m", "bench.floor", "--inventory", self.inventory, "--workers", str(self.args.forks)]

    def floor_env(self):
        return dict(self.env, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), self.env.get("PYTHONPATH")])))

    def same_state(self, name, provisioned):
        lines = state.differences(provisioned, self.sandbox.state())
        self.checks["%s_state_matches_collection" % name] = not lines
        if lines:
            raise BenchError("the %s did not provision what the collection provisions:\n%s" % (name, "\n".join(lines)))

    def baseline(self, provisioned):
        print("baseline (bench/baseline_uri.yml, ansible.builtin.uri):")
        self.fresh()
        entries = self.measured("baseline", "baseline_uri.yml", self.playbook(str(REPO / "bench" / "baseline_uri.yml")))
        self.same_state("baseline", provisioned)
        return entries

    def floor(self, provisioned, baseline_entries):
        print("floor (one Python process, %d threads):" % self.args.forks)
        self.fresh()
        entries = self.measured("floor", "floor (requests.Session)", self.floor_command(), playbook=False, env=self.floor_env())
        self.same_state("floor", provisioned)
        if baseline_entries is not None:
            same = measure.request_shapes(entries) == measure.request_shapes(baseline_entries)
            self.checks["floor_requests_match_baseline"] = same
            if not same:
                raise BenchError("the floor did not send the baseline's requests")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", "-k", type=int, default=20, help="number of generated tenants (K)")
    parser.add_argument("--forks", type=int, default=10)
    parser.add_argument("--baseline", choices=("auto", "yes", "no"), default="auto",
                        help="run the baseline playbook (auto: up to %d tenants)" % BASELINE_MAX_TENANTS)
    parser.add_argument("--runs", default=",".join(RUNS), type=lambda value: [run for run in value.split(",") if run],
                        help="the collection's runs to measure after the first (default: all of %s)" % ", ".join(RUNS))
    parser.add_argument("--profile", action="store_true",
                        help="also profile a converged re-run with py-spy (bench/profile.py), apart from the measured runs")
    parser.add_argument("--no-fail", action="store_true",
                        help="exit 0 even when a target is missed (the results say which)")
    parser.add_argument("--results", default=str(REPO / "bench" / "results"))
    parser.add_argument("--work", default=str(REPO / "build" / "bench"), help="sandbox and inventory")
    args = parser.parse_args(argv)
    if args.tenants < 1:
        parser.error("--tenants must be at least 1")
    unknown = sorted(set(args.runs) - set(RUNS))
    if unknown:
        parser.error("--runs: unknown %s (choose among %s)" % (", ".join(unknown), ", ".join(RUNS)))
    return args


def main(argv=None):
    args = parse_args(argv)
    with_baseline = args.baseline == "yes" or (args.baseline == "auto" and args.tenants <= BASELINE_MAX_TENANTS)
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.time()
    print("make bench: %d tenants, forks %d%s" % (args.tenants, args.forks, "" if with_baseline else ", no baseline"))
    try:
        with running_sandbox({"contact_centers": tenants.contact_centers(args.tenants)}, runtime_dir=str(work / "sandbox")) as sandbox:
            bench = Bench(args, sandbox, work)
            provisioned = bench.collection()
            if provisioned is not None:
                baseline_entries = bench.baseline(provisioned) if with_baseline else None
                bench.floor(provisioned, baseline_entries)
    except BenchError as exc:
        print("\nbench failed: %s" % exc, file=sys.stderr)
        return 1
    results = report.build(args.tenants, args.forks, bench.runs, bench.checks, started, Path(args.results))
    print()
    print(report.table(results))
    paths = report.write(results, Path(args.results)) + bench.profiles
    if bench.profile_text:
        print()
        print(bench.profile_text)
    print("\nwritten: %s" % ", ".join(str(p) for p in paths))
    missed = [target["target"] for target in results["targets"] if not target["met"]]
    if missed:
        hint = "" if args.no_fail else " (NO_FAIL=1, or --no-fail, exits 0)"
        print("\n%d target(s) missed: %s%s" % (len(missed), "; ".join(missed), hint), file=sys.stderr)
        return 0 if args.no_fail else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
