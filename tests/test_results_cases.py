"""Class results, the same in the command and on the website's "Class results" page.

``tests/results_cases.json`` holds classes of answers files, good and bad, with what a
trainer must see. Each case runs through ``r2p_course.results.collect`` (the command) and
through ``collect`` in ``results.js`` (the page's port of results.py) in a real browser; both
must meet the case's expectations, and give the same tables, figure for figure, and the same
problems, word for word (but for the JSON parser's own report of where a file stops being JSON).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from js_runner import run_module

from r2p_course import __version__
from r2p_course.results import PARTIAL, REJECTED, collect, course_data, course_questions

CASES = json.loads((Path(__file__).parent / "results_cases.json").read_text(encoding="utf-8"))["cases"]
PAGE = "book/instructors/class-results.html"
TABLES = ("answers", "banks", "learners", "questions", "objectives", "sorter", "stages", "problems")
# "not JSON (line 1, column 25: Expecting ',' delimiter)": each language's parser words its own
# report; the rest of every message is the course's and must agree.
PARSER_REPORT = re.compile(r"^not JSON \(.*\)$")


def comparable(problem: dict[str, Any]) -> dict[str, Any]:
    """A problem with the JSON parser's own words set aside (only those)."""
    if problem["kind"] == "not-json" and PARSER_REPORT.match(problem["message"]):
        return {**problem, "message": "not JSON (the parser's report)"}
    return problem


def file_bytes(spec: dict[str, Any]) -> bytes:
    """A case's file as bytes: a document (with the current version), text, or base64."""
    if "json" in spec:
        doc = spec["json"]
        if isinstance(doc, dict) and doc.get("version") == "$VERSION":
            doc = {**doc, "version": __version__}
        data = json.dumps(doc, indent=1).encode()
    elif "text" in spec:
        data = spec["text"].encode()
    else:
        data = base64.b64decode(spec["base64"])
    return data + b" " * max(0, spec.get("pad_to", 0) - len(data))


