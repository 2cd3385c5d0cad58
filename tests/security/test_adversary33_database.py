"""Red team 33: the database host edits or deletes rows the signed audit log vouches for.

1. **An output row deleted.** ``Registry.record_generation`` writes an output row per file and the
   signed ``generation`` entry naming it, in one transaction. The database host deletes the rows
   (``DELETE FROM outputs``): ``consent-studio audit verify`` (``Registry.verify_audit``) still
   says "chain intact and signed" — ``check_integrity`` compares subjects, grants, keys,
   templates, adapters, name exceptions and models with the log, never the outputs — and
   ``verify`` of the published file then says it was "signed with this studio's key but not made
   here under a recorded decision … signed outside the governed recipe", which is false: the
   signed log records the decision it was made under. (Where the grant has since been revoked,
   the person's complaint is met with "not ours" instead of "made under grant X, revoked".)
2. **An output row's owner rewritten.** ``Registry._check_output`` holds an output row to its
   signed ``generation`` entry on digest, watermark, path, decision and grants — not on
   ``owner``, though the entry signs who made it (``actor``). The web studio serves an output
   only to its maker by exactly that column (``creator.ui.server`` ``may_read``:
   ``rec.owner == f"ui:{user}"``; the download route and "My outputs" likewise). The host sets
   ``owner = 'ui:dora'`` on carl's output of a person's likeness, and dora is served it.

``audit verify`` says "intact" after either edit, and after an ended job's row or a pending
creator request (tests/security/test_adversary33_requests.py) is rewritten: it compares none of
those tables with the log.

(Also seen, not a test here: a queued job's settings edited before it ends are signed as edited
— docs/ARCHITECTURE.md already lists that as left.)
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.registry import Registry
from creator.verify import verify


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _made_under_a_grant(world):
    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    out = world.studio().generate(world.request(subjects=("jane",))).outputs[0]
    assert verify(out.path, settings=world.settings, registry=world.registry).verdict == "OK"
    return out


_EDITS = {
    "output-rows-deleted": ["DELETE FROM outputs"],
    "output-owner-rewritten": ["UPDATE outputs SET owner = 'ui:dora'"],
    "ended-job-reason-rewritten": ["UPDATE jobs SET error = 'the model ran out of memory'"],
    "pending-request-rewritten": ["UPDATE requests SET subject = 'Taylor Swift'"],
}


@pytest.mark.parametrize("edit", sorted(_EDITS))
def test_audit_verify_notices_a_row_changed_behind_the_log(stub_world, edit):
    from consent.audit import acting_as
    from consent.registry import JobRecord

    with acting_as("ui:carl"):
        _made_under_a_grant(stub_world)
    reg = stub_world.registry
    reg.add_job(JobRecord(id="job_adv33", owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "jane doe on the beach", "subjects": ["jane"]}))
    reg.finish_job("job_adv33", "denied", error="Jane Doe has not consented to this use", decision_id="dec_1")
    stub_world.ops.file_request("exception", "ui:carl", "Van Gogh", "Van Gogh is named for the painting style")
    assert reg.verify_audit().ok
    with _raw(stub_world) as raw:
        for sql in _EDITS[edit]:
            raw.execute(sql)
    fresh = Registry.from_settings(stub_world.settings)
    try:
        report = fresh.verify_audit()
        assert not report.ok, report.message
    finally:
        fresh.close()


def test_verify_does_not_call_a_recorded_output_unrecorded_when_its_row_is_deleted(stub_world):
    out = _made_under_a_grant(stub_world)
    with _raw(stub_world) as raw:
        raw.execute("DELETE FROM outputs")
    fresh = Registry.from_settings(stub_world.settings)
    try:
        report = verify(out.path, settings=stub_world.settings, registry=fresh)
        assert report.verdict != "OK"
        said = "; ".join(report.reasons)
        # the truth: the signed log records this output; the registry's table no longer does
        assert "not made here under a recorded decision" not in said, said
        assert "integrity" in said, said
    finally:
        fresh.close()


def test_an_output_rows_owner_rewritten_behind_the_log_is_not_believed(stub_world):
    from consent.audit import acting_as
    from consent.errors import ConsentError

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    with acting_as("ui:carl"):
        out = stub_world.studio().generate(stub_world.request(subjects=("jane",))).outputs[0]
    assert stub_world.registry.find_output(sha256=out.sha256).owner == "ui:carl"
    with _raw(stub_world) as raw:
        raw.execute("UPDATE outputs SET owner = 'ui:dora' WHERE sha256 = ?", (out.sha256,))
    fresh = Registry.from_settings(stub_world.settings)
    try:
        try:
            owner = fresh.find_output(sha256=out.sha256).owner  # what the Guard's may_read compares
        except ConsentError:
            return  # failing closed is a right answer
        assert owner == "ui:carl", owner
    finally:
        fresh.close()
