"""A source whose proportions differ from the output's: the scan must see what the model sees.

An engine hands its model the source resized to the output's size (the diffusers engine:
Lanczos to ``width`` x ``height``). A face squashed to a third of its height is no face to the
detector (512x171: nothing found), yet an img2img at 512x512 stretches it back, and the model
starts from an upright, ordinary face: a stranger's photo was edited with no likeness seen
(adversary 16 noted the squashed face; the stretch in the engine made it a way through).

The scan looks at both: the source as given (a face the engine squashes is still a face in the
source) and the picture the engine hands the model (whenever the engine resizes it: adversary 18
showed an even resize can make a face too, tests/security/test_adversary18_stretch.py), and the
engine receives exactly the latter.
"""

from __future__ import annotations

import numpy as np
import pytest
from studio_world import SourceRecorder as _Recorder
from PIL import Image

from consent.errors import ConsentDenied


def _squashed(face: Image.Image, size: tuple[int, int]) -> Image.Image:
    return face.resize(size, Image.Resampling.LANCZOS)


def _edit(world, engine, source: Image.Image, *, width=512, height=512, **kw):
    return world.studio(engine).generate(world.request(
        mode="img2img", engine="diffusion", source=world_png(source), strength=0.3, width=width, height=height, **kw))


def world_png(image: Image.Image) -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("size", [(512, 205), (512, 171), (512, 111), (171, 512)],
                         ids=["2.5x-flat", "3x-flat", "4.6x-flat", "3x-narrow"])
def test_a_strangers_squashed_face_that_the_engine_stretches_back_is_denied(stub_world, pictures, size):
    source = _squashed(pictures.grace_hopper().resize((512, 512)), size)
    engine = _Recorder()
    with pytest.raises(ConsentDenied, match="(?i)unknown|unverifiable|face") as denied:
        _edit(stub_world, engine, source)
    # the reason says where the face is in the user's own picture, and (where only the stretched
    # picture shows it: Grace Hopper squashed flat; squashed narrow, the source's scan finds her too)
    # that the model would see it stretched
    assert "source face at" in str(denied.value)
    assert ("resized to 512x512, as the model gets it" in str(denied.value)) == (size[0] > size[1])
    assert engine.sources == [] and stub_world.output_files() == []


def test_an_enrolled_person_without_a_grant_squashed_is_denied(stub_world, pictures):
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    engine = _Recorder()
    with pytest.raises(ConsentDenied):
        _edit(stub_world, engine, _squashed(pictures.astronaut(), (512, 171)))
    assert engine.sources == [] and stub_world.output_files() == []


def test_a_face_the_engine_squashes_is_still_seen_in_the_source(stub_world, pictures):
    """The other way round: an ordinary photo into a flat output (768x256): the model gets a
    squashed face the detector would miss, but the source shows it."""
    engine = _Recorder()
    with pytest.raises(ConsentDenied):
        _edit(stub_world, engine, pictures.grace_hopper().resize((512, 512)), width=768, height=256)
    assert engine.sources == [] and stub_world.output_files() == []


@pytest.mark.parametrize("size,out", [((512, 384), (512, 512)), ((512, 171), (512, 512)), ((512, 512), (768, 448)),
                                      ((512, 512), (768, 384))],
                         ids=["4:3-photo", "3x-flat", "stretched-1.7x-wide", "stretched-2x-wide"])
def test_her_own_stretched_photo_is_still_her_with_her_grant(stub_world, pictures, size, out):
    """No false denial: her grant covers an edit of her photo in other proportions. She is
    identified once, in the source or in the picture the model gets; a face the stretch leaves
    too distorted to identify where the source shows her is her (not an unknown face); the engine
    receives exactly the picture the scan looked at."""
    stub_world.add_person("jane", "Jane Doe", photo=pictures.astronaut())
    stub_world.issue_grant("jane", "g-jane-1")
    engine = _Recorder()
    source = _squashed(pictures.astronaut(), size)
    result = _edit(stub_world, engine, source, subjects=("jane",), width=out[0], height=out[1])
    assert [p.is_file() for p in result.paths] == [True]
    recognised = stub_world.audit("generation")[-1].payload["decision"]["recognised"]
    assert [where.split(" at ")[0] for where in recognised["jane"]] == ["source face"]
    assert result.decision.real_person_depicted  # labelled "likeness used with consent": her face is carried
    (given,) = [np.asarray(im) for im in engine.sources]
    assert given.shape == (out[1], out[0], 3)
    expected = np.asarray(source.resize(out, Image.Resampling.LANCZOS))
    assert np.array_equal(given, expected)
