"""Every page of the built site is valid HTML, by the Nu HTML Checker (the W3C's validator).

The checker is npm's ``vnu-jar``, pinned in package.json (``make test`` installs it with
``npm ci``, and Java where it is missing); ``R2P_VNU_JAR`` names another copy of ``vnu.jar``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from r2p_course.site_server import toc_pages

VNU = Path(os.environ.get("R2P_VNU_JAR") or ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")


def site_pages(site: Path) -> list[Path]:
    """Every HTML page a visitor can open: not the theme's template fragments that Sphinx
    copies into ``_static/`` with the other static files (they are Jinja, not pages)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def vnu_errors(pages: list[Path]) -> list[str]:
    """The checker's errors on ``pages``, one JVM for all, as 'page:line: message'."""
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is not installed: run 'make test' (as root it installs it), "
                    "or 'sudo apt-get install default-jre-headless'")
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run 'make test' (it runs 'npm ci'), or set R2P_VNU_JAR")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    report = json.loads(result.stderr)  # vnu writes its report to stderr
    errors = [f"{m.get('url', '?').rsplit('/html/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
              for m in report["messages"] if m["type"] in ("error", "non-document-error")]
    assert errors or result.returncode == 0, result.stderr[-2000:]
    return errors


def test_every_page_of_the_site_is_valid_html(built_site: Path) -> None:
    pages = site_pages(built_site)
    names = {str(p.relative_to(built_site)) for p in pages}
    assert set(toc_pages()) | {"index.html", "search.html", "genindex.html"} <= names
    errors = vnu_errors(pages)
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:40])


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    """A page with the faults the site once had is refused: the check above can fail."""
    bad = tmp_path / "bad.html"
    bad.write_text('<meta http-equiv="Refresh" content="0; url=a.html">\n'
                   '<div id="x"></div><div id="x"><style scoped>p {}</style></div>\n', encoding="utf-8")
    errors = vnu_errors([bad])
    for expected in ("doctype", "title", "Duplicate ID", "scoped"):
        assert any(expected.lower() in e.lower() for e in errors), (expected, errors)
