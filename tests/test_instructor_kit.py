"""The trainers' kit: agendas whose times add up, and facilitator notes for every chapter.

A trainer who has never seen the course picks an agenda and runs it: its rows must follow each
other without gaps or overlaps, its stated total must be true and fit its name, and every page,
lab and activity it names must be on the site. The facilitator notes must name each of their
chapter's objectives (a generated block; `test_pages` checks it is up to date) and back every
prompt and misconception with paragraphs. Their quotations are checked by `test_book`.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from r2p_course.data import SECTIONS, load_objectives
from r2p_course.pages import NOTES_PREFIX, escape
from r2p_course.paths import ROOT, toc_entries
from r2p_course.quiz import load_banks

INSTRUCTORS = ROOT / "book" / "instructors"
# agenda file -> (what its name promises: the number of tables (days) and each table's
# shortest and longest total in minutes)
AGENDAS = {
    "agenda-briefing.md": (1, 90, 90),  # 90 minutes
    "agenda-seminar.md": (1, 195, 225),  # about three and a half hours
    "agenda-training.md": (2, 360, 480),  # two days of six to eight hours
}
NOTES = {section: INSTRUCTORS / f"{NOTES_PREFIX}{number}.md" for number, section in enumerate(SECTIONS, 1)}
TIME = re.compile(r"(\d{2}):(\d{2})")
TOTAL = re.compile(r"\*\*Total: (\d+) minutes\*\*[^.]*?from (\d{2}:\d{2}) to (\d{2}:\d{2})", re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")
PARA_LINK = re.compile(r"\]\(\.\./report\.md#para-\d+\)")


def minutes(clock: str) -> int:
    """'09:30' -> 570."""
    m = TIME.fullmatch(clock)
    if not m:
        raise ValueError(f"not a time of day (HH:MM): {clock!r}")
    return int(m.group(1)) * 60 + int(m.group(2))


def tables(text: str) -> list[list[list[str]]]:
    """Every Markdown table of a page, as its body rows (header and separator dropped), each a list of cells."""
    found: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if current is None:
                current = []
                found.append(current)
                continue  # the header
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        else:
            current = None
    return found


def agenda_tables(text: str, where: str) -> list[dict]:
    """The timed tables of an agenda: rows (start, minutes, cells) and the end row's time."""
    parsed = []
    for rows in tables(text):
        timed = []
        for cells in rows:
            if len(cells) != 5:
                raise AssertionError(f"{where}: a row needs 5 cells (start, minutes, what, page, product): {cells}")
            start, length = cells[0], cells[1]
            timed.append((minutes(start), int(length) if length else None, cells))
        *body, end = timed
        assert end[1] is None and end[2][2].startswith("End"), f"{where}: the last row must be the end, with no minutes"
        assert all(r[1] for r in body), f"{where}: every row but the end needs its minutes"
        parsed.append({"rows": body, "end": end[0]})
    return parsed


def check_agenda(text: str, where: str, promise: tuple[int, int, int]) -> None:
    """Raise AssertionError where the agenda's times, totals or rows do not hold."""
    days, shortest, longest = promise
    parsed = agenda_tables(text, where)
    totals = TOTAL.findall(text)
    assert len(parsed) == days, f"{where}: {len(parsed)} timed tables, expected {days}"
    assert len(totals) == days, (
        f"{where}: {len(totals)} stated totals (**Total: N minutes**, from HH:MM to HH:MM), expected {days}")
    for day, (table, (stated, start, end)) in enumerate(zip(parsed, totals, strict=True), 1):
        rows = table["rows"]
        for (at, length, cells), (following, _, _) in zip(rows, [*rows[1:], (table["end"], None, None)], strict=True):
            assert at + length == following, (
                f"{where}, table {day}: {cells[0]} + {length} minutes ({cells[2][:40]}...) does not reach the next "
                f"start, {following // 60:02d}:{following % 60:02d}")
        summed = sum(length for _, length, _ in rows)
        assert summed == int(stated), f"{where}, table {day}: the rows add up to {summed} minutes, the page: {stated}"
        assert (minutes(start), minutes(end)) == (rows[0][0], table["end"]), (
            f"{where}, table {day}: the page says {start} to {end}, the table runs otherwise")
        assert shortest <= summed <= longest, f"{where}, table {day}: {summed} minutes does not fit its name"
        breaks = [c for _, _, c in rows if c[2].startswith(("Break", "Lunch"))]
        assert breaks, f"{where}, table {day}: no break"
        for _, _, cells in rows:
            if cells in breaks:
                continue
            assert LINK.search(cells[3]), f"{where}: the row {cells[2][:40]!r} names no page, lab or activity"
            assert cells[4], f"{where}: the row {cells[2][:40]!r} does not say what learners produce"


