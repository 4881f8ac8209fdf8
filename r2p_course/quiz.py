"""Quiz banks: loading, validation and grading.

The same grading rules exist in JavaScript (``widgets/static/shared.js``) for live feedback
in the browser; ``tests/grading_cases.json`` is run against both so they cannot drift.
A question is graded in its *client form* (what :func:`client_question` returns), which
carries everything needed, including the tiers of a sorting question's tools.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .data import check_tables, load_tools
from .errors import DataError
from .paths import QUIZ_DIR, relative
from .rules import ANSWER_RESULTS, CITATION

# jsonschema builds a grammar for its IRI format check at import when rfc3987-syntax is
# installed (Jupyter's jupyter-events brings it): 1.1 s, two thirds of a lab's first cell and
# of `r2p-course results`. The banks' schema checks no IRI, so jsonschema is imported with that
# module hidden for the moment of the import; it stays importable for any other code.
if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]
    try:
        import jsonschema
    finally:
        del sys.modules["rfc3987_syntax"]
else:
    import jsonschema

SCHEMA_PATH = QUIZ_DIR / "schema.json"
EXAMPLE_BANK = "example"  # shows the format, counts for nothing

# The only tools the report itself calls non-coercive: the Chapter VI means of para 22
# ("a range of non-coercive responses, including negotiation, enquiry, mediation, ...").
# Every other tier-1 placement is the course's own (neither a sanction nor military force), and
# a sorting explanation that puts such a tool in tier 1 must say so with COURSE_PLACEMENT.
REPORT_NON_COERCIVE_TOOLS = frozenset({
    "negotiation", "enquiry", "mediation", "conciliation", "arbitration", "judicial_settlement",
    "resort_to_regional_arrangements",
})
COURSE_PLACEMENT = "the course places"


@dataclass
class Bank:
    """One quiz bank file: its id, title and questions (as written in the YAML)."""

    bank: str
    title: str
    questions: list[dict[str, Any]]
    path: Path
    description: str = ""
    # a staged scenario: its narrative per stage ({title, text}, stage 1 first); empty otherwise
    stages: list[dict[str, str]] = field(default_factory=list)
    # "practice" (feedback at every Check) or "check" (no feedback until the whole set is submitted)
    mode: str = "practice"
    # a check bank's place in a course: "pre" (at the start) or "post" (at the end); else None
    phase: str | None = None
    # True: no question of the bank has its options or items shuffled per learner
    fixed_order: bool = False
    by_id: dict[str, dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {q["id"]: q for q in self.questions}


@cache
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _schema_error(path: Path, doc: Any, err: jsonschema.ValidationError) -> DataError:
    """Turn a schema error into a DataError naming the question and the field."""
    where = list(err.absolute_path)
    question: str | None = None
    fieldname = ".".join(str(p) for p in where) or None
    if len(where) >= 2 and where[0] == "questions":
        q = doc["questions"][where[1]]
        question = q.get("id", f"#{where[1] + 1}") if isinstance(q, dict) else f"#{where[1] + 1}"
        fieldname = ".".join(str(p) for p in where[2:]) or None
    if err.validator == "required":
        missing = err.message.split("'")[1]
        fieldname = f"{fieldname}.{missing}" if fieldname else missing
        return DataError(relative(path), question, fieldname, "this field to be present", None)
    if err.validator == "additionalProperties":
        return DataError(relative(path), question, fieldname, "only known fields", err.message)
    if err.validator in ("enum", "const") and fieldname == "type":
        return DataError(
            relative(path), question, "type", "one of pillars, choice, order, tiers", err.instance
        )
    return DataError(relative(path), question, fieldname, err.message, err.instance)


def _best_error(errors: Iterable[jsonschema.ValidationError]) -> jsonschema.ValidationError:
    """The deepest error: it names the field, not just 'the question is invalid'."""
    return max(errors, key=lambda e: (len(e.absolute_path), -len(e.context or [])))


def load_bank(path: Path, tiers: dict[str, int | None] | None = None) -> Bank:
    """Read and validate one bank file; ``tiers`` (tool_id -> tier) checks sorting items."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = f"line {mark.line + 1}" if mark else None
        raise DataError(relative(path), row, None, "valid YAML", str(exc).splitlines()[0]) from exc
    errors = list(jsonschema.Draft202012Validator(_schema()).iter_errors(doc))
    if errors:
        raise _schema_error(path, doc, _best_error(errors))
    seen: set[str] = set()
    for q in doc["questions"]:
        qid = q["id"]
        if qid in seen:
            raise DataError(relative(path), qid, "id", "a question id unique in the bank", qid)
        seen.add(qid)
        _check_question(path, q, tiers)
    _check_stages(path, doc)
    _check_mode(path, doc)
    return Bank(doc["bank"], doc["title"], doc["questions"], path, doc.get("description", ""),
                doc.get("stages", []) if doc.get("staged") else [], doc.get("mode", "practice"),
                doc.get("phase"), bool(doc.get("fixed_order", False)))


