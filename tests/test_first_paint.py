"""The first screen paints before the theme's stylesheets arrive, and looks as it does after.

Each page carries the theme's rules its elements need (``r2p_course/first_paint.py``, run by
the course's Sphinx extension once a build has finished) and loads the stylesheets without
blocking. In the browser: with every theme stylesheet held back, the page still paints and its
exercises still answer, and its first screen (header, sidebar shown or hidden, title, first
question) is laid out and coloured exactly as once the stylesheets have arrived: no flash of
unstyled content, no jump. Without the browser: the rules kept, the links rewritten, a page
done twice.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from r2p_course import COURSE_ID
from r2p_course.first_paint import inline_first_screen_css, restore

WIDGET_PAGE = "notebooks/practice-widgets.html"
# The start page, a lab with every kind of question, a chapter (sidebar, headings, prose).
PAGES = ["book/intro.html", WIDGET_PAGE, "book/03-tools.html"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 720}, "phone": {"width": 360, "height": 640}}
THEME_CSS = re.compile(r"/_static/(?!r2p/).*\.css(\?|$)")

# Every element drawn, in document order (the first screen's and the rest): where it is, and
# how it looks. (Not its id: the widgets make theirs up afresh on each load.)
LAYOUT = """() => {
    const out = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (!el.checkVisibility({ visibilityProperty: true }) || box.width * box.height === 0) continue;
        const style = getComputedStyle(el);
        out.push([el.tagName.toLowerCase(), el.className.baseVal ?? el.className,
                  [box.x, box.y, box.width, box.height].map((v) => Math.round(v * 2) / 2).join(" "),
                  style.color, style.backgroundColor, style.font, style.borderTop, style.opacity]);
    }
    return out;
}"""


def layout(browser, url: str, viewport: dict[str, int], hold_theme_css: bool):  # noqa: ANN001, ANN201
    """The page's elements and a screenshot of its first screen, once its exercises are drawn.

    hold_theme_css: the theme's stylesheets are requested but never answered, as on a slow
    connection before they arrive; the page must paint and its loader run all the same.
    """
    context = browser.new_context(viewport=viewport)
    # one learner for both loads: each learner sees the options in an order of their own
    key = json.dumps(f"{COURSE_ID}:learner")
    context.add_init_script(f"localStorage.setItem({key}, 'first-paint-learner');")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    held = []
    if hold_theme_css:
        page.route(THEME_CSS, lambda route: held.append(route))  # never continued: the request stays pending
    try:
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_function("document.readyState !== 'loading'", timeout=20_000)
            if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
                page.wait_for_selector("html[data-r2p-ready=true]", timeout=20_000)
        except PlaywrightTimeout:
            held_back = " while the theme's stylesheets were held back: one of them blocks" if hold_theme_css else ""
            pytest.fail(f"{url}: the page was not parsed, or its exercises not drawn, in 20 s{held_back}")
        if hold_theme_css:
            assert held, "no theme stylesheet was requested"
            assert page.evaluate("performance.getEntriesByName('first-contentful-paint').length") == 1, (
                "the page did not paint while the theme's stylesheets were on their way")
        else:
            page.wait_for_load_state("load")
            assert page.evaluate("[...document.querySelectorAll('link[data-r2p-deferred]')]"
                                 ".every((link) => link.media === 'all' && link.sheet)")
        page.evaluate(LAYOUT)  # laid out: the fonts the page uses are asked for
        page.wait_for_function("document.fonts.status === 'loaded' && "
                               "[...document.fonts].every((font) => font.status !== 'loading')")
        page.wait_for_timeout(300)  # any transition the theme starts, done; the icons drawn
        return page.evaluate(LAYOUT), page.screenshot(), errors
    finally:
        page.unroute_all(behavior="ignoreErrors")
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_the_first_screen_looks_the_same_before_the_theme_stylesheets_arrive(
        browser, site_url: str, path: str, viewport: str, tmp_path: Path) -> None:  # noqa: ANN001
    early, early_shot, early_errors = layout(browser, f"{site_url}/{path}", VIEWPORTS[viewport], True)
    late, late_shot, late_errors = layout(browser, f"{site_url}/{path}", VIEWPORTS[viewport], False)
    assert early_errors == late_errors == []
    if early != late:
        (tmp_path / "before-stylesheets.png").write_bytes(early_shot)
        (tmp_path / "after-stylesheets.png").write_bytes(late_shot)
    moved = [(a, b) for a, b in zip(early, late, strict=False) if a != b]
    assert len(early) == len(late) and not moved, (
        f"{path} ({viewport}): {len(early)} elements drawn before the theme's stylesheets, "
        f"{len(late)} after; first differences (before, after): {moved[:3]}; screenshots in {tmp_path}")
    from PIL import Image, ImageChops

    difference = ImageChops.difference(Image.open(io.BytesIO(early_shot)).convert("RGB"),
                                       Image.open(io.BytesIO(late_shot)).convert("RGB"))
    if difference.getbbox() is not None:
        (tmp_path / "before-stylesheets.png").write_bytes(early_shot)
        (tmp_path / "after-stylesheets.png").write_bytes(late_shot)
    assert difference.getbbox() is None, f"{path} ({viewport}): the screenshots differ at {difference.getbbox()}"


def test_a_widget_page_has_its_first_question_drawn_in_the_first_paint(browser, site_url: str) -> None:  # noqa: ANN001
    """With the theme's stylesheets held back, the first question is drawn, answerable and
    styled by the course's own stylesheet, and its no-JavaScript message is gone."""
    context = browser.new_context()
    page = context.new_page()
    page.route(THEME_CSS, lambda route: None)
    try:
        page.goto(f"{site_url}/{WIDGET_PAGE}", wait_until="commit")
        page.wait_for_selector("html[data-r2p-ready=true]", timeout=20_000)
        first = page.locator("[data-question-id]").first
        assert page.locator(".r2p-fallback").count() == 0
        first.locator("input").first.check()
        first.get_by_role("button", name="Check answer").click()
        assert first.locator("[role=status][data-result]").count() == 1
    finally:
        page.unroute_all(behavior="ignoreErrors")
        context.close()


