"""Class results (``r2p-course results``): what a trainer sees after a workshop.

Every bad submission a class can hand in is written here in tmp_path and must be reported
by file name, without crashing the run or losing the good files beside it.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from r2p_course import __version__
from r2p_course.cli import main
from r2p_course.paths import EXAMPLES_DIR, ROOT
from r2p_course.results import MAX_BYTES, collect, course_questions, short_prompt

PILLARS = "practice-pillars-peacekeeping"   # answer [2]
CHOICE = "practice-choice-rwp-origin"       # single choice, answer ["brazil"]
MULTI = "practice-choice-chapter-vi"        # multiple choice
ORDER = "practice-order-toolbox"
TIERS = "sort-the-toolbox-tiers-sanctions-or-force"
QUESTIONS = course_questions()


def right(qid: str) -> list[Any]:
    """The right answer, from the bank (so the tests follow the banks)."""
    client = QUESTIONS[qid].widget_form
    if client["type"] == "order":
        return [item["id"] for item in sorted(client["items"], key=lambda item: item["tier"])]
    if client["type"] == "tiers":
        return [item["tier"] for item in client["items"]]
    return list(client["answer"])


def entry(qid: str, answer: list[Any] | None = None, result: str | None = None,
          time: str = "2026-03-10T09:00:00Z") -> dict[str, Any]:
    answer = (right(qid) if qid in QUESTIONS else [1]) if answer is None else answer
    return {"question_id": qid, "answer": answer, "result": result or "correct", "time": time}


def export(learner: str = "11111111-aaaa", alias: str | None = None, answers: list[dict] | None = None,
           **fields: Any) -> dict[str, Any]:
    """An answers file as "My answers → Download my answers" writes it."""
    doc = {"course": "r2p-course", "version": __version__, "learner_id": learner, "alias": alias,
           "answers": [entry(PILLARS)] if answers is None else answers}
    return {**doc, **fields}


def put(folder: Path, name: str, content: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def run(tmp_path: Path, *args: str) -> tuple[int, Path]:
    """The command as a trainer runs it; returns its exit status and its output folder."""
    out = tmp_path / "out"
    return main(["results", *args, "--out", str(out)]), out


def rows(out: Path, name: str) -> list[dict[str, str]]:
    with (out / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def problems(out: Path) -> list[dict[str, str]]:
    return rows(out, "problems")


# ---------------------------------------------------------------- good submissions


def test_tidy_csv_summary_files_and_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subs = tmp_path / "subs"
    put(subs, "a.json", export("learner-a", "Ana", [entry(PILLARS), entry(CHOICE, ["annan"], "incorrect")]))
    put(subs, "b.json", export("learner-b", None, [entry(PILLARS, [2, 3], "partial")]))
    code, out = run(tmp_path, str(subs), "--banks", "practice")
    assert code == 0
    answers = rows(out, "answers")
    assert list(answers[0]) == ["learner", "alias", "question", "bank", "objectives", "answer", "result", "time",
                                "first_result", "attempts", "revealed"]
    assert [(r["learner"], r["alias"], r["question"], r["result"]) for r in answers] == [
        ("learner-a", "Ana", PILLARS, "correct"), ("learner-a", "Ana", CHOICE, "incorrect"),
        ("learner-b", "", PILLARS, "partial")]
    assert answers[0]["bank"] == "practice" and answers[0]["objectives"] == "II.2"
    assert json.loads(answers[1]["answer"]) == ["annan"] and answers[1]["time"] == "2026-03-10T09:00:00Z"

    questions = {r["question"]: r for r in rows(out, "questions")}
    assert len(questions) == sum(q.bank == "practice" for q in QUESTIONS.values())  # the assigned bank only
    assert (questions[PILLARS]["answered"], questions[PILLARS]["correct"], questions[PILLARS]["percent_correct"]) \
        == ("2", "1", "50.0")
    objectives = {r["objective"]: r for r in rows(out, "objectives")}
    assert (objectives["II.2"]["answers"], objectives["V.1"]["correct"]) == ("2", "0")
    learners = {r["alias"]: r for r in rows(out, "learners")}
    practice = sum(q.bank == "practice" for q in QUESTIONS.values())
    assert (learners["Ana"]["answered"], learners["Ana"]["questions"]) == ("2", str(practice))
    assert rows(out, "banks") == [{"bank": "practice", "questions": str(practice), "learners": "2",
                                   "complete": "0", "started": "2", "not_started": "0"}]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"files": 2, "counted": 2, "left_out": 0, "learners": 2}
    printed = capsys.readouterr().out
    assert "2 file(s) counted" in printed and "Hardest questions" in printed and PILLARS in printed


def test_every_answer_is_graded_again(tmp_path: Path) -> None:
    """A file that calls a wrong answer right (an old version, a hand edit) is corrected and reported."""
    put(tmp_path / "s", "a.json", export(answers=[entry(PILLARS, [1], "correct")]))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0 and rows(out, "answers")[0]["result"] == "incorrect"
    [problem] = problems(out)
    assert problem["kind"] == "result-disagrees" and PILLARS in problem["message"]
    assert "says correct" in problem["message"] and "grading says incorrect" in problem["message"]


def test_most_frequent_wrong_pillar_answer(tmp_path: Path) -> None:
    subs = tmp_path / "s"
    for i, answer in enumerate([[1, 3], [3, 1], [1], [2]]):  # [3, 1] is the same answer as [1, 3]
        result = "correct" if answer == right(PILLARS) else "incorrect"
        put(subs, f"{i}.json", export(f"learner-{i}", answers=[entry(PILLARS, answer, result)]))
    _, out = run(tmp_path, str(subs))
    row = next(r for r in rows(out, "questions") if r["question"] == PILLARS)
    assert (row["most_frequent_wrong"], row["most_frequent_wrong_count"]) == ("[1, 3]", "2")
    assert (row["correct"], row["incorrect"]) == ("1", "3")


def test_sorter_misplaced_tools_and_direction(tmp_path: Path) -> None:
    order = right(ORDER)
    last, first = order[-1], order[0]  # a tier-3 tool moved to the top, a tier-1 tool to the bottom
    early = [last, *order[:-1]]
    late = [*order[1:], first]
    tiers = right(TIERS)
    items = [item["id"] for item in QUESTIONS[TIERS].widget_form["items"]]
    lowered = tiers.index(3)
    raised = tiers.index(1)
    unplaced = next(i for i, t in enumerate(tiers) if t == 2)
    wrong_tiers = list(tiers)
    wrong_tiers[lowered], wrong_tiers[raised], wrong_tiers[unplaced] = 2, 3, None
    subs = tmp_path / "s"
    put(subs, "a.json", export("a", answers=[entry(ORDER, early, "partial"), entry(TIERS, wrong_tiers, "partial")]))
    put(subs, "b.json", export("b", answers=[entry(ORDER, late, "partial")]))
    _, out = run(tmp_path, str(subs))
    found = {(r["question"], r["tool"], r["direction"]): r["learners"] for r in rows(out, "sorter")}
    assert found[(ORDER, last, "too early")] == "1"  # placed before its tier's block
    assert found[(ORDER, first, "too late")] == "1"  # placed after it
    assert found[(TIERS, items[lowered], "too low")] == "1"
    assert found[(TIERS, items[raised], "too high")] == "1"
    assert found[(TIERS, items[unplaced], "not placed")] == "1"
    assert all(direction in ("too early", "too late") for q, _, direction in found if q == ORDER)


def test_names_cannot_run_as_spreadsheet_formulas(tmp_path: Path) -> None:
    """A learner's file is untrusted: a name like '=HYPERLINK(...)' must stay text in Excel."""
    put(tmp_path / "s", "a.json", export(learner="a-1", alias="=HYPERLINK(\"http://x\",\"y\")"))
    put(tmp_path / "s", "b.json", export(learner="b-1", alias="@SUM(1+1)"))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0
    assert [r["alias"] for r in rows(out, "answers")] == ["'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(1+1)"]
    assert rows(out, "learners")[0]["alias"].startswith("'=")
    assert rows(out, "questions")[0]["objectives"][:1] != "'"  # ordinary text is left alone
    # an id is letters, digits and . _ : - from the start, so it cannot start a formula
    put(tmp_path / "s", "c.json", export(learner="=1+1"))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert [(Path(p["file"]).name, p["kind"]) for p in problems(out)] == [("c.json", "not-answers-file")]


