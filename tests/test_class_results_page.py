"""The website's "Class results" page, as a trainer with only a browser uses it.

The trainer chooses (or drops) the learners' files and reads the class's summary; the page
must show the command's figures, download the command's files, send nothing anywhere, work
opened from disk, and be usable with a keyboard and a screen reader.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_accessibility import axe_problems, set_mode

from r2p_course.paths import EXAMPLES_DIR, bank_keys_file
from r2p_course.quiz import load_banks
from r2p_course.results import collect, course_questions, write

PAGE = "book/instructors/class-results.html"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))
FILES_LABEL = "Learners' answers files (choose several)"
pytestmark = pytest.mark.usefixtures("built_site")


@pytest.fixture(scope="module")
def command(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The class: the example submissions and one learner whose name and id look like
    spreadsheet formulas; and what `r2p-course results FOLDER --out DIR` writes for it."""
    folder = tmp_path_factory.mktemp("class")
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    doc = json.loads(EXAMPLES[-1].read_text(encoding="utf-8"))
    doc.update(learner_id="formula-1", alias="=HYPERLINK(\"http://example.org\",\"me\")")
    (folder / "zz-formula.json").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path_factory.mktemp("results")
    results = collect([folder])
    write(results, out)
    return {"files": sorted(folder.iterdir()), "results": results,
            "answers_csv": (out / "answers.csv").read_text(encoding="utf-8"),
            "summary": json.loads((out / "summary.json").read_text(encoding="utf-8"))}


def choose(page, files: list[Path]) -> None:
    page.get_by_label(FILES_LABEL).set_input_files([str(p) for p in files])
    expect(page.get_by_role("status")).to_contain_text(f"{len(files)} file(s) read")


def table_rows(page, heading: str) -> list[list[str]]:
    """The cells of the table under a heading, row by row, as the trainer reads them."""
    region = page.get_by_role("region", name=heading)
    return region.locator("tbody tr").evaluate_all("(rows) => rows.map((r) => [...r.cells].map((c) => c.innerText))")


def test_the_example_class_shows_the_commands_figures_and_nothing_leaves_the_browser(
        page, site_url: str, command: dict, tmp_path: Path) -> None:
    page.goto(f"{site_url}/{PAGE}", wait_until="networkidle")  # the page and its favicon, loaded
    results = command["results"]
    before = len(page.requests)
    choose(page, command["files"])
    counts = results.counts
    expect(page.get_by_role("status")).to_have_text(
        f"{counts['files']} file(s) read: {counts['counted']} counted, {counts['left_out']} left out; "
        f"{counts['learners']} learner(s); {len(results.problems)} problem(s).")

    # the bad files, by name and reason
    problems = table_rows(page, "Problems with the files")
    assert [(row[0], row[1]) for row in problems] == [(Path(p.file).name, p.kind) for p in results.problems]
    # every learner, by the name they typed, with the command's counts
    learners = table_rows(page, "Completion per learner")
    want = [(r["alias"] or r["learner"][:8], str(r["answered"]), str(r["correct"]))
            for r in results.tables["learners"]]
    assert [(row[0].split(" (")[0], row[1], row[3]) for row in learners] == want
    # per objective, the same share correct
    objectives = table_rows(page, "Correct answers per learning objective")
    assert [(row[0], row[5]) for row in objectives] == [
        (r["objective"], f"{r['percent_correct']:g}") for r in results.tables["objectives"]]
    # nothing was fetched or sent once the files were chosen
    assert [u for u in page.requests[before:] if u.startswith("http")] == []
    # a question id opens its key, on its bank's page, in a new tab: the results loaded here stay
    links = page.get_by_role("region", name="Correct answers per question").locator("tbody a")
    bank_of = {qid: name for name, bank in load_banks().items() for qid in bank.by_id}
    hrefs = dict(zip(links.all_inner_texts(), links.evaluate_all("(a) => a.map((x) => x.getAttribute('href'))"),
                     strict=True))
    assert len({bank_of[qid] for qid in hrefs}) > 1  # the class answered several banks
    assert hrefs == {qid: f"{bank_keys_file(bank_of[qid], '.html')}#q-{qid}" for qid in hrefs}
    first = links.last  # the last bank's page: not the first one a wrong link might land on
    qid = first.inner_text()
    assert (first.get_attribute("target"), first.get_attribute("rel")) == ("_blank", "noopener")
    with page.context.expect_page() as opened:
        first.click()
    key = opened.value
    key.wait_for_url(f"**/{bank_keys_file(bank_of[qid], '.html')}#q-{qid}")
    assert key.locator(f"#q-{qid}").count() == 1
    key.close()
    assert page.url.endswith(PAGE) and table_rows(page, "Completion per learner") == learners
    assert page.errors == []


