"""Class results' intake: finding the files (paths, folders, patterns, hub homes), reading
each one safely, checking the document and every answer, and grading it again.

A bad file becomes a :class:`Problem` naming it, never a crash: see ``REJECTED`` and
``PARTIAL`` for the kinds."""

from __future__ import annotations

import glob
import json
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import COURSE_ID, __version__
from ..answers_format import UNPRINTABLE, ExportFormatError, check_entry, clean_alias, is_newer
from ..quiz import grade

# Limits, the learner id's form and the kinds of problem (REJECTED: the file is not counted at
# all; PARTIAL: part of it is dropped or corrected): one home, rules.py, shared with the
# website's Class results page.
from ..rules import LEARNER_ID, MAX_BYTES, MAX_DEPTH, PARTIAL, REJECTED, VERSION_MAX  # noqa: F401 (re-exported)
from .course import Question


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

    learner_id: str
    alias: str | None
    files: list[str]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


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
    if not answer and question.check:  # a check bank's set was submitted with this one left unanswered
        return None
    client = question.widget_form
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
            qid, found = check_entry(item, number)
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
        regraded = grade(question.widget_form, found["answer"])["result"]
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
