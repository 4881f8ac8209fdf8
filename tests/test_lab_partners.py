"""The lab "Partners in action": every key of its bank is computed from the course's tables.

The lab's questions are answered by reading ``situations.csv``, ``tools.csv`` and
``partners.csv``. Each question here has a function of those tables that picks, among the
question's options, the ones the tables support; the bank's key must be exactly that. So a
change in the data (a tool added to a situation, an actor removed) cannot leave a key stale:
it fails here until the bank, and its review against the report, follow.

Option ids name the rows they stand for: a row id with "_" written "-"
(``libya-2011`` is the situation ``libya_2011``), or an actor, a tool and a situation joined
by "--" (``african-union--mediation--kenya-2008``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from r2p_course.data import load_partners, load_situations, load_tools
from r2p_course.quiz import get_bank

BANK = "partners-in-action"


@dataclass
class Tables:
    """The three tables the lab shows, indexed by their ids."""

    situations: pd.DataFrame
    tools: pd.DataFrame
    partners: pd.DataFrame

    def tools_of(self, situation: str) -> set[str]:
        return set(self.situations.at[situation, "tools"])

    def actors_of(self, situation: str) -> set[str]:
        return set(self.situations.at[situation, "actors"])

    def with_tool(self, tool: str) -> set[str]:
        return {s for s in self.situations.index if tool in self.tools_of(s)}

    def with_actor(self, actor: str) -> set[str]:
        return {s for s in self.situations.index if actor in self.actors_of(s)}

    def lead_actors(self, tool: str) -> set[str]:
        return set(self.tools.at[tool, "lead_actors"])

    def kind(self, partner: str) -> str:
        return str(self.partners.at[partner, "kind"])

    def chapter_vii(self, tool: str) -> bool:
        """Does the tools table give the tool a basis in Chapter VII of the Charter?"""
        return "Chapter VII" in str(self.tools.at[tool, "charter_basis"]).replace("Chapter VIII", "")


def load_tables() -> Tables:
    return Tables(load_situations().set_index("situation_id"), load_tools().set_index("tool_id"),
                  load_partners().set_index("partner_id"))


def row_id(option_id: str) -> str:
    return option_id.replace("-", "_")


def triple(option_id: str) -> tuple[str, str, str]:
    """``actor--tool--situation`` as three row ids."""
    actor, tool, situation = (row_id(part) for part in option_id.split("--"))
    return actor, tool, situation


def used_where(t: Tables, option_id: str) -> bool:
    """The actor is in the situation's actors, the tool in its tools, and the actor among the
    tool's lead actors: the tables say that this actor used this tool there."""
    actor, tool, situation = triple(option_id)
    return tool in t.tools_of(situation) and actor in t.actors_of(situation) and actor in t.lead_actors(tool)


# question id -> (which table each option names, the options the tables support)
Rule = Callable[[Tables, set[str]], set[str]]
KEYS: dict[str, tuple[str, Rule]] = {
    "pia-chapter-vii-situation": (
        "situations", lambda t, opts: {s for s in opts if any(t.chapter_vii(x) for x in t.tools_of(s))}),
    "pia-libya-chapter-vii-tool": (
        "tools", lambda t, opts: {x for x in opts & t.tools_of("libya_2011") if t.chapter_vii(x)}),
    "pia-actor-tool-where": ("triples", lambda t, opts: {o for o in opts if used_where(t, o)}),
    "pia-ecomog-where": ("situations", lambda t, opts: opts & t.with_actor("ecomog")),
    "pia-cote-divoire-2004": ("partners", lambda t, opts: opts & t.actors_of("cote_divoire_2004")),
    "pia-public-statements": (
        "situations", lambda t, opts: opts & t.with_tool("public_advocacy") & t.with_actor("secretary_general")),
    "pia-hrc-resolutions": ("situations", lambda t, opts: opts & t.with_tool("hrc_resolutions")),
    "pia-league-request": (
        "partners", lambda t, opts: opts & t.actors_of("libya_2011") & t.lead_actors("state_request_measures")),
    "pia-nato-finding": (
        "partners", lambda t, opts: {p for p in opts & t.actors_of("libya_2011") if t.kind(p) == "commission"}),
    "pia-syria-envoy": ("partners", lambda t, opts: {p for p in opts & t.actors_of("syria") if t.kind(p) == "envoy"}),
    "pia-new-technologies": (
        "situations", lambda t, opts: opts & t.with_tool("live_information_new_technologies")),
    "pia-icj-srebrenica": (
        "partners", lambda t, opts: {p for p in opts & t.actors_of("icj_bosnia_v_serbia") if t.kind(p) == "court"}),
}


