"""The workshop rehearsal: two learners on a real JupyterHub, then the trainer's class results.

What a workshop does, end to end, on 127.0.0.1: a JupyterHub (shared-password login, one
home per learner under a temporary folder, configurable-http-proxy from npm) serves the
course; each learner follows the nbgitpuller link that the instructor pages show (made by
:func:`r2p_course.launch.hub_link`), logs in, lands in JupyterLab on a lab, answers by
clicking and downloads their answers; then ``r2p-course results`` on the two downloads (and
with ``--homes`` on their home folders) must
count both learners and grade their answers as they were given.

The course pulled is a ``file://`` git repository made from the working tree, so uncommitted
work is what gets tested. Known traps: a spawn that fails only shows as a timeout (the
timeouts are short, and a failure prints the hub's log, which holds the single-user servers'
output too); single-user servers and kernels run in sessions of their own, so stopping the
hub's process group alone would leave them running (every process the hub started is
stopped by its PID).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_jupyterlab import _free_port, copy_repository, wait_for_kernel_idle

from r2p_course.launch import hub_link
from r2p_course.quiz import client_question, grade, load_banks

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "rehearsal-" + secrets.token_hex(8)  # the shared password: 8 characters at least
LAB = "notebooks/02-which-pillar.ipynb"  # the quickest lab to answer: tick pillars, check
BANK = "which-pillar"
TARGET = "r2p-course"  # the course's folder in each learner's home
PILLARS = {1: "Pillar one:", 2: "Pillar two:", 3: "Pillar three:"}  # label starts (pillar-quiz.js)
# How each learner answers the bank's first two questions: every result, to tell them apart.
LEARNERS = {
    "amina": {"alias": "Amina K.", "ticks": ("right", "wrong")},
    "bruno": {"alias": "Bruno", "ticks": ("wrong", "partial")},
}
SPAWN_TIMEOUT = 30  # seconds, the hub's start and http timeouts: a failed spawn fails fast


def _tick_lists(questions: list[dict]) -> dict[str, dict[str, list[int]]]:
    """Each learner's ticks per question id, from the bank (so a changed bank changes them too).

    "right" is the bank's answer, "wrong" a pillar that is not in it, "partial" one of each.
    """
    out: dict[str, dict[str, list[int]]] = {}
    for name, learner in LEARNERS.items():
        out[name] = {}
        for q, how in zip(questions, learner["ticks"], strict=True):
            wrong = next(p for p in PILLARS if p not in q["answer"])
            out[name][q["id"]] = {"right": list(q["answer"]), "wrong": [wrong],
                                  "partial": [q["answer"][0], wrong]}[how]
    return out


def _descendants(pid: int) -> dict[int, str]:
    """Every live process below ``pid`` with its start time (from /proc): servers and kernels too."""
    children: dict[int, list[tuple[int, str]]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append((int(stat.parent.name), fields[19]))
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        for child, started in children.get(todo.pop(), []):
            found[child] = started
            todo.append(child)
    return found


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM lets the hub stop its servers and proxy; what is left is killed by PID.

    Single-user servers and kernels start sessions of their own, so the hub's process group
    does not hold them; a PID is killed only if it is still the process seen before (same
    start time), never a stranger that reused the number.
    """
    started = _descendants(proc.pid)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    for pid, start in started.items():
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19] == start:
                os.kill(pid, signal.SIGKILL)
        except (OSError, IndexError):
            pass


def _hub_config(folder: Path, url: str) -> str:
    """The hub's configuration, as a jupyterhub_config.py a workshop's would read."""
    path = f"{BIN}:{os.environ['PATH']}"
    settings = {
        "JupyterHub.bind_url": url,
        "JupyterHub.hub_ip": "127.0.0.1",
        "JupyterHub.hub_port": _free_port(),
        "JupyterHub.db_url": f"sqlite:///{folder / 'jupyterhub.sqlite'}",
        "JupyterHub.cookie_secret_file": str(folder / "jupyterhub_cookie_secret"),
        "JupyterHub.authenticator_class": "jupyterhub.authenticators.shared.SharedPasswordAuthenticator",
        "SharedPasswordAuthenticator.user_password": PASSWORD,
        "Authenticator.allow_all": True,
        "JupyterHub.spawner_class": "jupyterhub.spawner.SimpleLocalProcessSpawner",
        "SimpleLocalProcessSpawner.home_dir_template": str(folder / "homes" / "{username}"),
        "Spawner.cmd": [str(BIN / "jupyterhub-singleuser")],
        "Spawner.args": ["--allow-root"] if os.getuid() == 0 else [],
        "Spawner.default_url": "/lab",
        "Spawner.start_timeout": SPAWN_TIMEOUT,
        "Spawner.http_timeout": SPAWN_TIMEOUT,
        # the course's Python first; no R2P_PROGRESS, so answers go to ~/.r2p-course in each home
        "Spawner.environment": {"PATH": path},
        "ConfigurableHTTPProxy.command": [str(PROXY)],
        "ConfigurableHTTPProxy.api_url": f"http://127.0.0.1:{_free_port()}",
        "ConfigurableHTTPProxy.auth_token": secrets.token_hex(32),
        "ConfigurableHTTPProxy.pid_file": str(folder / "proxy.pid"),
    }
    return "".join(f"c.{key} = {value!r}\n" for key, value in settings.items())


