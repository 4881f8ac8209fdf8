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

from r2p_course import COURSE_ID
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


# The learner id the `page` fixture's browser keeps: each learner sees options and tools in an
# order of their own, so one fixed id makes every run see the same order (test_browser_shuffle.py
# opens pages of other learners itself).
TEST_LEARNER_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"


@pytest.fixture()
def page(browser, site_url):
    """A fresh page (localStorage empty but for the test learner's id) that records errors and
    every request made."""
    context = browser.new_context()
    key = f"{COURSE_ID}:learner"
    context.add_init_script(f"localStorage.getItem('{key}') === null"
                            f" && localStorage.setItem('{key}', '{TEST_LEARNER_ID}');")
    page = context.new_page()
    page.errors = []
    page.requests = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("request", lambda req: page.requests.append(req.url))
    yield page
    context.close()


# The markers (registered in pyproject.toml) follow from what a test uses, so a new test is
# marked without anyone remembering to: a fixture below, or its file when what is slow in it
# starts without a fixture (a build or a notebook run of its own). A test that needs no build,
# browser or JupyterLab is `unit`; `make test-fast` runs the unit tests that are not `slow`.
MARKS_BY_FIXTURE = {
    "built_site": ("build",),  # the whole site, built with jupyter-book (site_url and page need it)
    "browser": ("browser",),  # headless Chromium (page needs it)
    "lab": ("lab", "slow"),  # a real JupyterLab (test_jupyterlab.py)
    "hub": ("lab", "slow"),  # a real JupyterHub with two learners' JupyterLabs (test_hub.py)
}
MARKS_BY_FILE = {
    "test_build_state.py": ("build", "slow"),  # builds a lab alone, into a temporary folder
    "test_chapters_nbval.py": ("build", "slow"),  # runs every chapter under nbval
    "test_html_valid.py": ("slow",),  # the Nu HTML Checker, a Java program, on the built pages
    "test_markers.py": ("slow",),  # collects the whole suite to check these markers
}
MARKERS = ("unit", "browser", "build", "lab", "slow")


def markers_for(item: pytest.Item) -> set[str]:
    """The markers a collected test gets from its fixtures, its file, or (nbval) its kind."""
    if not isinstance(item, pytest.Function):  # a lab notebook's cell, run by nbval
        return {"build", "slow"}
    found = {m for name in item.fixturenames for m in MARKS_BY_FIXTURE.get(name, ())}
    found |= set(MARKS_BY_FILE.get(item.path.name, ()))
    return found if found & {"browser", "build", "lab"} else found | {"unit"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test (see MARKS_BY_FIXTURE); nbval: ignore stderr (first-run font-cache and
    kernel transport messages)."""
    for item in items:
        for name in markers_for(item) - {m.name for m in item.iter_markers() if m.name in MARKERS}:
            item.add_marker(name)
        parent = item.parent
        if hasattr(parent, "skip_compare") and "stderr" not in parent.skip_compare:
            parent.skip_compare = (*parent.skip_compare, "stderr")
