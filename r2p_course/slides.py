"""Slide decks for trainers, one per chapter, made from the course's own data.

Each deck is a reveal.js page: the chapter's title, its learning objectives
(``data/objectives.csv``), its key quotations and a few questions for a show of hands from
the chapter's quiz bank, with speaker notes on every slide. Like the other generated pages
(``r2p_course.pages``), the decks are committed (``book/instructors/slides/chapter-N.html``),
rewritten from the data by every build and by ``r2p-course pages``, and a test fails when a
committed deck drifts from the data. The build copies them into the site beside the few
reveal.js files they need (``_static/reveal/``, from ``node_modules``: no CDN).

The rules that choose what a deck shows, so the drift test can compare:

- **Key quotations**: the chapter's displayed quotations, in the chapter's order: each
  Markdown block quote of the form ``> "words of the report" ([para N](report.md#para-N))``
  (a chapter author marks a key passage by displaying it). Each must be verbatim in para N.
- **Show of hands**: for each of the chapter's objectives in order, the first question of
  the chapter's bank (``chapter-N``) that checks it, is a ``choice`` question with one right
  option, and is not already picked; at most four, and at least two. Its options are lettered
  in an order mixed by a hash of the ids (``shown_options``), the same on every build (the
  written order for a question or bank with ``fixed_order: true``). The deck is the class's,
  so it does not follow any one learner's order (the widgets' order.js).
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .data import SECTIONS, chapter_files, chapter_title, is_verbatim, load_objectives, load_paragraphs
from .errors import DataError
from .paths import GENERATED, INSTRUCTORS_DIR, ROOT, bank_keys_file, relative
from .quiz import questions_by_objective
from .rules import CITATION

DECKS_DIR = INSTRUCTORS_DIR / "slides"
SLIDES_PAGE = INSTRUCTORS_DIR / "slides.md"
DECK_CSS = DECKS_DIR / "deck.css"  # the decks' own styles, one file for all six
MAX_QUESTIONS = 4
MIN_QUESTIONS = 2
LETTERS = "ABCDEFGH"

# reveal.js, installed from npm (package.json), and the files of it a deck loads. The fonts
# stylesheet names .eot/.ttf copies too, but a browser fetches only the first format it
# supports, the .woff; only those are copied.
REVEAL = ROOT / "node_modules" / "reveal.js"
REVEAL_FILES = (
    "dist/reveal.css", "dist/reveal.js", "dist/theme/white-contrast.css",
    "dist/theme/fonts/source-sans-pro/source-sans-pro.css",
    *(f"dist/theme/fonts/source-sans-pro/source-sans-pro-{face}.woff"
      for face in ("regular", "italic", "semibold", "semibolditalic")),
    "plugin/notes/notes.js",
)
STATIC_REVEAL = "_static/reveal"
# From a deck (book/instructors/slides/) to the site's root, the report, the instructors' pages.
TO_ROOT = "../../../"
TO_BOOK = "../../"
TO_INSTRUCTORS = "../"

DISPLAYED_QUOTE = re.compile(r'^> "(?P<quote>[^"]+)" \(\[paras? (?P<para>\d+)\]\(report\.md#para-(?P=para)\)\)\s*$')


@dataclass(frozen=True)
class Quotation:
    """A passage of the report the chapter displays, with its paragraph."""

    paragraph: int
    text: str


@dataclass(frozen=True)
class Deck:
    """What one chapter's deck shows, read from the data (the HTML is made from this)."""

    number: int  # 1 for chapter I
    section: str  # "I"
    title: str
    page: str  # the chapter's page, from book/: "01-genesis.html"
    paragraphs: tuple[int, int]  # the section's first and last paragraph
    objectives: list[tuple[str, str]]  # (objective id, text)
    quotations: list[Quotation]
    questions: list[dict[str, Any]]
    bank: str
    checked_by: dict[str, list[str]]  # objective id -> the question ids that check it

    @property
    def file(self) -> Path:
        return DECKS_DIR / deck_file(self.number)


def deck_file(number: int) -> str:
    """A chapter's deck file name: ``chapter-1.html`` (the one place that names it)."""
    return f"chapter-{number}.html"


def chapter_quotations(path: Path, paragraphs: dict[int, str]) -> list[Quotation]:
    """The chapter's displayed quotations, each checked verbatim against its paragraph."""
    found = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith('> "'):
            continue
        match = DISPLAYED_QUOTE.match(line)
        if not match:
            raise DataError(relative(path), line_no, None,
                            'a displayed quotation written > "words" ([para N](report.md#para-N)) on one line',
                            line)
        number, text = int(match["para"]), match["quote"]
        if not is_verbatim(text, paragraphs.get(number, "")):
            raise DataError(relative(path), line_no, None, f"a quotation verbatim from para {number}", text)
        found.append(Quotation(number, text))
    return found


