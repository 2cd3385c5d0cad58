"""GenerationRequest refuses bad input at construction, naming the field and the value;
nothing invalid reaches the studio."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from creator.errors import InputError
from creator.request import MAX_INPUT_BYTES, GenerationRequest, InputImage

BASE = dict(grantee="ana", purpose="art", territory="US")


def _png(size=(64, 64), color="grey") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def _bomb_png(w: int, h: int) -> bytes:
    """A tiny PNG whose header claims w×h pixels (IHDR only + a minimal IDAT)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def test_minimal_request_is_valid_and_derives_operation():
    r = GenerationRequest(**BASE)
    assert r.operation == "likeness_generation" and r.territory == "US"


@pytest.mark.parametrize(
    "override,match",
    [
        ({"grantee": " "}, "`grantee` is required"),
        ({"purpose": ""}, "`purpose` is required"),
        ({"territory": "USA"}, "`territory` must be one ISO 3166 alpha-2 code.*'USA'"),
        # two letters that no country has (user audit: "ZZ" and "QQ" generated signed outputs)
        ({"territory": "ZZ"}, "`territory` must be one ISO 3166 alpha-2 code.*'ZZ', which is no country's code"),
        ({"territory": "qq"}, "`territory` must be one ISO 3166 alpha-2 code.*'qq', which is no country's code"),
        ({"territory": "\ufb01"}, "`territory` must be one ISO 3166 alpha-2 code.*'\ufb01'"),  # a ligature, not "FI"
        ({"territory": "\u0131t"}, "`territory` must be one ISO 3166 alpha-2 code.*'\u0131t'"),  # dotless i, not "IT"
        ({"engine": "dalle"}, "`engine` must be one of.*'dalle'"),
        ({"mode": "video"}, "`mode` must be one of.*'video'"),
        ({"mode": "img2img"}, "GAN engine supports only mode 'text2img'"),
        ({"width": 100}, r"`width` must be an integer in \[256, 2048\], got 100"),
        ({"height": 4096}, r"`height` must be an integer in \[256, 2048\], got 4096"),
        ({"engine": "diffusion", "width": 516}, "divisible by 8 but are 512 and 516"),
        ({"num_images": 0}, r"`num_images` must be in \[1, 8\], got 0"),
        ({"steps": 0}, r"`steps` must be in \[1, 200\]"),
        ({"strength": 0.0}, r"`strength` must be in \(0, 1\]"),
        ({"seed": -1}, "`seed` must be a non-negative integer"),
        ({"prompt": "x" * 4001}, "`prompt` is 4001 characters; the limit is 4000"),
        ({"engine": "diffusion", "mode": "img2img"}, "mode 'img2img' needs a `source` image"),
    ],
)
def test_invalid_fields_are_refused_with_the_value(override, match):
    with pytest.raises(InputError, match=match):
        GenerationRequest(**{**BASE, **override})


def test_inpaint_needs_a_mask_that_matches_the_source():
    src = InputImage.load("source", _png((512, 512)))
    with pytest.raises(InputError, match="needs a `mask`"):
        GenerationRequest(**BASE, engine="diffusion", mode="inpaint", source=src)
    mask = InputImage.load("mask", _png((256, 256), "white"))
    with pytest.raises(InputError, match="`mask` is 256x256 but `source` is 512x512"):
        GenerationRequest(**BASE, engine="diffusion", mode="inpaint", source=src, mask=mask)


def test_request_is_frozen():
    r = GenerationRequest(**BASE)
    with pytest.raises(AttributeError):
        r.purpose = "advertising"  # type: ignore[misc]


