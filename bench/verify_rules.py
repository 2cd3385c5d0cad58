"""Benchmark: the copy check's cost alone (``creator.verify.resemblance(..., changed=True)``: the
resemblance and the two region rules), this tree's code against ``creator/verify.py`` at an
earlier commit, in one process, interleaved, on one thread.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/verify_rules.py [--before main] [--reps 600]
        [--out bench/results/verify_rules.json]

What verify compares for a copy of a known output: the copy's luma (given, as the watermark read
computed it) against the original's coarse picture kept in ``creator.verify._COARSE`` (this
tree: a ``_Original``, which keeps the original's side of the rules after the first copy).
Copies of the astronaut (512², the studio's test output): ``stripped`` (the same pixels, one
changed: a new stripped copy), ``resized`` (0.8×, the phase correlation that brings it onto the
original to a fraction of a pixel), ``cropped`` (432² of it: it lies on part of the original,
whose side is computed afresh), ``other`` (another picture: below the resemblance a copy needs,
which verify's ``_recover`` asks this tree not to apply the rules to: ``rules_from``). Each
case also times the resemblance alone (``changed=False``): the rules' cost is the difference.

**Same values.** Every (score, change, detail) of this tree must equal *before*'s: ``change``
and ``detail`` exactly; ``score`` to 1e-12 (its correlation's sums depend on where an array lies
in memory, by 1 ulp, in either tree); ``other`` with ``rules_from``: the same score and (0, 1).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "results" / "verify_rules.json"


def load_before(ref: str):
    """``creator/verify.py`` at ``ref`` as module ``verify_before`` (the rest of the package is this tree's)."""
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:creator/verify.py"], check=True,
                         capture_output=True, text=True).stdout
    f = Path(tempfile.mkdtemp(prefix="bench-verify-rules-")) / "verify_before.py"
    f.write_text(src)
    spec = importlib.util.spec_from_file_location("verify_before", f)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["verify_before"] = mod
    spec.loader.exec_module(mod)
    return mod


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="main")
    ap.add_argument("--reps", type=int, default=600)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    import cv2
    from PIL import Image
    from skimage import data as skdata

    from creator import verify as after

    before = load_before(a.before)
    cv2.setNumThreads(1)
    ref = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", a.before], capture_output=True,
                         text=True).stdout.strip()
    here = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()

    original = np.asarray(Image.fromarray(skdata.astronaut()))
    stripped = original.copy()
    stripped[0, 0] = (1, 2, 3)
    copies = {
        "stripped": (stripped, 1.0),
        "resized": (np.asarray(Image.fromarray(original).resize((410, 410), Image.BICUBIC)), 0.8),
        "cropped": (original[40:472, 40:472], 1.0),
        "other": (np.asarray(Image.fromarray(skdata.chelsea()).resize((512, 512), Image.BICUBIC)), 1.0),
    }
    coarse = after._coarse(original)
    # what each tree's _COARSE holds for the original (this tree: an _Original, its side kept
    # after the first copy; both the same array, so neither is timed on another's memory layout)
    kept = {"before": coarse, "after": after._Original(coarse) if hasattr(after, "_Original") else coarse}
    modules = {"before": before, "after": after}
    lumas = {name: after._luma(px) for name, (px, _s) in copies.items()}

    def call(label: str, name: str, changed: bool):
        px, scale = copies[name]
        kw = {}
        if changed and label == "after" and "rules_from" in after.resemblance.__code__.co_varnames:
            kw["rules_from"] = after.COPY_MIN_RESEMBLANCE  # as _recover asks
        return modules[label].resemblance(px, kept[label], scale, 0.0, luma=lumas[name], changed=changed, **kw)

    values = {}
    for name in copies:  # same values (and warm: the kept side made)
        b, f = call("before", name, True), call("after", name, True)
        if b[0] >= after.COPY_MIN_RESEMBLANCE:
            assert f[1:] == b[1:] and abs(f[0] - b[0]) < 1e-12, (name, b, f)
        else:
            assert f[1:] == (0.0, 1.0) and abs(f[0] - b[0]) < 1e-12, (name, b, f)
        values[name] = {"before": list(b), "after": list(f)}

    cpu: dict[str, list[float]] = {}
    for rep in range(a.reps):
        order = ("before", "after") if rep % 2 == 0 else ("after", "before")
        for name in copies:
            for changed in (True, False):
                for label in order:
                    c = time.process_time()
                    call(label, name, changed)
                    cpu.setdefault(f"{name}/{'rules' if changed else 'plain'}/{label}", []).append(
                        (time.process_time() - c) * 1000)

    def p50(key: str) -> float:
        return round(float(np.median(cpu[key])), 3)

    rows = {}
    for name in copies:
        row = {}
        for label in ("before", "after"):
            whole, plain = p50(f"{name}/rules/{label}"), p50(f"{name}/plain/{label}")
            row[label] = {"p50_cpu_ms": whole, "resemblance_alone_ms": plain, "rules_ms": round(whole - plain, 3)}
        row["saved_ms"] = round(row["before"]["p50_cpu_ms"] - row["after"]["p50_cpu_ms"], 3)
        rows[name] = row
    res = {"machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                       "threads": 1, "loadavg": os.getloadavg()},
           "before": a.before, "before_commit": ref, "after_commit": here + " + working tree", "reps": a.reps,
           "values": values, "results": rows}
    print(json.dumps(res["results"], indent=1))
    a.out.parent.mkdir(exist_ok=True)
    a.out.write_text(json.dumps(res, indent=2) + "\n")


if __name__ == "__main__":
    main()
