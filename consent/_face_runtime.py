"""The face models (YuNet, SFace) run by ONNX Runtime, behaving exactly as OpenCV's wrappers.

The bundled ONNX files are *block-quantised*: every weight is stored as int8 with a scale per
block and expanded to float by a ``DequantizeLinear`` node (``block_size`` attribute). OpenCV's
DNN module reads them and computes in float; ONNX Runtime refuses ``block_size`` on these nodes.
:func:`float_graph` therefore expands the weights once, in memory, into float initializers (the
same numbers OpenCV computes: ``(q - zero_point) * scale``), which is a lossless rewrite of the
graph, and lets the detector's input size vary. ONNX Runtime then runs both models about 1.8×
faster than OpenCV's DNN module on one core (bench/gate.py).

:class:`YuNet` and :class:`SFace` reproduce what ``cv2.FaceDetectorYN`` and
``cv2.FaceRecognizerSF`` do around the network (padding to a multiple of 32, the anchor-free
decode, non-maximum suppression; the 5-point similarity alignment to 112×112 and the RGB blob),
so thresholds calibrated with OpenCV keep their meaning; tests/consent/test_face_runtime.py
checks the two against each other.
"""

from __future__ import annotations

import math
import threading
from typing import Any

import numpy as np

from consent.errors import LikenessError

__all__ = ["float_graph", "session", "YuNet", "SFace"]

_STRIDES = (8, 16, 32)
_DIVISOR = 32
#: SFace's reference positions of the eyes, nose tip and mouth corners in the 112×112 crop.
_ALIGN_DST = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                       [41.5493, 92.3655], [70.7299, 92.2041]], dtype=np.float32)
_ALIGN_DST_MEAN = np.array([56.0262, 71.9008], dtype=np.float32)


