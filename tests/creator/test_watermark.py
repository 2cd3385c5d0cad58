"""The invisible watermark: survives what strips metadata, reads nothing where there is none,
and never returns an unmarked image."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageEnhance
from skimage import data

from creator.disclosure.watermark import MIN_SIDE, Watermarker, new_payload
from creator.errors import DisclosureError

WM = Watermarker()


def _reencode(img: Image.Image, fmt: str, **kw) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


@pytest.fixture(scope="module")
def photo() -> Image.Image:
    return Image.fromarray(data.astronaut())


@pytest.fixture(scope="module")
def marked(photo):
    payload = new_payload()
    return payload, WM.embed(photo, payload)


def test_payload_reads_back_exactly(marked):
    payload, img = marked
    assert WM.read(img).payload == payload


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda im: _reencode(im, "PNG"), id="png-reencode-strips-metadata"),
        pytest.param(lambda im: _reencode(im, "WEBP", quality=90), id="webp-q90"),
        pytest.param(lambda im: _reencode(im, "JPEG", quality=75), id="jpeg-q75"),
        pytest.param(lambda im: ImageEnhance.Brightness(im).enhance(1.2), id="brightness+20%"),
        pytest.param(lambda im: ImageEnhance.Contrast(im).enhance(0.8), id="contrast-20%"),
    ],
)
def test_survives_metadata_stripping_and_mild_edits(marked, transform):
    payload, img = marked
    assert WM.read(transform(img)).payload == payload


def test_unmarked_image_reads_no_payload(photo):
    assert WM.read(photo).payload is None


def test_mark_is_invisible(photo, marked):
    _, img = marked
    a = np.asarray(photo, dtype=np.float64)
    b = np.asarray(img, dtype=np.float64)
    psnr = 10 * np.log10(255**2 / np.mean((a - b) ** 2))
    assert psnr >= 35, f"PSNR {psnr:.1f} dB: the mark is visible"


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(Image.new("RGB", (512, 512), "white"), id="white"),
        pytest.param(Image.new("RGB", (512, 512), "black"), id="black"),
        pytest.param(Image.fromarray(np.random.default_rng(1).integers(0, 256, (512, 512, 3), dtype=np.uint8)), id="noise"),
    ],
)
def test_marks_hard_images_too(image):
    payload = new_payload()
    assert WM.read(_reencode(WM.embed(image, payload), "JPEG", quality=80)).payload == payload


def test_too_small_image_raises_instead_of_skipping():
    with pytest.raises(DisclosureError, match=f"at least {MIN_SIDE} px"):
        WM.embed(Image.new("RGB", (128, 128), "grey"), new_payload())


def test_malformed_payload_is_refused(photo):
    with pytest.raises(DisclosureError, match="12 lowercase hex digits"):
        WM.embed(photo, "not-hex")


def test_distinct_payloads_do_not_cross_read(photo):
    p1, p2 = new_payload(), new_payload()
    assert WM.read(WM.embed(photo, p1)).payload == p1
    assert WM.read(WM.embed(photo, p2)).payload == p2
