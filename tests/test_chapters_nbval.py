"""nbval on the chapters: MyST notebooks (``book/*.myst``) keep no outputs, so they run lax.

The lab notebooks (``notebooks/*.ipynb``) run under strict nbval from pytest's own collection
(``testpaths``); chapters are converted by jupytext to notebooks in a temporary folder and run
under ``--nbval-lax``: every cell must execute without an error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("*.myst"))  # not JupyterLab's .ipynb_checkpoints copies


def test_there_are_chapters_with_code() -> None:
    assert CHAPTERS, "no MyST notebook under book/"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_chapter_runs_under_nbval(chapter: Path, tmp_path: Path) -> None:
    notebook = tmp_path / chapter.with_suffix(".ipynb").name
    jupytext.write(jupytext.read(chapter), notebook)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
         "--nbval-lax", "--nbval-current-env", f"--rootdir={tmp_path}", str(notebook)],
        cwd=ROOT / "book", capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
