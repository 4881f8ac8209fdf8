"""The instructors' two group activities, made from ``data/`` so that they cannot drift from it.

- The sorting game's printable cards, ``book/instructors/tool-cards.md``: one card for every
  tool that has a coercion tier in ``data/tools.csv``, with no tier on the card, and a key at
  the end (the tiers are the course's placement, and the key says so).
- The Security Council simulation on Libya, ``book/instructors/activity-security-council.md``:
  written by hand, except two blocks between marker comments, the sequence of events and the
  Council members' recorded votes, made from ``data/activities/libya-2011.csv`` and
  ``data/documents.csv``. Only facts the course's reference file marks verified ([V]) go in
  that table, each with its source; a document's date and vote come from ``documents.csv``,
  so they have one home.

``r2p-course pages`` (and every book build) writes both through ``generate.generated_pages``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .data import (
    TABLES,
    document_number,
    load_documents,
    load_libya_2011,
    load_tools,
)
from .errors import DataError
from .pages import (
    GENERATED,
    INSTRUCTORS_DIR,
    TIER_NAMES,
    VERIFIED_NOTE,
    cite_links,
    document_sources,
    escape,
    link_citations,
    vote_text,
)
from .paths import relative
from .quiz import REPORT_NON_COERCIVE_TOOLS

TOOL_CARDS_PAGE = INSTRUCTORS_DIR / "tool-cards.md"
SIMULATION_PAGE = INSTRUCTORS_DIR / "activity-security-council.md"
REPORT = "../report.md"  # the report page, from book/instructors/
COUNCIL_SEATS = 15  # the Security Council's members (Article 23 of the Charter)
# A block of the simulation page that the data fills in: <!-- begin libya-sequence --> ... <!-- end libya-sequence -->
ACTIVITY_BLOCK = re.compile(r"(<!-- begin (libya-sequence|libya-members) -->\n)(.*?)(<!-- end \2 -->)", re.S)
TALLY = re.compile(r"(\d+)-(\d+)-(\d+)")
# Words on a card that would name a tier (the tiers are "non-coercive", "coercive but not
# military", "military force"): a card quotes the report with these words elided, marked "[…]".
TIER_WORDS = re.compile(r"\b(?:non-)?coercive\b|\bmilitary force\b", re.I)
ELISION = "[…]"


# ---------------------------------------------------------------- the Libya simulation


@dataclass(frozen=True)
class Event:
    """One step of the 2011 sequence, with its facts merged from its document where it names one."""

    step: int
    date: dt.date | None
    body: str
    document: str  # a symbol of documents.csv, or ""
    what: str  # the document's subject and/or what happened
    vote: str  # as recorded ("10-0-5", "unanimous"...), "" when none is recorded
    sponsors: list[str] = field(default_factory=list)
    abstaining: list[str] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def libya_events(path: Path | None = None) -> list[Event]:
    """The simulation's events in order (from ``path``, a broken copy in tests), each checked: a
    DataError names the row and field at fault.

    The rules keep the sequence to verified facts: every source's note is marked [V], a row that
    names a document takes its date, body and vote from documents.csv (and leaves them blank), the
    named abstentions match the vote's tally, and the rows run in order of their steps and dates.
    """
    table = load_libya_2011(path)
    documents = load_documents().set_index("symbol")
    shown = relative(path or TABLES["libya_2011"].path)
    events: list[Event] = []
    last: tuple[int, dt.date] | None = None
    for number, row in enumerate(table.itertuples(), start=1):
        if events and row.step <= events[-1].step:
            raise DataError(shown, number, "step", f"a step after {events[-1].step} (the rows run in order)", row.step)
        urls, note = document_sources(row.source or "")
        if (urls or note) and not VERIFIED_NOTE.match(note):
            raise DataError(shown, number, "source", "addresses and a note starting 'Note: [V]' (verified facts only)",
                            row.source)
        date = None if pd.isna(row.date) else row.date.date()
        body, what, vote = row.body, row.event, row.vote
        paragraphs, sources, notes = list(row.paragraphs), list(urls), [note] if note else []
        if row.document:
            if row.document not in documents.index:
                raise DataError(shown, number, "document", "a symbol from data/documents.csv", row.document)
            for column, filled in (("date", not pd.isna(row.date)), ("body", row.body), ("vote", row.vote)):
                if filled:
                    raise DataError(shown, number, column, "blank: a document's date, body and vote come from "
                                    "data/documents.csv", str(getattr(row, column)))
            doc = documents.loc[row.document]
            doc_urls, doc_note = document_sources(doc.source or "")
            if doc.vote and not VERIFIED_NOTE.match(doc_note):
                raise DataError(shown, number, "document", "a document whose vote data/documents.csv marks "
                                "verified ([V])", row.document)
            date = None if pd.isna(doc.date) else doc.date.date()
            body, vote = doc.body, doc.vote
            what = f"*{escape(doc.title)}*" + (f". {escape(row.event)}" if row.event else "")
            paragraphs = sorted(set(doc.paragraphs) | set(paragraphs))
            sources = doc_urls + [u for u in urls if u not in doc_urls]
            notes = [doc_note, *notes]
        else:
            if not row.event or not row.body:
                raise DataError(shown, number, "event" if not row.body else "body",
                                "what happened and who acted (a row without a document)", row.event or row.body)
            if not urls:
                raise DataError(shown, number, "source", "the addresses of a verified source", row.source)
            what = escape(row.event)
        if row.abstaining:
            tally = TALLY.fullmatch(vote or "")
            if not tally or int(tally[3]) != len(row.abstaining):
                raise DataError(shown, number, "abstaining",
                                f"as many names as the vote's abstentions ({vote or 'none'})", ";".join(row.abstaining))
        if set(row.sponsors) & set(row.abstaining):
            raise DataError(shown, number, "sponsors", "no member that also abstained", ";".join(row.sponsors))
        if date is not None:
            if last is not None and date < last[1]:
                raise DataError(shown, number, "date", f"a date on or after step {last[0]}'s ({last[1]})", str(date))
            last = (row.step, date)
        events.append(Event(row.step, date, body, row.document, what, vote, list(row.sponsors),
                            list(row.abstaining), paragraphs, sources, notes))
    return events


def day(date: dt.date | None) -> str:
    """A date as the course's pages write it: ``17 March 2011``."""
    return "No date in the course's sources" if date is None else f"{date.day} {date:%B %Y}"