@contextmanager
def running_hub(folder: Path) -> Iterator[dict]:
    """A JupyterHub on a free port of 127.0.0.1, in ``folder``, stopped (with all it started)
    afterwards. Also used by tools/hub_sizing.py, which measures what each learner costs."""
    if not PROXY.exists():
        raise RuntimeError(f"{PROXY.relative_to(ROOT)} is missing: run 'make test' (its setup runs 'npm ci'), "
                           "or 'npm ci' in the course's folder")
    (folder / "homes").mkdir(parents=True)
    url = f"http://127.0.0.1:{_free_port()}"
    config = folder / "jupyterhub_config.py"
    config.write_text(_hub_config(folder, url), encoding="utf-8")
    # The test's scratch progress file (conftest) must not reach the learners' servers.
    env = {k: v for k, v in os.environ.items() if k != "R2P_PROGRESS"}
    env["PATH"] = f"{BIN}:{env['PATH']}"
    log_path = folder / "hub.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=folder, env=env,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/hub/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the hub did not start:\n{log_path.read_text()[-5000:]}") from None
                time.sleep(0.2)
        yield {"url": url, "log": log_path, "homes": folder / "homes", "pid": proc.pid}
    finally:
        _stop(proc)


@pytest.fixture()
def hub(tmp_path: Path) -> Iterator[dict]:
    try:
        with running_hub(tmp_path / "hub") as running:
            yield running
    except RuntimeError as exc:
        pytest.fail(str(exc))