def show_of_hands(bank: Any, objective_ids: list[str]) -> list[dict[str, Any]]:
    """The bank's questions for a show of hands: one single-answer choice question per
    objective, in the objectives' order (see the module's rules)."""
    picked: list[dict[str, Any]] = []
    for objective in objective_ids:
        for q in bank.questions:
            if (q["type"] == "choice" and not q.get("multiple") and len(q["answer"]) == 1
                    and objective in q.get("objectives", []) and q not in picked):
                picked.append({**q, "fixed_order": True} if bank.fixed_order else q)
                break
        if len(picked) == MAX_QUESTIONS:
            break
    if len(picked) < MIN_QUESTIONS:
        raise DataError(relative(bank.path), None, None,
                        f"at least {MIN_QUESTIONS} single-answer choice questions checking the chapter's "
                        "objectives (for its slide deck)", [q["id"] for q in picked])
    return picked


def chapter_decks() -> list[Deck]:
    """Every chapter's deck, in the report's order."""
    from .quiz import load_banks

    banks = load_banks()
    paragraphs = load_paragraphs()
    texts = dict(zip(paragraphs.paragraph, paragraphs.text, strict=True))
    objectives = load_objectives()
    checks = questions_by_objective(banks)
    decks = []
    for section, path in chapter_files().items():
        number = SECTIONS.index(section) + 1
        bank = banks.get(f"chapter-{number}")
        if bank is None:
            raise DataError(f"data/quizzes/chapter-{number}.yml", None, None,
                            f"the quiz bank of chapter {section} (its slide deck asks from it)", "no such bank")
        rows = objectives.query("chapter == @section")
        ids = list(rows.objective_id)
        numbers = paragraphs.query("section == @section").paragraph
        decks.append(Deck(
            number=number, section=section, title=chapter_title(path), page=path.stem + ".html",
            paragraphs=(int(numbers.min()), int(numbers.max())),
            objectives=list(zip(ids, rows.text, strict=True)),
            quotations=chapter_quotations(path, texts),
            questions=show_of_hands(bank, ids), bank=bank.bank,
            checked_by={o: [q["id"] for _, q in checks.get(o, [])] for o in ids},
        ))
    return decks


# ---- HTML ---------------------------------------------------------------------------------

def esc(text: str) -> str:
    """Text from data as HTML text, whitespace folded."""
    return html.escape(" ".join(str(text).split()), quote=True)


def para_link(number: int, shown: str | None = None) -> str:
    """A link to a paragraph of the report's page, named by the paragraph it opens."""
    return f'<a href="{TO_BOOK}report.html#para-{number}">{shown or f"para {number}"}</a>'


def rich(text: str, links: bool = True) -> str:
    """Bank text as HTML: literal, except *emphasis* and paragraph citations ("para 4",
    "paras 12-13", "paras 3, 21 and 56"), linked to the report unless ``links`` is off
    (speaker notes open in a window of their own, where a relative link leads nowhere)."""
    shown = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", esc(text))
    if not links:
        return shown

    def one(number: str) -> str:
        start, *end = re.split(r"\s*[-–]\s*", number)
        return para_link(int(start), f"{start}–{end[0]}" if end else start)

    def replace(m: re.Match[str]) -> str:
        word, numbers = m.groups()
        parts = re.split(r"(\s*(?:,|and)\s*)", numbers)
        if len(parts) == 1:
            start, *end = re.split(r"\s*[-–]\s*", numbers)
            return para_link(int(start), f"{word} {start}–{end[0]}" if end else f"{word} {start}")
        return word + " " + "".join(part if i % 2 else one(part) for i, part in enumerate(parts))

    return CITATION.sub(replace, shown)


def paragraph_list(numbers: list[int], links: bool = True) -> str:
    """"para 4" or "paras 4, 1 and 2", in the bank's order (most relevant first)."""
    shown = [para_link(n, str(n)) if links else str(n) for n in numbers]
    if len(shown) == 1:
        return para_link(numbers[0]) if links else f"para {numbers[0]}"
    return "paras " + ", ".join(shown[:-1]) + " and " + shown[-1]


def slide(slide_id: str, body: str, notes: str, kind: str = "") -> str:
    """One slide with its speaker notes (reveal's notes plugin reads ``aside.notes``)."""
    extra = f' class="r2p-{kind}"' if kind else ""
    return (f'<section id="{slide_id}"{extra}>\n{body}\n'
            f'<aside class="notes">{notes}</aside>\n</section>')


