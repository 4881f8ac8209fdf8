"""Each learner's own order of options and tools: the order function in Node.js, and the
learner id and fixed_order the Python widgets hand it.

The order has one home, ``widgets/static/order.js``: only the widgets show it (the website and
JupyterLab run the same file). Python never needs a learner's order: answers are stored by
option or tool id, and the answer keys, the print edition and the slides show the written order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from js_runner import run_module

from r2p_course import COURSE_ID, __version__
from r2p_course.progress import ProgressStore
from r2p_course.quiz import get_bank
from r2p_course.widgets import ChoiceQuiz, CoercionSorter, PillarQuiz

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((Path(__file__).parent / "shuffle_cases.json").read_text(encoding="utf-8"))
RUN_CASES = "(m, cases) => cases.map((c) => m.shownOrder(c.learner_id, c.question, c.ids, c.bank_fixed_order ?? false))"


@pytest.fixture()
def progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "progress.json"
    monkeypatch.setenv("R2P_PROGRESS", str(path))
    return path


@pytest.mark.parametrize("module", ["order", "choice-quiz"])
def test_the_shared_cases_give_each_learner_their_order(module: str) -> None:
    """order.js alone and as the ChoiceQuiz widget's module carries it."""
    got = run_module(module, RUN_CASES, CASES["cases"])
    for case, order in zip(CASES["cases"], got, strict=True):
        assert order == case["expected"], case["name"]


def test_the_seed_is_the_published_fnv1a() -> None:
    got = run_module("order", "(m, texts) => texts.map((t) => m.fnv1a(t))", [c["text"] for c in CASES["fnv1a"]])
    assert got == [c["hash"] for c in CASES["fnv1a"]]


def test_the_cases_show_what_the_order_must_do() -> None:
    """The case file itself: two learners differ on a question of 5 options, a fixed question
    and a missing learner id keep the written order, and every order is a permutation."""
    by_name = {c["name"]: c for c in CASES["cases"]}
    one = by_name["a learner, a choice question of 5 options"]
    other = by_name["another learner, the same question: another order"]
    assert len(one["ids"]) >= 5 and one["ids"] == other["ids"] and one["learner_id"] != other["learner_id"]
    assert one["expected"] != other["expected"] and one["expected"] != one["ids"]
    for case in CASES["cases"]:
        assert sorted(case["expected"]) == sorted(case["ids"]), case["name"]
        if case["question"].get("fixed_order") is True or case.get("bank_fixed_order") or not case["learner_id"]:
            assert case["expected"] == case["ids"], case["name"]


def test_the_order_is_fair_and_repeatable() -> None:
    """Over many learners each option comes first about as often as any other (a biased
    shuffle, such as one that never leaves an option in its place, fails), and asking again
    for the same learner gives the same order."""
    result = run_module("order", """(m, ids) => {
        const first = Object.fromEntries(ids.map((id) => [id, 0]));
        const last = Object.fromEntries(ids.map((id) => [id, 0]));
        let stable = true;
        for (let n = 0; n < 5000; n += 1) {
            const order = m.learnerOrder(`learner-${n}`, "q", ids);
            first[order[0]] += 1;
            last[order[order.length - 1]] += 1;
            stable &&= JSON.stringify(order) === JSON.stringify(m.learnerOrder(`learner-${n}`, "q", ids));
        }
        return { first, last, stable };
    }""", ["a", "b", "c", "d", "e"])
    assert result["stable"]
    for where in ("first", "last"):  # 1000 expected each; 5 standard deviations is about 140
        for option, count in result[where].items():
            assert 860 < count < 1140, (where, option, count)


def test_the_widgets_get_the_progress_files_learner_id(progress: Path) -> None:
    progress.write_text(json.dumps({"course": COURSE_ID, "version": __version__, "learner_id": "amina-42",
                                    "alias": None, "answers": []}), encoding="utf-8")
    for cls in (PillarQuiz, ChoiceQuiz, CoercionSorter):
        assert cls("practice").learner_id == "amina-42", cls.__name__


def test_a_new_learners_id_is_kept_from_the_first_exercise_shown(progress: Path) -> None:
    """No progress file yet: the first widget writes one with the id it shows by, so a kernel
    restart (a new store) orders the options the same way, before any answer."""
    assert not progress.exists()
    first = ChoiceQuiz("practice").learner_id
    assert first and progress.exists()
    assert json.loads(progress.read_text(encoding="utf-8"))["learner_id"] == first
    assert ProgressStore(progress).learner_id == first


def test_a_fixed_bank_tells_its_widget(progress: Path, tmp_path: Path) -> None:
    """A bank's fixed_order reaches the widget (which keeps every question's written order)."""
    import yaml

    from r2p_course.paths import QUIZ_DIR

    assert ChoiceQuiz("practice").fixed_order is False
    doc = yaml.safe_load((QUIZ_DIR / "practice.yml").read_text(encoding="utf-8"))
    fixed = tmp_path / "fixed.yml"
    fixed.write_text(yaml.safe_dump({**doc, "fixed_order": True}), encoding="utf-8")
    assert get_bank(str(fixed)).fixed_order is True
    assert ChoiceQuiz(str(fixed)).fixed_order is True
    assert CoercionSorter(str(fixed)).fixed_order is True


def test_make_notebooks_commits_no_learner_id() -> None:
    """``make notebooks`` runs with a scratch progress file, whose new id would change every
    committed lab at every run (and is no one's): tools/run_notebooks.py empties it."""
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools" / "run_notebooks.py")
    run_notebooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_notebooks)
    nb = nbformat.read(ROOT / "notebooks" / "practice-widgets.ipynb", as_version=4)
    ours = [m["state"] for m in nb.metadata["widgets"][run_notebooks.WIDGET_STATE]["state"].values()
            if m["state"].get("_r2p_widget")]
    assert ours
    for state in ours:
        state["learner_id"] = "scratch-3f2c9a1b"
    written = json.loads(run_notebooks.stable_ids(nb, "practice-widgets.ipynb"))
    saved = [m["state"] for m in written["metadata"]["widgets"][run_notebooks.WIDGET_STATE]["state"].values()
             if m["state"].get("_r2p_widget")]
    assert len(saved) == len(ours) and all(state["learner_id"] == "" for state in saved)
