"""Book pages: paragraph citations exist, and the saved widget state is clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from r2p_course.book import parse_citation
from r2p_course.paths import QUIZ_DIR
from r2p_course.quiz import client_question, load_bank

ROOT = Path(__file__).resolve().parent.parent
ROLE = re.compile(r"\{para\}`([^`]*)`")


def test_citation_parser() -> None:
    assert parse_citation("31") == [31]
    assert parse_citation("12-13") == [12, 13]
    assert parse_citation("31, 32") == [31, 32]
    for bad in ("62", "0", "13-12", "para 3", ""):
        with pytest.raises(ValueError):
            parse_citation(bad)


def test_every_citation_in_the_book_names_an_existing_paragraph() -> None:
    pages = sorted((ROOT / "book").rglob("*.md"))
    cited = [(page, m.group(1)) for page in pages for m in ROLE.finditer(page.read_text("utf-8"))]
    assert cited, "the book cites no paragraph at all"
    for page, text in cited:
        try:
            parse_citation(text)
        except ValueError as exc:
            pytest.fail(f"{page.relative_to(ROOT)}: {{para}}`{text}`: {exc}")


def test_widget_pages_carry_no_front_end_code_and_no_answers(built_site: Path) -> None:
    html = (built_site / "notebooks" / "practice-widgets.html").read_text("utf-8")
    state = re.search(
        r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', html, re.S
    )
    assert state, "the lab page has no saved widget state"
    models = json.loads(state.group(1))["state"].values()
    ours = [m["state"] for m in models if m["state"].get("_r2p_widget")]
    assert {m["_r2p_widget"] for m in ours} == {"pillar-quiz", "choice-quiz", "coercion-sorter"}
    for m in ours:
        assert "_esm" not in m and "_css" not in m and m["answers"] == {}
    # the site shows the banks as they are now, not as they were when a cache was made
    bank = load_bank(QUIZ_DIR / "practice.yml")
    shown = {q["id"]: q for m in ours for q in m["questions"]}
    assert shown == {q["id"]: client_question(q) for q in bank.questions}
    assert 'src="../_static/r2p/loader.js' in html and "unpkg" not in html and "cdn" not in html.lower()
