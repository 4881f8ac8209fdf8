"""Quiz banks: validation errors name file, question and field; grading follows the rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from js_runner import run_module

from r2p_course.errors import DataError
from r2p_course.paths import QUIZ_DIR
from r2p_course.quiz import (
    EXAMPLE_BANK,
    client_question,
    grade,
    hint,
    load_bank,
    load_banks,
    open_stages,
    submission_entries,
)

ALL_CASES = json.loads((Path(__file__).parent / "grading_cases.json").read_text(encoding="utf-8"))
# grading cases (a question and an answer) and staged-unlock cases (questions and answers)
CASES = [c for c in ALL_CASES if "question" in c]
STAGE_CASES = [c for c in ALL_CASES if "open_stages" in c]
# a check bank's submission: the entries written for the widget's questions
SUBMISSION_CASES = [c for c in ALL_CASES if "submission" in c]
TIERS = {"mediation": 1, "asset_freeze": 2, "no_fly_zone": 3, "icc": None}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_grading_cases_in_python(case: dict) -> None:
    assert grade(case["question"], case["answer"]) == case["expected"]
    if "hint" in case:  # what a first wrong check shows, before the key
        assert hint(case["question"], case["answer"]) == case["hint"]


@pytest.mark.parametrize("case", STAGE_CASES, ids=[c["name"] for c in STAGE_CASES])
def test_shared_stage_cases_in_python(case: dict) -> None:
    assert open_stages(case["questions"], case["answers"]) == case["open_stages"]


@pytest.mark.parametrize("case", SUBMISSION_CASES, ids=[c["name"] for c in SUBMISSION_CASES])
def test_shared_submission_cases_in_python(case: dict) -> None:
    got = submission_entries(case["questions"], case["given"], case["previous"], case["time"])
    assert got == case["submission"]


JS_CASES = """(m, cases, stageCases, submissionCases) => [
    cases.map((c) => [m.grade(c.question, c.answer), c.hint ? m.hint(c.question, c.answer) : null]),
    stageCases.map((c) => m.openStages(c.questions, c.answers)),
    submissionCases.map((c) => m.submissionEntries(c.questions, c.given, c.previous, c.time)),
]"""


@pytest.fixture(scope="module")
def in_javascript() -> tuple[list, list, list]:
    """Every case through grading.js in Node.js, at once: the choice quiz's module exports grade,
    hint, openStages and submissionEntries. (test_browser.py runs them on the built site as well.)"""
    return run_module("choice-quiz", JS_CASES, CASES, STAGE_CASES, SUBMISSION_CASES)


@pytest.mark.parametrize("number", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_shared_grading_cases_in_javascript(number: int, in_javascript: tuple[list, list, list]) -> None:
    case, (graded, hinted) = CASES[number], in_javascript[0][number]
    assert graded == case["expected"]
    assert hinted == case.get("hint")


@pytest.mark.parametrize("number", range(len(STAGE_CASES)), ids=[c["name"] for c in STAGE_CASES])
def test_shared_stage_cases_in_javascript(number: int, in_javascript: tuple[list, list, list]) -> None:
    assert in_javascript[1][number] == STAGE_CASES[number]["open_stages"]


@pytest.mark.parametrize("number", range(len(SUBMISSION_CASES)), ids=[c["name"] for c in SUBMISSION_CASES])
def test_shared_submission_cases_in_javascript(number: int, in_javascript: tuple[list, list, list]) -> None:
    assert in_javascript[2][number] == SUBMISSION_CASES[number]["submission"]


def test_every_grading_case_is_of_one_kind() -> None:
    assert len(CASES) + len(STAGE_CASES) + len(SUBMISSION_CASES) == len(ALL_CASES)
    assert len(STAGE_CASES) >= 5
    assert len(SUBMISSION_CASES) >= 5


def test_hint_cases_cover_every_question_type_and_never_name_the_key() -> None:
    hinted = [c for c in CASES if "hint" in c]
    assert {c["question"]["type"] for c in hinted} == {"pillars", "choice", "order", "tiers"}
    for case in hinted:
        shown = json.dumps(case["hint"])
        missing = grade(case["question"], case["answer"])["missing"]
        for option in missing:  # a right option not chosen: neither it nor its feedback shows
            assert f'"option": {json.dumps(option)}' not in shown, case["name"]
        assert "tier" not in shown, case["name"]


def test_every_bank_loads_and_ids_are_unique_across_banks() -> None:
    banks = load_banks()
    assert {"practice", "example"} <= set(banks)
    ids = [q["id"] for b in banks.values() for q in b.questions]
    assert len(ids) == len(set(ids))


def _bank(tmp_path: Path, questions: list[dict], name: str = "broken") -> Path:
    path = tmp_path / f"{name}.yml"
    path.write_text(yaml.safe_dump({"bank": name, "title": "T", "questions": questions}), encoding="utf-8")
    return path


GOOD = {"id": "q-one", "type": "pillars", "prompt": "P", "answer": [1], "explanation": "E",
        "paragraphs": [11]}
CHOICE = {"id": "q-two", "type": "choice", "prompt": "P", "explanation": "E", "paragraphs": [32],
          "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}], "answer": ["a"]}


@pytest.mark.parametrize(
    ("questions", "question", "field", "words"),
    [
        ([{k: v for k, v in GOOD.items() if k != "explanation"}], "q-one", "explanation", "present"),
        ([{**GOOD, "type": "essay"}], "q-one", "type", "pillars, choice, order"),
        ([GOOD, GOOD], "q-one", "id", "unique"),
        ([{**CHOICE, "answer": ["c"]}], "q-two", "answer", "option ids"),
        ([{**CHOICE, "answer": ["a", "b"]}], "q-two", "answer", "exactly one"),
        ([{**GOOD, "answer": [4]}], "q-one", "answer.0", "4"),
        ([{**GOOD, "paragraphs": [62]}], "q-one", "paragraphs.0", "62"),
        ([{**GOOD, "explanation": "As para 62 says."}], "q-one", "explanation", "para 62"),
        ([{"id": "q-3", "type": "order", "prompt": "P", "explanation": "E", "paragraphs": [31],
           "items": ["mediation", "no_such_tool"]}], "q-3", "items", "tools.csv"),
        ([{"id": "q-4", "type": "order", "prompt": "P", "explanation": "E", "paragraphs": [29],
           "items": ["mediation", "icc"]}], "q-4", "items", "coercion_tier is set"),
        ([{**GOOD, "tools": ["no_such_tool"]}], "q-one", "tools", "tools.csv"),
    ],
    ids=["missing field", "unknown type", "duplicate id", "answer not an option",
         "two answers to single choice", "pillar 4", "paragraph 62", "citation of para 62", "unknown tool",
         "tool without tier", "pillar question naming an unknown tool"],
)
def test_bad_banks_are_named(tmp_path: Path, questions: list, question: str, field: str,
                             words: str) -> None:
    path = _bank(tmp_path, questions)
    with pytest.raises(DataError) as err:
        load_bank(path, TIERS)
    message = str(err.value)
    assert path.name in message and repr(question) in message and repr(field) in message, message
    assert words in message


def test_duplicate_id_across_banks(tmp_path: Path) -> None:
    for name in ("one", "two"):
        _bank(tmp_path, [GOOD], name)
    with pytest.raises(DataError, match="unique across banks"):
        load_banks(tmp_path)


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("bank: bad\nquestions: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.yml.*line"):
        load_bank(path, TIERS)


def test_sorting_questions_carry_names_tiers_and_paragraphs_from_tools_csv() -> None:
    bank = load_bank(QUIZ_DIR / "practice.yml")
    q = client_question(bank.by_id["practice-order-toolbox"])
    by_id = {item["id"]: item for item in q["items"]}
    assert by_id["no_fly_zone"]["tier"] == 3 and 32 in by_id["no_fly_zone"]["paragraphs"]
    assert by_id["mediation"]["tier"] == 1
    assert grade(q, sorted(by_id, key=lambda i: by_id[i]["tier"]))["result"] == "correct"


def test_quotations_in_banks_are_verbatim_from_the_report() -> None:
    from r2p_course.data import is_verbatim, load_paragraphs
    from r2p_course.quiz import _texts

    report = list(load_paragraphs().text)
    checked = 0
    for bank in load_banks().values():
        for q in bank.questions:
            for field, text in _texts(q):
                for quote in re.findall(r'[“"]([^”"]{3,})[”"]', text):
                    checked += 1
                    assert any(is_verbatim(quote, p) for p in report), f"{q['id']} {field}: {quote!r}"
    assert checked > 10


TIERS_Q = {"id": "q-5", "type": "tiers", "prompt": "P", "explanation": "E", "paragraphs": [22, 31],
           "items": ["mediation", "asset_freeze"]}


@pytest.mark.parametrize(
    ("question", "field", "words"),
    [
        ({**TIERS_Q, "items": ["mediation", "icc"]}, "items", "coercion_tier is set"),
        ({**TIERS_Q, "items": ["mediation", "no_such_tool"]}, "items", "tools.csv"),
        ({**TIERS_Q, "answer": [1, 2]}, None, "only known fields"),
        ({**TIERS_Q, "items": ["mediation"]}, "items", "too short"),
    ],
    ids=["tool without tier", "unknown tool", "answer field", "one item"],
)
def test_bad_tiers_questions_are_named(tmp_path: Path, question: dict, field: str | None, words: str) -> None:
    path = _bank(tmp_path, [question])
    with pytest.raises(DataError) as err:
        load_bank(path, TIERS)
    message = str(err.value)
    assert path.name in message and "'q-5'" in message and words in message, message
    if field:
        assert repr(field) in message, message


def test_tiers_questions_load_and_resolve_their_items(tmp_path: Path) -> None:
    bank = load_bank(_bank(tmp_path, [{**TIERS_Q, "objectives": ["III.1"]}], "fine"), TIERS)
    q = client_question(bank.by_id["q-5"])
    assert [(i["id"], i["tier"]) for i in q["items"]] == [("mediation", 1), ("asset_freeze", 2)]
    assert 31 in q["items"][1]["paragraphs"] and q["items"][0]["name"] == "Mediation"
    assert grade(q, [1, 2])["result"] == "correct"
    assert grade(q, [2, 2]) == {"result": "partial", "missing": [], "extra": [], "misplaced": ["mediation"]}
    assert grade(q, [2, 1])["result"] == "incorrect"


def _placed(entry: object, tier: int) -> bool:
    """Whether a tiers answer's entry puts a tool in ``tier``: only the number itself does."""
    return type(entry) is int and entry == tier


