"""A copy whose metadata was stripped still resolves, through its invisible watermark and
the studio's output records, to the signed original and the consent it was made under."""

from __future__ import annotations

import pytest
from PIL import Image

from creator.request import GenerationRequest
from creator.settings import StudioSettings
from creator.studio import Studio
from creator.verify import verify


@pytest.fixture
def studio(tmp_path):
    import torch

    torch.set_num_threads(1)
    return Studio(StudioSettings(data_dir=tmp_path / "data"))


@pytest.fixture
def output(studio):
    result = studio.generate(GenerationRequest(grantee="ana", purpose="art", territory="FR", seed=7))
    return result.outputs[0]


def _strip(src, dst, **save):
    with Image.open(src) as im:
        im.convert("RGB").save(dst, **save)
    return dst


def test_signed_output_pixels_carry_the_manifest_payload(studio, output):
    report = verify(output.path, settings=studio.settings, registry=studio.registry)
    assert report.ok, report.reasons
    assert report.watermark_read == output.watermark_payload == report.watermark_payload


@pytest.mark.parametrize("fmt,save", [("jpg", {"quality": 85}), ("png", {})])
def test_stripped_copy_fails_but_recovers_the_original(studio, output, tmp_path, fmt, save):
    copy = _strip(output.path, tmp_path / f"copy.{fmt}", **save)
    report = verify(copy, settings=studio.settings, registry=studio.registry)
    assert not report.ok
    assert report.c2pa_state == "NoManifest"
    assert report.watermark_read == output.watermark_payload
    assert report.recovered is not None and report.recovered.ok
    assert report.recovered.path == output.path
    assert any("credentials recovered via invisible watermark" in r and "original Trusted" in r for r in report.reasons)


def test_stripped_copy_without_registry_says_what_is_needed(studio, output, tmp_path):
    copy = _strip(output.path, tmp_path / "copy.png")
    report = verify(copy, settings=studio.settings, unsafe_no_registry=True)
    assert report.recovered is None and report.verdict == "UNSAFE"
    assert any("open the studio's registry" in r for r in report.reasons)


def test_unmarked_photo_claims_nothing(studio, tmp_path):
    from skimage import data

    p = tmp_path / "photo.png"
    Image.fromarray(data.astronaut()).save(p)
    report = verify(p, settings=studio.settings, registry=studio.registry)
    assert not report.ok and report.watermark_read is None and report.recovered is None
