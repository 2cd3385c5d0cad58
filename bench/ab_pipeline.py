"""Two checkouts of the governed GAN and of disclose(), timed interleaved: the fair before/after.

bench/pipeline.py and bench/disclosure.py each time one checkout; on a shared machine two runs
taken one after the other see different load. This starts one worker process per checkout
(each imports its own ``consent``/``creator``; the bench code is this checkout's), warms both,
then asks them in turn for a few timed repetitions at a time, alternating the order each round.

- ``--what pipeline``: bench/pipeline.py's case ``gan_512_n4_enrolled`` (``--case`` picks
  another GAN case): one bare ``engine.generate`` then one governed ``Studio.generate``, 4 ×
  512², one template enrolled; ratio governed / bare per pair, in wall time and in thread CPU
  time (both run on the calling thread: torch and ONNX Runtime on one thread), and the
  governed stages in CPU time. On a loaded machine the CPU ratio is the one to compare.
- ``--what disclose``: bench/disclosure.py's ``disclose()`` of the 512² astronaut as PNG (or
  ``--format jpeg``), thread CPU time of the whole call minus its encode (steps ``encode`` and
  ``pixels``: the measure of bench/disclosure.py's ``disclose_cpu_ms``, every other step
  included), one fixed watermark key and payload in both,
  each followed by the yardstick (PIL JPEG q92 of the same image, thread CPU time, the median
  of three encodes).

Usage (the "before" checkout from git):
    git archive main | tar -x -C /tmp/before
    HF_HUB_OFFLINE=1 .venv/bin/python bench/ab_pipeline.py /tmp/before . --what pipeline [--rounds 8 --per 3]
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from ab_runs import interleaved  # noqa: E402

HERE = Path(__file__).resolve().parent


def _pipeline_worker(case_name: str):
    import pipeline as P
    import torch

    torch.set_num_threads(1)
    cases = {"gan_512_n4": dict(enrolled=False), "gan_512_n4_enrolled": dict(enrolled=True)}
    case = P._Case(case_name, "gan", P._gan, 512, 1, 4, 0, **cases[case_name])
    root = Path(tempfile.mkdtemp(prefix="ab-pipeline-"))
    from PIL import Image

    from consent.registry import Registry
    from creator.engines.base import EngineCall
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio

    engine = case.make_engine(root)
    settings = StudioSettings(data_dir=root / "data")
    registry = Registry.from_settings(settings)
    if case.enrolled:
        from skimage import data

        from creator.personas import operations_for

        ops = operations_for(settings, registry)
        ops.add_subject("eileen", "Eileen Collins")
        ops.enroll("eileen", [Image.fromarray(data.astronaut())])
    studio = Studio(settings, registry=registry, engines={"gan": lambda req: engine})
    request = GenerationRequest(grantee="Bench", purpose="art", territory="US", engine="gan", mode="text2img",
                                prompt="a lighthouse at dusk", width=512, height=512, steps=1, seed=1234, num_images=4)
    call = EngineCall(prompt=request.prompt, negative_prompt=request.negative_prompt, width=512, height=512, steps=1,
                      guidance=request.guidance, seed=1234, num_images=4)

    class CpuClock(P._StageClock):
        """The stages' thread CPU time (everything here runs on the calling thread: torch and
        ONNX Runtime on one thread each), which another process's load does not add to."""

        def __call__(self, stage: str, done: int, total: int) -> None:
            if not self.marks or self.marks[-1][0] != stage:
                self.marks.append((stage, time.thread_time()))

    def one() -> dict:
        t, c = time.perf_counter(), time.thread_time()
        engine.generate(call)
        bare, bare_cpu = (time.perf_counter() - t) * 1000, (time.thread_time() - c) * 1000
        clock = CpuClock()
        t, c = time.perf_counter(), time.thread_time()
        result = studio.generate(request, clock)
        end, end_cpu = time.perf_counter(), time.thread_time()
        assert len(result.outputs) == 4, result.blocked
        return {"bare": bare, "governed": (end - t) * 1000, "bare_cpu": bare_cpu, "governed_cpu": (end_cpu - c) * 1000,
                "stages": clock.durations(end_cpu)}

    return one


