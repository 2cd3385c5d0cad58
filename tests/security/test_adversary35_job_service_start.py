"""Red team 35: one queued job row written behind the signed log keeps every job service from starting.

Leftovers 34 (f341ee3) made reads of a queued or running job hold its row to its signed
``job_submitted`` entry (``Registry._check_job``): ``get_job`` and ``list_jobs`` raise
``IntegrityFailure`` for such a row. ``JobManager.__init__`` recovers the jobs of dead services
with ``registry.list_jobs(states=["queued"], limit=None)``, so a single forged (or rewritten)
queued row — of any service, any host — makes that call raise and the job service cannot be
constructed at all: the studio's queued generation (UI, HTTP API) is down for every user until
someone finds and deletes the row, and the jobs list fails for everyone too. Before f341ee3 the
service started and the row was only named by ``audit verify``.

A database editor (the threat the row checks answer) thus turns one inserted row into a studio-wide
outage; the per-job answer (fail that job, name it in the log) is what the rest of the checks give.
Suggested fix: ``_recover_dead_services`` (and the jobs list) read rows without raising on the
bad ones — skip or fail each, with its problem logged — e.g. ``list_jobs(..., problems=out)``; the
worker's ``admit_job`` already stops a bad row from running.
"""

from __future__ import annotations

import json
import socket
import sqlite3

import pytest

from consent.errors import ConsentError
from consent.registry import JobRecord
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, request_fields

_RT = "red team 35: "


def _forge_queued_row(world, service: str) -> None:
    reg = world.registry
    reg.add_job(JobRecord(id="job_model", owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "a lighthouse", "subjects": []}))
    raw = sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None, timeout=30)
    try:
        cols = [r[1] for r in raw.execute("PRAGMA table_info(jobs)")]
        row = dict(zip(cols, raw.execute("SELECT * FROM jobs WHERE id = 'job_model'").fetchone()))
        row.update(id="job_forged", owner="ui:victim", service=service,
                   settings=json.dumps({"prompt": "jane doe on the beach", "subjects": ["jane"]}))
        raw.execute(f"INSERT INTO jobs ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", [row[c] for c in cols])
    finally:
        raw.close()
    reg.finish_job("job_model", "failed", error="the model ran out of memory")


@pytest.mark.parametrize("service", ["dead-on-this-host", "other-host"])
def test_a_forged_queued_row_does_not_stop_the_job_service(stub_world, service):
    svc = f"{socket.gethostname()}:999999:deadbeef" if service == "dead-on-this-host" else "elsewhere:1234:cafe0001"
    _forge_queued_row(stub_world, svc)
    eng = SteppedEngine()
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                    jobs=JobSettings(job_workers=1))
    try:
        job = jobs.submit(GenerationRequest.build(**request_fields()), owner="ui:ana")
        assert jobs.wait(job.id, timeout=180, recorded=True).state is JobState.DONE
        assert len(eng.seeds) == 1  # the forged job never ran
    finally:
        jobs.close()
    with pytest.raises(ConsentError, match="job_forged"):
        stub_world.registry.get_job("job_forged")  # still refused when read on its own


def test_control_without_the_forged_row_the_service_starts(stub_world):
    eng = SteppedEngine()
    with JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                  engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                  jobs=JobSettings(job_workers=1)) as jobs:
        job = jobs.submit(GenerationRequest.build(**request_fields()), owner="ui:ana")
        assert jobs.wait(job.id, timeout=180, recorded=True).state is JobState.DONE


def test_jobs_list_shows_the_other_jobs_and_names_the_forged_row(stub_world):
    """`consent-studio jobs list` lists the rows that agree with the log and then fails naming the
    forged one: it neither shows the forged row as fact nor hides everyone's jobs behind it."""
    from click.testing import CliRunner

    from creator.cli import cli

    _forge_queued_row(stub_world, "elsewhere:1234:cafe0001")
    r = CliRunner().invoke(cli, ["--data-dir", str(stub_world.settings.data_dir), "jobs", "list"])
    assert r.exit_code != 0
    listed = [line.split()[0] for line in r.stdout.splitlines() if line.strip()]
    assert listed == ["job_model"]
    assert "job_forged" in r.stderr and "integrity" in r.stderr.lower()
