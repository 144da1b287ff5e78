"""Where a playbook run spends the controller's time: ``py-spy`` samples ansible-playbook and every
worker process it forks, and the samples are summed by what they were doing.

The controller's main thread (the strategy: variables for each host and task, queueing, results)
runs serially, so its busy seconds are a floor under the wall time whatever the forks; the
workers' seconds are spread over the cores.
"""

import collections
import json
import re
import subprocess
from pathlib import Path

RATE = 100  # samples per second and process

# Frames that mark what a sample was doing, in the order they are tried (the first that matches).
WORKER_PARTS = (
    # A worker's samples all start with the parent's frames down to the fork; its own run is under _bootstrap.
    ("task arguments templated (Jinja)", "_post_validate_args"),
    ("loop items templated", "TaskExecutor._get_loop_items"),
    ("conditionals (when)", "Conditional.evaluate_conditional"),
    ("the collection's code (module run in-process)", "ModuleOnController.run"),
    ("other actions (set_fact, debug, ...)", "TaskExecutor._execute"),
)
MAIN_PARTS = (
    ("variables for each host and task (VariableManager.get_vars)", "VariableManager.get_vars"),
    ("queueing the task to a worker", "StrategyBase._queue_task"),
    ("results and callbacks", "StrategyBase._process_pending_results"),
)


def record(command, raw_path, log_path, env, cwd):
    """Run ``command`` under py-spy; its output goes to ``log_path``. Returns py-spy's exit code."""
    spy = [str(Path(command[0]).with_name("py-spy")), "record", "--subprocesses", "--rate", str(RATE),
           "--format", "raw", "--output", str(raw_path), "--"] + list(command)
    with open(log_path, "w", encoding="utf-8") as log:
        return subprocess.run(spy, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd, check=False).returncode


def _frames(stack):
    return [re.sub(r":\d+\)$", ")", frame) for frame in stack.split(";")]


def summarize(raw_path, top=12):
    """Seconds by part, for the main thread and the workers, and the functions that take the most."""
    main, workers = collections.Counter(), collections.Counter()
    main_functions, worker_functions = collections.Counter(), collections.Counter()
    with open(raw_path, encoding="utf-8") as raw:
        for line in raw:
            stack, count = line.rstrip("\n").rsplit(" ", 1)
            count = int(count)
            frames = _frames(stack)
            text = ";".join(frames)
            if "WorkerProcess" in text:
                parts, counter, functions = WORKER_PARTS, workers, worker_functions
            elif "StrategyModule.run" in text and "_wait_on_pending_results" not in text:
                parts, counter, functions = MAIN_PARTS, main, main_functions
            else:
                continue  # the main process's other threads, mostly waiting
            counter["total"] += count
            if parts is WORKER_PARTS and "BaseProcess._bootstrap" not in text:
                part = "fork of the worker"
            else:
                part = next((name for name, frame in parts if frame in text), "other")
            counter[part] += count
            # Below the frame where the thread's own work starts: the frames above are in every sample.
            start = "BaseProcess._bootstrap" if parts is WORKER_PARTS else "StrategyModule.run"
            own = [frame.split(" (")[0] for frame in frames]
            own = own[next((i for i, name in enumerate(own) if name == start), len(own)) + 1:]
            for function in set(own):
                functions[function] += count

    def seconds(counter):
        return dict((name, round(count / float(RATE), 1)) for name, count in counter.most_common())

    def heaviest(functions, total):
        # Wrappers every sample goes through say nothing: only functions under 90 % of the samples.
        return [{"function": name, "seconds": round(count / float(RATE), 1), "share": round(count / float(total or 1), 3)}
                for name, count in functions.most_common() if count < 0.9 * total][:top]

    return {"rate_hz": RATE, "main_thread_s": seconds(main), "workers_s": seconds(workers),
            "main_thread_heaviest": heaviest(main_functions, main["total"]),
            "workers_heaviest": heaviest(worker_functions, workers["total"])}


def text(summary, label):
    lines = ["profile of %s (py-spy, %d samples/s per process)" % (label, summary["rate_hz"])]
    for title, key, heaviest in (("controller main thread (serial)", "main_thread_s", "main_thread_heaviest"),
                                 ("worker processes (in parallel)", "workers_s", "workers_heaviest")):
        parts = summary[key]
        lines.append("  %s: %.1f s" % (title, parts.get("total", 0)))
        lines.extend("    %6.1f s  %s" % (value, name) for name, value in parts.items() if name != "total")
        lines.append("    heaviest functions (inclusive):")
        lines.extend("    %6.1f s %5.1f %%  %s" % (f["seconds"], 100 * f["share"], f["function"]) for f in summary[heaviest])
    return "\n".join(lines)


def write(summary, label, path):
    path.with_suffix(".json").write_text(json.dumps(dict(summary, run=label), indent=2) + "\n", encoding="utf-8")
    path.with_suffix(".txt").write_text(text(summary, label) + "\n", encoding="utf-8")
    return [path.with_suffix(".json"), path.with_suffix(".txt")]
