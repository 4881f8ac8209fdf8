"""The instructors' group activities: the tool cards hold exactly the tools with a tier and show
no tier; the Libya simulation shows exactly the verified facts of its data file, and bad data in
that file is refused with the row and field named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from r2p_course.activities import SIMULATION_PAGE, TOOL_CARDS_PAGE, day, libya_events, vote_words
from r2p_course.data import load_libya_2011, load_tools
from r2p_course.errors import DataError
from r2p_course.paths import DATA_DIR
from r2p_course.quiz import REPORT_NON_COERCIVE_TOOLS

CARDS = re.compile(r'<div class="r2p-tool-cards">\n(.*?)\n</div>', re.S)
CARD = re.compile(r'^- <a id="card-(\d+)"></a>\*\*Card \1: (.+?)\*\*$', re.M)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def unescape(text: str) -> str:
    """Markdown text as the reader sees it (the pages escape characters that start markup)."""
    return re.sub(r"\\(.)", r"\1", text)


def card_pieces() -> dict[str, str]:
    """The committed cards page cut into one piece of Markdown per card, by the tool's name."""
    cards = CARDS.search(TOOL_CARDS_PAGE.read_text(encoding="utf-8"))
    assert cards, "the cards page has no grid of cards"
    pieces = CARD.split(cards.group(1))[1:]
    return {unescape(name): body for name, body in zip(pieces[1::3], pieces[2::3], strict=True)}


def test_tool_cards_hold_every_tool_with_a_tier_and_nothing_else() -> None:
    tools = load_tools()
    with_tier = tools[tools.coercion_tier.notna()]
    pieces = card_pieces()
    assert sorted(pieces) == sorted(with_tier.name), "cards and the tools with a tier in data/tools.csv differ"
    for row in with_tier.itertuples():
        body = pieces[row.name]
        words = re.search(r"In the report's words \(para \[(\d+)\]\(\.\./report\.md#para-\1\)\): “(.+?)”$",
                          unescape(body), re.M)
        assert words, f"{row.tool_id}: the card quotes the report without the paragraph it comes from"
        # the quote's own paragraph (data checks that the quote is verbatim there)
        assert int(words.group(1)) == row.paragraphs[0], row.tool_id
        # the report's words as data holds them, save what the card elides, and it elides only tier words
        kept = words.group(2).split("[…]")
        assert re.fullmatch("(.*)".join(map(re.escape, kept)), row.quote), row.tool_id
        left_out = re.fullmatch("(.*)".join(map(re.escape, kept)), row.quote).groups()
        assert all(re.fullmatch(r"(?i)(non-)?coercive|military force", gap) for gap in left_out), row.tool_id
        assert (row.charter_basis or "none given in the report") in unescape(body), row.tool_id
        for n in row.paragraphs:
            assert f"(../report.md#para-{n})" in body, (row.tool_id, n)


def test_no_card_shows_a_tier_and_the_key_gives_the_course_s_placement() -> None:
    text = TOOL_CARDS_PAGE.read_text(encoding="utf-8")
    cards = CARDS.search(text).group(1)
    # the tiers are "non-coercive", "coercive but not military" and "military force"
    assert not re.search(r"tier|coercive|military force", cards, re.I), "a card gives its tier away"
    key = text.split("## Key: the course's placement", 1)[1]
    rows = re.findall(r"^\| \[(\d+)\]\(#card-\1\) \| (.+?) \| (\d), [^|]+ \| (.+) \|$", key, re.M)
    tools = load_tools().set_index("name")
    assert len(rows) == len(card_pieces())
    for _, name, tier, reason in rows:
        tool = tools.loc[unescape(name)]
        assert int(tier) == tool.coercion_tier, name
        # the report's own word only where the report says it; elsewhere the course's placement
        # a sanction the report does not tie to Article 41 is the course's reading of para 56
        if tool.coercion_tier == 2:
            assert ("Article 41" in tool.charter_basis) != ("the course reads" in reason), name
        if tool.coercion_tier == 1:
            assert ("The report calls it non-coercive" in reason) == (tool.tool_id in REPORT_NON_COERCIVE_TOOLS), name
            assert (tool.tool_id in REPORT_NON_COERCIVE_TOOLS) or "the course places it in tier 1" in reason, name


def sequence_items() -> list[str]:
    """The simulation page's generated sequence, one piece of Markdown per step."""
    text = SIMULATION_PAGE.read_text(encoding="utf-8")
    block = re.search(r"<!-- begin libya-sequence -->\n(.*?)<!-- end libya-sequence -->", text, re.S)
    assert block, "the simulation page lost its sequence block"
    return re.split(r"^(?=\d+\. )", block.group(1), flags=re.M)[1:]


