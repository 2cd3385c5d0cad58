"""Could the copy check's face put-in rule (``creator.verify._faces_put_in``) run its detector only
on copies whose region rules already see a change? This measures whether that gate would be fail
closed: for faces put into a picture (Grace Hopper's, matplotlib's sample) by alpha blending at
opacities 0.1-1.0, pasted whole, and ``cv2.seamlessClone`` normal and mixed, 40-120 px at five
places in four 512² pictures, and for ordinary copies (JPEG q95-q10, 0.8× and 0.6× resizes),
each copy's ``change`` (``_local_change``), ``detail`` and whether the detector finds a face
the original does not show (``put_in``, run whatever the rules say).

A gate at change G skips the detector below G; it is fail closed only if every face the rule
catches (vouched for by the two region rules, found by the detector) has change above every
ordinary copy's. Also listed: copies that both rules and the detector vouch for, with the best
similarity of a face the studio's full scan finds in them to her (``MATCH_THRESHOLD`` or more:
the copy shows her and is vouched for).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/copy_faces_gate.py [--out bench/results/copy_faces_gate.json]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from consent import imaging, likeness  # noqa: E402
from creator import verify as v  # noqa: E402

PLACES = ((420, 90), (90, 100), (440, 300), (256, 420), (120, 380))
SIDES = (40, 60, 80, 100, 120)
ALPHAS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)


def _scan(img: np.ndarray) -> list:
    return likeness.find_faces(imaging.from_pil(Image.fromarray(img), field="source"), label="source").faces


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "copy_faces_gate.json")
    a = ap.parse_args()
    from matplotlib import cbook
    from skimage import data as skdata

    cv2.setNumThreads(1)
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        her = np.asarray(Image.open(f).convert("RGB"))
    (ref,) = [f.embedding for f in _scan(her) if f.embedding is not None]
    x, y, w, h, _s = max(likeness.grey_faces(cv2.cvtColor(her, cv2.COLOR_RGB2GRAY)), key=lambda r: r[4])
    cx, cy, fw, fh = x + w / 2, y + h / 2, w * 1.4, h * 1.4
    face = her[max(0, int(cy - fh / 2)):int(cy + fh / 2), max(0, int(cx - fw / 2)):int(cx + fw / 2)]
    bases = {n: np.asarray(Image.fromarray(getattr(skdata, n)()).convert("RGB").resize((512, 512)))
             for n in ("astronaut", "coffee", "chelsea", "rocket")}
    rows = []

    def judge(kind: str, base: str, copy: np.ndarray, kept, scale: float = 1.0, **extra) -> None:
        s, ch, de, put = v.resemblance(copy, kept, scale, 0.0, changed=True, faces=True)
        rules = s >= v.COPY_MIN_RESEMBLANCE and ch <= v.COPY_MAX_LOCAL_CHANGE and de >= v.COPY_MIN_DETAIL
        if not rules:  # the rule's detector, run whatever the region rules say
            side = kept.side() if copy.shape[:2] == (512, 512) and scale == 1.0 else None
            if side is not None:
                t = cv2.resize(v._luma(copy), kept[0].shape[::-1], interpolation=cv2.INTER_AREA)
                put = v._faces_put_in(side, t)
        row = dict(kind=kind, base=base, score=round(s, 3), change=round(ch, 3), detail=round(de, 3),
                   vouched_by_rules=bool(rules), put_in=len(put), **extra)
        if rules and not put and not kind.startswith(("jpeg", "resize")):
            row["best_similarity_to_her"] = round(max((float(np.dot(f.embedding, ref)) for f in _scan(copy)
                                                       if f.embedding is not None), default=0.0), 3)
        rows.append(row)

    for name, base in bases.items():
        kept = v._Original(v._coarse(base))
        for q in (95, 90, 75, 50, 30, 10):
            buf = io.BytesIO()
            Image.fromarray(base).save(buf, "JPEG", quality=q)
            judge(f"jpeg{q}", name, np.asarray(Image.open(buf).convert("RGB")), kept)
        for sc in (0.8, 0.6):
            judge(f"resize{sc}", name, np.asarray(Image.fromarray(base).resize((int(512 * sc),) * 2, Image.BICUBIC)),
                  kept, sc)
        for side in SIDES:
            src = cv2.resize(face, (side, int(side * face.shape[0] / face.shape[1])), interpolation=cv2.INTER_AREA)
            sh, sw = src.shape[:2]
            mask = np.zeros((sh, sw), np.uint8)
            cv2.ellipse(mask, (sw // 2, sh // 2), (max(1, sw // 2 - 4), max(1, sh // 2 - 4)), 0, 0, 360, 255, -1)
            for px, py in PLACES:
                x0, y0 = min(max(0, px - sw // 2), 512 - sw), min(max(0, py - sh // 2), 512 - sh)
                for al in ALPHAS:
                    c = base.astype(np.float32)
                    c[y0:y0 + sh, x0:x0 + sw] = (1 - al) * c[y0:y0 + sh, x0:x0 + sw] + al * src
                    judge(f"alpha{al}", name, np.clip(c + 0.5, 0, 255).astype(np.uint8), kept, side=side, at=[px, py])
                for mode, flag in (("clone_normal", cv2.NORMAL_CLONE), ("clone_mixed", cv2.MIXED_CLONE)):
                    out = cv2.seamlessClone(src, np.ascontiguousarray(base), mask, (x0 + sw // 2, y0 + sh // 2), flag)
                    judge(mode, name, out, kept, side=side, at=[px, py])

    ordinary = [r for r in rows if r["kind"].startswith(("jpeg", "resize"))]
    put_in = [r for r in rows if r not in ordinary]
    caught = [r for r in put_in if r["vouched_by_rules"] and r["put_in"]]
    summary = {
        "ordinary_copies": len(ordinary),
        "ordinary_max_change": max(r["change"] for r in ordinary),
        "ordinary_with_a_face_put_in": sum(bool(r["put_in"]) for r in ordinary),
        "faces_put_in": len(put_in),
        "caught_only_by_the_face_rule": len(caught),
        "their_min_change": min((r["change"] for r in caught), default=None),
        "by_kind": {},
        "vouched_and_showing_her": [r for r in put_in if r.get("best_similarity_to_her", 0) >= likeness.MATCH_THRESHOLD],
    }
    for r in put_in:
        k = summary["by_kind"].setdefault(r["kind"], {"n": 0, "refused_by_rules": 0, "caught_by_faces": 0,
                                                      "vouched": 0, "min_change_caught_by_faces": None})
        k["n"] += 1
        k["refused_by_rules"] += not r["vouched_by_rules"]
        if r["vouched_by_rules"] and r["put_in"]:
            k["caught_by_faces"] += 1
            m = k["min_change_caught_by_faces"]
            k["min_change_caught_by_faces"] = r["change"] if m is None else min(m, r["change"])
        k["vouched"] += r["vouched_by_rules"] and not r["put_in"]
    print(json.dumps(summary, indent=1))
    a.out.parent.mkdir(exist_ok=True)
    a.out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1) + "\n")


if __name__ == "__main__":
    main()