def _odd_entries_misplaced(kind: type | tuple[type, ...], odd: object = None) -> object:
    """A rule on entries of one kind (text, a boolean, a fraction, null...): a case of the right
    length has such an entry, and each tool with one is misplaced."""
    def rule(ids: list[str], tiers: list[int], answer: list, expected: dict) -> bool:
        spots = [i for i, entry in enumerate(answer)
                 if isinstance(entry, kind) and (odd is None or odd(entry))]
        return (len(answer) == len(ids) and bool(spots)
                and all(ids[i] in expected["misplaced"] for i in spots))
    return rule


TIERS_RULES = {  # what grade() does with a tiers answer (quiz.py), and a case must show it
    "every tool in its tier: correct": lambda ids, tiers, answer, expected: (
        len(answer) == len(ids) and all(map(_placed, answer, tiers))
        and expected == {"result": "correct", "missing": [], "extra": [], "misplaced": []}),
    "some tools in their tier: partial, the others misplaced": lambda ids, tiers, answer, expected: (
        len(answer) == len(ids) and 0 < sum(map(_placed, answer, tiers)) < len(ids)
        and expected["result"] == "partial"
        and expected["misplaced"] == [i for i, a, t in zip(ids, answer, tiers, strict=True) if not _placed(a, t)]),
    "no tool in its tier: incorrect": lambda ids, tiers, answer, expected: (
        len(answer) == len(ids) and all(type(a) is int and 1 <= a <= 3 for a in answer)
        and not any(map(_placed, answer, tiers))
        and expected == {"result": "incorrect", "missing": [], "extra": [], "misplaced": ids}),
    "too short: every tool misplaced": lambda ids, tiers, answer, expected: (
        len(answer) < len(ids) and expected == {"result": "incorrect", "missing": [], "extra": [], "misplaced": ids}),
    "too long: every tool misplaced": lambda ids, tiers, answer, expected: (
        len(answer) > len(ids) and expected == {"result": "incorrect", "missing": [], "extra": [], "misplaced": ids}),
    "a tool id or other word is not a tier": _odd_entries_misplaced(str, lambda e: not e.isdigit()),
    "a tier given as text is not a tier": _odd_entries_misplaced(str, str.isdigit),
    "a boolean is not a tier": _odd_entries_misplaced(bool),
    "a fraction is not a tier": _odd_entries_misplaced(float, lambda e: not e.is_integer()),
    "a number outside 1-3 is not a tier": _odd_entries_misplaced(int, lambda e: type(e) is int and not 1 <= e <= 3),
    "an unplaced tool (null) is misplaced": _odd_entries_misplaced(type(None)),
}


