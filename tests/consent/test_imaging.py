"""The one canonical decode: orientation, alpha, modes, formats, limits, broken files.

Every image the studio takes in goes through consent.imaging; these tests pin down what
its pixels are, so the face scan and the model can be given the very same array.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from consent import imaging
from consent.errors import ConsentError, ImageInvalid
from consent.imaging import CanonicalImage, decode, load


def _png(im: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", **kw)
    return buf.getvalue()


def _enc(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def marker() -> Image.Image:
    """An asymmetric 40×24 picture: a red block top-left, a blue block bottom-right."""
    a = np.full((24, 40, 3), 200, np.uint8)
    a[2:8, 2:12] = (255, 0, 0)
    a[16:22, 30:38] = (0, 0, 255)
    return Image.fromarray(a)


# ----------------------------------------------------------------------------- orientation

_STORE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_applied(marker, orientation, fmt):
    stored = marker if orientation == 1 else marker.transpose(_STORE[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    kw = {"quality": 95} if fmt != "PNG" else {}
    c = decode(_enc(stored, fmt, exif=exif.tobytes(), **kw), field="source")
    assert c.orientation == orientation and c.format == fmt
    assert c.size == marker.size  # 40×24 again, even for the 90° turns
    diff = np.abs(c.pixels.astype(int) - np.asarray(marker).astype(int))
    assert (diff.max() == 0) if fmt == "PNG" else (diff.mean() < 12), f"orientation {orientation} not undone"
    assert c.pixels[4, 6, 0] > 200 and c.pixels[4, 6, 2] < 80  # red block is top-left


def test_bad_orientation_value_is_ignored(marker):
    exif = Image.Exif()
    exif[0x0112] = 42
    c = decode(_png(marker, exif=exif.tobytes()))
    assert c.orientation == 1 and np.array_equal(c.pixels, np.asarray(marker))


# ----------------------------------------------------------------------------- alpha


def test_fully_transparent_pixels_become_white_whatever_their_colour():
    # A "hidden" picture in the colour channels under alpha = 0 must not survive decoding.
    rgba = np.zeros((16, 16, 4), np.uint8)
    rgba[..., :3] = np.random.default_rng(0).integers(0, 255, (16, 16, 3))
    c = decode(_png(Image.fromarray(rgba, "RGBA")), field="reference")
    assert c.had_alpha and (c.pixels == 255).all()


def test_partial_alpha_is_composited_over_white():
    rgba = np.zeros((8, 8, 4), np.uint8)
    rgba[..., 0] = 0
    rgba[..., 3] = 128  # half-transparent black
    c = decode(_png(Image.fromarray(rgba, "RGBA")))
    assert np.all(np.abs(c.pixels.astype(int) - 127) <= 1)


def test_grey_alpha_and_palette_transparency_are_composited():
    la = Image.new("LA", (10, 10), (0, 0))
    assert (decode(_png(la)).pixels == 255).all()
    p = Image.new("P", (10, 10), 1)
    p.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    c = decode(_png(p, transparency=1))  # index 1 (red) is transparent
    assert c.had_alpha and (c.pixels == 255).all()


def test_webp_alpha_is_composited():
    rgba = Image.new("RGBA", (16, 16), (0, 0, 255, 0))
    c = decode(_enc(rgba, "WEBP", lossless=True))
    assert c.format == "WEBP" and (c.pixels == 255).all()


# ----------------------------------------------------------------------------- modes


def test_palette_1bit_and_grey_become_rgb():
    p = Image.new("P", (9, 9), 0)
    p.putpalette([10, 200, 30] + [0] * 765)
    assert decode(_png(p)).pixels[0, 0].tolist() == [10, 200, 30]
    one = Image.new("1", (9, 9), 1)
    assert (decode(_png(one)).pixels == 255).all()
    grey = Image.new("L", (9, 9), 77)
    assert (decode(_png(grey)).pixels == 77).all()


def test_16_bit_grey_is_scaled_not_clipped():
    a = np.array([[0, 1000, 32768, 65535]] * 8, dtype=np.uint16)
    a = np.tile(a, (1, 2))
    c = decode(_png(Image.fromarray(a)))
    assert c.pixels[0, :4, 0].tolist() == [0, 4, 128, 255]  # not [0, 255, 255, 255]


def test_cmyk_jpeg_becomes_rgb():
    cmyk = Image.new("CMYK", (16, 16), (0, 255, 255, 0))  # red in CMYK
    c = decode(_enc(cmyk, "JPEG", quality=95))
    r, g, b = c.pixels[8, 8].tolist()
    assert r > 200 and g < 60 and b < 60


def test_pixels_are_read_only_and_pil_copy_is_independent(marker):
    c = decode(_png(marker))
    with pytest.raises(ValueError):
        c.pixels[0, 0, 0] = 1
    im = c.pil()
    im.putpixel((0, 0), (1, 2, 3))
    assert c.pixels[0, 0].tolist() != [1, 2, 3]
    assert c.bgr()[0, 0].tolist() == c.pixels[0, 0, ::-1].tolist()
    with pytest.raises(Exception):
        c.format = "GIF"  # frozen


def test_digests_are_of_the_bytes_and_of_the_pixels(marker):
    import hashlib

    data = _png(marker)
    c = decode(data)
    assert c.sha256 == hashlib.sha256(data).hexdigest() and c.data == data
    same_pixels = decode(_png(marker, compress_level=0))
    assert same_pixels.sha256 != c.sha256 and same_pixels.pixels_sha256 == c.pixels_sha256


def test_in_memory_image_digest_is_made_when_first_read(monkeypatch):
    """An in-memory image's sha256 (of its canonical pixels) is computed on first read, not when
    it is made (the studio's face scan of its outputs never reads it), and it is the digest the
    pixels had: the same as computed at once, the same at every read."""
    import hashlib

    px = np.random.default_rng(7).integers(0, 256, (33, 47, 3), dtype=np.uint8)
    made = []
    real = imaging._pixels_digest
    monkeypatch.setattr(imaging, "_pixels_digest", lambda a: made.append(1) or real(a))
    c = imaging.from_pil(Image.fromarray(px), field="output[0]")
    assert made == []
    want = hashlib.sha256(b"rgb:47x33:" + px.tobytes()).hexdigest()
    assert c.sha256 == want == c.pixels_sha256 and c.sha256 == want
    assert len(made) == 2  # once for sha256 (kept), once for pixels_sha256 (a property)
    assert want in repr(c)
    with pytest.raises(Exception):
        c.sha256 = "0" * 64  # frozen, like every field
    given = CanonicalImage("x", None, "ab" * 32, "RAW", 1, False, px)
    assert given.sha256 == "ab" * 32 and len(made) == 2
    with pytest.raises(ImageInvalid, match="sha256"):
        CanonicalImage("x", None, 42, "RAW", 1, False, px)


@pytest.mark.parametrize("size", [(1, 1), (3, 5), (47, 33), (512, 512), (1000, 7)])
def test_rgb_array_is_np_asarray_in_one_piece(size):
    px = np.random.default_rng(size[0]).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    im = Image.fromarray(px)
    got = imaging.rgb_array(im)
    assert got.dtype == np.uint8 and got.shape == px.shape and np.array_equal(got, np.asarray(im))
    assert not got.flags.writeable
    cropped = im.crop((0, 0, max(1, size[0] // 2), size[1]))  # a view Pillow has not packed yet
    assert np.array_equal(imaging.rgb_array(cropped), np.asarray(cropped))
    with pytest.raises(ValueError, match="RGB"):
        imaging.rgb_array(im.convert("L"))


def test_in_memory_image_goes_through_the_same_steps():
    rgba = Image.new("RGBA", (12, 12), (255, 0, 0, 0))
    c = load(rgba, field="output[0]")
    assert c.format == "RAW" and c.data is None and c.had_alpha and (c.pixels == 255).all()
    assert load(c) is c


def test_path_input(tmp_path, marker):
    p = tmp_path / "frame.png"
    marker.save(p)
    assert np.array_equal(load(p, field="source").pixels, np.asarray(marker))
    with pytest.raises(ImageInvalid, match=r"`source`: cannot read .*nope\.png"):
        load(tmp_path / "nope.png", field="source")


# ----------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("fmt,name", [("GIF", "GIF"), ("TIFF", "TIFF"), ("BMP", "BMP")])
def test_other_formats_are_refused_by_name(marker, fmt, name):
    with pytest.raises(ImageInvalid, match=rf"`mask` is a {name} image; accepted formats are PNG, JPEG, WEBP"):
        decode(_enc(marker, fmt), field="mask")


def _frames(n: int) -> list[Image.Image]:
    return [Image.new("RGB", (16, 16), (40 * i, 0, 0)) for i in range(n)]


def test_animated_png_is_refused():
    first, *rest = _frames(3)
    data = _enc(first, "PNG", save_all=True, append_images=rest)
    with pytest.raises(ImageInvalid, match=r"`source` has 3 frames \(animated PNG\); expected a single still image"):
        decode(data, field="source")


def test_animated_webp_is_refused():
    first, *rest = _frames(2)
    data = _enc(first, "WEBP", save_all=True, append_images=rest, lossless=True)
    with pytest.raises(ImageInvalid, match=r"2 frames \(animated WebP\)"):
        decode(data, field="references[0]")


def test_multi_frame_gif_and_tiff_are_refused():
    first, *rest = _frames(2)
    for fmt in ("GIF", "TIFF"):
        with pytest.raises(ImageInvalid, match=f"is a {fmt} image"):
            decode(_enc(first, fmt, save_all=True, append_images=rest), field="source")


def test_animated_gif_shipped_with_scikit_image_is_refused():
    import skimage

    from pathlib import Path

    gif = Path(skimage.__file__).parent / "data" / "no_time_for_that_tiny.gif"
    with pytest.raises(ImageInvalid, match="is a GIF image"):
        load(gif, field="source")


def _png_header_only(w: int, h: int) -> bytes:
    """A PNG whose header declares w×h but whose data is tiny (a bomb's shape)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def test_pixel_cap_is_checked_before_decoding():
    with pytest.raises(ImageInvalid, match=r"`source` is 10000x6000 = 60000000 pixels; the limit is 40000000 pixels"):
        decode(_png_header_only(10_000, 6_000), field="source")
    with pytest.raises(ImageInvalid, match="decompression bomb"):
        decode(_png_header_only(60_000, 60_000), field="source")  # beyond Pillow's own hard limit


def test_real_zero_bomb_is_refused_quickly():
    data = _png(Image.new("L", (9_000, 5_000)))  # 45 MP of zeros: ~45 kB compressed
    assert len(data) < 200_000
    with pytest.raises(ImageInvalid, match="45000000 pixels; the limit"):
        decode(data, field="source")


def test_byte_cap(tmp_path):
    with pytest.raises(ImageInvalid, match=r"`source` is 2000 bytes; the limit is 1000 bytes"):
        decode(b"\x89PNG" + b"\x00" * 1996, field="source", max_bytes=1000)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x00" * 2000)
    with pytest.raises(ImageInvalid, match=r"\(big\.png\) is 2000 bytes; the limit is 1000"):
        load(big, field="source", max_bytes=1000)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_truncated_files_are_refused(fmt):
    rng = np.random.default_rng(1)
    im = Image.fromarray(rng.integers(0, 255, (64, 64, 3), dtype=np.uint8))
    data = _enc(im, fmt)
    with pytest.raises(ImageInvalid, match="`source`"):
        decode(data[: len(data) // 2], field="source")


def test_empty_garbage_and_tiny_inputs_are_refused():
    with pytest.raises(ImageInvalid, match=r"`source` is empty \(0 bytes\)"):
        decode(b"", field="source")
    with pytest.raises(ImageInvalid, match="cannot be read: not a PNG, JPEG or WebP image"):
        decode(b"hello, world" * 10, field="source")
    with pytest.raises(ImageInvalid, match=r"is 4x4 pixels; expected at least 8x8"):
        decode(_png(Image.new("RGB", (4, 4))), field="source")
    with pytest.raises(ImageInvalid, match="expected image bytes, a file path or a PIL image, got int"):
        load(42, field="source")


def test_errors_belong_to_the_consent_root_and_are_value_errors():
    with pytest.raises(ConsentError):
        decode(b"", field="x")
    with pytest.raises(ValueError):
        decode(b"", field="x")


def test_canonical_image_refuses_bad_pixels():
    with pytest.raises(ImageInvalid, match="H×W×3 uint8"):
        CanonicalImage("x", None, "0" * 64, "RAW", 1, False, np.zeros((4, 4), np.uint8))


def test_limits_match_the_documented_values():
    assert imaging.FORMATS == ("PNG", "JPEG", "WEBP")
    assert imaging.MAX_PIXELS == 40_000_000 and imaging.MAX_BYTES == 40 * 1024 * 1024


def test_ordinary_pngs_and_jpegs_are_far_below_the_chunk_and_segment_caps():
    """The caps that refuse chunk and segment bombs leave real files alone: Pillow's PNG is 3
    chunks, a camera-style JPEG with EXIF and an ICC profile a dozen segments or so."""
    import io

    from PIL import Image

    from consent.imaging import MAX_JPEG_SEGMENTS, MAX_PNG_CHUNKS, _jpeg_walk, png_chunks

    im = Image.new("RGB", (64, 48), (10, 200, 30))
    png = io.BytesIO()
    im.save(png, "PNG")
    assert png_chunks(png.getvalue()) == 3 < MAX_PNG_CHUNKS
    jpg = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    im.save(jpg, "JPEG", quality=90, progressive=True, exif=exif.tobytes(), icc_profile=b"\0" * 200_000)
    scans, segments = _jpeg_walk(jpg.getvalue(), None, None)
    assert 1 < scans <= 20 and segments < 60 < MAX_JPEG_SEGMENTS
    assert decode(jpg.getvalue()).pixels.shape == (64, 48, 3)  # EXIF orientation 6: turned


def test_a_cameras_mpo_is_refused_as_an_input_and_read_as_its_first_image_for_verification():
    """A JPEG with a preview image after it (MPO): generation inputs stay one frame only; the
    verifiers read the first image, which every viewer shows (red team 27)."""
    big = Image.fromarray(np.tile(np.arange(96, dtype=np.uint8), (64, 1))[..., None].repeat(3, 2))
    buf = io.BytesIO()
    big.save(buf, "MPO", save_all=True, append_images=[big.resize((24, 16))], quality=95)
    with pytest.raises(ImageInvalid, match="2 frames"):
        decode(buf.getvalue(), field="source")
    image = decode(buf.getvalue(), field="file", mpo_as_still=True)
    assert image.format == "MPO" and image.pixels.shape == (64, 96, 3)
