"""A real JupyterLab, started the way the README tells a learner to start it.

On a temporary copy of the repository (autosave must not touch the committed files), with
the command line of ``make lab`` and with the README's plain command (the settings then come
only from what ``pip install -r requirements.txt`` installed: no ``make``-only step exists).
Every page of ``_toc.yml`` is opened from the file browser as a learner would, each lab
notebook with an exercise is run and answered, and the answer is found in the progress file.

JupyterLab and the kernels come from the course's ``.venv``. To check the learner's light
install (requirements.txt only), run this file from a clone where only ``make book`` has
run, with another environment's pytest: ``PYTHONPATH=. /path/to/dev/.venv/bin/pytest
tests/test_jupyterlab.py``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from r2p_course.data import load_documents, load_glossary
from r2p_course.paths import toc_entries

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
# Markup that only Sphinx understands: seen raw in JupyterLab, it is a defect.
RAW_MARKUP = re.compile(r"\{[a-z-]+\}`|```\{|^:::|\{(?:report-reader|glossary-table|para)\}|\]\([^)\s]*\.md", re.M)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_lab_command() -> list[str]:
    """``make lab``'s JupyterLab command line, as the Makefile prints it."""
    out = subprocess.run(["make", "-s", "lab-command"], cwd=ROOT, capture_output=True, text=True, check=True)
    return shlex.split(out.stdout.strip())


def readme_command() -> list[str]:
    """The README's plain command for machines without make (plus a loopback address)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # the plain install is the learner's light one (requirements.txt), as make's setup
    assert "python -m pip install -r requirements.txt" in readme, "the README's plain pip command changed"
    lines = [line.strip() for line in readme.splitlines() if line.strip().startswith("jupyter lab ")]
    assert lines, "the README gives no plain `jupyter lab` command"
    cmd = shlex.split(lines[0].split("#")[0])
    cmd += ["--ip=127.0.0.1"] + (["--allow-root"] if os.geteuid() == 0 else [])
    return cmd


def toc_files(root: Path) -> list[str]:
    """Every page of _toc.yml as a file path (its extension found on disk)."""
    files = []
    for entry in toc_entries(root):
        found = [f"{entry}{ext}" for ext in (".md", ".myst", ".ipynb") if (root / f"{entry}{ext}").exists()]
        assert found, f"no file for {entry}"
        files.append(found[0])
    return files


def copy_repository(target: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(params=["make lab", "README without make"])
def lab(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict]:
    """JupyterLab started as a learner starts it, on a copy of the course.

    No token is given: JupyterLab makes one and prints the link a learner would open, which
    the tests then follow (JupyterLab hides a token that was given on the command line).
    """
    course = copy_repository(tmp_path / "course")
    cmd = make_lab_command() if request.param == "make lab" else readme_command()
    assert cmd[:2] == ["jupyter", "lab"], cmd
    port = _free_port()
    cmd = [str(BIN / "jupyter"), *cmd[1:], "--no-browser", f"--port={port}"]
    progress = tmp_path / "progress.json"
    env = {**os.environ, "R2P_PROGRESS": str(progress), "JUPYTER_CONFIG_DIR": str(tmp_path / "user-config"),
           "PATH": f"{BIN}:{os.environ['PATH']}"}
    log_path = tmp_path / "lab.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=course, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            link = token = None
            for _ in range(120):
                link = link or printed_link(log_path, base)
                if link:
                    token = parse_qs(urlsplit(link).query)["token"][0]
                    try:
                        urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                        break
                    except OSError:
                        pass
                if proc.poll() is not None:
                    pytest.fail(log_path.read_text())
                time.sleep(0.5)
            else:
                pytest.fail(f"JupyterLab printed no link with a token, or did not answer:\n{log_path.read_text()}")
            yield {"base": base, "token": token, "progress": progress, "course": course, "log": log_path,
                   "how": request.param,
                   "link": link}
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def printed_link(log_path: Path, base: str) -> str | None:
    """The first link with a token that JupyterLab printed for the learner to open, if any yet."""
    found = re.findall(rf"{re.escape(base)}/\S*\?token=[0-9a-f]+", log_path.read_text(errors="replace"))
    return found[0] if found else None


def keep_evidence(page: Page, lab: dict) -> None:
    """A screenshot and the server's log, kept under _build/test-failures/ (git-ignored)."""
    folder = ROOT / "_build" / "test-failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"jupyterlab-{int(time.time())}"
    page.screenshot(path=str(folder / f"{name}.png"))
    shutil.copy(lab["log"], folder / f"{name}.log")
    print(f"evidence: {folder / name}.png and .log")


