"""Class results: merge the answers files learners hand in, grade them again, sum them up.

``r2p-course results FILE_OR_FOLDER_OR_GLOB... [--homes DIR] --out DIR [--banks BANK...]``
reads the files that "My answers → Download my answers" makes (website or JupyterLab; format
in :func:`r2p_course.progress.validate_export`), or, on a hub, each learner's progress file
(the same format) from their home folder, and writes to DIR:

- ``answers.csv``: one row per learner and question (learner, alias, question, bank,
  objectives, answer, result, time, first_result, attempts, revealed), every answer of the
  course found in the files;
- ``banks.csv``, ``learners.csv``: completion against the assigned banks, per bank and per
  learner;
- ``questions.csv``, ``objectives.csv``: correctness per question (with the most frequent
  wrong answer to pillar questions) and per learning objective, on the first try and in the
  end;
- ``sorter.csv``: the tools the class misplaced in the sorter, and in which direction;
- ``stages.csv``: for a staged scenario, per stage and question, the class's most frequent
  choice and whether it is the key;
- ``problems.csv``: every bad submission or part of one, by file name, with the reason;
- ``summary.json``: all of the above in one file.

Why it is careful: the files come from many devices and course versions, and a trainer runs
this once, after the session. So every answer is graded again with :func:`r2p_course.quiz.grade`
(a stored result that disagrees is reported), and a bad file is reported and skipped, never a
crash and never a reason to drop another learner's file. Only the learner's random id and the
optional ``alias`` they typed identify them; nothing else personal is read or written.
"""

from __future__ import annotations

import glob
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import COURSE_ID, __version__
from .data import EXAMPLE_BANK, load_objectives
from .progress import UNPRINTABLE, ExportFormatError, clean_alias, is_newer, validate_entry
from .quiz import client_question, grade, load_banks

# Limits, kinds of problem (REJECTED: the file is not counted at all; PARTIAL: part of it is
# dropped or corrected) and columns: one home, shared with the website's Class results page.
from .rules import (
    ANSWER_COLUMNS,
    FORMULA_START,
    LEARNER_ID,
    MAX_BYTES,
    MAX_DEPTH,
    PARTIAL,  # noqa: F401 (results.PARTIAL: the kinds the docs name)
    REJECTED,
    VERSION_MAX,
)

