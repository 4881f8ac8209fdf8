"""The slide decks in a browser: each loads from the built site, over http and from disk, with
no request outside it and no console error; the arrow keys move; every slide has speaker
notes and fits the slide; the speaker view opens with them; no serious axe violation.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from test_accessibility import axe_problems

from r2p_course.pages import chapter_files

DECKS = [f"book/instructors/slides/chapter-{n}.html" for n in range(1, len(chapter_files()) + 1)]
READY = "() => window.Reveal && Reveal.isReady()"


def open_deck(browser, url: str, local: str) -> tuple:  # noqa: ANN001
    """A deck in a fresh browser context that refuses (and records) any request not
    answered by ``local`` (the test server's host, or file://); its page and what happened.
    Reduced motion: the deck then changes slides without a transition (axe reads the colours
    of a finished slide)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    seen = {"outside": [], "errors": [], "failed": []}

    def keep_inside(route) -> None:  # noqa: ANN001
        parts = urlsplit(route.request.url)
        if (parts.scheme == "file") if local == "file" else (parts.hostname == local):
            route.continue_()
        else:
            seen["outside"].append(route.request.url)
            route.abort()

    context.route("**/*", keep_inside)
    page = context.new_page()
    page.on("console", lambda msg: msg.type == "error" and seen["errors"].append(msg.text))
    page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
    page.on("requestfailed", lambda req: seen["failed"].append(req.url))
    page.on("response", lambda r: r.status >= 400 and seen["failed"].append(f"{r.status} {r.url}"))
    page.goto(url, wait_until="load")
    page.wait_for_function(READY, timeout=10_000)
    page.evaluate("document.fonts.ready.then(() => true)")
    return context, page, seen


def current(page) -> dict:  # noqa: ANN001
    """Where reveal.js says the deck is, and which slide is on screen."""
    return page.evaluate("""() => ({h: Reveal.getIndices().h,
        id: document.querySelector('.slides > section.present').id,
        visible: [...document.querySelectorAll('.slides > section')]
            .filter((s) => {
                const box = s.getBoundingClientRect();
                return s.checkVisibility({opacityProperty: true, visibilityProperty: true})
                    && box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight;
            }).map((s) => s.id)})""")


def check_deck(browser, url: str, local: str) -> None:  # noqa: ANN001
    context, page, seen = open_deck(browser, url, local)
    try:
        assert seen == {"outside": [], "errors": [], "failed": []}, seen
        ids = page.evaluate("[...document.querySelectorAll('.slides > section')].map((s) => s.id)")
        assert len(ids) >= 8 and current(page) == {"h": 0, "id": ids[0], "visible": [ids[0]]}
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => Reveal.getIndices().h === 1", timeout=5_000)
        assert current(page) == {"h": 1, "id": ids[1], "visible": [ids[1]]}
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => Reveal.getIndices().h === 0")
        assert seen == {"outside": [], "errors": [], "failed": []}, seen
    finally:
        context.close()


@pytest.mark.parametrize("deck", DECKS)
def test_a_deck_loads_offline_and_the_arrow_keys_move(browser, site_url: str, deck: str) -> None:  # noqa: ANN001
    check_deck(browser, f"{site_url}/{deck}", "127.0.0.1")


def test_a_deck_works_opened_from_disk(browser, built_site: Path) -> None:  # noqa: ANN001
    """As in the unzipped offline copy of the site (file://): reveal.js comes with the site."""
    check_deck(browser, (built_site / DECKS[0]).as_uri(), "file")


@pytest.mark.parametrize("deck", DECKS)
def test_every_slide_has_notes_fits_and_letters_its_options(browser, site_url: str, deck: str) -> None:  # noqa: ANN001
    context, page, _ = open_deck(browser, f"{site_url}/{deck}", "127.0.0.1")
    try:
        found = page.evaluate("""() => {
            const out = [];
            const height = Reveal.getConfig().height;
            Reveal.getHorizontalSlides().forEach((slide, i) => {
                Reveal.slide(i);
                out.push({id: slide.id, notes: (Reveal.getSlideNotes() || '').trim().length,
                          tall: slide.scrollHeight > height, wide: slide.scrollWidth > Reveal.getConfig().width});
            });
            return out;
        }""")
        short = [s["id"] for s in found if s["notes"] < 40]
        # the options are lettered on screen, as the answer slide and the notes name them
        markers = page.evaluate("""() => [...document.querySelectorAll('section.r2p-question ol')]
            .map((ol) => getComputedStyle(ol).listStyleType)""")
        assert markers and set(markers) == {"upper-alpha"}, markers
        overflow = [s["id"] for s in found if s["tall"] or s["wide"]]
        assert short == [] and overflow == [], {"without notes": short, "taller or wider than the slide": overflow}
    finally:
        context.close()


def test_the_speaker_view_opens_with_the_notes(browser, site_url: str) -> None:  # noqa: ANN001
    context, page, seen = open_deck(browser, f"{site_url}/{DECKS[0]}", "127.0.0.1")
    try:
        notes = page.evaluate("Reveal.getSlideNotes()")
        with context.expect_page() as opened:
            page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_function("(text) => document.body.innerText.includes(text)", arg=notes[:60],
                                  timeout=10_000)
        assert seen["outside"] == [] and seen["errors"] == []
    finally:
        context.close()


@pytest.mark.parametrize("deck", DECKS)
def test_no_serious_axe_violations_on_any_kind_of_slide(browser, site_url: str, deck: str) -> None:  # noqa: ANN001
    """The title, an objective, a quotation, a question, its answer and the last slide."""
    context, page, _ = open_deck(browser, f"{site_url}/{deck}", "127.0.0.1")
    try:
        kinds = page.evaluate("""() => {
            const seen = {};
            Reveal.getHorizontalSlides().forEach((s, i) => {
                const kind = [...s.classList].find((c) => c.startsWith('r2p-'));
                if (!(kind in seen)) seen[kind] = i;
            });
            return seen;
        }""")
        assert set(kinds) >= {"r2p-title", "r2p-objective", "r2p-quotation", "r2p-question", "r2p-answer"}
        found = {}
        for kind, index in kinds.items():
            page.evaluate("(i) => Reveal.slide(i)", index)
            found[kind] = axe_problems(page)
        assert all(v == [] for v in found.values()), json.dumps(found, indent=1)
    finally:
        context.close()
