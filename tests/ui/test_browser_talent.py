"""The person signs, in a real browser: Debian's Chromium (headless, Playwright) with a CDP
virtual authenticator (a platform passkey with user verification).

One story, as people live it: an operator drafts a grant in the studio page and gets a one-time
link; the person opens it on a phone, reads the terms and accepts with a passkey; the creator's
next request is allowed and they generate; the person signs in with the same passkey, sees the
output in the usage ledger and withdraws the grant; the creator's next request is denied.
WebAuthn needs a secure context: the pages are opened on http://localhost. Screenshots at phone
(390x844) and desktop widths go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from ui_support import CREATOR, CREATOR_PW, LiveServer, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from browser_support import browser, pick as _pick, shot as _shot, signed_in, type_id  # noqa: E402,F401,F811

from consent.records import Subject  # noqa: E402
from consent.registry import Registry  # noqa: E402

_T = 60_000
expect.set_options(timeout=_T)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def studio(live_server: LiveServer) -> LiveServer:
    """Tess, a registered person with no key and no grant; the evidence file of her release."""
    registry = Registry.from_settings(live_server.settings)
    try:
        registry.add_subject(Subject(id="tess-talent", display_name="Tess Talent"))
    finally:
        registry.close()
    release = live_server.work / "tess-release.pdf"
    release.write_bytes(b"%PDF-1.4 model release signed by Tess Talent\n")
    live_server.evidence = release
    return live_server


def _local(studio: LiveServer) -> str:
    return studio.url.replace("127.0.0.1", "localhost")  # a secure context and a valid relying-party id










def _signed_in(browser: Browser, url: str, user: str, password: str) -> Page:
    return signed_in(browser, url, user, password, timeout=_T)


def _type_id(page: Page, label: str, value: str) -> None:
    type_id(page, label, value, submit=True)


def _passkey_device(page: Page) -> str:
    """A platform authenticator with user verification, attached to this page (Chrome DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    out = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    page._cdp = cdp  # keep the session (and so the authenticator) alive with the page
    return out["authenticatorId"]


def test_operator_drafts_person_signs_with_a_passkey_creator_generates_person_sees_and_withdraws(
        browser: Browser, studio: LiveServer) -> None:
    base = _local(studio)
    creator = _signed_in(browser, base, CREATOR, CREATOR_PW)
    _type_id(creator, "Subjects depicted", "tess-talent")
    creator.locator("#project").get_by_role("textbox").fill("spring-show")  # the grant's project
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("Denied")

    # the operator drafts the grant: no key upload, one link (and QR code) for Tess
    op = _signed_in(browser, base, "admin", studio.admin_password)
    op.get_by_role("tab", name="People & consent").click()
    expect(op.get_by_role("gridcell", name="tess-talent", exact=True)).to_be_visible()
    expect(op.locator("#grant-key")).to_have_count(0)
    now = datetime.now(timezone.utc)
    _pick(op, "Grant subject", "Tess Talent (tess-talent)")
    op.get_by_label("Grant grantee").fill(CREATOR)
    op.get_by_label("Grant project").fill("spring-show")
    op.get_by_label("Description of intended use").fill("Portrait stills of Tess Talent for the spring gallery show")
    op.locator("#grant-purposes").get_by_label("art", exact=True).check()
    op.get_by_label("Valid from (UTC)").fill((now - timedelta(days=1)).strftime("%Y-%m-%d"))
    op.get_by_label("Valid until (UTC)").fill((now + timedelta(days=90)).strftime("%Y-%m-%d"))
    op.get_by_label("Usage cap (0: none)").fill("5")
    op.locator("#grant-evidence input[type=file]").set_input_files(str(studio.evidence))
    expect(op.locator("#grant-evidence")).to_contain_text("tess-release")
    op.get_by_role("button", name="Draft grant and make signing links").click()
    expect(op.locator("#grant-feedback")).to_contain_text("waiting for self")
    link = op.locator("#signing-links a[data-role=self]")
    expect(link).to_be_visible()
    expect(op.locator("#signing-links svg")).to_have_count(1)
    url = link.get_attribute("href")
    assert url and url.startswith(f"{base}/talent/s/")
    _shot(op, "talent-operator-draft")

    # a draft is not a grant
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("Denied")

    # the terms at desktop width (opening the link does not use it up)
    desk = browser.new_context(viewport=DESKTOP).new_page()
    desk.goto(url)
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Tess Talent, do you agree")
    expect(desk.get_by_text("Who may make images of you")).to_be_visible()
    _shot(desk, "talent-terms-desktop")
    desk.context.close()

    # Tess, on her phone: reads, accepts, signs with a new passkey
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.context.set_default_timeout(_T)
    _passkey_device(phone)
    phone.goto(url)
    expect(phone.get_by_text("at most 5 images or clips")).to_be_visible()
    _shot(phone, "talent-terms-phone")
    phone.get_by_role("button", name="Accept and sign with a passkey").click()
    expect(phone.locator("#msg")).to_contain_text("Signed. The grant is now in force")
    _shot(phone, "talent-signed-phone")
    phone.goto(url)  # the link worked once
    expect(phone.get_by_role("heading", level=1)).to_contain_text("This link cannot be used")

    op.get_by_text("Signing status (grants sent to people)").click()  # open the accordion
    op.get_by_role("button", name="Refresh signing status").click()
    expect(op.locator("#draft-status")).to_contain_text("self: signed")
    expect(op.locator("#draft-status [data-draft-status=complete]")).to_be_visible()
    op.get_by_role("tab", name="Audit").click()
    # this flow's binding (other browser files share the server and bind passkeys of their own people)
    op.get_by_label("Filter: person (id or name)").fill("tess-talent")
    op.get_by_role("button", name="Show entries").click()
    expect(op.get_by_role("gridcell", name="passkey_bound", exact=True)).to_have_count(1)
    expect(op.get_by_role("gridcell", name="grant_issued").first).to_be_visible()  # other browser files share the server
    op.get_by_role("button", name="Check chain").click()
    expect(op.locator("#audit-check")).to_contain_text("Audit chain intact")
    op.context.close()

    # the creator is allowed now, and generates
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("Allowed")
    creator.get_by_label("Prompt", exact=True).fill("studio portrait of a person, soft window light")
    creator.get_by_role("button", name="Generate").click()
    expect(creator.locator("#decision")).to_contain_text("Allowed")
    expect(creator.locator("#downloads").get_by_role("link")).to_have_count(1)
    out_name = creator.locator("#downloads").get_by_role("link").first.inner_text()

    # Tess signs in with the same passkey and sees that output in her ledger
    phone.goto(f"{base}/talent/me")
    phone.get_by_role("button", name="Sign in with your passkey").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Tess Talent: your grants")
    expect(phone.locator("[data-status=active]")).to_be_visible()
    rows = phone.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(CREATOR)
    output_id = rows.first.locator("code").inner_text()
    made = [p.name for p in studio.settings.outputs_dir.iterdir() if p.name.startswith(output_id)]
    assert len(output_id) == 16 and len(made) == 1 and made[0] in out_name + " " + made[0]  # the file the creator made
    _shot(phone, "talent-ledger-phone")
    phone.set_viewport_size(DESKTOP)
    _shot(phone, "talent-ledger-desktop")
    phone.set_viewport_size(PHONE)

    # she withdraws it; the creator's next request is denied
    phone.get_by_label("Reason (optional)").fill("I changed my mind")
    phone.get_by_label("Yes, withdraw it", exact=False).check()  # the confirmation (session 66)
    phone.get_by_role("button", name="Withdraw this grant").click()
    expect(phone.locator("[data-answered]")).to_contain_text("Withdrawn: nothing new can be made")
    expect(phone.locator("[data-status=revoked]")).to_be_visible()
    _shot(phone, "talent-withdrawn-phone")
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("Denied")
    expect(creator.locator("#decision")).to_contain_text("revoked")
    _shot(creator, "talent-creator-denied-after-withdrawal")
    creator.context.close()
    phone.context.close()


def test_a_minor_needs_the_guardian_and_the_minor_each_signing_with_their_own_passkey(
        browser: Browser, studio: LiveServer) -> None:
    from consent.drafts import Drafts
    from creator.personas import operations_for
    from creator.talent import signing_url

    base = _local(studio)
    registry = Registry.from_settings(studio.settings)
    try:
        ops = operations_for(studio.settings, registry)
        ops.add_subject("tim-young", "Tim Young", minor=True, representative_name="Mary Young",
                        representative_role="guardian")
        now = datetime.now(timezone.utc)
        _, links = Drafts(ops).create({
            "subject_id": "tim-young", "grantee": CREATOR, "project": "spring-show",
            "description": "Portrait stills of Tim Young for the spring gallery show", "purposes": ["art"],
            "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
            "valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=30),
            "evidence": [{"kind": "guardian_authority", "sha256": "cd" * 32}]}, created_by="test:olive")
    finally:
        registry.close()
    urls = {ln.role: signing_url(base, ln.token) for ln in links}
    assert sorted(urls) == ["guardian", "self"]

    creator = _signed_in(browser, base, CREATOR, CREATOR_PW)
    _type_id(creator, "Subjects depicted", "tim-young")
    creator.locator("#project").get_by_role("textbox").fill("spring-show")  # the grant's project

    mary = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    _passkey_device(mary)
    mary.goto(urls["guardian"])
    expect(mary.get_by_text("You sign as the guardian for Tim Young.")).to_be_visible()
    _shot(mary, "talent-guardian-phone")
    mary.get_by_role("button", name="Accept and sign with a passkey").click()
    expect(mary.locator("#msg")).to_contain_text("comes into force when the other required signatures are in")
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("Denied")  # the guardian alone: still a draft

    tim = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    _passkey_device(tim)
    tim.goto(urls["self"])
    tim.get_by_role("button", name="Accept and sign with a passkey").click()
    expect(tim.locator("#msg")).to_contain_text("The grant is now in force")
    creator.get_by_role("button", name="Check consent").click()
    expect(creator.locator("#decision")).to_contain_text("Allowed")
    for p in (creator, mary, tim):
        p.context.close()


def test_signing_in_on_a_device_without_her_passkey_says_so_in_words(browser: Browser, studio: LiveServer) -> None:
    """A talent walkthrough (session 66): a passkey on another device (a new phone, a forwarded
    link) read as the browser's "The operation either timed out or was not allowed. See: https://www.w3.org/…"."""
    page = browser.new_context().new_page()
    _passkey_device(page)  # an authenticator with no passkey for this studio
    page.goto(_local(studio) + "/talent/me")
    page.get_by_role("button", name="Sign in with your passkey").click()
    expect(page.locator("#msg")).to_contain_text("Not signed in: the passkey was not used", timeout=_T)
    expect(page.locator("#msg")).to_contain_text("If you created it on another phone or computer, open this page there")
    expect(page.locator("#msg")).not_to_contain_text("w3.org")
    page.context.close()
