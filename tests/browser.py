"""Browser tests' shared launcher: Debian's chromium, offline, every request checked.

The fixtures are registered once, in ``conftest.py``; tests just name them.
``browser`` is one headless chromium per test session. ``offline_page`` is a
fresh context and page per test in which every request is routed: ``file:``
URLs go through, anything else is blocked and recorded, and so are console
errors and uncaught exceptions; the test fails at teardown if there were any.
A missing chromium fails the tests: it never turns them into silent skips.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import pytest

CHROMIUM = os.environ.get("OCOP_CHROMIUM", "/usr/bin/chromium")
"""Debian's chromium; never ``playwright install``."""

FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
"""Keep chromium from calling home: any request must come from the page."""


def launch(playwright: Any) -> Any:
    """A headless chromium with the offline flags (and ``--no-sandbox`` as root)."""
    args = [*FLAGS, *(["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])]
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)


@dataclass
class OfflinePage:
    """A page whose non-``file:`` requests and console errors are recorded."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path, fragment: str = "") -> Any:
        """Go to a built file, optionally with a ``#fragment``; returns the page."""
        self.page.goto(path.resolve().as_uri() + (f"#{fragment}" if fragment else ""))
        return self.page

    def problems(self) -> list[str]:
        return [f"blocked request: {url}" for url in self.blocked] + \
               [f"console error: {text}" for text in self.errors]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One chromium for the whole test session (registered in conftest.py)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"no chromium at {CHROMIUM}: apt-get install chromium"
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def new_offline_page(browser: Any, **context_options: Any) -> tuple[Any, OfflinePage]:
    """A context and its :class:`OfflinePage`; close the context when done."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    offline = OfflinePage(page)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            offline.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda message: offline.errors.append(message.text)
            if message.type == "error" else None)
    page.on("pageerror", lambda exc: offline.errors.append(str(exc)))
    return context, offline


@pytest.fixture
def offline_page(browser: Any) -> Iterator[OfflinePage]:
    context, offline = new_offline_page(browser)
    yield offline
    context.close()
    assert not offline.problems(), "\n".join(offline.problems())
