"""The progress file: atomic writes, corrupt files kept aside, import and reset."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from r2p_course.progress import ExportFormatError, ProgressStore, progress_path

ENTRY = {"answer": [2, 3], "result": "correct", "time": "2026-11-26T10:00:00+00:00"}


def test_location_is_settable_and_tests_never_use_the_real_one(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress_path() != Path.home() / ".r2p-course" / "progress.json"
    monkeypatch.setenv("R2P_PROGRESS", str(tmp_path / "p.json"))
    assert progress_path() == tmp_path / "p.json"


def test_answers_round_trip_in_the_export_format(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.update(["q1", "q2"], {"q1": ENTRY})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["course"] == "r2p-course" and data["learner_id"] == store.learner_id
    assert data["answers"] == [{"question_id": "q1", **ENTRY}]
    again = ProgressStore(path)
    assert again.answers == {"q1": ENTRY} and again.learner_id == store.learner_id
    again.update(["q1"], {})
    assert ProgressStore(path).answers == {}


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.update(["q1"], {"q1": ENTRY})
    before = path.read_text(encoding="utf-8")

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.update(["q2"], {"q2": ENTRY})
    assert path.read_text(encoding="utf-8") == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]  # no temp file left


def test_corrupt_file_is_kept_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text('{"course": "r2p-course", "answers": [', encoding="utf-8")
    with pytest.warns(UserWarning, match="kept as"):
        store = ProgressStore(path)
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8").endswith("[")
    store.update(["q1"], {"q1": ENTRY})
    assert aside[0].exists() and json.loads(path.read_text(encoding="utf-8"))["answers"]


def test_an_unreadable_answer_costs_only_itself(tmp_path: Path) -> None:
    """A file with one answer the course cannot read (a time in another form) keeps the rest."""
    path = tmp_path / "progress.json"
    doc = {"course": "r2p-course", "learner_id": "abc-1", "alias": None,
           "answers": [{"question_id": "q1", **ENTRY}, {"question_id": "q2", **ENTRY, "time": "2026-03-10 09:00"}]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.warns(UserWarning, match=r"1 answer\(s\) .* could not be read .* the other 1 are kept"):
        store = ProgressStore(path)
    assert list(store.answers) == ["q1"] and store.learner_id == "abc-1"
    [aside] = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert json.loads(aside.read_text(encoding="utf-8")) == doc  # the file as it was
    store.update(["q3"], {"q3": ENTRY})
    assert sorted(json.loads(path.read_text(encoding="utf-8"))["answers"][i]["question_id"] for i in (0, 1)) == [
        "q1", "q3"]


def test_import_keeps_the_newer_answer_and_rejects_bad_files(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.update(["q1"], {"q1": ENTRY})
    older = {**ENTRY, "answer": [2], "result": "partial", "time": "2026-01-01T00:00:00+00:00"}
    newer = {**ENTRY, "time": "2026-12-01T00:00:00+00:00"}
    taken = store.merge({"course": "r2p-course", "answers": [
        {"question_id": "q1", **older}, {"question_id": "q2", **newer}]})
    assert taken == 1 and store.answers["q1"] == ENTRY and store.answers["q2"] == newer
    with pytest.raises(ExportFormatError, match="course"):
        store.merge({"course": "another", "answers": []})
    with pytest.raises(ExportFormatError, match="answer 1 .*result"):
        store.merge({"course": "r2p-course", "answers": [{"question_id": "x", "answer": [],
                                                          "result": "great", "time": "2026"}]})


def test_import_compares_times_not_texts(tmp_path: Path) -> None:
    """Half a second later is later, in whatever form the time is written (as the class results
    compare them): as texts, "09:00:00.500Z" sorts before "09:00:00Z"."""
    store = ProgressStore(tmp_path / "progress.json")
    store.update(["q1"], {"q1": {**ENTRY, "time": "2026-03-10T09:00:00Z"}})
    later = {**ENTRY, "answer": [3], "time": "2026-03-10T09:00:00.500Z"}
    assert store.merge({"course": "r2p-course", "answers": [{"question_id": "q1", **later}]}) == 1
    earlier_elsewhere = {**ENTRY, "answer": [1], "time": "2026-03-10T10:00:00+02:00"}  # 08:00 UTC
    assert store.merge({"course": "r2p-course", "answers": [{"question_id": "q1", **earlier_elsewhere}]}) == 0
    assert store.answers["q1"] == later


def test_reset_deletes_every_answer(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.update(["q1"], {"q1": ENTRY})
    store.reset()
    assert ProgressStore(tmp_path / "progress.json").answers == {}


def test_sorting_answers_keep_their_shapes(tmp_path: Path) -> None:
    """order: tool ids; tiers: one tier per item (null for a tool not placed yet)."""
    tiers = {"answer": [2, 1, None, 3], "result": "partial", "time": "2026-11-26T10:00:00+00:00"}
    order = {"answer": ["mediation", "travel_ban"], "result": "correct", "time": "2026-11-26T10:00:00+00:00"}
    store = ProgressStore(tmp_path / "progress.json")
    taken = store.merge({"course": "r2p-course", "answers": [
        {"question_id": "t", **tiers}, {"question_id": "o", **order}]})
    assert taken == 2
    assert ProgressStore(tmp_path / "progress.json").answers == {"t": tiers, "o": order}
    with pytest.raises(ExportFormatError, match="'answer' to be a list"):
        store.merge({"course": "r2p-course", "answers": [{"question_id": "t", **tiers, "answer": {"mediation": 1}}]})


# ---------------------------------------------------------------- the optional name (alias)


def test_export_carries_the_name_typed_for_the_trainer_and_nothing_else_changes(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    store.update(["q1"], {"q1": ENTRY})
    plain, named = store.export(), store.export(alias="  Ana\tB.\n ")
    assert plain["alias"] is None and named["alias"] == "Ana B."  # one line, spaces folded
    assert {k: v for k, v in named.items() if k != "alias"} == {k: v for k, v in plain.items() if k != "alias"}
    assert list(named) == ["course", "version", "learner_id", "alias", "answers"]
    # a name given for one download only is not kept (set_alias keeps one)
    assert json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))["alias"] is None
    assert store.export(alias="x" * 500)["alias"] == "x" * 60
    assert store.export(alias="   ")["alias"] is None and store.export(alias=42)["alias"] is None  # type: ignore[arg-type]


def test_jupyterlab_download_saves_the_name_as_alias(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The front end sends the name with the export request; the file it downloads has it."""
    from r2p_course.widgets import PillarQuiz

    monkeypatch.setenv("R2P_PROGRESS", str(tmp_path / "progress.json"))
    quiz = PillarQuiz("practice")
    sent: list[dict] = []
    quiz.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    quiz.answers = {"practice-pillars-peacekeeping": ENTRY}
    quiz._on_message(quiz, {"kind": "export", "alias": " Amina "}, [])
    assert sent[-1]["kind"] == "export" and sent[-1]["data"]["alias"] == "Amina"
    assert [a["question_id"] for a in sent[-1]["data"]["answers"]] == ["practice-pillars-peacekeeping"]
    quiz._on_message(quiz, {"kind": "export", "alias": None}, [])
    assert sent[-1]["data"]["alias"] is None
    quiz._on_message(quiz, {"kind": "export"}, [])  # an older front end sends no name
    assert sent[-1]["data"]["alias"] is None


