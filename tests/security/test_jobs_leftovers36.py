"""Leftovers of the jobs work (stop 35/36).

1. A forged queued job row (no signed ``job_submitted`` entry) was skipped by recovery and refused
   on every read, but the staging folder planted under its name stayed on disk forever. Recovery
   now moves such a folder into ``staging/quarantine/`` (never publishing its files, never
   following a link or a name out of the staging folder) and says so in the signed audit log.
2. ``Registry.admit_job`` reads the job's signed entries once.
3. The persona template index is built under the registry's state lock (a replay raced it).
4. ``template_counts`` (bind_adapter's proof a persona is synthetic) is held to the signed log.
"""

from __future__ import annotations

import socket
import sqlite3

import pytest

from consent.integrity import IntegrityFailure
from creator.jobs import JobManager, JobSettings
from jobs_support import SteppedEngine, store_consistent


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _forge_row(world, job_id: str, service: str | None = None) -> None:
    """A queued row no signed entry vouches for, as a dead service of this host would have left it."""
    with _raw(world) as db:
        db.execute("INSERT INTO jobs (id, owner, state, submitted_at, request_digest, settings, service) "
                   "VALUES (?, 'ui:mallory', 'queued', '2026-01-01T00:00:00Z', ?, '{}', ?)",
                   (job_id, "a" * 64, service or f"{socket.gethostname()}:999999:deadbeef"))


def _service(world) -> JobManager:
    return JobManager.from_settings(world.settings, registry=world.registry,
                                    engines={"gan": lambda r: SteppedEngine()}, jobs=JobSettings(job_workers=1))


def _store(world):
    m = _service(world)
    m.close()
    return m.store


def test_the_staging_folder_of_a_forged_row_is_quarantined_and_audited(stub_world):
    store = _store(stub_world)
    fake = "job_forged000000000"
    _forge_row(stub_world, fake)
    staged = store.staging_dir / f"gen-{fake}-x" / "signed"
    staged.mkdir(parents=True)
    planted = f"{'b' * 64}.png"
    (staged / planted).write_bytes(b"not a disclosed image")

    again = _service(stub_world)
    try:
        assert fake not in again.recovered
        with pytest.raises(IntegrityFailure, match=fake):
            again.get(fake)
        # gone from staging (where recovery looks for a job's files), never published
        assert not list(store.staging_dir.glob(f"gen-{fake}-*"))
        assert not again.store.exists(planted)
        assert store_consistent(again.store, stub_world.registry) == (set(), set())
        # kept for the operator, outside anything that publishes or serves
        kept = store.staging_dir / "quarantine" / f"gen-{fake}-x" / "signed" / planted
        assert kept.read_bytes() == b"not a disclosed image"
        # and the signed audit log says what was done and why
        (entry,) = stub_world.registry.audit_entries(kind="job_staging_quarantined")
        assert entry.payload["job_id"] == fake
        assert entry.payload["files"] == [f"gen-{fake}-x/signed/{planted}"]
        assert "no signed job_submitted entry" in entry.payload["reason"]
        assert entry.payload["moved_to"].endswith("quarantine")
    finally:
        again.close()
    # a second start finds nothing left to do and writes nothing more
    third = _service(stub_world)
    third.close()
    assert len(stub_world.registry.audit_entries(kind="job_staging_quarantined")) == 1
    # `audit verify` still names the forged row (and nothing about the new entry)
    problems = stub_world.registry.check_integrity()
    assert problems and all(fake in p for p in problems), problems


def test_a_forged_row_cannot_aim_recovery_outside_its_own_staging(stub_world, tmp_path):
    store = _store(stub_world)
    # another job's staging folder, which no forged id may reach (a wildcard id would glob it)
    bystander = store.staging_dir / "gen-job_0123456789abcdef-keep" / "signed"
    bystander.mkdir(parents=True)
    (bystander / "made.png").write_bytes(b"another run's file")
    # a folder outside the studio's staging, reached by a planted link or a path-like id
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.txt").write_bytes(b"not the studio's")
    (store.staging_dir / "gen-job_link-x").symlink_to(outside, target_is_directory=True)
    for fake in ("job_*", "job_?", "job_[0-9a-f]*", "job_link", "../elsewhere", str(outside), "gen-job_0123456789abcdef"):
        _forge_row(stub_world, fake)

    _service(stub_world).close()

    assert (bystander / "made.png").read_bytes() == b"another run's file"
    assert (outside / "precious.txt").read_bytes() == b"not the studio's"
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]
    # the planted link itself was moved aside (a link is moved, never followed)
    assert not (store.staging_dir / "gen-job_link-x").exists()
    assert (store.staging_dir / "quarantine" / "gen-job_link-x").is_symlink()
    quarantined = {e.payload["job_id"] for e in stub_world.registry.audit_entries(kind="job_staging_quarantined")}
    assert quarantined == {"job_link"}


def test_a_forged_row_of_a_live_service_is_left_alone(stub_world):
    # a row naming a service that still runs (this process's own) may be a real job's, edited:
    # its staging may be in use, so recovery leaves it (it is still refused on every read)
    store = _store(stub_world)
    live = _service(stub_world)
    try:
        fake = "job_forged111111111"
        _forge_row(stub_world, fake, service=live.service_id)
        staged = store.staging_dir / f"gen-{fake}-x"
        staged.mkdir(parents=True)
        _service(stub_world).close()
        assert staged.is_dir()
        assert stub_world.registry.audit_entries(kind="job_staging_quarantined") == []
    finally:
        live.close()


# 2. Registry.admit_job read the job's signed entries twice (the submitted entry inside _check_job,
#    then again for a cancel); one read now serves both, with the same refusals.

