"""``Registry.list_jobs`` selects by what the signed log says (red team 36b): a job row whose
owner or state column was rewritten behind the log is named, never silently left out of its
owner's listing or of the job service's recovery read; the log's open jobs (queued, not ended)
are part of the replayed integrity state, also when that state starts from a snapshot written
before it kept them."""

from __future__ import annotations

import gzip
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from consent.records import format_time
from consent.registry import JobRecord, Registry
from consent.settings import Settings


def _job(i: int, owner: str = "ui:carl") -> JobRecord:
    return JobRecord(id=f"job_{i}", owner=owner, state="queued", submitted_at=format_time(datetime.now(timezone.utc)),
                     request_digest="ab" * 32, settings={"prompt": "a harbour"}, service="host:1:x")


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path / "data")


def _edit(settings, sql: str) -> Registry:
    r = Registry.from_settings(settings)
    with r.engine.begin() as conn:
        conn.execute(text(sql))
    r.close()
    return Registry.from_settings(settings)


def _fill(settings) -> None:
    r = Registry.from_settings(settings)
    try:
        r.add_job(_job(1))
        r.add_job(_job(2))
        r.finish_job("job_2", "failed", error="x")
        r.add_job(_job(3, owner="ui:ana"))
    finally:
        r.close()


@pytest.mark.parametrize("sql, read", [
    ("UPDATE jobs SET state = 'failed' WHERE id = 'job_1'", dict(states=["queued"], limit=None)),
    ("UPDATE jobs SET owner = 'ui:ana' WHERE id = 'job_2'", dict(owner="ui:carl")),
    ("UPDATE jobs SET service = 'host:2:y' WHERE id = 'job_1'", dict(service="host:1:x", states=["queued"])),
])
def test_a_row_rewritten_out_of_a_filter_is_named(settings, sql, read):
    _fill(settings)
    reg = _edit(settings, sql)
    try:
        problems: list[str] = []
        got = [j.id for j in reg.list_jobs(problems=problems, **read)]
        assert any("job_1" in p or "job_2" in p for p in problems), (got, problems)
        with pytest.raises(Exception, match="registry integrity failure"):
            reg.list_jobs(**read)  # without problems=: fails closed
    finally:
        reg.close()


def test_untouched_rows_list_as_before(settings):
    _fill(settings)
    reg = Registry.from_settings(settings)
    try:
        problems: list[str] = []
        assert [j.id for j in reg.list_jobs(owner="ui:carl", problems=problems)] == ["job_2", "job_1"]
        assert [j.id for j in reg.list_jobs(states=["queued"], limit=None, problems=problems)] == ["job_3", "job_1"]
        assert [j.id for j in reg.list_jobs(owner="ui:carl", states=["failed"], limit=1)] == ["job_2"]
        assert [j.id for j in reg.list_jobs(owner="ui:carl", limit=1)] == ["job_2"]
        assert problems == []
    finally:
        reg.close()


def test_a_snapshot_written_before_open_jobs_were_kept_reads_them_from_the_log(settings):
    _fill(settings)
    reg = Registry.from_settings(settings)
    try:
        reg._write_snapshot()
        with reg.engine.begin() as conn:
            seq, data = conn.execute(text("SELECT seq, state FROM state_snapshots ORDER BY seq DESC LIMIT 1")).one()
            d = json.loads(gzip.decompress(bytes(data)))
            assert d["open_jobs"].keys() == {"job_1", "job_3"}
            del d["open_jobs"], d["jobs_from"]  # as an older studio wrote it
            old = gzip.compress(json.dumps(d, sort_keys=True, separators=(",", ":")).encode(), mtime=0)
            conn.execute(text("UPDATE state_snapshots SET state = :s, sig = :g WHERE seq = :q"),
                         {"s": old, "g": reg._keys.sign_bytes(old), "q": seq})
    finally:
        reg.close()
    reg = _edit(settings, "UPDATE jobs SET state = 'failed' WHERE id = 'job_1'")
    try:
        with reg.engine.connect() as conn:  # premise: the state starts from that older snapshot
            assert reg._load_snapshot(conn).jobs_from > 0
        problems: list[str] = []
        reg.list_jobs(states=["queued"], limit=None, problems=problems)
        assert any("job_1" in p for p in problems), problems
        assert reg._state.jobs_from == 0 and set(reg._state.open_jobs) == {"job_1", "job_3"}
    finally:
        reg.close()


# ---------------------------------------------------------------- an owner's ended jobs (red team 38)
def _hide(settings, job_id: str, owner: str) -> Registry:
    """The editor: the ended job's owner column rewritten, the owner's mentions index rows deleted."""
    r = Registry.from_settings(settings)
    with r.engine.begin() as conn:
        conn.execute(text("UPDATE jobs SET owner = 'ui:ana' WHERE id = :j"), {"j": job_id})
        conn.execute(text("DELETE FROM audit_mentions WHERE mention = :o"), {"o": owner})
    r.close()
    return Registry.from_settings(settings)


