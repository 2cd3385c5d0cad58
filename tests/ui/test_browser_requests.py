"""Asking an operator from a denial, in Debian's Chromium (headless, Playwright): the denial's
pop-up leaves the form usable (it covered the Project field), the request form carries the
decision the creator was just given and the operator reads it beside the request.

Screenshots go to ``artifacts/screenshots/`` (``rq-*-desktop.png`` at 1400×1000,
``rq-*-phone.png`` at 390×844).
"""

from __future__ import annotations

import re

import pytest
from ui_support import CREATOR, CREATOR_PW, LiveServer, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from browser_support import browser, DESKTOP, shot, signed_in  # noqa: E402,F401,F811

PHONE = {"width": 390, "height": 844}
_T = 60_000
expect.set_options(timeout=_T)
DENIED_PROMPT = "a portrait of Claude Monet in his garden at Giverny"


def _creator(browser: Browser, server: LiveServer, viewport: dict = DESKTOP) -> Page:
    return signed_in(browser, server.url, CREATOR, CREATOR_PW, viewport=viewport, timeout=_T)


def _covered_by(page: Page, selector: str) -> str | None:
    """What the user would hit clicking the middle of ``selector`` (None: the element itself)."""
    return page.evaluate("""(sel) => {
      const el = document.querySelector(sel);
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit === el || el.contains(hit)) return null;
      return hit ? (hit.className && hit.className.toString() || hit.tagName) + ': ' + (hit.innerText || '').slice(0, 80) : 'nothing';
    }""", selector)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_denial_leaves_the_project_field_uncovered(browser: Browser, live_server: LiveServer, viewport: dict) -> None:
    """User audit: after a denied Generate, a pop-up stayed at the top right until closed, over the
    Project field once the user scrolled down to read the decision and back: the field a denial
    most often sends the user back to (a grant is for one project). The denial is said under the
    buttons (announced to screen readers) and in the decision panel; nothing floats over the form."""
    page = _creator(browser, live_server, viewport)
    page.get_by_label("Prompt", exact=True).fill(DENIED_PROMPT)
    page.get_by_role("button", name="Generate", exact=True).click()
    status = page.locator("#job-status")
    expect(status).to_contain_text("denied, nothing was generated")
    expect(status).to_contain_text("The decision below says what to do.")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.locator("#decision .cs-verdict")).to_contain_text("Denied")
    page.locator("#decision").scroll_into_view_if_needed()  # the user reads the decision…
    for block in ("start", "center", "end"):  # …and goes back to the Project field, wherever it then sits
        page.evaluate("(b) => document.querySelector('#project').scrollIntoView({block: b})", block)
        page.wait_for_timeout(300)
        assert _covered_by(page, "#project textarea, #project input") is None, block
    expect(page.locator(".toast-body")).to_have_count(0)
    shot(page, "rq-denial-project-field", by_size=True)
    project = page.locator("#project textarea, #project input").first
    project.click()
    page.keyboard.type("harbour-stills")
    expect(project).to_have_value("harbour-stills")
    page.context.close()


def test_a_request_sent_from_a_denial_names_it_and_the_operator_reads_which(browser: Browser,
                                                                            live_server: LiveServer) -> None:
    """User audit: a request sent from the page never said which denial it was about. The form
    shows the denial the user just got (read-only) and sends it; the operator's queue shows it
    (id, time, what was asked, the rule that denied) and, picked, in full beside the answer form."""
    page = _creator(browser, live_server)
    page.get_by_label("Prompt", exact=True).fill(DENIED_PROMPT)
    page.get_by_role("button", name="Check consent").click()
    decision = page.locator("#decision")
    expect(decision.locator(".cs-verdict")).to_contain_text("Denied")
    did = decision.locator("details code").first.text_content()  # "Decision <id> at …", under Technical details
    assert re.fullmatch(r"[0-9a-f-]{36}", did or ""), did
    decision.get_by_role("link", name=re.compile("request a name exception")).click()
    field = page.locator("#rq-decision textarea, #rq-decision input").first
    expect(field).to_have_value(did)
    expect(field).to_be_disabled()  # shown, not typed: the studio fills it from the decision above
    page.get_by_label("Why", exact=True).fill("Monet is named for the painting style, not the man")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#request-status")).to_contain_text(f"about decision {did}")
    shot(page, "rq-request-from-denial", by_size=True)
    # an allowed check takes the denial away: the next request is about none
    page.get_by_label("Prompt", exact=True).fill("a quiet harbour at dawn")
    page.get_by_role("button", name="Check consent").click()
    expect(decision.locator(".cs-verdict")).to_contain_text("Allowed")
    expect(field).to_have_value("")
    page.context.close()

    op = signed_in(browser, live_server.url, "admin", live_server.admin_password, timeout=_T)
    op.get_by_role("tab", name="People & consent").click()
    op.get_by_text("Requests from creators").click()
    table = op.locator("#request-table")
    row = table.get_by_role("row").filter(has_text=did)
    expect(row).to_contain_text("Claude Monet")
    expect(row).to_contain_text("prompt not kept (a Check consent)")
    expect(row).to_contain_text("denied by ")
    row.get_by_role("gridcell", name="Claude Monet", exact=True).first.click()
    rid = op.get_by_label("Request id", exact=True)
    expect(rid).to_have_value(re.compile(r"^r-[0-9a-f]{12}$"))
    detail = op.locator("#request-detail")
    expect(detail).to_contain_text(did)
    expect(detail).to_contain_text("art · likeness_generation")
    expect(detail).to_contain_text("Claude Monet")
    # a famous person's name: approving it exempts her in every prompt, so the page says so and
    # approving needs the famous-name box too
    expect(detail.get_by_role("alert")).to_contain_text("a known real person's name (“Claude Monet”)")
    shot(op, "rq-operator-reads-the-decision", by_size=True)
    op.get_by_label("Approve", exact=True).check()
    op.get_by_role("button", name="Answer request").click()
    expect(op.get_by_text("Yes, allow a famous person's name").last).to_be_visible()
    expect(op.locator(".toast-body, .toast-wrap").first).to_contain_text("known real person", timeout=_T)
    op.get_by_label("Yes, allow a famous person's name").check()
    op.get_by_role("button", name="Answer request").click()
    expect(op.locator("#answer-status")).to_contain_text("approved", timeout=_T)
    op.context.close()
