"""Attacks on the job records and the job service.

An attacker with the database file (not the keys) edits a finished job's row to change
the seed or the outputs it lists; another user reads or cancels someone's job; a forged
queued row and a planted file in staging try to get a file published without its record.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.errors import NotFound
from consent.integrity import IntegrityFailure
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, request_fields, store_consistent


@pytest.fixture
def jobs(stub_world):
    eng = SteppedEngine()
    m = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                 engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                 jobs=JobSettings(job_workers=1, job_grace_s=60))
    yield m
    m.close()


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def test_an_edited_job_row_fails_closed(jobs, stub_world):
    job = jobs.run(GenerationRequest.build(**request_fields(seed=77)), owner="ui:ana")
    jobs.wait(job.id, recorded=True)
    with _raw(stub_world) as db:
        db.execute("UPDATE jobs SET seed = 78 WHERE id = ?", (job.id,))  # claim another seed made it
    with pytest.raises(IntegrityFailure, match=f"job '{job.id}' does not match its signed job_finished entry"):
        stub_world.registry.get_job(job.id)
    with pytest.raises(IntegrityFailure):
        jobs.history()
    with _raw(stub_world) as db:
        db.execute("UPDATE jobs SET seed = 77, outputs = '[]' WHERE id = ?", (job.id,))  # hide what it made
    with pytest.raises(IntegrityFailure):
        stub_world.registry.get_job(job.id)
    with _raw(stub_world) as db:  # or forge the signed entry's number to another entry
        db.execute("UPDATE jobs SET outputs = ?, audit_seq = 1 WHERE id = ?",
                   (db.execute("SELECT outputs FROM jobs").fetchone()[0], job.id))
    with pytest.raises(IntegrityFailure, match="no signed job_finished entry"):
        stub_world.registry.get_job(job.id)


def test_another_user_can_neither_see_nor_cancel_a_job(jobs):
    job = jobs.submit(GenerationRequest.build(**request_fields(steps=50)), owner="ui:ana")
    with pytest.raises(NotFound):
        jobs.get(job.id, owner="ui:mallory")
    with pytest.raises(NotFound):
        jobs.cancel(job.id, owner="ui:mallory", by="ui:mallory")
    with pytest.raises(NotFound):
        jobs.download(job.id, 0, owner="ui:mallory")
    assert jobs.wait(job.id, timeout=180).state is JobState.DONE  # untouched by the attempts


def test_a_forged_queued_job_cannot_get_a_planted_file_published(stub_world, jobs):
    # A row that looks like a job of a dead service of this host, and a signed-looking file in
    # staging under that job's name: recovery publishes only files the signed log recorded.
    import socket

    fake = "job_forged000000000"
    with _raw(stub_world) as db:
        db.execute("INSERT INTO jobs (id, owner, state, submitted_at, request_digest, settings, service) "
                   "VALUES (?, 'ui:mallory', 'queued', '2026-01-01T00:00:00Z', ?, '{}', ?)",
                   (fake, "a" * 64, f"{socket.gethostname()}:999999:deadbeef"))
    staged = jobs.store.staging_dir / f"gen-{fake}-x" / "signed"
    staged.mkdir(parents=True)
    (staged / f"{'b' * 64}.png").write_bytes(b"not a disclosed image")
    jobs.close()

    again = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                     engines={"gan": lambda r: SteppedEngine()}, jobs=JobSettings(job_workers=1))
    try:
        # the row has no signed job_submitted entry: recovery skips it (red team 35: one forged
        # row must not stop the service), never runs or ends it, and every read names it
        assert fake not in again.recovered
        with pytest.raises(IntegrityFailure, match=fake):
            again.get(fake)
        assert not again.store.exists(f"{'b' * 64}.png")
        assert store_consistent(again.store, stub_world.registry) == (set(), set())
    finally:
        again.close()
