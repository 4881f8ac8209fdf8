"""The pages made from data/ (report reader, glossary, instructors' pages): complete, and never out of date."""

from __future__ import annotations

import re
from pathlib import Path

from r2p_course.data import N_PARAGRAPHS, load_documents, load_glossary, load_paragraphs
from r2p_course.generate import generated_pages
from r2p_course.pages import (
    ANSWER_KEYS_PAGE,
    GENERATED,
    GLOSSARY_PAGE,
    OBJECTIVES_PAGE,
    REFERENCES_PAGE,
    REPORT_PAGE,
    answer_keys_pages,
    document_anchor,
    document_pattern,
    objective_anchor,
    stale_pages,
    term_anchor,
)
from r2p_course.paths import BANK_KEYS_PREFIX, ROOT, bank_keys_file, relative
from r2p_course.quiz import EXAMPLE_BANK, client_question, grade, load_banks


def test_committed_pages_match_the_data() -> None:
    pages = generated_pages()
    for path, text in pages.items():
        assert path.exists() and path.read_text(encoding="utf-8") == text, (
            f"{relative(path)} is out of date with data/: run `r2p-course pages` (or `make book`)"
        )
    gone = [relative(path) for path in stale_pages(pages)]
    assert gone == [], f"answer keys of banks that are gone: {gone}; run `r2p-course pages` (or `make book`)"


def test_pages_removes_the_keys_of_a_bank_that_is_gone_and_nothing_else(tmp_path: Path, monkeypatch) -> None:
    """A bank renamed or deleted leaves no page behind (the toc's glob would still list it);
    a hand-written file that happens to share the name pattern is kept."""
    import r2p_course.generate as generate
    import r2p_course.pages as pages

    monkeypatch.setattr(pages, "INSTRUCTORS_DIR", tmp_path)
    monkeypatch.setattr(pages, "ANSWER_KEYS_PAGE", tmp_path / "answer-keys.md")
    monkeypatch.setattr(generate, "generated_pages", pages.answer_keys_pages)
    gone = tmp_path / bank_keys_file("old-bank")
    gone.write_text(f"{GENERATED}\n\n# Answer keys: an old bank\n", encoding="utf-8")
    notes = tmp_path / bank_keys_file("trainer-notes")
    notes.write_text("# My notes on the keys\n", encoding="utf-8")
    written, removed = generate.write_pages()
    assert removed == [gone] and not gone.exists() and notes.exists()
    banks = [name for name in load_banks() if name != EXAMPLE_BANK]
    assert sorted(p.name for p in written) == sorted(["answer-keys.md", *(bank_keys_file(b) for b in banks)])
    assert generate.write_pages() == ([], [])  # a second run has nothing to do


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


# ---------------------------------------------------------------- instructors' pages

INSTRUCTORS = ROOT / "book" / "instructors"


def key_sections() -> dict[str, tuple[str, str]]:
    """The bank pages of the answer keys cut into one piece of Markdown per question:
    question id -> (the bank whose page holds it, the piece)."""
    sections = {}
    for path in sorted(INSTRUCTORS.glob(bank_keys_file("*"))):
        bank = path.stem.removeprefix(BANK_KEYS_PREFIX)
        pieces = re.split(r'<a id="q-([a-z0-9-]+)"></a>', path.read_text(encoding="utf-8"))[1:]
        for qid, body in zip(pieces[::2], pieces[1::2], strict=True):
            assert qid not in sections, f"{qid} has two keys"
            sections[qid] = (bank, body)
    return sections


def answer_from_key(question: dict, section: str) -> list:
    """Read the right answer back out of a question's key, in the answers-file form."""
    answer = section.split("- **Answer**", 1)[1].split("- **Explanation**", 1)[0]
    answer = answer.split("- **Wrong options**", 1)[0]
    if question["type"] == "pillars":
        return [int(n) for n in re.findall(r"\d", answer.splitlines()[0])]
    if question["type"] == "choice":
        return re.findall(r"\(`([a-z0-9-]+)`\)$", answer, re.M)
    if question["type"] == "order":
        return [tid for line in answer.splitlines()[1:] for tid in re.findall(r"\(`([a-z0-9_]+)`\)", line)]
    return [int(m) for m in re.findall(r"\(`[a-z0-9_]+`\): tier (\d)", answer)]


