"""The person's usage ledger on a million-entry audit log, and what migration 0012 costs there.

Takes a copy of bench/registry_fixture.py's registry (20k subjects, 20k grants, 1,000,000 audit
entries; build it first) at schema 0011, upgrades it (migration 0012 backfills the grant-use
index from the generation entries: ``migrate_s``), then records ``--uses`` real uses of one
person's grant and ``--decoys`` likeness-free generations whose project is her grant id, and
times (median of R rounds, interleaved, signatures cached):

- ``ledger_ms``: ``Drafts.ledger`` (her consent page's list);
- ``old_mentions_page_ms``: the old read (the newest 1,000 generation entries mentioning the id,
  skipping those that did not use the grant), with what it listed;
- ``first_screen_ms``: the yardstick — the operator's first Audit screen (``audit_page(limit=50)``).

Usage: PYTHONPATH=.:bench .venv/bin/python bench/ledger_million.py --copy /tmp/ledger-1m [--uses 200] [--decoys 1200]
Writes bench/results/ledger_million.json with machine info.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from ledger_decoys import time_ledger
from registry_fixture import fixture_dir

OUT = Path(__file__).parent / "results" / "ledger_million.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copy", required=True, help="a scratch folder for the copy (about 4.5 GB)")
    ap.add_argument("--uses", type=int, default=200)
    ap.add_argument("--decoys", type=int, default=1200)
    ap.add_argument("--rounds", type=int, default=7)
    a = ap.parse_args()
    from consent.drafts import Drafts
    from consent.operations import Operations
    from consent.policy import DecisionContext, decide
    from consent.registry import OutputRecord, Registry
    from consent.types import Likeness, LikenessSource
    from creator.settings import StudioSettings

    src = fixture_dir(20000, 5, 1_000_000) / "data"
    dst = Path(a.copy) / "data"
    if not dst.exists():
        shutil.copytree(src, dst)
    with sqlite3.connect(dst / "consent.db") as c:
        at = c.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        entries = c.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
    t = time.perf_counter()
    reg = Registry.from_settings(StudioSettings(data_dir=dst))
    migrate_s = time.perf_counter() - t
    ops = Operations(reg)
    gid, sid = "g-000001", "s000001"
    now = datetime.now(timezone.utc)

    def ctx(project):
        return DecisionContext(grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                               media="still_image", territory="US", content_flags=frozenset(), project=project)

    real = decide([Likeness(LikenessSource.DECLARED, sid)], ctx("Blue (2026)"), reg.snapshot([sid], now), now)
    decoy = decide([], ctx(gid), reg.snapshot([], now), now)
    assert real.allowed and decoy.allowed and not decoy.grants_used, real.reasons()
    t = time.perf_counter()
    n = 0
    for count, dec in ((a.uses, real), (a.decoys, decoy)):
        with reg.batch():
            for _ in range(count):
                n += 1
                reg.record_generation(dec, [OutputRecord(f"{n:064x}", f"/out/{n}.png", "png", manifest_id=f"urn:c2pa:{n:08d}")])
    record_s = time.perf_counter() - t
    drafts = Drafts(ops)
    listed, med = time_ledger(reg, drafts, gid, a.rounds)
    counted = reg.get_grant(gid).usage
    reg.close()
    r = {"audit_entries_before": entries, "schema_before": at, "migrate_s": round(migrate_s, 1),
         "uses": a.uses, "decoys": a.decoys, "record_s": round(record_s, 1), "rounds": a.rounds,
         **{f"{k}_ms": round(v * 1000, 1) for k, v in med.items()},
         "ledger_over_first_screen": round(med["ledger"] / med["first_screen"], 1),
         "ledger_listed": listed["ledger"], "ledger_counted": counted, "old_listed": listed["old_mentions_page"]}
    print(json.dumps(r))
    out = {"result": r, "machine": {"cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
                                    "loadavg": os.getloadavg(), "note": "a shared machine (2 cores, several workers): noisy"}}
    OUT.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
