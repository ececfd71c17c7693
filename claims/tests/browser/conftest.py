"""Real-browser fixtures: Debian's Chromium driven by Playwright, against a live server.

The browser is the system's ``chromium`` (installed by ``make chromium``), never a
download of Playwright's own. It runs headless, without sandbox (CI runs as
root) and without background networking, so it makes no connection but ours.
"""

import os
import shutil

import pytest
from django.db import connections

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail("Debian's chromium is not installed: run `make chromium` (make test does).")
    return path


@pytest.fixture
def browser(monkeypatch):
    """A fresh browser per test, so the event loop lives only as long as the test."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django would then
    # refuse ORM calls from the test body. Only while a browser test runs.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
        yield browser
        # What the test ran through the ORM while Playwright's loop ran used a connection
        # of that context's own (Django keeps one per context): closed here, or it stays
        # open until the test database is dropped, and holds that up.
        connections.close_all()
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
