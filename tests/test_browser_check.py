"""Check mode on the website: a bank with ``mode: check`` shows nothing that tells right from
wrong until the learner submits the whole set, then every question's feedback at once.

The practice lab, as built, is served with its widgets' saved ``mode`` set to ``check`` (the
only change; the course's check banks are on their own pages): the same page, loader and
front ends a learner gets, for all three kinds of widget.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_accessibility import axe_problems, set_mode

from r2p_course import COURSE_ID
from r2p_course.progress import validate_export
from r2p_course.quiz import client_question, get_bank, grade

LAB = "notebooks/practice-widgets.html"
STATE = re.compile(r'(<script type="application/vnd\.jupyter\.widget-state\+json">)(.*?)(</script>)', re.S)
STORE = f"{COURSE_ID}:answers"
BANK = {q["id"]: client_question(q) for q in get_bank("practice").questions}
CHOICES = [qid for qid, q in BANK.items() if q["type"] == "choice"]
# what only feedback says: a widget in check mode shows none of it before submission
FEEDBACK_WORDS = re.compile(r"Correct|Partly right|Not quite|No answer given|Also correct|Also applies|"
                            r"Does not apply|out of place|Score|Submitted:")
pytestmark = pytest.mark.usefixtures("built_site")


def _as_check(html: str) -> str:
    """The built page with every course widget's saved mode set to "check"."""
    def patch(match: re.Match) -> str:
        state = json.loads(match.group(2))
        for model in state["state"].values():
            if model["state"].get("_r2p_widget"):
                model["state"]["mode"] = "check"
        return match.group(1) + json.dumps(state) + match.group(3)

    patched, count = STATE.subn(patch, html)
    assert count == 1, "the lab page carries no saved widget state"
    return patched


def _open(page, site_url: str, path: str = LAB):
    def serve(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=_as_check(response.text()))

    page.route(f"{site_url}/{path}", serve)
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    return page


def _widget(page, kind: str):
    return page.locator(".r2p-widget[data-r2p-mode=check]").filter(
        has=page.locator(f"[data-r2p-widget='{kind}']"))


def _saved(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORE}') || '{{}}'"))


def _pick(widget, qid: str, option: str) -> None:
    block = widget.locator(f"[data-question-id='{qid}']")
    block.locator(f"input[value='{option}']").check()


def _right(qid: str) -> list:
    return BANK[qid]["answer"]


def _wrong(qid: str) -> str:
    return next(o["id"] for o in BANK[qid]["options"] if o["id"] not in BANK[qid]["answer"])


def _nothing_revealed(page) -> None:
    """No result, feedback, colour or score anywhere, in the DOM or the accessibility tree."""
    assert page.locator("[data-result]").count() == 0
    assert page.locator(".r2p-headline, .r2p-explanation, .r2p-cite").count() == 0
    for widget in page.locator(".r2p-widget").all():
        assert widget.get_attribute("data-r2p-mode") == "check"
        for status in widget.locator("[role=status]").all():
            assert status.inner_text().strip() == ""
            assert status.evaluate("(el) => getComputedStyle(el).borderLeftWidth") == "0px"  # no colour bar
        tree = widget.aria_snapshot()
        assert not FEEDBACK_WORDS.search(tree), tree
        text = widget.evaluate("(el) => el.textContent")
        assert not FEEDBACK_WORDS.search(text.replace("Submit answers", "")), text
        for name in ("Check answer", "Retry", "Show the answer", "Try again"):
            assert widget.get_by_role("button", name=name).count() == 0
        assert widget.get_by_role("button", name="Submit answers").count() == 1


def test_before_submission_nothing_reveals_the_key(page, site_url: str) -> None:
    _open(page, site_url)
    choice = _widget(page, "choice-quiz")
    assert "learning check, not an exam" in choice.inner_text()
    assert "Feedback comes after you submit" in choice.inner_text()
    _nothing_revealed(page)
    # answering, right and wrong, and moving tools change nothing of it
    _pick(choice, CHOICES[0], _right(CHOICES[0])[0])
    _pick(choice, CHOICES[1], _wrong(CHOICES[1]))
    _widget(page, "pillar-quiz").locator("input[type=checkbox]").first.check()
    sorter = _widget(page, "coercion-sorter")
    sorter.locator("button[aria-label^='Move'][aria-label$='down']:enabled").first.click()
    _nothing_revealed(page)
    assert _saved(page) == {}  # nothing graded is written before submission
    assert page.errors == []


