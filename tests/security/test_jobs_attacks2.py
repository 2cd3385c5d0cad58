"""Attacks on the jobs' second round: the signed seed/settings assertion, and clients that
go away (HTTP API, CLI) hoping their job keeps a worker busy."""

from __future__ import annotations

import datetime as dt

import pytest

from creator.disclosure import ConsentAssertion, DisclosureContext, GenerationSettings, LikenessEntry
from creator.disclosure import context as _context
from creator.errors import DisclosureError
from creator.verify import verify

REF = "subj_0123456789abcdef"


def _consent(real: bool) -> ConsentAssertion:
    return ConsentAssertion(
        decision_id="dec-1", decided_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), purpose="film_reshoot",
        operation="likeness_generation", territories=("US",),
        likenesses=(LikenessEntry(REF, "person", "declared", "g-1", "5" * 64),) if real else ())


def test_settings_cannot_be_signed_into_an_output_under_a_persons_grant():
    with pytest.raises(DisclosureError, match="generation is set but consent.likenesses lists 1 real person"):
        DisclosureContext(digital_source_type="trainedAlgorithmicMedia", model_id="m", model_version="1", engine="gan",
                          real_person_depicted=True, consent=_consent(True),
                          generation=GenerationSettings(seed=1, steps=2, width=256, height=256))


@pytest.mark.parametrize("data, message", [
    ({"version": 1, "seed": 1, "steps": 2, "width": 256, "height": 256, "model_sha256": None,
      "prompt": "Jane Doe at the harbour"}, "unexpected field"),
    ({"version": 1, "seed": 1, "steps": 2, "width": 256, "height": 256, "model_sha256": "/srv/models/jane"},
     "model_sha256 must be 64 lowercase hex"),
    ({"version": 1, "seed": True, "steps": 2, "width": 256, "height": 256}, "seed must be a whole number"),
    ({"version": 3, "seed": 1, "steps": 2, "width": 256, "height": 256}, "version 3 is not supported"),
    # (session 54) version 2 is the one without a step count (the GAN's); each version holds to its own
    ({"version": 2, "seed": 1, "steps": 2, "width": 256, "height": 256}, "version 2 holds a step count"),
    ({"version": 1, "seed": 1, "width": 256, "height": 256}, "version 1 holds no step count"),
    (["seed", 1], "must be an object"),
])
def test_a_settings_assertion_with_anything_else_is_refused(data, message):
    with pytest.raises(DisclosureError, match=message):
        GenerationSettings.from_dict(data)


def test_verify_fails_a_file_whose_signed_settings_carry_a_prompt(stub_world, monkeypatch):
    """Even a file signed with the studio's own key (a bug, or a patched worker) that put a
    prompt into the settings assertion is a FAIL, and the prompt is not echoed as settings."""
    real = GenerationSettings.to_dict

    def leaky(self):
        return {**real(self), "prompt": "a harbour at dawn"}

    monkeypatch.setattr(_context.GenerationSettings, "to_dict", leaky)
    (out,) = stub_world.studio().generate(stub_world.request(seed=3)).outputs
    monkeypatch.setattr(_context.GenerationSettings, "to_dict", real)
    report = verify(out.path, settings=stub_world.settings, registry=stub_world.registry)
    assert not report.ok and report.generation is None
    assert any("unexpected field(s) ['prompt']" in r for r in report.reasons), report.reasons


# ----------------------------------------------------------------------------- clients that go away
@pytest.fixture
def held_jobs(stub_world, tmp_path):
    """A job service with a 0.5 s grace period whose engine holds each job while ``gate`` exists."""
    from creator.jobs import JobManager, JobSettings
    from jobs_support import SteppedEngine, warm_up

    warm_up(stub_world.settings, stub_world.registry)  # or the first load stalls the watcher past the 0.5 s grace
    gate = tmp_path / "gate"
    gate.touch()
    engine = SteppedEngine(gate=str(gate))
    with JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                  engines={"gan": lambda r: engine, "diffusion": lambda r: engine},
                                  jobs=JobSettings(job_workers=1, job_grace_s=0.5)) as jobs:
        yield jobs, gate
        gate.unlink(missing_ok=True)


def _watch_in_background(jobs, job_id, client_alive):
    import threading

    seen = []
    t = threading.Thread(target=lambda: seen.extend(jobs.watch(job_id, client_alive=client_alive)), daemon=True)
    t.start()
    return t, seen


def test_a_watcher_whose_client_left_no_longer_keeps_the_job_alive(held_jobs):
    from creator.jobs import JobState
    from jobs_support import request_fields, wait_until
    from creator.request import GenerationRequest

    jobs, _gate = held_jobs
    job = jobs.submit(GenerationRequest.build(**request_fields()), owner="api:mallory")
    t, seen = _watch_in_background(jobs, job.id, lambda: False)  # the HTTP stream is closed
    ended = wait_until(lambda: (lambda j: j if j.final else None)(jobs.get(job.id, touch=False)), timeout=20,
                       what="job cancelled after the grace period")
    t.join(timeout=10)
    assert ended.state is JobState.CANCELLED and "no client asked about the job" in ended.cancel_requested_by
    assert seen[-1].state is JobState.CANCELLED  # the watcher saw the end too


def test_a_client_check_that_breaks_counts_as_the_client_being_there(held_jobs, caplog):
    import time

    from creator.jobs import JobState
    from jobs_support import request_fields
    from creator.request import GenerationRequest

    jobs, gate = held_jobs

    def broken() -> bool:
        raise RuntimeError("queue internals changed")

    job = jobs.submit(GenerationRequest.build(**request_fields()), owner="api:ana")
    t, seen = _watch_in_background(jobs, job.id, broken)
    time.sleep(2.0)  # four grace periods
    assert not jobs.get(job.id, touch=False).final  # not cancelled: a waiting client is assumed there
    gate.unlink()
    t.join(timeout=30)
    assert seen[-1].state is JobState.DONE
    assert any("could not tell whether its client is still there" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)  # one plain line, no traceback