@pytest.mark.parametrize("rule", TIERS_RULES)
def test_grading_cases_cover_the_tiers_rules(rule: str) -> None:
    """Each rule of tiers grading has a shared case whose answer exercises it and whose expected
    result says what the rule says (so both languages are held to it)."""
    shows = TIERS_RULES[rule]
    tiers_cases = [c for c in CASES if c["question"]["type"] == "tiers"]
    assert any(shows([i["id"] for i in c["question"]["items"]], [i["tier"] for i in c["question"]["items"]],
                     c["answer"], c["expected"]) for c in tiers_cases), f"no grading case shows: {rule}"


def test_sort_the_toolbox_covers_every_tiered_tool() -> None:
    from r2p_course.quiz import tool_tiers

    tiers = {t: tier for t, tier in tool_tiers().items() if tier is not None}
    bank = load_banks()["sort-the-toolbox"]
    rounds = [q for q in bank.questions if q["type"] == "order"]
    covered = {item for q in rounds for item in q["items"]}
    assert sorted(set(tiers) - covered) == [], "tiered tools in no round"
    for q in rounds:
        assert 6 <= len(q["items"]) <= 8, q["id"]
        assert len({tiers[i] for i in q["items"]}) >= 2, q["id"]
        ranks = [tiers[i] for i in q["items"]]
        assert ranks != sorted(ranks), f"{q['id']}: items not scrambled"
    assert len([q for q in bank.questions if q["type"] == "tiers"]) >= 2
    for q in bank.questions:
        assert q["objectives"] == ["III.2"], q["id"]
        assert re.search(r"\bparas? \d", q["explanation"]), q["id"]
        # the paragraphs field holds a paragraph that places each of its tools
        for item in client_question(q)["items"]:
            assert set(item["paragraphs"]) & set(q["paragraphs"]), f"{q['id']}: {item['id']}"


