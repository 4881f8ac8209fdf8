"""Load the course's tables from ``data/`` as typed pandas DataFrames.

One loader per table. Each checks its file as it reads it and raises
:class:`~r2p_course.errors.DataError` naming the file, row, column, what was expected and
what was found. Checks that need several tables (quotes against the report's paragraphs,
ids used across tables, documents really mentioned) live in :func:`check_tables`, which
``r2p-course check`` runs (through ``quiz.check_all``, which adds the quiz banks).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import DataError
from .paths import BOOK_DIR, DATA_DIR, relative

N_PARAGRAPHS = 61
SECTIONS = ("I", "II", "III", "IV", "V", "VI")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")


# ---------------------------------------------------------------- cell parsers
# Each takes the raw cell text and returns the typed value or raises ValueError(expected).


def _text(cell: str) -> str:
    if not cell.strip():
        raise ValueError("a non-empty text")
    return cell


def _optional_text(cell: str) -> str:
    return cell


def _identifier(cell: str) -> str:
    if not ID_RE.match(cell):
        raise ValueError("an id of lowercase letters, digits and underscores")
    return cell


def _int(cell: str) -> int:
    if not re.fullmatch(r"\d+", cell.strip()):
        raise ValueError("a whole number")
    return int(cell)


def _optional_int(cell: str) -> int | None:
    return None if not cell.strip() else _int(cell)


def _paragraph(cell: str) -> int:
    number = _int(cell)
    if not 1 <= number <= N_PARAGRAPHS:
        raise ValueError(f"a paragraph number from 1 to {N_PARAGRAPHS}")
    return number


def _paragraph_list(cell: str) -> list[int]:
    if not cell.strip():
        raise ValueError("at least one paragraph number")
    try:
        return [_paragraph(p) for p in cell.split(";")]
    except ValueError:
        raise ValueError(f"';'-separated paragraph numbers from 1 to {N_PARAGRAPHS}") from None


def _id_list(cell: str) -> list[str]:
    if not cell.strip():
        return []
    items = cell.split(";")
    if not all(ID_RE.match(i) for i in items):
        raise ValueError("';'-separated ids (lowercase letters, digits, underscores)")
    return items


def _tier(cell: str) -> int | None:
    if not cell.strip():
        return None
    if cell.strip() not in ("1", "2", "3"):
        raise ValueError("a coercion tier 1, 2 or 3 (or blank)")
    return int(cell)


def _pillars(cell: str) -> list[int]:
    """Blank (the report places the tool in no pillar) is an empty list."""
    if not cell.strip():
        return []
    parts = cell.split(";")
    if any(p not in ("1", "2", "3") for p in parts) or len(set(parts)) != len(parts):
        raise ValueError("';'-separated pillars from 1, 2, 3 (or blank)")
    return sorted(int(p) for p in parts)


def _optional_paragraph_list(cell: str) -> list[int]:
    return [] if not cell.strip() else _paragraph_list(cell)


def _name_list(cell: str) -> list[str]:
    """Blank, or ';'-separated names ("United Kingdom;United States")."""
    names = [n.strip() for n in cell.split(";")] if cell.strip() else []
    if any(not n for n in names):
        raise ValueError("';'-separated names, none empty (or blank)")
    return names


def _section(cell: str) -> str:
    if cell not in SECTIONS:
        raise ValueError("a section I to VI")
    return cell


def _objective_id(cell: str) -> str:
    if not re.fullmatch(rf"(?:{'|'.join(SECTIONS)})\.[1-9][0-9]*", cell):
        raise ValueError("an objective id: the chapter's Roman numeral, a dot and a number (II.3)")
    return cell


def _date(cell: str) -> dt.date | None:
    if not cell.strip():
        return None
    try:
        return dt.date.fromisoformat(cell.strip())
    except ValueError:
        raise ValueError("an ISO date YYYY-MM-DD (or blank)") from None


def _one_of(*allowed: str) -> Callable[[str], str]:
    def parse(cell: str) -> str:
        if cell not in allowed:
            raise ValueError("one of " + ", ".join(allowed))
        return cell

    return parse


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Table:
    """A CSV file's contract: its columns, their parsers and its key column."""

    file: str
    key: str
    columns: dict[str, Callable[[str], Any]]
    dtypes: dict[str, str]

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file