def test_only_the_alias_names_a_learner(tmp_path: Path) -> None:
    """Nothing else a file carries (a real name, an e-mail) reaches the results."""
    put(tmp_path / "s", "a.json", export(alias="  Ana\n  B.  ", name="Jane Realname", email="jane@example.org"))
    _, out = run(tmp_path, str(tmp_path / "s"))
    written = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    assert "Realname" not in written and "example.org" not in written
    assert rows(out, "learners")[0]["alias"] == "Ana B."  # one line, spaces folded


# ---------------------------------------------------------------- bad submissions

GOOD = export("good-learner", "Good", [entry(PILLARS)])

# (file name, content, problem kind, words the message must contain, whole file left out?)
BAD_FILES = [
    ("notes.json", "These are my answers: pillar two.", "not-json", "not JSON", True),
    ("empty.json", "", "not-json", "empty", True),
    ("binary.json", "\udcff", "not-json", "not UTF-8", True),
    ("cut.json", json.dumps(export(answers=[entry(PILLARS)] * 3), indent=2)[:150], "truncated-json", "cut short", True),
    ("cut-between.json", '{"course": "r2p-course", "answers": [', "truncated-json", "cut short", True),
    ("list.json", "[1, 2, 3]", "not-answers-file", "not an answers file", True),
    ("settings.json", '{"theme": "dark"}', "not-answers-file", "not an answers file", True),
    ("no-id.json", {**export(), "learner_id": None}, "not-answers-file", "learner_id", True),
    ("answers-not-list.json", {**export(), "answers": {}}, "not-answers-file", "not a list", True),
    ("other.json", export(course="another-course"), "other-course", "another-course", True),
    # JSON Python's reader chokes on, or reads unlike the website's page (both must say not-json)
    ("deep.json", '{"course": "r2p-course", "answers": ' + "[" * 3000 + "]" * 3000 + "}", "not-json",
     "answers file can hold", True),
    ("long-number.json", '{"course": "r2p-course", "learner_id": "x", "answers": [], "n": ' + "9" * 5000 + "}",
     "not-json", "answers file can hold", True),
    ("nan.json", '{"course": "r2p-course", "learner_id": "x", "answers": [], "n": NaN}', "not-json",
     "NaN is not JSON", True),  # as the website's parser: not JSON at all
    ("broken-name.json", '{"course": "r2p-course", "learner_id": "x", "alias": "Bad\\ud800", "answers": []}',
     "not-json", "a broken character", True),
]


