"""Where the course's files live, found from the package (a clone installed with ``-e .``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REPORT_DIR = DATA_DIR / "report"
QUIZ_DIR = DATA_DIR / "quizzes"
EXAMPLES_DIR = DATA_DIR / "examples"  # an example class's answers files (tools/make_examples.py)
STATIC_DIR = Path(__file__).resolve().parent / "widgets" / "static"
REPORT_TEXT = REPORT_DIR / "report-A-66-874-S-2012-578.txt"
BOOK_DIR = ROOT / "book"
INSTRUCTORS_DIR = BOOK_DIR / "instructors"
# The first line of every page the course generates from data/ (pages.py, slides.py).
GENERATED = "<!-- Generated from data/ by `r2p-course pages`: edit the data, not this file. -->"
BANK_KEYS_PREFIX = "answer-keys-"


def relative(path: Path) -> str:
    """A path as the author sees it in the repository (``data/tools.csv``)."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def bank_keys_file(bank: str, suffix: str = ".md") -> str:
    """The file name of a bank's answer keys, beside the index: ``answer-keys-chapter-1.md``.

    The one place that names these pages: the objectives matrix and the website's Class
    results page (``suffix=".html"``, through ``course-data.js``) link to them by it.
    """
    return f"{BANK_KEYS_PREFIX}{bank}{suffix}"


@cache
def book_config(root: Path = ROOT) -> dict[str, Any]:
    """The book's ``_config.yml``, read once (the website's address, the launch links)."""
    import yaml

    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def toc_entries(root: Path = ROOT) -> list[str]:
    """Every page of a course's _toc.yml, in order (no extension): its files, their sections,
    and the pages a ``glob`` entry matches (sorted, as Jupyter Book lists them)."""
    import yaml

    def entries(items: list[dict]) -> list[str]:
        found: list[str] = []
        for item in items:
            if "glob" in item:
                found += sorted({p.relative_to(root).with_suffix("").as_posix()
                                 for p in root.glob(f"{item['glob']}.*") if p.suffix in (".md", ".myst", ".ipynb")})
            else:
                found.append(item["file"])
            found += entries(item.get("sections", []))
        return found

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += entries(part.get("chapters", []))
    return files
