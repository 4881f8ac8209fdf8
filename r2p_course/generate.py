"""Every page the course generates from data/, and writing them: what `r2p-course pages` and
each book build run.

The pages come from three modules of one layer: ``pages`` (the report, glossary, references,
objectives, answer keys and the chapters' generated blocks), ``slides`` (the decks) and
``activities`` (the tool cards and the Libya simulation's blocks), which build on ``pages``.
"""

from __future__ import annotations

from pathlib import Path

from . import pages
from .activities import activity_pages
from .slides import deck_pages


def generated_pages() -> dict[Path, str]:
    """Each generated page (or page with generated blocks) and the text it must hold."""
    return {**pages.data_pages(), **deck_pages(), **activity_pages()}


def write_pages() -> tuple[list[Path], list[Path]]:
    """Rewrite the pages whose text changed and delete the keys of banks that are gone.

    Returns the pages written and the pages removed.
    """
    texts = generated_pages()
    written = []
    for path, text in texts.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    removed = pages.stale_pages(texts)
    for path in removed:
        path.unlink()
    return written, removed
