"""Where the time of verifying a stripped copy goes: cProfile and stage timings, one thread.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/verify_profile.py [--size 20000:100000] [--reps 40]
        [--mode first|newcopy] [--kind png|jpeg] [--exact] [--top 30]

On a copy of bench/registry_fixture.py's registry (default 20k subjects / 100k audit entries),
the studio makes a 512² output of the enrolled astronaut under a grant (img2img, so verify
checks a grant too); its copies are saved without metadata (PNG, JPEG q90), each one a new
file (one pixel differs, so no memory of a copy is reused). ``first``: every memory of verify
emptied before each verify (a process's first look at the copy and at its original);
``newcopy``: the copy's own memories (its watermark read, its resemblance) emptied before each
verify, the original's kept (JPEG q90 often erases a one-pixel change, so the copies alone are
not always new files). ``--exact``: the copies keep the output's pixels exactly (no pixel
changed; bench/verify_fast.py's stripped copies): a lossless copy then takes the copy check's
lossless shortcut (no face detector), as a stripped PNG copy of an output does. Prints cProfile's top functions by cumulative and by
own time, then the p50 of each stage of the copy's path timed alone on the same files.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import cProfile  # noqa: E402
import hashlib  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def make_studio(size: str, work: Path):
    """A studio on a copy of the fixture registry, its 512² output of the enrolled person
    (under grant g-000000) and that output's path."""
    import cv2
    import torch
    from PIL import Image
    from skimage import data as skdata

    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio
    from registry_fixture import build

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    subjects, audit = (int(v) for v in size.split(":"))
    src = build(subjects, 5, audit, log=lambda *a: None)
    shutil.copytree(src.parent, work, dirs_exist_ok=True)

    class Stub:
        name, model_id, model_version, description = "stub", "stub", "0", "returns its source"
        modes = frozenset({"text2img", "img2img", "inpaint"})

        def generate(self, call, progress=None):
            return [call.source.copy() for _ in range(call.num_images)]

    settings = StudioSettings(data_dir=work / "data")
    studio = Studio(settings, engines={"gan": lambda r: Stub(), "diffusion": lambda r: Stub()})
    buf = io.BytesIO()
    Image.fromarray(skdata.astronaut()).save(buf, "PNG")
    req = GenerationRequest.build(grantee="ACME Films", purpose="film_reshoot", territory="US", engine="diffusion",
                                  mode="img2img", source=buf.getvalue(), subjects=("s000000",), project="Blue (2026)")
    out = studio.generate(req).outputs[0]
    return studio, settings, Path(out.path)


def copies(original: Path, work: Path, kind: str, n: int, exact: bool = False) -> list[Path]:
    """``n`` copies of ``original`` saved without metadata, each with one pixel changed (``exact``:
    none changed)."""
    from PIL import Image

    with Image.open(original) as im:
        base = np.asarray(im.convert("RGB")).copy()
    out = []
    for i in range(n):
        px = base.copy()
        if not exact:
            px[0, 0] = (i % 256, (i // 256) % 256, 3)
        p = work / f"copy_{kind}_{i}.{'png' if kind == 'png' else 'jpg'}"
        Image.fromarray(px).save(p, **({"quality": 90} if kind == "jpeg" else {}))
        out.append(p)
    return out


def stages(settings, registry, original: Path, copy_paths: list[Path]) -> dict[str, float]:
    """p50 CPU ms of each step verify takes for a stripped copy, timed alone."""
    from creator import verify as v
    from creator.disclosure import c2pa as _c2pa
    from creator.disclosure import keys as _keys

    t: dict[str, list[float]] = {}

    def timed(name, fn):  # CPU time of this one-thread process: what load on the other core adds least to
        s = time.process_time()
        r = fn()
        t.setdefault(name, []).append((time.process_time() - s) * 1000)
        return r

    o_data = original.read_bytes()
    hashlib.sha256(o_data).hexdigest()  # timed: verify hashes the original on every call
    key = settings.watermark_key()
    wmk = v._watermarker(key)
    ctx, _anchors = _keys.verification_anchors(settings)
    for p in copy_paths:
        data = timed("copy: read file", p.read_bytes)
        timed("copy: sha256", lambda: hashlib.sha256(data).hexdigest())
        mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
        timed("copy: no-manifest check", lambda: _c2pa.holds_no_manifest(data, mime))
        px = timed("copy: decode", lambda: v._decode_rgb(data))
        wm = timed("copy: watermark read", lambda: wmk.read_array(px))
        rec = timed("registry: find_output(watermark)", lambda: registry.find_output(watermark_payload=wm.payload))
        od = timed("original: read file", original.read_bytes)
        timed("original: sha256", lambda: hashlib.sha256(od).hexdigest())
        opx = timed("original: decode", lambda: v._decode_rgb(od))
        oc = timed("original: coarse", lambda: v._coarse(opx))
        timed("resemblance", lambda: v.resemblance(px, oc, wm.scale, wm.angle_deg))
        timed("original: c2pa read_manifest", lambda: _c2pa.read_manifest(od, "image/png", ctx))
        timed("original: xmp read+parse", lambda: v._xmp.parse_xmp(v._xmp.read_xmp(od)))
        timed("registry: get_grant", lambda: [registry.get_grant(g) for g in rec.grant_ids])
    return {k: round(float(np.median(x)), 2) for k, x in t.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="20000:100000")
    ap.add_argument("--reps", type=int, default=40)
    ap.add_argument("--mode", choices=("first", "newcopy", "again"), default="first")
    ap.add_argument("--kind", choices=("png", "jpeg"), default="png")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--exact", action="store_true", help="copies with the output's exact pixels")
    a = ap.parse_args()

    from creator import verify as v

    work = Path(tempfile.mkdtemp(prefix="bench-verify-profile-"))
    studio, settings, original = make_studio(a.size, work)
    paths = copies(original, work, a.kind, a.reps + 3, a.exact)
    if a.mode == "again":  # the same copy over and over
        paths = paths[:3] + [paths[3]] * a.reps
    for p in paths[:3]:  # warm: imports, the c2pa Context, the Watermarker
        r = v.verify(p, settings=settings, registry=studio.registry)
        assert r.recovered is not None and r.recovered.ok, r.reasons
    prof = cProfile.Profile()
    wall = []
    def forget() -> None:
        if a.mode == "first":
            v._forget()
        elif a.mode == "newcopy":
            v._READS.clear()
            v._SCORES.clear()

    for p in paths[3:]:
        forget()
        t = time.perf_counter()
        prof.enable()
        v.verify(p, settings=settings, registry=studio.registry)
        prof.disable()
        wall.append((time.perf_counter() - t) * 1000)
    print(f"{a.kind} {a.mode}: p50 {np.median(wall):.2f} ms (under cProfile), load {os.getloadavg()[0]:.2f}")
    st = pstats.Stats(prof)
    st.sort_stats("cumulative").print_stats(a.top)
    st.sort_stats("tottime").print_stats(a.top)
    wall, cpu = [], []
    for p in paths[3:]:
        forget()
        t, c = time.perf_counter(), time.process_time()
        v.verify(p, settings=settings, registry=studio.registry)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    print(f"{a.kind} {a.mode}: p50 {np.median(wall):.2f} ms, CPU {np.median(cpu):.2f} ms (no profiler), "
          f"load {os.getloadavg()[0]:.2f}; stages (CPU p50):")
    for k, ms in stages(settings, studio.registry, original, paths[3:]).items():
        print(f"  {k:40s} {ms:7.2f} ms")
    studio.registry.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
