"""The course's tables: types, ids, citations, quotes, references, and clear errors."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from r2p_course import data
from r2p_course.cli import main
from r2p_course.data import DataError, document_number, is_verbatim, read_table
from r2p_course.paths import DATA_DIR
from r2p_course.quiz import check_all

LOADERS = {
    "paragraphs": data.load_paragraphs, "footnotes": data.load_footnotes,
    "tools": data.load_tools, "situations": data.load_situations,
    "documents": data.load_documents, "partners": data.load_partners,
    "glossary": data.load_glossary,
}


def test_every_table_and_bank_is_valid() -> None:
    assert check_all() == []


def test_cli_check_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "valid" in capsys.readouterr().out


# What each loader's columns hold: int (int64), Int64 (whole numbers or <NA>), text (str),
# date (datetime64), ints (a list of int, e.g. paragraph numbers), ids (a list of str).
COLUMN_KINDS: dict[str, dict[str, str]] = {
    "paragraphs": {"paragraph": "int", "section": "text", "section_title": "text", "text": "text"},
    "footnotes": {"footnote": "int", "paragraph": "int", "text": "text"},
    "tools": {
        "tool_id": "text", "name": "text", "family": "text", "charter_basis": "text",
        "coercion_tier": "Int64", "pillars": "ints", "authorized_by": "text", "lead_actors": "ids",
        "paragraphs": "ints", "quote": "text", "summary": "text",
    },
    "situations": {
        "situation_id": "text", "name": "text", "country": "text", "year": "Int64",
        "paragraphs": "ints", "tools": "ids", "actors": "ids", "quote": "text", "summary": "text",
    },
    "documents": {
        "symbol": "text", "kind": "text", "body": "text", "date": "date", "title": "text",
        "vote": "text", "paragraphs": "ints", "footnote": "Int64", "source": "text",
    },
    "partners": {
        "partner_id": "text", "name": "text", "kind": "text", "paragraphs": "ints", "quote": "text",
        "summary": "text",
    },
    "glossary": {"term": "text", "definition": "text", "paragraphs": "ints"},
    "objectives": {"objective_id": "text", "chapter": "text", "text": "text"},
    "libya_2011": {
        "step": "int", "date": "date", "body": "text", "event": "text", "document": "text", "vote": "text",
        "sponsors": "ids", "abstaining": "ids", "paragraphs": "ints", "source": "text",
    },
}


def _has_kind(column: pd.Series, kind: str) -> bool:
    """Whether a loaded column holds what ``kind`` names (every cell, and the dtype)."""
    cells = list(column)
    if kind == "int":
        return str(column.dtype) == "int64"
    if kind == "Int64":
        return str(column.dtype) == "Int64"
    if kind == "date":
        return pd.api.types.is_datetime64_any_dtype(column)
    if kind == "text":
        return pd.api.types.is_string_dtype(column) and all(isinstance(c, str) for c in cells)
    item = {"ints": int, "ids": str}[kind]
    return all(isinstance(c, list) and all(type(x) is item for x in c) for c in cells)


KIND_OF_DTYPE = {"int64": "int", "Int64": "Int64", "datetime64[s]": "date"}  # Table.dtypes -> COLUMN_KINDS


@pytest.mark.parametrize("name", data.TABLES)
def test_every_table_has_a_loader_and_expected_types(name: str) -> None:
    """Each table of data.TABLES has its ``load_<name>``, and the kinds above name exactly the
    columns of its CSV file and of its contract, in order, agreeing with the contract's dtypes."""
    table = data.TABLES[name]
    assert callable(getattr(data, f"load_{name}", None)), f"no data.load_{name}"
    assert name in COLUMN_KINDS, f"no expected types for {name}"
    header = next(csv.reader(io.StringIO(table.path.read_text(encoding="utf-8"))))
    assert list(COLUMN_KINDS[name]) == list(table.columns) == header, name
    assert set(COLUMN_KINDS[name].values()) <= {"int", "Int64", "text", "date", "ints", "ids"}, name
    for column, dtype in table.dtypes.items():
        assert COLUMN_KINDS[name][column] == KIND_OF_DTYPE[dtype], f"{name}.{column}: {dtype}"


def test_every_table_has_expected_types() -> None:
    assert set(COLUMN_KINDS) == set(data.TABLES)


@pytest.mark.parametrize("name", COLUMN_KINDS)
def test_loaders_return_typed_frames(name: str) -> None:
    frame = getattr(data, f"load_{name}")()
    assert len(frame) > 0
    assert list(frame.columns) == list(COLUMN_KINDS[name])
    for column, kind in COLUMN_KINDS[name].items():
        assert _has_kind(frame[column], kind), f"{name}.{column}: expected {kind}, got {frame[column].dtype}"


