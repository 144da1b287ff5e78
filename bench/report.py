"""The bench's results: ratios and targets, the table, the JSON file and the chart."""

import datetime
import json
import os
import platform
import subprocess
import sys
import time

COLLECTION_RUNS = ("enable_first", "enable_rerun", "enable_check", "remove")
CHART_LABELS = {"enable_first": "enable_tenant\nfirst run", "enable_rerun": "enable_tenant\nre-run", "enable_check": "enable_tenant\n--check",
                "remove": "remove_tenant", "baseline": "baseline\n(uri playbook)", "floor": "floor\n(one process)",
                "drift": "drift_report", "enable_sliced": "enable_tenant\nin 4 slices", "drift_floor": "drift floor\n(one session)"}
# The drift report (docs/adopt-and-watch.md): 500 tenants within a minute, and within 3 x its floor.
DRIFT_MAX_S = 60
DRIFT_MAX_TENANTS = 500
DRIFT_FLOOR_RATIO = 3
REFERENCE_TENANTS = 20
# Scaling target: t(500) / t(50) <= 10.5, i.e. at most 5 % above linear from 50 tenants.
LINEAR_FROM = 50
LINEAR_SLACK = 1.05
MEMORY_LIMIT_MIB = 1024
FLOOR = "one process: the environment steps in order, then the tenants on a pool of %d threads, one requests.Session per thread"


def results_path(directory, tenants, suffix):
    return directory / ("bench-K%d.%s" % (tenants, suffix))


def _ratio(value, reference):
    return round(value / reference, 3) if reference else None


def _load(directory, tenants):
    try:
        with open(results_path(directory, tenants, "json"), encoding="utf-8") as handle:
            return {run["name"]: run for run in json.load(handle)["runs"]}
    except (OSError, ValueError, KeyError):
        return None


def _ansible_version():
    answer = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "--version"],
                            capture_output=True, text=True, check=False)
    return answer.stdout.splitlines()[0] if answer.returncode == 0 and answer.stdout else None


def _targets(tenants, runs, checks, linear):
    """The performance targets, each with the figure it is judged on; only those this run can judge."""
    targets = []

    def target(name, value, limit, met):
        targets.append({"target": name, "value": value, "limit": limit, "met": bool(met)})

    first, rerun, check = runs.get("enable_first"), runs.get("enable_rerun"), runs.get("enable_check")
    baseline = runs.get("baseline")
    objects = checks.get("managed_objects")
    drift_targets(tenants, runs, target)
    if baseline and first:
        target("first run wall <= 0.20 x baseline", first["ratios"]["wall_vs_baseline"], 0.20, first["ratios"]["wall_vs_baseline"] <= 0.20)
        if rerun:
            target("re-run wall <= 0.10 x baseline", rerun["ratios"]["wall_vs_baseline"], 0.10, rerun["ratios"]["wall_vs_baseline"] <= 0.10)
        limit = baseline["requests"]["total"] + objects
        target("first run requests <= baseline's + one read per managed object", first["requests"]["total"], limit,
               first["requests"]["total"] <= limit)
    if rerun:
        target("re-run writes = 0", rerun["requests"]["writes"], 0, rerun["requests"]["writes"] == 0)
        limit = tenants + 1 + objects
        target("re-run requests <= one token per tenant (+ admin) + one read per managed object", rerun["requests"]["total"], limit,
               rerun["requests"]["total"] <= limit)
    if check:
        target("--check writes = 0", check["requests"]["writes"], 0, check["requests"]["writes"] == 0)
    rejected = sum(run["requests"]["rejected"] for run in runs.values())
    target("no rejected request", rejected, 0, rejected == 0)
    peaks = [run["peak_pss_mib"] for name, run in runs.items() if name in COLLECTION_RUNS + ("drift",)]
    if peaks:
        target("peak controller memory (PSS) <= 1 GiB (MiB)", max(peaks), MEMORY_LIMIT_MIB, max(peaks) <= MEMORY_LIMIT_MIB)
    if linear is not None:
        limit = round(LINEAR_SLACK * tenants / LINEAR_FROM, 2)
        target("t(%d) / t(%d) of the first run <= %s" % (tenants, LINEAR_FROM, limit), linear, limit, linear <= limit)
    return targets


def drift_targets(tenants, runs, target):
    drift, floor = runs.get("drift"), runs.get("drift_floor")
    if not drift:
        return
    target("drift report writes = 0", drift["requests"]["writes"], 0, drift["requests"]["writes"] == 0)
    if tenants >= DRIFT_MAX_TENANTS:
        target("drift report wall <= %d s at %d tenants" % (DRIFT_MAX_S, tenants), drift["wall_s"], DRIFT_MAX_S,
               drift["wall_s"] <= DRIFT_MAX_S)
    if floor:
        ratio = _ratio(drift["wall_s"], floor["wall_s"])
        target("drift report wall <= %d x its floor" % DRIFT_FLOOR_RATIO, ratio, DRIFT_FLOOR_RATIO, ratio <= DRIFT_FLOOR_RATIO)


