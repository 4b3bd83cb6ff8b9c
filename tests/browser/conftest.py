"""Playwright driving Debian's chromium (never a downloaded browser).

Without /usr/bin/chromium the browser tests are skipped, except when
TERREAU_REQUIRE_BROWSER=1 (as .ci/run sets it): then they fail.
"""

import os
import shutil

import pytest

from tests.browser.helpers import watch_csp

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Keep chromium off the network: these machines refuse outside connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "Debian's chromium is not installed (make test installs it)"
        if os.environ.get("TERREAU_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django must allow its ORM calls
    # from the test thread regardless.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    watch_csp(page, violations)
    yield page
    context.close()
    assert not violations, violations


@pytest.fixture(autouse=True)
def _browser_tests_can_flush(append_only_tables_flushable):
    """Every browser test ends with a flush (see the fixture in tests/conftest.py)."""
