"""A build by someone who has answered questions puts none of their answers on the website.

The notebooks run during the build read the progress file ($R2P_PROGRESS), so the executed
widgets carry the builder's answers; ``r2p_course.book`` must empty them in the saved widget
state of every page. The session's own build uses an empty progress file and cannot show
this: here the lab with all three widget kinds is built alone, into a temporary folder (a
fresh execution cache, so it really runs), with a progress file holding answers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from r2p_course import COURSE_ID, __version__

ROOT = Path(__file__).resolve().parent.parent
LAB = "notebooks/practice-widgets"
STATE = re.compile(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.S)
BUILDERS_ANSWERS = {  # one question of each widget kind on the lab
    "practice-pillars-peacekeeping": {"answer": [2], "result": "correct", "time": "2026-01-01T00:00:00+00:00"},
    "practice-choice-rwp-origin": {"answer": ["annan"], "result": "incorrect", "time": "2026-01-01T00:00:00+00:00"},
    "practice-order-toolbox": {"answer": ["x"], "result": "incorrect", "time": "2026-01-01T00:00:00+00:00"},
}


def _our_states(notebook_or_page: dict) -> list[dict]:
    models = notebook_or_page.get("state", {}).values()
    return [m["state"] for m in models if m.get("state", {}).get("_r2p_widget")]


def test_a_builders_answers_do_not_reach_the_site(tmp_path: Path) -> None:
    progress = tmp_path / "progress.json"
    progress.write_text(json.dumps({
        "course": COURSE_ID, "version": __version__, "learner_id": "the-builder", "alias": None,
        "answers": [{"question_id": q, **entry} for q, entry in BUILDERS_ANSWERS.items()],
    }), encoding="utf-8")
    toc = tmp_path / "_toc.yml"
    toc.write_text(yaml.safe_dump({"format": "jb-book", "root": LAB}), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "--path-output", str(out),
         "--toc", str(toc)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "R2P_PROGRESS": str(progress)},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0 and "build succeeded" in log, log[-4000:]

    # The notebook really ran with the builder's answers (else this test could not fail) ...
    executed = [json.loads(p.read_text(encoding="utf-8"))["metadata"]["widgets"]
                ["application/vnd.jupyter.widget-state+json"]
                for p in (out / "_build" / ".jupyter_cache").rglob("*.ipynb")]
    ran_with = {q for nb in executed for state in _our_states(nb) for q in state["answers"]}
    assert ran_with == set(BUILDERS_ANSWERS), "the lab did not run with the builder's progress file"

    # ... and the page the website serves carries none of them.
    html = (out / "_build" / "html" / f"{LAB}.html").read_text(encoding="utf-8")
    saved = STATE.search(html)
    assert saved, "the lab page has no saved widget state"
    ours = _our_states(json.loads(saved.group(1)))
    assert {s["_r2p_widget"] for s in ours} == {"pillar-quiz", "choice-quiz", "coercion-sorter"}
    for state in ours:
        assert state["answers"] == {}, f"{state['_r2p_widget']}: the builder's answers are on the site"
    assert "the-builder" not in html and "2026-01-01T00:00:00" not in html