def test_report_non_coercive_tools_are_the_chapter_vi_means_of_para_22() -> None:
    """The one list of the report's own tier-1 tools: each is named in para 22, in tier 1."""
    from r2p_course.data import load_paragraphs, load_tools
    from r2p_course.quiz import REPORT_NON_COERCIVE_TOOLS

    para22 = load_paragraphs().set_index("paragraph").at[22, "text"].lower()
    tools = load_tools().set_index("tool_id")
    for tool in REPORT_NON_COERCIVE_TOOLS:
        assert tools.at[tool, "coercion_tier"] == 1, tool
        assert tools.at[tool, "charter_basis"] == "Chapter VI", tool
        assert tool.split("_")[0].replace("resort", "resort to regional") in para22, tool


def test_tier_one_placements_of_the_course_say_they_are_the_courses() -> None:
    """A sorting explanation that puts in tier 1 a tool the report does not itself call
    non-coercive (para 22) must say the placement is the course's (audit M2, L8)."""
    from r2p_course.quiz import COURSE_PLACEMENT, REPORT_NON_COERCIVE_TOOLS, tool_tiers

    tiers = tool_tiers()
    checked = 0
    for name, bank in load_banks().items():
        for q in bank.questions:
            if q["type"] not in ("order", "tiers"):
                continue
            own = [t for t in q["items"] if tiers[t] == 1 and t not in REPORT_NON_COERCIVE_TOOLS]
            if own:
                checked += 1
                assert COURSE_PLACEMENT in q["explanation"], (
                    f"{name}, {q['id']}: tier 1 for {own} is the course's placement; the explanation "
                    f"must say so ({COURSE_PLACEMENT!r})"
                )
            assert "the report sets no order" not in q["explanation"], q["id"]
    assert checked >= 10


