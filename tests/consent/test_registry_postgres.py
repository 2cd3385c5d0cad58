"""Registry on a real PostgreSQL server: "any SQLAlchemy URL" is not just SQLite.

One throwaway cluster per module (see ``tests/pg_server.py``), a fresh database per test.
Skipped when PostgreSQL is not installed, failed instead when ``$CI`` is set.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone

import pg_server
import pytest

from consent.errors import AuditChainBroken, RegistryError
from consent.policy import decide
from consent.records import canonical_json
from consent.registry import OutputRecord, Registry, schema_head
from consent.types import Likeness, LikenessSource

JANE = [Likeness(LikenessSource.DECLARED, "jane")]


#: Outputs are recorded at the registry's own clock (the real time), which re-checks the grant:
#: the grants recorded against must still be valid then, whatever the decision's test clock says.
RECORDED_BY = datetime(2100, 1, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def pg():
    with pg_server.postgres_server() as server:
        yield server


@pytest.fixture
def pg_url(pg) -> str:
    return pg.create_database()


@pytest.fixture
def reg(pg_url, audit_keys):
    r = Registry(pg_url, audit_keys=audit_keys, busy_timeout_s=5.0)
    yield r
    r.close()


@pytest.fixture
def with_jane(reg, person, keys):
    reg.add_subject(person.model_copy(update={"key_ids": ()}), keys=[keys.subject.public_key()])
    return reg


def _dbname(url: str) -> str:
    return url.split("/")[3].split("?")[0]


def test_migrates_empty_database_to_head_and_reopens(pg, pg_url, audit_keys):
    reg = Registry(pg_url, audit_keys=audit_keys)
    assert reg.engine.dialect.name == "postgresql"
    with pg.connect(_dbname(pg_url)) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchall() == [(schema_head(),)]
        tables = {r[0] for r in raw.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert {"subjects", "grants", "revocations", "usage_counters", "outputs", "audit_entries", "audit_head"} <= tables
    again = Registry(pg_url, audit_keys=audit_keys)  # already at head: opens without migrating again
    checked = Registry(pg_url, audit_keys=audit_keys, migrate=False)  # schema check only
    assert again.list_subjects() == [] and checked.verify_audit().ok
    for r in (reg, again, checked):
        r.close()


def test_subject_and_grant_round_trip_keep_the_digest(pg, pg_url, with_jane, make_grant, sign, keys):
    s = with_jane.get_subject("jane")
    assert with_jane.get_subject_by_ref(s.ref) == s
    signed = sign(make_grant(), (keys.subject, "self"))
    issued = with_jane.issue_grant(signed)
    got = with_jane.get_grant("g-123")
    assert got.signed == signed and got.revocation is None and got.usage == 0
    assert got.grant.digest() == signed.grant.digest() == issued.grant.digest()
    with pg.connect(_dbname(pg_url)) as raw:
        grant_json, sha = raw.execute("SELECT grant_json, sha256 FROM grants WHERE id = 'g-123'").fetchone()
    assert grant_json.encode() == canonical_json(signed.grant) and sha == signed.grant.digest()


def test_revocation_shows_in_the_snapshot(with_jane, make_grant, sign, keys, context, now, monkeypatch):
    import consent.registry as registry_module

    monkeypatch.setattr(registry_module, "_now", lambda: now)  # the registry's clock reads the tests' now
    with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    assert decide(JANE, context, with_jane.snapshot(["jane"], now), now).allowed
    with_jane.revoke_grant("g-123", "actor withdrew consent", "legal", at=now)
    snap = with_jane.snapshot(["jane"], now)
    (stored,) = snap.grants["jane"]
    assert stored.revocation is not None and stored.revocation.reason == "actor withdrew consent"
    assert stored.revocation.revoked_by == "legal" and stored.revocation.revoked_at == now
    assert not decide(JANE, context, snap, now).allowed
    with pytest.raises(RegistryError, match="already revoked"):
        with_jane.revoke_grant("g-123", "again", "legal")


def test_reads_inside_one_reading_see_one_snapshot(with_jane, make_grant, sign, keys, now, monkeypatch):
    """verify's reads share one REPEATABLE READ transaction: a revocation committed meanwhile is
    seen by the next reading, not half-way through this one (whose rows and audit check agree)."""
    import consent.registry as registry_module

    monkeypatch.setattr(registry_module, "_now", lambda: now)  # the registry's clock reads the tests' now
    with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    with with_jane.reading():
        assert with_jane.get_grant("g-123").revocation is None
        with_jane.revoke_grant("g-123", "actor withdrew consent", "legal", at=now)
        assert with_jane.get_grant("g-123").revocation is None
        assert with_jane.get_subject("jane").id == "jane"
    assert with_jane.get_grant("g-123").revocation is not None


def test_record_generation_counts_usage_and_audits_in_one_transaction(with_jane, make_grant, sign, keys, context, now, monkeypatch):
    with_jane.issue_grant(sign(make_grant(usage_cap=3, valid_until=RECORDED_BY), (keys.subject, "self")))
    d = decide(JANE, context, with_jane.snapshot(["jane"], now), now).require()
    before = len(with_jane.audit_entries())
    entry = with_jane.record_generation(d, [OutputRecord("c" * 64, "/out/c.png", "png", "urn:c2pa:1", "00ff00ff")])
    assert entry.kind == "generation" and entry.payload["decision"]["decision_id"] == d.decision_id
    assert with_jane.get_grant("g-123").usage == 1
    assert [e.seq for e in with_jane.audit_entries()][-1] == entry.seq == before + 1
    found = with_jane.find_output(watermark_payload="00ff00ff")
    assert found.sha256 == "c" * 64 and found.grant_ids == ("g-123",)

    # the audit append fails after usage and outputs were written: all of it rolls back
    def broken_audit(*_a, **_k):
        raise RuntimeError("disk full while appending the audit entry")

    monkeypatch.setattr(with_jane, "_audit", broken_audit)
    with pytest.raises(RuntimeError, match="disk full"):
        with_jane.record_generation(d, [OutputRecord("e" * 64, "/out/e.png", "png")])
    monkeypatch.undo()
    assert with_jane.get_grant("g-123").usage == 1
    assert with_jane.find_output(sha256="e" * 64) is None
    assert len(with_jane.audit_entries()) == before + 1 and with_jane.verify_audit().ok


_RACER = textwrap.dedent("""
    import sys
    from datetime import datetime, timezone
    from consent.errors import ConsentDenied
    from consent.policy import DecisionContext, decide
    from consent.audit import AuditKeys
    from consent.registry import OutputRecord, Registry
    from consent.types import Likeness, LikenessSource
    now = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
    ctx = DecisionContext(grantee="ACME Films", purpose="film_reshoot", operation="footage_edit",
                          media="still_image", territory="US", content_flags=frozenset(), project="Blue (2026)")
    reg = Registry(sys.argv[1], audit_keys=AuditKeys.load_or_create(sys.argv[3]))
    d = decide([Likeness(LikenessSource.DECLARED, "jane")], ctx, reg.snapshot(["jane"], now), now).require()
    print("ready", flush=True)
    sys.stdin.readline()  # both processes decided (usage 0 < cap 1); now race to record
    try:
        reg.record_generation(d, [OutputRecord(sys.argv[2] * 64, f"/out/{sys.argv[2]}.png", "png")])
        print("recorded", flush=True)
    except ConsentDenied as e:
        print("denied:", e, flush=True)
