"""`make bench`: the figures the project tracks, printed (never asserted: machines are noisy).

- Builds: cold and warm `make book`, in a temporary copy (your _build/ is left alone).
- Page weights: every page of the course site, decoded bytes (largest, median).
- Side by side: the same 10 questions (tools/bench/bench.yml) built two ways, "ours" (the
  course's ChoiceQuiz on a page built with the course's extension and _config.yml) and
  "jupyterquiz" (`display_quiz` on a page of the stock Jupyter Book theme, as its users get
  it). Each site is served plain (http.server) and gzipped (as static hosts serve it), and
  loaded in Debian's Chromium, a fresh context per load (a first visit, cache disabled), on a
  fast profile and a slow-phone one (DevTools throttling). Printed: bytes, time until the
  first question is answerable, first contentful paint, the first question visible and
  answerable (the later of the two), click to feedback; medians with min and max, and ratios.
  `--only paint` builds and measures only the paint figures (a few minutes, not 18).
- Workshop: a lab's first cell (importing the widgets), and the class results of 40 learners
  (made from data/examples/) by `r2p-course results` and by the website's Class results page.
- nbval over every notebook, and the whole test suite.

Everything temporary lives in one TemporaryDirectory, removed at the end. Both bench pages
are built from the working tree, so they show whatever the code does now.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from r2p_course.pages import link_citations
from r2p_course.paths import EXAMPLES_DIR
from r2p_course.site_server import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve, toc_pages
from r2p_course.widgets import site_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_BANK = ROOT / "tools" / "bench" / "bench.yml"

# The slow-phone profile: DevTools network emulation and CPU throttling.
SLOW_LATENCY_MS = 400
SLOW_KBIT_S = 400
SLOW_CPU_RATE = 4
SLOW_NETWORK = {
    "offline": False,
    "latency": SLOW_LATENCY_MS,
    "downloadThroughput": SLOW_KBIT_S * 1000 / 8,  # bytes per second
    "uploadThroughput": SLOW_KBIT_S * 1000 / 8,
}
# Where citations point on the jupyterquiz page (ours renders its own links): the website's report.
REPORT_URL = site_url() + "book/report.html"
BUILD = [str(BIN / "jupyter-book"), "build", "."]
STRICT = ["-W", "-n", "--keep-going"]


# ---------------------------------------------------------------- builds


def timed(cmd: list[str], cwd: Path) -> float:
    """Seconds a command takes; its output is shown only if it fails."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{(result.stdout + result.stderr)[-4000:]}")
    return time.perf_counter() - start


def course_builds(work: Path) -> Path:
    """Cold and warm `make book` in a copy of the working tree; the built site."""
    copy = work / "course"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", "_build", ".git", ".jupyter_cache", "node_modules"))
    print(f"book build, cold (executes the notebooks): {timed(BUILD + STRICT, copy):6.1f} s")
    print(f"book build, warm (nothing changed):        {timed(BUILD + STRICT, copy):6.1f} s")
    return copy / "_build" / "html"


def notebook(intro: str, code: str) -> dict[str, Any]:
    """A one-page notebook: a heading, a sentence and one code cell whose input is hidden."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(f"# Ten questions\n\n{intro}"),
        nbformat.v4.new_code_cell(code, metadata={"tags": ["remove-input"]}),
    ]
    return nb


def write_project(folder: Path, config: dict[str, Any], nb: dict[str, Any]) -> Path:
    """A Jupyter Book of one page, quiz.ipynb."""
    import nbformat

    folder.mkdir(parents=True)
    (folder / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: quiz\n", encoding="utf-8")
    nbformat.write(nbformat.from_dict(nb), folder / "quiz.ipynb")
    return folder


def ours_project(work: Path) -> Path:
    """The bench bank in the course's ChoiceQuiz, with the course's extension and config.

    The config is the repository's _config.yml (extension, nb_ipywidgets_js, html settings),
    so the page gets whatever the course's build does today.
    """
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = "Bench: ours"
    folder = write_project(work / "ours", config, notebook(
        "The benchmark's questions in the course's own exercise.",
        f"from r2p_course.widgets import ChoiceQuiz\n\nChoiceQuiz({str(BENCH_BANK)!r})",
    ))
    favicon = config.get("html", {}).get("favicon")
    if favicon:
        (folder / favicon).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / favicon, folder / favicon)
    return folder


def cited(text: str) -> str:
    """HTML-escaped text with "para 22" as a Markdown link, which jupyterquiz turns into one."""
    return link_citations(html.escape(text, quote=False), REPORT_URL)


def jupyterquiz_questions() -> list[dict[str, Any]]:
    """The bench bank in jupyterquiz's format: the same prompts, options and feedback."""
    from r2p_course.quiz import get_bank

    out = []
    for q in get_bank(BENCH_BANK).questions:
        answers = []
        for option in q["options"]:
            right = option["id"] in q["answer"]
            feedback = q["explanation"] if right else option.get("feedback", "Not quite.")
            answers.append({"answer": cited(option["text"]), "correct": right, "feedback": cited(feedback)})
        kind = "many_choice" if q.get("multiple") else "multiple_choice"
        out.append({"question": cited(q["prompt"]), "type": kind, "answers": answers})
    return out