TABLE_COLUMNS = {
    "banks": ["bank", "questions", "learners", "complete", "started", "not_started"],
    "learners": ["learner", "alias", "files", "answered", "questions", "percent_complete",
                 "correct", "percent_correct"],
    "questions": ["question", "prompt", "bank", "type", "objectives", "answered", "correct", "partial",
                  "incorrect", "percent_correct", "correct_first_try", "percent_correct_first_try",
                  "most_frequent_wrong", "most_frequent_wrong_count"],
    "objectives": ["objective", "chapter", "questions", "answers", "correct", "percent_correct",
                   "correct_first_try", "percent_correct_first_try"],
    "sorter": ["question", "mode", "tool", "name", "tier", "direction", "learners", "answered"],
    "stages": ["bank", "stage", "title", "question", "choice", "learners", "answered", "is_key"],
    "problems": ["file", "kind", "message"],
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with a submission, named by its file, in words a trainer understands."""

    file: str
    kind: str
    message: str

    @property
    def rejected(self) -> bool:
        """True when the whole file was left out."""
        return self.kind in REJECTED


@dataclass
class Learner:
    """One learner's answers, merged over every file they handed in (the latest answer wins)."""

    learner: str
    alias: str | None
    files: list[str]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Results:
    """Everything the command reports: the tables as rows (lists of dicts) and the problems."""

    banks: list[str]
    files: list[str]
    counted: list[str]
    learners: list[Learner]
    problems: list[Problem]
    tables: dict[str, list[dict[str, Any]]]
    notes: list[str] = field(default_factory=list)  # e.g. hub homes with no progress file yet

    @property
    def counts(self) -> dict[str, int]:
        """Files read, files counted, files left out (a file with a rejecting problem), learners."""
        return {"files": len(self.files), "counted": len(self.counted),
                "left_out": len({p.file for p in self.problems if p.rejected}), "learners": len(self.learners)}

    def table(self, name: str) -> pd.DataFrame:
        """One table (``answers``, ``banks``, ``learners``, ``questions``, ...) as a DataFrame."""
        columns = ANSWER_COLUMNS if name == "answers" else TABLE_COLUMNS[name]
        frame = pd.DataFrame(self.tables[name], columns=columns)
        if name == "questions":  # a count, blank where there is no wrong answer (not 1.0 and NaN)
            frame["most_frequent_wrong_count"] = frame["most_frequent_wrong_count"].astype("Int64")
        if name == "answers":  # blank where an older file does not say (not 2.0 and NaN)
            frame["attempts"] = frame["attempts"].astype("Int64")
        return frame

    def hardest(self, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
        """The questions and objectives the class found hardest, hardest first (see :func:`hardest`)."""
        return {"questions": hardest(self.tables["questions"], "answered", limit),
                "objectives": hardest(self.tables["objectives"], "answers", limit)}


# ---------------------------------------------------------------- the course's questions


@dataclass(frozen=True)
class Question:
    """A question as results need it: its bank, objectives and client form (for grading)."""

    id: str
    bank: str
    type: str
    objectives: tuple[str, ...]
    client: dict[str, Any]
    prompt: str = ""  # short, plain text (see short_prompt)


PROMPT_LENGTH = 80
MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]+")


def short_prompt(text: str, limit: int = PROMPT_LENGTH) -> str:
    """A question's prompt as plain text of at most ``limit`` characters, cut at a word.

    Beside a question's id in class results, so a trainer knows which question it is without
    opening the answer key. Markdown links keep their text; emphasis marks go.
    """
    plain = " ".join(MARKUP.sub(lambda m: m.group(1) or "", text).split())
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "\u2026"


def course_questions() -> dict[str, Question]:
    """Every question of every bank, in bank order then question order."""
    out: dict[str, Question] = {}
    for name, bank in load_banks().items():
        for q in bank.questions:
            out[q["id"]] = Question(q["id"], name, q["type"], tuple(q.get("objectives", [])), client_question(q),
                                    short_prompt(q["prompt"]))
    return out


def course_data() -> dict[str, Any]:
    """What the website's "Class results" page needs to do what :func:`collect` does.

    Written into the site as ``_static/r2p/course-data.js``: the course's id and version, the
    limits, the banks (each with its answer keys page, beside the Class results page), the
    objectives, and each question in the form the grading needs, with its prompt cut short
    (no explanations: each id links to its key on its bank's page).
    """
    from .pages import bank_keys_file

    questions = course_questions()
    banks = load_banks()
    chosen = default_banks(questions)
    keep = ("type", "answer", "multiple", "stage")
    out = []
    for q in questions.values():
        client = {k: q.client[k] for k in keep if k in q.client}
        if "options" in q.client:
            client["options"] = [{"id": o["id"]} for o in q.client["options"]]
        if "items" in q.client:
            client["items"] = [{k: item[k] for k in ("id", "name", "tier")} for item in q.client["items"]]
        out.append({"id": q.id, "bank": q.bank, "type": q.type, "objectives": list(q.objectives),
                    "prompt": q.prompt, "client": client})
    return {
        "id": COURSE_ID, "version": __version__, "max_bytes": MAX_BYTES,
        "banks": [{"name": name, "title": banks[name].title, "answer_keys": bank_keys_file(name, ".html")}
                  for name in chosen],
        "default_banks": chosen,
        "objectives": [{"id": o.objective_id, "chapter": o.chapter} for o in load_objectives().itertuples()],
        "questions": out,
        "stage_titles": stage_titles(),
    }


def default_banks(questions: dict[str, Question]) -> list[str]:
    """All banks but the authors' example bank, which no page shows."""
    return [b for b in dict.fromkeys(q.bank for q in questions.values()) if b != EXAMPLE_BANK]


def answered_banks(learners: Sequence[Learner], questions: dict[str, Question]) -> list[str]:
    """The banks anyone answered, in course order (all of :func:`default_banks` if nobody
    answered any): a bank the workshop did not assign is not listed as "not started"."""
    given = {questions[qid].bank for learner in learners for qid in learner.answers}
    return [b for b in default_banks(questions) if b in given] or default_banks(questions)


# ---------------------------------------------------------------- finding and reading files


def find_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The files to read: files as given, and every ``*.json`` file in a folder (and below).

    In a folder only ``.json`` files are read, so a README or a system file beside the
    submissions is not reported; a file named on the command line is always read.
    """
    files: list[Path] = []
    problems: list[Problem] = []
    for path in expand_patterns(paths, problems):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() == ".json"
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                problems.append(Problem(str(path), "empty-folder", "the folder holds no .json file"))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "missing", "no such file or folder"))
    unique = {path.resolve(): path for path in reversed(files)}  # a file named twice is read once
    return [path for path in files if unique.get(path.resolve()) is path], problems


def expand_patterns(paths: Iterable[Path], problems: list[Problem]) -> list[Path]:
    """Paths as given, with a quoted pattern like ``'/home/*/.r2p-course/progress.json'``
    expanded here (sorted), so it works whatever the shell; a pattern that matches nothing
    is a problem."""
    out: list[Path] = []
    for path in paths:
        text = str(path)
        if path.exists() or not glob.has_magic(text):
            out.append(path)
            continue
        found = sorted(glob.glob(text))
        if not found:
            problems.append(Problem(text, "missing", "no file or folder matches this pattern"))
        out += [Path(f) for f in found]
    return out


PROGRESS_IN_HOME = Path(".r2p-course") / "progress.json"


def home_files(homes: Iterable[Path]) -> tuple[list[Path], list[Problem], list[str]]:
    """On a hub, each learner's progress file (``HOME/.r2p-course/progress.json``) under
    each folder of homes; also the problems (no such folder, no progress file in any home)
    and a note naming the homes with no progress file yet (learners who ran no lab)."""
    files: list[Path] = []
    problems: list[Problem] = []
    notes: list[str] = []
    for folder in homes:
        if not folder.is_dir():
            problems.append(Problem(str(folder), "missing", "no such folder of homes"))
            continue
        homes_here = sorted(h for h in folder.iterdir() if h.is_dir() and not h.name.startswith("."))
        found = [h / PROGRESS_IN_HOME for h in homes_here if (h / PROGRESS_IN_HOME).exists()]
        if not found:
            problems.append(Problem(str(folder), "empty-folder",
                                    f"no home in it holds {PROGRESS_IN_HOME} (has anyone run a lab?)"))
        without = [h.name for h in homes_here if (h / PROGRESS_IN_HOME) not in found]
        if found and without:
            notes.append(f"{len(without)} of the {len(homes_here)} homes in {folder} have no progress file "
                         f"yet: {', '.join(without)}")
        files += found
    return files, problems, notes


class Rejected(Exception):
    """A file that cannot be counted at all; ``kind`` is one of :data:`REJECTED`."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def read_json(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    """The file's JSON, or :class:`Rejected` saying why not (too large, not JSON, cut short)."""
    size = path.stat().st_size
    if size > max_bytes:
        raise Rejected("too-large", f"the file is {size:,} bytes; answers files are far smaller "
                                    f"(limit {max_bytes:,})")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Rejected("not-json", "not a text file (not UTF-8), so not an answers file") from None
    if not text.strip():
        raise Rejected("not-json", "the file is empty")
    try:
        data = json.loads(text, parse_float=_number, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        if text.lstrip()[:1] in ("{", "[") and cut_short(text):
            raise Rejected("truncated-json", "the JSON stops before its end: the file was cut short; "
                                             "ask for it again") from None
        raise Rejected("not-json", f"not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except _NotJson as exc:  # NaN, Infinity: JavaScript's parser refuses them too
        raise Rejected("not-json", f"not JSON ({exc})") from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, lists 2,000 deep
        raise Rejected("not-json", f"not JSON an answers file can hold ({type(exc).__name__})") from None
    reason = odd_value(data)
    if reason:
        raise Rejected("not-json", f"not JSON an answers file can hold ({reason})")
    return data


def _number(text: str) -> float | int:
    """A JSON number with a fraction or exponent: a whole one (1.0, 1e0) is an int, as
    JavaScript reads it, so both sides grade ``[1.0]`` as ``[1]``."""
    value = float(text)
    return int(value) if value.is_integer() else value


class _NotJson(ValueError):
    """A constant Python's parser accepts and JSON does not have."""


def _no_constant(name: str) -> None:
    raise _NotJson(f"{name} is not JSON")


def odd_value(data: Any, depth: int = 1) -> str | None:
    """What no answers file holds, which JavaScript and Python would read differently:
    nesting deeper than :data:`MAX_DEPTH`, a number too large to be finite, a broken character
    (a lone surrogate, from an escape like ``"\\ud800"``). None when the data is fine."""
    if depth > MAX_DEPTH:
        return f"nested more than {MAX_DEPTH} levels deep"
    if isinstance(data, float) and not math.isfinite(data) or (
            isinstance(data, int) and not isinstance(data, bool) and abs(data) > sys.float_info.max):
        return "a number too large"  # JavaScript reads it as Infinity
    if isinstance(data, str):
        return "a broken character" if SURROGATE.search(data) else None
    if isinstance(data, dict):
        data = [*data.keys(), *data.values()]
    if isinstance(data, list):
        for value in data:
            reason = odd_value(value, depth + 1)
            if reason:
                return reason
    return None


SURROGATE = re.compile("[\ud800-\udfff]")


def cut_short(text: str) -> bool:
    """True when text stops inside a string or an open object or list.

    For text that failed to parse, this tells a download that did not finish from a file of
    another kind. A plain scan, so the website's page (class-results.js) applies the same rule.
    """
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
    return in_string or depth > 0


def check_document(data: Any) -> tuple[str, str | None, str | None]:
    """(learner id, alias, version) of an answers document, or :class:`Rejected`."""
    if not isinstance(data, dict) or "answers" not in data or "course" not in data:
        raise Rejected("not-answers-file",
                       "JSON, but not an answers file (expected an object with 'course', 'learner_id' and 'answers')")
    if data["course"] != COURSE_ID:
        raise Rejected("other-course",
                       f"answers for another course ({_text(data['course'])}, expected \"{COURSE_ID}\")")
    if not isinstance(data["answers"], list):
        raise Rejected("not-answers-file", "its 'answers' is not a list")
    learner = data.get("learner_id")
    if not isinstance(learner, str) or not LEARNER_ID.fullmatch(learner):
        raise Rejected("not-answers-file", "it has no 'learner_id' of the course's form (the random id every "
                                           "answers file carries: letters, digits and . _ : -)")
    version = data.get("version")
    version = None if version is None else UNPRINTABLE.sub(" ", str(version))[:VERSION_MAX]
    return learner, clean_alias(data.get("alias")), version


def impossible(question: Question, answer: list[Any]) -> str | None:
    """Why an answer could not have come from the question's widget, or None if it could."""
    client = question.client
    if question.type in ("pillars", "choice"):
        if question.type == "pillars":
            allowed: list[Any] = [1, 2, 3]
            wrong = [a for a in answer if type(a) is not int or a not in allowed]  # True is not a pillar
            if wrong:
                return f"pillar {_text(wrong[0])} does not exist (pillars are 1, 2 and 3)"
        else:
            allowed = [o["id"] for o in client["options"]]
            wrong = [a for a in answer if not isinstance(a, str) or a not in allowed]
            if wrong:
                return f"option {_text(wrong[0])} is not one of the question's options"
            if not client.get("multiple") and len(answer) > 1:
                return f"{len(answer)} options chosen in a single-choice question"
        if not answer:
            return "an empty answer"
        if len(set(answer)) != len(answer):
            return "the same choice twice"
        return None
    ids = [item["id"] for item in client["items"]]
    if question.type == "order":
        if not all(isinstance(a, str) for a in answer) or sorted(answer) != sorted(ids):
            return f"an order answer must list the question's {len(ids)} tools once each"
        return None
    if len(answer) != len(ids):
        return f"a tiers answer needs {len(ids)} entries (one per tool), found {len(answer)}"
    wrong = [a for a in answer if a is not None and (type(a) is not int or a not in (1, 2, 3))]
    if wrong:
        return f"tier {_text(wrong[0])} does not exist (tiers are 1, 2 and 3)"
    return None


def _text(value: Any) -> str:
    """A learner's value, shown short and as JSON (so a text and a number look different)."""
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."


def read_submission(path: Path, label: str, questions: dict[str, Question],
                    max_bytes: int = MAX_BYTES) -> tuple[Learner | None, list[Problem]]:
    """One file: its learner and their countable answers (graded again), and its problems."""
    try:
        data = read_json(path, max_bytes)
        learner_id, alias, version = check_document(data)
    except Rejected as exc:
        return None, [Problem(label, exc.kind, str(exc))]
    except OSError as exc:
        return None, [Problem(label, "unreadable", f"the file could not be read ({exc.strerror})")]
    problems: list[Problem] = []
    entries: dict[str, dict[str, Any]] = {}
    unknown: list[str] = []
    for number, item in enumerate(data["answers"], start=1):
        try:
            qid, found = validate_entry(item, number)
        except ExportFormatError as exc:
            problems.append(Problem(label, "bad-entry", f"{exc}; that answer was left out"))
            continue
        question = questions.get(qid)
        if question is None:
            unknown.append(qid)
            continue
        reason = impossible(question, found["answer"])
        if reason:
            problems.append(Problem(label, "impossible-answer",
                                    f"question {qid}: {reason}; that answer was left out"))
            continue
        regraded = grade(question.client, found["answer"])["result"]
        if regraded != found["result"]:
            problems.append(Problem(label, "result-disagrees",
                                    f"question {qid}: the file says {found['result']}, the course's "
                                    f"grading says {regraded}; counted as {regraded}"))
        if qid in entries and is_newer(entries[qid]["time"], found["time"]):
            continue
        entries[qid] = {**found, "result": regraded}
    unknown = sorted(set(unknown))
    if version != __version__:
        problems.append(Problem(label, "other-version",
                                f"made with course version {version or 'unknown'} (this is {__version__}): "
                                f"{len(entries)} answer(s) to known questions counted"
                                + (f", {len(unknown)} to questions this version does not have left out: "
                                   f"{', '.join(unknown)}" if unknown else "")))
    elif unknown:
        problems.append(Problem(label, "unknown-question",
                                f"{len(unknown)} answer(s) to questions the course does not have left out: "
                                f"{', '.join(unknown)}"))
    return Learner(learner_id, alias, [label], entries), problems


def merge_learners(submissions: Sequence[Learner]) -> tuple[list[Learner], list[Problem]]:
    """One record per learner id; for a learner who handed in several files, the latest answer
    to each question wins, and the trainer is told."""
    merged: dict[str, Learner] = {}
    problems: list[Problem] = []
    for sub in submissions:
        mine = merged.get(sub.learner)
        if mine is None:
            merged[sub.learner] = Learner(sub.learner, sub.alias, list(sub.files), dict(sub.answers))
            continue
        mine.files += sub.files
        mine.alias = sub.alias or mine.alias
        for qid, entry in sub.answers.items():
            if qid not in mine.answers or is_newer(entry["time"], mine.answers[qid]["time"]):
                mine.answers[qid] = entry
    for learner in merged.values():
        if len(learner.files) > 1:
            who = f"{learner.alias} ({learner.learner})" if learner.alias else learner.learner
            problems.append(Problem(", ".join(learner.files), "duplicate-learner",
                                    f"the same learner, {who}, handed in {len(learner.files)} files; "
                                    "the latest answer to each question was kept"))
    # named learners in alphabetical order, then the others by id
    order = sorted(merged.values(), key=lambda x: (x.alias is None, (x.alias or "").lower(), x.learner))
    return order, problems


# ---------------------------------------------------------------- the tables


def answers_table(learners: Sequence[Learner], questions: dict[str, Question]) -> list[dict[str, Any]]:
    """The tidy table: one row per learner and question answered (all banks)."""
    position = {qid: i for i, qid in enumerate(questions)}
    rows = []
    for learner in learners:
        for qid in sorted(learner.answers, key=position.__getitem__):
            entry, q = learner.answers[qid], questions[qid]
            rows.append({"learner": learner.learner, "alias": learner.alias, "question": qid, "bank": q.bank,
                         "objectives": ";".join(q.objectives), "answer": json.dumps(entry["answer"]),
                         "result": entry["result"], "time": entry["time"], "first_result": first_result(entry),
                         "attempts": entry.get("attempts"), "revealed": entry.get("revealed")})
    return rows


def first_result(entry: dict[str, Any]) -> str:
    """How the learner's first attempt went; a file without ``first_result`` (an older
    course version) counts its one result as the first."""
    return entry.get("first_result", entry["result"])


def _percent(part: int, whole: int) -> float | None:
    """A percentage with one decimal, halves rounded up, in integer arithmetic: exact, and the
    same in the website's page (``round`` would round 6.25 to 6.2 where JavaScript says 6.3)."""
    return (2000 * part + whole) // (2 * whole) / 10 if whole else None


def bank_table(learners: Sequence[Learner], questions: dict[str, Question], banks: Sequence[str]) -> list[dict]:
    """Per assigned bank: how many learners answered all, some or none of its questions."""
    rows = []
    for bank in banks:
        ids = [q.id for q in questions.values() if q.bank == bank]
        done = [sum(qid in learner.answers for qid in ids) for learner in learners]
        rows.append({"bank": bank, "questions": len(ids), "learners": len(learners),
                     "complete": sum(d == len(ids) for d in done), "started": sum(0 < d < len(ids) for d in done),
                     "not_started": sum(d == 0 for d in done)})
    return rows


def learner_table(learners: Sequence[Learner], assigned: Sequence[Question]) -> list[dict]:
    """Per learner: how much of the assigned work they did and how much of it was right."""
    rows = []
    for learner in learners:
        answered = [learner.answers[q.id] for q in assigned if q.id in learner.answers]
        correct = sum(a["result"] == "correct" for a in answered)
        rows.append({"learner": learner.learner, "alias": learner.alias, "files": len(learner.files),
                     "answered": len(answered), "questions": len(assigned),
                     "percent_complete": _percent(len(answered), len(assigned)),
                     "correct": correct, "percent_correct": _percent(correct, len(answered))})
    return rows


def _pillars_text(answer: list[int]) -> str:
    return json.dumps(sorted(answer))


def question_table(learners: Sequence[Learner], assigned: Sequence[Question]) -> list[dict]:
    """Per assigned question: results, and for pillar scenarios the most frequent wrong answer."""
    rows = []
    for q in assigned:
        given = [learner.answers[q.id] for learner in learners if q.id in learner.answers]
        results = Counter(a["result"] for a in given)
        wrong, wrong_count = None, None
        if q.type == "pillars":
            wrongs = Counter(_pillars_text(a["answer"]) for a in given if a["result"] != "correct")
            if wrongs:
                # most frequent first; a tie goes to the answer that sorts first, so runs agree
                wrong, wrong_count = min(wrongs.items(), key=lambda kv: (-kv[1], kv[0]))
        first = sum(first_result(a) == "correct" for a in given)
        rows.append({"question": q.id, "prompt": q.prompt, "bank": q.bank, "type": q.type,
                     "objectives": ";".join(q.objectives), "answered": len(given), "correct": results["correct"],
                     "partial": results["partial"], "incorrect": results["incorrect"],
                     "percent_correct": _percent(results["correct"], len(given)),
                     "correct_first_try": first, "percent_correct_first_try": _percent(first, len(given)),
                     "most_frequent_wrong": wrong, "most_frequent_wrong_count": wrong_count})
    return rows


def objective_table(question_rows: Sequence[dict], objectives: pd.DataFrame) -> list[dict]:
    """Per learning objective checked by an assigned question: answers and how many were right."""
    rows = []
    for objective in objectives.itertuples():
        checking = [r for r in question_rows if objective.objective_id in r["objectives"].split(";")]
        if not checking:
            continue
        answers = sum(r["answered"] for r in checking)
        correct = sum(r["correct"] for r in checking)
        first = sum(r["correct_first_try"] for r in checking)
        rows.append({"objective": objective.objective_id, "chapter": objective.chapter,
                     "questions": len(checking), "answers": answers, "correct": correct,
                     "percent_correct": _percent(correct, answers), "correct_first_try": first,
                     "percent_correct_first_try": _percent(first, answers)})
    return rows


def hardest(rows: Sequence[dict], answered: str, limit: int = 10) -> list[dict]:
    """The rows (questions or objectives) with answers, hardest first: the lowest share
    correct in the end, then on the first try, then the most answers, then course order.
    class-results.js orders its "Hardest questions" the same way."""
    given = [(i, r) for i, r in enumerate(rows) if r[answered]]
    given.sort(key=lambda ir: (ir[1]["percent_correct"], ir[1]["percent_correct_first_try"], -ir[1][answered], ir[0]))
    return [r for _, r in given[:limit]]


def misplacements(question: Question, answer: list[Any]) -> list[tuple[str, str]]:
    """(tool, direction) for each tool the grading names as misplaced.

    order: "too early" (placed before its tier's block) or "too late" (after it);
    tiers: "too low" (in a lower tier), "too high" or "not placed".
    """
    items = question.client["items"]
    tier = {item["id"]: item["tier"] for item in items}
    out = []
    for tool in grade(question.client, answer)["misplaced"]:
        if question.type == "order":
            first = sum(t < tier[tool] for t in tier.values())
            out.append((tool, "too early" if answer.index(tool) < first else "too late"))
        else:
            given = answer[[item["id"] for item in items].index(tool)]
            out.append((tool, "not placed" if given is None else "too low" if given < tier[tool] else "too high"))
    return out


def sorter_table(learners: Sequence[Learner], assigned: Sequence[Question]) -> list[dict]:
    """Per sorting question, tool and direction: how many learners misplaced it that way."""
    rows = []
    for q in assigned:
        if q.type not in ("order", "tiers"):
            continue
        given = [learner.answers[q.id]["answer"] for learner in learners if q.id in learner.answers]
        counts = Counter(m for answer in given for m in misplacements(q, answer))
        items = {item["id"]: item for item in q.client["items"]}
        for (tool, direction), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append({"question": q.id, "mode": q.type, "tool": tool, "name": items[tool]["name"],
                         "tier": items[tool]["tier"], "direction": direction, "learners": count,
                         "answered": len(given)})
    return rows


def stage_titles() -> dict[str, list[str]]:
    """Each staged bank's stage titles, stage 1 first (the Class results page gets the same)."""
    return {name: [s["title"] for s in bank.stages] for name, bank in load_banks().items() if bank.stages}


def choice_text(question: Question, answer: list[Any]) -> str:
    """A choice answer as its option ids in the question's option order, joined by ";"."""
    return ";".join(o["id"] for o in question.client["options"] if o["id"] in answer)


def stage_table(learners: Sequence[Learner], assigned: Sequence[Question],
                titles: dict[str, list[str]]) -> list[dict]:
    """Per staged question someone answered, in stage order: the class's most frequent choice.

    A trainer walking a class through a scenario sees at which stage the class went another
    way than the report; a tie goes to the choice whose text sorts first, so runs agree.
    """
    rows = []
    for q in assigned:
        if q.bank not in titles or "stage" not in q.client:
            continue
        given = [choice_text(q, learner.answers[q.id]["answer"]) for learner in learners if q.id in learner.answers]
        if not given:
            continue
        choice, count = min(Counter(given).items(), key=lambda kv: (-kv[1], kv[0]))
        stage = q.client["stage"]
        rows.append({"bank": q.bank, "stage": stage, "title": titles[q.bank][stage - 1], "question": q.id,
                     "choice": choice, "learners": count, "answered": len(given),
                     "is_key": choice == choice_text(q, q.client["answer"])})
    return rows


# ---------------------------------------------------------------- the whole run


def collect(paths: Iterable[Path | str], banks: Sequence[str] | None = None,
            max_bytes: int = MAX_BYTES, homes: Iterable[Path | str] = (), all_banks: bool = False) -> Results:
    """Read, check, regrade and merge the submissions; build every table.

    ``paths``: files, folders or patterns; ``homes``: folders of learners' homes on a hub.
    The banks counted are ``banks``, else every bank when ``all_banks``, else the banks
    anyone answered.
    """
    questions = course_questions()
    banks = list(banks or [])
    unknown_banks = [b for b in banks if b not in {q.bank for q in questions.values()}]
    if unknown_banks:
        raise ValueError(f"no quiz bank {', '.join(map(repr, unknown_banks))}; "
                         f"the banks are {', '.join(dict.fromkeys(q.bank for q in questions.values()))}")
    files, problems = find_files(Path(p) for p in paths)
    in_homes, home_problems, notes = home_files(Path(h) for h in homes)
    problems += home_problems
    files += [f for f in in_homes if f not in files]
    submissions = []
    for path in files:
        learner, found = read_submission(path, str(path), questions, max_bytes)
        problems += found
        if learner is not None:
            submissions.append(learner)
    learners, duplicates = merge_learners(submissions)
    problems += duplicates
    if not banks:
        banks = default_banks(questions) if all_banks else answered_banks(learners, questions)
    assigned = [q for q in questions.values() if q.bank in banks]
    question_rows = question_table(learners, assigned)
    tables = {
        "answers": answers_table(learners, questions),
        "banks": bank_table(learners, questions, banks),
        "learners": learner_table(learners, assigned),
        "questions": question_rows,
        "objectives": objective_table(question_rows, load_objectives()),
        "sorter": sorter_table(learners, assigned),
        "stages": stage_table(learners, assigned, stage_titles()),
        "problems": [{"file": p.file, "kind": p.kind, "message": p.message} for p in problems],
    }
    counted = [f for s in submissions for f in s.files]
    return Results(banks, [str(f) for f in files], counted, learners, problems, tables, notes)


# A spreadsheet runs a cell that starts with one of FORMULA_START as a formula. Names, ids and
# file names come from the learners' files, so a CSV cell starting so gets a leading apostrophe
# (class-results.js does the same for the page's download).


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
               "tables": {name: results.tables[name] for name in TABLE_COLUMNS}}
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
        "", f"Problems ({len(results.problems)}):",
    ]
    lines += [f"  {p.file}: {p.kind}: {p.message}" for p in results.problems] or ["  (none)"]
    return "\n".join(lines)


def run(paths: Sequence[str], out: Path, banks: Sequence[str] | None = None, homes: Sequence[str] = (),
        all_banks: bool = False) -> int:
    """The command: collect, write, print; exit status 0 when at least one file counted, else 1."""
    results = collect(paths, banks, homes=homes, all_banks=all_banks)
    written = write(results, out)
    try:
        print(format_summary(results))
        print(f"\nWrote {len(written)} files to {out}/: {', '.join(p.name for p in written)} "
              "(per learner: learners.csv; the sorter: sorter.csv; staged scenarios: stages.csv)")
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
