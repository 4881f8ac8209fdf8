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
import shutil
import tempfile
import uuid
import warnings
from pathlib import Path
from typing import Any

from . import COURSE_ID, __version__
from .answers_format import ExportFormatError, check_entry, clean_alias, is_newer

ENV_VAR = "R2P_PROGRESS"


def progress_path() -> Path:
    """The progress file in use: ``$R2P_PROGRESS`` or ``~/.r2p-course/progress.json``."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path.home() / ".r2p-course" / "progress.json"


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
    return dict(check_entry(item, number) for number, item in enumerate(answers, start=1))


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
            qid, entry = check_entry(item, number)
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

    def keep_learner_id(self) -> str:
        """The learner id, written to a new progress file if there is none yet.

        The id orders each learner's options and tools (the widgets' order.js): kept from the
        first exercise shown, that order stays the same after a restart, answers or not.
        """
        if not self.path.exists():
            self.save()
        return self.learner_id

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