def cells(page, heading: str, column: int) -> list[str]:
    return [row[column] for row in table_rows(page, heading)]


def number(text: str) -> float:
    """A cell as a number; an empty cell ("none") sorts last."""
    try:
        return float(text)
    except ValueError:
        return float("inf")


def test_readable_in_the_room(page, site_url: str, command: dict) -> None:
    """On a projector at 1280 px: the hardest questions first, each with its prompt, the figures
    that matter without scrolling sideways, and every table sorted by a button in its heading."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{site_url}/{PAGE}")
    choose(page, command["files"])
    assert page.locator(".r2p-results-output h2").first.inner_text() == "Hardest questions"
    hardest = command["results"].hardest()["questions"]
    rows = table_rows(page, "Hardest questions")
    assert [row[0].split("\n") for row in rows] == [[q["question"], q["prompt"]] for q in hardest]
    assert [(row[1], row[2]) for row in rows] == [
        (f"{q['percent_correct']:g}", f"{q['percent_correct_first_try']:g}") for q in hardest]
    # the prompt is text, whatever it holds
    assert page.locator(".r2p-results-prompt *").count() == 0
    # the figures that matter are in view, and the page does not scroll sideways
    for heading in ("Hardest questions", "Correct answers per question"):
        region = page.get_by_role("region", name=heading)
        right = region.bounding_box()["x"] + region.bounding_box()["width"]
        for label in ("% correct", "% correct first try", "Most frequent wrong (pillars)"):
            header = region.get_by_role("columnheader", name=label, exact=True)
            box = header.bounding_box()
            assert box["x"] + box["width"] <= right + 1, (heading, label)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    # sorting: a button in each column heading, its order announced by aria-sort
    heading = "Correct answers per question"
    region = page.get_by_role("region", name=heading)
    before = cells(page, heading, 0)
    button = region.get_by_role("button", name="% correct", exact=True)
    button.click()
    header = region.get_by_role("columnheader", name="% correct", exact=True)
    expect(header).to_have_attribute("aria-sort", "ascending")
    shares = [number(c) for c in cells(page, heading, 1)]
    assert shares == sorted(shares) and sorted(cells(page, heading, 0)) == sorted(before)
    answered = region.get_by_role("button", name="Answered", exact=True)
    answered.focus()
    page.keyboard.press("Enter")  # by keyboard: ascending, then descending
    page.keyboard.press("Enter")
    expect(region.get_by_role("columnheader", name="Answered", exact=True)).to_have_attribute("aria-sort", "descending")
    assert header.get_attribute("aria-sort") is None  # one column sorts at a time
    counts = [int(c) for c in cells(page, heading, 4)]
    assert counts == sorted(counts, reverse=True)
    # the learners by name, from a text column
    page.get_by_role("region", name="Completion per learner").get_by_role("button", name="Learner").click()
    names = cells(page, "Completion per learner", 0)
    assert names == sorted(names, key=str.lower) or names == sorted(names)
    for mode in ("light", "dark"):  # sorted tables, their arrows and the prompts, in both modes
        set_mode(page, mode)
        assert axe_problems(page) == [], mode
    assert page.errors == []


def test_results_survive_back_and_reload(page, site_url: str, command: dict) -> None:
    """A trainer who follows one of the page's own links, or the site's menu, and comes back
    finds the class still loaded, with the banks they chose; "Start again" forgets it."""
    page.goto(f"{site_url}/{PAGE}")
    choose(page, command["files"])
    status = page.get_by_role("status")
    loaded = status.inner_text()
    banks = page.get_by_role("group", name="Banks the workshop assigned")
    banks.get_by_role("checkbox").first.uncheck()
    rows = table_rows(page, "Completion per bank")
    page.locator("article a[href='workshop.html']").first.click()
    page.wait_for_url("**/workshop.html")
    page.go_back()
    expect(status).to_have_text(loaded)
    assert table_rows(page, "Completion per bank") == rows
    page.reload()
    expect(status).to_have_text(loaded)
    assert not banks.get_by_role("checkbox").first.is_checked()
    page.get_by_role("button", name="Start again with no files").click()
    page.reload()
    expect(status).to_have_text("No files chosen yet.")
    assert page.errors == []


def test_banks_nobody_answered_are_not_counted_until_ticked(page, site_url: str, tmp_path: Path) -> None:
    doc = json.loads((EXAMPLES_DIR / "learner-1.json").read_text(encoding="utf-8"))
    doc["answers"] = [a for a in doc["answers"] if a["question_id"].startswith("wp-")]
    assert doc["answers"]
    (tmp_path / "wp.json").write_text(json.dumps(doc), encoding="utf-8")
    page.goto(f"{site_url}/{PAGE}")
    choose(page, [tmp_path / "wp.json"])
    assert cells(page, "Completion per bank", 0) == ["which-pillar"]
    banks = page.get_by_role("group", name="Banks the workshop assigned")
    ticked = banks.get_by_role("checkbox").evaluate_all("(boxes) => boxes.filter((b) => b.checked).map((b) => b.value)")
    assert ticked == ["which-pillar"]
    banks.get_by_label("practice", exact=False).check()  # the trainer did assign it
    assert cells(page, "Completion per bank", 0) == ["practice", "which-pillar"]
    assert table_rows(page, "Completion per bank")[0][-1] == "1"  # answered none
    page.get_by_role("button", name="Start again with no files").click()
    choose(page, [tmp_path / "wp.json"])
    assert cells(page, "Completion per bank", 0) == ["which-pillar"]
    assert page.errors == []


def test_downloads_are_the_commands_files(page, site_url: str, command: dict, tmp_path: Path) -> None:
    page.goto(f"{site_url}/{PAGE}")
    choose(page, command["files"])
    saved = {}
    for name in ("answers.csv", "summary.json"):
        with page.expect_download() as info:
            page.get_by_role("button", name=f"Download {name}").click()
        assert info.value.suggested_filename == name
        info.value.save_as(tmp_path / name)
        saved[name] = (tmp_path / name).read_text(encoding="utf-8")
    assert saved["answers.csv"] == command["answers_csv"]
    assert "'=HYPERLINK(" in saved["answers.csv"]  # text, not a formula
    assert len(list(csv.DictReader(io.StringIO(saved["answers.csv"])))) == len(command["results"].tables["answers"])
    mine, theirs = json.loads(saved["summary.json"]), command["summary"]
    # the command names a file by the path it was given, the page by its name
    for doc in (mine, theirs):
        for problem in doc["tables"]["problems"]:
            problem["file"] = ", ".join(Path(f).name for f in problem["file"].split(", "))
            problem.pop("message")
    assert mine == theirs


def real_drop(page, selector: str, paths: list[Path]) -> None:
    """Drop files or folders from disk on an element, as a trainer's mouse does (DevTools
    input events: the browser's own drop, with files it can read, not a made-up event)."""
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    cdp = page.context.new_cdp_session(page)
    data = {"items": [], "files": [str(p) for p in paths], "dragOperationsMask": 1}
    for kind in ("dragEnter", "dragOver", "drop"):
        cdp.send("Input.dispatchDragEvent", {"type": kind, "x": box["x"] + box["width"] / 2,
                                             "y": box["y"] + box["height"] / 2, "data": data})
    cdp.detach()


