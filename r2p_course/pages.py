"""Book pages generated from ``data/``: the report reader, the glossary, the references and the
instructors' pages.

They are plain Markdown (CommonMark plus ``<a id>`` anchors), so the same file reads in full
on the website (Jupyter Book) and in JupyterLab's Markdown viewer, where the course's own
Sphinx roles and directives would show as nothing. They are written by ``r2p-course pages``
and by every book build; a test fails when a committed copy drifts from ``data/``.

Paragraph citations anywhere in the course are ordinary Markdown links to these anchors,
``[para 31](report.md#para-31)``: a link in JupyterLab, on the website and in notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from .data import (
    N_PARAGRAPHS,
    SECTIONS,
    chapter_files,
    chapter_title,
    document_number,
    load_documents,
    load_footnotes,
    load_glossary,
    load_objectives,
    load_paragraphs,
)
from .paths import BOOK_DIR, GENERATED, INSTRUCTORS_DIR, bank_keys_file
from .rules import CITATION, TIER_NAMES

REPORT_PAGE = BOOK_DIR / "report.md"
GLOSSARY_PAGE = BOOK_DIR / "glossary.md"
REFERENCES_PAGE = BOOK_DIR / "references.md"
OBJECTIVES_PAGE = INSTRUCTORS_DIR / "objectives.md"
# The answer keys: an index, and one page per bank beside it (one page for every bank
# would outgrow the site's page-weight limit; paths.bank_keys_file names them). _toc.yml lists
# the bank pages by a glob.
ANSWER_KEYS_PAGE = INSTRUCTORS_DIR / "answer-keys.md"
# Facilitator notes, one hand-written page per chapter with a generated goals block.
NOTES_PREFIX = "notes-chapter-"
# A chapter's generated blocks sit between marker lines its author writes once.
BLOCK = re.compile(r"(<!-- begin (objectives|further-reading|goals): [^\n]*-->\n)(.*?)(<!-- end \2 -->)", re.S)
# para 20's five lessons are a list in the published report
LESSON_SPLIT = re.compile(r" (?=(?:One|Two|Three|Four|Five)\. (?=[A-Z]))")


def escape(text: str) -> str:
    """Text from data as literal Markdown: no character may start markup."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def inline(text: str, report: str = "report.md") -> str:
    """Bank text as Markdown: literal, except *emphasis* and paragraph citations (as the widgets show it)."""
    pieces = re.split(r"(\*[^*]+\*)", " ".join(text.split()))
    shown = "".join(f"*{escape(p[1:-1])}*" if re.fullmatch(r"\*[^*]+\*", p) else escape(p) for p in pieces)
    return link_citations(shown, report)


def objective_anchor(objective: str) -> str:
    """The objectives matrix's anchor for an objective: ``objective-iii-2``."""
    return "objective-" + re.sub(r"[^a-z0-9]+", "-", objective.lower()).strip("-")


def question_anchor(question_id: str) -> str:
    """The answer keys' anchor for a question: ``q-ch1-choice-annan-steps``."""
    return f"q-{question_id}"


def question_key_link(bank: str, question_id: str) -> str:
    """A link, from ``book/instructors/``, to one question's key: ``answer-keys-chapter-1.md#q-...``."""
    return f"{bank_keys_file(bank)}#{question_anchor(question_id)}"


