"""What verify pays to ask the signed log about a file the output rows do not know (red team 34).

``Registry.logged_output`` reads the mentions index first (one range) and, when that finds
nothing, scans the text of the log's generation entries (``LIKE``): the index is derived data a
database editor can change, so a file whose row and index rows were deleted is still found.
The scan is taken for every file with a trusted manifest carrying the studio's consent assertion
(or this studio's watermark) that the rows do not know: a deleted row, or such a file another
holder of a trusted certificate made (verify skips the scan for a trusted manifest without it).

Built here (fresh SQLite registry, real signed entries through ``Registry.record_generation``):
``--generations`` likeness-free generation entries of one output each. Timed, interleaved,
median of R rounds, a warm process (pages in the OS cache):

- ``indexed_ms``: the digest of a recorded output (found by the index);
- ``deleted_row_ms``: the same for an output whose row and mentions-index rows were deleted
  (found by the scan; the oldest entry, so the scan reads the whole log backwards);
- ``unknown_ms``: a digest no entry lists (the scan reads every generation entry, finds nothing);
- ``first_screen_ms``: the yardstick, the operator's first Audit screen (``audit_page(limit=50)``).

Usage: PYTHONPATH=. .venv/bin/python bench/logged_output.py [--generations 100000] [--rounds 5]
Writes bench/results/<name>.json with machine info.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def build(d: Path, generations: int, log=print):
    from consent.audit import AuditKeys
    from consent.policy import DecisionContext, decide
    from consent.registry import OutputRecord, Registry

    reg = Registry(f"sqlite:///{d / 'c.db'}", audit_keys=AuditKeys.load_or_create(d / "keys"))
    now = datetime.now(timezone.utc)
    ctx = DecisionContext(grantee="ACME Films", purpose="advertising", operation="likeness_generation",
                          media="still_image", territory="US", content_flags=frozenset(), project="Spring campaign")
    dec = decide([], ctx, reg.snapshot([], now), now)
    assert dec.allowed, dec.reasons()
    t0 = time.perf_counter()
    for start in range(0, generations, 5000):
        with reg.batch():
            for n in range(start + 1, min(generations, start + 5000) + 1):
                reg.record_generation(dec, [OutputRecord(f"{n:064x}", f"/out/{n}.png", "png",
                                                         manifest_id=f"urn:c2pa:{n:08d}",
                                                         watermark_payload=f"{n:016x}")])
        log(f"generations {min(generations, start + 5000)}/{generations}  {time.perf_counter() - t0:.0f} s")
    return reg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generations", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--name", default="logged_output")
    a = ap.parse_args()
    from sqlalchemy import text

    d = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    reg = build(d, a.generations)
    build_s = time.perf_counter() - t
    recorded, deleted, unknown = f"{a.generations:064x}", f"{1:064x}", "f" * 64
    with reg.engine.begin() as conn:  # what a database editor does: the row and its index rows go
        conn.execute(text("DELETE FROM outputs WHERE sha256 = :s"), {"s": deleted})
        conn.execute(text("DELETE FROM audit_mentions WHERE mention = :s"), {"s": deleted})
    runs = {"indexed": lambda: reg.logged_output(sha256=recorded),
            "deleted_row": lambda: reg.logged_output(sha256=deleted),
            "unknown": lambda: reg.logged_output(sha256=unknown),
            "first_screen": lambda: reg.audit_page(limit=50)}
    found = {k: getattr(f(), "seq", None) if k != "first_screen" else None for k, f in runs.items()}
    assert found["indexed"] is not None and found["deleted_row"] is not None and found["unknown"] is None, found
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(a.rounds):
        for k, f in runs.items():
            t = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in times.items()}
    with reg.engine.connect() as conn:
        entries = conn.execute(text("SELECT count(*) FROM audit_entries")).scalar()
    size = (d / "c.db").stat().st_size
    r = {"generations": a.generations, "audit_entries": entries, "db_mb": round(size / 2**20, 1), "rounds": a.rounds,
         "build_s": round(build_s, 1), **{f"{k}_ms": round(v * 1000, 2) for k, v in med.items()},
         "unknown_over_first_screen": round(med["unknown"] / med["first_screen"], 1)}
    print(json.dumps(r))
    reg.close()
    out = {"result": r, "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                                    "loadavg": os.getloadavg(), "note": "a shared machine (2 cores, several workers): noisy"}}
    RESULTS.mkdir(exist_ok=True)
    p = RESULTS / f"{a.name}.json"
    p.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
    print(f"wrote {p}")


if __name__ == "__main__":
    main()
