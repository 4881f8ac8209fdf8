"""A learner's answers in JupyterLab, kept in one JSON file.

The file has the same format as the website's "Download my answers" file, so answers move
between JupyterLab, the website and a workshop's class results:
``{course, version, learner_id, alias, answers: [{question_id, answer, result, time}]}``.

Where it lives: ``$R2P_PROGRESS`` if set, else ``~/.r2p-course/progress.json``. Tests, nbval,
``make notebooks`` and the book build set ``R2P_PROGRESS`` to a temporary file, so no one's
answers end up in committed outputs or on the website.
Writes are atomic (a temporary file, then a rename). A file that cannot be read is moved
aside (``progress.json.corrupt-<time>``) with a warning, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
import uuid
import warnings
from pathlib import Path
from typing import Any

from . import COURSE_ID, __version__
from .quiz import RESULTS
from .rules import ALIAS_MAX, UNPRINTABLE

ENV_VAR = "R2P_PROGRESS"
# An answer's time, as the widgets write it (JavaScript's toISOString, Python's isoformat):
# date, time to the minute at least, at most six decimals, an optional zone. One strict form,
# so the website's Class results page (class-results.js) reads exactly the times Python reads.
ISO_TIME = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d"
                      r"(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?")


def progress_path() -> Path:
    """The progress file in use: ``$R2P_PROGRESS`` or ``~/.r2p-course/progress.json``."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path.home() / ".r2p-course" / "progress.json"


def clean_alias(value: Any) -> str | None:
    """The name a learner chose for their trainer, made safe to show: one line of text, short.

    Anything that is not text, or is only spaces, is no alias (``None``): the alias is optional
    and the only name the course ever keeps.
    """
    if not isinstance(value, str):
        return None
    text = " ".join(UNPRINTABLE.sub(" ", value).split())[:ALIAS_MAX].strip()
    return text or None


def parse_time(value: Any) -> dt.datetime | None:
    """An answer's time (see :data:`ISO_TIME`), zone-aware (UTC when it has none); else None."""
    if not isinstance(value, str) or not ISO_TIME.fullmatch(value):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:  # a day, hour or offset out of range
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


class ExportFormatError(ValueError):
    """An answers file that does not have the course's export format."""


def validate_export(data: Any) -> dict[str, dict[str, Any]]:
    """Check an exported answers document; return its answers by question id.

    Raises :class:`ExportFormatError` saying which field is wrong.
    """
    if not isinstance(data, dict):
        raise ExportFormatError("expected a JSON object with 'course' and 'answers'")
    if data.get("course") != COURSE_ID:
        raise ExportFormatError(f"expected course {COURSE_ID!r}, found {data.get('course')!r}")
    answers = data.get("answers")
    if not isinstance(answers, list):
        raise ExportFormatError("expected 'answers' to be a list")
    return dict(validate_entry(item, number) for number, item in enumerate(answers, start=1))


def validate_entry(item: Any, number: int) -> tuple[str, dict[str, Any]]:
    """Answer ``number`` of a document: its question id and entry, or :class:`ExportFormatError`."""
    if not isinstance(item, dict):
        raise ExportFormatError(f"answer {number}: expected an object")
    qid = item.get("question_id")
    if not isinstance(qid, str) or not qid:
        raise ExportFormatError(f"answer {number}: expected a 'question_id' text")
    if item.get("result") not in RESULTS:
        raise ExportFormatError(f"answer {number} ({qid}): expected 'result' in {RESULTS}")
    if not isinstance(item.get("answer"), list):
        raise ExportFormatError(f"answer {number} ({qid}): expected 'answer' to be a list")
    if parse_time(item.get("time")) is None:
        raise ExportFormatError(f"answer {number} ({qid}): expected an ISO 8601 'time' "
                                "(such as 2026-03-10T09:15:00.000Z)")
    entry = {"answer": item["answer"], "result": item["result"], "time": item["time"]}
    # Optional, written since hints come before solutions: how many times the learner checked,
    # the result of the first check, and whether the key was shown. Older files lack them.
    if "attempts" in item:
        attempts = item["attempts"]
        if type(attempts) is not int or attempts < 1:
            raise ExportFormatError(f"answer {number} ({qid}): expected 'attempts' to be a whole number from 1")
        entry["attempts"] = attempts
    if "first_result" in item:
        if item["first_result"] not in RESULTS:
            raise ExportFormatError(f"answer {number} ({qid}): expected 'first_result' in {RESULTS}")
        entry["first_result"] = item["first_result"]
    if "revealed" in item:
        if type(item["revealed"]) is not bool:
            raise ExportFormatError(f"answer {number} ({qid}): expected 'revealed' to be true or false")
        entry["revealed"] = item["revealed"]
    return qid, entry


