"""`make update` on a learner's clone whose lab JupyterLab has rewritten (tools/update.py).

An upstream repository holds a small copy of the course (a lab notebook, the update tool,
.gitignore, the Makefile); a learner clones it, "runs" the lab (the notebook is rewritten as
autosave does: new widget ids, a note of their own), then the course publishes a newer
commit changing the same notebook. A plain `git pull` fails there; the update must succeed,
leave the learner on the new commit, keep their version in my-changes/ and leave their
progress file alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAB = "notebooks/02-which-pillar.ipynb"
FILES = [LAB, "tools/update.py", ".gitignore", "Makefile", "README.md"]
GIT = ["git", "-c", "user.name=Course", "-c", "user.email=course@example.org", "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, check=check)


def autosave(path: Path, note: str | None = None) -> None:
    """What JupyterLab's autosave does to a lab that ran: every widget gets a new model id."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if view:
                view["model_id"] = uuid.uuid4().hex
    if note:
        notebook["cells"].append({"cell_type": "markdown", "id": "my-note", "metadata": {}, "source": [note]})
    path.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")


@pytest.fixture()
def course(tmp_path: Path) -> dict:
    """An upstream course repository, a learner's clone of it, and the learner's home."""
    upstream = tmp_path / "upstream"
    for name in FILES:
        (upstream / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, upstream / name)
    git(upstream, "init", "-q")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", "the course")
    learner = tmp_path / "learner"
    git(tmp_path, "clone", "-q", str(upstream), str(learner))
    home = tmp_path / "home"
    progress = home / ".r2p-course" / "progress.json"
    progress.parent.mkdir(parents=True)
    progress.write_text('{"course": "r2p-course", "answers": [{"question_id": "q1"}]}', encoding="utf-8")
    return {"upstream": upstream, "learner": learner, "home": home, "progress": progress}


def publish(upstream: Path, change: str, path: str = LAB) -> str:
    """The course's next commit: ``change`` appended to a markdown cell of the lab (or a new file)."""
    target = upstream / path
    if path == LAB:
        notebook = json.loads(target.read_text(encoding="utf-8"))
        cell = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
        cell["source"] = [*cell["source"], f"\n\n{change}"]
        target.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(change, encoding="utf-8")
    git(upstream, "add", "-A")
    git(upstream, "commit", "-q", "-m", change)
    return git(upstream, "rev-parse", "HEAD").stdout.strip()


def run_update(course: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(course["home"])}
    env.pop("R2P_PROGRESS", None)
    return subprocess.run(["make", "-s", "update"], cwd=course["learner"], env=env, capture_output=True, text=True,
                          timeout=120)


def test_a_plain_pull_fails_after_autosave_but_the_update_keeps_the_learners_version(course: dict) -> None:
    learner = course["learner"]
    autosave(learner / LAB, note="My own note on pillar two.")
    edited = (learner / LAB).read_text(encoding="utf-8")
    saved_progress = course["progress"].read_bytes()
    newer = publish(course["upstream"], "A clearer hint for the second scenario.")

    # the problem the command solves: git refuses to pull over the rewritten notebook
    other = course["learner"].parent / "other"
    git(learner.parent, "clone", "-q", str(course["upstream"]), str(other))
    git(other, "reset", "-q", "--hard", "HEAD~1")
    autosave(other / LAB)
    assert git(other, "pull", "-q", "--ff-only", check=False).returncode != 0

    run = run_update(course)
    assert run.returncode == 0, run.stdout + run.stderr
    assert git(learner, "rev-parse", "HEAD").stdout.strip() == newer
    assert (learner / LAB).read_bytes() == (course["upstream"] / LAB).read_bytes()
    backups = list((learner / "my-changes").glob(f"*/{LAB}"))
    assert len(backups) == 1, run.stdout
    assert backups[0].read_text(encoding="utf-8") == edited
    assert str(backups[0].parent.parent.relative_to(learner)) in run.stdout  # it says where
    assert git(learner, "status", "--porcelain").stdout == "", "the backup must not show as a change"
    assert course["progress"].read_bytes() == saved_progress


def test_edits_the_course_did_not_touch_stay_in_place_and_new_files_are_not_lost(course: dict) -> None:
    learner = course["learner"]
    autosave(learner / LAB, note="Kept where it is.")
    edited = (learner / LAB).read_text(encoding="utf-8")
    (learner / "notebooks" / "extra.md").parent.mkdir(exist_ok=True)
    (learner / "notebooks" / "extra.md").write_text("my own page", encoding="utf-8")
    newer = publish(course["upstream"], "a new page from the course", path="notebooks/extra.md")

    run = run_update(course)
    assert run.returncode == 0, run.stdout + run.stderr
    assert git(learner, "rev-parse", "HEAD").stdout.strip() == newer
    assert (learner / LAB).read_text(encoding="utf-8") == edited  # the course did not change it
    assert (learner / "notebooks" / "extra.md").read_text(encoding="utf-8") == "a new page from the course"
    [backup] = (learner / "my-changes").glob("*/notebooks/extra.md")
    assert backup.read_text(encoding="utf-8") == "my own page"


def test_nothing_to_do_and_a_diverged_branch_are_said_plainly(course: dict) -> None:
    learner = course["learner"]
    run = run_update(course)
    assert run.returncode == 0 and "Already up to date" in run.stdout, run.stdout + run.stderr
    publish(course["upstream"], "newer")
    (learner / "mine.txt").write_text("mine", encoding="utf-8")
    git(learner, "add", "mine.txt")
    git(learner, "commit", "-q", "-m", "my own commit")
    run = run_update(course)
    assert run.returncode != 0
    assert "commits of your own" in run.stderr and "Traceback" not in run.stderr
