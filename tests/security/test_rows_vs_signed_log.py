"""Output, job and request rows held to the signed entries that wrote them (red team 33 fixes).

The database host can edit any table; the signed audit log is the truth. Beyond the red team's
own cases (tests/security/test_adversary33_database.py, test_adversary33_requests.py): what is
refused, in which words, what is audited, and that an untouched registry still reads as intact.
"""

from __future__ import annotations

import sqlite3

import pytest

from consent.integrity import IntegrityFailure
from consent.registry import JobRecord, Registry


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _fresh(world) -> Registry:
    return Registry.from_settings(world.settings)


def _verify_says(world) -> str:
    reg = _fresh(world)
    try:
        report = reg.verify_audit()
        return "" if report.ok else report.message
    finally:
        reg.close()


def _busy(world):
    """A registry with an output, an ended and a queued job, and answered and pending requests."""
    from consent.audit import acting_as

    world.add_person("jane", "Jane Doe")
    world.issue_grant("jane", "g-jane-1")
    with acting_as("ui:carl"):
        out = world.studio().generate(world.request(subjects=("jane",))).outputs[0]
    reg = world.registry
    for jid in ("job_a", "job_b"):
        reg.add_job(JobRecord(id=jid, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                              request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []}))
    reg.finish_job("job_a", "failed", error="the model ran out of memory")
    ops = world.ops
    approved = ops.file_request("exception", "ui:carl", "Van Gogh", "Van Gogh is named for the painting style")
    declined = ops.file_request("exception", "ui:carl", "Monet", "Monet is named for the painting style")
    pending = ops.file_request("grant", "ui:carl", "jane", "I need Jane's consent for the harbour poster")
    ops.answer_request(approved.id, True, "painting style", "cli:olive", famous_ok=True)
    ops.answer_request(declined.id, False, "not today", "cli:olive")
    return out, approved, declined, pending


def test_an_untouched_registry_with_outputs_jobs_and_answered_requests_verifies(stub_world):
    _busy(stub_world)
    assert _verify_says(stub_world) == ""
    reg = _fresh(stub_world)
    try:  # every read path agrees with the log too
        assert {r.status for r in reg.requests()} == {"approved", "declined", "pending"}
        assert reg.get_job("job_a").state == "failed"
        assert len(reg.list_outputs()) == 1
    finally:
        reg.close()


@pytest.mark.parametrize("sql, says", [
    ("DELETE FROM requests WHERE subject = 'Monet'", "row is missing"),
    ("UPDATE requests SET status = 'pending', answer = NULL, decided_by = NULL, decided_at = NULL "
     "WHERE subject = 'Monet'", "does not match its signed request_answered entry"),
    ("UPDATE requests SET status = 'approved', answer = 'ok', decided_by = 'cli:olive' WHERE kind = 'grant'",
     "never answered in the signed audit log"),
    ("UPDATE requests SET decided_by = 'cli:mallory' WHERE subject = 'Van Gogh'", "decided_by"),
    ("INSERT INTO requests (id, kind, requested_by, subject, message, decision_id, status, answer, created_at) "
     "VALUES ('r-000000000bad', 'exception', 'ui:carl', 'Taylor Swift', 'the name of our guitar model', NULL, "
     "'pending', NULL, '2026-01-01T00:00:00Z')", "no signed request_filed entry"),
    ("UPDATE outputs SET path = '/etc/passwd'", "path"),
    ("INSERT INTO outputs (sha256, path, format, decision_id, grant_ids, created_at, audit_seq, owner) "
     "SELECT 'ee' || substr(sha256, 3), path, format, decision_id, grant_ids, created_at, audit_seq, 'ui:dora' FROM outputs",
     "inserted behind the log"),
    ("UPDATE outputs SET job_id = 'job_a'", "job_id"),
    ("DELETE FROM jobs WHERE id = 'job_b'", "job 'job_b' is recorded by signed job_submitted entry"),
    ("UPDATE jobs SET state = 'queued', error = NULL WHERE id = 'job_a'", "job 'job_a' ended at signed job_finished entry"),
    ("UPDATE jobs SET owner = 'ui:dora' WHERE id = 'job_b'", "job 'job_b' does not match its signed job_submitted entry"),
    ("UPDATE jobs SET settings = '{\"prompt\": \"jane doe nude\"}' WHERE id = 'job_b'", "settings"),
    ("INSERT INTO jobs (id, owner, state, submitted_at, request_digest, settings) "
     "VALUES ('job_x', 'ui:dora', 'queued', '2026-01-01T00:00:00Z', '" + "cd" * 32 + "', '{}')",
     "job 'job_x' has no signed job_submitted entry"),
], ids=["request-deleted", "answered-request-reset-to-pending", "pending-request-marked-approved",
        "request-answerer-rewritten", "request-inserted", "output-path-rewritten", "output-row-inserted",
        "output-job-rewritten", "queued-job-deleted", "ended-job-reset-to-queued", "queued-job-owner-rewritten",
        "queued-job-settings-rewritten", "job-inserted"])
