"""The built website in headless Chromium: every widget answers, offline, with no errors."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from r2p_course import COURSE_ID, __version__
from r2p_course.assets import static_files
from r2p_course.progress import validate_export
from r2p_course.quiz import client_question, get_bank, grade
from r2p_course.rules import CITATION
from r2p_course.site_server import toc_pages

LAB = "notebooks/practice-widgets.html"
ALL_CASES = json.loads((Path(__file__).parent / "grading_cases.json").read_text(encoding="utf-8"))
CASES = [c for c in ALL_CASES if "question" in c]  # the rest are staged-unlock cases
STAGE_CASES = [c for c in ALL_CASES if "open_stages" in c]
pytestmark = pytest.mark.usefixtures("built_site")


def _open(page, site_url: str, path: str = LAB):
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    return page


def _block(page, qid: str):
    return page.locator(f"[data-question-id='{qid}']")


def test_site_serves_the_packages_current_widget_files(site_url: str) -> None:
    import urllib.request

    for name, text in static_files().items():
        with urllib.request.urlopen(f"{site_url}/_static/r2p/{name}") as response:
            assert response.read().decode("utf-8") == text, f"stale {name} on the site"


def test_grading_cases_give_the_same_results_in_the_browser(page, site_url: str) -> None:
    _open(page, site_url)
    results = page.evaluate(
        """async (cases) => {
            const mod = window.r2pWidgets['pillar-quiz'];
            return cases.map((c) => [mod.grade(c.question, c.answer), c.hint ? mod.hint(c.question, c.answer) : null]);
        }""",
        CASES,
    )
    for case, (got, hinted) in zip(CASES, results, strict=True):
        assert got == case["expected"], case["name"]
        assert hinted == case.get("hint"), case["name"]
    opened = page.evaluate(
        "(cases) => cases.map((c) => window.r2pWidgets['choice-quiz'].openStages(c.questions, c.answers))",
        STAGE_CASES,
    )
    for case, got in zip(STAGE_CASES, opened, strict=True):
        assert got == case["open_stages"], case["name"]
    submissions = [c for c in ALL_CASES if "submission" in c]  # a check bank's "Submit answers"
    written = page.evaluate(
        "(cases) => cases.map((c) => window.r2pWidgets['choice-quiz']"
        ".submissionEntries(c.questions, c.given, c.previous, c.time))",
        submissions,
    )
    for case, got in zip(submissions, written, strict=True):
        assert got == case["submission"], case["name"]


def test_pillar_quiz_answers_and_explains(page, site_url: str) -> None:
    _open(page, site_url)
    block = _block(page, "practice-pillars-guinea-inquiry")
    assert block.get_attribute("data-r2p-widget") == "pillar-quiz"
    status = block.locator("[role=status]")
    assert status.get_attribute("data-result") is None
    block.get_by_label("Pillar two", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    assert status.get_attribute("data-result") == "partial"
    assert "Not every pillar that applies is ticked yet" in status.inner_text()  # a hint first
    block.get_by_role("button", name="Show the answer").click()
    assert "Also applies: pillar three" in status.inner_text()
    assert status.locator("a[href*='report.html#para-12']").count() >= 1
    block.get_by_role("button", name="Retry").click()
    assert status.get_attribute("data-result") is None
    block.get_by_label("Pillar two", exact=False).check()
    block.get_by_label("Pillar three", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    assert status.get_attribute("data-result") == "correct"
    assert "Score: 1 of 5 correct" in page.locator(".r2p-score").first.inner_text()
    assert not page.errors


def test_choice_quiz_gives_per_option_feedback(page, site_url: str) -> None:
    _open(page, site_url)
    block = _block(page, "practice-choice-authorize-force")
    assert block.get_attribute("data-r2p-widget") == "choice-quiz"
    block.get_by_label("The General Assembly").check()
    block.get_by_role("button", name="Check answer").click()
    status = block.locator("[role=status]")
    assert status.get_attribute("data-result") == "incorrect"
    assert "Chapter IV" in status.inner_text()  # the option's own feedback
    multi = _block(page, "practice-choice-chapter-vi")
    for label in ("Negotiation", "Mediation", "Imposing a no-fly zone"):
        multi.get_by_label(label).check()
    multi.get_by_role("button", name="Check answer").click()
    assert multi.locator("[role=status]").get_attribute("data-result") == "partial"
    assert "Article 42" in multi.locator("[role=status]").inner_text()


def test_sorter_works_from_the_keyboard_alone(page, site_url: str) -> None:
    _open(page, site_url)
    block = _block(page, "practice-order-toolbox")
    assert block.get_attribute("data-r2p-widget") == "coercion-sorter"
    names = lambda: block.locator("ol > li .r2p-sort-name").all_inner_texts()  # noqa: E731
    tiers = {"Mediation": 1, "Monitoring": 1, "Travel": 2, "Controlling": 2, "Imposition": 3, "Military": 3}

    def tier(name: str) -> int:
        return next(t for prefix, t in tiers.items() if name.startswith(prefix))

    # Selection sort by keyboard: focus a "Move ... up" button, press Enter to move it.
    for _ in range(12):
        current = names()
        wrong = next((i for i in range(1, len(current)) if tier(current[i]) < tier(current[i - 1])), None)
        if wrong is None:
            break
        button = block.get_by_role("button", name=f"Move {current[wrong]} up")
        button.focus()
        page.keyboard.press("Enter")
        moved = current[wrong]
        assert names()[wrong - 1] == moved
        # focus stays on the moved tool, so Enter again keeps moving it: on its own "up"
        # button, or on its "down" button once it reached the top (where "up" is disabled)
        expected = f"Move {moved} up" if wrong - 1 > 0 else f"Move {moved} down"
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == expected
    assert [tier(n) for n in names()] == sorted(tier(n) for n in names())
    block.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")
    assert block.locator("[role=status]").get_attribute("data-result") == "correct"


def test_sorter_names_each_misplaced_tool_and_its_paragraph(page, site_url: str) -> None:
    _open(page, site_url)
    block = _block(page, "practice-order-toolbox")
    # the learner's own start order (never one that already respects the tiers), checked as it is
    shown = block.locator("li[data-tool-id]").evaluate_all("(lis) => lis.map((li) => li.dataset.toolId)")
    block.get_by_role("button", name="Check answer").click()
    status = block.locator("[role=status]")
    question = client_question(get_bank("practice").by_id["practice-order-toolbox"])
    graded = grade(question, shown)
    assert status.get_attribute("data-result") == graded["result"] in ("partial", "incorrect")
    text = status.inner_text()
    items = {i["id"]: i for i in question["items"]}
    for tool in graded["misplaced"]:  # each named, with where the report places it
        paras = items[tool]["paragraphs"]
        where = f"paras {', '.join(map(str, paras))}" if len(paras) > 1 else f"para {paras[0]}"
        assert f"{items[tool]['name']} is out of place: see where the report places it ({where})" in text


def test_progress_survives_a_reload(page, site_url: str) -> None:
    _open(page, site_url)
    block = _block(page, "practice-pillars-peacekeeping")
    block.get_by_label("Pillar two", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    page.reload()
    page.wait_for_selector("html[data-r2p-ready=true]")
    block = _block(page, "practice-pillars-peacekeeping")
    assert block.locator("[role=status]").get_attribute("data-result") == "correct"
    assert block.get_by_label("Pillar two", exact=False).is_checked()
    stored = json.loads(page.evaluate("localStorage.getItem('r2p-course:answers')"))
    assert stored["practice-pillars-peacekeeping"]["answer"] == [2]


def test_download_import_and_reset(page, site_url: str, tmp_path: Path) -> None:
    _open(page, site_url)
    block = _block(page, "practice-choice-rwp-origin")
    block.get_by_label("The President of Brazil", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    tools = page.locator(".r2p-tools").first
    tools.locator("summary").click()
    with page.expect_download() as info:
        tools.get_by_role("button", name="Download my answers").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["course"] == "r2p-course" and exported["learner_id"]
    assert [a["question_id"] for a in exported["answers"]] == ["practice-choice-rwp-origin"]

    tools.get_by_role("button", name="Reset my answers").click()
    tools.get_by_role("button", name="Yes, delete all my answers").click()
    result = "document.querySelector(\"[data-question-id='practice-choice-rwp-origin'] [role=status]\").dataset.result"
    page.wait_for_function(f"!{result}")

    saved = tmp_path / "answers.json"
    saved.write_text(json.dumps(exported), encoding="utf-8")
    tools.get_by_label("Import answers from a downloaded file").set_input_files(str(saved))
    page.wait_for_function(f"{result} === 'correct'")
    assert "Imported 1 answers" in tools.inner_text()

    bad = tmp_path / "bad.json"
    bad.write_text('{"course": "other", "answers": []}', encoding="utf-8")
    tools.get_by_label("Import answers from a downloaded file").set_input_files(str(bad))
    page.wait_for_function("document.querySelector('.r2p-tools-status').textContent.includes('Not imported')")
    # a time in another form than the course writes: refused here as by JupyterLab and the results
    odd = {**exported, "answers": [{**exported["answers"][0], "time": "2026-03-10 09:00"}]}
    bad.write_text(json.dumps(odd), encoding="utf-8")
    tools.get_by_label("Import answers from a downloaded file").set_input_files(str(bad))
    expect(tools.locator(".r2p-tools-status")).to_contain_text("Not imported: answer 1 (practice-choice-rwp-origin)"
                                                               ": expected an ISO 8601 'time'")


# ------------------------------------------------------------ answers kept in the browser
# The website's counterparts of tests/test_progress.py: the loader keeps answers in
# localStorage with the same rules as the progress file.

STORE_KEY = f"{COURSE_ID}:answers"


def _stored(page) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('{STORE_KEY}')") or "{}")


def _reload(page) -> None:
    page.reload()
    page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)


def _tools(page):
    """The first "My answers" tools, opened."""
    tools = page.locator(".r2p-tools").first
    tools.locator("summary").click()
    return tools


def _import(tools, path: Path, document: dict, expected_note: str) -> None:
    path.write_text(json.dumps(document), encoding="utf-8")
    tools.get_by_label("Import answers from a downloaded file").set_input_files(str(path))
    expect(tools.locator(".r2p-tools-status")).to_contain_text(expected_note)


def test_retry_clears_the_question_but_keeps_the_first_result(page, site_url: str) -> None:
    """Retry empties the question for a new try; the saved answer stays until the next Check,
    which counts a second attempt and keeps the first result (class results count both)."""
    qid = "practice-pillars-peacekeeping"
    _open(page, site_url)
    block = _block(page, qid)
    block.get_by_label("Pillar three", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    assert _stored(page)[qid] | {"time": None} == {"answer": [3], "result": "incorrect", "time": None,
                                                   "attempts": 1, "first_result": "incorrect", "revealed": False}
    block.get_by_role("button", name="Retry").click()
    status = block.locator("[role=status]")
    assert status.get_attribute("data-result") is None
    assert not block.get_by_label("Pillar three", exact=False).is_checked()
    assert _stored(page)[qid]["answer"] == [3]  # nothing lost by Retry alone
    _reload(page)  # the last checked answer, and its hint, come back
    block = _block(page, qid)
    assert block.locator("[role=status]").get_attribute("data-result") == "incorrect"
    block.get_by_role("button", name="Retry").click()
    block.get_by_label("Pillar two", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    saved = _stored(page)[qid]
    assert (saved["result"], saved["attempts"], saved["first_result"], saved["revealed"]) == (
        "correct", 2, "incorrect", False)
    assert "Score: 1 of 5 correct" in page.locator(".r2p-score").first.inner_text()


# the bank's explanation and key of a question, as the page would show them once revealed
KEY_TEXT = {
    "practice-pillars-guinea-inquiry": ("Both. The report calls a commission of inquiry", "Also applies: pillar"),
    "practice-choice-authorize-force": ("the use of force, under Chapter VII, Article 42",),
}


@pytest.mark.parametrize("way", ["a second check", "Show the answer"])
def test_a_first_wrong_check_hints_and_the_key_comes_after(page, site_url: str, way: str) -> None:
    _open(page, site_url)
    pillars, choice = _block(page, "practice-pillars-guinea-inquiry"), _block(page, "practice-choice-authorize-force")
    pillars.get_by_label("Pillar one", exact=False).check()
    pillars.get_by_label("Pillar two", exact=False).check()
    pillars.get_by_role("button", name="Check answer").click()
    choice.get_by_label("The General Assembly").check()
    choice.get_by_role("button", name="Check answer").click()
    for qid, block in (("practice-pillars-guinea-inquiry", pillars), ("practice-choice-authorize-force", choice)):
        status = block.locator("[role=status]")
        assert status.get_attribute("data-result") in ("partial", "incorrect")
        text = status.inner_text()
        for key in KEY_TEXT[qid]:
            assert key not in text, f"{qid}: the first wrong check shows {key!r}"
        assert block.locator(".r2p-explanation").count() == 0
        assert block.locator("[role=status] a[href*='report.html#para-']").count() >= 1  # where to read again
    # what was chosen, and why it does not fit, from the bank's feedback
    assert "Does not apply here: pillar one." in pillars.locator("[role=status]").inner_text()
    assert "Pillar one is the State's own responsibility" in pillars.locator("[role=status]").inner_text()
    assert "Chapter IV" in choice.locator("[role=status]").inner_text()
    reveal = pillars.get_by_role("button", name="Show the answer")
    assert reveal.evaluate("(b) => b.tagName") == "BUTTON"
    if way == "Show the answer":
        reveal.click()
        assert page.evaluate("document.activeElement.textContent") == "Retry"  # focus stays in the question
    else:
        pillars.get_by_role("button", name="Retry").click()
        pillars.get_by_label("Pillar one", exact=False).check()
        pillars.get_by_role("button", name="Check answer").click()
    status = pillars.locator("[role=status]")
    for key in KEY_TEXT["practice-pillars-guinea-inquiry"]:
        assert key in status.inner_text()
    assert pillars.get_by_role("button", name="Show the answer").is_hidden()
    saved = _stored(page)["practice-pillars-guinea-inquiry"]
    assert saved["revealed"] is True and saved["first_result"] == "partial"
    assert saved["attempts"] == (1 if way == "Show the answer" else 2)
    _reload(page)  # the key stays shown; the other question still shows only its hint
    status = _block(page, "practice-pillars-guinea-inquiry").locator("[role=status]")
    assert KEY_TEXT["practice-pillars-guinea-inquiry"][0] in status.inner_text()
    other = _block(page, "practice-choice-authorize-force").locator("[role=status]")
    assert KEY_TEXT["practice-choice-authorize-force"][0] not in other.inner_text()
    assert not page.errors


def test_a_right_answer_shows_the_explanation_at_once(page, site_url: str) -> None:
    _open(page, site_url)
    block = _block(page, "practice-choice-authorize-force")
    block.get_by_label("The Security Council").check()
    block.get_by_role("button", name="Check answer").click()
    status = block.locator("[role=status]")
    assert status.get_attribute("data-result") == "correct"
    assert KEY_TEXT["practice-choice-authorize-force"][0] in status.inner_text()
    assert block.get_by_role("button", name="Show the answer").is_hidden()


def test_import_keeps_the_newer_answer(page, site_url: str, tmp_path: Path) -> None:
    """An older file does not overwrite a newer answer; a newer file does."""
    qid = "practice-choice-rwp-origin"
    _open(page, site_url)
    block = _block(page, qid)
    block.get_by_label("The President of Brazil", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    mine = _stored(page)[qid]
    status = block.locator("[role=status]")
    tools = _tools(page)

    def document(time: str) -> dict:
        return {"course": COURSE_ID, "version": __version__, "learner_id": "another-device", "alias": None,
                "answers": [{"question_id": qid, "answer": ["annan"], "result": "incorrect", "time": time,
                             "attempts": 2, "first_result": "partial", "revealed": True}]}

    _import(tools, tmp_path / "older.json", document("2000-01-01T00:00:00.000Z"), "Imported 0 answers")
    assert _stored(page)[qid] == mine
    assert status.get_attribute("data-result") == "correct"

    newer = "2999-01-01T00:00:00.000Z"
    _import(tools, tmp_path / "newer.json", document(newer), "Imported 1 answers")
    assert _stored(page)[qid] == {"answer": ["annan"], "result": "incorrect", "time": newer,
                                  "attempts": 2, "first_result": "partial", "revealed": True}  # all kept
    expect(status).to_have_attribute("data-result", "incorrect")
    assert status.locator(".r2p-explanation").count() == 1  # revealed on the other device: the key shows
    _reload(page)
    assert _block(page, qid).locator("[role=status]").get_attribute("data-result") == "incorrect"
    # times compare as times: an hour earlier in another zone is older, whatever its text says
    tools = _tools(page)
    _import(tools, tmp_path / "zone.json", document("2999-01-01T00:30:00.000+01:00"), "Imported 0 answers")
    assert _stored(page)[qid]["time"] == newer


@pytest.mark.parametrize("damaged", ['{"practice-pillars-peacekeeping": {"answer": [2], "res', "[1]"],
                         ids=["truncated JSON", "JSON of another shape"])
def test_a_damaged_saved_answers_entry_is_kept_aside(page, site_url: str, damaged: str) -> None:
    _open(page, site_url)
    page.evaluate("([key, text]) => localStorage.setItem(key, text)", [STORE_KEY, damaged])
    _reload(page)
    saved = page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")
    aside = {k: v for k, v in saved.items() if k.startswith(f"{STORE_KEY}:corrupt-")}
    assert list(aside.values()) == [damaged], f"the damaged entry was not kept aside: {saved}"
    assert not page.errors  # the page still works ...
    qid = "practice-pillars-peacekeeping"
    block = _block(page, qid)
    assert block.locator("[role=status]").get_attribute("data-result") is None
    block.get_by_label("Pillar two", exact=False).check()
    block.get_by_role("button", name="Check answer").click()
    _reload(page)  # ... a new record was started, and the copy kept aside stays
    assert _block(page, qid).locator("[role=status]").get_attribute("data-result") == "correct"
    assert page.evaluate(f"localStorage.getItem('{next(iter(aside))}')") == damaged


def test_downloaded_answers_file_has_every_field(page, site_url: str) -> None:
    """The same format as the progress file: {course, version, learner_id, alias, answers}."""
    _open(page, site_url)
    pillars = _block(page, "practice-pillars-guinea-inquiry")
    pillars.get_by_label("Pillar two", exact=False).check()
    pillars.get_by_role("button", name="Check answer").click()
    choice = _block(page, "practice-choice-authorize-force")
    choice.get_by_label("The General Assembly").check()
    choice.get_by_role("button", name="Check answer").click()
    with page.expect_download() as info:
        _tools(page).get_by_role("button", name="Download my answers").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))

    assert set(exported) == {"course", "version", "learner_id", "alias", "answers"}
    assert exported["course"] == COURSE_ID and exported["version"] == __version__
    assert exported["learner_id"] == page.evaluate(f"localStorage.getItem('{COURSE_ID}:learner')")
    assert len(exported["learner_id"]) >= 16
    assert exported["alias"] is None  # no name typed
    assert [a["question_id"] for a in exported["answers"]] == [
        "practice-choice-authorize-force", "practice-pillars-guinea-inquiry"]
    for item in exported["answers"]:
        assert set(item) == {"question_id", "answer", "result", "time", "attempts", "first_result", "revealed"}
        assert (item["attempts"], item["first_result"], item["revealed"]) == (1, item["result"], False)
        dt.datetime.fromisoformat(item["time"].replace("Z", "+00:00"))
    by_id = {a["question_id"]: a for a in exported["answers"]}
    assert by_id["practice-pillars-guinea-inquiry"]["answer"] == [2]
    assert by_id["practice-pillars-guinea-inquiry"]["result"] == "partial"
    assert by_id["practice-choice-authorize-force"]["answer"] == ["general-assembly"]
    assert by_id["practice-choice-authorize-force"]["result"] == "incorrect"
    assert validate_export(exported).keys() == by_id.keys()  # JupyterLab and class results read it


ALIAS_KEY = f"{COURSE_ID}:alias"
NAME_FIELD = "Your name for your trainer (optional)"


def _download(page, tools) -> tuple[str, dict]:
    with page.expect_download() as info:
        tools.get_by_role("button", name="Download my answers").click()
    return info.value.suggested_filename, json.loads(Path(info.value.path()).read_text(encoding="utf-8"))


def test_the_name_for_the_trainer_sticks_on_every_page_and_names_the_download(page, site_url: str) -> None:
    """Typed once, the name is kept (localStorage), filled in on every widget and page after a
    reload, carried by every download and in its file name; emptying the field forgets it."""
    _open(page, site_url)
    today = page.evaluate("(() => { const d = new Date(); const two = (n) => String(n).padStart(2, '0');"
                          " return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`; })()")
    tools = _tools(page)
    tools.get_by_label(NAME_FIELD).fill("Amina Ñ. Diallo")
    assert page.evaluate(f"localStorage.getItem('{ALIAS_KEY}')") == "Amina Ñ. Diallo"
    fields = page.get_by_label(NAME_FIELD)
    assert fields.count() >= 2 and all(f.input_value() == "Amina Ñ. Diallo" for f in fields.all())  # the page's others
    _reload(page)
    tools = _tools(page)
    assert tools.get_by_label(NAME_FIELD).input_value() == "Amina Ñ. Diallo"
    _open(page, site_url, "notebooks/03-sort-the-toolbox.html")  # another page, another widget
    tools = _tools(page)
    assert tools.get_by_label(NAME_FIELD).input_value() == "Amina Ñ. Diallo"
    name, exported = _download(page, tools)
    assert name == f"r2p-answers-Amina-N-Diallo-{today}.json"
    assert exported["alias"] == "Amina Ñ. Diallo"
    assert f"as {name}" in tools.locator(".r2p-tools-status").inner_text()
    tools.get_by_label(NAME_FIELD).fill("")  # cleared: forgotten
    assert page.evaluate(f"localStorage.getItem('{ALIAS_KEY}')") is None
    _open(page, site_url)
    tools = _tools(page)
    assert tools.get_by_label(NAME_FIELD).input_value() == ""
    name, exported = _download(page, tools)
    learner = page.evaluate(f"localStorage.getItem('{COURSE_ID}:learner')")
    assert exported["alias"] is None and name == f"r2p-answers-{learner[:8]}-{today}.json"
    assert not page.errors


def _cited(text: str) -> list[str]:
    """The paragraph numbers a text cites ("paras 12-13" cites 12 and 13), as shared.js links them."""
    return [n for m in CITATION.finditer(text) for n in re.findall(r"[0-9]+", m.group("numbers"))]


def test_widget_citations_link_to_the_paragraph_they_name(page, site_url: str) -> None:
    """In prompts and feedback, "para N" links to paragraph N of the report page.

    What is cited comes from the bank's own text (and each question's ``paragraphs``), so a
    link whose number and text are both wrong is caught too.
    """
    import urllib.request

    from r2p_course.quiz import get_bank

    bank = get_bank("practice")
    _open(page, site_url)
    blocks = page.locator("[data-question-id]")
    assert blocks.count() == len(bank.questions)
    for i in range(blocks.count()):  # feedback of every question (and of every widget kind)
        block = blocks.nth(i)
        choice = block.locator("input[type=checkbox], input[type=radio]")
        if choice.count():
            choice.first.check()
        block.get_by_role("button", name="Check answer").click()
    shown = page.evaluate("""() => [...document.querySelectorAll('[data-question-id]')].map((block) => ({
        id: block.dataset.questionId,
        parts: [...block.querySelectorAll('p, label')].map((node) => ({
            role: node.className, text: node.textContent,
            links: [...node.querySelectorAll('a[href*="#para-"]')].map((a) => [a.textContent, a.href]),
        })),
    }))""")
    report = f"{site_url}/book/report.html"
    with urllib.request.urlopen(report) as response:
        anchors = set(re.findall(r'id="(para-\d+)"', response.read().decode("utf-8")))
    checked = 0
    for block in shown:
        question = bank.by_id[block["id"]]
        source = {"r2p-prompt": question["prompt"], "r2p-explanation": question["explanation"]}
        for part in block["parts"]:
            if part["role"] in source:  # the bank's text, shown as it is written
                assert part["text"] == source[part["role"]].replace("*", ""), (block["id"], part["role"])
            if part["role"] == "r2p-cite":  # "Report, paras ...": the question's paragraphs
                named = [str(n) for n in sorted(question["paragraphs"])]
            else:
                named = _cited(part["text"])
            assert [text for text, _ in part["links"]] == named, (block["id"], part["text"])
            for text, href in part["links"]:
                assert href == f"{report}#para-{text}", f"{block['id']}: para {text} links to {href}"
                assert f"para-{text}" in anchors
                checked += 1
    assert checked > 30, "the widgets cite hardly any paragraph"


def test_script_in_question_text_shows_as_text_and_does_not_run(page, site_url: str) -> None:
    _open(page, site_url)
    shown = page.evaluate(
        """async () => {
            const mod = window.r2pWidgets['pillar-quiz'];
            const attrs = {
              bank: 'x', title: '<b>t</b>', report_url: 'report.html', answers: {},
              course: {id: 'r2p-test', version: '0'},
              questions: [{id: 'xss', type: 'pillars', answer: [1], paragraphs: [11], feedback: {},
                prompt: '<script>window.__pwned = 1<\\/script><img src=x onerror="window.__pwned=2">',
                explanation: 'see para 11'}],
            };
            const model = {get: (k) => attrs[k], set: (k, v) => { attrs[k] = v; }, on() {}, off() {},
                           save_changes() {}, send() {}};
            const el = document.createElement('div');
            document.body.append(el);
            mod.default.render({model, el});
            await new Promise((r) => setTimeout(r, 200));
            return {text: el.querySelector('.r2p-prompt').textContent,
                    scripts: el.querySelectorAll('script, img').length, pwned: window.__pwned ?? null};
        }"""
    )
    assert shown == {
        "text": '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">',
        "scripts": 0,
        "pwned": None,
    }


@pytest.mark.parametrize("path", toc_pages())
def test_pages_stay_on_localhost_and_log_no_errors(page, site_url: str, path: str) -> None:
    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    outside = [u for u in page.requests if not u.startswith(("http://127.0.0.1", "data:", "blob:"))]
    assert outside == []
    assert page.errors == []


FIRST_ANSWER_BOUND = 3.0  # seconds; measured 0.6-1.2 s idle, up to 2.2 s with both cores busy


def test_a_quiz_answers_within_3_seconds_of_a_first_visit(browser, site_url: str) -> None:
    """From navigation to feedback on a first visit (empty cache), served locally.

    The bound is loose enough for a loaded 2-core machine, where one run may stall; so the
    best of two first visits (each in a fresh browser context) is taken. ``make bench``
    reports the real figures.
    """
    timings = []
    for _ in range(2):
        context = browser.new_context()
        try:
            page = context.new_page()
            start = time.perf_counter()
            _open(page, site_url)
            block = _block(page, "practice-pillars-incendiary-rhetoric")
            block.get_by_label("Pillar one", exact=False).check()
            block.get_by_role("button", name="Check answer").click()
            assert block.locator("[role=status]").get_attribute("data-result") == "correct"
            timings.append(time.perf_counter() - start)
        finally:
            context.close()
        if timings[-1] < FIRST_ANSWER_BOUND:
            break
    assert min(timings) < FIRST_ANSWER_BOUND, f"first answer took {', '.join(f'{t:.2f}' for t in timings)} s"


def test_report_reader_has_an_anchor_per_paragraph(page, site_url: str) -> None:
    page.goto(f"{site_url}/book/report.html#para-31")
    assert page.locator("[id^=para-]").count() == 61
    assert page.locator("[id^=footnote-]").count() == 4
    assert "Only the Security Council can authorize the use of force" in page.locator("p:has(#para-32)").inner_text()
    # the page is scrolled to the cited paragraph
    assert page.evaluate("document.getElementById('para-31').getBoundingClientRect().top") < 200


def test_every_exercise_works_from_disk_and_keeps_answers(browser, built_site: Path) -> None:
    """The site opened by file:// (a downloaded copy): exercises render, answer, survive a reload."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        for path in toc_pages():
            page.goto((built_site / path).as_uri())
            page.wait_for_load_state("load")
            if not page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
                continue
            page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
            assert page.locator(".r2p-fallback").count() == 0, f"{path}: an exercise did not render"
            blocks = page.locator("[data-question-id]")
            assert blocks.count() > 0, path
            answered = {}
            # a learning check (mode: check) is answered whole, then submitted once
            check_mode = page.locator("[data-r2p-mode=check]").count() > 0
            for i in range(blocks.count()):
                block = blocks.nth(i)
                choice = block.locator("input[type=checkbox], input[type=radio]")
                if choice.count():
                    choice.first.check()
                if not check_mode:
                    block.get_by_role("button", name="Check answer").click()
            if check_mode:
                page.get_by_role("button", name="Submit answers").click()
            for i in range(blocks.count()):
                block = blocks.nth(i)
                result = block.locator("[role=status]").get_attribute("data-result")
                assert result in {"correct", "partial", "incorrect"}, (path, i)
                answered[block.get_attribute("data-question-id")] = result
            page.reload()
            page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
            for qid, result in answered.items():
                status = page.locator(f"[data-question-id='{qid}'] [role=status]")
                assert status.get_attribute("data-result") == result, f"{path}: {qid} lost after reload"
        assert errors == []
    finally:
        context.close()