def test_typed_columns() -> None:
    assert data.load_paragraphs().paragraph.tolist() == list(range(1, 62))
    assert len(data.load_footnotes()) == 4
    tools = data.load_tools()
    assert str(tools.coercion_tier.dtype) == "Int64"
    assert set(tools.coercion_tier.dropna()) <= {1, 2, 3}
    assert all(isinstance(p, list) for p in tools.pillars)
    documents = data.load_documents()
    assert pd.api.types.is_datetime64_any_dtype(documents.date)
    assert str(data.load_situations().year.dtype) == "Int64"


def test_tools_follow_the_report_on_tiers_and_pillars() -> None:
    tools = data.load_tools().set_index("tool_id")
    assert tools.at["peacekeeping", "pillars"] == [2]  # para 16
    assert pd.isna(tools.at["peacekeeping", "coercion_tier"])
    assert pd.isna(tools.at["icc", "coercion_tier"])  # para 29: not settled
    assert tools.at["commissions_of_inquiry", "pillars"] == [2, 3]  # para 12
    para31 = tools[tools.paragraphs.map(lambda p: p[0] == 31)]
    assert len(para31) >= 8 and set(para31.coercion_tier) == {2}
    para32 = tools[tools.paragraphs.map(lambda p: p[0] == 32)]
    assert set(para32.coercion_tier) == {3}
    para22 = tools[tools.paragraphs.map(lambda p: p[0] == 22)]
    assert set(para22.coercion_tier) == {1}


DOCUMENT_PATTERNS = [
    (r"\bA/\d+/\d+(?:-S/\d+/\d+)?", lambda m: m),
    (r"resolutions? (\d+/\d+)", lambda m: "A/RES/" + m),
    (r"\b(\d{4} \(\d{4}\))", lambda m: "S/RES/" + m),
    (r"\b(S-\d+/\d+)", lambda m: "A/HRC/RES/" + m),
    (r"\bA/HRC/\d+/\d+", lambda m: m),
]


def _symbols_in(text: str) -> set[str]:
    found = set()
    text = text.replace("–", "-")
    for pattern, canonical in DOCUMENT_PATTERNS:
        for m in re.finditer(pattern, text):
            found.add(canonical(m.group(1) if m.groups() else m.group(0)))
    # "General Assembly resolutions 66/176 and 66/253": the second number has no keyword
    for m in re.finditer(r"resolutions (\d+/\d+) and (\d+/\d+)", text):
        found.add("A/RES/" + m.group(2))
    return {s for s in found if not s.startswith("A/RES/A/")}


def test_every_document_the_report_cites_is_in_the_table() -> None:
    documents = set(data.load_documents().symbol)
    cited = set()
    for text in [*data.load_paragraphs().text, *data.load_footnotes().text]:
        cited |= _symbols_in(text)
    cited = {s for s in cited if not s.startswith("A/HRC/RES/") or "/S-" in s}
    missing = sorted(cited - documents)
    assert not missing, f"cited in the report but not in data/documents.csv: {missing}"
    assert "A/RES/60/1" in cited and "S/RES/1973 (2011)" in cited  # the patterns work


def test_each_document_row_is_mentioned_where_it_says() -> None:
    """Every paragraph a document row lists names the document, in its own text or in the row's
    footnote when that footnote belongs to the paragraph; the row's footnote names it too. A
    number must stand alone: "60/1" is not found in "60/10"."""
    paragraphs = dict(zip(*data.load_paragraphs()[["paragraph", "text"]].T.values, strict=True))
    footnotes = data.load_footnotes().set_index("footnote")
    for row in data.load_documents().itertuples():
        number = document_number(row.symbol)
        named = re.compile(rf"(?<![\w/]){re.escape(number)}(?![\w/])").search
        assert row.paragraphs, f"{row.symbol}: no paragraph"
        note = footnotes.loc[int(row.footnote)] if pd.notna(row.footnote) else None
        if note is not None:
            assert named(note.text), f"{row.symbol}: footnote {row.footnote} does not mention {number}"
            assert note.paragraph in row.paragraphs, f"{row.symbol}: footnote {row.footnote} is not in its paragraphs"
        for p in row.paragraphs:
            in_note = note is not None and note.paragraph == p
            assert named(paragraphs[p]) or in_note, f"{row.symbol}: para {p} does not mention {number}"


@pytest.mark.parametrize("name", ["tools", "situations", "partners"])
def test_quotes_are_verbatim_in_their_first_paragraph(name: str) -> None:
    text = dict(zip(*data.load_paragraphs()[["paragraph", "text"]].T.values, strict=True))
    for row in LOADERS[name]().itertuples():
        assert is_verbatim(row.quote, text[row.paragraphs[0]]), (name, row[1], row.quote)


def test_a_quotation_may_change_only_spacing_quote_marks_end_punctuation_and_first_letter() -> None:
    """The one verbatim rule, for the tables, the banks, the chapters and the labs."""
    report = "Member States “have a responsibility to protect” their populations, timely and decisive."
    for quote in ('have a  responsibility\nto protect', '"have a responsibility to protect"', "timely and decisive.",
                  "their populations,", "Timely and decisive", "member States"):
        assert is_verbatim(quote, report), quote
    for quote in ("timely and Decisive", "TIMELY and decisive", "have the responsibility to protect",
                  "timely, and decisive", "decisive response", "", " . "):
        assert not is_verbatim(quote, report), quote


