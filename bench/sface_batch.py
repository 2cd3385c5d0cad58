"""Measurement: is SFace cheaper per face in a batch on one thread (issue 17, the output scan)?

    HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/sface_batch.py [--rounds 30]

The recognizer graph the studio runs (``_face_runtime.float_graph`` of the bundled SFace) with
its batch dimension made free, on one ONNX Runtime thread; batches of 1, 2, 4 and 8 aligned
112×112 crops (the crops of packaged-GAN outputs' faces), alternated round by round; thread CPU
time per face (median over rounds). Also checks that a batch gives each face the feature it gets
alone. Written to bench/results/sface_batch.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "sface_batch.json"


def main() -> None:
    import cv2
    import onnx

    from consent import _face_runtime as rt
    from consent import imaging, likeness
    from creator.engines.base import EngineCall
    from creator.engines.gan import GanEngine

    cv2.setNumThreads(1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    graph = onnx.load_model_from_string(rt.float_graph(likeness._model_path("recognizer").read_bytes(), name="recognizer"))
    for v in (*graph.graph.input, *graph.graph.output):
        v.type.tensor_type.shape.dim[0].dim_param = "batch"
    sess = rt.session(graph.SerializeToString(), 1)
    name = sess.get_inputs()[0].name
    # aligned crops of real outputs' faces (the scan's own alignment)
    engine = GanEngine.builtin()
    crops = []
    seed = 0
    while len(crops) < 8:
        (im,) = engine.generate(EngineCall(prompt="", negative_prompt="", width=512, height=512, steps=1,
                                           guidance=0.0, seed=seed, num_images=1))
        seed += 1
        canon = imaging.from_pil(im, field="o")
        for f in likeness.find_faces(canon, label="o", options=likeness.UPRIGHT_OUTPUT_SCAN).faces:
            if f.status == "face":
                crops.append(rt.SFace.align_crop(canon.bgr(), np.array(f.landmarks, np.float32)))
    blobs = np.stack([c[:, :, ::-1].transpose(2, 0, 1) for c in crops[:8]]).astype(np.float32)
    single = np.stack([sess.run(None, {name: blobs[i:i + 1]})[0][0] for i in range(8)])
    batched = sess.run(None, {name: blobs})[0]
    cos = (single * batched).sum(1) / np.linalg.norm(single, axis=1) / np.linalg.norm(batched, axis=1)
    sizes = (1, 2, 4, 8)
    per_face = {n: [] for n in sizes}
    for r in range(args.rounds):
        for n in (sizes if r % 2 == 0 else sizes[::-1]):
            t0 = time.thread_time()
            sess.run(None, {name: blobs[:n]})
            per_face[n].append((time.thread_time() - t0) * 1000 / n)
    out = {"rounds": args.rounds, "threads": 1, "batch_vs_single_min_cosine": round(float(cos.min()), 6),
           "per_face_cpu_ms": {str(n): round(float(np.median(v)), 2) for n, v in per_face.items()}}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
