"""Fixtures of the reliability suite: one PostgreSQL and one sandbox for the session, and the
report: build/reliability.md, or the file RELIABILITY_REPORT names (``make reliability-report``
refreshes the committed docs/reliability.md).

Each test measures one group of cases, records its figures in the report (before asserting
the issue's targets on them, so that a missed target still shows in the table), and asserts.
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "playbooks"))
sys.path.insert(0, str(HERE.parent / "sandbox"))

# pylint: disable=wrong-import-position
from genesys_sandbox.testing import running_postgres, running_sandbox  # noqa: E402
from playbook_helpers import leaks  # noqa: E402
from sandbox_fixtures import collections_path  # noqa: E402,F401 pylint: disable=unused-import  # a fixture, found by name
from reliability_helpers import REPO, Inventory, Tenants, contact_centers  # noqa: E402

# Contact centers r01..r40: enough for the largest run (the malformed tenants).
CONTACT_CENTERS = 40
# A test run leaves the checkout as it was: the report goes under build/ unless asked for.
REPORT_PATH = Path(os.environ.get("RELIABILITY_REPORT") or REPO / "build" / "reliability.md")

COLUMNS = ("cases", "survived in the run", "failed cleanly", "duplicates", "one-time values lost",
           "writes before a validation error", "other tenants completed", "secrets in output")


class Report:
    """Figures per group, in the order the tests ran, and the cases behind them."""

    def __init__(self):
        self.groups = {}
        self.started = datetime.datetime.now(datetime.timezone.utc)

    def add(self, group, target, met, figures, cases):
        """``figures``: column -> value (absent = not measured for this group);
        ``cases``: rows (dicts) of the cases behind the figures. A group added again (a parametrized
        test) adds its cases and its counts to the group's."""
        previous = self.groups.get(group)
        if previous is not None:
            met = met and previous["met"]
            cases = previous["cases"] + list(cases)
            merged = dict(previous["figures"])
            for column, value in figures.items():
                known = merged.get(column)
                counts = all(isinstance(item, int) and not isinstance(item, bool) for item in (known, value))
                merged[column] = known + value if counts else value
            figures = merged
        self.groups[group] = {"target": target, "met": met, "figures": figures, "cases": cases}
        REPORT_PATH.parent.mkdir(parents=True, exist_ok=True)
        # Written at once too, so that a long session shows its figures as it goes.
        self.write(REPORT_PATH, (datetime.datetime.now(datetime.timezone.utc) - self.started).total_seconds())

    def write(self, path, duration):
        lines = [
            "# Reliability",
            "",
            "Written by `tests/reliability` (`make reliability-report`; `make test` writes build/reliability.md): every figure below",
            "is measured by running the collection's playbooks against the sandbox and its PostgreSQL, with",
            "faults injected in the sandbox, runs killed, runs started together, short-lived tokens,",
            "malformed inventories and TLS. Do not edit by hand; run the suite.",
            "",
            "Last run: %s, %d s, on %s." % (self.started.strftime("%Y-%m-%d %H:%M UTC"), duration, code_under_test()),
            "",
            "| group | " + " | ".join(COLUMNS) + " | target | met |",
            "|---|" + "---|" * len(COLUMNS) + "---|---|",
        ]
        for group, data in self.groups.items():
            cells = [str(data["figures"].get(column, "–")) for column in COLUMNS]
            lines.append("| %s | %s | %s | %s |" % (group, " | ".join(cells), data["target"], "yes" if data["met"] else "**no**"))
        lines += ["", "A dash: the column does not apply to the group. \"Failed cleanly\": the run failed with a message",
                  "naming the cause, no traceback. \"One-time values lost\": an `xapikey` whose N2 answer reached the",
                  "collection and that its output file does not hold after the re-run.", ""]
        for group, data in self.groups.items():
            lines += ["## " + group, ""]
            if data["cases"]:
                keys = list(data["cases"][0])
                lines.append("| " + " | ".join(keys) + " |")
                lines.append("|" + "---|" * len(keys))
                for case in data["cases"]:
                    lines.append("| " + " | ".join(_cell(case.get(key)) for key in keys) + " |")
            lines.append("")
        path.write_text("\n".join(lines), encoding="utf-8")


def code_under_test():
    """The commit the suite ran on, and the heads of a merge in progress on top of it."""
    def git(*args):
        done = subprocess.run(["git", *args], cwd=str(REPO), capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""
    described = "commit %s" % (git("rev-parse", "--short", "HEAD") or "unknown")
    merge_head = Path(REPO, git("rev-parse", "--git-path", "MERGE_HEAD") or "MERGE_HEAD")
    if merge_head.is_file():
        heads = []
        for head in merge_head.read_text(encoding="utf-8").split():
            # The branch at the head, else one that holds it (wip/<name>~N once it moved on).
            branches = git("for-each-ref", "--points-at", head, "--format=%(refname:short)", "refs/heads/wip").split()
            name = branches[0] if branches else git("name-rev", "--name-only", "--refs=refs/heads/wip/*", head)
            heads.append("%s (%s)" % (name or "?", head[:7]))
        described += " with an uncommitted merge of " + ", ".join(heads)
    # The report itself is rewritten as the suite goes: it is no change of the code under test.
    elif git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/reliability.md"):
        described += " (uncommitted changes)"
    return described


def _cell(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "–"
    return str(value).replace("|", "\\|").replace("\n", " ")[:300]


REPORT = Report()


@pytest.fixture(scope="session")
def report():
    return REPORT


def pytest_sessionfinish(session, exitstatus):  # pylint: disable=unused-argument
    if REPORT.groups:
        REPORT.write(REPORT_PATH, (datetime.datetime.now(datetime.timezone.utc) - REPORT.started).total_seconds())


class SecretsSeen:
    """Every secret of an inventory searched in the output of its runs (raw, URL- and JSON-escaped)."""

    def __init__(self):
        self.runs = 0
        self.found = []

    def __call__(self, inventory, *runs):
        secrets = inventory.secrets()
        for run in runs:
            self.runs += 1
            self.found += leaks(run.output, secrets)
        return self.found

    def figure(self):
        return "%d (%d runs searched)" % (len(self.found), self.runs)


@pytest.fixture
def secrets_seen():
    return SecretsSeen()


@pytest.fixture(scope="session", autouse=True)
def collection_under_test(collections_path):  # pylint: disable=redefined-outer-name
    """Every case runs the playbooks of the collection on ANSIBLE_COLLECTIONS_PATH: fail at once without it."""
    return collections_path


@pytest.fixture(scope="session")
def pg():
    with running_postgres() as info:
        yield info


@pytest.fixture(scope="session")
def sandbox(pg, tmp_path_factory):  # pylint: disable=redefined-outer-name
    overrides = {"contact_centers": contact_centers(CONTACT_CENTERS)}
    with running_sandbox(overrides, runtime_dir=tmp_path_factory.mktemp("sandbox"), pg=pg) as started:
        yield started


@pytest.fixture
def tenants(sandbox):  # pylint: disable=redefined-outer-name
    """A clean sandbox and the tenant kinds of its contact centers."""
    sandbox.reset()
    return Tenants(sandbox)


@pytest.fixture
def make_inventory(sandbox, tmp_path):  # pylint: disable=redefined-outer-name
    """``make_inventory(tenants, environment=None, name="inventory")``: a new inventory directory."""
    def make(tenant_vars, environment=None, name="inventory", target=None):
        return Inventory(target or sandbox, tmp_path / name, tenant_vars, environment)
    return make
