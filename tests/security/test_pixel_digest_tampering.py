"""A database editor and the recorded pixel digests (each PNG output's exact pixels, named: verify
takes a picture with that digest for the output itself, without reading its watermark).

Whoever can edit the database must not be able to make a picture of their choosing "a copy of"
an output by writing its digest into that output's row: a row's digest counts only where the
output's signed ``generation`` entry lists the same one — strictly, so an output recorded before
digests were kept (its entry lists none) cannot be given one either. A refused row is reported
("registry integrity failure", audited) and the picture is verified by its watermark as before.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from skimage import data as skdata

from creator import verify as verify_mod
from creator.disclosure import _pipeline, fingerprint
from creator.verify import verify
from verify_support import integrity_audited, made_under_grant, raw_db


def _made(world):
    out = made_under_grant(world)
    verify_mod._forget()
    return out


def _unrelated(tmp_path):
    """A picture the studio never made, and the digest of its pixels."""
    pixels = np.asarray(Image.fromarray(skdata.coffee()).resize((512, 512)).convert("RGB"))
    path = tmp_path / "unrelated.png"
    Image.fromarray(pixels).save(path)
    return path, fingerprint.pixels_digest(pixels)



def _assert_not_vouched(report):
    assert not report.ok and report.recovered is None
    text = "; ".join(report.reasons)
    assert "this is a copy of output" not in text, text
    return text


def test_a_digest_written_into_an_outputs_row_does_not_make_another_picture_its_copy(stub_world, tmp_path):
    out = _made(stub_world)
    picture, digest = _unrelated(tmp_path)
    control = verify(picture, settings=stub_world.settings, registry=stub_world.registry)
    assert control.recovered is None and control.watermark_read is None  # the control: nobody's picture
    with raw_db(stub_world) as db:
        db.execute("UPDATE outputs SET pixels_sha256 = ? WHERE sha256 = ?", (digest, out.sha256))
    verify_mod._forget()
    text = _assert_not_vouched(verify(picture, settings=stub_world.settings, registry=stub_world.registry))
    assert "registry integrity failure" in text and "pixels_sha256" in text, text
    assert integrity_audited(stub_world)
    audit = stub_world.registry.verify_audit()
    assert not audit.ok and "pixels_sha256" in audit.message


def test_an_output_recorded_without_a_digest_cannot_be_given_one(stub_world, tmp_path, monkeypatch):
    """The entry of an output recorded before digests were kept lists none: a row that holds one
    is refused, not taken as "a field the entry did not sign yet"."""
    monkeypatch.setattr(_pipeline, "_step_pixels_digest", lambda pixels: None)
    out = _made(stub_world)
    monkeypatch.undo()
    assert stub_world.registry.find_output(sha256=out.sha256).pixels_sha256 is None
    picture, digest = _unrelated(tmp_path)
    with raw_db(stub_world) as db:
        db.execute("UPDATE outputs SET pixels_sha256 = ? WHERE sha256 = ?", (digest, out.sha256))
    text = _assert_not_vouched(verify(picture, settings=stub_world.settings, registry=stub_world.registry))
    assert "registry integrity failure" in text, text


def test_a_digest_cleared_from_the_row_is_an_integrity_failure_not_a_quiet_fallback(stub_world, tmp_path):
    out = _made(stub_world)
    copy = tmp_path / "copy.png"
    with Image.open(out.path) as im:
        im.convert("RGB").save(copy)
    with raw_db(stub_world) as db:
        db.execute("UPDATE outputs SET pixels_sha256 = NULL WHERE sha256 = ?", (out.sha256,))
    report = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    text = _assert_not_vouched(report)
    assert "registry integrity failure" in text or "signed generation entry" in text, text
    assert not stub_world.registry.verify_audit().ok
