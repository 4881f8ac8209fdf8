"""The trainers' slide decks (``r2p_course.slides``): committed decks match the data, each deck
shows what its chapter's data holds, and bad input or a missing reveal.js is named.

The browser side (a deck loads offline, keys move, notes, axe) is in test_browser_slides.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from r2p_course import slides
from r2p_course.data import fold, load_objectives, load_paragraphs
from r2p_course.errors import DataError
from r2p_course.pages import chapter_files, chapter_title
from r2p_course.paths import relative
from r2p_course.quiz import load_banks

NUMBERS = {section: i for i, section in enumerate(chapter_files(), start=1)}
DECKS = {section: slides.DECKS_DIR / f"chapter-{i}.html" for section, i in NUMBERS.items()}
# The test's own reading of a displayed quotation, to compare with what the decks show.
BLOCK_QUOTE = re.compile(r'^> "(.+)" \(\[para (\d+)\]\(report\.md#para-\2\)\)$', re.M)


def drifted() -> list[str]:
    """The committed decks (and slides page) that differ from what the data makes now."""
    return [relative(path) for path, text in slides.deck_pages().items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def test_committed_decks_match_the_data() -> None:
    assert drifted() == [], "decks out of date with data/: run `r2p-course pages` (or `make book`)"


def test_the_drift_check_sees_a_changed_objective(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change one objective's text (as an author editing objectives.csv would): exactly its
    chapter's deck is out of date."""
    objectives = load_objectives()
    objectives.loc[objectives.objective_id == "II.3", "text"] = "You can do something the deck does not say yet."
    monkeypatch.setattr(slides, "load_objectives", lambda: objectives)
    assert drifted() == ["book/instructors/slides/chapter-2.html"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(element) -> str:  # noqa: ANN001
    """An element's text as one line (whitespace folded, curly quotes straight)."""
    return fold(element.get_text())


def plain(text: str) -> str:
    """Bank text as a page shows it: whitespace folded, no *emphasis* marks."""
    return fold(text.replace("*", ""))


@pytest.mark.parametrize("section", list(DECKS))
def test_each_deck_shows_its_chapters_data(section: str) -> None:
    """Title, every objective, every displayed quotation (verbatim, with its paragraph link)
    and 2 to 4 show-of-hands questions, each answered on the next slide; notes on every slide."""
    deck = soup(DECKS[section])
    chapter = chapter_files()[section]
    assert deck.html["lang"] == "en"
    assert chapter_title(chapter) in words(deck.h1) and f"Chapter {section}" in deck.title.string
    sections = deck.select(".slides > section")
    shown = [words(s) for s in sections]
    for row in load_objectives().query("chapter == @section").itertuples():
        assert any(row.objective_id in s and fold(row.text) in s for s in shown), row.objective_id

    paragraphs = dict(zip(load_paragraphs().paragraph, load_paragraphs().text, strict=True))
    quotes = BLOCK_QUOTE.findall(chapter.read_text(encoding="utf-8"))
    quoted = [s for s in sections if s.blockquote]
    assert len(quoted) == len(quotes) >= 1
    for (text, number), slide in zip(quotes, quoted, strict=True):
        assert words(slide.blockquote).strip("“”\"") == fold(text)
        assert fold(text).rstrip(".") in fold(paragraphs[int(number)])
        assert slide.select_one(f'a[href="../../report.html#para-{number}"]').get_text() == f"para {number}"

    bank = load_banks()[f"chapter-{NUMBERS[section]}"]
    asked = [s for s in sections if s.find("ol", type="A")]
    assert 2 <= len(asked) <= 4
    for slide in asked:
        following = sections[sections.index(slide) + 1]
        question = bank.by_id[re.search(r"Question (\S+) of the", words(slide.select_one("aside.notes")))[1]]
        assert question["type"] == "choice" and len(question["answer"]) == 1
        assert words(slide.p) == plain(question["prompt"])
        shown = [words(li) for li in slide.select("ol li")]
        assert sorted(shown) == sorted(plain(o["text"]) for o in question["options"])
        right = next(plain(o["text"]) for o in question["options"] if o["id"] == question["answer"][0])
        letter = "ABCDEFGH"[shown.index(right)]
        assert following.select_one(".r2p-answer strong").get_text() == letter
        for n in question["paragraphs"]:
            assert following.select_one(f'a[href="../../report.html#para-{n}"]'), (question["id"], n)
        for where in (slide, following):  # the answer in the speaker notes of both slides
            assert f"The answer is {letter}" in words(where.select_one("aside.notes"))

    for slide in sections:
        notes = slide.select("aside.notes")
        assert len(notes) == 1 and len(words(notes[0])) > 40, slide.get("id")


def test_the_right_answer_is_not_always_the_same_letter() -> None:
    """The banks list the right option first; a room that sees "A" win every time stops thinking."""
    found = [strong.get_text() for path in DECKS.values() for strong in soup(path).select(".r2p-answer strong")]
    assert len(found) >= 12 and max(found.count(x) for x in set(found)) <= len(found) / 2, found


def test_the_slides_page_links_every_deck() -> None:
    page = slides.SLIDES_PAGE.read_text(encoding="utf-8")
    for number, path in enumerate(DECKS.values(), start=1):
        assert f'<a href="slides/{path.name}">' in page and path.name == f"chapter-{number}.html"
    assert "slides.md" in (slides.INSTRUCTORS_DIR / "index.md").read_text(encoding="utf-8")


def test_a_displayed_quotation_that_is_not_the_report_is_named(tmp_path: Path) -> None:
    chapter = tmp_path / "01-genesis.myst"
    text = chapter_files()["I"].read_text(encoding="utf-8")
    chapter.write_text(text.replace("far preferable to responding", "far better than responding"), encoding="utf-8")
    paragraphs = dict(zip(load_paragraphs().paragraph, load_paragraphs().text, strict=True))
    with pytest.raises(DataError) as error:
        slides.chapter_quotations(chapter, paragraphs)
    line = 1 + text[: text.index("far preferable to responding")].count("\n")
    assert f"01-genesis.myst, row {line}" in str(error.value) and "verbatim from para 3" in str(error.value)


def test_a_displayed_quotation_in_another_form_is_named(tmp_path: Path) -> None:
    chapter = tmp_path / "06-conclusion.myst"
    chapter.write_text('Text.\n\n> "Inaction is not an option." (para 59)\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3: expected a displayed quotation written"):
        slides.chapter_quotations(chapter, {59: "Inaction is not an option."})


def test_a_bank_without_enough_show_of_hands_questions_is_named() -> None:
    bank = load_banks()["chapter-6"]
    only_multiple = type(bank)(bank.bank, bank.title, [q for q in bank.questions if q.get("multiple")], bank.path)
    with pytest.raises(DataError, match=r"chapter-6\.yml: expected at least 2 single-answer choice"):
        slides.show_of_hands(only_multiple, ["VI.1", "VI.2", "VI.3"])


def test_without_reveal_the_build_stops_and_says_how_to_install(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from sphinx.errors import ExtensionError

    from r2p_course.book import write_slides

    monkeypatch.setattr(slides, "REVEAL", tmp_path / "node_modules" / "reveal.js")
    app = type("App", (), {"outdir": str(tmp_path / "html"), "builder": type("B", (), {"format": "html"})()})()
    with pytest.raises(ExtensionError, match=r"reveal\.js is not installed .*run `make book` .*`npm ci`"):
        write_slides(app)
    assert not (tmp_path / "html").exists()  # nothing half-copied


def test_the_build_copies_the_decks_and_only_the_reveal_files_they_load(tmp_path: Path) -> None:
    slides.copy_reveal(tmp_path)
    copied = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert copied == sorted([f"_static/reveal/{name}" for name in slides.REVEAL_FILES]
                            + [f"book/instructors/slides/{p.name}" for p in DECKS.values()]
                            + ["book/instructors/slides/deck.css"])  # the decks' own styles, one file
    for path in DECKS.values():  # every stylesheet and script a deck names is among them
        for ref in re.findall(r'(?:href|src)="\.\./\.\./\.\./([^"]+)"', path.read_text(encoding="utf-8")):
            assert (tmp_path / ref).is_file(), ref


def test_make_book_installs_the_npm_packages_that_hold_reveal() -> None:
    """reveal.js is a dependency of the site itself, so `make book` runs `npm ci` (dry run)."""
    import json
    import subprocess

    out = subprocess.run(["make", "-n", "-B", "book"], cwd=slides.ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert any(line.startswith("npm ci") for line in out.splitlines()), out
    package = json.loads((slides.ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((slides.ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = package["dependencies"]["reveal.js"]
    assert pinned.startswith("5.") and lock["packages"]["node_modules/reveal.js"]["version"] == pinned


def test_a_fixed_question_or_bank_keeps_its_written_order_on_the_slides() -> None:
    """fixed_order ("all of the above" last, say) holds on the slides as in the widgets."""
    bank = load_banks()["chapter-1"]
    q = next(q for q in bank.questions if q["type"] == "choice" and len(q["options"]) >= 4)
    written = [o["id"] for o in q["options"]]
    assert [o["id"] for o in slides.shown_options(q)] != written  # mixed, unless fixed
    assert [o["id"] for o in slides.shown_options({**q, "fixed_order": True})] == written
    fixed_bank = type(bank)(bank.bank, bank.title, bank.questions, bank.path, fixed_order=True)
    objectives = sorted({o for q in bank.questions for o in q.get("objectives", [])})
    for picked in slides.show_of_hands(fixed_bank, objectives):
        assert [o["id"] for o in slides.shown_options(picked)] == [o["id"] for o in picked["options"]]
