"""The markers tests/conftest.py gives: `make test-fast` runs the shared cases in both languages
and nothing that needs a site build, a browser or JupyterLab; every test has a marker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FAST = "unit and not slow"  # the Makefile's test-fast selection
MARKERS = {"unit", "browser", "build", "lab", "slow"}
# A plugin for the collection below: every test's markers, the ones -m left out included.
PLUGIN = '''
import json, os

left_out = []

def pytest_deselected(items):
    left_out.extend(items)

def pytest_collection_finish(session):
    def marks(items):
        return {i.nodeid: sorted(m.name for m in i.iter_markers()) for i in items}
    with open(os.environ["R2P_MARKS_OUT"], "w") as out:
        json.dump({"fast": marks(session.items), "left_out": marks(left_out)}, out)
'''


@pytest.fixture(scope="module")
def lanes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, set[str]]]:
    """The whole suite collected once with the fast lane's selection (none run): ``all`` tests
    and the ``fast`` lane's, each with its markers."""
    folder = tmp_path_factory.mktemp("marks")
    (folder / "r2p_marks_dump.py").write_text(PLUGIN, encoding="utf-8")
    out = folder / "marks.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]), "R2P_MARKS_OUT": str(out)}
    done = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "r2p_marks_dump",
                           "-m", FAST], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    found = {lane: {test: set(marks) & MARKERS for test, marks in tests.items()}
             for lane, tests in json.loads(out.read_text(encoding="utf-8")).items()}
    return {"fast": found["fast"], "all": {**found["fast"], **found["left_out"]}}


def test_make_test_fast_uses_the_selection_tested_here() -> None:
    assert f'pytest -m "{FAST}"' in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_the_fast_lane_runs_the_case_files_in_both_languages_and_no_build(lanes: dict) -> None:
    fast = lanes["fast"]
    files = {test.split("::")[0] for test in fast}
    for heavy in ("test_browser.py", "test_jupyterlab.py", "test_hub.py", "test_build_state.py",
                  "test_chapters_nbval.py", "test_site_weight.py", "test_links.py"):
        assert f"tests/{heavy}" not in files, heavy
    assert not any(name.startswith("notebooks/") for name in files), "nbval runs notebooks"
    for parity in ("test_shared_grading_cases_in_python", "test_shared_grading_cases_in_javascript",
                   "test_shared_stage_cases_in_javascript", "test_results_cases_in_python",
                   "test_results_cases_in_javascript_match_the_command", "test_shared_progress_cases_in_python",
                   "test_shared_progress_cases_in_javascript", "test_the_shared_cases_give_each_learner_their_order"):
        assert any(f"::{parity}" in test for test in fast), parity
    # a browser test beside unit tests in one file stays out of the fast lane
    assert not any("test_results_cases_on_the_website" in test for test in fast)
    assert all(marks == {"unit"} for marks in fast.values())


def test_every_test_has_a_marker_and_a_browser_on_the_site_needs_the_build(lanes: dict) -> None:
    everything = lanes["all"]
    assert [test for test, marks in everything.items() if not marks] == []
    assert [test for test, marks in everything.items() if "unit" in marks and marks & {"browser", "build", "lab"}] == []
    # a browser on anything but the built site is one in JupyterLab or on the hub
    assert [test for test, marks in everything.items() if "browser" in marks and not marks & {"build", "lab"}] == []
    assert {test.split("::")[0] for test, marks in everything.items() if "lab" in marks} == {
        "tests/test_hub.py", "tests/test_jupyterlab.py"}
    assert all(marks >= {"build", "slow"} for test, marks in everything.items() if test.startswith("notebooks/"))
