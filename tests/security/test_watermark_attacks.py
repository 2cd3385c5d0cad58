"""Attacks on the keyed watermark: forging a mark without the installation key, copying a
known payload id, overwriting a mark, and reading with the wrong key."""

from __future__ import annotations

import io
import os

import numpy as np
import pytest
from PIL import Image
from skimage import data

from creator.disclosure.watermark import Watermarker, new_payload
from creator.disclosure.watermark._v1 import LegacyWatermarker

SIDE = 320


@pytest.fixture(scope="module")
def ours() -> Watermarker:
    return Watermarker(key=os.urandom(32))


@pytest.fixture(scope="module")
def attacker() -> Watermarker:
    return Watermarker(key=os.urandom(32))


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return Image.fromarray(data.coffee()).crop((100, 0, 100 + SIDE, SIDE))


def _jpeg(img: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=q)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def test_mark_forged_with_another_key_reads_nothing(ours, attacker, photo):
    """An attacker with the code but not our key cannot make our reader return any id."""
    forged = attacker.embed(photo, new_payload())
    for copy in (forged, _jpeg(forged, 90), forged.resize((SIDE // 2, SIDE // 2))):
        read = ours.read(copy)
        assert read.payload is None and read.version is None


def test_copied_payload_id_cannot_be_written_as_a_keyed_mark(ours, attacker, photo):
    """The payload id is public (it is in the C2PA soft binding). Writing it with another key
    reads as nothing; writing it as a legacy v1 mark reads as version 1, keyed=False — never
    as a keyed v2 mark, so verification can tell it apart."""
    known = new_payload()
    assert ours.read(attacker.embed(photo, known)).payload is None
    legacy = ours.read(LegacyWatermarker().embed(photo, known))
    assert (legacy.payload, legacy.version, legacy.keyed) == (known, 1, False)
    test_key = ours.read(Watermarker.for_tests().embed(photo, known))
    assert test_key.payload is None


def test_overwriting_with_another_key_leaves_our_mark(ours, attacker, photo):
    """Re-marking our output with a different key and id neither erases ours nor puts theirs in."""
    ours_id, theirs_id = new_payload(), new_payload()
    overwritten = attacker.embed(ours.embed(photo, ours_id), theirs_id)
    read = ours.read(_jpeg(overwritten, 85))
    assert (read.payload, read.keyed) == (ours_id, True)


def test_our_mark_is_not_readable_with_a_wrong_key(ours, photo):
    marked = ours.embed(photo, new_payload())
    for _ in range(3):
        assert Watermarker(key=os.urandom(32)).read(marked).payload is None


def test_ids_differ_in_the_pixels_only_through_the_key(ours, photo):
    """Two ids differing in one bit give unrelated marks (keyed cipher): averaging marked
    copies of two ids does not yield a third id our reader accepts."""
    a, b = "000000000000", "000000000001"
    ma = np.asarray(ours.embed(photo, a), dtype=np.float32)
    mb = np.asarray(ours.embed(photo, b), dtype=np.float32)
    blend = Image.fromarray(np.rint((ma + mb) / 2).astype(np.uint8))
    assert ours.read(blend).payload in (None, a, b)