def current_tab(page: Page) -> dict:
    return page.evaluate("""() => {
        const tab = document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current');
        return {label: tab?.querySelector('.lm-TabBar-tabLabel')?.textContent,
                dirty: tab?.classList.contains('jp-mod-dirty')};
    }""")


def open_from_file_browser(page: Page, path: str) -> None:
    """Open a file as a learner does; a busy JupyterLab's file browser may race, so try again."""
    for attempt in range(3):
        try:
            _open_once(page, path)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            time.sleep(1)


def _open_once(page: Page, path: str) -> None:
    """Home in the file browser, then double-click each folder and the file."""
    crumbs = page.locator(".jp-FileBrowser .jp-BreadCrumbs")

    def wait_in(folders: list[str], timeout: int = 20_000) -> None:
        expected = "/" + "".join(f"{f}/" for f in folders)
        page.wait_for_function("([el, want]) => el.innerText.replace(/\\s+/g, '') === want",
                               arg=[crumbs.element_handle(), expected], timeout=timeout)

    for attempt in range(3):  # a busy JupyterLab may miss a click; going home can be repeated
        page.locator(".jp-FileBrowser .jp-BreadCrumbs-home").click()
        try:
            wait_in([], timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    *folders, name = path.split("/")
    for depth, entry in enumerate([*folders, name]):
        # the listing reuses its rows: wait until it shows this folder's entries, then settle
        page.wait_for_function(
            "(name) => [...document.querySelectorAll('.jp-FileBrowser .jp-DirListing-itemText')]"
            ".some((n) => n.textContent === name)", arg=entry, timeout=10_000)
        time.sleep(0.5)
        item = page.locator(".jp-DirListing-item").filter(
            has=page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(entry)}$")))
        item.first.dblclick()
        if depth < len(folders):
            wait_in(folders[: depth + 1])
    page.wait_for_function("(name) => document.querySelector('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current "
                           ".lm-TabBar-tabLabel')?.textContent === name", arg=name, timeout=20_000)


def open_start_page(page: Page, lab: dict) -> None:
    """The link JupyterLab printed must open the start page (not the Launcher); the file
    browser settles in its folder first."""
    page.goto(lab["link"])
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-DirListing-item')", timeout=60_000)
    try:
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget?.context?.path === 'book/intro.md'",
                               timeout=20_000)
    except PlaywrightTimeout:
        shown = page.evaluate("() => window.jupyterapp.shell.currentWidget?.title?.label ?? null")
        raise AssertionError(f"the printed link {lab['link']} opens {shown!r}, not the start page") from None
    page.wait_for_function("() => document.querySelector('.jp-FileBrowser .jp-BreadCrumbs')"
                           ".innerText.replace(/\\s+/g, '') === '/book/'", timeout=20_000)
    time.sleep(1)


def current_widget_text(page: Page, selector: str) -> str:
    return page.evaluate("(sel) => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll(sel)]"
                         ".map((n) => n.innerText).join('\\n')", selector)


def wait_for_kernel_idle(page: Page) -> None:
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget;"
        " return w.sessionContext?.session?.kernel?.status === 'idle'; }", timeout=60_000)


def in_view(page: Page, anchor: str) -> bool:
    return page.evaluate("""(anchor) => {
        const el = window.jupyterapp.shell.currentWidget.node.querySelector(`[data-jupyter-id="${anchor}"]`);
        if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight;
    }""", anchor)


WALK_SAMPLE = ("book/intro.md", "book/01-genesis.myst", "book/report.md", "notebooks/02-which-pillar.ipynb",
               "book/instructors/class-results.md")


