"""The course's front-end files, assembled: one self-contained module or script per widget and page.

The JavaScript in ``widgets/static/`` is written as real ES modules: each file imports what it
uses from its siblings (``import { el } from "./shared.js";``) and exports what others use.
JupyterLab takes a widget's front end as one string (``_esm``), and the website must also work
opened from disk, where browsers refuse module imports; so this module resolves those imports
itself, for the course's own files only (no bundler):

- :func:`module_source`: the files a widget needs, each once, dependencies first, with their
  ``import`` lines dropped and their ``export`` keywords removed, then the entry's exports;
- :func:`script_source`: the same code as a classic script, whose exports are registered in
  ``window.r2pWidgets`` (what the site's loader and pages read).

It fails with a clear error on what it cannot honour: a name imported but not exported by the
file named, an exported name the file never defines, a name defined by two files of one bundle,
an import cycle, or an ``import``/``export`` form it does not read. ``make test`` runs ESLint
(``eslint.config.js``) on the same files for names used but never defined or imported.

It also writes the site's copies (``_static/r2p/``): the widgets, the loader, the "Class
results" and "My progress" pages with their data, and the stylesheets.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import paths

WIDGET_NAMES = ("pillar-quiz", "choice-quiz", "coercion-sorter")
# Pages that are not widgets but share the widgets' code: the website's "Class results" page
# (book/instructors/class-results.md) and "My progress" (book/my-progress.md).
PAGE_SCRIPTS = ("class-results", "my-progress")

NAMES = r"((?:[\w$]+, ?)*[\w$]+)"  # a, b, c: no renaming ("a as b")
IMPORT = re.compile(r'import \{ ?' + NAMES + r' ?\} from "\./([\w.-]+\.js)";')
EXPORT_LIST = re.compile(r"export \{ ?" + NAMES + r" ?\};")
EXPORT_DEFAULT = re.compile(r"export default (.+);")
EXPORT_DECLARATION = re.compile(r"export ((?:async )?function\*? |const |let |class )")
# A top-level declaration: the course's files keep top-level code at the start of the line.
DECLARATION = re.compile(r"(?:export )?(?:async )?(?:function\*?|const|let|var|class) ([\w$]+)")


class AssemblyError(ValueError):
    """A front-end file the assembler cannot honour; the message names the file and the name."""


@dataclass
class Source:
    """One JavaScript file, read: its imports, its exports and its code without either."""

    name: str
    imports: list[tuple[str, list[str]]] = field(default_factory=list)  # (file, names)
    exports: list[str] = field(default_factory=list)
    default: str | None = None
    declared: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def parse(name: str, text: str) -> Source:
    """Read one module's imports, exports and top-level declarations."""
    source = Source(name)
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        if line.startswith("import"):
            m = IMPORT.fullmatch(line.strip())
            if not m:
                raise AssemblyError(f'{where}: write imports as one line, import {{ a, b }} from "./file.js"; '
                                    f"(no renaming, no default import): {line.strip()}")
            source.imports.append((m.group(2), _names(m.group(1))))
            continue
        if line.startswith("export"):
            if m := EXPORT_LIST.fullmatch(line.strip()):
                source.exports += _names(m.group(1))
                continue
            if m := EXPORT_DEFAULT.fullmatch(line.strip()):
                source.default = m.group(1)
                continue
            if not EXPORT_DECLARATION.match(line):
                raise AssemblyError(f"{where}: an export the assembler does not read: {line.strip()}")
        if m := DECLARATION.match(line):
            source.declared.append(m.group(1))
            if line.startswith("export "):
                source.exports.append(m.group(1))
                line = EXPORT_DECLARATION.sub(r"\1", line, count=1)
        source.body.append(line)
    imported = {n for _, names in source.imports for n in names}
    for exported in source.exports:
        if exported not in source.declared and exported not in imported:
            raise AssemblyError(f"{name} exports {exported!r}, which it neither defines nor imports")
    return source


def read_sources(static: Path, generated: Mapping[str, str] | None = None) -> dict[str, Source]:
    """Every module in ``static`` (and the build's ``generated`` ones), read."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(static.glob("*.js"))}
    texts.update(generated or {})
    return {name: parse(name, text) for name, text in texts.items()}


def bundle(entry: str, sources: Mapping[str, Source]) -> list[Source]:
    """The files ``entry`` needs, each once, every file after those it imports from."""
    ordered: list[Source] = []
    visiting: list[str] = []

    def visit(name: str, wanted_by: str | None) -> None:
        if any(s.name == name for s in ordered):
            return
        if name in visiting:
            raise AssemblyError(f"import cycle: {' -> '.join([*visiting[visiting.index(name):], name])}")
        if name not in sources:
            raise AssemblyError(f"{wanted_by} imports from {name}, which does not exist" if wanted_by
                                else f"no front-end file {name}")
        visiting.append(name)
        source = sources[name]
        for target, names in source.imports:
            visit(target, name)
            missing = [n for n in names if n not in sources[target].exports]
            if missing:
                raise AssemblyError(f"{name} imports {', '.join(missing)} from {target}, "
                                    f"which does not export {'it' if len(missing) == 1 else 'them'}")
        visiting.pop()
        ordered.append(source)

    visit(entry, None)
    owner: dict[str, str] = {}
    for source in ordered:
        for declared in source.declared:
            if declared in owner:
                raise AssemblyError(f"{declared!r} is defined by both {owner[declared]} and {source.name}, "
                                    f"which {entry} joins into one scope: rename one")
            owner[declared] = source.name
    return ordered


def _compact(text: str, comment: str) -> str:
    """Drop whole-line comments, indentation and blank lines: the page weighs less.

    Safe for the course's sources, which keep no multi-line strings.
    """
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(comment)) + "\n"


def _only_constants(source: Source) -> bool:
    """True for a file of one-line constants only (such as the generated rules.js)."""
    code = [line for line in source.body if line.strip() and not line.startswith("//")]
    return not source.imports and all(re.fullmatch(r"const [\w$]+ = .*;", line) for line in code)


def _body(source: Source, parts: list[Source]) -> list[str]:
    """A file's code in a bundle; of a constants-only file, just the constants imported."""
    if not _only_constants(source):
        return source.body
    wanted = {n for s in parts for target, names in s.imports if target == source.name for n in names}
    return [line for line in source.body if (m := DECLARATION.match(line)) and m.group(1) in wanted]


