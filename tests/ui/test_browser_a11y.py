"""The studio as a person meets it, in Debian's Chromium (headless, Playwright): accessibility
(axe-core, injected into every tab, at desktop and phone sizes), decisions that say what to do,
Content-Credentials-style verify verdicts, subject management, keyboard submit — and no
traceback in the live server's log for any of it.

Screenshots go to ``artifacts/screenshots/`` (``*-desktop.png`` at 1400×1000, ``*-phone.png``
at 390×844). axe-core comes from the npm registry (``tests/js``: ``npm install``, as ``.ci/run``
does); without it the accessibility test fails in CI and is skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from ui_support import CREATOR, CREATOR_PW, ROOT, LiveServer, require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

require_chromium()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

from browser_support import browser, pick as _pick, shot, signed_in, type_id  # noqa: E402,F401,F811
from PIL import Image  # noqa: E402

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
_T = 60_000
expect.set_options(timeout=_T)
# axe rules for WCAG 2.0/2.1/2.2 A and AA
_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def studio(live_server: LiveServer) -> LiveServer:
    """Jane (her own key, one active grant for the creator) and Nora (no grant)."""
    from consent.operations import Operations
    from consent.records import Subject
    from consent.registry import Registry
    from consent.signing import generate_key_files, load_private_key

    keys = generate_key_files(live_server.work / "ux-keys", "ux-jane")
    now = datetime.now(timezone.utc)
    with Registry.from_settings(live_server.settings) as registry:
        registry.add_subject(Subject(id="ux-jane", display_name="Jane Row"), keys=[keys.public_path.read_text()])
        registry.add_subject(Subject(id="ux-nora", display_name="Nora Nogrant"))
        evidence = live_server.work / "ux-release.pdf"
        evidence.write_bytes(b"%PDF-1.4 release signed by Jane Row\n")
        from consent.operations import evidence_from_file

        Operations(registry).issue_grant({
            "subject_id": "ux-jane", "grantee": CREATOR, "project": "ux-show", "description": "Portrait stills of Jane Row for the gallery show",
            "purposes": ["art"], "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
            "valid_from": (now - timedelta(days=1)).strftime("%Y-%m-%d"),
            "valid_until": (now + timedelta(days=30)).strftime("%Y-%m-%d"), "content_restrictions": [],
            "usage_cap": None, "compensation_ref": None,
            "evidence": [evidence_from_file("signed_release", evidence)],
        }, [load_private_key(keys.private_path, None)])
    return live_server




def _page(browser: Browser, studio: LiveServer, user: str, password: str, viewport: dict = DESKTOP) -> Page:
    return signed_in(browser, studio.url, user, password, viewport=viewport, timeout=_T)


def _shot(page: Page, name: str) -> None:
    shot(page, name, by_size=True)


def _type_id(page: Page, label: str, value: str) -> None:
    type_id(page, label, value, submit=True)


def _operator(browser: Browser, studio: LiveServer, viewport: dict = DESKTOP) -> Page:
    return _page(browser, studio, "admin", studio.admin_password, viewport)




def _axe(page: Page) -> list[dict]:
    """Serious and critical WCAG A/AA violations axe-core finds on the page once it has settled.

    Waits first until nothing is pending: the page's other load events (the engine note, the
    pickers) may still run when "Signed in as" shows (1-2 of them in 2 of 3 sign-ins watched),
    and a block under its progress overlay was once read as a scrollable region without
    keyboard access (``#engine-note``, creator/Generate, desktop, on a loaded machine).

    Then waits for running transitions to end: Gradio fades a block that leaves ``.pending``
    back from opacity 0.2 over 0.15 s, and axe read ``#engine-note``'s text mid-fade as too
    little contrast (CI, creator/Generate, desktop). Endless animations (spinners) are not
    waited for."""
    expect(page.locator(".pending")).to_have_count(0)
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map(a => a.finished.catch(() => null)))""")
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", _TAGS)
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]






