"""Attacks on this round's watermark and public-verify changes: the 40 dB floor, the small-picture
scale search, and verify reading the mark from the pixels the public page decoded.

- **Fooling the one-decode path.** The public page decodes an upload once (EXIF rotation
  applied, transparency flattened) and hands those pixels to verify. A copy whose EXIF tag
  says "rotate 90°" or that has a transparent edge would then be read from changed pixels
  (a quarter turn is outside the ±6° the mark resynchronises over). Such uploads are read
  from their stored pixels, as before: the copy still resolves.
- **Driving the mark louder.** The embedder goes below 40 dB only where no 40 dB mark reads
  at all; an attacker who controls the picture (noise, a texture) cannot push it below 32 dB.
- **False claims from the wider search.** Pictures under 256 px are now searched with six
  scale/rotation candidates instead of three; unmarked small crops and resizes still read
  nothing.
"""

from __future__ import annotations

import io

import fastapi
import numpy as np
import pytest
from PIL import Image
from skimage import data
from starlette.testclient import TestClient

from creator.disclosure.watermark import MIN_SIDE, Watermarker
from creator.ui.public import PublicLimits, public_router
from studio_world import StubEngine, noise, open_world


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    world_iter = open_world(tmp_path_factory.mktemp("wmfloor"), stub_by_default=True, files_only=True)
    world = next(world_iter)
    studio = world.studio(StubEngine(images=[noise(512, seed=21)]))
    out = studio.generate(world.request(prompt="a pier at night", width=512, height=512)).outputs[0]
    app = fastapi.FastAPI()
    app.include_router(public_router(world.settings, world.registry, limits=PublicLimits(burst=1000)))
    yield TestClient(app), out
    world_iter.close()


def _verdict(client, data: bytes, name: str) -> str:
    r = client.post("/public/api/verify", files={"file": (name, data, "application/octet-stream")})
    assert r.status_code == 200, r.text
    return r.json()["verdict"]


def test_a_copy_rotated_only_by_its_exif_tag_still_resolves(made):
    client, out = made
    with Image.open(out.path) as im:
        rgb = im.convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": the pixels stay as they were
    buf = io.BytesIO()
    rgb.save(buf, "JPEG", quality=88, exif=exif.tobytes())
    assert _verdict(client, buf.getvalue(), "rotated.jpg") == "copy_of_original"


def test_a_copy_with_a_transparent_border_still_resolves(made):
    client, out = made
    with Image.open(out.path) as im:
        rgba = im.convert("RGBA")
    a = np.asarray(rgba).copy()
    a[:24, :, 3] = 0  # a transparent strip: flattening it changes those pixels
    buf = io.BytesIO()
    Image.fromarray(a, "RGBA").save(buf, "PNG")
    assert _verdict(client, buf.getvalue(), "alpha.png") in ("copy_of_original", "credentials_ok")


@pytest.mark.parametrize("seed", [0, 1])
def test_an_attacker_chosen_picture_cannot_push_the_mark_below_32db(seed):
    wm = Watermarker(key=bytes(range(32)))
    rng = np.random.default_rng(seed)
    # saturated colour noise with hard edges: the worst the attacker can hand the embedder
    img = Image.fromarray((rng.integers(0, 2, (MIN_SIDE, MIN_SIDE, 3)) * 255).astype(np.uint8))
    try:
        out = wm.embed(img, "0123456789ab")
    except Exception as e:  # refusing is allowed (fail closed); marking louder is not
        assert "refusing to output an unmarked image" in str(e)
        return
    x, y = np.asarray(img, np.float64), np.asarray(out, np.float64)
    assert 10 * np.log10(255**2 / np.mean((x - y) ** 2)) >= 32.0


def test_unmarked_small_pictures_read_nothing_with_the_wider_search():
    wm = Watermarker(key=bytes(range(32)))
    rng = np.random.default_rng(5)
    photos = [data.astronaut(), data.coffee(), data.chelsea(), np.stack([data.camera()] * 3, -1),
              np.stack([data.brick()] * 3, -1), np.stack([data.grass()] * 3, -1)]
    claims = []
    for i in range(60):
        a = photos[i % len(photos)]
        side = int(rng.integers(96, 256))
        y0, x0 = int(rng.integers(0, a.shape[0] - side)), int(rng.integers(0, a.shape[1] - side))
        im = Image.fromarray(np.ascontiguousarray(a[y0:y0 + side, x0:x0 + side]))
        if i % 3 == 1:
            im = im.resize((int(side * 0.6), int(side * 0.6)), Image.Resampling.BICUBIC)
        got = wm.read(im)
        if got.payload is not None:
            claims.append((i, got))
    assert claims == []
