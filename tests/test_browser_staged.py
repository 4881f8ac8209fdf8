"""The staged scenario on the built site: the lab "Responsibility while protecting".

Its notebook shows ``ChoiceQuiz("rwp-scenario")``, a staged bank: a stage shows only once
every question of the stage before has a checked answer; "Start again" clears this bank's
answers (and no other's) after a confirmation; a reload keeps the open stages; everything
works from the keyboard, and each stage's opening is announced in a status region.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from r2p_course import COURSE_ID
from r2p_course.quiz import get_bank
from r2p_course.site_server import toc_pages

LAB = next((p for p in toc_pages() if p == "notebooks/05-responsibility-while-protecting.html"), None)
BANK = get_bank("rwp-scenario")
STAGE = {q["id"]: q["stage"] for q in BANK.questions}
pytestmark = pytest.mark.usefixtures("built_site")


def _open(page, site_url: str):
    assert LAB, "no lab notebook named 05-responsibility-while-protecting in _toc.yml"
    page.goto(f"{site_url}/{LAB}")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    return page


def _stage(page, n: int):
    return page.locator(f"[data-r2p-stage='{n}']")


def _answer(page, qid: str, right: bool = True) -> None:
    """Choose the key's options (or one wrong option) and check, by mouse."""
    q = BANK.by_id[qid]
    block = page.locator(f"[data-question-id='{qid}']")
    chosen = q["answer"] if right else [next(o["id"] for o in q["options"] if o["id"] not in q["answer"])]
    for option in chosen:
        block.locator(f"input[value='{option}']").check()
    block.get_by_role("button", name="Check answer").click()
    expect(block.locator("[role=status]")).to_have_attribute("data-result", "correct" if right else "incorrect")


def _finish_stage(page, n: int, right: bool = True) -> None:
    for qid, stage in STAGE.items():
        if stage == n:
            _answer(page, qid, right)


def test_a_later_stage_shows_only_once_the_one_before_is_answered(page, site_url: str) -> None:
    _open(page, site_url)
    expect(_stage(page, 1)).to_be_visible()
    for n in range(2, len(BANK.stages) + 1):
        expect(_stage(page, n)).to_be_hidden()
    assert "Velmora is an invented country" in _stage(page, 1).inner_text()  # the narrative, marked fictional
    first = [qid for qid, s in STAGE.items() if s == 1]
    _answer(page, first[0], right=False)  # one of the stage's questions is not enough
    expect(_stage(page, 2)).to_be_hidden()
    for qid in first[1:]:
        _answer(page, qid)
    expect(_stage(page, 2)).to_be_visible()  # a wrong answer opens the next stage too
    expect(_stage(page, 3)).to_be_hidden()
    announced = page.locator(".r2p-stage-status[role=status]")
    expect(announced).to_contain_text(f"Stage 2 of {len(BANK.stages)} is open")
    assert BANK.stages[1]["title"] in _stage(page, 2).inner_text()
    # the feedback quotes the report and names the paragraph
    status = page.locator(f"[data-question-id='{first[0]}'] [role=status]")
    assert status.locator("a[href*='report.html#para-5']").count() >= 1
    assert not page.errors


def test_the_open_stages_survive_a_reload(page, site_url: str) -> None:
    _open(page, site_url)
    _finish_stage(page, 1)
    _finish_stage(page, 2)
    expect(_stage(page, 3)).to_be_visible()
    page.reload()
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    expect(_stage(page, 3)).to_be_visible()
    expect(_stage(page, 4)).to_be_hidden()
    qid = next(q for q, s in STAGE.items() if s == 2)
    expect(page.locator(f"[data-question-id='{qid}'] [role=status]")).to_have_attribute("data-result", "correct")
    # nothing is announced on a reload: the learner did not open a stage
    expect(page.locator(".r2p-stage-status")).to_have_text("")


def test_start_again_clears_this_scenario_only_after_confirming(page, site_url: str) -> None:
    _open(page, site_url)
    entry = {"answer": ["a"], "result": "incorrect", "time": "2026-03-10T09:00:00Z"}
    other = {"practice-choice-authorize-force": entry}  # an answer on another page
    key = f"{COURSE_ID}:answers"
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, other])
    page.reload()
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    _finish_stage(page, 1)
    expect(_stage(page, 2)).to_be_visible()
    restart = page.get_by_role("button", name="Start again")
    restart.click()
    page.get_by_role("group", name="Confirm start again").get_by_role("button", name="Cancel").click()
    expect(_stage(page, 2)).to_be_visible()  # cancelled: nothing lost
    expect(restart).to_be_focused()
    restart.click()
    page.get_by_role("button", name="Yes, clear my answers to this scenario").click()
    expect(_stage(page, 2)).to_be_hidden()
    for qid in (q for q, s in STAGE.items() if s == 1):
        assert page.locator(f"[data-question-id='{qid}'] [role=status]").get_attribute("data-result") is None
        assert page.locator(f"[data-question-id='{qid}'] input:checked").count() == 0
    expect(page.locator(".r2p-stage-status")).to_contain_text("stage 1 is open")
    stored = json.loads(page.evaluate("(k) => localStorage.getItem(k)", key))
    assert set(stored) == set(other), "Start again must clear this scenario's answers and keep the others"
    assert not page.errors


def test_the_scenario_works_from_the_keyboard(page, site_url: str) -> None:
    _open(page, site_url)
    first = next(q for q, s in STAGE.items() if s == 1)
    q = BANK.by_id[first]
    radio = page.locator(f"[data-question-id='{first}'] input[value='{q['answer'][0]}']")
    radio.focus()
    page.keyboard.press("Space")
    expect(radio).to_be_checked()
    page.keyboard.press("Tab")  # from the radio group to its Check button
    expect(page.locator(f"[data-question-id='{first}'] .r2p-check")).to_be_focused()
    page.keyboard.press("Enter")
    status = page.locator(f"[data-question-id='{first}'] [role=status]")
    expect(status).to_have_attribute("data-result", "correct")
    for qid in (x for x, s in STAGE.items() if s == 1 and x != first):
        question = BANK.by_id[qid]
        block = page.locator(f"[data-question-id='{qid}']")
        for option in question["answer"]:
            block.locator(f"input[value='{option}']").focus()
            page.keyboard.press("Space")
        block.locator(".r2p-check").focus()
        page.keyboard.press("Enter")
    expect(_stage(page, 2)).to_be_visible()
    restart = page.get_by_role("button", name="Start again")
    restart.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Cancel").last).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("button", name="Yes, clear my answers to this scenario")).to_be_focused()
    page.keyboard.press("Enter")
    expect(_stage(page, 2)).to_be_hidden()
    assert not page.errors