def _disclose_worker(fmt: str):
    import disclosure as D

    import creator.disclosure._pipeline as pipeline
    from creator.disclosure.watermark import Watermarker
    from creator.settings import StudioSettings

    root = Path(tempfile.mkdtemp(prefix="ab-disclose-"))
    settings = StudioSettings(data_dir=root / "data", output_format=fmt)
    img = D._image(512)
    # one key and payload for both checkouts: the embedder's work depends on them (a mark that
    # reads weakly is made again), so two random ones would time two different jobs
    wm = Watermarker(bytes(range(32)))
    payload = "5a17c0de2b9e"
    encode_cpu = {}

    def timed(name, original):
        def step(*args, **kwargs):
            t0 = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                encode_cpu[name] = (time.thread_time() - t0) * 1000

        return step

    # the output file's own encode: the writer's pass and, where a step makes it, the array of
    # pixels it reads (bench/disclosure.py leaves both out of disclose_ms)
    for name in ("_step_encode", "_step_pixels"):
        if hasattr(pipeline, name):
            setattr(pipeline, name, timed(name, getattr(pipeline, name)))

    def one() -> dict:
        encode_cpu.clear()
        t0 = time.thread_time()
        out = pipeline.disclose(img, D._context(payload), settings=settings, out_dir=root / "out", watermarker=wm)
        cpu = (time.thread_time() - t0) * 1000 - sum(encode_cpu.values())
        yard = []
        for _ in range(3):  # the median of three: one encode of ~1 ms is at the timer's mercy
            y0 = time.thread_time()
            D._encode(img, format="JPEG", quality=92)
            yard.append((time.thread_time() - y0) * 1000)
        return {"cpu": cpu, "encode_cpu": sum(encode_cpu.values()), "yard": statistics.median(yard),
                "steps": out.timings_ms}

    return one


def _worker(root: Path, what: str, case: str, fmt: str) -> None:
    sys.path[:0] = [str(root), str(HERE)]
    import cv2

    cv2.setNumThreads(1)
    import creator

    if not Path(creator.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"{root}: imported {creator.__file__} instead")
    one = _pipeline_worker(case) if what == "pipeline" else _disclose_worker(fmt)
    for _ in range(2):
        one()
    print("ready", flush=True)
    for line in sys.stdin:
        print(json.dumps([one() for _ in range(int(line))]), flush=True)


def _median(xs) -> float:
    return round(statistics.median(xs), 2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs=2, type=Path, help="the two checkouts (before, after)")
    ap.add_argument("--what", choices=("pipeline", "disclose"), default="pipeline")
    ap.add_argument("--case", choices=("gan_512_n4", "gan_512_n4_enrolled"), default="gan_512_n4_enrolled")
    ap.add_argument("--format", choices=("png", "jpeg"), default="png")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--per", type=int, default=3, help="timed repetitions per worker per round")
    ap.add_argument("--out", type=Path, default=None, help="also write the summary here (JSON)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        _worker(a.roots[0].resolve(), a.what, a.case, a.format)
        return 0
    runs, load_before = interleaved(__file__, a.roots, ["--what", a.what, "--case", a.case, "--format", a.format],
                                    a.rounds, a.per)
    rows = []
    for root, rs in zip(a.roots, runs):
        steps = sorted({k for r in rs for k in r.get("stages", r.get("steps", {}))})
        key = "stages" if a.what == "pipeline" else "steps"
        row = {"checkout": str(root), "runs": len(rs),
               f"{key}_ms": {k: _median(r[key].get(k, 0.0) for r in rs) for k in steps}}
        if a.what == "pipeline":
            row.update(bare_ms=_median(r["bare"] for r in rs), governed_ms=_median(r["governed"] for r in rs),
                       ratio=round(statistics.median(r["governed"] / r["bare"] for r in rs), 3),
                       bare_cpu_ms=_median(r["bare_cpu"] for r in rs), governed_cpu_ms=_median(r["governed_cpu"] for r in rs),
                       ratio_cpu=round(statistics.median(r["governed_cpu"] / r["bare_cpu"] for r in rs), 3))
            row["stages_cpu_ms"] = row.pop("stages_ms")
            print(f"{str(root):28s} wall: bare {row['bare_ms']:6.1f} governed {row['governed_ms']:6.1f} ms ratio "
                  f"{row['ratio']:.2f} | CPU: bare {row['bare_cpu_ms']:6.1f} governed {row['governed_cpu_ms']:6.1f} ms "
                  f"ratio {row['ratio_cpu']:.2f}  stages CPU {row['stages_cpu_ms']}")
        else:
            row.update(disclose_cpu_ms=_median(r["cpu"] for r in rs), encode_cpu_ms=_median(r["encode_cpu"] for r in rs),
                       yardstick_cpu_ms=_median(r["yard"] for r in rs),
                       yardsticks=round(statistics.median(r["cpu"] / r["yard"] for r in rs), 2))
            print(f"{str(root):28s} disclose CPU (minus encode) {row['disclose_cpu_ms']:6.2f} ms, encode "
                  f"{row['encode_cpu_ms']:5.2f} ms, yardstick {row['yardstick_cpu_ms']:5.2f} ms: "
                  f"{row['yardsticks']} yardsticks  {row[key + '_ms']}")
        rows.append(row)
    if a.out:
        a.out.write_text(json.dumps({"what": a.what, "case": a.case if a.what == "pipeline" else None,
                                     "format": a.format if a.what == "disclose" else None,
                                     "rounds": a.rounds, "per": a.per,
                                     "load_average_before": [round(x, 2) for x in load_before],
                                     "load_average_after": [round(x, 2) for x in os.getloadavg()],
                                     "results": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
