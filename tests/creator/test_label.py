"""The visible label: size per jurisdiction, legibility on any background, no off switch."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from creator.disclosure.label import CONSENT_SUFFIX, PROFILES, apply_label, label_from_settings
from creator.errors import DisclosureError


def _background(kind: str, size: int) -> Image.Image:
    if kind == "white":
        return Image.new("RGB", (size, size), (255, 255, 255))
    if kind == "black":
        return Image.new("RGB", (size, size), (0, 0, 0))
    rng = np.random.default_rng(size)
    return Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8))


def _luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2.x relative luminance of sRGB pixels (..., 3) in 0..255."""
    c = rgb.astype(np.float64) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def _contrast(l1: float, l2: float) -> float:
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def _changed_box(before: Image.Image, after: Image.Image) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1) of the pixels the label changed, measured from pixels."""
    diff = np.any(np.asarray(before) != np.asarray(after), axis=2)
    ys, xs = np.nonzero(diff)
    assert ys.size, "the label changed no pixel"
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@pytest.mark.parametrize("size", [64, 512, 4096])
@pytest.mark.parametrize("background", ["white", "black", "noise"])
def test_china_label_box_is_5_percent_and_text_contrast_meets_wcag(background, size):
    image = _background(background, size)
    out, placement = apply_label(image, profile="china", real_person_depicted=True)

    # Size, measured from the pixels the label changed (a black box on a black image
    # changes only the text pixels, so the measured box is then the text's own extent).
    x0, y0, x1, y1 = _changed_box(image, out)
    measured_h = (placement.box_height if background == "black" else y1 - y0)
    assert measured_h >= 0.05 * size
    assert placement.text_height >= 0.05 * size
    if background != "black":
        assert (x0, y0, x1, y1) == placement.box

    # Legibility: WCAG contrast between the text colour and the *brightest* box pixel
    # (worst case, e.g. a white noise pixel shining through the semi-opaque box). The box
    # colour is read from its top and bottom pixel rows, which glyphs never reach; text
    # pixels are those brighter than any box pixel (the 90th percentile is the text colour,
    # past the antialiased edges).
    px = np.asarray(out)[placement.box[1]:placement.box[3], placement.box[0]:placement.box[2]]
    lum = _luminance(px)
    worst_box_lum = float(max(lum[0].max(), lum[-1].max()))
    text = lum > worst_box_lum + 0.02
    assert text.sum() > 20, "no text pixels in the label box"
    text_lum = float(np.percentile(lum[text], 90))
    assert _contrast(text_lum, worst_box_lum) >= 4.5


def test_text_line_height_is_measured_in_pixels_at_5_percent_for_china():
    image = _background("white", 1000)
    out, placement = apply_label(image, profile="china")
    px = np.asarray(out)[placement.box[1]:placement.box[3], placement.box[0]:placement.box[2]]
    rows = np.nonzero((_luminance(px) > 0.5).any(axis=1))[0]
    # one line of text: ink rows from the top of "A" to the bottom of "g"
    assert rows.max() - rows.min() + 1 >= 0.05 * 1000 - 1


def test_eu_label_is_smaller_than_china_but_box_still_5_percent():
    image = _background("white", 1000)
    _, eu = apply_label(image, profile="eu")
    _, cn = apply_label(image, profile="china")
    assert eu.text_height < cn.text_height
    assert eu.text_height >= PROFILES["eu"].min_text_fraction * 1000
    assert eu.box_height >= 0.05 * 1000


def test_real_person_adds_consent_line():
    out, placement = apply_label(_background("white", 512), real_person_depicted=True)
    assert placement.lines == ("AI-generated", CONSENT_SUFFIX)
    _, plain = apply_label(_background("white", 512), real_person_depicted=False)
    assert plain.lines == ("AI-generated",)


def test_small_image_wraps_label_inside_the_image():
    out, placement = apply_label(_background("noise", 64), real_person_depicted=True)
    x0, y0, x1, y1 = placement.box
    assert 0 <= x0 < x1 <= 64 and 0 <= y0 < y1 <= 64
    assert len(placement.lines) >= 3  # "likeness used with consent" wrapped


@pytest.mark.parametrize("position", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_position_setting_moves_the_box_to_that_corner(position):
    _, p = apply_label(_background("white", 400), position=position)
    cx, cy = (p.box[0] + p.box[2]) / 2, (p.box[1] + p.box[3]) / 2
    assert (cy < 200) == position.startswith("top")
    assert (cx < 200) == position.endswith("left")


def test_settings_choose_text_profile_and_position(make_settings):
    s = make_settings(label_text="KI-generiert", label_profile="eu", label_position="top-right")
    _, p = label_from_settings(_background("white", 400), s, real_person_depicted=False)
    assert p.lines == ("KI-generiert",) and p.profile == "eu" and p.position == "top-right"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_label_text_is_rejected(text):
    with pytest.raises(DisclosureError, match="label_text must be a non-empty text"):
        apply_label(_background("white", 256), text=text)


def test_unknown_profile_is_rejected():
    with pytest.raises(DisclosureError, match="label_profile 'mars' is not supported"):
        apply_label(_background("white", 256), profile="mars")


def test_unknown_position_is_rejected():
    with pytest.raises(DisclosureError, match="label_position 'center' is not supported"):
        apply_label(_background("white", 256), position="center")


def test_image_too_small_for_the_label_raises():
    with pytest.raises(DisclosureError, match="too small for the visible label"):
        apply_label(_background("white", 8))


def test_input_image_is_not_modified_and_output_is_rgb():
    image = _background("white", 256).convert("L")
    before = np.asarray(image).copy()
    out, _ = apply_label(image)
    assert out.mode == "RGB" and out.size == image.size
    assert np.array_equal(np.asarray(image), before)


# --- fonts: characters the built-in font lacks are drawn with a font that has them, or refused


def _dejavu() -> str:
    import matplotlib

    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")


def _cjk_font_or_skip() -> None:
    from creator.disclosure.label import SYSTEM_FONTS

    if not any(Path(f).is_file() for f in SYSTEM_FONTS[:2]):
        if os.environ.get("CI"):
            pytest.fail("no CJK font installed; .ci/run installs Debian's fonts-wqy-microhei")
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-microhei)")


def test_china_profile_default_label_is_chinese_and_drawn():
    _cjk_font_or_skip()
    image = _background("white", 512)
    out, placement = apply_label(image, profile="china")
    assert placement.lines == ("AI生成",)
    assert placement.text_height >= 0.05 * 512
    x0, y0, x1, y1 = placement.box
    # the glyphs are really drawn: the box holds white text pixels, not only the dark box
    box = np.asarray(out.crop((x0, y0, x1, y1)).convert("L"))
    assert (box > 200).mean() > 0.02


def test_accented_label_uses_the_configured_font():
    out, placement = apply_label(_background("white", 512), text="Généré par IA", font=_dejavu())
    assert placement.lines == ("Généré par IA",)


def test_font_without_the_glyphs_is_refused_not_drawn_as_boxes():
    with pytest.raises(DisclosureError, match="has no glyphs for '生成'"):
        apply_label(_background("white", 512), profile="china", font=_dejavu())


def test_missing_font_file_is_refused(tmp_path):
    with pytest.raises(DisclosureError, match="is not a file"):
        apply_label(_background("white", 512), font=tmp_path / "nope.ttf")
