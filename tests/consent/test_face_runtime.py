"""The face models on ONNX Runtime give what OpenCV's own wrappers give (so calibrated thresholds hold)."""

from __future__ import annotations

import numpy as np
import pytest

from consent import _face_runtime as rt
from consent import likeness
from consent.errors import LikenessError
from face_samples import astronaut, dcgan_faces, grace_hopper

cv2 = pytest.importorskip("cv2")


@pytest.fixture(scope="module")
def pair():
    det, rec = likeness._model_path("detector"), likeness._model_path("recognizer")
    ours = (rt.YuNet(rt.session(rt.float_graph(det.read_bytes(), name="detector", dynamic_input=True), 1), 0.5),
            rt.SFace(rt.session(rt.float_graph(rec.read_bytes(), name="recognizer"), 1)))
    theirs = (cv2.FaceDetectorYN.create(str(det), "", (320, 320), 0.5, 0.3, 5000), cv2.FaceRecognizerSF.create(str(rec), ""))
    return ours, theirs


def _images():
    faces = dcgan_faces(2, seed=1) or []
    out = [np.asarray(astronaut())[:, :, ::-1], np.asarray(grace_hopper())[:, :, ::-1]]
    out += [np.asarray(f.resize((200, 200)))[:, :, ::-1] for f in faces]
    noise = np.random.default_rng(0).integers(0, 256, (250, 330, 3), dtype=np.uint8)  # no face; odd size
    return [np.ascontiguousarray(a) for a in out] + [noise]


def test_detections_and_embeddings_match_opencv(pair):
    (yunet, sface), (cv_det, cv_rec) = pair
    compared = 0
    for img in _images():
        for k in (0, 1):
            view = np.ascontiguousarray(np.rot90(img, k))
            cv_det.setInputSize((view.shape[1], view.shape[0]))
            _, expected = cv_det.detect(view)
            got = yunet.detect(view)
            if expected is None:
                assert got is None
                continue
            assert got is not None and got.shape == expected.shape
            assert np.abs(got - expected).max() < 5e-3
            for row in expected:
                a = sface.feature(sface.align_crop(view, row[4:14].reshape(5, 2)))
                b = cv_rec.feature(cv_rec.alignCrop(view, row)).reshape(-1)
                cos = float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
                assert cos > 0.9999
                assert abs(np.linalg.norm(a) - np.linalg.norm(b)) < 1e-2  # the feature norm is a threshold too
                compared += 1
    assert compared >= 4


def test_a_file_that_is_not_an_onnx_model_is_refused_with_its_name():
    with pytest.raises(LikenessError, match="face model detector is not a readable ONNX file"):
        rt.float_graph(b"\x00not a model" * 10, name="detector")


def test_degenerate_landmarks_cannot_be_aligned():
    with pytest.raises(LikenessError, match="degenerate"):
        rt.similarity_transform(np.full((5, 2), 7.0, np.float32))


def test_a_session_on_several_threads_sleeps_between_ops_and_finds_the_same_faces(pair):
    """The served studio runs the face models on the machine's cores: a pool that spun between
    ops spent about twice the CPU of one thread on each face check (bench/ab_gate.py --threads
    default). Its threads sleep instead, and what it finds is what one thread finds."""
    (yunet, _sface), _ = pair
    det = likeness._model_path("detector")
    two = rt.session(rt.float_graph(det.read_bytes(), name="detector", dynamic_input=True), 2)
    assert two.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"
    view = np.ascontiguousarray(np.asarray(astronaut())[:, :, ::-1])
    got, expected = rt.YuNet(two, 0.5).detect(view), yunet.detect(view)
    assert got is not None and expected is not None and got.shape == expected.shape
    assert np.abs(got - expected).max() < 1e-3
