"""The rules both languages apply have one home (r2p_course/rules.py); rules.js is generated
from it, and the one citation pattern reads the same texts in Python and in JavaScript."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from r2p_course import rules
from r2p_course.pages import inline, link_citations
from r2p_course.paths import STATIC_DIR

NODE = shutil.which("node")

# (text, the paragraph numbers it cites): what every reader of the pattern must find
CITATIONS = [
    ("see para 12.", ["12"]),
    ("see para. 12 again", ["12"]),
    ("paragraph 12 says", ["12"]),
    ("paragraphs 3, 21 and 56", ["3", "21", "56"]),
    ("paras 12 and 13", ["12", "13"]),
    ("paras 12-13 and 31", ["12", "13", "31"]),
    ("paras 12–13", ["12", "13"]),
    ("para\n7 on a new line", ["7"]),
    ("para 100", ["100"]),  # three digits: read (and refused by the banks' check: no such paragraph)
    ("para 1234", []),  # four digits: no citation
    ("Paragraph 42 names the European Union", []),  # capitalised: another document's style
    ("the paragraph is long", []),
    ("comparable 12", []),  # "para" inside a word
]


def _cited(text: str) -> list[str]:
    return [n for m in rules.CITATION.finditer(text) for n in re.findall(r"[0-9]+", m.group("numbers"))]


def test_rules_js_is_what_rules_py_generates() -> None:
    """static/rules.js is generated, never edited: it must be what rules.py writes now."""
    on_disk = (STATIC_DIR / "rules.js").read_text(encoding="utf-8")
    assert on_disk == rules.javascript(), (
        "r2p_course/widgets/static/rules.js differs from r2p_course/rules.py: regenerate it with "
        "`python -m r2p_course.rules` (make rules-js) and commit it; never edit it by hand")


def test_each_shared_rule_reaches_javascript_with_its_value() -> None:
    """Every name in SHARED is exported with the Python value (a drift in the generator shows)."""
    assert NODE, "Node.js is needed for this test (make test installs it)"
    script = ("const m = await import(process.argv[1]);"
              "console.log(JSON.stringify(Object.fromEntries(Object.entries(m))));")
    out = subprocess.run([NODE, "--input-type=module", "-e", script, (STATIC_DIR / "rules.js").as_uri()],
                         capture_output=True, text=True, check=True)
    shown = json.loads(out.stdout)
    assert sorted(shown) == sorted(rules.SHARED)
    for name in rules.SHARED:
        value = getattr(rules, name)
        expected = json.loads(json.dumps(value))  # tuples as lists, int keys as texts
        if name.endswith("_PATTERN"):
            expected = value.replace("(?P<", "(?<")
        assert shown[name] == expected, name


@pytest.mark.parametrize(("text", "numbers"), CITATIONS)
def test_the_citation_pattern_reads_each_form(text: str, numbers: list[str]) -> None:
    assert _cited(text) == numbers


def test_javascript_reads_citations_as_python_does() -> None:
    """The widgets build their pattern from rules.js: the same texts give the same numbers."""
    assert NODE, "Node.js is needed for this test (make test installs it)"
    script = ("const { CITATION_PATTERN } = await import(process.argv[1]);"
              "const texts = JSON.parse(process.argv[2]);"
              "console.log(JSON.stringify(texts.map((t) => [...t.matchAll(new RegExp(CITATION_PATTERN, 'g'))]"
              ".flatMap((m) => m.groups.numbers.match(/[0-9]+/g)))));")
    texts = [text for text, _ in CITATIONS]
    out = subprocess.run([NODE, "--input-type=module", "-e", script, (STATIC_DIR / "rules.js").as_uri(),
                          json.dumps(texts)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == [_cited(text) for text in texts]


def test_paragraph_12_is_a_link_on_the_answer_keys_pages_too() -> None:
    """Every form the widgets link is a link in the generated pages (the answer keys use
    ``inline``), and a citation of paragraphs the report does not have stays text."""
    assert inline("As paragraph 12 says") == "As [paragraph 12](report.md#para-12) says"
    assert inline("see para. 31") == "see [para. 31](report.md#para-31)"
    assert inline("paras 12 and 13") == "paras [12](report.md#para-12) and [13](report.md#para-13)"
    assert inline("paras 12-13") == "[paras 12–13](report.md#para-12)"
    # the glossary's World Summit Outcome paragraphs are not the report's
    assert link_citations("paragraph 138 of the World Summit Outcome") == "paragraph 138 of the World Summit Outcome"


def test_the_banks_check_refuses_a_citation_of_a_paragraph_the_report_lacks(tmp_path) -> None:  # noqa: ANN001
    """The banks' check reads citations with the same pattern, up to the report's paragraph count."""
    from r2p_course.data import N_PARAGRAPHS
    from r2p_course.errors import DataError
    from r2p_course.quiz import _check_question

    question = {"id": "q", "type": "pillars", "prompt": f"Read paragraph {N_PARAGRAPHS + 1}.",
                "explanation": "x", "answer": [1]}
    with pytest.raises(DataError, match=f"citations of paragraphs 1-{N_PARAGRAPHS}"):
        _check_question(tmp_path / "bank.yml", question, None)
    question["prompt"] = f"Read paragraph {N_PARAGRAPHS}."
    _check_question(tmp_path / "bank.yml", question, None)