def _check_mode(path: Path, doc: dict[str, Any]) -> None:
    """A phase (pre or post) belongs to a check bank only, and a check bank is not staged: a
    staged scenario opens its stages on feedback, which a check holds back until the end."""
    where = relative(path)
    if "phase" in doc and doc.get("mode") != "check":
        raise DataError(where, None, "phase", "a phase only in a bank with mode: check", doc["phase"])
    if doc.get("mode") == "check" and doc.get("staged"):
        raise DataError(where, None, "staged", "a check bank that is not staged (mode: check)", True)


def _check_stages(path: Path, doc: dict[str, Any]) -> None:
    """A staged bank: every question is a choice question with a stage, the stages run 1..n
    with no gap, in the file's order, each with at least one question and its narrative.

    A learner must be able to reach the last stage, so no stage may be empty or missing.
    """
    where = relative(path)
    questions = doc["questions"]
    if not doc.get("staged"):
        if "stages" in doc:
            raise DataError(where, None, "stages", "stages only in a bank with staged: true", "stages")
        for q in questions:
            if "stage" in q:
                raise DataError(where, q["id"], "stage", "a stage only in a bank with staged: true", q["stage"])
        return
    if "stages" not in doc:
        raise DataError(where, None, "stages", "the narrative of each stage (staged: true)", None)
    count = len(doc["stages"])
    previous = 1
    for q in questions:
        if "stage" not in q:
            raise DataError(where, q["id"], "stage", "a stage number (the bank is staged)", None)
        if q["type"] != "choice":
            raise DataError(where, q["id"], "type", "choice (the only type a staged bank shows)", q["type"])
        stage = q["stage"]
        if stage > count:
            raise DataError(where, q["id"], "stage", f"a stage from 1 to {count} (the bank's stages)", stage)
        if stage < previous:
            raise DataError(where, q["id"], "stage", f"stage {previous} or later (questions in stage order)", stage)
        if stage > previous + 1:
            raise DataError(where, q["id"], "stage", f"stage {previous} or {previous + 1} (no stage left empty)", stage)
        previous = stage
    used = {q["stage"] for q in questions}
    empty = [n for n in range(1, count + 1) if n not in used]
    if empty:
        raise DataError(where, None, "stages", "at least one question in every stage", f"none in stage {empty[0]}")


