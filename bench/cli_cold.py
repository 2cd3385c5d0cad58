"""CLI cold start: ``consent-studio generate`` for one image against ``python -c 'import torch'``.

Each round runs the yardstick and the command as fresh processes, side by side (interleaved), on
one data directory that was warmed once (the first run creates the database, keys and the signed
name-knowledge cache, as a user's first command does). Reports wall and CPU seconds (user + sys,
less sensitive to other load on the machine) and their ratios. Goal (issue 17): generate ≤ 1.5×
``import torch``. A second case passes a prompt, so the person-name knowledge is loaded too. A second,
stricter yardstick (informational) also freezes the collector at exit, as the console script
does, so the ratio to it counts none of that shutdown saving.

Writes bench/results/cli_cold.json with machine info.

Usage: HF_HUB_OFFLINE=1 .venv/bin/python bench/cli_cold.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "results" / "cli_cold.json"
BIN = Path(sys.executable).parent


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    r = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}): {r.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    load_at_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="cli-cold-"))
    # Bytecode as an installed package has it: with PYTHONDONTWRITEBYTECODE inherited, every run
    # would compile the project's modules from source (a cost no user pays after the first run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(CONSENT_STUDIO_DATA_DIR=str(work / "data"), HF_HUB_OFFLINE="1",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    cli = str(BIN / "consent-studio")
    base = [cli, "generate", "--purpose", "art", "--grantee", "me", "--territory", "US", "-n", "1", "--seed", "1",
            "--out", str(work / "out")]
    cases = {
        "yardstick_import_torch": [sys.executable, "-c", "import torch"],
        # Informational: the console script freezes the collector at exit, so its shutdown skips
        # the collections that walk torch's objects; this yardstick does the same, for a stricter ratio.
        "yardstick_import_torch_frozen_exit": [sys.executable, "-c", "import atexit, gc, torch; atexit.register(gc.freeze)"],
        "generate_gan_1": base,
        "generate_gan_1_with_prompt": base + ["--prompt", "a quiet harbour at dawn, fishing boats"],
    }
    warm_wall, _ = _run(cases["generate_gan_1_with_prompt"], env)  # first use: database, keys, name cache
    rows: dict[str, dict[str, list[float]]] = {k: {"wall": [], "cpu": []} for k in cases}
    for _ in range(args.rounds):
        for name, argv in cases.items():
            w, c = _run(argv, env)
            rows[name]["wall"].append(w)
            rows[name]["cpu"].append(c)
    med = {k: {m: round(statistics.median(v[m]), 3) for m in ("wall", "cpu")} for k, v in rows.items()}
    y = med["yardstick_import_torch"]
    res = {
        "machine": {"cpu": platform.machine(), "cpus": os.cpu_count(), "python": platform.python_version(),
                    "loadavg_at_start": load_at_start},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "rounds": args.rounds,
        "first_command_ever_wall_s": round(warm_wall, 2),
        "median_s": med,
        "ratio_to_import_torch": {k: {m: round(med[k][m] / y[m], 2) for m in ("wall", "cpu")}
                                  for k in cases if not k.startswith("yardstick")},
        "ratio_to_import_torch_frozen_exit": {
            k: {m: round(med[k][m] / med["yardstick_import_torch_frozen_exit"][m], 2) for m in ("wall", "cpu")}
            for k in cases if not k.startswith("yardstick")},
        "goal_ratio": 1.5,
        "loadavg_at_end": os.getloadavg(),
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
