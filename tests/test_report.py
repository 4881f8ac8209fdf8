"""The report's text parses into the committed paragraphs.csv and footnotes.csv."""

from __future__ import annotations

import csv
import re

from r2p_course.paths import REPORT_DIR, REPORT_TEXT
from r2p_course.report import parse_report

SOURCE_SECTIONS = {  # first and last paragraph under each section heading of the report's text
    "I": (1, 8), "II": (9, 20), "III": (21, 37), "IV": (38, 48), "V": (49, 58), "VI": (59, 61),
}


def _committed(name: str) -> list[dict[str, str]]:
    with (REPORT_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_reparsing_the_text_gives_the_committed_tables() -> None:
    paragraphs, footnotes = parse_report(REPORT_TEXT)
    assert [
        {"paragraph": str(p.paragraph), "section": p.section, "section_title": p.section_title,
         "text": p.text} for p in paragraphs
    ] == _committed("paragraphs.csv")
    assert [
        {"footnote": str(f.footnote), "paragraph": str(f.paragraph), "text": f.text}
        for f in footnotes
    ] == _committed("footnotes.csv")


def test_61_paragraphs_in_six_sections() -> None:
    paragraphs, _ = parse_report(REPORT_TEXT)
    assert [p.paragraph for p in paragraphs] == list(range(1, 62))
    for section, (first, last) in SOURCE_SECTIONS.items():
        assert {p.paragraph for p in paragraphs if p.section == section} == set(
            range(first, last + 1)
        )
    assert paragraphs[48].section_title == "“Responsibility while protecting”"


def test_page_breaks_are_repaired() -> None:
    paragraphs, _ = parse_report(REPORT_TEXT)
    text = {p.paragraph: p.text for p in paragraphs}
    assert "genocide, war crimes, ethnic cleansing and crimes against humanity.”" in text[2]
    for p in paragraphs:
        assert "  " not in p.text and p.text == p.text.strip()
        assert "*" not in p.text, f"markdown markup left in para {p.paragraph}"
        assert not re.search(r"[¹²³⁴]", p.text), f"footnote marker left in para {p.paragraph}"


def test_footnote_lines_are_not_paragraph_text_and_paragraphs_go_on_after_them() -> None:
    paragraphs, footnotes = parse_report(REPORT_TEXT)
    text = {p.paragraph: p.text for p in paragraphs}
    assert "International Commission on Intervention" not in text[6]
    assert "namely, discrimination, marginalization" in text[6]
    assert "See Security Council resolutions" not in text[28]
    assert "offer good offices and deter atrocities through their presence." in text[28]
    assert [(f.footnote, f.paragraph) for f in footnotes] == [(1, 4), (2, 25), (3, 25), (4, 25)]


def test_the_five_lessons_stay_in_paragraph_20() -> None:
    paragraphs, _ = parse_report(REPORT_TEXT)
    text = {p.paragraph: p.text for p in paragraphs}[20]
    positions = [text.index(f"{word}. ") for word in ("One", "Two", "Three", "Four", "Five")]
    assert positions == sorted(positions)
    assert text.endswith("a critically important component of the implementation strategy.")
