"""A database editor and the recorded fingerprints (each output's coarse picture, which verify
compares a copy with instead of decoding the original).

The fingerprint decides whether an upload is a copy of an output or a mark lifted onto another
picture, so whoever can edit the database must not be able to choose it: verify uses it only
when its bytes hash to the digest the output's signed ``generation`` audit entry lists, and
otherwise refuses to vouch for the copy ("registry integrity failure", audited) — it does not
quietly fall back to anything else.
"""

from __future__ import annotations


import numpy as np
from PIL import Image

from creator import verify as verify_mod
from creator.disclosure import fingerprint
from creator.disclosure.watermark import Watermarker
from creator.verify import verify
from verify_support import integrity_audited, lifted_mark, made_under_grant, raw_db





def test_a_fingerprint_swapped_for_the_forged_pictures_does_not_make_it_a_copy(stub_world, tmp_path):
    out = made_under_grant(stub_world)
    forged, pixels = lifted_mark(out, tmp_path)
    assert Watermarker(stub_world.settings.watermark_key()).read(Image.open(forged)).payload is not None
    verify_mod._forget()
    control = verify(forged, settings=stub_world.settings, registry=stub_world.registry)
    assert control.recovered is None and control.watermark_elsewhere  # the control: not a copy

    # the editor writes the forged picture's fingerprint in the original's place
    with raw_db(stub_world) as db:
        db.execute("UPDATE output_fingerprints SET data = ? WHERE sha256 = ?", (fingerprint.of_pixels(pixels), out.sha256))
    verify_mod._forget()
    report = verify(forged, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.recovered is None
    text = "; ".join(report.reasons)
    assert "fingerprint" in text and "signed generation entry" in text, text
    assert "this is a copy of output" not in text
    assert integrity_audited(stub_world)


def test_a_deleted_fingerprint_is_refused_not_skipped(stub_world, tmp_path):
    out = made_under_grant(stub_world)
    copy = tmp_path / "copy.png"
    with Image.open(out.path) as im:  # one pixel value changed: a copy that must be compared with its
        a = np.array(im.convert("RGB"))  # original (one with the output's exact pixels needs no comparison:
    a[-1, -1, 0] ^= 1                    # tests/creator/test_verify_same_pixels.py)
    Image.fromarray(a).save(copy)
    with raw_db(stub_world) as db:
        db.execute("DELETE FROM output_fingerprints WHERE sha256 = ?", (out.sha256,))
    verify_mod._forget()
    report = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.recovered is None
    assert any("fingerprint in the registry is missing" in r for r in report.reasons), report.reasons


def test_a_digest_dropped_from_the_output_row_does_not_switch_the_check_off(stub_world, tmp_path):
    """The digest comes from the signed entry, not from a column an editor could clear: editing
    the output row's other columns is caught by the row check, and the fingerprint stays bound."""
    out = made_under_grant(stub_world)
    rec = stub_world.registry.find_output(sha256=out.sha256)
    assert rec.fingerprint_sha256 is not None
    forged, pixels = lifted_mark(out, tmp_path)
    with raw_db(stub_world) as db:
        db.execute("UPDATE output_fingerprints SET data = ? WHERE sha256 = ?", (fingerprint.of_pixels(pixels), out.sha256))
    again = stub_world.registry.find_output(watermark_payload=rec.watermark_payload)
    assert again.fingerprint_sha256 == rec.fingerprint_sha256
    verify_mod._forget()
    report = verify(forged, settings=stub_world.settings, registry=stub_world.registry)
    assert report.recovered is None and not report.ok