def float_graph(model: bytes, *, name: str, dynamic_input: bool = False) -> bytes:
    """``model`` with every constant ``DequantizeLinear`` folded into a float initializer.

    Raises :class:`LikenessError` when the file is not such a model (a dequantisation whose
    input is not a constant, an unknown attribute), rather than running something else.
    """
    import onnx
    from onnx import helper, numpy_helper

    try:
        m = onnx.load_model_from_string(model)
    except Exception as e:  # noqa: BLE001 - any parse failure is the same user-facing fault
        raise LikenessError(f"face model {name} is not a readable ONNX file: {e}") from e
    g = m.graph
    consts: dict[str, np.ndarray] = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    for n in g.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    nodes, folded = [], []
    for n in g.node:
        if n.op_type != "DequantizeLinear":
            nodes.append(n)
            continue
        if n.input[0] not in consts or n.input[1] not in consts:
            raise LikenessError(f"face model {name}: DequantizeLinear {n.name!r} reads a non-constant input")
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if set(attrs) - {"axis", "block_size"}:
            raise LikenessError(f"face model {name}: DequantizeLinear {n.name!r} has attributes {sorted(attrs)}")
        q = consts[n.input[0]].astype(np.float32)
        scale = consts[n.input[1]].astype(np.float32)
        zero = (consts[n.input[2]].astype(np.float32) if len(n.input) > 2 and n.input[2]
                else np.zeros_like(scale))
        axis = int(attrs.get("axis", 1)) % max(1, q.ndim)
        block = int(attrs.get("block_size", 0))
        if scale.ndim and scale.size > 1:
            if block:
                scale = np.repeat(scale, block, axis=axis)[tuple(slice(0, d) for d in q.shape)]
                zero = np.repeat(zero, block, axis=axis)[tuple(slice(0, d) for d in q.shape)]
            else:
                shape = [1] * q.ndim
                shape[axis] = -1
                scale, zero = scale.reshape(shape), zero.reshape(shape)
        folded.append(numpy_helper.from_array(((q - zero) * scale).astype(np.float32), n.output[0]))
    nodes = _prelu_as_relu(_fold_reshapes(nodes, consts, folded), consts, folded)
    used = {i for n in nodes for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(keep + [t for t in folded if t.name in used])
    names = {i.name for i in g.initializer}
    inputs = [i for i in g.input if i.name in used and i.name not in names]
    del g.input[:]
    g.input.extend(inputs)
    if dynamic_input:
        for inp in g.input:
            dims = inp.type.tensor_type.shape.dim
            if len(dims) == 4:
                dims[2].dim_param, dims[3].dim_param = "height", "width"
        for out in g.output:
            for k, d in enumerate(out.type.tensor_type.shape.dim):
                d.dim_param = f"{out.name}_{k}"
    return m.SerializeToString()


def _fold_reshapes(nodes: list, consts: dict[str, np.ndarray], folded: list) -> list:
    """``Reshape`` of an expanded weight by a constant shape, done once here (SFace reshapes
    every convolution weight), so that :func:`_prelu_as_relu` sees the weights it scales."""
    from onnx import helper, numpy_helper

    index = {t.name: i for i, t in enumerate(folded)}
    out = []
    for n in nodes:
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type != "Reshape" or n.input[0] not in index or n.input[1] not in consts or attrs.get("allowzero"):
            out.append(n)
            continue
        w = numpy_helper.to_array(folded[index[n.input[0]]])
        shape = [w.shape[i] if d == 0 else int(d) for i, d in enumerate(consts[n.input[1]].reshape(-1).tolist())]
        folded.append(numpy_helper.from_array(np.ascontiguousarray(w.reshape(shape)), n.output[0]))
        index[n.output[0]] = len(folded) - 1
    return out


def _prelu_as_relu(nodes: list, consts: dict[str, np.ndarray], folded: list) -> list:
    """``PRelu(x, s)`` with a constant slope as ``Relu(x)·(1 − s) + x·s`` (exact up to rounding).

    ONNX Runtime's CPU ``PRelu`` is a slow generic broadcast and cannot stay in its blocked
    (NCHWc) layout, so every one costs two layout reorders; ``Relu``, ``Mul`` and ``Add`` do
    not. SFace has 27: this rewrite runs it about 1.8× faster.
    """
    from onnx import helper, numpy_helper

    slopes = {t.name: numpy_helper.to_array(t) for t in folded}
    weights = {t.name: i for i, t in enumerate(folded)}
    readers: dict[str, list] = {}
    for n in nodes:
        for i in n.input:
            readers.setdefault(i, []).append(n)
    out = []
    for n in nodes:
        slope = slopes.get(n.input[1], consts.get(n.input[1])) if n.op_type == "PRelu" else None
        if slope is None:
            out.append(n)
            continue
        x, y = n.input[0], n.output[0]
        scaled = _scale_readers(readers.get(y, []), (1.0 - slope.astype(np.float32)).reshape(-1), folded, weights, readers)
        if scaled:
            # (1 − s) moved into the weights of the convolutions that read y: what is left is
            # Relu(x) + x·s/(1 − s), one layout-friendly pass fewer than the form below.
            ratio = numpy_helper.from_array((slope.astype(np.float32) / (1.0 - slope.astype(np.float32))).astype(np.float32),
                                            f"{n.input[1]}__ratio")
            folded.append(ratio)
            out += [helper.make_node("Relu", [x], [f"{y}__relu"]),
                    helper.make_node("Mul", [x, ratio.name], [f"{y}__neg"]),
                    helper.make_node("Add", [f"{y}__relu", f"{y}__neg"], [y])]
            continue
        keep = numpy_helper.from_array((1.0 - slope.astype(np.float32)).astype(np.float32), f"{n.input[1]}__one_minus")
        folded.append(keep)
        out += [helper.make_node("Relu", [x], [f"{y}__relu"]),
                helper.make_node("Mul", [f"{y}__relu", keep.name], [f"{y}__pos"]),
                helper.make_node("Mul", [x, n.input[1]], [f"{y}__neg"]),
                helper.make_node("Add", [f"{y}__pos", f"{y}__neg"], [y])]
    return out


def _scale_readers(readers: list, factor: np.ndarray, folded: list, weights: dict, all_readers: dict) -> bool:
    """Scale input channel ``c`` of every convolution in ``readers`` by ``factor[c]``, in the
    weights (exact for a convolution: it is linear in its input, and zero padding stays zero).
    Only when every reader is such a convolution with its own constant weights; else nothing."""
    from onnx import numpy_helper

    if not readers or not np.all(np.isfinite(factor)) or np.any(np.abs(factor) < 1e-3):
        return False
    plans = []
    for r in readers:
        if r.op_type != "Conv" or r.input[0] == r.input[1] or r.input[1] not in weights or len(all_readers[r.input[1]]) != 1:
            return False
        w = numpy_helper.to_array(folded[weights[r.input[1]]])
        group = next((a.i for a in r.attribute if a.name == "group"), 1)
        if w.ndim != 4 or factor.shape[0] != w.shape[1] * group:
            return False
        if group == 1:
            plans.append((r.input[1], w * factor[None, :, None, None]))
        elif w.shape[1] == 1 and group == w.shape[0] == factor.shape[0]:
            plans.append((r.input[1], w * factor[:, None, None, None]))
        else:
            return False
    for name, w in plans:
        folded[weights[name]] = numpy_helper.from_array(w.astype(np.float32), name)
    return True


def session(model: bytes, threads: int) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = max(1, int(threads))
    opts.inter_op_num_threads = 1
    # With more than one thread, ONNX Runtime's pool spins on its cores after every op and run by
    # default, waiting for work: the served studio (threads = the machine's cores) then spent about
    # twice the CPU of a one-thread face check on each one, and the spinning held the cores the
    # request's next steps and the other requests needed (bench/ab_gate.py --threads default).
    # Without it the pool's threads sleep between ops; the numbers are the same.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.log_severity_level = 3  # the rewritten graphs leave unused shape constants: not worth a warning
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])


