"""Approve each use, in a real browser (Chromium, CDP virtual authenticator): the person signs a
grant that needs their approval per use; the creator's request waits ("waiting for …'s
approval"); the person approves it on their page; the same request then generates, and the
person's ledger shows the output's labelled thumbnail (the grant allows it) and its verify link.
Screenshots at phone (390x844) and desktop widths go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from ui_support import CREATOR, CREATOR_PW, LiveServer, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from browser_support import browser, shot, signed_in, type_id  # noqa: E402,F401,F811

from consent.registry import Registry  # noqa: E402

_T = 60_000
expect.set_options(timeout=_T)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _passkey_device(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    page._cdp = cdp


def test_each_use_waits_for_the_persons_approval_then_shows_in_their_ledger(browser: Browser, live_server: LiveServer):
    from consent.drafts import Drafts
    from creator.personas import operations_for
    from creator.talent import signing_url

    base = live_server.url.replace("127.0.0.1", "localhost")
    registry = Registry.from_settings(live_server.settings)
    try:
        ops = operations_for(live_server.settings, registry)
        ops.add_subject("ada-each", "Ada Each")
        now = datetime.now(timezone.utc)
        _, links = Drafts(ops).create({
            "subject_id": "ada-each", "grantee": CREATOR, "project": "winter-show",
            "description": "Portrait stills of Ada Each for the winter gallery show", "purposes": ["art"],
            "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
            "valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=30),
            "approve_each_use": True, "ledger_thumbnails": True,
            "evidence": [{"kind": "signed_release", "sha256": "9a" * 32}]}, created_by="test:olive")
    finally:
        registry.close()

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.context.set_default_timeout(_T)
    _passkey_device(phone)
    phone.goto(signing_url(base, links[0].token))
    expect(phone.get_by_text("waits for your approval on your page")).to_be_visible()
    phone.get_by_role("button", name="Accept and sign with a passkey").click()
    expect(phone.locator("#msg")).to_contain_text("The grant is now in force")

    creator = signed_in(browser, base, CREATOR, CREATOR_PW, timeout=_T)
    type_id(creator, "Subjects depicted", "ada-each", submit=True)
    creator.locator("#project").get_by_role("textbox").fill("winter-show")  # the grant's project
    creator.get_by_label("Prompt", exact=True).fill("studio portrait of a person, winter light")
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("waiting for Ada Each's approval")
    shot(creator, "talent-approval-waiting-creator")

    phone.goto(f"{base}/talent/me")
    phone.get_by_role("button", name="Sign in with your passkey").click()
    expect(phone.get_by_role("heading", name="Waiting for your approval (1)")).to_be_visible()
    shot(phone, "talent-approval-phone")
    phone.get_by_role("button", name="Approve this use").click()
    expect(phone.get_by_role("heading", name="Waiting for your approval (1)")).to_have_count(0)

    creator.get_by_role("button", name="Generate").click()
    expect(creator.locator("#downloads").get_by_role("link")).to_have_count(1)

    phone.goto(f"{base}/talent/me")
    row = phone.locator("table tbody tr").first
    expect(row.get_by_role("img")).to_be_visible()
    assert phone.evaluate("() => document.querySelector('table tbody tr img').naturalWidth") > 0
    expect(row.get_by_role("link", name="Verify")).to_be_visible()
    href = row.get_by_role("link", name="Verify").get_attribute("href")
    assert href and href.startswith("/public/c2pa/manifests/urn:c2pa:")
    shot(phone, "talent-ledger-thumbnail-phone")
    phone.set_viewport_size(DESKTOP)
    shot(phone, "talent-ledger-thumbnail-desktop")
    facts = phone.request.get(base + href)
    assert facts.ok and facts.json().get("verdict")
    creator.context.close()
    phone.context.close()
