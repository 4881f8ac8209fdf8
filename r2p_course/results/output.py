"""Class results' output: the CSV files and ``summary.json``, the summary printed in the
terminal, the ``r2p-course results`` command, and the course data the website's Class results
page is given to do the same in the browser."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .. import COURSE_ID, __version__
from ..data import load_objectives
from ..paths import bank_keys_file
from ..quiz import load_banks

# A spreadsheet runs a cell that starts with one of FORMULA_START (rules.py) as a formula. Names,
# ids and file names come from the learners' files, so a CSV cell starting so gets a leading
# apostrophe (results.js does the same for the page's download).
from ..rules import FORMULA_START
from .course import course_questions, default_banks, stage_titles
from .intake import MAX_BYTES
from .tables import TABLE_COLUMNS, Results, collect


def spreadsheet_safe(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, made plain text; anything else as it is."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def write(results: Results, out: Path) -> list[Path]:
    """Write every table as CSV and the whole summary as JSON into ``out``; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ["answers", *TABLE_COLUMNS]:
        path = out / f"{name}.csv"
        frame = results.table(name)
        for column in frame.columns:
            if frame[column].map(lambda v: isinstance(v, str)).any():  # text columns only
                frame[column] = frame[column].map(spreadsheet_safe)
        if name == "answers":  # as JSON writes it, and the page's download
            frame["revealed"] = frame["revealed"].map({True: "true", False: "false"})
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    summary = {"course": COURSE_ID, "version": __version__, "assigned_banks": results.banks,
               "counts": results.counts,
               "tables": {name: results.tables[name] for name in TABLE_COLUMNS}, "one_check": results.one_check()}
    path = out / "summary.json"
    path.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, path]


def _show(frame: pd.DataFrame, empty: str, left: Sequence[str] = ()) -> str:
    """A table as text; the ``left`` columns (texts) aligned left, as one reads them."""
    if not len(frame):
        return f"  ({empty})"
    width = {c: max(len(c), *(len(str(v)) for v in frame[c])) for c in left}
    return frame.to_string(index=False, na_rep="", justify="left" if left else None,
                           formatters={c: (lambda v, w=width[c]: str(v).ljust(w)) for c in left})


def format_summary(results: Results, limit: int = 10) -> str:
    """A short summary for the terminal: counts, completion per bank, the ``limit`` hardest
    questions and objectives, and every problem; the full tables are in the files."""
    counts = results.counts
    questions = results.table("questions")
    answered = int((questions.answered > 0).sum())
    hard = results.hardest(limit)
    wrong = [f"{r['most_frequent_wrong']} x{r['most_frequent_wrong_count']}" if r["most_frequent_wrong"] else ""
             for r in hard["questions"]]
    hard_questions = pd.DataFrame(hard["questions"], columns=TABLE_COLUMNS["questions"]).assign(
        **{"% correct": lambda f: f.percent_correct, "% first try": lambda f: f.percent_correct_first_try,
           "most frequent wrong": wrong})
    hard_objectives = pd.DataFrame(hard["objectives"], columns=TABLE_COLUMNS["objectives"]).rename(
        columns={"percent_correct": "% correct", "percent_correct_first_try": "% first try"})
    lines = [
        f"Class results: {counts['counted']} file(s) counted, {counts['left_out']} left out; "
        f"{counts['learners']} learner(s); banks: {', '.join(results.banks)}.",
        *results.notes,
        "", "Completion per bank (learners who answered all, some, none of its questions):",
        _show(results.table("banks"), "no banks"),
        "", f"Hardest questions ({len(hard['questions'])} shown of the {answered} answered by someone; "
            "all in questions.csv):",
        _show(hard_questions[["question", "answered", "% correct", "% first try", "most frequent wrong", "prompt"]],
              "no answers", left=["question", "most frequent wrong", "prompt"]),
        "", f"Hardest objectives ({len(hard['objectives'])} shown; all in objectives.csv):",
        _show(hard_objectives[["objective", "chapter", "answers", "% correct", "% first try"]], "no answers"),
        "", *gain_summary(results),
        "", f"Problems ({len(results.problems)}):",
    ]
    lines += [f"  {p.file}: {p.kind}: {p.message}" for p in results.problems] or ["  (none)"]
    return "\n".join(lines)


