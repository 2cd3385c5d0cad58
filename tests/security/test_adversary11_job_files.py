"""Adversary 11: a finished job's output *locations* are read from the jobs table unchecked.

``Registry._check_job`` compares an ended job's row with its signed ``job_finished`` entry on
id, state, seed, decision, owner and the outputs' **digests** only; each output's
``location`` (and format, size, name) comes from the row as written. ``GET /download/<job>/<n>``
(``creator.ui.history.add_download_route``), the "My outputs" gallery and ``JobManager.download``
then open whatever file that location names.

FAIL-OPEN (database editor → keys): whoever can edit the database (the threat model's
"database editor", who must not reach the keys directory) points their own finished job's
output at ``keys/audit.key.pem`` — or the C2PA private key, the watermark secret, any
unsigned file — and downloads it through the studio as its maker: the installation's root of
trust, served as "image/png" under the output's readable name. Nor is the file served checked
to be the disclosed output the job recorded (its bytes are never hashed against the digest).
"""

from __future__ import annotations

import json

import pytest
from jobs_support import download_as, request_fields
from sqlalchemy import text

from consent.integrity import IntegrityFailure
from creator.auth import Role, UserStore
from creator.jobs import JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from studio_world import StubEngine


def _finished_job(stub_world):
    users = UserStore.from_settings(stub_world.settings)
    if users.get("ana") is None:  # ana's account exists before her job (an output is an account's own
        users.add("ana", Role.CREATOR, "ana-creator-pw1")  # only when asked for once it existed)
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda req: StubEngine()}, jobs=JobSettings(job_workers=1))
    try:
        job = jobs.submit(GenerationRequest.build(**request_fields(prompt="")), owner="ui:ana")
        done = jobs.wait(job.id, timeout=120)
    finally:
        jobs.close()
    assert done.state is JobState.DONE, done.error
    return done


def _download(stub_world, job_id):
    users = UserStore.from_settings(stub_world.settings)
    if users.get("ana") is None:
        users.add("ana", Role.CREATOR, "ana-creator-pw1")
    return download_as(stub_world.registry, users, "ana", job_id)


def test_the_maker_downloads_the_signed_output(stub_world):
    job = _finished_job(stub_world)
    r = _download(stub_world, job.id)
    assert r.status_code == 200 and r.content == open(job.outputs[0].location, "rb").read()


def test_a_job_row_pointed_at_the_audit_key_serves_nothing(stub_world):
    job = _finished_job(stub_world)
    secret = stub_world.settings.resolved_keys_dir / "audit.key.pem"
    assert secret.is_file()
    with stub_world.registry.engine.begin() as conn:  # the database editor's one UPDATE
        outs = json.loads(conn.execute(text("SELECT outputs FROM jobs WHERE id = :id"), {"id": job.id}).scalar())
        outs[0]["location"] = str(secret)
        conn.execute(text("UPDATE jobs SET outputs = :o WHERE id = :id"), {"o": json.dumps(outs, sort_keys=True),
                                                                             "id": job.id})
    r = _download(stub_world, job.id)
    assert b"PRIVATE KEY" not in r.content
    assert r.status_code == 404


def test_an_output_record_pointed_at_the_audit_key_serves_nothing(stub_world):
    """The same editor's other UPDATE: the output record's path (signed in its generation entry)."""
    job = _finished_job(stub_world)
    secret = stub_world.settings.resolved_keys_dir / "audit.key.pem"
    with stub_world.registry.engine.begin() as conn:
        conn.execute(text("UPDATE outputs SET path = :p WHERE sha256 = :s"),
                     {"p": str(secret), "s": job.outputs[0].sha256})
    with pytest.raises(IntegrityFailure, match="does not match its signed generation entry"):
        stub_world.registry.find_output(sha256=job.outputs[0].sha256)
    r = _download(stub_world, job.id)
    assert b"PRIVATE KEY" not in r.content
    assert r.status_code == 404
