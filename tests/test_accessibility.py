"""axe-core (WCAG 2.1 A and AA rules) on every page of the built site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import toc_pages


def test_every_toc_entry_was_built(built_site: Path) -> None:
    for page in toc_pages():
        assert (built_site / page).exists(), page


@pytest.mark.parametrize("path", toc_pages())
def test_no_serious_accessibility_violations(page, site_url: str, path: str) -> None:  # noqa: ANN001
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site_url}/{path}")
    page.wait_for_load_state("networkidle")
    if page.locator("script[type='application/vnd.jupyter.widget-view+json']").count():
        page.wait_for_selector("html[data-r2p-ready=true]")
        # check the widgets in their answered state too: feedback, links, Retry
        for block in page.locator("[data-r2p-widget]").all()[:3]:
            block.locator("input").first.check() if block.locator("input").count() else None
            block.get_by_role("button", name="Check answer").click()
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
