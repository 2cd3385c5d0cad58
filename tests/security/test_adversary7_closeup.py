"""Adversary 7 (found while attacking the upright output scan; older than it): a close-up that
fills a 2048² frame hides a face from every scan profile.

The face detector does not find a face of about 1200 px on a 2048 px pass, and the input scan
(``DEFAULT_SCAN``) runs every pass at full size: an enrolled person's close-up as an img2img
source is then no likeness at all. Measured: the astronaut's face brought to 600 and 900 px in a
2048² crop is found, at 1200 px not; the packaged GAN's faces at 2048² (900-1100 px) were found
by ``DEFAULT_SCAN`` in 0 of 8 outputs, at 1536² in 5 of 8. Not fixed here (the scan's passes are
the likeness module's calibration; a smaller extra upright pass for large images is the likely
fix): kept as a known gap the lead decides on."""

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


@pytest.mark.xfail(strict=True, reason="known gap: a face of ~1200 px in a 2048² source is not found by the input scan")
def test_known_gap_an_enrolled_persons_closeup_as_a_2048_source_denies(stub_world, pictures):
    from consent.likeness import find_faces, load_canonical

    photo = pictures.astronaut()
    stub_world.add_person("eileen", "Eileen Collins", photo=photo)
    (face,) = find_faces(load_canonical(photo)).faces
    path = stub_world.save(_closeup(photo, face.box), "closeup.png")
    with pytest.raises(ConsentDenied):
        stub_world.studio().generate(stub_world.request(prompt="same frame, golden hour", engine="diffusion",
                                                        mode="img2img", source=path, width=512, height=512))
