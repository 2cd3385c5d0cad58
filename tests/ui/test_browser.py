"""The studio in a real browser: Debian's Chromium, headless, driven by Playwright.

One server for the module (``consent-studio serve`` in a subprocess, see conftest). The
scenarios are what users do: a creator generates and downloads a signed image that verifies
Trusted; a denied request shows its reasons and no files; a creator inpaints with a diffusion
model, painting the mask with the mouse, and the download verifies. Screenshots of each tab go to
``artifacts/screenshots/``. A grant drafted in the form and signed by the person with a
passkey, then the creator's next request allowed: tests/ui/test_browser_talent.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_support import CREATOR, CREATOR_PW, LiveServer, verify_on, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from browser_support import browser, pick as _pick, shot as _shot, signed_in as _page, type_id as _type_id, open_settings  # noqa: E402,F401,F811

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from consent.records import Subject  # noqa: E402
from consent.registry import Registry  # noqa: E402
from consent.signing import generate_key_files  # noqa: E402
from creator.disclosure.c2pa import read_manifest  # noqa: E402
from creator.verify import verification_context  # noqa: E402

_T = 60_000  # ms: generous, the CPU is shared
expect.set_options(timeout=_T)


@pytest.fixture(scope="module")
def studio(live_server: LiveServer) -> LiveServer:
    """Two registered people: Jane (with her own signing key) and Nora (no grant)."""
    jane_keys = generate_key_files(live_server.work / "keys", "jane-doe")
    registry = Registry.from_settings(live_server.settings)
    try:
        registry.add_subject(Subject(id="jane-doe", display_name="Jane Doe"), keys=[jane_keys.public_path.read_text()])
        registry.add_subject(Subject(id="nora-north", display_name="Nora North"))
    finally:
        registry.close()
    live_server.keys["jane-doe"] = jane_keys
    release = live_server.work / "jane-release.pdf"
    release.write_bytes(b"%PDF-1.4 model release signed by Jane Doe\n")
    live_server.evidence = release
    return live_server










def _download(page: Page, link, studio: LiveServer) -> Path:
    """Click a download link and save the file exactly as the browser received it."""
    with page.expect_download() as dl:
        link.click()
    saved = studio.work / "downloaded" / dl.value.suggested_filename
    saved.parent.mkdir(exist_ok=True)
    dl.value.save_as(saved)
    return saved


def test_creator_generates_downloads_and_the_bytes_verify_trusted(browser: Browser, studio: LiveServer) -> None:
    page = _page(browser, studio.url, CREATOR, CREATOR_PW)
    # creators see Generate and Verify only
    expect(page.get_by_role("tab", name="Generate")).to_be_visible()
    expect(page.get_by_role("tab", name="Verify")).to_be_visible()
    expect(page.get_by_role("tab", name="People & consent")).to_have_count(0)
    expect(page.get_by_role("tab", name="Audit")).to_have_count(0)
    expect(page.get_by_label("Grantee")).to_have_value(CREATOR)

    page.get_by_label("Prompt", exact=True).fill("studio portrait of a person, soft window light")
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#decision")).to_contain_text("Allowed")
    link = page.locator("#downloads").get_by_role("link").first
    expect(link).to_be_visible()
    expect(page.locator("#output-verification")).to_contain_text("C2PA: Trusted")
    _shot(page, "generate-creator")

    saved = _download(page, link, studio)
    report = verify_on(studio.settings, saved)
    assert report.c2pa_state == "Trusted" and report.ok, report.reasons
    original = studio.settings.outputs_dir / saved.name
    assert saved.read_bytes() == original.read_bytes()  # served as the signed file, never re-encoded

    # the Verify tab says the same about the downloaded bytes
    page.get_by_role("tab", name="Verify").click()
    page.locator("#verify-file input[type=file]").set_input_files(str(saved))
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.locator("#verify-summary")).to_contain_text("OK")
    expect(page.locator("#verify-summary")).to_contain_text("Trusted")
    _shot(page, "verify")
    page.context.close()


def test_denied_request_shows_its_reasons(browser: Browser, studio: LiveServer) -> None:
    page = _page(browser, studio.url, CREATOR, CREATOR_PW)
    # an allowed run first: its files must not stay on screen after the denial
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#downloads").get_by_role("link")).to_have_count(1)
    expect(page.locator("#gallery img")).not_to_have_count(0)

    _type_id(page, "Subjects depicted", "nora-north")
    page.get_by_role("button", name="Check consent").click()
    decision = page.locator("#decision")
    expect(decision).to_contain_text("Denied")
    expect(decision).to_contain_text("nora-north")
    expect(decision).to_contain_text("Reasons")
    check_text = decision.inner_text()

    page.get_by_role("button", name="Generate").click()
    # said under the buttons, not in a pop-up over the form (user audit: it covered the Project field)
    expect(page.locator("#job-status")).to_contain_text("denied, nothing was generated")
    expect(page.locator("#job-status")).to_contain_text("The decision below says what to do.")
    expect(page.locator(".toast-body")).to_have_count(0)
    # the decision panel holds this Generate's own decision, every finding per likeness
    expect(decision).to_contain_text("Nothing was generated.")
    expect(decision).not_to_have_text(check_text)
    expect(decision).to_contain_text("Denied")
    expect(decision.locator(".cs-reasons")).to_contain_text("nora-north")  # in plain words, once
    expect(decision.get_by_role("cell", name="no_grant", exact=True, include_hidden=True)).to_be_attached()  # the raw finding, folded
    expect(decision).to_contain_text("has no consent grant")
    expect(page.locator("#output-verification")).to_contain_text("Nothing was generated")
    expect(page.locator("#downloads").get_by_role("link")).to_have_count(0)
    expect(page.locator("#gallery img")).to_have_count(0)
    expect(page.get_by_text("Error", exact=True)).to_have_count(0)  # a denial is an answer, not a crash
    _shot(page, "generate-denied")
    page.context.close()


def test_creator_inpaints_with_a_diffusion_model_and_the_download_verifies(
    browser: Browser, studio: LiveServer, tiny_models, tmp_path: Path
) -> None:
    """Diffusion engine, inpaint mode: the mask is painted with the mouse in the image editor."""
    source = tmp_path / "harbour.png"
    pixels = np.zeros((256, 256, 3), np.uint8)
    pixels[..., 0] = np.linspace(20, 220, 256, dtype=np.uint8)[None, :]
    pixels[..., 2] = np.linspace(200, 60, 256, dtype=np.uint8)[:, None]
    Image.fromarray(pixels).save(source)  # no face in it

    from consent.operations import Operations
    from consent.registry import Registry

    with Registry.from_settings(studio.settings) as reg:  # an operator registers the model
        if reg.get_model("tiny-sd") is None:
            Operations(reg).register_model("tiny-sd", tiny_models.sd, kind="diffusers", licence="test weights")
    page = _page(browser, studio.url, CREATOR, CREATOR_PW)
    page.get_by_label("diffusion", exact=True).check()
    page.get_by_label("Inpaint (paint the mask)").check()
    _pick(page, "Model", "tiny-sd (diffusers)")
    page.get_by_label("Prompt", exact=True).fill("a quiet harbour at dusk")
    editor = page.locator("#source-editor")
    editor.locator("input[type=file]").set_input_files(str(source))
    expect(editor.get_by_role("button", name="Brush", exact=True)).to_be_visible()
    editor.get_by_role("button", name="Brush", exact=True).click()
    canvas = editor.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dy in (-30, -10, 10, 30):  # a few strokes across the middle of the picture
        page.mouse.move(cx - 50, cy + dy)
        page.mouse.down()
        page.mouse.move(cx + 50, cy + dy, steps=12)
        page.mouse.up()

    open_settings(page)
    steps = page.locator("#steps input[type=number]")
    steps.fill("2")
    steps.press("Tab")  # Enter would submit the form (Generate) before Width and Height are picked
    _pick(page, "Width", "256")
    _pick(page, "Height", "256")
    page.get_by_role("button", name="Generate").click()
    expect(page.locator("#decision")).to_contain_text("Allowed")
    link = page.locator("#downloads").get_by_role("link").first
    expect(link).to_be_visible()
    expect(page.locator("#output-verification")).to_contain_text("compositeWithTrainedAlgorithmicMedia")
    _shot(page, "generate-inpaint")

    saved = _download(page, link, studio)
    page.context.close()

    report = verify_on(studio.settings, saved)
    assert report.c2pa_state == "Trusted" and report.ok, report.reasons
    assert report.digital_source_type_manifest.endswith("compositeWithTrainedAlgorithmicMedia")
    with Image.open(saved) as im:
        assert im.size == (256, 256)
    readout = read_manifest(saved.read_bytes(), "image/png", verification_context(studio.settings))
    assert [i.get("relationship") for i in readout.ingredients] == ["parentOf"], readout.ingredients