def test_pillar_keys_rest_only_on_tools_whose_pillars_are_set() -> None:
    """A pillar question naming its tools may key only pillars that tools.csv gives them; a
    tool whose pillars are blank (the report does not settle them) cannot carry a key (M4)."""
    from r2p_course.data import load_tools

    pillars = dict(zip(load_tools().tool_id, load_tools().pillars, strict=True))
    checked = 0
    for name, bank in load_banks().items():
        for q in bank.questions:
            if q["type"] != "pillars" or "tools" not in q:
                continue
            checked += 1
            for tool in q["tools"]:
                assert pillars[tool], f"{name}, {q['id']}: tool {tool} has no pillars in tools.csv"
            given = {p for tool in q["tools"] for p in pillars[tool]}
            assert set(q["answer"]) <= given, (
                f"{name}, {q['id']}: key {q['answer']} not among its tools' pillars {sorted(given)}"
            )
    assert checked >= 15


PILLAR_NAMES = {1: ("one", "first", "1"), 2: ("two", "second", "2"), 3: ("three", "third", "3")}


def _folded(text: str) -> str:
    """Compare texts as a learner reads them: no case, quote style, emphasis or end punctuation."""
    from r2p_course.data import fold

    return fold(text.replace("*", "")).lower().strip(" .,;:!?\"'")


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w'-]+", _folded(text))) + " "


KEY_RUN = 6  # words of a right option in a row: a quotation that long hands over the key


def _gives_key_away(q: dict, feedback: str) -> list[str]:
    """The key texts, long runs of them, or key pillars that a wrong choice's feedback (shown
    as a hint) contains; a run that the prompt itself shows gives nothing away."""
    shown = _folded(feedback)
    if q["type"] == "choice":
        rights = [_folded(o["text"]) for o in q["options"] if o["id"] in q["answer"]]
        found = [r for r in rights if re.search(rf"(?<!\w){re.escape(r)}(?!\w)", shown)]
        said, prompt = _words(feedback), _words(q.get("prompt", ""))
        for right in rights:
            words = _words(right).split()
            runs = (" ".join(words[i:i + KEY_RUN]) for i in range(len(words) - KEY_RUN + 1))
            found += [run for run in runs if f" {run} " in said and f" {run} " not in prompt][:1]
        return found
    named = []
    for pillar in q["answer"]:
        one, first, digit = PILLAR_NAMES[pillar]
        if re.search(rf"\bpillars?[ -]({one}|{digit})\b|\b{first} pillar\b", shown):
            named.append(f"pillar {one}")
    return named


def test_a_wrong_choice_hint_never_names_the_key() -> None:
    """A first wrong Check shows the feedback of the options chosen wrongly, before the key
    (quiz.hint, shared.js hint()): that feedback must say why the choice does not fit without
    quoting a right option or naming the key pillar, or the Retry teaches nothing."""
    checked, leaks = 0, []
    for name, bank in load_banks().items():
        for q in bank.questions:
            if q["type"] == "choice":
                wrong = {o["id"]: o.get("feedback") for o in q["options"] if o["id"] not in q["answer"]}
            elif q["type"] == "pillars":
                wrong = {int(k): v for k, v in q.get("feedback", {}).items() if int(k) not in q["answer"]}
            else:
                continue
            for option, feedback in wrong.items():
                if feedback:
                    checked += 1
                    found = _gives_key_away(q, feedback)
                    if found:
                        leaks.append(f"{name}, {q['id']}, feedback on {option}: names {found}")
    assert not leaks, "\n".join(leaks)
    assert checked > 100


@pytest.mark.parametrize(
    ("question", "feedback", "leak"),
    [
        (CHOICE, "It is not b but “A.”", ["a"]),
        (CHOICE, "Apples are not the point (para 32).", []),
        ({**CHOICE, "options": [{"id": "a", "text": "States must respect the humanitarian principles."},
                                {"id": "b", "text": "B"}]},
         "No: the report says States “must respect the Humanitarian principles” (para 44).",
         ["states must respect the humanitarian principles"]),
        ({**CHOICE, "prompt": "Para 44: States must respect the humanitarian principles. Which?",
          "options": [{"id": "a", "text": "States must respect the humanitarian principles of neutrality."},
                      {"id": "b", "text": "B"}]},
         "Reread why states must respect the humanitarian principles (para 44).", []),
        ({**GOOD, "answer": [2]}, "This is help to a State: Pillar  Two.", ["pillar two"]),
        ({**GOOD, "answer": [3]}, "Collective action under the third pillar.", ["pillar three"]),
        ({**GOOD, "answer": [3]}, "Pillar one is the State's own (para 11).", []),
    ],
    ids=["quoted key text", "key letters inside a word", "long run of the key", "run also in the prompt",
         "key pillar", "ordinal pillar", "other pillar"],
)
def test_key_leak_check_folds_case_quotes_and_spacing(question: dict, feedback: str,
                                                      leak: list[str]) -> None:
    assert _gives_key_away(question, feedback) == leak


