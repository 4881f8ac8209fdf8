"""The printable edition: pages printed from the browser, and ``make pdf``'s PDFs.

- Print media (Chromium's, emulated) on every page that shows exercises: each question shows its
  number, prompt and options (for a sorter, every tool, and for a tier question its three tiers),
  every stage of a staged scenario included; no button, navigation, feedback, score or
  "My answers" tools shows, even after an answer was checked.
- ``tools/make_pdf.py`` (run once per session): the handbook's text has, before its answer keys,
  every chapter's title and every question a page shows, numbered, with its options; its page
  count is sane; its fonts are embedded; no page address is printed.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from r2p_course.pages import chapter_files, chapter_title, key_banks
from r2p_course.paths import toc_entries
from r2p_course.progress_summary import question_pages
from r2p_course.quiz import load_banks

ROOT = Path(__file__).resolve().parent.parent
QUESTION_PAGES = question_pages()
PAGES = sorted({where["page"] for where in QUESTION_PAGES.values()})
_spec = importlib.util.spec_from_file_location("make_pdf", ROOT / "tools" / "make_pdf.py")
MAKE_PDF = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(MAKE_PDF)
QUESTIONS = {q["id"]: q for bank in load_banks().values() for q in bank.questions}

# What may not show on paper, on any page.
SCREEN_ONLY = ["button", "nav", "input[type=file]", ".r2p-status", ".r2p-score", ".r2p-tools",
               ".r2p-stage-tools", ".r2p-handle", ".r2p-zone-empty", ".bd-sidebar-primary", ".bd-header",
               ".prev-next-area", ".search-button"]

# Per question block: what a reader of the printed page cannot see (each a short description).
PRINT_CHECK = """
(screenOnly) => {
  const shows = (node) => {
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(node).visibility !== "hidden";
  };
  const problems = [];
  const blocks = [...document.querySelectorAll(".r2p-question")];
  for (const block of blocks) {
    const id = block.dataset.questionId;
    const prompt = block.querySelector(".r2p-prompt");
    if (!prompt || !shows(prompt)) problems.push(`${id}: prompt hidden`);
    else if (!getComputedStyle(prompt, "::before").content.includes("counter(r2p-question)")) {
      problems.push(`${id}: prompt not numbered`);
    }
    const options = block.querySelectorAll(".r2p-choice label, .r2p-sort-name, .r2p-tier-option");
    if (!options.length) problems.push(`${id}: no options drawn`);
    for (const option of options) {
      if (!shows(option)) problems.push(`${id}: option "${option.textContent.trim()}" hidden`);
    }
  }
  for (const selector of screenOnly) {
    for (const node of document.querySelectorAll(selector)) {
      if (shows(node)) problems.push(`${selector} shows: ${node.outerHTML.slice(0, 80)}`);
    }
  }
  return { ids: blocks.map((b) => b.dataset.questionId), problems };
}
"""


@pytest.mark.parametrize("name", PAGES)
def test_page_prints_its_questions_without_controls(page, site_url: str, name: str) -> None:  # noqa: ANN001
    page.goto(f"{site_url}/{name}")
    page.wait_for_selector("html[data-r2p-ready=true]", state="attached", timeout=15_000)
    # check an answer first, so the page has feedback to leave off (a learning check, which
    # shows none before its whole set is submitted, prints as it stands)
    first = page.locator(".r2p-question").first
    choice = first.locator("input[type=checkbox], input[type=radio]")
    if choice.count():
        choice.first.check()
    if page.locator("[data-r2p-mode=check]").count() == 0:
        first.locator(".r2p-check").click()
        assert first.locator(".r2p-status .r2p-headline").is_visible()
    page.emulate_media(media="print")
    found = page.evaluate(PRINT_CHECK, SCREEN_ONLY)
    expected = sorted(qid for qid, where in QUESTION_PAGES.items() if where["page"] == name)
    assert sorted(set(found["ids"])) == expected, f"{name}: questions drawn differ from the page's widgets"
    assert not found["problems"], f"{name} printed:\n" + "\n".join(found["problems"][:20])


# ---------------------------------------------------------------- make pdf


def _squeeze(text: str) -> str:
    """Text without spaces, hyphens, dashes or emphasis marks, with plain quotes: pdftotext
    breaks lines and joins hyphenated words ("identity-related" at a line end reads
    "identityrelated"), and the generated pages print curly quotes."""
    text = text.replace("*", "").translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"[\s\-‐‑–—]", "", text)


def _run(*command: str) -> str:
    """A poppler tool's output."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def pdfs(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``tools/make_pdf.py`` run once on the built site: its output folder and what it printed."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run 'make test' (as root it installs poppler-utils), "
                    "or 'sudo apt-get install poppler-utils'")
    out = tmp_path_factory.mktemp("pdf")
    command = [sys.executable, str(ROOT / "tools" / "make_pdf.py"), "--site", str(built_site), "--out", str(out)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    text = _run("pdftotext", str(out / "handbook.pdf"), "-")
    # the footer of every sheet ("... · page 3 of 280") would split a prompt across two sheets
    text = re.sub(r"[^\n]*· page \d+ of \d+", " ", text)
    body, _, keys = text.partition("For trainers: the key and the explanation")
    return {"out": out, "log": run.stdout, "body": body, "keys": keys, "site": built_site}


def test_handbook_has_every_chapter_and_question_before_its_keys(pdfs: dict) -> None:
    assert pdfs["keys"], "the handbook has no answer keys part"
    body = _squeeze(pdfs["body"])
    # each chapter opens a sheet with its title (the report's section headings say the same)
    sheets = [_squeeze(sheet) for sheet in pdfs["body"].split("\f")]
    for path in chapter_files().values():
        title = _squeeze(chapter_title(path))
        assert any(sheet.startswith(title) for sheet in sheets), f"no chapter {chapter_title(path)!r} in the handbook"
    assert set(QUESTION_PAGES) == {q["id"] for bank in key_banks().values() for q in bank.questions}
    missing = []
    for qid in QUESTION_PAGES:
        q = QUESTIONS[qid]
        # numbered, as the print stylesheet numbers it
        if not re.search(r"\d\." + re.escape(_squeeze(q["prompt"])), body):
            missing.append(f"{qid}: prompt")
        options = [o["text"] for o in q.get("options", [])]
        missing += [f"{qid}: option {text!r}" for text in options if _squeeze(text) not in body]
    assert not missing, "not in the handbook's pages:\n" + "\n".join(missing[:20])
    for leak in ("report.html", "r2p-course.invalid", "127.0.0.1"):
        assert leak not in pdfs["body"], f"a page address ({leak}) is printed"


def test_handbook_prints_options_in_one_fixed_learners_order(pdfs: dict) -> None:
    """The handbook's widgets order the options by one fixed learner id (tools/make_pdf.py),
    so every run prints the same order, and not the banks' written one (right option first)."""
    from js_runner import run_module

    q = QUESTIONS["practice-choice-chapter-vi"]
    written = [o["id"] for o in q["options"]]
    expected = run_module("order", "(m, l, q, ids) => m.learnerOrder(l, q, ids)", MAKE_PDF.HANDBOOK_LEARNER,
                          q["id"], written)
    assert expected != written
    body = _squeeze(pdfs["body"])
    start = body.index(_squeeze(q["prompt"]))
    text = {o["id"]: _squeeze(o["text"]) for o in q["options"]}
    where = [body.index(text[option], start) for option in expected]
    assert where == sorted(where), "the handbook's options are not in the handbook learner's order"


def test_handbook_keys_page_count_and_fonts(pdfs: dict) -> None:
    handbook = pdfs["out"] / "handbook.pdf"
    keys = _squeeze(pdfs["keys"])
    for bank in key_banks().values():
        assert _squeeze(bank.title) in keys, f"no answer keys for {bank.bank}"
    info = _run("pdfinfo", str(handbook))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    body, keys = MAKE_PDF.handbook_pages(toc_entries())
    # Every chapter, lab, report page and answer key starts a sheet, after the cover, the contents
    # and the keys' title (36 sheets at least today); the handbook had 286 sheets on 5 December
    # 2026: more than 600 means the layout broke (a question a sheet, a giant font).
    assert len(body) + len(keys) + 3 <= pages <= 600, f"handbook.pdf has {pages} pages"
    fonts = _run("pdffonts", str(handbook)).splitlines()[2:]
    assert fonts, "no fonts in handbook.pdf"
    not_embedded = [line for line in fonts if line.split()[-5] != "yes"]
    assert not not_embedded, "fonts not embedded:\n" + "\n".join(not_embedded)


def test_tool_cards_printed_or_skipped_with_a_reason(pdfs: dict) -> None:
    cards = pdfs["out"] / "tool-cards.pdf"
    if (pdfs["site"] / "book" / "instructors" / "tool-cards.html").is_file():
        assert cards.is_file(), pdfs["log"]
        text = _run("pdftotext", str(cards), "-")
        assert "Charter" in text or "para" in text, "tool-cards.pdf has no card text"
    else:
        assert not cards.exists()
        assert "skipped the tool cards" in pdfs["log"]
