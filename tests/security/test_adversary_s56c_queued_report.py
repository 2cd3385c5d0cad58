"""Red team of session 56, third pass: a service's last word is a "queued" report, and it was thrown away.

Since session 56 a job service writes a ``job_progress`` row with stage ``queued`` for each
queued job (its place in the queue), heart-beating it every 10 s. ``_with_report`` ignores any
report whose stage is not in ``STAGES`` for a ``running`` row, and ``_with_place`` drops a stale
queued report without a word. So when a service of another host stops (killed, hung dispatcher
thread, lost database) right after it marked a job running but before it wrote a running-stage
report, the job's last report is the queued one: it is shown running ("running, starting
(estimated time left unknown)") forever, never "its job service has sent no progress for 10 min;
it may have stopped" as the same job is shown when its last report says "generate". The service's
last report time is known; the view hides it. Likewise a queued job of a silent service reads
"queued, position ?" forever with nothing telling the user its service is gone.

Severity: low (a dead service's job looks alive from other processes; no consent effect).
Fix: in ``_with_report``, for a ``running`` row take any report of its own service (the queued
one included) as the service's last word: stale -> ``silent_s``; fresh non-STAGES -> as now.
For a queued row, a stale queued report -> ``silent_s`` too (and ``job_markdown``/``jobs list``
say it for queued jobs).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from click.testing import CliRunner

from consent.registry import JobProgress, JobRecord
from creator.cli import cli
from creator.cli._common import CliState
from creator.jobs.manager import stored_views
from creator.ui.jobs_view import job_markdown

SERVICE = "studio-b.elsewhere:4242:deadbeef"  # another host's service: alive as far as this host can tell


def _job(w, job_id: str, *, running: bool, stage: str, ago_s: float) -> None:
    reg = w.registry
    reg.add_job(JobRecord(id=job_id, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []}, service=SERVICE))
    if running:
        assert reg.mark_job_running(job_id, worker="w1")
    at = (datetime.now(timezone.utc) - timedelta(seconds=ago_s)).isoformat()
    assert reg.record_job_progress(SERVICE, [JobProgress(job_id, SERVICE, stage, 1, 3, 5.0, at)]) == 1


def test_a_running_job_whose_last_report_is_its_queued_one_shows_its_service_silent(stub_world):
    _job(stub_world, "job_gen", running=True, stage="generate", ago_s=600)   # the control
    _job(stub_world, "job_q", running=True, stage="queued", ago_s=600)      # died right after it started
    views = {v.id: v for v in stored_views(stub_world.registry, stub_world.registry.list_jobs(states=["running"]))}
    assert views["job_gen"].silent_s is not None and views["job_gen"].silent_s >= 590  # held
    assert "may have stopped" in job_markdown(views["job_gen"])
    # FAILS today: the service's last word, ten minutes old, is ignored; the job looks healthy
    assert views["job_q"].silent_s is not None and views["job_q"].silent_s >= 590, job_markdown(views["job_q"])
    assert "may have stopped" in job_markdown(views["job_q"])
    listed = CliRunner().invoke(cli, ["jobs", "list"], obj=CliState(settings=stub_world.settings,
                                                                    _registry=stub_world.registry))
    (row,) = [x for x in listed.output.splitlines() if x.startswith("job_q ")]
    assert "it may have stopped" in row, row


def test_a_queued_job_whose_service_went_silent_says_so(stub_world):
    _job(stub_world, "job_wait", running=False, stage="queued", ago_s=3600)
    (view,) = stored_views(stub_world.registry, [stubbed for stubbed in stub_world.registry.list_jobs(states=["queued"])])
    assert view.position is None  # held: a stale place is not shown
    # FAILS today: "queued, position ? in the queue" for an hour, nothing says its service is silent
    assert view.silent_s is not None and view.silent_s >= 3590, job_markdown(view)