def test_simulation_shows_exactly_the_events_of_its_data_file() -> None:
    events = libya_events()
    items = sequence_items()
    assert len(items) == len(events) == len(load_libya_2011())
    for event, item in zip(events, items, strict=True):
        when = f"{event.date.day} {event.date:%B %Y}" if event.date else "No date in the course's sources"
        assert item.startswith(f"{event.step}. **{when}, {event.body}**"), item[:80]
        if event.vote:  # as recorded: a tally in words, or the words themselves ("unanimous")
            tally = re.fullmatch(r"(\d+)-(\d+)-(\d+)", event.vote)
            shown = f"{tally[1]} in favour, {tally[2]} against, {tally[3]} abstentions" if tally else event.vote
            assert re.search(rf"^   - Vote: [^\n]*{re.escape(shown)}", item, re.M), (event.step, shown)
        else:
            assert "Vote:" not in item, event.step
        for name in event.abstaining + event.sponsors:
            assert name in item, (event.step, name)
        for url in event.sources:
            assert f"<{url}>" in item, (event.step, url)
    resolution_1973 = next(e for e in events if e.document == "S/RES/1973 (2011)")
    assert (resolution_1973.date.isoformat(), resolution_1973.vote) == ("2011-03-17", "10-0-5")


def test_simulation_page_states_no_date_or_vote_that_its_data_does_not_hold() -> None:
    """The hand-written text may name a day or a vote only if the data file (or its document) holds
    it; the generated blocks show the data itself (and the notes of its sources)."""
    events = libya_events()
    page = unescape(SIMULATION_PAGE.read_text(encoding="utf-8"))
    text = re.sub(r"<!-- begin (libya-[a-z]+) -->.*?<!-- end \1 -->", "", page, flags=re.S)
    dates = {day(e.date) for e in events if e.date}
    for found in re.findall(rf"\b\d{{1,2}} (?:{MONTHS}) \d{{4}}", text):
        assert found in dates, f"the simulation page names {found}, a date its data does not hold"
    votes = {vote_words(e.vote) for e in events if e.vote}
    for found in re.findall(r"\d+ in favour, \d+ against, \d+ abstentions|\b\d+-\d+-\d+\b", text):
        assert found in votes, f"the simulation page gives a vote, {found}, that its data does not hold"
    members = {m for e in events for m in e.sponsors + e.abstaining}
    table = re.search(r"<!-- begin libya-members -->\n(.*?)<!-- end libya-members -->", page, re.S).group(1)
    rows = re.findall(r"^\| (?!Member of|---)([^|]+?) \|", table, re.M)
    assert set(rows[:-1]) == members and rows[-1].startswith(f"Each of the {15 - len(members)} other members")


# ---------------------------------------------------------------- bad data in the simulation's file

GOOD = DATA_DIR / "activities" / "libya-2011.csv"


def broken(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the simulation's data file with one piece of text changed."""
    text = GOOD.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "libya-2011.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


GA_SOURCE = (",https://www.voltairenet.org/article168880.html;Note: [V] text of resolution 65/265 of 1 March 2011. "
             "The vote is not recorded in the course's sources.")


@pytest.mark.parametrize(("old", "new", "row", "field"), [
    ("Note: [V] Reuters's report", "Note: [V-2nd] Reuters's report", 4, "source"),  # not verified
    (GA_SOURCE, ",", 3, "source"),  # an event with no source
    ("A/HRC/RES/S-15/1", "A/HRC/RES/S-99/1", 1, "document"),  # no such document
    ("S/RES/1970 (2011),,", "S/RES/1970 (2011),15-0-0,", 2, "vote"),  # a document's vote has one home
    (";India;Russian Federation,", ";India,", 5, "abstaining"),  # 5 abstentions, 4 names
    ("6,2011-03-31,", "6,2011-02-01,", 6, "date"),  # before the vote of 17 March
    ("3,2011-03-01,", "0,2011-03-01,", 3, "step"),  # out of order
])
def test_bad_simulation_data_is_refused_naming_row_and_field(tmp_path: Path, old: str, new: str,
                                                             row: int, field: str) -> None:
    with pytest.raises(DataError) as caught:
        libya_events(broken(tmp_path, old, new))
    error = caught.value
    assert (Path(error.file).name, error.row, error.column) == ("libya-2011.csv", row, field), str(error)


def test_tool_cards_print_three_to_a_row_none_split_and_the_key_on_its_own_page(page, site_url: str) -> None:  # noqa: ANN001
    """Printed (print media in Chromium): a grid of three cards a row, no card broken across two
    sheets, and a page break between the cards and the key."""
    tools = load_tools()
    page.set_viewport_size({"width": 760, "height": 1000})  # about an A4 sheet's printable width
    page.goto(f"{site_url}/book/instructors/tool-cards.html")
    page.emulate_media(media="print")
    cards = page.eval_on_selector_all(
        ".r2p-tool-cards > ul > li",
        "(cards) => cards.map((c) => [getComputedStyle(c).breakInside, Math.round(c.getBoundingClientRect().left),"
        " getComputedStyle(c).borderTopStyle])")
    assert len(cards) == tools.coercion_tier.notna().sum()
    assert {inside for inside, _, _ in cards} == {"avoid"} and {border for _, _, border in cards} == {"dashed"}
    assert len({left for _, left, _ in cards}) == 3, "printed cards are not three to a row"
    assert page.eval_on_selector(".r2p-tool-cards", "(d) => getComputedStyle(d).breakAfter") == "page"
    assert page.errors == []
