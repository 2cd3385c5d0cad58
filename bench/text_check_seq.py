"""The text-only ``Studio.check`` of one tree, timed in one process, one check after another.

``bench/ab_gate.py --what text`` times two trees interleaved, each in a worker process; this script
times one tree alone, in this process, on a copy of the same registry fixture (20k subjects, 5
templates each, 20k audit entries, built by ``bench/registry_fixture.py``), so that a difference
between two trees seen there can be checked without the workers: run it for each tree, one after
the other, more than once, and compare. It prints and appends one JSON line per run to ``--out``:
the tree, the thread CPU time per check (p50, p95, p99, max) over ``--runs`` checks after 20
unmeasured ones, and whether the garbage collector ran.

Usage: HF_HUB_OFFLINE=1 .venv/bin/python bench/text_check_seq.py TREE [--runs 400] [--no-gc]
       [--out bench/results/text_check_seq.jsonl]
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree", type=Path, help="the checkout whose studio is timed")
    ap.add_argument("--runs", type=int, default=400)
    ap.add_argument("--no-gc", action="store_true", help="switch the garbage collector off while timing")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "text_check_seq.jsonl")
    args = ap.parse_args(argv)
    tree = args.tree.resolve()
    sys.path.insert(0, str(tree))
    sys.path.insert(0, str(HERE))  # the fixture and the prompt of this checkout's benches
    import consent.names

    if not consent.names.__file__.startswith(str(tree)):
        raise SystemExit(f"consent was imported from {consent.names.__file__}, not from {tree}")
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio
    from registry_fixture import fixture_dir
    from studio_gate import PROMPT

    src = fixture_dir(20000, 5, 20000)
    if not (src / "BUILT").exists():
        raise SystemExit(f"{src}: build the fixture first (bench/registry_fixture.py --subjects 20000 --audit 20000)")
    work = Path(tempfile.mkdtemp(prefix="text-check-seq-"))
    try:
        shutil.copytree(src, work, dirs_exist_ok=True)
        studio = Studio(StudioSettings(data_dir=work / "data"))
        request = GenerationRequest(grantee="ACME Films", purpose="film_reshoot", territory="US", prompt=PROMPT)
        for _ in range(20):
            studio.check(request)
        if args.no_gc:
            gc.disable()
        ms = []
        for _ in range(args.runs):
            t = time.thread_time()
            if not studio.check(request).allowed:
                raise SystemExit("the text-only check was denied")
            ms.append((time.thread_time() - t) * 1000)
        gc.enable()
        studio.registry.close()  # the audit anchor is written before the copy goes
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ms.sort()
    n = len(ms)
    try:  # the tree by its commit, not by where it lies on this machine
        import subprocess

        commit = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = tree.name
    row = {"tree": commit, "runs": n, "gc": not args.no_gc,
           "cpu_ms": {"p50": round(ms[n // 2], 3), "p95": round(ms[int(n * 0.95)], 3),
                      "p99": round(ms[int(n * 0.99)], 3), "max": round(ms[-1], 3)}}
    print(json.dumps(row))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
