"""`make bench`: the figures the project tracks, printed (never asserted).

Cold and warm book build (in a temporary copy, so your _build/ is left alone), nbval total,
whole test suite, bytes per page and what the widgets add, and in headless Chromium a quiz's
time to interactive and click-to-feedback.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def builds(work: Path) -> Path:
    copy = work / "course"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git", ".jupyter_cache"))
    cmd = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]
    print(f"book build, cold (executes the notebooks): {timed(cmd, copy):6.1f} s")
    print(f"book build, warm (nothing changed):        {timed(cmd, copy):6.1f} s")
    return copy / "_build" / "html"


def serve(site: Path) -> str:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def site_pages() -> list[str]:
    """Every page of the site, in _toc.yml's order."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part.get("chapters", [])]
    return [f"{f}.html" for f in files]


def pages(site: Path, base: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for path in site_pages():
            page = browser.new_page()
            sizes: list[tuple[str, int]] = []
            page.on("response", lambda r, s=sizes: s.append((r.url, len(r.body()))))
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("networkidle")
            total = sum(n for _, n in sizes)
            ours = sum(n for u, n in sizes if "/_static/r2p/" in u)
            state = page.evaluate(
                "document.querySelector('script[type=\"application/vnd.jupyter.widget-state+json\"]')"
                "?.textContent.length || 0")
            print(f"{path:34s} {total / 1024:7.0f} KB in {len(sizes):3d} requests; "
                  f"widgets add {(ours + state) / 1024:5.1f} KB")
            page.close()
        timings = []
        for _ in range(5):
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(f"{base}/notebooks/practice-widgets.html")
            page.wait_for_selector("html[data-r2p-ready=true]")
            ready = time.perf_counter() - start
            block = page.locator("[data-question-id='practice-pillars-incendiary-rhetoric']")
            block.locator("input").first.check()
            click = page.evaluate(
                """() => new Promise((resolve) => {
                    const block = document.querySelector("[data-question-id='practice-pillars-incendiary-rhetoric']");
                    const status = block.querySelector('[role=status]');
                    const t0 = performance.now();
                    new MutationObserver(() => status.dataset.result && resolve(performance.now() - t0))
                        .observe(status, {attributes: true});
                    block.querySelector('button').click();
                })""")
            timings.append((ready, click))
            page.close()
        browser.close()
    ready = sorted(t for t, _ in timings)[len(timings) // 2]
    click = sorted(c for _, c in timings)[len(timings) // 2]
    print(f"quiz page: interactive {ready * 1000:.0f} ms after navigation; "
          f"click to feedback {click:.1f} ms (median of {len(timings)})")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="r2p-bench-") as work:
        os.environ["R2P_PROGRESS"] = str(Path(work) / "progress.json")
        site = builds(Path(work))
        pages(site, serve(site))
    nbval = timed([str(BIN / "pytest"), "-q", "notebooks"], ROOT)
    print(f"nbval, every notebook:                     {nbval:6.1f} s")
    suite = timed([str(BIN / "pytest"), "-q"], ROOT)
    print(f"whole test suite (pytest):                 {suite:6.1f} s")


if __name__ == "__main__":
    main()
