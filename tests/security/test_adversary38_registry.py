"""Red team 38: today's registry changes (Registry._held / _state_at, logged_output's time
window found by bisection, list_jobs on IntegrityState.open_jobs, proven_personas' synthetic marker).

Strict xfails are findings (what a user should get); plain tests are attacks that held.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from sqlalchemy import text

import consent.registry as registry_module
from consent.audit import AuditKeys
from consent.errors import NotFound
from consent.integrity import IntegrityFailure
from consent.likeness import MODEL_NAME
from consent.policy import DecisionContext, decide
from consent.registry import OutputRecord, Registry

T0 = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)


@pytest.fixture
def reg(tmp_path):
    r = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    yield r
    r.close()


def _record(reg, monkeypatch, when: datetime, n: int) -> str:
    monkeypatch.setattr(registry_module, "_now", lambda: when)
    ctx = DecisionContext(grantee="ACME", purpose="advertising", operation="likeness_generation",
                          media="still_image", territory="US", content_flags=frozenset(), project="p")
    dec = decide([], ctx, reg.snapshot([], when), when)
    digest = f"ab{n:062x}"  # hex letters: a case edit changes it
    reg.record_generation(dec, [OutputRecord(digest, f"/out/{n}.png", "png", manifest_id=f"urn:c2pa:{n}")])
    return digest


def _forget_rows(reg):
    """Red team 34's database editor: the output rows and the mentions index go."""
    with reg.engine.begin() as conn:
        conn.execute(text("DELETE FROM outputs"))
        conn.execute(text("DELETE FROM audit_mentions"))


def _seq_of(reg, digest: str) -> int:
    with reg.engine.connect() as conn:
        return int(conn.execute(text("SELECT seq FROM audit_entries WHERE kind = 'generation' AND payload LIKE :l"),
                                {"l": f'%"{digest}"%'}).scalar())


def _found_or_tamper_reported(reg, digest, decided_at) -> bool:
    """``decided_at``: the decision time the file's manifest gives, which the withdrawn window
    bounded the scan by; the scan now reads the whole log whatever it is."""
    try:
        e = reg.logged_output(sha256=digest)
    except IntegrityFailure:
        return True
    return e is not None and e.payload["outputs"][0]["sha256"] == digest


# ---------------------------------------------------------------- 2. logged_output: its window, withdrawn
def test_editing_other_entries_times_cannot_hide_a_deleted_output(reg, monkeypatch):
    digests = [_record(reg, monkeypatch, T0 + timedelta(days=10 * i), i) for i in range(1, 30)]
    target = digests[2]
    k = _seq_of(reg, target)
    _forget_rows(reg)
    assert _found_or_tamper_reported(reg, target, T0 + timedelta(days=30))  # premise: found before the edit
    with reg.engine.begin() as conn:  # the editor: the times of the LATER entries only, nothing of entry k
        conn.execute(text("UPDATE audit_entries SET at = '2000-01-01T00:00:00Z' WHERE seq > :k"), {"k": k})
    # the generation entry itself is intact and signed: the user must still learn its row was removed
    assert _found_or_tamper_reported(reg, target, T0 + timedelta(days=30))


def test_a_clock_set_back_does_not_hide_a_deleted_output(reg, monkeypatch):
    later = T0 + timedelta(days=60)
    target = _record(reg, monkeypatch, later, 1)  # generated while the clock said T0+60d
    for n in range(2, 40):  # then the clock is corrected back by 60 days; the studio goes on working
        _record(reg, monkeypatch, T0 + timedelta(minutes=n), n)
    _forget_rows(reg)
    assert reg.logged_output(sha256=target) is not None  # premise: the whole log holds it
    assert _found_or_tamper_reported(reg, target, later)


def test_edited_time_of_the_generation_entry_itself_is_reported(reg, monkeypatch):
    """The editor moves the listing entry's own time out of the window (its neighbours' are honest);
    the user must learn of it (IntegrityFailure) or get the entry."""
    digests = [_record(reg, monkeypatch, T0 + timedelta(days=10 * i), i) for i in range(1, 6)]
    target = digests[2]
    k = _seq_of(reg, target)
    _forget_rows(reg)
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET at = '2000-01-01T00:00:00Z' WHERE seq = :k"), {"k": k})
    assert _found_or_tamper_reported(reg, target, T0 + timedelta(days=30))


def test_an_edited_entry_inside_the_window_is_reported_not_skipped(reg, monkeypatch):
    """Held: the listing entry's digest letters changed (so it no longer lists the output) is named."""
    d = _record(reg, monkeypatch, T0, 1)
    _record(reg, monkeypatch, T0 + timedelta(hours=1), 2)
    k = _seq_of(reg, d)
    _forget_rows(reg)
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET payload = replace(payload, :d, upper(:d)) WHERE seq = :k"),
                     {"d": d, "k": k})
    with pytest.raises(IntegrityFailure):
        reg.logged_output(sha256=d)


# ---------------------------------------------------------------- 1. _held / _state_at under concurrency
def test_a_read_begun_before_another_threads_grant_is_not_told_tampering(stub_world):
    w, reg = stub_world, stub_world.registry
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    with reg.reading():
        assert [g.id for g in reg.list_grants("jane")] == ["g-jane-1"]  # this read's snapshot
        other = threading.Thread(target=lambda: (w.issue_grant("jane", "g-jane-2"), reg.people_version()))
        other.start()
        other.join(timeout=30)
        assert not other.is_alive()
        with pytest.raises(NotFound):
            reg.get_grant("g-jane-2")
    assert reg.get_grant("g-jane-2").id == "g-jane-2"


