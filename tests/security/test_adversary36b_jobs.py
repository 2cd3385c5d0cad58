"""Red team 36b: ``Registry.list_jobs(problems=...)`` (red team 35's fix for ``jobs list`` and the
job service's recovery) filters on the row's own columns *before* it holds a row to the signed
log: ``owner``, ``state`` are compared in SQL. A database host who rewrites a job row's owner
makes that job vanish from its owner's ``jobs list --mine`` view (and the recovery's ``queued``
read skips a row whose state was rewritten) with no problem named: the row is never read, so
never checked. Held: a rewritten owner is named as a problem in the unfiltered listing.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.registry import JobRecord, Registry


def _queued(world, job_id: str = "job_adv36b", owner: str = "ui:carl") -> str:
    world.registry.add_job(JobRecord(id=job_id, owner=owner, state="queued", submitted_at="2026-01-01T00:00:00Z",
                                     request_digest="ab" * 32, settings={"prompt": "a lighthouse"}))
    return job_id


def _edited(world, sql: str, *args) -> Registry:
    world.registry.close()
    with sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None) as raw:
        raw.execute(sql, args)
    return Registry.from_settings(world.settings)


def test_a_job_whose_owner_was_rewritten_is_named_in_its_owners_listing(stub_world):
    job_id = _queued(stub_world)
    reg = _edited(stub_world, "UPDATE jobs SET owner = 'ui:mallory' WHERE id = ?", job_id)
    try:
        problems: list[str] = []
        mine = reg.list_jobs(owner="ui:carl", problems=problems)
    finally:
        reg.close()
    assert [j.id for j in mine] == [job_id] or any(job_id in p for p in problems), \
        "carl's job is gone from his list and nothing says why"


def test_a_queued_job_whose_state_was_rewritten_is_named_by_the_recovery_read(stub_world):
    job_id = _queued(stub_world)
    reg = _edited(stub_world, "UPDATE jobs SET state = 'running' WHERE id = ?", job_id)
    try:
        problems: list[str] = []
        # the recovery read (creator.jobs.manager.end_orphaned_jobs): every open job, queued or
        # running (a worker marks its row running: a state a row may hold, still an open job)
        queued = reg.list_jobs(states=["queued", "running"], limit=None, problems=problems)
    finally:
        reg.close()
    assert [j.id for j in queued] == [job_id] or any(job_id in p for p in problems)


def test_held_a_rewritten_owner_is_named_in_the_unfiltered_listing(stub_world):
    job_id = _queued(stub_world)
    reg = _edited(stub_world, "UPDATE jobs SET owner = 'ui:mallory' WHERE id = ?", job_id)
    try:
        problems: list[str] = []
        listed = reg.list_jobs(problems=problems)
    finally:
        reg.close()
    assert job_id not in [j.id for j in listed] and any(job_id in p for p in problems)
