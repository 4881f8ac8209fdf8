"""Parse the report's text file into paragraphs and footnotes.

The text in ``data/report/`` keeps the page layout of the published document: page breaks
leave blank lines inside paragraphs (even inside sentences), footnote lines stand inside
later paragraphs, and para 20's five lessons carry markdown list markup. This module repairs
those artifacts so that ``paragraphs.csv`` holds the report's wording and nothing else.
``r2p-course parse-report`` writes the CSV files; a test re-parses and compares.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

SECTION_RE = re.compile(r"^(I|II|III|IV|V|VI)\.\s+(.+)$")
PARAGRAPH_RE = re.compile(r"^(\d{1,2})\.\s+(.*)$")
SUPERSCRIPTS = {"¹": 1, "²": 2, "³": 3, "⁴": 4, "⁵": 5, "⁶": 6, "⁷": 7, "⁸": 8, "⁹": 9}
FOOTNOTE_LINE_RE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹])\s+(.*)$")
LESSON_RE = re.compile(r"^-\s+\*(One|Two|Three|Four|Five)\.\*\s+")
EMPHASIS_RE = re.compile(r"\*([^*]+)\*")


@dataclass
class Paragraph:
    paragraph: int
    section: str
    section_title: str
    text: str


@dataclass
class Footnote:
    footnote: int
    paragraph: int
    text: str


def _clean(text: str) -> str:
    """Drop markdown emphasis and footnote markers; one space between words."""
    text = EMPHASIS_RE.sub(r"\1", text)
    text = "".join(ch for ch in text if ch not in SUPERSCRIPTS)
    return re.sub(r"\s+", " ", text).strip()


def parse_report(path: Path) -> tuple[list[Paragraph], list[Footnote]]:
    """Return the numbered paragraphs and the footnotes of the report text at ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    paragraphs: list[Paragraph] = []
    footnotes: list[Footnote] = []
    marker_paragraph: dict[int, int] = {}
    section = title = ""
    parts: list[str] = []

    def close() -> None:
        if parts:
            paragraphs[-1].text = _clean(" ".join(parts))
            parts.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue  # page breaks and paragraph gaps alike
        if m := SECTION_RE.match(stripped):
            close()
            section, title = m.group(1), m.group(2).strip()
            continue
        if m := FOOTNOTE_LINE_RE.match(stripped):
            number = SUPERSCRIPTS[m.group(1)]
            footnotes.append(Footnote(number, marker_paragraph.get(number, 0), _clean(m.group(2))))
            continue
        if m := PARAGRAPH_RE.match(stripped):
            number = int(m.group(1))
            if number == len(paragraphs) + 1 and section:
                close()
                paragraphs.append(Paragraph(number, section, title, ""))
                stripped = m.group(2)
        if not paragraphs:
            continue  # the masthead before section I
        stripped = LESSON_RE.sub(lambda m: f"{m.group(1)}. ", stripped)
        for ch in stripped:
            if ch in SUPERSCRIPTS:
                marker_paragraph.setdefault(SUPERSCRIPTS[ch], paragraphs[-1].paragraph)
        parts.append(stripped)
    close()
    return paragraphs, footnotes


def write_tables(source: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write ``paragraphs.csv`` and ``footnotes.csv`` parsed from ``source``."""
    paragraphs, footnotes = parse_report(source)
    para_csv, foot_csv = out_dir / "paragraphs.csv", out_dir / "footnotes.csv"
    with para_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["paragraph", "section", "section_title", "text"])
        for p in paragraphs:
            writer.writerow([p.paragraph, p.section, p.section_title, p.text])
    with foot_csv.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["footnote", "paragraph", "text"])
        for f in footnotes:
            writer.writerow([f.footnote, f.paragraph, f.text])
    return para_csv, foot_csv
