"""Check that bench/registry_fixture.py survives two builders of one fixture and interrupted builds.

At a small size (300 subjects, ~15 s CPU) in a temporary cache folder:
1. builder B starts while builder A is between stages (the way a bench and ``registry_fixture.py``
   started together share ``bench/.cache/registry-…``): B must wait and then reuse A's fixture.
   Before the lock and the staging folder, B deleted A's half-built folder (database and keys) and
   started its own; A then failed closed with "the audit log carries no entry signed by this
   installation's audit key" (its process held the old key, the database was B's);
2. a ``--force`` builder killed mid-build (SIGKILL) leaves the fixture before it whole, and the
   next build clears its staging folder;
3. a folder without its BUILT marker (a half-built fixture from an older builder) is rebuilt.

Usage: PYTHONPATH=. python bench/fixture_race_check.py   (exit status 0: all held)
"""

from __future__ import annotations

import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import registry_fixture as rf  # noqa: E402

N, PER, AUDIT = 300, 1, 50


def other(cache: pathlib.Path, *, force: bool = False, die_at: str = "") -> subprocess.Popen:
    code = f"""
import os, pathlib, sys
sys.path.insert(0, {str(HERE)!r})
import registry_fixture as rf
rf.CACHE = pathlib.Path({str(cache)!r})
def log(m):
    print(m, flush=True)
    if {die_at!r} and m.startswith({die_at!r}):
        os.kill(os.getpid(), 9)
rf.build({N}, {PER}, {AUDIT}, force={force}, log=log)
"""
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def main() -> int:
    from consent.registry import Registry
    from creator.settings import StudioSettings

    cache = pathlib.Path(tempfile.mkdtemp(prefix="fixture-race-"))
    rf.CACHE = cache
    root = rf.fixture_dir(N, PER, AUDIT)
    bad = []
    b: list[subprocess.Popen] = []

    def log(m: str) -> None:
        print("A:", m, flush=True)
        if m.startswith("templates") and not b:
            b.append(other(cache))
            print("B:", b[0].stdout.readline().strip(), flush=True)  # B has started (waiting, or building)

    try:
        rf.build(N, PER, AUDIT, log=log)
    except Exception as e:  # noqa: BLE001
        bad.append(f"1. builder A failed while B ran: {type(e).__name__}: {e}")
    out, _ = b[0].communicate()
    for m in out.splitlines():
        print("B:", m)
    if b[0].returncode != 0:
        bad.append(f"1. builder B failed (exit {b[0].returncode})")
    if (root / "BUILT").exists():
        with Registry.from_settings(StudioSettings(data_dir=root / "data")) as r:
            if not r.verify_audit().ok or len(r.list_subjects()) != N:
                bad.append("1. the fixture left by two builders is not whole")
    else:
        bad.append("1. no BUILT fixture after two builders")

    before = (root / "BUILT").read_text() if (root / "BUILT").exists() else None
    p = other(cache, force=True, die_at="templates")
    p.communicate()
    if before is not None and (not (root / "BUILT").exists() or (root / "BUILT").read_text() != before):
        bad.append("2. a --force build killed mid-way damaged the fixture before it")
    rf.build(N, PER, AUDIT, log=lambda m: print("C:", m))
    left = sorted(x.name for x in cache.iterdir() if x.name.startswith("."))
    if left:
        bad.append(f"2. staging folders left after the next build: {left}")

    (root / "BUILT").unlink(missing_ok=True)
    said = []
    rf.build(N, PER, AUDIT, log=lambda m: (said.append(m), print("D:", m)))
    if not (root / "BUILT").exists() or not any("no BUILT marker" in m for m in said):
        bad.append("3. a half-built folder was not rebuilt with a message")

    for m in bad:
        print("FAIL", m)
    print("all held" if not bad else f"{len(bad)} failed", f"(cache {cache})")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