def test_audit_verify_names_each_row_changed_behind_the_log(stub_world, sql, says):
    _busy(stub_world)
    with _raw(stub_world) as raw:
        raw.execute(sql)
    message = _verify_says(stub_world)
    assert "registry integrity failure" in message and says in message, message


def test_approving_a_rewritten_request_is_refused_in_words_and_audited(stub_world):
    w = stub_world
    rq = w.ops.file_request("exception", "ui:carl", "Van Gogh", "Van Gogh is named for the painting style")
    with _raw(w) as raw:
        raw.execute("UPDATE requests SET subject = 'Taylor Swift' WHERE id = ?", (rq.id,))
    with pytest.raises(IntegrityFailure, match=r"does not match its signed request_filed entry \d+: subject "
                                               r"\(the row says 'Taylor Swift', the log 'Van Gogh'\)"):
        w.ops.answer_request(rq.id, True, "painting style", "cli:olive")
    assert {e.name for e in w.registry.name_exceptions()} == set()  # neither name: the request stays unanswered
    failure = w.registry.audit_entries(limit=1)[0]
    assert (failure.kind, failure.payload["stage"], failure.payload["request_id"]) == ("failure", "request:integrity", rq.id)
    with pytest.raises(IntegrityFailure, match="Taylor Swift"):  # the operator's queue fails closed too
        w.registry.requests(status="pending")


def test_a_request_reset_to_pending_after_it_was_declined_is_not_approved(stub_world):
    w = stub_world
    rq = w.ops.file_request("exception", "ui:carl", "Van Gogh", "Van Gogh is named for the painting style")
    w.ops.answer_request(rq.id, False, "no", "cli:olive")
    with _raw(w) as raw:
        raw.execute("UPDATE requests SET status = 'pending', answer = NULL, decided_by = NULL, decided_at = NULL")
    with pytest.raises(IntegrityFailure, match="request_answered"):
        w.ops.answer_request(rq.id, True, "yes after all", "cli:mallory")
    assert w.registry.name_exceptions() == []


def test_an_output_row_with_a_rewritten_owner_is_refused_naming_the_owner(stub_world):
    from consent.audit import acting_as

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    with acting_as("ui:carl"):
        out = stub_world.studio().generate(stub_world.request(subjects=("jane",))).outputs[0]
    with _raw(stub_world) as raw:
        raw.execute("UPDATE outputs SET owner = 'ui:dora'")
    reg = _fresh(stub_world)
    try:
        with pytest.raises(IntegrityFailure, match=r"owner \(the row says 'ui:dora', the log 'ui:carl'\)"):
            reg.find_output(sha256=out.sha256)
        with pytest.raises(IntegrityFailure, match="owner"):
            reg.list_outputs()
    finally:
        reg.close()


def test_verify_names_a_deleted_output_row_as_tampering_and_audits_it(stub_world):
    from creator.verify import verify

    stub_world.add_person("jane", "Jane Doe")
    stub_world.issue_grant("jane", "g-jane-1")
    out = stub_world.studio().generate(stub_world.request(subjects=("jane",))).outputs[0]
    with _raw(stub_world) as raw:
        raw.execute("DELETE FROM outputs")
    reg = _fresh(stub_world)
    try:
        report = verify(out.path, settings=stub_world.settings, registry=reg)
        said = "; ".join(report.reasons)
        assert report.verdict != "OK"
        assert "the signed audit log records this output (generation entry" in said, said
        assert "record of it was removed" in said, said
        last = reg.audit_entries(limit=1)[0]
        assert (last.kind, last.payload["stage"]) == ("failure", "verify:integrity")
    finally:
        reg.close()


def test_a_digest_written_into_free_text_is_not_taken_for_a_recorded_output(stub_world):
    """The log's mentions of a digest are not its outputs: a generation entry whose request text
    names another file's digest does not make that file 'recorded'."""
    from creator.verify import verify

    out = stub_world.studio().generate(stub_world.request()).outputs[0]
    with _raw(stub_world) as raw:
        raw.execute("DELETE FROM outputs")
    # a second, likeness-free output whose project names the first file's digest
    stub_world.studio().generate(stub_world.request(prompt="a quiet harbour", project=out.sha256))
    reg = _fresh(stub_world)
    try:
        said = "; ".join(verify(out.path, settings=stub_world.settings, registry=reg).reasons)
        # the first generation entry lists it: tampering, named by that entry's seq, not by the decoy's
        assert "the signed audit log records this output" in said, said
    finally:
        reg.close()
