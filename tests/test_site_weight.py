"""Fast on a slow phone: light pages, small figures, widgets drawn as soon as they arrive.

The theme's fontawesome.js (1.5 MB) is left out of every page; these tests also check that
what it seemed to provide still works without it: every icon, the theme switch and search.
"""

from __future__ import annotations

import re
import statistics
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from r2p_course.site_server import QuietHandler, serve, toc_pages

MAX_PAGE_BYTES = 1_200_000  # decoded, everything the page loads
MAX_PNG_BYTES = 60 * 1024
# Figures already over the limit, by page (none now); the test fails on any big figure.
KNOWN_BIG_PNGS: dict[str, int] = {}
WIDGET_PAGE = "notebooks/practice-widgets.html"


def _decoded_bytes(browser, url: str) -> tuple[int, dict[str, int]]:
    """Bytes (decoded) of every response a first visit to ``url`` loads, widgets drawn."""
    context = browser.new_context()
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(request.url, len(request.response().body())))
    page.goto(url, wait_until="load")
    if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
    page.evaluate("document.fonts.ready.then(() => true)")
    context.close()
    return sum(sizes.values()), sizes


def test_every_page_weighs_at_most_1_2_mb(browser, site_url: str) -> None:
    """A first visit to each page, everything it loads counted decoded (figures printed)."""
    weights, heavy = {}, []
    for path in toc_pages():
        total, sizes = _decoded_bytes(browser, f"{site_url}/{path}")
        weights[path] = total
        if total > MAX_PAGE_BYTES:
            largest = sorted(sizes.items(), key=lambda item: -item[1])[:4]
            heavy.append(f"{path}: {total / 1e6:.2f} MB; largest: "
                         + ", ".join(f"{url.removeprefix(site_url)} {size // 1000} KB" for url, size in largest))
    print("\nPage weight, decoded (MB):")
    for path, total in weights.items():
        print(f"  {total / 1e6:6.3f}  {path}")
    print(f"  largest {max(weights.values()) / 1e6:.3f}, median {statistics.median(weights.values()) / 1e6:.3f}")
    assert heavy == [], f"over {MAX_PAGE_BYTES / 1e6} MB decoded:\n" + "\n".join(heavy)


def test_figures_are_svg_or_small_png(built_site: Path) -> None:
    big: dict[str, list[str]] = {}
    for path in toc_pages():
        html = (built_site / path).read_text(encoding="utf-8")
        for src in re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', html):
            image = (built_site / path).parent / src.split("?")[0]
            if image.suffix.lower() == ".png" and image.stat().st_size > MAX_PNG_BYTES:
                big.setdefault(path, []).append(f"{image.name[:12]}... {image.stat().st_size // 1024} KB")
    assert {page: len(images) for page, images in big.items()} == KNOWN_BIG_PNGS, (
        f"PNG figures over {MAX_PNG_BYTES // 1024} KB (make them smaller, or SVG): {big}"
    )


def test_icons_theme_switch_and_search_work_without_the_icon_script(page, site_url: str) -> None:
    page.goto(f"{site_url}/{WIDGET_PAGE}", wait_until="networkidle")
    assert not [url for url in page.requests if "/fontawesome.js" in url]
    page.evaluate("document.fonts.ready.then(() => true)")
    # Every Font Awesome icon shown is drawn by the webfont: a glyph, in a font that loaded.
    icons = page.evaluate(
        """() => [...document.querySelectorAll('[class*="fa-"]')]
            .filter((el) => el.getClientRects().length)
            .map((el) => {
                const before = getComputedStyle(el, '::before');
                const family = before.fontFamily.replaceAll('"', '');
                return {cls: el.className, glyph: before.content, family,
                        loaded: [...document.fonts].some((f) => f.family.replaceAll('"', '') === family
                            && String(f.weight) === before.fontWeight && f.status === 'loaded')};
            })"""
    )
    assert len(icons) >= 4, icons
    for icon in icons:
        assert icon["glyph"] not in ("none", "normal", '""'), f"no glyph for {icon['cls']}"
        assert "Font Awesome" in icon["family"] and icon["loaded"], icon
    # The theme switch cycles the colour mode.
    html = page.locator("html")
    before = html.get_attribute("data-mode")
    page.locator(".theme-switch-button").first.click()
    assert html.get_attribute("data-mode") != before
    # Search: Ctrl+K opens the search box; Enter lists results on the search page.
    page.keyboard.press("Control+k")
    box = page.locator("#pst-search-dialog[open] input[name=q]")
    box.wait_for()
    box.fill("sanctions")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=sanctions*")
    page.locator("#search-results li").first.wait_for(timeout=10_000)
    assert page.errors == []


class _StallingHandler(QuietHandler):
    """Serves the site, but sends the widget page only up to its first widget, then waits."""

    release: threading.Event

    def do_GET(self) -> None:
        if not self.path.startswith(f"/{WIDGET_PAGE}"):
            return super().do_GET()
        html = (Path(self.directory) / WIDGET_PAGE).read_bytes()
        cut = html.index(b'<script type="application/vnd.jupyter.widget-view+json">')
        cut = html.index(b"</script>", cut) + len(b"</script>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(html)))
        self.end_headers()
        self.wfile.write(html[:cut])
        self.wfile.flush()
        self.release.wait(timeout=20)
        self.wfile.write(html[cut:])


@pytest.fixture()
def stalling_site(built_site: Path) -> Iterator[tuple[str, threading.Event]]:
    release = threading.Event()
    url, server = serve(built_site, type("Handler", (_StallingHandler,), {"release": release}))
    yield url, release
    release.set()
    server.shutdown()


def test_a_widget_works_before_the_rest_of_the_page_arrives(browser, stalling_site) -> None:
    """On a slow connection the first question answers while the page is still loading."""
    url, release = stalling_site
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{url}/{WIDGET_PAGE}", wait_until="commit")
        first = page.locator("[data-r2p-widget]").first
        first.wait_for(timeout=8_000)
        assert page.evaluate("document.readyState") == "loading"
        assert page.locator(".r2p-fallback").count() == 0
        first.locator("input").first.check()
        first.get_by_role("button", name="Check answer").click()
        assert first.locator("[role=status][data-result]").count() == 1
        assert page.evaluate("document.readyState") == "loading"
        release.set()
        page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
        assert page.locator(".r2p-widget").count() == 3
        assert page.locator(".r2p-fallback").count() == 0
    finally:
        release.set()
        context.close()