def _texts(q: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, text) pairs a learner reads, where paragraph citations become links."""
    out = [("prompt", q["prompt"]), ("explanation", q["explanation"])]
    out += [(f"feedback.{k}", v) for k, v in q.get("feedback", {}).items()]
    for i, option in enumerate(q.get("options", [])):
        out += [(f"options.{i}.text", option["text"]), (f"options.{i}.feedback", option.get("feedback", ""))]
    return out


def _check_question(path: Path, q: dict[str, Any], tiers: dict[str, int | None] | None) -> None:
    """Checks a schema cannot express: answers among options, known tools with a tier,
    paragraph citations that exist."""
    from .data import N_PARAGRAPHS  # data imports this module

    qid = q["id"]
    for fieldname, text in _texts(q):
        for m in CITATION.finditer(text):
            for number in map(int, re.findall(r"[0-9]+", m.group("numbers"))):
                if not 1 <= number <= N_PARAGRAPHS:
                    raise DataError(
                        relative(path), qid, fieldname, f"citations of paragraphs 1-{N_PARAGRAPHS}", m.group(0)
                    )
    if q["type"] == "choice":
        option_ids = [o["id"] for o in q["options"]]
        if len(set(option_ids)) != len(option_ids):
            raise DataError(relative(path), qid, "options", "unique option ids", option_ids)
        for a in q["answer"]:
            if a not in option_ids:
                raise DataError(
                    relative(path), qid, "answer", f"one of the option ids {option_ids}", a
                )
        if not q.get("multiple", False) and len(q["answer"]) != 1:
            raise DataError(
                relative(path), qid, "answer", "exactly one answer (or multiple: true)", q["answer"]
            )
    if q["type"] == "pillars" and "tools" in q:
        tiers = tiers if tiers is not None else tool_tiers()
        for tool in q["tools"]:
            if tool not in tiers:
                raise DataError(relative(path), qid, "tools", "a tool_id from data/tools.csv", tool)
    if q["type"] in ("order", "tiers"):
        tiers = tiers if tiers is not None else tool_tiers()
        for item in q["items"]:
            if item not in tiers:
                raise DataError(relative(path), qid, "items", "a tool_id from data/tools.csv", item)
            if tiers[item] is None:
                raise DataError(
                    relative(path), qid, "items", "a tool whose coercion_tier is set", item
                )
        if len({tiers[i] for i in q["items"]}) < 2:
            raise DataError(relative(path), qid, "items", "tools from at least two tiers", q["items"])


def tool_tiers() -> dict[str, int | None]:
    """tool_id -> coercion tier (None where the report does not settle it)."""
    tools = load_tools()
    return {
        row.tool_id: (None if pd.isna(row.coercion_tier) else int(row.coercion_tier))
        for row in tools.itertuples()
    }


def load_banks(directory: Path = QUIZ_DIR) -> dict[str, Bank]:
    """Load every bank; question ids must be unique across all of them.

    The course's own banks are read and validated once per process, as data.py's tables are
    (a build asks for them several times).
    """
    return dict(_course_banks()) if directory == QUIZ_DIR else _read_banks(directory)


@cache
def _course_banks() -> dict[str, Bank]:
    return _read_banks(QUIZ_DIR)


def _read_banks(directory: Path) -> dict[str, Bank]:
    tiers = tool_tiers()
    banks: dict[str, Bank] = {}
    owner: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yml")):
        bank = load_bank(path, tiers)
        if bank.bank in banks:
            raise DataError(relative(path), None, "bank", "a bank id unique across banks", bank.bank)
        for qid in bank.by_id:
            if qid in owner:
                raise DataError(
                    relative(path), qid, "id",
                    f"a question id unique across banks (also in {relative(owner[qid])})", qid,
                )
            owner[qid] = path
        banks[bank.bank] = bank
    return banks


def get_bank(name: str | Path) -> Bank:
    """One bank by its id (the ``bank`` field, also its file name), or by the path of a
    ``.yml`` file (a :class:`~pathlib.Path`, or text ending in ``.yml``).

    A path lets ``make bench`` show its own bank, ``tools/bench/bench.yml``, which is kept
    out of ``data/quizzes/`` so that it is on no page of the course. Such a bank is
    validated like any other, but not checked against the course's banks for id clashes.
    """
    path = Path(name) if isinstance(name, Path) or name.endswith(".yml") else QUIZ_DIR / f"{name}.yml"
    if not path.exists():
        raise FileNotFoundError(f"no quiz bank {name!r}: expected {relative(path)}")
    return load_bank(path)


# ---------------------------------------------------------------- client form


def client_question(q: dict[str, Any]) -> dict[str, Any]:
    """The JSON-ready form a widget shows and grades (sorting items resolved from tools.csv)."""
    out = {k: v for k, v in q.items() if k not in ("items", "tools")}
    if q["type"] == "choice":
        out["multiple"] = bool(q.get("multiple", False))
    if q["type"] == "pillars":
        out["feedback"] = {str(k): v for k, v in q.get("feedback", {}).items()}
    if q["type"] in ("order", "tiers"):
        tools = load_tools().set_index("tool_id")
        out["items"] = [
            {
                "id": tid,
                "name": str(tools.at[tid, "name"]),
                "tier": int(tools.at[tid, "coercion_tier"]),
                "paragraphs": list(tools.at[tid, "paragraphs"]),
            }
            for tid in q["items"]
        ]
    return out


# ---------------------------------------------------------------- stages


def open_stages(questions: Sequence[dict[str, Any]], answers: dict[str, Any]) -> list[int]:
    """The stages of a staged bank a learner can see (as shared.js's openStages).

    Stage 1 is always open; stage k+1 opens once every question of stage k has a checked
    answer (an entry with a ``result``, right or not: the scenario goes on, the feedback
    teaches). ``answers`` maps question id -> entry. A bank without stages gives ``[]``.
    """
    stages = sorted({q["stage"] for q in questions if "stage" in q})
    opened: list[int] = []
    for stage in stages:
        opened.append(stage)
        done = all(
            isinstance(answers.get(q["id"]), dict) and answers[q["id"]].get("result") in RESULTS
            for q in questions if q.get("stage") == stage
        )
        if not done:
            break
    return opened


# ---------------------------------------------------------------- grading

RESULTS = ANSWER_RESULTS  # what grade() gives: the results an answers file may carry


def grade(question: dict[str, Any], answer: Sequence[Any]) -> dict[str, Any]:
    """Grade an answer to a question in client form.

    Returns ``{"result", "missing", "extra", "misplaced"}``:
    - pillars/choice: exact set is ``correct``; some right choices but not all (or extra ones)
      is ``partial``; none right is ``incorrect``. ``missing``/``extra`` list what differs.
    - order: every tool must sit in the block of its tier (any order inside a tier is right);
      ``misplaced`` lists the tools outside their block; all of them misplaced is
      ``incorrect``, some is ``partial``.
    - tiers: the answer is one tier (1, 2 or 3) per item, in the question's item order;
      ``misplaced`` lists the tools whose entry is not their tier (an unplaced tool is
      ``None``, and anything that is not a number counts as wrong). An answer of the wrong
      length misplaces every tool. None misplaced is ``correct``, all is ``incorrect``,
      some is ``partial``.
    """
    if question["type"] == "order":
        return _grade_order(question, list(answer))
    if question["type"] == "tiers":
        return _grade_tiers(question, answer)
    if question["type"] == "pillars":
        options = [1, 2, 3]
    else:
        options = [o["id"] for o in question["options"]]
    chosen = [o for o in options if o in answer]
    expected = [o for o in options if o in question["answer"]]
    missing = [o for o in expected if o not in chosen]
    extra = [o for o in chosen if o not in expected]
    if chosen and not missing and not extra:
        result = "correct"
    elif any(o in expected for o in chosen):
        result = "partial"
    else:
        result = "incorrect"
    return {"result": result, "missing": missing, "extra": extra, "misplaced": []}


def _grade_order(question: dict[str, Any], answer: list[str]) -> dict[str, Any]:
    items = question["items"]
    tier = {item["id"]: item["tier"] for item in items}
    if sorted(answer) != sorted(tier):
        return {"result": "incorrect", "missing": [], "extra": [], "misplaced": list(tier)}
    misplaced = []
    for position, tid in enumerate(answer):
        first = sum(1 for t in tier.values() if t < tier[tid])
        last = first + sum(1 for t in tier.values() if t == tier[tid])
        if not first <= position < last:
            misplaced.append(tid)
    return _sorting_result(misplaced, len(answer))


def _sorting_result(misplaced: list[str], total: int) -> dict[str, Any]:
    """Both sorting types: none misplaced is correct, all is incorrect, some is partial."""
    result = "correct" if not misplaced else "partial" if len(misplaced) < total else "incorrect"
    return {"result": result, "missing": [], "extra": [], "misplaced": misplaced}


def _grade_tiers(question: dict[str, Any], answer: Any) -> dict[str, Any]:
    items = question["items"]
    ids = [item["id"] for item in items]
    if not isinstance(answer, (list, tuple)) or len(answer) != len(items):
        return {"result": "incorrect", "missing": [], "extra": [], "misplaced": ids}
    # type() rather than isinstance(): True == 1 in Python but not in JavaScript.
    misplaced = [
        item["id"] for item, given in zip(items, answer, strict=True)
        if not (type(given) in (int, float) and given == item["tier"])
    ]
    return _sorting_result(misplaced, len(items))


def hint(question: dict[str, Any], answer: Sequence[Any]) -> dict[str, Any]:
    """What a first wrong (or partly right) check shows, before the key (as shared.js's hint).

    Hints come before solutions, so a Retry still teaches: ``wrong`` lists the options chosen
    wrongly and ``feedback`` the bank's feedback on each (``{"option", "text"}``, why it does
    not fit); ``incomplete`` says whether a right choice is missing, never which; ``misplaced``
    lists a sorting question's misplaced tools, never their tier.
    """
    graded = grade(question, answer)
    texts: dict[str, Any] = {}
    if question["type"] == "pillars":
        texts = {str(k): v for k, v in question.get("feedback", {}).items()}
    elif question["type"] == "choice":
        texts = {str(o["id"]): o.get("feedback") for o in question["options"]}
    feedback = [{"option": o, "text": texts[str(o)]} for o in graded["extra"] if texts.get(str(o))]
    return {"result": graded["result"], "wrong": graded["extra"], "feedback": feedback,
            "incomplete": bool(graded["missing"]), "misplaced": graded["misplaced"]}


# ---------------------------------------------------------------- check mode


def submission_entries(questions: Sequence[dict[str, Any]], given: dict[str, Any],
                       previous: dict[str, Any], time: str) -> dict[str, dict[str, Any]]:
    """The entries a check bank's submission writes (as grading.js's submissionEntries).

    A check (``mode: check``) is graded as a whole when the learner submits it, so learning
    gain can count every question: one entry per question of ``questions``, all with ``time``.
    ``given`` maps question id -> the answer on screen (missing or ``[]``: left unanswered,
    which is ``incorrect``); ``previous`` maps question id -> the last submission's entry. A
    later submission replaces answer, result and time, adds 1 to ``attempts`` and keeps
    ``first_result`` and ``first_answer``, the first submission's.
    """
    out: dict[str, dict[str, Any]] = {}
    for question in questions:
        answer = given.get(question["id"])
        answer = list(answer) if isinstance(answer, list) else []
        result = grade(question, answer)["result"] if answer else "incorrect"
        entry: dict[str, Any] = {"answer": answer, "result": result, "time": time, "attempts": 1,
                                 "first_result": result, "first_answer": answer}
        before = previous.get(question["id"])
        if before:
            entry["attempts"] = before.get("attempts", 1) + 1
            entry["first_result"] = before.get("first_result") or before["result"]
            entry["first_answer"] = before.get("first_answer", before["answer"])
        out[question["id"]] = entry
    return out


# ---------------------------------------------------------------- objectives and the course check

def questions_by_objective(banks: dict[str, Any]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Objective id -> the practice questions, as (bank, question) pairs, that check it, in bank
    order. The authors' example bank counts for nothing, and the learning checks (mode: check)
    are not practice: their own rule, check_bank_problems, asks for one pre and one post
    question per objective."""
    out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, bank in sorted(banks.items()):
        if name != EXAMPLE_BANK and getattr(bank, "mode", "practice") != "check":
            for q in bank.questions:
                for objective in q.get("objectives", []):
                    out.setdefault(objective, []).append((name, q))
    return out


