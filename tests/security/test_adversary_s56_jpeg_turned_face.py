"""Red team of session 56, F2: a real face of about 65 px, saved as JPEG q5 and then turned 30° (or 20°, or mirrored),
is left out by the second opinion as "no human face".

No enlargement and no band over the eyes: the astronaut's photo at 0.7x (face box ~65x76 px, over
``likeness.MIN_DISMISS_PX``), saved as JPEG quality 5, then rotated by 30° (BlazeFace is asked at
quarter turns only: 0.023 at its best turn) or mirrored (0.203). YuNet and SFace confirm the face
(status ``face``), the eye-band finder finds no band (the blocking is alike over the whole face),
so the region is dismissed and an img2img of an unknown real person is allowed. The calibration's
measured "0 of 3,552 human regions left out" did not include turns other than quarter turns
combined with heavy compression.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageOps

from consent import likeness
from consent.likeness import FaceIndex, find_faces, scan
from studio_world import astronaut


def _picture(how: str) -> Image.Image:
    photo = astronaut()
    photo = photo.resize((int(photo.width * 0.7), int(photo.height * 0.7)), Image.LANCZOS)
    canvas = Image.new("RGB", (352, 352), (120, 120, 120))  # a size the engines take (divisible by 8)
    canvas.paste(photo, (0, 0))
    buf = io.BytesIO()
    canvas.save(buf, "JPEG", quality=5)
    out = Image.open(buf).convert("RGB")
    return ImageOps.mirror(out) if how == "mirror" else out.rotate(int(how[3:]), fillcolor=(120, 120, 120))


def _empty() -> FaceIndex:
    return FaceIndex.from_templates([], np.zeros((0, likeness.EMBEDDING_DIM), np.float32))


@pytest.mark.parametrize("how", ["rot20", "rot30", "mirror"])
def test_a_compressed_turned_real_face_is_never_left_out(how):
    found = find_faces(_picture(how))
    assert any(f.status == "face" and min(f.box.w, f.box.h) >= 48 for f in found.faces)  # over session 55's floor
    plain = scan(None, _empty(), faces=found)
    assert plain, "the face denies without the second opinion"
    assert len(scan(None, _empty(), faces=found, second_opinion=True)) == len(plain), \
        "a real person's face was left out as 'no human face'"


def test_img2img_of_a_compressed_turned_unknown_person_is_denied(stub_world):
    from consent.errors import ConsentDenied

    picture = _picture("rot30")
    path = stub_world.save(picture, "holiday.png")
    with pytest.raises(ConsentDenied):
        stub_world.studio().generate(stub_world.request(prompt="same photo, sunset light", engine="diffusion", mode="img2img",
                                                        source=path, width=picture.width, height=picture.height))
    assert stub_world.engine.calls == 0