# ---------------------------------------------------------------- staged banks

STAGES = [{"title": "Stage 1", "text": "First."}, {"title": "Stage 2", "text": "Then."}]


def _staged(tmp_path: Path, questions: list[dict], **top: object) -> Path:
    path = tmp_path / "staged.yml"
    doc = {"bank": "staged", "title": "T", "staged": True, "stages": STAGES, "questions": questions, **top}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def _q(qid: str, stage: int | None, **more: object) -> dict:
    q = {**CHOICE, "id": qid, **more}
    if stage is not None:
        q["stage"] = stage
    return q


def test_a_staged_bank_loads_with_its_stages(tmp_path: Path) -> None:
    bank = load_bank(_staged(tmp_path, [_q("a", 1), _q("b", 1), _q("c", 2)]), TIERS)
    assert [s["title"] for s in bank.stages] == ["Stage 1", "Stage 2"]
    assert [client_question(q)["stage"] for q in bank.questions] == [1, 1, 2]


@pytest.mark.parametrize(
    ("questions", "top", "question", "field", "words"),
    [
        ([_q("a", 1), _q("b", None)], {}, "b", "stage", "a stage number"),
        ([_q("a", 1), _q("b", 3)], {}, "b", "stage", "from 1 to 2"),
        ([_q("a", 2), _q("b", 1)], {}, "b", "stage", "stage order"),
        ([_q("a", 1)], {}, None, "stages", "none in stage 2"),
        ([_q("a", 1), _q("b", 2)], {"stages": STAGES + [{"title": "3", "text": "x"}]}, None, "stages",
         "none in stage 3"),
        ([_q("a", 1), {**GOOD, "id": "b", "stage": 2}], {}, "b", "type", "choice"),
        ([_q("a", 0)], {}, "a", "stage", "minimum"),
        ([_q("a", 1), _q("b", 2)], {"stages": None}, None, "stages", "narrative"),
        ([_q("a", 1), _q("b", 2)], {"staged": False}, None, "stages", "staged: true"),
        ([_q("a", 1), _q("b", 2)], {"stages": [{"title": "only a title"}] * 2}, None, "stages.0.text", "present"),
    ],
    ids=["question without stage", "stage beyond the stages", "stages out of order", "empty stage",
         "narrative for a stage without questions", "not a choice question", "stage 0",
         "no narrative", "stages in an unstaged bank", "narrative without text"],
)
def test_bad_staged_banks_are_named(tmp_path: Path, questions: list, top: dict, question: str | None,
                                    field: str, words: str) -> None:
    if top.get("stages", "") is None:
        top = {"stages": STAGES}
        path = _staged(tmp_path, questions)
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        del doc["stages"]
        path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    else:
        path = _staged(tmp_path, questions, **top)
    with pytest.raises(DataError) as err:
        load_bank(path, TIERS)
    message = str(err.value)
    assert path.name in message and repr(field) in message, message
    assert question is None or repr(question) in message, message
    assert words in message, message


def test_a_stage_in_an_unstaged_bank_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"'q-two'.*'stage'.*staged: true"):
        load_bank(_bank(tmp_path, [{**CHOICE, "stage": 1}]), TIERS)


