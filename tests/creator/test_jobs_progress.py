"""A running job's progress as other processes see it: the copy its job service writes to the
registry (``job_progress``, migration 0015; advisory, outside the signed log).

The job runs in this process's job service on a real studio (SQLite registry, c2pa, watermark,
audit); ``jobs show`` / ``jobs list`` run as another process (a subprocess on the same data dir)
or on a registry of their own over the same database file, so nothing is read from the running
service's memory. A job whose service was killed must never look alive from its last report.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from consent.errors import RecordInvalid
from consent.registry import JobProgress, Registry
from creator.jobs import JobManager, JobSettings, JobState
from creator.jobs.manager import stored_views
from creator.jobs.model import PROGRESS_EVERY_S, PROGRESS_STALE_S
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, request_fields, wait_until, warm_up
from jobs_support import reported as _reported
from jobs_support import gate, make_jobs  # noqa: F401 (the fixtures)

ROOT = Path(__file__).resolve().parents[2]


def _request(**over) -> GenerationRequest:
    return GenerationRequest.build(**request_fields(**over))


def _cli(settings, registry, *args):
    """``consent-studio ARGS`` on its own registry over the same database (what another process reads)."""
    from click.testing import CliRunner

    from creator.cli import cli
    from creator.cli._common import CliState

    return CliRunner().invoke(cli, list(args), obj=CliState(settings=settings, _registry=registry))


def _cli_process(settings, *args) -> subprocess.CompletedProcess:
    """``consent-studio ARGS`` in a process of its own on the test's data dir."""
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(ROOT),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    return subprocess.run([sys.executable, "-c", "import sys; from creator.console import main; main(sys.argv[1:])", *args],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.fixture
def other(stub_world):
    """A registry of its own over the world's database file (another process's view of it)."""
    reg = Registry.from_settings(stub_world.settings)
    yield reg
    reg.close()


# ----------------------------------------------------------------------------- another process reads it
def test_jobs_show_and_list_in_another_process_show_the_running_jobs_step(make_jobs, gate, stub_world, other):
    jobs = make_jobs(SteppedEngine(gate=str(gate), hold_from=3), grace_s=60)
    job = jobs.submit(_request(steps=40), owner="ui:ana")
    _reported(other, job.id, done=3)  # held after three of forty steps

    shown = _cli_process(stub_world.settings, "jobs", "show", job.id)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"{job.id}: running (owner ui:ana")
    (line,) = [x for x in shown.stdout.splitlines() if x.startswith("  progress: ")]
    assert line.startswith("  progress: generate 3/40, time left ") and "(reported " in line

    listed = _cli(stub_world.settings, other, "jobs", "list")
    assert listed.exit_code == 0, listed.output
    (row,) = [x for x in listed.stdout.splitlines() if x.startswith(job.id)]
    assert row.split()[1] == "running" and "generate 3/40" in row
    as_json = json.loads(_cli(stub_world.settings, other, "jobs", "show", job.id, "--json").stdout)
    assert (as_json["state"], as_json["stage"], as_json["done"], as_json["total"]) == ("running", "generate", 3, 40)
    assert as_json["reported_at"] and as_json["silent_s"] is None

    gate.unlink()
    assert jobs.wait(job.id, timeout=60, recorded=True).state is JobState.DONE
    # a job that ended shows its end: its report went with the end, in the same transaction
    assert other.job_progress([job.id]) == {}
    ended = json.loads(_cli(stub_world.settings, other, "jobs", "show", job.id, "--json").stdout)
    assert ended["state"] == "done" and ended["stage"] is None and ended["reported_at"] is None
    assert "progress:" not in _cli(stub_world.settings, other, "jobs", "show", job.id).stdout