def jupyterquiz_project(work: Path) -> Path:
    """The same questions with jupyterquiz, on a book of Jupyter Book's defaults."""
    folder = write_project(work / "jupyterquiz", {"title": "Bench: jupyterquiz"}, notebook(
        "The benchmark's questions with jupyterquiz.",
        'from jupyterquiz import display_quiz\n\ndisplay_quiz("questions.json")',
    ))
    (folder / "questions.json").write_text(json.dumps(jupyterquiz_questions(), indent=1), encoding="utf-8")
    return folder


def bench_builds(work: Path) -> dict[str, Path]:
    """Build both bench books (ours strictly, like the course; jupyterquiz as its users do)."""
    sites = {}
    for name, folder, cmd in (("ours", ours_project(work), BUILD + STRICT),
                              ("jupyterquiz", jupyterquiz_project(work), BUILD)):
        print(f"bench page build, {name + ':':12s}              {timed(cmd, folder):6.1f} s")
        sites[name] = folder / "_build" / "html"
    return sites


# ---------------------------------------------------------------- servers


COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")


@functools.cache
def gzipped(path: str, mtime: float) -> bytes:
    """A file gzipped once (level 6, as common static hosts), then served from memory."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class Gzip(QuietHandler):
    """Gzips text responses when the browser accepts gzip, as static hosts do."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() or not COMPRESSIBLE.match(kind):
            super().do_GET()  # also redirects a folder's address without its final slash
            return
        body = gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        self.wfile.write(body)


SERVERS = {"plain": QuietHandler, "gzip": Gzip}


# ---------------------------------------------------------------- in the browser

# Set up before any page script (add_init_script). Records, in page time (performance.now(),
# from navigation start), when the first question becomes answerable, when the page first
# paints content (first contentful paint: before it the visitor sees a blank screen, however
# ready the DOM is) and, once armed, when its feedback shows; and the timestamp of the trusted
# click on a check.
PROBE = """
(() => {
  const bench = (window.__bench = {});
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === "first-contentful-paint") bench.fcp = entry.startTime;
    }
  }).observe({ type: "paint", buffered: true });
  // Ours: the first question block, its inputs and its "Check" button, all enabled.
  // jupyterquiz: the first question's answer labels (a click on one checks it, there is no
  // separate button), with their click handler and the question's feedback box in place.
  function firstAnswerable() {
    const ours = document.querySelector("[data-question-id]");
    if (ours) {
      const inputs = [...ours.querySelectorAll("input")];
      const check = [...ours.querySelectorAll("button")].find((b) => b.textContent.trim().startsWith("Check"));
      return inputs.length > 0 && inputs.every((i) => !i.disabled) && !!check && !check.disabled && !check.hidden;
    }
    const jq = document.querySelector("div.Quiz");
    if (jq) {
      const labels = [...jq.querySelectorAll(".Answer label.MCButton")];
      return labels.length > 0 && labels.every((l) => l.onclick && !l.querySelector("input")?.disabled)
        && !!jq.querySelector(".Feedback");
    }
    return false;
  }
  const watch = new MutationObserver(() => {
    if (firstAnswerable()) {
      bench.answerable = performance.now();
      watch.disconnect();
    }
  });
  watch.observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener("click", (event) => {
    if (event.isTrusted && bench.click === undefined && event.target.closest?.(".r2p-check, .MCButton")) {
      bench.click = event.timeStamp;
    }
  }, true);
  bench.armFeedback = () => {
    const status = document.querySelector("[data-question-id] [role=status]");
    const box = status || document.querySelector("div.Quiz .Feedback");
    const shown = () => (status ? box.hasAttribute("data-result") : /\\b(correct|incorrect)\\b/.test(box.className));
    new MutationObserver((_, observer) => {
      if (shown()) {
        bench.feedback = performance.now();
        observer.disconnect();
      }
    }).observe(box, { childList: true, subtree: true, attributes: true });
  };
})();
"""


