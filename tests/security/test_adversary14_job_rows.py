"""Adversary 14: what an ended job's row says beyond what ``Registry._check_job`` compares.

``_check_job`` holds an ended job's row to its signed ``job_finished`` entry on id, state, seed,
decision id, owner and the outputs' digests. The rest of the row is read as the database host
left it, although the log signed it (``error``, ``cancelled_by`` in ``job_finished``) or its
digest (``request_digest`` in ``job_submitted`` covers the request the ``settings`` describe):

- ``error`` — the reason a denied or failed job shows its maker ("My outputs", the job status)
  and the operator (``consent-studio jobs show``);
- ``settings`` — what the job asked for (prompt, people, seed…), shown in "My outputs" and
  loaded into the form by "Reuse settings".

So the database host rewrites why a job was denied and what it asked for (a denied request
for a person's likeness shown as an innocent prompt, or the reverse), and nothing notices.
"""

from __future__ import annotations

import json
import sqlite3


from consent.errors import ConsentError
from consent.registry import JobRecord, Registry


def _ended_job(world) -> str:
    reg = world.registry
    reg.add_job(JobRecord(id="job_adv14", owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "jane doe on the beach", "subjects": ["jane"]}))
    reg.finish_job("job_adv14", "denied", error="Jane Doe has not consented to this use", decision_id="dec_1")
    return "job_adv14"


def test_an_ended_jobs_reason_and_settings_cannot_be_rewritten(stub_world):
    job_id = _ended_job(stub_world)
    stub_world.registry.close()
    with sqlite3.connect(stub_world.settings.data_dir / "consent.db", isolation_level=None) as raw:
        raw.execute("UPDATE jobs SET error = ?, settings = ? WHERE id = ?",
                    ("the model ran out of memory; nothing about consent",
                     json.dumps({"prompt": "a lighthouse at dusk", "subjects": []}), job_id))
    fresh = Registry.from_settings(stub_world.settings)
    try:
        try:
            rec = fresh.get_job(job_id)
        except ConsentError:
            return  # failing closed is a right answer
        assert rec.error == "Jane Doe has not consented to this use", rec.error
        assert dict(rec.settings).get("prompt") == "jane doe on the beach", rec.settings
    finally:
        fresh.close()
