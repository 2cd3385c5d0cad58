"""Red team 31: verify on a small file that declares a huge picture.

Every input to generation is capped at ``consent.imaging.MAX_PIXELS`` (40 MP), read from the header
before decoding. ``verify`` (the CLI's ``consent-studio verify``, the public page's bytes) caps only
the file's *bytes* (64 MiB) and decodes anything under Pillow's own decompression-bomb threshold
(89 MP) to read the watermark: the pixels, their float luma and the reader's working planes.

A flat 6400x6400 PNG is 135 KB. Measured on main: verify holds 1.5 GB of numpy arrays at its
peak (tracemalloc; at 7000x7000, 1.8 GB and RSS 2.1 GB) and takes 10-13 s of CPU for a FAIL ("no C2PA manifest"); a
9400x9400 PNG (280 KB) took 3.6 GB RSS and 22 s. The same file given to generate is refused at
once by the 40 MP cap. A handful of such uploads, verified in parallel (a public verify page, a
batch ``verify``), exhaust the host's memory.

Secure behaviour asserted: verifying a file over the studio's own pixel cap stays cheap (well
under half a gigabyte of arrays; a refusal from the header, as generation does, would be a few MB).
"""

from __future__ import annotations

import tracemalloc

import pytest
from PIL import Image

from consent import imaging
from creator.verify import verify


def _flat_png(path, side: int):
    Image.new("RGB", (side, side), (120, 130, 140)).save(path, "PNG")
    return path


def test_premise_generation_refuses_the_same_file_from_its_header(tmp_path):
    """Plain probe: the studio's input decode refuses the picture before decoding it."""
    path = _flat_png(tmp_path / "big.png", 6400)
    assert path.stat().st_size < 200_000
    with pytest.raises(imaging.ImageInvalid, match="pixels"):
        imaging.load(path, field="source")


def test_verify_of_a_small_file_declaring_a_huge_picture_stays_cheap(stub_world, tmp_path):
    path = _flat_png(tmp_path / "big.png", 6400)
    tracemalloc.start()
    try:
        report = verify(path, settings=stub_world.settings, registry=stub_world.registry)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not report.ok
    assert peak < 512 * 2**20, f"verify held {peak / 2**20:.0f} MB of arrays for a {path.stat().st_size} byte file"
