"""A page paints without waiting for the theme's stylesheets.

The theme's stylesheets weigh about 80 KB gzipped (the pydata theme's alone 66 KB) and a page
is not painted before all of them have arrived: 4.5 s on a slow phone, when the page's own
HTML and the course's script are there after 2 s. So each rendered page gets, in a ``<style>``
of its own, the rules of those stylesheets that can apply to it, and the stylesheets are then
loaded without blocking: ``media="print"`` (fetched at low priority, applied to no screen)
switched to ``all`` once every one of them has arrived, all together, so the page never shows a
mix; a ``<noscript>`` copy of each link serves a browser without scripting.

Which rules "can apply": the rule's selector names only elements, classes and ids that occur in
the page (its tags, ``class`` and ``id`` attributes) or as words in the strings of a script the
page loads (the course's widgets draw their elements, and the theme's scripts add copy buttons
and the like, often before the stylesheets have arrived). Two scripts of the theme do not count:
what they draw (menus, tooltips, the search dialog) appears when a reader clicks or types, and
counting them would put 40 KB more in every page (beyond the 1.2 MB a page may weigh).
Pseudo-classes, attribute selectors and ``:is()``/``:not()`` arguments are not looked at, so a
kept rule set errs on the side of too much. The kept rules stay in their stylesheets' order,
so until the stylesheets arrive the page's elements are styled exactly as after: no flash of
unstyled content, no jump (checked by ``tests/test_first_paint.py``). ``@import`` is
followed, and ``url()``s are rewritten for the page's folder.
"""

from __future__ import annotations

import functools
import html as html_lib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2
from tinycss2 import ast