#: Detector input buffers kept per thread, by padded size (at most _KEEP_SHAPES sizes of at most
#: _KEEP_PIXELS pixels: a scan's upright, turned and coarse passes): memory the process has
#: not touched yet costs a page fault per 4 KiB when first written, about 1 ms of a 512² scan's
#: four 3 MB inputs. Each call writes every value of its buffer (the padding too) before the
#: session reads it, and the session's outputs do not refer to it.
_KEPT = threading.local()
_KEEP_PIXELS = 1024 * 1024
_KEEP_SHAPES = 4


def _kept_blob(ph: int, pw: int) -> np.ndarray:
    if ph * pw > _KEEP_PIXELS:
        return np.empty((1, 3, ph, pw), np.float32)
    kept = getattr(_KEPT, "blobs", None)
    if kept is None:
        kept = _KEPT.blobs = {}
    blob = kept.pop((ph, pw), None)
    if blob is None:
        blob = np.empty((1, 3, ph, pw), np.float32)
        while len(kept) >= _KEEP_SHAPES:
            kept.pop(next(iter(kept)))
    kept[(ph, pw)] = blob  # the most recently used last
    return blob


def _blob(bgr: np.ndarray, ph: int, pw: int) -> np.ndarray:
    """``cv2.dnn.blobFromImage`` of ``bgr`` padded with zeros to ``ph``×``pw`` (bottom, right):
    NCHW float32, channels as given, no scaling. The same numbers (uint8 → float32 is exact),
    written plane by plane into one buffer: about 3× faster than OpenCV's call. The buffer is
    this thread's kept one for the size (:func:`_kept_blob`): valid until its next call."""
    import cv2

    h, w = bgr.shape[:2]
    blob = _kept_blob(ph, pw)
    if (ph, pw) != (h, w):
        blob[0, :, h:, :] = 0.0
        blob[0, :, :h, w:] = 0.0
    for c, plane in enumerate(cv2.split(bgr)):
        blob[0, c, :h, :w] = plane
    return blob