@dataclass
class Load:
    """One page load's figures."""

    answerable_ms: float | None = None
    fcp_ms: float | None = None  # first contentful paint
    click_ms: float | None = None
    decoded: int = 0  # bytes after decompression, every response of the page
    wire: int = 0  # bytes transferred, headers included
    requests: int = 0

    @property
    def visible_ms(self) -> float | None:
        """First question visible and answerable: the later of first paint and answerable."""
        if self.answerable_ms is None or self.fcp_ms is None:
            return None
        return max(self.answerable_ms, self.fcp_ms)


def load(browser: Any, url: str, *, slow: bool = False, quiz: bool = True, settle: bool = True) -> Load:
    """Load a page in a fresh context (cache disabled) and measure it.

    quiz: wait until the first question is answerable, then answer it and time the feedback.
    settle: wait for the network to go idle and count every byte the page loaded.
    """
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    decoded: dict[str, int] = defaultdict(int)
    wire: dict[str, int] = {}

    def sent(event: dict[str, Any]) -> None:
        urls[event["requestId"]] = event["request"]["url"]

    def received(event: dict[str, Any]) -> None:
        decoded[event["requestId"]] += event["dataLength"]

    def finished(event: dict[str, Any]) -> None:
        wire[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.dataReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if slow:
        cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU_RATE})
    page.add_init_script(PROBE)
    timeout = 180_000 if slow else 30_000
    out = Load()
    page.goto(url, wait_until="commit", timeout=timeout)
    if quiz:
        page.wait_for_function("window.__bench.answerable !== undefined", timeout=timeout)
        out.answerable_ms = page.evaluate("window.__bench.answerable")
        page.wait_for_function("window.__bench.fcp !== undefined", timeout=timeout)
        out.fcp_ms = page.evaluate("window.__bench.fcp")
        ours = page.locator("[data-question-id]").count() > 0
        if ours:
            page.locator("[data-question-id]").first.locator("input").first.check(timeout=timeout)
        page.evaluate("window.__bench.armFeedback()")
        target = (page.locator("[data-question-id]").first.locator("button", has_text=re.compile("^Check"))
                  if ours else page.locator("div.Quiz").first.locator("label.MCButton").first)
        target.click(timeout=timeout)
        page.wait_for_function("window.__bench.feedback !== undefined", timeout=timeout)
        out.click_ms = page.evaluate("window.__bench.feedback - window.__bench.click")
    if settle:
        page.wait_for_load_state("load", timeout=timeout)
        page.wait_for_load_state("networkidle", timeout=timeout)
        page.evaluate("1")  # let the last CDP events arrive
        local = [r for r, u in urls.items() if u.startswith("http")]
        out.decoded = sum(decoded.get(r, 0) for r in local)
        out.wire = sum(wire.get(r, 0) for r in local)
        out.requests = len(local)
    context.close()
    return out


def page_weights(browser: Any, base: str) -> None:
    """Every page of the course site: decoded bytes, and what gzip sends."""
    print("\nweight of every page of the site (served gzip; decoded / transferred; fresh context, cache disabled):")
    sizes = []
    for path in toc_pages():
        got = load(browser, f"{base}/{path}", quiz=False)
        sizes.append(got.decoded)
        print(f"  {path:36s} {got.decoded / 1024:7.0f} KB / {got.wire / 1024:6.0f} KB in {got.requests:3d} requests")
    print(f"  largest {max(sizes) / 1024:.0f} KB, median {statistics.median(sizes) / 1024:.0f} KB "
          f"(decoded), over {len(sizes)} pages")


# ---------------------------------------------------------------- side by side


def spread(values: list[float], unit: Callable[[float], str]) -> str:
    """Median (min – max)."""
    return f"{unit(statistics.median(values))} ({unit(min(values))} – {unit(max(values))})"


def ms(x: float) -> str:
    return f"{x / 1000:.2f} s" if x >= 1000 else f"{x:.0f} ms" if x >= 100 else f"{x:.1f} ms"


def kb(x: float) -> str:
    return f"{x / 1024:.0f} KB"


