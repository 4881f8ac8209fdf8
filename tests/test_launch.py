"""Launch links: the Binder and nbgitpuller addresses, where they appear, and the hub-link command."""

from __future__ import annotations

import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from r2p_course import launch
from r2p_course.cli import main
from r2p_course.launch import binder_link, hub_link, inject_links, page_links

ROOT = Path(__file__).resolve().parent.parent
REPO = "https://github.com/OWNER/r2p-course"
SETTINGS = {"repository": REPO, "branch": "main", "binder_url": "https://mybinder.org/",
            "hub_url": "https://hub.example.org"}


def test_hub_link_is_an_encoded_nbgitpuller_link() -> None:
    link = hub_link("https://hub.example.org/", REPO, "main", "notebooks/02-which-pillar.ipynb")
    assert link == (
        "https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2FOWNER%2Fr2p-course"
        "&branch=main&urlpath=lab%2Ftree%2Fr2p-course%2Fnotebooks%2F02-which-pillar.ipynb&targetpath=r2p-course"
    )


def test_hub_link_parameters_survive_decoding() -> None:
    """What the hub's nbgitpuller reads back: the clone URL, the folder, and the page under it."""
    link = hub_link("https://example.org/jupyter/hub/home", "file:///tmp/a b&c/course.git", "work/x",
                    "book/intro.md", "my course")
    parts = urlsplit(link)
    assert parts.path == "/jupyter/hub/user-redirect/git-pull"  # a pasted .../hub/home is trimmed
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {"repo": ["file:///tmp/a b&c/course.git"], "branch": ["work/x"],
                     "urlpath": ["lab/tree/my course/book/intro.md"], "targetpath": ["my course"]}
    # the default folder is the repository's name, as git would clone it
    default = parse_qs(urlsplit(hub_link("https://h.org", "git@example.org:me/course.git")).query)
    assert default["targetpath"] == ["course"] and default["urlpath"] == ["lab/tree/course/book/intro.md"]


def test_hub_link_refuses_what_would_give_a_broken_link() -> None:
    for hub, repo, path in [("hub.example.org", REPO, "book/intro.md"), ("https://h.org", "", "book/intro.md"),
                            ("https://h.org", REPO, "../etc/passwd")]:
        with pytest.raises(ValueError):
            hub_link(hub, repo, "main", path)
    # owner/name is a GitHub repository
    assert "repo=https%3A%2F%2Fgithub.com%2Fowner%2Fname&" in hub_link("https://h.org", "owner/name")


def test_binder_link_needs_a_github_repository() -> None:
    assert binder_link("https://mybinder.org/", REPO, "main", "book/01-genesis.myst") == (
        "https://mybinder.org/v2/gh/OWNER/r2p-course/main?urlpath=lab/tree/book/01-genesis.myst")
    assert binder_link("https://mybinder.org", "OWNER/r2p-course.git", "release/1", "book/intro.md") == (
        "https://mybinder.org/v2/gh/OWNER/r2p-course/release%2F1?urlpath=lab/tree/book/intro.md")
    assert binder_link("https://mybinder.org", "https://gitlab.com/OWNER/r2p-course", "main") is None


def test_links_only_on_labs_and_chapters_and_only_when_set() -> None:
    lab = page_links(SETTINGS, "notebooks/02-which-pillar", "notebooks/02-which-pillar.ipynb")
    assert [text for text, _ in lab] == ["Open in JupyterLab on Binder", "Open on your JupyterHub"]
    assert lab[1][1] == hub_link("https://hub.example.org", REPO, "main", "notebooks/02-which-pillar.ipynb")
    chapter = page_links(SETTINGS, "book/01-genesis", "book/01-genesis.myst")
    assert chapter[0][1].endswith("urlpath=lab/tree/book/01-genesis.myst")
    for docname, source in [("book/report", "book/report.md"), ("book/intro", "book/intro.md"),
                            ("book/instructors/workshop", "book/instructors/workshop.md")]:
        assert page_links(SETTINGS, docname, source) == [], docname
    assert page_links({}, "book/01-genesis", "book/01-genesis.myst") == []
    hub_only = page_links({**SETTINGS, "binder_url": ""}, "book/01-genesis", "book/01-genesis.myst")
    assert [text for text, _ in hub_only] == ["Open on your JupyterHub"]
    not_github = page_links({**SETTINGS, "repository": "https://gitlab.com/a/b"}, "book/01-genesis",
                            "book/01-genesis.myst")
    assert [text for text, _ in not_github] == ["Open on your JupyterHub"]
    with pytest.raises(ValueError, match="hub_ulr"):
        page_links({"hub_ulr": "https://h.org"}, "book/01-genesis", "book/01-genesis.myst")


