"""The PNG writer of outputs (creator/disclosure/png.py): every reader sees the same pixels and the
XMP, every chunk's CRC holds, and modes it does not write go to Pillow's encoder with the XMP."""

from __future__ import annotations

import io
import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image

from creator.disclosure import png
from creator.disclosure.xmp import encode_with_xmp, read_xmp

_XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def _images():
    rng = np.random.default_rng(7)
    from skimage import data

    return {
        "photo RGB": Image.fromarray(data.astronaut()),
        "noise RGB 301x7": Image.fromarray(rng.integers(0, 256, (7, 301, 3), dtype=np.uint8)),
        "one pixel": Image.new("RGB", (1, 1), (255, 0, 128)),
        "grey": Image.fromarray(data.camera()),
        "RGBA with holes": Image.fromarray(np.dstack([data.astronaut(), rng.integers(0, 256, (512, 512), dtype=np.uint8)])),
        "one row": Image.fromarray(rng.integers(0, 256, (1, 513, 3), dtype=np.uint8)),
    }


def _chunks(data: bytes):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, out = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert crc == zlib.crc32(kind + body), kind
        out.append((kind, body))
        pos += 12 + n
    return out


@pytest.mark.parametrize("name", list(_images()))
def test_every_reader_sees_the_pixels_written(name):
    im = _images()[name]
    data = encode_with_xmp(im, "png", _XMP)
    with Image.open(io.BytesIO(data)) as back:
        back.verify()  # Pillow's chunk CRCs and structure
    with Image.open(io.BytesIO(data)) as back:
        assert back.mode == im.mode and np.array_equal(np.asarray(back), np.asarray(im))
    cv = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    want = np.asarray(im)
    if want.ndim == 3:
        want = cv2.cvtColor(want, cv2.COLOR_RGB2BGR if im.mode == "RGB" else cv2.COLOR_RGBA2BGRA)
    assert np.array_equal(cv, want)
    assert read_xmp(data) == _XMP
    kinds = [k for k, _ in _chunks(data)]
    assert kinds[0] == b"IHDR" and kinds[1] == b"iTXt" and kinds[-1] == b"IEND" and b"IDAT" in kinds


def test_outputs_are_written_by_the_fast_writer_and_no_larger_than_pillows():
    """Rows filtered with Up (Pillow's encoder picks per row, Paeth too on photos), and a file
    no larger than Pillow's at the level it used (zlib 1)."""
    from skimage import data

    im = Image.fromarray(data.astronaut())
    ours = encode_with_xmp(im, "png", _XMP)
    raw = zlib.decompress(b"".join(b for k, b in _chunks(ours) if k == b"IDAT"))
    filters = set(raw[:: 512 * 3 + 1])
    assert filters == {2}
    pillow = io.BytesIO()
    im.save(pillow, "PNG", compress_level=1)
    assert len(ours) <= len(pillow.getvalue())


@pytest.mark.parametrize("mode", ["I;16", "P", "1", "LA"])
def test_modes_the_writer_does_not_take_go_to_pillow_with_the_xmp(mode):
    from skimage import data

    im = Image.fromarray(data.camera())
    im = im.convert(mode) if mode != "I;16" else Image.fromarray(data.camera().astype(np.uint16) * 257)
    assert not png.encodable(im.mode)
    data_ = encode_with_xmp(im, "png", _XMP)
    assert read_xmp(data_) == _XMP
    with Image.open(io.BytesIO(data_)) as back:
        assert back.size == im.size


def test_a_keyword_that_png_cannot_hold_is_refused():
    with pytest.raises(ValueError, match="1-79 Latin-1 characters"):
        png.itxt("x" * 80, "text")


@pytest.mark.parametrize("name", ["photo RGB", "grey", "RGBA with holes"])
def test_pixels_handed_in_write_the_same_file_and_others_are_refused(name):
    # disclose() makes the marked pixels' array once and hands it to the writer and the fingerprint
    im = _images()[name]
    assert png.encode(im, [png.itxt("XML:com.adobe.xmp", _XMP)], pixels=np.asarray(im)) == \
        png.encode(im, [png.itxt("XML:com.adobe.xmp", _XMP)])
    with pytest.raises(ValueError, match="pixels"):
        png.encode(im, pixels=np.asarray(im)[1:])
    with pytest.raises(ValueError, match="pixels"):
        png.encode(im, pixels=np.asarray(im).astype(np.uint16))
