"""The hub sizing's table (tools/hub_sizing.py), on figures given here: the arithmetic a trainer
relies on when booking a hub, and the tool's imports of the rehearsal's helpers (a renamed
helper in test_hub.py or test_jupyterlab.py breaks this test, not only `make hub-sizing`)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tool():
    spec = importlib.util.spec_from_file_location("hub_sizing", ROOT / "tools" / "hub_sizing.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hub_sizing"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_the_sizing_table_adds_the_hub_and_each_learners_server_and_kernels() -> None:
    tool = load_tool()
    learner = tool.Learner("a", steps=[
        tool.Step("log in", 20.0, cpu_seconds=3.0, server_mb=100.0),
        tool.Step("open lab 1", 10.0, cpu_seconds=5.0, server_mb=150.0, kernel_mb=100.0),
        tool.Step("open lab 2", 10.0, cpu_seconds=2.0, server_mb=156.0, kernel_mb=140.0),
    ], total_mb=400.0)
    text = tool.report([learner], base_mb=200.0, sizes=[10, 60])
    row = r"^\s+(\d+)\s+([\d.]+) GB\s+([\d.]+) GB\s+(\d+)\s+(\d+) s"
    rows = {int(m[0]): m[1:] for m in re.findall(row, text, re.M)}
    headroom, wait = tool.HEADROOM, tool.ACCEPTABLE_WAIT_S
    for n, (one, every, cores, login) in rows.items():
        assert float(one) == round((200 + n * (156 + 140)) * headroom / 1024, 1)  # one kernel: the biggest
        assert float(every) == round((200 + n * 400) * headroom / 1024, 1)  # every kernel left running
        assert int(cores) == max(2, -(-n * 5.0 * headroom // wait))  # everyone runs the heaviest lab at once
        assert int(login) == round(n * 3.0 / int(cores))
    assert set(rows) == {10, 60}
