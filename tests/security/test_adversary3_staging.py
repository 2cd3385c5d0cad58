"""Files the studio reads back from its data dir: a dead run's staging folder.

Recovery publishes a staged file when its *name* is an output the signed log recorded for
that job. The name is not the content: a file swapped in staging under a recorded name (by
anything that can write there, or a torn write) must not become a served output.
"""

from __future__ import annotations

import hashlib

import pytest

from creator.jobs import JobManager, JobSettings, recover_staging
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, request_fields


@pytest.fixture
def jobs(stub_world):
    eng = SteppedEngine()
    m = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                 engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                 jobs=JobSettings(job_workers=1, job_grace_s=60))
    yield m
    m.close()


def _crash_after_commit(jobs, job_id: str, name: str, content: bytes):
    """What a worker killed between the commit and the move leaves: the recorded file in staging
    (and not in the store), here with ``content`` in it."""
    published = jobs.store.location(name)
    published.unlink()
    staged = jobs.store.staging_dir / f"gen-{job_id}-crashed" / "signed"
    staged.mkdir(parents=True)
    (staged / name).write_bytes(content)
    return staged / name


def test_a_recorded_name_with_other_bytes_is_not_published(jobs, stub_world, pictures):
    job = jobs.run(GenerationRequest.build(**request_fields(seed=5)), owner="ui:ana")
    job = jobs.wait(job.id, recorded=True)
    (sha,) = [o.sha256 for o in stub_world.registry.outputs_for_job(job.id)]
    name = jobs.store.location(f"{sha}.png").name if jobs.store.exists(f"{sha}.png") else f"{sha}.jpg"
    undisclosed = pictures.png_bytes(pictures.noise(128))  # no label, no watermark, no manifest
    _crash_after_commit(jobs, job.id, name, undisclosed)

    rec = recover_staging(jobs.store, stub_world.registry, job.id)

    assert name not in rec.published and name in rec.discarded
    assert not jobs.store.exists(name), "an undisclosed file was published under a recorded output's name"


def test_the_recorded_file_itself_is_still_recovered(jobs, stub_world):
    job = jobs.run(GenerationRequest.build(**request_fields(seed=6)), owner="ui:ana")
    job = jobs.wait(job.id, recorded=True)
    (sha,) = [o.sha256 for o in stub_world.registry.outputs_for_job(job.id)]
    name = next(n for n in (f"{sha}.png", f"{sha}.jpg") if jobs.store.exists(n))
    signed = jobs.store.read_bytes(name)
    _crash_after_commit(jobs, job.id, name, signed)

    rec = recover_staging(jobs.store, stub_world.registry, job.id)

    assert rec.published == (name,)
    assert hashlib.sha256(jobs.store.read_bytes(name)).hexdigest() == sha
