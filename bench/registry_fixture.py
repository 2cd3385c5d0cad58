"""A realistic registry for the benchmarks: many subjects, face templates, grants and audit entries.

Built through the public storage layer (``Registry.batch()`` + the operations service), so
every row has its signed audit entry (and its rows in the audit mentions index) exactly as in
production, just many per transaction.
Subjects get real-looking names (Faker, several locales) and ``templates_per_subject``
random unit-norm templates (the astronaut's real template is enrolled for one subject, so the
bench face matches someone); every subject has one grant signed by their key; the audit log
is padded with recorded decisions up to ``audit_entries``.

Built once per size into ``bench/.cache/`` (ignored by git) and reused; a cached fixture from an
older schema is migrated in place the first time it is reused. One builder per fixture at a time
(a lock file beside it: a second bench that needs it waits, then reuses it); each builds in a
private staging folder and moves it into place only when whole, so an interrupted or concurrent
build never leaves (nor deletes) a half-built fixture under the name a bench reuses. Two builders
sharing one folder used to delete each other's database and keys mid-build, and the first then
failed closed with "the audit log carries no entry signed by this installation's audit key".

Usage: python bench/registry_fixture.py --subjects 20000 --templates-per-subject 5 --audit 1000000
"""

from __future__ import annotations

import argparse
import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / ".cache"


def fixture_dir(subjects: int, per: int, audit: int) -> Path:
    return CACHE / f"registry-{subjects}s-{per}t-{audit}a"


def build(subjects: int, per: int, audit: int, *, force: bool = False, log=print) -> Path:
    """The data dir of a registry of this size (built when missing, or with ``force``)."""
    from consent.registry import Registry
    from creator.settings import StudioSettings

    root = fixture_dir(subjects, per, audit)
    with _only_builder(root, log):
        for stale in [*CACHE.glob(f".{root.name}.building-*"), *CACHE.glob(f".{root.name}.old-*")]:
            log(f"removing {stale.name}: left by an interrupted build")  # a killed builder's (we hold the lock)
            shutil.rmtree(stale, ignore_errors=True)
        done = root / "BUILT"
        if done.exists() and not force:
            # a fixture cached by an older version: migrate it once, in place (migration 0008
            # backfills the audit mentions index), so no bench run pays for that on its copy
            t0 = time.perf_counter()
            Registry.from_settings(StudioSettings(data_dir=root / "data")).close()
            if time.perf_counter() - t0 > 1:
                log(f"migrated the cached fixture to the current schema in {time.perf_counter() - t0:.0f} s")
            return root / "data"
        if root.exists() and not done.exists():
            log(f"removing {root.name}: it has no BUILT marker (a half-built fixture, from an interrupted "
                "build or an older builder); building it again")
            shutil.rmtree(root)
        stage = CACHE / f".{root.name}.building-{os.getpid()}"
        try:
            _build_into(stage, subjects, per, audit, log)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        if root.exists():  # --force: the old fixture stays usable until the new one is whole
            old = CACHE / f".{root.name}.old-{os.getpid()}"
            os.rename(root, old)
            os.rename(stage, root)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(stage, root)  # whole, or not there at all
    return root / "data"


