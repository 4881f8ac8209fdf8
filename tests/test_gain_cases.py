"""Learning gain, the same in the command and on the website's "Class results" page.

``tests/gain_cases.json`` holds a small course of its own (a pre-check and a post-check) and
classes of answers files with the gain a trainer must see: a learner with no pre-check, a
perfect pre score (gain undefined, never 0), a post score lower than the pre score, the class's
gain of the means. Each case runs through ``collect`` in Python (the command), in results.js in
Node.js, and on the built Class results page; all must meet the expectations and agree on every
table.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from js_runner import run_module
from test_results_cases import PAGE, TABLES, assert_same_as_command, encoded, file_bytes

from r2p_course.results import collect, course_data
from r2p_course.results.output import format_summary
from r2p_course.rules import GAIN_COLUMNS, GAIN_OBJECTIVE_COLUMNS

CASES_FILE = json.loads((Path(__file__).parent / "gain_cases.json").read_text(encoding="utf-8"))
CASES = CASES_FILE["cases"]


def case_course() -> dict[str, Any]:
    """The cases' own course, with the installed course's id, version and limits (which the
    files are checked against), in the form the website's page is given."""
    own = CASES_FILE["course"]
    banks = list(dict.fromkeys(q["bank"] for q in own["questions"]))
    base = course_data()
    return {"id": base["id"], "version": base["version"], "max_bytes": base["max_bytes"],
            "banks": [{"name": b, "title": b, "answer_keys": None} for b in banks], "default_banks": banks,
            "objectives": own["objectives"], "questions": own["questions"], "stage_titles": {}}


