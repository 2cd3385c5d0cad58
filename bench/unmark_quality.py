"""Measurement: how much of each kind of mark ``Watermarker.unmark`` takes off.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/unmark_quality.py [--keys 3]

``unmark`` rebuilds the *plain* mark (every payload carrier at ±1, the sync at +1) of the
payload it reads and fits its strength. The embedder also makes *informed* marks (the
picture's own projection against each bit partly taken off, a louder sync, a quadrature part:
``_INFORMED``) and, on texture, *louder* plain ones (``_TEXTURE_PSNR_DB``). Whether those are
taken off as well is measured here, not assumed: on five pictures (the astronaut, the camera
man and a 512² crop of the coffee photo, which take a plain mark; a 256² crop of grass and a
384² crop of gravel, the textures on which the embedder makes informed and louder marks) under
``--keys`` random keys, each kind of mark is made directly (plain at the first try's strength,
≈ 41.8 dB; plain at 40, 36 and 32 dB; each informed candidate at 40 dB) and ``unmark`` is run
on it. Reported per kind: copies declined (no keyed read on the pixel grid: scanned as they
are), and of the mark's energy (the marked picture less the original, squared) the share the
copy takes off (1 − |copy − original|² / |marked − original|²), median and worst; and what the
embedder itself returns for each picture (its PSNR and the share taken off).
Written to bench/results/unmark_quality.json (or ``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from creator.disclosure.watermark import _INFORMED, Watermarker, _tiled  # noqa: E402
from creator.disclosure.watermark._code import conv_encode, int_to_bits  # noqa: E402


def pictures() -> dict[str, np.ndarray]:
    from skimage import data
    from studio_world import astronaut

    def crop(a: np.ndarray, side: int, y: int, x: int) -> np.ndarray:
        a = a if a.ndim == 3 else np.stack([a] * 3, -1)
        return np.ascontiguousarray(a[y:y + side, x:x + side, :3])

    folder = Path(data.__file__).parent
    grass = np.asarray(Image.open(folder / "grass.png").convert("RGB"))
    gravel = np.asarray(Image.open(folder / "gravel.png").convert("RGB"))
    return {"astronaut@512": np.asarray(astronaut()), "camera@512": crop(data.camera(), 512, 0, 0),
            "coffee@400": crop(data.coffee(), 400, 0, 100), "grass@256": crop(grass, 256, 100, 100),
            "gravel@384": crop(gravel, 384, 50, 50)}


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255.0**2 / mse)


def _taken_off(wm: Watermarker, original: np.ndarray, marked: np.ndarray) -> float | None:
    copy = wm.unmark_array(marked)
    if copy is None:
        return None
    e = float(np.sum((marked.astype(np.float64) - original) ** 2))
    r = float(np.sum((copy.astype(np.float64) - original) ** 2))
    return 1.0 - r / e if e else 1.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=3)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "unmark_quality.json"))
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    keys = [(bytes(rng.integers(0, 256, 32, dtype=np.uint8)), bytes(rng.integers(0, 256, 6, dtype=np.uint8)).hex())
            for _ in range(args.keys)]
    kinds: dict[str, list] = {}
    embedded: list[dict] = []
    for name, rgb8 in pictures().items():
        mask = _tiled.perceptual_mask(cv2.cvtColor(rgb8, cv2.COLOR_RGB2GRAY))  # as the embedder's
        for k, (key, payload) in enumerate(keys):
            wm = Watermarker(key)
            coded = conv_encode(int_to_bits(wm._cipher.seal(bytes.fromhex(payload))))
            tile = wm._layout.tile(coded)
            marks = {"plain, first try (2.4)": wm._mark(rgb8, tile, mask, 2.4, 255.0**2 / 10 ** 4.0)}
            for db in (40.0, 36.0, 32.0):
                marks[f"plain at {db:.0f} dB"] = wm._mark(rgb8, tile, mask, None, 255.0**2 / 10 ** (db / 10))
            for lam, sync_gain, quad in _INFORMED:
                marks[f"informed {lam}/{sync_gain}/{quad} at 40 dB"] = wm._informed(
                    rgb8, coded, mask, 255.0**2 / 10 ** 4.0, lam, sync_gain, quad)
            for kind, marked in marks.items():
                kinds.setdefault(kind, []).append((name, k, _taken_off(wm, rgb8, marked)))
            out = np.asarray(wm.embed(Image.fromarray(rgb8), payload))
            share = _taken_off(wm, rgb8, out)
            embedded.append({"picture": name, "key": k, "psnr_db": round(_psnr(out, rgb8), 2),
                             "taken_off": None if share is None else round(share, 3)})
            print(name, k, embedded[-1], flush=True)
    result: dict = {"keys": args.keys, "seed": args.seed, "kinds": {}, "embedder": embedded}
    for kind, rows in kinds.items():
        got = [s for _n, _k, s in rows if s is not None]
        result["kinds"][kind] = {
            "copies": len(rows), "declined": [f"{n} key {k}" for n, k, s in rows if s is None],
            "taken_off_median": round(float(np.median(got)), 3) if got else None,
            "taken_off_worst": round(float(np.min(got)), 3) if got else None,
            "worst": min(((s, f"{n} key {k}") for n, k, s in rows if s is not None), default=(None, None))[1],
            "per_picture_median": {n: round(float(np.median([s for n2, _k, s in rows if n2 == n and s is not None])), 3)
                                   for n in dict.fromkeys(n for n, _k, s in rows if s is not None)},
        }
        print(kind, result["kinds"][kind], flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
