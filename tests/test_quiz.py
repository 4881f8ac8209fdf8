"""Quiz banks: validation errors name file, question and field; grading follows the rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from r2p_course.errors import DataError
from r2p_course.paths import QUIZ_DIR
from r2p_course.quiz import client_question, grade, load_bank, load_banks

CASES = json.loads((Path(__file__).parent / "grading_cases.json").read_text(encoding="utf-8"))
TIERS = {"mediation": 1, "asset_freeze": 2, "no_fly_zone": 3, "icc": None}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_grading_cases_in_python(case: dict) -> None:
    assert grade(case["question"], case["answer"]) == case["expected"]


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
    ],
    ids=["missing field", "unknown type", "duplicate id", "answer not an option",
         "two answers to single choice", "pillar 4", "paragraph 62", "citation of para 62", "unknown tool",
         "tool without tier"],
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
    from r2p_course.data import fold, load_paragraphs
    from r2p_course.quiz import _texts

    report = [fold(t) for t in load_paragraphs().text]
    checked = 0
    for bank in load_banks().values():
        for q in bank.questions:
            for field, text in _texts(q):
                for quote in re.findall(r'[“"]([^”"]{3,})[”"]', text):
                    checked += 1
                    assert any(fold(quote) in p for p in report), f"{q['id']} {field}: {quote!r}"
    assert checked > 10