# A row of the side-by-side table: (figure, server, what to read from a load, its unit,
# slow-phone profile?)
Row = tuple[str, str, Callable[[Load], float | None], Callable[[float], str], bool]
# What a visitor waits for before the first question can be seen and used: the later of the
# first contentful paint and the first question answerable in the DOM.
PAINT_ROWS: list[Row] = [
    ("first contentful paint, fast", "gzip", lambda r: r.fcp_ms, ms, False),
    ("first contentful paint, slow phone", "gzip", lambda r: r.fcp_ms, ms, True),
    ("first question visible and answerable, fast", "gzip", lambda r: r.visible_ms, ms, False),
    ("first question visible and answerable, slow phone", "gzip", lambda r: r.visible_ms, ms, True),
]
ROWS: list[Row] = [
    ("bytes per page, decoded", "plain", lambda r: r.decoded, kb, False),
    ("bytes transferred", "gzip", lambda r: r.wire, kb, False),
    ("first answerable, fast", "plain", lambda r: r.answerable_ms, ms, False),
    ("first answerable, fast", "gzip", lambda r: r.answerable_ms, ms, False),
    ("first answerable, slow phone", "plain", lambda r: r.answerable_ms, ms, True),
    ("first answerable, slow phone", "gzip", lambda r: r.answerable_ms, ms, True),
    *PAINT_ROWS,
    ("click to feedback, fast", "gzip", lambda r: r.click_ms, ms, False),
    ("click to feedback, slow phone", "gzip", lambda r: r.click_ms, ms, True),
]


def side_by_side(browser: Any, urls: dict[tuple[str, str], str], runs: int, slow_runs: int,
                 rows: list[Row] = ROWS) -> None:
    """Both pages, on the servers and profiles the rows name; runs interleaved so noise hits
    both alike."""
    names = ("ours", "jupyterquiz")
    servers = [server for server in SERVERS if any(row[1] == server for row in rows)]
    loads: dict[tuple[str, str, bool], list[Load]] = defaultdict(list)
    for server in servers:  # warm-up, not counted: the gzip cache, the OS file cache
        for name in names:
            load(browser, urls[name, server])
    for slow, count in ((False, runs), (True, slow_runs)):
        for server in servers:
            started = time.perf_counter()
            for _ in range(count):
                for name in names:
                    # Settling (counting bytes) is only needed on the fast profile.
                    loads[name, server, slow].append(load(browser, urls[name, server], slow=slow, settle=not slow))
            print(f"  measured {'slow phone' if slow else 'fast'}, {server}: {count} runs of each page "
                  f"in {time.perf_counter() - started:.0f} s", flush=True)

    print("\n| figure | server | ours: median (min-max) | jupyterquiz: median (min-max) | ours / jupyterquiz | runs |")
    print("|---|---|---|---|---|---|")
    for label, server, pick, unit, slow in rows:
        count = slow_runs if slow else runs
        values = {n: [v for v in map(pick, loads[n, server, slow]) if v is not None] for n in names}
        ratio = statistics.median(values["ours"]) / statistics.median(values["jupyterquiz"])
        print(f"| {label} | {server} | {spread(values['ours'], unit)} | "
              f"{spread(values['jupyterquiz'], unit)} | {ratio:.2f} | {count} |")


def conditions(browser_version: str, runs: int, slow_runs: int) -> None:
    """The exact conditions of the side-by-side figures."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    print(f"""
Conditions: {os.cpu_count()} CPUs (nproc), {cpu}; load average {os.getloadavg()[0]:.2f} before measuring;
  Chromium {browser_version} ({CHROMIUM}, headless, via Playwright {version('playwright')}), viewport 1280x720;
  each load in a fresh browser context, cache disabled (Network.setCacheDisabled): a first visit;
  fast profile: no throttling; slow phone: Network.emulateNetworkConditions latency {SLOW_LATENCY_MS} ms,
  download and upload {SLOW_KBIT_S} kbit/s, and Emulation.setCPUThrottlingRate {SLOW_CPU_RATE} (CDP);
  servers on 127.0.0.1: plain = Python http.server (HTTP/1.0, no compression); gzip = the same,
  gzipping text types (html, css, js, json, svg) at level 6 when the browser accepts gzip;
  pages: ours = ChoiceQuiz(tools/bench/bench.yml) with the course's extension and _config.yml;
  jupyterquiz {version('jupyterquiz')} = display_quiz(10 questions) on Jupyter Book {version('jupyter-book')} defaults
  (sphinx-book-theme {version('sphinx-book-theme')}); both executed at build time;
  first answerable: navigation start to the first question's inputs and check in the DOM, enabled
  (jupyterquiz has no check button: a click on an answer checks it), by a MutationObserver;
  first contentful paint: the browser's paint timing entry (PerformanceObserver); first question
  visible and answerable: the later of first contentful paint and first answerable;
  click to feedback: the trusted click's event time to the feedback in the DOM;
  medians of {runs} runs (slow phone: {slow_runs}), with min-max; bytes from the DevTools Network events,
  every response until the network is idle.""")


# ---------------------------------------------------------------- workshop


CLASS_SIZE = 40


def make_class(folder: Path) -> list[Path]:
    """A class of 40 answers files: the example learners' answers under new ids and names."""
    folder.mkdir()
    examples = [json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(EXAMPLES_DIR.glob("learner-*.json"))]
    files = []
    for i in range(CLASS_SIZE):
        doc = {**examples[i % len(examples)], "learner_id": f"bench-{i:03d}", "alias": f"Learner {i:02d}"}
        files.append(folder / f"learner-{i:02d}.json")
        files[-1].write_text(json.dumps(doc), encoding="utf-8")
    return files


