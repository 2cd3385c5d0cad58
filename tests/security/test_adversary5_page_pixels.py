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
    assert studio_alone["watermark_read"] is None  # the studio's decode clips it to white

    verify_mod._forget()
    _studio(world, path)
    assert _page(world, data) == page_alone  # the studio's read (no mark) did not hide the copy on the page

    verify_mod._forget()
    _page(world, data)
    assert _studio(world, path) == studio_alone  # the page's read did not become the studio's verdict
