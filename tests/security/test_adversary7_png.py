"""Adversary 7: the studio's own PNG writer (creator/disclosure/png.py) on outputs it was not
benchmarked on. A 2048² output of noise deflates to about 12 MB, written as a dozen 1 MiB IDAT
chunks: the C2PA hard binding (which hashes every chunk but its own), verify, Pillow, OpenCV and
exiftool must all read that file as the studio wrote it, and a copy with one IDAT byte changed
must fail verify. Tried and held: these pin the boundary for the many-chunk case (the commit's
reader tests used single-IDAT files)."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess

import cv2
import numpy as np
import pytest
from PIL import Image

from creator.verify import verify


def _idat_offsets(data: bytes) -> list[tuple[int, int]]:
    pos, out = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            out.append((pos + 8, n))
        pos += 12 + n
    return out


@pytest.fixture(scope="module")
def noise_2048():
    return Image.fromarray(np.random.default_rng(70).integers(0, 256, (2048, 2048, 3), dtype=np.uint8))


def test_a_2048_noise_output_in_many_idat_chunks_is_read_alike_and_verifies(stub_world, make_engine, noise_2048,
                                                                           tmp_path):
    studio = stub_world.studio(make_engine([noise_2048]))
    (out,) = studio.generate(stub_world.request(purpose="art", width=2048, height=2048)).outputs
    data = out.path.read_bytes()
    assert out.format == "png" and len(_idat_offsets(data)) >= 8  # many IDAT chunks
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok, report.reasons
    with Image.open(out.path) as back:
        pil = np.asarray(back.convert("RGB"))
    cv = cv2.cvtColor(cv2.imread(str(out.path), cv2.IMREAD_UNCHANGED), cv2.COLOR_BGR2RGB)
    assert pil.shape == (2048, 2048, 3) and np.array_equal(pil, cv)
    exiftool = shutil.which("exiftool")
    if exiftool:
        tags = json.loads(subprocess.run([exiftool, "-j", "-XMP:DigitalSourceType", "-PNG:ImageWidth", str(out.path)],
                                         capture_output=True, text=True, check=True).stdout)[0]
        assert tags["ImageWidth"] == 2048 and tags["DigitalSourceType"].endswith("trainedAlgorithmicMedia")
    # one byte of the 7th IDAT chunk changed (its CRC fixed, so every reader still decodes it): verify fails
    start, n = _idat_offsets(data)[6]
    bad = bytearray(data)
    bad[start + n // 2] ^= 0x01
    crc = struct.unpack(">I", bad[start + n:start + n + 4])[0]
    import zlib

    bad[start + n:start + n + 4] = struct.pack(">I", zlib.crc32(bytes(bad[start - 4:start + n])))
    assert crc != struct.unpack(">I", bad[start + n:start + n + 4])[0]
    tampered = tmp_path / "tampered.png"
    tampered.write_bytes(bytes(bad))
    assert not verify(tampered, settings=stub_world.settings, registry=stub_world.registry).ok
