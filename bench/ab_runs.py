"""Two checkouts timed side by side: one worker process per checkout, asked in turn.

``bench/ab_gate.py`` and ``bench/ab_pipeline.py`` start a worker per checkout (the same script
with ``--worker``); each worker prints ``ready`` once it has loaded its checkout, then for every
number ``n`` it reads on stdin runs its case ``n`` times and prints the results as one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def interleaved(script: str, roots, worker_args: list[str], rounds: int, per: int) -> tuple[list[list], tuple]:
    """Each checkout's results over ``rounds`` rounds of ``per`` runs, the order of the two
    workers alternating every round; and the load average before the first round."""
    procs = [subprocess.Popen([sys.executable, script, str(r.resolve()), str(r.resolve()), "--worker", *worker_args],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for r in roots]
    for p in procs:
        if p.stdout.readline().strip() != "ready":
            raise SystemExit("a worker did not start")
    runs: list[list] = [[] for _ in procs]
    load_before = os.getloadavg()
    for k in range(rounds):
        for i in (range(len(procs)) if k % 2 == 0 else reversed(range(len(procs)))):
            procs[i].stdin.write(f"{per}\n")
            procs[i].stdin.flush()
            runs[i] += json.loads(procs[i].stdout.readline())
    for p in procs:
        p.stdin.close()
        p.wait()
    return runs, load_before