def _assemble(entry: str, generated: Mapping[str, str] | None = None) -> tuple[str, Source]:
    sources = read_sources(paths.STATIC_DIR, generated)
    parts = bundle(entry, sources)
    return _compact("\n".join("\n".join(_body(s, parts)) for s in parts), "//"), parts[-1]


def module_source(name: str) -> str:
    """One widget's (or page's) self-contained ES module, as JupyterLab's ``_esm`` takes it."""
    code, entry = _assemble(f"{name}.js")
    tail = ""
    if entry.default:
        tail += f"export default {entry.default};\n"
    if entry.exports:
        tail += f"export {{ {', '.join(entry.exports)} }};\n"
    return code + tail


def script_source(name: str, generated: Mapping[str, str] | None = None) -> str:
    """The site's copy: the same code as a classic script, registering its exports in
    ``window.r2pWidgets[name]`` (browsers refuse module imports from ``file://``)."""
    code, entry = _assemble(f"{name}.js", generated)
    exports = ([f"default: {entry.default}"] if entry.default else []) + entry.exports
    registration = f'(window.r2pWidgets ||= {{}})["{name}"] = {{ {", ".join(exports)} }};\n' if exports else ""
    return '(function () {\n"use strict";\n' + code + registration + "})();\n"


def style_source(name: str) -> str:
    """One widget's stylesheet: shared.css and the widget's own file if it has one."""
    own = paths.STATIC_DIR / f"{name}.css"
    extra = own.read_text(encoding="utf-8") if own.exists() else ""
    css = (paths.STATIC_DIR / "shared.css").read_text(encoding="utf-8") + "\n" + extra
    return _compact(re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL), "//")


def digest(texts: Iterable[str]) -> str:
    """A short hash of files' contents: the ``?v=`` that keeps browsers from a stale copy."""
    return hashlib.sha256("".join(texts).encode()).hexdigest()[:10]


def _front_ends() -> dict[str, str]:
    files: dict[str, str] = {}
    for name in WIDGET_NAMES:
        files[f"{name}.js"] = script_source(name)
        files[f"{name}.css"] = style_source(name)
    return files


def assets_version() -> str:
    """A hash of the widgets' site files: the ``?v=`` the loader (and page preloads) ask for."""
    return digest(_front_ends().values())


def widget_files() -> dict[str, str]:
    """The site's copies of the widgets' front ends and the loader.

    The loader imports ``ASSETS_VERSION`` from ``assets-version.js``, a module made here (no
    such file exists): the hash of the widgets' files, so browsers never keep a stale copy.
    """
    files = _front_ends()
    version = f'export const ASSETS_VERSION = "{digest(files.values())}";\n'
    files["loader.js"] = script_source("loader", {"assets-version.js": version})
    return files


def page_files() -> dict[str, str]:
    """The "Class results" and "My progress" pages' files: each page's script (started once the
    page is parsed) and stylesheet, and their data as scripts (not JSON, so the pages work
    opened from disk too): the course's questions as ``window.r2pCourse``, and the questions'
    objectives and pages as ``window.r2pProgressData``."""
    from .progress_summary import progress_data_script
    from .results import course_data

    files: dict[str, str] = {}
    for name in PAGE_SCRIPTS:
        files[f"{name}.js"] = script_source(name) + f'window.r2pWidgets["{name}"].default.start();\n'
        files[f"{name}.css"] = style_source(name)
    data = json.dumps(course_data(), ensure_ascii=False, separators=(",", ":"))
    files["course-data.js"] = f"window.r2pCourse = {data};\n"
    files["progress-data.js"] = progress_data_script()
    # data/examples/, for "Try it with the example class" (loaded only when asked for)
    examples = [{"name": p.name, "text": p.read_text(encoding="utf-8")}
                for p in sorted(paths.EXAMPLES_DIR.glob("*.json"))]
    files["example-class.js"] = f"window.r2pExampleClass = {json.dumps(examples, ensure_ascii=False)};\n"
    return files


def static_files() -> dict[str, str]:
    """Every file the site gets in ``_static/r2p/``: the widgets' and the pages'."""
    return {**widget_files(), **page_files()}
