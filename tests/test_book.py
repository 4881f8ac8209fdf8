"""Book pages: paragraph citations exist, and the saved widget state is clean."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from r2p_course.data import N_PARAGRAPHS
from r2p_course.paths import QUIZ_DIR
from r2p_course.quiz import client_question, load_bank

ROOT = Path(__file__).resolve().parent.parent
# a citation: [para 31](report.md#para-31), [paras 12–13](../book/report.md#para-12) (from a
# notebook), [para 2](../report.md#para-2) (from book/instructors/), [paragraph 4](report.md#para-4),
# or a number in a list, [21](report.md#para-21)
CITATION_WORD = r"(?:paras?\.?|paragraphs?) "
CITATION = re.compile(r"\[((?:" + CITATION_WORD + r")?(\d+)[^\]]*)\]\(((?:\.\./(?:book/)?)?report\.md)#para-(\d+)\)")


def learner_markdown() -> list[tuple[str, str]]:
    """(where, text) of every Markdown a learner reads: pages, and text cells of chapters and labs."""
    import jupytext

    found = [(str(p.relative_to(ROOT)), p.read_text("utf-8")) for p in sorted((ROOT / "book").rglob("*.md"))]
    notebooks = sorted((ROOT / "book").rglob("*.myst")) + sorted((ROOT / "notebooks").glob("*.ipynb"))
    for nb_path in notebooks:
        cells = jupytext.read(nb_path).cells
        found += [(f"{nb_path.relative_to(ROOT)} cell {i}", c.source)
                  for i, c in enumerate(cells) if c.cell_type == "markdown"]
    return found


def chapter_and_lab_markdown() -> list[tuple[str, str]]:
    """The course's own prose: chapter and lab text cells (not the generated report pages), and
    the trainers' agendas, facilitator notes and group activities, which quote the report too."""
    kit = [p for p in sorted((ROOT / "book" / "instructors").glob("*.md"))
           if p.name.startswith(("agenda-", "notes-", "activity-"))]
    return ([(where, text) for where, text in learner_markdown() if " cell " in where]
            + [(str(p.relative_to(ROOT)), p.read_text("utf-8")) for p in kit])


def parse_citation(text: str) -> list[int]:
    """The paragraphs a citation names: '31' -> [31]; '12-13' -> [12, 13]; '31,32' -> [31, 32].

    ValueError if malformed or naming a paragraph the report does not have.
    """
    numbers: list[int] = []
    for part in re.split(r"\s*(?:,|and)\s*", text.strip()):
        m = re.fullmatch(r"(\d+)(?:\s*[-–]\s*(\d+))?", part)
        if not m:
            raise ValueError(f"not a paragraph citation: {text!r}")
        start = int(m.group(1))
        end = int(m.group(2) or start)
        if end < start:
            raise ValueError(f"range runs backwards: {text!r}")
        numbers += range(start, end + 1)
    bad = [n for n in numbers if not 1 <= n <= N_PARAGRAPHS]
    if bad:
        raise ValueError(f"the report has no paragraph {bad[0]} (it has 1-{N_PARAGRAPHS})")
    return numbers


def test_citation_parser() -> None:
    """Every form a citation's label takes in the course: one paragraph, a range (hyphen or en
    dash), lists with commas or "and"; the last paragraph is in, one more is not; each refusal
    says why."""
    assert parse_citation("31") == [31]
    assert parse_citation("12-13") == [12, 13]
    assert parse_citation("12–14") == [12, 13, 14]
    assert parse_citation("12 - 13") == [12, 13]
    assert parse_citation("31, 32") == [31, 32]
    assert parse_citation("31,32") == [31, 32]
    assert parse_citation("31 and 32") == [31, 32]
    assert parse_citation("12-13, 15 and 17") == [12, 13, 15, 17]
    assert parse_citation(str(N_PARAGRAPHS)) == [N_PARAGRAPHS]
    for bad, why in ((str(N_PARAGRAPHS + 1), f"no paragraph {N_PARAGRAPHS + 1} (it has 1-{N_PARAGRAPHS})"),
                     ("0", "no paragraph 0"), (f"12-{N_PARAGRAPHS + 1}", f"no paragraph {N_PARAGRAPHS + 1}"),
                     ("13-12", "range runs backwards"), ("para 3", "not a paragraph citation"),
                     ("", "not a paragraph citation"), ("31 or 32", "not a paragraph citation")):
        with pytest.raises(ValueError, match=re.escape(why)):
            parse_citation(bad)