def vote_words(vote: str) -> str:
    """A recorded vote in words, on the page."""
    if not vote:
        return "none recorded"
    if vote == "unanimous":
        return "adopted unanimously"
    return vote_text(vote)


def libya_sequence_markdown(events: list[Event]) -> str:
    """The numbered sequence of events, each with its vote, its paragraphs and its sources."""
    lines = []
    for event in events:
        name = f"{escape(event.document)}: " if event.document else ""
        lines.append(f"{event.step}. **{day(event.date)}, {escape(event.body)}**: {name}{event.what}.")
        if event.vote:
            vote = vote_words(event.vote)
            if event.abstaining:
                vote += " (abstaining: " + ", ".join(escape(n) for n in event.abstaining) + ")"
            lines.append(f"   - Vote: {vote}")
        if event.sponsors:
            lines.append("   - Co-sponsors: " + ", ".join(escape(n) for n in event.sponsors))
        lines.append("   - In the report: " + (cite_links(event.paragraphs, REPORT) if event.paragraphs
                                               else "not mentioned"))
        notes = " ".join(link_citations(escape(n), REPORT) for n in event.notes)
        lines.append("   - Sources: " + ", ".join(f"<{u}>" for u in event.sources) + (f". {notes}" if notes else ""))
    return "\n".join(lines) + "\n"