def kit_pages() -> list[Path]:
    return [INSTRUCTORS / name for name in AGENDAS] + list(NOTES.values())


def broken_links(text: str, page: Path, toc: set[str]) -> list[str]:
    """Links from a page of book/instructors/ to a file that is not a page of the site, or to an anchor it lacks."""
    here = page.parent.relative_to(ROOT).as_posix()
    problems = []
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(here, path)) if path else page.relative_to(ROOT).as_posix()
        stem, dot, _ = resolved.rpartition(".")
        if not dot or stem not in toc:
            problems.append(f"{target} (not a page of the table of contents)")
        elif anchor and f'id="{anchor}"' not in (ROOT / resolved).read_text(encoding="utf-8"):
            problems.append(f"{target} (no such anchor)")
    return problems


# ---------------------------------------------------------------- agendas


@pytest.mark.parametrize("name", AGENDAS)
def test_the_agendas_times_add_up_and_fit_their_names(name: str) -> None:
    path = INSTRUCTORS / name
    check_agenda(path.read_text(encoding="utf-8"), name, AGENDAS[name])


def test_the_agenda_check_finds_wrong_times() -> None:
    """A minute too many, a wrong stated total, a missing break: each is caught."""
    text = (INSTRUCTORS / "agenda-briefing.md").read_text(encoding="utf-8")
    check_agenda(text, "briefing", AGENDAS["agenda-briefing.md"])
    bad = {
        "a row one minute too long": text.replace("| 09:10 | 15 |", "| 09:10 | 16 |", 1),
        "a stated total that is not the sum": text.replace("**Total: 90 minutes**", "**Total: 95 minutes**"),
        "no break": re.sub(r"\| Break \|", "| Stretch |", text),
        "more than its name says": text.replace("| 10:25 | 5 |", "| 10:25 | 15 |").replace("| 10:30 |", "| 10:40 |")
                                       .replace("**Total: 90 minutes**, from 09:00 to 10:30",
                                                "**Total: 100 minutes**, from 09:00 to 10:40"),
    }
    for what, wrong in bad.items():
        assert wrong != text, what
        with pytest.raises(AssertionError):
            check_agenda(wrong, what, AGENDAS["agenda-briefing.md"])


def test_the_two_day_training_uses_every_chapter_lab_and_activity() -> None:
    text = (INSTRUCTORS / "agenda-training.md").read_text(encoding="utf-8")
    targets = {posixpath.normpath(posixpath.join("book/instructors", t.split("#")[0])) for t in LINK.findall(text)}
    chapters = {p.relative_to(ROOT).as_posix() for p in (ROOT / "book").glob("0[1-6]-*.myst")}
    labs = {p.relative_to(ROOT).as_posix() for p in (ROOT / "notebooks").glob("0[2-5]-*.ipynb")}
    activities = {"book/instructors/activity-security-council.md", "book/instructors/activity-tool-cards.md"}
    assert len(chapters) == 6 and len(labs) == 4
    assert chapters | labs | activities <= targets, sorted((chapters | labs | activities) - targets)


# ---------------------------------------------------------------- links


def test_every_page_lab_and_activity_the_kit_links_is_on_the_site() -> None:
    toc = set(toc_entries())
    for page in kit_pages():
        assert page.relative_to(ROOT).with_suffix("").as_posix() in toc, f"{page.name} is not in _toc.yml"
        assert broken_links(page.read_text(encoding="utf-8"), page, toc) == [], page.name