# ------------------------------------------------------------ broken copies


def _broken(tmp_path: Path, name: str, edit) -> Path:
    source = DATA_DIR / data.TABLES[name].file
    target = tmp_path / Path(data.TABLES[name].file).name
    shutil.copy(source, target)
    target.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = _broken(tmp_path, "tools", lambda t: t.replace("coercion_tier", "tier", 1))
    with pytest.raises(DataError) as err:
        read_table("tools", path)
    assert "tools.csv" in str(err.value) and "'coercion_tier'" in str(err.value)
    assert err.value.row == 0


def test_bad_tier_names_row_column_expected_and_found(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        lines[3] = lines[3].replace(",1,", ",4,", 1)
        return "".join(lines)

    path = _broken(tmp_path, "tools", edit)
    with pytest.raises(DataError) as err:
        read_table("tools", path)
    assert (err.value.row, err.value.column, err.value.found) == (3, "coercion_tier", "4")
    assert "tier 1, 2 or 3" in str(err.value)


def test_unknown_paragraph_is_named(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        lines[2] = re.sub(r",[\d;]+\n$", ",62\n", lines[2])  # paragraphs is the last column
        return "".join(lines)

    path = _broken(tmp_path, "glossary", edit)
    with pytest.raises(DataError) as err:
        read_table("glossary", path)
    assert (err.value.row, err.value.column) == (2, "paragraphs")
    assert "1 to 61" in str(err.value)


def test_duplicate_id_is_named(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        return "".join([*lines, lines[1]])

    path = _broken(tmp_path, "partners", edit)
    with pytest.raises(DataError) as err:
        read_table("partners", path)
    assert err.value.column == "partner_id" and "unique" in str(err.value)


def test_broken_quoting_is_named(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        lines[5] = lines[5].replace('"', "", 1)  # an opening quote without its closing one
        return "".join(lines)

    path = _broken(tmp_path, "situations", edit)
    with pytest.raises(DataError) as err:
        read_table("situations", path)
    assert "situations.csv" in str(err.value) and err.value.row is not None


def test_check_reports_a_quote_that_is_not_verbatim(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    broken = tmp_path / "data"
    shutil.copytree(DATA_DIR, broken)
    tools = broken / "tools.csv"
    tools.write_text(tools.read_text(encoding="utf-8").replace(
        "non-coercive responses", "gentle responses", 1), encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", broken)
    data._cached.cache_clear()
    try:
        problems = check_all()
        assert main(["check"]) == 1
    finally:
        data._cached.cache_clear()
    assert any("tools.csv" in p and "'quote'" in p for p in problems), problems


def _with_cell(tmp_path: Path, name: str, key: str, column: str, value: str) -> tuple[Path, int]:
    """A copy of a table with one cell replaced; returns the path and the row's number."""
    source = DATA_DIR / data.TABLES[name].file
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    number = next(i for i, r in enumerate(body, start=1) if r[0] == key)
    body[number - 1][header.index(column)] = value
    target = tmp_path / source.name
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *body])
    return target, number


def test_blank_pillars_load_as_an_empty_list(tmp_path: Path) -> None:
    path, _ = _with_cell(tmp_path, "tools", "peacekeeping", "pillars", "")
    tools = read_table("tools", path).set_index("tool_id")
    assert tools.at["peacekeeping", "pillars"] == []
    assert tools.at["mediation", "pillars"] == [3]
    real = data.load_tools().set_index("tool_id")
    for unplaced in ("asylum_non_refoulement", "universal_periodic_review", "grassroots_early_warning"):
        assert real.at[unplaced, "pillars"] == [], unplaced  # DESIGN: the report places them nowhere


@pytest.mark.parametrize("bad", ["4", "1;1", "two", "1;"])
def test_bad_pillars_name_file_row_and_column(tmp_path: Path, bad: str) -> None:
    path, number = _with_cell(tmp_path, "tools", "mediation", "pillars", bad)
    with pytest.raises(DataError) as err:
        read_table("tools", path)
    assert (err.value.row, err.value.column, err.value.found) == (number, "pillars", bad)
    assert "tools.csv" in str(err.value) and "1, 2, 3" in str(err.value)


def test_chapter_vi_authorization_is_left_blank() -> None:
    tools = data.load_tools()
    chapter_vi = tools[tools.charter_basis == "Chapter VI"]
    assert len(chapter_vi) >= 8
    assert set(chapter_vi.authorized_by) == {""}  # para 22: "many", not all, need none


def test_assistance_and_incentives_rows() -> None:
    tools = data.load_tools().set_index("tool_id")
    assert tools.at["international_assistance", "pillars"] == [2]  # paras 12, 17
    assert pd.isna(tools.at["international_assistance", "coercion_tier"])
    assert tools.at["incentives_disincentives", "pillars"] == []  # para 36 places them nowhere
    assert pd.isna(tools.at["incentives_disincentives", "coercion_tier"])
