"""Benchmark: the watermark embedder on noise and texture, two checkouts side by side (issue 17).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark_noise_ab.py [--base COMMIT] [--keys 3] [--payloads 6]
        [--out bench/results/watermark_noise_ab.json]

Where a picture's own texture swamps the plain 40 dB mark, the embedder ranks candidate marks by
simulated copies read with the full reader (creator/disclosure/watermark): on the tiny test
pipeline's random-weight outputs (noise) that search is nearly all of ``disclose()``'s time, and
so of the governed diffusers call's overhead (bench/pipeline.py's ``tiny_diffusion_256``).

Pictures: the tiny test pipeline's 256² outputs for six prompts (``make_tiny_sd_pipeline``, 4
steps, the studio's visible label drawn on them as ``disclose()`` does before the watermark), a
256² crop of grass and a 384² one of gravel (scikit-image). Each is marked under ``--keys`` keys
× ``--payloads`` payloads by the watermark package as it was at ``--base`` (read from git,
imported under another name) and by this tree's, in one process on one thread, the order
alternating case by case. Per case: each side's thread CPU time, whether the two outputs are
byte-identical, and for each output its PSNR and which of bench/watermark.py's 15 attacks lose
the payload. Reported: CPU p50 / mean / p90 / max per side and the ratios, identical outputs,
attacks lost and PSNR below 40 dB per side. Written to bench/results/watermark_noise_ab.json.
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
import random  # noqa: E402
import statistics  # noqa: E402
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

RESULTS = ROOT / "bench" / "results" / "watermark_noise_ab.json"
#: The last commit before candidates whose crop reads at the first step were read first.
_BASE = "f8e8ce7"
_PROMPTS = ("a lighthouse at dusk", "a portrait of a woman", "a red car on a road", "a bowl of fruit",
            "mountains under snow", "a city street at night")


def _pictures(tmp: Path) -> dict[str, Image.Image]:
    import torch
    from skimage import data

    from creator.disclosure import label as _label
    from creator.engines.base import EngineCall
    from creator.engines.diffusion import DiffusionEngine
    from creator.engines.testing import make_tiny_sd_pipeline
    from creator.settings import StudioSettings

    torch.set_num_threads(1)
    engine = DiffusionEngine(make_tiny_sd_pipeline(tmp / "tiny-sd"))
    settings = StudioSettings(data_dir=tmp / "studio")
    out = {}
    for i, prompt in enumerate(_PROMPTS):
        img = engine.generate(EngineCall(prompt=prompt, width=256, height=256, steps=4, seed=1234 + i))[0]
        out[f"tiny-sd-{i}"], _ = _label.label_from_settings(img.convert("RGB"), settings, real_person_depicted=False)
    out["grass-256"] = Image.fromarray(data.grass()).convert("RGB").resize((256, 256), Image.Resampling.LANCZOS)
    out["gravel-384"] = Image.fromarray(data.gravel()).convert("RGB").resize((384, 384), Image.Resampling.LANCZOS)
    return out


def _psnr(a: Image.Image, b: Image.Image) -> float:
    d = np.asarray(a, np.float64) - np.asarray(b.convert("RGB"), np.float64)
    return float(10 * np.log10(255.0**2 / max(float(np.mean(d * d)), 1e-12)))


def _stats(v: list[float]) -> dict:
    return {"p50": round(statistics.median(v), 1), "mean": round(statistics.mean(v), 1),
            "p90": round(float(np.percentile(v, 90)), 1), "max": round(max(v), 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=_BASE)
    ap.add_argument("--keys", type=int, default=3)
    ap.add_argument("--payloads", type=int, default=6)
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args()
    cv2.setNumThreads(1)
    import watermark as bench_wm

    from creator.disclosure import watermark as new

    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        base = _load_before(a.base, Path(tmp), "_wm_noise_base")
        pictures = _pictures(Path(tmp))
        rng = random.Random(2026)
        rows = []
        n = 0
        for name, img in pictures.items():
            for k in range(a.keys):
                key = hashlib.sha256(f"bench/watermark_noise_ab key {k}".encode()).digest()
                sides = {"base": base.Watermarker(key), "new": new.Watermarker(key)}
                for _ in range(a.payloads):
                    payload = f"{rng.getrandbits(48):012x}"
                    row = {"picture": name, "key": k, "payload": payload}
                    outs = {}
                    for label in (("base", "new") if n % 2 == 0 else ("new", "base")):
                        t = time.process_time()
                        outs[label] = sides[label].embed(img, payload)
                        row[f"{label}_cpu_ms"] = round((time.process_time() - t) * 1000, 1)
                    n += 1
                    reader = sides["new"]
                    for label, out in outs.items():
                        row[f"{label}_psnr"] = round(_psnr(img.convert("RGB"), out), 2)
                        row[f"{label}_lost"] = [at for at, fn in bench_wm.ATTACKS.items()
                                                if reader.read(fn(out)).payload != payload]
                    row["identical"] = outs["base"].tobytes() == outs["new"].tobytes()
                    rows.append(row)
                    print(f"{name:<11} key{k} {payload}  base {row['base_cpu_ms']:7.1f} ms  new {row['new_cpu_ms']:7.1f} ms"
                          f"  {'same' if row['identical'] else 'other'}  lost {len(row['base_lost'])}/{len(row['new_lost'])}",
                          flush=True)

    def side(label: str, rs: list[dict]) -> dict:
        return {"cpu_ms": _stats([r[f"{label}_cpu_ms"] for r in rs]),
                "attacks_lost": sum(len(r[f"{label}_lost"]) for r in rs),
                "psnr_below_40": sum(r[f"{label}_psnr"] < 40.0 - 0.005 for r in rs),
                "psnr_min": min(r[f"{label}_psnr"] for r in rs)}

    groups = {"all": rows, "tiny-sd": [r for r in rows if r["picture"].startswith("tiny-sd")],
              "textures": [r for r in rows if not r["picture"].startswith("tiny-sd")]}
    summary = {}
    for g, rs in groups.items():
        b, w = side("base", rs), side("new", rs)
        summary[g] = {"cases": len(rs), "identical": sum(r["identical"] for r in rs), "base": b, "new": w,
                      "ratio_p50": round(b["cpu_ms"]["p50"] / w["cpu_ms"]["p50"], 2),
                      "ratio_mean": round(b["cpu_ms"]["mean"] / w["cpu_ms"]["mean"], 2)}
        print(f"{g}: {len(rs)} cases, identical {summary[g]['identical']}; CPU ms base {b['cpu_ms']} new {w['cpu_ms']}; "
              f"base/new p50 {summary[g]['ratio_p50']}×, mean {summary[g]['ratio_mean']}×; attacks lost "
              f"{b['attacks_lost']} / {w['attacks_lost']} (of {15 * len(rs)}); below 40 dB {b['psnr_below_40']} / "
              f"{w['psnr_below_40']}")
    head = subprocess_rev()
    result = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "base": a.base, "new": head,
              "machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(), "threads": 1,
              "load_avg_1min_at_start": round(load[0], 2), "load_avg_1min_at_end": round(os.getloadavg()[0], 2),
              "keys": a.keys, "payloads": a.payloads, "summary": summary, "cases": rows}
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"wrote {a.out}")
    return 0


def subprocess_rev() -> str:
    import subprocess

    r = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "creator"], capture_output=True, text=True)
    return r.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


if __name__ == "__main__":
    sys.exit(main())
