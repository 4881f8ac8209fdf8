"""Sphinx extension for the course book (listed in ``_config.yml``).

- The pages made from ``data/`` (the report reader, the glossary, the references, the
  instructors' objectives matrix and answer keys, one page per bank) and each chapter's
  objectives and further-reading blocks are regenerated before each build (see
  ``r2p_course.pages``).
- Paragraph citations are Markdown links, ``[para 31](report.md#para-31)``: the ``<a id>``
  anchors of those pages become link targets, so a link to a paragraph or term that does
  not exist is a build warning (and ``-W`` fails).
- Widget pages: the saved widget state loses its ``_esm``/``_css`` (the loader imports the
  site's current files instead) and any answers (none may reach the website), and on every
  build the widgets' front ends are written to ``_static/r2p/``, so the site never serves a
  stale copy even when no page changed.
- Before a page is rendered, ``prepare_page_context`` drops the scripts and stylesheets it
  does not use and adds the course's own; every rendered page then goes through
  ``tidy_html`` (``CourseTemplates``): out go the theme's
  Font Awesome script (the webfont draws the icons), the search code on pages that do not
  search, the search buttons' label that hides their visible text, and the site's name
  repeated in the start page's title. pandas tables lose their invalid ``<style scoped>``
  and scroll inside a region of their own (``tidy_tables``).
- A page paints before the theme's stylesheets arrive: once the build has finished, each page
  gets the theme's rules its elements need in a ``<style>`` and loads the stylesheets without
  blocking (``r2p_course.first_paint``); the theme's scripts in ``<head>`` are deferred.
- The instructors' pages (``book/instructors/``, answer keys included) are built and linked
  from the start page, but kept out of the learners' way: not in the sidebar or the
  "next" link of a learner's page, and not in the search index.
- The site's ``index.html``, which sends a visitor on to the start page, is a valid page.
- The trainers' slide decks (``r2p_course.slides``) and the reveal.js files they load are
  copied into the site on every build.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util import logging

from .paths import ROOT

logger = logging.getLogger(__name__)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


RAW_ID = re.compile(r"<a\s+id=\"([^\"]+)\"")


class RawAnchorIds(Transform):
    """Make each ``<a id="...">`` anchor of a page a target of Markdown links.

    The generated pages (report, glossary) mark paragraphs and terms with HTML anchors, which
    JupyterLab and browsers follow. Registering them as MyST slugs lets myst-parser resolve
    ``[para 31](report.md#para-31)`` to them and warn (so ``-W`` fails the build) on a link
    to an anchor that does not exist, such as ``#para-62``. Runs before myst's own
    ``ResolveAnchorIds`` (priority 879), which resolves links within a page.
    """

    default_priority = 870

    def apply(self, **kwargs: Any) -> None:
        slugs = getattr(self.document, "myst_slugs", None)
        if slugs is None:
            slugs = self.document.myst_slugs = {}
        for raw in self.document.findall(nodes.raw):
            for anchor in RAW_ID.findall(raw.astext()):
                slugs.setdefault(anchor, (raw.line or 0, anchor, anchor))
        env = getattr(self.document.settings, "env", None)
        if slugs and env is not None:
            env.metadata[env.docname]["myst_slugs"] = slugs


def write_generated_pages(app: Sphinx, config: Any) -> None:
    """Regenerate the pages made from data/ before the build reads them (and delete the
    answer keys of a bank that is gone, so the toc's glob no longer finds them)."""
    from .generate import write_pages

    written, removed = write_pages()
    for path in written:
        logger.info("r2p: regenerated %s from data/", path.relative_to(ROOT))
    for path in removed:
        logger.info("r2p: removed %s (its bank is gone)", path.relative_to(ROOT))


def _is_ours(model: Any) -> bool:
    return isinstance(model, dict) and bool(model.get("state", {}).get("_r2p_widget"))


def strip_widget_state(app: Sphinx, env: Any) -> None:
    """Drop saved front-end code, answers and layout models from our widgets' saved state."""
    for docname, meta in getattr(env, "nb_metadata", {}).items():
        entry = meta.get("js_files", {}).get("ipywidgets_state")
        if not entry:
            continue
        uri, kwargs = entry
        state = json.loads(kwargs["body"])
        models = state.get("state", {})
        layouts = set()
        # the widgets the page shows, for its preload links (read once here, not per page render)
        meta["r2p_widgets"] = sorted({m["state"]["_r2p_widget"] for m in models.values() if _is_ours(m)})
        for model in models.values():
            if _is_ours(model):
                for key in ("_esm", "_css"):
                    model["state"].pop(key, None)
                model["state"]["answers"] = {}
                model["state"]["alias"] = None  # nor anyone's name
                model["state"]["learner_id"] = ""  # nor the builder's id: the loader sets the reader's
                layouts.add(str(model["state"].pop("layout", "")).removeprefix("IPY_MODEL_"))
        for model_id in layouts:  # the loader draws no ipywidgets layout
            models.pop(model_id, None)
        body = json.dumps(state).replace("</", "<\\/")
        meta["js_files"]["ipywidgets_state"] = (uri, {**kwargs, "body": body})
        logger.debug("r2p: stripped widget state of %s", docname)


def write_static(app: Sphinx, env: Any) -> None:
    """Write the widgets' current front ends into the built site.

    Runs on every build, changed pages or not, and before pages are written, so each page's
    ``loader.js?v=`` checksum is that of the current loader.
    """
    if app.builder.format != "html":
        return
    from .assets import assets_version, digest, page_files, widget_files

    pages = page_files()
    # the ?v= of each page's links to these files, worked out once a build (read by prepare_page_context)
    app.r2p_versions = {"widgets": assets_version(), "class-results": digest(pages.values())}
    target = Path(app.outdir) / "_static" / "r2p"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in {**widget_files(), **pages}.items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    # Sphinx copies html_static_path only when some page is written: a build in which only
    # r2p-book.css changed (its print rules, say) would keep serving the old copy.
    for source in BOOK_STATIC.iterdir():
        path = Path(app.outdir) / "_static" / source.name
        if source.is_file() and (not path.exists() or path.read_bytes() != source.read_bytes()):
            path.write_bytes(source.read_bytes())


def write_slides(app: Sphinx) -> None:
    """Put the slide decks (regenerated from data/ with the other pages) and the reveal.js
    files they load into the built site, on every build, before any page is read: a build
    without reveal.js installed stops at once and says how to install it."""
    if app.builder.format != "html":
        return
    from .slides import RevealMissing, copy_reveal

    try:
        copy_reveal(Path(app.outdir))
    except RevealMissing as missing:
        raise ExtensionError(str(missing)) from None


SPHINX_DESIGN_CLASS = re.compile(r'class="(?:[^"]*\s)?sd-')


# The trainers' pages: reachable by link (the start page has one), out of the learners' way.
INSTRUCTORS = "book/instructors/"


def is_instructors_page(docname: str) -> bool:
    """Whether a page is for trainers (workshop notes, class results, answer keys)."""
    return docname.startswith(INSTRUCTORS)


def learners_sidebar(pagename: str, generate: Any) -> Any:
    """The theme's ``generate_toctree_html``, without the instructors' part on a learner's page.

    A learner browsing the sidebar should not meet the answer keys one click away; on the
    instructors' own pages the part stays, so a trainer moves between them.
    """
    def generate_for_learners(kind: str, *args: Any, **kwargs: Any) -> Any:
        soup = generate(kind, *args, **kwargs)
        if kind != "sidebar" or isinstance(soup, str):
            return soup
        here = posixpath.dirname(pagename)
        for caption in soup.find_all("p", class_="caption"):
            part = caption.find_next_sibling("ul")
            if part is None:
                continue
            links = [posixpath.normpath(posixpath.join(here, a["href"])) for a in part.find_all("a", href=True)]
            if links and all(is_instructors_page(link) for link in links):
                part.decompose()
                caption.decompose()
        return soup

    return generate_for_learners


def keep_instructors_apart(pagename: str, context: dict) -> None:
    """On a learner's page: no instructors' part in the sidebar, no "next" link to one."""
    if is_instructors_page(pagename):
        return
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = learners_sidebar(pagename, context["generate_toctree_html"])
    following = context.get("next") or {}
    link = following.get("link", "")
    if link and is_instructors_page(posixpath.normpath(posixpath.join(posixpath.dirname(pagename), link))):
        context["next"] = None


def keep_instructors_out_of_search(app: Sphinx) -> list:
    """Take the instructors' pages out of the search index before Sphinx writes it.

    Otherwise the answer keys come first in a learner's search for "sanctions" or "Libya".
    Sphinx emits ``html-collect-pages`` after writing the pages and before dumping the index;
    pruning here (rather than marking pages ``nosearch``) leaves no entry at all, not even an
    empty title.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is not None:
        indexer.prune([doc for doc in app.env.all_docs if not is_instructors_page(doc)])
    return []


def prepare_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep pages offline, free of console errors and of files they do not use.

    sphinx-thebe (always loaded by Jupyter Book) declares its config twice on each page (a
    JavaScript error) and points at a CDN; the course has no live-code launch, so its scripts
    go. sphinx-design's stylesheet and tabs script (also always loaded, 62 KB) go from pages
    that use none of its components. The theme logs an error when no colour mode is set; the
    course defaults to light.
    """
    body = context.get("body", "")
    unused = ["thebe"] if SPHINX_DESIGN_CLASS.search(body) else ["thebe", "sphinx-design", "design-tabs"]
    context["script_files"] = [
        js for js in context.get("script_files", [])
        if not any(name in str(js) for name in unused)
        and "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))
    ]
    context["css_files"] = [css for css in context.get("css_files", []) if not any(name in str(css) for name in unused)]
    if not context.get("default_mode"):
        context["default_mode"] = "light"
    keep_instructors_apart(pagename, context)
    if "body" in context:
        context["body"] = add_fallbacks(tidy_tables(tidy_folded_cells(body)))
    context["metatags"] = (context.get("metatags", "") + widget_preloads(app, pagename, context)
                           + class_results_assets(app, body, context) + my_progress_assets(app, body, context))


def _static_href(app: Sphinx, context: dict, name: str, group: str) -> str:
    """A page's link to one of the course's files in ``_static/r2p/``, with its version."""
    return f'{context["pathto"](f"_static/r2p/{name}", 1)}?v={app.r2p_versions[group]}'


def widget_preloads(app: Sphinx, pagename: str, context: dict) -> str:
    """Preload the front ends of the widgets a page shows.

    The loader is a classic script in <head>, so it runs only after the theme's stylesheets
    have arrived, and only then asks for a widget's files: one more round trip on a slow
    connection. Preload links start those downloads at once; the loader then finds them ready.
    """
    names = getattr(app.env, "nb_metadata", {}).get(pagename, {}).get("r2p_widgets", [])
    if not names or "pathto" not in context:
        return ""
    links = [f'<link rel="preload" as="{kind}" href="{_static_href(app, context, f"{name}.{ext}", "widgets")}">'
             for name in names for ext, kind in (("js", "script"), ("css", "style"))]
    return "\n".join(links) + "\n"


def _page_only_assets(app: Sphinx, body: str, context: dict, marker: str, css: str, scripts: list[str]) -> str:
    """A page's own stylesheet and scripts, on the page that has their place (``marker``) and no
    other: the course's data travels only with the page that uses it."""
    if marker not in body or "pathto" not in context:
        return ""

    def href(name: str) -> str:
        return _static_href(app, context, name, "class-results")

    return (f'<link rel="stylesheet" href="{href(css)}">\n'
            + "".join(f'<script defer src="{href(name)}"></script>\n' for name in scripts))


def class_results_assets(app: Sphinx, body: str, context: dict) -> str:
    """The "Class results" page's script, stylesheet and course data."""
    return _page_only_assets(app, body, context, "data-r2p-class-results", "class-results.css",
                             ["course-data.js", "class-results.js"])


def my_progress_assets(app: Sphinx, body: str, context: dict) -> str:
    """The "My progress" page's script, stylesheet and data (which page holds each question)."""
    return _page_only_assets(app, body, context, "data-r2p-my-progress", "my-progress.css",
                             ["progress-data.js", "my-progress.js"])


FOLDED_CELL_TOGGLE = re.compile(r'<summary aria-label="Toggle hidden content">(.*?)</summary>', re.DOTALL)


def tidy_folded_cells(body: str) -> str:
    """Make the toggle of a folded cell (tag ``hide-cell``: the labs' solutions) valid and
    named by what it shows.

    myst-nb labels it "Toggle hidden content" while it reads "Show code cell content" (a
    speech-input user says what they see: WCAG 2.5.3), and puts that text in ``<p>``, which
    HTML does not allow in ``<summary>``: spans instead, styled by ``r2p-book.css``.
    """
    def toggle(match: re.Match) -> str:
        inside = re.sub(r"<p\b", "<span", match.group(1)).replace("</p>", "</span>")
        return f"<summary>{inside}</summary>"

    return FOLDED_CELL_TOGGLE.sub(toggle, body)


# pandas writes each DataFrame as ``<div><style scoped>...</style><table class="dataframe">``:
# ``scoped`` is not HTML (the Nu checker's first complaint) and the theme styles tables anyway.
PANDAS_STYLE = re.compile(r"<style scoped>.*?</style>\s*", re.DOTALL)
PANDAS_TABLE = re.compile(r'<table\b[^>]*\bclass="dataframe[^"]*"[^>]*>.*?</table>', re.DOTALL)
TABLE_REGION = ('<div class="pst-scrollable-table-container" role="region" tabindex="0" '
                'aria-label="Table (scrolls sideways on a narrow screen)">')


def tidy_tables(body: str) -> str:
    """Make the pandas tables of a page valid HTML that fits a phone.

    The lab notebooks are committed with pandas' own HTML, so the fix is made here, at build
    time: out goes the ``<style scoped>`` block, and each table goes into a scroll region of
    its own (the container the theme gives Markdown tables), focusable and named so that a
    keyboard user can scroll it. Without it a wide table widens the whole page on a 360 px
    screen.
    """
    body = PANDAS_STYLE.sub("", body)
    return PANDAS_TABLE.sub(lambda m: f"{TABLE_REGION}{m.group(0)}</div>", body)


FALLBACK = (
    '<p class="r2p-fallback">An exercise belongs here. It needs JavaScript, which your browser '
    "has not run on this page: turn JavaScript on and reload, or study the course in "
    "JupyterLab.</p>"
)


def add_fallbacks(body: str) -> str:
    """Put a plain message in front of each saved widget view.

    The loader removes it once the exercise is drawn (or says why it could not be); a browser
    that runs no script at all leaves it, instead of showing nothing.
    """
    return body.replace(f'<script type="{WIDGET_VIEW}">', f'{FALLBACK}<script type="{WIDGET_VIEW}">')


# The theme's fontawesome.js (1.5 MB, 60% of a page) only turns <i class="fa-..."> icons into
# inline SVG; its CSS already loads the Font Awesome webfont, which draws the same icons.
FONTAWESOME_SCRIPT = re.compile(r'\s*<script\b[^>]*\bsrc="[^"]*/fontawesome\.js[^"]*"[^>]*>\s*</script>')
# The theme's search buttons read "Search Ctrl+K" but are labelled "Search": a speech-input
# user saying what they see does not match (WCAG 2.5.3, axe's label-content-name-mismatch).
# Without the aria-label their name is their visible text; the shortcut is announced too.
SEARCH_BUTTON_LABEL = re.compile(
    r'(<button\b[^>]*\bclass="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"'
)
# The theme loads Sphinx's search code and the whole search index (64 KB, growing with the
# course) into every page for search-as-you-type, which the course does not turn on: its
# search box opens search.html, the one page that needs them (and loads them itself).
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools|_static/language_data|searchindex)\.js"></script>'
)