def test_citations_are_links_to_the_paragraph_they_name() -> None:
    """The link text and the anchor agree, and the paragraph exists (book and notebooks)."""
    checked = 0
    for where, text in learner_markdown():
        for m in CITATION.finditer(text):
            label, first, target, anchor = m.groups()
            assert first == anchor, f"{where}: [{label}] links to para {anchor}"
            parse_citation(re.sub("^" + CITATION_WORD, "", label))
            checked += 1
    assert checked > 40, "the course cites hardly any paragraph"


def test_quotations_in_chapters_and_labs_are_verbatim() -> None:
    """Every passage in double quotes is the report's wording (``data.is_verbatim``)."""
    from r2p_course.data import is_verbatim, load_paragraphs

    report = list(load_paragraphs().text)
    checked = 0
    for where, text in chapter_and_lab_markdown():
        prose = re.sub(r"<[^>]+>|`[^`]*`|\]\([^)]*\)", " ", text)
        prose = re.sub(r"\s+", " ", prose.replace("[", "").replace("*", ""))
        for quote in re.findall(r'[“"]([^”"]{3,})[”"]', prose):
            checked += 1
            found = any(is_verbatim(quote, p) for p in report)
            assert found, f"{where}: {quote!r} is not in the report"
    assert checked > 50


def test_no_markup_that_jupyterlab_cannot_render() -> None:
    """Custom roles and directives show as raw text (or nothing) in JupyterLab."""
    for where, text in learner_markdown():
        assert not re.search(r"\{[a-z-]+\}`", text), f"{where}: a MyST role"
        assert not re.search(r"^(```|:::)\{", text, re.MULTILINE), f"{where}: a MyST directive"
        plain = re.sub(r"\[[^\]]*\]\([^)]*\)|`[^`]*`", "", text)
        unlinked = re.search(r".{0,40}\bparas? \d.{0,20}", plain)
        assert not unlinked, f"{where}: a citation that is not a link: {unlinked.group(0)!r}"


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


def test_the_data_labs_exercises_have_folded_solutions(built_site: Path) -> None:
    """Each numbered "Try it yourself" exercise of the pandas lab has a worked solution, run
    and folded: collapsed in JupyterLab, behind a toggle named by its text on the website."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "explore-report.ipynb", as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Try it yourself"))
    exercises = re.findall(r"^(\d+)\. ", nb.cells[start].source, re.MULTILINE)
    assert len(exercises) >= 3
    rest = nb.cells[start + 1:]
    solutions = []
    for i, cell in enumerate(rest):
        heading = re.match(r"\*\*(\d+)\. ", cell.source) if cell.cell_type == "markdown" else None
        if heading:
            following = next(c for c in rest[i + 1:] if c.cell_type == "code")
            solutions.append((heading.group(1), following))
    assert [n for n, _ in solutions] == exercises
    for number, cell in solutions:
        assert "hide-cell" in cell.metadata.get("tags", []), f"solution {number} is not folded on the website"
        assert cell.metadata.get("jupyter") == {"source_hidden": True, "outputs_hidden": True}, \
            f"solution {number} is not folded in JupyterLab"
        assert cell.outputs, f"solution {number} has not been run"
    html = (built_site / "notebooks" / "explore-report.html").read_text(encoding="utf-8")
    folded = re.findall(r'<div class="cell tag_hide-cell[^"]*">\s*<details class="[^"]*">\s*<summary>\s*'
                        r'<span class="collapsed admonition-title">Show code cell content</span>', html)
    assert len(folded) == len(exercises)