def test_drop_banks_and_start_again(page, site_url: str, tmp_path: Path) -> None:
    page.goto(f"{site_url}/{PAGE}")
    status = page.get_by_role("status")
    expect(status).to_have_text("No files chosen yet.")
    learners = [p for p in EXAMPLES if p.name.startswith("learner-")]
    # two files dropped on the box, as a trainer drags them from a folder
    real_drop(page, ".r2p-drop", learners[:2])
    expect(status).to_have_text("2 file(s) read: 2 counted, 0 left out; 2 learner(s); 0 problem(s).")
    # a folder dropped on the box: its .json files at any depth, nothing else
    folder = tmp_path / "class"
    (folder / "group-b").mkdir(parents=True)
    shutil.copy(learners[2], folder / "c.json")
    shutil.copy(learners[3], folder / "group-b" / "d.json")
    (folder / "notes.txt").write_text("not an answers file", encoding="utf-8")
    real_drop(page, ".r2p-drop", [folder])
    expect(status).to_have_text("4 file(s) read: 4 counted, 0 left out; 4 learner(s); 0 problem(s).")
    # on the file chooser itself, and beside the box: the page stays, with its files
    real_drop(page, "input[type=file]:not([webkitdirectory])", [learners[4]])
    expect(status).to_have_text("5 file(s) read: 5 counted, 0 left out; 5 learner(s); 0 problem(s).")
    real_drop(page, "h1 >> nth=-1", [learners[5]])
    page.wait_for_timeout(300)
    assert page.url.endswith(PAGE)
    expect(status).to_have_text("5 file(s) read: 5 counted, 0 left out; 5 learner(s); 0 problem(s).")
    page.get_by_role("button", name="Start again with no files").click()
    real_drop(page, ".r2p-drop", learners[:2])
    expect(status).to_have_text("2 file(s) read: 2 counted, 0 left out; 2 learner(s); 0 problem(s).")
    answered = {a["question_id"] for f in learners[:2] for a in json.loads(f.read_text(encoding="utf-8"))["answers"]}
    banks_answered = {q.bank for q in course_questions().values() if q.id in answered}
    assert len(table_rows(page, "Completion per bank")) == len(banks_answered)
    # count only the banks the workshop assigned
    banks = page.get_by_role("group", name="Banks the workshop assigned")
    for box in banks.get_by_role("checkbox").all():
        if "which-pillar" not in box.evaluate("(b) => b.value"):
            box.uncheck()
    assert [row[0] for row in table_rows(page, "Completion per bank")] == ["which-pillar"]
    questions = table_rows(page, "Correct answers per question")
    assert questions and all(row[0].startswith("wp-") for row in questions)
    banks.get_by_role("checkbox").last.uncheck()
    expect(status).to_have_text("Choose at least one bank.")
    page.get_by_role("button", name="Start again with no files").click()
    expect(status).to_have_text("No files chosen yet.")
    assert page.errors == []


