"""Launch links: open a lab or chapter page in JupyterLab on Binder or on a JupyterHub.

Workshops set them in ``_config.yml``, under ``sphinx: config: r2p_launch:`` (documented
there); a setting left empty gives no link. The links are plain ``<a>`` elements added to the
page body after its title, not Jupyter Book's launch buttons, which stay off: those load
scripts from outside the site.

The JupyterHub link is an nbgitpuller link: the hub clones (or updates) the course into the
learner's home, in the folder ``targetpath``, then opens the page in JupyterLab. The same
function, :func:`hub_link`, makes the link on the pages, the one ``r2p-course hub-link``
prints for any hub, and the one the workshop rehearsal test follows.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from .paths import ROOT, book_config

DEFAULTS: dict[str, str] = {
    "repository": "",  # a git URL the hub can clone; a GitHub one also gives the Binder link
    "branch": "main",
    "binder_url": "",  # e.g. https://mybinder.org
    "hub_url": "",  # e.g. https://hub.example.org
    "targetpath": "",  # the course's folder in each learner's home; default: the repository's name
}
START_PAGE = "book/intro.md"
BINDER_TEXT = "Open in JupyterLab on Binder"
HUB_TEXT = "Open on your JupyterHub"
# owner/name, or https://github.com/owner/name(.git)
GITHUB = re.compile(r"(?:https://github\.com/)?([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+?)(?:\.git)?/?")
# lab pages and chapter pages (by Sphinx document name)
LAUNCHABLE = re.compile(r"notebooks/[^/]+|book/\d\d-[^/]+")


def _web_address(url: str, what: str) -> str:
    """The address without a trailing slash; ValueError unless it is http(s) with a host."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} must be a web address starting with https:// (got {url!r})")
    return url.strip().rstrip("/")


def github_repository(repository: str) -> tuple[str, str] | None:
    """(owner, name) when the repository is on GitHub (Binder's ``gh`` provider), else None."""
    m = GITHUB.fullmatch(repository.strip())
    return (m.group(1), m.group(2)) if m else None


def clone_url(repository: str) -> str:
    """What ``git clone`` needs: ``owner/name`` becomes its GitHub address; others stay as given."""
    repository = repository.strip()
    if "://" not in repository and not repository.startswith("git@") and github_repository(repository):
        owner, name = github_repository(repository)  # type: ignore[misc]
        return f"https://github.com/{owner}/{name}"
    return repository


def default_targetpath(repository: str) -> str:
    """The folder git itself would clone into: the repository's last path part, less ``.git``."""
    name = re.split(r"[/:]", repository.strip().rstrip("/"))[-1].removesuffix(".git")
    return name or "r2p-course"


def _relative(path: str, what: str) -> str:
    """A path inside the course (or the learner's home): no leading slash, no '..'."""
    path = path.strip().strip("/")
    if not path or ".." in path.split("/"):
        raise ValueError(f"{what} must be a relative path without '..' (got {path!r})")
    return path


def hub_link(hub: str, repo: str, branch: str = "main", path: str = START_PAGE,
             targetpath: str | None = None) -> str:
    """The nbgitpuller link that pulls ``repo`` into ``targetpath`` and opens ``path`` in JupyterLab.

    ``hub`` is the hub's address (a pasted ``.../hub/home`` is trimmed to the hub's base).
    Every parameter is URL-encoded; ``targetpath`` is always given, so the folder (and so
    ``urlpath``) does not depend on how the hub's nbgitpuller names clones.
    """
    parts = urlsplit(_web_address(hub, "the hub address"))
    prefix = re.sub(r"/hub(/.*)?$", "", parts.path).rstrip("/")  # a pasted .../hub/home
    base = f"{parts.scheme}://{parts.netloc}{prefix}"
    repo = clone_url(repo)
    if not repo:
        raise ValueError("the repository to pull is not set: give --repo (or set repository in _config.yml)")
    target = _relative(targetpath or default_targetpath(repo), "targetpath")
    page = _relative(path, "the page's path")
    params = {"repo": repo, "branch": branch.strip() or "main",
              "urlpath": f"lab/tree/{target}/{page}", "targetpath": target}
    return f"{base}/hub/user-redirect/git-pull?{urlencode(params, quote_via=quote, safe='')}"


def binder_link(binder: str, repository: str, branch: str = "main", path: str = START_PAGE) -> str | None:
    """The Binder link that opens ``path`` in JupyterLab; None unless the repository is on GitHub."""
    found = github_repository(repository)
    if found is None:
        return None
    owner, name = found
    ref = quote(branch.strip() or "main", safe="")
    urlpath = quote(f"lab/tree/{_relative(path, 'the page path')}", safe="/")
    return f"{_web_address(binder, 'binder_url')}/v2/gh/{owner}/{name}/{ref}?urlpath={urlpath}"


