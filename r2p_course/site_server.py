"""The built website, served and browsed locally: what the tests and ``make bench`` both need.

One home for the page list, the quiet local server and the headless Chromium flags, so the
bench (``tools/bench.py``) measures the site the way the browser tests see it, without
importing the tests. Standard library only: nothing here is a test tool.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

from .paths import toc_entries

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium quiet on a machine with no internet (it would otherwise try
# Google's services at every start).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
    "--no-default-browser-check", "--disable-domain-reliability",
]


def toc_pages() -> list[str]:
    """Every page of the site, from _toc.yml (known before the site is built)."""
    return [f"{f}.html" for f in toc_entries()]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """http.server's handler, without a log line per request."""

    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path, handler: type[QuietHandler] = QuietHandler) -> tuple[str, http.server.HTTPServer]:
    """Serve a folder on 127.0.0.1 (a free port) from a thread: its address, and the server
    (to ``shutdown()``). Tests and ``make bench`` serve sites this way."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server