def is_newer(time: Any, than: Any) -> bool:
    """True when answer time ``time`` is later than ``than`` (a time that cannot be read is
    the oldest): the rule by which the latest answer wins, in an import and in class results."""
    mine, other = parse_time(time), parse_time(than)
    return other is None or (mine is not None and mine > other)


def valid_entries(data: Any) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The readable answers of a document, and why each other one is not.

    Like :func:`validate_export`, but an answer that fails costs only itself; a document that
    is not the course's export format still raises :class:`ExportFormatError`.
    """
    validate_export({**data, "answers": []} if isinstance(data, dict) and isinstance(data.get("answers"), list)
                    else data)  # the document itself: raises, saying what is wrong
    out: dict[str, dict[str, Any]] = {}
    bad: list[str] = []
    for number, item in enumerate(data["answers"], start=1):
        try:
            qid, entry = validate_entry(item, number)
        except ExportFormatError as exc:
            bad.append(str(exc))
            continue
        out[qid] = entry
    return out, bad


class ProgressStore:
    """The answers in the progress file, read once and written on every change."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else progress_path()
        self.learner_id = str(uuid.uuid4())
        self.alias: str | None = None
        self.answers: dict[str, dict[str, Any]] = {}
        self._read()

    def _read(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.answers, bad = valid_entries(data)
            self.learner_id = str(data.get("learner_id") or self.learner_id)
            self.alias = clean_alias(data.get("alias"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, ExportFormatError) as exc:
            aside = self._aside()
            os.replace(self.path, aside)
            warnings.warn(
                f"Your progress file {self.path} could not be read ({exc}); it was kept as "
                f"{aside} and a new one was started.",
                stacklevel=2,
            )
            self.answers = {}
            return
        if bad:
            # One unreadable answer costs that answer only; the file as it was is kept aside,
            # since the next save writes the progress file without it.
            aside = self._aside()
            shutil.copy2(self.path, aside)
            warnings.warn(
                f"{len(bad)} answer(s) in your progress file {self.path} could not be read "
                f"({bad[0]}); the other {len(self.answers)} are kept, and the file as it was "
                f"is kept as {aside}.",
                stacklevel=2,
            )

    def _aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
        return self.path.with_name(f"{self.path.name}.corrupt-{stamp}")

    def export(self, alias: str | None = None) -> dict[str, Any]:
        """The whole progress document, in the export format.

        ``alias`` is the name in the "My answers" field at the moment of the download; without
        one, the name kept in the progress file (:meth:`set_alias`).
        """
        return {
            "course": COURSE_ID,
            "version": __version__,
            "learner_id": self.learner_id,
            "alias": clean_alias(alias) or self.alias,
            "answers": [{"question_id": q, **entry} for q, entry in sorted(self.answers.items())],
        }

    def save(self) -> None:
        """Write atomically: a reader never sees half a file, a crash never loses the old one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".progress-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.export(), fh, indent=2, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def set_alias(self, value: Any) -> None:
        """Keep the name the learner typed for their trainer (cleaned), or forget it when they
        empty the field, so every widget shows it and every download carries it."""
        alias = clean_alias(value)
        if alias != self.alias:
            self.alias = alias
            self.save()

    def update(self, question_ids: list[str], answers: dict[str, dict[str, Any]]) -> None:
        """Make the stored answers for ``question_ids`` equal to ``answers``; save if changed."""
        before = {q: self.answers.get(q) for q in question_ids}
        after = {q: answers.get(q) for q in question_ids}
        if before == after:
            return
        for q in question_ids:
            if q in answers:
                self.answers[q] = dict(answers[q])
            else:
                self.answers.pop(q, None)
        self.save()

    def merge(self, data: Any) -> int:
        """Import an exported file: newer answers win; returns how many were taken."""
        incoming = validate_export(data)
        named = self.alias is None and clean_alias(data.get("alias")) is not None
        if named:  # a name from another device, where none was kept
            self.alias = clean_alias(data.get("alias"))
        taken = 0
        for q, entry in incoming.items():
            mine = self.answers.get(q)
            if mine is None or is_newer(entry["time"], mine["time"]):
                self.answers[q] = entry
                taken += 1
        if taken or named:
            self.save()
        return taken

    def reset(self) -> None:
        """Delete every answer (the learner asked, and confirmed)."""
        self.answers = {}
        self.save()
