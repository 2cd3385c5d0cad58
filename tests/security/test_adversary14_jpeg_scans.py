"""Adversary 14: a progressive JPEG of thousands of empty scans (a CPU bomb the pixel cap does not see).

``consent.imaging.decode`` caps an upload's bytes and its pixels (read from the header), so a
decompression bomb that declares a huge picture is refused before decoding. A *progressive*
JPEG can repeat its scans: each AC scan that codes one end-of-band run over every block is
about 36 bytes, and libjpeg walks every block of the picture for each of them. Pillow sets no
limit on the number of scans (libjpeg-turbo's own tools do: ``djpeg -maxscans``).

Measured on this machine (one core, nice 5; the yardstick beside it in the same run): a
4000×3000 (12 MP, within ``max_pixels``) grey JPEG of 23,300 such scans — 839,130 bytes —
took **63.5 s** to decode; an ordinary 12 MP quality-90 colour JPEG of 10,746,242 bytes took
0.38–0.49 s. At the public page's 16 MB cap that is about 20 minutes of a core per upload, in
a verifier thread that nothing stops (the client may hang up). Its token cost is 1 — the
charge for a large picture comes only after the decode — and two uploads take both verifier
places (``PublicLimits.concurrency``); everyone else gets 503. A creator's source image
(``MAX_BYTES`` 40 MB) goes through the same decode.

A real progressive JPEG has about ten scans (libjpeg's default script; mozjpeg's at most a
few dozen). The tests below use 1,000 scans on a small picture (a fraction of a second) and
ask that such a file is refused as the other bombs are, before decoding.
"""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image
from starlette.testclient import TestClient

from consent.errors import ImageInvalid
from consent.imaging import decode
from public_support import public_app


def _segment(marker: int, payload: bytes) -> bytes:
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


class _Bits:
    def __init__(self) -> None:
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, code: int, length: int) -> None:
        for i in range(length - 1, -1, -1):
            self.acc, self.n = (self.acc << 1) | ((code >> i) & 1), self.n + 1
            if self.n == 8:
                self.out.append(self.acc)
                if self.acc == 0xFF:
                    self.out.append(0)  # byte stuffing
                self.acc, self.n = 0, 0

    def done(self) -> bytes:
        while self.n:
            self.put(1, 1)
        return bytes(self.out)


def scan_bomb(width: int, height: int, scans: int) -> bytes:
    """A valid grey progressive JPEG: one DC scan, then ``scans`` AC scans of end-of-band runs."""
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    out = bytearray(b"\xff\xd8")
    out += _segment(0xDB, b"\x00" + bytes([1] * 64))
    out += _segment(0xC2, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    # DC table 0: the one symbol 0 (no difference), code "0"; AC table 0: the one symbol 0xE0 (EOBRUN, 14 bits)
    out += _segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00" + b"\x10" + bytes([1] + [0] * 15) + b"\xe0")
    dc = _Bits()
    for _ in range(blocks):
        dc.put(0, 1)
    out += _segment(0xDA, b"\x01\x01\x00\x00\x00\x00") + dc.done()
    ac, left = _Bits(), blocks
    while left > 0:
        ac.put(0, 1)
        ac.put((1 << 14) - 1, 14)  # a run of 32767 empty blocks
        left -= 32767
    out += (_segment(0xDA, b"\x01\x01\x00\x01\x3f\x00") + ac.done()) * scans
    return bytes(out + b"\xff\xd9")


def test_the_bomb_is_a_valid_jpeg_that_pillow_decodes():
    data = scan_bomb(256, 256, 3)
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        assert im.format == "JPEG" and im.size == (256, 256) and im.info.get("progressive")


def test_a_jpeg_of_a_thousand_scans_is_refused_before_decoding():
    with pytest.raises(ImageInvalid):
        decode(scan_bomb(1024, 1024, 1000), field="source")


def test_the_public_page_refuses_a_jpeg_of_a_thousand_scans(stub_world):
    client = TestClient(public_app(stub_world))
    r = client.post("/public/api/verify", files={"file": ("x.jpg", scan_bomb(1024, 1024, 1000), "image/jpeg")})
    assert r.status_code in (400, 413, 415), (r.status_code, r.json())


# -- the fix: consent.imaging counts a JPEG's scans before decoding it (MAX_JPEG_SCANS)


def test_the_refusal_says_what_was_found_and_the_limit():
    from consent.imaging import MAX_JPEG_SCANS

    with pytest.raises(ImageInvalid) as e:
        decode(scan_bomb(64, 64, 200), field="source")
    assert "`source`" in str(e.value) and f"more than {MAX_JPEG_SCANS} scans" in str(e.value)


@pytest.mark.parametrize("kw", [{}, {"progressive": True}, {"progressive": True, "optimize": True}])
@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
def test_ordinary_jpegs_baseline_and_progressive_still_decode(kw, mode):
    from consent.imaging import jpeg_scans

    rng = np.random.default_rng(3)
    im = Image.fromarray(rng.integers(0, 255, (96, 128, 3), dtype=np.uint8)).convert(mode)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, **kw)
    n = jpeg_scans(buf.getvalue())
    assert (n > 1) == bool(kw) and n <= 18, n  # baseline: 1 (interleaved); libjpeg's script: 6 grey, 10 RGB, 18 CMYK
    assert decode(buf.getvalue(), field="source").size == (128, 96)