def test_submit_writes_every_question_and_shows_all_feedback_then_reload_keeps_it(page, site_url: str) -> None:
    _open(page, site_url)
    choice = _widget(page, "choice-quiz")
    first, second, *rest = CHOICES
    _pick(choice, first, _right(first)[0])
    _pick(choice, second, _wrong(second))
    choice.get_by_role("button", name="Submit answers").click()
    # unanswered questions are named before anything is submitted
    ask = choice.get_by_role("group").filter(has_text="submit anyway?")
    assert ask.is_visible()
    assert f"{len(rest)} questions have no answer: submit anyway?" in ask.inner_text()
    assert page.locator("[data-result]").count() == 0 and _saved(page) == {}
    ask.get_by_role("button", name="Back to the questions").click()
    assert not ask.is_visible()
    focused = page.evaluate("document.activeElement.closest('[data-question-id]')?.dataset.questionId")
    assert focused == rest[0]  # the first question without an answer
    choice.get_by_role("button", name="Submit answers").click()
    ask.get_by_role("button", name="Submit anyway").click()

    saved = _saved(page)
    assert set(saved) == set(CHOICES)  # every question of the widget, and only those
    assert len({entry["time"] for entry in saved.values()}) == 1  # one submission, one time
    assert saved[first] == {"answer": _right(first), "result": "correct", "time": saved[first]["time"],
                            "attempts": 1, "first_result": "correct", "first_answer": _right(first)}
    assert saved[second]["result"] == grade(BANK[second], [_wrong(second)])["result"] != "correct"
    for qid in rest:
        assert saved[qid]["answer"] == [] and saved[qid]["result"] == "incorrect"
        assert saved[qid]["first_answer"] == [] and saved[qid]["attempts"] == 1

    def submitted_view() -> list:
        shown = []
        for qid in CHOICES:
            block = choice.locator(f"[data-question-id='{qid}']")
            status = block.locator("[role=status]")
            assert status.get_attribute("data-result") == saved[qid]["result"], qid
            assert block.locator(".r2p-explanation").count() == 1, qid  # the key and why
            inputs = block.locator("input")
            assert all(i.is_disabled() for i in inputs.all()), qid  # locked
            shown.append([i.get_attribute("value") for i in inputs.all() if i.is_checked()])
        summary = choice.locator(".r2p-check-summary")
        assert summary.get_attribute("role") == "status"
        assert summary.inner_text().startswith(f"Submitted: 1 of {len(CHOICES)} correct")
        assert f"{len(rest)} with no answer" in summary.inner_text()
        assert choice.get_by_role("button", name="Submit answers").count() == 0
        assert choice.get_by_role("button", name="Try again").is_visible()
        return shown

    shown = submitted_view()
    assert shown == [saved[q]["answer"] for q in CHOICES]
    assert "No answer given." in choice.locator(f"[data-question-id='{rest[0]}'] [role=status]").inner_text()
    assert page.evaluate("document.activeElement.classList.contains('r2p-check-summary')")
    # the other widgets of the page were not submitted
    assert _widget(page, "pillar-quiz").locator("[data-result]").count() == 0

    page.reload()
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    choice = _widget(page, "choice-quiz")
    assert submitted_view() == shown
    assert page.errors == []


def test_try_again_keeps_the_first_submission_in_the_downloaded_file(page, site_url: str, tmp_path: Path) -> None:
    _open(page, site_url)
    choice = _widget(page, "choice-quiz")
    first = CHOICES[0]
    for qid in CHOICES:
        _pick(choice, qid, _wrong(qid) if qid == first else _right(qid)[0])
    choice.get_by_role("button", name="Submit answers").click()  # all answered: no question asked
    before = _saved(page)
    assert before[first]["result"] != "correct"

    choice.get_by_role("button", name="Try again").click()
    confirm = choice.get_by_role("group").filter(has_text="Start a new attempt?")
    confirm.get_by_role("button", name="Cancel").click()
    assert choice.locator("[data-result]").count() == len(CHOICES)  # nothing changed
    choice.get_by_role("button", name="Try again").click()
    confirm.get_by_role("button", name="Yes, start a new attempt").click()
    # a new attempt: choices cleared, unlocked, no feedback; the saved entries stay until submitted
    assert choice.locator("[data-result]").count() == 0
    assert choice.locator(".r2p-explanation").count() == 0
    assert choice.locator("input:checked").count() == 0
    assert choice.locator("input:disabled").count() == 0
    assert _saved(page) == before
    for qid in CHOICES:
        _pick(choice, qid, _right(qid)[0])
        if BANK[qid]["multiple"]:
            for option in _right(qid)[1:]:
                _pick(choice, qid, option)
    choice.get_by_role("button", name="Submit answers").click()
    assert "This was attempt 2" in choice.locator(".r2p-check-summary").inner_text()

    tools = choice.locator(".r2p-tools")
    tools.locator("summary").click()
    with page.expect_download() as info:
        tools.get_by_role("button", name="Download my answers").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    entries = validate_export(data)  # the course's own reader keeps every field
    for qid in CHOICES:
        entry = entries[qid]
        assert entry["result"] == "correct" and entry["answer"] == _right(qid), qid
        assert entry["attempts"] == 2, qid
        assert entry["first_result"] == before[qid]["result"], qid
        assert entry["first_answer"] == before[qid]["answer"], qid
    assert entries[first]["first_answer"] == [_wrong(first)]
    assert len({entries[q]["time"] for q in CHOICES}) == 1 and entries[first]["time"] > before[first]["time"]


