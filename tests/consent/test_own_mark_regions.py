"""The studio's own invisible watermark must not make a face-like region appear.

Found by CI (a test that enrolled a studio output failed about 1 run in 4): on the
astronaut photo, the mark's low-amplitude noise on the dark collar makes that patch look
like a bar "roughened" with noise (docs/LIKENESS.md, "Noisy bars"); the scan inpaints it,
finds a face-like blob there (score about 0.7, no facial detail) and, because a patch covers
it, reports it as an unverifiable region instead of dismissing it. A studio output of an
enrolled person used as an img2img source is then denied for an unknown likeness, and a
persona cannot be enrolled from such an output ("2 faces found").

Measured with 12 keys and random payloads (watermark only, no label): astronaut 3 of 12;
Grace Hopper, the camera man, a cat, coffee and a rocket 0 of 12 each. With PAYLOAD,
keys 0-11 (``bytes([k]) * 32``): keys 2 and 7. bench/own_mark_regions.py repeats the search
(12 random keys per photo). Three scan-side rules that would drop the collar (uncorrelated
noise only, fewer flat pixels, the patch on the region's eyes) were measured and each reopens
noisy eye bars the scan finds today (docs/LIKENESS.md, "The studio's own mark: still open").
"""

from __future__ import annotations

import pytest

from consent.likeness import find_faces, load_canonical
from creator.disclosure.watermark import Watermarker
from studio_world import astronaut

PAYLOAD = "c0115e7a57b0"


def _regions(key_byte: int) -> list:
    marked = Watermarker(bytes([key_byte]) * 32).embed(astronaut(), PAYLOAD)
    return find_faces(load_canonical(marked)).faces


def test_the_unmarked_photo_and_a_quiet_mark_show_one_face():
    assert len(find_faces(load_canonical(astronaut())).faces) == 1
    (face,) = _regions(0)
    assert face.verified and face.size >= 80


#: Keys that, with PAYLOAD, make the collar a "roughened bar" region (found by the search above).
_NOISY_KEYS = [2, 7]


@pytest.mark.xfail(strict=True, reason="known gap: the watermark's noise on a flat dark patch reads as a roughened bar")
@pytest.mark.parametrize("key_byte", _NOISY_KEYS)
def test_known_gap_the_mark_adds_no_region(key_byte):
    assert len(_regions(key_byte)) == 1
