"""What checking each audit entry of a page costs (``Registry.audit_page(checked=True)``).

Every audit page (the person's usage ledger, a job's decision, the operator's Audit tab) checks
each entry it reads: its content must hash to its hash and the hash carry the audit key's
signature (one SHA-256 and one Ed25519 verification per entry; signatures seen before are
cached by the key). On a fresh registry of N entries naming one id, the page of all N through
the mentions index, interleaved, median of R rounds:

- ``off_ms``: ``checked=False`` (the raw read, as before);
- ``cold_ms``: checked, the signature cache emptied first (a process's first read of those entries);
- ``warm_ms``: checked, signatures cached (every later read).

Usage: PYTHONPATH=. .venv/bin/python bench/audit_page_checked.py [--entries 1000] [--rounds 7]
Writes bench/results/audit_page_checked.json with machine info.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from consent.audit import AuditKeys
from consent.registry import Registry

OUT = Path(__file__).parent / "results" / "audit_page_checked.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=7)
    a = ap.parse_args()
    d = Path(tempfile.mkdtemp())
    reg = Registry(f"sqlite:///{d / 'c.db'}", audit_keys=AuditKeys.load_or_create(d / "keys"))
    with reg.batch():
        for i in range(a.entries):
            reg.record_failure(None, "scan", "x" * 200, extra={"subject_id": "jane", "job_id": f"job-{i}"})

    def page(mode: str) -> float:
        if mode == "cold":
            reg.audit_keys._entries_ok.clear()
        t = time.perf_counter()
        n = len(reg.audit_page(limit=1000, mentions=["jane"], checked=mode != "off"))
        dt = time.perf_counter() - t
        assert n == min(a.entries, 1000)
        return dt

    times: dict[str, list[float]] = {"off": [], "cold": [], "warm": []}
    for _ in range(a.rounds):
        for mode in times:
            times[mode].append(page(mode))
    med = {k: statistics.median(v) for k, v in times.items()}
    r = {"entries": min(a.entries, 1000), "rounds": a.rounds,
         **{f"{k}_ms": round(v * 1000, 1) for k, v in med.items()},
         "cold_over_off": round(med["cold"] / med["off"], 2), "warm_over_off": round(med["warm"] / med["off"], 2),
         "cold_ms_per_entry": round((med["cold"] - med["off"]) * 1000 / min(a.entries, 1000), 3)}
    print(json.dumps(r))
    out = {"result": r, "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                                    "loadavg": os.getloadavg(), "note": "a shared machine (2 cores, several workers): noisy"}}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
