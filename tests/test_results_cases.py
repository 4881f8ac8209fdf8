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

from r2p_course import __version__
from r2p_course.results import PARTIAL, REJECTED, collect, course_questions

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
        files = [{"name": s["name"], "base64": base64.b64encode(file_bytes(s)).decode()} for s in case["files"]]
        js = page.evaluate(JS_SUMMARIZE, [files, case["banks"]])
        check_expectations(js, case["expect"])
        py = python_summary(case, tmp_path / str(number), monkeypatch)
        assert js["counts"] == py["counts"] and js["banks"] == py["banks"], case["name"]
        assert js["hardest"] == py["hardest"], case["name"]
        for name in TABLES:
            mine, theirs = js["tables"][name], py["tables"][name]
            if name == "problems":  # file, kind and message; a parser's own words aside
                mine, theirs = ([comparable(p) for p in rows] for rows in (mine, theirs))
            assert mine == theirs, f"{case['name']}: table {name} differs"
    assert page.errors == []


NODE_COLLECT = """
const { readFile } = await import("node:fs/promises");
const engine = await import(process.argv[1]);
const course = JSON.parse(await readFile(process.argv[2], "utf8"));
const cases = JSON.parse(await readFile(process.argv[3], "utf8"));
const summaries = cases.map(([files, banks]) => engine.collect(files.map((f) => {
    const bytes = new Uint8Array(Buffer.from(f.base64, "base64"));
    return { name: f.name, size: bytes.length, bytes };
}), banks, course));
console.log(JSON.stringify(summaries));
"""


def test_results_cases_in_node_match_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's engine (results.js, assembled as the site gets it, no DOM) on every case, in
    Node: the same figures and problems as the command, without a browser or a built site."""
    import shutil
    import subprocess

    from r2p_course.assets import module_source
    from r2p_course.results import course_data

    node = shutil.which("node")
    assert node, "Node.js is needed for this test (make test installs it)"
    (tmp_path / "results.mjs").write_text(module_source("results"), encoding="utf-8")
    (tmp_path / "course.json").write_text(json.dumps(course_data()), encoding="utf-8")
    cases = [[[{"name": s["name"], "base64": base64.b64encode(file_bytes(s)).decode()} for s in case["files"]],
              case["banks"]] for case in CASES]
    (tmp_path / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    out = subprocess.run([node, "--input-type=module", "-e", NODE_COLLECT, (tmp_path / "results.mjs").as_uri(),
                          str(tmp_path / "course.json"), str(tmp_path / "cases.json")],
                         capture_output=True, text=True, check=True)
    for number, (case, js) in enumerate(zip(CASES, json.loads(out.stdout), strict=True)):
        check_expectations(js, case["expect"])
        py = python_summary(case, tmp_path / str(number), monkeypatch)
        assert js["counts"] == py["counts"] and js["banks"] == py["banks"], case["name"]
        assert js["hardest"] == py["hardest"], case["name"]
        for name in TABLES:
            mine, theirs = js["tables"][name], py["tables"][name]
            if name == "problems":
                mine, theirs = ([comparable(p) for p in rows] for rows in (mine, theirs))
            assert mine == theirs, f"{case['name']}: table {name} differs"
