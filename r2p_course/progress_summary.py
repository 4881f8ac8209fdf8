"""A learner's own progress: per chapter and objective, how many questions answered and right,
and which to revisit.

The same rule runs in two places: here (the ``notebooks/my-progress.ipynb`` notebook reads
the progress file) and in ``widgets/static/my-progress.js`` (the website's "My progress" page
reads the browser's local storage). ``tests/progress_summary_cases.json`` is run against
both, so they cannot drift.

Which page holds each question is worked out from the pages themselves: every code cell of the
chapters and labs in ``_toc.yml`` that builds one of the course's widgets (``ChoiceQuiz("bank",
ids=[...])``) is read, so a question moved to another page links there on the next build.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from . import COURSE_ID, __version__
from .data import SECTIONS, chapter_files, chapter_title, load_objectives
from .paths import ROOT, toc_entries
from .quiz import EXAMPLE_BANK, RESULTS, load_banks

REVISIT = ("incorrect", "partial")  # the results that send a learner back to a question
# The widgets' classes and the question types each shows (as in r2p_course.widgets, which
# this module does not import: that would start anywidget for a table).
WIDGET_TYPES = {"PillarQuiz": ("pillars",), "ChoiceQuiz": ("choice",), "CoercionSorter": ("order", "tiers")}
SHORT_PROMPT = 90  # characters of a prompt shown in the list to revisit


def summarize(data: dict[str, Any], answers: dict[str, Any]) -> dict[str, Any]:
    """Count a learner's answers per chapter and objective, and list the questions to revisit.

    ``data`` holds ``objectives`` (``[{id, chapter}]``, in course order) and ``questions``
    (``[{id, objectives, ...}]``: the questions a page shows, in course order); ``answers`` maps
    question id to a saved entry (``{result, ...}``). An answer counts when its result is
    ``correct``, ``partial`` or ``incorrect``; "right" is ``correct`` only. An answer to a
    question no page shows (another version of the course) is not counted. A question checking
    two objectives counts once for each, and once for its chapter.
    """
    def result_of(qid: str) -> str | None:
        entry = answers.get(qid)
        result = entry.get("result") if isinstance(entry, dict) else None
        return result if result in RESULTS else None

    chapter_of = {o["id"]: o["chapter"] for o in data["objectives"]}
    objectives = {o["id"]: {"objective": o["id"], "chapter": o["chapter"], "questions": 0, "answered": 0, "correct": 0}
                  for o in data["objectives"]}
    chapters: dict[str, dict[str, Any]] = {}
    for o in data["objectives"]:
        chapters.setdefault(o["chapter"], {"chapter": o["chapter"], "questions": 0, "answered": 0, "correct": 0})
    totals = {"questions": 0, "answered": 0, "correct": 0}
    revisit = []
    for q in data["questions"]:
        result = result_of(q["id"])
        rows = [objectives[o] for o in q["objectives"] if o in objectives]
        rows += [chapters[c] for c in dict.fromkeys(chapter_of[o] for o in q["objectives"] if o in chapter_of)]
        for row in [*rows, totals]:
            row["questions"] += 1
            row["answered"] += result is not None
            row["correct"] += result == "correct"
        if result in REVISIT:
            revisit.append({"question": q["id"], "result": result})
    return {**totals, "chapters": list(chapters.values()), "objectives": list(objectives.values()),
            "revisit": revisit}


# ---------------------------------------------------------------- the course's questions and pages


def toc_files(root: Path = ROOT) -> list[Path]:
    """The learners' pages of the course, in the order of ``_toc.yml`` (trainers' pages left out)."""
    entries = toc_entries(root)
    found = []
    for entry in entries:
        if entry.startswith("book/instructors/"):
            continue
        for ext in (".myst", ".ipynb", ".md"):
            if (root / f"{entry}{ext}").exists():
                found.append(root / f"{entry}{ext}")
                break
    return found


def widget_calls(source: str) -> list[tuple[str, str, list[str] | None]]:
    """The course's widgets a code cell builds: ``(class, bank, ids or None)`` for each."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # a cell with IPython magics builds no widget of ours
        return []
    calls = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in WIDGET_TYPES
                and node.args and isinstance(node.args[0], ast.Constant)):
            ids = next((ast.literal_eval(k.value) for k in node.keywords if k.arg == "ids"), None)
            calls.append((node.func.id, node.args[0].value, ids))
    return calls