def python_summary(case: dict[str, Any], folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    for spec in case["files"]:
        (folder / spec["name"]).write_bytes(file_bytes(spec))
    monkeypatch.chdir(folder)
    results = collect(sorted(spec["name"] for spec in case["files"]), case["banks"], course=case_course())
    return {"counts": results.counts, "banks": results.banks, "tables": results.tables, "hardest": results.hardest(),
            "one_check": results.one_check(), "results": results}


def check_expectations(summary: dict[str, Any], expect: dict[str, Any]) -> None:
    tables = summary["tables"]
    assert summary["counts"] == expect["counts"]
    assert [[p["file"], p["kind"], p["message"]] for p in tables["problems"]] == expect["problems"]
    assert [[r["alias"] or r["learner"], r["objective"], r["pre"], r["post"], r["gain"], r["note"]]
            for r in tables["gain"]] == expect["gain"]
    assert [[r["objective"], r["learners"], r["mean_pre"], r["mean_post"], r["gain"], r["only_pre"], r["only_post"],
             r["note"]] for r in tables["gain_objectives"]] == expect["gain_objectives"]
    assert summary["one_check"] == expect["one_check"]
    assert all(list(r) == list(GAIN_COLUMNS) for r in tables["gain"])  # the columns rules.py names, in order
    assert all(list(r) == list(GAIN_OBJECTIVE_COLUMNS) for r in tables["gain_objectives"])


def assert_same(js: dict[str, Any], py: dict[str, Any], name: str) -> None:
    assert_same_as_command(js, py, name)
    for table in ("gain", "gain_objectives"):
        assert table not in TABLES  # not compared twice
        assert js["tables"][table] == py["tables"][table], f"{name}: table {table} differs"
    assert js["one_check"] == py["one_check"], name


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_gain_cases_in_python(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_expectations(python_summary(case, tmp_path, monkeypatch), case["expect"])


NODE_SUMMARIZE = """(m, cases, course) => cases.map(([files, banks]) => m.collect(files.map((f) => {
    const bytes = Uint8Array.from(Buffer.from(f.base64, "base64"));
    return { name: f.name, size: bytes.length, bytes };
}), banks, course))"""


def test_gain_cases_in_javascript_match_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """results.js in Node.js, on every case, with the cases' course."""
    summaries = run_module("results", NODE_SUMMARIZE, [[encoded(case), case["banks"]] for case in CASES], case_course())
    for number, (case, js) in enumerate(zip(CASES, summaries, strict=True)):
        check_expectations(js, case["expect"])
        assert_same(js, python_summary(case, tmp_path / str(number), monkeypatch), case["name"])


PAGE_SUMMARIZE = """([files, banks, course]) => {
    const decoded = files.map((f) => {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        return { name: f.name, size: bytes.length, bytes };
    });
    return window.r2pWidgets["class-results"].collect(decoded, banks, course);
}"""


def test_gain_cases_on_the_website_match_the_command(page, site_url: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The built site's copy of the engine, in Chromium, on every case."""
    page.goto(f"{site_url}/{PAGE}")
    page.wait_for_function("window.r2pWidgets && window.r2pWidgets['class-results']")
    for number, case in enumerate(CASES):
        js = page.evaluate(PAGE_SUMMARIZE, [encoded(case), case["banks"], case_course()])
        check_expectations(js, case["expect"])
        assert_same(js, python_summary(case, tmp_path / str(number), monkeypatch), case["name"])
    assert page.errors == []


def test_the_class_results_page_shows_the_gain(page, site_url: str, tmp_path: Path) -> None:
    """The "Learning gain" section, on the cases' course (served as the page's course data): the
    class's figures per objective, each learner's, an undefined gain in words (not 0), and the
    learners who took only one check, by name; readable by a screen reader (axe)."""
    from playwright.sync_api import expect
    from test_accessibility import axe_problems
    from test_class_results_page import choose, table_rows

    data = f"window.r2pCourse = {json.dumps(case_course())};"
    page.route("**/course-data.js*", lambda route: route.fulfill(content_type="text/javascript", body=data))
    page.goto(f"{site_url}/{PAGE}")
    for spec in CASES[0]["files"]:
        (tmp_path / spec["name"]).write_bytes(file_bytes(spec))
    choose(page, sorted(tmp_path.iterdir()))
    output = page.locator(".r2p-results-output")
    expect(output.get_by_role("heading", name="Learning gain", exact=True)).to_be_visible()
    assert table_rows(page, "Learning gain per objective") == [
        ["All (the whole check)", "3", "0.667", "0.556", "-0.333", "1", "1"],
        ["A", "3", "0.833", "0.667", "-1.000", "1", "1"], ["B", "3", "0.333", "0.333", "0.000", "1", "1"]]
    learners = {row[0]: row[1:] for row in table_rows(page, "Learning gain per learner")}
    assert learners["Bruno"] == ["1.000", "0.667", "undefined: perfect pre score"]
    assert learners["Chen"] == ["0.667", "0.333", "-1.000"]
    assert learners["Eve"][0] == "0.333" and learners["Eve"][2] == "took only the pre-check"
    assert learners["dddd-4444"][2] == "took only the post-check"
    notes = page.locator(".r2p-results-one-check").all_inner_texts()
    assert notes == ["Took only the pre-check (1, not in the class's figures): Eve.",
                     "Took only the post-check (1, not in the class's figures): dddd-4444."]
    assert axe_problems(page) == []
    assert page.errors == []


def test_gain_in_the_terminal_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command's summary: the class's gain per objective, an undefined gain blank with its
    reason (never 0), and who took only one check, by name."""
    text = format_summary(python_summary(CASES[0], tmp_path, monkeypatch)["results"])
    section = text[text.index("Learning gain"):text.index("Problems (")]
    lines = section.splitlines()
    assert lines[2].split() == ["all", "3", "0.667", "0.556", "-0.333"]
    assert lines[3].split() == ["A", "3", "0.833", "0.667", "-1.000"]
    assert "Took only the pre-check (1, not in the means): Eve" in section
    assert "Took only the post-check (1, not in the means): dddd-4444" in section
    learned = format_summary(python_summary(CASES[1], tmp_path / "2", monkeypatch)["results"])
    assert "Took only" not in learned
    none = format_summary(python_summary(CASES[2], tmp_path / "3", monkeypatch)["results"])
    assert "Learning gain: nobody took the pre-check or the post-check." in none


def test_perfect_pre_score_is_blank_with_its_reason_in_the_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """gain.csv: an undefined gain is an empty cell with the words, never 0; gain_objectives.csv
    has the class's row per objective."""
    from r2p_course.results import write

    results = python_summary(CASES[0], tmp_path / "in", monkeypatch)["results"]
    written = {p.name: p for p in write(results, tmp_path / "out")}
    lines = written["gain.csv"].read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(GAIN_COLUMNS)
    assert "bbbb-2222,Bruno,all,3,3,1.0,2,3,0.667,,undefined: perfect pre score" in lines
    assert "eeee-5555,Eve,all,1,3,0.333,,3,,,took only the pre-check" in lines
    objectives = written["gain_objectives.csv"].read_text(encoding="utf-8").splitlines()
    assert objectives[1] == "all,,3,3,3,0.667,0.556,-0.333,1,1,"
    summary = json.loads(written["summary.json"].read_text(encoding="utf-8"))
    assert summary["one_check"] == {"pre_only": ["Eve"], "post_only": ["dddd-4444"]}


PRE_BANK = """bank: pre-test
title: A pre-check for this test
mode: check
phase: pre
questions:
  - id: pre-test-choice
    type: choice
    prompt: What does the report call "an ally of sovereignty"?
    options:
      - id: responsibility
        text: Responsibility
      - id: intervention
        text: Intervention
    answer: [responsibility]
    explanation: '"Responsibility is an ally of sovereignty" (para 18).'
    paragraphs: [18]
    objectives: [II.4]
"""


def test_the_website_course_data_says_which_questions_are_a_checks(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """course_data() (the page's course) marks a check bank's questions with ``check`` and their
    ``phase``, and nothing else: read back (questions_from_data, as the cases' course is read),
    every question has the bank, objectives, phase and check the installed course gives it."""
    from r2p_course.quiz import _read_banks, load_banks
    from r2p_course.results import course as course_module
    from r2p_course.results import output

    (tmp_path / "pre-test.yml").write_text(PRE_BANK, encoding="utf-8")
    banks = {**load_banks(), **_read_banks(tmp_path)}
    for module in (course_module, output):
        monkeypatch.setattr(module, "load_banks", lambda: banks)
    data = course_data()
    marked = {q["id"]: (q.get("check"), q.get("phase")) for q in data["questions"] if "check" in q or "phase" in q}
    expected = {q["id"]: (True, bank.phase) for bank in banks.values() if bank.mode == "check" for q in bank.questions}
    assert marked == expected and marked["pre-test-choice"] == (True, "pre")
    installed = course_module.course_questions()
    read_back = course_module.questions_from_data(data)
    assert list(read_back) == list(installed)
    for qid, q in installed.items():
        mine = read_back[qid]
        assert (mine.bank, mine.objectives, mine.phase, mine.check) == (q.bank, q.objectives, q.phase, q.check), qid


def test_the_example_class_has_a_learning_gain_once_the_course_has_checks() -> None:
    """data/examples/ (tools/make_examples.py): once the course has a pre-check and a post-check,
    four example learners take both, Dalia misses the post-check and the unnamed learner the
    pre-check, so the dashboard's plot and the page have a gain and names to show."""
    from r2p_course.paths import EXAMPLES_DIR
    from r2p_course.results import course_questions

    if not {q.phase for q in course_questions().values()} >= {"pre", "post"}:
        pytest.skip("the course has no pre-check and post-check banks yet")
    results = collect([EXAMPLES_DIR])
    unnamed = json.loads((EXAMPLES_DIR / "learner-6.json").read_text(encoding="utf-8"))["learner_id"]
    assert results.one_check() == {"pre_only": ["Dalia"], "post_only": [unnamed]}
    whole = results.tables["gain_objectives"][0]
    assert whole["objective"] == "all" and whole["learners"] == 4
    assert whole["mean_post"] > whole["mean_pre"]  # the examples learned, on the whole
    assert all(r["learners"] == 4 for r in results.tables["gain_objectives"])
