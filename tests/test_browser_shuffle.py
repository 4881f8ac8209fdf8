"""Each learner's own order of options and tools, on the built website in headless Chromium.

The site's learner id is the one the loader keeps in localStorage (``<course>:learner``); each
test sets it before the page loads, as a returning learner's browser has it. The expected
orders come from ``tests/shuffle_cases.json``, which ``test_shuffle.py`` runs in Node.js and
``test_jupyterlab.py`` compares with what JupyterLab shows for a progress file of the same id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from js_runner import run_module

from r2p_course import COURSE_ID
from r2p_course.quiz import client_question, get_bank
from r2p_course.site_server import toc_pages

LAB = "notebooks/practice-widgets.html"
SORT_LAB = next((p for p in toc_pages() if p.startswith("notebooks/") and p.endswith("sort-the-toolbox.html")), None)
CASES = json.loads((Path(__file__).parent / "shuffle_cases.json").read_text(encoding="utf-8"))
BY_NAME = {c["name"]: c for c in CASES["cases"]}
ONE = BY_NAME["a learner, a choice question of 5 options"]
OTHER = BY_NAME["another learner, the same question: another order"]
CHOICE_Q = ONE["question"]["id"]  # practice-choice-chapter-vi: five options
ORDER_Q = "practice-order-toolbox"
TIERS_Q = "sort-the-toolbox-tiers-look-twice"
# a learner whose own order of practice-order-toolbox already respects the tiers (found by
# running order.js over learner-0, learner-1...; test_a_start_that_is_already_right_... checks it)
SORTED_START = "learner-6"
pytestmark = pytest.mark.usefixtures("built_site")


def _learner_page(browser, site_url: str, learner_id: str, path: str = LAB):
    """A fresh browser whose stored learner id is ``learner_id``, on ``path``."""
    context = browser.new_context()
    context.add_init_script(f"localStorage.getItem({json.dumps(COURSE_ID + ':learner')}) === null && "
                            f"localStorage.setItem({json.dumps(COURSE_ID + ':learner')}, {json.dumps(learner_id)});")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    return page


def _options(page, qid: str) -> list[str]:
    return page.locator(f"[data-question-id='{qid}'] input[type=checkbox], "
                        f"[data-question-id='{qid}'] input[type=radio]").evaluate_all("(ns) => ns.map((n) => n.value)")


def _tools(page, qid: str) -> list[str]:
    return page.locator(f"[data-question-id='{qid}'] li[data-tool-id]").evaluate_all(
        "(lis) => lis.map((li) => li.dataset.toolId)")


def _written(qid: str, bank: str = "practice") -> list[str]:
    q = client_question(get_bank(bank).by_id[qid])
    return [o["id"] for o in q.get("options", q.get("items", []))]


def test_the_shared_cases_give_the_same_orders_on_the_site(page, site_url: str) -> None:
    page.goto(f"{site_url}/{LAB}")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    got = page.evaluate("(cases) => cases.map((c) => window.r2pWidgets['choice-quiz']"
                        ".shownOrder(c.learner_id, c.question, c.ids, c.bank_fixed_order ?? false))", CASES["cases"])
    for case, order in zip(CASES["cases"], got, strict=True):
        assert order == case["expected"], case["name"]


def test_each_learner_sees_their_own_order_and_a_reload_keeps_it(browser, site_url: str) -> None:
    page = _learner_page(browser, site_url, ONE["learner_id"])
    try:
        assert ONE["ids"] == _written(CHOICE_Q)  # the case file speaks of this question as written
        assert _options(page, CHOICE_Q) == ONE["expected"] != ONE["ids"]
        # the sorter's order question starts in the same learner's order of its tools
        tools = BY_NAME["the tools of an order question"]
        assert tools["ids"] == _written(ORDER_Q) and tools["learner_id"] == ONE["learner_id"]
        assert _tools(page, ORDER_Q) == tools["expected"] != tools["ids"]
        # keyboard order follows the shown order: Tab goes through the options as they read
        page.locator(f"[data-question-id='{CHOICE_Q}'] input").first.focus()
        tabbed = [page.evaluate("document.activeElement.value")]
        for _ in ONE["ids"][1:]:
            page.keyboard.press("Tab")
            tabbed.append(page.evaluate("document.activeElement.value"))
        assert tabbed == ONE["expected"]
        # labels stay with their options
        labels = page.locator(f"[data-question-id='{CHOICE_Q}'] .r2p-choice").evaluate_all(
            "(ds) => ds.map((d) => [d.querySelector('input').value, d.querySelector('label').textContent])")
        texts = {o["id"]: o["text"] for o in client_question(get_bank("practice").by_id[CHOICE_Q])["options"]}
        assert all(texts[value] in label for value, label in labels)
        page.reload()
        page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
        assert _options(page, CHOICE_Q) == ONE["expected"]
        assert _tools(page, ORDER_Q) == tools["expected"]
        assert page.errors == []
    finally:
        page.context.close()
    other = _learner_page(browser, site_url, OTHER["learner_id"])
    try:
        assert _options(other, CHOICE_Q) == OTHER["expected"] != ONE["expected"]
    finally:
        other.context.close()


def test_answers_are_stored_by_option_id_and_grade_the_same_in_any_order(browser, site_url: str) -> None:
    """Two learners, two orders, the same choices: the same stored answer and result."""
    chosen = ["negotiation", "arms-controls"]
    stored = []
    for case in (ONE, OTHER):
        page = _learner_page(browser, site_url, case["learner_id"])
        try:
            block = page.locator(f"[data-question-id='{CHOICE_Q}']")
            for value in chosen:
                block.locator(f"input[value='{value}']").check()
            block.get_by_role("button", name="Check answer").click()
            entry = json.loads(page.evaluate(f"localStorage.getItem('{COURSE_ID}:answers')"))[CHOICE_Q]
            shown = block.locator("[role=status]").get_attribute("data-result")
            stored.append((entry["answer"], entry["result"], shown))
            # a reload shows the same choices ticked, in the learner's order
            page.reload()
            page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
            ticked = block.locator("input:checked").evaluate_all("(ns) => ns.map((n) => n.value)")
            assert ticked == [v for v in case["expected"] if v in chosen]
        finally:
            page.context.close()
    assert stored[0] == stored[1] == (chosen, "partial", "partial")


@pytest.mark.skipif(SORT_LAB is None, reason="no sort-the-toolbox lab in the table of contents")
def test_the_tiers_question_lists_the_learners_order_and_stores_tiers_as_written(browser, site_url: str) -> None:
    written = _written(TIERS_Q, "sort-the-toolbox")
    tier = {i["id"]: i["tier"] for i in client_question(get_bank("sort-the-toolbox").by_id[TIERS_Q])["items"]}
    results = []
    for learner in (ONE["learner_id"], OTHER["learner_id"]):
        page = _learner_page(browser, site_url, learner, SORT_LAB)
        try:
            expected = run_module("order", "(m, l, q, ids) => m.learnerOrder(l, q, ids)", learner, TIERS_Q, written)
            block = page.locator(f"[data-question-id='{TIERS_Q}']")
            assert _tools(page, TIERS_Q) == expected != written  # "not placed yet", in the learner's order
            wrong = expected[0]  # the first tool shown goes in a wrong tier, the others in theirs
            for tool in expected:
                give = tier[tool] % 3 + 1 if tool == wrong else tier[tool]
                block.locator(f"li[data-tool-id='{tool}'] input[value='{give}']").check()
            block.get_by_role("button", name="Check answer").click()
            entry = json.loads(page.evaluate(f"localStorage.getItem('{COURSE_ID}:answers')"))[TIERS_Q]
            # one tier per tool, in the question's written order, whatever order they were shown in
            assert entry["answer"] == [tier[t] % 3 + 1 if t == wrong else tier[t] for t in written]
            results.append((entry["result"], block.locator("[role=status]").get_attribute("data-result")))
        finally:
            page.context.close()
    assert results == [("partial", "partial")] * 2


def test_a_start_that_is_already_right_is_not_shown(browser, site_url: str) -> None:
    """An order question never starts in an order a Check would call right: for a learner
    whose own order respects the tiers, the sorter starts in the written (scrambled) order."""
    page = _learner_page(browser, site_url, SORTED_START)
    try:
        written = _written(ORDER_Q)
        own = page.evaluate("([l, q, ids]) => window.r2pWidgets['choice-quiz'].learnerOrder(l, q, ids)",
                            [SORTED_START, ORDER_Q, written])
        tier = {i["id"]: i["tier"] for i in client_question(get_bank("practice").by_id[ORDER_Q])["items"]}
        assert [tier[t] for t in own] == sorted(tier[t] for t in own), "pick another SORTED_START"
        assert _tools(page, ORDER_Q) == written
        block = page.locator(f"[data-question-id='{ORDER_Q}']")
        block.get_by_role("button", name="Check answer").click()
        assert block.locator("[role=status]").get_attribute("data-result") != "correct"
    finally:
        page.context.close()


RENDER = """([question, bankFixed, learnerId]) => {
    const attrs = { questions: [question], answers: {}, bank: "t", title: "", stages: [], alias: null,
                    report_url: "report.html", course: { id: "t", version: "0" }, learner_id: learnerId,
                    fixed_order: bankFixed };
    const model = { get: (k) => attrs[k], set: (k, v) => { attrs[k] = v; }, on() {}, off() {},
                    save_changes() {}, send() {} };
    const holder = document.createElement("div");
    document.body.append(holder);
    window.r2pWidgets["choice-quiz"].default.render({ model, el: holder });
    const order = [...holder.querySelectorAll("input[type=checkbox], input[type=radio]")].map((n) => n.value);
    holder.remove();
    return order;
}"""


def test_a_fixed_question_or_bank_never_moves(page, site_url: str) -> None:
    """The site's ChoiceQuiz drawn with a question of the course: in the learner's order, but
    in the written order when the question or its bank says fixed_order: true."""
    page.goto(f"{site_url}/{LAB}")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    question = client_question(get_bank("practice").by_id[CHOICE_Q])
    learner = ONE["learner_id"]
    assert page.evaluate(RENDER, [question, False, learner]) == ONE["expected"]
    assert page.evaluate(RENDER, [{**question, "fixed_order": True}, False, learner]) == ONE["ids"]
    assert page.evaluate(RENDER, [question, True, learner]) == ONE["ids"]
    assert page.evaluate(RENDER, [{**question, "fixed_order": True}, False, OTHER["learner_id"]]) == ONE["ids"]
