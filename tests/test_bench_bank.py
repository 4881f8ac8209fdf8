"""The benchmark's bank, tools/bench/bench.yml: `make bench` shows it with ChoiceQuiz by path.

A bank that fails to load would only show up minutes into `make bench`; these tests catch it
(and a `get_bank` that no longer accepts a path) in the normal suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from r2p_course.data import load_objectives
from r2p_course.errors import DataError
from r2p_course.paths import ROOT
from r2p_course.quiz import get_bank, load_banks

BENCH_BANK = ROOT / "tools" / "bench" / "bench.yml"


def test_bench_bank_loads_by_path_and_validates() -> None:
    bank = get_bank(str(BENCH_BANK))  # text ending in .yml, as tools/bench.py passes it
    assert bank.path == BENCH_BANK
    assert len(bank.questions) == 10
    assert {q["type"] for q in bank.questions} == {"choice"}
    assert all(q["id"].startswith("bench-") for q in bank.questions)
    assert get_bank(BENCH_BANK).by_id.keys() == bank.by_id.keys()  # a Path works too


def test_bench_bank_names_known_objectives_and_stays_off_the_course() -> None:
    bank = get_bank(BENCH_BANK)
    known = set(load_objectives().objective_id)
    assert all(q["objectives"] and set(q["objectives"]) <= known for q in bank.questions)
    course_ids = {qid for b in load_banks().values() for qid in b.by_id}
    assert "bench" not in load_banks()
    assert not course_ids & set(bank.by_id)


def test_a_bank_id_still_means_data_quizzes() -> None:
    assert get_bank("practice").path.parent == ROOT / "data" / "quizzes"
    with pytest.raises(FileNotFoundError):
        get_bank("bench")


def test_a_bad_bank_given_by_path_is_refused(tmp_path: Path) -> None:
    doc = yaml.safe_load(BENCH_BANK.read_text(encoding="utf-8"))
    doc["questions"][0]["answer"] = ["no-such-option"]
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(DataError, match="bench-summit-year"):
        get_bank(str(path))