def sentence(text: str) -> str:
    """Text ending as a sentence (an option's text may or may not end with a full stop)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def shown_options(q: dict[str, Any]) -> list[dict[str, Any]]:
    """A question's options in the deck's order: mixed by a hash of the question and option ids.

    The banks list the right option first, and a room that sees "A" win every time stops
    thinking; the hash gives every build the same order, so the decks stay comparable. A
    question (or bank) with ``fixed_order: true`` keeps its written order, as in the widgets.
    """
    if q.get("fixed_order") is True:
        return list(q["options"])
    return sorted(q["options"], key=lambda o: hashlib.sha256(f"{q['id']}:{o['id']}".encode()).hexdigest())


def option_letter(q: dict[str, Any], option_id: str) -> str:
    return LETTERS[[o["id"] for o in shown_options(q)].index(option_id)]


def question_slides(deck: Deck, index: int, q: dict[str, Any]) -> list[str]:
    """A question (prompt and lettered options) and, on the next slide, its answer."""
    total = len(deck.questions)
    right = q["answer"][0]
    letter = option_letter(q, right)
    answer_text = rich(next(o["text"] for o in q["options"] if o["id"] == right), links=False)
    options = "\n".join(f"<li>{rich(o['text'])}</li>" for o in shown_options(q))
    objectives = ", ".join(q.get("objectives", []))
    asking = slide(
        f"question-{index}",
        f"<h2>Show of hands: question {index} of {total}</h2>\n<p>{rich(q['prompt'])}</p>\n"
        f'<ol type="A">\n{options}\n</ol>',
        f"Read the question and its options aloud. For each letter, ask who chooses it and count "
        f"the hands; then ask one person from each group why. The answer is {letter}: "
        f"{sentence(answer_text)} It is on the next slide. Question {esc(q['id'])} of the "
        f"{esc(deck.bank)} bank, checking objective {esc(objectives)}.",
        "question",
    )
    answer = slide(
        f"answer-{index}",
        f"<h2>Question {index}: the answer</h2>\n"
        f'<p class="r2p-answer"><strong>{letter}</strong>. '
        f"{rich(next(o['text'] for o in q['options'] if o['id'] == right))}</p>\n"
        f"<p>In the report: {paragraph_list(q['paragraphs'])}.</p>",
        f"The answer is {letter}: {sentence(answer_text)} {rich(q['explanation'], links=False)} "
        f"(In the report: {paragraph_list(q['paragraphs'], links=False)}.)",
        "answer",
    )
    return [asking, answer]


def deck_html(deck: Deck) -> str:
    """The deck as a reveal.js page, loading reveal.js from the site's ``_static/reveal/``."""
    first, last = deck.paragraphs
    n_obj, n_quote, n_q = len(deck.objectives), len(deck.quotations), len(deck.questions)
    keys_page = TO_INSTRUCTORS + bank_keys_file(deck.bank, ".html")
    slides = [slide(
        "title",
        f"<h1>Chapter {deck.section}: {esc(deck.title)}</h1>\n"
        f"<p>Section {deck.section} of the Secretary-General's report <cite>Responsibility to protect: "
        f"timely and decisive response</cite> (A/66/874–S/2012/578), "
        f"{para_link(first, f'paras {first}–{last}')}.</p>\n"
        '<p class="r2p-keys">Next slide: right arrow or space. Speaker notes: S. All slides: Esc.</p>',
        f"This deck goes with chapter {deck.section} of the course. It has {n_obj} learning objectives, "
        f"{n_quote} {'quotation' if n_quote == 1 else 'quotations'} from the report and {n_q} questions "
        "for a show of hands, each followed by its answer. Everything on the slides comes from the "
        "course's data: the objectives table, the chapter's displayed quotations and the chapter's "
        "quiz bank. Press S to open these notes in a speaker window.",
        "title",
    )]
    for i, (objective, text) in enumerate(deck.objectives, start=1):
        checked = deck.checked_by.get(objective, [])
        slides.append(slide(
            f"objective-{objective.lower().replace('.', '-')}",
            f"<h2>Learning objective {esc(objective)} ({i} of {n_obj})</h2>\n<p>{esc(text)}</p>",
            f"Objective {esc(objective)} of chapter {deck.section}. Ask the room what they already know "
            f"about it before the chapter. The course checks it with {len(checked)} "
            f"{'question' if len(checked) == 1 else 'questions'}: {esc(', '.join(checked)) or 'none'}; "
            "their answers are on the answer keys pages.",
            "objective",
        ))
    for i, quote in enumerate(deck.quotations, start=1):
        slides.append(slide(
            f"quotation-{i}",
            f"<h2>In the report's words ({i} of {n_quote})</h2>\n"
            f"<blockquote><p>“{esc(quote.text)}”</p></blockquote>\n"
            f'<p class="r2p-source">{para_link(quote.paragraph)}</p>',
            f"Let the room read it, then ask what it changes in how they see the chapter. "
            f"The whole of para {quote.paragraph}: {esc(load_paragraph(quote.paragraph))}",
            "quotation",
        ))
    for i, q in enumerate(deck.questions, start=1):
        slides += question_slides(deck, i, q)
    slides.append(slide(
        "next",
        "<h2>To go further</h2>\n<ul>\n"
        f'<li><a href="{TO_BOOK}{deck.page}">The chapter: {esc(deck.title)}</a></li>\n'
        f'<li><a href="{TO_BOOK}report.html#section-{deck.section.lower()}">Section {deck.section} of '
        "the report</a></li>\n"
        f'<li><a href="{keys_page}">The answer keys of the chapter\'s questions</a></li>\n</ul>',
        "The chapter page has the full text, its exercises and the further reading; the answer keys "
        "give every question of the chapter's bank with its explanation.",
        "next",
    ))
    title = f"Chapter {deck.section}: {deck.title} (slides)"
    return DECK_PAGE.format(
        generated=GENERATED, title=esc(title), static=TO_ROOT + STATIC_REVEAL,
        slides="\n".join(slides),
    )


