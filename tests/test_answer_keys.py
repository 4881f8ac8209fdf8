"""The reviewed answer keys are pinned: a key changes only on purpose.

``tests/answer_keys.json`` holds, for every question of every bank in ``data/quizzes/``
(except the format's ``example``), its key: the ``answer`` of a pillars or choice question,
the tier of each item (from ``data/tools.csv``) of an order or tiers question. A flipped
answer in a bank, or a tool moved to another tier, fails here until the file is regenerated
on purpose, after review:

    .venv/bin/python tests/test_answer_keys.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PINNED = Path(__file__).resolve().parent / "answer_keys.json"
UNPINNED_BANKS = {"example"}  # the format's example, not course content


def current_keys() -> dict[str, Any]:
    """question id -> key, from the banks and tools.csv as they are now."""
    from r2p_course.quiz import client_question, load_banks

    keys: dict[str, Any] = {}
    for name, bank in sorted(load_banks().items()):
        if name in UNPINNED_BANKS:
            continue
        for question in bank.questions:
            if question["type"] in ("order", "tiers"):
                keys[question["id"]] = {i["id"]: i["tier"] for i in client_question(question)["items"]}
            else:
                keys[question["id"]] = sorted(question["answer"], key=str)
    return keys


def test_answer_keys_are_the_reviewed_ones() -> None:
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    current = current_keys()
    added = sorted(current.keys() - pinned.keys())
    removed = sorted(pinned.keys() - current.keys())
    changed = sorted(q for q in current.keys() & pinned.keys() if current[q] != pinned[q])
    assert not (added or removed or changed), (
        f"answer keys differ from the reviewed ones in {PINNED.name}: changed {changed}, "
        f"new {added}, gone {removed}. If the change was reviewed, regenerate the file "
        "(see data/quizzes/README.md)."
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    lines = [f"  {json.dumps(q)}: {json.dumps(key, ensure_ascii=False)}" for q, key in current_keys().items()]
    PINNED.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # one line per question
    print(f"wrote {PINNED}")
