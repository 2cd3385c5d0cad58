"""Scan cost of one tree's name detector, for side-by-side comparisons of two trees.

Loads ``consent.names`` from the tree given (asserting that it did), scans the tuning prompts
(``tests/data/names_dev.jsonl``) padded to 300 characters three times with no subject registered,
and prints the mean and p95 thread CPU time per scan as one JSON line. Run it for two trees at
the same time, one per core, and compare the ratios (round 6:
``bench/results/names_round6_side_by_side.json``); absolute times on a shared machine say little.

Usage: .venv/bin/python bench/name_scan_pair.py /path/to/tree
"""

import json, sys, time, statistics
root = sys.argv[1]
sys.path.insert(0, root)
from consent.names import NameMatcher
import consent.names as N
assert N.__file__.startswith(root), N.__file__
rows = [json.loads(l) for l in open(f"{root}/tests/data/names_dev.jsonl") if l.strip()]
filler = " highly detailed, soft light, 35mm film, shallow depth of field, warm colors, quiet morning"
prompts = []
for r in rows:
    p = r["prompt"]
    while len(p) < 300:
        p += filler
    prompts.append(p[:300])
m = NameMatcher()
for p in prompts[:200]:
    m.find(p)
times = []
for _ in range(3):
    for p in prompts:
        t0 = time.thread_time(); m.find(p); times.append(time.thread_time() - t0)
times.sort()
print(json.dumps({"mean_ms": round(1000 * statistics.fmean(times), 4), "p95_ms": round(1000 * times[int(0.95 * len(times))], 4)}))
