"""`make hub-sizing`: what one learner costs on a JupyterHub, measured on the workshop rehearsal.

The hub of tests/test_hub.py (a real JupyterHub on 127.0.0.1, one home per learner) serves
the course; each learner follows the nbgitpuller link, logs in (spawn and clone), then opens
every notebook of the table of contents in turn (chapters and labs), runs all its cells and
answers its first question, as in a workshop. Measured from /proc through psutil:

- memory (RSS) of the learner's single-user server and of the kernel each notebook started,
  after it ran; kernels stay running when a learner moves on (JupyterLab does not stop
  them), so the learner's total is the server plus every kernel;
- CPU seconds used by the learner's processes (server and kernels) while logging in, and
  while running each notebook and answering, with the time it took.

It prints one table per learner and a sizing for 10, 30 and 60 learners (the figures
book/instructors/workshop.md gives). Nothing is asserted: the machine's load changes the
timings, much less the memory and the CPU seconds. Needs what `make test` installs
(requirements-dev.txt, npm's configurable-http-proxy, Debian's chromium).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from test_hub import TARGET, course_repository, log_in, running_hub  # noqa: E402
from test_jupyterlab import toc_files, wait_for_kernel_idle  # noqa: E402

from r2p_course.launch import hub_link  # noqa: E402
from r2p_course.site_server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

MB = 1024 * 1024
# What a class waits for when everyone presses "Run all" at the same moment (the sizing's
# CPU rule: cores = learners x CPU seconds of the heaviest notebook / this many seconds).
ACCEPTABLE_WAIT_S = 10
HEADROOM = 1.25  # memory and cores above the measured figures, for what was not measured


@dataclass
class Step:
    """One thing a learner did, and what it cost their processes."""

    what: str
    seconds: float
    cpu_seconds: float
    server_mb: float
    kernel_mb: float | None = None


@dataclass
class Learner:
    name: str
    steps: list[Step] = field(default_factory=list)
    total_mb: float = 0.0  # server and every kernel, at the end


def processes_of(hub_pid: int, user: str) -> tuple[psutil.Process, list[psutil.Process]]:
    """The learner's single-user server (found by its JUPYTERHUB_USER) and its kernels."""
    for proc in psutil.Process(hub_pid).children(recursive=True):
        try:
            if proc.environ().get("JUPYTERHUB_USER") == user and "jupyterhub-singleuser" in " ".join(proc.cmdline()):
                return proc, proc.children(recursive=True)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    raise RuntimeError(f"no single-user server for {user}")


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
        except psutil.NoSuchProcess:
            pass
    return total


def rss_mb(proc: psutil.Process) -> float:
    try:
        return proc.memory_info().rss / MB
    except psutil.NoSuchProcess:
        return 0.0


def run_and_answer(page: Page) -> None:
    """Run every cell, wait until none is pending, and answer the first question if any."""
    wait_for_kernel_idle(page)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_function("""() => { const w = window.jupyterapp.shell.currentWidget;
        const prompts = [...w.node.querySelectorAll('.jp-InputArea-prompt')].map((n) => n.textContent);
        return prompts.length && !prompts.some((t) => t.includes('*'))
            && w.sessionContext?.session?.kernel?.status === 'idle'; }""", timeout=180_000, polling=500)
    block = page.locator("#jp-main-dock-panel .jp-NotebookPanel:visible .jp-OutputArea [data-question-id]").first
    if block.count():
        choice = block.locator("input[type=checkbox], input[type=radio]")
        if choice.count():
            choice.first.check()
        block.get_by_role("button", name="Check answer").click()
        page.wait_for_function("(el) => !!el.dataset.result", arg=block.locator("[role=status]").element_handle(),
                               timeout=30_000)