def load_paragraph(number: int) -> str:
    """One paragraph's text, for the speaker notes."""
    paragraphs = load_paragraphs()
    return str(paragraphs.loc[paragraphs.paragraph == number, "text"].iloc[0])


# A deck's page: reveal.js, its theme and the decks' own stylesheet (DECK_CSS, hand-written).
# reveal.js lays slides out at 1280 x 720 and scales them to the screen; slides change without a
# transition for a viewer who asks for reduced motion.
DECK_PAGE = """<!DOCTYPE html>
{generated}
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{static}/dist/reveal.css">
<link rel="stylesheet" href="{static}/dist/theme/white-contrast.css">
<link rel="stylesheet" href="deck.css">
</head>
<body>
<main class="reveal">
<div class="slides">
{slides}
</div>
</main>
<script src="{static}/dist/reveal.js"></script>
<script src="{static}/plugin/notes/notes.js"></script>
<script>
  Reveal.initialize({{
    hash: true, width: 1280, height: 720, plugins: [RevealNotes],
    transition: matchMedia("(prefers-reduced-motion: reduce)").matches ? "none" : "slide",
  }});
</script>
</body>
</html>
"""


def slides_page_markdown(decks: list[Deck]) -> str:
    """The instructors' page that lists the decks and says how to present them."""
    lines = [
        GENERATED, "",
        "# Slides", "",
        "One slide deck per chapter, to project in a session: the chapter's learning objectives, "
        "the passages of the report the chapter displays, and two to four questions from the "
        "chapter's quiz bank for a show of hands, each followed by its answer and paragraphs. "
        "Every slide has speaker notes. The decks are made from the course's data by each build "
        "of the website, so they always match the chapters and the quiz banks.", "",
    ]
    for deck in decks:
        lines.append(f'- <a href="slides/{deck_file(deck.number)}">Chapter {deck.section}: '
                     f"{html.escape(deck.title, quote=False)}</a> ({len(deck.objectives)} objectives, "
                     f"{len(deck.quotations)} {'quotation' if len(deck.quotations) == 1 else 'quotations'}, "
                     f"{len(deck.questions)} questions)")
    lines += [
        "", "**Presenting.** Open a deck in the browser and press F for full screen. The right arrow "
        "or the space bar moves on, the left arrow goes back, Esc shows every slide at once. "
        "Press S for the speaker view: a second window with the current slide, the next one, the "
        "speaker notes and a clock (allow pop-ups for the site if the browser blocks it). The "
        "decks work offline and from a downloaded copy of the website: reveal.js comes with the "
        "site.", "",
    ]
    return "\n".join(lines)


def deck_pages() -> dict[Path, str]:
    """Each deck and the slides page, by path (written and checked with the other generated pages)."""
    decks = chapter_decks()
    return {SLIDES_PAGE: slides_page_markdown(decks), **{deck.file: deck_html(deck) for deck in decks}}


class RevealMissing(RuntimeError):
    """reveal.js is not installed: the decks cannot be served."""


def copy_reveal(outdir: Path) -> None:
    """Copy the decks and the reveal.js files they load into the built site.

    Files already there and unchanged are left alone, so an incremental build copies nothing.
    """
    missing = [name for name in REVEAL_FILES if not (REVEAL / name).is_file()]
    if missing:
        raise RevealMissing(
            f"reveal.js is not installed ({relative(REVEAL / missing[0])} is missing), and the "
            "slide decks need it. Install the course's npm packages: run `make book` (it runs "
            "`npm ci`), or `npm ci` in the course's folder.")
    pairs = [(REVEAL / name, outdir / STATIC_REVEAL / name) for name in REVEAL_FILES]
    decks = [*sorted(DECKS_DIR.glob("chapter-*.html")), DECK_CSS]
    pairs += [(path, outdir / path.relative_to(ROOT)) for path in decks]
    for source, target in pairs:
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