def test_the_file_has_every_field_of_the_export_format(tmp_path: Path) -> None:
    """{course, version, learner_id, alias, answers: [{question_id, answer, result, time}]}."""
    from r2p_course import COURSE_ID, __version__

    path = tmp_path / "progress.json"
    ProgressStore(path).update(["q2", "q1"], {"q2": ENTRY, "q1": {**ENTRY, "result": "partial"}})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"course", "version", "learner_id", "alias", "answers"}
    assert data["course"] == COURSE_ID and data["version"] == __version__
    assert data["learner_id"] and data["alias"] is None
    assert [a["question_id"] for a in data["answers"]] == ["q1", "q2"]
    for item in data["answers"]:
        assert set(item) == {"question_id", "answer", "result", "time"}


def test_the_name_is_kept_in_the_progress_file_until_cleared(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.set_alias("  Amina\tK. ")
    assert json.loads(path.read_text(encoding="utf-8"))["alias"] == "Amina K."
    reopened = ProgressStore(path)
    assert reopened.alias == "Amina K." and reopened.export()["alias"] == "Amina K."  # every download has it
    assert reopened.export(alias="Ami")["alias"] == "Ami"  # the field as it is at the download
    reopened.set_alias("   ")  # the learner emptied the field
    assert json.loads(path.read_text(encoding="utf-8"))["alias"] is None
    assert ProgressStore(path).export()["alias"] is None


def test_an_import_brings_a_name_only_where_none_is_kept(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.json")
    document = {**store.export(), "alias": "Amina", "answers": []}
    store.merge(document)
    assert ProgressStore(tmp_path / "progress.json").alias == "Amina"
    store.merge({**document, "alias": "Someone else"})
    assert ProgressStore(tmp_path / "progress.json").alias == "Amina"


def test_a_check_submission_keeps_its_first_answer_through_save_export_and_import(tmp_path: Path) -> None:
    """A check bank's entries (every question of the set, unanswered ones as [] and incorrect)
    keep first_result and first_answer in the progress file, its export and an import."""
    first = {"answer": ["b"], "result": "correct", "time": "2026-12-05T10:30:00.000Z", "attempts": 2,
             "first_result": "incorrect", "first_answer": ["a"]}
    blank = {"answer": [], "result": "incorrect", "time": "2026-12-05T10:30:00.000Z", "attempts": 1,
             "first_result": "incorrect", "first_answer": []}
    path = tmp_path / "progress.json"
    ProgressStore(path).update(["q1", "q2"], {"q1": first, "q2": blank})
    again = ProgressStore(path)
    assert again.answers == {"q1": first, "q2": blank}
    exported = again.export()
    assert exported["answers"] == [{"question_id": "q1", **first}, {"question_id": "q2", **blank}]
    elsewhere = ProgressStore(tmp_path / "other.json")
    assert elsewhere.merge(exported) == 2
    assert ProgressStore(tmp_path / "other.json").answers == {"q1": first, "q2": blank}