def measure_learner(browser: object, hub: dict, source: Path, name: str, notebooks: list[str]) -> Learner:
    learner = Learner(name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        link = hub_link(hub["url"], f"file://{source}", branch="main", path=notebooks[0], targetpath=TARGET)
        start = time.monotonic()
        page = log_in(context, link, name)
        page.wait_for_function("() => window.jupyterapp?.commands.hasCommand('docmanager:open')", timeout=120_000)
        server, kernels = processes_of(hub["pid"], name)
        learner.steps.append(Step("log in, spawn, pull the course", time.monotonic() - start,
                                  cpu_seconds([server]), rss_mb(server)))
        for path in notebooks:
            # from opening the notebook (its kernel starts) to the answer's feedback
            server, kernels = processes_of(hub["pid"], name)
            known = {k.pid for k in kernels}
            cpu_before, start = cpu_seconds([server, *kernels]), time.monotonic()
            # as a double-click in the file browser does (no reload of JupyterLab itself)
            page.evaluate("(p) => { window.jupyterapp.commands.execute('docmanager:open', {path: p}); }",
                          f"{TARGET}/{path}")
            page.wait_for_function("(p) => window.jupyterapp?.shell.currentWidget?.context?.path === p",
                                   arg=f"{TARGET}/{path}", timeout=60_000)
            run_and_answer(page)
            seconds = time.monotonic() - start
            server, kernels = processes_of(hub["pid"], name)
            new = [k for k in kernels if k.pid not in known]
            used = cpu_seconds([server, *kernels]) - cpu_before
            learner.steps.append(Step(f"open {path}, run all, answer", seconds, used, rss_mb(server),
                                      sum(rss_mb(k) for k in new) if new else None))
        server, kernels = processes_of(hub["pid"], name)
        learner.total_mb = rss_mb(server) + sum(rss_mb(k) for k in kernels)
    finally:
        context.close()
    return learner


def hub_mb(hub_pid: int) -> float:
    """The hub and its proxy: everything the hub started that belongs to no learner."""
    hub = psutil.Process(hub_pid)
    procs = [hub] + [p for p in hub.children(recursive=False) if "singleuser" not in " ".join(p.cmdline())]
    return sum(rss_mb(p) for p in procs)


def report(learners: list[Learner], base_mb: float, sizes: list[int]) -> str:
    out = []
    for learner in learners:
        out.append(f"\nLearner {learner.name}:")
        out.append(f"  {'step':<58} {'wall s':>7} {'CPU s':>6} {'server MB':>10} {'kernel MB':>10}")
        for s in learner.steps:
            kernel = f"{s.kernel_mb:10.0f}" if s.kernel_mb is not None else f"{'-':>10}"
            out.append(f"  {s.what:<58} {s.seconds:7.1f} {s.cpu_seconds:6.1f} {s.server_mb:10.0f} {kernel}")
        out.append(f"  all notebooks left open: server and kernels {learner.total_mb:.0f} MB")
    per_learner_mb = max(learner.total_mb for learner in learners)
    biggest_kernel = max(s.kernel_mb or 0 for learner in learners for s in learner.steps)
    one_at_a_time_mb = max(s.server_mb for learner in learners for s in learner.steps) + biggest_kernel
    heaviest_cpu = max(s.cpu_seconds for learner in learners for s in learner.steps[1:])
    login_cpu = max(learner.steps[0].cpu_seconds for learner in learners)
    out.append(f"\nHub and proxy: {base_mb:.0f} MB. Per learner: {per_learner_mb:.0f} MB with every notebook's kernel "
               f"running, {one_at_a_time_mb:.0f} MB with one kernel at a time (the biggest, {biggest_kernel:.0f} MB).")
    out.append(f"CPU: logging in {login_cpu:.1f} CPU s per learner; the heaviest notebook {heaviest_cpu:.1f} CPU s.")
    out.append(f"\nSizing (x{HEADROOM} headroom; cores so that the whole class pressing Run all at once waits "
               f"about {ACCEPTABLE_WAIT_S} s):")
    out.append(f"  {'learners':>8} {'memory, one kernel':>19} {'memory, all kernels':>20} {'CPU cores':>10}"
               f" {'all log in at once':>19}")
    for n in sizes:
        all_gb = (base_mb + n * per_learner_mb) * HEADROOM / 1024
        one_gb = (base_mb + n * one_at_a_time_mb) * HEADROOM / 1024
        cores = max(2, math.ceil(n * heaviest_cpu / ACCEPTABLE_WAIT_S * HEADROOM))
        out.append(f"  {n:>8} {one_gb:>16.1f} GB {all_gb:>17.1f} GB {cores:>10} {n * login_cpu / cores:>15.0f} s"
                   " CPU")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=2, help="learners measured one after the other (2)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30, 60], help="class sizes of the table")
    args = parser.parse_args(argv)
    notebooks = [path for path in toc_files(ROOT) if not path.endswith(".md")]
    with tempfile.TemporaryDirectory(prefix="r2p-hub-sizing-") as tmp:
        source = course_repository(Path(tmp) / "course-src")
        with running_hub(Path(tmp) / "hub") as hub, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                learners = [measure_learner(browser, hub, source, f"learner{i + 1}", notebooks)
                            for i in range(args.learners)]
                base = hub_mb(hub["pid"])
            finally:
                browser.close()
    memory_gb = psutil.virtual_memory().total / 1024**3
    print(f"Hub sizing, {time.strftime('%Y-%m-%d')}, {platform.node()}: {platform.platform()}, "
          f"{os.cpu_count()} CPUs, {memory_gb:.1f} GB; Python {platform.python_version()}")
    print(f"Notebooks run by each learner: {', '.join(notebooks)}")
    print(report(learners, base, args.sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