# Sphinx titles a page "<page title> — <site title>": on the start page, whose title is the
# site's, that says the course's name twice (in the tab, in bookmarks, to a screen reader).
TWICE_TITLED = re.compile(r"<title>(.+?) &#8212; \1</title>")
# The scripts Sphinx and the theme put in <head> block the parser: on a slow phone the page's
# body, and the course's loader after them, wait until each has arrived. They all act on the
# parsed page (on DOMContentLoaded), so they are deferred, in their order. Two stay: the
# course's loader, which draws each exercise as soon as its part of the page is parsed, and
# documentation_options.js, whose fields inline scripts of the theme set.
BLOCKING_SCRIPT = re.compile(r'<script src="(?![^"]*(?:documentation_options\.js|_static/r2p/))([^"]+)"></script>')
# The theme preloads its two deferred scripts (30 KB gzipped): on a slow connection they take
# the bandwidth the first screen needs; deferred at the end of the body, they still load.
THEME_SCRIPT_PRELOAD = re.compile(r'\s*<link rel="preload" as="script" href="[^"]*_static/scripts/[^"]*"\s*/?>')


def tidy_html(html: str, keep_search: bool = False) -> str:
    """Take out of a rendered page what a reader does not need or what misleads assistive tech."""
    html = FONTAWESOME_SCRIPT.sub("", html)
    if not keep_search:
        html = SEARCH_SCRIPTS.sub("", html)
    html = TWICE_TITLED.sub(r"<title>\1</title>", html, count=1)
    html = THEME_SCRIPT_PRELOAD.sub("", BLOCKING_SCRIPT.sub(r'<script defer src="\1"></script>', html))
    return SEARCH_BUTTON_LABEL.sub(r'\1 aria-keyshortcuts="Control+K"', html)


