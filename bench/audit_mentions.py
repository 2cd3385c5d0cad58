"""The audit mentions index (migration 0008) on a cached bench registry: what it costs, what it buys.

On a copy of the bench/registry_fixture.py registry of one size, on one thread:

- ``backfill_s``: migration 0008 from scratch (the table dropped, the schema put back at 0007,
  then the registry opened: create the table + index every entry, in batches), with the rows
  written and the database file's growth;
- ``first_screen_ms``: the Audit tab's first 50 entries naming one id, through the index
  (``Registry.audit_page``) and by the full scan it replaced (the LIKE query kept verbatim in
  tests/audit_mentions_log.py), for a rare id (``s000000``: 7 entries), a common one
  (``s000001``: every padded decision) and a string the index does not hold (``ACME Films``:
  white space, so both paths scan);
- ``index_check_s``: what ``audit verify`` adds to recompute the index from the signed entries.

Usage: HF_HUB_OFFLINE=1 PYTHONPATH=. .venv/bin/python bench/audit_mentions.py [--size 1000x5:20000]
       ... bench/audit_mentions.py --backfill-from bench/.cache/registry-20000s-5t-1000000a/data/consent.db
       (the backfill alone over a big log, read-only, into a scratch file: no 4 GB copy)
       ... bench/audit_mentions.py --append 2000   (CPU per appended entry, with and without the index)
Writes bench/results/audit_mentions.json (one entry per size, merged) with machine info.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from registry_fixture import build

HERE = Path(__file__).resolve().parent
OUT = HERE / "results" / "audit_mentions.json"
sys.path.insert(0, str(HERE.parent / "tests"))


def _median_ms(fn, n: int = 5) -> float:
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    return round(float(np.median(ts)), 2)


def run_size(subjects: int, per: int, audit: int, log=print) -> dict:
    from sqlalchemy import text

    from audit_mentions_log import old_scan
    from consent import audit_index
    from consent.registry import Registry
    from creator.settings import StudioSettings

    src = build(subjects, per, audit, log=log)
    work = Path(tempfile.mkdtemp(prefix="mentions-", dir=HERE / ".cache"))
    shutil.copytree(src.parent, work, dirs_exist_ok=True)
    settings = StudioSettings(data_dir=work / "data")
    db = work / "data" / "consent.db"
    reg = Registry.from_settings(settings)
    with reg.engine.begin() as conn:  # back to 0007: a database from before the index
        conn.execute(text("DROP TABLE audit_mentions"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    reg.close()
    import sqlite3

    sqlite3.connect(db).execute("VACUUM").connection.close()
    size0 = db.stat().st_size
    t = time.perf_counter()
    reg = Registry.from_settings(settings)  # migration 0008: the backfill
    backfill_s = time.perf_counter() - t
    with reg.engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM audit_mentions")).scalar()
        entries = conn.execute(text("SELECT count(*) FROM audit_entries")).scalar()
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    size1 = db.stat().st_size
    screens = {}
    for label, needle in (("rare_id_s000000", "s000000"), ("common_id_s000001", "s000001"),
                          ("not_indexed_ACME_Films", "ACME Films")):
        new = reg.audit_page(limit=50, mentions=[needle])
        old = old_scan(reg, limit=50, mentions=[needle])
        screens[label] = {"indexed_ms": _median_ms(lambda: reg.audit_page(limit=50, mentions=[needle])),
                          "old_scan_ms": _median_ms(lambda: old_scan(reg, limit=50, mentions=[needle]), 3),
                          "entries": len(new), "same_as_old_scan": [e.seq for e in new] == [e.seq for e in old]}
    with reg.engine.connect() as conn:
        t = time.perf_counter()
        problems = audit_index.index_problems(conn)
        check_s = time.perf_counter() - t
    reg.close()
    shutil.rmtree(work, ignore_errors=True)
    return {"subjects": subjects, "audit_entries": entries, "backfill_s": round(backfill_s, 2),
            "index_rows": rows, "rows_per_entry": round(rows / max(1, entries), 2),
            "db_growth_mb": round((size1 - size0) / 2**20, 1), "first_screen_ms": screens,
            "index_check_s": round(check_s, 2), "index_check_ok": not problems}


def backfill_from(db: Path, log=print) -> dict:
    """The backfill alone, reading the entries of ``db`` (opened read-only, untouched) and writing
    the index into a scratch database: the migration's cost on a big log without copying it."""
    from sqlalchemy import create_engine, text

    from consent import audit_index

    scratch = Path(tempfile.mkdtemp(prefix="mentions-", dir=HERE / ".cache")) / "index.db"
    eng = create_engine(f"sqlite:///{scratch}")
    with eng.connect() as conn, conn.begin():
        conn.exec_driver_sql(f"ATTACH DATABASE 'file:{db}?immutable=1' AS src")  # audit_entries resolves there
        conn.exec_driver_sql("CREATE TABLE audit_mentions (mention TEXT NOT NULL, seq INTEGER NOT NULL, "
                             "CONSTRAINT pk_audit_mentions PRIMARY KEY (mention, seq)) WITHOUT ROWID")
        entries = conn.execute(text("SELECT count(*) FROM src.audit_entries")).scalar()
        t, c = time.perf_counter(), time.process_time()
        rows = audit_index.backfill(conn, log=lambda m: None)
        s, cpu = time.perf_counter() - t, time.process_time() - c
        screens = {}  # the indexed first screen, on this log (the query audit_page runs)
        for needle in ("s000000", "s000001"):
            q = text("SELECT e.seq, e.at, e.kind, e.payload, e.prev_hash, e.hash, e.sig FROM audit_mentions m0 "
                     "JOIN src.audit_entries e ON e.seq = m0.seq WHERE m0.mention = :m ORDER BY m0.seq DESC LIMIT 50")
            screens[needle] = _median_ms(lambda: [audit_index.mentions_in(r[3], [needle])
                                                  for r in conn.execute(q, {"m": needle}).all()])
        t, c = time.perf_counter(), time.process_time()
        problems = audit_index.index_problems(conn)  # what `audit verify` adds
        check_s, check_cpu = time.perf_counter() - t, time.process_time() - c
    size = scratch.stat().st_size
    eng.dispose()
    shutil.rmtree(scratch.parent, ignore_errors=True)
    return {"audit_entries": entries, "backfill_only_s": round(s, 1), "backfill_cpu_s": round(cpu, 1), "index_rows": rows,
            "index_check_s": round(check_s, 1), "index_check_cpu_s": round(check_cpu, 1), "index_check_ok": not problems,
            "rows_per_entry": round(rows / max(1, entries), 2), "index_mb": round(size / 2**20, 1),
            "indexed_first_screen_ms": screens}