def test_a_page_says_so_when_its_exercises_cannot_load(browser, built_site: Path) -> None:
    """A browser that refuses the widget scripts shows a sentence, never a bare code line."""
    context = browser.new_context()
    page = context.new_page()
    page.route("**/_static/r2p/pillar-quiz.js*", lambda route: route.abort())
    try:
        page.goto((built_site / LAB).as_uri())
        page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
        message = page.locator(".r2p-fallback").first
        assert "could not be shown" in message.inner_text()
        assert message.is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("qid", "kind"), [("practice-pillars-incendiary-rhetoric", "pillar-quiz"),
                                           ("practice-choice-authorize-force", "choice-quiz")])
def test_pillar_and_choice_quizzes_work_from_the_keyboard_alone(page, site_url: str, qid: str, kind: str) -> None:
    """Tab reaches the choices, then Check; focus is visible; the result is announced (role=status)."""
    _open(page, site_url)
    block = _block(page, qid)
    assert block.get_attribute("data-r2p-widget") == kind
    block.locator(".r2p-prompt").click()  # a click on plain text, to set where Tab starts
    focused = []
    for _ in range(12):  # Tab until the first choice of this question has focus
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const el = document.activeElement;
            return {qid: el.closest('[data-question-id]')?.dataset.questionId, tag: el.tagName,
                    type: el.type, visible: el.matches(':focus-visible'),
                    outline: getComputedStyle(el).outlineStyle}; }""")
        focused.append(info)
        if info["qid"] == qid and info["tag"] == "INPUT":
            break
    assert focused[-1]["qid"] == qid and focused[-1]["tag"] == "INPUT", focused
    assert focused[-1]["visible"] and focused[-1]["outline"] != "none", "no visible focus on the choice"
    page.keyboard.press("Space")  # picks the first choice
    for _ in range(6):  # Tab on to the Check button (past any other choices)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Check answer":
            break
    assert page.evaluate("document.activeElement.textContent") == "Check answer"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    status = block.locator("[role=status]")
    assert status.get_attribute("data-result") in {"correct", "partial", "incorrect"}
    assert status.get_attribute("role") == "status" and status.inner_text().strip()
    assert page.evaluate("document.activeElement.textContent") == "Retry"  # focus stays in the question


CITING = "As paragraph 12 says (and para. 31, paras 12 and 13, paragraphs 3, 21 and 56), not Paragraph 42."


def test_every_citation_form_is_a_link_in_a_widget_as_on_the_answer_keys(page, site_url: str) -> None:  # noqa: ANN001
    """A bank's "paragraph 12" or "para. 31" is a link in a widget, to the paragraph it names, and
    the answer-keys pages (pages.inline) link the very same numbers."""
    from r2p_course.pages import inline

    _open(page, site_url)
    links = page.evaluate("""(prompt) => {
        const q = { id: "cite-check", type: "pillars", prompt, answer: [1], explanation: "x", paragraphs: [12] };
        const attrs = { questions: [q], answers: {}, title: "", bank: "t", report_url: "../book/report.html",
            stages: [], alias: null, course: { id: "cite-check", version: "0" } };
        const model = { get: (k) => attrs[k], set: (k, v) => { attrs[k] = v; }, on() {}, off() {},
            save_changes() {}, send() {} };
        const holder = document.createElement("div");
        document.body.append(holder);
        window.r2pWidgets["pillar-quiz"].default.render({ model, el: holder });
        return [...holder.querySelectorAll(".r2p-prompt a")].map((a) => [a.textContent, a.getAttribute("href")]);
    }""", CITING)
    numbers = ["12", "31", "12", "13", "3", "21", "56"]
    assert links == [[n, f"../book/report.html#para-{n}"] for n in numbers]
    assert re.findall(r"\(report\.md#para-([0-9]+)\)", inline(CITING)) == numbers