def test_opened_from_disk_the_stylesheets_arrive_and_are_switched_on(browser, built_site: Path) -> None:  # noqa: ANN001
    """From ``file://`` (the downloaded site) too, every deferred stylesheet loads and applies."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((built_site / WIDGET_PAGE).as_uri(), wait_until="load")
        page.wait_for_selector("html[data-r2p-ready=true]", timeout=20_000)
        links = page.evaluate("[...document.querySelectorAll('link[data-r2p-deferred]')]"
                              ".map((link) => [link.media, link.sheet !== null])")
        assert len(links) >= 5 and all(link == ["all", True] for link in links), links
        assert page.locator(".r2p-fallback").count() == 0
    finally:
        context.close()


def test_no_page_makes_its_first_paint_wait_for_a_theme_script(built_site: Path) -> None:
    """In <head>, the only scripts the parser waits for are the course's loader (it draws the
    exercises as their part of the page arrives) and Sphinx's small documentation_options.js;
    the theme's own deferred scripts are not preloaded ahead of the first screen's files."""
    from r2p_course.site_server import toc_pages

    for path in [*toc_pages(), "search.html"]:
        head = (built_site / path).read_text(encoding="utf-8").split("</head>", 1)[0]
        blocking = [src for tag, src in re.findall(r'(<script\b[^>]*\bsrc="([^"]+)"[^>]*>)', head)
                    if not re.search(r"\b(defer|async)\b", tag)]
        assert all(re.search(r"_static/(r2p/loader|documentation_options)\.js", src) for src in blocking), (
            path, blocking)
        assert not re.search(r'rel="preload" as="script" href="[^"]*_static/scripts/', head), path


# ---------------------------------------------------------------- without a browser


def site(tmp_path: Path) -> tuple[Path, Path]:
    """A small site: a theme stylesheet that imports another, a font, and a page in a folder."""
    static = tmp_path / "_static" / "styles"
    static.mkdir(parents=True)
    (tmp_path / "_static" / "basic.css").write_text("p.caption { color: red }\n", encoding="utf-8")
    (static / "theme.css").write_text(
        '@import "../basic.css";\n'
        "@font-face { font-family: Icons; src: url(../fonts/icons.woff2) format('woff2') }\n"
        ":root { --accent: teal }\n"
        "html[data-theme=dark] body { background: black }\n"
        ".used, .unused { color: var(--accent) }\n"
        ".absent > a:hover { color: blue }\n"
        "@media (max-width: 960px) { #sidebar { display: none } .absent { display: none } }\n"
        ".logo { background: url('data:image/svg+xml,x') }\n"
        ".r2p-made-by-script::before { content: '>' }\n"
        '.caption { transition: opacity .4s linear, visibility 0s linear "0s"; margin: 0 }\n',
        encoding="utf-8")
    r2p = tmp_path / "_static" / "r2p"
    r2p.mkdir()
    (r2p / "loader.js").write_text('el("div", { class: "r2p-made-by-script" });\n', encoding="utf-8")
    page = tmp_path / "book" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<!DOCTYPE html>\n<html><head>\n"
        '<link rel="stylesheet" href="../_static/styles/theme.css?digest=1" />\n'
        '<script src="../_static/r2p/loader.js"></script>\n'
        '</head><body><div id="sidebar"><p class="caption used">Hi</p><a class="logo">R2P</a></div></body></html>\n',
        encoding="utf-8")
    return tmp_path, page


def inline_css(page: str) -> str:
    return re.search(r"<style data-r2p-first-screen>(.*?)</style>", page, re.DOTALL).group(1)


def test_the_page_keeps_the_rules_its_elements_need_in_order(tmp_path: Path) -> None:
    root, page = site(tmp_path)
    done = inline_first_screen_css(page.read_text(encoding="utf-8"), page, root)
    css = inline_css(done)
    assert css.index("p.caption") < css.index(":root")  # the import, where it was
    assert "--accent: teal" in css and "html[data-theme=dark] body" in css
    assert ".used{" in css and ".unused" not in css  # a selector list keeps only what applies
    assert ".absent" not in css
    assert "@media (max-width: 960px){#sidebar{display: none}}" in css
    assert ".r2p-made-by-script::before" in css  # an element the course's script makes
    # a declaration no browser applies, which the HTML checker refuses in a page, is left out
    assert ".caption{margin: 0}" in css and '"0s"' not in css
    # url()s now start from the page's folder; data: URLs stay as they were
    assert "url(../_static/fonts/icons.woff2)" in css and 'url("data:image/svg+xml,x")' in css


def test_the_stylesheets_load_without_blocking_and_still_load_without_javascript(tmp_path: Path) -> None:
    root, page = site(tmp_path)
    done = inline_first_screen_css(page.read_text(encoding="utf-8"), page, root)
    assert '<link rel="stylesheet" href="../_static/styles/theme.css?digest=1" media="print" data-r2p-deferred' in done
    assert '<noscript><link rel="stylesheet" href="../_static/styles/theme.css?digest=1"></noscript>' in done
    assert "waiting: 1," in done
    assert not re.search(r'<link rel="stylesheet"(?![^>]*media="print")[^>]*>(?!</noscript>)', done)


def test_a_page_done_twice_is_done_once_and_follows_a_changed_stylesheet(tmp_path: Path) -> None:
    root, page = site(tmp_path)
    original = page.read_text(encoding="utf-8")
    once = inline_first_screen_css(original, page, root)
    assert inline_first_screen_css(once, page, root) == once
    assert restore(once).count("theme.css") == 1
    sheet = root / "_static" / "basic.css"
    sheet.write_text("p.caption { color: green }\n", encoding="utf-8")
    again = inline_first_screen_css(once, page, root)
    assert "color: green" in inline_css(again) and "color: red" not in again


def test_a_page_whose_stylesheet_is_missing_is_left_as_it_was(tmp_path: Path) -> None:
    root, page = site(tmp_path)
    original = page.read_text(encoding="utf-8").replace("theme.css", "gone.css")
    assert inline_first_screen_css(original, page, root) == original
