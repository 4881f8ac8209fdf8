"""The course's anywidget widgets: PillarQuiz, CoercionSorter and ChoiceQuiz.

Each widget shows the questions of one quiz bank (``data/quizzes/<bank>.yml``) of its type.
All answer checking runs in the widget's JavaScript, so the same widget works in JupyterLab
and, from the state saved in the page, on the static website. What persists is the one
synced trait ``answers``; in JupyterLab this module writes it to the progress file.

Front ends live in ``static/`` as ES modules that import from each other (grading.js,
shared.js, bank.js...); :mod:`r2p_course.assets` resolves those imports into one
self-contained module per widget (``_esm``) and writes the website's copies.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

from .. import COURSE_ID, __version__
from ..assets import WIDGET_NAMES, module_source, style_source
from ..paths import book_config
from ..progress import ExportFormatError, ProgressStore, progress_path
from ..quiz import client_question, get_bank
from ..rules import KIND_EXPORT, KIND_IMPORT, KIND_IMPORTED, KIND_RESET

_live: weakref.WeakSet[_BankWidget] = weakref.WeakSet()
_store: ProgressStore | None = None


def site_url() -> str:
    """The course website's address, from ``_config.yml`` (``html.baseurl``)."""
    return str(book_config().get("html", {}).get("baseurl", "")).rstrip("/") + "/"


def report_url() -> str:
    """Where the widgets' paragraph links point in JupyterLab.

    The course's report page, relative to the kernel's folder (the notebook's), found by
    looking up from there for the course's root (``_toc.yml`` beside ``book/report.md``):
    JupyterLab then opens the report at the paragraph. A notebook away from any copy of the
    course links to the hosted website instead.
    """
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        local = folder / "book" / "report.md"
        if local.is_file() and (folder / "_toc.yml").is_file():
            return Path(os.path.relpath(local, here)).as_posix()
    return site_url() + "book/report.html"


def store() -> ProgressStore:
    """The progress file of this kernel, read once (again if ``$R2P_PROGRESS`` changes)."""
    global _store
    if _store is None or _store.path != progress_path():
        _store = ProgressStore()
    return _store


