"""Where ``Studio.check``'s time goes, part by part, on the realistic registry.

``bench/studio_gate.py`` times the whole check as a user waits for it; this script says which
parts that time is made of, so that work on it starts where the time is. It builds (or reuses)
the registry fixture of ``bench/registry_fixture.py``, makes the same studio and requests as
``studio_gate.py`` (a text-only request with a 300-character prompt; an img2img request whose
512² source holds the enrolled astronaut's face, a new picture each time), and times, as CPU
time of the process (``time.process_time``), each check and each of these parts inside it:

- the studio's steps: ``_prepare`` (the whole check), ``_find_likenesses``, ``_find_faces``,
  ``_face_index``, and the registry's ``people_version``, ``snapshot``, ``record_decision``;
- the face scan's parts (``consent.likeness``): ``_detect_passes`` (every YuNet pass and its
  rotation), each YuNet run, ``_region`` (verification and embedding), each SFace run,
  ``_occluders`` (the flat-patch test), ``_copy_bgr`` (the copy without the studio's own
  mark), ``_dithered`` and ``scan`` (the match against the index);
- the name scan (``NameMatcher.find_all``).

Parts nest (YuNet runs inside ``_detect_passes``, which runs inside ``_find_faces``): each row
is inclusive. The wrappers add a few microseconds per call; the totals are reported beside the
unwrapped checks' CPU time, measured first in the same process.

Usage: HF_HUB_OFFLINE=1 .venv/bin/python bench/check_spans.py [--subjects 20000] [--per 5]
       [--audit 20000] [--runs 40] [--out bench/results/check_spans.json]
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import collections  # noqa: E402
import functools  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from registry_fixture import build  # noqa: E402
from studio_gate import PROMPT  # noqa: E402

OUT = Path(__file__).resolve().parent / "results" / "check_spans.json"


def _wrap(owner, name: str, label: str, acc: collections.Counter, calls: collections.Counter) -> None:
    f = getattr(owner, name)

    @functools.wraps(f)
    def timed(*a, **k):
        t = time.process_time()
        try:
            return f(*a, **k)
        finally:
            acc[label] += time.process_time() - t
            calls[label] += 1

    setattr(owner, name, timed)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=20000)
    ap.add_argument("--per", type=int, default=5, help="face templates per subject")
    ap.add_argument("--audit", type=int, default=20000, help="audit entries the fixture is padded to")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()

    import cv2
    import torch
    from PIL import Image
    from skimage import data as skdata

    from consent import _face_runtime, likeness, names, registry
    from creator import studio as studio_mod
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings

    torch.set_num_threads(1)
    cv2.setNumThreads(1)
    src = build(a.subjects, a.per, a.audit)
    work = Path(tempfile.mkdtemp(prefix="spans-"))
    shutil.copytree(src.parent, work, dirs_exist_ok=True)
    cat = Image.fromarray(skdata.chelsea())

    class Stub:  # the check never generates; the studio wants an engine all the same
        name, model_id, model_version, description = "stub", "stub", "0", "returns its source"
        modes = frozenset({"text2img", "img2img", "inpaint"})

        def generate(self, call, progress=None):
            return [call.source.copy() if call.source is not None else cat.resize((call.width, call.height))
                    for _ in range(call.num_images)]

    studio = studio_mod.Studio(StudioSettings(data_dir=work / "data"),
                               engines={"gan": lambda r: Stub(), "diffusion": lambda r: Stub()})

    def face_request(i: int):
        px = skdata.astronaut()
        px[0, 0] = (i % 256, (i // 256) % 256, 7)  # a new picture each time: no kept scan is reused
        b = io.BytesIO()
        Image.fromarray(px).save(b, "PNG")
        return GenerationRequest.build(grantee="ACME Films", purpose="film_reshoot", territory="US", engine="diffusion",
                                       mode="img2img", source=b.getvalue(), subjects=("s000000",), project="Blue (2026)")

    text_req = GenerationRequest(grantee="ACME Films", purpose="film_reshoot", territory="US", prompt=PROMPT)
    # start-up (models, index, int8 screen, name knowledge), as studio_gate.py times apart
    studio.check(text_req)
    if not studio.check(face_request(0)).allowed:
        raise SystemExit("the astronaut's check was denied: time the user's path, an allowed check")
    studio.check(face_request(1))

    def cpu_ms(reqs) -> list[float]:
        out = []
        for r in reqs:
            t = time.process_time()
            studio.check(r)
            out.append((time.process_time() - t) * 1000)
        return out

    plain = {"text": cpu_ms([text_req] * a.runs), "face": cpu_ms([face_request(10 + i) for i in range(a.runs)])}

    acc: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()
    for n in ("_prepare", "_find_likenesses", "_find_faces", "_face_index"):
        _wrap(studio_mod.Studio, n, f"studio.{n}", acc, calls)
    for n in ("people_version", "snapshot", "record_decision"):
        _wrap(registry.Registry, n, f"registry.{n}", acc, calls)
    for n in ("_detect_passes", "_region", "_occluders", "_copy_bgr", "_dithered", "scan"):
        _wrap(likeness, n, f"likeness.{n}", acc, calls)
    _wrap(_face_runtime.YuNet, "detect", "YuNet run", acc, calls)
    _wrap(_face_runtime.SFace, "feature", "SFace run", acc, calls)
    _wrap(names.NameMatcher, "find_all", "names.find_all", acc, calls)

    parts = {}
    for kind, reqs in (("text", [text_req] * a.runs), ("face", [face_request(1000 + i) for i in range(a.runs)])):
        acc.clear()
        calls.clear()
        wrapped = cpu_ms(reqs)
        parts[kind] = {
            "check_cpu_ms_unwrapped": {"p50": round(float(np.median(plain[kind])), 2),
                                       "p95": round(float(np.percentile(plain[kind], 95)), 2)},
            "check_cpu_ms_wrapped_p50": round(float(np.median(wrapped)), 2),
            "parts_cpu_ms_per_check": {k: {"ms": round(v / a.runs * 1000, 2), "calls": round(calls[k] / a.runs, 1)}
                                       for k, v in sorted(acc.items(), key=lambda kv: -kv[1])},
        }
        print(kind, json.dumps(parts[kind], indent=1))
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=Path(__file__).parent).stdout.strip()
    except OSError:
        commit = None
    result = {"machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                          "loadavg": os.getloadavg(), "threads": 1},
              "commit": commit, "subjects": a.subjects, "templates": a.subjects * a.per, "runs": a.runs,
              "cases": parts}
    studio.registry.close()
    shutil.rmtree(work, ignore_errors=True)
    a.out.parent.mkdir(exist_ok=True)
    a.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