def objective_problems(banks: dict[str, Any], objectives: pd.DataFrame) -> list[str]:
    """Every question names known objectives; every objective is checked by 2 questions or more."""
    problems = []
    known = set(objectives.objective_id)
    for row in objectives.itertuples():
        if row.objective_id.split(".")[0] != row.chapter:
            problems.append(f"data/objectives.csv: objective {row.objective_id} is filed under chapter "
                            f"{row.chapter}; its id names chapter {row.objective_id.split('.')[0]}")
    for bank in banks.values():
        for q in bank.questions:
            where = f"{relative(bank.path)}, question {q['id']}, field 'objectives'"
            ids = q.get("objectives")
            if not ids:
                problems.append(f"{where}: expected the objective id(s) the question checks, found none")
            problems += [f"{where}: expected an objective id from data/objectives.csv, found {objective!r}"
                         for objective in ids or [] if objective not in known]
    checking = questions_by_objective(banks)
    for objective in sorted(known):
        count = len({q["id"] for _, q in checking.get(objective, [])})  # questions, not mentions
        if count < 2:
            problems.append(f"data/objectives.csv: objective {objective} is checked by {count} question(s); "
                            "every objective needs at least 2")
    return problems


def check_bank_problems(banks: dict[str, Any], objectives: pd.DataFrame) -> list[str]:
    """Every objective has a question in a pre-check bank and one in a post-check bank (the banks
    with ``phase: pre`` and ``phase: post``), so that the learning gain exists for each; and such a
    bank holds only choice questions, so that one ChoiceQuiz shows and submits the whole set."""
    problems = []
    for phase in _schema()["properties"]["phase"]["enum"]:  # pre, post: the schema is their home
        phased = [bank for name, bank in sorted(banks.items()) if name != EXAMPLE_BANK and bank.phase == phase]
        for bank in phased:
            problems += [f"{relative(bank.path)}, question {q['id']}, field 'type': expected 'choice' in a "
                         f"{phase}-check bank (one ChoiceQuiz shows and submits the whole set), found {q['type']!r}"
                         for q in bank.questions if q.get("type") != "choice"]
        covered = {objective for bank in phased for q in bank.questions for objective in q.get("objectives", [])}
        missing = [objective for objective in objectives.objective_id if objective not in covered]
        if missing:
            problems.append(f"data/objectives.csv: no question of a bank with phase: {phase} checks objective(s) "
                            f"{', '.join(missing)}; every objective needs one in the pre-check and one in the "
                            "post-check")
    return problems


def check_all() -> list[str]:
    """Every problem across all tables and quiz banks, as messages (empty when all is well):
    what ``r2p-course check`` prints."""
    tables, problems = check_tables()
    try:
        banks = load_banks()
    except (DataError, FileNotFoundError) as exc:
        problems.append(str(exc))
    else:
        if "objectives" in tables:
            problems += objective_problems(banks, tables["objectives"])
            problems += check_bank_problems(banks, tables["objectives"])
    return problems
