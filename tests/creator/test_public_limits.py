"""The public verify page's limits come from the studio's settings (env CONSENT_STUDIO_PUBLIC_…),
and one request decodes the upload and reads its watermark once.

One studio for the module (real registry, signing and watermark; a stub engine returning a
textured 512² picture) with one output; requests go through Starlette's TestClient to the
public router built the way the server builds it: from the settings alone.
"""

from __future__ import annotations

import io

import fastapi
import pydantic
import pytest
from PIL import Image
from starlette.testclient import TestClient

from creator.disclosure.watermark import Watermarker
from creator.settings import StudioSettings
from creator.ui.public import PublicLimits, public_router
from studio_world import StubEngine, noise, open_world

_PUBLIC = ("public_max_upload_bytes", "public_max_pixels", "public_rate_burst", "public_rate_per_minute")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    world_iter = open_world(tmp_path_factory.mktemp("publimits"), stub_by_default=True, files_only=True)
    world = next(world_iter)
    studio = world.studio(StubEngine(images=[noise(512, seed=9)]))
    out = studio.generate(world.request(prompt="a lighthouse at dusk", width=512, height=512)).outputs[0]
    yield world, out
    world_iter.close()


def _settings_from_env(world, monkeypatch, **env) -> StudioSettings:
    """The world's settings, with the public limits read from the environment as a deployment sets them."""
    for name, value in env.items():
        monkeypatch.setenv(f"CONSENT_STUDIO_{name.upper()}", str(value))
    return StudioSettings(**world.settings.model_dump(exclude=set(_PUBLIC)))


def _client(settings, registry) -> TestClient:
    app = fastapi.FastAPI()
    app.include_router(public_router(settings, registry))  # no limits argument: as server.py mounts it
    return TestClient(app)


def _stripped_copy(path) -> bytes:
    with Image.open(path) as im:
        rgb = im.convert("RGB")
    buf = io.BytesIO()
    rgb.resize((rgb.width * 3 // 4, rgb.height * 3 // 4), Image.Resampling.BILINEAR).save(buf, "JPEG", quality=85)
    return buf.getvalue()


def test_upload_cap_comes_from_the_environment(made, monkeypatch):
    world, out = made
    settings = _settings_from_env(world, monkeypatch, public_max_upload_bytes=4096)
    client = _client(settings, world.registry)
    data = out.path.read_bytes()
    assert len(data) > 4096
    r = client.post("/public/api/verify", files={"file": ("x.png", data, "image/png")})
    assert r.status_code == 413 and "4096" in r.json()["message"]
    assert "Up to 4 KB." in client.get("/public/verify").text


def test_default_cap_admits_the_same_upload(made):
    world, out = made
    r = _client(world.settings, world.registry).post(
        "/public/api/verify", files={"file": ("x.png", out.path.read_bytes(), "image/png")})
    assert r.status_code == 200 and r.json()["verdict"] == "credentials_ok", r.json()


def test_rate_limit_comes_from_the_environment(made, monkeypatch):
    world, _ = made
    settings = _settings_from_env(world, monkeypatch, public_rate_burst=2, public_rate_per_minute=1)
    client = _client(settings, world.registry)
    codes = [client.get("/public/c2pa/matches/byBinding", params={"alg": Watermarker.name, "value": "AAAAAAAA"}).status_code
             for _ in range(3)]
    assert codes[:2] == [200, 200] and codes[2] == 429


def test_pixel_cap_comes_from_the_environment(made, monkeypatch):
    world, out = made
    settings = _settings_from_env(world, monkeypatch, public_max_pixels=100_000)
    r = _client(settings, world.registry).post(
        "/public/api/verify", files={"file": ("x.png", out.path.read_bytes(), "image/png")})
    assert r.status_code == 413 and "100000" in r.json()["message"]


@pytest.mark.parametrize(("name", "value"), [("public_rate_burst", "0"), ("public_max_upload_bytes", "-5"),
                                             ("public_rate_per_minute", "0")])
def test_a_limit_that_is_not_positive_is_refused_naming_it(made, monkeypatch, name, value):
    world, _ = made
    with pytest.raises(pydantic.ValidationError, match=name):
        _settings_from_env(world, monkeypatch, **{name: value})


def test_limits_from_settings_without_public_fields_are_the_defaults():
    class Bare:  # a consent-core Settings has no public_* fields
        pass

    assert PublicLimits.from_settings(Bare()) == PublicLimits()


def test_one_request_decodes_and_reads_the_watermark_of_the_upload_once(made, monkeypatch):
    """A stripped, resized copy: its mark leads to the original, which is verified as a file of
    its own (that read is of the original, not the upload)."""
    world, out = made
    reads: list[tuple[int, int]] = []
    real = Watermarker.read_array

    def counting(self, rgb, **kw):  # kw: the luma verify computed once for the read and the comparison
        reads.append(tuple(rgb.shape[:2]))
        return real(self, rgb, **kw)

    monkeypatch.setattr(Watermarker, "read_array", counting)
    upload_decodes: list[int] = []
    real_open = Image.open

    def counting_open(fp, *a, **kw):
        if isinstance(fp, io.BytesIO) and fp.getvalue() == copy:
            upload_decodes.append(1)
        return real_open(fp, *a, **kw)

    copy = _stripped_copy(out.path)
    monkeypatch.setattr(Image, "open", counting_open)
    client = _client(world.settings, world.registry)
    r = client.post("/public/api/verify", files={"file": ("copy.jpg", copy, "image/jpeg")})
    assert r.status_code == 200 and r.json()["verdict"] == "copy_of_original", r.json()
    with real_open(io.BytesIO(copy)) as im:
        upload_shape = (im.height, im.width)
    assert reads.count(upload_shape) == 1, reads
    assert len(upload_decodes) == 1  # the public page's own decode (limits, bombs); verify reuses its pixels
