"""Leftovers of red team 33: a queued or running job's row against the signed log.

A job is queued with a signed ``job_submitted`` entry (owner, request digest, service, settings
digest); a cancel asked through the registry (``consent-studio jobs cancel``, another process)
with a signed ``job_cancel_requested`` entry naming who asked. What was left:

- the worker started a queued job without reading its row against ``job_submitted``: settings
  rewritten in the database while it waited (another prompt, other people) were only noticed by
  ``audit verify``, and ``job_finished`` then signed the *rewritten* settings' digest, so every
  later read of the job vouched for them;
- the job service acted on the ``cancel_requested_by`` column, not on the signed request: a
  database editor cancelled another user's running job by writing a name into it (signed into
  ``job_finished`` as who cancelled), or un-cancelled one by clearing it before the service looked.

Each attack goes through the database file, as a database editor would (sqlite3).
"""

from __future__ import annotations

import json
import sqlite3
import time

import pytest

from consent.errors import ConsentError
from consent.registry import JobRecord, Registry
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, request_fields, wait_until


def _db(world) -> sqlite3.Connection:
    raw = sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None, timeout=30)
    raw.execute("PRAGMA busy_timeout = 30000")
    return raw


@pytest.fixture
def gated(stub_world, tmp_path):
    gate = tmp_path / "gate"
    gate.touch()
    eng = SteppedEngine(gate=str(gate))
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                    jobs=JobSettings(job_workers=1, job_grace_s=60.0))
    jobs.engine, jobs.gate = eng, gate
    yield jobs
    gate.unlink(missing_ok=True)
    jobs.close()


def _request(**over) -> GenerationRequest:
    return GenerationRequest.build(**request_fields(**over))


# ----------------------------------------------------------------------------- settings
def test_a_queued_jobs_settings_rewritten_in_the_database_stop_it_before_it_runs(gated, stub_world):
    jobs = gated
    first = jobs.submit(_request(), owner="ui:ana")
    queued = jobs.submit(_request(prompt="a lighthouse at dusk"), owner="ui:ben")
    wait_until(lambda: jobs.get(first.id).state is JobState.RUNNING)
    with _db(stub_world) as raw:  # while it waits: another prompt, as if ben had asked for it
        raw.execute("UPDATE jobs SET settings = ? WHERE id = ?",
                    (json.dumps({**jobs.get(queued.id).settings, "prompt": "jane doe on the beach"}), queued.id))
    jobs.gate.unlink()
    assert jobs.wait(first.id, timeout=180, recorded=True).state is JobState.DONE
    ended = jobs.wait(queued.id, timeout=180, recorded=True)
    assert ended.state is JobState.FAILED and "registry integrity" in (ended.error or ""), (ended.state, ended.error)
    assert "settings" in ended.error and ended.outputs == ()
    assert len(jobs.engine.seeds) == 1  # the rewritten job never reached the model
    assert len(stub_world.output_files()) == 1


def test_job_finished_signs_the_settings_the_job_was_queued_with_not_the_rows(stub_world):
    reg = stub_world.registry
    reg.add_job(JobRecord(id="job_l34", owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "a lighthouse at dusk", "subjects": []}))
    with _db(stub_world) as raw:
        raw.execute("UPDATE jobs SET settings = ? WHERE id = 'job_l34'",
                    (json.dumps({"prompt": "jane doe on the beach", "subjects": ["jane"]}),))
    reg.finish_job("job_l34", "failed", error="the model ran out of memory")
    try:
        rec = reg.get_job("job_l34")
    except ConsentError:
        return  # the rewritten row is refused on every read: a right answer
    assert rec.settings.get("prompt") == "a lighthouse at dusk", rec.settings


# ----------------------------------------------------------------------------- cancels
def test_a_cancel_name_written_into_the_row_does_not_cancel_anothers_running_job(gated, stub_world):
    jobs = gated
    job = jobs.submit(_request(steps=50), owner="ui:ana")
    wait_until(lambda: jobs.get(job.id).stage == "generate", what="job in its generate step")
    with _db(stub_world) as raw:
        raw.execute("UPDATE jobs SET cancel_requested_by = 'ui:mallory' WHERE id = ?", (job.id,))
    time.sleep(3.0)  # the service reads cancel requests every second
    assert jobs.get(job.id).state is JobState.RUNNING, jobs.get(job.id).error
    with pytest.raises(ConsentError, match="registry integrity"):
        stub_world.registry.get_job(job.id)  # the forged row is refused on a read, naming why
    report = stub_world.registry.verify_audit()
    assert not report.ok and "cancel" in report.message
    with _db(stub_world) as raw:
        raw.execute("UPDATE jobs SET cancel_requested_by = NULL WHERE id = ?", (job.id,))
    jobs.gate.unlink()
    ended = jobs.wait(job.id, timeout=180, recorded=True)
    assert ended.state is JobState.DONE and ended.cancel_requested_by is None, (ended.state, ended.error)


def test_a_signed_cancel_request_cleared_from_the_row_still_cancels(gated, stub_world):
    jobs = gated
    job = jobs.submit(_request(steps=50), owner="ui:ana")
    wait_until(lambda: jobs.get(job.id).stage == "generate", what="job in its generate step")
    stub_world.registry.request_job_cancel(job.id, "cli:root")  # `consent-studio jobs cancel`, another process
    with _db(stub_world) as raw:  # ... un-asked behind the log before the service looks
        raw.execute("UPDATE jobs SET cancel_requested_by = NULL WHERE id = ?", (job.id,))
    ended = jobs.wait(job.id, timeout=180, recorded=True)
    assert ended.state is JobState.CANCELLED and ended.cancel_requested_by == "cli:root", (ended.state, ended.error)
    assert stub_world.registry.get_job(job.id).cancel_requested_by == "cli:root"


def test_a_cancel_asked_after_a_forged_name_is_signed_with_who_really_asked(gated, stub_world):
    jobs = gated
    job = jobs.submit(_request(steps=50), owner="ui:ana")
    wait_until(lambda: jobs.get(job.id).stage == "generate", what="job in its generate step")
    with _db(stub_world) as raw:
        raw.execute("UPDATE jobs SET cancel_requested_by = 'ui:mallory' WHERE id = ?", (job.id,))
    stub_world.registry.request_job_cancel(job.id, "cli:root")
    ended = jobs.wait(job.id, timeout=180, recorded=True)
    assert ended.state is JobState.CANCELLED and ended.cancel_requested_by == "cli:root", (ended.state, ended.error)
    asked = [e.payload for e in stub_world.audit("job_cancel_requested")]
    assert asked == [{"job_id": job.id, "by": "cli:root"}]
    finished = stub_world.audit("job_finished")[-1].payload
    assert finished["cancelled_by"] == "cli:root"
    assert stub_world.registry.verify_audit().ok