def test_every_page_reads_cleanly_and_citations_open_the_report(browser, lab: dict) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_start_page(page, lab)
        terms = len(load_glossary())
        paths = toc_files(lab["course"])
        if lab["how"] != "make lab":
            # The plain pip install gets the same settings from the package: a page of each kind
            # shows them (a Markdown page, a chapter, a lab, the generated report, a trainer's
            # page); `make lab` walks every page.
            paths = [p for p in paths if p in WALK_SAMPLE]
            assert len(paths) == len(WALK_SAMPLE), paths
        for path in paths:
            open_from_file_browser(page, path)
            if path.endswith(".md"):
                page.wait_for_function("() => window.jupyterapp.shell.currentWidget.node"
                                       ".querySelector('.jp-RenderedMarkdown h1')", timeout=20_000)
            else:
                page.wait_for_function("() => window.jupyterapp.shell.currentWidget.node"
                                       ".querySelector('.jp-Notebook .jp-RenderedMarkdown')", timeout=20_000)
                wait_for_kernel_idle(page)  # a notebook starts the course's kernel without asking
            # a kernel's questions come once it has started (notebooks); a Markdown page has none
            time.sleep(0.2 if path.endswith(".md") else 1)
            assert page.locator(".jp-Dialog").count() == 0, f"{path}: a dialog asks something"
            text = current_widget_text(page, ".jp-RenderedMarkdown")
            assert text.strip(), f"{path} reads empty"
            raw = RAW_MARKUP.search(text)
            assert not raw, f"{path} shows raw markup: {raw.group(0)!r}"
            assert not current_tab(page)["dirty"], f"{path} is marked modified just by opening it"
            if path == "book/report.md":
                assert current_widget_text(page, "[data-jupyter-id^='para-']") is not None
                count = page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                                      ".querySelectorAll('[data-jupyter-id^=\"para-\"]').length")
                assert count == 61
            if path == "book/instructors/class-results.md":
                # the file chooser is the website's; here the page points to the command and dashboard
                assert "In JupyterLab or a terminal, use the command" in text
                assert "r2p-course results submissions/ --out results/" in text
                assert "notebooks/class-dashboard.ipynb" in text
            if path == "book/my-progress.md":
                # the counts are drawn by the website's script; here the page names the notebook
                assert "notebooks/my-progress.ipynb" in text
            if path == "book/references.md":
                count = page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                                      ".querySelectorAll('[data-jupyter-id^=\"doc-\"]').length")
                assert count == len(load_documents())
            if path == "book/glossary.md":
                count = page.evaluate("() => window.jupyterapp.shell.currentWidget.node"
                                      ".querySelectorAll('[data-jupyter-id^=\"term-\"]').length")
                assert count == terms
        # a citation far down the report opens the report there
        open_from_file_browser(page, "book/intro.md")
        page.locator("#jp-main-dock-panel .jp-RenderedMarkdown:visible a", has_text="paras 49–58").first.click()
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.context?.path === 'book/report.md'",
                               timeout=20_000)
        page.wait_for_function("""() => { const el = window.jupyterapp.shell.currentWidget.node
            .querySelector('[data-jupyter-id="para-49"]'); if (!el) return false;
            const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }""",
                               timeout=10_000)
        assert in_view(page, "para-49") and not in_view(page, "para-1")
    except Exception:
        keep_evidence(page, lab)
        raise
    finally:
        context.close()


def widget_notebooks(course: Path) -> list[str]:
    """The lab notebooks (of the table of contents) whose committed outputs show an exercise."""
    found = []
    for path in toc_files(course):
        if path.endswith(".ipynb"):
            cells = json.loads((course / path).read_text(encoding="utf-8"))["cells"]
            outputs = [o for c in cells for o in c.get("outputs", [])]
            if any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs):
                found.append(path)
    return found


@pytest.mark.parametrize("lab", ["make lab"], indirect=True)
def _wait_for_progress(lab: dict, test, what: str) -> None:
    """Wait until the progress file passes ``test`` (the kernel saves a moment after the click)."""
    deadline = time.time() + 20
    while time.time() < deadline:
        if lab["progress"].exists() and test(json.loads(lab["progress"].read_text())):
            return
        time.sleep(0.3)
    raise AssertionError(f"{what}: not in the progress file")


