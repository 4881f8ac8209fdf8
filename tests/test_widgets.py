"""The widgets' Python side: content from the banks, answers saved, messages answered."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from js_runner import run_module

from r2p_course.assets import WIDGET_NAMES, module_source, script_source, static_files
from r2p_course.paths import QUIZ_DIR, STATIC_DIR
from r2p_course.widgets import ChoiceQuiz, CoercionSorter, PillarQuiz, report_url


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


def _code_lines(path: Path) -> list[str]:
    """A JavaScript module's lines of code as a bundle holds them: without comments, indentation,
    blank lines, imports and export lists, and with ``export`` taken off declarations."""
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line.removeprefix("export ") for line in lines
            if line and not line.startswith(("//", "import ", "export {", "export default"))]


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    """Whether ``needles`` appear in ``haystack`` in the same order (others may come between)."""
    rest = iter(haystack)
    return all(any(line == needle for line in rest) for needle in needles)


# What each widget imports, directly or through another file (rules.js: only the rules it uses).
WIDGET_FILES = ["grading.js", "shared.js", "answers-format.js", "bank.js"]


@pytest.mark.parametrize("cls", [PillarQuiz, ChoiceQuiz, CoercionSorter])
def test_front_end_is_one_module_with_the_shared_code(cls: type, progress: Path) -> None:
    """Each widget's module is the files it imports (grading, safe text, the frame), each once
    and before the files that use them, then its own file."""
    esm = cls("example")._esm.splitlines()
    shared = [line for name in WIDGET_FILES for line in _code_lines(STATIC_DIR / name)]
    own = _code_lines(STATIC_DIR / f"{cls.widget_name}.js")
    assert _in_order(shared + own, esm), f"{cls.__name__}: not {', '.join(WIDGET_FILES)} then {cls.widget_name}.js"
    assert esm.count("function el(tag, attrs = {}, ...children) {") == 1
    assert "function grade(question, answer) {" in esm
    assert f'kind: "{cls.widget_name}"' in " ".join(esm)  # its render draws its own kind
    others = [n for n in WIDGET_NAMES if n != cls.widget_name]
    for other in others:  # not another widget's front end
        assert not _in_order(_code_lines(STATIC_DIR / f"{other}.js"), esm), other
    # self-contained: JupyterLab gets it as a string, so it cannot import sibling files
    assert not re.search(r"^\s*import\s|\bimport\s*\(", "\n".join(esm), re.MULTILINE)


def test_a_change_to_a_widget_file_shows_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Module and site copy are made from the files as they are now, never a cached copy."""
    import r2p_course.paths

    static = tmp_path / "static"
    shutil.copytree(STATIC_DIR, static)
    monkeypatch.setattr(r2p_course.paths, "STATIC_DIR", static)
    before = static_files()
    with (static / "pillar-quiz.js").open("a", encoding="utf-8") as f:
        f.write("const R2P_CHANGED = 1;\n")
    with (static / "shared.js").open("a", encoding="utf-8") as f:
        f.write("const R2P_SHARED_CHANGED = 2;\n")
    assert "const R2P_CHANGED = 1;" in module_source("pillar-quiz")
    site = static_files()
    assert "const R2P_CHANGED = 1;" in site["pillar-quiz.js"]
    for name in (*WIDGET_NAMES, "class-results", "my-progress"):  # every file that imports shared.js
        assert "const R2P_SHARED_CHANGED = 2;" in module_source(name) and "R2P_SHARED_CHANGED" in site[f"{name}.js"]
    assert site["loader.js"] != before["loader.js"]  # a new asset version: no stale browser cache


def test_site_copy_is_the_module_as_a_classic_script() -> None:
    """Browsers refuse module imports from file://: the site gets a script with no import/export."""
    for name in ("pillar-quiz", "choice-quiz", "coercion-sorter"):
        script = script_source(name)
        assert not re.search(r"^\s*(?:import|export)\b", script, re.MULTILINE), name
        body = "\n".join(line for line in module_source(name).splitlines() if not line.startswith("export "))
        assert body.strip() in script  # the same source, only wrapped
        assert f'(window.r2pWidgets ||= {{}})["{name}"] = {{ default: {{ render }}, grade, hint' in script


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


def test_the_name_typed_in_one_widget_is_kept_and_shown_in_every_widget(progress: Path) -> None:
    """The front end sets the `alias` trait as the learner types; the progress file keeps it,
    the other widgets and the next ones show it, every download carries it; emptied, it goes."""
    quiz, other = PillarQuiz("practice"), ChoiceQuiz("practice")
    assert quiz.alias is None
    quiz.alias = "Amina "
    assert json.loads(progress.read_text(encoding="utf-8"))["alias"] == "Amina"
    assert other.alias == "Amina" and CoercionSorter("practice").alias == "Amina"
    sent: list[dict] = []
    other.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    other._on_message(other, {"kind": "export"}, [])
    assert sent[-1]["data"]["alias"] == "Amina"
    other.alias = None  # the learner emptied the field
    assert json.loads(progress.read_text(encoding="utf-8"))["alias"] is None
    assert quiz.alias is None and PillarQuiz("practice").alias is None


