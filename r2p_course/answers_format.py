"""The answers file's rules: one answer entry, its time and the learner's name.

The website applies the same rules without a kernel, in ``widgets/static/answers-format.js``;
this module mirrors that file name for name (``checkEntry`` is :func:`check_entry`,
``isNewer`` is :func:`is_newer`...), and ``tests/answers_format_cases.json`` is run against
both, so a file the website accepts is one JupyterLab and the class results accept too.
It imports nothing heavy: the progress file and the class results build on it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .rules import ALIAS_MAX, ANSWER_RESULTS, UNPRINTABLE_PATTERN

# The results an answer may carry, the longest name and the characters a name keeps none of
# (control characters, line and paragraph separators, the byte-order mark): rules.py, which
# answers-format.js reads through the generated rules.js.
__all__ = ["ALIAS_MAX", "ANSWER_RESULTS"]  # re-exported: progress and the results read them here
UNPRINTABLE = re.compile(UNPRINTABLE_PATTERN)
# An answer's time, as the widgets write it (JavaScript's toISOString, Python's isoformat):
# date, time to the minute at least, at most six decimals, an optional zone. One strict form,
# so the website reads exactly the times Python reads.
ISO_TIME = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d"
                      r"(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ExportFormatError(ValueError):
    """An answers file that does not have the course's export format."""


def clean_alias(value: Any) -> str | None:
    """The name a learner chose for their trainer, made safe to show: one line of text, short.

    Anything that is not text, or is only spaces, is no alias (``None``): the alias is optional
    and the only name the course ever keeps.
    """
    if not isinstance(value, str):
        return None
    text = " ".join(UNPRINTABLE.sub(" ", value).split())[:ALIAS_MAX].strip()
    return text or None


def iso_micros(value: Any) -> int | None:
    """An answer's time as microseconds since 1970, UTC (a time without a zone is UTC), or
    None when it is not in :data:`ISO_TIME`'s form or names a day that does not exist.

    Whole microseconds, not a float, so two answers a microsecond apart still compare apart.
    """
    if not isinstance(value, str) or not ISO_TIME.fullmatch(value):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:  # a day out of range, such as 30 February
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (when - _EPOCH) // dt.timedelta(microseconds=1)


def is_newer(time: Any, than: Any) -> bool:
    """True when answer time ``time`` is strictly later than ``than`` (a time that cannot be
    read is the oldest): the rule by which the latest answer wins, in an import and in class
    results. The same time is not newer, so the answer already kept stays."""
    mine, other = iso_micros(time), iso_micros(than)
    return other is None or (mine is not None and mine > other)


def check_entry(item: Any, number: int) -> tuple[str, dict[str, Any]]:
    """Answer ``number`` of a file's ``answers``: its question id and entry (only the fields
    the course knows), or :class:`ExportFormatError` saying which field is wrong."""
    if not isinstance(item, dict):
        raise ExportFormatError(f"answer {number}: expected an object")
    qid = item.get("question_id")
    if not isinstance(qid, str) or not qid:
        raise ExportFormatError(f"answer {number}: expected a 'question_id' text")
    if item.get("result") not in ANSWER_RESULTS:
        raise ExportFormatError(f"answer {number} ({qid}): expected 'result' in {ANSWER_RESULTS}")
    if not isinstance(item.get("answer"), list):
        raise ExportFormatError(f"answer {number} ({qid}): expected 'answer' to be a list")
    if iso_micros(item.get("time")) is None:
        raise ExportFormatError(f"answer {number} ({qid}): expected an ISO 8601 'time' "
                                "(such as 2026-03-10T09:15:00.000Z)")
    entry = {"answer": item["answer"], "result": item["result"], "time": item["time"]}
    # Optional, written since hints come before solutions: how many times the learner checked,
    # the result of the first check, and whether the key was shown; a check bank's entries also
    # carry the first submission's answer. Older files lack them.
    if "attempts" in item:
        attempts = item["attempts"]
        # a whole number, as JavaScript sees one: JSON's 2.0 is the number 2 there
        whole = type(attempts) is int or (type(attempts) is float and attempts.is_integer())
        if not whole or attempts < 1:
            raise ExportFormatError(f"answer {number} ({qid}): expected 'attempts' to be a whole number from 1")
        entry["attempts"] = int(attempts)
    if "first_result" in item:
        if item["first_result"] not in ANSWER_RESULTS:
            raise ExportFormatError(f"answer {number} ({qid}): expected 'first_result' in {ANSWER_RESULTS}")
        entry["first_result"] = item["first_result"]
    if "first_answer" in item:
        # a check bank's first submission (mode: check), kept for learning gain; [] is unanswered
        if not isinstance(item["first_answer"], list):
            raise ExportFormatError(f"answer {number} ({qid}): expected 'first_answer' to be a list")
        entry["first_answer"] = item["first_answer"]
    if "revealed" in item:
        if type(item["revealed"]) is not bool:
            raise ExportFormatError(f"answer {number} ({qid}): expected 'revealed' to be true or false")
        entry["revealed"] = item["revealed"]
    return qid, entry
