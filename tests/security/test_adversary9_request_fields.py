"""Adversary 9: request fields other than the prompt.

``GenerationRequest.operation`` is what the policy checks against a grant's operations
("make new images that look like you" = likeness_generation, "edit existing footage of you" =
footage_edit, as the talent page puts it to the person). It is derived from the mode only when
the caller leaves it out: a Python API caller may name any operation for any mode, so a person
who allowed only edits of existing footage gets brand-new text-to-image pictures made of them,
signed as "footage_edit" and verified OK. The same without the Python API: img2img (the UI's and
the CLI's mode) counts as footage_edit for every subject, so her name in the prompt paints her
into a picture she is not in, under a grant for edits of her footage only.

What held: NaN/inf/negative guidance and strength, a 2**63 seed, an unknown output format or
label corner, control characters in every text field (tests/security/test_bad_input.py and
test_bad_text_input.py pin most of these; the ones not pinned there are pinned here).
"""

from __future__ import annotations

import io
import math

import pytest

from consent.errors import ConsentDenied
from creator.errors import InputError
from creator.request import GenerationRequest


def _outputs(world):
    return [p for p in world.output_files() if p.is_file()]


def test_a_text_to_image_request_cannot_claim_to_be_a_footage_edit(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1", operations=["footage_edit"])  # edits of existing footage only
    studio = stub_world.studio()
    with pytest.raises(ConsentDenied, match="operation 'likeness_generation' not in"):  # the honest request
        studio.generate(stub_world.request(prompt="Jane Doe on a beach", subjects=("jane",)))
    with pytest.raises((InputError, ConsentDenied), match="operation"):
        stub_world.studio().generate(stub_world.request(prompt="Jane Doe on a beach", subjects=("jane",),
                                                        mode="text2img", operation="footage_edit"))
    assert _outputs(stub_world) == []
    assert stub_world.registry.get_grant("g-jane-1").usage == 0


def _fields(**over):
    base = {"grantee": "ACME Films", "purpose": "art", "territory": "US", "width": 256, "height": 256}
    base.update(over)
    return base


@pytest.mark.parametrize("field,value", [
    ("guidance", math.nan), ("guidance", math.inf), ("guidance", -math.inf), ("guidance", -0.5),
    ("strength", math.nan), ("strength", 0.0), ("strength", -1.0), ("strength", math.inf),
    ("seed", 2**63), ("seed", -1), ("steps", 0), ("num_images", 9), ("width", 255), ("height", 2049),
])
def test_out_of_range_numbers_are_input_errors_naming_the_field(field, value):
    with pytest.raises(InputError, match=f"`{field}`"):
        GenerationRequest(**_fields(**{field: value}))


@pytest.mark.parametrize("field", ["guidance", "strength"])
def test_a_huge_integer_number_is_an_input_error(field):
    with pytest.raises(InputError, match=f"`{field}`"):
        GenerationRequest(**_fields(**{field: 10**400}))


@pytest.mark.parametrize("field", ["project", "grantee", "purpose", "media", "label_position", "output_format",
                                   "negative_prompt"])
@pytest.mark.parametrize("text", ["a\x00b", "a\x1bb", "a\x7fb", "\ud800"])
def test_control_characters_and_lone_surrogates_are_refused_in_every_text_field(field, text):
    with pytest.raises(InputError, match=f"`{field}`"):
        GenerationRequest(**_fields(**{field: text}))


def _png(im) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_the_number_of_reference_images_is_capped_with_an_input_error():
    from PIL import Image

    tiny = _png(Image.new("RGB", (8, 8), (90, 120, 150)))
    with pytest.raises(InputError, match="`references`"):
        GenerationRequest.build(**_fields(engine="diffusion", mode="img2img", source=tiny, references=[tiny] * 200))


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])  # held: a second frame never reaches the engine unchecked
def test_a_multi_frame_mask_or_source_is_refused(fmt):
    from PIL import Image

    frames = [Image.new("RGB", (256, 256), (0, 0, 0)), Image.new("RGB", (256, 256), (255, 255, 255))]
    buf = io.BytesIO()
    frames[0].save(buf, fmt, save_all=True, append_images=frames[1:])
    still = _png(frames[0])
    for field, kw in (("mask", {"source": still, "mask": buf.getvalue()}), ("source", {"source": buf.getvalue()})):
        with pytest.raises(InputError, match=f"`{field}`"):
            GenerationRequest.build(**_fields(engine="diffusion", mode="inpaint" if field == "mask" else "img2img", **kw))


def test_a_grant_for_one_project_needs_the_request_to_name_it(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    grant = stub_world.issue_grant("jane", "g-jane-1")
    assert grant.grant.project == "Blue (2026)"
    studio = stub_world.studio()
    assert not studio.check(stub_world.request(prompt="a harbour", subjects=("jane",), project="Red (2027)")).allowed
    decision = studio.check(stub_world.request(prompt="a harbour", subjects=("jane",), project=None))
    assert not decision.allowed
    assert any("project" in r for r in decision.reasons())


@pytest.mark.parametrize("strength", [1.0, 0.75])
def test_an_edit_of_a_picture_she_is_not_in_is_not_an_edit_of_her_footage(stub_world, strength):
    from studio_world import noise, png_bytes

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1", operations=["footage_edit"])  # "edit existing footage of you"
    with pytest.raises(ConsentDenied, match="operation"):
        stub_world.studio().generate(stub_world.request(
            prompt="Jane Doe on a beach", subjects=("jane",), engine="diffusion", mode="img2img",
            source=png_bytes(noise(256)), strength=strength))  # a picture without her face
    assert _outputs(stub_world) == []