def test_answer_keys_cover_every_bank_but_the_example_and_grade_as_correct() -> None:
    """Each question of each bank has a key on its bank's page, and the course's grading code
    marks the key's answer right; the index lists every bank once, with its question count."""
    sections = key_sections()
    banks = {name: bank for name, bank in load_banks().items() if name != EXAMPLE_BANK}
    expected = {qid: (name, q) for name, bank in banks.items() for qid, q in bank.by_id.items()}
    assert set(sections) == set(expected)
    assert not any(qid.startswith("example-") for qid in sections)
    index = ANSWER_KEYS_PAGE.read_text(encoding="utf-8")
    listed = re.findall(r'^- <a id="bank-([a-z0-9-]+)"></a>\[.+\]\((answer-keys-[a-z0-9-]+\.md)\) '
                        r"\(`([a-z0-9-]+)`, (\d+) questions\)$", index, re.M)
    assert listed == [(name, bank_keys_file(name), name, str(len(bank.questions)))
                      for name, bank in sorted(banks.items())]
    assert "### " not in index and "**Answer**" not in index  # the index holds no key
    for name in banks:
        page = (INSTRUCTORS / bank_keys_file(name)).read_text(encoding="utf-8")
        assert f'<a id="bank-{name}"></a>' in page and page.count("<a id=\"bank-") == 1, name
    for qid, (name, q) in expected.items():
        bank_page, section = sections[qid]
        assert bank_page == name, f"{qid} is on the page of {bank_page}, not of its bank {name}"
        assert "## " in section and f"`{qid}`" in section.split("\n\n")[1], qid
        assert f"- **Type**: {q['type']}" in section, qid
        assert grade(client_question(q), answer_from_key(q, section))["result"] == "correct", qid
        for n in q["paragraphs"]:
            assert f"[{n}](../report.md#para-{n})" in section or f"[para {n}](../report.md#para-{n})" in section, qid
        for objective in q.get("objectives", []):
            assert f"[{objective}](objectives.md#{objective_anchor(objective)})" in section, qid
        assert "**Explanation**: " in section and "**Prompt**: " in section, qid
    tiers = sections["sort-the-toolbox-tiers-sanctions-or-force"][1]
    assert "(`travel_ban`): tier 2, coercive but not military" in tiers  # each tool with its tier


def test_answer_keys_link_to_anchors_that_exist() -> None:
    """Citations name the paragraph they open; objectives and questions link both ways, each
    question to the page of its own bank."""
    matrix = OBJECTIVES_PAGE.read_text(encoding="utf-8")
    for path in [ANSWER_KEYS_PAGE, *sorted(INSTRUCTORS.glob(bank_keys_file("*")))]:
        keys = path.read_text(encoding="utf-8")
        for label, anchor in re.findall(r"\[(?:paras? )?(\d+)[^\]]*\]\(\.\./report\.md#para-(\d+)\)", keys):
            assert label == anchor and 1 <= int(anchor) <= N_PARAGRAPHS, path.name
        assert "](report.md" not in keys  # from book/instructors/, the report is ../report.md
        for anchor in set(re.findall(r"\(objectives\.md#([a-z0-9-]+)\)", keys)):
            assert f'<a id="{anchor}"></a>' in matrix, (path.name, anchor)
        for page in re.findall(r"\]\((answer-keys[a-z0-9-]*\.md)", keys):
            assert (INSTRUCTORS / page).exists(), (path.name, page)
    linked = re.findall(r"\((answer-keys[a-z0-9-]*\.md)#(q-[a-z0-9-]+)\)", matrix)
    questions = {q["id"]: name for name, bank in load_banks().items() for q in bank.questions}
    assert linked
    for page, anchor in linked:
        assert page == bank_keys_file(questions[anchor.removeprefix("q-")]), (page, anchor)
        assert f'<a id="{anchor}"></a>' in (INSTRUCTORS / page).read_text(encoding="utf-8"), (page, anchor)