@pytest.mark.parametrize(
    "data,match",
    [
        (b"", "is empty"),
        (b"not an image at all", r"cannot be read: not a PNG, JPEG or WebP image"),
        (_png()[:40], r"cannot be read|truncated or corrupt"),
        (_bomb_png(10000, 5000), "50000000 pixels; the limit is 40000000 pixels"),
        (_bomb_png(20000, 20000), "possible decompression bomb"),
    ],
    ids=["empty", "garbage", "truncated-png", "over-pixel-limit", "decompression-bomb"],
)
def test_corrupt_and_huge_images_are_refused(data, match):
    with pytest.raises(InputError, match=match):
        InputImage.load("source", data)


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.png"
    with open(big, "wb") as f:
        f.seek(MAX_INPUT_BYTES)
        f.write(b"\0")
    with pytest.raises(InputError, match=f"limit is {MAX_INPUT_BYTES} bytes"):
        InputImage.load("source", big)


def test_unsupported_format_is_refused():
    buf = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buf, format="GIF")
    with pytest.raises(InputError, match="is a GIF image; accepted formats are"):
        InputImage.load("source", buf.getvalue())


def test_missing_file_names_the_field(tmp_path):
    with pytest.raises(InputError, match="`references\\[0\\]`: cannot read"):
        GenerationRequest.build(**BASE, references=[tmp_path / "nope.png"])


def test_digest_changes_with_what_matters():
    a = GenerationRequest(**BASE, prompt="a harbour", seed=1)
    assert a.digest() == GenerationRequest(**BASE, prompt="a harbour", seed=1).digest()
    assert a.digest() != GenerationRequest(**BASE, prompt="a harbour", seed=2).digest()


def test_input_image_cannot_misdescribe_its_bytes():
    with pytest.raises(InputError, match="width given as 999, but the image bytes say 64"):
        InputImage(field="source", data=_png((64, 64)), width=999)
    img = InputImage(field="source", data=_png((64, 32)))
    assert (img.format, img.width, img.height) == ("PNG", 64, 32)


def _mask_png(mode: str, background, square) -> bytes:
    """A 64² mask in ``mode``: ``background`` everywhere, ``square`` painted at (16, 16)-(48, 48)."""
    im = Image.new(mode, (64, 64), background)
    im.paste(Image.new(mode, (32, 32), square), (16, 16))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


_SQUARE = np.zeros((64, 64), dtype=np.uint8)
_SQUARE[16:48, 16:48] = 255


@pytest.mark.parametrize("mode, background, square", [
    ("L", 0, 255),                                    # the classic mask: white = repaint
    ("RGBA", (0, 0, 0, 255), (255, 255, 255, 255)),   # the same, saved with an opaque alpha channel
    ("RGBA", (255, 255, 255, 0), (220, 30, 30, 255)),  # a painted layer: red strokes on transparent white
    ("RGBA", (0, 0, 0, 0), (0, 0, 0, 255)),           # black paint on a transparent layer
    ("LA", (255, 0), (90, 255)),                      # grey paint on a transparent grey layer
])
def test_the_engine_repaints_what_the_mask_paints(mode, background, square):
    # A mask with transparency was composited over white like a source photo, so every
    # transparent pixel read as "repaint": a painted layer repainted the whole picture.
    src = InputImage.load("source", _png((64, 64)))
    mask = InputImage.load("mask", _mask_png(mode, background, square))
    request = GenerationRequest(**BASE, engine="diffusion", mode="inpaint", source=src, mask=mask)
    assert np.array_equal(np.asarray(request.mask.open("L")), _SQUARE)


@pytest.mark.parametrize("mode, colour", [("L", 0), ("RGBA", (255, 255, 255, 0)), ("RGB", (100, 100, 100)),
                                          ("RGB", (0, 0, 255))])  # pure blue is 29 in grey
def test_a_mask_that_repaints_nothing_is_refused(mode, colour):
    src = InputImage.load("source", _png((64, 64)))
    buf = io.BytesIO()
    Image.new(mode, (64, 64), colour).save(buf, format="PNG")
    mask = InputImage.load("mask", buf.getvalue())
    with pytest.raises(InputError, match="`mask` repaints nothing"):
        GenerationRequest(**BASE, engine="diffusion", mode="inpaint", source=src, mask=mask)
