"""Small pictures for the page: a verify thumbnail and the uploaded image with its faces boxed.

Both return a ``data:`` URI (a small JPEG), so nothing new is written to disk or served, and
both fail soft: a file that cannot be decoded gets no picture (the verdict still shows).
"""

from __future__ import annotations

import base64
import io
import logging
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageOps

__all__ = ["thumbnail_data_uri", "boxed_data_uri", "decision_pictures", "THUMB_SIDE"]

THUMB_SIDE = 320
#: Larger images are not decoded for a preview (a decompression bomb gets no thumbnail).
MAX_PREVIEW_PIXELS = 40_000_000
log = logging.getLogger("consent_studio.ui")
_BOX = (200, 0, 0)  # dark red: 5.9:1 on white for the numbers


def _jpeg_uri(im: Image.Image) -> str:
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=82)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _open(path: str | Path) -> Image.Image | None:
    from consent.errors import ImageInvalid
    from consent.imaging import check_pixels, check_untrusted

    try:
        data = Path(path).read_bytes()
        try:  # a scan, chunk, EXIF or pixel bomb gets no thumbnail (consent.imaging)
            check_untrusted(data, field="preview")
            check_pixels(data, field="preview", max_pixels=MAX_PREVIEW_PIXELS)
        except ImageInvalid:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path)
            if im.width * im.height > MAX_PREVIEW_PIXELS:
                return None
            im.draft("RGB", (THUMB_SIDE * 2, THUMB_SIDE * 2))
            return ImageOps.exif_transpose(im.convert("RGB"))  # its EXIF checked above
    except Exception as e:  # noqa: BLE001 - a preview is optional; the verdict does not depend on it
        log.info("preview: %s could not be decoded for a thumbnail: %s", Path(path).name, type(e).__name__)
        return None


def thumbnail_data_uri(path: str | Path | None, side: int = THUMB_SIDE) -> str | None:
    """A JPEG thumbnail (longest side ``side``) of the image at ``path``, or None."""
    if not path:
        return None
    im = _open(path)
    if im is None:
        return None
    im.thumbnail((side, side))
    return _jpeg_uri(im)


def boxed_data_uri(image: Image.Image, marks: list[Any], side: int = 480) -> str:
    """``image`` scaled to ``side`` with each mark's box drawn and numbered (``marks``: FaceMark)."""
    im = image.convert("RGB").copy()
    scale = min(1.0, side / max(im.size))
    if scale < 1.0:
        im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))))
    draw = ImageDraw.Draw(im)
    width = max(2, round(max(im.size) / 160))
    for m in marks:
        x, y, w, h = (round(v * scale) for v in m.box)
        draw.rectangle((x, y, x + w, y + h), outline=_BOX, width=width)
        label = str(m.number)
        tx, ty = x + width, max(0, y - 14) if y >= 14 else y + width
        bbox = draw.textbbox((tx, ty), label)
        draw.rectangle((bbox[0] - 2, bbox[1] - 2, bbox[2] + 2, bbox[3] + 2), fill=(255, 255, 255))
        draw.text((tx, ty), label, fill=_BOX)
    return _jpeg_uri(im)


def decision_pictures(marks: list[Any], images: dict[str, Image.Image]) -> dict[str, str]:
    """For each image a decision names faces in (``images``: label → canonical pixels), that image boxed."""
    out: dict[str, str] = {}
    for label, im in images.items():
        mine = [m for m in marks if m.image == label]
        if mine and im is not None:
            out[label] = boxed_data_uri(im, mine)
    return out
