"""Benchmark: the invisible watermark against crops, resizes, rotations, screenshots and JPEG,
beside the legacy v1 mark and two published watermarkers, in one run.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/watermark.py [--ref-images N] [--false-reads N]
                                                        [--max-images N] [--skip-refs] [--out FILE]

Needs the ``bench`` extra (invisible-watermark, blind-watermark, onnxruntime, PyWavelets);
a reference that cannot be imported is reported as "not runnable here".

Pictures (≥ 60, 256²–2048²): studio outputs (built-in DCGAN, 64×64 upscaled, visible label
drawn as the studio does), natural photos shipped inside scikit-image and matplotlib, and
three hard ones for the PSNR floor (flat grey, dark photo, dark gradient). The mark was
tuned on four scikit-image photos (astronaut, coffee, chelsea, camera); the studio outputs
and matplotlib photos are held out and reported separately.

Per method and attack: exact recovery % of the payload (v2/v1: 48-bit id + 16 check bits;
blind-watermark: 64 bits; rivaGan: its fixed 32 bits) and, where the method exposes raw
bits, bit accuracy. PSNR mean and minimum, embed and clean-decode milliseconds per 512²
image and embed milliseconds per 2048² image (median, one thread; wall time and, as
``*_cpu_*``, the thread's CPU time, which a busy shared machine inflates less). The two
references are slow (seconds per image), so they run on the first ``--ref-images`` pictures
of at most 512² only; their n is printed.

``--max-images N`` runs on N of the pictures (spread over the groups) for a quick check;
``--out`` writes the results elsewhere (the committed file holds full runs only).

PSNR floor: the v2 embedder stays at or above 40 dB on every picture that can carry a mark
at 40 dB. One whose texture only weakens a 40 dB mark keeps a 40 dB mark, plain or informed,
whichever survives more simulated copies (``weak_marks``: clean read below the embedder's
margin), with the tile moved where the picture agrees with the mark when no unmoved one
survives them all; one on which no 40 dB mark reads at all (saturated random colours; none of
these pictures) gets the least loud mark that reads, down to 32 dB (``psnr_below_40``). Both
are listed, and the recovery over the robustly marked pictures is reported beside the recovery
over all. A picture the embedder refuses counts as a miss on every attack (``embed_failures``).

The 256² crop of grass (``--seed 2024``) was the one picture below 40 dB until the embedder
learnt to move the tile: with the tile unmoved, the plain 40 dB mark does not read at all
(aligned sync score 7.2, 25 of 140 coded bits wrong) and the best informed one read clean but
lost 7 of the 15 attacks; what was short was the centre crop's sync (6.7 < 7) and 18–22 wrong
coded bits in the halved and turned copies. Tried then at 40 dB, none keeping all 8 simulated
copies: informing the sync too, 6 rounds, shares 0.5–1.3, sync gain 1.0–2.0, a mask following
the reader's own weighting, carrier amplitudes shaped by the grass's spectrum, the projection
taken off as seen in all 8 copies at once, a quadrature part; reader-side whitenings and soft-bit
weightings (bench/watermark_texture_keys.py ``--ab``) moved the payload's signal-to-noise by
−14 % to +3 %; a rate-¼ code would gain ≈ 0.5 dB. The tile's offset is free (the reader finds
it anywhere), and at the offsets where the grass, as the reader sees it, agrees most with the
mark (3.5–4 standard deviations over all 128² offsets, one inverse FFT) a 40 dB mark survives:
40.0 dB and all 15 attacks under the benchmark's key, 40.0 dB under 8 other keys (3 of which
lose one 2° turn; bench/results/watermark_wm7_texture_keys.json), where it needed 36–39 dB.

False claims: ``--false-reads`` (default 10,000) reads of unmarked pictures — random crops,
resizes, rotations and JPEG copies of the unmarked photos and studio outputs — plus marked
pictures read with a wrong key; any payload returned is a false claim.

Printed and written to bench/results/watermark.json (with machine info). Numbers measured
on a shared machine are noisy; compare timings by the JPEG yardstick in the same file.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image, ImageEnhance  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

RESULTS = Path(__file__).resolve().parent / "results" / "watermark.json"
TUNED_ON = {"astronaut.png", "coffee.png", "chelsea.png", "camera.png"}


# ------------------------------------------------------------------------------ pictures

def _skimage_photos() -> list[tuple[str, np.ndarray]]:
    import skimage.data

    folder = Path(skimage.data.__file__).parent
    names = ["astronaut.png", "coffee.png", "chelsea.png", "camera.png", "rocket.jpg", "ihc.png", "retina.jpg",
             "hubble_deep_field.jpg", "motorcycle_left.png", "page.png", "text.png", "brick.png", "grass.png",
             "gravel.png", "moon.png", "horse.png", "coins.png", "color.png", "clock_motion.png", "cell.png",
             "microaneurysms.png", "phantom.png", "motorcycle_right.png"]
    out = []
    for n in names:
        p = folder / n
        if p.exists():
            out.append((n, np.asarray(Image.open(p).convert("RGB"))))
    return out


def _matplotlib_photos() -> list[tuple[str, np.ndarray]]:
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "sample_data"
    out = []
    for n in ("grace_hopper.jpg", "Minduka_Present_Blue_Pack.png", "logo2.png"):
        p = folder / n
        if p.exists():
            out.append((n, np.asarray(Image.open(p).convert("RGB"))))
    return out


def _fit(a: np.ndarray, side: int, rng: np.random.Generator) -> Image.Image:
    """A side×side picture from ``a``: a random square crop, resized."""
    h, w = a.shape[:2]
    s = min(h, w)
    y0, x0 = rng.integers(0, h - s + 1), rng.integers(0, w - s + 1)
    return Image.fromarray(a[y0:y0 + s, x0:x0 + s]).resize((side, side), Image.Resampling.LANCZOS)


def _studio_outputs(sizes: list[int]) -> list[tuple[str, Image.Image]]:
    import torch

    from creator.disclosure.label import apply_label
    from creator.engines.base import EngineCall
    from creator.engines.gan import GanEngine

    torch.set_num_threads(1)
    engine = GanEngine.builtin()
    out = []
    for i, side in enumerate(sizes):
        img = engine.generate(EngineCall(width=side, height=side, seed=1000 + i))[0]
        labelled, _ = apply_label(img, real_person_depicted=bool(i % 2))
        out.append((f"dcgan-{i}-{side}", labelled))
    return out


def pictures(seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    sizes = [256, 384, 512, 512, 768, 1024]
    items: list[dict] = []
    photos = _skimage_photos()
    for i, (name, a) in enumerate(photos):
        for j in range(2 if name in TUNED_ON else 1):
            side = sizes[(i + 3 * j) % len(sizes)]
            items.append({"name": f"{name}@{side}", "group": "tuning" if name in TUNED_ON else "natural",
                          "image": _fit(a, side, rng)})
    for i, (name, a) in enumerate(_matplotlib_photos()):
        for side in (384, 512, 1024)[: 2 if i else 3]:
            items.append({"name": f"{name}@{side}", "group": "held-out natural", "image": _fit(a, side, rng)})
    # two big ones
    items.append({"name": "coffee.png@2048", "group": "tuning", "image": _fit(dict(photos)["coffee.png"], 2048, rng)})
    items.append({"name": "rocket.jpg@2048", "group": "natural", "image": _fit(dict(photos)["rocket.jpg"], 2048, rng)})
    studio_sizes = [256, 384, 512, 512, 512, 768, 1024] * 4 + [2048]
    for name, img in _studio_outputs(studio_sizes):
        items.append({"name": name, "group": "held-out studio", "image": img})
    astro = dict(photos)["astronaut.png"]
    items.append({"name": "flat-grey@512", "group": "hard", "image": Image.new("RGB", (512, 512), (128, 128, 128))})
    items.append({"name": "dark-photo@512", "group": "hard",
                  "image": Image.fromarray((np.asarray(_fit(astro, 512, rng), np.float32) * 0.12).astype(np.uint8))})
    ramp = np.tile(np.linspace(0, 40, 640, dtype=np.float32), (480, 1))
    items.append({"name": "dark-gradient@640x480", "group": "hard",
                  "image": Image.fromarray(np.stack([ramp] * 3, -1).astype(np.uint8))})
    return items


# ------------------------------------------------------------------------------ attacks

def _jpeg(im: Image.Image, q: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, format="JPEG", quality=q)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _png(im: Image.Image) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, format="PNG", compress_level=1)
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def _scale(im: Image.Image, f: float) -> Image.Image:
    return im.resize((max(round(im.width * f), 1), max(round(im.height * f), 1)), Image.Resampling.BICUBIC)


def _levels(im: Image.Image, gain: float) -> Image.Image:
    return Image.fromarray(np.clip(np.asarray(im, np.float32) * gain, 0, 255).astype(np.uint8))


def _noise(im: Image.Image, sigma: float) -> Image.Image:
    a = np.asarray(im, np.float32)
    a = a + np.random.default_rng(11).normal(0, sigma, a.shape).astype(np.float32)
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8))


ATTACKS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "none": lambda im: im,
    "jpeg_q90": lambda im: _jpeg(im, 90),
    "jpeg_q70": lambda im: _jpeg(im, 70),
    "jpeg_q50": lambda im: _jpeg(im, 50),
    "resize_0.5x": lambda im: _scale(im, 0.5),
    "crop_10pct_one_side": lambda im: im.crop((im.width // 10, 0, im.width, im.height)),
    "centre_crop_90pct": lambda im: im.crop((round(im.width * 0.05), round(im.height * 0.05),
                                             im.width - round(im.width * 0.05), im.height - round(im.height * 0.05))),
    "shift_3px": lambda im: im.crop((3, 3, im.width, im.height)),
    "rotate_+2deg": lambda im: im.rotate(2, Image.Resampling.BICUBIC),
    "rotate_-2deg": lambda im: im.rotate(-2, Image.Resampling.BICUBIC),
    "screenshot_0.8x_png_jpeg80": lambda im: _jpeg(_png(_scale(im, 0.8)), 80),
    "brightness_+20pct": lambda im: _levels(im, 1.2),
    "brightness_-20pct": lambda im: _levels(im, 0.8),
    "contrast_0.8": lambda im: ImageEnhance.Contrast(im).enhance(0.8),
    "noise_sigma5": lambda im: _noise(im, 5.0),
}


# ------------------------------------------------------------------------------ methods

class Method:
    name = ""
    bits = 64

    def embed(self, im: Image.Image, payload: str) -> Image.Image: ...

    def read(self, im: Image.Image) -> tuple[bool, float | None]:
        """(exact payload recovered, bit accuracy or None when the method hides raw bits)."""
        ...


class V2(Method):
    name = "studio v2 (keyed, tiled)"

    def __init__(self) -> None:
        from creator.disclosure.watermark import Watermarker

        self.wm = Watermarker(key=_key("v2"))
        self.payload = ""

    def embed(self, im, payload):
        self.payload = payload
        return self.wm.embed(im, payload)

    def read(self, im):
        return self.wm.read(im).payload == self.payload, None

    def margin(self, marked) -> float | None:
        """The clean read's sync score; below the embedder's robust margin the picture carried
        only a weak mark within the PSNR budget (its texture swamps the mark)."""
        from creator.disclosure.watermark import _Z_EMBED

        z = self.wm.read(marked).confidence
        return z if z < _Z_EMBED else None


class V1(Method):
    name = "studio v1 (legacy, on main)"

    def __init__(self) -> None:
        from creator.disclosure.watermark._v1 import LegacyWatermarker

        self.wm = LegacyWatermarker()
        self.payload = ""

    def embed(self, im, payload):
        self.payload = payload
        return self.wm.embed(im, payload)

    def read(self, im):
        return self.wm.read(im).payload == self.payload, None


class BlindWatermark(Method):
    name = "blind-watermark 0.4.4"

    def __init__(self) -> None:
        import blind_watermark

        blind_watermark.bw_notes.close()
        self.mod = blind_watermark
        self.truth = np.zeros(64, bool)

    def embed(self, im, payload):
        self.truth = np.array([int(b) for b in bin(int(payload, 16))[2:].zfill(48)] + [0, 1] * 8, bool)
        bwm = self.mod.WaterMark(password_img=1, password_wm=1)
        bwm.read_img(img=np.ascontiguousarray(np.asarray(im)[..., ::-1]).astype(np.float32))
        bwm.read_wm(self.truth.copy(), mode="bit")  # it shuffles the array in place
        out = bwm.embed()
        return Image.fromarray(np.clip(np.rint(out), 0, 255).astype(np.uint8)[..., ::-1].copy())

    def read(self, im):
        bwm = self.mod.WaterMark(password_img=1, password_wm=1)
        try:
            bits = bwm.extract(embed_img=np.asarray(im)[..., ::-1].astype(np.float32), wm_shape=64, mode="bit")
        except Exception:
            return False, 0.5
        got = np.asarray(bits) > 0.5
        return bool(np.all(got == self.truth)), float(np.mean(got == self.truth))


class RivaGan(Method):
    name = "invisible-watermark 0.2.0 rivaGan"
    bits = 32

    def __init__(self) -> None:
        from imwatermark import WatermarkDecoder, WatermarkEncoder

        WatermarkEncoder.loadModel()
        self.enc_cls, self.dec_cls = WatermarkEncoder, WatermarkDecoder
        self.truth = np.zeros(32, bool)

    def embed(self, im, payload):
        word = bytes.fromhex(payload)[:4]
        self.truth = np.array([int(b) for b in bin(int.from_bytes(word, "big"))[2:].zfill(32)], bool)
        enc = self.enc_cls()
        enc.set_watermark("bytes", word)
        out = enc.encode(np.asarray(im)[..., ::-1].copy(), "rivaGan")
        return Image.fromarray(out[..., ::-1].copy())

    def read(self, im):
        dec = self.dec_cls("bits", 32)
        try:
            bits = np.asarray(dec.decode(np.asarray(im)[..., ::-1].copy(), "rivaGan"), bool)
        except Exception:
            return False, 0.5
        return bool(np.all(bits == self.truth)), float(np.mean(bits == self.truth))


# ------------------------------------------------------------------------------ running

def _psnr(a: Image.Image, b: Image.Image) -> float:
    x = np.asarray(a.convert("RGB"), np.float64)
    y = np.asarray(b, np.float64)
    mse = float(np.mean((x - y) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(255**2 / mse)


#: ``--seed``: keys and payloads come from it, so two runs (say, before and after a change)
#: mark the same pictures with the same keys and payloads. None: fresh random ones.
_SEED: int | None = None


def _key(label: str) -> bytes:
    if _SEED is None:
        return os.urandom(32)
    import hashlib

    return hashlib.sha256(f"bench/watermark seed {_SEED} {label}".encode()).digest()


def _payload(rng: np.random.Generator) -> str:
    from creator.disclosure.watermark import new_payload

    return new_payload() if _SEED is None else rng.bytes(6).hex()


def _subset(items: list[dict], n: int) -> list[dict]:
    """About ``n`` pictures, evenly spread within each group, at least one of every group."""
    groups = list(dict.fromkeys(it["group"] for it in items))
    out = []
    for g in groups:
        members = [it for it in items if it["group"] == g]
        k = max(1, round(n * len(members) / len(items)))
        out += [members[int(i * len(members) / k)] for i in range(min(k, len(members)))]
    return out


def _med(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def run_method(method: Method, items: list[dict], rng: np.random.Generator, log) -> dict:
    per_attack: dict[str, list] = {a: [] for a in ATTACKS}
    per_attack_robust: dict[str, list] = {}
    per_group: dict[str, dict[str, list]] = {}
    psnrs, failures, weak = [], [], []
    robust_names = set()
    timed: dict[str, list[float]] = {k: [] for k in ("embed_512", "decode_512", "embed_cpu_512", "decode_cpu_512",
                                                      "embed_2048", "embed_cpu_2048")}
    t_start = time.perf_counter()
    for it in items:
        img = it["image"]
        payload = _payload(rng)
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            marked = method.embed(img, payload)
        except Exception as exc:  # an embedder that refuses counts as a miss on every attack
            failures.append(f"{it['name']}: {exc}")
            for a in ATTACKS:
                per_attack[a].append((False, None))
                per_group.setdefault(it["group"], {}).setdefault(a, []).append(False)
            continue
        t1, c1 = time.perf_counter(), time.thread_time()
        if img.size == (2048, 2048):
            timed["embed_2048"].append((t1 - t0) * 1000)
            timed["embed_cpu_2048"].append((c1 - c0) * 1000)
        psnrs.append((it["name"], _psnr(img, marked)))
        z_weak = method.margin(marked) if hasattr(method, "margin") else None
        if z_weak is not None:
            weak.append(f"{it['name']}: clean read z {z_weak:.1f}")
        else:
            robust_names.add(it["name"])
        for a, fn in ATTACKS.items():
            attacked = fn(marked)
            t2, c2 = time.perf_counter(), time.thread_time()
            ok, acc = method.read(attacked)
            t3, c3 = time.perf_counter(), time.thread_time()
            if a == "none" and img.size == (512, 512):
                timed["embed_512"].append((t1 - t0) * 1000)
                timed["decode_512"].append((t3 - t2) * 1000)
                timed["embed_cpu_512"].append((c1 - c0) * 1000)
                timed["decode_cpu_512"].append((c3 - c2) * 1000)
            per_attack[a].append((ok, acc))
            if it["name"] in robust_names:
                per_attack_robust.setdefault(a, []).append(ok)
            per_group.setdefault(it["group"], {}).setdefault(a, []).append(ok)
    res = {
        "n_images": len(items),
        "sizes": sorted({f"{it['image'].width}x{it['image'].height}" for it in items}),
        "attacks": {},
        "by_group": {g: {a: round(100 * float(np.mean(v)), 1) for a, v in d.items()} | {"n": len(d["none"])}
                     for g, d in per_group.items()},
        "psnr_mean": round(float(np.mean([p for _, p in psnrs])), 2) if psnrs else None,
        "psnr_min": round(float(min(p for _, p in psnrs)), 2) if psnrs else None,
        "psnr_min_image": min(psnrs, key=lambda t: t[1])[0] if psnrs else None,
        "psnr_below_40": [n for n, p in psnrs if p < 40.0],
        "embed_ms_512": _med(timed["embed_512"]),
        "decode_ms_512_clean": _med(timed["decode_512"]),
        "embed_cpu_ms_512": _med(timed["embed_cpu_512"]),
        "decode_cpu_ms_512_clean": _med(timed["decode_cpu_512"]),
        "n_512_images_timed": len(timed["embed_512"]),
        "embed_ms_2048": _med(timed["embed_2048"]),
        "embed_cpu_ms_2048": _med(timed["embed_cpu_2048"]),
        "n_2048_images_timed": len(timed["embed_2048"]),
        "embed_failures": failures,
        "weak_marks": weak,
        "exact_pct_robustly_marked": {a: round(100 * float(np.mean(v)), 1) for a, v in per_attack_robust.items()},
        "n_robustly_marked": len(robust_names),
        "wall_s": round(time.perf_counter() - t_start, 1),
    }
    for a, rows in per_attack.items():
        accs = [acc for _, acc in rows if acc is not None]
        res["attacks"][a] = {"exact_pct": round(100 * float(np.mean([ok for ok, _ in rows])), 1),
                             "bit_acc": round(float(np.mean(accs)), 3) if accs else None}
    log(f"  {method.name}: {len(items)} images in {res['wall_s']} s")
    return res


def false_claims(items: list[dict], n_reads: int, rng: np.random.Generator, log) -> dict:
    """Reads of unmarked pictures (random crops/resizes/rotations/JPEG) and of marked
    pictures under a wrong key; any payload returned is a false claim."""
    from creator.disclosure.watermark import Watermarker

    ours = Watermarker(key=_key("false-claims/ours"))
    claims: list[str] = []
    kinds = {"unmarked": 0, "wrong_key": 0}
    sources = [it for it in items if it["group"] != "hard"]
    marked_other = []
    other = Watermarker(key=_key("false-claims/other"))
    for it in sources[:: max(len(sources) // 12, 1)]:
        if min(it["image"].size) <= 768:
            try:
                marked_other.append(other.embed(it["image"], _payload(rng)))
            except Exception as exc:  # refused: nothing to misread
                log(f"  false-claim source {it['name']} not marked under the other key: {exc}")
    t0 = time.perf_counter()
    for i in range(n_reads):
        wrong_key = i % 10 == 0
        src = marked_other[i % len(marked_other)] if wrong_key else sources[i % len(sources)]["image"]
        if not wrong_key:
            src = src if isinstance(src, Image.Image) else Image.fromarray(src)
        w, h = src.size
        cw = int(rng.integers(min(64, w), min(w, 640) + 1))
        ch = int(rng.integers(min(64, h), min(h, 640) + 1))
        x0, y0 = int(rng.integers(0, w - cw + 1)), int(rng.integers(0, h - ch + 1))
        im = src.crop((x0, y0, x0 + cw, y0 + ch))
        r = rng.random()
        if r < 0.3:
            im = _scale(im, float(rng.uniform(0.4, 1.6)))
        elif r < 0.45:
            im = im.rotate(float(rng.uniform(-5, 5)), Image.Resampling.BICUBIC)
        elif r < 0.6:
            im = _jpeg(im, int(rng.integers(40, 95)))
        got = ours.read(im)
        kinds["wrong_key" if wrong_key else "unmarked"] += 1
        if got.payload is not None:
            claims.append(f"read {i}: {got}")
        if (i + 1) % 1000 == 0:
            log(f"  false-claim reads: {i + 1}/{n_reads}, claims so far {len(claims)}")
    return {"reads": n_reads, "by_kind": kinds, "false_claims": len(claims), "claims": claims[:20],
            "wall_s": round(time.perf_counter() - t0, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref-images", type=int, default=10, help="pictures (≤ 512²) the slow references run on")
    ap.add_argument("--false-reads", type=int, default=10_000)
    ap.add_argument("--skip-refs", action="store_true")
    ap.add_argument("--max-images", type=int, default=0, help="quick check: run on this many pictures only")
    ap.add_argument("--out", type=Path, default=RESULTS, help="results file (default: bench/results/watermark.json)")
    ap.add_argument("--seed", type=int, default=None,
                    help="derive keys and payloads from this seed (default: fresh random ones each run)")
    args = ap.parse_args()
    global _SEED
    _SEED = args.seed
    import cv2
    import torch

    cv2.setNumThreads(1)
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    log = lambda msg: print(msg, flush=True)  # noqa: E731
    rng = np.random.default_rng(2024)
    items = pictures()
    if args.max_images and args.max_images < len(items):
        items = _subset(items, args.max_images)
    log(f"{len(items)} pictures: " + ", ".join(f"{g} {sum(1 for it in items if it['group'] == g)}"
                                              for g in dict.fromkeys(it["group"] for it in items)))
    img512 = items[0]["image"].resize((512, 512))
    yard = statistics.median(
        [(lambda t: (_jpeg(img512, 92), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(20)]) * 1000
    results = {"machine": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
               "python": platform.python_version(), "threads": 1, "yardstick_jpeg_q92_512_ms": round(yard, 2),
               "load_avg_1min_at_start": round(os.getloadavg()[0], 2), "seed": args.seed,
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "n_images": len(items), "groups": {g: sum(1 for it in items if it["group"] == g)
                                                  for g in dict.fromkeys(it["group"] for it in items)},
               "methods": {}}
    refs_items = [it for it in items if max(it["image"].size) <= 512 and it["group"] != "hard"][: args.ref_images]
    plan: list[tuple[str, Callable[[], Method], list[dict]]] = [("v2", V2, items), ("v1", V1, items)]
    if not args.skip_refs:
        plan += [("blind_watermark", BlindWatermark, refs_items), ("rivagan", RivaGan, refs_items)]
    for key, factory, subset in plan:
        try:
            method = factory()
        except Exception as exc:
            results["methods"][key] = {"not_runnable_here": f"{type(exc).__name__}: {exc}"}
            log(f"  {key}: not runnable here ({exc})")
            continue
        results["methods"][key] = {"name": method.name, "payload_bits": method.bits} | run_method(method, subset, rng, log)
    results["false_claims"] = false_claims(items, args.false_reads, rng, log)
    results["load_avg_1min_at_end"] = round(os.getloadavg()[0], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    _print_table(results, log)
    log(f"wrote {args.out}")


def _print_table(results: dict, log) -> None:
    methods = {k: v for k, v in results["methods"].items() if "attacks" in v}
    log("\nexact recovery % (bit accuracy) per attack")
    log(f"{'attack':30}" + "".join(f"{k:>22}" for k in methods))
    for a in ATTACKS:
        cells = []
        for v in methods.values():
            r = v["attacks"][a]
            cells.append(f"{r['exact_pct']:>6.1f}" + (f" ({r['bit_acc']:.3f})" if r["bit_acc"] is not None else "        "))
        log(f"{a:30}" + "".join(f"{c:>22}" for c in cells))
    for label, field in (("PSNR mean", "psnr_mean"), ("PSNR min", "psnr_min"), ("embed ms @512", "embed_ms_512"),
                         ("clean decode ms @512", "decode_ms_512_clean"), ("embed CPU ms @512", "embed_cpu_ms_512"),
                         ("clean decode CPU ms @512", "decode_cpu_ms_512_clean"), ("embed ms @2048", "embed_ms_2048"),
                         ("embed CPU ms @2048", "embed_cpu_ms_2048"), ("images", "n_images")):
        log(f"{label:30}" + "".join(f"{str(v[field]):>22}" for v in methods.values()))
    for k, v in methods.items():
        for label, field in (("refused", "embed_failures"), ("weak marks at 40 dB", "weak_marks"),
                             ("below 40 dB", "psnr_below_40")):
            if v.get(field):
                log(f"{k} {label}: " + "; ".join(v[field]))
        if k == "v2":  # only v2 reports its read-back margin; for the others every picture counts as robust
            low = {a: p for a, p in v["exact_pct_robustly_marked"].items() if p < 100}
            log(f"{k} on the {v['n_robustly_marked']} robustly marked pictures: "
                + (", ".join(f"{a} {p}%" for a, p in low.items()) if low else "100% on every attack"))
    fc = results["false_claims"]
    log(f"false claims: {fc['false_claims']} of {fc['reads']} reads ({fc['by_kind']})")


if __name__ == "__main__":
    main()
