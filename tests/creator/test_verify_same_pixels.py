"""A PNG copy whose pixels are exactly an output's (the output saved again without its metadata:
``exiftool -all=``, a CMS that strips PNG chunks, a lossless re-save) is known by the digest of
its pixels, recorded and signed with every PNG output, before any watermark read: the verifier
gets the same answer as through the watermark, sooner, and does not depend on the mark reading.

What a user sees: the copy's report (verdict, reasons, the recovered original, its grants) is
the one the watermark path gives; a copy that differs by one pixel value is not taken for the
output by its pixels (it goes through the watermark and the comparison with its original as
before); a JPEG output has no pixel digest (what a copy decodes to depends on the decoder).
Attacks on the recorded digests: tests/security/test_pixel_digest_tampering.py.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.disclosure import fingerprint
from creator.disclosure.watermark import Watermarker
from creator.verify import verify


@pytest.fixture
def made(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    (out,) = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs
    verify_mod._forget()
    return stub_world, out


def _stripped(out, path):
    with Image.open(out.path) as im:
        im.convert("RGB").save(path)  # pixels kept, every chunk but the picture's dropped
    return path


def _no_watermark_reads(monkeypatch):
    """The watermark reader fails if called: what is left is the pixel digest path."""
    calls = []

    def refuse(self, *a, **k):
        calls.append(1)
        raise AssertionError("the watermark was read")

    monkeypatch.setattr(Watermarker, "read_array", refuse)
    return calls


def test_a_png_output_is_recorded_with_the_digest_of_its_exact_pixels(made):
    world, out = made
    rec = world.registry.find_output(sha256=out.sha256)
    decoded = verify_mod._decode_rgb(out.path.read_bytes())
    assert rec.pixels_sha256 == fingerprint.pixels_digest(decoded)
    assert world.registry.find_output(pixels_sha256=rec.pixels_sha256).sha256 == out.sha256
    (entry,) = [e for e in world.registry.audit_entries() if e.kind == "generation"]
    assert [o.get("pixels_sha256") for o in entry.payload["outputs"]] == [rec.pixels_sha256]  # signed with it


def test_a_stripped_png_copy_is_recovered_by_its_pixels_with_the_watermark_paths_report(made, tmp_path, monkeypatch):
    world, out = made
    copy = _stripped(out, tmp_path / "copy.png")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() != out.sha256  # other bytes, the same pixels
    with monkeypatch.context() as m:  # the watermark path, as before pixel digests
        m.setattr(verify_mod, "_same_pixels", lambda settings, data, digest, pixels, *a: (None, pixels))
        by_mark = verify(copy, settings=world.settings, registry=world.registry)
    verify_mod._forget()
    reads = _no_watermark_reads(monkeypatch)
    by_pixels = verify(copy, settings=world.settings, registry=world.registry)
    assert not reads
    assert by_pixels.verdict == "FAIL" and by_pixels.recovered is not None and by_pixels.recovered.ok
    assert by_pixels.watermark_read == by_mark.watermark_read == world.registry.find_output(
        sha256=out.sha256).watermark_payload
    assert by_pixels.to_dict() == by_mark.to_dict()
    assert any("this is a copy of output" in r and "original Trusted" in r for r in by_pixels.reasons)


def test_a_copy_of_a_revoked_output_found_by_its_pixels_says_so(made, tmp_path, monkeypatch):
    world, out = made
    copy = _stripped(out, tmp_path / "copy.png")
    world.ops.revoke_grant("g-jane-1", "actor withdrew consent", "legal@acme")
    _no_watermark_reads(monkeypatch)
    report = verify(copy, settings=world.settings, registry=world.registry)
    assert report.recovered is not None and not report.recovered.ok
    assert any("revoked" in r for r in report.recovered.reasons), report.recovered.reasons


def test_one_pixel_value_changed_is_not_the_outputs_pixels(made, tmp_path, monkeypatch):
    world, out = made
    with Image.open(out.path) as im:
        a = np.array(im.convert("RGB"))
    a[-1, -1, 0] ^= 1
    copy = tmp_path / "changed.png"
    Image.fromarray(a).save(copy)
    report = verify(copy, settings=world.settings, registry=world.registry)  # the watermark path: still a copy
    assert report.recovered is not None and report.recovered.ok, report.reasons
    verify_mod._forget()
    reads = _no_watermark_reads(monkeypatch)
    report = verify(copy, settings=world.settings, registry=world.registry)
    assert reads and report.recovered is None  # no mark read, and the pixels are nobody's


def test_a_jpeg_output_has_no_pixel_digest_and_its_png_copy_goes_by_its_mark(stub_world, tmp_path):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    settings = stub_world.settings.model_copy(update={"output_format": "jpeg"})
    (out,) = stub_world.studio(settings=settings).generate(
        stub_world.request(prompt="a harbour at dawn", subjects=("jane",))).outputs
    assert stub_world.registry.find_output(sha256=out.sha256).pixels_sha256 is None
    report = verify(_stripped(out, tmp_path / "copy.png"), settings=settings, registry=stub_world.registry)
    assert report.recovered is not None and report.recovered.ok, report.reasons
