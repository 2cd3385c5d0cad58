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


def test_a_copy_is_not_vouched_for_by_a_file_put_in_its_originals_place(studio, output, tmp_path):
    """verify remembers an original's coarse picture by content digest once it has read it; a file
    later put in the original's place (another output of this studio, under the same name)
    must not vouch for the copy, whatever it looks like and whatever was remembered."""
    from pathlib import Path

    copy = _strip(output.path, tmp_path / "copy.png")
    first = verify(copy, settings=studio.settings, registry=studio.registry)
    assert first.recovered is not None and first.recovered.ok
    other = studio.generate(GenerationRequest(grantee="ana", purpose="art", territory="FR", seed=8)).outputs[0]
    Path(output.path).write_bytes(Path(other.path).read_bytes())
    again = verify(copy, settings=studio.settings, registry=studio.registry)
    assert again.recovered is None and not again.ok
    assert not any("original Trusted" in r for r in again.reasons)
    assert any("does not have that output's content" in r and output.sha256[:16] in r for r in again.reasons), again.reasons


def test_a_copy_verified_twice_gets_the_same_answer(studio, output, tmp_path):
    """The second verify of a circulating copy uses what the first learnt of its original: the
    report a user reads is the same, down to the original's watermark and verdict."""
    copy = _strip(output.path, tmp_path / "copy.png")
    a = verify(copy, settings=studio.settings, registry=studio.registry)
    b = verify(copy, settings=studio.settings, registry=studio.registry)
    assert a.reasons == b.reasons and a.recovered.to_dict() == b.recovered.to_dict()
    assert b.recovered.watermark_read == output.watermark_payload and b.recovered.ok


@pytest.mark.parametrize("variant", ["plain", "gamma", "srgb", "icc", "exif_turned", "colour_key", "fast_deflate"])
def test_verify_reads_a_plain_png_copy_as_pillow_stores_it(variant):
    """Plain 8-bit RGB PNGs (the studio's outputs and most copies) are decoded by OpenCV for
    speed: the pixels must be Pillow's exactly — no gamma or colour profile applied, no EXIF turn."""
    import io
    import struct
    import zlib

    import numpy as np
    from PIL import ImageCms
    from skimage import data

    from creator.disclosure.watermark import _pixels
    from creator.verify import _decode_rgb, _png_rgb8

    im = Image.fromarray(data.chelsea())
    buf, save = io.BytesIO(), {}
    if variant == "icc":
        save["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    if variant == "exif_turned":
        exif = Image.Exif()
        exif[0x0112] = 6
        save["exif"] = exif.tobytes()
    if variant == "colour_key":
        save["transparency"] = (0, 0, 0)
    if variant == "fast_deflate":
        save["compress_level"] = 1
    im.save(buf, "PNG", **save)
    png = buf.getvalue()
    extra = {"gamma": (b"gAMA", struct.pack(">I", 90910)), "srgb": (b"sRGB", b"\x00")}.get(variant)
    if extra:
        kind, body = extra
        png = png[:33] + struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)) + png[33:]
    fast = _png_rgb8(png)
    assert fast is not None
    assert np.array_equal(fast, _pixels(Image.open(io.BytesIO(png))))
    assert np.array_equal(_decode_rgb(png), fast)


@pytest.mark.parametrize("variant", ["animated", "cut_off", "palette", "grey", "sixteen_bit", "interlaced"])
def test_other_pngs_are_decoded_by_pillow_as_before(variant):
    import io

    import numpy as np
    from skimage import data

    from creator.disclosure.watermark import _pixels
    from creator.verify import _decode_rgb, _png_rgb8

    im = Image.fromarray(data.chelsea())
    buf = io.BytesIO()
    if variant == "animated":
        im.save(buf, "PNG", save_all=True, append_images=[im.rotate(90)])
    elif variant == "palette":
        im.convert("P").save(buf, "PNG")
    elif variant == "grey":
        im.convert("L").save(buf, "PNG")
    elif variant == "sixteen_bit":
        Image.fromarray((np.asarray(im.convert("L"), np.uint16) * 257)).save(buf, "PNG")
    else:
        im.save(buf, "PNG")
    png = buf.getvalue()
    if variant == "cut_off":
        png = png[: len(png) // 2]
    if variant == "interlaced":
        png = png[:28] + b"\x01" + png[29:]  # Pillow writes no interlaced PNG: the flag alone must send it to Pillow
    assert _png_rgb8(png) is None
    if variant == "cut_off":
        assert _decode_rgb(png) is None
    elif variant == "sixteen_bit":  # scaled to 8 bits as the public page's decode does (Pillow's RGB conversion
        from consent.imaging import decode  # clips it to white: tests/security/test_adversary5_page_pixels.py)

        assert np.array_equal(_decode_rgb(png), decode(png, field="f").pixels)
    elif variant != "interlaced":
        assert np.array_equal(_decode_rgb(png), _pixels(Image.open(io.BytesIO(png))))