def test_files_with_one_name_folders_and_the_example_class(page, site_url: str, tmp_path: Path) -> None:
    """As files reach a trainer: every download has the same name; folders hold other files."""
    page.goto(f"{site_url}/{PAGE}")
    status = page.get_by_role("status")
    learners = [p for p in EXAMPLES if p.name.startswith("learner-")]
    one, two = tmp_path / "ana", tmp_path / "ben"
    for folder, source in ((one, learners[0]), (two, learners[1])):
        folder.mkdir()
        shutil.copy(source, folder / "r2p-course-answers.json")
    pick = page.get_by_label(FILES_LABEL)
    pick.set_input_files([str(one / "r2p-course-answers.json")])
    pick.set_input_files([str(two / "r2p-course-answers.json")])  # another learner, the same name
    expect(status).to_have_text("2 file(s) read: 2 counted, 0 left out; 2 learner(s); 0 problem(s).")
    pick.set_input_files([str(one / "r2p-course-answers.json")])  # the first file again: read once
    expect(status).to_have_text("Those files were read already. "
                                "2 file(s) read: 2 counted, 0 left out; 2 learner(s); 0 problem(s).")
    page.locator(".r2p-results-files summary").click()
    expect(page.locator(".r2p-results-files li")).to_have_text(
        ["r2p-course-answers.json", "r2p-course-answers.json (2)"])

    # a folder: .json files at any depth and whatever the case of the suffix; not hidden
    # files, not other files (as the command reads a folder)
    page.get_by_role("button", name="Start again with no files").click()
    folder = tmp_path / "class"
    (folder / "group-b").mkdir(parents=True)
    shutil.copy(learners[0], folder / "ANA.JSON")
    shutil.copy(learners[1], folder / "group-b" / "ben.json")
    shutil.copy(learners[2], folder / ".hidden.json")
    (folder / "notes.txt").write_text("not an answers file", encoding="utf-8")
    page.get_by_label("Or a folder of them").set_input_files(str(folder))
    expect(status).to_have_text("2 file(s) read: 2 counted, 0 left out; 2 learner(s); 0 problem(s).")
    assert sorted(collect([folder]).counted) == sorted(str(folder / p) for p in ("ANA.JSON", "group-b/ben.json"))

    # the example class, for a trainer trying the page
    page.get_by_role("button", name="Start again with no files").click()
    page.get_by_role("button", name="Try it with the example class").click()
    expect(status).to_contain_text(f"{len(EXAMPLES)} file(s) read")
    rows = table_rows(page, "Problems with the files")
    assert sorted(row[0] for row in rows) == ["bad-other-course.json", "bad-truncated.json"]
    assert page.errors == []


