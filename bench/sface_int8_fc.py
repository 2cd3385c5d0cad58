"""SFace with only its last layer (``pre_fc1``, a 50176×128 Gemm) in int8: speed and agreement.

Measurement for issue 17 (docs/LIKENESS.md "Latency" lists this as untried). The float model is
the one the studio runs (:func:`consent._face_runtime.float_graph` of the bundled file); the
variants replace only ``pre_fc1`` by ``DynamicQuantizeLinear`` (the 50176 activations to uint8,
one scale per face) + ``MatMulInteger`` (weights int8, one scale per output column) + the
scales and the bias in float, the form ``onnxruntime.quantization.quantize_dynamic`` writes for
one MatMul (ONNX Runtime fuses it into ``DynamicQuantizeMatMul``). ``w8``: weights at ±127;
``w7``: at ±63, which no 16-bit pair of an AVX2 uint8×int8 kernel can saturate (see
``consent.likeness._Int8Screen``).

Faces: every detection (score ≥ 0.5, so false face-like regions too, whose feature norm the
scan's rules read) of astronaut, Grace Hopper, DCGAN faces, their variants (flip, crop, JPEG
q50, ±30 % brightness, 0.5×), the face-free photos, and the held-out archives' photos when
``--archives`` holds them. Timing: one thread, CPU time (``time.thread_time``) of SFace's
session call per crop, float and the variants alternated crop by crop in one process.

    OMP_NUM_THREADS=1 PYTHONPATH=. python bench/sface_int8_fc.py --dcgan 32 --archives /tmp/facedata \
        --out bench/results/sface_int8_fc.json

Result (3 December 2026, not shipped): SFace p50 x0.93-0.955 (about 1 ms of 13.6-14.9 a face),
cosine with the float embedding >= 0.99996, |delta similarity| <= 0.0021; but the calibration
run before/after (bench/results/sface_int8_fc_calibration.json) changed decisions: held-out 2
false denials 14 -> 13 (a Bayer-dithered probe), identity's DCGAN genuine pairs 93 -> 92, real
genuine min 0.889 -> 0.873 (the feature norm picks among alignments, and a small norm change
picks another crop). bench/ab_gate.py --what studio: CPU p50 x0.975 / x0.984, p95 x1.005 / x0.956.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "consent"), str(ROOT / "scripts")]


def int8_fc_graph(float_model: bytes, levels: int, unsigned: bool = False) -> bytes:
    """``float_model`` with its ``pre_fc1`` Gemm (transB=1) as a dynamically quantised MatMul."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    m = onnx.load_model_from_string(float_model)
    g = m.graph
    k = next(i for i, n in enumerate(g.node) if n.op_type == "Gemm" and n.name == "pre_fc1")
    gemm = g.node[k]
    attrs = {a.name: helper.get_attribute_value(a) for a in gemm.attribute}
    assert attrs.get("transB") == 1 and not attrs.get("transA") and attrs.get("alpha", 1.0) == 1.0
    inits = {t.name: t for t in g.initializer}
    w = numpy_helper.to_array(inits[gemm.input[1]]).astype(np.float32)  # (128, 50176)
    scale = (np.abs(w).max(axis=1) / np.float32(levels)).astype(np.float32)
    q = np.clip(np.rint(w / scale[:, None]), -levels, levels).astype(np.int8).T.copy()  # (50176, 128)
    x, y, b = gemm.input[0], gemm.output[0], gemm.input[2]
    if unsigned:  # uint8 with zero point 128: ONNX Runtime's uint8×uint8 kernel widens to 16 bits first
        new_inits = [numpy_helper.from_array((q.astype(np.int16) + 128).astype(np.uint8), "fc_wq"),
                     numpy_helper.from_array(scale, "fc_ws"), numpy_helper.from_array(np.array(128, np.uint8), "fc_wz")]
    else:
        new_inits = [numpy_helper.from_array(q, "fc_wq"), numpy_helper.from_array(scale, "fc_ws"),
                     numpy_helper.from_array(np.array(0, np.int8), "fc_wz")]
    nodes = [
        helper.make_node("DynamicQuantizeLinear", [x], ["fc_xq", "fc_xs", "fc_xz"]),
        helper.make_node("MatMulInteger", ["fc_xq", "fc_wq", "fc_xz", "fc_wz"], ["fc_acc"]),
        helper.make_node("Cast", ["fc_acc"], ["fc_accf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["fc_xs", "fc_ws"], ["fc_s"]),
        helper.make_node("Mul", ["fc_accf", "fc_s"], ["fc_y0"]),
        helper.make_node("Add", ["fc_y0", b], [y]),
    ]
    rest = [n for i, n in enumerate(g.node) if i != k]
    del g.node[:]
    g.node.extend(rest[:k] + nodes + rest[k:])
    keep = [t for t in g.initializer if t.name != gemm.input[1]]
    del g.initializer[:]
    g.initializer.extend(keep + new_inits)
    return m.SerializeToString()


def images(n_dcgan: int, archives: Path | None) -> dict[str, object]:
    from face_samples import astronaut, dcgan_faces, face_free_photos, grace_hopper, variants

    out: dict[str, object] = {}
    base = {"astronaut": astronaut(), "hopper": grace_hopper()}
    for i, im in enumerate(dcgan_faces(n_dcgan) or []):
        base[f"dcgan{i}"] = im
    if archives and archives.is_dir():
        import calibrate_likeness as cal

        _, faces, _ = cal.heldout(archives)
        base.update({f"held/{k}": v for k, v in faces.items()})
        try:
            _, faces2, _, _ = cal.heldout2(archives)
            base.update({f"held2/{k}": v for k, v in faces2.items()})
        except Exception:  # noqa: BLE001 - optional
            pass
    for name, im in base.items():
        for v, vim in variants(im.convert("RGB")).items():
            out[f"{name}/{v}"] = vim
    for name, im in face_free_photos().items():
        out[f"free/{name}"] = im
    if archives and archives.is_dir():
        free, _, _ = cal.heldout(archives)
        out.update({f"free/{k}": v for k, v in free.items()})
    return out


def crops(imgs: dict[str, object]) -> list[tuple[str, np.ndarray]]:
    import cv2

    from consent import likeness as L

    models = L._Models.get()
    out = []
    for name, im in imgs.items():
        rgb = np.asarray(im.convert("RGB"))
        if max(rgb.shape[:2]) > 1024:
            f = 1024 / max(rgb.shape[:2])
            rgb = cv2.resize(rgb, (round(rgb.shape[1] * f), round(rgb.shape[0] * f)), interpolation=cv2.INTER_AREA)
        bgr = cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)
        dets = models.detector.detect(bgr)
        for j, d in enumerate([] if dets is None else dets):
            out.append((f"{name}#{j}:{d[14]:.2f}", models.recognizer.align_crop(bgr, d[4:14].reshape(5, 2))))
    return out


def stats(xs) -> dict:
    a = np.asarray(xs, dtype=np.float64)
    return {"n": int(a.size), "min": float(a.min()), "p01": float(np.percentile(a, 1)), "p50": float(np.median(a)),
            "p95": float(np.percentile(a, 95)), "p99": float(np.percentile(a, 99)), "max": float(a.max())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dcgan", type=int, default=32)
    ap.add_argument("--archives", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over all crops")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()

    import cv2
    import onnxruntime as ort

    from consent import _face_runtime as rt
    from consent import likeness as L

    cv2.setNumThreads(1)
    fl = rt.float_graph(L._model_path("recognizer").read_bytes(), name="recognizer")
    sess = {"float": rt.session(fl, 1), "w8": rt.session(int8_fc_graph(fl, 127), 1),
            "w7": rt.session(int8_fc_graph(fl, 63), 1), "u8": rt.session(int8_fc_graph(fl, 127, True), 1)}
    cs = crops(images(args.dcgan, args.archives))
    print(f"{len(cs)} crops", file=sys.stderr)
    inp = sess["float"].get_inputs()[0].name
    blobs = [np.ascontiguousarray(c[:, :, ::-1].transpose(2, 0, 1)[None], dtype=np.float32) for _, c in cs]
    feats = {k: np.stack([s.run(None, {inp: b})[0].reshape(-1) for b in blobs]) for k, s in sess.items()}
    names = list(sess)
    times: dict[str, list[float]] = {k: [] for k in names}
    for r in range(args.rounds):
        for i, b in enumerate(blobs):
            j = (i + r) % len(names)
            order = names[j:] + names[:j]
            for k in order:
                t = time.thread_time()
                sess[k].run(None, {inp: b})
                times[k].append((time.thread_time() - t) * 1000)

    norms = {k: np.linalg.norm(f, axis=1) for k, f in feats.items()}
    emb = {k: f / np.maximum(norms[k], 1e-12)[:, None] for k, f in feats.items()}
    faces = norms["float"] >= L.FACE_NORM  # regions the scan would keep as faces (norm rule)
    thresholds = {"MATCH_THRESHOLD": L.MATCH_THRESHOLD, "UNKNOWN_THRESHOLD": L.UNKNOWN_THRESHOLD}
    norm_rules = {n: getattr(L, n) for n in ("FACE_NORM", "BACKGROUND_NORM", "DETAIL_NORM", "_REALIGN_NORM") if hasattr(L, n)}
    report = {
        "onnxruntime": ort.__version__, "crops": len(cs), "face_crops": int(faces.sum()),
        "ms_per_face": {k: stats(v) for k, v in times.items()},
        "ratio_p50": {k: float(np.median(times[k]) / np.median(times["float"])) for k in names},
        "variants": {},
    }
    sf = emb["float"][faces] @ emb["float"][faces].T
    iu = np.triu_indices(int(faces.sum()), 1)
    for k in names[1:]:
        cos = (emb["float"] * emb[k]).sum(axis=1)
        sk = emb[k][faces] @ emb[k][faces].T
        d = np.abs(sk - sf)[iu]
        flips = {}
        for tn, t in thresholds.items():
            a, b = sf[iu] >= t, sk[iu] >= t
            flips[tn] = int((a != b).sum())
            near = np.abs(sf[iu] - t) <= d.max()
            flips[tn + "_pairs_within_max_delta"] = int(near.sum())
        nflips = {n: int(((norms["float"] >= v) != (norms[k] >= v)).sum()) for n, v in norm_rules.items()}
        # templates enrolled with the float model against probes embedded with this one
        mixed = np.abs(emb["float"][faces] @ emb[k][faces].T - sf)
        report["variants"][k] = {
            "abs_delta_similarity_float_template_vs_int8_probe": stats(mixed[~np.eye(len(sf), dtype=bool)]),
            "cosine_float_vs_int8_all_crops": stats(cos), "cosine_face_crops": stats(cos[faces]),
            "pairs": int(iu[0].size), "abs_delta_similarity": stats(d),
            "threshold_flips": flips,
            "abs_delta_norm": stats(np.abs(norms[k] - norms["float"])),
            "rel_delta_norm": stats(np.abs(norms[k] / norms["float"] - 1)),
            "norm_rule_flips": nflips,
        }
    report["thresholds"] = thresholds
    report["norm_rules"] = norm_rules
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