def settings(raw: dict[str, Any] | None) -> dict[str, str]:
    """The launch settings with defaults filled in; ValueError on an unknown key."""
    raw = raw or {}
    unknown = sorted(set(raw) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"r2p_launch: unknown setting(s) {unknown}; known: {sorted(DEFAULTS)}")
    return {key: str(raw.get(key) or default) for key, default in DEFAULTS.items()}


def page_links(config: dict[str, Any] | None, docname: str, source: str) -> list[tuple[str, str]]:
    """(text, address) of each launch link for a page; none for pages other than labs and chapters.

    ``docname`` is Sphinx's name of the page (``notebooks/02-which-pillar``), ``source`` its
    file in the repository (``notebooks/02-which-pillar.ipynb``).
    """
    options = settings(config)
    if not LAUNCHABLE.fullmatch(docname) or not options["repository"]:
        return []
    links = []
    if options["binder_url"]:
        binder = binder_link(options["binder_url"], options["repository"], options["branch"], source)
        if binder:
            links.append((BINDER_TEXT, binder))
    if options["hub_url"]:
        links.append((HUB_TEXT, hub_link(options["hub_url"], options["repository"], options["branch"],
                                         source, options["targetpath"] or None)))
    return links


def links_html(links: list[tuple[str, str]]) -> str:
    """The links as one paragraph of plain anchors (keyboard-reachable, no script)."""
    anchors = " · ".join(f'<a href="{escape(url)}">{escape(text)}</a>' for text, url in links)
    return f'<p class="r2p-launch">{anchors}</p>\n'


def inject_links(body: str, links: list[tuple[str, str]]) -> str:
    """The page body with the launch links right after its title (at the top if it has none)."""
    if not links:
        return body
    html = links_html(links)
    end = body.find("</h1>")
    if end < 0:
        return html + body
    end += len("</h1>")
    return body[:end] + "\n" + html + body[end:]


def configured(root: Path = ROOT) -> dict[str, Any]:
    """The ``r2p_launch`` block of ``_config.yml`` as written (empty when absent)."""
    config = book_config(root)
    return ((config.get("sphinx") or {}).get("config") or {}).get("r2p_launch") or {}


def print_hub_link(hub: str, repo: str | None, branch: str | None, path: str, targetpath: str | None) -> int:
    """``r2p-course hub-link``: print the link; settings not given come from ``_config.yml``."""
    import sys

    try:
        options = settings(configured())
        link = hub_link(hub, repo or options["repository"], branch or options["branch"], path,
                        targetpath or options["targetpath"] or None)
    except ValueError as exc:
        print(f"r2p-course hub-link: {exc}", file=sys.stderr)
        return 2
    if not (ROOT / path.strip().strip("/")).exists():
        print(f"r2p-course hub-link: note: {path} is not a file or folder of this copy of the course",
              file=sys.stderr)
    print(link)
    return 0


# ---------------------------------------------------------------- Sphinx wiring


def check_settings(app: Any, config: Any) -> None:
    """Fail early (a build warning, fatal under -W) on settings that would give broken links."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    try:
        options = settings(config.r2p_launch)
        if options["hub_url"]:
            hub_link(options["hub_url"], options["repository"], options["branch"], START_PAGE,
                     options["targetpath"] or None)
        if options["binder_url"]:
            if not binder_link(options["binder_url"], options["repository"], options["branch"]):
                raise ValueError("r2p_launch: Binder links need repository to be a GitHub repository "
                                 f"(owner/name or https://github.com/owner/name), got {options['repository']!r}")
    except ValueError as exc:
        logger.warning(f"r2p_launch in _config.yml: {exc}")


def add_launch_links(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Put the launch links at the top of each lab and chapter page."""
    if "body" not in context or doctree is None:
        return
    try:
        source = Path(app.env.doc2path(pagename, base=False)).as_posix()
        links = page_links(app.config.r2p_launch, pagename, source)
    except ValueError:
        return  # already reported by check_settings
    context["body"] = inject_links(context["body"], links)


def setup(app: Any) -> dict[str, Any]:
    """Register ``r2p_launch`` (a change rebuilds the pages) and the page hook."""
    app.add_config_value("r2p_launch", dict(DEFAULTS), "html", types=[dict])
    app.connect("config-inited", check_settings)
    app.connect("html-page-context", add_launch_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
