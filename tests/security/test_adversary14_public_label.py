"""Adversary 14: XMP that contradicts the disclosure, read by the public verify page.

``public_facts`` reports ``label.in_metadata`` — "AI label in metadata: Yes" on the page — as
``bool(report.digital_source_type_xmp)``: *any* ``Iptc4xmpExt:DigitalSourceType`` counts as
the AI label, whatever it says. An upload whose XMP declares the picture a camera capture
(``…/digitalsourcetype/digitalCapture``) is then told to the public as carrying the AI label:

- a copy of a studio output, re-saved with "camera capture" in its XMP (how a launderer
  passes an AI picture off as a photo to tools that read IPTC), resolves by its watermark and
  the page says "AI label in metadata: Yes" — the layer that was removed is reported present;
- a picture the studio never made, with the same XMP, is "No credentials found" and yet
  "AI label in metadata: Yes".

The verdicts themselves stay right (the copy's facts are the original's; the stranger's are
none): the lie is in the one row that says what this file's own metadata discloses.
"""

from __future__ import annotations

import re

import pytest
from PIL import Image
from starlette.testclient import TestClient

from creator.disclosure.xmp import encode_with_xmp
from public_support import public_app
from studio_world import StubEngine, noise, open_world

CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
_XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
        f'<Iptc4xmpExt:DigitalSourceType>{CAPTURE}</Iptc4xmpExt:DigitalSourceType>'
        '</rdf:Description></rdf:RDF></x:xmpmeta>')


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    it = open_world(tmp_path_factory.mktemp("adv14label"), stub_by_default=True, files_only=True)
    world = next(it)
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-14")
    out = world.studio(StubEngine(images=[noise(512, seed=5)])).generate(
        world.request(prompt="jane at the harbour", subjects=("jane",), width=512, height=512)).outputs[0]
    yield world, out
    it.close()


def _label_row(page: str) -> str:
    m = re.search(r"<dt>AI label in metadata</dt><dd>([^<]*)</dd>", page)
    assert m, page
    return m.group(1)


def test_a_copy_relabelled_as_a_camera_capture_is_not_said_to_carry_the_ai_label(made):
    world, out = made
    with Image.open(out.path) as im:
        relabelled = encode_with_xmp(im.convert("RGB"), "png", _XMP)
    c = TestClient(public_app(world))
    f = c.post("/public/api/verify", files={"file": ("copy.png", relabelled, "image/png")}).json()
    assert f["verdict"] == "copy_of_original" and f["facts_from"] == "original_via_watermark", f  # found as a copy
    page = c.post("/public/verify", files={"file": ("copy.png", relabelled, "image/png")}).text
    assert f["label"]["in_metadata"] is not True and _label_row(page) != "Yes", (f["label"], _label_row(page))
    # the fix: the claim is said plainly, against the original's facts
    assert f["label"]["metadata_says"] == "digitalCapture" and f["ai_generated"] is True, f
    assert _label_row(page) == "No: its metadata claims a camera capture, but the original is AI-generated", page


def test_a_picture_declared_a_camera_capture_is_not_said_to_carry_the_ai_label(made):
    world, _ = made
    photo = encode_with_xmp(noise(256, seed=11), "png", _XMP)
    c = TestClient(public_app(world))
    f = c.post("/public/api/verify", files={"file": ("photo.png", photo, "image/png")}).json()
    assert f["verdict"] == "no_credentials", f
    page = c.post("/public/verify", files={"file": ("photo.png", photo, "image/png")}).text
    assert f["label"]["in_metadata"] is not True and _label_row(page) != "Yes", (f["label"], _label_row(page))
    assert _label_row(page) == "No: its metadata claims a camera capture", page


@pytest.mark.parametrize("value, in_metadata, says", [
    ("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", True, "trainedAlgorithmicMedia"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia", True,
     "compositeWithTrainedAlgorithmicMedia"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia", False, "algorithmicMedia"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic", False, "compositeSynthetic"),
    ("http://cv.iptc.org/newscodes/digitalsourcetype/screenCapture", False, "screenCapture"),
    ("<script>alert(1)</script>", False, "other"),  # never echoed: a whitelist of IPTC terms
    (None, False, None),
])
def test_only_an_ai_source_type_counts_as_the_label_and_the_claim_is_a_known_term(value, in_metadata, says):
    from creator.ui.public import _metadata_label

    assert _metadata_label(value) == {"in_metadata": in_metadata, "metadata_says": says}