PARTNER_KINDS = (
    "un_principal_organ", "un_body", "un_office", "un_agency", "treaty_body", "court", "state",
    "regional_organization", "civil_society", "business", "individual", "envoy", "commission",
    "humanitarian",
)
TOOL_FAMILIES = (
    "pacific_settlement", "mediation", "advocacy", "inquiry_monitoring", "international_justice",
    "security_council_reporting", "sanctions", "military_force", "general_assembly",
    "human_rights_council", "regional", "humanitarian", "state", "civil_society", "peacekeeping",
    "assistance", "incentives",
)

TABLES: dict[str, Table] = {
    "paragraphs": Table(
        "report/paragraphs.csv", "paragraph",
        {"paragraph": _paragraph, "section": _section, "section_title": _text, "text": _text},
        {"paragraph": "int64"},
    ),
    "footnotes": Table(
        "report/footnotes.csv", "footnote",
        {"footnote": _int, "paragraph": _paragraph, "text": _text},
        {"footnote": "int64", "paragraph": "int64"},
    ),
    "tools": Table(
        "tools.csv", "tool_id",
        {
            "tool_id": _identifier, "name": _text, "family": _one_of(*TOOL_FAMILIES),
            "charter_basis": _optional_text, "coercion_tier": _tier, "pillars": _pillars,
            "authorized_by": _optional_text, "lead_actors": _id_list,
            "paragraphs": _paragraph_list, "quote": _text, "summary": _text,
        },
        {"coercion_tier": "Int64"},
    ),
    "situations": Table(
        "situations.csv", "situation_id",
        {
            "situation_id": _identifier, "name": _text, "country": _optional_text,
            "year": _optional_int, "paragraphs": _paragraph_list, "tools": _id_list,
            "actors": _id_list, "quote": _text, "summary": _text,
        },
        {"year": "Int64"},
    ),
    "documents": Table(
        "documents.csv", "symbol",
        {
            "symbol": _text, "kind": _one_of("resolution", "report"), "body": _text,
            "date": _date, "title": _text, "vote": _optional_text,
            "paragraphs": _paragraph_list, "footnote": _optional_int, "source": _optional_text,
        },
        {"date": "datetime64[s]", "footnote": "Int64"},
    ),
    "partners": Table(
        "partners.csv", "partner_id",
        {
            "partner_id": _identifier, "name": _text, "kind": _one_of(*PARTNER_KINDS),
            "paragraphs": _paragraph_list, "quote": _text, "summary": _text,
        },
        {},
    ),
    "glossary": Table(
        "glossary.csv", "term",
        {"term": _text, "definition": _text, "paragraphs": _paragraph_list},
        {},
    ),
    "objectives": Table(
        "objectives.csv", "objective_id",
        {"objective_id": _objective_id, "chapter": _section, "text": _text},
        {},
    ),
    # The Security Council simulation's sequence of events (r2p_course/activities.py): a row
    # naming a document takes its date, body, title and vote from documents.csv.
    "libya_2011": Table(
        "activities/libya-2011.csv", "step",
        {
            "step": _int, "date": _date, "body": _optional_text, "event": _optional_text,
            "document": _optional_text, "vote": _optional_text, "sponsors": _name_list,
            "abstaining": _name_list, "paragraphs": _optional_paragraph_list, "source": _optional_text,
        },
        {"step": "int64", "date": "datetime64[s]"},
    ),
}


