"""The website's navigation: learners meet the course, trainers find their pages.

The instructors' pages (answer keys included) are built and reachable from the start page,
but not in a learner's sidebar, "next" link or search results; one search box per screen;
the start page's title says the course's name once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from r2p_course.book import INSTRUCTORS, is_instructors_page
from r2p_course.paths import bank_keys_file
from r2p_course.quiz import EXAMPLE_BANK, load_banks
from r2p_course.site_server import toc_pages

TITLE = "Responsibility to protect: timely and decisive response"
INSTRUCTOR_PAGES = [p for p in toc_pages() if is_instructors_page(p)]
LEARNER_PAGES = [p for p in toc_pages() if not is_instructors_page(p)]
# one answer keys page per bank, listed by the answer keys' index rather than the trainers' index
BANK_KEY_PAGES = [f"{INSTRUCTORS}{bank_keys_file(name, '.html')}"
                  for name in sorted(load_banks()) if name != EXAMPLE_BANK]
# Words whose best matches used to be the answer keys (issue 18).
KEY_WORDS = ["sanctions", "pillar", "travel ban", "Libya"]


def _search_index(site: Path) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def _sidebar(html: str) -> str:
    start = html.index('<nav class="bd-links bd-docs-nav"')
    return html[start:html.index("</nav>", start)]


def _links(html: str, page: str) -> set[str]:
    """The pages ``html`` links to, as paths from the site's root."""
    import posixpath

    here = posixpath.dirname(page)
    return {posixpath.normpath(posixpath.join(here, href.split("#")[0] or posixpath.basename(page)))
            for href in re.findall(r'href="([^"]*)"', html) if not href.startswith(("http", "mailto"))}


def test_the_toc_has_instructors_and_learner_pages() -> None:
    """The tests below mean something only while both kinds exist."""
    on_disk = [f"{INSTRUCTORS}{p.stem}.html" for p in (Path(__file__).parent.parent / INSTRUCTORS).glob("*.md")]
    assert sorted(INSTRUCTOR_PAGES) == sorted(on_disk), "every page of book/instructors/ is in _toc.yml, once"
    assert len(INSTRUCTOR_PAGES) >= 14 + len(BANK_KEY_PAGES) and f"{INSTRUCTORS}index.html" in INSTRUCTOR_PAGES
    assert len(BANK_KEY_PAGES) >= 9 and set(BANK_KEY_PAGES) <= set(INSTRUCTOR_PAGES)
    assert "book/intro.html" in LEARNER_PAGES and len(LEARNER_PAGES) >= 8
    # a learning check opens the course and another closes it (after the chapters and labs)
    assert LEARNER_PAGES[:3] == ["book/intro.html", "book/pre-check.html", "book/01-genesis.html"]
    assert LEARNER_PAGES.index("book/post-check.html") > max(
        i for i, p in enumerate(LEARNER_PAGES) if p.startswith(("book/0", "notebooks/")))


def test_the_search_index_has_no_instructors_page(built_site: Path) -> None:
    index = _search_index(built_site)
    assert [d for d in index["docnames"] if is_instructors_page(d)] == []
    assert "Answer keys" not in index["titles"]
    # the learners' pages are still all there, and found by the words the keys are full of
    assert {f"{d}.html" for d in index["docnames"]} >= set(LEARNER_PAGES)
    for word in ("sanction", "libya", "pillar"):
        assert index["terms"].get(word), f"nothing indexed under {word!r}"


def test_a_learners_search_finds_the_course_not_the_answer_keys(page, site_url: str) -> None:
    for words in KEY_WORDS:
        page.goto(f"{site_url}/search.html?q={quote(words)}")
        page.locator("#search-results li").first.wait_for(timeout=10_000)
        page.wait_for_function("() => !document.querySelector('#search-results .search-summary')"
                               "?.textContent.startsWith('Searching')")
        found = page.eval_on_selector_all("#search-results li a", "(links) => links.map((a) => a.href)")
        assert found, f"no result for {words!r}"
        assert not [url for url in found if f"/{INSTRUCTORS}" in url], f"{words!r} finds {found}"
    assert page.errors == []


