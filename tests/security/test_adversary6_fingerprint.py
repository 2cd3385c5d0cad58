"""Red team, round 6: output fingerprints (the coarse picture verify compares a copy with)
against a database editor. These attacks hold; the tests pin the behaviour.

- A record made without a fingerprint (its signed generation entry lists none) is compared with
  its decoded original: a fingerprint row the editor adds for it is never read, so the
  fingerprint of a forged picture (an output's mark lifted onto another picture) written there
  does not make the forgery a copy.
- Two outputs' fingerprint rows swapped: each is refused (its bytes do not hash to the digest
  its own signed entry lists), and neither copy is vouched for. (A copy with an output's exact
  pixels is known by their signed digest and compared with no fingerprint:
  tests/security/test_pixel_digest_tampering.py.)
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from skimage import data as skdata
from studio_world import StubEngine
from verify_support import lifted_mark, raw_db

from creator import verify as verify_mod
from creator.disclosure import _pipeline, fingerprint
from creator.verify import verify


def _make(world, picture, prompt):
    (out,) = world.studio(StubEngine(images=[picture])).generate(
        world.request(prompt=prompt, subjects=("jane",), width=512, height=512)).outputs
    return out


def test_a_fingerprint_row_added_for_a_record_made_without_one_is_never_read(stub_world, tmp_path, monkeypatch):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    monkeypatch.setattr(_pipeline, "_step_fingerprint", lambda marked, pixels=None: None)  # as before fingerprints
    out = _make(w, Image.fromarray(skdata.chelsea()).resize((512, 512)), "a lighthouse at dusk")
    monkeypatch.undo()
    assert w.registry.find_output(sha256=out.sha256).fingerprint_sha256 is None
    forged, pixels = lifted_mark(out, tmp_path)
    with raw_db(w) as db:  # the editor gives the old record the forged picture's fingerprint
        db.execute("INSERT INTO output_fingerprints (sha256, data) VALUES (?, ?)", (out.sha256, fingerprint.of_pixels(pixels)))
    verify_mod._forget()
    report = verify(forged, settings=w.settings, registry=w.registry)
    assert report.recovered is None and not report.ok
    assert report.watermark_elsewhere, report.reasons  # judged against the decoded original: a lifted mark
    assert "this is a copy of output" not in "; ".join(report.reasons)


def test_two_outputs_fingerprints_swapped_vouch_for_neither_copy(stub_world, tmp_path):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    a = _make(w, Image.fromarray(skdata.chelsea()).resize((512, 512)), "a cat on a rug")
    b = _make(w, Image.fromarray(skdata.coffee()).resize((512, 512)), "a cup of coffee")
    with raw_db(w) as db:
        fa = db.execute("SELECT data FROM output_fingerprints WHERE sha256=?", (a.sha256,)).fetchone()[0]
        fb = db.execute("SELECT data FROM output_fingerprints WHERE sha256=?", (b.sha256,)).fetchone()[0]
        db.execute("UPDATE output_fingerprints SET data=? WHERE sha256=?", (fb, a.sha256))
        db.execute("UPDATE output_fingerprints SET data=? WHERE sha256=?", (fa, b.sha256))
    for out in (a, b):
        copy = tmp_path / f"copy-{out.sha256[:8]}.png"
        with Image.open(out.path) as im:  # one pixel value changed: a copy compared with its original's
            pixels = np.array(im.convert("RGB"))  # fingerprint (one with the output's exact pixels is known
        pixels[-1, -1, 0] ^= 1                    # by their digest and compared with nothing)
        Image.fromarray(pixels).save(copy)
        verify_mod._forget()
        report = verify(copy, settings=w.settings, registry=w.registry)
        assert report.recovered is None and not report.ok
        assert any("fingerprint in the registry is not the one" in r for r in report.reasons), report.reasons