def write_bad(folder: Path, name: str, content: Any) -> None:
    if content == "\udcff":
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(b"\xff\xfe\x00 not text")
    else:
        put(folder, name, content)


@pytest.mark.parametrize(("name", "content", "kind", "words", "left_out"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_reported_and_the_good_ones_counted(tmp_path: Path, name: str, content: Any, kind: str,
                                                          words: str, left_out: bool) -> None:
    subs = tmp_path / "s"
    put(subs, "good.json", GOOD)
    write_bad(subs, name, content)
    code, out = run(tmp_path, str(subs))
    assert code == 0
    assert [r["learner"] for r in rows(out, "answers")] == ["good-learner"]
    [problem] = problems(out)
    assert problem["file"] == str(subs / name) and problem["kind"] == kind
    assert words in problem["message"]


def test_a_folder_reads_json_files_whatever_the_case_of_their_suffix(tmp_path: Path) -> None:
    put(tmp_path / "s", "ANA.JSON", export("ana-1", "Ana"))
    put(tmp_path / "s", "notes.txt", "not read: not .json")
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0 and problems(out) == []
    assert [r["alias"] for r in rows(out, "learners")] == ["Ana"]


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    subs = tmp_path / "s"
    put(subs, "good.json", GOOD)
    put(subs, "huge.json", json.dumps(export()) + " " * MAX_BYTES)  # valid JSON, but too large
    code, out = run(tmp_path, str(subs))
    assert code == 0 and len(rows(out, "answers")) == 1
    assert [(p["file"], p["kind"]) for p in problems(out)] == [(str(subs / "huge.json"), "too-large")]


def test_another_version_counts_the_known_questions_and_names_the_others(tmp_path: Path) -> None:
    put(tmp_path / "s", "old.json", export(version="0.0.1", answers=[
        entry(PILLARS), entry("a-question-since-removed"), entry(CHOICE)]))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0 and [r["question"] for r in rows(out, "answers")] == [PILLARS, CHOICE]
    [problem] = problems(out)
    assert problem["kind"] == "other-version" and "0.0.1" in problem["message"]
    assert "2 answer(s) to known questions counted" in problem["message"]
    assert "a-question-since-removed" in problem["message"]


def test_unknown_question_ids_are_named_and_the_rest_counted(tmp_path: Path) -> None:
    put(tmp_path / "s", "a.json", export(answers=[entry(PILLARS), entry("no-such-question")]))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0 and [r["question"] for r in rows(out, "answers")] == [PILLARS]
    [problem] = problems(out)
    assert problem["kind"] == "unknown-question" and "no-such-question" in problem["message"]


IMPOSSIBLE = [
    (PILLARS, [4], "pillar 4 does not exist"),
    (PILLARS, [True], "pillar true does not exist"),
    (PILLARS, [], "empty answer"),
    (PILLARS, [2, 2], "the same choice twice"),
    (CHOICE, ["no-such-option"], "not one of the question's options"),
    (CHOICE, ["brazil", "annan"], "single-choice"),
    (MULTI, [1], "not one of the question's options"),
    (ORDER, ["mediation"], "order answer must list"),
    (TIERS, [1, 2], "tiers answer needs"),
    (TIERS, [9] * len(right(TIERS)), "tier 9 does not exist"),
]


@pytest.mark.parametrize(("qid", "answer", "words"), IMPOSSIBLE, ids=[f"{q}-{a}" for q, a, _ in IMPOSSIBLE])
def test_an_impossible_answer_is_left_out_and_named(tmp_path: Path, qid: str, answer: list[Any], words: str) -> None:
    put(tmp_path / "s", "a.json", export(answers=[entry(CHOICE), entry(qid, answer, "incorrect")]))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0 and [r["question"] for r in rows(out, "answers")] == [CHOICE]
    [problem] = problems(out)
    assert problem["kind"] == "impossible-answer" and qid in problem["message"] and words in problem["message"]


def test_a_malformed_answer_entry_is_left_out_and_the_rest_counted(tmp_path: Path) -> None:
    put(tmp_path / "s", "a.json", export(answers=[entry(CHOICE), {**entry(PILLARS), "time": "yesterday"}]))
    _, out = run(tmp_path, str(tmp_path / "s"))
    assert [r["question"] for r in rows(out, "answers")] == [CHOICE]
    [problem] = problems(out)
    assert problem["kind"] == "bad-entry" and "answer 2" in problem["message"] and "time" in problem["message"]


def test_the_same_learner_twice_keeps_the_latest_answer_per_question(tmp_path: Path) -> None:
    subs = tmp_path / "s"
    put(subs, "monday.json", export("same", "Ana", [entry(PILLARS, [1], "incorrect", "2026-03-09T10:00:00Z"),
                                                    entry(CHOICE, ["brazil"], "correct", "2026-03-09T11:00:00+00:00")]))
    # a time without a zone (taken as UTC) must still compare with the others
    put(subs, "tuesday.json", export("same", None, [entry(PILLARS, [2], "correct", "2026-03-10T10:00:00"),
                                                    entry(CHOICE, ["annan"], "incorrect", "2026-03-08T09:00:00Z")]))
    code, out = run(tmp_path, str(subs))
    assert code == 0
    kept = {r["question"]: (r["answer"], r["alias"]) for r in rows(out, "answers")}
    assert kept == {PILLARS: ("[2]", "Ana"), CHOICE: ('["brazil"]', "Ana")}
    [problem] = problems(out)
    assert problem["kind"] == "duplicate-learner"
    assert "monday.json" in problem["file"] and "tuesday.json" in problem["file"]
    assert "latest answer" in problem["message"]
    assert rows(out, "learners")[0]["files"] == "2"


def test_an_empty_folder_is_reported_and_exits_1_when_nothing_counted(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    put(empty, "README.txt", "not a submission")  # only .json files are read in a folder
    code, out = run(tmp_path, str(empty))
    assert code == 1
    assert [(p["file"], p["kind"]) for p in problems(out)] == [(str(empty), "empty-folder")]
    put(tmp_path / "s", "good.json", GOOD)
    code, out = run(tmp_path, str(empty), str(tmp_path / "s"), str(tmp_path / "nowhere"))
    assert code == 0 and [p["kind"] for p in problems(out)] == ["empty-folder", "missing"]


def test_exit_1_when_no_file_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subs = tmp_path / "s"
    put(subs, "a.json", "nonsense")
    put(subs, "b.json", export(course="another-course"))
    code, out = run(tmp_path, str(subs / "a.json"), str(subs / "b.json"))
    assert code == 1 and len(problems(out)) == 2 and rows(out, "answers") == []
    assert "No submission could be counted" in capsys.readouterr().out


def test_banks_option_and_an_unknown_bank(tmp_path: Path) -> None:
    put(tmp_path / "s", "a.json", GOOD)
    _, out = run(tmp_path, str(tmp_path / "s"), "--banks", "practice,which-pillar")
    assert [r["bank"] for r in rows(out, "banks")] == ["practice", "which-pillar"]
    with pytest.raises(SystemExit) as stop:
        run(tmp_path, str(tmp_path / "s"), "--banks", "no-such-bank")
    assert stop.value.code == 2
    default = [r["bank"] for r in collect([tmp_path / "s"]).tables["banks"]]
    assert "example" not in default and "practice" in default  # the authors' example bank counts for nothing


def test_first_try_columns_in_answers_csv(tmp_path: Path) -> None:
    """A retry shows in answers.csv as the spreadsheet reads it: a whole number of attempts,
    true/false, and an older file's one result as its first."""
    put(tmp_path / "s", "a.json", export("learner-a", "Ana", [
        {**entry(PILLARS), "first_result": "incorrect", "attempts": 2, "revealed": True},
        {**entry(CHOICE), "first_result": "correct", "attempts": 1, "revealed": False},
        entry(MULTI, None, "correct")]))
    code, out = run(tmp_path, str(tmp_path / "s"))
    assert code == 0 and problems(out) == []
    got = sorted((r["question"], r["first_result"], r["attempts"], r["revealed"]) for r in rows(out, "answers"))
    assert got == sorted([(PILLARS, "incorrect", "2", "true"), (CHOICE, "correct", "1", "false"),
                          (MULTI, "correct", "", "")])
    questions = {r["question"]: r for r in rows(out, "questions")}
    assert [questions[q]["percent_correct_first_try"] for q in (PILLARS, CHOICE, MULTI)] == ["0.0", "100.0", "100.0"]
    assert questions[PILLARS]["prompt"] == QUESTIONS[PILLARS].prompt


def test_a_prompt_is_cut_short_as_plain_text() -> None:
    text = ("A fellow student says: *In practice, R2P means force.* See [para 31](report.md#para-31) and "
            "the `toolbox` before you answer the question about the means it lists.")
    short = short_prompt(text)
    assert short == "A fellow student says: In practice, R2P means force. See para 31 and the\u2026"
    assert len(short) <= 80 and short.endswith("\u2026") and not short[:-1].endswith(" ")
    assert short_prompt("Short enough.") == "Short enough."
    assert all(0 < len(q.prompt) <= 80 and "](" not in q.prompt for q in QUESTIONS.values())


# ---------------------------------------------------------------- on a hub: the learners' homes


def hub_homes(root: Path) -> Path:
    """A hub's /home: two learners who ran a lab, one corrupt progress file, one with another
    course's file, one who never opened a lab."""
    homes = root / "home"
    put(homes / "jupyter-amina" / ".r2p-course", "progress.json", export("amina-1", "Amina"))
    put(homes / "jupyter-bruno" / ".r2p-course", "progress.json", export("bruno-1", None, [entry(CHOICE)]))
    put(homes / "jupyter-chen" / ".r2p-course", "progress.json", '{"course": "r2p-course", "answers": [')
    put(homes / "jupyter-dalia" / ".r2p-course", "progress.json", export("dalia-1", course="another-course"))
    (homes / "jupyter-emeka").mkdir()
    return homes


def test_hub_homes_are_read_and_bad_progress_files_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    homes = hub_homes(tmp_path)
    code, out = run(tmp_path, "--homes", str(homes))
    assert code == 0
    assert sorted(r["alias"] or r["learner"] for r in rows(out, "learners")) == ["Amina", "bruno-1"]
    assert [(r["file"], r["kind"]) for r in problems(out)] == [
        (str(homes / "jupyter-chen/.r2p-course/progress.json"), "truncated-json"),
        (str(homes / "jupyter-dalia/.r2p-course/progress.json"), "other-course")]
    printed = capsys.readouterr().out
    assert "1 of the 5 homes" in printed and "jupyter-emeka" in printed  # who has not started
    assert str(homes / "jupyter-chen/.r2p-course/progress.json") in printed


def test_a_progress_file_named_and_found_in_the_homes_is_read_once(tmp_path: Path) -> None:
    """A trainer who gives the homes both ways (a pattern and --homes) gets each file read once:
    no learner "handed in 2 files", no bad file reported twice."""
    homes = hub_homes(tmp_path)
    code, out = run(tmp_path, str(homes / "*" / ".r2p-course" / "progress.json"), "--homes", str(homes))
    assert code == 0
    learners = [(r["alias"] or r["learner"], r["files"]) for r in rows(out, "learners")]
    assert learners == [("Amina", "1"), ("bruno-1", "1")]
    assert sorted(r["kind"] for r in problems(out)) == ["other-course", "truncated-json"]


def test_hidden_folders_beside_the_homes_are_not_learners(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A hub's /home can hold folders that are no learner's (a storage snapshot, a trash): they
    are not counted among the homes, nor named as learners who have not started."""
    homes = hub_homes(tmp_path)
    (homes / ".snapshot" / "jupyter-amina" / ".r2p-course").mkdir(parents=True)
    (homes / ".Trash-1000").mkdir()
    code, _ = run(tmp_path, "--homes", str(homes))
    printed = capsys.readouterr().out
    assert code == 0 and "1 of the 5 homes" in printed
    assert ".snapshot" not in printed and ".Trash" not in printed


def test_a_quoted_pattern_is_expanded_like_the_homes(tmp_path: Path) -> None:
    homes = hub_homes(tmp_path)
    code, out = run(tmp_path, str(homes / "*" / ".r2p-course" / "progress.json"))
    assert code == 0 and len(rows(out, "learners")) == 2
    assert {r["kind"] for r in problems(out)} == {"truncated-json", "other-course"}
    _, out = run(tmp_path, str(tmp_path / "nowhere" / "*.json"), str(homes / "jupyter-amina/.r2p-course/progress.json"))
    assert [(r["file"], r["kind"]) for r in problems(out)] == [(str(tmp_path / "nowhere" / "*.json"), "missing")]


def test_a_folder_of_homes_with_no_progress_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "home" / "jupyter-a").mkdir(parents=True)
    code, out = run(tmp_path, "--homes", str(tmp_path / "home"), "--homes", str(tmp_path / "nowhere"),
                    str(tmp_path / "subs"))
    assert code == 1
    assert [(Path(r["file"]).name, r["kind"]) for r in problems(out)] == [
        ("subs", "missing"), ("home", "empty-folder"), ("nowhere", "missing")]


# ---------------------------------------------------------------- readable in the room


def test_the_terminal_shows_the_hardest_first_and_only_banks_someone_answered(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pillars = [q for q in QUESTIONS.values() if q.bank == "which-pillar"]
    wrong = [entry(q.id, [2 if right(q.id) != [2] else 3], "incorrect") for q in pillars[:12]]
    put(tmp_path / "s", "a.json", export("learner-a", "Ana", [entry(q.id) for q in pillars[12:]] + wrong))
    _, out = run(tmp_path, str(tmp_path / "s"))
    printed = capsys.readouterr().out
    head, _, rest = printed.partition("Hardest questions")
    assert "banks: which-pillar." in head and "practice" not in head  # not "answered none" for unassigned banks
    assert [r["bank"] for r in rows(out, "banks")] == ["which-pillar"]
    hardest_part = rest.split("Hardest objectives")[0]
    listed = [q.id for q in pillars if q.id in hardest_part]
    assert len(listed) == 10 and set(listed) <= {q.id for q in pillars[:12]}  # 10 of the 12 wrong ones
    assert "% first try" in hardest_part and "most frequent wrong" in hardest_part
    _, out = run(tmp_path, str(tmp_path / "s"), "--all-banks")
    assert "practice" in [r["bank"] for r in rows(out, "banks")]


def test_piped_into_head_there_is_no_traceback(tmp_path: Path) -> None:
    """`r2p-course results ... | head -1`: head stops reading; the command must stop quietly."""
    command = [sys.executable, "-m", "r2p_course.cli", "results", str(EXAMPLES_DIR), "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    piped = subprocess.run(f"{shlex.join(command)} | head -1", shell=True, capture_output=True, text=True,
                           env=env, timeout=120, check=False)
    assert piped.stdout.startswith("Class results: 6 file(s) counted") and "Traceback" not in piped.stderr
    # the reader gone before a byte is written, as `head` often is: always a broken pipe
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()
    stderr = proc.communicate(timeout=120)[1].decode()
    assert stderr == "" and proc.returncode == 0
    assert (tmp_path / "out" / "summary.json").exists()  # the files are written all the same


def test_help_lists_every_command_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    commands = ["check", "parse-report", "pages", "hub-link", "results"]
    listed = text.split("commands:")[1]
    for name in commands:
        line = next(x for x in listed.splitlines() if x.strip().startswith(name))
        assert len(line.split(None, 1)) == 2 or listed.splitlines()[listed.splitlines().index(line) + 1].strip(), name
    assert ".venv/bin/r2p-course" in text
    from r2p_course import cli
    parser_commands = re.findall(r'sub\.add_parser\(\s*"([a-z-]+)"', Path(cli.__file__).read_text())
    assert sorted(parser_commands) == sorted(commands)


def test_the_docs_run_the_command_from_the_courses_venv() -> None:
    """`make book` puts r2p-course in .venv/bin, not on PATH: every command the instructors'
    pages and the README show runs it from there, and says how to put it on PATH."""
    pages = [*sorted((ROOT / "book" / "instructors").glob("*.md")), ROOT / "README.md"]
    shown = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```bash\n(.*?)```", text, re.S):
            for line in block.splitlines():
                first = line.split(" ", 1)[0]
                if first.endswith("r2p-course"):
                    assert first == ".venv/bin/r2p-course", f"{page.name}: {line}"
                    shown += 1
                    assert "source .venv/bin/activate" in text, page.name
    assert shown >= 4


# ---------------------------------------------------------------- the example submissions


def _make_examples():
    spec = importlib.util.spec_from_file_location("make_examples", ROOT / "tools" / "make_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_submissions_follow_the_banks(tmp_path: Path) -> None:
    """data/examples/ is what tools/make_examples.py makes now: run it after changing a bank."""
    written = _make_examples().make_examples(tmp_path)
    committed = sorted(p.name for p in EXAMPLES_DIR.iterdir())
    assert sorted(p.name for p in written) == committed
    for path in written:
        assert path.read_text(encoding="utf-8") == (EXAMPLES_DIR / path.name).read_text(encoding="utf-8"), (
            f"data/examples/{path.name} is out of date: run .venv/bin/python tools/make_examples.py")


def test_example_submissions_give_a_class_to_look_at() -> None:
    results = collect([EXAMPLES_DIR])
    assert len(results.counted) == 6 and len(results.learners) == 6
    assert sorted(p.kind for p in results.problems) == ["other-course", "truncated-json"]
    stored = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES_DIR.glob("learner-*"))]
    kinds = {a["result"] for doc in stored for a in doc["answers"]}
    assert kinds == {"correct", "partial", "incorrect"}  # some right, some wrong
    assert any(r["most_frequent_wrong"] for r in results.tables["questions"]) and results.tables["sorter"]
    # some learners got a question right only on a retry: the first try is below the final share
    retried = [a for doc in stored for a in doc["answers"] if a["attempts"] > 1 and a["result"] == "correct"]
    assert retried and all(a["first_result"] != "correct" and a["revealed"] for a in retried)
    answered = [r for r in results.tables["questions"] if r["answered"]]
    assert any(r["percent_correct_first_try"] < r["percent_correct"] for r in answered)


# ---------------------------------------------------------------- the website's download


def test_website_download_carries_the_name_and_counts_in_the_results(page, site_url: str,
                                                                      built_site: Path, tmp_path: Path) -> None:
    """A learner on the website types a name in "My answers", downloads, and the trainer sees it."""
    page.goto(f"{site_url}/notebooks/practice-widgets.html")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    block = page.locator(f"[data-question-id='{CHOICE}']")
    block.get_by_label("The President of Brazil", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    tools = page.locator(".r2p-tools").first
    tools.locator("summary").click()
    tools.get_by_label("Your name for your trainer (optional)").fill("  Ana  ")
    with page.expect_download() as info:
        tools.get_by_role("button", name="Download my answers").click()
    downloaded = tmp_path / "s" / "download.json"
    downloaded.parent.mkdir()
    info.value.save_as(downloaded)
    exported = json.loads(downloaded.read_text(encoding="utf-8"))
    assert exported["alias"] == "Ana"
    assert list(exported) == ["course", "version", "learner_id", "alias", "answers"]
    code, out = run(tmp_path, str(downloaded.parent))
    assert code == 0 and problems(out) == []
    assert [(r["alias"], r["question"], r["result"]) for r in rows(out, "answers")] == [("Ana", CHOICE, "correct")]
