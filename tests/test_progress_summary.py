""""My progress": the per-chapter and per-objective counts, the questions to revisit and the page
of each. ``tests/progress_summary_cases.json`` is run here against the Python rule and in
``test_browser_progress.py`` against ``my-progress.js``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from js_runner import run_module

from r2p_course.progress_summary import my_progress, progress_data, question_pages, summarize, widget_calls
from r2p_course.quiz import EXAMPLE_BANK, load_banks

CASES = json.loads((Path(__file__).parent / "progress_summary_cases.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_shared_progress_cases_in_python(case: dict) -> None:
    assert summarize(case["data"], case["answers"]) == case["expected"]


@pytest.fixture(scope="module")
def in_javascript() -> list:
    """Every case through my-progress.js's summarize in Node.js, at once (test_browser_progress.py
    runs them on the built site as well)."""
    return run_module("my-progress", "(m, cases) => cases.map((c) => m.summarize(c.data, c.answers))", CASES)


@pytest.mark.parametrize("number", range(len(CASES)), ids=[c["name"] for c in CASES])
def test_shared_progress_cases_in_javascript(number: int, in_javascript: list) -> None:
    assert in_javascript[number] == CASES[number]["expected"]


def test_each_question_links_to_the_page_that_shows_it() -> None:
    pages = question_pages()
    assert pages["ch1-choice-annan-steps"]["page"] == "book/01-genesis.html"
    assert pages["ch1-choice-annan-steps"]["source"] == "book/01-genesis.myst"
    assert pages["ch1-choice-annan-steps"]["title"] == "Genesis of the responsibility to protect"
    # a widget with no ids shows every question of its type in the bank: all of which-pillar
    which = load_banks()["which-pillar"].questions
    assert {pages[q["id"]]["page"] for q in which} == {"notebooks/02-which-pillar.html"}
    # every question of a bank a learner meets is on some page; the authors' example on none
    for name, bank in load_banks().items():
        for q in bank.questions:
            assert (q["id"] in pages) == (name != EXAMPLE_BANK), q["id"]


def test_widget_calls_read_banks_ids_and_classes() -> None:
    source = 'x = 1\nChoiceQuiz("chapter-3", ids=["a", "b"])\nCoercionSorter("chapter-3")\n%matplotlib inline'
    assert widget_calls(source) == []  # a magic: not Python, no widget
    assert widget_calls(source.rsplit("\n", 1)[0]) == [("ChoiceQuiz", "chapter-3", ["a", "b"]),
                                                        ("CoercionSorter", "chapter-3", None)]


def test_progress_data_carries_no_answers() -> None:
    data = progress_data()
    assert data["questions"] and all(set(q) == {"id", "objectives", "prompt", "page", "source", "title"}
                                     for q in data["questions"])


def test_my_progress_reads_the_progress_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = my_progress({})
    assert empty["answered"] == 0 and empty["revisit"].empty
    assert list(empty["chapters"].chapter[:3]) == ["I", "II", "III"]
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({
        "course": "r2p-course", "version": "0.1.0", "learner_id": "x", "answers": [
            {"question_id": "ch1-choice-annan-steps", "answer": ["x"], "result": "incorrect",
             "time": "2026-12-05T10:00:00Z"}]}), encoding="utf-8")
    monkeypatch.setenv("R2P_PROGRESS", str(path))
    mine = my_progress()
    assert mine["answered"] == 1 and mine["correct"] == 0
    assert mine["revisit"].to_dict("records")[0]["file"] == "book/01-genesis.myst"
    assert mine["chapters"].set_index("chapter").loc["I", "answered"] == 1
