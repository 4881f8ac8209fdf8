"""Sphinx extension for the course book (listed in ``_config.yml``).

- ``{para}`31``` (also ``{para}`12-13``` or ``{para}`31,32```) links to the report reader's
  anchor ``#para-31``; a paragraph that does not exist is a build warning (so ``-W`` fails).
- The ``glossary-table`` directive renders data/glossary.csv, one anchor per term.
- The ``report-reader`` directive renders the whole report from ``data/report/`` with one
  anchor per paragraph (``para-N``) and per footnote (``footnote-N``).
- Widget pages: the saved widget state loses its ``_esm``/``_css`` (the loader imports the
  site's current files instead) and any answers (none may reach the website), and on every
  build the widgets' front ends are written to ``_static/r2p/``, so the site never serves a
  stale copy even when no page changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .data import N_PARAGRAPHS, load_footnotes, load_glossary, load_paragraphs
from .paths import REPORT_DIR, ROOT

logger = logging.getLogger(__name__)
REPORT_DOC = "book/report"
LESSON_SPLIT = re.compile(r" (?=(?:One|Two|Three|Four|Five)\. (?=[A-Z]))")


def parse_citation(text: str) -> list[int]:
    """'31' -> [31]; '12-13' -> [12, 13]; '31,32' -> [31, 32]. ValueError if malformed."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip()):
        m = re.fullmatch(r"(\d+)(?:\s*[-–]\s*(\d+))?", part)
        if not m:
            raise ValueError(f"not a paragraph citation: {text!r}")
        start = int(m.group(1))
        end = int(m.group(2) or start)
        if end < start:
            raise ValueError(f"range runs backwards: {text!r}")
        numbers += range(start, end + 1)
    bad = [n for n in numbers if not 1 <= n <= N_PARAGRAPHS]
    if bad:
        raise ValueError(f"the report has no paragraph {bad[0]} (it has 1-{N_PARAGRAPHS})")
    return numbers


def para_role(name, rawtext, text, lineno, inliner, options=None, content=None):  # noqa: ANN001
    """Link a paragraph citation to the report reader."""
    env = inliner.document.settings.env
    try:
        numbers = parse_citation(text)
    except ValueError as exc:
        msg = inliner.reporter.warning(f"{{para}} citation: {exc}", line=lineno)
        return [nodes.inline(rawtext, text)], [msg]
    uri = env.app.builder.get_relative_uri(env.docname, REPORT_DOC)
    label = ("paras " if len(numbers) > 1 else "para ") + text.strip().replace("-", "–")
    ref = nodes.reference(rawtext, label, refuri=f"{uri}#para-{numbers[0]}", classes=["r2p-para"])
    return [ref], []


class ReportReader(SphinxDirective):
    """The whole report, section by section, from data/report/."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        # re-read this page when the report's tables (or this code) change
        for path in (REPORT_DIR / "paragraphs.csv", REPORT_DIR / "footnotes.csv", Path(__file__)):
            self.env.note_dependency(str(path))
        paragraphs = load_paragraphs()
        footnotes = load_footnotes()
        markers = footnotes.groupby("paragraph").footnote.apply(list).to_dict()
        out: list[nodes.Node] = []
        section = nodes.section()
        current = ""
        for row in paragraphs.itertuples():
            if row.section != current:
                current = row.section
                section = nodes.section(ids=[f"section-{row.section.lower()}"])
                section += nodes.title(text=f"{row.section}. {row.section_title}")
                out.append(section)
            intro, *lessons = LESSON_SPLIT.split(row.text)
            para = nodes.paragraph(ids=[f"para-{row.paragraph}"], classes=["r2p-report-para"])
            para += nodes.reference(
                "", f"{row.paragraph}.", refuri=f"#para-{row.paragraph}", classes=["r2p-para-number"]
            )
            para += nodes.Text(" " + intro)
            for number in markers.get(row.paragraph, []):
                para += nodes.Text(" ")
                para += nodes.reference(
                    "", f"[footnote {number}]", refuri=f"#footnote-{number}", classes=["r2p-fn-ref"]
                )
            section += para
            if lessons:  # para 20's five lessons, a list in the published report
                items = nodes.bullet_list()
                for lesson in lessons:
                    items += nodes.list_item("", nodes.paragraph(text=lesson))
                section += items
        notes = nodes.section(ids=["footnotes"])
        notes += nodes.title(text="Footnotes")
        for row in footnotes.itertuples():
            note = nodes.paragraph(ids=[f"footnote-{row.footnote}"])
            note += nodes.strong(text=f"{row.footnote}. ")
            note += nodes.Text(row.text + " (marker in ")
            note += nodes.reference("", f"para {row.paragraph}", refuri=f"#para-{row.paragraph}")
            note += nodes.Text(")")
            notes += note
        out.append(notes)
        return out


class GlossaryTable(SphinxDirective):
    """The glossary from data/glossary.csv: each term with an anchor and its paragraphs."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(ROOT / "data" / "glossary.csv"))
        report = self.env.app.builder.get_relative_uri(self.env.docname, REPORT_DOC)
        terms = nodes.definition_list(classes=["r2p-glossary"])
        glossary = load_glossary()
        for row in glossary.sort_values("term", key=lambda s: s.str.lower()).itertuples():
            slug = re.sub(r"[^a-z0-9]+", "-", row.term.lower()).strip("-")
            item = nodes.definition_list_item(ids=[f"term-{slug}"])
            item += nodes.term(text=row.term)
            body = nodes.definition()
            body += nodes.paragraph(text=row.definition)
            cite = nodes.paragraph(classes=["r2p-cite"])
            cite += nodes.Text("Report, paras " if len(row.paragraphs) > 1 else "Report, para ")
            for i, number in enumerate(row.paragraphs):
                if i:
                    cite += nodes.Text(", ")
                cite += nodes.reference("", str(number), refuri=f"{report}#para-{number}")
            body += cite
            item += body
            terms += item
        return [terms]


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
        for model in models.values():
            if _is_ours(model):
                for key in ("_esm", "_css"):
                    model["state"].pop(key, None)
                model["state"]["answers"] = {}
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
    from .widgets import static_files

    target = Path(app.outdir) / "_static" / "r2p"
    target.mkdir(parents=True, exist_ok=True)
    for name, text in static_files().items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def tidy_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:  # noqa: ANN001
    """Keep pages offline and free of console errors.

    sphinx-thebe (always loaded by Jupyter Book) declares its config twice on each page (a
    JavaScript error) and points at a CDN; the course has no live-code launch, so its scripts
    go. The theme logs an error when no colour mode is set; the course defaults to light.
    """
    context["script_files"] = [
        js for js in context.get("script_files", [])
        if "thebe" not in str(js) and "THEBE_JS_URL" not in str(getattr(js, "attributes", {}).get("body", ""))
    ]
    context["css_files"] = [css for css in context.get("css_files", []) if "thebe" not in str(css)]
    if not context.get("default_mode"):
        context["default_mode"] = "light"


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
    app.add_role("para", para_role)
    app.add_directive("report-reader", ReportReader)
    app.add_directive("glossary-table", GlossaryTable)
    app.connect("env-updated", strip_widget_state)
    app.connect("env-updated", write_static)
    app.connect("html-page-context", tidy_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
