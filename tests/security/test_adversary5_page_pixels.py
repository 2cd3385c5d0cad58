"""The public verify page reads the watermark from the pixels *it* decoded (consent.imaging:
a 16-bit grey PNG scaled to 8 bits), the studio's verify from its own decode (Pillow's
``convert("RGB")``, which clips such a PNG to white). The two can differ for the same bytes,
and both run in one server process, whose memory of watermark reads and resemblance is keyed by
the file's digest: what one path read must not become the other's verdict. Each path's report
on a file must not depend on which of them saw the file first."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from creator import verify as verify_mod
from creator.ui.public import PublicLimits, TokenBucket, _Service
from creator.verify import verify


@pytest.fixture
def grey16(stub_world, tmp_path):
    out = stub_world.studio().generate(stub_world.request(prompt="a harbour at dawn")).outputs[0]
    with Image.open(out.path) as im:
        grey = np.asarray(im.convert("L"), dtype=np.uint16) * 257
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, "PNG")  # a 16-bit grey copy ("I;16")
    path = tmp_path / "copy16.png"
    path.write_bytes(buf.getvalue())
    return stub_world, path


def _page(world, data):
    service = _Service(world.settings, world.registry, PublicLimits(), TokenBucket(burst=100, per_minute=100))
    return service.verify(data, "198.51.100.7")


def _studio(world, path):
    report = verify(path, settings=world.settings, registry=world.registry).to_dict()
    return {k: report[k] for k in ("verdict", "reasons", "watermark_read", "recovered", "watermark_elsewhere")}


def test_the_public_page_and_the_studio_do_not_take_each_others_watermark_reads(grey16):
    world, path = grey16
    data = path.read_bytes()
    verify_mod._forget()
    page_alone = _page(world, data)
    verify_mod._forget()
    studio_alone = _studio(world, path)
    assert page_alone["verdict"] == "copy_of_original", page_alone["verdict"]  # the page sees the grey copy's mark

    verify_mod._forget()
    _studio(world, path)
    assert _page(world, data) == page_alone  # the studio's read (no mark) did not hide the copy on the page

    verify_mod._forget()
    _page(world, data)
    assert _studio(world, path) == studio_alone  # the page's read did not become the studio's verdict


def test_the_studio_recognises_a_16_bit_grey_copy_as_the_public_page_does(grey16):
    """Saving a copy as a 16-bit grey PNG must not hide where it came from from the studio's own
    verify (Pillow's RGB conversion clipped it to a white picture: no mark, no copy)."""
    world, path = grey16
    verify_mod._forget()
    report = verify(path, settings=world.settings, registry=world.registry)
    assert report.watermark_read is not None
    assert report.recovered is not None and report.recovered.ok, report.reasons
    assert _page(world, path.read_bytes())["verdict"] == "copy_of_original"


def test_a_read_from_a_callers_pixels_never_answers_for_verifys_own_decode(grey16, tmp_path):
    """``verify_bytes(pixels=...)``: the caller's decode (the page's) is its own; whatever it
    showed, the next plain verify of the same bytes reads the file itself."""
    import datetime as dt

    world, _ = grey16
    out = world.studio().generate(world.request(prompt="a field of flowers", seed=3)).outputs[0]
    copy = tmp_path / "copy.png"
    with Image.open(out.path) as im:
        im.convert("RGB").save(copy, "PNG")
    verify_mod._forget()
    blank = np.zeros((256, 256, 3), np.uint8)  # a decoder that saw nothing
    seen = verify_mod.verify_bytes(copy.read_bytes(), copy, settings=world.settings, registry=world.registry,
                                   now=dt.datetime.now(dt.timezone.utc), pixels=blank)
    assert seen.watermark_read is None
    report = verify(copy, settings=world.settings, registry=world.registry)
    assert report.recovered is not None and report.recovered.ok, report.reasons