def test_another_studio_on_the_same_database_follows_the_job_with_its_time_left(make_jobs, gate, stub_world):
    from creator.jobs.local import LocalPool
    from creator.studio import Studio

    jobs = make_jobs(SteppedEngine(gate=str(gate), hold_from=2), grace_s=60)
    job = jobs.submit(_request(steps=10), owner="ui:ana")
    reg = Registry.from_settings(stub_world.settings)
    second = JobManager(LocalPool(Studio(stub_world.settings, registry=reg, engines={})), reg)  # another service
    try:
        _reported(reg, job.id, done=2)
        seen = second.get(job.id)
        assert (seen.state, seen.stage, seen.done, seen.total) == (JobState.RUNNING, "generate", 2, 10)
        assert seen.reported_at is not None and seen.silent_s is None
        mine = [j for j in second.list("ui:ana") if j.id == job.id]  # a reloaded page finds it to follow
        assert [(j.state, j.stage, j.done) for j in mine] == [(JobState.RUNNING, "generate", 2)]
        assert second.list("ui:ben") == []
    finally:
        gate.unlink()
        jobs.wait(job.id, timeout=60, recorded=True)
        assert second.get(job.id).state is JobState.DONE and second.get(job.id).stage is None
        second.close()
        reg.close()


def test_a_queued_job_shows_its_place_and_wait_in_another_process(make_jobs, gate, stub_world, other):
    """(session 56) A queued job read from another studio process or `jobs list` showed "queued"
    with no place in the queue and no wait: its service now reports them beside its running jobs'
    progress (stage "queued", k of N)."""
    from creator.jobs.local import LocalPool
    from creator.studio import Studio

    jobs = make_jobs(SteppedEngine(gate=str(gate), hold_from=1), grace_s=60)
    running = jobs.submit(_request(steps=10), owner="ui:ana")
    _reported(other, running.id, done=1)
    first = jobs.submit(_request(steps=10), owner="ui:ben")
    second = jobs.submit(_request(steps=10), owner="ui:carl")
    assert (jobs.get(second.id).position, jobs.get(first.id).position) == (2, 1)
    _reported(other, second.id, stage="queued", done=2)

    reg = Registry.from_settings(stub_world.settings)
    page = JobManager(LocalPool(Studio(stub_world.settings, registry=reg, engines={})), reg)
    try:
        seen = page.get(second.id, owner="ui:carl")
        assert (seen.state, seen.position) == (JobState.QUEUED, 2)
        assert page.get(first.id, owner="ui:ben").position == 1
        listed = _cli(stub_world.settings, other, "jobs", "list")
        (row,) = [x for x in listed.stdout.splitlines() if x.startswith(second.id)]
        assert "  #2 in queue, wait " in row, row
        shown = _cli(stub_world.settings, other, "jobs", "show", second.id).stdout
        assert "  progress: #2 in queue, wait " in shown, shown
        # a stale report is no place: the row's state alone
        with other.engine.begin() as conn:
            conn.execute(text("UPDATE job_progress SET reported_at = :t WHERE job_id = :j"),
                         {"t": _t(datetime.now(timezone.utc) - timedelta(minutes=2)), "j": second.id})
        assert page.get(second.id, owner="ui:carl").position is None
    finally:
        gate.unlink()
        page.close()
        reg.close()
    assert jobs.wait(second.id, timeout=120, recorded=True).state is JobState.DONE
    assert other.job_progress([first.id, second.id]) == {}