class YuNet:
    """``cv2.FaceDetectorYN.detect`` on ONNX Runtime: rows of 15 floats (box, 5 landmarks, score)."""

    def __init__(self, sess: Any, score_threshold: float, nms_threshold: float = 0.3, top_k: int = 5000):
        self._sess = sess
        self._input = sess.get_inputs()[0].name
        self._outputs = [f"{k}_{s}" for k in ("cls", "obj", "bbox", "kps") for s in _STRIDES]
        self.score_threshold = float(score_threshold)
        self.nms_threshold = float(nms_threshold)
        self.top_k = int(top_k)

    def detect(self, bgr: np.ndarray) -> np.ndarray | None:
        """Faces in a BGR uint8 image, or ``None`` (OpenCV's convention) when there is none."""
        import cv2

        h, w = bgr.shape[:2]
        ph, pw = ((h - 1) // _DIVISOR + 1) * _DIVISOR, ((w - 1) // _DIVISOR + 1) * _DIVISOR
        outs = self._sess.run(self._outputs, {self._input: _blob(bgr, ph, pw)})
        parts = []
        for i, stride in enumerate(_STRIDES):
            cols = pw // stride
            cls = np.clip(outs[i].reshape(-1), 0.0, 1.0)
            obj = np.clip(outs[i + 3].reshape(-1), 0.0, 1.0)
            score = np.sqrt(cls * obj)
            idx = np.flatnonzero(score >= self.score_threshold)
            if not idx.size:
                continue
            bbox = outs[i + 6].reshape(-1, 4)[idx]
            kps = outs[i + 9].reshape(-1, 10)[idx]
            c = (idx % cols).astype(np.float32)[:, None]
            r = (idx // cols).astype(np.float32)[:, None]
            s = np.float32(stride)
            cx, cy = (c[:, 0] + bbox[:, 0]) * s, (r[:, 0] + bbox[:, 1]) * s
            bw, bh = np.exp(bbox[:, 2]) * s, np.exp(bbox[:, 3]) * s
            lm = np.empty((idx.size, 10), np.float32)
            lm[:, 0::2] = (kps[:, 0::2] + c) * s
            lm[:, 1::2] = (kps[:, 1::2] + r) * s
            parts.append(np.column_stack([cx - bw / 2, cy - bh / 2, bw, bh, lm, score[idx]]).astype(np.float32))
        if not parts:
            return None
        faces = np.concatenate(parts)
        if len(faces) == 1:
            return faces
        boxes = [[int(x), int(y), int(bw), int(bh)] for x, y, bw, bh in faces[:, :4].tolist()]
        keep = cv2.dnn.NMSBoxes(boxes, faces[:, 14].tolist(), self.score_threshold, self.nms_threshold,
                                eta=1.0, top_k=self.top_k)
        keep = np.asarray(keep, dtype=np.int64).reshape(-1)
        return faces[keep] if keep.size else None


def similarity_transform(points: np.ndarray) -> np.ndarray:
    """2×3 similarity (rotation, uniform scale, shift) taking the 5 landmarks to SFace's positions
    (least squares, Umeyama's method, no reflection; as ``FaceRecognizerSF.alignCrop``)."""
    src = np.asarray(points, dtype=np.float32).reshape(5, 2)
    src_mean = src.mean(axis=0, dtype=np.float32)
    sd = (src - src_mean).astype(np.float64)
    dd = (_ALIGN_DST - _ALIGN_DST_MEAN).astype(np.float64)
    cov = dd.T @ sd / 5.0
    u, s, vt = np.linalg.svd(cov)
    d = np.array([1.0, -1.0 if np.linalg.det(cov) < 0 else 1.0])
    rank = int(np.sum(s > s.max() * 2 * np.finfo(np.float32).tiny))
    if rank == 1 and np.linalg.det(u) * np.linalg.det(vt) > 0:
        rot = u @ vt
    elif rank == 1:
        rot = u @ np.diag([1.0, -1.0]) @ vt
    else:
        rot = u @ np.diag(d) @ vt
    var = float((sd ** 2).sum() / 5.0)
    if not math.isfinite(var) or var <= 0.0:
        raise LikenessError("face landmarks are degenerate (all five at one point); cannot align the face")
    scale = float(s @ d) / var
    shift = _ALIGN_DST_MEAN.astype(np.float64) - scale * (rot @ src_mean.astype(np.float64))
    return np.hstack([scale * rot, shift[:, None]])


class SFace:
    """``cv2.FaceRecognizerSF`` on ONNX Runtime: 5-point alignment to 112×112 and the raw feature."""

    def __init__(self, sess: Any):
        self._sess = sess
        self._input = sess.get_inputs()[0].name

    @staticmethod
    def align_crop(bgr: np.ndarray, landmarks: np.ndarray) -> np.ndarray:
        import cv2

        return cv2.warpAffine(bgr, similarity_transform(landmarks), (112, 112), flags=cv2.INTER_LINEAR)

    def feature(self, crop: np.ndarray) -> np.ndarray:
        """Raw (not normalised) 128-d feature of an aligned 112×112 BGR crop."""
        if crop.shape[:2] != (112, 112):
            import cv2

            crop = cv2.resize(crop, (112, 112))
        blob = np.ascontiguousarray(crop[:, :, ::-1].transpose(2, 0, 1)[None], dtype=np.float32)
        return self._sess.run(None, {self._input: blob})[0].reshape(-1)
