"""Helpers for tests that read a verification report."""

from __future__ import annotations


def problems(report) -> list[str]:
    """The report's reasons other than "the registry was not consulted" (the unsafe mode's
    own reason): what the signature and metadata layers found wrong."""
    return [r for r in report.reasons if not r.startswith("UNSAFE mode:")]


def raw_db(world):
    """A plain sqlite3 connection to the world's database file (an attacker with the file)."""
    import sqlite3

    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def lifted_mark(out, tmp_path):
    """An output's fine detail (its mark among it) lifted onto another picture: (path, pixels)."""
    import numpy as np
    from PIL import Image, ImageFilter
    from skimage import data as skdata

    with Image.open(out.path) as im:
        original = im.convert("RGB")
    a = np.asarray(original, np.float32)
    residue = a - np.asarray(original.filter(ImageFilter.GaussianBlur(2)), np.float32)
    other = np.asarray(Image.fromarray(skdata.astronaut()).resize(original.size), np.float32)
    pixels = np.clip(other + 2 * residue, 0, 255).astype(np.uint8)
    path = tmp_path / "forged.png"
    Image.fromarray(pixels).save(path)
    return path, pixels


def changed_pixel_png(png: bytes) -> bytes:
    """A signed PNG with one pixel value changed by one and every chunk made good again: a
    picture that still decodes, whose signed content is no longer what was signed.

    Flipping a byte of the compressed stream instead (as earlier helpers did) can break the
    deflate data or a row's filter byte ('bad adaptive filter value'), depending on the image:
    then nothing decodes and what a test meant to check (a changed but readable copy) is not
    what it gets. Here the IDAT stream is inflated, the last byte of the last row (nothing is
    predicted from it) is changed, and the stream is deflated again into the first IDAT's place.
    """
    import struct
    import zlib

    chunks, pos = [], 8
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        chunks.append((png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]))
        pos += 12 + length
    raw = bytearray(zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT")))
    raw[-1] ^= 0x01
    out, placed = [png[:8]], False
    for kind, body in chunks:
        if kind == b"IDAT":
            if placed:
                continue
            body, placed = zlib.compress(bytes(raw)), True
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)))
    assert placed, "no IDAT chunk"
    return b"".join(out)


def made_under_grant(world):
    """One 512² output of a lighthouse prompt made under Jane Doe's grant (the stub engine returns
    the chelsea picture): an output whose copies a test verifies."""
    from PIL import Image
    from skimage import data as skdata

    from studio_world import StubEngine

    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    picture = Image.fromarray(skdata.chelsea()).resize((512, 512))
    (out,) = world.studio(StubEngine(images=[picture])).generate(
        world.request(prompt="a lighthouse at dusk", subjects=("jane",), width=512, height=512)).outputs
    return out


def integrity_audited(world) -> bool:
    """Whether verify audited a registry integrity failure (stage ``verify:integrity``)."""
    return any(e.kind == "failure" and e.payload.get("stage") == "verify:integrity"
               for e in world.registry.audit_entries())
