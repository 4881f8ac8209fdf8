"""Learning gain: what the class knew at the pre-check and at the post-check, per learner and
per objective, and the normalized gain between the two.

A bank with ``phase: pre`` or ``phase: post`` (a check bank) says which check its questions
belong to. A learner's score on a check (or on one objective of it) is the share of its
questions whose *first* attempt was correct (``first_result``): a retry after the feedback
measures the feedback, not what the learner knew. A question of the check the learner has no
entry for counts as wrong if they answered any question of that check; a learner with no entry
in it "did not take" it, and is named, never silently dropped.

Normalized gain = (post − pre) / (1 − pre): the share of what there was left to learn that was
learned. It is undefined (None, shown as "undefined: perfect pre score") when pre = 1, and
negative when the post score is lower than the pre score. The class's gain is the gain of its
mean scores, over the learners who took both checks.

Every figure is a ratio of whole numbers rounded in integer arithmetic, so results.js (whose
functions have the same names in camel case) gives the same numbers to the last digit;
tests/gain_cases.json is run against both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..rules import GAIN_PHASES
from .course import Question
from .intake import Learner

ALL = "all"  # the objective column's value for the whole check
PLACES = 1000  # three decimals


def ratio(part: int, whole: int) -> float | None:
    """part / whole to three decimals, halves rounded up, in integer arithmetic (None when
    whole is 0): the same in results.js, where ``round`` would differ."""
    return (2 * PLACES * part + whole) // (2 * whole) / PLACES if whole else None


def normalized_gain(pre_correct: int, pre_questions: int, post_correct: int, post_questions: int) -> float | None:
    """(post − pre) / (1 − pre) for pre = pre_correct / pre_questions and post likewise, computed
    exactly as (c·n − a·m) / (m·(n − a)); None when pre is 1 (or a check has no question)."""
    if not pre_questions or not post_questions or pre_correct == pre_questions:
        return None
    return ratio(post_correct * pre_questions - pre_correct * post_questions,
                 post_questions * (pre_questions - pre_correct))


def _first_correct(entry: dict[str, Any]) -> bool:
    """True when the learner's first attempt was right (an older file's one result counts)."""
    return entry.get("first_result", entry["result"]) == "correct"


def _note(pre_correct: int | None, pre_questions: int, post_correct: int | None, post_questions: int) -> str:
    """Why a row has no gain, in a trainer's words ("" when it has one)."""
    if pre_correct is None:
        return "took only the post-check"
    if post_correct is None:
        return "took only the pre-check"
    if not pre_questions:
        return "no pre-check question on this objective"
    if not post_questions:
        return "no post-check question on this objective"
    return "undefined: perfect pre score" if pre_correct == pre_questions else ""


def gain_scopes(questions: dict[str, Question], objectives: Sequence[dict[str, Any]]) -> list[str]:
    """"all" (the whole check), then each objective a pre- or post-check question checks, in
    the course's order of objectives."""
    checked = {o for q in questions.values() if q.phase in GAIN_PHASES for o in q.objectives}
    return [ALL, *(o["id"] for o in objectives if o["id"] in checked)]


def gain_table(learners: Sequence[Learner], questions: dict[str, Question],
               objectives: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per learner who took the pre-check or the post-check (or both), and per scope (the whole
    check, then each objective): the correct first attempts, the questions, the score and the
    normalized gain, with a note saying why a gain is missing."""
    pre, post = ([q for q in questions.values() if q.phase == phase] for phase in GAIN_PHASES)
    rows = []
    for learner in learners:
        took = [any(q.id in learner.answers for q in check) for check in (pre, post)]
        if not any(took):
            continue
        for scope in gain_scopes(questions, objectives):
            row: dict[str, Any] = {"learner": learner.learner_id, "alias": learner.alias, "objective": scope}
            for phase, check, taken in zip(GAIN_PHASES, (pre, post), took, strict=True):
                mine = [q for q in check if scope == ALL or scope in q.objectives]
                correct = sum(q.id in learner.answers and _first_correct(learner.answers[q.id])
                              for q in mine) if taken else None
                row |= {f"{phase}_correct": correct, f"{phase}_questions": len(mine),
                        phase: None if correct is None else ratio(correct, len(mine))}
            counts = (row["pre_correct"], row["pre_questions"], row["post_correct"], row["post_questions"])
            both = row["pre_correct"] is not None and row["post_correct"] is not None
            row["gain"] = normalized_gain(*counts) if both else None
            row["note"] = _note(*counts)
            rows.append(row)
    return rows


def gain_objective_table(gain_rows: Sequence[dict[str, Any]], objectives: Sequence[dict[str, Any]]) -> list[dict]:
    """Per scope (the whole check, then each objective): the class's mean pre and post scores
    and the gain of the means, over the learners who took both checks; and how many took only
    one. A mean is all the correct first attempts over all the questions, which is the mean of
    the learners' scores, as every learner has the same questions."""
    chapter = {o["id"]: o["chapter"] for o in objectives}
    rows = []
    for scope in dict.fromkeys(r["objective"] for r in gain_rows):
        mine = [r for r in gain_rows if r["objective"] == scope]
        both = [r for r in mine if r["pre_correct"] is not None and r["post_correct"] is not None]
        counts = [sum(r[key] for r in both) for key in ("pre_correct", "pre_questions", "post_correct",
                                                        "post_questions")]
        rows.append({"objective": scope, "chapter": chapter.get(scope), "learners": len(both),
                     "pre_questions": mine[0]["pre_questions"], "post_questions": mine[0]["post_questions"],
                     "mean_pre": ratio(counts[0], counts[1]), "mean_post": ratio(counts[2], counts[3]),
                     "gain": normalized_gain(*counts),
                     "only_pre": sum(r["post_correct"] is None for r in mine),
                     "only_post": sum(r["pre_correct"] is None for r in mine),
                     "note": _note(*counts) if both else "no learner took both checks"})
    return rows


def one_check(gain_rows: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """The learners who took only the pre-check, and only the post-check, by the name they
    typed or else their id: counted and named, so a trainer can ask them why."""
    whole = [r for r in gain_rows if r["objective"] == ALL]
    return {"pre_only": [r["alias"] or r["learner"] for r in whole if r["post_correct"] is None],
            "post_only": [r["alias"] or r["learner"] for r in whole if r["pre_correct"] is None]}