def page_title(path: Path, cells: list[Any]) -> str:
    """A page's title: its first top-level Markdown heading, else its file name."""
    for cell in cells:
        if cell.cell_type == "markdown" and (m := re.search(r"^# (.+)$", cell.source, re.M)):
            return m[1].strip()
    return path.stem


def question_pages(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """Question id -> the first page that shows it: ``{page, source, title}`` (``page`` is the
    website's address from the site's root, ``source`` the file in the course's folder)."""
    import jupytext

    banks = load_banks()
    pages: dict[str, dict[str, str]] = {}
    for path in toc_files(root):
        if path.suffix == ".md":
            continue
        notebook = jupytext.read(path)
        relative = path.relative_to(root).as_posix()
        where = {"page": re.sub(r"\.(myst|ipynb)$", ".html", relative), "source": relative,
                 "title": page_title(path, notebook.cells)}
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            for widget, bank, ids in widget_calls(cell.source):
                shown = ids if ids is not None else [q["id"] for q in banks[bank].questions
                                                      if q["type"] in WIDGET_TYPES[widget]]
                for qid in shown:
                    pages.setdefault(qid, where)
    return pages


def short_prompt(prompt: str) -> str:
    """The start of a prompt, on one line, cut at a word."""
    text = " ".join(prompt.split())
    return text if len(text) <= SHORT_PROMPT else text[:SHORT_PROMPT].rsplit(" ", 1)[0] + "…"


def progress_data(root: Path = ROOT) -> dict[str, Any]:
    """What "My progress" needs: the objectives, the chapters' titles, and each question a page
    shows with its objectives and page (no answers or explanations: the page grades nothing)."""
    pages = question_pages(root)
    questions = []
    for name, bank in load_banks().items():
        if name == EXAMPLE_BANK:
            continue
        for q in bank.questions:
            if q["id"] in pages:
                questions.append({"id": q["id"], "objectives": list(q.get("objectives", [])),
                                  "prompt": short_prompt(q["prompt"]), **pages[q["id"]]})
    chapters = {section: {"title": chapter_title(path), "page": path.relative_to(root).with_suffix(".html").as_posix(),
                          "source": path.relative_to(root).as_posix()}
                for section, path in chapter_files().items()}
    objectives = load_objectives()
    return {
        "course": {"id": COURSE_ID, "version": __version__},
        "objectives": [{"id": o.objective_id, "chapter": o.chapter, "text": o.text} for o in objectives.itertuples()],
        "chapters": [{"chapter": s, **chapters[s]} for s in SECTIONS if s in chapters],
        "questions": questions,
    }


def progress_data_script(root: Path = ROOT) -> str:
    """``progress-data.js`` for the website: the data as a script (a page opened from disk
    cannot fetch a JSON file)."""
    data = json.dumps(progress_data(root), ensure_ascii=False, separators=(",", ":"))
    return f"window.r2pProgressData = {data};\n"


# ---------------------------------------------------------------- the notebook's view


def my_progress(answers: dict[str, Any] | None = None) -> dict[str, Any]:
    """The learner's progress in JupyterLab, from the progress file, as pandas tables.

    Returns ``answered``/``correct``/``total`` and three DataFrames: ``chapters``,
    ``objectives`` and ``revisit`` (with the file to open for each question).
    """
    if answers is None:
        from .progress import ProgressStore

        answers = ProgressStore().answers
    data = progress_data()
    summary = summarize(data, answers)
    titles = {c["chapter"]: c["title"] for c in data["chapters"]}
    chapters = pd.DataFrame(summary["chapters"])
    chapters["title"] = chapters.chapter.map(titles).fillna("(chapter to come)")
    chapters = chapters[["chapter", "title", "questions", "answered", "correct"]]
    objectives = pd.DataFrame(summary["objectives"])[["objective", "chapter", "questions", "answered", "correct"]]
    by_id = {q["id"]: q for q in data["questions"]}
    revisit = pd.DataFrame(
        [{"question": r["question"], "result": r["result"], "prompt": by_id[r["question"]]["prompt"],
          "page": by_id[r["question"]]["title"], "file": by_id[r["question"]]["source"]} for r in summary["revisit"]],
        columns=["question", "result", "prompt", "page", "file"],
    )
    return {"answered": summary["answered"], "correct": summary["correct"], "total": summary["questions"],
            "chapters": chapters, "objectives": objectives, "revisit": revisit}
