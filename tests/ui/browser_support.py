"""What every Playwright file in tests/ui does the same way: launch Chromium (the module-scoped
``browser`` fixture, imported by each file), sign in, pick from a Gradio dropdown, type an id,
take a screenshot. Imported only by the browser files (after their
chromium check), so playwright is imported here at module level."""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from ui_support import CHROMIUM, SCREENSHOTS

__all__ = ["ARGS", "DESKTOP", "browser", "signed_in", "shot", "pick", "type_id", "open_settings"]

#: Chromium flags for a headless run on a shared CI machine.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1400, "height": 1000}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module."""
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _is_login_post(request) -> bool:
    return request.method == "POST" and urlparse(request.url).path.rstrip("/").endswith("/login")


def signed_in(browser: Browser, url: str, user: str, password: str, *, viewport: dict | None = None,
              timeout: int = 60_000) -> Page:
    """A fresh browser context signed in to the studio at ``url`` as ``user``.

    Waits for the answer to the form's ``POST /login`` first: an answer other than 200 fails at
    once, and any failure says what the browser saw (see :func:`_sign_in_report`): Gradio's
    sign-in page itself shows nothing for most answers, so a bare time-out would not say why."""
    context = browser.new_context(viewport=viewport or DESKTOP, accept_downloads=True)
    context.set_default_timeout(timeout)
    page = context.new_page()
    seen: dict[str, list] = {"posts": [], "answers": [], "failed": [], "console": [], "t0": [time.monotonic()]}
    page.on("request", lambda r: seen["posts"].append((time.monotonic(), r)) if _is_login_post(r) else None)
    page.on("response", lambda r: seen["answers"].append((time.monotonic(), r)) if _is_login_post(r.request) else None)
    page.on("requestfailed", lambda r: seen["failed"].append(f"{r.method} {r.url}: {r.failure}"))
    page.on("console", lambda m: seen["console"].append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["console"].append(f"page error: {e}"))
    page.goto(url)
    page.get_by_label("username").fill(user)
    page.get_by_label("password").fill(password)
    seen["t0"] = [time.monotonic()]  # Login is pressed now: the times in a report count from here
    try:
        with page.expect_response(lambda r: _is_login_post(r.request), timeout=timeout) as answer:
            page.get_by_role("button", name="Login").click()
        if answer.value.status != 200:
            raise AssertionError(f"POST /login answered {answer.value.status}")
        expect(page.get_by_text(f"Signed in as {user}")).to_be_visible(timeout=timeout)
    except Exception as e:  # noqa: BLE001 - Playwright's time-out, or the status above: said with what was seen
        report = _sign_in_report(page, user, seen, e)
        context.close()  # a page left open would keep polling the shared server for the rest of the session
        raise AssertionError(report) from e
    return page


def _sign_in_report(page: Page, user: str, seen: dict[str, list], error: Exception) -> str:
    """Why signing in as ``user`` failed, as far as the browser can tell: each ``POST /login`` it
    sent (were both fields in it?), each answer (status, Retry-After, body), failed requests,
    console errors, and the page's URL and visible text."""
    t0 = seen["t0"][0]
    lines = [f"signing in as {user!r} failed after {time.monotonic() - t0:.1f} s: "
             f"{str(error).splitlines()[0] if str(error) else type(error).__name__}"]
    for at, r in seen["posts"]:
        body = r.post_data or ""
        fields = {name: bool(value.strip()) for name, value in
                  re.findall(r'name="(username|password)"\r?\n\r?\n([^\r\n]*)', body)}
        lines.append(f"  {at - t0:+.1f} s sent POST {r.url}: fields non-empty {fields or '(none found)'}")
    if not seen["posts"]:
        lines.append("  the browser sent no POST /login (the click did not submit the form)")
    for at, r in seen["answers"]:
        try:
            body = r.text()[:500]
        except Exception as e:  # noqa: BLE001 - the page has navigated since: the body is gone
            body = f"(body unavailable: {type(e).__name__})"
        lines.append(f"  {at - t0:+.1f} s answer {r.status} retry-after={r.headers.get('retry-after')!r}: {body}")
    if seen["posts"] and not seen["answers"]:
        lines.append("  no answer to POST /login yet")
    lines += [f"  request failed: {f}" for f in seen["failed"][:10]]
    lines += [f"  console {c}" for c in seen["console"][:10]]
    try:
        text = page.locator("body").inner_text(timeout=5_000)
    except Exception as e:  # noqa: BLE001
        text = f"(page text unavailable: {type(e).__name__})"
    try:
        form = page.locator("input[type=password]").count() > 0
    except Exception:  # noqa: BLE001
        form = None
    lines.append(f"  still on the sign-in page: {form}")
    lines.append(f"  page {page.url}: {' | '.join(t.strip() for t in text.splitlines() if t.strip())[:1500]}")
    return "\n".join(lines)


def open_settings(page: Page) -> None:
    """Open the Generate form's "Generation settings" section, then wait a second before anything
    is typed into it. Its fields are drawn when it opens, and Gradio hands them their values a
    moment after they are drawn: a number typed in the first few milliseconds was overwritten with
    the field's earlier value (the Count's 20 read back as 1 in sessions 59-62; seen with the
    value setter logged: the box was set back to 1 four milliseconds after the typed 20, 33 ms
    after it was drawn; 2 of 6 such runs failed after tests/ui/test_browser.py and
    test_browser_a11y.py, as in CI, and 12 of 12 passed with this wait). No person types that
    soon after a click, so the test waits as a person would."""
    page.get_by_role("button", name=re.compile(r"^Generation settings")).click()
    expect(page.get_by_label("number input for Count")).to_be_visible()
    page.wait_for_timeout(1000)


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