@contextmanager
def _only_builder(root: Path, log):
    """Hold ``root``'s lock file (released when the process ends, however it ends)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{root.name}.lock", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"waiting for another process that is building or migrating {root.name}")
            fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _build_into(root: Path, subjects: int, per: int, audit: int, log) -> None:
    """Build the fixture in the (new) folder ``root``, its BUILT marker last."""
    from faker import Faker

    from consent import likeness
    from consent.errors import RecordInvalid
    from consent.operations import Operations
    from consent.policy import DecisionContext, decide
    from consent.registry import FaceTemplateRow, Registry
    from consent.signing import generate_key
    from consent.types import Likeness, LikenessSource
    from creator.settings import StudioSettings

    done = root / "BUILT"
    settings = StudioSettings(data_dir=root / "data")
    reg = Registry.from_settings(settings)
    ops = Operations(reg)
    fake = Faker(["en_US", "fr_FR", "de_DE", "es_ES", "it_IT", "pt_BR", "nl_NL", "pl_PL", "sv_SE", "en_GB"])
    fake.seed_instance(7)
    rng = np.random.default_rng(7)
    t0 = time.perf_counter()
    keys = []
    seen: set[str] = set()
    chunk = 2000
    for start in range(0, subjects, chunk):
        with reg.batch():
            for i in range(start, min(subjects, start + chunk)):
                key = generate_key()
                for _try in range(20):
                    name = fake.name()
                    while name in seen:
                        name = fake.name()
                    seen.add(name)
                    try:  # a drawn name at (or one letter from) a famous person's needs an operator's word: draw again
                        ops.add_subject(f"s{i:06d}", name, keys=[key.public_key()])
                        break
                    except RecordInvalid as e:
                        if "famous" not in str(e):
                            raise
                else:
                    raise RuntimeError("20 drawn names in a row were refused as famous")
                keys.append(key)
        log(f"subjects {min(subjects, start + chunk)}/{subjects}  {time.perf_counter() - t0:.0f} s")
    # face templates: random unit vectors (what a large enrolment looks like to the index) + the astronaut's
    from skimage import data as skdata
    from PIL import Image

    (real,) = likeness.enroll("s000000", [Image.fromarray(skdata.astronaut())])
    for start in range(0, subjects, chunk):
        stop = min(subjects, start + chunk)
        m = rng.standard_normal(((stop - start) * per, likeness.EMBEDDING_DIM)).astype(np.float32)
        m /= np.linalg.norm(m, axis=1, keepdims=True)
        with reg.batch():
            for i in range(start, stop):
                rows = [FaceTemplateRow(m[(i - start) * per + k], f"{i * per + k:064x}", 112, 150.0, likeness.MODEL_NAME)
                        for k in range(per)]
                if i == 0:
                    rows[0] = real
                reg.add_face_templates(f"s{i:06d}", rows)
        log(f"templates {stop * per}/{subjects * per}  {time.perf_counter() - t0:.0f} s")
    now = datetime.now(timezone.utc)
    for start in range(0, subjects, chunk):
        with reg.batch():
            for i in range(start, min(subjects, start + chunk)):
                ops.issue_grant({
                    "id": f"g-{i:06d}", "subject_id": f"s{i:06d}", "grantee": "ACME Films", "project": "Blue (2026)",
                    "description": "Reshoot of scene 12: the character at the harbour, daylight",
                    "purposes": ["film_reshoot"], "operations": ["likeness_generation", "footage_edit"],
                    "media": ["still_image"], "territories": ["US"], "valid_from": now - timedelta(days=1),
                    "valid_until": now + timedelta(days=3650),
                    "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}, [keys[i]])
        log(f"grants {min(subjects, start + chunk)}/{subjects}  {time.perf_counter() - t0:.0f} s")
    ctx = DecisionContext(grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                          media="still_image", territory="US", content_flags=frozenset(), project="Blue (2026)")
    snap = reg.snapshot(["s000001"], now)
    decision = decide([Likeness(LikenessSource.DECLARED, "s000001")], ctx, snap, now)
    have = len(reg.audit_entries(limit=1)) and reg.audit_entries(limit=1)[0].seq
    for start in range(have, audit, 20000):
        with reg.batch():
            for _ in range(start, min(audit, start + 20000)):
                reg.record_decision(decision, extra={"request_digest": "0" * 64})
        log(f"audit {min(audit, start + 20000)}/{audit}  {time.perf_counter() - t0:.0f} s")
    reg.close()
    done.write_text(f"built in {time.perf_counter() - t0:.0f} s\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--subjects", type=int, default=20000)
    ap.add_argument("--templates-per-subject", type=int, default=5)
    ap.add_argument("--audit", type=int, default=1_000_000)
    ap.add_argument("--force", action="store_true")
    a = ap.parse_args()
    print(build(a.subjects, a.templates_per_subject, a.audit, force=a.force))


if __name__ == "__main__":
    main()