def test_the_link_check_finds_a_broken_link() -> None:
    """A misspelt chapter, a missing anchor, a page dropped from the toc: each is reported."""
    page = INSTRUCTORS / "notes-chapter-3.md"
    toc = set(toc_entries())
    text = page.read_text(encoding="utf-8")
    assert broken_links(text, page, toc) == []
    assert broken_links(text.replace("(../03-tools.myst)", "(../03-tool.myst)"), page, toc) == [
        "../03-tool.myst (not a page of the table of contents)"]
    assert broken_links(text + "\n[IX.9](objectives.md#objective-ix-9)\n", page, toc) == [
        "objectives.md#objective-ix-9 (no such anchor)"]
    assert broken_links(text, page, toc - {"book/instructors/class-results"})


# ---------------------------------------------------------------- facilitator notes


def missing_objectives(text: str, chapter: str) -> list[str]:
    """The chapter's objectives that a notes page does not name, by id and text."""
    rows = load_objectives().query("chapter == @chapter")
    return [row.objective_id for row in rows.itertuples()
            if f"[**{row.objective_id}**]" not in text or escape(row.text) not in text]


def notes_problems(text: str, chapter: str) -> list[str]:
    """What a facilitator's notes page lacks: its sections, prompts with paragraphs, a bank to look at."""
    problems = [f"objective {o} not named" for o in missing_objectives(text, chapter)]
    sections = dict(re.findall(r"^## ([^\n]+)\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    for heading in ("Goals", "Timing", "Discussion prompts", "Misconceptions to listen for"):
        if heading not in sections:
            problems.append(f"no section {heading!r}")
    prompts = re.split(r"^\d+\. ", sections.get("Discussion prompts", ""), flags=re.M)[1:]
    if not 3 <= len(prompts) <= 5:
        problems.append(f"{len(prompts)} discussion prompts (3-5 expected)")
    for number, prompt in enumerate(prompts, 1):
        _, said, good = prompt.partition("*A good answer draws on*")
        if not said or not PARA_LINK.search(good):
            problems.append(f"prompt {number} does not say what a good answer draws on, with paragraph links")
    misconceptions = re.split(r"^- ", sections.get("Misconceptions to listen for", ""), flags=re.M)[1:]
    if not misconceptions:
        problems.append("no misconception")
    problems += [f"misconception {m[:40]!r} cites no paragraph" for m in misconceptions if not PARA_LINK.search(m)]
    after = next((body for heading, body in sections.items() if heading.startswith("After the")), "")
    banks = set(re.findall(r"`([a-z0-9-]+)`", after)) & set(load_banks())
    if "](class-results.md)" not in after or not banks:
        problems.append("the class-results section does not link Class results and name a bank")
    timing = tables(sections.get("Timing", ""))
    if timing:
        *parts, total = timing[0]
        if sum(int(p[1]) for p in parts) != int(total[1]):
            problems.append("the timing table's parts do not add up to its total")
    else:
        problems.append("no timing table")
    return problems


@pytest.mark.parametrize("chapter", SECTIONS)
def test_every_chapter_has_facilitator_notes_naming_each_objective(chapter: str) -> None:
    path = NOTES[chapter]
    assert path.exists(), f"no facilitator notes for chapter {chapter}: {path.relative_to(ROOT)}"
    assert notes_problems(path.read_text(encoding="utf-8"), chapter) == [], path.name


def test_the_notes_check_finds_a_missing_objective_and_a_bare_prompt() -> None:
    text = NOTES["III"].read_text(encoding="utf-8")
    assert notes_problems(text, "III") == []
    without = "\n".join(line for line in text.splitlines() if "[**III.4**]" not in line)
    assert notes_problems(without, "III") == ["objective III.4 not named"]
    bare = re.sub(r"(1\. \*\*Why has the most coercive tool been used least\?\*\*\n).*?(?=\n2\. )", r"\1   Ask it.",
                  text, flags=re.S)
    assert bare != text and any("prompt 1" in p for p in notes_problems(bare, "III"))
    assert any("objective" in p for p in notes_problems(NOTES["II"].read_text(encoding="utf-8"), "III"))
