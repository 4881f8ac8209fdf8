"""The website's "My progress" page in headless Chromium: the shared counting cases, a learner's
answers from a chapter page counted with a link back, served and from disk, and axe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_accessibility import axe_problems, set_mode

from r2p_course.quiz import load_banks

PAGE = "book/my-progress.html"
CHAPTER = "book/01-genesis.html"
RIGHT, WRONG = "ch1-choice-annan-steps", "ch1-choice-first-to-refer"
CASES = json.loads((Path(__file__).parent / "progress_summary_cases.json").read_text(encoding="utf-8"))["cases"]
pytestmark = pytest.mark.usefixtures("built_site")


def test_shared_progress_cases_in_the_browser(page, site_url: str) -> None:
    page.goto(f"{site_url}/{PAGE}")
    page.wait_for_function("window.r2pWidgets && window.r2pWidgets['my-progress']")
    got = page.evaluate("(cases) => cases.map((c) => window.r2pWidgets['my-progress'].summarize(c.data, c.answers))",
                        CASES)
    for case, result in zip(CASES, got, strict=True):
        assert result == case["expected"], case["name"]


def answer_two_on_chapter_one(page, url: str) -> None:
    """One question answered right, one wrong, on chapter I, as a learner would."""
    bank = load_banks()["chapter-1"].by_id
    page.goto(url)
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    for qid, right in ((RIGHT, True), (WRONG, False)):
        q = bank[qid]
        chosen = q["answer"] if right else [next(o["id"] for o in q["options"] if o["id"] not in q["answer"])]
        block = page.locator(f"[data-question-id='{qid}']")
        for option in chosen:
            block.locator(f"input[value='{option}']").check()
        block.get_by_role("button", name="Check answer").click()
        expect(block.locator("[role=status]")).to_have_attribute("data-result", "correct" if right else "incorrect")


def check_counts_and_revisit_link(page, url: str) -> None:
    page.goto(url)
    status = page.locator("[data-r2p-my-progress] [role=status]")
    expect(status).to_contain_text("You have answered 2 of the course's")
    expect(status).to_contain_text("1 of them right. 1 to revisit")
    chapter_one = page.get_by_role("region", name="Your answers by chapter").locator("tbody tr").first
    cells = [c.strip() for c in chapter_one.locator("th, td").all_inner_texts()]
    assert cells[0].startswith("I. Genesis") and cells[2:] == ["2", "1"]
    revisit = page.locator(".r2p-progress-revisit li")
    expect(revisit).to_have_count(1)
    expect(revisit).to_contain_text(WRONG)
    link = revisit.get_by_role("link", name="Genesis of the responsibility to protect")
    link.click()
    page.wait_for_selector(f"[data-question-id='{WRONG}']")
    assert page.url.split("?")[0].endswith(CHAPTER)


def test_nothing_answered_is_said_plainly(page, site_url: str) -> None:
    page.goto(f"{site_url}/{PAGE}")
    status = page.locator("[data-r2p-my-progress] [role=status]")
    expect(status).to_contain_text("You have not answered any question yet")
    assert page.locator(".r2p-fallback").count() == 0
    assert page.errors == []


def test_answers_on_a_chapter_show_in_my_progress_with_a_link(page, site_url: str) -> None:
    answer_two_on_chapter_one(page, f"{site_url}/{CHAPTER}")
    check_counts_and_revisit_link(page, f"{site_url}/{PAGE}")
    assert page.errors == []
    assert all(url.startswith(site_url) for url in page.requests)


def test_my_progress_from_disk(browser, built_site: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        answer_two_on_chapter_one(page, (built_site / CHAPTER).as_uri())
        check_counts_and_revisit_link(page, (built_site / PAGE).as_uri())
        assert errors == []
    finally:
        context.close()


def test_axe_light_dark_and_narrow(page, site_url: str) -> None:
    answer_two_on_chapter_one(page, f"{site_url}/{CHAPTER}")
    page.goto(f"{site_url}/{PAGE}")
    expect(page.locator(".r2p-progress-revisit li")).to_have_count(1)
    for mode in ("light", "dark"):
        set_mode(page, mode)
        assert axe_problems(page) == [], mode
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_problems(page) == []
    assert page.errors == []
