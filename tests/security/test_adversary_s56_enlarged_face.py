"""Red team of session 56, F1: the second opinion's 48 px floor is measured on the box, not on the detail.

Session 55 showed that real faces of 24-32 px drawn as a pencil sketch, quantised to 10-12 colours
or saved as JPEG q10 score like a dog's face with BlazeFace full-range and show no band over the
eyes; the fix (``likeness.MIN_DISMISS_PX = 48``) keeps every region whose *box* is under 48 px.
Enlarging the very same picture 2-3x (bilinear or Lanczos: what any image editor does) gives the
same 24-32 px of facial information in a 55-85 px box: YuNet still confirms it as a face, the floor
no longer applies, BlazeFace still scores it 0.04-0.16 and the band finder sees no band (the whole
picture is changed alike). The region is left out and an img2img of an unknown real person is
ALLOWED, the record saying "no person's face or name found".
"""

from __future__ import annotations


import numpy as np
import pytest
from PIL import Image

from consent import likeness
from consent.likeness import FaceIndex, find_faces, scan
from studio_world import stylised_face


_stylised = stylised_face  # tests/security/test_second_opinion_bands.py's small stylised faces


def _enlarged(name, k, how, factor, resample):
    p = _stylised(name, k, how)
    return p.resize((p.width * factor, p.height * factor), resample)


_CASES = [("grace_hopper", 0.15, "jpeg10", 2, Image.BILINEAR), ("astronaut", 0.28, "kmeans10", 2, Image.LANCZOS),
          ("astronaut", 0.28, "kmeans10", 3, Image.LANCZOS), ("astronaut", 0.26, "kmeans12", 3, Image.LANCZOS)]
_IDS = ["grace_jpeg10_x2_bilinear", "astronaut_kmeans10_x2_lanczos", "astronaut_kmeans10_x3_lanczos",
        "astronaut_kmeans12_x3_lanczos"]


def _empty() -> FaceIndex:
    return FaceIndex.from_templates([], np.zeros((0, likeness.EMBEDDING_DIM), np.float32))


@pytest.mark.parametrize("name, k, how, factor, resample", _CASES, ids=_IDS)
def test_an_enlarged_small_stylised_real_face_is_never_left_out(name, k, how, factor, resample):
    picture = _enlarged(name, k, how, factor, resample)
    found = find_faces(picture)
    faces = [f for f in found.faces if f.status in ("face", "unverifiable")]
    assert faces, "the enlarged stylised face is still found (and would deny without the second opinion)"
    assert len(scan(None, _empty(), faces=found)) >= 1
    assert len(scan(None, _empty(), faces=found, second_opinion=True)) == len(scan(None, _empty(), faces=found)), \
        "a real person's face was left out as 'no human face'"


@pytest.mark.parametrize("name, k, how, factor, resample", _CASES[:1], ids=_IDS[:1])
def test_img2img_of_an_enlarged_unknown_person_is_denied(stub_world, name, k, how, factor, resample):
    from consent.errors import ConsentDenied

    picture = _enlarged(name, k, how, factor, resample)
    path = stub_world.save(picture, "old_photo.png")
    w, h = picture.size
    with pytest.raises(ConsentDenied):
        stub_world.studio().generate(stub_world.request(prompt="restore this old photo", engine="diffusion", mode="img2img",
                                                        source=path, width=w, height=h))
    assert stub_world.engine.calls == 0
