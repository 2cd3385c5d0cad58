"""The copy check's face put-in rule (``creator.verify._faces_put_in``) skips the detector on a
copy whose picture, as the detector would be given it, is the original's own (a lossless copy
at the original's size: a stripped PNG). These tests hold the two facts that make the skip give
the same verdict as the detector run, and that any other copy still gets its run.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata

from consent import likeness
from creator import verify as v


def _coarse_astronaut() -> np.ndarray:
    return v._coarse(np.asarray(Image.fromarray(skdata.astronaut())))[0]


def _faces(g: np.ndarray) -> list:
    return likeness.grey_faces(g, floor=likeness.NEW_FACE_FLOOR)


def test_the_detector_sees_a_float_picture_as_its_8_bit_rounding():
    o = _coarse_astronaut()
    assert _faces(o), "the astronaut's coarse picture shows her face"
    # every value a tie (x.5), and values beyond 0-255: the conversion decides each pixel
    g = (o + 0.5).astype(np.float32)
    g[:8] = -3.0
    g[-8:] = 300.0
    grey = v._detector_grey(g)
    assert grey.dtype == np.uint8
    assert _faces(g) == _faces(grey)
    assert _faces(o) == _faces(v._detector_grey(o))


def test_a_picture_holds_none_of_its_own_faces_as_new():
    o = _coarse_astronaut()
    two = np.concatenate([o, np.ascontiguousarray(o[:, ::-1])], axis=1)  # two faces side by side
    for g in (o, two, v._detector_grey(o)):
        assert _faces(g)
        assert likeness.new_faces(_faces(g), g) == []


@pytest.fixture
def detector_runs(monkeypatch):
    calls = []
    real = likeness.grey_faces

    def counted(g, *, floor=0.3):
        calls.append(np.shape(g))
        return real(g, floor=floor)

    monkeypatch.setattr(likeness, "grey_faces", counted)
    return calls


def test_a_lossless_copy_is_checked_without_running_the_detector_on_it(detector_runs):
    original = np.asarray(Image.fromarray(skdata.astronaut()))
    kept = v._Original(v._coarse(original))
    for _ in range(2):
        assert v.resemblance(original.copy(), kept, 1.0, 0.0, changed=True, faces=True)[3] == ()
    assert detector_runs == []  # the copy shows the detector nothing the original does not


def test_any_other_copy_still_gets_the_detector_and_a_face_put_in_is_found(detector_runs):
    original = np.asarray(Image.fromarray(skdata.astronaut()))
    kept = v._Original(v._coarse(original))
    one = original.copy()
    one[0:2, 0:2] = (1, 2, 3)  # one coarse pixel differs: the detector runs on the copy
    assert v.resemblance(one, kept, 1.0, 0.0, changed=True, faces=True)[3] == ()
    assert len(detector_runs) == 2  # on the original (then kept) and on the copy
    runs = len(detector_runs)
    # her own face pasted small into the sky by the shuttle: a face the original does not show there
    pasted = original.copy()
    face = np.asarray(Image.fromarray(original[20:220, 150:330]).resize((90, 100), Image.BICUBIC))
    pasted[30:130, 400:490] = face
    score, change, detail, put_in = v.resemblance(pasted, kept, 1.0, 0.0, changed=True, faces=True)
    vouched = change <= v.COPY_MAX_LOCAL_CHANGE and detail >= v.COPY_MIN_DETAIL
    assert put_in or not vouched, (change, detail)
    assert len(detector_runs) == runs + (1 if vouched else 0)
