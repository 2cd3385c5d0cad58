"""Adversary 9: consent that changes while a job waits in the queue or runs.

A job decides when it runs, not when it is queued: a grant revoked while the job waits denies
it (held). A person's opt-out while the job's model runs does not stop its output (the same
gap as tests/security/test_adversary9_consent_changes.py, reached through the job service the
UI uses): the job ends DONE with the file published.
"""

from __future__ import annotations

import time

import pytest

from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from jobs_support import request_fields, stepped_engines
from jobs_support import gate  # noqa: F401 (the fixture)


@pytest.fixture
def jobs(stub_world, gate):
    m = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                 engines=stepped_engines(gate=str(gate)), jobs=JobSettings(job_workers=1, job_grace_s=60))
    yield m
    m.close()


def _wait_running(jobs, job_id, stage: str | None = None):
    """Until the job runs (and has reached ``stage`` of the recipe, e.g. "generate": decided)."""
    for _ in range(3000):
        job = jobs.get(job_id)
        if job.state is JobState.RUNNING and (stage is None or job.stage == stage):
            return
        time.sleep(0.01)
    raise AssertionError(f"job {job_id} never reached {stage or 'running'}")


def _published(world):
    return [p for p in world.output_files() if p.is_file()]


def test_a_grant_revoked_while_the_job_waits_denies_it(stub_world, jobs, gate):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    first = jobs.submit(GenerationRequest.build(**request_fields(prompt="")), owner="ui:ana")  # holds the one worker
    _wait_running(jobs, first.id)
    queued = jobs.submit(GenerationRequest.build(**request_fields(prompt="", subjects=("jane",))), owner="ui:ana")
    assert jobs.get(queued.id).state is JobState.QUEUED
    stub_world.ops.revoke_grant("g-jane-1", "withdrew before the shoot", "legal desk")
    gate.unlink()
    assert jobs.wait(first.id, timeout=180).state is JobState.DONE
    ended = jobs.wait(queued.id, timeout=180)
    assert ended.state is JobState.DENIED and "revoked" in (ended.error or "")
    assert len(_published(stub_world)) == 1  # the first job's only


def test_an_opt_out_while_the_job_runs_publishes_nothing(stub_world, jobs, gate):
    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    job = jobs.submit(GenerationRequest.build(**request_fields(prompt="", subjects=("jane",))), owner="ui:ana")
    _wait_running(jobs, job.id, "generate")  # decided; the model is running (held by the gate)
    stub_world.ops.set_opt_out("jane", True)
    gate.unlink()
    ended = jobs.wait(job.id, timeout=180)
    assert ended.state is JobState.DENIED, (ended.state, ended.error)
    assert _published(stub_world) == []
