"""Class results' tables: learners merged over their files (the latest answer wins), and the
tables a trainer reads, per answer, bank, learner, question, objective, sorter tool and stage.
:func:`collect` is the whole run, from paths to :class:`Results`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..answers_format import is_newer
from ..data import load_objectives
from ..quiz import grade
from ..rules import ANSWER_COLUMNS, GAIN_COLUMNS, GAIN_OBJECTIVE_COLUMNS  # one home, shared with results.js
from .course import Question, course_questions, default_banks, questions_from_data, stage_titles
from .gain import gain_objective_table, gain_table, one_check
from .intake import MAX_BYTES, Learner, Problem, find_files, home_files, read_submission

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
    "gain": list(GAIN_COLUMNS),
    "gain_objectives": list(GAIN_OBJECTIVE_COLUMNS),
}


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
        if name == "gain":  # counts, blank for a check not taken (not 3.0 and NaN)
            for column in ("pre_correct", "post_correct"):
                frame[column] = frame[column].astype("Int64")
        return frame

    def one_check(self) -> dict[str, list[str]]:
        """The learners who took only the pre-check, and only the post-check (see :func:`gain.one_check`)."""
        return one_check(self.tables["gain"])

    def hardest(self, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
        """The questions and objectives the class found hardest, hardest first (see :func:`hardest`)."""
        return {"questions": hardest(self.tables["questions"], "answered", limit),
                "objectives": hardest(self.tables["objectives"], "answers", limit)}


def answered_banks(learners: Sequence[Learner], questions: dict[str, Question]) -> list[str]:
    """The banks anyone answered, in course order (all of :func:`default_banks` if nobody
    answered any): a bank the workshop did not assign is not listed as "not started"."""
    given = {questions[qid].bank for learner in learners for qid in learner.answers}
    return [b for b in default_banks(questions) if b in given] or default_banks(questions)


def merge_learners(submissions: Sequence[Learner]) -> tuple[list[Learner], list[Problem]]:
    """One record per learner id; for a learner who handed in several files, the latest answer
    to each question wins, and the trainer is told."""
    merged: dict[str, Learner] = {}
    problems: list[Problem] = []
    for sub in submissions:
        mine = merged.get(sub.learner_id)
        if mine is None:
            merged[sub.learner_id] = Learner(sub.learner_id, sub.alias, list(sub.files), dict(sub.answers))
            continue
        mine.files += sub.files
        mine.alias = sub.alias or mine.alias
        for qid, entry in sub.answers.items():
            if qid not in mine.answers or is_newer(entry["time"], mine.answers[qid]["time"]):
                mine.answers[qid] = entry
    for learner in merged.values():
        if len(learner.files) > 1:
            who = f"{learner.alias} ({learner.learner_id})" if learner.alias else learner.learner_id
            problems.append(Problem(", ".join(learner.files), "duplicate-learner",
                                    f"the same learner, {who}, handed in {len(learner.files)} files; "
                                    "the latest answer to each question was kept"))
    # named learners in alphabetical order, then the others by id
    order = sorted(merged.values(), key=lambda x: (x.alias is None, (x.alias or "").lower(), x.learner_id))
    return order, problems


def answers_table(learners: Sequence[Learner], questions: dict[str, Question]) -> list[dict[str, Any]]:
    """The tidy table: one row per learner and question answered (all banks)."""
    position = {qid: i for i, qid in enumerate(questions)}
    rows = []
    for learner in learners:
        for qid in sorted(learner.answers, key=position.__getitem__):
            entry, q = learner.answers[qid], questions[qid]
            rows.append({"learner": learner.learner_id, "alias": learner.alias, "question": qid, "bank": q.bank,
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
        rows.append({"learner": learner.learner_id, "alias": learner.alias, "files": len(learner.files),
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


def objective_table(question_rows: Sequence[dict], objectives: Sequence[dict[str, Any]]) -> list[dict]:
    """Per learning objective checked by an assigned question: answers and how many were right.
    ``objectives``: {id, chapter} in the course's order."""
    rows = []
    for objective in objectives:
        checking = [r for r in question_rows if objective["id"] in r["objectives"].split(";")]
        if not checking:
            continue
        answers = sum(r["answered"] for r in checking)
        correct = sum(r["correct"] for r in checking)
        first = sum(r["correct_first_try"] for r in checking)
        rows.append({"objective": objective["id"], "chapter": objective["chapter"],
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
    tiers: "too low" (in a lower tier), "too high" or "not placed". A question a check's
    submission left unanswered (``[]``) names no tool.
    """
    if not answer:
        return []
    items = question.widget_form["items"]
    tier = {item["id"]: item["tier"] for item in items}
    out = []
    for tool in grade(question.widget_form, answer)["misplaced"]:
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
        items = {item["id"]: item for item in q.widget_form["items"]}
        for (tool, direction), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append({"question": q.id, "mode": q.type, "tool": tool, "name": items[tool]["name"],
                         "tier": items[tool]["tier"], "direction": direction, "learners": count,
                         "answered": len(given)})
    return rows


def choice_text(question: Question, answer: list[Any]) -> str:
    """A choice answer as its option ids in the question's option order, joined by ";"."""
    return ";".join(o["id"] for o in question.widget_form["options"] if o["id"] in answer)


def stage_table(learners: Sequence[Learner], assigned: Sequence[Question],
                titles: dict[str, list[str]]) -> list[dict]:
    """Per staged question someone answered, in stage order: the class's most frequent choice.

    A trainer walking a class through a scenario sees at which stage the class went another
    way than the report; a tie goes to the choice whose text sorts first, so runs agree.
    """
    rows = []
    for q in assigned:
        if q.bank not in titles or "stage" not in q.widget_form:
            continue
        given = [choice_text(q, learner.answers[q.id]["answer"]) for learner in learners if q.id in learner.answers]
        if not given:
            continue
        choice, count = min(Counter(given).items(), key=lambda kv: (-kv[1], kv[0]))
        stage = q.widget_form["stage"]
        rows.append({"bank": q.bank, "stage": stage, "title": titles[q.bank][stage - 1], "question": q.id,
                     "choice": choice, "learners": count, "answered": len(given),
                     "is_key": choice == choice_text(q, q.widget_form["answer"])})
    return rows


def collect(paths: Iterable[Path | str], banks: Sequence[str] | None = None,
            max_bytes: int = MAX_BYTES, homes: Iterable[Path | str] = (), all_banks: bool = False,
            course: dict[str, Any] | None = None) -> Results:
    """Read, check, regrade and merge the submissions; build every table.

    ``paths``: files, folders or patterns; ``homes``: folders of learners' homes on a hub.
    The banks counted are ``banks``, else every bank when ``all_banks``, else the banks
    anyone answered. ``course``: another course than the installed one, as data in the form
    :func:`output.course_data` writes (its questions, objectives and stage titles), as
    results.js's collect takes it; the shared case files use it.
    """
    questions = course_questions() if course is None else questions_from_data(course)
    if course is None:
        objectives = [{"id": o.objective_id, "chapter": o.chapter} for o in load_objectives().itertuples()]
        titles = stage_titles()
    else:
        objectives, titles = course["objectives"], course.get("stage_titles", {})
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
        "objectives": objective_table(question_rows, objectives),
        "sorter": sorter_table(learners, assigned),
        "stages": stage_table(learners, assigned, titles),
        "problems": [{"file": p.file, "kind": p.kind, "message": p.message} for p in problems],
    }
    # the gain reads the pre- and post-check banks whichever banks were assigned
    tables["gain"] = gain_table(learners, questions, objectives)
    tables["gain_objectives"] = gain_objective_table(tables["gain"], objectives)
    counted = [f for s in submissions for f in s.files]
    return Results(banks, [str(f) for f in files], counted, learners, problems, tables, notes)
