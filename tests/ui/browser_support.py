"""What every Playwright file in tests/ui does the same way: sign in, pick from a Gradio
dropdown, type an id, take a screenshot. Imported only by the browser files (after their
chromium check), so playwright is imported here at module level."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from ui_support import SCREENSHOTS

__all__ = ["ARGS", "DESKTOP", "signed_in", "shot", "pick", "type_id"]

#: Chromium flags for a headless run on a shared CI machine.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1400, "height": 1000}


def signed_in(browser: Browser, url: str, user: str, password: str, *, viewport: dict | None = None,
              timeout: int = 60_000) -> Page:
    """A fresh browser context signed in to the studio at ``url`` as ``user``."""
    context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True)
    context.set_default_timeout(timeout)
    page = context.new_page()
    page.goto(url)
    page.get_by_label("username").fill(user)
    page.get_by_label("password").fill(password)
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text(f"Signed in as {user}")).to_be_visible()
    return page


def shot(page: Page, name: str, *, by_size: bool = False) -> None:
    """A full-page screenshot in artifacts/screenshots (``-phone``/``-desktop`` added when ``by_size``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    if by_size:
        name += "-phone" if page.viewport_size["width"] < 600 else "-desktop"
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def pick(page: Page, label: str, option: str) -> None:
    """Choose ``option`` in the Gradio dropdown labelled ``label`` (type to filter, then click)."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(option.split(" (")[0])
    listbox = box.get_attribute("aria-controls")  # closed lists may linger in the DOM: use this box's own
    options = page.locator(f"[id='{listbox}']") if listbox else page
    options.get_by_role("option", name=option).click()


def type_id(page: Page, label: str, value: str, *, submit: bool = False) -> None:
    """Type a subject id a creator's picker does not list (they see only subjects granted to
    them); ``submit`` presses Enter, which also submits the field's form."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.fill(value)
    if submit:
        box.press("Enter")