def council_votes(event: Event, member: str) -> str:
    """How a member voted on a Security Council resolution, as far as the recorded facts say."""
    if event.vote == "unanimous":
        return "in favour"
    tally = TALLY.fullmatch(event.vote)
    named_all = (tally and int(tally[2]) == 0 and int(tally[3]) == len(event.abstaining)
                 and int(tally[1]) + int(tally[3]) == COUNCIL_SEATS)
    if member in event.abstaining:
        return "abstained"
    if named_all:
        return "co-sponsor; in favour" if member in event.sponsors else "in favour"
    return "co-sponsor" if member in event.sponsors else "not in the course's sources"


def libya_members_markdown(events: list[Event]) -> str:
    """The Council members the sources name, with how each voted, and the members they do not name."""
    votes = [e for e in events if e.body == "Security Council" and e.vote]
    named: list[str] = []
    for event in votes:
        named += [m for m in event.sponsors + event.abstaining if m not in named]
    heads = [f"Resolution {escape(document_number(e.document))}, {day(e.date)}" for e in votes]
    lines = ["| Member of the Security Council | " + " | ".join(heads) + " |", "|---" * (len(votes) + 1) + "|"]
    lines += [f"| {escape(m)} | " + " | ".join(council_votes(e, m) for e in votes) + " |" for m in named]
    others = COUNCIL_SEATS - len(named)
    lines.append(f"| Each of the {others} other members (the course's verified sources do not name them) | "
                 + " | ".join(council_votes(e, "") for e in votes) + " |")
    lines.append("")
    for event in votes:
        how = f"Resolution {escape(document_number(event.document))}: {vote_words(event.vote)}"
        tally = TALLY.fullmatch(event.vote)
        if event.vote == "unanimous":
            how += ", so every member voted in favour."
        elif tally and council_votes(event, "") == "in favour":
            how += (f". The {tally[3]} abstaining members are named and none voted against, so every other "
                    f"member of the {COUNCIL_SEATS} voted in favour.")
        else:
            how += "."
        lines += [how, ""]
    return "\n".join(lines)


def simulation_markdown(text: str, events: list[Event] | None = None) -> str:
    """The simulation page's hand-written text with its blocks filled in from the data."""
    events = libya_events() if events is None else events
    makers = {"libya-sequence": libya_sequence_markdown, "libya-members": libya_members_markdown}
    return ACTIVITY_BLOCK.sub(lambda m: m.group(1) + makers[m.group(2)](events) + m.group(4), text)


# ---------------------------------------------------------------- the tool cards


def card_tools() -> pd.DataFrame:
    """Every tool with a tier, in the cards' order: by name, so that no tier shows in the order."""
    tools = load_tools()
    tools = tools[tools.coercion_tier.notna()]
    return tools.sort_values("name", key=lambda s: s.str.casefold()).reset_index(drop=True)


def card_words(quote: str) -> str:
    """The tool's quote as its card shows it: the report's words, with any word that names a
    tier elided (para 22's "non-coercive responses" would give the Chapter VI means away)."""
    return TIER_WORDS.sub(ELISION, quote)


def tier_reason(row: Any) -> str:
    """What the report itself says about a tool's coercion, beside the course's tier for it."""
    first = f"[para {row.paragraphs[0]}]({REPORT}#para-{row.paragraphs[0]})"
    tier = int(row.coercion_tier)
    if tier == 1 and row.tool_id in REPORT_NON_COERCIVE_TOOLS:
        return f"The report calls it non-coercive: one of the Chapter VI means of [para 22]({REPORT}#para-22)."
    if tier == 1:
        return ("The report does not call it coercive or non-coercive: the course places it in tier 1 "
                "because it is neither a sanction nor military force.")
    if tier == 2 and "Article 41" not in row.charter_basis:
        return (f"Sanctions that the report does not tie to Article 41 ({first}): the course reads "
                f"\"coercive measures — whether sanctions or military force\" ([para 56]({REPORT}#para-56)) "
                "as covering them too, and puts them in tier 2.")
    if tier == 2:
        return ("A sanction: the report counts sanctions among the coercive measures "
                f"([para 31]({REPORT}#para-31), [para 56]({REPORT}#para-56)); the course's tier 2 holds the "
                "coercive measures that are not military force.")
    if "Article 42" in row.charter_basis:
        return ("Military force, which only the Security Council can authorize, under Article 42 "
                f"([para 32]({REPORT}#para-32)).")
    return (f"Military operations that the report does not tie to Article 42 ({first}): the course puts them "
            "in tier 3 with military force.")


