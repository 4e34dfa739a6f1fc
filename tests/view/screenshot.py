"""The viewer as a reader sees it, for the README: the central entity searched, one of its relations open.

    .venv/bin/python -m tests.view.screenshot            # outputs/graph.html -> docs/viewer.png

The test suite makes the same picture (tests/view/test_viewer.py), so the
steps below keep working as the page changes.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from tests.browser import launched, open_viewer, watched_page

ROOT = Path(__file__).resolve().parents[2]


def screenshot(browser, page_path: Path, out: Path) -> Path:
    with watched_page(browser, width=1400, height=820) as watched:
        open_viewer(watched, page_path)
        page = watched.page
        central = page.evaluate("kgViewer.data.nodes[0].label")
        page.fill("#kg-search", central[:5].lower())
        page.keyboard.press("Enter")
        page.wait_for_selector("#kg-panel[data-entity]")
        # the relation with the most statements, as a text statement (with a sentence to show)
        index = page.evaluate("""() => {
            const mine = Array.from(document.querySelectorAll('#kg-panel button[data-relation]')).map(b => +b.dataset.relation);
            const rel = kgViewer.data.relations;
            return mine.filter(i => !rel[i].background).sort((a, b) => rel[b].statements.length - rel[a].statements.length)[0]; }""")
        page.click(f"#kg-panel button[data-relation='{index}']")
        page.evaluate("network.fit({animation: false})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(out))
        if watched.remote or watched.errors:
            raise AssertionError(f"the page made requests {watched.remote} or failed {watched.errors}")
    return out


if __name__ == "__main__":
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Chromium is not installed")
    with launched(chromium) as browser:
        print(screenshot(browser, ROOT / "outputs" / "graph.html", ROOT / "docs" / "viewer.png"))