def test_bank_text_on_the_answer_keys_is_literal_markdown(monkeypatch) -> None:
    """Markup in a bank shows as text: only *emphasis* and paragraph citations are kept."""
    import r2p_course.quiz as quiz

    q = {"id": "evil-q", "type": "choice", "paragraphs": [4], "objectives": ["I.1"],
         "prompt": "<script>alert(1)</script> [click](https://x.org) # not a heading *In larger freedom* para 4",
         "options": [{"id": "a", "text": "`code` | <b>bold</b>"}, {"id": "b", "text": "B"}],
         "answer": ["a"], "explanation": "See paras 12-13 and __this__."}
    bank = quiz.Bank("evil", "A <i>bank</i>", [q], Path("data/quizzes/evil.yml"))
    monkeypatch.setattr(quiz, "load_banks", lambda: {"evil": bank})
    pages = answer_keys_pages()
    page = pages[INSTRUCTORS / bank_keys_file("evil")]
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert r"[A \<i\>bank\</i\>](answer-keys-evil.md) (`evil`, 1 questions)" in pages[ANSWER_KEYS_PAGE]
    assert r"\<script\>alert(1)\</script\> \[click\](https://x.org) \# not a heading *In larger freedom* " \
           "[para 4](../report.md#para-4)" in page
    assert r"\`code\` \| \<b\>bold\</b\> (`a`)" in page
    assert r"See [paras 12–13](../report.md#para-12) and \_\_this\_\_." in page


def test_workshop_page_examples_are_what_the_commands_make(capsys) -> None:
    """The hub and Binder links printed on "Running a workshop" come from the course's own code."""
    import shlex

    from r2p_course import launch
    from r2p_course.cli import main

    text = (INSTRUCTORS / "workshop.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", text, re.S)
    command = next(body for kind, body in blocks if kind == "bash" and "hub-link" in body)
    printed = blocks[[body for _, body in blocks].index(command) + 1][1]
    assert main(shlex.split(command)[1:]) == 0
    assert capsys.readouterr().out == printed
    binder = next(body.strip() for kind, body in blocks if kind == "text" and "mybinder.org" in body)
    assert binder == launch.binder_link("https://mybinder.org", "OWNER/r2p-course", "main", "book/intro.md")
    assert "r2p-course results submissions/ --out results/" in text
    assert "answers are not secret" in text and "not for assessment" in text


def test_instructors_pages_sit_apart_in_the_table_of_contents() -> None:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    parts = {part["caption"]: [c.get("file") or c["glob"] for c in part["chapters"]] for part in toc["parts"]}
    assert parts["Instructors"] == ["book/instructors/index", "book/instructors/workshop",
                                    *(f"book/instructors/agenda-{a}" for a in ("briefing", "seminar", "training")),
                                    *(f"book/instructors/notes-chapter-{n}" for n in range(1, 7)),
                                    "book/instructors/class-results", "book/instructors/answer-keys",
                                    "book/instructors/" + bank_keys_file("*", ""),  # every bank's page
                                    "book/instructors/objectives", "book/instructors/slides",
                                    "book/instructors/activity-security-council",
                                    "book/instructors/activity-tool-cards", "book/instructors/tool-cards"]
    learners = [f for caption, files in parts.items() if caption != "Instructors" for f in files]
    assert not any("instructors/" in f for f in learners) and "instructors/" not in toc["root"]