def test_a_page_on_another_studio_process_keeps_the_job_it_follows(stub_world, gate):
    """(session 56) A page reloaded onto another studio process of the same database follows its
    job there; the service that runs the job saw no client and cancelled it after the grace period
    while the user watched. The other process now notes in the registry that a page follows it
    (job_watch, migration 0016); a job nobody follows anywhere is still cancelled."""
    from creator.jobs.local import LocalPool
    from creator.studio import Studio

    warm_up(stub_world.settings, stub_world.registry)
    engine = SteppedEngine(gate=str(gate), hold_from=1)
    engines = {"gan": lambda r: engine, "diffusion": lambda r: engine}
    runs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry, engines=engines,
                                    jobs=JobSettings(job_workers=1, job_grace_s=2))
    reg = Registry.from_settings(stub_world.settings)
    page = JobManager(LocalPool(Studio(stub_world.settings, registry=reg, engines={})), reg, grace_s=2)
    try:
        followed = runs.submit(_request(steps=10), owner="ui:ana")
        _reported(reg, followed.id, done=1)
        nobody = runs.submit(_request(steps=10), owner="ui:ben")  # queued behind it; its tab closed
        with pytest.raises(Exception, match="is not recorded"):  # another creator cannot keep ben's job alive
            page.get(nobody.id, owner="ui:mallory")
        assert reg.jobs_watched([nobody.id]) == {}

        def ben_gone():
            assert page.get(followed.id, owner="ui:ana").state is JobState.RUNNING  # ana's page, elsewhere
            return reg.get_job(nobody.id).final

        wait_until(ben_gone, timeout=60, poll=0.3, what="the unfollowed job cancelled")
        assert "no client asked" in (reg.get_job(nobody.id).cancel_requested_by or "")
        t0 = time.monotonic()
        while time.monotonic() - t0 < 6:  # three grace periods with ana's page on the other process only
            assert page.get(followed.id, owner="ui:ana").state is JobState.RUNNING
            time.sleep(0.3)
        assert reg.jobs_watched([followed.id])
        # ana closes that page too: nobody follows it anywhere, and it is cancelled
        ended = wait_until(lambda: (lambda r: r if r.final else None)(reg.get_job(followed.id)), timeout=60,
                           what="the job cancelled once no page follows it")
        assert ended.state == "cancelled" and "no client asked" in (ended.cancel_requested_by or "")
        assert reg.jobs_watched([followed.id]) == {}  # the note went with the end
    finally:
        gate.unlink(missing_ok=True)
        page.close()
        runs.close()
        reg.close()


def test_the_time_left_is_the_services_estimate_counted_down_from_its_report(stub_world, live_service):
    reg = stub_world.registry
    rec = _open_job(stub_world, live_service, "job_eta00000000001")
    at = datetime(2026, 12, 6, 12, 0, 0, tzinfo=timezone.utc)
    assert reg.record_job_progress(rec.service, [JobProgress(rec.id, rec.service, "generate", 5, 40, 25.0, _t(at))]) == 1
    rec = reg.get_job(rec.id)

    def seen(seconds: float):
        (v,) = stored_views(reg, [rec], now=at + timedelta(seconds=seconds))
        return v

    assert (seen(5).state, seen(5).stage, seen(5).done, seen(5).total, seen(5).eta_s) == (JobState.RUNNING, "generate", 5, 40, 20.0)
    assert seen(24.5).eta_s == 0.5 and seen(5).reported_at == _t(at) and seen(5).silent_s is None
    # past its estimate the time left is unknown, never 0 s (the step is still shown)
    assert (seen(26).stage, seen(26).done, seen(26).eta_s) == ("generate", 5, None)
    # a report dated ahead of this clock by more than clocks disagree is not believed
    assert seen(-PROGRESS_STALE_S - 1).stage is None and seen(-PROGRESS_STALE_S - 1).reported_at is None
    # a stale report: its progress is not shown, only how long its service has been silent
    stale = seen(PROGRESS_STALE_S + 90)
    assert (stale.state, stale.stage, stale.done, stale.total, stale.eta_s) == (JobState.RUNNING, None, 0, 0, None)
    assert stale.silent_s == PROGRESS_STALE_S + 90 and stale.reported_at == _t(at)
    from creator.ui.jobs_view import job_markdown  # the page's words

    assert job_markdown(seen(5)).endswith(": running, generate 5/40 (estimated time left 20 s)")
    assert job_markdown(stale).endswith(": running, but its job service has sent no progress for 2 min 00 s; "
                                        "it may have stopped")