def test_the_lab_scenario_has_five_stages_each_with_questions_on_paras_50_to_60() -> None:
    from r2p_course.quiz import _texts

    bank = load_banks()["rwp-scenario"]
    assert len(bank.stages) == 5
    assert all(any(q["stage"] == n for q in bank.questions) for n in range(1, 6))
    for q in bank.questions:
        assert set(q["paragraphs"]) <= set(range(50, 61)), q["id"]
        for option in q["options"]:  # a wrong option's feedback names the paragraph that settles it
            if option["id"] not in q["answer"]:
                assert re.search(r"\bparas? \d", option.get("feedback", "")), (q["id"], option["id"])
    # coercion's timing: paras 56 and 60 always together, wherever a text quotes either on it
    timing = ("set aside for use only after", "last resort", "judged unlikely to succeed", "inadequate or have proved")
    for q in bank.questions:
        if any(words in text for _, text in _texts(q) for words in timing):
            assert {56, 60} <= set(q["paragraphs"]), q["id"]
    assert "invented country" in bank.title and "invented country" in bank.stages[0]["text"]


def test_an_objective_checked_by_only_one_question_is_a_problem(tmp_path: Path) -> None:
    """Every objective needs two questions or more: one question is a guess, not a check. Two
    questions pass; one question fails, even if it names the objective twice; the authors'
    example bank counts for nothing; an unknown objective and a question with none are named."""
    import pandas as pd

    from r2p_course.quiz import EXAMPLE_BANK, Bank, objective_problems

    objectives = pd.DataFrame({"objective_id": ["I.1", "I.2", "I.3"], "chapter": ["I", "I", "I"]})

    def bank(name: str, *questions: tuple[str, list[str]]) -> Bank:
        return Bank(name, "T", [{"id": qid, "objectives": ids} for qid, ids in questions], tmp_path / f"{name}.yml")

    banks = {"chapter-1": bank("chapter-1", ("q1", ["I.1"]), ("q2", ["I.1", "I.2", "I.2"]), ("q3", ["I.3"])),
             "chapter-1b": bank("chapter-1b", ("q4", ["I.3"])),
             EXAMPLE_BANK: bank(EXAMPLE_BANK, ("q-example", ["I.2"]))}
    problems = objective_problems(banks, objectives)
    assert problems == ["data/objectives.csv: objective I.2 is checked by 1 question(s); "
                        "every objective needs at least 2"]
    banks["chapter-1b"].questions.append({"id": "q5", "objectives": ["I.2", "IX.9"]})
    banks["chapter-1b"].questions.append({"id": "q6"})
    problems = objective_problems(banks, objectives)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "expected an objective id from data/objectives.csv, found 'IX.9'",
        "expected the objective id(s) the question checks, found none"]


# ---------------------------------------------------------------- check banks and order


def _top(tmp_path: Path, **top: object) -> Path:
    path = tmp_path / "checked.yml"
    path.write_text(yaml.safe_dump({"bank": "checked", "title": "T", "questions": [CHOICE], **top}), encoding="utf-8")
    return path


def test_a_check_bank_loads_with_its_mode_phase_and_order(tmp_path: Path) -> None:
    bank = load_bank(_top(tmp_path, mode="check", phase="pre", fixed_order=True), TIERS)
    assert (bank.mode, bank.phase, bank.fixed_order) == ("check", "pre", True)
    plain = load_bank(_top(tmp_path), TIERS)
    assert (plain.mode, plain.phase, plain.fixed_order) == ("practice", None, False)


@pytest.mark.parametrize(
    ("top", "field", "words"),
    [
        ({"phase": "pre"}, "phase", "only in a bank with mode: check"),
        ({"mode": "practice", "phase": "post"}, "phase", "only in a bank with mode: check"),
        ({"mode": "check", "phase": "during"}, "phase", "is not one of"),
        ({"mode": "exam"}, "mode", "is not one of"),
        ({"fixed_order": "yes"}, "fixed_order", "is not of type"),
    ],
)
def test_bad_modes_and_phases_are_named(tmp_path: Path, top: dict, field: str, words: str) -> None:
    with pytest.raises(DataError) as err:
        load_bank(_top(tmp_path, **top), TIERS)
    assert err.value.column == field and words in str(err.value)


