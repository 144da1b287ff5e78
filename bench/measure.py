"""Measuring one run: wall and CPU time, peak memory of its process tree, the sandbox's requests."""

import json
import re
import resource
import subprocess
import threading
import time

import psutil

TOKEN_PATH = "/auth/v3/oauth/token"
SAMPLE_SECONDS = 0.05


class TreeMemory(threading.Thread):
    """Samples the memory of a process and all its descendants; keeps the peaks of the sum of their
    RSS and of their PSS. The workers are forks of the controller and share most of its pages, which
    RSS counts once in each of them and PSS divides between them: the PSS sum is what the tree
    really holds (Linux; elsewhere it is the RSS sum)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()

    def run(self):
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = proportional = 0
            try:
                processes = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            for process in processes:
                try:
                    memory = process.memory_full_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                total += memory.rss
                proportional += getattr(memory, "pss", memory.rss)
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, proportional)
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self):
        self._stop.set()
        self.join()


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(command, log_path, env, cwd=None):
    """Run ``command`` with its output in ``log_path``; wall and CPU seconds (children included:
    every process it waits for), peak RSS of its tree in MiB, return code."""
    cpu_before = _children_cpu()
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=cwd)  # pylint: disable=consider-using-with
        memory = TreeMemory(process.pid)
        memory.start()
        returncode = process.wait()
        memory.stop()
    wall = time.monotonic() - started
    return {"wall_s": round(wall, 2), "cpu_s": round(_children_cpu() - cpu_before, 2),
            "peak_rss_mib": round(memory.peak / 2 ** 20, 1), "peak_pss_mib": round(memory.peak_pss / 2 ** 20, 1),
            "rc": returncode}


def process_cpu(pid):
    """CPU seconds a running process (the sandbox) has used so far, its threads included."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def count_requests(entries):
    """Reads, writes and token grants (together every request); among them the 404 answers (a read
    of something absent, as before a creation) and the rejected ones (any other status >= 400, or
    a connection closed without an answer)."""
    counts = {"total": len(entries), "reads": 0, "writes": 0, "tokens": 0, "not_found": 0, "rejected": 0}
    for entry in entries:
        if entry["path"] == TOKEN_PATH:
            counts["tokens"] += 1
        elif entry["method"] in ("GET", "HEAD"):
            counts["reads"] += 1
        else:
            counts["writes"] += 1
        if entry["status"] == 404:
            counts["not_found"] += 1
        elif entry["status"] is None or entry["status"] >= 400:
            counts["rejected"] += 1
    return counts


_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def request_shapes(entries):
    """The requests as a sorted list of ``service METHOD path status`` with ids in paths kept
    (they are the inventory's ccids) except API key ids, which each run draws anew."""
    return sorted("%s %s %s %s" % (e["service"], e["method"], e["path"] if "/apikeys/" not in e["path"] else _ID.sub("<id>", e["path"]),
                                   e["status"]) for e in entries)


RECAP = re.compile(r"^(?P<host>\S+)\s+:\s+ok=(?P<ok>\d+)\s+changed=(?P<changed>\d+)\s+unreachable=(?P<unreachable>\d+)\s+"
                   r"failed=(?P<failed>\d+)", re.MULTILINE)


def recap(log_path):
    """From an ansible-playbook log: how many hosts reported changes, and how many failed."""
    with open(log_path, encoding="utf-8") as handle:
        text = handle.read()
    hosts = {m["host"]: m for m in RECAP.finditer(text)}
    return {"hosts": len(hosts),
            "changed_hosts": sum(1 for m in hosts.values() if int(m["changed"])),
            "failed_hosts": sum(1 for m in hosts.values() if int(m["failed"]) or int(m["unreachable"]))}


def save_requests(entries, path):
    """The run's entries of the sandbox's request log, one JSON object a line (secrets are masked there)."""
    with open(path, "w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, sort_keys=True) + "\n")
