# Copyright: genesys.multicloud contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant_record action: merges into the record under the store's lock, keeps what modules
stored, writes nothing in check mode, and masks every secret of the record in its diff."""

from __future__ import annotations

import json
import stat
from unittest.mock import MagicMock

from ansible.parsing.dataloader import DataLoader
from ansible.playbook.task import Task
from ansible.template import Templar

from ansible_collections.genesys.multicloud.plugins.action.tenant_record import ActionModule

XAPIKEY = "131ab1c5-74ac-4d0e-a5ee-ebb979127542"
DESIGNER = "25d442fc-133b-4bf7-a155-c0402b827c7d"


def run(path, update, check_mode=False, diff=True, publish=None):
    task = Task()
    task.args = {"path": str(path), "update": update}
    if publish is not None:
        task.args["publish"] = publish
    task.check_mode, task.diff = check_mode, diff
    action = ActionModule(task, MagicMock(), MagicMock(), loader=DataLoader(), templar=Templar(loader=DataLoader()),
                          shared_loader_obj=None)
    return action.run(task_vars={})


def stored(tmp_path):
    path = tmp_path / "records" / "t100.json"
    path.parent.mkdir(mode=0o700)
    path.write_text(json.dumps({"xapikey": XAPIKEY, "apikeys": {"Designer API key": DESIGNER}}), encoding="utf-8")
    path.chmod(0o600)
    return path


def update():
    return {"ccid": "0f6a1c1e", "services": ["PlatformUCS"],
            "manual_steps": [{"step": "Designer", "options": [{"option": "password", "value": DESIGNER}]}]}


def test_merges_and_keeps_what_modules_stored(tmp_path):
    path = stored(tmp_path)
    result = run(path, update())
    assert result["changed"]
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record == dict(update(), xapikey=XAPIKEY, apikeys={"Designer API key": DESIGNER})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not run(path, update())["changed"]


def test_the_diff_masks_every_secret_of_the_record(tmp_path):
    result = run(stored(tmp_path), update())
    shown = json.dumps(result["diff"])
    assert XAPIKEY not in shown and DESIGNER not in shown
    assert result["diff"]["after"]["manual_steps"][0]["options"][0]["value"] == "********"
    assert result["diff"]["after"]["services"] == ["PlatformUCS"] and "services" not in result["diff"]["before"]


def test_check_mode_writes_nothing(tmp_path):
    path = stored(tmp_path)
    before = path.read_text(encoding="utf-8")
    assert run(path, update(), check_mode=True)["changed"]
    assert path.read_text(encoding="utf-8") == before
    assert run(tmp_path / "records" / "t200.json", update(), check_mode=True)["changed"]
    assert not (tmp_path / "records" / "t200.json").exists()


def test_publish_returns_what_set_stats_returns(tmp_path):
    public = {"genesys_tenants": {"t100": {"ccid": "0f6a1c1e"}}}
    for check_mode in (False, True):
        (tmp_path / str(check_mode)).mkdir()
        result = run(stored(tmp_path / str(check_mode)), update(), check_mode=check_mode, publish=public)
        assert result["ansible_stats"] == {"data": public, "per_host": False, "aggregate": True}
    assert "ansible_stats" not in run(stored(tmp_path), update())
