"""The camera presence check, in a real browser: Chromium's fake camera plays a video made from
a synthetic face (a DCGAN face of nobody turning its head left, centre, right, centre, in a
loop), a CDP virtual authenticator holds the passkey.

- The person enrolled from that same synthetic face passes the random head-turn challenge and
  then signs; the grant carries the check's record as ``presence_check`` evidence.
- A different synthetic face on camera is refused with a plain message and cannot sign.

Screenshots of the camera step at phone (390x844) and desktop widths go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from ui_support import CHROMIUM, CREATOR, LiveServer, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402
from presence_support import face, png, write_y4m  # noqa: E402

from browser_support import ARGS, shot  # noqa: E402

from consent.registry import Registry  # noqa: E402

_T = 60_000
expect.set_options(timeout=_T)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SID = "cam-person"


@pytest.fixture(scope="module")
def links(live_server: LiveServer) -> dict[str, str]:
    """Cam Person, enrolled from the synthetic 'subject' face; two drafts, one link each."""
    from consent.drafts import Drafts
    from creator.personas import operations_for
    from creator.talent import signing_url

    registry = Registry.from_settings(live_server.settings)
    try:
        ops = operations_for(live_server.settings, registry)
        ops.add_subject(SID, "Cam Person")
        ops.enroll(SID, [png(face("subject"))])
        now = datetime.now(timezone.utc)
        out = {}
        for name in ("signs", "stranger"):
            _, ln = Drafts(ops).create({
                "subject_id": SID, "grantee": CREATOR, "project": f"camera-{name}",
                "description": "Portrait stills of Cam Person for the autumn catalogue", "purposes": ["art"],
                "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
                "valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=30),
                "evidence": [{"kind": "signed_release", "sha256": "ef" * 32}]}, created_by="test:olive")
            out[name] = signing_url(live_server.url.replace("127.0.0.1", "localhost"), ln[0].token)
    finally:
        registry.close()
    return out


def _camera_browser(tmp: Path, who: str) -> Iterator[Browser]:
    video = write_y4m(tmp / f"{who}.y4m", face(who))
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            *ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}"])
        yield b
        b.close()


@pytest.fixture
def subject_camera(tmp_path: Path) -> Iterator[Browser]:
    yield from _camera_browser(tmp_path, "subject")


@pytest.fixture
def stranger_camera(tmp_path: Path) -> Iterator[Browser]:
    yield from _camera_browser(tmp_path, "stranger")


def _passkey_device(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    page._cdp = cdp


def test_the_enrolled_person_passes_the_head_turn_challenge_then_signs(
        subject_camera: Browser, links: dict[str, str], live_server: LiveServer) -> None:
    phone = subject_camera.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()
    phone.context.set_default_timeout(_T)
    _passkey_device(phone)
    phone.goto(links["signs"])
    expect(phone.get_by_role("heading", name="Step 1: show it is you")).to_be_visible()
    accept = phone.get_by_role("button", name="Accept and sign with a passkey")
    expect(accept).to_be_disabled()
    shot(phone, "talent-camera-phone")
    phone.get_by_role("button", name="Start the camera check").click()
    expect(phone.locator("#cam-say")).to_contain_text("Turn your head to your")
    shot(phone, "talent-camera-live-phone")
    expect(phone.get_by_text("Passed at")).to_be_visible()  # the page reloads with the check as evidence
    expect(phone.get_by_text("a camera check that the person was there")).to_be_visible()
    shot(phone, "talent-camera-passed-phone")
    phone.get_by_role("button", name="Accept and sign with a passkey").click()
    expect(phone.locator("#msg")).to_contain_text("Signed. The grant is now in force")

    from consent.drafts import presence_evidence

    registry = Registry.from_settings(live_server.settings)
    try:
        grants = registry.list_grants(SID)
        assert len(grants) == 1 and presence_evidence(grants[0].grant) is not None
        entries = registry.audit_page(kind="draft_presence", limit=10)
        assert entries and entries[0].payload["presence"]["passed"] is True
    finally:
        registry.close()
    phone.context.close()


def test_a_different_face_on_camera_is_refused_and_cannot_sign(
        stranger_camera: Browser, links: dict[str, str]) -> None:
    desk = stranger_camera.new_context(viewport=DESKTOP).new_page()
    desk.context.set_default_timeout(_T)
    _passkey_device(desk)
    desk.goto(links["stranger"])
    shot(desk, "talent-camera-desktop")
    desk.get_by_role("button", name="Start the camera check").click()
    expect(desk.locator("#cam-msg")).to_contain_text("does not look like Cam Person's photos on record")
    expect(desk.get_by_role("button", name="Accept and sign with a passkey")).to_be_disabled()
    shot(desk, "talent-camera-wrong-person-desktop")
    desk.context.close()
