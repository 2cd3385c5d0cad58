"""Benchmark: the watermark embedder before and after b9e5c74 on noise, photos and the tiny pipeline's outputs.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark_embed_noise_ab.py [--base COMMIT] [--rounds N]
        [--combos K] [--out bench/results/watermark_embed_noise_ab.json]

b9e5c74 made the embedder's search on noise cheaper without changing a pixel: the scale/rotation
search's lattice geometry kept per spectrum size, FFTs over only the rows/columns read, one unused
read dropped. This reproduces its A/B from a clean checkout, in one process, on one thread
(OMP/OPENBLAS/MKL_NUM_THREADS=1, ``cv2.setNumThreads(1)``, ``torch.set_num_threads(1)``).

The watermark package as of ``--base`` (default ``b9e5c74~1``; its files read from git and imported
under another name, as bench/watermark_embed_speed.py does; everything else is this tree's) and
this tree's mark the same pictures, built in a temporary directory:

- ``tiny``: the tiny random-weight diffusers pipeline's 256² outputs for eight prompts
  (``make_tiny_sd_pipeline`` + ``DiffusionEngine``, 4 steps, seeds 1234+i), the studio's visible
  label drawn on them as ``disclose()`` does before the watermark;
- ``noise``: four 256² pictures of uniform noise;
- ``photos``: scikit-image photos, astronaut, coffee and camera at 256² and 512², grass and gravel
  at 256² (Lanczos).

Each picture is marked under ``--combos`` (key, payload) pairs. Every round marks every case with
both embedders, the order alternating case by case and round by round; each embedding's thread
CPU time (``time.thread_time``) is recorded and its pixels compared with the other side's: any
difference stops the run (exit status 1). Reported per group (tiny / noise / photos): the median
over rounds of the group's total CPU per side and their ratio before/after, the median of the
per-round ratios, the per-embedding p50, and the identical-output count. Printed and written to
bench/results/watermark_embed_noise_ab.json with the machine (CPU model, load average).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from watermark_embed_speed import _load_before  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "watermark_embed_noise_ab.json"
_PACKAGE = "creator/disclosure/watermark"
#: The last commit before the embedder's search geometry was kept and its FFTs pruned.
_BASE = "b9e5c74~1"
_PROMPTS = ("a lighthouse at dusk", "a portrait of a woman", "a red car on a road", "a bowl of fruit",
            "mountains under snow", "a city street at night", "a cat", "a forest")
_PHOTOS = (("astronaut", 256), ("coffee", 256), ("camera", 256), ("grass", 256), ("gravel", 256),
           ("astronaut", 512), ("coffee", 512), ("camera", 512))
_PAYLOADS = ("0123456789ab", "fedcba987654", "a1b2c3d4e5f6")
_GROUPS = ("tiny", "noise", "photos")


def _pictures(tmp: Path) -> list[tuple[str, str, Image.Image]]:
    """(group, name, picture) for every picture of the run."""
    import torch
    from skimage import data

    from creator.disclosure import label as _label
    from creator.engines.base import EngineCall
    from creator.engines.diffusion import DiffusionEngine
    from creator.engines.testing import make_tiny_sd_pipeline
    from creator.settings import StudioSettings

    torch.set_num_threads(1)
    out = []
    engine = DiffusionEngine(make_tiny_sd_pipeline(tmp / "tiny-sd"))
    settings = StudioSettings(data_dir=tmp / "studio")
    for i, prompt in enumerate(_PROMPTS):
        img = engine.generate(EngineCall(prompt=prompt, width=256, height=256, steps=4, seed=1234 + i))[0]
        labelled, _ = _label.label_from_settings(img.convert("RGB"), settings, real_person_depicted=False)
        out.append(("tiny", f"tiny-{i}", labelled.convert("RGB")))
    rng = np.random.default_rng(7)
    for s in range(4):
        out.append(("noise", f"noise-{s}", Image.fromarray(rng.integers(0, 256, (256, 256, 3), dtype=np.uint8))))
    for name, side in _PHOTOS:
        img = Image.fromarray(getattr(data, name)()).convert("RGB")
        out.append(("photos", f"{name}-{side}", img.resize((side, side), Image.Resampling.LANCZOS)))
    for _, _, img in out:
        img.load()
    return out


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def _p50(v: list[float]) -> float:
    return round(statistics.median(v), 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=_BASE, help="commit whose embedder is the 'before' (default %(default)s)")
    ap.add_argument("--rounds", type=int, default=10, help="timed rounds over every case (default %(default)s)")
    ap.add_argument("--combos", type=int, default=2, choices=(1, 2, 3),
                    help="(key, payload) pairs per picture (default %(default)s)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args()
    cv2.setNumThreads(1)
    import torch

    torch.set_num_threads(1)
    from creator.disclosure import watermark as after_pkg

    base_rev = _git("rev-parse", "--short", a.base)
    head = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--", _PACKAGE))
    load_start = os.getloadavg()
    t_start = time.perf_counter()
    keys = [hashlib.sha256(f"bench/watermark_embed_noise_ab key {k}".encode()).digest() for k in range(3)]
    with tempfile.TemporaryDirectory() as tmp:
        before_pkg = _load_before(a.base, Path(tmp), "_wm_embed_noise_before")
        t0 = time.perf_counter()
        pictures = _pictures(Path(tmp))
        print(f"{len(pictures)} pictures built in {time.perf_counter() - t0:.1f} s; before {a.base} ({base_rev}), "
              f"after {head}{' + uncommitted changes' if dirty else ''}", flush=True)
        sides = {"before": [before_pkg.Watermarker(k) for k in keys], "after": [after_pkg.Watermarker(k) for k in keys]}
        cases = []
        for group, name, img in pictures:
            for c in range(a.combos):
                cases.append({"group": group, "picture": name, "key": c, "payload": _PAYLOADS[c],
                              "img": img, "before": [], "after": [], "sha256": None})
        # warm-up (imports, first allocations): one case of each group per side, untimed, checked
        for group in _GROUPS:
            case = next(c for c in cases if c["group"] == group)
            outs = {s: sides[s][case["key"]].embed(case["img"], case["payload"]).tobytes() for s in sides}
            if outs["before"] != outs["after"]:
                raise SystemExit(f"DIFFERENT PIXELS: {case['picture']} key {case['key']} {case['payload']}")
        for r in range(a.rounds):
            t_round = time.perf_counter()
            for i, case in enumerate(cases):
                order = ("before", "after") if (r + i) % 2 == 0 else ("after", "before")
                outs = {}
                for s in order:
                    wm = sides[s][case["key"]]
                    c0 = time.thread_time()
                    out = wm.embed(case["img"], case["payload"])
                    case[s].append((time.thread_time() - c0) * 1000)
                    outs[s] = out.tobytes()
                digest = hashlib.sha256(outs["after"]).hexdigest()
                if outs["before"] != outs["after"] or case["sha256"] not in (None, digest):
                    raise SystemExit(f"DIFFERENT PIXELS in round {r}: {case['picture']} key {case['key']} "
                                     f"payload {case['payload']} (the embedders must give identical output)")
                case["sha256"] = digest
            tot = {s: {g: sum(c[s][-1] for c in cases if c["group"] == g) / 1000 for g in _GROUPS}
                   for s in ("before", "after")}
            print(f"round {r + 1}/{a.rounds} ({time.perf_counter() - t_round:.0f} s wall, load "
                  f"{os.getloadavg()[0]:.2f}): " + "; ".join(
                      f"{g} {tot['before'][g]:.2f} / {tot['after'][g]:.2f} s" for g in _GROUPS)
                  + " CPU before / after", flush=True)

    summary = {}
    for g in _GROUPS:
        cs = [c for c in cases if c["group"] == g]
        per_round = {s: [sum(c[s][r] for c in cs) / 1000 for r in range(a.rounds)] for s in ("before", "after")}
        mb, ma = statistics.median(per_round["before"]), statistics.median(per_round["after"])
        case_med = {s: [statistics.median(c[s]) for c in cs] for s in ("before", "after")}
        summary[g] = {
            "pictures": len({c["picture"] for c in cs}),
            "embeddings_per_round": len(cs),
            "identical_outputs": len(cs),  # the run stops at the first difference
            "round_total_cpu_s_median": {"before": round(mb, 3), "after": round(ma, 3)},
            "before_over_after": round(mb / ma, 3),
            "paired_round_ratio_median": round(statistics.median(
                b / w for b, w in zip(per_round["before"], per_round["after"])), 3),
            "embedding_cpu_ms_p50": {"before": _p50(case_med["before"]), "after": _p50(case_med["after"])},
            "round_total_cpu_s": {s: [round(v, 3) for v in per_round[s]] for s in per_round},
        }
        print(f"{g:<7} {len(cs):3} embeddings/round, identical {len(cs)} of {len(cs)}: round CPU median before "
              f"{mb:.2f} s, after {ma:.2f} s, before/after {mb / ma:.3f}× (paired per round "
              f"{summary[g]['paired_round_ratio_median']:.3f}×); per embedding p50 "
              f"{summary[g]['embedding_cpu_ms_p50']['before']} / {summary[g]['embedding_cpu_ms_p50']['after']} ms")
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark_embed_noise_ab.py", *sys.argv[1:]]),
        "before": f"{a.base} ({base_rev})", "after": head + (" + uncommitted changes" if dirty else ""),
        "cpu_model": _cpu_model(), "cpu_count": os.cpu_count(), "python": platform.python_version(),
        "numpy": np.__version__, "threads": 1, "clock": "time.thread_time",
        "load_avg_at_start": [round(x, 2) for x in load_start],
        "load_avg_at_end": [round(x, 2) for x in os.getloadavg()],
        "wall_s": round(time.perf_counter() - t_start, 1),
        "rounds": a.rounds, "combos": a.combos,
        "identical_outputs": f"{len(cases)} of {len(cases)} cases, every round",
        "summary": summary,
        "cases": [{"group": c["group"], "picture": c["picture"], "key": c["key"], "payload": c["payload"],
                   "sha256": c["sha256"], "before_cpu_ms_median": round(statistics.median(c["before"]), 1),
                   "after_cpu_ms_median": round(statistics.median(c["after"]), 1)} for c in cases],
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
