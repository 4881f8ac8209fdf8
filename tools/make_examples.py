"""Make the example class submissions in ``data/examples/`` (``python tools/make_examples.py``).

The class-results command and the dashboard notebook need learners' answers files to show.
These are made, not written by hand: six simulated learners answer the course's banks with
seeded random choices, some right and some wrong, and every result comes from the course's
grading code, in the format "My answers → Download my answers" writes, with each answer's
attempts: some learners got a question wrong first and right on a retry, some pressed "Show
the answer" (``first_result``, ``attempts``, ``revealed``; the first attempt is graded by the
same code). If the course has a pre-check and a post-check (banks with ``phase: pre``/``post``),
the learners take them as check mode writes them: the whole set submitted at once, once, less
well before the workshop than after it; one learner misses the post-check and the unnamed one
the pre-check, so the learning gain has learners to name. Two bad files join them: a download
cut short and another course's file.
``tests/test_results.py`` makes them again and compares, so a changed bank fails the test
until this script is run again.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from r2p_course import COURSE_ID, __version__  # noqa: E402
from r2p_course.paths import EXAMPLES_DIR  # noqa: E402
from r2p_course.quiz import grade  # noqa: E402
from r2p_course.results import Question, course_questions, default_banks  # noqa: E402

OUT = EXAMPLES_DIR
START = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)  # a fixed workshop day: same files every run

# (file, alias, chance of a right answer, banks left undone): a mixed class, one without a name.
LEARNERS = [
    ("learner-1.json", "Amina", 0.85, []),
    ("learner-2.json", "Bruno", 0.65, ["sort-the-toolbox"]),
    ("learner-3.json", "Chen", 0.75, []),
    ("learner-4.json", "Dalia", 0.5, ["chapter-3", "practice"]),
    ("learner-5.json", "Emeka", 0.6, ["which-pillar"]),
    ("learner-6.json", None, 0.4, ["chapter-1", "chapter-2"]),
]
# The check each of these missed (left early, came late); the others take both.
MISSED_CHECK = {"learner-4.json": "post", "learner-6.json": "pre"}
# How much of their skill a learner shows at the pre-check (before the workshop).
PRE_SKILL = 0.6


def right_answer(q: Question, rng: random.Random) -> list[Any]:
    """An answer the grading accepts (sorted tools are shuffled inside each tier)."""
    client = q.widget_form
    if q.type in ("pillars", "choice"):
        return list(client["answer"])
    if q.type == "order":
        keyed = [(item["tier"], rng.random(), item["id"]) for item in client["items"]]
        return [tool for _, _, tool in sorted(keyed)]
    return [item["tier"] for item in client["items"]]


def wrong_answer(q: Question, rng: random.Random) -> list[Any]:
    """A plausible mistake: another set of choices, a tool moved out of its tier, a wrong tier."""
    client = q.widget_form
    right = right_answer(q, rng)
    while True:
        if q.type == "pillars":
            answer = sorted(rng.sample([1, 2, 3], rng.choice([1, 1, 2])))
        elif q.type == "choice":
            options = [o["id"] for o in client["options"]]
            size = rng.choice([1, 2]) if client["multiple"] else 1
            answer = rng.sample(options, min(size, len(options)))
        elif q.type == "order":
            answer = list(right)
            answer.insert(rng.randrange(len(answer)), answer.pop(rng.randrange(len(answer))))
        else:
            answer = list(right)
            for index in rng.sample(range(len(answer)), rng.choice([1, 2])):
                answer[index] = rng.choice([t for t in (1, 2, 3, None) if t != right[index]])
        if grade(client, answer)["result"] != "correct":
            return answer


def attempts(q: Question, result: str, skill: float, rng: random.Random) -> dict[str, Any]:
    """How the learner got to their final answer: the first attempt's result (graded), how many
    attempts, and whether the explanation and key were shown (a second attempt or "Show the
    answer" shows them)."""
    if result == "correct" and rng.random() < skill:  # right at once
        return {"first_result": "correct", "attempts": 1, "revealed": False}
    if result == "correct":  # wrong first, right on a retry
        first = grade(q.widget_form, wrong_answer(q, rng))["result"]
        return {"first_result": first, "attempts": rng.choice([2, 2, 3]), "revealed": True}
    tries = rng.choice([1, 1, 2])  # wrong, perhaps twice; perhaps they asked for the answer
    first = result if tries == 1 else grade(q.widget_form, wrong_answer(q, rng))["result"]
    return {"first_result": first, "attempts": tries, "revealed": tries > 1 or rng.random() < 0.3}


def check_answers(skill: float, missed: str | None, seed: int, start: dt.datetime, end: dt.datetime,
                  questions: dict[str, Question]) -> list[dict[str, Any]]:
    """A learner's pre-check (at ``start``) and post-check (at ``end``), as check mode writes
    them: every question of the set with the submit time, one attempt, ``first_result`` and
    ``first_answer``; a question left unanswered now and then (answer ``[]``, incorrect). Its own
    random sequence, so the other answers stay as they were before the course had checks."""
    rng = random.Random(seed + 2000)
    answers = []
    for phase, chance, time in (("pre", skill * PRE_SKILL, start), ("post", skill, end)):
        if phase == missed:
            continue
        stamp = time.isoformat().replace("+00:00", "Z")
        for q in (q for q in questions.values() if q.phase == phase):
            roll = rng.random()
            answer = [] if roll > 0.97 else right_answer(q, rng) if roll < chance else wrong_answer(q, rng)
            result = grade(q.widget_form, answer)["result"]
            answers.append({"question_id": q.id, "answer": answer, "result": result, "time": stamp,
                            "attempts": 1, "first_result": result, "first_answer": answer})
    return answers


def learner_file(alias: str | None, skill: float, skipped: list[str], seed: int,
                 questions: dict[str, Question], missed: str | None = None) -> dict[str, Any]:
    """One learner's download: answers graded by the course's grading code."""
    rng = random.Random(seed)
    retries = random.Random(seed + 1000)  # its own sequence, so the final answers stay as they were
    learner_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    banks = [b for b in default_banks(questions) if b not in skipped]
    time = START + dt.timedelta(minutes=rng.randrange(10))
    answers = []
    first = time
    for q in questions.values():
        if q.phase:  # the pre- and post-checks: below
            continue
        if q.bank not in banks or rng.random() < 0.05:  # a few questions left out here and there
            continue
        answer = right_answer(q, rng) if rng.random() < skill else wrong_answer(q, rng)
        time += dt.timedelta(seconds=rng.randrange(20, 120))
        result = grade(q.widget_form, answer)["result"]
        answers.append({"question_id": q.id, "answer": answer, "result": result,
                        "time": time.isoformat().replace("+00:00", "Z"), **attempts(q, result, skill, retries)})
    answers += check_answers(skill, missed, seed, first - dt.timedelta(minutes=15), time + dt.timedelta(minutes=15),
                             questions)
    answers.sort(key=lambda a: a["question_id"])
    return {"course": COURSE_ID, "version": __version__, "learner_id": learner_id, "alias": alias,
            "answers": answers}


def example_files() -> dict[str, str]:
    """File name -> content of every example submission."""
    questions = course_questions()
    files = {}
    for seed, (name, alias, skill, skipped) in enumerate(LEARNERS, start=2012):
        files[name] = json.dumps(learner_file(alias, skill, skipped, seed, questions, MISSED_CHECK.get(name)),
                                 indent=2) + "\n"
    cut = files["learner-1.json"]
    files["bad-truncated.json"] = cut[: len(cut) // 3]  # a download that did not finish
    files["bad-other-course.json"] = json.dumps(
        {"course": "another-course", "version": "2.0", "learner_id": "0" * 8, "alias": None, "answers": []},
        indent=2) + "\n"
    return files


def make_examples(out: Path = OUT) -> list[Path]:
    """Write the example submissions into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in example_files().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in make_examples(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(f"wrote {path}")