def read_table(name: str, path: Path | None = None) -> pd.DataFrame:
    """Read and check one table; ``path`` overrides its usual file (tests use broken copies)."""
    table = TABLES[name]
    path = Path(path) if path is not None else table.path
    shown = relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(shown, None, None, "UTF-8 text", f"byte {exc.start}") from exc
    rows = list(_csv_rows(shown, text))
    if not rows:
        raise DataError(shown, 0, None, "a header row", "an empty file")
    header, body = rows[0][1], rows[1:]
    for column in table.columns:
        if column not in header:
            raise DataError(shown, 0, column, "this column in the header", header)
    records: list[dict[str, Any]] = []
    seen: dict[Any, int] = {}
    for number, (line, cells) in enumerate(body, start=1):
        if len(cells) != len(header):
            raise DataError(
                shown, number, None,
                f"{len(header)} fields (check the quoting that starts near line {line})",
                f"{len(cells)} fields",
            )
        record = dict(zip(header, cells, strict=True))
        typed: dict[str, Any] = {}
        for column, parse in table.columns.items():
            try:
                typed[column] = parse(record[column])
            except ValueError as exc:
                raise DataError(shown, number, column, str(exc), record[column]) from None
        key = typed[table.key]
        if key in seen:
            raise DataError(
                shown, number, table.key, f"a unique {table.key} (row {seen[key]} has it)", key
            )
        seen[key] = number
        records.append(typed)
    frame = pd.DataFrame.from_records(records, columns=list(table.columns))
    for column, dtype in table.dtypes.items():
        frame[column] = frame[column].astype(dtype)
    return frame


def _csv_rows(shown: str, text: str):
    """Yield (line number, cells) per CSV record; broken quoting becomes a DataError."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DataError(shown, max(line - 1, 0), None, "well-formed CSV quoting", str(exc)) from None
        if cells:
            yield line, cells


@cache
def _cached(name: str) -> pd.DataFrame:
    return read_table(name)


def _load(name: str, path: Path | None) -> pd.DataFrame:
    return read_table(name, path) if path is not None else _cached(name).copy()


def load_paragraphs(path: Path | None = None) -> pd.DataFrame:
    """The report's 61 numbered paragraphs: paragraph, section, section_title, text."""
    return _load("paragraphs", path)


def load_footnotes(path: Path | None = None) -> pd.DataFrame:
    """The report's 4 footnotes, each with the paragraph holding its marker."""
    return _load("footnotes", path)


def load_tools(path: Path | None = None) -> pd.DataFrame:
    """Every tool or measure the report names, with tier, pillars and citations."""
    return _load("tools", path)


def load_situations(path: Path | None = None) -> pd.DataFrame:
    """Every situation or case the report names, linked to tools and actors."""
    return _load("situations", path)


def load_documents(path: Path | None = None) -> pd.DataFrame:
    """Every UN document the report or its footnotes cite."""
    return _load("documents", path)


def load_partners(path: Path | None = None) -> pd.DataFrame:
    """Partners and actors the report gives a role to."""
    return _load("partners", path)


def load_objectives(path: Path | None = None) -> pd.DataFrame:
    """The learning objectives, one per row, with the chapter (report section) they belong to."""
    return _load("objectives", path)


def load_glossary(path: Path | None = None) -> pd.DataFrame:
    """Terms a newcomer needs, with the paragraphs that use them."""
    return _load("glossary", path)


# ---------------------------------------------------------------- the chapters


def chapter_files() -> dict[str, Path]:
    """The chapters, by report section: ``book/01-genesis.myst`` is section I."""
    found = {}
    for path in sorted(BOOK_DIR.glob("[0-9][0-9]-*.myst")):
        found[SECTIONS[int(path.name[:2]) - 1]] = path
    return found


def chapter_title(path: Path) -> str:
    """A chapter's title: the first top-level heading of its file."""
    return re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)[1].strip()


def load_libya_2011(path: Path | None = None) -> pd.DataFrame:
    """The Libya simulation's events of 2011, in order, each with its source or its document."""
    return _load("libya_2011", path)


