"""Headless Chromium driven by Playwright, for the pages kg writes.

Playwright's own browser download is never used: the system's Chromium
(Debian's package, which `make test` installs) is launched through
``executable_path``. Every page opened here has its requests watched: a
request to anything but a local file is counted and aborted, so a test can
assert that a page made none.
"""
from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@dataclass
class Watched:
    """A page, every request it made, and the script errors it hit."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    allow: tuple[str, ...] = ()

    @property
    def remote(self) -> list[str]:
        """The requests for anything but a local file (and the allowed URL prefixes)."""
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES + self.allow)]


@contextlib.contextmanager
def launched(chromium: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def watched_page(browser, width: int = 1400, height: int = 850, allow: tuple[str, ...] = ()) -> Iterator[Watched]:
    """A fresh page; requests to anything but local files (or the URL prefixes in allow) are aborted and counted."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    watched = Watched(page, allow=allow)

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(LOCAL_SCHEMES + allow):
            request_route.continue_()
        else:
            request_route.abort()

    context.route("**/*", route)
    page.on("request", lambda request: watched.requests.append(request.url))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    try:
        yield watched
    finally:
        context.close()


def open_viewer(watched: Watched, path: Path, timeout_ms: int = 20_000) -> float:
    """Load a viewer page and wait until its layout has settled; returns the seconds that took."""
    page = watched.page
    started = time.perf_counter()
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_selector("body[data-kg-ready]", timeout=timeout_ms)
    return time.perf_counter() - started