def test_each_lab_runs_and_its_answers_are_saved(browser, lab: dict) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_start_page(page, lab)
        notebooks = widget_notebooks(lab["course"])
        assert notebooks, "no lab notebook shows an exercise"
        for path in notebooks:
            open_from_file_browser(page, path)
            wait_for_kernel_idle(page)
            page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            main = page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible")
            block = main.locator(".jp-OutputArea [data-question-id]").first
            block.wait_for(timeout=60_000)
            qid = block.get_attribute("data-question-id")
            choice = block.locator("input[type=checkbox], input[type=radio]")
            if choice.count():
                choice.first.check()
            block.get_by_role("button", name="Check answer").click()
            status = block.locator("[role=status]")
            page.wait_for_function("(el) => !!el.dataset.result", arg=status.element_handle(), timeout=10_000)
            deadline, saved = time.time() + 20, {}
            while time.time() < deadline and qid not in saved:
                if lab["progress"].exists():
                    saved = {a["question_id"]: a for a in json.loads(lab["progress"].read_text())["answers"]}
                time.sleep(0.3)
            assert saved.get(qid, {}).get("result") == status.get_attribute("data-result"), f"{path}: {qid} not saved"
            assert saved[qid]["attempts"] == 1 and saved[qid]["first_result"] == saved[qid]["result"]
            if saved[qid]["result"] != "correct":  # a hint first, the key on asking
                assert block.locator(".r2p-explanation").count() == 0
                block.get_by_role("button", name="Show the answer").click()
                block.locator(".r2p-explanation").wait_for(timeout=10_000)
                _wait_for_progress(lab, lambda data, qid=qid: any(
                    a["question_id"] == qid and a.get("revealed") for a in data["answers"]), f"{path}: {qid} revealed")
            # the name typed for the trainer is kept in the progress file
            name = f"Amina {notebooks.index(path)}"
            main.locator(".r2p-tools summary").first.click()
            main.get_by_label("Your name for your trainer (optional)").first.fill(name)
            _wait_for_progress(lab, lambda data, name=name: data["alias"] == name, f"{path}: alias")
            # the feedback's paragraph link opens the local report inside JupyterLab, at the paragraph
            link = status.locator("a[href*='report.md#para-']").first
            anchor = link.get_attribute("href").split("#")[1]
            link.click()
            page.wait_for_function("() => window.jupyterapp.shell.currentWidget.context?.path === 'book/report.md'",
                                   timeout=20_000)
            page.wait_for_function("""(anchor) => { const el = window.jupyterapp.shell.currentWidget.node
                .querySelector(`[data-jupyter-id="${anchor}"]`); if (!el) return false;
                const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }""",
                                   arg=anchor, timeout=10_000)
    except Exception:
        keep_evidence(page, lab)
        raise
    finally:
        context.close()


CHECK_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "check", "metadata": {}, "outputs": [],
               "source": ["from r2p_course.widgets import ChoiceQuiz\n",
                          "quiz = ChoiceQuiz(\"practice\")\n",
                          "quiz.mode = \"check\"  # as a bank with mode: check sets it\n",
                          "quiz"]}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