def append_cost(n: int = 2000) -> dict:
    """CPU per appended entry (a recorded decision, as the fixture pads the log with) with the
    index rows written and without them (``index_entry`` replaced by a no-op)."""
    from datetime import datetime, timezone

    import consent.audit as audit_mod
    from consent.audit import AuditKeys
    from consent.policy import DecisionContext, decide
    from consent.registry import Registry
    from consent.types import Likeness, LikenessSource

    out = {}
    real = audit_mod.index_entry
    noop = lambda *a: None  # noqa: E731
    for label, fn in (("without_index", noop), ("with_index", real)) * 2:  # interleaved; the best of two each
        d = Path(tempfile.mkdtemp(prefix="mentions-", dir=HERE / ".cache"))
        reg = Registry(f"sqlite:///{d / 'c.db'}", audit_keys=AuditKeys.load_or_create(d / "keys"))
        now = datetime.now(timezone.utc)
        ctx = DecisionContext(grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                              media="still_image", territory="US", content_flags=frozenset(), project="Blue (2026)")
        decision = decide([Likeness(LikenessSource.DECLARED, "s000001")], ctx, reg.snapshot([], now), now)
        audit_mod.index_entry = fn
        try:
            c = time.process_time()
            with reg.batch():
                for _ in range(n):
                    reg.record_decision(decision, extra={"request_digest": "0" * 64})
            us = round((time.process_time() - c) / n * 1e6)
            out[label + "_cpu_us_per_entry"] = min(us, out.get(label + "_cpu_us_per_entry", us))
        finally:
            audit_mod.index_entry = real
        reg.close()
        shutil.rmtree(d, ignore_errors=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="1000x5:20000", help="subjects x templates-per-subject : audit entries")
    ap.add_argument("--backfill-from", type=Path, default=None,
                    help="only time the backfill over this consent.db (read-only), e.g. a cached 1M fixture")
    ap.add_argument("--append", type=int, default=0, help="only time N appends with and without the index rows")
    a = ap.parse_args()
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    if a.append:
        r = append_cost(a.append)
        old["append"] = r
    elif a.backfill_from is not None:
        r = backfill_from(a.backfill_from.resolve())
        old["backfill_only"] = [x for x in old.get("backfill_only", []) if x["audit_entries"] != r["audit_entries"]] + [r]
    else:
        sx, audit = a.size.split(":")
        subjects, per = (int(v) for v in sx.split("x"))
        r = run_size(subjects, per, int(audit))
        old["results"] = sorted([x for x in old.get("results", []) if x.get("audit_entries") != r["audit_entries"]] + [r],
                                key=lambda x: x["audit_entries"])
    print(json.dumps(r))
    old["machine"] = {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                      "loadavg": os.getloadavg(), "threads": 1, "note": "a shared machine (2 cores, 5 workers): noisy"}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(old, indent=2, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