def test_links_go_under_the_page_title_as_plain_anchors() -> None:
    body = '<section id="x">\n<h1>Chapter I<a class="headerlink" href="#x">#</a></h1>\n<p>Text</p></section>'
    links = [("Open on your JupyterHub", "https://h.org/hub/user-redirect/git-pull?repo=r&branch=main")]
    shown = inject_links(body, links)
    title_end = shown.index("</h1>") + len("</h1>")
    assert shown[title_end:].lstrip().startswith(
        '<p class="r2p-launch"><a href="https://h.org/hub/user-redirect/git-pull?repo=r&amp;branch=main">'
        "Open on your JupyterHub</a></p>")
    assert "<script" not in shown and shown.replace(launch.links_html(links), "").replace("\n\n", "\n") == body
    assert inject_links("<p>No title</p>", links).startswith('<p class="r2p-launch">')
    assert inject_links(body, []) == body


def test_committed_config_shows_no_launch_link_and_keeps_jupyter_books_buttons_off() -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    options = launch.settings(launch.configured())
    assert options["hub_url"] == options["binder_url"] == options["repository"] == ""
    assert page_links(launch.configured(), "book/01-genesis", "book/01-genesis.myst") == []
    buttons = config["launch_buttons"]
    assert not buttons.get("binderhub_url") and not buttons.get("jupyterhub_url") and not buttons.get("thebe")


def test_book_extension_sets_up_the_launch_links() -> None:
    from r2p_course import book

    class App:
        def __init__(self) -> None:
            self.extensions: list[str] = []

        def setup_extension(self, name: str) -> None:
            self.extensions.append(name)

        def __getattr__(self, name: str):  # connect, add_transform...: ignored
            return lambda *args, **kwargs: None

    app = App()
    book.setup(app)  # type: ignore[arg-type]
    assert "r2p_course.launch" in app.extensions


def _sphinx_site(tmp_path: Path, settings: dict) -> tuple[int, Path, str]:
    """A tiny Sphinx project (reST, no notebooks) with the launch extension: exit code, output, warnings."""
    import io

    from sphinx.application import Sphinx

    src = tmp_path / "src"
    for name, title in [("index", "Home"), ("notebooks/lab", "A lab"), ("book/01-genesis", "Chapter I"),
                        ("book/report", "The report")]:
        path = src / f"{name}.rst"
        path.parent.mkdir(parents=True, exist_ok=True)
        toctree = "\n.. toctree::\n\n   notebooks/lab\n   book/01-genesis\n   book/report\n" if name == "index" else ""
        path.write_text(f"{title}\n{'=' * len(title)}\n\nText.\n{toctree}", encoding="utf-8")
    (src / "conf.py").write_text(textwrap.dedent(f"""
        extensions = ["r2p_course.launch"]
        r2p_launch = {settings!r}
    """), encoding="utf-8")
    warnings = io.StringIO()
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html",
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return app.statuscode, tmp_path / "out", warnings.getvalue()


def test_a_built_page_carries_the_links(tmp_path: Path) -> None:
    code, out, warnings = _sphinx_site(tmp_path, SETTINGS)
    assert code == 0 and warnings == ""
    lab = (out / "notebooks" / "lab.html").read_text(encoding="utf-8")
    expected = hub_link("https://hub.example.org", REPO, "main", "notebooks/lab.rst").replace("&", "&amp;")
    assert f'<a href="{expected}">Open on your JupyterHub</a>' in lab
    assert "Open in JupyterLab on Binder</a>" in (out / "book" / "01-genesis.html").read_text(encoding="utf-8")
    for page in ("index.html", "book/report.html"):
        assert "r2p-launch" not in (out / page).read_text(encoding="utf-8"), page


def test_a_setting_that_gives_no_link_is_a_build_warning(tmp_path: Path) -> None:
    _, out, warnings = _sphinx_site(tmp_path, {**SETTINGS, "repository": "https://gitlab.com/a/b"})
    assert "Binder links need repository to be a GitHub repository" in warnings


def test_hub_link_command_prints_the_pages_link(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launch, "configured", lambda: {})
    assert main(["hub-link", "--hub", "https://hub.example.org", "--repo", REPO,
                 "--path", "notebooks/03-sort-the-toolbox.ipynb"]) == 0
    out, err = capsys.readouterr()
    assert out == hub_link("https://hub.example.org", REPO, "main", "notebooks/03-sort-the-toolbox.ipynb") + "\n"
    assert err == ""
    assert main(["hub-link", "--hub", "https://hub.example.org"]) == 2  # no repository anywhere
    out, err = capsys.readouterr()
    assert out == "" and "--repo" in err
    # settings in _config.yml fill in what the command line leaves out
    monkeypatch.setattr(launch, "configured", lambda: {"repository": REPO, "branch": "dev", "targetpath": "r2p"})
    assert main(["hub-link", "--hub", "https://other.example.org"]) == 0
    query = parse_qs(urlsplit(capsys.readouterr().out.strip()).query)
    assert query["branch"] == ["dev"] and query["urlpath"] == ["lab/tree/r2p/book/intro.md"]
