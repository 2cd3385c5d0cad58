"""Red team: a stripped copy's credentials come from its original's file in the outputs
folder, and verify now remembers that original's coarse picture by content digest. Someone
who can write to the outputs folder swaps another genuine, Trusted output of the same picture
into the original's place, after a first verify filled the cache: the copy must not inherit
either output's credentials, and no verdict may say "original Trusted"."""

from __future__ import annotations

import hashlib
import shutil

import numpy as np
import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.verify import verify


def _copy(src, dst, exact=True):
    """A stripped copy: the pixels alone, as a plain PNG (the OpenCV path), no metadata; not
    ``exact``: one pixel value changed (no longer the output's pixels, so it is compared with the
    original's remembered coarse picture rather than known by its pixel digest)."""
    with Image.open(src) as im:
        a = np.array(im.convert("RGB"))
    if not exact:
        a[-1, -1, 0] ^= 1
    Image.fromarray(a).save(dst, "PNG")
    return dst


@pytest.mark.parametrize("exact", [True, False], ids=["the-outputs-pixels", "one-value-changed"])
def test_another_trusted_output_in_the_originals_place_vouches_for_nothing(stub_world, make_engine, pictures, tmp_path,
                                                                           exact):
    picture = pictures.noise(256, seed=11)
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    a = stub_world.studio(make_engine([picture])).generate(stub_world.request(prompt="a lighthouse", subjects=("jane",)))
    b = stub_world.studio(make_engine([picture])).generate(stub_world.request(prompt="a lighthouse", seed=8))
    (out_a,), (out_b,) = a.outputs, b.outputs
    assert verify(out_b.path, settings=stub_world.settings, registry=stub_world.registry).ok  # B is genuine

    copy = _copy(out_a.path, tmp_path / "copy_of_a.png", exact)
    first = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert first.recovered is not None and first.recovered.ok  # the control: a copy of A resolves to A
    assert any("this is a copy of output" in r for r in first.reasons)
    if not exact:
        assert verify_mod._COARSE.get(out_a.sha256) is not None  # A's coarse picture is now remembered
    else:  # known by its pixels: nothing compared, its pixel digest remembered
        assert verify_mod._PIXELS.get((hashlib.sha256(copy.read_bytes()).hexdigest(), False))

    shutil.copyfile(out_b.path, out_a.path)  # B's genuine bytes (same picture, its own mark) in A's place
    again = verify(copy, settings=stub_world.settings, registry=stub_world.registry)
    assert not again.ok
    assert again.recovered is None
    text = "; ".join(again.reasons)
    assert "does not have that output's content" in text, text
    assert "this is a copy of output" not in text and "Trusted" not in text.replace("not Trusted", "")
