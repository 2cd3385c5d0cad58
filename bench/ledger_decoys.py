"""What the person's usage ledger costs with many decoys and many real uses (adversary 13).

A creator can write a person's grant id into the ``project`` of likeness-free generations: each
such entry *mentions* the id. The ledger used to read the newest 1,000 generation entries that
mention the id (the audit mentions index) and skip those that did not use the grant — decoys
filled that page and the person saw no use at all. It now reads the grant-use index
(``audit_grant_uses``: one row per generation entry and grant of its decision's
``grants_used``): one backward index range of real uses, whatever mentions the id.

Built here (fresh SQLite registry, real signed entries through ``Registry.record_generation``):
``--uses`` real uses of Jane's grant, then ``--decoys`` likeness-free generations whose project
is her grant id (newer than every use), then ``--pad`` other audit entries (failures naming
nobody). Timed, interleaved, median of R rounds (signatures cached: a warm process):

- ``ledger_ms``: ``Drafts.ledger`` (the page the person sees; one page = 1,000 entries);
- ``old_mentions_page_ms``: the old read (``audit_page(kind="generation", mentions=[grant_id],
  limit=1000)`` + skipping entries that did not use the grant), with the uses it listed;
- ``first_screen_ms``: the yardstick — the operator's first Audit screen (``audit_page(limit=50)``).

Usage: PYTHONPATH=. .venv/bin/python bench/ledger_decoys.py [--uses 2000] [--decoys 20000] [--pad 0] [--rounds 5] [--name ledger_decoys]
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
from datetime import datetime, timedelta, timezone
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def build(d: Path, uses: int, decoys: int, pad: int, log=print):
    from consent.audit import AuditKeys
    from consent.operations import Operations
    from consent.policy import DecisionContext, decide
    from consent.registry import OutputRecord, Registry
    from consent.signing import generate_key
    from consent.types import Likeness, LikenessSource

    reg = Registry(f"sqlite:///{d / 'c.db'}", audit_keys=AuditKeys.load_or_create(d / "keys"))
    ops = Operations(reg)
    key = generate_key()
    ops.add_subject("jane", "Jane Doe", keys=[key.public_key()])
    now = datetime.now(timezone.utc)
    gid = "g-jane-1"
    ops.issue_grant({"id": gid, "subject_id": "jane", "grantee": "ACME Films", "project": "Blue (2026)",
                     "description": "Reshoot of scene 12: the character at the harbour", "purposes": ["film_reshoot"],
                     "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
                     "valid_from": now - timedelta(days=1), "valid_until": now + timedelta(days=3650),
                     "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}, [key])
    t0 = time.perf_counter()

    def ctx(project):
        return DecisionContext(grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                               media="still_image", territory="US", content_flags=frozenset(), project=project)

    real = decide([Likeness(LikenessSource.DECLARED, "jane")], ctx("Blue (2026)"), reg.snapshot(["jane"], now), now)
    decoy = decide([], ctx(gid), reg.snapshot([], now), now)  # nobody depicted; the project names her grant id
    assert real.allowed and [g.grant_id for g in real.grants_used] == [gid], real.reasons()
    assert decoy.allowed and not decoy.grants_used, decoy.reasons()
    n = 0
    for what, count, dec in (("uses", uses, real), ("decoys", decoys, decoy)):
        for start in range(0, count, 2000):
            with reg.batch():
                for _ in range(start, min(count, start + 2000)):
                    n += 1
                    reg.record_generation(dec, [OutputRecord(f"{n:064x}", f"/out/{n}.png", "png",
                                                             manifest_id=f"urn:c2pa:{n:08d}")])
            log(f"{what} {min(count, start + 2000)}/{count}  {time.perf_counter() - t0:.0f} s")
    for start in range(0, pad, 20000):
        with reg.batch():
            for i in range(start, min(pad, start + 20000)):
                reg.record_failure(None, "scan", "a generation failed", extra={"job_id": f"job-{i}"})
        log(f"pad {min(pad, start + 20000)}/{pad}  {time.perf_counter() - t0:.0f} s")
    return reg, ops, gid


def time_ledger(reg, drafts, gid: str, rounds: int) -> tuple[dict[str, int], dict[str, float]]:
    """Interleaved medians (s) of the person's ledger, the old mentions read it replaced and the
    operator's first Audit screen, after one warm-up each; and what each listed."""

    def old():
        es = reg.audit_page(kind="generation", mentions=[gid], limit=1000)
        return sum(len(e.payload.get("outputs") or ()) for e in es
                   if any(g.get("grant_id") == gid for g in (e.payload.get("decision") or {}).get("grants_used") or ()))

    runs = {"ledger": lambda: len(drafts.ledger(gid)), "old_mentions_page": old,
            "first_screen": lambda: len(reg.audit_page(limit=50))}
    listed = {k: f() for k, f in runs.items()}  # warm: signatures cached, pages in the OS cache
    times: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(rounds):
        for k, f in runs.items():
            t = time.perf_counter()
            f()
            times[k].append(time.perf_counter() - t)
    return listed, {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--uses", type=int, default=2000)
    ap.add_argument("--decoys", type=int, default=20000)
    ap.add_argument("--pad", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--name", default="ledger_decoys")
    a = ap.parse_args()
    from consent.drafts import Drafts

    d = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    reg, ops, gid = build(d, a.uses, a.decoys, a.pad)
    build_s = time.perf_counter() - t
    drafts = Drafts(ops)
    listed, med = time_ledger(reg, drafts, gid, a.rounds)
    led = drafts.ledger(gid)
    with reg.engine.connect() as conn:
        entries = conn.execute(__import__("sqlalchemy").text("SELECT count(*) FROM audit_entries")).scalar()
    r = {"uses": a.uses, "decoys": a.decoys, "pad": a.pad, "audit_entries": entries, "rounds": a.rounds,
         "build_s": round(build_s, 1),
         **{f"{k}_ms": round(v * 1000, 1) for k, v in med.items()},
         "ledger_over_first_screen": round(med["ledger"] / med["first_screen"], 1),
         "old_over_first_screen": round(med["old_mentions_page"] / med["first_screen"], 1),
         "ledger_listed": listed["ledger"], "ledger_complete": led.complete, "ledger_counted": led.counted,
         "old_listed": listed["old_mentions_page"]}
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
