"""Is the face detector cheaper per picture when four 512² pictures run as one batch?

    HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python bench/yunet_batch.py \
        [--rounds 5] [--reps 8] [--out bench/results/yunet_batch.json]

A face check runs YuNet four times on same-sized pictures (the four quarter turns of a square
source). This builds the studio's own detector graph (``consent._face_runtime.float_graph``)
with a free batch dimension, checks that a batch of four gives exactly the four single runs'
outputs, then times, interleaved in one thread (CPU time), four single runs against one batch
of four on the same random 512² inputs. The studio keeps single runs: see the result file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--reps", type=int, default=8)
    ap.add_argument("--out", default="bench/results/yunet_batch.json")
    args = ap.parse_args(argv)

    import cv2
    import onnx

    from consent import _face_runtime as rt
    from consent import likeness

    cv2.setNumThreads(1)
    m = onnx.load_model_from_string(rt.float_graph(likeness._model_path("detector").read_bytes(),
                                                   name="detector", dynamic_input=True))
    m.graph.input[0].type.tensor_type.shape.dim[0].dim_param = "batch"
    for out in m.graph.output:
        out.type.tensor_type.shape.dim[0].dim_param = "batch_out"
    sess = rt.session(m.SerializeToString(), 1)
    name = sess.get_inputs()[0].name
    outputs = likeness._Models.get().detector._outputs  # the outputs the studio reads
    rng = np.random.default_rng(0)
    singles = [rng.integers(0, 256, (1, 3, 512, 512)).astype(np.float32) for _ in range(4)]
    batch = np.concatenate(singles)
    # The graph's reshapes are (1, -1, k): a batch's rows come out one picture after another.
    got = sess.run(outputs, {name: batch})
    one = [sess.run(outputs, {name: x}) for x in singles]
    worst = max(float(np.abs(np.concatenate([o[j] for o in one], axis=1) - got[j]).max()) for j in range(len(outputs)))
    rounds = []
    for _ in range(args.rounds):
        t = time.thread_time()
        for _ in range(args.reps):
            for x in singles:
                sess.run(outputs, {name: x})
        four = (time.thread_time() - t) / args.reps * 1e3
        t = time.thread_time()
        for _ in range(args.reps):
            sess.run(outputs, {name: batch})
        batched = (time.thread_time() - t) / args.reps * 1e3
        rounds.append({"four_single_runs_cpu_ms": round(four, 2), "one_batch_of_four_cpu_ms": round(batched, 2),
                       "ratio": round(batched / four, 3)})
        print(rounds[-1])
    report = {"what": "YuNet, four 512² pictures: four single runs vs one batch of four, one thread, CPU ms",
              "largest_output_difference": worst, "rounds": rounds,
              "median_ratio": float(np.median([r["ratio"] for r in rounds])),
              "machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
              "load_average": os.getloadavg(), "python": platform.python_version()}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n")
    print(f"median batch/singles {report['median_ratio']:.3f}; largest output difference {worst}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