def computed_key(t: Tables, question: dict) -> set[str]:
    """The option ids the tables support, for one question of the bank."""
    table, rule = KEYS[question["id"]]
    ids = [o["id"] for o in question["options"]]
    if table == "triples":
        return set(ids) & rule(t, set(ids))
    chosen = rule(t, {row_id(i) for i in ids})
    return {i for i in ids if row_id(i) in chosen}


QUESTIONS = get_bank(BANK).questions


def test_every_question_has_a_key_computed_from_the_data() -> None:
    assert len(QUESTIONS) >= 10
    assert sorted(q["id"] for q in QUESTIONS) == sorted(KEYS)


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_options_name_rows_of_the_tables(question: dict) -> None:
    t = load_tables()
    table = KEYS[question["id"]][0]
    for option in question["options"]:
        if table == "triples":
            actor, tool, situation = triple(option["id"])
            found = (actor in t.partners.index, tool in t.tools.index, situation in t.situations.index)
        else:
            found = (row_id(option["id"]) in getattr(t, table).index,)
        assert all(found), f"{question['id']}: option {option['id']!r} names no row of {table}"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q["id"])
def test_key_is_the_one_the_tables_give(question: dict) -> None:
    key = computed_key(load_tables(), question)
    assert key, f"{question['id']}: the tables support none of the options"
    assert set(question["answer"]) == key, (
        f"{question['id']}: the bank's key is {sorted(question['answer'])}, the tables give {sorted(key)}")


def test_a_change_in_the_data_moves_the_key() -> None:
    """The keys follow the tables: take the Human Rights Council's resolutions out of Syria's
    row, or ECOMOG out of Guinea-Bissau's, and the computed keys no longer match the bank."""
    questions = {q["id"]: q for q in QUESTIONS}
    t = load_tables()
    t.situations.at["syria", "tools"] = [x for x in t.situations.at["syria", "tools"] if x != "hrc_resolutions"]
    t.situations.at["guinea_bissau_1998", "actors"] = ["ecowas"]
    assert computed_key(t, questions["pia-hrc-resolutions"]) == {"libya-2011"}
    assert computed_key(t, questions["pia-ecomog-where"]) == {"sierra-leone-1997", "cote-divoire-2002"}


NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "04-partners-in-action.ipynb"
NUMBERS = {n: w for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


def figure_alt_texts() -> list[str]:
    """The alt text of each figure of the lab, in page order (set in the cells' metadata)."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return [c["metadata"]["mystnb"]["image"]["alt"] for c in cells if "mystnb" in c["metadata"]]


def test_the_figures_alt_texts_follow_the_data() -> None:
    """The alt texts are written by hand: a change in the situations that the charts would show
    (a new dated situation, another country, another tool for Libya) fails here until they follow."""
    matrix, timeline = figure_alt_texts()
    situations = load_situations()
    dated = situations.dropna(subset=["year"])
    assert f"the {NUMBERS[len(dated)]} situations the report ties to a year" in timeline
    for row in dated.itertuples():
        assert str(row.year) in timeline, f"the timeline's alt text does not mention {row.situation_id} ({row.year})"
    for row in situations[situations["tools"].str.len().gt(0)].itertuples():
        for country in filter(None, row.country.split(";")):
            assert country in matrix, f"the matrix's alt text does not mention {country} ({row.situation_id})"
    libya = situations.set_index("situation_id").at["libya_2011", "tools"]
    assert f"Libya has the most tools, {NUMBERS[len(libya)]}" in matrix
    assert f"whose {NUMBERS[len(libya)]} tools" in timeline