def term_anchor(term: str) -> str:
    """The glossary's anchor for a term: ``term-crimes-against-humanity``."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def cite_links(numbers: list[int], report: str = "report.md") -> str:
    """``paras [2](report.md#para-2), [9](report.md#para-9)`` for a list of paragraphs."""
    numbers = sorted(numbers)
    links = ", ".join(f"[{n}]({report}#para-{n})" for n in numbers)
    return ("paras " if len(numbers) > 1 else "para ") + links


def link_citations(text: str, report: str = "report.md") -> str:
    """Turn "para 27", "paragraph 27", "paras 12-13" and "paras 3, 21 and 56" in Markdown into links.

    The course's one citation pattern (:data:`r2p_course.rules.CITATION`, which the widgets
    use too). A citation of numbers the report does not have ("paragraph 138 of the World
    Summit Outcome", in the glossary) is another text's and stays text.
    """

    def one(number: str) -> str:
        start, *end = re.split(r"\s*[-–]\s*", number)
        shown = f"{start}–{end[0]}" if end else start
        return f"[{shown}]({report}#para-{start})"

    def replace(m: re.Match[str]) -> str:
        word, numbers = m.group("word"), m.group("numbers")
        if any(not 1 <= int(n) <= N_PARAGRAPHS for n in re.findall(r"[0-9]+", numbers)):
            return m.group(0)
        parts = re.split(r"(\s*(?:,|and)\s*)", numbers)
        if len(parts) == 1:  # one paragraph or one range: the whole phrase is the link
            return one(numbers).replace("[", f"[{word} ", 1)
        return word + " " + "".join(part if i % 2 else one(part) for i, part in enumerate(parts))

    return CITATION.sub(replace, text)


def report_markdown() -> str:
    """The whole report, one anchor per section, paragraph and footnote."""
    paragraphs = load_paragraphs()
    footnotes = load_footnotes()
    markers = footnotes.groupby("paragraph").footnote.apply(list).to_dict()
    lines = [
        GENERATED, "",
        "# The report: A/66/874–S/2012/578", "",
        "*Responsibility to protect: timely and decisive response*, report of the "
        "Secretary-General, General Assembly document A/66/874 and Security Council document "
        "S/2012/578, dated 25 July 2012. The text below is the United Nations' document, "
        "reproduced for study with the page layout repaired; its masthead (distribution, agenda "
        "items) is left out. The rest of the course links to each numbered paragraph here.", "",
    ]
    section = ""
    for row in paragraphs.itertuples():
        if row.section != section:
            section = row.section
            lines += [f'<a id="section-{section.lower()}"></a>', "",
                      f"## {section}. {escape(row.section_title)}", ""]
        intro, *lessons = LESSON_SPLIT.split(row.text)
        notes = "".join(f" [\\[footnote {n}\\]](#footnote-{n})" for n in markers.get(row.paragraph, []))
        lines += [f'<a id="para-{row.paragraph}"></a>**{row.paragraph}.** {escape(intro)}{notes}', ""]
        if lessons:
            lines += [f"- {escape(lesson)}" for lesson in lessons] + [""]
    lines += ["## Footnotes", ""]
    for row in footnotes.itertuples():
        lines += [f'<a id="footnote-{row.footnote}"></a>**{row.footnote}.** {escape(row.text)} '
                  f"(marker in [para {row.paragraph}](#para-{row.paragraph}))", ""]
    return "\n".join(lines)


def glossary_markdown() -> str:
    """Every glossary term with its anchor, definition and paragraph links."""
    glossary = load_glossary().sort_values("term", key=lambda s: s.str.lower())
    lines = [
        GENERATED, "",
        "# Glossary", "",
        "The terms a newcomer to the report needs, each with the paragraphs of the report where "
        "it is used or explained (follow a number to read the paragraph). Where a definition goes "
        "beyond the report, for a standard term such as *genocide*, it gives only the plain "
        "general meaning; what the report itself says is always in the cited paragraphs.", "",
    ]
    for row in glossary.itertuples():
        definition = link_citations(escape(row.definition))
        lines += [f'<a id="{term_anchor(row.term)}"></a>**{escape(row.term)}**: {definition} '
                  f"(report, {cite_links(row.paragraphs)})", ""]
    return "\n".join(lines)


def document_anchor(symbol: str) -> str:
    """The references page's anchor for a document: ``doc-s-res-1973-2011``."""
    return "doc-" + re.sub(r"[^a-z0-9]+", "-", symbol.lower()).strip("-")


# The mark the reference file gives a fact (kept at the start of a documents.csv note): "[V]"
# verified from a primary or official source, "[V-2nd]" from a secondary one only.
VERIFIED_NOTE = re.compile(r"^Note: \[V\]")


def vote_text(vote: str) -> str:
    """A vote as the documents table records it, in words: ``10-0-5`` -> "10 in favour, ..."."""
    if m := re.fullmatch(r"(\d+)-(\d+)-(\d+)", vote):
        return f"{m[1]} in favour, {m[2]} against, {m[3]} abstentions"
    return vote


def document_sources(source: str) -> tuple[list[str], str]:
    """A documents.csv ``source`` cell split into its addresses and its closing note."""
    addresses, sep, note = source.partition("Note: ")
    urls = [u.strip() for u in addresses.split(";") if u.strip()]
    return urls, f"Note: {note.strip()}" if sep else ""


def document_pattern(symbol: str) -> re.Pattern[str]:
    """How a chapter may name a document: its symbol, the number the report uses ("66/253",
    "S-15/1", "1973 (2011)"), or "resolution 1973" / "resolutions 1970 and 1973"."""
    number = document_number(symbol)
    short = number.split(" (")[0]
    names = [re.escape(symbol), re.escape(number)]
    if symbol != number or "/RES/" in symbol:
        names.append(rf"resolutions? (?:[\w/-]+(?:,| and) )*{re.escape(short)}")
    return re.compile(rf"(?<![\w/-])(?:{'|'.join(names)})(?![\w/]|-\d)")


def chapters_naming(symbol: str) -> list[tuple[str, Path]]:
    """The chapters whose own text names a document (their generated blocks left out, so the
    further-reading list alone does not count)."""
    pattern = document_pattern(symbol)
    found = []
    for section, path in chapter_files().items():
        own = BLOCK.sub("", path.read_text(encoding="utf-8"))
        if pattern.search(own):
            found.append((section, path))
    return found


def references_markdown() -> str:
    """Every United Nations document the report cites, from data/documents.csv."""
    documents = load_documents()
    order = {"resolution": 0, "report": 1}
    documents = documents.assign(_kind=documents.kind.map(order)).sort_values(["_kind", "body", "date", "symbol"])
    footnotes = load_footnotes().set_index("footnote").paragraph.to_dict()
    lines = [
        GENERATED, "",
        "# References", "",
        "Every United Nations document the report cites by its symbol: resolutions of the "
        "General Assembly, the Security Council and the Human Rights Council, and reports. For "
        "each one: what kind of document it is, who adopted or issued it, its date, its title "
        "(a Security Council resolution has no formal title, so its subject is given), the vote "
        "where one was taken, the report's paragraphs that cite it, and the chapters of this "
        "course that name it.", "",
        "The dates, titles and votes do not come from the report, which gives only the symbols. "
        "They come from the course's documents table, `data/documents.csv`, which records a "
        "source for each. A vote is shown only where that source is marked verified (`[V]`) "
        "there; a vote known only from a secondary source (`[V-2nd]`) is left out and the "
        "note says so. A chapter is listed when its own text names the document, by its symbol "
        "or its number (such as *resolution 1973*); the lists of further reading at the "
        "end of each chapter are not counted. Each chapter's further reading lists the "
        "documents its section of the report cites.", "",
    ]
    heading = ""
    for row in documents.itertuples():
        group = f"Resolutions of the {row.body}" if row.kind == "resolution" else "Reports"
        if group != heading:
            heading = group
            lines += [f"## {escape(group)}", ""]
        date = "date not recorded" if pd.isna(row.date) else f"{row.date.day} {row.date:%B %Y}"
        by = "adopted by" if row.kind == "resolution" else "issued by"
        urls, note = document_sources(row.source or "")
        note_text = f". {link_citations(escape(note))}" if note else ""
        # a paragraph listed only for its footnote says so: the symbol is in the footnote
        in_note = footnotes.get(int(row.footnote)) if not pd.isna(row.footnote) else None
        cited = ("paras " if len(row.paragraphs) > 1 else "para ") + ", ".join(
            f"[{n}](report.md#para-{n})"
            + (f" ([footnote {row.footnote}](report.md#footnote-{row.footnote}))" if n == in_note else "")
            for n in sorted(row.paragraphs))
        if row.kind == "report":
            vote = None
        elif not row.vote:
            vote = "not recorded in the documents table"
        elif VERIFIED_NOTE.match(note):
            vote = escape(vote_text(row.vote))
        else:
            vote = "not shown: the documents table has it only from a secondary source (see the note)"
        chapters = [f"[Chapter {section}: {escape(chapter_title(path))}]({path.name})"
                    for section, path in chapters_naming(row.symbol)]
        lines += [
            f'<a id="{document_anchor(row.symbol)}"></a>', "",
            f"### {escape(row.symbol)}", "",
            f"*{escape(row.title)}*", "",
            f"- **Kind**: {row.kind}, {by} the {escape(row.body)}",
            f"- **Date**: {date}",
            *([f"- **Vote**: {vote}"] if vote is not None else []),
            f"- **Cited in the report**: {cited}",
            f"- **Named in the course**: {', '.join(chapters) if chapters else 'no chapter names it in its own text'}",
            "- **Source**: " + ", ".join(f"<{u}>" for u in urls) + note_text, "",
        ]
    return "\n".join(lines)


def notes_files() -> dict[str, Path]:
    """The facilitator notes, by report section: ``book/instructors/notes-chapter-1.md`` is section I.

    Only the notes that exist: a trainer writes each page; its goals block is filled from data.
    """
    found = {}
    for number, section in enumerate(SECTIONS, 1):
        path = INSTRUCTORS_DIR / f"{NOTES_PREFIX}{number}.md"
        if path.exists():
            found[section] = path
    return found


def goals_markdown(chapter: str) -> str:
    """A facilitator's goals for a chapter: its objectives, each linked to the objectives matrix."""
    rows = load_objectives().query("chapter == @chapter")
    lines = ["By the end of the chapter and its exercises, learners should meet these objectives "
             "(from `data/objectives.csv`; the [objectives matrix](objectives.md) lists the "
             "questions that check each one):", ""]
    lines += [f"- [**{row.objective_id}**](objectives.md#{objective_anchor(row.objective_id)}) "
              f"{escape(row.text)}" for row in rows.itertuples()]
    return "\n".join(lines) + "\n"


def objectives_markdown(chapter: str) -> str:
    """The chapter's learning objectives, from data/objectives.csv."""
    rows = load_objectives().query("chapter == @chapter")
    lines = ["**Learning objectives.** When you have studied this chapter:", ""]
    lines += [f"- **{row.objective_id}** {escape(row.text)}" for row in rows.itertuples()]
    return "\n".join(lines) + "\n"


def further_reading_markdown(chapter: str) -> str:
    """The UN documents that the chapter's section cites, from data/documents.csv."""
    section = set(load_paragraphs().query("section == @chapter").paragraph)
    documents = load_documents().sort_values(["date", "symbol"])
    lines = ["The United Nations documents this section of the report cites (dates from the "
             "course's documents table, which gives a source for each):", ""]
    for row in documents.itertuples():
        cited = sorted(section.intersection(row.paragraphs))
        if cited:
            date = "date not recorded" if pd.isna(row.date) else f"{row.date.day} {row.date:%B %Y}"
            lines.append(f"- {escape(row.symbol)} ({date}): *{escape(row.title)}*; cited in {cite_links(cited)}.")
    if len(lines) == 2:
        lines.append("- This section cites no other United Nations document.")
    return "\n".join(lines) + "\n"


def chapter_markdown(chapter: str, text: str) -> str:
    """A chapter's text with its generated blocks filled in from data/."""
    makers = {"objectives": objectives_markdown, "further-reading": further_reading_markdown,
              "goals": goals_markdown}
    return BLOCK.sub(lambda m: m.group(1) + makers[m.group(2)](chapter) + m.group(4), text)


def objectives_page_markdown() -> str:
    """The instructors' matrix: each objective and the questions that check it."""
    from .progress_summary import question_pages
    from .quiz import load_banks, questions_by_objective

    pages = question_pages()

    def where(qid: str) -> str:
        page = pages.get(qid)
        return f", on [{escape(page['title'])}](../../{page['source']})" if page else ", on no page"

    checks = {objective: [f"[`{q['id']}`]({question_key_link(name, q['id'])}) ({name}, {q['type']}"
                          f"{where(q['id'])})" for name, q in pairs]
              for objective, pairs in questions_by_objective(load_banks()).items()}
    lines = [
        GENERATED, "",
        "# Objectives and questions", "",
        "Each learning objective of the course and the questions that check it, by question id "
        "(the id that answers files and class results use), quiz bank, question type and the "
        "chapter or lab that shows it (a lab's questions check the objectives of the chapter it "
        "practises). Every objective is checked by at least two questions; the "
        "[answer keys](answer-keys.md) show each question in full. Generated from "
        "`data/objectives.csv`, the banks in `data/quizzes/` and the pages' exercises.", "",
    ]
    for chapter, rows in load_objectives().groupby("chapter", sort=False):
        lines += [f"## Chapter {chapter}", "", "| Objective | What the learner can do | Checked by |", "|---|---|---|"]
        for row in rows.itertuples():
            questions = "<br>".join(checks.get(row.objective_id, [])) or "(no question yet)"
            anchor = f'<a id="{objective_anchor(row.objective_id)}"></a>'
            lines.append(f"| {anchor}**{row.objective_id}** | {escape(row.text)} | {questions} |")
        lines.append("")
    return "\n".join(lines)


def answer_lines(q: dict[str, Any], report: str) -> list[str]:
    """The right answer of one question, as Markdown list lines."""
    from .quiz import client_question

    if q["type"] == "pillars":
        pillars = [str(p) for p in sorted(q["answer"])]
        named = " and ".join([", ".join(pillars[:-1]), pillars[-1]] if len(pillars) > 1 else pillars)
        return [f"- **Answer**: pillar{'s' if len(pillars) > 1 else ''} {named}"]
    if q["type"] == "choice":
        right = [o for o in q["options"] if o["id"] in q["answer"]]
        wrong = [o for o in q["options"] if o["id"] not in q["answer"]]
        lines = [f"- **Answer** ({'every one of these' if q.get('multiple') else 'one option'}):"]
        lines += [f"  - {inline(o['text'], report)} (`{o['id']}`)" for o in right]
        lines += ["- **Wrong options**:"] + [f"  - {inline(o['text'], report)} (`{o['id']}`)" for o in wrong]
        return lines
    items = client_question(q)["items"]
    if q["type"] == "order":
        lines = ["- **Answer**: from the least to the most coercive, tier by tier; any order inside a tier is right:"]
        for tier in sorted({item["tier"] for item in items}):
            tools = ", ".join(f"{escape(i['name'])} (`{i['id']}`)" for i in items if i["tier"] == tier)
            lines.append(f"  - tier {tier}, {TIER_NAMES[tier]}: {tools}")
        return lines
    lines = ["- **Answer**: each tool's tier, in the order the learner sees them (the order of the "
             "tiers in an answers file):"]
    lines += [f"  - {escape(i['name'])} (`{i['id']}`): tier {i['tier']}, {TIER_NAMES[i['tier']]}" for i in items]
    return lines


def key_banks() -> dict[str, Any]:
    """The banks that have answer keys, by name: all but the authors' example, which no page shows."""
    from .quiz import EXAMPLE_BANK, load_banks

    return {name: bank for name, bank in sorted(load_banks().items()) if name != EXAMPLE_BANK}


def answer_keys_index_markdown(banks: dict[str, Any]) -> str:
    """The answer keys' index: one line per bank, with its question count, linking to its page."""
    lines = [
        GENERATED, "",
        "# Answer keys", "",
        "Every question of the course's quiz banks with its answer, one page per bank, generated "
        "from the banks in `data/quizzes/` on every build: a bank that changes changes its page. "
        "Each question shows its id, the id that answers files and class results use (the "
        "`question` column of the results CSV), its type, the answer, the explanation learners "
        "see after checking, the paragraphs of the report that justify it and the learning "
        "objectives it checks (see the [objectives matrix](objectives.md), which links each "
        "question to its key).", "",
        "These answers are no secret: anyone who looks at a page's source on the website, or at "
        "the banks, can read them. The quizzes are for learning, not for assessment.", "",
        "The banks:", "",
    ]
    lines += [f'- <a id="bank-{name}"></a>[{escape(bank.title)}]({bank_keys_file(name)}) '
              f"(`{name}`, {len(bank.questions)} questions)" for name, bank in banks.items()]
    return "\n".join(lines) + "\n"


def bank_keys_markdown(name: str, bank: Any) -> str:
    """One bank's answer keys: each question with its answer, explanation, paragraphs and objectives."""
    report, objectives = "../report.md", "objectives.md"
    lines = [
        GENERATED, "",
        f"# Answer keys: {escape(bank.title)}", "",
        f'<a id="bank-{name}"></a>', "",
        f"Bank `{name}` (`data/quizzes/{bank.path.name}`), {len(bank.questions)} questions; the "
        "[answer keys](answer-keys.md) list every bank. The answers are no secret (they are in "
        "the page source of the quizzes) and the quizzes are for learning, not for assessment.", "",
    ]
    if bank.description:
        lines += [inline(bank.description, report), ""]
    for number, q in enumerate(bank.questions, 1):
        kind = q["type"] + (", several answers" if q.get("multiple") else "")
        if bank.stages:  # a staged scenario: which stage shows the question
            kind += f"; {escape(bank.stages[q['stage'] - 1]['title'])} (of {len(bank.stages)} stages)"
        links = ", ".join(f"[{o}]({objectives}#{objective_anchor(o)})" for o in q.get("objectives", []))
        lines += [
            f'<a id="{question_anchor(q["id"])}"></a>', "",
            f"## {number}. `{q['id']}`", "",
            f"- **Type**: {kind}",
            f"- **Prompt**: {inline(q['prompt'], report)}",
            *answer_lines(q, report),
            f"- **Explanation**: {inline(q['explanation'], report)}",
            f"- **Paragraphs**: {cite_links(q['paragraphs'], report)}",
            f"- **Objectives**: {links or 'none given'}", "",
        ]
    return "\n".join(lines)


def answer_keys_pages() -> dict[Path, str]:
    """The answer keys' index and each bank's page, by path."""
    banks = key_banks()
    pages = {ANSWER_KEYS_PAGE: answer_keys_index_markdown(banks)}
    for name, bank in banks.items():
        pages[INSTRUCTORS_DIR / bank_keys_file(name)] = bank_keys_markdown(name, bank)
    return pages


def stale_pages(pages: dict[Path, str]) -> list[Path]:
    """Generated bank-key pages on disk whose bank is gone (a hand-written file is never one)."""
    found = sorted(INSTRUCTORS_DIR.glob(bank_keys_file("*")))
    return [path for path in found if path not in pages
            and path.read_text(encoding="utf-8").startswith(GENERATED)]


def data_pages() -> dict[Path, str]:
    """The pages this module makes (or chapters with blocks it fills) and the text each must hold;
    ``generate.generated_pages`` adds the slide decks and the group activities."""
    pages = {REPORT_PAGE: report_markdown(), GLOSSARY_PAGE: glossary_markdown(),
             REFERENCES_PAGE: references_markdown(),
             OBJECTIVES_PAGE: objectives_page_markdown(), **answer_keys_pages()}
    for chapter, path in [*chapter_files().items(), *notes_files().items()]:
        pages[path] = chapter_markdown(chapter, path.read_text(encoding="utf-8"))
    return pages
