"""Signing in from the browser while the sign-in throttle holds (Chromium, Playwright).

Gradio's sign-in form shows a message only when ``POST /login`` answers 400 ("Incorrect
credentials"); the throttle answers 429, and the page used to stay silent: the person saw
their right password do nothing. The studio's own server (:func:`creator.ui.layout.launch`,
in this process) with a :class:`~creator.ui.server.LoginThrottle` whose clock the test holds
still, so that a back-off lasts until the test moves the clock on; a server of its own, so
the throttling here cannot slow the other browser tests down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from ui_support import require_chromium

from consent.registry import Registry
from creator.auth import Role, UserStore
from creator.settings import StudioSettings
from creator.ui.server import FREE_ATTEMPTS, LoginThrottle
from server_support import launched

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from browser_support import browser, DESKTOP, signed_in  # noqa: E402,F401,F811

_T = 60_000
MIRA, MIRA_PW = "mira", "mira-creator-pw1"
DORA, DORA_PW = "dora", "dora-creator-pw1"


class HeldClock:
    """The throttle's clock: stands still until the test moves it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def studio(tmp_path_factory) -> Iterator[tuple[str, StudioSettings, HeldClock]]:
    settings = StudioSettings(data_dir=tmp_path_factory.mktemp("signin") / "data", torch_threads=1)
    store = UserStore.from_settings(settings)
    store.add("olive", Role.OPERATOR, "olive-operator-pw1")
    store.add(MIRA, Role.CREATOR, MIRA_PW)
    store.add(DORA, Role.CREATOR, DORA_PW)
    clock = HeldClock()
    with launched(settings, timeout=120, throttle=LoginThrottle(clock=clock)) as url:
        yield url, settings, clock


def _try(page: Page, user: str, password: str) -> int:
    """Type ``user`` and ``password`` into the sign-in form, press Login: the answer's status."""
    page.get_by_label("username").fill(user)
    page.get_by_label("password").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.rstrip("/").endswith("/login")) as answer:
        page.get_by_role("button", name="Login").click()
    return answer.value.status


def test_a_throttled_sign_in_says_why_and_when_to_try_again(browser: Browser, studio) -> None:
    url, settings, clock = studio
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(_T)
    page = context.new_page()
    page.goto(url)
    for i in range(FREE_ATTEMPTS):  # someone guesses Mira's password in the browser form
        assert _try(page, MIRA, f"guess-{i}") == 400
        expect(page.get_by_text(re.compile("incorrect credentials", re.I))).to_be_visible()

    # Mira herself, with her right password, while the back-off holds: told why, on the page
    assert _try(page, MIRA, MIRA_PW) == 429
    notice = page.get_by_role("alert").filter(has_text="Too many failed sign-ins")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(re.compile(r"try again in \d+ s"))
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    context.close()

    # the tests' sign-in helper, refused the same way (on a phone), says what the browser saw
    with pytest.raises(AssertionError) as refused:
        signed_in(browser, url, MIRA, MIRA_PW, viewport={"width": 390, "height": 844}, timeout=_T)
    report = str(refused.value)
    assert "fields non-empty {'username': True, 'password': True}" in report, report
    assert re.search(r"answer 429 retry-after='\d+': .*Too many failed sign-ins", report), report
    assert "still on the sign-in page: True" in report and "Not signed in: Too many failed sign-ins" in report, report

    # the guesses were counted against Mira's account (what the form sent), not against everyone:
    # Dora signs in from the same browser and address
    signed_in(browser, url, DORA, DORA_PW, timeout=_T).context.close()
    with Registry.from_settings(settings) as reg:
        failed = [e.payload.get("user") for e in reg.audit_entries() if e.kind == "login_failed"]
    assert failed == [MIRA] * FREE_ATTEMPTS, failed

    clock.now += 2.0  # the back-off after the fifth failure (1 s) is over
    page = signed_in(browser, url, MIRA, MIRA_PW, timeout=_T)
    expect(page.get_by_role("alert").filter(has_text="Too many failed sign-ins")).to_have_count(0)
    page.context.close()


def test_the_sign_out_button_signs_out(browser: Browser, studio) -> None:
    """The studio's own Sign out button still works (same-origin) now that a sign-out another
    site starts is refused (GET /logout with Sec-Fetch-Site: cross-site: 403)."""
    url, _settings, _clock = studio
    page = signed_in(browser, url, DORA, DORA_PW, timeout=_T)
    try:
        with page.expect_response(lambda r: r.url.rstrip("/").endswith("/logout")) as answer:
            page.locator("#logout").click()
        assert answer.value.status < 400, answer.value.status
        page.goto(url)
        expect(page.get_by_label("password")).to_be_visible()  # back on the sign-in form
        expect(page.get_by_text("Signed in as")).to_have_count(0)
    finally:
        page.context.close()