def tool_cards_markdown() -> str:
    """The printable cards of the sorting game and, on a page of its own when printed, the key."""
    tools = card_tools()
    counts = tools.coercion_tier.astype(int).value_counts()
    lines = [
        GENERATED, "",
        "# Tool cards", "",
        f"The {len(tools)} cards of the [sorting game](activity-tool-cards.md), one for each tool of "
        "the course's table of tools (`data/tools.csv`) that has a coercion tier, in the order of "
        "their names. Each card gives the tool's name, the report's own words about it (with the "
        "paragraph they come from; a word that would name a tier, such as \"non-coercive\", is left "
        "out and marked […]), the Charter basis the report gives, if any, and the "
        "paragraphs of the report to read. No card shows a tier. Print this page (one set of "
        "cards per group) and cut along the dashed lines; the key comes after the cards, on a "
        "page of its own, so keep that page back until the groups have sorted.", "",
        '<div class="r2p-tool-cards">', "",
    ]
    for number, row in enumerate(tools.itertuples(), start=1):
        basis = escape(row.charter_basis) if row.charter_basis else "none given in the report"
        lines += [
            f'- <a id="card-{number}"></a>**Card {number}: {escape(row.name)}**', "",
            f"  In the report's words ({cite_links([row.paragraphs[0]], REPORT)}): "
            f"“{escape(card_words(row.quote))}”", "",
            f"  Charter basis: {basis}", "",
            f"  Read: {cite_links(row.paragraphs, REPORT)}", "",
        ]
    lines += [
        "</div>", "",
        '<a id="key"></a>', "",
        "## Key: the course's placement", "",
        "The three tiers are the course's scale, built from the report's words (see "
        "[chapter III](../03-tools.myst) and the [coercion tiers](../glossary.md#term-coercion-tiers)): "
        f"tier 1, {TIER_NAMES[1]}; tier 2, {TIER_NAMES[2]} (the sanctions of Article 41); tier 3, "
        f"{TIER_NAMES[3]}. The report itself calls only the Chapter VI means of "
        f"[para 22]({REPORT}#para-22) non-coercive, and only sanctions and military force coercive "
        f"([para 31]({REPORT}#para-31), [para 32]({REPORT}#para-32), [para 56]({REPORT}#para-56)); "
        "every other placement in tier 1 is the course's judgement, made because the tool is "
        "neither a sanction nor military force, and so is the placement of sanctions or military "
        "operations that the report does not tie to Article 41 or 42. The last column says which "
        "is which. Any order inside a tier is right.", "",
        f"Cards per tier: tier 1, {counts.get(1, 0)}; tier 2, {counts.get(2, 0)}; tier 3, {counts.get(3, 0)}.", "",
        "| Card | Tool | Tier (the course's placement) | What the report itself says |",
        "|---|---|---|---|",
    ]
    for number, row in enumerate(tools.itertuples(), start=1):
        tier = int(row.coercion_tier)
        lines.append(f"| [{number}](#card-{number}) | {escape(row.name)} | {tier}, {TIER_NAMES[tier]} | "
                     f"{tier_reason(row)} |")
    return "\n".join(lines) + "\n"


def activity_pages() -> dict[Path, str]:
    """The generated cards page and the simulation page with its blocks filled in, by path."""
    pages = {TOOL_CARDS_PAGE: tool_cards_markdown()}
    if SIMULATION_PAGE.exists():
        pages[SIMULATION_PAGE] = simulation_markdown(SIMULATION_PAGE.read_text(encoding="utf-8"))
    return pages