def test_works_opened_from_disk(page, built_site: Path, tmp_path: Path) -> None:
    """From the unzipped site, as a trainer without a server opens it."""
    page.goto((built_site / PAGE).as_uri())
    # browsers refuse to read a folder dropped on a page from disk: the page says what to do
    (tmp_path / "class").mkdir()
    shutil.copy(EXAMPLES[-1], tmp_path / "class" / "a.json")
    real_drop(page, ".r2p-drop", [tmp_path / "class"])
    expect(page.get_by_role("status")).to_contain_text("choose it with \u201cOr a folder of them\u201d instead")
    real_drop(page, ".r2p-drop", [tmp_path / "class" / "a.json"])  # files dropped do work
    expect(page.get_by_role("status")).to_contain_text("1 file(s) read: 1 counted")
    page.get_by_role("button", name="Start again with no files").click()
    choose(page, EXAMPLES)
    expect(page.get_by_role("region", name="Completion per learner")).to_be_visible()
    page.get_by_role("button", name="Start again with no files").click()
    page.get_by_role("button", name="Try it with the example class").click()
    expect(page.get_by_role("status")).to_contain_text(f"{len(EXAMPLES)} file(s) read")
    assert page.errors == []


def test_keyboard_and_axe(page, site_url: str) -> None:
    page.goto(f"{site_url}/{PAGE}")
    # the file chooser is reached with Tab and named by its label
    files = page.get_by_label(FILES_LABEL)
    for _ in range(80):
        page.keyboard.press("Tab")
        if files.evaluate("(input) => input === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the file chooser")
    choose(page, EXAMPLES)
    # a wide table scrolls in a box the keyboard can reach
    assert page.get_by_role("region", name="Completion per learner").evaluate("(r) => r.tabIndex") == 0
    for mode in ("light", "dark"):
        set_mode(page, mode)
        assert axe_problems(page) == [], mode
    assert page.errors == []


def test_without_javascript_the_page_points_to_the_command(browser, built_site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((built_site / PAGE).as_uri())
        fallback = page.locator(".r2p-fallback")
        expect(fallback).to_be_visible()
        expect(fallback).to_contain_text("In JupyterLab or a terminal, use the command")
        expect(page.locator("body")).to_contain_text("r2p-course results submissions/ --out results/")
    finally:
        context.close()