# ---------------------------------------------------------------- cross-table checks

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def fold(text: str) -> str:
    """Text with its whitespace and quote marks folded (runs of spaces, curly or straight)."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


def is_verbatim(quote: str, text: str) -> bool:
    """True when ``quote`` is ``text``'s own wording: the one rule for every quotation the
    course makes (tables, banks, chapters, labs). The only liberties a quotation may take are
    whitespace, the style of its quote marks, a comma or full stop at its ends (English
    prose puts them inside the closing mark) and the case of its first letter (a quotation
    that starts the course's sentence)."""
    body = fold(quote).strip(" ,.")
    if not body:
        return False
    text = fold(text)
    return body in text or body[0].swapcase() + body[1:] in text


def document_number(symbol: str) -> str:
    """The part of a symbol the report's text uses: 'A/RES/60/1' -> '60/1'."""
    for prefix in ("A/HRC/RES/", "A/RES/", "S/RES/"):
        if symbol.startswith(prefix):
            return symbol[len(prefix):]
    return symbol.split("-S/")[0]


def check_tables() -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Every table that reads, and every problem in the tables and across them (empty when all
    is well); ``quiz.check_all`` adds the banks' problems for ``r2p-course check``."""
    problems: list[str] = []
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        try:
            tables[name] = read_table(name)
        except (DataError, FileNotFoundError) as exc:
            problems.append(str(exc))
    if len(tables) == len(TABLES):
        problems += _cross_checks(tables)
    return tables, problems


def _cross_checks(t: dict[str, pd.DataFrame]) -> list[str]:
    problems = []
    text = dict(zip(t["paragraphs"].paragraph, t["paragraphs"].text, strict=True))
    notes = dict(zip(t["footnotes"].footnote, t["footnotes"].text, strict=True))
    if sorted(text) != list(range(1, N_PARAGRAPHS + 1)):
        problems.append(f"data/report/paragraphs.csv: expected paragraphs 1-{N_PARAGRAPHS}")
    ids = {
        "tools": set(t["tools"].tool_id),
        "partners": set(t["partners"].partner_id),
    }
    for name in ("tools", "situations", "partners"):
        file = TABLES[name].file
        for number, row in enumerate(t[name].itertuples(), start=1):
            first = row.paragraphs[0]
            if not is_verbatim(row.quote, text[first]):
                problems.append(
                    f"data/{file}, row {number}, field 'quote': expected a verbatim quote of "
                    f"para {first}, found {row.quote!r}"
                )
    references = [
        ("tools", "lead_actors", "partners"),
        ("situations", "tools", "tools"),
        ("situations", "actors", "partners"),
    ]
    for name, column, target in references:
        for number, row in enumerate(t[name].itertuples(), start=1):
            for ref in getattr(row, column):
                if ref not in ids[target]:
                    problems.append(
                        f"data/{TABLES[name].file}, row {number}, field {column!r}: expected an "
                        f"id from data/{TABLES[target].file}, found {ref!r}"
                    )
    for number, row in enumerate(t["tools"].itertuples(), start=1):
        for ref in filter(None, row.authorized_by.split(";")):
            if ref != "none" and ref not in ids["partners"]:
                problems.append(
                    f"data/tools.csv, row {number}, field 'authorized_by': expected 'none' or "
                    f"ids from data/partners.csv, found {ref!r}"
                )
    for number, row in enumerate(t["documents"].itertuples(), start=1):
        needle = document_number(row.symbol)
        note = "" if pd.isna(row.footnote) else notes.get(int(row.footnote), "")
        for p in row.paragraphs:
            if needle not in text[p] and needle not in note:
                problems.append(
                    f"data/documents.csv, row {number}, field 'paragraphs': expected para {p} "
                    f"(or footnote {row.footnote}) to mention {needle!r}, found no mention"
                )
    return problems