def python_summary(case: dict[str, Any], folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The command's figures for a case: files written under their names, read in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    for spec in case["files"]:
        (folder / spec["name"]).write_bytes(file_bytes(spec))
    monkeypatch.chdir(folder)  # problems then name files as the page does: by their name
    results = collect(sorted(spec["name"] for spec in case["files"]), case["banks"])
    return {"counts": results.counts, "banks": results.banks, "tables": results.tables, "hardest": results.hardest()}


def check_expectations(summary: dict[str, Any], expect: dict[str, Any]) -> None:
    """What a trainer must see in a case, whichever side computed it."""
    tables = summary["tables"]
    assert summary["counts"] == expect["counts"]
    assert [[p["file"], p["kind"]] for p in tables["problems"]] == expect["problems"]
    assert {p["kind"] for p in tables["problems"]} <= {*REJECTED, *PARTIAL}  # every kind is one the docs name
    who = {row["learner"]: row["alias"] or row["learner"] for row in tables["learners"]}
    if "learners" in expect:
        assert [[who[r["learner"]], r["answered"], r["correct"]] for r in tables["learners"]] == expect["learners"]
    if "percentages" in expect:  # of the assigned questions answered; of the answers, correct
        assert [[who[r["learner"]], r["percent_complete"], r["percent_correct"]]
                for r in tables["learners"]] == expect["percentages"]
    if "answers" in expect:
        rows = [[r["alias"] or r["learner"], r["question"], r["result"]] for r in tables["answers"]]
        assert rows == expect["answers"]
    for qid, want in expect.get("questions", {}).items():
        row = next(r for r in tables["questions"] if r["question"] == qid)
        assert {k: row[k] for k in want} == want, qid
    for bank, (complete, started, not_started) in expect.get("banks", {}).items():
        row = next(r for r in tables["banks"] if r["bank"] == bank)
        assert (row["complete"], row["started"], row["not_started"]) == (complete, started, not_started), bank
    for objective, want in expect.get("objectives", {}).items():
        row = next(r for r in tables["objectives"] if r["objective"] == objective)
        assert {k: row[k] for k in want} == want, objective
    if "banks_counted" in expect:  # no bank nobody answered, unless the case names it
        assert summary["banks"] == expect["banks_counted"]
        assert [r["bank"] for r in tables["banks"]] == expect["banks_counted"]
    if "hardest" in expect:
        assert [r["question"] for r in summary["hardest"]["questions"]] == expect["hardest"]
    for alias, by_question in expect.get("first_tries", {}).items():  # answers.csv's columns
        for qid, want in by_question.items():
            row = next(r for r in tables["answers"] if r["alias"] == alias and r["question"] == qid)
            assert [row["first_result"], row["attempts"], row["revealed"]] == want, (alias, qid)
    if "sorter" in expect:
        assert [[r["question"], r["tool"], r["direction"], r["learners"]] for r in tables["sorter"]] == expect["sorter"]
    if "stages" in expect:  # a staged scenario: the class's most frequent choice per stage and question
        assert [[r["question"], r["stage"], r["choice"], r["learners"], r["answered"], r["is_key"]]
                for r in tables["stages"]] == expect["stages"]


def test_cases_name_questions_the_course_has() -> None:
    """A renamed question must fail here, by name, not as a puzzling count further down."""
    known = course_questions()
    named = {entry["question_id"] for case in CASES for spec in case["files"]
             if isinstance(spec.get("json"), dict) for entry in spec["json"].get("answers", [])
             if isinstance(entry, dict) and isinstance(entry.get("question_id"), str)}
    retired = {"no-such-question", "wp-retired-question", "constructor", "__proto__", "toString"}  # on purpose
    assert sorted(named - set(known) - retired) == []
    assert not retired & set(known)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_results_cases_in_python(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_expectations(python_summary(case, tmp_path, monkeypatch), case["expect"])


def assert_same_as_command(js: dict[str, Any], py: dict[str, Any], name: str) -> None:
    """The page's figures and tables for a case are the command's."""
    assert js["counts"] == py["counts"] and js["banks"] == py["banks"], name
    assert js["hardest"] == py["hardest"], name
    for table in TABLES:
        mine, theirs = js["tables"][table], py["tables"][table]
        if table == "problems":  # file, kind and message; a JSON parser's own words aside
            mine, theirs = ([comparable(p) for p in rows] for rows in (mine, theirs))
        assert mine == theirs, f"{name}: table {table} differs"


def encoded(case: dict[str, Any]) -> list[dict[str, str]]:
    return [{"name": s["name"], "base64": base64.b64encode(file_bytes(s)).decode()} for s in case["files"]]


NODE_SUMMARIZE = """(m, cases, course) => cases.map(([files, banks]) => m.collect(files.map((f) => {
    const bytes = Uint8Array.from(Buffer.from(f.base64, "base64"));
    return { name: f.name, size: bytes.length, bytes };
}), banks, course))"""


def test_results_cases_in_javascript_match_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's engine (results.js) in Node.js, on every case: no browser, no site build.
    test_results_cases_on_the_website_match_the_command runs the site's copy in Chromium."""
    summaries = run_module("results", NODE_SUMMARIZE,
                           [[encoded(case), case["banks"]] for case in CASES], course_data())
    for number, (case, js) in enumerate(zip(CASES, summaries, strict=True)):
        check_expectations(js, case["expect"])
        assert_same_as_command(js, python_summary(case, tmp_path / str(number), monkeypatch), case["name"])


JS_SUMMARIZE = """([files, banks]) => {
    const decoded = files.map((f) => {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        return { name: f.name, size: bytes.length, bytes };
    });
    return window.r2pWidgets["class-results"].collect(decoded, banks);
}"""


def test_results_cases_on_the_website_match_the_command(page, site_url: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    page.goto(f"{site_url}/{PAGE}")
    page.wait_for_function("window.r2pWidgets && window.r2pWidgets['class-results']")
    for number, case in enumerate(CASES):
        js = page.evaluate(JS_SUMMARIZE, [encoded(case), case["banks"]])
        check_expectations(js, case["expect"])
        assert_same_as_command(js, python_summary(case, tmp_path / str(number), monkeypatch), case["name"])
    assert page.errors == []