""")


def test_usage_cap_of_one_raced_by_two_processes_records_once(pg_url, with_jane, make_grant, sign, keys, keys_dir):
    with_jane.issue_grant(sign(make_grant(usage_cap=1, valid_until=RECORDED_BY), (keys.subject, "self")))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")]))}
    procs = [subprocess.Popen([sys.executable, "-c", _RACER, pg_url, tag, str(keys_dir)], env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for tag in ("a", "b")]
    try:
        for p in procs:
            line = p.stdout.readline()
            assert line.strip() == "ready", p.stderr.read()[-2000:]
        for p in procs:  # release both at once
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err[-2000:]
            results.append(out.strip())
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert sorted(r.split(":")[0] for r in results) == ["denied", "recorded"], results
    assert any("usage 1 + 1 outputs would exceed cap 1" in r for r in results), results
    assert with_jane.get_grant("g-123").usage == 1
    assert sum(with_jane.find_output(sha256=t * 64) is not None for t in "ab") == 1
    assert len(with_jane.audit_entries(kind="generation")) == 1
    assert with_jane.verify_audit().ok


def test_audit_chain_verifies_and_a_raw_sql_edit_is_named(pg, pg_url, with_jane, make_grant, sign, keys):
    with_jane.issue_grant(sign(make_grant(), (keys.subject, "self")))
    with_jane.add_name_exception("Claude Monet", "painter named for a style", "test")
    report = with_jane.verify_audit()
    assert report.ok and report.entries == 4 and report.first_broken is None  # baseline, jane, grant, name
    with pg.connect(_dbname(pg_url)) as raw:
        raw.execute("UPDATE audit_entries SET payload = replace(payload, 'g-123', 'g-999') WHERE seq = 3")
    broken = with_jane.verify_audit()
    assert not broken.ok and broken.first_broken == 3
    assert "audit entry 3 (grant_issued) was edited" in broken.message
    with pytest.raises(AuditChainBroken, match="audit entry 3"):
        broken.require()


def test_schema_from_the_future_is_refused(pg, pg_url, reg, audit_keys):
    reg.close()
    with pg.connect(_dbname(pg_url)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(RegistryError, match=f"schema revision '9999' is newer than this code \\(knows up to '{schema_head()}'\\)"):
        Registry(pg_url, audit_keys=audit_keys)
    with pytest.raises(RegistryError, match="schema revision '9999' is newer than this code"):
        Registry(pg_url, audit_keys=audit_keys, migrate=False)


def test_lock_held_past_the_timeout_gives_a_clear_error(pg, pg_url, with_jane, audit_keys):
    impatient = Registry(pg_url, audit_keys=audit_keys, busy_timeout_s=0.3)
    raw = pg.connect(_dbname(pg_url), autocommit=False)
    try:
        raw.execute("LOCK TABLE audit_head IN EXCLUSIVE MODE")  # another writer mid-transaction
        with pytest.raises(RegistryError, match=r"^database is locked \(another writer held it for more than 0.3 s\); "
                                                r"nothing was changed: try again$"):
            impatient.set_opt_out("jane")
        assert impatient.get_subject("jane").opt_out is False  # readers are not blocked
    finally:
        raw.rollback()
        raw.close()
    assert impatient.set_opt_out("jane").opt_out is True
    impatient.close()


def test_audit_page_mentions_escape_like_wildcards_on_postgres(reg):
    """The same LIKE ... ESCAPE query as on SQLite ("job_1" is not "jobX1")."""
    a = reg.record_failure(None, "scan", "a test failure", extra={"job_id": "job_1"})
    reg.record_failure(None, "scan", "a test failure", extra={"job_id": "jobX1"})
    assert [e.seq for e in reg.audit_page(mentions=["job_1"])] == [a.seq]


def test_job_progress_is_kept_for_an_open_job_and_goes_with_its_end_on_postgres(reg):
    """The advisory progress rows (migration 0015) on PostgreSQL: written in place for an open job
    of the writing service only, read back, and deleted in the transaction that records the end."""
    from consent.registry import JobProgress, JobRecord

    at = "2026-12-06T12:00:00Z"
    reg.add_job(JobRecord(id="job_pg1", owner="cli:x", state="queued", submitted_at=at, request_digest="a" * 64,
                          settings={"steps": 4}, service="h:1:s"))
    assert reg.mark_job_running("job_pg1", worker="w", started_at=at)
    assert reg.record_job_progress("h:2:other", [JobProgress("job_pg1", "h:2:other", "generate", 1, 4, None, at)]) == 0
    for done in (1, 2):
        assert reg.record_job_progress("h:1:s", [JobProgress("job_pg1", "h:1:s", "generate", done, 4, 3.5, at)]) == 1
    assert reg.job_progress(["job_pg1", "job_none"]) == {"job_pg1": JobProgress("job_pg1", "h:1:s", "generate", 2, 4, 3.5, at)}
    reg.finish_job("job_pg1", "failed", error="test")
    assert reg.job_progress(["job_pg1"]) == {}
    assert reg.record_job_progress("h:1:s", [JobProgress("job_pg1", "h:1:s", "generate", 3, 4, None, at)]) == 0
    assert reg.job_progress(["job_pg1"]) == {}


def test_job_watch_notes_are_kept_for_an_open_job_and_go_with_its_end_on_postgres(reg):
    """Another process's note that a page follows a job (migration 0016) on PostgreSQL."""
    from datetime import datetime, timezone

    from consent.registry import JobRecord

    at = "2026-12-06T12:00:00Z"
    reg.add_job(JobRecord(id="job_pg2", owner="ui:x", state="queued", submitted_at=at, request_digest="a" * 64,
                          settings={"steps": 4}, service="h:1:s"))
    assert reg.note_jobs_watched(["job_pg2", "job_none"], at) == 1
    assert reg.note_jobs_watched(["job_pg2"], "2026-12-06T12:00:05Z") == 1
    assert reg.jobs_watched(["job_pg2", "job_none"]) == {"job_pg2": datetime(2026, 12, 6, 12, 0, 5, tzinfo=timezone.utc)}
    reg.finish_job("job_pg2", "failed", error="test")
    assert reg.jobs_watched(["job_pg2"]) == {} and reg.note_jobs_watched(["job_pg2"], at) == 0
