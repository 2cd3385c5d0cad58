"""verify tells a copy saved without metadata from a signed file without asking c2pa
(``creator.disclosure.c2pa.holds_no_manifest``). That shortcut may only ever say what c2pa's
reader would: *NoManifest*. A signed output, a file with XMP (which can point to a remote
manifest), and a file c2pa cannot parse (*Unreadable*: "tampered" on the public page) must
all still go to c2pa. Checked against c2pa itself on crafted and randomly damaged files."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from creator.disclosure import c2pa as c2pa_mod
from creator.disclosure.keys import trust_context
from creator.verify import verify


def _mime(data: bytes) -> str | None:
    return "image/png" if data.startswith(b"\x89PNG") else ("image/jpeg" if data.startswith(b"\xff\xd8\xff") else None)


def _bases(seed: int) -> list[bytes]:
    im = Image.fromarray(np.random.default_rng(seed).integers(0, 255, (40, 48, 3), dtype=np.uint8))
    out = []
    for fmt, kw in (("PNG", {}), ("PNG", {"compress_level": 0}), ("JPEG", {}), ("JPEG", {"progressive": True}),
                    ("JPEG", {"quality": 50, "subsampling": 0})):
        buf = io.BytesIO()
        im.save(buf, fmt, **kw)
        out.append(buf.getvalue())
    return out


@pytest.fixture(scope="module")
def ctx():
    return trust_context("")


def test_every_truncation_the_shortcut_calls_manifest_free_is_so_for_c2pa(ctx):
    for data in _bases(0):
        mime = _mime(data)
        said = 0
        for n in range(2, len(data) + 1):
            cut = data[:n]
            if c2pa_mod.holds_no_manifest(cut, mime):
                said += 1
                state = c2pa_mod.read_manifest(cut, mime, ctx).state
                assert state == "NoManifest", (mime, n, len(data), state)
        assert said > 0  # whole files and files cut inside their coded data are manifest-free


def test_randomly_damaged_files_the_shortcut_calls_manifest_free_are_so_for_c2pa(ctx):
    rng = np.random.default_rng(17)
    bases = _bases(1)
    said = asked = 0
    for i in range(600):
        d = bytearray(bases[i % len(bases)])
        op = i % 4
        if op == 0:  # bytes changed anywhere
            for _ in range(int(rng.integers(1, 4))):
                d[int(rng.integers(0, len(d)))] = int(rng.integers(0, 256))
        elif op == 1:  # bytes inserted
            k = int(rng.integers(0, len(d)))
            d[k:k] = rng.integers(0, 256, int(rng.integers(1, 20)), dtype=np.uint8).tobytes()
        elif op == 2:  # a marker byte in the headers
            d[int(rng.integers(8, min(200, len(d))))] = 0xFF
        else:  # a chunk or segment length changed
            k = int(rng.integers(8, min(120, len(d) - 2)))
            d[k] ^= 1 << int(rng.integers(0, 8))
        data = bytes(d)
        mime = _mime(data)
        if mime is None:
            continue
        if c2pa_mod.holds_no_manifest(data, mime):
            said += 1
            state = c2pa_mod.read_manifest(data, mime, ctx).state
            assert state == "NoManifest", (i, mime, state)
        else:
            asked += 1
    assert said > 100 and asked > 50


def test_c2pa_is_asked_about_files_that_are_unreadable_or_may_hold_or_point_to_a_manifest(ctx):
    png, _, jpg, _, _ = _bases(2)
    with_xmp = io.BytesIO()
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta/>")
    Image.open(io.BytesIO(png)).save(with_xmp, "PNG", pnginfo=info)
    exif = Image.Exif()
    exif[0x010E] = "a picture"
    with_exif = io.BytesIO()
    Image.open(io.BytesIO(jpg)).save(with_exif, "JPEG", exif=exif.tobytes())
    for data in (with_xmp.getvalue(), with_exif.getvalue(), png[:8], png[:40], jpg[:2] + b"\x00" * 50,
                 png.replace(b"IDAT", b"ID4T", 1)):
        assert not c2pa_mod.holds_no_manifest(data, _mime(data) or "image/png")
    assert c2pa_mod.read_manifest(png[:40], "image/png", ctx).state == "Unreadable"


def _chunks(png: bytes) -> list[bytes]:
    out, pos = [], 8
    while pos < len(png):
        end = pos + 12 + int.from_bytes(png[pos:pos + 4], "big")
        out.append(png[pos:end])
        pos = end
    return out


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_a_signed_output_is_read_by_c2pa_and_verifies(stub_world, fmt):
    out = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn", output_format=fmt)).outputs[0]
    data = open(out.path, "rb").read()
    assert not c2pa_mod.holds_no_manifest(data, _mime(data))
    if fmt == "png":  # its manifest chunk moved after IEND, where a reader might still look: c2pa is asked
        chunks = _chunks(data)
        store = [c for c in chunks if c[4:8] == b"caBX"]
        assert store
        moved = data[:8] + b"".join(c for c in chunks if c[4:8] != b"caBX") + b"".join(store)
        assert not c2pa_mod.holds_no_manifest(moved, "image/png")
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert report.ok and report.c2pa_state == "Trusted", report.reasons
