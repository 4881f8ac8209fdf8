"""A real JupyterLab: open the lab notebook, run it, answer a quiz, find the saved answer."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "practice-pillars-incendiary-rhetoric"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def jupyterlab(tmp_path: Path):  # noqa: ANN201
    """JupyterLab on 127.0.0.1 with a token, on a temporary copy of the notebooks."""
    work = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    progress = tmp_path / "progress.json"
    port, token = _free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
        "--expose-app-in-browser", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    env = {**os.environ, "R2P_PROGRESS": str(progress), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg")}
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail((tmp_path / "lab.log").read_text())
                time.sleep(0.5)
        yield {"base": base, "token": token, "progress": progress}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_lab_notebook_runs_and_its_quiz_saves_progress(browser, jupyterlab: dict) -> None:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{jupyterlab['base']}/lab/tree/practice-widgets.ipynb?token={jupyterlab['token']}")
        page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')",
                               timeout=30_000)
        select = page.locator(".jp-Dialog button", has_text="Select")
        try:  # a fresh JupyterLab may ask which kernel to start
            select.click(timeout=5_000)
        except PlaywrightTimeout:
            pass
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=30_000)
        # start running (evaluate would wait for the whole run; the widget is what we wait for)
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        block = page.locator(f".jp-OutputArea [data-question-id='{QUESTION}']")
        block.wait_for(timeout=30_000)
        assert block.get_attribute("data-r2p-widget") == "pillar-quiz"
        block.get_by_label("Pillar one", exact=False).check()
        block.get_by_role("button", name="Check answer").click()
        status = block.locator("[role=status]")
        page.wait_for_function(
            "(el) => el.dataset.result === 'correct'", arg=status.element_handle(), timeout=10_000
        )
        progress = jupyterlab["progress"]
        deadline = time.time() + 20
        saved: dict = {}
        while time.time() < deadline:
            if progress.exists():
                saved = {a["question_id"]: a for a in json.loads(progress.read_text())["answers"]}
                if QUESTION in saved:
                    break
            time.sleep(0.3)
        assert saved.get(QUESTION, {}).get("answer") == [1]
        assert saved[QUESTION]["result"] == "correct"
    except Exception:
        page.screenshot(path=str(jupyterlab["progress"].parent / "failure.png"))
        print("screenshot:", jupyterlab["progress"].parent / "failure.png")
        raise
    finally:
        context.close()