def test_a_learning_check_opens_and_another_closes_the_course() -> None:
    """The pre-check is the first part after the start page and the post-check comes after the
    chapters and labs; each page shows its whole check bank and tells the learner how a check
    works; the start page leads to the pre-check and the conclusion's last words to the post-check."""
    import jupytext
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    parts = [(part["caption"], [c.get("file") or c["glob"] for c in part["chapters"]]) for part in toc["parts"]]
    assert [caption for caption, _ in parts] == ["Learning check: before", "Chapters", "The report", "Labs",
                                                 "Learning check: after", "Your progress", "Instructors"]
    assert parts[0][1] == ["book/pre-check"] and parts[4][1] == ["book/post-check"]
    banks = load_banks()
    for phase in ("pre", "post"):
        bank = banks[f"{phase}-check"]
        assert (bank.mode, bank.phase) == ("check", phase)
        cells = jupytext.read(ROOT / "book" / f"{phase}-check.myst").cells
        shown = [c.source for c in cells if c.cell_type == "code" and "ChoiceQuiz(" in c.source
                 and c.source.strip().startswith("ChoiceQuiz")]
        assert shown == [f'ChoiceQuiz("{phase}-check")'], shown  # the whole bank: one widget, one submission
        assert all("remove-input" in c.metadata.get("tags", []) for c in cells if c.cell_type == "code")
        text = " ".join(" ".join(c.source.split()) for c in cells if c.cell_type == "markdown")
        for words in ("**Submit answers**", "not an exam", "reads its source", "**My answers**",
                      "**Download my answers**", "your trainer may ask for your answers file"):
            assert words in text, (phase, words)
    assert "(pre-check.myst)" in (ROOT / "book" / "intro.md").read_text(encoding="utf-8")
    conclusion = jupytext.read(ROOT / "book" / "06-conclusion.myst").cells
    assert "(post-check.myst)" in conclusion[-1].source.split("## ")[-1]


# ---------------------------------------------------------------- references


def reference_sections() -> dict[str, str]:
    """The references page cut into one piece of Markdown per document, by anchor."""
    text = REFERENCES_PAGE.read_text(encoding="utf-8")
    pieces = re.split(r'<a id="(doc-[a-z0-9-]+)"></a>', text)[1:]
    return dict(zip(pieces[::2], pieces[1::2], strict=True))


def test_references_page_lists_every_document_with_its_facts_and_citations() -> None:
    sections = reference_sections()
    documents = load_documents()
    assert len(sections) == len(documents)
    for row in documents.itertuples():
        body = sections[document_anchor(row.symbol)]
        plain = body.replace("\\", "")
        assert f"### {row.symbol}" in plain and f"*{row.title}*" in plain, row.symbol
        assert f"{row.date.day} {row.date:%B %Y}" in body, row.symbol
        for n in row.paragraphs:
            assert f"(report.md#para-{n})" in body, (row.symbol, n)
        for url in row.source.partition("Note: ")[0].split(";"):
            if url.strip():
                assert f"<{url.strip()}>" in body, (row.symbol, url)


def test_references_show_a_vote_only_where_its_source_is_verified() -> None:
    sections = reference_sections()
    # [V]: UN press release GA/11198
    assert "**Vote**: 133 in favour, 11 against, 43 abstentions" in sections["doc-a-res-66-176"]
    # [V-2nd]: only UN Watch gives 41-3-2, so the page does not state it as a fact
    secondary = sections["doc-a-hrc-res-s-19-1"]
    assert "41 in favour" not in secondary.split("**Source**")[0]
    assert "secondary source" in secondary
    assert "**Vote**" not in sections["doc-a-63-677"]  # a report is not voted on


def test_references_name_the_chapters_whose_own_text_names_a_document() -> None:
    sections = reference_sections()
    # chapter V discusses resolution 1973 and the Commission of Inquiry's report
    assert "(05-responsibility-while-protecting.myst)" in sections["doc-s-res-1973-2011"]
    assert "(05-responsibility-while-protecting.myst)" in sections["doc-a-hrc-19-68"]
    # chapter III lists S/RES/1612 only in its generated further reading: not counted
    assert "no chapter names it in its own text" in sections["doc-s-res-1612-2005"]
    assert document_pattern("S/RES/1973 (2011)").search("resolutions 1970 and 1973 of 2011")
    assert not document_pattern("S/RES/1970 (2011)").search("the failures of the 1970s")
    assert not document_pattern("A/RES/60/1").search("resolution 60/10")