def median_of(runs: int, measure: Callable[[], float]) -> str:
    values = [measure() for _ in range(runs)]
    return f"{statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f})"


def workshop_figures(work: Path) -> list[Path]:
    """A lab's first cell, and `r2p-course results` on a class of 40; returns the class's files."""
    files = make_class(work / "class")
    first_cell = median_of(5, lambda: timed([sys.executable, "-c", "import r2p_course.widgets"], ROOT))
    command = median_of(3, lambda: timed([str(BIN / "r2p-course"), "results", str(work / "class"),
                                          "--out", str(work / "class-results")], ROOT))
    print("\nworkshop, medians (min-max):")
    print(f"  a lab's first cell (import r2p_course.widgets), 5 runs:  {first_cell}")
    print(f"  r2p-course results, {CLASS_SIZE} learners, 3 runs:            {command}")
    return files


def class_results_page(browser: Any, base: str, files: list[Path]) -> None:
    """The website's Class results page: choosing the class's files to the tables drawn."""
    def once() -> float:
        page = browser.new_page()
        page.goto(f"{base}/book/instructors/class-results.html", wait_until="networkidle")
        start = time.perf_counter()
        page.get_by_label("Learners' answers files (choose several)").set_input_files([str(f) for f in files])
        page.wait_for_function(f"document.querySelector('[role=status]').textContent.startsWith('{len(files)} file')")
        page.wait_for_selector(".r2p-results-table")
        seconds = time.perf_counter() - start
        page.close()
        return seconds

    print(f"  Class results page, {len(files)} files chosen to tables, 3 runs: {median_of(3, once)}")


def browser_figures(course_site: Path | None, bench_sites: dict[str, Path], runs: int, slow_runs: int,
                    class_files: list[Path] | None = None, rows: list[Row] = ROWS) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if course_site is not None:
            base = serve(course_site, Gzip)[0]  # served until the run ends
            if class_files:
                class_results_page(browser, base, class_files)
            page_weights(browser, base)
        urls = {(name, server): f"{serve(site, handler)[0]}/quiz.html"
                for name, site in bench_sites.items() for server, handler in SERVERS.items()}
        print(f"\nside by side: the 10 questions of {BENCH_BANK.relative_to(ROOT)}, ours and jupyterquiz")
        conditions(browser.version, runs, slow_runs)
        side_by_side(browser, urls, runs, slow_runs, rows)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="loads of each page per server, fast profile")
    parser.add_argument("--slow-runs", type=int, default=5, help="the same on the slow-phone profile")
    parser.add_argument("--side-by-side-only", action="store_true",
                        help="skip the course builds, page weights, nbval and the test suite")
    parser.add_argument("--only", choices=["paint"],
                        help="paint: only the side by side's paint figures (first contentful paint, "
                             "first question visible and answerable), gzip, fast and slow phone")
    args = parser.parse_args()
    if args.only:
        args.side_by_side_only = True
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="r2p-bench-") as tmp:
        work = Path(tmp)
        os.environ["R2P_PROGRESS"] = str(work / "progress.json")
        course_site = None if args.side_by_side_only else course_builds(work)
        class_files = None if args.side_by_side_only else workshop_figures(work)
        bench_sites = bench_builds(work)
        browser_figures(course_site, bench_sites, args.runs, args.slow_runs, class_files,
                        PAINT_ROWS if args.only == "paint" else ROWS)
    if not args.side_by_side_only:
        nbval = timed([str(BIN / "pytest"), "-q", "notebooks"], ROOT)
        print(f"\nnbval, every notebook:                     {nbval:6.1f} s")
        suite = timed([str(BIN / "pytest"), "-q"], ROOT)
        print(f"whole test suite (pytest):                 {suite:6.1f} s")


if __name__ == "__main__":
    main()
