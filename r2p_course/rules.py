"""The plain-data rules the course applies in Python and in the browser alike: one home.

The website grades, saves and sums answers without a kernel, so its JavaScript needs the same
names, limits and patterns as the Python. They are written here once; ``static/rules.js`` is
generated from this module (``python -m r2p_course.rules``) and never edited by hand, and a
test fails when the file on disk differs from what this module generates.

Only plain data lives here (texts, numbers, lists, mappings, regular expressions as text in
the syntax both languages read); the code that applies a rule stays with its module.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from .paths import STATIC_DIR

# The course's own names for the report's tools by coercion (the tiers are the course's
# reading of the report, not the report's words).
TIER_NAMES = {1: "non-coercive", 2: "coercive but not military", 3: "military force"}
PILLAR_WORDS = {1: "one", 2: "two", 3: "three"}

# The results a graded answer can have.
ANSWER_RESULTS = ("correct", "partial", "incorrect")

# The name a learner may type for their trainer: at most this many characters.
ALIAS_MAX = 60
# Control characters (C0, DEL, C1), line and paragraph separators and the byte-order mark: a
# name or a version read from a learner's file keeps none of them.
UNPRINTABLE_PATTERN = "[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff]"

# A paragraph citation in the course's texts: "para 12", "para. 12", "paragraph 12",
# "paras 12-13", "paras 12 and 13", "paragraphs 3, 21 and 56" (1-3 digits; a longer number is
# no citation). Lower case only: "Paragraph 139 of the World Summit Outcome" is another text's.
# Named groups: `word` and `numbers`.
CITATION_PATTERN = (
    r"\b(?P<word>paras?\.?|paragraphs?)\s+"
    r"(?P<numbers>[0-9]{1,3}(?:\s*(?:[-–,]|and)\s*[0-9]{1,3})*)(?![0-9])"
)

# Class results (results.py and the website's Class results page).
MAX_BYTES = 1_000_000  # a whole course's answers take about 40 kB
MAX_DEPTH = 20  # nesting: an answers file needs 5 levels (document, answers, entry, answer, value)
# The random id every answers file carries (a UUID, or the website's time-and-random fallback),
# matched whole.
LEARNER_ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}"
VERSION_MAX = 40  # characters of a file's course version kept in a problem's message
# What can be wrong with a submission. A file with one of REJECTED is not counted at all; the
# other kinds drop (or correct) only part of a file and say so.
REJECTED = ("missing", "unreadable", "empty-folder", "too-large", "not-json", "truncated-json",
            "not-answers-file", "other-course")
PARTIAL = ("other-version", "unknown-question", "bad-entry", "impossible-answer",
           "result-disagrees", "duplicate-learner")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ANSWER_COLUMNS = ("learner", "alias", "question", "bank", "objectives", "answer", "result", "time",
                  "first_result", "attempts", "revealed")
# Learning gain (results/gain.py and results.js): the phases a check bank can have, in order,
# and the columns of gain.csv (per learner and objective; objective "all" is the whole check)
# and gain_objectives.csv (the class, per objective).
GAIN_PHASES = ("pre", "post")
GAIN_COLUMNS = ("learner", "alias", "objective", "pre_correct", "pre_questions", "pre", "post_correct",
                "post_questions", "post", "gain", "note")
GAIN_OBJECTIVE_COLUMNS = ("objective", "chapter", "learners", "pre_questions", "post_questions", "mean_pre",
                          "mean_post", "gain", "only_pre", "only_post", "note")

# The "My answers" tools' messages between a widget and its back end (the kernel in
# JupyterLab, the loader on the website): what the front end asks, what it is answered.
KIND_EXPORT = "export"
KIND_IMPORT = "import"
KIND_IMPORTED = "imported"
KIND_RESET = "reset"

# Compiled forms for the Python side (not shared: JavaScript builds its own from the texts).
CITATION = re.compile(CITATION_PATTERN)
LEARNER_ID = re.compile(LEARNER_ID_PATTERN)
UNPRINTABLE = re.compile(UNPRINTABLE_PATTERN)

# What static/rules.js carries, in this order.
SHARED = ("TIER_NAMES", "PILLAR_WORDS", "ANSWER_RESULTS", "ALIAS_MAX", "UNPRINTABLE_PATTERN",
          "CITATION_PATTERN", "MAX_BYTES", "MAX_DEPTH", "LEARNER_ID_PATTERN", "VERSION_MAX", "REJECTED",
          "PARTIAL", "FORMULA_START", "ANSWER_COLUMNS", "GAIN_PHASES", "GAIN_COLUMNS",
          "GAIN_OBJECTIVE_COLUMNS", "KIND_EXPORT", "KIND_IMPORT", "KIND_IMPORTED",
          "KIND_RESET")
JS_FILE = STATIC_DIR / "rules.js"


def _js_value(name: str, value: Any) -> str:
    """A value as JavaScript: JSON, with a pattern in JavaScript's syntax for named groups."""
    if name.endswith("_PATTERN"):
        value = value.replace("(?P<", "(?<")
        if "(?P" in value:
            raise ValueError(f"{name}: Python-only regular expression syntax left after translation")
    return json.dumps(value, ensure_ascii=True)


def javascript() -> str:
    """The text of ``static/rules.js``: each shared rule as an exported constant."""
    lines = ["// Generated from r2p_course/rules.py by `python -m r2p_course.rules`: do not edit by hand.",
             "// tests/test_rules.py fails when this file differs from what rules.py generates."]
    values = globals()
    for name in SHARED:
        lines.append(f"export const {name} = {_js_value(name, values[name])};")
    return "\n".join(lines) + "\n"


def write_javascript(path: Path = JS_FILE) -> bool:
    """Write ``static/rules.js`` if it differs; True when it changed."""
    text = javascript()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


if __name__ == "__main__":
    changed = write_javascript()
    print(f"{JS_FILE.name}: {'written' if changed else 'already up to date'}", file=sys.stderr)