def test_a_snapshot_written_before_owners_jobs_were_kept_reads_them_from_the_log(settings):
    _fill(settings)
    reg = Registry.from_settings(settings)
    try:
        reg._write_snapshot()
        with reg.engine.begin() as conn:
            seq, data = conn.execute(text("SELECT seq, state FROM state_snapshots ORDER BY seq DESC LIMIT 1")).one()
            d = json.loads(gzip.decompress(bytes(data)))
            assert d["owner_jobs"]["ui:carl"] == {"count": 2, "newest": ["job_1", "job_2"]}
            del d["owner_jobs"]  # as the studio before red team 38's fix wrote it (open jobs, no owners' jobs)
            old = gzip.compress(json.dumps(d, sort_keys=True, separators=(",", ":")).encode(), mtime=0)
            conn.execute(text("UPDATE state_snapshots SET state = :s, sig = :g WHERE seq = :q"),
                         {"s": old, "g": reg._keys.sign_bytes(old), "q": seq})
    finally:
        reg.close()
    reg = _hide(settings, "job_2", "ui:carl")
    try:
        with reg.engine.connect() as conn:  # premise: the state starts from that older snapshot
            assert reg._load_snapshot(conn).jobs_from > 0
        problems: list[str] = []
        reg.list_jobs(owner="ui:carl", states=["failed"], problems=problems)
        assert any("job_2" in p for p in problems), problems
        assert reg._state.jobs_from == 0 and reg._state.owner_jobs["ui:carl"]["newest"] == ["job_1", "job_2"]
        with reg.engine.connect() as conn:  # read once per database: the snapshot now keeps them
            assert reg._load_snapshot(conn).owner_jobs["ui:carl"]["count"] == 2
    finally:
        reg.close()


def test_an_owner_keeps_only_the_newest_jobs_in_the_state_and_older_ones_list_through_the_index(settings, monkeypatch):
    import consent.integrity

    monkeypatch.setattr(consent.integrity, "OWNER_JOBS_KEPT", 2)
    r = Registry.from_settings(settings)
    try:
        for i in range(1, 6):
            r.add_job(_job(i))
            r.finish_job(f"job_{i}", "failed", error="x")
        r.list_jobs(owner="ui:carl")
        assert r._state.owner_jobs["ui:carl"] == {"count": 5, "newest": ["job_4", "job_5"]}
        problems: list[str] = []
        assert [j.id for j in r.list_jobs(owner="ui:carl", states=["failed"], limit=None, problems=problems)] == \
            ["job_5", "job_4", "job_3", "job_2", "job_1"]
        assert problems == []
    finally:
        r.close()
    # the editor moves the oldest job to another owner and deletes its index rows: the listing
    # of all the owner's jobs reads past the kept ones, through the index, and names the gap
    reg = _hide(settings, "job_1", "ui:carl")
    try:
        problems = []
        got = [j.id for j in reg.list_jobs(owner="ui:carl", states=["failed"], limit=None, problems=problems)]
        assert "job_1" not in got and any("audit mentions index" in p and "ui:carl" in p for p in problems), problems
        with pytest.raises(Exception, match="registry integrity failure"):
            reg.list_jobs(owner="ui:carl", states=["failed"], limit=None)
        # the newest ones are chosen from the signed state alone: listed, nothing named
        problems = []
        assert [j.id for j in reg.list_jobs(owner="ui:carl", states=["failed"], limit=2, problems=problems)] == \
            ["job_5", "job_4"] and problems == []
    finally:
        reg.close()


def test_an_owner_name_the_index_does_not_hold_lists_its_older_jobs_from_the_log(settings, monkeypatch):
    import consent.integrity

    monkeypatch.setattr(consent.integrity, "OWNER_JOBS_KEPT", 1)
    owner = "ui:carl smith"  # white space: not in the mentions index
    r = Registry.from_settings(settings)
    try:
        for i in range(1, 4):
            r.add_job(_job(i, owner=owner))
            r.finish_job(f"job_{i}", "failed", error="x")
        problems: list[str] = []
        assert [j.id for j in r.list_jobs(owner=owner, states=["failed"], limit=None, problems=problems)] == \
            ["job_3", "job_2", "job_1"] and problems == []
        with r.engine.begin() as conn:  # the editor: job_1 moved away, its job_submitted entry's kind column renamed
            conn.execute(text("UPDATE jobs SET owner = 'ui:ana' WHERE id = 'job_1'"))
            conn.execute(text("UPDATE audit_entries SET kind = 'note' WHERE kind = 'job_submitted' "
                              "AND payload LIKE '%\"job_1\"%'"))
        got = [j.id for j in r.list_jobs(owner=owner, states=["failed"], limit=None, problems=problems)]
        assert got == ["job_3", "job_2"] and any(owner in p and "2 of them" in p for p in problems), problems
    finally:
        r.close()