def test_a_checks_attempts_first_result_and_revealed_key_are_kept(progress: Path) -> None:
    """Hints before solutions: what the front end writes with an answer survives the progress
    file and comes back to the widget."""
    qid = "practice-pillars-guinea-inquiry"
    entry = {"answer": [2, 3], "result": "correct", "time": "2026-11-26T10:05:00Z",
             "attempts": 2, "first_result": "partial", "revealed": False}
    PillarQuiz("practice").answers = {qid: entry}
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["answers"] == [{"question_id": qid, **entry}]
    assert PillarQuiz("practice").answers == {qid: entry}


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


LABS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
VIEW = "application/vnd.jupyter.widget-view+json"


def _saved_widgets(notebook: Path) -> list[tuple[str, dict]]:
    """(source of the cell, saved state of our widget) for each widget output of a notebook."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    state = nb["metadata"].get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    found = []
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if VIEW in output.get("data", {}):
                model_id = output["data"][VIEW]["model_id"]
                assert model_id in state, f"{notebook.name}: a widget output with no saved state"
                if state[model_id]["state"].get("_r2p_widget"):
                    found.append(("".join(cell["source"]), state[model_id]["state"]))
    return found


def test_a_widget_carries_its_banks_mode_and_saves_a_submission(progress: Path, tmp_path: Path) -> None:
    """The front end reads the bank's mode from the widget ("check": one "Submit answers", no
    feedback before it); what a submission writes reaches the progress file and comes back."""
    import yaml

    from r2p_course.quiz import get_bank

    assert ChoiceQuiz("practice").mode == "practice"
    doc = yaml.safe_load((QUIZ_DIR / "practice.yml").read_text(encoding="utf-8"))
    doc.update(bank="practice-check", mode="check")
    doc["questions"] = [dict(q, id=f"check-{q['id']}") for q in doc["questions"] if q["type"] == "choice"]
    path = tmp_path / "practice-check.yml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert get_bank(path).mode == "check"
    quiz = ChoiceQuiz(str(path))
    assert quiz.mode == "check" and "mode" in quiz.keys
    time = "2026-12-05T10:30:00.000Z"
    entries = {qid: {"answer": [], "result": "incorrect", "time": time, "attempts": 1,
                     "first_result": "incorrect", "first_answer": []} for qid in quiz.question_ids}
    quiz.answers = entries
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["answers"] == [{"question_id": q, **entries[q]} for q in sorted(entries)]
    assert ChoiceQuiz(str(path)).answers == entries


@pytest.mark.parametrize("notebook", LABS, ids=[nb.name for nb in LABS])
def test_committed_lab_outputs_show_the_banks_as_they_are(notebook: Path) -> None:
    """nbval compares a widget cell only by its text; this compares what the widget shows.

    A bank edited without ``make notebooks`` leaves a stale question in the committed output
    (what JupyterLab shows before the learner runs the cell, and what the website is built
    from): re-run ``make notebooks``.
    """
    from r2p_course.quiz import client_question, get_bank

    kinds = {cls.widget_name: cls for cls in (PillarQuiz, ChoiceQuiz, CoercionSorter)}
    for source, saved in _saved_widgets(notebook):
        bank = get_bank(saved["bank"])
        where = f"{notebook.name}, {saved['_r2p_widget']} of bank {saved['bank']!r}"
        assert saved["answers"] == {}, f"{where}: someone's answers are committed"
        assert saved["title"] == bank.title or "title=" in source, f"{where}: stale title"
        # an output saved before the bank said mode: check would show it as practice on the site
        assert saved.get("mode", "practice") == bank.mode, f"{where}: stale mode"
        for shown in saved["questions"]:
            assert shown["id"] in bank.by_id, f"{where}: question {shown['id']} is no longer in the bank"
            assert shown == client_question(bank.by_id[shown["id"]]), f"{where}: {shown['id']} is stale"
        if "ids=" not in source:  # the whole bank, of the widget's question types
            types = kinds[saved["_r2p_widget"]].question_type
            wanted = [q["id"] for q in bank.questions if q["type"] in ((types,) if isinstance(types, str) else types)]
            assert [q["id"] for q in saved["questions"]] == wanted, f"{where}: questions added or removed"


def test_the_labs_have_saved_widget_outputs() -> None:
    """The check above is not vacuous: the labs' widgets are committed with their state."""
    shown = {saved["_r2p_widget"] for nb in LABS for _, saved in _saved_widgets(nb)}
    assert shown == set(WIDGET_NAMES)


