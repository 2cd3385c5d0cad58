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