@pytest.mark.parametrize("kind", ["pillar-quiz", "coercion-sorter"])
def test_pillar_quiz_and_sorter_submit_their_own_questions(page, site_url: str, kind: str) -> None:
    _open(page, site_url)
    widget = _widget(page, kind)
    ids = [b.get_attribute("data-question-id") for b in widget.locator("[data-question-id]").all()]
    assert ids
    if kind == "pillar-quiz":
        widget.locator("input[type=checkbox]").first.check()
    else:  # the practice bank's sorter asks for an order: a tool moved down
        widget.locator("button[aria-label^='Move'][aria-label$='down']:enabled").first.click()
    widget.get_by_role("button", name="Submit answers").click()
    ask = widget.get_by_role("group").filter(has_text="submit anyway?")
    if ask.count() and ask.is_visible():
        ask.get_by_role("button", name="Submit anyway").click()
    saved = _saved(page)
    assert sorted(saved) == sorted(ids)
    assert len({e["time"] for e in saved.values()}) == 1
    for qid in ids:
        entry = saved[qid]
        assert entry["result"] == (grade(BANK[qid], entry["answer"])["result"] if entry["answer"] else "incorrect")
        status = widget.locator(f"[data-question-id='{qid}'] [role=status]")
        assert status.get_attribute("data-result") == entry["result"]
        assert widget.locator(f"[data-question-id='{qid}'] .r2p-explanation").count() == 1
    assert widget.locator("[data-question-id] button:enabled, [data-question-id] input:enabled").count() == 0  # locked
    page.reload()
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    widget = _widget(page, kind)
    assert widget.locator("[data-result]").count() == len(ids)
    assert page.errors == []


def test_check_mode_by_keyboard_alone(page, site_url: str) -> None:
    """Answer, submit past the question about unanswered ones, try again: keys only."""
    _open(page, site_url)
    choice = _widget(page, "choice-quiz")
    first = choice.locator(f"[data-question-id='{CHOICES[0]}'] input").first
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()

    def tab_to(name: str) -> None:
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent") == name:
                return
        raise AssertionError(f"Tab never reached {name!r}")

    tab_to("Submit answers")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Submit anyway"
    page.keyboard.press("Enter")
    assert choice.locator("[data-result]").count() == len(CHOICES)
    assert page.evaluate("document.activeElement.classList.contains('r2p-check-summary')")
    tab_to("Try again")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent") == "Yes, start a new attempt"
    page.keyboard.press("Enter")
    assert choice.locator("[data-result]").count() == 0
    # focus is back on the first question's first option, ready for the new attempt
    assert page.evaluate("document.activeElement.closest('[data-question-id]')?.dataset.questionId") == CHOICES[0]
    assert page.errors == []


def test_check_mode_has_no_serious_accessibility_violation(page, site_url: str) -> None:
    _open(page, site_url)
    assert axe_problems(page) == []
    choice = _widget(page, "choice-quiz")
    choice.get_by_role("button", name="Submit answers").click()
    assert axe_problems(page) == []  # the question about unanswered ones
    choice.get_by_role("button", name="Submit anyway").click()
    assert axe_problems(page) == []  # every question's feedback
    choice.get_by_role("button", name="Try again").click()
    assert axe_problems(page) == []  # the confirmation of a new attempt
    set_mode(page, "dark")
    assert axe_problems(page) == []


def test_a_tiers_question_left_with_no_tool_placed_is_unanswered(page, site_url: str) -> None:
    """The sorting lab's tiers questions in check mode: one with a tool placed is graded as
    usual, the others are submitted as [] and incorrect; the tiers board is locked after."""
    _open(page, site_url, "notebooks/03-sort-the-toolbox.html")
    sorter = _widget(page, "coercion-sorter")
    blocks = sorter.locator("[data-question-id]")
    tiers = [b.get_attribute("data-question-id") for b in blocks.all() if b.locator(".r2p-board").count()]
    assert len(tiers) >= 2
    first = sorter.locator(f"[data-question-id='{tiers[0]}']")
    first.locator("input[type=radio]").first.check()
    _nothing_revealed(page)
    sorter.get_by_role("button", name="Submit answers").click()
    sorter.get_by_role("button", name="Submit anyway").click()
    saved = _saved(page)
    placed = saved[tiers[0]]["answer"]
    # one tool in tier 1 (the first one shown: each learner sees the tools in an order of their
    # own, and the answer keeps the written order), the rest not placed
    assert placed.count(1) == 1 and placed.count(None) == len(placed) - 1, placed
    for qid in tiers[1:]:
        assert saved[qid]["answer"] == [] and saved[qid]["result"] == "incorrect"
        assert sorter.locator(f"[data-question-id='{qid}'] [role=status]").get_attribute("data-result") == "incorrect"
    assert sorter.locator("[data-question-id] input:enabled, [data-question-id] button:enabled").count() == 0
    assert page.errors == []