@pytest.mark.parametrize("lab", ["make lab"], indirect=True)
def test_check_mode_submits_the_whole_set_in_jupyterlab(browser, lab: dict) -> None:
    """A check-mode widget in a real JupyterLab: nothing tells right from wrong before
    "Submit answers"; the submission saves every question to the progress file (unanswered ones
    as [] and incorrect, one time); "Try again" and a second submission keep the first one."""
    (lab["course"] / "notebooks" / "check-mode.ipynb").write_text(json.dumps(CHECK_NOTEBOOK), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_start_page(page, lab)
        open_from_file_browser(page, "notebooks/check-mode.ipynb")
        wait_for_kernel_idle(page)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        main = page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible")
        widget = main.locator(".jp-OutputArea .r2p-widget[data-r2p-mode=check]")
        widget.wait_for(timeout=60_000)
        blocks = widget.locator("[data-question-id]")
        ids = [b.get_attribute("data-question-id") for b in blocks.all()]
        assert len(ids) >= 2
        first = blocks.first
        first.locator("input").first.check()
        assert widget.locator("[data-result]").count() == 0
        assert widget.locator(".r2p-headline, .r2p-explanation").count() == 0
        assert widget.get_by_role("button", name="Check answer").count() == 0
        assert not re.search(r"Correct|Not quite|Partly right", widget.aria_snapshot())
        widget.get_by_role("button", name="Submit answers").click()
        widget.get_by_role("button", name="Submit anyway").click()
        page.wait_for_function("([el, n]) => el.querySelectorAll('[data-result]').length === n",
                               arg=[widget.element_handle(), len(ids)], timeout=10_000)

        def saved() -> dict:
            return {a["question_id"]: a for a in json.loads(lab["progress"].read_text())["answers"]}

        _wait_for_progress(lab, lambda data: {a["question_id"] for a in data["answers"]} >= set(ids), "a submission")
        once = saved()
        assert len({once[q]["time"] for q in ids}) == 1
        assert all(once[q]["answer"] == [] and once[q]["result"] == "incorrect" for q in ids[1:])
        assert once[ids[0]]["first_answer"] == once[ids[0]]["answer"] != []
        widget.get_by_role("button", name="Try again").click()
        widget.get_by_role("button", name="Yes, start a new attempt").click()
        assert widget.locator("[data-result]").count() == 0
        blocks.nth(1).locator("input").first.check()
        widget.get_by_role("button", name="Submit answers").click()
        widget.get_by_role("button", name="Submit anyway").click()
        _wait_for_progress(lab, lambda data: all(a.get("attempts") == 2 for a in data["answers"]
                                                 if a["question_id"] in ids), "a second submission")
        twice = saved()
        for q in ids:
            assert twice[q]["first_result"] == once[q]["result"] and twice[q]["first_answer"] == once[q]["answer"], q
        assert twice[ids[1]]["answer"] != [] and twice[ids[0]]["answer"] == []
    except Exception:
        keep_evidence(page, lab)
        raise
    finally:
        context.close()


@pytest.mark.parametrize("lab", ["make lab"], indirect=True)
def test_jupyterlab_shows_a_learner_the_order_the_website_shows(browser, lab: dict) -> None:
    """A progress file of the learner id that ``test_browser_shuffle.py`` gives the website:
    JupyterLab shows the same order of a five-option question and of the sorter's tools
    (both must equal ``tests/shuffle_cases.json``), and answers stay stored by option id."""
    from r2p_course import COURSE_ID, __version__

    cases = {c["name"]: c for c in json.loads((ROOT / "tests" / "shuffle_cases.json").read_text())["cases"]}
    choice = cases["a learner, a choice question of 5 options"]
    tools = cases["the tools of an order question"]
    lab["progress"].write_text(json.dumps({"course": COURSE_ID, "version": __version__,
                                           "learner_id": choice["learner_id"], "alias": None, "answers": []}))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_start_page(page, lab)
        open_from_file_browser(page, "notebooks/practice-widgets.ipynb")
        wait_for_kernel_idle(page)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        main = page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible")
        block = main.locator(f".jp-OutputArea [data-question-id='{choice['question']['id']}']")
        block.wait_for(timeout=60_000)
        shown = block.locator("input[type=checkbox]").evaluate_all("(ns) => ns.map((n) => n.value)")
        assert shown == choice["expected"] != choice["ids"]
        sorter = main.locator(f".jp-OutputArea [data-question-id='{tools['question']['id']}']")
        order = sorter.locator("li[data-tool-id]").evaluate_all("(lis) => lis.map((li) => li.dataset.toolId)")
        assert order == tools["expected"] != tools["ids"]
        # ticked in the shown order, saved in the bank's written order (by option id)
        for value in reversed(shown[:2]):
            block.locator(f"input[value='{value}']").check()
        block.get_by_role("button", name="Check answer").click()
        qid = choice["question"]["id"]
        _wait_for_progress(lab, lambda data: any(a["question_id"] == qid for a in data["answers"]), qid)
        saved = next(a for a in json.loads(lab["progress"].read_text())["answers"] if a["question_id"] == qid)
        assert saved["answer"] == [i for i in choice["ids"] if i in shown[:2]]
        assert json.loads(lab["progress"].read_text())["learner_id"] == choice["learner_id"]
        # a new kernel reads the progress file again: the same order, the answer shown ticked
        old = block.element_handle()
        page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()")
        wait_for_kernel_idle(page)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        page.wait_for_function("(old) => !old.isConnected", arg=old, timeout=60_000)  # drawn again
        page.wait_for_function("(qid) => [...window.jupyterapp.shell.currentWidget.node.querySelectorAll("
                               "`[data-question-id='${qid}'] input:checked`)].length === 2", arg=qid, timeout=60_000)
        assert block.locator("input[type=checkbox]").evaluate_all("(ns) => ns.map((n) => n.value)") == shown
    except Exception:
        keep_evidence(page, lab)
        raise
    finally:
        context.close()
