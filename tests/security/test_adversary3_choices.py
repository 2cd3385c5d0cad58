"""The label corner and file format a request may pick, used to hide or drop disclosure.

Every allowed corner and format keeps every layer: the visible label (in the chosen corner, at
least the profile's minimum size), the watermark read back from the file, XMP, and a Trusted
C2PA manifest that verify accepts. Values outside the allowed ones — including spellings that
normalise to nothing the profile lists — are refused before anything is decided or written.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from creator.disclosure.choices import choices
from creator.errors import InputError
from creator.verify import verify

GREY = (128, 128, 128)


def _label_box(path) -> tuple[int, int, int, int]:
    """Bounding box of the pixels the disclosure changed by more than the watermark could."""
    out = np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)
    changed = np.abs(out - np.array(GREY, dtype=np.int16)).max(axis=2) > 40
    ys, xs = np.nonzero(changed)
    assert len(ys), "no visible label at all"
    return xs.min(), ys.min(), xs.max() + 1, ys.max() + 1


def test_every_allowed_corner_and_format_keeps_every_layer(stub_world, make_engine):
    allowed = choices(stub_world.settings)
    assert set(allowed.formats) == {"png", "jpeg"} and len(allowed.positions) == 4
    side = 256
    studio = stub_world.studio(make_engine([Image.new("RGB", (side, side), GREY)]))
    from creator.disclosure.label import _profile

    min_box = _profile(stub_world.settings.label_profile).min_box_fraction * side
    for fmt in allowed.formats:
        for corner in allowed.positions:
            req = stub_world.request(prompt="a lighthouse at dusk", width=side, height=side,
                                     label_position=corner, output_format=fmt)
            (out,) = studio.generate(req).outputs
            assert out.path.suffix in ((".png",) if fmt == "png" else (".jpg", ".jpeg"))
            report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
            assert report.ok, (fmt, corner, report.reasons)
            assert report.c2pa_state == "Trusted" and report.digital_source_type_xmp
            assert report.watermark_read == out.watermark_payload, (fmt, corner)
            x0, y0, x1, y1 = _label_box(out.path)
            assert y1 - y0 >= min_box - 1, (fmt, corner, (x0, y0, x1, y1))
            vertical, horizontal = corner.split("-")
            assert (y0 == 0 or y0 < side / 2) if vertical == "top" else y1 > side / 2, (fmt, corner)
            assert (x0 < side / 2) if horizontal == "left" else (x1 > side / 2), (fmt, corner)
            assert (y1 <= side / 2 + 1) if vertical == "top" else (y0 >= side / 2 - 1), (fmt, corner, (y0, y1))


@pytest.mark.parametrize("field,value", [
    ("label_position", "center"), ("label_position", "none"), ("label_position", "off"),
    ("label_position", "bottom_left"), ("label_position", "bottom-left\x00"), ("label_position", "ｂottom-left"),
    ("output_format", "webp"), ("output_format", "gif"), ("output_format", "bmp"), ("output_format", "tiff"),
    ("output_format", "jpeg2000"), ("output_format", "ｐng"),
])
def test_a_choice_outside_the_profile_is_refused_before_anything_is_decided(stub_world, make_engine, field, value):
    studio = stub_world.studio(make_engine([Image.new("RGB", (256, 256), GREY)]))
    before = len(stub_world.audit())
    with pytest.raises((InputError, ValueError)) as e:
        studio.generate(stub_world.request(prompt="a lighthouse at dusk", **{field: value}))
    assert field in str(e.value)
    assert stub_world.output_files() == []
    assert "decision" not in [x.kind for x in stub_world.audit()[before:]]
    assert stub_world.engine.calls == 0


def test_an_operator_narrowing_cannot_be_widened_by_a_request(stub_world, make_engine):
    settings = stub_world.settings.model_copy(update={"label_positions": "bottom-right", "output_formats": "png"})
    studio = stub_world.studio(make_engine([Image.new("RGB", (256, 256), GREY)]), settings=settings)
    for field, value in (("label_position", "top-left"), ("output_format", "jpeg"), ("output_format", "jpg")):
        with pytest.raises(InputError, match=field):
            studio.generate(stub_world.request(prompt="a lighthouse at dusk", **{field: value}))
    assert stub_world.output_files() == []
