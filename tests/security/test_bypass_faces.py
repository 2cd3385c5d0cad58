"""Attacks on face checks: an enrolled (or unknown) face hidden in the source or reference
images by mirroring, rotating, shrinking or pasting it into a collage; and outputs that
show an enrolled person the decision does not cover."""

from __future__ import annotations

import pytest
from PIL import Image, ImageOps

from consent.errors import ConsentDenied


def _collage(face: Image.Image, side: int, at: tuple[int, int]) -> Image.Image:
    canvas = Image.new("RGB", (1024, 1024), (120, 120, 120))
    canvas.paste(face.resize((side, side), Image.Resampling.LANCZOS), at)
    return canvas


HIDDEN = {
    "mirrored": lambda a: ImageOps.mirror(a),
    "rotated-90": lambda a: a.rotate(90, expand=True),
    "rotated-180": lambda a: a.rotate(180),
    "rotated-30": lambda a: a.rotate(30),
    "grayscale": lambda a: ImageOps.grayscale(a).convert("RGB"),
    "small-128px-photo": lambda a: a.resize((128, 128), Image.Resampling.LANCZOS),
    "inside-a-collage": lambda a: _collage(a, 256, (700, 600)),
}


@pytest.fixture
def eileen(stub_world, pictures):
    """The astronaut is enrolled and has given no consent."""
    return stub_world.add_person("eileen", "Eileen Collins", photo=pictures.astronaut())


@pytest.mark.parametrize("how", list(HIDDEN))
@pytest.mark.parametrize("role", ["source", "reference"])
def test_hidden_enrolled_face_denies(stub_world, eileen, pictures, how, role):
    path = stub_world.save(HIDDEN[how](pictures.astronaut()), f"{how}.png")
    kw = {"engine": "diffusion", "mode": "img2img", "source": path} if role == "source" else {"references": [path]}
    with pytest.raises(ConsentDenied, match="subject 'eileen' has no consent grant|unknown likeness at"):
        stub_world.studio().generate(stub_world.request(prompt="same frame, golden hour", **kw))
    assert stub_world.engine.calls == 0
    assert stub_world.output_files() == []
    assert stub_world.last_audit().payload["decision"]["allowed"] is False


def test_unknown_face_in_a_reference_denies(stub_world, eileen, pictures):
    path = stub_world.save(pictures.grace_hopper(), "hopper.png")
    with pytest.raises(ConsentDenied, match=r"unknown likeness at references\[0\]"):
        stub_world.studio().generate(stub_world.request(prompt="a naval officer", references=[path]))
    assert stub_world.engine.calls == 0 and stub_world.output_files() == []


def test_output_showing_an_uncovered_enrolled_person_is_never_written(stub_world, eileen, pictures, make_engine):
    # A text-only request: no likeness in the inputs, so the decision allows. The model
    # then paints the enrolled astronaut anyway; the output scan must stop it.
    engine = make_engine([pictures.astronaut(256)])
    with pytest.raises(ConsentDenied, match="every output was blocked by the output face scan: output 0: face matches enrolled subject eileen"):
        stub_world.studio(engine).generate(stub_world.request(prompt="an astronaut portrait"))
    assert engine.calls == 1
    assert stub_world.output_files() == []
    last = stub_world.last_audit()
    assert last.kind == "failure" and last.payload["stage"] == "scan"