def course_repository(target: Path) -> Path:
    """A git repository of the working tree (tracked and new files), for nbgitpuller to clone."""
    target.mkdir()
    copy_repository(target)
    git = ["git", "-c", "user.name=Rehearsal", "-c", "user.email=rehearsal@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=target, check=True)
    subprocess.run([*git, "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "the course as tested"], cwd=target, check=True)
    return target


def keep_evidence(pages: list[Page], log: Path) -> None:
    """Screenshots and the hub's log (with the servers' output) under _build/test-failures/."""
    folder = ROOT / "_build" / "test-failures"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"hub-{int(time.time())}"
    for i, page in enumerate(pages):
        try:
            page.screenshot(path=str(folder / f"{name}-{i + 1}.png"))
        except Exception as exc:  # a closed or crashed page: the log still helps
            print(f"no screenshot of page {i + 1}: {exc}")
    shutil.copy(log, folder / f"{name}.log")
    text = log.read_text(errors="replace")
    # the servers' own errors first (a spawn failure shows only as a timeout in the browser)
    errors = "\n".join(line for line in text.splitlines() if re.match(r"\[[CE] ", line))
    print(f"evidence: {folder / name}-*.png and .log\nerrors in the hub's log:\n{errors[-3000:]}\n"
          f"hub log (end):\n{text[-3000:]}")


def log_in(context: BrowserContext, link: str, name: str) -> Page:
    """Follow the workshop link and log in; the hub then spawns the server and pulls the course."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    page.locator("input[name=username]").fill(name)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#login_submit").click()
    return page


def open_lab(page: Page) -> None:
    """Wait for JupyterLab on the lab (after spawn and clone), its kernel idle, then run it.

    A failed spawn or pull stops at the hub's or nbgitpuller's error, which is reported at
    once rather than waited out.
    """
    page.wait_for_function("() => !!window.jupyterapp || !!document.querySelector("
                           "'#progress-bar.bg-danger, #container-error:not(.hidden)')",
                           timeout=(2 * SPAWN_TIMEOUT + 15) * 1000)
    if not page.evaluate("() => !!window.jupyterapp"):
        raise AssertionError(f"no JupyterLab at {page.url}:\n{page.locator('body').inner_text()[:3000]}")
    want = f"{TARGET}/{LAB}"
    try:  # the lab, or JupyterLab's "Cannot open" dialog when the link's path is not there
        page.wait_for_function("(path) => window.jupyterapp.shell.currentWidget?.context?.path === path"
                               " || !!document.querySelector('.jp-Dialog')", arg=want, timeout=30_000)
    except PlaywrightTimeout:
        pass
    shown = page.evaluate("() => window.jupyterapp.shell.currentWidget?.context?.path ?? null")
    if shown != want:
        dialog = page.locator(".jp-Dialog")
        said = dialog.first.inner_text() if dialog.count() else ""
        raise AssertionError(f"JupyterLab at {page.url} shows {shown!r}, not {want}. {said}")
    wait_for_kernel_idle(page)  # the toolbar says idle before the kernel session exists
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def answer(page: Page, ticks: dict[str, list[int]], expected: dict[str, str]) -> None:
    """Tick the pillars of each question and check: the widget must grade as Python does."""
    widget = page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible .jp-OutputArea .r2p-widget")
    for qid, pillars in ticks.items():
        block = widget.locator(f".r2p-question[data-question-id='{qid}']")
        block.wait_for(timeout=60_000)
        for pillar in pillars:
            block.get_by_label(re.compile(f"^{PILLARS[pillar]}")).check()
        block.get_by_role("button", name="Check answer").click()
        status = block.locator("[role=status][data-result]")
        status.wait_for(timeout=10_000)
        assert status.get_attribute("data-result") == expected[qid], qid


def download(page: Page, alias: str, path: Path) -> dict:
    """The "My answers" tools: type a name for the trainer, download, keep the file at ``path``."""
    tools = page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible details.r2p-tools")
    tools.locator("summary").click()
    tools.get_by_label("Your name for your trainer (optional)").fill(alias)
    with page.expect_download(timeout=15_000) as info:
        tools.get_by_role("button", name="Download my answers").click()
    info.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def test_two_learners_pull_the_course_answer_and_hand_in(browser, hub: dict, tmp_path: Path) -> None:
    questions = [client_question(q) for q in load_banks()[BANK].questions[:2]]
    ticks = _tick_lists(questions)
    expected = {name: {q["id"]: grade(q, ticks[name][q["id"]])["result"] for q in questions} for name in LEARNERS}
    assert {r for e in expected.values() for r in e.values()} == {"correct", "partial", "incorrect"}

    source = course_repository(tmp_path / "course-src")
    link = hub_link(hub["url"], f"file://{source}", branch="main", path=LAB, targetpath=TARGET)
    assert parse_qs(urlsplit(link).query)["urlpath"] == [f"lab/tree/{TARGET}/{LAB}"]
    downloads = tmp_path / "downloads"
    downloads.mkdir()

    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in LEARNERS]
    pages: list[Page] = []
    files: dict[str, dict] = {}
    try:
        # Both log in first, so the hub spawns the second server while the first learner works.
        for context, name in zip(contexts, LEARNERS, strict=True):
            pages.append(log_in(context, link, name))
        for page, (name, learner) in zip(pages, LEARNERS.items(), strict=True):
            open_lab(page)
            answer(page, ticks[name], expected[name])
            files[name] = download(page, learner["alias"], downloads / f"{name}.json")
    except Exception:
        keep_evidence(pages, hub["log"])
        raise
    finally:
        for context in contexts:
            context.close()

    for name, data in files.items():
        assert data["alias"] == LEARNERS[name]["alias"]
        assert {a["question_id"]: a["result"] for a in data["answers"]} == expected[name]
        # each learner's server kept the answers in their own home, pulled into targetpath
        home = hub["homes"] / name
        saved = json.loads((home / ".r2p-course" / "progress.json").read_text(encoding="utf-8"))
        assert saved["learner_id"] == data["learner_id"]
        assert (home / TARGET / LAB).is_file()

    # The trainer's side: the results command on the two downloads.
    out = tmp_path / "results"
    run = subprocess.run([str(BIN / "r2p-course"), "results", str(downloads), "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    answers = pd.read_csv(out / "answers.csv")
    ids = {files[name]["learner_id"]: name for name in LEARNERS}
    assert set(answers["learner"]) == set(ids)
    got = {(ids[row.learner], row.question): row.result for row in answers.itertuples()}
    assert got == {(name, qid): result for name, e in expected.items() for qid, result in e.items()}
    assert dict(zip(answers["learner"].map(ids), answers["alias"], strict=True)) == {
        name: learner["alias"] for name, learner in LEARNERS.items()}
    learners = pd.read_csv(out / "learners.csv").set_index("learner")
    for learner_id, name in ids.items():
        assert learners.loc[learner_id, "alias"] == LEARNERS[name]["alias"]
        assert learners.loc[learner_id, "answered"] == len(questions)
        assert learners.loc[learner_id, "correct"] == list(expected[name].values()).count("correct")
    # On the hub the trainer needs no files: the same answers, read from the learners' homes.
    from_homes = tmp_path / "from-homes"
    run = subprocess.run([str(BIN / "r2p-course"), "results", "--homes", str(hub["homes"]), "--out", str(from_homes)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    homes_answers = pd.read_csv(from_homes / "answers.csv")
    assert {(ids[row.learner], row.question): row.result for row in homes_answers.itertuples()} == got
    assert pd.read_csv(from_homes / "problems.csv").empty
    per_question = pd.read_csv(out / "questions.csv").set_index("question")
    for q in questions:
        results = [expected[name][q["id"]] for name in LEARNERS]
        row = per_question.loc[q["id"]]
        assert row["answered"] == len(LEARNERS)
        assert [row["correct"], row["partial"], row["incorrect"]] == [
            results.count(r) for r in ("correct", "partial", "incorrect")]
