"""An ended job shows the reason and the settings its signed entries record, or nothing.

``job_finished`` signs the job's ``error``, ``cancelled_by`` and the digest of its settings
(``job_submitted`` signs the digest the job was queued with); ``get_job``/``list_jobs`` hold the
row to them and fail closed when the database says otherwise.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from consent.integrity import IntegrityFailure
from consent.registry import JobRecord, Registry


def _job(reg, job_id: str, settings: dict) -> None:
    reg.add_job(JobRecord(id=job_id, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="cd" * 32, settings=settings))


def _edit(world, sql: str, *args) -> Registry:
    world.registry.close()
    with sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None) as raw:
        raw.execute(sql, args)
    world.registry = Registry.from_settings(world.settings)
    return world.registry


def test_an_ended_job_reads_back_with_its_reason_and_settings(stub_world):
    reg = stub_world.registry
    _job(reg, "job_a", {"prompt": "jane doe on the beach", "subjects": ["jane"], "seed": 7})
    reg.finish_job("job_a", "denied", error="Jane Doe has not consented to this use")
    with Registry.from_settings(stub_world.settings) as fresh:
        rec = fresh.get_job("job_a")
    assert rec.error == "Jane Doe has not consented to this use"
    assert dict(rec.settings) == {"prompt": "jane doe on the beach", "subjects": ["jane"], "seed": 7}
    submitted = [e.payload for e in reg.audit_entries() if e.kind == "job_submitted"]
    assert submitted[-1]["settings_sha256"] == [e.payload for e in reg.audit_entries()
                                                if e.kind == "job_finished"][-1]["settings_sha256"]


def test_who_cancelled_a_job_cannot_be_rewritten(stub_world):
    reg = stub_world.registry
    _job(reg, "job_b", {"prompt": "a lighthouse"})
    reg.request_job_cancel("job_b", "ui:carl")
    reg.finish_job("job_b", "cancelled")
    fresh = _edit(stub_world, "UPDATE jobs SET cancel_requested_by = 'cli:root' WHERE id = 'job_b'")
    with pytest.raises(IntegrityFailure):
        fresh.get_job("job_b")
    with pytest.raises(IntegrityFailure):
        fresh.list_jobs(owner="ui:carl")


def test_a_failed_jobs_settings_cannot_be_swapped(stub_world):
    reg = stub_world.registry
    _job(reg, "job_c", {"prompt": "jane doe on the beach", "subjects": ["jane"]})
    reg.finish_job("job_c", "failed", error="out of memory")
    fresh = _edit(stub_world, "UPDATE jobs SET settings = ? WHERE id = 'job_c'",
                  json.dumps({"prompt": "a lighthouse at dusk", "subjects": []}))
    with pytest.raises(IntegrityFailure):
        fresh.get_job("job_c")