def _decimal(value: float | None) -> str:
    """A score or a gain as the terminal (and the page) shows it: the three decimals it is
    rounded to, blank when there is none."""
    return "" if value is None else f"{value:.3f}"


def gain_summary(results: Results) -> list[str]:
    """The terminal's "Learning gain" lines: per objective, the class's mean pre and post scores
    and the gain of the means (blank with the reason when undefined), and who took only one
    check, by name; per learner in gain.csv."""
    rows = results.tables["gain_objectives"]
    if not rows:
        return ["Learning gain: nobody took the pre-check or the post-check."]
    frame = pd.DataFrame([{"objective": r["objective"], "learners": r["learners"], "pre": _decimal(r["mean_pre"]),
                           "post": _decimal(r["mean_post"]), "gain": _decimal(r["gain"]), "note": r["note"]}
                          for r in rows])
    lines = ["Learning gain (first attempts; the class's mean pre and post scores and the gain of the means, "
             "(post - pre) / (1 - pre), over the learners who took both; per learner in gain.csv):",
             _show(frame, "", left=["objective", "note"])]
    for key, check in (("pre_only", "pre-check"), ("post_only", "post-check")):
        names = results.one_check()[key]
        if names:
            lines.append(f"Took only the {check} ({len(names)}, not in the means): {', '.join(names)}")
    return lines


def run(paths: Sequence[str], out: Path, banks: Sequence[str] | None = None, homes: Sequence[str] = (),
        all_banks: bool = False) -> int:
    """The command: collect, write, print; exit status 0 when at least one file counted, else 1."""
    results = collect(paths, banks, homes=homes, all_banks=all_banks)
    written = write(results, out)
    try:
        print(format_summary(results))
        print(f"\nWrote {len(written)} files to {out}/: {', '.join(p.name for p in written)} "
              "(per learner: learners.csv; the sorter: sorter.csv; staged scenarios: stages.csv; "
              "learning gain: gain.csv, gain_objectives.csv)")
        if not results.counted:
            print("No submission could be counted.")
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_stdout()
    return 0 if results.counted else 1


def quiet_stdout() -> None:
    """After the reader of our output went away (``... | head``): the files are written, so
    say nothing more, and let Python's last flush go nowhere rather than print a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def course_data() -> dict[str, Any]:
    """What the website's "Class results" page needs to do what :func:`collect` does.

    Written into the site as ``_static/r2p/course-data.js``: the course's id and version, the
    limits, the banks (each with its answer keys page, beside the Class results page), the
    objectives, and each question in the form the grading needs, with its prompt cut short
    (no explanations: each id links to its key on its bank's page).
    """
    questions = course_questions()
    banks = load_banks()
    chosen = default_banks(questions)
    keep = ("type", "answer", "multiple", "stage")
    out = []
    for q in questions.values():
        client = {k: q.widget_form[k] for k in keep if k in q.widget_form}
        if "options" in q.widget_form:
            client["options"] = [{"id": o["id"]} for o in q.widget_form["options"]]
        if "items" in q.widget_form:
            client["items"] = [{k: item[k] for k in ("id", "name", "tier")} for item in q.widget_form["items"]]
        out.append({"id": q.id, "bank": q.bank, "type": q.type, "objectives": list(q.objectives),
                    "prompt": q.prompt, "client": client, **({"check": True} if q.check else {}),
                    **({"phase": q.phase} if q.phase else {})})
    return {
        "id": COURSE_ID, "version": __version__, "max_bytes": MAX_BYTES,
        "banks": [{"name": name, "title": banks[name].title, "answer_keys": bank_keys_file(name, ".html")}
                  for name in chosen],
        "default_banks": chosen,
        "objectives": [{"id": o.objective_id, "chapter": o.chapter} for o in load_objectives().itertuples()],
        "questions": out,
        "stage_titles": stage_titles(),
    }
