"""The course's side of class results: its questions as results need them (bank, objectives,
the client form the grading uses, a short prompt), which banks count, and the stage titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..quiz import EXAMPLE_BANK, client_question, load_banks


@dataclass(frozen=True)
class Question:
    """A question as results need it: its bank, objectives and the form a widget shows (which
    the grading reads)."""

    id: str
    bank: str
    type: str
    objectives: tuple[str, ...]
    widget_form: dict[str, Any]  # as a widget shows and grades it (quiz.client_question)
    prompt: str = ""  # short, plain text (see short_prompt)
    phase: str | None = None  # "pre" or "post" for a question of a pre-/post-check bank
    check: bool = False  # of a check bank (mode: check), which writes [] for a question left unanswered


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
                                    short_prompt(q["prompt"]), bank.phase, bank.mode == "check")
    return out


def questions_from_data(course: dict[str, Any]) -> dict[str, Question]:
    """The questions of a course given as data, in the form :func:`output.course_data` writes
    for the website (``questions``: id, bank, type, objectives, prompt, client; for a check
    bank's question, ``check`` and its ``phase``).

    So class results can run on another course than the installed one: the shared case files
    carry small courses of their own (a pre-check and a post-check before the real ones exist),
    and results.js takes the same data.
    """
    return {q["id"]: Question(q["id"], q["bank"], q["type"], tuple(q.get("objectives", [])), q["client"],
                              q.get("prompt", ""), q.get("phase"), bool(q.get("check", False)))
            for q in course["questions"]}


def default_banks(questions: dict[str, Question]) -> list[str]:
    """All banks but the authors' example bank, which no page shows."""
    return [b for b in dict.fromkeys(q.bank for q in questions.values()) if b != EXAMPLE_BANK]


def stage_titles() -> dict[str, list[str]]:
    """Each staged bank's stage titles, stage 1 first (the Class results page gets the same)."""
    return {name: [s["title"] for s in bank.stages] for name, bank in load_banks().items() if bank.stages}
