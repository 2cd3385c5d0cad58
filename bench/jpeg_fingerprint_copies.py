"""Measurement: a JPEG output's fingerprint from its pixels before compression (c0200e7) vs from
the decoded file, on the images where the two differ most, and what copies score against each.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/jpeg_fingerprint_copies.py

Each picture is watermarked (the studio's mark, random payload), written as the studio writes a
JPEG output (q92, Pillow's 4:2:0), and fingerprinted both ways. Copies: the decoded file as PNG,
re-saved at JPEG q75 and q40 (4:2:0), halved then q75, a 90 % centre crop, and another picture
of the same kind (a non-copy). ``resemblance`` is verify's score (threshold 0.8). No label is
drawn (it adds structure, which only raises scores): a worst case. Written to
bench/results/jpeg_fingerprint_copies.json.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import io  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from creator.disclosure import fingerprint  # noqa: E402
from creator.disclosure.watermark import Watermarker, new_payload  # noqa: E402
from creator.disclosure.xmp import encode_with_xmp  # noqa: E402
from creator.verify import COPY_MIN_RESEMBLANCE, _decode_rgb, resemblance  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "jpeg_fingerprint_copies.json"
_XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'


def _pictures(rng, n):
    from skimage import data

    astro = Image.fromarray(data.astronaut())
    yield "photo 512", astro
    yield "photo 256", astro.resize((256, 256), Image.Resampling.LANCZOS)
    yield "photo 2048", astro.resize((2048, 2048), Image.Resampling.LANCZOS)
    yield "dark 512 (0-6 + noise)", Image.fromarray((rng.integers(0, 7, (512, 512, 3))).astype(np.uint8))
    yield "flat grey 512 + 1-level noise", Image.fromarray((128 + rng.integers(-1, 2, (512, 512, 3))).astype(np.uint8))
    yield "noise 256", Image.fromarray(rng.integers(0, 256, (256, 256, 3), dtype=np.uint8))
    yield "noise 512", Image.fromarray(rng.integers(0, 256, (512, 512, 3), dtype=np.uint8))
    yield "noise 2048", Image.fromarray(rng.integers(0, 256, (2048, 2048, 3), dtype=np.uint8))
    yield "saturated colour noise 256", Image.fromarray((rng.integers(0, 2, (256, 256, 3)) * 255).astype(np.uint8))
    yield "colour checker 256 (1 px)", Image.fromarray(np.where((np.indices((256, 256)).sum(0) % 2)[..., None],
                                                                np.array([255, 0, 0], np.uint8), np.array([0, 0, 255], np.uint8)).astype(np.uint8))


def _jpeg(rgb, q):
    b = io.BytesIO()
    Image.fromarray(rgb).save(b, "JPEG", quality=q)
    return _decode_rgb(b.getvalue())


def main() -> None:
    rng = np.random.default_rng(3)
    wm = Watermarker(bytes(range(32)))
    rows = []
    pics = list(_pictures(rng, 0))
    for k, (name, im) in enumerate(pics):
        try:
            marked = wm.embed(im.convert("RGB"), new_payload())
        except Exception as e:  # noqa: BLE001 - the studio refuses to mark some pictures: reported
            rows.append({"picture": name, "watermark": f"refused: {type(e).__name__}: {str(e)[:80]}"})
            marked = im.convert("RGB")
        pre = np.asarray(marked)
        dec = _decode_rgb(encode_with_xmp(marked, "jpeg", _XMP, png_compress_level=1, jpeg_quality=92))
        fp_pre, fp_dec = fingerprint.coarse(pre), fingerprint.coarse(dec)
        diff = np.abs(fp_pre[0] - fp_dec[0])
        h, w = dec.shape[:2]
        other = np.asarray(pics[(k + 1) % len(pics)][1].convert("RGB").resize((w, h)))
        copies = {
            "decoded": (dec, 1.0),
            "q75": (_jpeg(dec, 75), 1.0),
            "q40": (_jpeg(dec, 40), 1.0),
            "half q75": (_jpeg(np.asarray(Image.fromarray(dec).resize((w // 2, h // 2), Image.Resampling.LANCZOS)), 75), 0.5),
            "crop 90%": (dec[h // 20: h - h // 20, w // 20: w - w // 20], 1.0),
            "same-size non-copy": (other, 1.0),
        }
        row = {"picture": name, "fp_mean_abs_diff_levels": float(diff.mean()), "fp_max_abs_diff_levels": float(diff.max()),
               "fp_std_levels": float(fp_pre[0].std()), "copies": {}}
        for cname, (px, scale) in copies.items():
            a, b = resemblance(px, fp_pre, scale, 0.0), resemblance(px, fp_dec, scale, 0.0)
            row["copies"][cname] = {"vs_pre_jpeg": round(a, 4), "vs_decoded": round(b, 4),
                                    "verdict_differs": (a >= COPY_MIN_RESEMBLANCE) != (b >= COPY_MIN_RESEMBLANCE)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"threshold": COPY_MIN_RESEMBLANCE, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