def test_a_real_tampering_is_still_reported_while_another_thread_writes(stub_world):
    """Held: the re-check against the snapshot's own state still names a row edited behind the log."""
    w, reg = stub_world, stub_world.registry
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    with reg.engine.begin() as conn:
        conn.execute(text("INSERT INTO revocations (grant_id, revoked_at, reason, revoked_by, recorded_at) VALUES "
                          "('g-jane-1', '2026-01-01T00:00:00Z', 'forged', 'editor', '2026-01-01T00:00:00Z')"))
    with reg.reading():
        with pytest.raises(IntegrityFailure):
            reg.list_grants("jane")
        other = threading.Thread(target=lambda: (w.add_person("bob", "Bob Roe"), reg.people_version()))
        other.start()
        other.join(timeout=30)
        assert not other.is_alive()
        with pytest.raises(IntegrityFailure):  # the shared state is now past this snapshot: _state_at path
            reg.list_grants("jane")
        with pytest.raises(IntegrityFailure):
            reg.get_grant("g-jane-1")


# ---------------------------------------------------------------- 3. proven_personas / synthetic
def test_a_template_without_the_synthetic_marker_proves_nothing(stub_world):
    reg = stub_world.registry
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    reg.add_face_template("nova", np.ones(8, np.float32), "e" * 64, 120, 0.9, MODEL_NAME)
    assert reg.proven_personas(["nova"]) == frozenset()


def test_a_database_edit_of_a_proving_template_is_reported(stub_world):
    reg = stub_world.registry
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    tid = reg.add_face_template("nova", np.ones(8, np.float32), "e" * 64, 120, 0.9, MODEL_NAME, synthetic=True)
    assert reg.proven_personas(["nova"]) == frozenset({"nova"})
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE face_templates SET embedding = :e WHERE id = :i"),
                     {"e": np.full(8, 3, np.float32).tobytes(), "i": tid})
    with pytest.raises(IntegrityFailure):
        reg.proven_personas(["nova"])


# ---------------------------------------------------------------- 3. list_jobs on the signed log
def _job(i: int, owner: str = "ui:carl"):
    from consent.records import format_time
    from consent.registry import JobRecord

    return JobRecord(id=f"job_{i}", owner=owner, state="queued", submitted_at=format_time(datetime.now(timezone.utc)),
                     request_digest="ab" * 32, settings={"prompt": "a harbour"}, service="host:1:x")


def test_an_ended_job_moved_to_another_owner_is_named_even_without_the_mentions_index(reg):
    reg.add_job(_job(1))
    reg.add_job(_job(2))
    reg.finish_job("job_2", "failed", error="x")
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE jobs SET owner = 'ui:ana' WHERE id = 'job_2'"))
        conn.execute(text("DELETE FROM audit_mentions WHERE mention = 'ui:carl'"))
    problems: list[str] = []
    got = [j.id for j in reg.list_jobs(owner="ui:carl", states=["done", "denied", "failed", "cancelled"],
                                       problems=problems)]
    assert "job_2" in got or any("job_2" in p for p in problems), (got, problems)


def test_an_ended_job_moved_to_another_owner_is_named(reg):
    """Held (with the mentions index intact): the owner's signed job_submitted entries select it."""
    reg.add_job(_job(1))
    reg.add_job(_job(2))
    reg.finish_job("job_2", "failed", error="x")
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE jobs SET owner = 'ui:ana' WHERE id = 'job_2'"))
    problems: list[str] = []
    got = [j.id for j in reg.list_jobs(owner="ui:carl", states=["done", "denied", "failed", "cancelled"],
                                       problems=problems)]
    assert "job_2" not in got and any("job_2" in p for p in problems), (got, problems)


# ---------------------------------------------------------------- 3. proven_personas: mixed templates
def test_an_unverified_template_beside_a_verified_one_is_not_proof(stub_world):
    reg = stub_world.registry
    stub_world.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
    reg.add_face_template("nova", np.ones(8, np.float32), "e" * 64, 120, 0.9, MODEL_NAME)  # before the check
    assert reg.proven_personas(["nova"]) == frozenset()
    reg.add_face_template("nova", np.full(8, 2, np.float32), "f" * 64, 120, 0.9, MODEL_NAME, synthetic=True)
    assert reg.proven_personas(["nova"]) == frozenset()  # its faces are not all shown synthetic


# ---------------------------------------------------------------- 1. grant_uses under concurrency
def test_a_read_begun_before_another_threads_use_of_a_grant_counts_its_own_snapshot(stub_world):
    w, reg = stub_world, stub_world.registry
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1")
    studio = w.studio()
    studio.generate(w.request(subjects=("jane",)))
    with reg.reading():
        assert reg.get_grant("g-jane-1").usage == 1  # this read's snapshot
        other = threading.Thread(target=lambda: (studio.generate(w.request(subjects=("jane",), seed=8)),
                                                 reg.people_version()))
        other.start()
        other.join(timeout=60)
        assert not other.is_alive()
        page = reg.grant_uses("g-jane-1")
        assert (page.outputs, page.counted) == (1, 1)