def test_scans_hidden_in_a_marker_segment_are_not_counted_and_a_limit_sized_file_decodes():
    """An EXIF thumbnail or an ICC profile may hold SOS bytes: the walk skips segments by their
    length, as libjpeg does. A file at the limit (1 DC + 99 AC scans = 100) still decodes."""
    from consent.imaging import MAX_JPEG_SCANS, jpeg_scans

    inside = scan_bomb(16, 16, 300)  # 301 scans, inside an APP1 segment of an ordinary file
    at_limit = scan_bomb(64, 64, MAX_JPEG_SCANS - 1)
    hidden = at_limit[:2] + b"\xff\xe1" + struct.pack(">H", len(inside) + 8) + b"Exif\0\0" + inside + at_limit[2:]
    assert jpeg_scans(at_limit) == jpeg_scans(hidden) == MAX_JPEG_SCANS
    assert decode(hidden, field="source").size == (64, 64)
    # fill bytes before a marker and stuffed FF 00 in the entropy data are read as libjpeg reads them
    filled = at_limit.replace(b"\xff\xda", b"\xff\xff\xff\xda")
    assert jpeg_scans(filled) == MAX_JPEG_SCANS and jpeg_scans(filled + scan_bomb(8, 8, 5)) == MAX_JPEG_SCANS  # after EOI: not read


def test_the_studio_verify_refuses_a_scan_bomb_unread(tmp_path):
    """consent-studio verify and the Verify tab (creator.verify) never decode one either."""
    from creator.verify import _decode_rgb, verify_bytes

    bomb = scan_bomb(256, 256, 1000)
    assert _decode_rgb(bomb) is None
    report = verify_bytes(bomb, tmp_path / "bomb.jpg", settings=None, registry=None, now=None)
    assert not report.ok and "more than 100 scans" in report.reasons[0], report.reasons


def test_the_page_refusal_names_the_scans(stub_world):
    client = TestClient(public_app(stub_world))
    r = client.post("/public/api/verify", files={"file": ("x.jpg", scan_bomb(256, 256, 200), "image/jpeg")})
    assert r.status_code == 413 and r.json()["error"] == "too_many_scans" and "scans" in r.json()["message"], r.json()


def test_a_large_picture_is_charged_from_its_header_before_it_is_decoded(stub_world):
    """A 12 MP upload costs 3 tokens; with 2 left it is refused (429) before any decoding: this
    one is cut off after its first scan, which a decode would have answered with 400."""
    client = TestClient(public_app(stub_world, burst=2, per_minute=1))
    cut = scan_bomb(4000, 3000, 1)[:-200]
    r = client.post("/public/api/verify", files={"file": ("x.jpg", cut, "image/jpeg")})
    assert r.status_code == 429 and r.json()["error"] == "rate_limited", r.json()