def test_a_check_bank_cannot_be_staged(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        load_bank(_staged(tmp_path, [_q("a", 1), _q("b", 2)], mode="check"), TIERS)
    assert err.value.column == "staged"


def test_a_question_can_keep_its_order(tmp_path: Path) -> None:
    bank = load_bank(_bank(tmp_path, [{**CHOICE, "fixed_order": True}], "fine"), TIERS)
    assert client_question(bank.questions[0])["fixed_order"] is True


# ---------------------------------------------------------------- the pre-check and the post-check


def test_every_objective_needs_a_pre_check_and_a_post_check_question(tmp_path: Path) -> None:
    """The learning gain per objective needs a pre and a post question for each: a bank with a
    phase counts, a practice question, a check bank with no phase and the authors' example do
    not; a phased bank holding anything but choice questions is named (one ChoiceQuiz submits
    the whole set)."""
    import pandas as pd

    from r2p_course.quiz import Bank, check_bank_problems

    objectives = pd.DataFrame({"objective_id": ["I.1", "I.2", "I.3"], "chapter": ["I", "I", "I"]})

    def bank(name: str, phase: str | None, *questions: tuple[str, list[str]], mode: str = "check") -> Bank:
        return Bank(name, "T", [{"id": qid, "type": "choice", "objectives": ids} for qid, ids in questions],
                    tmp_path / f"{name}.yml", mode=mode, phase=phase)

    banks = {"pre-check": bank("pre-check", "pre", ("pre-1", ["I.1"]), ("pre-2", ["I.2", "I.3"])),
             "post-check": bank("post-check", "post", ("post-1", ["I.1"]), ("post-2", ["I.2"])),
             "chapter-1": bank("chapter-1", None, ("ch1-3", ["I.3"]), mode="practice"),
             "quiz": bank("quiz", None, ("quiz-3", ["I.3"])),
             EXAMPLE_BANK: bank(EXAMPLE_BANK, "post", ("example-3", ["I.3"]))}
    assert check_bank_problems(banks, objectives) == [
        "data/objectives.csv: no question of a bank with phase: post checks objective(s) I.3; every "
        "objective needs one in the pre-check and one in the post-check"]
    banks["post-check"].questions.append({"id": "post-3", "type": "choice", "objectives": ["I.3"]})
    assert check_bank_problems(banks, objectives) == []
    # a second bank of the same phase counts too, and a bank with no question leaves all missing
    banks["post-check"] = bank("post-check", "post")
    banks["post-extra"] = bank("post-extra", "post", ("post-x", ["I.1", "I.2", "I.3"]))
    assert check_bank_problems(banks, objectives) == []
    banks["pre-check"] = bank("pre-check", "pre")
    assert [p.split(" checks objective(s) ")[1].split(";")[0] for p in check_bank_problems(banks, objectives)] == [
        "I.1, I.2, I.3"]
    banks["pre-check"] = bank("pre-check", "pre", ("pre-1", ["I.1", "I.2", "I.3"]))
    banks["pre-check"].questions.append({"id": "pre-sort", "type": "tiers", "objectives": ["I.3"]})
    [problem] = check_bank_problems(banks, objectives)
    assert problem.endswith("pre-check.yml, question pre-sort, field 'type': expected 'choice' in a pre-check "
                            "bank (one ChoiceQuiz shows and submits the whole set), found 'tiers'"), problem


def _runs(text: str, n: int = 8) -> set[tuple[str, ...]]:
    """Every run of ``n`` consecutive words of a text (lower case, punctuation and emphasis dropped)."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_the_checks_ask_new_questions_not_the_practice_ones_nor_each_others() -> None:
    """A pre- or post-check prompt shares no run of 8 words with a practice question's prompt,
    nor with its twin (the question of the other check on the same objectives): a check that
    repeats the exercises measures memory of them, and twins that share their wording are one
    question asked twice."""
    banks = load_banks()
    checks = {name: bank for name, bank in banks.items() if bank.phase in ("pre", "post")}
    practice = [q for name, bank in banks.items() if name not in {*checks, EXAMPLE_BANK} for q in bank.questions]
    assert {bank.phase for bank in checks.values()} == {"pre", "post"} and practice
    shared = []
    for bank in checks.values():
        others = [q for b in checks.values() if b.phase != bank.phase for q in b.questions]
        for q in bank.questions:
            runs = _runs(q["prompt"])
            shared += [(q["id"], p["id"]) for p in practice if runs & _runs(p["prompt"])]
            twins = [t for t in others if set(t["objectives"]) & set(q["objectives"])]
            assert twins, f"{q['id']}: no question of the other check on {q['objectives']}"
            shared += [(q["id"], t["id"]) for t in twins if runs & _runs(t["prompt"])]
    assert shared == [], f"check prompts that repeat 8 words or more of another prompt: {shared}"
