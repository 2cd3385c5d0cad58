"""A run never records outputs for a job the signed log already ended (red team, session 55, F2,
defence in depth).

Another process may end a job whose service it judges gone (``jobs list``, a studio starting on
the host) while that service still runs it, as one in another PID namespace was judged. The live
run then reached its record step and signed a ``generation`` entry for the ended job, after its
``job_finished`` ("nothing was published; submit it again"): the signed log contradicted itself.
Now the registry refuses that record: nothing is recorded or published, the staged files are
removed, the service logs why, and the job shows its one signed end everywhere."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from consent.errors import JobEnded
from consent.registry import Registry
from creator.cli import cli
from creator.cli._common import CliState
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, reported, request_fields
from jobs_support import gate  # noqa: F401 (the fixture)

ENDED_ELSEWHERE = ("the job service stopped before the job finished (while it ran: its process is gone); "
                   "nothing was published; submit it again")


def test_a_job_ended_through_the_registry_while_it_ran_publishes_nothing(stub_world, gate, caplog):
    eng = SteppedEngine(gate=str(gate), hold_from=1)
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                    jobs=JobSettings(job_workers=1, job_grace_s=600))
    other = Registry.from_settings(stub_world.settings)  # another process's registry on the same database
    try:
        job = jobs.submit(GenerationRequest.build(**request_fields(steps=4)), owner="ui:carl")
        # a report from its running model: one ended while queued is never started (flaky on a loaded machine)
        reported(other, job.id, timeout=120)
        other.finish_job(job.id, "failed", error=ENDED_ELSEWHERE)  # what another process's recovery signs

        with caplog.at_level(logging.WARNING, logger="creator.jobs.manager"):
            gate.unlink()
            end = jobs.wait(job.id, timeout=120, recorded=True)
        # the service shows the job's one signed end, and its log says what its own run saw
        assert (end.state, end.error, end.outputs) == (JobState.FAILED, ENDED_ELSEWHERE, ())
        assert jobs.get(job.id).error == ENDED_ELSEWHERE
        (warning,) = [r.getMessage() for r in caplog.records if "ended by another process" in r.getMessage()]
        assert job.id in warning and "already ended" in warning and "not published" in warning
        shown = CliRunner().invoke(cli, ["jobs", "show", job.id], obj=CliState(settings=stub_world.settings,
                                                                                  _registry=other))
        assert shown.exit_code == 0 and f"{job.id}: failed" in shown.output, shown.output
    finally:
        jobs.close()

    # nothing contradicts the end: no generation entry or output for the job, one job_finished; the
    # run's refusal is audited as its failure at the record step
    mine = [e for e in other.audit_entries(limit=None) if e.payload.get("job_id") == job.id]
    assert [e.kind for e in mine if e.kind in ("generation", "job_finished")] == ["job_finished"]
    (failure,) = [e for e in mine if e.kind == "failure"]
    assert failure.payload["stage"] == "record" and "already ended" in failure.payload["error"]
    assert other.outputs_for_job(job.id) == []
    assert list(jobs.store.names()) == [] and jobs.store.staging_folders(job.id) == []
    assert other.verify_audit().ok
    other.close()


def test_the_registry_refuses_a_generation_of_an_ended_job(stub_world):
    """The rule itself, on the registry: a run's record for a job whose end is signed fails with
    JobEnded and writes nothing (the job's job_finished found through the mentions index, or, with
    that derived index row deleted, through the replayed log's open jobs)."""
    import sqlite3

    from consent.registry import JobRecord

    w = stub_world
    reg = w.registry
    for job_id in ("job_ended_a", "job_ended_b"):
        reg.add_job(JobRecord(id=job_id, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                              request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []},
                              service="studio-b.elsewhere:1:0badf00d"))
        reg.finish_job(job_id, "failed", error=ENDED_ELSEWHERE)
    with sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None) as raw:
        seq = raw.execute("SELECT max(seq) FROM audit_entries WHERE kind = 'job_finished'").fetchone()[0]
        assert raw.execute("DELETE FROM audit_mentions WHERE seq = ? AND mention = 'job_ended_b'", (seq,)).rowcount

    studio = w.studio()
    for job_id in ("job_ended_a", "job_ended_b"):
        with pytest.raises(JobEnded, match=f"job '{job_id}' already ended"):
            studio.generate(GenerationRequest.build(**request_fields()), job_id=job_id)
        assert reg.outputs_for_job(job_id) == []
        kinds = [e.kind for e in reg.audit_entries(limit=None) if e.payload.get("job_id") == job_id]
        assert "generation" not in kinds and "failure" in kinds
    assert list(studio.store.names()) == []
    # a run given a job id the log never queued (no job service) records as before
    assert studio.generate(GenerationRequest.build(**request_fields()), job_id="job_never_queued").outputs
