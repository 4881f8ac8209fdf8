"""The widgets' Python side: content from the banks, answers saved, messages answered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from r2p_course.widgets import ChoiceQuiz, CoercionSorter, PillarQuiz, module_source, report_url, script_source


@pytest.fixture()
def progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.json"
    monkeypatch.setenv("R2P_PROGRESS", str(path))
    return path


def test_each_widget_takes_its_questions_from_the_bank(progress: Path) -> None:
    assert {q["type"] for q in PillarQuiz("practice").questions} == {"pillars"}
    assert {q["type"] for q in ChoiceQuiz("practice").questions} == {"choice"}
    sorter = CoercionSorter("practice")
    assert [q["id"] for q in sorter.questions] == ["practice-order-toolbox"]
    assert sorter.questions[0]["items"][0]["name"]  # names come from tools.csv
    # what JupyterLab shows before the cell is run tells the learner to run it
    assert repr(sorter) == "Exercise from the bank 'practice' (1 question): run this cell (Shift+Enter) to show it."
    with pytest.raises(KeyError):
        PillarQuiz("practice", ids=["no-such-question"])


def test_front_end_is_one_module_with_the_shared_code(progress: Path) -> None:
    widget = PillarQuiz("practice")
    assert widget._esm == module_source("pillar-quiz")
    assert "function grade(" in widget._esm and "export default" in widget._esm
    # self-contained: JupyterLab gets it as a string, so it cannot import sibling files
    assert not re.search(r"^\s*import\s|\bimport\s*\(", widget._esm, re.MULTILINE)


def test_site_copy_is_the_module_as_a_classic_script() -> None:
    """Browsers refuse module imports from file://: the site gets a script with no import/export."""
    for name in ("pillar-quiz", "choice-quiz", "coercion-sorter"):
        script = script_source(name)
        assert not re.search(r"^\s*(?:import|export)\b", script, re.MULTILINE), name
        body = module_source(name).replace("export default { render };\n", "").replace("export { grade };\n", "")
        assert body.strip() in script  # the same source, only wrapped
        assert f'(window.r2pWidgets ||= {{}})["{name}"] = {{ default: {{ render }}, grade }};' in script


def test_paragraph_links_open_the_local_report_in_jupyterlab(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(root / "notebooks")
    assert report_url() == "../book/report.md"
    monkeypatch.chdir(root)
    assert report_url() == "book/report.md"
    monkeypatch.chdir(tmp_path)  # a notebook copied away from the course: the hosted website
    assert report_url().startswith("http") and report_url().endswith("book/report.html")


def test_answers_sync_to_the_progress_file_and_come_back(progress: Path) -> None:
    quiz = PillarQuiz("practice")
    entry = {"answer": [2, 3], "result": "correct", "time": "2026-11-26T10:00:00Z"}
    quiz.answers = {"practice-pillars-guinea-inquiry": entry}
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["answers"] == [{"question_id": "practice-pillars-guinea-inquiry", **entry}]
    assert PillarQuiz("practice").answers == {"practice-pillars-guinea-inquiry": entry}


def test_export_import_and_reset_messages(progress: Path) -> None:
    quiz, other = PillarQuiz("practice"), ChoiceQuiz("practice")
    sent: list[dict] = []
    quiz.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    entry = {"answer": [1], "result": "correct", "time": "2026-11-26T10:00:00Z"}
    quiz.answers = {"practice-pillars-incendiary-rhetoric": entry}
    quiz._on_message(quiz, {"kind": "export"}, [])
    exported = sent[-1]["data"]
    assert [a["question_id"] for a in exported["answers"]] == ["practice-pillars-incendiary-rhetoric"]
    quiz._on_message(quiz, {"kind": "reset"}, [])
    assert quiz.answers == {} and not json.loads(progress.read_text())["answers"]
    choice_entry = {"answer": ["brazil"], "result": "correct", "time": "2026-11-26T11:00:00Z"}
    exported["answers"].append({"question_id": "practice-choice-rwp-origin", **choice_entry})
    quiz._on_message(quiz, {"kind": "import", "data": exported}, [])
    assert sent[-1] == {"kind": "imported", "count": 2}
    assert quiz.answers == {"practice-pillars-incendiary-rhetoric": entry}
    assert other.answers == {"practice-choice-rwp-origin": choice_entry}  # every widget refreshed
    quiz._on_message(quiz, {"kind": "import", "data": {"course": "x"}}, [])
    assert sent[-1]["count"] == 0 and "course" in sent[-1]["error"]


def test_coercion_sorter_shows_order_and_tiers_questions(progress: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    sorter = CoercionSorter("sort-the-toolbox")
    types = [q["type"] for q in sorter.questions]
    assert set(types) == {"order", "tiers"} and types.count("tiers") >= 2
    tiers_q = next(q for q in sorter.questions if q["type"] == "tiers")
    assert all(item["name"] and item["tier"] in (1, 2, 3) for item in tiers_q["items"])
    assert "answer" not in tiers_q  # graded by the tiers in tools.csv
    assert {q["type"] for q in CoercionSorter("example").questions} == {"order", "tiers"}
    assert {q["type"] for q in PillarQuiz("example").questions} == {"pillars"}  # unchanged
    assert {q["type"] for q in ChoiceQuiz("example").questions} == {"choice"}
    import yaml

    import r2p_course.quiz

    (tmp_path / "only-pillars.yml").write_text(yaml.safe_dump({"bank": "only-pillars", "title": "T", "questions": [
        {"id": "p", "type": "pillars", "prompt": "P", "answer": [1], "explanation": "E", "paragraphs": [11]}]}))
    monkeypatch.setattr(r2p_course.quiz, "QUIZ_DIR", tmp_path)
    with pytest.raises(ValueError, match="has no 'order' or 'tiers' questions"):
        CoercionSorter("only-pillars")


def test_a_tiers_answer_syncs_to_the_progress_file(progress: Path) -> None:
    sorter = CoercionSorter("sort-the-toolbox")
    qid = "sort-the-toolbox-tiers-sanctions-or-force"
    entry = {"answer": [2, 1, 3, 2, 1, None, 3], "result": "partial", "time": "2026-11-26T10:00:00Z"}
    sorter.answers = {qid: entry}
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["answers"] == [{"question_id": qid, **entry}]
    assert CoercionSorter("sort-the-toolbox").answers == {qid: entry}
