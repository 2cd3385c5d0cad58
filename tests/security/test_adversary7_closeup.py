"""Adversary 7 (found while attacking the upright output scan; older than it): a close-up that
filled a 2048² frame hid a face from every scan profile.

The face detector does not find a face of about 1200 px on a 2048 px pass, and the input scan
(``DEFAULT_SCAN``) ran every pass at full size: an enrolled person's close-up as an img2img
source was then no likeness at all. Measured: the astronaut's face brought to 600 and 900 px in a
2048² crop was found, at 1200 px not; the packaged GAN's faces at 2048² (900-1100 px) were found
by ``DEFAULT_SCAN`` in 0 of 8 outputs, at 1536² in 5 of 8. Closed by the coarse pass
(``ScanOptions.coarse_side``: every turn also scanned on a copy 160 px long), which these
tests failed without."""

from __future__ import annotations

import pytest
from PIL import Image

from consent.errors import ConsentDenied


def _closeup(photo: Image.Image, face_box, face_px: int = 1200, side: int = 2048) -> Image.Image:
    k = face_px / face_box.w
    big = photo.resize((round(photo.width * k), round(photo.height * k)), Image.Resampling.LANCZOS)
    cx, cy = (face_box.x + face_box.w / 2) * k, (face_box.y + face_box.h / 2) * k
    x0 = int(min(max(0, cx - side / 2), big.width - side))
    y0 = int(min(max(0, cy - side / 2), big.height - side))
    return big.crop((x0, y0, x0 + side, y0 + side))


@pytest.mark.parametrize("turn", [0, 90, 270], ids=["upright", "turned 90", "turned 270"])
def test_an_enrolled_persons_closeup_as_a_2048_source_denies(stub_world, pictures, turn):
    from consent.likeness import find_faces, load_canonical

    photo = pictures.astronaut()
    stub_world.add_person("eileen", "Eileen Collins", photo=photo)
    (face,) = find_faces(load_canonical(photo)).faces
    path = stub_world.save(_closeup(photo, face.box).rotate(turn, expand=True), "closeup.png")
    with pytest.raises(ConsentDenied, match="subject 'eileen' has no consent grant"):
        stub_world.studio().generate(stub_world.request(prompt="same frame, golden hour", engine="diffusion",
                                                        mode="img2img", source=path, width=512, height=512))
    assert stub_world.engine.calls == 0 and stub_world.output_files() == []


@pytest.mark.parametrize("face_px", [1200, 1600, 1900])
def test_a_face_filling_a_2048_frame_is_found_and_identified(pictures, face_px):
    from consent.likeness import FaceIndex, find_faces, load_canonical, scan
    from consent.likeness import enroll as enroll_templates
    from consent.types import LikenessSource

    photo = pictures.astronaut()
    (face,) = find_faces(load_canonical(photo)).faces
    (template,) = enroll_templates("eileen", [photo])
    index = FaceIndex.from_templates(["eileen"], template.embedding[None, :])
    found = scan(_closeup(photo, face.box, face_px=face_px), index, source=LikenessSource.SOURCE_FACE, image_label="source")
    assert [lk.subject_id for lk in found] == ["eileen"], [lk.extra for lk in found]
