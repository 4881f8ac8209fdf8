"""The course's printable edition (``make pdf``): the handbook and the tool cards as PDF.

Chromium prints the built website with its own print to PDF (Playwright's ``page.pdf``), so the
PDF is what a browser's Print gives, with the site's print stylesheets: no LaTeX, and no network
(every request is answered from the built site on disk; any other is refused).

- ``handbook.pdf``: a cover with the contents, then every chapter, lab and page of the report
  (report, glossary, references) in the order of ``_toc.yml``, each from a new page, with its
  exercises drawn by the widgets and printed as numbered questions; at the end the instructors'
  answer keys (their index, then one page per bank). Links between these pages (such as every
  "para 31") lead inside the PDF; links to pages left out become plain text.
- ``tool-cards.pdf``: the instructors' tool cards page (``book/instructors/tool-cards.html``) as
  printed; skipped, with a message, by a site built without that page.

Usage: python tools/make_pdf.py [--site _build/html] [--out _build/pdf]
"""

from __future__ import annotations

import argparse
import html
import json
import mimetypes
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from r2p_course import COURSE_ID  # noqa: E402
from r2p_course.book import is_instructors_page  # noqa: E402
from r2p_course.paths import book_config, toc_entries  # noqa: E402
from r2p_course.site_server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# Requests to this made-up origin are answered from the built site; it never reaches a network.
ORIGIN = "http://r2p-course.invalid"
HANDBOOK_URL = f"{ORIGIN}/r2p-handbook.html"
# Pages of the website that have no place on paper: the start page (a map of the website) and
# "My progress" (drawn from the browser's saved answers).
LEFT_OUT = {"book/intro", "book/my-progress"}
ANSWER_KEYS = "book/instructors/answer-keys"
TOOL_CARDS = "book/instructors/tool-cards.html"
STATE = 'script[type="application/vnd.jupyter.widget-state+json"]'
# The learner id the handbook's widgets order their options by (see widgets/static/order.js).
HANDBOOK_LEARNER = "r2p-handbook"

# The handbook's own layout, on top of the site's stylesheets: each page starts a new sheet,
# keeps its title (the theme hides a page's first heading in print, for its own print title)
# and numbers its questions from 1, as the page does when printed from the browser.
HANDBOOK_CSS = """
@page { size: A4; }
/* 14 px (10.5 pt) and the sheet's full width: the site's 16 px column made a longer book */
html { font-size: 14px !important; }
body { background: #fff; }
.bd-main .bd-content { margin-left: 0 !important; }
.bd-main, .bd-main .bd-content, .bd-main .bd-article-container, .bd-main .bd-article { max-width: none !important; }
.r2p-handbook-page, .r2p-handbook-part { break-before: page; counter-reset: r2p-question; }
.bd-main .bd-content .r2p-handbook-page .bd-article h1:first-of-type { display: block; }
.bd-main .bd-content .bd-article { padding: 0; }
.r2p-handbook-cover { text-align: center; padding-top: 20vh; }
.r2p-handbook-cover h1 { font-size: 2.2em; }
.r2p-handbook-cover .r2p-handbook-subtitle { font-size: 1.3em; margin: 1rem 0 3rem; }
.r2p-handbook-contents { text-align: left; break-before: page; }
.r2p-handbook-contents ol { list-style: none; padding-left: 1rem; }
.r2p-handbook-part { padding-top: 30vh; text-align: center; }
"""

# Footer of every sheet: the page number (Chromium fills in the spans).
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#444;">'
          '{title} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')