def build(tenants, forks, run_list, checks, started, directory):
    """The results document: the runs with their ratios, the checks and the targets."""
    runs = {run["name"]: run for run in run_list}
    baseline, floor = runs.get("baseline"), runs.get("floor")
    reference = {run["name"]: run for run in run_list} if tenants == REFERENCE_TENANTS else _load(directory, REFERENCE_TENANTS)
    for run in run_list:
        ratios = run["ratios"] = {}
        if baseline and run["name"] in COLLECTION_RUNS:
            ratios["wall_vs_baseline"] = _ratio(run["wall_s"], baseline["wall_s"])
            ratios["cpu_vs_baseline"] = _ratio(run["cpu_s"], baseline["cpu_s"])
        if run["name"] == "drift" and runs.get("drift_floor"):
            ratios["wall_vs_floor"] = _ratio(run["wall_s"], runs["drift_floor"]["wall_s"])
        elif floor and run["name"] not in ("floor", "drift_floor"):
            ratios["wall_vs_floor"] = _ratio(run["wall_s"], floor["wall_s"])
        if reference and run["name"] in reference:
            ratios["wall_vs_K%d" % REFERENCE_TENANTS] = _ratio(run["wall_s"], reference[run["name"]]["wall_s"])
    linear = None
    if tenants > LINEAR_FROM:
        smaller = _load(directory, LINEAR_FROM)
        if smaller and "enable_first" in smaller:
            linear = _ratio(runs["enable_first"]["wall_s"], smaller["enable_first"]["wall_s"])
    return {
        "tenants": tenants,
        "forks": forks,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "duration_s": round(time.time() - started, 1),
        "machine": {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
                    "python": platform.python_version(), "ansible": _ansible_version()},
        "floor": FLOOR % forks,
        "runs": run_list,
        "checks": checks,
        "targets": _targets(tenants, runs, checks, linear),
    }


def _fmt(value, pattern="%.2f"):
    return "-" if value is None else pattern % value


def table(results):
    """The results as a text table, then the targets."""
    reference = "t/t(K=%d)" % REFERENCE_TENANTS
    head = ("run", "wall s", "CPU s", "RSS MiB", "PSS MiB", "requests", "reads", "writes", "tokens", "404", "rejected",
            "x baseline", "x floor", reference)
    rows = [head]
    for run in results["runs"]:
        requests, ratios = run["requests"], run["ratios"]
        counts = [str(requests[kind]) for kind in ("total", "reads", "writes", "tokens", "not_found", "rejected")]
        rows.append((run["label"], "%.1f" % run["wall_s"], "%.1f" % run["cpu_s"], "%.0f" % run["peak_rss_mib"],
                     _fmt(run.get("peak_pss_mib"), "%.0f"), *counts,
                     _fmt(ratios.get("wall_vs_baseline")), _fmt(ratios.get("wall_vs_floor")),
                     _fmt(ratios.get("wall_vs_K%d" % REFERENCE_TENANTS))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["K=%d tenants, forks %d, %s (%d CPUs, load %s)" % (
        results["tenants"], results["forks"], results["machine"]["ansible"] or "ansible", results["machine"]["cpus"],
        " ".join(str(x) for x in results["machine"]["load_average"]))]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines.append("ratios are of wall time; floor: %s" % results["floor"])
    lines.append("")
    lines.append("targets:")
    for target in results["targets"]:
        lines.append("  [%s] %s: %s (limit %s)" % ("met" if target["met"] else "MISSED", target["target"], target["value"], target["limit"]))
    return "\n".join(lines)


def chart(results, path):
    """Wall and CPU seconds, and the requests by kind, per run."""
    import matplotlib  # pylint: disable=import-outside-toplevel
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    runs = results["runs"]
    labels = [CHART_LABELS[run["name"]] for run in runs]
    positions = list(range(len(runs)))
    figure, (times, requests) = plt.subplots(1, 2, figsize=(14, 5.5))
    width = 0.38
    times.bar([p - width / 2 for p in positions], [run["wall_s"] for run in runs], width, label="wall s")
    times.bar([p + width / 2 for p in positions], [run["cpu_s"] for run in runs], width, label="CPU s (children included)")
    for position, run in zip(positions, runs):
        ratio = run["ratios"].get("wall_vs_baseline")
        if ratio is not None:
            times.annotate("%.2fx" % ratio, (position - width / 2, run["wall_s"]), ha="center", va="bottom", fontsize=8)
    times.set_xticks(positions, labels, fontsize=8)
    times.set_ylabel("seconds")
    times.set_title("time (label: wall / baseline's wall)")
    times.legend()
    bottom = [0] * len(runs)
    for kind in ("reads", "writes", "tokens"):
        values = [run["requests"][kind] for run in runs]
        requests.bar(positions, values, 0.6, bottom=bottom, label=kind)
        bottom = [b + v for b, v in zip(bottom, values)]
    requests.set_xticks(positions, labels, fontsize=8)
    requests.set_ylabel("requests to the sandbox")
    requests.set_title("requests by kind")
    requests.legend()
    figure.suptitle("make bench: %d tenants, forks %d, %s" % (results["tenants"], results["forks"], results["date"]))
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def write(results, directory):
    directory.mkdir(parents=True, exist_ok=True)
    json_path = results_path(directory, results["tenants"], "json")
    with open(json_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
        handle.write("\n")
    png_path = results_path(directory, results["tenants"], "png")
    chart(results, png_path)
    text_path = results_path(directory, results["tenants"], "txt")
    text_path.write_text(table(results) + "\n", encoding="utf-8")
    return [json_path, png_path, text_path]