def test_a_learners_sidebar_and_next_link_leave_out_the_instructors_pages(built_site: Path) -> None:
    for path in LEARNER_PAGES:
        html = (built_site / path).read_text(encoding="utf-8")
        sidebar = _links(_sidebar(html), path)
        assert not [p for p in sidebar if is_instructors_page(p)], f"{path}: sidebar links {sorted(sidebar)}"
        assert "book/report.html" in sidebar, f"{path}: the sidebar lost the learners' pages"
        footer = html[html.index('class="prev-next-area"'):] if 'class="prev-next-area"' in html else ""
        onward = [p for p in _links(footer, path) if is_instructors_page(p)]
        assert not onward, f"{path}: its next link leads to {onward}"


def test_the_instructors_pages_list_each_other_and_the_start_page_links_them(built_site: Path) -> None:
    for path in INSTRUCTOR_PAGES:
        sidebar = _links(_sidebar((built_site / path).read_text(encoding="utf-8")), path)
        assert set(INSTRUCTOR_PAGES) <= sidebar, f"{path}: sidebar misses {set(INSTRUCTOR_PAGES) - sidebar}"
    intro = (built_site / "book/intro.html").read_text(encoding="utf-8")
    content = intro[intro.index("<article"):intro.index("</article>")]
    assert f"{INSTRUCTORS}index.html" in _links(content, "book/intro.html")
    index = (built_site / INSTRUCTORS / "index.html").read_text(encoding="utf-8")
    content = index[index.index("<article"):index.index("</article>")]
    others = set(INSTRUCTOR_PAGES) - {f"{INSTRUCTORS}index.html"} - set(BANK_KEY_PAGES)
    assert others <= _links(content, f"{INSTRUCTORS}index.html")
    keys = (built_site / INSTRUCTORS / "answer-keys.html").read_text(encoding="utf-8")
    content = keys[keys.index("<article"):keys.index("</article>")]
    assert set(BANK_KEY_PAGES) <= _links(content, f"{INSTRUCTORS}answer-keys.html")


def test_a_learner_goes_from_the_start_page_through_the_pre_check_to_chapter_one(built_site: Path) -> None:
    """The "next" links and the sidebar put the pre-check between the start page and chapter I,
    and the post-check after the labs; each check page carries its whole bank."""
    def next_page(path: str) -> str:
        html = (built_site / path).read_text(encoding="utf-8")
        href = re.search(r'<a class="right-next"\s+href="([^"#]+)', html).group(1)
        return _links(f'href="{href}"', path).pop()

    assert next_page("book/intro.html") == "book/pre-check.html"
    assert next_page("book/pre-check.html") == "book/01-genesis.html"
    sidebar = _links(_sidebar((built_site / "book/pre-check.html").read_text(encoding="utf-8")), "book/pre-check.html")
    assert {"book/pre-check.html", "book/post-check.html"} <= sidebar
    banks = load_banks()
    for phase in ("pre", "post"):
        html = (built_site / f"book/{phase}-check.html").read_text(encoding="utf-8")
        missing = [q["id"] for q in banks[f"{phase}-check"].questions if q["id"] not in html]
        assert missing == [], f"{phase}-check page lacks {missing}"


def test_the_start_page_says_the_courses_name_once_in_its_title(built_site: Path) -> None:
    titles = {path: re.search(r"<title>(.*?)</title>", (built_site / path).read_text(encoding="utf-8")).group(1)
              for path in ("index.html", "book/intro.html", "book/report.html")}
    assert titles["index.html"] == TITLE and titles["book/intro.html"] == TITLE
    assert titles["book/report.html"].endswith(f" &#8212; {TITLE}")


def test_one_search_box_on_a_wide_screen_and_on_a_phone(page, site_url: str) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{site_url}/book/intro.html")
        shown = page.evaluate("""() => [...document.querySelectorAll(
                '.search-button-field, .search-button, input[type=search], input[name=q]')]
            .filter((el) => el.checkVisibility()).map((el) => el.className)""")
        assert len(shown) == 1, f"{width} px: {shown}"