def test_a_report_is_kept_only_for_an_open_job_of_the_service_that_writes_it(stub_world, live_service):
    reg = stub_world.registry
    rec = _open_job(stub_world, live_service, "job_own00000000001")
    now = _t(datetime.now(timezone.utc))
    # another service cannot write this job's progress
    assert reg.record_job_progress("elsewhere:1:x", [JobProgress(rec.id, "elsewhere:1:x", "generate", 1, 4, None, now)]) == 0
    assert reg.job_progress([rec.id]) == {}
    assert reg.record_job_progress(rec.service, [JobProgress(rec.id, rec.service, "generate", 1, 4, None, now)]) == 1
    reg.finish_job(rec.id, "failed", error="test")
    assert reg.job_progress([rec.id]) == {}  # the end takes the report with it
    # a report that lands after the end leaves nothing behind
    assert reg.record_job_progress(rec.service, [JobProgress(rec.id, rec.service, "generate", 2, 4, None, now)]) == 0
    assert reg.job_progress([rec.id]) == {}
    # and a row written behind the studio for an ended job is never shown as its progress
    with reg.engine.begin() as conn:
        conn.execute(text("INSERT INTO job_progress VALUES (:j, :s, 'generate', 3, 4, 9.0, :t)"),
                      {"j": rec.id, "s": rec.service, "t": now})
    (v,) = stored_views(reg, [reg.get_job(rec.id)])
    assert (v.state, v.stage, v.done, v.reported_at) == (JobState.FAILED, None, 0, None)
    with pytest.raises(RecordInvalid, match="expected at most the total"):
        JobProgress(rec.id, rec.service, "generate", 5, 4, None, now)


def test_a_running_jobs_progress_is_written_at_most_once_a_second(make_jobs, stub_world, monkeypatch):
    """A 200-step job (15 ms a step) reports 200 steps to its service; the registry gets about one
    write a second, not one per step."""
    jobs = make_jobs(SteppedEngine(step_s=0.015), grace_s=60)
    writes = []
    real = stub_world.registry.record_job_progress

    def counted(service, reports):
        reports = list(reports)
        writes.append((time.monotonic(), [(p.stage, p.done, p.total) for p in reports]))
        return real(service, reports)

    monkeypatch.setattr(stub_world.registry, "record_job_progress", counted)
    steps = []
    t0 = time.monotonic()
    ended = jobs.run(_request(steps=200), owner="ui:ana", progress=lambda j: steps.append(j.done))
    run_s = time.monotonic() - t0
    assert ended.state is JobState.DONE, ended.error
    assert len(set(steps)) > 20  # the service saw many steps ...
    assert 1 <= len(writes) <= run_s / PROGRESS_EVERY_S + 2  # ... the registry about one write a second
    gaps = [b[0] - a[0] for a, b in zip(writes, writes[1:])]
    assert all(g >= PROGRESS_EVERY_S * 0.95 for g in gaps), gaps
    assert any(s == "generate" and 0 < d < 200 for _t0, ps in writes for s, d, _n in ps)
    jobs.wait(ended.id, recorded=True)
    assert stub_world.registry.job_progress([ended.id]) == {}


# ----------------------------------------------------------------------------- a killed service
_RUN_AND_DIE = textwrap.dedent("""
    import socket, sys
    sys.path[:0] = [{root!r}, {tests!r}]
    if {elsewhere!r}:
        socket.gethostname = lambda: "studio-b.elsewhere"  # the service runs on another host
    from consent.registry import Registry
    from creator.jobs import JobManager
    from creator.jobs.local import LocalPool
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio
    from jobs_support import SteppedEngine, request_fields

    settings = StudioSettings(data_dir={data!r})
    registry = Registry.from_settings(settings)
    eng = SteppedEngine(step_s=0.5)
    jobs = JobManager(LocalPool(Studio(settings, registry=registry, engines={{"gan": lambda r: eng}})), registry)
    job = jobs.submit(GenerationRequest.build(**request_fields(steps=200)), owner="ui:ana")
    print(job.id, flush=True)
    jobs.wait(job.id)
""")


