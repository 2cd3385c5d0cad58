"""The public verify page in a real browser (Debian's Chromium, headless), without signing in.

A member of the public receives a copy of a studio output that a platform stripped of its
metadata, shrank and cropped; they open ``/public/verify`` on a desktop and on a phone
(390×844), upload it, and read the original's disclosure facts: AI-generated, a real person's
likeness used under a recorded consent that is current, the watermark resolving to the
original. Screenshots go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import SCREENSHOTS, LiveServer, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, expect  # noqa: E402

from browser_support import browser  # noqa: E402,F401,F811
from PIL import Image  # noqa: E402

_T = 60_000
expect.set_options(timeout=_T)


@pytest.fixture(scope="module")
def copy_of_output(live_server: LiveServer) -> tuple[Path, str]:
    """An output made through the recipe on the live studio's data (Pia, a registered person, under
    her current grant), and a copy of it: metadata stripped, resized to 0.6×, cropped, JPEG q80."""
    from consent.registry import Registry
    from studio_world import StubEngine, World, noise

    registry = Registry.from_settings(live_server.settings)
    try:
        world = World(settings=live_server.settings, registry=registry)
        world.add_person("pia-public", "Pia Public")
        world.issue_grant("pia-public", "g-pia-public-1")
        studio = world.studio(StubEngine(images=[noise(512, seed=11)]))
        out = studio.generate(world.request(prompt="pia on the pier", subjects=("pia-public",),
                                            width=512, height=512)).outputs[0]
    finally:
        registry.close()
    with Image.open(out.path) as im:
        rgb = im.convert("RGB")
    small = rgb.resize((int(rgb.width * 0.6), int(rgb.height * 0.6)), Image.Resampling.BILINEAR)
    copy = live_server.work / "shared-copy.jpg"
    small.crop((9, 14, small.width - 17, small.height - 6)).save(copy, "JPEG", quality=80)
    return copy, out.sha256[:12]


@pytest.mark.parametrize("name,viewport", [("desktop", {"width": 1280, "height": 900}),
                                           ("phone", {"width": 390, "height": 844})])
def test_anyone_uploads_a_stripped_resized_cropped_copy_and_sees_the_originals_facts(
        browser: Browser, live_server: LiveServer, copy_of_output, name, viewport) -> None:
    copy, original_id = copy_of_output
    context = browser.new_context(viewport=viewport, is_mobile=name == "phone", has_touch=name == "phone")
    context.set_default_timeout(_T)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/public/verify")
        expect(page.get_by_role("heading", name="Verify an image")).to_be_visible()
        assert page.get_by_label("username").count() == 0  # no sign-in asked
        page.get_by_label("Image to check (PNG, JPEG or WebP)").set_input_files(str(copy))
        page.get_by_role("button", name="Check image").click()
        verdict = page.get_by_role("status")
        expect(verdict).to_contain_text("Copy of an image made by this studio")
        expect(verdict).to_contain_text("Note:")  # the verdict in words, not colour alone
        facts = page.locator("#facts")
        expect(facts).to_contain_text(f"resolves to original {original_id}")
        expect(facts).to_contain_text("used under a recorded consent decision; consent now: current")
        expect(facts).to_contain_text("AI-generated")
        text = page.content()
        assert "Pia Public" not in text and "pia-public" not in text and "g-pia-public-1" not in text
        assert "pia on the pier" not in text and str(live_server.data_dir) not in text
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "page scrolls sideways"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"public-verify-{name}.png"), full_page=True)
    finally:
        context.close()