# Marks the site's root in the cached rules; replaced per page by the way up to it ("../").
ROOT_MARK = "__r2p_site_root__/"
LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", re.IGNORECASE)
ATTRIBUTE = re.compile(r"([\w:-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
TAG = re.compile(r"<([a-zA-Z][\w-]*)")
CLASS_OR_ID = re.compile(r"\b(?:class|id)\s*=\s*\"([^\"]*)\"")
WORD = re.compile(r"[A-Za-z_][\w-]*")
JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
# The theme's scripts that draw only on a reader's action (see above).
ON_ACTION_ONLY = ("_static/scripts/bootstrap.js", "_static/scripts/pydata-sphinx-theme.js")
# Rules holding other rules: their content is filtered like a stylesheet's.
GROUPING = {"media", "supports", "container", "layer", "document"}
# Rules that apply to no element and are always kept (fonts load only when an element uses them).
KEPT = {"font-face", "keyframes", "-webkit-keyframes", "property", "counter-style", "font-feature-values", "page"}

SWAP_SCRIPT = (
    "<script>/* r2p: the theme's stylesheets below load without blocking the first paint (the\n"
    "   style above holds the rules this page's elements need) and are switched on together */\n"
    "var r2pSheets = {{ waiting: {count}, arrived() {{ if (--this.waiting === 0) "
    "document.querySelectorAll(\"link[data-r2p-deferred]\").forEach((l) => {{ l.media = \"all\"; }}); }} }};\n"
    "</script>\n"
)


@dataclass
class Rule:
    """A style rule: its selectors, each with the names it needs, and its declarations."""

    selectors: list[tuple[str, frozenset[str]]]
    body: str


@dataclass
class Group:
    """An at-rule holding rules (``@media``...), or one kept whole (``body is None``: text)."""

    prelude: str
    rules: list[Rule | Group] = field(default_factory=list)
    text: str | None = None


def needed_names(selector: list[ast.Node]) -> frozenset[str] | None:
    """The element names, classes (``.x``) and ids (``#x``) a selector needs, or None when it
    cannot be read (then the rule is kept)."""
    names = set()
    previous: ast.Node | None = None
    for token in selector:
        if token.type == "ident":
            if previous is not None and previous.type == "literal" and previous.value == ".":
                names.add("." + token.value)
            elif previous is None or previous.type == "whitespace" or (
                    previous.type == "literal" and previous.value in {">", "+", "~"}):
                names.add(token.value.lower())
            elif not (previous.type == "literal" and previous.value == ":"):
                return None
        elif token.type == "hash":
            names.add("#" + token.value)
        elif token.type not in {"literal", "whitespace", "[] block", "function", "comment"}:
            return None
        previous = token
    return frozenset(names)


def split_selectors(prelude: list[ast.Node]) -> list[list[ast.Node]]:
    """A selector list cut at its top-level commas."""
    out: list[list[ast.Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            out.append([])
        else:
            out[-1].append(token)
    return [s for s in out if any(t.type not in {"whitespace", "comment"} for t in s)]


def rewrite_urls(tokens: list[ast.Node], base: str) -> None:
    """Make each relative ``url()`` relative to the site root (``base``: the stylesheet's
    folder from the root), marked with ``ROOT_MARK``."""
    def rebase(url: str) -> str:
        if re.match(r"^(?:[a-z][\w+.-]*:|/|#)", url, re.IGNORECASE) or not url:
            return url
        return ROOT_MARK + posixpath.normpath(posixpath.join(base, url))

    for token in tokens:
        if token.type == "url":
            token.value = rebase(token.value)
            token.representation = f"url({tinycss2.serializer.serialize_url(token.value)})"
        elif token.type == "function" and token.lower_name == "url":
            for arg in token.arguments:
                if arg.type == "string":
                    arg.value = rebase(arg.value)
                    arg.representation = f'"{tinycss2.serializer.serialize_string_value(arg.value)}"'
        elif hasattr(token, "content") and isinstance(token.content, list):
            rewrite_urls(token.content, base)
        elif hasattr(token, "arguments"):
            rewrite_urls(token.arguments, base)


def declarations(content: list[ast.Node]) -> str:
    """A rule's declarations as text, less the ones no browser applies that the HTML checker
    refuses inside a page: the pydata theme writes ``transition: visibility 0s linear "0s"``
    (a quoted time, a slip of its Sass), which a transition cannot take."""
    kept: list[list[ast.Node]] = [[]]
    for token in content:
        kept[-1].append(token)
        if token.type == "literal" and token.value == ";":
            kept.append([])

    def valid(part: list[ast.Node]) -> bool:
        words = [t for t in part if t.type not in {"whitespace", "comment"}]
        return not (words and words[0].type == "ident" and words[0].lower_value.startswith("transition")
                    and any(t.type == "string" for t in words))

    return "".join(tinycss2.serialize(part) for part in kept if valid(part)).strip()


def read_rules(nodes: list[ast.Node], base: str, root: Path, seen: set[Path]) -> list[Rule | Group]:
    """The rules of a stylesheet (or of a grouping rule), urls rebased, imports followed
    (``seen``: the files read so far, added to)."""
    out: list[Rule | Group] = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = [(tinycss2.serialize(s).strip(), needed_names(s)) for s in split_selectors(node.prelude)]
            rewrite_urls(node.content, base)
            out.append(Rule([(text, names if names is not None else frozenset()) for text, names in selectors],
                            declarations(node.content)))
        elif node.type == "at-rule":
            prelude = tinycss2.serialize(node.prelude).strip()
            if node.lower_at_keyword == "import":
                target = next((t.value for t in node.prelude if t.type in {"string", "url"}), None)
                rest = [t for t in node.prelude if t.type not in {"string", "url", "whitespace"}]
                if target and not rest:  # a plain import; one with media or layer stays out
                    path = (root / base / target.split("?")[0]).resolve()
                    if path.is_file() and path not in seen:
                        seen.add(path)
                        folder = posixpath.dirname(posixpath.normpath(posixpath.join(base, target)))
                        out.extend(read_rules(parse(path), folder, root, seen))
            elif node.lower_at_keyword in GROUPING and node.content is not None:
                inner = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True, skip_comments=True)
                out.append(Group(f"@{node.at_keyword} {prelude}", read_rules(inner, base, root, seen)))
            elif node.lower_at_keyword in KEPT:
                if node.content is not None:
                    rewrite_urls(node.content, base)
                out.append(Group("", text=tinycss2.serialize([node]).strip()))
    return out


def parse(path: Path) -> list[ast.Node]:
    return tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True)


# Each stylesheet read: the files it was read from, with their times, and its rules.
_READ: dict[tuple[Path, Path], tuple[dict[Path, int], list[Rule | Group]]] = {}


def stylesheet(path: Path, root: Path) -> list[Rule | Group]:
    """A built stylesheet's rules, read again only when it or a file it imports changes."""
    known = _READ.get((path, root))
    if known and all(f.is_file() and f.stat().st_mtime_ns == t for f, t in known[0].items()):
        return known[1]
    files = {path}
    rules = read_rules(parse(path), posixpath.dirname(path.relative_to(root).as_posix()), root, files)
    _READ[path, root] = ({f: f.stat().st_mtime_ns for f in files}, rules)
    return rules


def kept_css(rules: list[Rule | Group], names: set[str]) -> str:
    """The rules whose selectors need only ``names``, each cut down to those selectors."""
    parts = []
    for rule in rules:
        if isinstance(rule, Rule):
            selectors = [text for text, needs in rule.selectors if needs <= names]
            if selectors:
                parts.append(f"{','.join(selectors)}{{{rule.body}}}")
        elif rule.text is not None:
            parts.append(rule.text)
        else:
            inner = kept_css(rule.rules, names)
            if inner:
                parts.append(f"{rule.prelude}{{{inner}}}")
    return "".join(parts)


def page_names(page: str) -> set[str]:
    """The elements, classes (``.x``) and ids (``#x``) a page's HTML has."""
    names = {tag.lower() for tag in TAG.findall(page)} | {"html", "head", "body"}
    for value in CLASS_OR_ID.findall(page):
        for word in value.split():
            names.update({"." + word, "#" + word})
    return names


@functools.lru_cache(maxsize=128)
def _script_words(path: Path, mtime_ns: int) -> frozenset[str]:
    words = {word for text in JS_STRING.findall(path.read_text(encoding="utf-8")) for word in WORD.findall(text)}
    return frozenset({w.lower() for w in words} | {"." + w for w in words} | {"#" + w for w in words})


def script_words(path: Path) -> frozenset[str]:
    """Every word in a script's strings, as an element, a class and an id (it may make any)."""
    return _script_words(path, path.stat().st_mtime_ns)


def attributes(tag: str) -> dict[str, str]:
    """A start tag's attributes (names lowercased, values unescaped)."""
    inside = re.sub(r"^<\w+|/?>$", "", tag)
    return {m.group(1).lower(): html_lib.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
            for m in ATTRIBUTE.finditer(inside)}


def local_file(href: str, page_dir: Path, root: Path) -> Path | None:
    """The file a page's relative link names, inside the site, or None."""
    if re.match(r"^(?:[a-z][\w+.-]*:|//|/)", href, re.IGNORECASE):
        return None
    path = (page_dir / href.split("?")[0].split("#")[0]).resolve()
    return path if path.is_file() and path.is_relative_to(root) else None


FIRST_SCREEN = re.compile(r"<style data-r2p-first-screen>.*?</style>\n<script>/\* r2p: .*?</script>\n", re.DOTALL)
DEFERRED = re.compile(r'<link rel="stylesheet" href="([^"]*)" media="print" data-r2p-deferred [^>]*>'
                      r'<noscript><link rel="stylesheet" href="\1"></noscript>')


def restore(page: str) -> str:
    """A page as it was before ``inline_first_screen_css`` (its stylesheets linked plainly)."""
    return DEFERRED.sub(r'<link rel="stylesheet" href="\1">', FIRST_SCREEN.sub("", page, count=1))


def inline_first_screen_css(page: str, page_file: Path, root: Path) -> str:
    """The page with its stylesheets' applicable rules inline and the stylesheets deferred.

    ``page_file``: where the page is written; ``root``: the site's folder. A page already done
    is done again from its stylesheets as they are now (the same page if they did not change).
    A page whose stylesheets cannot all be read is returned as it was (they stay blocking).
    """
    page = restore(page)
    end = page.find("</head>")
    if end < 0:
        return page
    head = page[:end]
    page_dir = page_file.parent.resolve()
    root = root.resolve()
    sheets = []  # (the link tag, its attributes, its file)
    for match in LINK.finditer(head):
        attrs = attributes(match.group(0))
        if attrs.get("rel", "").lower() != "stylesheet" or attrs.get("media", "all") not in {"all", "screen"}:
            continue
        path = local_file(attrs.get("href", ""), page_dir, root)
        if path is None:
            return page
        sheets.append((match, attrs, path))
    if not sheets:
        return page
    names = page_names(page)
    scripts = [local_file(src, page_dir, root) for src in SCRIPT_SRC.findall(page)]
    scripts += [local_file(a.get("href", ""), page_dir, root) for a in map(attributes, LINK.findall(head))
                if a.get("rel") == "preload" and a.get("as") == "script"]
    for path in set(scripts) - {None}:
        if not path.relative_to(root).as_posix().endswith(ON_ACTION_ONLY):
            names |= script_words(path)
    css = "".join(kept_css(stylesheet(path, root), names) for _, _, path in sheets)
    up = posixpath.relpath(root.as_posix(), page_dir.as_posix())
    css = css.replace(ROOT_MARK, "" if up == "." else up + "/").replace("</", "<\\/")

    out, last = [], 0
    for i, (match, attrs, _) in enumerate(sheets):
        out.append(page[last:match.start()])
        if i == 0:
            out.append(f"<style data-r2p-first-screen>{css}</style>\n{SWAP_SCRIPT.format(count=len(sheets))}")
        href = html_lib.escape(attrs["href"])
        out.append(f'<link rel="stylesheet" href="{href}" media="print" data-r2p-deferred '
                   f'onload="r2pSheets.arrived()" onerror="r2pSheets.arrived()">'
                   f'<noscript><link rel="stylesheet" href="{href}"></noscript>')
        last = match.end()
    out.append(page[last:])
    return "".join(out)
