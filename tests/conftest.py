"""Shared fixtures: a scratch progress file, the built book, a local server, a browser.

The server, the page list and the browser's flags are in ``r2p_course.site_server``, which
``make bench`` uses too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from r2p_course.site_server import CHROMIUM, CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


def pytest_configure(config: pytest.Config) -> None:
    """Tests, nbval kernels and builds they start never touch a learner's progress."""
    scratch = Path(tempfile.mkdtemp(prefix="r2p-test-progress-"))
    config._r2p_scratch = scratch
    os.environ["R2P_PROGRESS"] = str(scratch / "progress.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(getattr(config, "_r2p_scratch", ""), ignore_errors=True)


@pytest.fixture(scope="session")
def built_site() -> Path:
    """Build the book with -W -n --keep-going (incremental if it was built before)."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"book build failed:\n{log[-5000:]}"
    assert "build succeeded" in log, log[-3000:]
    return SITE


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a random free port)."""
    url, server = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's chromium, headless, driven by Playwright (no downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run 'make test' (as root it installs it), "
                    "or 'sudo apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, site_url):
    """A fresh page (empty localStorage) that records errors and every request made."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("request", lambda req: page.requests.append(req.url))
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """nbval: ignore stderr (first-run font-cache and kernel transport messages)."""
    for item in items:
        parent = item.parent
        if hasattr(parent, "skip_compare") and "stderr" not in parent.skip_compare:
            parent.skip_compare = (*parent.skip_compare, "stderr")
