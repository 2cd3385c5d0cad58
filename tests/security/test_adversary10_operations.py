"""Adversary 10: the operation each subject's grant is checked for (``consent.policy._subject_context``).

An img2img/inpaint edit counts as ``footage_edit`` only for a subject whose face is found in
the source image; anyone else it touches (declared, named, by adapter or reference) is checked
for ``likeness_generation``. HELD: a source with Eileen's face and a declared second person
not in it denies for that person ("not found in the source image"), though Eileen's own
footage_edit grant holds; an ambiguous face carries no subject (consent.likeness.scan), so it
counts for no one and denies as unknown.

FAIL-UNCLEAR: the strength of the edit is not looked at. At ``strength=1.0`` an img2img starts
from (almost) pure noise — the source survives as a ~7 % trace in the first latent — so a
grant for footage editing only (retouching existing pictures of her) lets a creator make new
pictures of her from any photo of her face and a prompt.

FAIL-OPEN: only ``footage_edit`` is turned into ``likeness_generation`` for a subject whose face
is not in the source. A request that names ``operation="face_replacement"`` (allowed for
img2img/inpaint by MODE_OPERATIONS, chosen by the creator) on a source with no face at all —
nothing to replace — is checked as face_replacement, so a grant for replacing a face in
existing footage makes new pictures of the person (the same request as footage_edit is denied).
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied
from studio_world import astronaut, noise, png_bytes


def _eileen(world, operations=("footage_edit",)):
    world.add_person("eileen", "Eileen Collins", photo=astronaut())
    world.issue_grant("eileen", "g-eileen-1", operations=list(operations))


def test_an_edit_of_her_picture_is_footage_edit_for_her(stub_world):
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)),
                                 strength=0.5, subjects=("eileen",))
    assert stub_world.studio().generate(request).paths


def test_a_second_person_not_in_the_source_needs_likeness_generation(stub_world):
    _eileen(stub_world)
    stub_world.add_person("bob", "Bob Smith")
    stub_world.issue_grant("bob", "g-bob-1", operations=["footage_edit"])
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)),
                                 strength=0.5, subjects=("eileen", "bob"))
    with pytest.raises(ConsentDenied, match="subject 'bob' is not found in the source image") as caught:
        stub_world.studio().generate(request)
    assert "eileen" not in " ".join(r for r in caught.value.decision.reasons() if "not found in the source" in r)
    assert stub_world.output_files() == []


def test_an_img2img_that_keeps_nothing_of_the_source_is_not_footage_edit(stub_world):
    _eileen(stub_world)
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)),
                                 strength=1.0, subjects=("eileen",), prompt="a portrait on a beach")
    with pytest.raises(ConsentDenied, match="face of subject 'eileen' in the source is repainted entirely"):
        stub_world.studio().generate(request)


def test_a_footage_edit_of_a_picture_without_her_is_denied(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1", operations=["footage_edit"])
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(noise(256)), strength=1.0,
                                 subjects=("jane",), prompt="a portrait on a beach")
    with pytest.raises(ConsentDenied, match="not found in the source image"):
        stub_world.studio().generate(request)


def test_a_face_replacement_in_a_picture_without_a_face_is_new_pictures_of_her(stub_world):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1", operations=["face_replacement"])
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(noise(256)), strength=1.0,
                                 subjects=("jane",), operation="face_replacement", prompt="a portrait on a beach")
    with pytest.raises(ConsentDenied, match="no face to replace"):
        stub_world.studio().generate(request)
    assert stub_world.output_files() == []
