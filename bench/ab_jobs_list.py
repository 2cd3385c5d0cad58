"""``Registry.list_jobs`` of one owner's ended jobs, two checkouts timed interleaved (red team 38).

Before: the owner's signed job selection read the mentions index (newest ``limit`` of the
owner's ``job_submitted`` entries, each signature checked). After: the replayed state names
each owner's newest ``OWNER_JOBS_KEPT`` jobs (no index read, no entry re-verified). The case is
what the Jobs tab's history asks (``JobManager.history``: ``owner``, the four final states,
``limit`` 50) and ``jobs list --mine`` (``owner``, every state, ``limit`` 20).

The registry: ``--owners`` owners x ``--per-owner`` ended jobs (job_submitted + job_finished:
two signed entries each), built once by the "after" checkout into bench/.cache/ and copied for
each worker. Also reported, for each checkout: the size of the replayed state as a snapshot
stores it (``IntegrityState.to_bytes``, written every ``SNAPSHOT_EVERY`` entries) and the CPU
time of that serialisation.

Usage (the "before" checkout from git):
    git archive <commit> | tar -x -C /tmp/before
    PYTHONPATH=. .venv/bin/python bench/ab_jobs_list.py /tmp/before . [--owners 20 --per-owner 1000]
    PYTHONPATH=. .venv/bin/python bench/ab_jobs_list.py . . --upgrade   # the one-off read after upgrading
Results: bench/results/jobs_list_rt38*.json (``--out``).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ab_runs import interleaved

HERE = Path(__file__).resolve().parent

FINAL = ["cancelled", "denied", "done", "failed"]


def fixture(owners: int, per_owner: int) -> Path:
    return HERE / ".cache" / f"jobs-list-{owners}o-{per_owner}j-v2"


def build(owners: int, per_owner: int) -> Path:
    from datetime import datetime, timedelta, timezone

    from consent.records import format_time
    from consent.registry import JobRecord, Registry
    from consent.settings import Settings

    d = fixture(owners, per_owner)
    if (d / "BUILT").exists():
        return d
    shutil.rmtree(d, ignore_errors=True)
    reg = Registry.from_settings(Settings(data_dir=d / "data"))
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    n = 0
    try:
        for k in range(per_owner):
            with reg.batch():
                for o in range(owners):
                    jid = "job_" + hashlib.sha256(str(n).encode()).hexdigest()[:16]  # as random as uuid4's
                    reg.add_job(JobRecord(id=jid, owner=f"ui:user{o:02d}", state="queued",
                                          submitted_at=format_time(t0 + timedelta(seconds=n)), request_digest="ab" * 32,
                                          settings={"prompt": f"a harbour {n}"}, service="host:1:x"))
                    reg.finish_job(jid, "failed" if n % 3 else "cancelled", error="x",
                                   cancelled_by=None if n % 3 else "ui:op")
                    n += 1
    finally:
        reg.close()
    (d / "BUILT").write_text(f"{n} jobs\n")
    return d


def _worker(root: Path, owners: int, per_owner: int, case: str) -> None:
    sys.path[:0] = [str(root)]
    import consent.registry as registry_module
    from consent.registry import Registry
    from consent.settings import Settings

    if not Path(registry_module.__file__).resolve().is_relative_to(root):
        raise SystemExit(f"{root}: imported {registry_module.__file__} instead")
    work = Path(tempfile.mkdtemp(prefix="ab-jobs-list-"))
    shutil.copytree(fixture(owners, per_owner), work, dirs_exist_ok=True)
    reg = Registry.from_settings(Settings(data_dir=work / "data"))
    owner_of = [f"ui:user{o:02d}" for o in range(owners)]

    def one(i: int) -> int:
        if case == "history":
            return len(reg.list_jobs(owner=owner_of[i % owners], states=FINAL, limit=50))
        return len(reg.list_jobs(owner=owner_of[i % owners], limit=20, problems=[]))

    n = 0
    for _ in range(owners):  # warm: the state replayed (and, after, the owners' jobs read from the log once)
        assert one(n) == (50 if case == "history" else 20)
        n += 1
    with reg.engine.connect() as conn:
        st = reg._integrity(conn)
    c0 = time.process_time()
    size = len(st.to_bytes())
    ser_ms = (time.process_time() - c0) * 1000
    print("ready", flush=True)
    first = True
    for line in sys.stdin:
        out = []
        for _ in range(int(line)):
            t0, c0 = time.perf_counter(), time.process_time()
            one(n)
            n += 1
            out.append(((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000,
                        size if first else None, ser_ms if first else None))
            first = False
        print(json.dumps(out), flush=True)
    reg.close()
    shutil.rmtree(work, ignore_errors=True)


def upgrade(owners: int, per_owner: int) -> dict:
    """The first listing of a process whose newest snapshot was written before the owners' jobs
    were kept (every database until its next snapshot): it reads the log's job entries once.
    CPU ms of the first and second listing, with that snapshot and with the snapshot as written."""
    import gzip

    from sqlalchemy import text

    from consent.registry import Registry
    from consent.settings import Settings

    out = {}
    for strip in (False, True):
        work = Path(tempfile.mkdtemp(prefix="ab-jobs-list-"))
        shutil.copytree(fixture(owners, per_owner), work, dirs_exist_ok=True)
        if strip:
            reg = Registry.from_settings(Settings(data_dir=work / "data"))
            with reg.engine.begin() as conn:
                for seq, data in conn.execute(text("SELECT seq, state FROM state_snapshots")).all():
                    d = json.loads(gzip.decompress(bytes(data)))
                    d.pop("owner_jobs", None)  # as the studio before red team 38's fix wrote it
                    old = gzip.compress(json.dumps(d, sort_keys=True, separators=(",", ":")).encode(), mtime=0)
                    conn.execute(text("UPDATE state_snapshots SET state = :s, sig = :g WHERE seq = :q"),
                                 {"s": old, "g": reg._keys.sign_bytes(old), "q": seq})
            reg.close()
        cpu = []
        for _ in range(2):  # two processes' registries, one after the other
            reg = Registry.from_settings(Settings(data_dir=work / "data"))
            for _ in range(2):
                c0 = time.process_time()
                reg.list_jobs(owner="ui:user00", states=FINAL, limit=50)
                cpu.append(round((time.process_time() - c0) * 1000, 1))
            reg.close()
        shutil.rmtree(work, ignore_errors=True)
        out["older_snapshot" if strip else "snapshot_as_written"] = {
            "first_cpu_ms": cpu[0], "second_cpu_ms": cpu[1], "next_registry_first_cpu_ms": cpu[2],
            "next_registry_second_cpu_ms": cpu[3]}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs=2, type=Path, help="the two checkouts (before, after)")
    ap.add_argument("--owners", type=int, default=20)
    ap.add_argument("--per-owner", type=int, default=1000)
    ap.add_argument("--case", choices=("history", "mine"), default="history")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--per", type=int, default=20, help="timed listings per worker per round")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--upgrade", action="store_true",
                    help="instead: this checkout's first listing from a snapshot without the owners' jobs")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        _worker(a.roots[0].resolve(), a.owners, a.per_owner, a.case)
        return 0
    import statistics

    t0 = time.perf_counter()
    build(a.owners, a.per_owner)
    print(f"fixture ready ({time.perf_counter() - t0:.0f} s)", flush=True)
    if a.upgrade:
        res = {"owners": a.owners, "jobs_per_owner": a.per_owner, "upgrade": upgrade(a.owners, a.per_owner)}
        print(res)
        if a.out:
            a.out.write_text(json.dumps(res, indent=2) + "\n")
        return 0
    runs, load_before = interleaved(__file__, a.roots, ["--owners", str(a.owners), "--per-owner", str(a.per_owner),
                                                        "--case", a.case], a.rounds, a.per)
    rows = []
    for root, r in zip(a.roots, runs):
        wall, cpu = sorted(x[0] for x in r), sorted(x[1] for x in r)
        rows.append({"checkout": str(root), "runs": len(r), "p50_ms": round(statistics.median(wall), 2),
                     "cpu_p50_ms": round(statistics.median(cpu), 2), "cpu_p90_ms": round(cpu[int(0.9 * len(cpu))], 2),
                     "state_snapshot_bytes": r[0][2], "state_to_bytes_cpu_ms": round(r[0][3], 1)})
        print(rows[-1], flush=True)
    ratio = {k: round(rows[1][k] / rows[0][k], 3) for k in ("p50_ms", "cpu_p50_ms", "cpu_p90_ms", "state_snapshot_bytes")}
    print("after / before:", ratio)
    if a.out:
        a.out.write_text(json.dumps({"owners": a.owners, "jobs_per_owner": a.per_owner, "case": a.case,
                                     "load_average_before": [round(x, 2) for x in load_before],
                                     "load_average_after": [round(x, 2) for x in os.getloadavg()],
                                     "results": rows, "after_over_before": ratio}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