# Run in each page once its widgets are drawn: the page's article, with its ids made unique in
# the handbook (prefix--id), links to pages in the handbook pointing inside it, links to other
# pages of the site turned into text, and images and stylesheets by absolute address.
EXTRACT_JS = """
([prefix, inBook]) => {
  const article = document.querySelector("article.bd-article");
  if (!article) return null;
  article.querySelectorAll("script, .headerlink").forEach((node) => node.remove());
  const own = (id) => `${prefix}--${id}`;
  article.querySelectorAll("[id]").forEach((node) => { node.id = own(node.id); });
  for (const attr of ["for", "aria-labelledby", "aria-describedby", "aria-controls"]) {
    article.querySelectorAll(`[${attr}]`).forEach((node) => {
      node.setAttribute(attr, node.getAttribute(attr).split(/\\s+/).map(own).join(" "));
    });
  }
  article.querySelectorAll("a[href]").forEach((a) => {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin) return;
    const target = inBook[url.pathname.replace(/^\\//, "")];
    if (target) {
      const hash = decodeURIComponent(url.hash.slice(1));
      a.setAttribute("href", `#${hash ? `${target}--${hash}` : target}`);
    } else {
      a.removeAttribute("href");
    }
  });
  article.querySelectorAll("img[src]").forEach((img) => img.setAttribute("src", img.src));
  const title = document.querySelector("article.bd-article h1");
  return {
    title: title ? title.textContent.trim() : document.title,
    html: article.innerHTML,
    styles: [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.href),
    fallbacks: article.querySelectorAll(".r2p-fallback").length,
  };
}
"""


def handbook_pages(entries: list[str]) -> tuple[list[str], list[str]]:
    """The pages of the handbook's body and of its answer keys, in toc order."""
    body = [e for e in entries if e not in LEFT_OUT and not is_instructors_page(e)]
    keys = [e for e in entries if e == ANSWER_KEYS or e.startswith(f"{ANSWER_KEYS}-")]
    return body, keys


def prefix_of(page: str) -> str:
    """A page's id in the handbook (``book/02-strategy`` -> ``book-02-strategy``)."""
    return page.replace("/", "-")


def serve_from(site: Path, handbook: dict[str, str]):  # noqa: ANN201
    """A Playwright route handler: the site's files from disk, the handbook from memory, and
    every other request refused (the PDFs are made offline)."""
    def handle(route) -> None:  # noqa: ANN001
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" != ORIGIN:
            route.abort()
            return
        if route.request.url.split("?")[0] == HANDBOOK_URL and "html" in handbook:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=handbook["html"])
            return
        path = (site / unquote(url.path).lstrip("/")).resolve()
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or site.resolve() not in path.parents:
            route.fulfill(status=404, body="not found")
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        route.fulfill(status=200, content_type=kind, body=path.read_bytes())

    return handle


def extract(page, site: Path, name: str, in_book: dict[str, str]) -> dict:  # noqa: ANN001
    """One page of the site, drawn (its widgets rendered), as a piece of the handbook."""
    if not (site / f"{name}.html").is_file():
        raise SystemExit(f"make_pdf: {name}.html is missing from {site}: rebuild the site (make book).")
    page.goto(f"{ORIGIN}/{name}.html", wait_until="load")
    if page.locator(STATE).count():
        page.wait_for_selector("html[data-r2p-ready]", state="attached", timeout=30_000)
    piece = page.evaluate(EXTRACT_JS, [prefix_of(name), in_book])
    if piece is None:
        raise SystemExit(f"make_pdf: {name}.html has no article to print.")
    if piece["fallbacks"]:
        raise SystemExit(f"make_pdf: {name}.html: {piece['fallbacks']} exercise(s) could not be drawn.")
    return piece


