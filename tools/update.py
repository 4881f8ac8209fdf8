"""`make update` (or `python tools/update.py`): bring a learner's copy of the course up to date.

A plain `git pull` fails once JupyterLab has saved a lab the learner ran: autosave rewrites
the committed notebook (its outputs and widget ids), and git refuses to overwrite it. This
command fetches the course's branch; every file that the learner changed *and* the course
changed (or a file of theirs that the course now adds) is first copied to
``my-changes/<date-time>/`` (same paths; git ignores that folder) and reset, then the branch
is fast-forwarded. Their other edits stay where they are. Their answers are not in the
course's folder at all (``~/.r2p-course/progress.json``, or ``R2P_PROGRESS``), so nothing
here touches them. Only the Python standard library and git are used, so it runs before
the course's virtual environment exists or after it broke.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BACKUPS = "my-changes"


class UpdateError(Exception):
    """Something the learner must sort out by hand; the message says what."""


def git(*args: str, check: bool = True) -> str:
    """Run git in the course's folder and return its output (an UpdateError when it fails)."""
    try:
        run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise UpdateError("git is not installed: install it, or download the course again") from exc
    if check and run.returncode != 0:
        raise UpdateError(f"`git {' '.join(args)}` failed:\n{(run.stderr or run.stdout).strip()}")
    return run.stdout


def lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if line}


def update(now: dt.datetime | None = None) -> str:
    """Back up what would block the update, fast-forward, and say what happened."""
    if git("rev-parse", "--is-inside-work-tree", check=False).strip() != "true":
        raise UpdateError(f"{ROOT} is not a git clone of the course: download the course again instead")
    upstream = git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}", check=False).strip()
    if not upstream:
        raise UpdateError("this copy follows no branch of the course (no upstream): "
                          "run `git branch --set-upstream-to=origin/main` once, then update again")
    git("fetch", "--quiet")  # the remote the current branch follows
    head, theirs = git("rev-parse", "HEAD").strip(), git("rev-parse", "@{u}").strip()
    if head == theirs:
        return f"Already up to date ({upstream} at {theirs[:7]})."
    if subprocess.run(["git", "merge-base", "--is-ancestor", "HEAD", "@{u}"], cwd=ROOT).returncode != 0:
        raise UpdateError("you have commits of your own on this branch, so it cannot simply move forward: "
                          f"merge {upstream} yourself (`git pull`), or ask your trainer")
    incoming = lines(git("diff", "--name-only", "--no-renames", "HEAD", "@{u}"))
    changed = lines(git("diff", "--name-only", "--no-renames", "HEAD"))  # staged or not
    untracked = lines(git("ls-files", "--others", "--exclude-standard"))
    blocking = sorted((changed | untracked) & incoming)
    kept = ""
    if blocking:
        stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d-%H%M%S")
        backup = ROOT / BACKUPS / stamp
        for name in blocking:
            source = ROOT / name
            if source.is_file():
                (backup / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, backup / name)
        tracked = [name for name in blocking if name in changed]
        if tracked:
            git("restore", "--source=HEAD", "--staged", "--worktree", "--", *tracked)
        for name in blocking:
            if name in untracked:
                (ROOT / name).unlink()
        kept = (f"\nYou had changed {len(blocking)} file(s) that the course changed too; your versions are in "
                f"{BACKUPS}/{stamp}/:\n" + "".join(f"  {name}\n" for name in blocking))
    git("merge", "--ff-only", "--quiet", "@{u}")
    return (f"Updated to {upstream} at {theirs[:7]} ({len(incoming)} file(s) changed).{kept}\n"
            "Your answers (the progress file, ~/.r2p-course/progress.json) were not touched.")


def main() -> int:
    try:
        print(update())
    except UpdateError as exc:
        print(f"r2p-course update: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