# --------------------------------------------------------------------------- accessibility
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_tab_has_no_serious_accessibility_violations(browser: Browser, studio: LiveServer, viewport: dict) -> None:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing; run `npm install` in tests/js (.ci/run does)", pytrace=False)
        pytest.skip(f"{AXE} is missing (cd tests/js && npm install)")
    found: dict[str, list] = {}
    op = _operator(browser, studio, viewport)
    for tab in ("Generate", "People & consent", "Verify", "Audit"):
        op.get_by_role("tab", name=tab).click()
        expect(op.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        op.wait_for_timeout(300)
        found[f"operator/{tab}"] = _axe(op)
        _shot(op, "a11y-" + re.sub(r"\W+", "-", tab.lower()))
    op.context.close()
    creator = _page(browser, studio, CREATOR, CREATOR_PW, viewport)
    found["creator/Generate"] = _axe(creator)
    creator.context.close()
    bad = {k: v for k, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_dark_mode_has_no_serious_accessibility_violations(browser: Browser, studio: LiveServer, viewport: dict) -> None:
    """Gradio's dark theme (``?__theme=dark``, or the system's dark preference) with the studio's dark colours."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing; run `npm install` in tests/js (.ci/run does)", pytrace=False)
        pytest.skip(f"{AXE} is missing (cd tests/js && npm install)")
    found: dict[str, list] = {}
    op = _operator(browser, studio, viewport)
    op.goto(studio.url + "/?__theme=dark")
    expect(op.get_by_text("Signed in as admin")).to_be_visible()
    assert op.evaluate("() => !!document.querySelector('.dark')"), "the dark theme is not applied"
    for tab in ("Generate", "People & consent", "Verify", "Audit"):
        op.get_by_role("tab", name=tab).click()
        expect(op.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        op.wait_for_timeout(300)
        found[f"dark/{tab}"] = _axe(op)
        _shot(op, "a11y-dark-" + re.sub(r"\W+", "-", tab.lower()))
    op.get_by_role("tab", name="Generate").click()
    op.get_by_role("button", name="Check consent").click()  # a decision, in its dark colours
    expect(op.locator("#decision .cs-verdict")).to_be_visible()
    expect(op.locator("#decision")).not_to_have_class(re.compile(r"\bpending\b"))  # faded while it loads
    op.wait_for_timeout(500)  # the fade-in transition ends
    found["dark/decision"] = _axe(op)
    _shot(op, "a11y-dark-decision")
    op.context.close()
    bad = {k: v for k, v in found.items() if v}
    assert not bad, json.dumps(bad, indent=1)


def test_help_text_placeholders_and_primary_button_meet_aa_contrast(browser: Browser, studio: LiveServer) -> None:
    page = _page(browser, studio, CREATOR, CREATOR_PW)
    ratios = page.evaluate("""() => {
      const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
        if (c && !c.endsWith(', 0)') && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
      const btn = [...document.querySelectorAll('button.primary')].find(b => b.offsetParent);
      const info = [...document.querySelectorAll('[data-testid="block-info"], .info, span[data-testid="block-info"]')].find(e => e.offsetParent)
        || [...document.querySelectorAll('div')].find(d => d.offsetParent && d.textContent.trim().startsWith('ISO 3166 code'));
      const input = [...document.querySelectorAll('input[placeholder], textarea[placeholder]')].find(e => e.offsetParent && e.placeholder);
      return {
        button: ratio(getComputedStyle(btn).color, getComputedStyle(btn).backgroundColor),
        help: info ? ratio(getComputedStyle(info).color, bgOf(info)) : null,
        placeholder: ratio(getComputedStyle(input, '::placeholder').color, bgOf(input)),
      };
    }""")
    page.context.close()
    assert ratios["button"] >= 4.5 and ratios["placeholder"] >= 4.5, ratios
    assert ratios["help"] is None or ratios["help"] >= 4.5, ratios


# --------------------------------------------------------------------------- decisions
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_denial_says_what_to_do_and_links_to_the_request_form(browser: Browser, studio: LiveServer, viewport: dict) -> None:
    page = _page(browser, studio, CREATOR, CREATOR_PW, viewport)
    _type_id(page, "Subjects depicted", "ux-nora")
    page.get_by_role("button", name="Check consent").click()
    decision = page.locator("#decision")
    expect(decision.locator(".cs-verdict")).to_contain_text("Denied")
    expect(decision.locator(".cs-icon")).to_have_text("✕")
    reason = decision.locator(".cs-reasons li").first
    expect(reason).to_contain_text("has not given consent for this")
    expect(reason).to_contain_text("Next step")
    expect(decision.locator("details")).not_to_have_attribute("open", "")  # jargon folded away
    expect(decision.get_by_text("no_grant", exact=True)).to_be_hidden()
    # readable on a phone: the reason is a paragraph, not one letter per line
    box = reason.bounding_box()
    assert box is not None and box["width"] >= min(300, viewport["width"] * 0.6), box
    assert box["height"] < 260, box
    _shot(page, "decision-denied")

    decision.get_by_role("link", name=re.compile("request a grant")).click()
    expect(page.locator("#rq-subject input, #rq-subject textarea").first).to_have_value("ux-nora")
    expect(page.get_by_label("A grant for a person")).to_be_checked()
    page.get_by_label("Why", exact=True).fill("Nora agreed by email; please record her grant")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#request-status")).to_contain_text("sent to the operators")
    # the creator sees the request and, once an operator answers, the answer (user audit: creators
    # were told it would appear "here when you refresh", but only operators could list requests)
    mine = page.locator("#my-requests")
    expect(mine).to_contain_text("ux-nora")
    expect(mine).to_contain_text("pending")
    rid = re.search(r"(r-[0-9a-f]+)", page.locator("#request-status").inner_text()).group(1)
    from consent.operations import Operations
    from consent.registry import Registry

    with Registry.from_settings(studio.settings) as reg:
        Operations(reg).answer_request(rid, False, "Nora's agent has not signed the release yet", "ui:admin")
    page.get_by_role("button", name="Refresh answers").click()
    row = mine.locator("tr").filter(has_text=rid)
    expect(row).to_contain_text("declined")
    expect(row).to_contain_text("has not signed the release yet")
    page.context.close()


def test_face_boxes_are_drawn_on_the_uploaded_image(browser: Browser, studio: LiveServer, tiny_models, tmp_path: Path) -> None:
    from skimage import data

    from consent.operations import Operations
    from consent.registry import Registry

    with Registry.from_settings(studio.settings) as reg:
        if reg.get_model("tiny-sd") is None:
            Operations(reg).register_model("tiny-sd", tiny_models.sd, kind="diffusers", licence="test weights")
    photo = tmp_path / "astronaut.png"
    Image.fromarray(data.astronaut()).save(photo)
    page = _page(browser, studio, CREATOR, CREATOR_PW)
    page.get_by_label("diffusion", exact=True).check()
    page.get_by_label("Image to image").check()
    _pick(page, "Model", "tiny-sd (diffusers)")
    page.locator("#source-editor input[type=file]").set_input_files(str(photo))
    expect(page.locator("#source-editor canvas").first).to_be_visible()
    page.get_by_role("button", name="Check consent").click()
    decision = page.locator("#decision")
    expect(decision).to_contain_text("Face 1 in the source")
    img = decision.locator("figure.cs-faces img")
    expect(img).to_be_visible()
    assert img.evaluate("i => i.naturalWidth") > 100
    _shot(page, "decision-face-boxes")
    page.context.close()


# --------------------------------------------------------------------------- verify
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_verify_shows_a_thumbnail_and_a_verdict_in_words_icon_and_colour(browser: Browser, studio: LiveServer,
                                                                          viewport: dict, tmp_path: Path) -> None:
    plain = tmp_path / "holiday.png"
    Image.new("RGB", (300, 200), (10, 120, 200)).save(plain)
    page = _page(browser, studio, CREATOR, CREATOR_PW, viewport)
    page.get_by_role("tab", name="Verify").click()
    page.locator("#verify-file input[type=file]").set_input_files(str(plain))
    # the upload is done (its row shown) before Verify is pressed: pressed earlier, under a loaded
    # CI run, the press went with no file and no verdict came (session 61's one browser failure)
    # (by the row's cell name: Gradio draws the name's stem and extension apart, and once, on a
    # phone-sized page in CI, as "holiday .png", which the text did not match; session 66)
    expect(page.locator("#verify-file").get_by_role("cell", name="holiday.png")).to_be_visible()
    page.get_by_role("button", name="Verify", exact=True).click()
    card = page.locator("#verify-summary .cs-verify")
    expect(card).to_have_attribute("data-verdict", "none")
    expect(card.locator(".cs-verdict")).to_contain_text("No content credentials")
    expect(card.locator(".cs-icon")).to_have_text("?")
    expect(card.locator("img.cs-thumb")).to_be_visible()
    expect(card).not_to_contain_text("NoManifest", use_inner_text=True)  # jargon only in the folded details
    none_colour = card.evaluate("e => getComputedStyle(e).borderLeftColor")
    card.get_by_text("Technical details").click()
    expect(card.locator("details")).to_contain_text("NoManifest")
    _shot(page, "verify-none")

    # a signed output of this studio: credentials OK, another colour and icon
    page.get_by_role("tab", name="Generate").click()
    page.get_by_label("Prompt", exact=True).fill("studio portrait, soft light")
    page.get_by_label("Prompt", exact=True).press("Control+Enter")  # the keyboard submits the main form
    link = page.locator("#downloads").get_by_role("link").first
    expect(link).to_be_visible()
    with page.expect_download() as dl:
        link.click()
    saved = tmp_path / dl.value.suggested_filename
    dl.value.save_as(saved)
    page.get_by_role("tab", name="Verify").click()
    page.locator("#verify-file").get_by_role("button", name="Clear").click()  # the earlier file goes first
    page.locator("#verify-file input[type=file]").set_input_files(str(saved))
    expect(page.locator("#verify-file").get_by_text(saved.stem, exact=False).first).to_be_visible()
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(card).to_have_attribute("data-verdict", "ok")
    expect(card.locator(".cs-verdict")).to_contain_text("Credentials OK")
    expect(card.locator(".cs-icon")).to_have_text("✓")
    assert card.evaluate("e => getComputedStyle(e).borderLeftColor") != none_colour
    _shot(page, "verify-ok")

    # another file that cannot be verified: the earlier verdict is gone, not left beside its name
    broken = tmp_path / "broken.png"
    broken.write_bytes(saved.read_bytes()[:400])
    page.locator("#verify-file").get_by_role("button", name="Clear").click()
    page.locator("#verify-file input[type=file]").set_input_files(str(broken))
    expect(card).to_have_count(0)
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_text("could not be read").first).to_be_visible()
    expect(card).to_have_count(0)
    page.context.close()


# --------------------------------------------------------------------------- subjects
def test_operator_manages_subjects_from_the_page(browser: Browser, studio: LiveServer) -> None:
    op = _operator(browser, studio)
    op.get_by_role("tab", name="People & consent").click()
    expect(op.get_by_role("columnheader", name="faces")).to_be_visible()
    expect(op.get_by_role("columnheader", name="grants")).to_be_visible()

    # add: every picker refreshes (here: the delete picker)
    op.get_by_label("Subject id").fill("ux-temp")
    op.get_by_label("Display name").fill("Temp Person")
    op.get_by_label("Display name").press("Enter")  # Enter submits the form it is in
    expect(op.locator("#subject-status")).to_contain_text("Subject ux-temp saved")
    op.get_by_role("button", name="Delete a subject").click()
    _pick(op, "Subject to delete", "Temp Person (ux-temp)")
    expect(op.locator("#delete-summary")).to_contain_text("Deleting removes the subject")
    op.get_by_role("button", name="Delete subject").click()
    expect(op.get_by_text("tick “Yes, delete this subject”")).to_be_visible()  # confirmation first
    op.get_by_label("Yes, delete this subject").check()
    op.get_by_role("button", name="Delete subject").click()
    expect(op.locator("#delete-status")).to_contain_text("Subject ux-temp deleted")
    expect(op.get_by_role("gridcell", name="ux-temp", exact=True)).to_have_count(0)

    # a subject with grants: what happens is said before anything is done
    _pick(op, "Subject to delete", "Jane Row (ux-jane)")
    expect(op.locator("#delete-summary")).to_contain_text("Cannot be deleted")

    # revoke from a row, with confirmation (the table is filled when the tab opens)
    op.locator("#grant-table").get_by_role("gridcell", name="ux-jane", exact=True).first.click()
    expect(op.locator("#revoke-note")).to_contain_text("Selected grant")
    expect(op.get_by_label("Grant id to revoke")).not_to_have_value("")
    op.get_by_label("Reason", exact=True).fill("test: consent withdrawn")
    op.get_by_role("button", name="Revoke", exact=True).click()
    expect(op.get_by_text("tick “Yes, revoke this grant now”")).to_be_visible()
    _shot(op, "subjects-revoke-confirm")
    op.get_by_label("Yes, revoke this grant now").check()
    op.get_by_role("button", name="Revoke", exact=True).click()
    expect(op.locator("#revoke-note")).to_contain_text("revoked")
    expect(op.get_by_label("Yes, revoke this grant now")).not_to_be_checked()  # the next grant needs its own tick
    op.context.close()


# --------------------------------------------------------------------------- the server's log
def test_no_traceback_reached_the_server_log(studio: LiveServer) -> None:
    """Runs last in this file (and after tests/ui/test_browser.py in a full run: one server per session)."""
    log = "".join(studio.log)
    assert "Traceback (most recent call last)" not in log, log[-6000:]
