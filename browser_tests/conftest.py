"""Browser tests: Playwright driving the system's Chromium against a live test server.

Every page a test visits is checked with axe-core (WCAG 2.2 A and AA rules). The strict
Content-Security-Policy stays on, and any violation it reports fails the test.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR, "node_modules/axe-core/axe.min.js")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class CheckedPage:
    """A Playwright page that checks accessibility and the Content-Security-Policy as it goes."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.problems = []
        self.checked = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))

    def _console(self, message):
        text = message.text
        # A form shown again with its errors answers 400 (or 409 for a change made meanwhile), by
        # design; Chromium logs that as an error, but it is not a problem with the page.
        if "Failed to load resource: the server responded with a status of 40" in text and any(
            f"status of {status}" in text for status in (400, 409)
        ):
            return
        if "Content Security Policy" in text or message.type == "error":
            self.problems.append(f"{self.page.url}: {text}")

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check()

    def check(self):
        """Run axe-core on the page as it is now; fail on any WCAG 2.2 A or AA violation."""
        self.page.wait_for_load_state("load")
        self.page.evaluate(AXE.read_text())
        violations = self.page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
            WCAG_22_AA,
        )
        assert violations == [], f"Accessibility problems on {self.page.url}: {violations}"
        self.checked.append(self.page.url)

    def click_and_check(self, locator):
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def sign_in(self, email, password):
        """Sign in through the sign-in page; a professional also types their app's code (the
        app is set up for them here, as it would be on their phone)."""
        from accounts.models import User
        from ourplan.tests.two_step import app_for, code_for

        user = User.objects.get(email=email)
        device = app_for(user) if user.is_professional else None
        self.goto("/accounts/sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.click_and_check(self.page.get_by_role("button", name="Sign in"))
        if device is not None:
            self.page.get_by_label("Code").fill(code_for(device))
            self.click_and_check(self.page.get_by_role("button", name="Continue"))

    def sign_out(self):
        menu = self.page.get_by_role("button", name="Menu")
        if menu.is_visible():  # on a phone, the header's links are behind the menu button
            menu.click()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=re.compile(r"^Sign out( \(|$)")).click()


@pytest.fixture
def checked_page(browser, live_server):
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    checked = CheckedPage(context.new_page(), live_server.url)
    yield checked
    context.close()
    assert checked.problems == []


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="en-GB", is_mobile=True, has_touch=True
    )
    checked = CheckedPage(context.new_page(), live_server.url)
    yield checked
    context.close()
    assert checked.problems == []


@pytest.fixture
def pathway_groups(transactional_db):
    """Browser tests flush the database between tests, taking the data migration's rows with it."""
    import importlib

    from django.apps import apps

    importlib.import_module("people.migrations.0002_pathway_groups").add_groups(apps, None)


@pytest.fixture
def plain_words(transactional_db):
    """The built-in list of words to flag, which the flush between browser tests takes away too."""
    import importlib

    from django.apps import apps

    importlib.import_module("plainwords.migrations.0002_built_in_terms").add_built_in_terms(apps, None)