def _queued(world, job_id: str = "job_0123456789abcdef"):
    from consent.registry import JobRecord

    rec = JobRecord(id=job_id, owner="ui:ana", state="queued", submitted_at="2026-01-01T00:00:00Z",
                    request_digest="c" * 64, settings={"seed": 1}, service="test:1:x")
    world.registry.add_job(rec)
    return rec


def _count_mentions(world, monkeypatch) -> list[int]:
    calls = []
    real = world.registry._signed_mentions

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(world.registry, "_signed_mentions", counted)
    return calls


def test_admit_job_reads_the_signed_log_once(stub_world, monkeypatch):
    from consent.errors import JobCancelRequested

    rec = _queued(stub_world)
    calls = _count_mentions(stub_world, monkeypatch)
    assert stub_world.registry.admit_job(rec.id, rec.request_digest).id == rec.id
    assert len(calls) == 1
    with pytest.raises(IntegrityFailure, match="not the one its signed job_submitted entry records"):
        stub_world.registry.admit_job(rec.id, "d" * 64)
    stub_world.registry.request_job_cancel(rec.id, "cli:root")
    calls.clear()
    with pytest.raises(JobCancelRequested, match="was cancelled by cli:root"):
        stub_world.registry.admit_job(rec.id, rec.request_digest)
    assert len(calls) == 1
    with _raw(stub_world) as db:  # a row edited behind the log is refused before anything else
        db.execute("UPDATE jobs SET settings = '{\"seed\": 2}' WHERE id = ?", (rec.id,))
    with pytest.raises(IntegrityFailure, match="does not match its signed job_submitted entry"):
        stub_world.registry.admit_job(rec.id, rec.request_digest)


# 3. The by-subject index of the signed log's face templates (IntegrityState.enrolled_templates_of,
#    asked for every request that names a fictional persona) was built by a loop over the shared
#    state's templates outside the registry's state lock, while another thread's read replays new
#    entries into that same state in place: an enrolment landing mid-loop broke the decision.

def test_an_enrolment_replayed_while_a_persona_snapshot_indexes_templates(stub_world):
    import sys
    import threading
    from datetime import datetime, timezone

    import numpy as np

    from consent.likeness import MODEL_NAME

    reg = stub_world.registry
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    stub_world.ops.add_subject("rita", "Rita Real")
    reg.add_face_template("rita", np.ones(8, np.float32), "e" * 64, 120, 0.9, MODEL_NAME)
    reg.people_version()  # the shared state is caught up
    st = reg._state
    other = threading.Thread(target=lambda: (
        reg.add_face_template("rita", np.full(8, 2, np.float32), "f" * 64, 120, 0.9, MODEL_NAME),
        reg.people_version()))  # another request's read replays the new entry into the shared state

    class Racing(dict):
        fired = False

        def items(self):
            it = iter(dict.items(self))
            if not Racing.fired and sys._getframe(1).f_code.co_name == "enrolled_templates_of":
                Racing.fired = True  # mid-loop: the other thread's enrolment and replay run now
                other.start()
                other.join(timeout=3)  # with the loop under the lock, the replay waits for it
            yield from it

    st.templates = Racing(st.templates)
    st._templates_by_subject = None
    snap = reg.snapshot(["nova"], datetime.now(timezone.utc))  # raised RuntimeError before
    assert Racing.fired and snap.proven_personas == frozenset()
    other.join(timeout=30)
    assert not other.is_alive()
    assert reg.template_counts() == {"rita": 2}


# 4. bind_adapter asks template_counts whether a fictional persona has an enrolled photo (its proof
#    of being synthetic), and template_counts counted database rows the signed log never checked: a
#    row inserted with sqlite3 let an adapter be bound (and signed as bound) to a persona with no
#    enrolled face; a row deleted refused a proven persona as "no enrolled photo".

def _lora(tmp_path):
    p = tmp_path / "nova-lora.safetensors"
    p.write_bytes(b"LoRA weights trained on whoever's pictures " * 8)
    return p


def test_a_template_row_inserted_behind_the_log_binds_no_adapter(stub_world, tmp_path):
    import numpy as np

    from consent.likeness import MODEL_NAME

    w = stub_world
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")  # nothing proves it synthetic
    with _raw(w) as db:
        db.execute("INSERT INTO face_templates (subject_id, model, embedding, dim, photo_sha256, face_size, quality, "
                   "created_at) VALUES ('nova', ?, ?, 8, ?, 120, 0.9, '2026-01-01T00:00:00Z')",
                   (MODEL_NAME, np.ones(8, np.float32).tobytes(), "e" * 64))
    with pytest.raises(IntegrityFailure, match=r"face template \d+ \(subject 'nova'\) is in the database but was never enrolled"):
        w.ops.bind_adapter("nova", _lora(tmp_path), "lora")
    assert w.registry.list_adapters() == []
    assert w.registry.audit_entries(kind="adapter_bound") == []


def test_a_template_row_deleted_behind_the_log_is_named_not_taken_for_no_photo(stub_world, tmp_path):
    import numpy as np

    from consent.likeness import MODEL_NAME

    w = stub_world
    w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    w.registry.add_face_template("nova", np.ones(8, np.float32), "e" * 64, 120, 0.9, MODEL_NAME)
    with _raw(w) as db:
        assert db.execute("DELETE FROM face_templates WHERE subject_id = 'nova'").rowcount == 1
    with pytest.raises(IntegrityFailure, match=r"face template \d+ of subject 'nova' is missing from the database"):
        w.ops.bind_adapter("nova", _lora(tmp_path), "lora")
    assert w.registry.list_adapters() == []
