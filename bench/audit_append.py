"""What anchoring every audit append costs: appends per second, two code trees side by side.

Each append is one write transaction of one entry that changes no consent state (a recorded
``failure``, as verify and the studio write; a ``login_failed`` security event). Before the
fix such entries moved the anchor file (``keys/audit-anchor.json``: a signature, a file
write, an fsync and a rename) at most every ``ANCHOR_LAG_S`` seconds; after it, every commit
moves it, and every first append of a transaction first checks that the log still extends the
anchor (one small read).

Every round runs each tree in a fresh process on a fresh SQLite registry (WAL,
``synchronous=FULL``: the database's own fsync per commit is in both), interleaved, and
reports the median appends/s per tree.

Usage: .venv/bin/python bench/audit_append.py --tree before=/path/to/old/checkout --tree after=. [--appends 300] [--rounds 5]
Writes bench/results/audit_append.json with machine info.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).parent / "results" / "audit_append.json"

_CHILD = r"""
import sys, tempfile, time
from pathlib import Path
from consent.audit import AuditKeys
from consent.registry import Registry
n = int(sys.argv[1])
d = Path(tempfile.mkdtemp())
reg = Registry(f"sqlite:///{d / 'c.db'}", audit_keys=AuditKeys.load_or_create(d / "keys"))
reg.record_failure(None, "warm", "x")
t = time.perf_counter()
for i in range(n):
    if i % 2:
        reg.record_failure(None, "bench", f"failure {i}")
    else:
        reg.record_security_event("login_failed", {"user": f"u{i}"})
dt = time.perf_counter() - t
import consent
print(n / dt, consent.__file__)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", action="append", required=True, help="NAME=PATH of a checkout (its consent/ is imported)")
    ap.add_argument("--appends", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    trees = dict(t.split("=", 1) for t in a.tree)
    rates: dict[str, list[float]] = {k: [] for k in trees}
    for _ in range(a.rounds):
        for name, root in trees.items():
            root = str(Path(root).resolve())
            env = {**os.environ, "PYTHONPATH": root}
            out = subprocess.run([sys.executable, "-c", _CHILD, str(a.appends)], cwd=root, env=env,
                                 capture_output=True, text=True, check=True).stdout.split()
            if not out[1].startswith(root):
                raise SystemExit(f"tree {name} imported consent from {out[1]}, not {root}")
            rates[name].append(float(out[0]))
    result = {
        "appends_per_round": a.appends, "rounds": a.rounds,
        "median_appends_per_s": {k: round(statistics.median(v), 1) for k, v in rates.items()},
        "all_appends_per_s": {k: [round(x, 1) for x in v] for k, v in rates.items()},
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                    "load": os.getloadavg()},
    }
    names = list(trees)
    if len(names) == 2:
        b, c = (result["median_appends_per_s"][n] for n in names)
        result[f"ratio_{names[1]}_over_{names[0]}"] = round(c / b, 3)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
