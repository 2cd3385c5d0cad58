"""Red team 29: the public verifier's charge of the second read (``_Service._charge_again``, red
team 27) refused mid-work: the 429 comes after the first read was done. The visitor must get the
rate-limit answer (status, Retry-After, the sentence), never a 500 or the first read's facts."""

from __future__ import annotations

import io

import numpy as np
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from creator.ui.public import PREFIX, PublicLimits, TokenBucket, public_router


def _turned_photo() -> bytes:
    rng = np.random.default_rng(29)
    im = Image.fromarray(rng.integers(0, 255, (96, 128, 3), dtype=np.uint8))  # no mark of ours
    exif = Image.Exif()
    exif[0x0112] = 6  # stored turned: read twice
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def _client(world, burst: int) -> TestClient:
    app = FastAPI()
    app.include_router(public_router(world.settings, world.registry, limits=PublicLimits(),
                                     bucket=TokenBucket(burst=burst, per_minute=0.0001)))
    return TestClient(app)


def test_a_second_read_refused_by_the_rate_limit_answers_429_not_500_nor_the_first_read(stub_world):
    data = _turned_photo()
    with _client(stub_world, burst=1) as c:  # the route's own token: the first read, then nothing
        r = c.post(f"{PREFIX}/api/verify", files={"file": ("p.jpg", data, "image/jpeg")})
        assert r.status_code == 429, (r.status_code, r.text[:300])
        assert r.headers.get("retry-after") and r.json()["error"] == "rate_limited", r.text[:300]
        assert set(r.json()) == {"error", "message"}, r.json()
    with _client(stub_world, burst=1) as c:  # the page, a fresh address's bucket
        page = c.post(f"{PREFIX}/verify", files={"file": ("p.jpg", data, "image/jpeg")})
        assert page.status_code == 429 and "Too many requests" in page.text, (page.status_code, page.text[:300])


def test_the_same_upload_with_room_for_both_reads_is_answered(stub_world):
    with _client(stub_world, burst=5) as c:
        r = c.post(f"{PREFIX}/api/verify", files={"file": ("p.jpg", _turned_photo(), "image/jpeg")})
    assert r.status_code == 200, (r.status_code, r.text[:300])
