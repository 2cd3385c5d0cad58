"""Progress rows written behind the studio (red team, session 55, F5).

``job_progress`` is advisory and outside the signed log, so a database editor may write anything
into it; what they must not do is hide every running job's progress with one row. Text that is
not UTF-8 (``CAST(x'67656eff' AS TEXT)``) in one row's ``stage``, ``service`` or ``reported_at``
made the whole read fail (SQLite's driver decodes a column as it fetches the rows), so no job
showed its step; a time left of 1e308 s printed a 309-digit number. Now each row is read on its
own (an undecodable one is left out and logged) and a time left of more than a day is unknown."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from consent.registry import JobProgress, JobRecord
from creator.cli import cli
from creator.cli._common import CliState
from creator.jobs.manager import stored_views
from creator.jobs.model import ETA_MAX_S

SERVICE = "studio-b.elsewhere:4242:deadbeef"  # another host's service: alive as far as this host can tell


def _running(w, *reports: tuple[str, float | None]):
    reg = w.registry
    now = datetime.now(timezone.utc).isoformat()
    for job_id, _eta in reports:
        reg.add_job(JobRecord(id=job_id, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                              request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []},
                              service=SERVICE))
        assert reg.mark_job_running(job_id, worker="w1")
    assert reg.record_job_progress(SERVICE, [JobProgress(job_id, SERVICE, "generate", 7, 40, eta, now)
                                             for job_id, eta in reports]) == len(reports)
    return reg


def _raw(w):
    return sqlite3.connect(w.settings.data_dir / "consent.db", isolation_level=None)


def _list(w, reg) -> dict[str, str]:
    listed = CliRunner().invoke(cli, ["jobs", "list"], obj=CliState(settings=w.settings, _registry=reg))
    assert listed.exit_code == 0, listed.output
    return {line.split()[0]: line for line in listed.output.splitlines() if line.startswith("job_")}


@pytest.mark.parametrize("column", ["stage", "service", "reported_at"])
def test_one_undecodable_progress_row_leaves_the_other_jobs_progress_shown(stub_world, column, caplog):
    reg = _running(stub_world, ("job_victim", 12.0), ("job_other", 30.0))
    with _raw(stub_world) as raw:
        raw.execute(f"UPDATE job_progress SET {column} = CAST(x'67656eff' AS TEXT) WHERE job_id = 'job_victim'")

    with caplog.at_level(logging.WARNING, logger="consent.registry"):
        assert set(reg.job_progress(["job_victim", "job_other"])) == {"job_other"}
    assert any("job_victim" in r.getMessage() for r in caplog.records)
    views = {v.id: v for v in stored_views(reg, reg.list_jobs(states=["running"]))}
    assert (views["job_other"].stage, views["job_other"].done, views["job_other"].total) == ("generate", 7, 40)
    assert views["job_victim"].stage is None and views["job_victim"].state == "running"
    rows = _list(stub_world, reg)
    assert "generate 7/40" in rows["job_other"] and "generate" not in rows["job_victim"]


@pytest.mark.parametrize("eta", [1e308, ETA_MAX_S * 2])
def test_a_time_left_of_more_than_a_day_is_unknown(stub_world, eta):
    reg = _running(stub_world, ("job_far", eta), ("job_near", 3_600.0))
    views = {v.id: v for v in stored_views(reg, reg.list_jobs(states=["running"]))}
    assert views["job_far"].stage == "generate" and views["job_far"].eta_s is None
    assert 3_500 < views["job_near"].eta_s <= 3_600
    rows = _list(stub_world, reg)
    assert "generate 7/40, time left unknown" in rows["job_far"] and len(rows["job_far"]) < 200
    assert "time left ~3" in rows["job_near"]


@pytest.mark.parametrize(("reported", "words"), [("0001-01-01T00:00:00+00:00", "for more than a year"),
                                                 (None, "for 3 h 00 min")], ids=["year 1", "three hours"])
def test_a_long_silence_is_said_in_words(stub_world, reported, words):
    """(session 56) A row dated year 1 printed "no progress report from its job service for
    63871286400s"; a silence of hours or more reads in hours, days or "more than a year"."""
    from datetime import timedelta

    from creator.ui.jobs_view import job_markdown

    reg = _running(stub_world, ("job_quiet", 12.0))
    when = reported or (datetime.now(timezone.utc) - timedelta(hours=3, seconds=10)).isoformat()
    with _raw(stub_world) as raw:
        raw.execute("UPDATE job_progress SET reported_at = ? WHERE job_id = 'job_quiet'", (when,))
    line = _list(stub_world, reg)["job_quiet"]
    shown = CliRunner().invoke(cli, ["jobs", "show", "job_quiet"], obj=CliState(settings=stub_world.settings, _registry=reg))
    assert f"no progress report from its job service {words} (the last at" in shown.output, shown.output
    (view,) = stored_views(reg, reg.list_jobs(states=["running"]))
    assert f"has sent no progress {words};" in job_markdown(view)
    assert f"no progress report from its job service {words} (the last at" in line, line


def test_job_watch_rows_written_behind_the_studio_are_left_out_one_by_one(stub_world, caplog):
    """(session 56) The notes that a page of another studio process follows a job (job_watch,
    migration 0016) are advisory: one that is not a time is left out and logged, the others read;
    a job that ended gets no note, and its note goes with its end."""
    reg = _running(stub_world, ("job_a", 12.0), ("job_b", 30.0))
    at = datetime.now(timezone.utc).isoformat()
    assert reg.note_jobs_watched(["job_a", "job_b", "job_nobody"], at) == 2
    with _raw(stub_world) as raw:
        raw.execute("UPDATE job_watch SET watched_at = CAST(x'67656eff' AS TEXT) WHERE job_id = 'job_a'")
    with caplog.at_level(logging.WARNING, logger="consent.registry"):
        assert set(reg.jobs_watched(["job_a", "job_b"])) == {"job_b"}
    assert any("job_a" in r.getMessage() for r in caplog.records)
    with _raw(stub_world) as raw:
        raw.execute("UPDATE job_watch SET watched_at = '2026-12-06 12:00' WHERE job_id = 'job_a'")  # no zone
    assert set(reg.jobs_watched(["job_a", "job_b"])) == {"job_b"}
    reg.finish_job("job_b", "failed", error="test")
    assert reg.jobs_watched(["job_b"]) == {} and reg.note_jobs_watched(["job_b"], at) == 0
    with pytest.raises(Exception, match="RFC 3339"):
        reg.note_jobs_watched(["job_a"], "2026-12-06 12:00")
