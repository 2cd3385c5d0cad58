"""Two checkouts of the face gate, timed interleaved on one machine: the fair before/after.

A shared machine's load changes from minute to minute, so two runs of bench/gate.py or
bench/studio_gate.py taken one after the other cannot be compared. This starts one worker
process per checkout (each imports its own ``consent``/``creator``), warms both, then asks
them in turn for a few timed checks at a time, alternating the order each round, so both see
the same load. Each timed check is followed by the yardstick (PIL JPEG q92 of a 512² image).

- ``--what scan``: bench/gate.py's case, ``likeness.scan`` of one decoded 512² image with one
  face (``--image 1``; ``5`` faces; ``t`` the face turned 90°; ``g`` the face grey, a
  monochrome probe) at 100k templates (and, where the checkout has grey templates, 100k grey
  templates beside them);
- ``--what faces``: ``likeness.find_faces`` of the studio's img2img case alone (a new 512²
  picture of the astronaut each time, with the studio's own-mark copy as ``scan_copy``): the
  face scan without the registry, index and decision around it;
- ``--what studio``: ``Studio.check`` of an img2img request with a new 512² picture of the
  enrolled astronaut each time, on bench/registry_fixture.py's registry (``--size
  20000:100000`` = subjects:audit entries, 5 templates each; built once into bench/.cache).
- ``--what text``: ``Studio.check`` of bench/studio_gate.py's text-only request (its
  300-character prompt, no source) on the same registry: the name scan, the snapshot and the
  audited decision, no face touched.

``--threads default`` runs OpenCV and the face models as the served studio does (OpenCV's default
thread count: the machine's cores) instead of on one thread.

Usage (the "before" checkout from git, e.g.):
    git archive <commit> | tar -x -C /tmp/before
    HF_HUB_OFFLINE=1 .venv/bin/python bench/ab_gate.py /tmp/before . --what studio [--rounds 12 --per 5]
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import io
import json
import sys
import time
from pathlib import Path

from ab_runs import interleaved

HERE = Path(__file__).resolve().parent


def _worker(root: Path, what: str, image: str, size: str, threads: str = "1") -> None:
    sys.path[:0] = [str(root), str(root / "tests" / "consent"), str(HERE)]
    import cv2
    import numpy as np
    from PIL import Image
    from skimage import data as skdata

    if threads == "1":
        cv2.setNumThreads(1)  # else OpenCV's default (the machine's cores), which the face models follow, as served
    import consent.likeness as likeness

    if not Path(likeness.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"{root}: imported {likeness.__file__} instead")
    if what == "faces":
        # the studio's face scan of an img2img source alone: find_faces of a new 512² picture
        # of the astronaut each time, with the studio's own-mark copy (Watermarker.unmark_array)
        from creator.disclosure.watermark import Watermarker

        unmark = Watermarker(b"ab-gate faces key, 32 bytes long").unmark_array

        def picture(i: int):
            px = skdata.astronaut()
            px[0, 0] = (i % 256, (i // 256) % 256, 7)
            return likeness.load_canonical(Image.fromarray(px), label="source")

        pictures = [picture(i) for i in range(1000)]

        def one(i: int) -> None:
            likeness.find_faces(pictures[i], label="source", scan_copy=unmark)
    elif what == "scan":
        import gate

        from PIL import ImageOps

        img = likeness.load_canonical({"1": gate._one_face(), "5": gate._five_faces(),
                                       "t": gate._one_face().rotate(90, expand=True),
                                       "g": ImageOps.grayscale(gate._one_face()).convert("RGB")}[image], label="image")
        found = likeness.detect_faces(img)
        index = gate._index(100_000, [f.embedding for f in found], np.random.default_rng(0))
        if hasattr(likeness, "GREY_MODEL_NAME"):
            # as enrolled since grey templates: one grey row beside each colour row
            index = gate._index(100_000, [f.embedding for f in found], np.random.default_rng(0), grey=True)

        def one(_i: int) -> None:
            likeness.scan(img, index)
    else:
        import shutil
        import tempfile

        import torch

        from creator.request import GenerationRequest
        from creator.settings import StudioSettings
        from creator.studio import Studio
        from registry_fixture import fixture_dir

        if threads == "1":
            torch.set_num_threads(1)
        subjects, audit = (int(v) for v in size.split(":"))
        # built by the parent before the workers start (main); only copied here: a worker that
        # opened it would race the other's copy of its WAL files
        src = fixture_dir(subjects, 5, audit) / "data"
        if not (src.parent / "BUILT").exists():
            raise SystemExit(f"{src}: the registry fixture was not built")
        work = Path(tempfile.mkdtemp(prefix="ab-gate-"))
        shutil.copytree(src.parent, work, dirs_exist_ok=True)

        class Stub:
            name, model_id, model_version, description = "stub", "stub", "0", "returns its source"
            modes = frozenset({"text2img", "img2img", "inpaint"})

            def generate(self, call, progress=None):
                return [call.source.copy()]

        studio = Studio(StudioSettings(data_dir=work / "data"), engines={"gan": lambda r: Stub(), "diffusion": lambda r: Stub()})

        def request(i: int):
            px = skdata.astronaut()
            px[0, 0] = (i % 256, (i // 256) % 256, 7)  # a picture the studio has not seen
            buf = io.BytesIO()
            Image.fromarray(px).save(buf, "PNG")
            return GenerationRequest.build(grantee="ACME Films", purpose="film_reshoot", territory="US", engine="diffusion",
                                           mode="img2img", source=buf.getvalue(), subjects=("s000000",), project="Blue (2026)")

        if what == "text":
            from studio_gate import PROMPT

            text = GenerationRequest(grantee="ACME Films", purpose="film_reshoot", territory="US", prompt=PROMPT)

            def one(_i: int) -> None:
                if not studio.check(text).allowed:
                    raise SystemExit("the text-only check was denied")
        else:
            requests = [request(i) for i in range(1000)]

            def one(i: int) -> None:
                if not studio.check(requests[i]).allowed:
                    raise SystemExit("the astronaut's check was denied")
    yard = Image.fromarray(skdata.astronaut())
    n = 0
    for _ in range(3):
        one(n)
        n += 1
    print("ready", flush=True)
    for line in sys.stdin:
        out = []
        for _ in range(int(line)):
            t0, c0 = time.perf_counter(), time.process_time()
            one(n)
            n += 1
            t1, c1 = time.perf_counter(), time.process_time()
            yard.save(io.BytesIO(), "JPEG", quality=92)
            out.append(((t1 - t0) * 1000, (c1 - c0) * 1000, (time.perf_counter() - t1) * 1000))
        print(json.dumps(out), flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs=2, type=Path, help="the two checkouts (before, after)")
    ap.add_argument("--what", choices=("scan", "faces", "studio", "text"), default="scan")
    ap.add_argument("--image", choices=("1", "5", "t", "g"), default="1",
                    help="scan: one face, five faces, one turned 90°, one grey (a monochrome probe)")
    ap.add_argument("--size", default="20000:100000", help="studio: subjects:audit entries (default %(default)s)")
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--per", type=int, default=5, help="timed checks per worker per round")
    ap.add_argument("--out", type=Path, default=None, help="also write the summary here (JSON)")
    ap.add_argument("--threads", choices=("1", "default"), default="1",
                    help="1: OpenCV, the face models and torch on one thread (default); default: as the served "
                         "studio runs them (OpenCV's default thread count, the machine's cores)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        _worker(a.roots[0].resolve(), a.what, a.image, a.size, a.threads)
        return 0
    import numpy as np

    if a.what in ("studio", "text"):
        # build (or migrate) the cached registry once, before the workers start: two workers
        # building the same cache folder at once each signed the audit log's anchor with its own
        # key, and one then refused the other's (AnchorMismatch). The "after" checkout builds it.
        import subprocess

        subjects, audit = (int(v) for v in a.size.split(":"))
        env = dict(os.environ, PYTHONPATH=str(a.roots[1].resolve()))
        subprocess.run([sys.executable, str(HERE / "registry_fixture.py"), "--subjects", str(subjects),
                        "--templates-per-subject", "5", "--audit", str(audit)], env=env, check=True)
    times, load_before = interleaved(__file__, a.roots, ["--what", a.what, "--image", a.image, "--size", a.size,
                                                                "--threads", a.threads],
                                     a.rounds, a.per)
    rows = []
    for root, t in zip(a.roots, times):
        arr = np.asarray(t)
        yard = float(np.median(arr[:, 2]))
        row = {"checkout": str(root), "runs": len(t),
               "p50_ms": round(float(np.percentile(arr[:, 0], 50)), 1), "p95_ms": round(float(np.percentile(arr[:, 0], 95)), 1),
               "cpu_p50_ms": round(float(np.percentile(arr[:, 1], 50)), 1), "cpu_p95_ms": round(float(np.percentile(arr[:, 1], 95)), 1),
               "yardstick_ms": round(yard, 2)}
        row["p50_in_yardsticks"] = round(row["p50_ms"] / yard, 1)
        row["p95_in_yardsticks"] = round(row["p95_ms"] / yard, 1)
        rows.append(row)
        print(f"{str(root):30s} p50 {row['p50_ms']:6.1f} p95 {row['p95_ms']:6.1f} ms | cpu p50 {row['cpu_p50_ms']:5.1f} "
              f"p95 {row['cpu_p95_ms']:5.1f} ms | yardstick {yard:.2f} ms: p50 {row['p50_in_yardsticks']}, p95 {row['p95_in_yardsticks']}")
    ratio = {k: round(rows[1][k] / rows[0][k], 3) for k in ("p50_ms", "p95_ms", "cpu_p50_ms", "cpu_p95_ms")}
    print("after / before:", ratio)
    if a.out:
        a.out.write_text(json.dumps({"what": a.what, "image": a.image, "threads": a.threads, "size": a.size if a.what in ("studio", "text") else None,
                                     "load_average_before": [round(x, 2) for x in load_before],
                                     "load_average_after": [round(x, 2) for x in os.getloadavg()],
                                     "results": rows, "after_over_before": ratio}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