def test_a_labs_first_cell_does_not_build_jsonschemas_iri_grammar() -> None:
    """Importing the widgets (a lab's first cell) once took 1.8 s, 1.1 s of it jsonschema
    building a grammar for IRI checks the banks never use; the banks are still validated."""
    import subprocess
    import sys

    code = ("import sys, r2p_course.widgets, r2p_course.quiz as q; "
            "print('rfc3987_syntax' in sys.modules, len(q.load_banks()) > 0, q.jsonschema.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "jsonschema"]


DECLARED = re.compile(r"^(?:export )?(?:async )?(?:function\*? |const |let |class )([A-Za-z_$][\w$]*)", re.M)


def test_the_answers_file_rules_have_one_copy_in_javascript() -> None:
    """Every rule answers-format.js declares is declared in no other JavaScript source, and
    reaches every widget, the Class results page and the site's import exactly once; its limit on
    names is the Python side's (rules.py, through the generated rules.js), and no file types a
    length limit of its own."""
    from r2p_course.rules import ALIAS_MAX

    rules = (STATIC_DIR / "answers-format.js").read_text(encoding="utf-8")
    names = DECLARED.findall(rules)
    assert {"checkEntry", "isNewer", "cleanAlias"} <= set(names), names
    assert 'import { ALIAS_MAX, ANSWER_RESULTS, UNPRINTABLE_PATTERN } from "./rules.js";' in rules
    for source in sorted(STATIC_DIR.glob("*.js")):
        if source.name != "answers-format.js":
            text = source.read_text(encoding="utf-8")
            assert not set(DECLARED.findall(text)) & set(names), f"{source.name} declares a copy"
            assert not re.search(r"maxlength:\s*[\"']?\d", text), f"{source.name} types a length limit"
    site = static_files()
    for name in WIDGET_NAMES:  # the name field's limit is the rule's
        assert f"const ALIAS_MAX = {ALIAS_MAX};" in site[f"{name}.js"]
        assert "maxlength: String(ALIAS_MAX)" in site[f"{name}.js"]
    for name in ("pillar-quiz.js", "choice-quiz.js", "coercion-sorter.js", "class-results.js", "loader.js"):
        declared = DECLARED.findall(site[name])
        assert [n for n in names if declared.count(n) != 1] == [], name
    assert "@include" not in site["loader.js"]


FILE_NAMES = [  # (alias, learner id) -> the downloaded file's name on 5 December 2026
    (("Amina", "3f2c9a1b-7d4e-4c1a-9b2f-0e8d6c5a4b3f"), "r2p-answers-Amina-2026-12-05.json"),
    (("Ana María  López", "x"), "r2p-answers-Ana-Maria-Lopez-2026-12-05.json"),
    (("Jürgen Groß-Øster", "x"), "r2p-answers-Jurgen-Gross-Oster-2026-12-05.json"),
    (("../../etc/passwd; rm *", "x"), "r2p-answers-etcpasswd-rm-2026-12-05.json"),
    (("a_b 7", "x"), "r2p-answers-a_b-7-2026-12-05.json"),
    (("Z" * 60, "x"), f"r2p-answers-{'Z' * 40}-2026-12-05.json"),
    ((None, "3f2c9a1b-7d4e-4c1a-9b2f-0e8d6c5a4b3f"), "r2p-answers-3f2c9a1b-2026-12-05.json"),
    (("أمينة", "3f2c9a1b-7d4e"), "r2p-answers-3f2c9a1b-2026-12-05.json"),  # nothing safe left: the id
    (("", "../ab"), "r2p-answers-ab-2026-12-05.json"),
]


def test_the_downloaded_file_is_named_after_the_learner_and_the_day() -> None:
    """"My answers" downloads r2p-answers-<name>-<day>.json in safe characters only, or the start
    of the learner id when no name is given, so a trainer's folder needs no renaming."""
    names = run_module("pillar-quiz", "(m, cases) => { const day = new Date(2026, 11, 5, 23, 59);"
                       "return cases.map(([a, id]) => m.answersFileName(a, id, day)); }",
                       [args for args, _ in FILE_NAMES])
    assert names == [name for _, name in FILE_NAMES]


def test_a_staged_bank_sends_its_stages_and_a_subset_shows_none(progress: Path) -> None:
    """The staged scenario's narrative reaches the front end with questions that carry their
    stage; a chosen subset of questions could not open every stage, so it shows none."""
    from r2p_course.quiz import get_bank

    bank = get_bank("rwp-scenario")
    quiz = ChoiceQuiz("rwp-scenario")
    assert quiz.stages == bank.stages and len(quiz.stages) == 5
    assert [q["stage"] for q in quiz.questions] == [q["stage"] for q in bank.questions]
    assert ChoiceQuiz("rwp-scenario", ids=[bank.questions[-1]["id"]]).stages == []
    assert ChoiceQuiz("practice").stages == []


def test_start_again_in_jupyterlab_clears_the_scenarios_answers_only(progress: Path) -> None:
    """"Start again" sets the scenario's answers to none: the progress file loses those and
    keeps the learner's answers to every other bank."""
    entry = {"answer": ["a"], "result": "incorrect", "time": "2026-11-26T10:00:00Z"}
    ChoiceQuiz("practice").answers = {"practice-choice-authorize-force": entry}
    scenario = ChoiceQuiz("rwp-scenario")
    scenario.answers = {"rwp-warning-when-to-act": {**entry, "answer": ["act-now"], "result": "correct"}}
    scenario.answers = {}  # what the front end's "Start again" sends
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert [a["question_id"] for a in saved["answers"]] == ["practice-choice-authorize-force"]