class _BankWidget(anywidget.AnyWidget):
    """Common part: questions from a bank, answers synced and saved."""

    widget_name: ClassVar[str]
    question_type: ClassVar[str | tuple[str, ...]]  # the question type(s) the widget shows

    _r2p_widget = traitlets.Unicode().tag(sync=True)
    bank = traitlets.Unicode().tag(sync=True)
    title = traitlets.Unicode().tag(sync=True)
    questions = traitlets.List().tag(sync=True)
    # a staged scenario's narrative per stage ({title, text}); empty for other banks
    stages = traitlets.List().tag(sync=True)
    answers = traitlets.Dict().tag(sync=True)
    # the bank's mode: "practice" (feedback at each Check) or "check" (one "Submit answers" for
    # the whole set, no feedback before it); the site's saved state carries it too
    mode = traitlets.Unicode("practice").tag(sync=True)
    report_url = traitlets.Unicode().tag(sync=True)
    course = traitlets.Dict().tag(sync=True)
    # the name the learner typed for their trainer, kept in the progress file (None: none)
    alias = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    # the progress file's learner id: it seeds the learner's own order of options and tools
    # (order.js), the same order the website shows for the same id; on the website the loader
    # sets it from the browser's learner id
    learner_id = traitlets.Unicode().tag(sync=True)
    # the bank's fixed_order: true keeps every question's written order (a question may say so too)
    fixed_order = traitlets.Bool(False).tag(sync=True)

    def __init__(self, bank: str, ids: list[str] | None = None, title: str | None = None) -> None:
        loaded = get_bank(bank)
        types = (self.question_type,) if isinstance(self.question_type, str) else self.question_type
        chosen = [q for q in loaded.questions if q["type"] in types]
        if ids is not None:
            unknown = [i for i in ids if i not in loaded.by_id]
            if unknown:
                raise KeyError(f"no question {unknown} in bank {bank!r}")
            chosen = [loaded.by_id[i] for i in ids]
        if not chosen:
            raise ValueError(f"bank {bank!r} has no {' or '.join(map(repr, types))} questions")
        questions = [client_question(q) for q in chosen]
        saved = store().answers
        super().__init__(
            _r2p_widget=self.widget_name,
            bank=bank,
            title=title if title is not None else loaded.title,
            questions=questions,
            # a chosen subset of questions is shown without stages (they could not all open)
            stages=loaded.stages if ids is None else [],
            answers={q["id"]: saved[q["id"]] for q in questions if q["id"] in saved},
            mode=loaded.mode,
            report_url=report_url(),
            course={"id": COURSE_ID, "version": __version__},
            alias=store().alias,
            learner_id=store().keep_learner_id(),
            fixed_order=loaded.fixed_order,
        )
        self.observe(self._save, names="answers")
        self.observe(self._keep_alias, names="alias")
        self.on_msg(self._on_message)
        _live.add(self)

    def __repr__(self) -> str:
        # What JupyterLab shows in place of an exercise whose cell has not been run yet.
        count = len(self.questions)
        return (f"Exercise from the bank {self.bank!r} ({count} question{'s' if count != 1 else ''}): "
                "run this cell (Shift+Enter) to show it.")

    @property
    def question_ids(self) -> list[str]:
        return [q["id"] for q in self.questions]

    def _save(self, change: dict[str, Any]) -> None:
        store().update(self.question_ids, change["new"])

    def _keep_alias(self, change: dict[str, Any]) -> None:
        """Keep the name typed in one widget's "My answers" and show it in every other one."""
        store().set_alias(change["new"])
        for widget in list(_live):
            if widget is not self and widget.alias != store().alias:
                widget.alias = store().alias

    def _on_message(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        """Export, import and reset, asked for by the front end's "My answers" tools."""
        kind = content.get("kind")
        if kind == KIND_EXPORT:
            # the name typed in "My answers", if any, goes in the downloaded file as `alias`
            self.send({"kind": KIND_EXPORT, "data": store().export(alias=content.get("alias"))})
        elif kind == KIND_IMPORT:
            try:
                count = store().merge(content.get("data"))
            except ExportFormatError as exc:
                self.send({"kind": KIND_IMPORTED, "count": 0, "error": str(exc)})
                return
            _refresh_all()
            self.send({"kind": KIND_IMPORTED, "count": count})
        elif kind == KIND_RESET:
            store().reset()
            _refresh_all()
            self.send({"kind": KIND_RESET})


def _refresh_all() -> None:
    """Show every live widget the stored answers (after an import or a reset)."""
    saved = store().answers
    for widget in list(_live):
        widget.answers = {q: saved[q] for q in widget.question_ids if q in saved}
        widget.alias = store().alias


class PillarQuiz(_BankWidget):
    """Scenarios to classify into pillars one, two and three (any combination)."""

    widget_name = "pillar-quiz"
    _esm = module_source(widget_name)
    _css = style_source(widget_name)
    question_type = "pillars"


class ChoiceQuiz(_BankWidget):
    """Single or multiple choice questions with per-option feedback; a staged bank shows
    stage by stage (each stage once the one before is answered), with "Start again"."""

    widget_name = "choice-quiz"
    _esm = module_source(widget_name)
    _css = style_source(widget_name)
    question_type = "choice"


class CoercionSorter(_BankWidget):
    """Sort the report's tools by coercion: in order from least to most coercive (``order``
    questions) or into the three tiers (``tiers`` questions); graded by tier."""

    widget_name = "coercion-sorter"
    _esm = module_source(widget_name)
    _css = style_source(widget_name)
    question_type = ("order", "tiers")


__all__ = ["PillarQuiz", "CoercionSorter", "ChoiceQuiz", "WIDGET_NAMES"]
