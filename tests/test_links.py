"""Every link sound: a crawl of the built site from its home page, as a reader's browser sees it.

On every page reached: every internal link and ``#anchor`` resolves, nothing answers 404, no
request leaves 127.0.0.1, the console stays free of errors, and each paragraph citation
(``report.html#para-N``) names the paragraph it points to. Exercises are answered first, so
the citations in their feedback are checked too.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

REPORT = "book/report.html"
PARA = re.compile(r"^para-(\d+)$")
REFRESH = re.compile(r'<meta http-equiv="Refresh" content="\d+;\s*url=([^"]+)"', re.IGNORECASE)

# Answer every question of every exercise on the page (first choice ticked, or the sorter as
# it stands), so that explanations and their citation links are drawn.
ANSWER_ALL = """() => {
    for (const block of document.querySelectorAll('[data-r2p-widget]')) {
        const input = block.querySelector('input');
        if (input && !input.checked) input.click();
        block.querySelector('button.r2p-check')?.click();
    }
}"""

# What the crawler reads from a page once it has run: its ids, its links, its citations.
READ_PAGE = """() => ({
    ids: [...document.querySelectorAll('[id]')].map((el) => el.id)
        .concat([...document.querySelectorAll('a[name]')].map((el) => el.name)),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    resources: [...document.querySelectorAll('link[href], script[src], img[src]')]
        .map((el) => el.href || el.src),
    citations: [...document.querySelectorAll('a[href*="#para-"]')]
        .map((a) => ({href: a.href, text: a.textContent.trim()})),
})"""


def _site_path(url: str, site_url: str) -> str | None:
    """The file a same-site URL names ('book/intro.html'), or None for another site."""
    if not url.startswith(site_url + "/"):
        return None
    path = unquote(urlsplit(url).path).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


@pytest.fixture(scope="module")
def crawl(browser, site_url: str, built_site: Path) -> dict:
    """Visit every page reachable from index.html; gather what each one shows and did."""
    context = browser.new_context(accept_downloads=False)
    outside: list[str] = []

    def keep_inside(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", keep_inside)
    page = context.new_page()
    problems: list[str] = []
    current = {"path": ""}
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"{current['path']}: console: {msg.text}"))
    page.on("pageerror", lambda exc: problems.append(f"{current['path']}: error: {exc}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{current['path']}: {r.status} {r.url}"))
    pages: dict[str, dict] = {}
    queue = ["index.html", "search.html"]  # search.html: where the search box leads
    while queue:
        path = queue.pop(0)
        if path in pages:
            continue
        current["path"] = path
        redirect = REFRESH.search((built_site / path).read_text(encoding="utf-8"))
        if redirect:  # index.html sends the reader on to the start page
            target = urljoin(f"{site_url}/{path}", redirect.group(1))
            page.goto(f"{site_url}/{path}", wait_until="commit")
            page.wait_for_url(target)
            pages[path] = {"ids": [], "links": [target], "resources": [], "citations": []}
            queue.append(_site_path(target, site_url))
            continue
        page.goto(f"{site_url}/{path}", wait_until="load")
        if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
            page.wait_for_selector("html[data-r2p-ready=true]", timeout=10_000)
            page.evaluate(ANSWER_ALL)
        pages[path] = page.evaluate(READ_PAGE)
        for link in pages[path]["links"]:
            target = _site_path(urldefrag(link).url, site_url)
            if target and target.endswith(".html") and target not in pages and (built_site / target).is_file():
                queue.append(target)
    context.close()
    return {"pages": pages, "problems": problems, "outside": outside}


def test_the_crawl_reaches_every_page(crawl: dict) -> None:
    from r2p_course.site_server import toc_pages

    missing = set(toc_pages()) - set(crawl["pages"])
    assert not missing, f"not reachable by links from index.html: {sorted(missing)}"


def test_no_404_console_error_or_request_outside_the_site(crawl: dict) -> None:
    assert crawl["problems"] == []
    assert crawl["outside"] == [], "requests left 127.0.0.1"


def test_every_internal_link_and_anchor_resolves(crawl: dict, site_url: str, built_site: Path) -> None:
    pages = crawl["pages"]
    broken = []
    checked_files: set[str] = set()
    for source, seen in pages.items():
        for link in seen["links"] + seen["resources"]:
            url, fragment = urldefrag(link)
            target = _site_path(url, site_url)
            if target is None:
                continue
            if not (built_site / target).is_file():
                broken.append(f"{source} -> {link}: no such file")
                continue
            if target not in pages and target not in checked_files:  # a download, an image...
                checked_files.add(target)
                with urllib.request.urlopen(url) as response:
                    if response.status != 200:
                        broken.append(f"{source} -> {link}: HTTP {response.status}")
            if fragment and target.endswith(".html") and unquote(fragment) not in pages[target]["ids"]:
                broken.append(f"{source} -> {link}: no #{fragment} in {target}")
    assert broken == [], "\n".join(broken)


def test_the_offline_copy_is_offered_on_the_home_page(crawl: dict, built_site: Path) -> None:
    """The zip link is checked like every other (above); here, that the home page has it."""
    links = [link.split("#")[0] for link in crawl["pages"]["book/intro.html"]["links"]]
    assert any(link.endswith("/r2p-course-site.zip") for link in links)
    assert (built_site / "r2p-course-site.zip").stat().st_size > 100_000


def test_citations_link_to_the_paragraph_they_name(crawl: dict, site_url: str) -> None:
    pages = crawl["pages"]
    report_ids = set(pages[REPORT]["ids"])
    wrong = []
    count = 0
    for source, seen in pages.items():
        for cite in seen["citations"]:
            url, fragment = urldefrag(cite["href"])
            match = PARA.match(fragment)
            if _site_path(url, site_url) != REPORT or not match:
                continue
            count += 1
            number = re.search(r"\d+", cite["text"])
            if fragment not in report_ids:
                wrong.append(f"{source}: '{cite['text']}' -> #{fragment}, not an anchor of the report")
            elif not number or int(number.group()) != int(match.group(1)):
                wrong.append(f"{source}: '{cite['text']}' -> #{fragment}")
    assert count > 100, f"only {count} citations found: is the crawl seeing the pages?"
    assert wrong == [], "\n".join(wrong)