def _killed_while_reporting(stub_world, other, *, elsewhere: bool) -> str:
    """A job service in a process of its own runs a long job; once the registry holds a generate
    report of it, the process is SIGKILLed."""
    code = _RUN_AND_DIE.format(root=str(ROOT), tests=str(ROOT / "tests"), data=str(stub_world.settings.data_dir),
                               elsewhere=elsewhere)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"})
    try:
        job_id = proc.stdout.readline().strip()
        assert job_id.startswith("job_"), job_id
        _reported(other, job_id)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    return job_id


def test_a_killed_services_last_report_never_shows_its_job_running_here(stub_world, other):
    job_id = _killed_while_reporting(stub_world, other, elsewhere=False)
    assert other.job_progress([job_id])  # the dead service's last report is still there ...

    res = _cli(stub_world.settings, other, "jobs", "show", job_id)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"{job_id}: failed") and "progress:" not in res.stdout  # ... never shown
    assert "stopped before the job finished (while it ran" in res.stdout
    assert other.job_progress([job_id]) == {}  # and it went with the end


def test_a_service_on_another_host_that_stopped_reporting_is_not_shown_as_progressing(stub_world, other):
    job_id = _killed_while_reporting(stub_world, other, elsewhere=True)
    # its service ran on another host: from here nobody can tell it died, so the row stays running
    res = _cli(stub_world.settings, other, "jobs", "show", job_id)
    assert res.stdout.startswith(f"{job_id}: running") and "progress: generate " in res.stdout  # fresh: shown

    with other.engine.begin() as conn:  # two minutes on: the dead service wrote no report since
        conn.execute(text("UPDATE job_progress SET reported_at = :t WHERE job_id = :j"),
                     {"t": _t(datetime.now(timezone.utc) - timedelta(minutes=2)), "j": job_id})
    res = _cli(stub_world.settings, other, "jobs", "show", job_id)
    assert res.exit_code == 0, res.output
    (line,) = [x for x in res.stdout.splitlines() if x.startswith("  progress: ")]
    assert line.startswith("  progress: no progress report from its job service for 12") and "it may have stopped" in line
    assert "generate" not in line
    view = json.loads(_cli(stub_world.settings, other, "jobs", "show", job_id, "--json").stdout)
    assert view["state"] == "running" and view["stage"] is None and view["eta_s"] is None and view["silent_s"] >= 120
    listed = [x for x in _cli(stub_world.settings, other, "jobs", "list").stdout.splitlines() if x.startswith(job_id)]
    assert len(listed) == 1 and "generate" not in listed[0] and "it may have stopped" in listed[0]


# ----------------------------------------------------------------------------- helpers
def _t(dt: datetime) -> str:
    from consent.records import format_time

    return format_time(dt)


@pytest.fixture
def live_service():
    """The id of a job service of this process that counts as alive (no worker behind it)."""
    from creator.jobs import manager

    service = f"{manager.socket.gethostname()}:{os.getpid()}:test0001"
    manager._LIVE_SERVICES.add(service)
    yield service
    manager._LIVE_SERVICES.discard(service)


def _open_job(stub_world, service: str, job_id: str):
    """A running job row of ``service`` (no worker: the test writes its reports)."""
    from consent.registry import JobRecord

    req = _request()
    stub_world.registry.add_job(JobRecord(id=job_id, owner="ui:ana", state="queued", submitted_at=_t(datetime.now(timezone.utc)),
                                          request_digest=req.digest(), settings=req.describe(), service=service))
    stub_world.registry.mark_job_running(job_id, worker="test")
    return stub_world.registry.get_job(job_id)