def assemble(title: str, body: list[tuple[str, dict]], keys: list[tuple[str, dict]]) -> str:
    """The handbook as one HTML document: cover, contents, the pages, the answer keys."""
    styles: list[str] = []
    for _, piece in body + keys:
        for href in piece["styles"]:
            if href.split("?")[0] not in {s.split("?")[0] for s in styles}:
                styles.append(href)

    def item(name: str, piece: dict) -> str:
        return f'<li><a href="#{prefix_of(name)}">{html.escape(piece["title"])}</a></li>'

    def section(name: str, piece: dict) -> str:
        return (f'<section class="r2p-handbook-page" id="{prefix_of(name)}">'
                f'<article class="bd-article">{piece["html"]}</article></section>')

    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(href)}">' for href in styles)
    return f"""<!DOCTYPE html>
<html lang="en" data-theme="light" data-mode="light">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}: course handbook</title>
{links}
<style>{HANDBOOK_CSS}</style>
</head>
<body>
<div class="bd-main"><div class="bd-content"><div class="bd-article-container">
<section class="r2p-handbook-cover">
<h1>{html.escape(title)}</h1>
<p class="r2p-handbook-subtitle">Course handbook: the chapters, the labs' exercises, the report and the answer keys</p>
<p>On the Secretary-General's report A/66/874–S/2012/578 of 25 July 2012.</p>
</section>
<section class="r2p-handbook-contents">
<h2>Contents</h2>
<ol>{"".join(item(n, p) for n, p in body)}</ol>
<h3>Answer keys (for trainers)</h3>
<ol>{"".join(item(n, p) for n, p in keys)}</ol>
</section>
{"".join(section(n, p) for n, p in body)}
<section class="r2p-handbook-part" id="r2p-answer-keys">
<h1>Answer keys</h1>
<p>For trainers: the key and the explanation of every question above, bank by bank.</p>
</section>
{"".join(section(n, p) for n, p in keys)}
</div></div></div>
</body>
</html>
"""


def print_pdf(page, path: Path, title: str) -> None:  # noqa: ANN001
    """Chromium's print to PDF of the page shown, A4, numbered pages (fonts embedded)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    page.pdf(path=str(path), format="A4", margin={"top": "15mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
             display_header_footer=True, header_template="<span></span>",
             footer_template=FOOTER.format(title=html.escape(title)))


def make_pdfs(site: Path, out: Path) -> list[Path]:
    """Write handbook.pdf (and tool-cards.pdf when the site has that page) into ``out``."""
    from playwright.sync_api import sync_playwright

    if not (site / "index.html").is_file():
        raise SystemExit(f"make_pdf: no website in {site}: run 'make book' first.")
    title = str(book_config().get("title", "Course"))
    body_names, key_names = handbook_pages(toc_entries())
    in_book = {f"{name}.html": prefix_of(name) for name in body_names + key_names}
    out.mkdir(parents=True, exist_ok=True)
    written = []
    handbook: dict[str, str] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1000, "height": 1400})
        # one fixed learner id, so the widgets mix options and tools the same way at every run
        # (the banks list the right option first: the written order would give the key away)
        context.add_init_script(f"localStorage.setItem({json.dumps(COURSE_ID + ':learner')}, "
                                f"{json.dumps(HANDBOOK_LEARNER)});")
        context.route("**/*", serve_from(site, handbook))
        page = context.new_page()
        body = [(name, extract(page, site, name, in_book)) for name in body_names]
        keys = [(name, extract(page, site, name, in_book)) for name in key_names]
        handbook["html"] = assemble(title, body, keys)
        page.goto(HANDBOOK_URL, wait_until="load")
        print_pdf(page, out / "handbook.pdf", f"{title}: course handbook")
        written.append(out / "handbook.pdf")
        if (site / TOOL_CARDS).is_file():
            page.goto(f"{ORIGIN}/{TOOL_CARDS}", wait_until="load")
            if page.locator(STATE).count():
                page.wait_for_selector("html[data-r2p-ready]", state="attached", timeout=30_000)
            print_pdf(page, out / "tool-cards.pdf", f"{title}: tool cards")
            written.append(out / "tool-cards.pdf")
        else:
            print(f"make_pdf: skipped the tool cards: the site has no {TOOL_CARDS} (its page, "
                  "book/instructors/tool-cards.md, is not in this copy of the course).")
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built website")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf", help="where the PDFs go")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    for path in make_pdfs(args.site, args.out):
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"make_pdf: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