class CourseTemplates(BuiltinTemplateLoader):
    """Sphinx's own template renderer, with ``tidy_html`` applied to each page it renders.

    Set as ``template_bridge`` by ``use_course_templates``: the theme stays as installed (no
    copied templates to keep in step with it) and every page, search and index included,
    gets the same fixes.
    """

    def render(self, template: str, context: dict) -> str:  # type: ignore[override]
        keep_search = (context.get("pagename") == "search"
                       or str(context.get("theme_search_as_you_type")).lower() == "true")
        return tidy_html(super().render(template, context), keep_search)


def use_course_templates(app: Sphinx, config: Any) -> None:
    """Render pages with ``CourseTemplates`` unless the book already names a template bridge."""
    if not config.template_bridge:
        config.template_bridge = f"{__name__}.CourseTemplates"


BOOK_STATIC = Path(__file__).parent / "book_static"  # the course's stylesheet for every page


def add_book_static(app: Sphinx, config: Any) -> None:
    """Serve the course's own stylesheet (``r2p-book.css``: fixes to the theme) on every page."""
    config.html_static_path = [*config.html_static_path, str(BOOK_STATIC)]


def set_theme_options(app: Sphinx, config: Any) -> None:
    """Theme options Jupyter Book 1 does not pass through from ``_config.yml``.

    No ".md/.pdf" download menu. No header bar holding a second search box: pydata-sphinx-
    theme fills ``navbar_persistent`` with one when the option is unset, on top of the book
    theme's search box in the sidebar (on small screens the article header keeps its search
    button).
    """
    config.html_theme_options = {**config.html_theme_options, "use_download_button": False,
                                 "navbar_persistent": []}


REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta http-equiv="Refresh" content="0; url={target}">
</head>
<body>
<p>The course starts at <a href="{target}">{title}</a>.</p>
</body>
</html>
"""


def write_home_redirect(app: Sphinx, exception: Exception | None) -> None:
    """Write ``index.html``, the site's front door, as a valid page sending visitors on.

    sphinx-external-toc writes a bare ``<meta http-equiv="Refresh">`` there (no doctype, no
    title: a blank tab name, two errors in the HTML checker) unless the file exists; this runs
    first, on every build, so the page always names the current start page.
    """
    if exception or app.builder.format != "html":
        return
    target = app.builder.get_target_uri(app.config.root_doc)
    title = app.config.html_title or app.config.project
    page = REDIRECT_PAGE.format(lang=html_lib.escape(app.config.language or "en"),
                                title=html_lib.escape(title), target=html_lib.escape(target))
    (Path(app.outdir) / "index.html").write_text(page, encoding="utf-8")


def first_screen_css(app: Sphinx, exception: Exception | None) -> None:
    """Put in each page the theme's rules that its elements need, and load the theme's
    stylesheets without blocking its first paint (``r2p_course.first_paint``).

    Done once the build has finished, not as each page is rendered, because some stylesheets
    (myst-nb's) are only copied into the site then. Every page is looked at: one Sphinx did
    not write again this time gets its rules again only if a stylesheet changed.
    """
    if exception or app.builder.format != "html":
        return
    from .first_paint import inline_first_screen_css

    outdir = Path(app.outdir)
    for path in sorted(outdir.rglob("*.html")):
        if path.relative_to(outdir).parts[0].startswith(("_", ".")):
            continue  # _static, _sources...: not pages of the site
        page = path.read_text(encoding="utf-8")
        done = inline_first_screen_css(page, path, outdir)
        if done != page:
            path.write_text(done, encoding="utf-8")


SITE_ZIP = "r2p-course-site.zip"


def zip_site(app: Sphinx, exception: Exception | None) -> None:
    """Offer the whole built site as one zip, for study offline (opened from disk)."""
    if exception or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    partial = outdir.parent / (SITE_ZIP + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(outdir.rglob("*")):
            if path.is_file() and path.name != SITE_ZIP and ".doctrees" not in path.parts:
                archive.write(path, Path("r2p-course") / path.relative_to(outdir))
    partial.replace(outdir / SITE_ZIP)


def content_fingerprint() -> str:
    """A hash of what the notebooks' outputs are made from: data/ and the package's Python."""
    digest = hashlib.sha256()
    for folder, pattern in ((ROOT / "data", "*"), (ROOT / "r2p_course", "*.py")):
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def cache_per_content(app: Sphinx, config: Any) -> None:
    """Re-execute the notebooks when the data they show changes.

    jupyter-cache re-runs a notebook only when its code cells change, but a widget's
    questions come from data/quizzes and a table from data/*.csv. Keying the cache folder on
    a fingerprint of data/ and the package gives a fresh cache (and, as the setting changed,
    a full re-read) exactly when that content changes; otherwise builds stay warm.
    """
    if not config.nb_execution_cache_path:
        cache = Path(app.outdir).parent / ".jupyter_cache" / f"content-{content_fingerprint()}"
        config.nb_execution_cache_path = str(cache)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", cache_per_content, priority=100)
    app.connect("config-inited", write_generated_pages)
    app.connect("config-inited", set_theme_options)
    app.connect("config-inited", use_course_templates)
    app.connect("config-inited", add_book_static)
    app.add_css_file("r2p-book.css")
    app.connect("build-finished", write_home_redirect, priority=400)  # before etoc's and the zip
    app.connect("build-finished", first_screen_css, priority=550)  # after myst-nb copies its CSS
    app.connect("build-finished", zip_site, priority=600)  # the finished pages
    app.connect("html-collect-pages", keep_instructors_out_of_search)
    app.add_transform(RawAnchorIds)
    app.connect("env-updated", strip_widget_state)
    app.connect("env-updated", write_static)
    app.connect("builder-inited", write_slides)
    app.connect("html-page-context", prepare_page_context, priority=900)
    app.setup_extension("r2p_course.launch")  # launch links on lab and chapter pages (_config.yml r2p_launch)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
