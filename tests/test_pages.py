"""The pages made from data/ (report reader, glossary): complete, and never out of date."""

from __future__ import annotations

import re

from r2p_course.data import N_PARAGRAPHS, load_glossary, load_paragraphs
from r2p_course.pages import GLOSSARY_PAGE, REPORT_PAGE, generated_pages, term_anchor
from r2p_course.paths import relative


def test_committed_pages_match_the_data() -> None:
    for path, text in generated_pages().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{relative(path)} is out of date with data/: run `r2p-course pages` (or `make book`)"
        )


def test_report_page_has_every_paragraph_in_order_with_its_text() -> None:
    text = REPORT_PAGE.read_text(encoding="utf-8")
    anchors = [int(n) for n in re.findall(r'<a id="para-(\d+)"></a>', text)]
    assert anchors == list(range(1, N_PARAGRAPHS + 1))
    assert re.findall(r'<a id="footnote-(\d+)"></a>', text) == ["1", "2", "3", "4"]
    for row in load_paragraphs().itertuples():  # each paragraph's opening words follow its anchor
        start = " ".join(row.text.split()[:6])
        after = text.split(f'<a id="para-{row.paragraph}"></a>', 1)[1][:400]
        assert start in after.replace("\\", ""), f"para {row.paragraph}"


def test_glossary_page_has_every_term() -> None:
    text = GLOSSARY_PAGE.read_text(encoding="utf-8")
    terms = load_glossary()["term"]
    for term in terms:
        assert f'<a id="{term_anchor(term)}"></a>**{term}**' in text.replace("\\", ""), term
    assert len(re.findall(r'<a id="term-', text)) == len(terms)
