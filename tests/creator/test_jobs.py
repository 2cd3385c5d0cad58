"""Generation as jobs, embedded mode: the studio process's own worker pool.

Every job runs the whole recipe on a real studio (SQLite registry, c2pa, watermark,
audit); only the model is a stand-in that takes steps (``jobs_support.SteppedEngine``),
so a test can hold a job running, watch its steps and cancel between them.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from consent.errors import NotFound
from creator.errors import Cancelled
from creator.jobs import FairQueue, JobManager, JobSettings, JobState
from creator.request import GenerationRequest
from jobs_support import SteppedEngine, request_fields, store_consistent, wait_until, warm_up
from jobs_support import gate, make_jobs  # noqa: F401 (the fixtures)

ROOT = Path(__file__).resolve().parents[2]


def _staged(jobs) -> list[Path]:
    d = jobs.store.staging_dir
    return sorted(d.iterdir()) if d.exists() else []


def _request(**over) -> GenerationRequest:
    return GenerationRequest.build(**request_fields(**over))


def _cli(stub_world, *args):
    """``consent-studio ARGS`` on the test's data dir and registry (what another process reads: the rows)."""
    from click.testing import CliRunner

    from creator.cli import cli
    from creator.cli._common import CliState

    return CliRunner().invoke(cli, list(args), obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))


def _in_generate(jobs, job_id, done: int = 0):
    return wait_until(lambda: (lambda v: v if v.stage == "generate" and v.done == done else None)(jobs.get(job_id)),
                      what=f"job at generate {done}/…")


class _Clock:
    """The job service's clock, moved by the test alone: the time an estimate counts is known exactly."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ----------------------------------------------------------------------------- the queue
def test_fair_queue_takes_turns_across_users_and_a_newcomer_goes_next():
    q = FairQueue()
    for i in range(4):
        q.push(f"a{i}", "ana")
    assert q.pop() == "a0"  # ana's batch starts
    q.push("b0", "ben")  # ben arrives while ana's batch runs: he is next, not after her whole batch
    q.push("b1", "ben")
    q.push("c0", "cleo")
    assert q.order() == ["b0", "c0", "a1", "b1", "a2", "a3"]
    assert q.positions()["c0"] == 2
    assert [q.pop() for _ in range(6)] == ["b0", "c0", "a1", "b1", "a2", "a3"]
    assert q.pop() is None
    q.push("x", "ana")
    assert q.remove("x") and not q.remove("x") and len(q) == 0


# ----------------------------------------------------------------------------- running jobs
def test_two_users_submit_concurrently_positions_in_order_and_both_finish(make_jobs, gate, stub_world):
    jobs = make_jobs()
    first = jobs.submit(_request(), owner="ui:ana")
    wait_until(lambda: jobs.get(first.id).stage == "generate", what="first job generating")
    submitted = {}

    def submit(owner: str, n: int) -> None:
        submitted[owner] = [jobs.submit(_request(), owner=owner) for _ in range(n)]

    threads = [threading.Thread(target=submit, args=("ui:ana", 3)), threading.Thread(target=submit, args=("ui:ben", 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # while the first job holds the only worker, every other job waits with a position
    views = [jobs.get(j.id) for js in submitted.values() for j in js]
    assert all(v.state is JobState.QUEUED for v in views)
    positions = sorted(v.position for v in views)
    assert positions == [1, 2, 3, 4, 5]
    position = {v.id: v.position for v in views}
    ana = [position[j.id] for j in submitted["ui:ana"]]
    ben = [position[j.id] for j in submitted["ui:ben"]]
    assert ana == sorted(ana) and ben == sorted(ben)  # each user's own jobs in submission order
    assert ben == [1, 3]  # ana's job runs: ben goes next, then they take turns
    running = jobs.get(first.id)
    assert running.position is None and running.stage == "generate" and running.total == 2

    gate.unlink()
    ended = [jobs.wait(j.id, timeout=180, recorded=True) for js in submitted.values() for j in js] + [jobs.wait(first.id, timeout=180, recorded=True)]
    assert [j.state for j in ended] == [JobState.DONE] * 6
    started = [j.id for j in sorted(ended, key=lambda j: j.started_at)]
    assert started[0] == first.id and [position[i] for i in started[1:]] == [1, 2, 3, 4, 5]  # started as reported
    for j in ended:
        (out,) = j.outputs
        assert Path(out.location).read_bytes()  # published
        assert j.decision_id and j.seed is not None and j.settings["width"] == 256
    assert store_consistent(jobs.store, stub_world.registry) == (set(), set())
    kinds = stub_world.audit_kinds()
    assert kinds.count("job_submitted") == 6 and kinds.count("job_finished") == 6 and kinds.count("generation") == 6


def test_one_users_batch_does_not_starve_another_users_single_job(make_jobs, gate):
    jobs = make_jobs()
    batch = [jobs.submit(_request(steps=1), owner="ui:ana") for _ in range(6)]  # the first runs, five wait
    wait_until(lambda: jobs.get(batch[0].id).state is JobState.RUNNING, what="ana's first job running")
    single = jobs.submit(_request(steps=1), owner="ui:ben")  # ben arrives after ana's whole batch
    assert jobs.get(single.id).position == 1  # next, not seventh
    assert [jobs.get(j.id).position for j in batch[1:]] == [2, 3, 4, 5, 6]
    gate.unlink()
    ended = [jobs.wait(j.id, timeout=120) for j in [*batch, single]]
    assert all(j.state is JobState.DONE for j in ended), [j.error for j in ended]
    order = [j.id for j in sorted(ended, key=lambda j: j.started_at)]
    assert order.index(single.id) == 1  # started right after the job that was running when he came


def test_one_user_cannot_fill_the_queue_past_their_share(stub_world, gate):
    """A creator may have ``jobs_per_owner`` jobs queued or running at once (red team 24): the next
    is refused in words, with nothing queued or recorded; another user still gets in, and once one
    of the first user's jobs ends they may submit again."""
    from creator.errors import InputError

    eng = SteppedEngine(gate=str(gate))
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda r: eng, "diffusion": lambda r: eng},
                                    jobs=JobSettings(job_workers=1, jobs_per_owner=3))
    try:
        mine = [jobs.submit(_request(steps=1), owner="ui:ana") for _ in range(3)]
        rows_before = len(stub_world.registry.list_jobs())
        with pytest.raises(InputError, match=r"3 jobs queued or running.*JOBS_PER_OWNER = 3"):
            jobs.submit(_request(steps=1), owner="ui:ana")
        assert len(stub_world.registry.list_jobs()) == rows_before  # nothing queued, nothing recorded
        other = jobs.submit(_request(steps=1), owner="ui:ben")  # another user is not held back
        cancelled = jobs.cancel(mine[-1].id, by="ui:ana")  # one of hers ends: her share frees up
        assert cancelled.state is JobState.CANCELLED
        again = jobs.submit(_request(steps=1), owner="ui:ana")
        gate.unlink()
        ended = [jobs.wait(j.id, timeout=120) for j in [*mine[:2], other, again]]
        assert all(j.state is JobState.DONE for j in ended), [j.error for j in ended]
    finally:
        gate.unlink(missing_ok=True)
        jobs.close()


def test_the_studios_job_service_takes_the_per_user_share_from_its_setting(stub_world, monkeypatch):
    """The web studio's service (``job_manager_for``) honours CONSENT_STUDIO_JOBS_PER_OWNER (it
    built the embedded pool with the default 20 whatever was set) and checks each job's owner
    before it starts."""
    from creator.ui.jobs_view import job_manager_for

    monkeypatch.setenv("CONSENT_STUDIO_JOBS_PER_OWNER", "2")
    jobs = job_manager_for(stub_world.settings, stub_world.studio())
    try:
        assert jobs.per_owner == 2 and jobs.owner_refused is not None
    finally:
        jobs.close()


def test_cancel_while_queued_ends_it_at_once_and_audited(make_jobs, gate, stub_world):
    jobs = make_jobs()
    running = jobs.submit(_request(), owner="ui:ana")
    queued = jobs.submit(_request(), owner="ui:ben")
    wait_until(lambda: jobs.get(running.id).state is JobState.RUNNING)
    assert jobs.get(queued.id).position == 1

    ended = jobs.cancel(queued.id, by="ui:ben")

    assert ended.state is JobState.CANCELLED and "while queued" in ended.error and ended.outputs == ()
    finished = [e.payload for e in stub_world.audit("job_finished")]
    assert finished[-1]["job_id"] == queued.id and finished[-1]["state"] == "cancelled"
    gate.unlink()
    r = jobs.wait(running.id, timeout=180, recorded=True)
    assert r.state is JobState.DONE, r.error
    assert len(jobs.engine.seeds) == 1  # the cancelled job never reached the model


def test_cancel_while_running_stops_between_steps_and_publishes_nothing(make_jobs, gate, stub_world):
    jobs = make_jobs()
    job = jobs.submit(_request(steps=50), owner="ui:ana")
    wait_until(lambda: jobs.get(job.id).stage == "generate", what="job in its generate step")

    jobs.cancel(job.id, by="ui:ana")
    ended = jobs.wait(job.id, timeout=180, recorded=True)

    assert ended.state is JobState.CANCELLED and "cancelled during generate" in ended.error
    assert stub_world.output_files() == [] and _staged(jobs) == []
    failure = stub_world.audit("failure")[-1].payload
    assert failure["stage"] == "generate" and failure["job_id"] == job.id and failure["error"].startswith("Cancelled")
    # the worker is free again: the next job runs
    gate.unlink()
    assert jobs.wait(jobs.submit(_request(), owner="ui:ana").id, timeout=180).state is JobState.DONE


def test_a_job_whose_client_went_away_is_cancelled_after_the_grace_period(make_jobs, gate, stub_world):
    warm_up(stub_world.settings, stub_world.registry)  # or the first load stalls ana's tab past the 2 s grace
    jobs = make_jobs(grace_s=2.0)
    watched = jobs.submit(_request(), owner="ui:ana")
    abandoned = jobs.submit(_request(), owner="ui:ben")
    detached = jobs.submit(_request(), owner="cli:root", detach=True)  # --no-wait: nobody asks, still runs

    def ana_still_there():
        jobs.touch(watched.id)  # ana's tab keeps asking
        return jobs.get(abandoned.id, touch=False).final

    wait_until(ana_still_there, timeout=20, what="abandoned job ended")
    gone = jobs.get(abandoned.id)
    assert gone.state is JobState.CANCELLED and "no client asked" in gone.cancel_requested_by
    gate.unlink()
    wait_until(lambda: (jobs.touch(watched.id), jobs.get(watched.id).final)[1], timeout=30)
    assert jobs.get(watched.id).state is JobState.DONE, jobs.get(watched.id).error
    d = jobs.wait(detached.id, timeout=180, recorded=True)
    assert d.state is JobState.DONE, d.error


def test_cancel_asked_by_another_process_through_the_registry(make_jobs, gate, stub_world):
    jobs = make_jobs()
    job = jobs.submit(_request(steps=50), owner="ui:ana")
    wait_until(lambda: jobs.get(job.id).state is JobState.RUNNING)

    stub_world.registry.request_job_cancel(job.id, "cli:root")  # what `consent-studio jobs cancel` does

    ended = jobs.wait(job.id, timeout=180, recorded=True)
    assert ended.state is JobState.CANCELLED and ended.cancel_requested_by == "cli:root"
    assert "job_cancel_requested" in stub_world.audit_kinds()


def test_progress_stages_eta_and_the_seed_actually_used_is_recorded(make_jobs, stub_world):
    engine = SteppedEngine(step_s=0.05)
    jobs = make_jobs(engine=engine)
    warm = jobs.run(_request(steps=2), owner="ui:ana")  # one finished job gives the ETA its scale
    seen = []
    ended = jobs.run(_request(seed=None, steps=6), owner="ui:ana", progress=seen.append)

    assert warm.state is JobState.DONE and ended.state is JobState.DONE
    steps = [(v.stage, v.done) for v in seen if v.stage == "generate"]
    assert len(steps) >= 3 and steps == sorted(steps)  # step progress, in order
    assert any(v.eta_s is not None and v.eta_s > 0 for v in seen if v.state is JobState.RUNNING)
    # the seed drawn for a request without one: used by the engine, recorded, audited
    jobs.wait(ended.id, recorded=True)
    assert ended.seed == engine.seeds[-1] and ended.settings["seed"] is None
    generation = stub_world.audit("generation")[-1].payload
    assert generation["seed"] == ended.seed and generation["job_id"] == ended.id
    assert stub_world.registry.get_job(ended.id).seed == ended.seed


def test_history_survives_a_new_service_with_readable_download_names(make_jobs, stub_world):
    jobs = make_jobs(engine=SteppedEngine())
    made = jobs.run(_request(seed=4242, num_images=2, prompt="lighthouse, storm"), owner="ui:ana")
    jobs.run(_request(), owner="ui:ben")
    jobs.close()

    again = make_jobs(engine=SteppedEngine())  # a page reload / a restarted studio
    (mine,) = again.history(owner="ui:ana")
    assert mine.id == made.id and mine.seed == 4242 and mine.settings["prompt"] == "lighthouse, storm"
    assert [o.sha256 for o in mine.outputs] == [o.sha256 for o in made.outputs]
    for i, o in enumerate(mine.outputs):
        # each output's own seed, as signed into it: image k of seed 4242 is drawn with 4242 + k (session 63)
        assert re.fullmatch(rf"consent-studio_\d{{4}}-\d\d-\d\d_\d{{4}}_seed-{4242 + i}_{i + 1}of2_{o.sha256[:8]}\.png",
                            o.download_name)
        assert Path(o.location).name == f"{o.sha256}.png"  # the stored file stays content-addressed
        path, name = again.download(mine.id, i, owner="ui:ana")
        assert Path(path).is_file() and name == o.download_name
    assert {j.owner for j in again.history()} == {"ui:ana", "ui:ben"}
    with pytest.raises(NotFound):
        again.get(made.id, owner="ui:ben")  # another user's job is not there for ben
    with pytest.raises(NotFound):
        again.cancel(made.id, owner="ui:ben")


def test_diffusion_engine_stops_between_denoising_steps_with_the_cancel(tmp_path):
    from creator.engines.base import EngineCall
    from creator.engines.diffusion import DiffusionEngine
    from creator.engines.testing import _build

    from diffusers import StableDiffusionPipeline

    engine = DiffusionEngine.from_pipeline(StableDiffusionPipeline(**_build(4, 0)), model_id="tiny", model_version="0")
    steps = []

    def progress(done, total):  # what Studio.generate's progress does when a cancel is asked for
        steps.append(done)
        if done == 2:
            raise Cancelled("job job_x was cancelled during generate (2/6); nothing was published")

    with pytest.raises(Cancelled, match="cancelled during generate"):  # not wrapped as an engine failure
        engine.generate(EngineCall(prompt="a quiet harbour", width=64, height=64, steps=6, seed=1), progress)
    assert steps == [1, 2]  # stopped after the second of six denoising steps
    assert len(engine.generate(EngineCall(prompt="again", width=64, height=64, steps=2, seed=1))) == 1  # still usable


# ----------------------------------------------------------------------------- estimates
def test_time_left_is_per_kind_of_job_and_unknown_rather_than_0_s(make_jobs, gate):
    from creator.ui.jobs_view import job_markdown

    clock = _Clock()
    jobs = make_jobs(clock=clock)
    gate.unlink()
    quick = jobs.run(_request(steps=2), owner="ui:ana")  # one quick kind of job has run here
    assert quick.state is JobState.DONE, quick.error
    run_s = quick.timings["run_s"]
    gate.touch()

    # a kind of job never seen here (many more steps, two images), before its first step: no basis
    big = jobs.submit(_request(steps=100, num_images=2), owner="ui:ana", detach=True)
    view = _in_generate(jobs, big.id)
    assert view.eta_s is None
    assert job_markdown(view).endswith("(estimated time left unknown)")  # not "0 s"
    jobs.cancel(big.id, by="ui:ana")
    jobs.wait(big.id, recorded=True)

    # the quick kind again: the time its run took, counted down; once past it, unknown, never 0 s
    again = jobs.submit(_request(steps=2), owner="ui:ana", detach=True)
    view = _in_generate(jobs, again.id)
    assert view.eta_s == pytest.approx(run_s, abs=0.01)
    clock.now += run_s + 60
    view = jobs.get(again.id)
    assert view.state is JobState.RUNNING and view.eta_s is None
    assert "(estimated time left unknown)" in job_markdown(view)
    gate.unlink()
    assert jobs.wait(again.id, recorded=True).state is JobState.DONE


def test_a_queued_jobs_wait_counts_the_time_the_job_ahead_has_left(make_jobs, gate):
    from creator.ui.jobs_view import job_markdown

    clock = _Clock()
    jobs = make_jobs(engine=SteppedEngine(gate=str(gate), hold_from=4), clock=clock)
    quick = jobs.run(_request(steps=2), owner="ui:ben")  # a quick kind of job has run here (never held)
    assert quick.state is JobState.DONE, quick.error
    long = jobs.submit(_request(steps=10), owner="ui:ana", detach=True)  # never seen here; held after 4 steps
    _in_generate(jobs, long.id, done=4)
    behind = jobs.submit(_request(steps=2), owner="ui:ben", detach=True)
    clock.now += 40  # the long job's first four steps took 40 s

    ahead, queued = jobs.get(long.id), jobs.get(behind.id)
    assert ahead.eta_s == pytest.approx(60, abs=0.01)  # its own pace: 10 s a step, six steps left
    assert queued.position == 1 and queued.wait_s == pytest.approx(60, abs=0.01)  # not the quick kind's time
    assert queued.eta_s == pytest.approx(60 + quick.timings["run_s"], abs=0.02)  # then as long as its kind took
    assert "queued, position **1** in the queue (estimated wait 1 min 00 s)" in job_markdown(queued)
    gate.unlink()
    assert jobs.wait(behind.id, recorded=True).state is JobState.DONE


# ----------------------------------------------------------------------------- what other processes read
def test_jobs_list_and_show_say_running_while_the_job_runs(make_jobs, stub_world):
    jobs = make_jobs()
    job = jobs.submit(_request(steps=50), owner="ui:ana")
    _in_generate(jobs, job.id)  # held at its first step

    listed = _cli(stub_world, "jobs", "list")
    assert listed.exit_code == 0, listed.output
    (line,) = [x for x in listed.stdout.splitlines() if x.startswith(job.id)]
    assert line.split()[1] == "running"  # the row, as any other process reads it: not "queued"
    shown = _cli(stub_world, "jobs", "show", job.id)
    assert shown.exit_code == 0 and shown.stdout.startswith(f"{job.id}: running (owner ui:ana")


def test_jobs_cancel_says_whether_it_cancelled_or_asked_a_running_job_to_stop(make_jobs, stub_world):
    jobs = make_jobs()
    running = jobs.submit(_request(steps=50), owner="ui:ana")
    queued = jobs.submit(_request(), owner="ui:ben")
    _in_generate(jobs, running.id)

    res = _cli(stub_world, "jobs", "cancel", queued.id)
    assert res.exit_code == 0 and f"OK: job {queued.id} cancelled (it was queued; nothing was published)" in res.output
    assert stub_world.registry.get_job(queued.id).state == "cancelled"

    res = _cli(stub_world, "jobs", "cancel", running.id, "--wait", "0")
    assert res.exit_code == 0, res.output
    assert f"to stop job {running.id}, which is running; it stops at its next step" in res.output
    assert jobs.wait(running.id, timeout=180, recorded=True).state is JobState.CANCELLED

    res = _cli(stub_world, "jobs", "cancel", running.id)
    assert res.exit_code == 1 and f"FAIL: job {running.id} already ended (cancelled" in res.output


# ----------------------------------------------------------------------------- crashes
_CRASH = textwrap.dedent("""
    import os, signal, sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from consent.audit import acting_as
    from consent.registry import Registry
    from creator.jobs import FileOutputStore, JobManager, JobSettings
    from creator.jobs.local import LocalPool
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio
    from jobs_support import SteppedEngine, request_fields

    class DiesWhilePublishing(FileOutputStore):
        def publish(self, staged, name):  # the outputs are recorded; the process dies before the move
            os.kill(os.getpid(), signal.SIGKILL)

    settings = StudioSettings(data_dir={data!r})
    registry = Registry.from_settings(settings)
    eng = SteppedEngine(step_s={step_s})
    plain = FileOutputStore.for_settings(settings)
    store = DiesWhilePublishing(plain.outputs_dir, plain.staging_dir) if {die_publishing} else plain
    studio = Studio(settings, registry=registry, engines={{"gan": lambda r: eng}}, store=store)
    jobs = JobManager(LocalPool(studio), registry)
    job = jobs.submit(GenerationRequest.build(**request_fields(steps={steps})), owner="ui:ana")
    print(job.id, flush=True)
    for view in jobs.watch(job.id):
        print(view.stage, view.done, flush=True)
""")


def _crash(stub_world, *, die_publishing: bool, steps: int = 2, step_s: float = 0.0, kill_when=None) -> str:
    code = _CRASH.format(root=str(ROOT), tests=str(ROOT / "tests"), data=str(stub_world.settings.data_dir),
                         die_publishing=die_publishing, steps=steps, step_s=step_s)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"})
    job_id = proc.stdout.readline().strip()
    if kill_when is not None:
        for line in proc.stdout:
            if kill_when(line.split()):
                proc.send_signal(signal.SIGKILL)
                break
    assert proc.wait(timeout=120) == -signal.SIGKILL
    return job_id


def test_killed_between_record_and_publish_the_next_service_finishes_the_move(make_jobs, stub_world):
    job_id = _crash(stub_world, die_publishing=True)
    (rec,) = stub_world.registry.outputs_for_job(job_id)
    assert not Path(rec.path).exists()  # recorded, not yet published: the crash window

    jobs = make_jobs()  # the studio starts again on this host
    assert jobs.recovered == [job_id]
    ended = jobs.get(job_id)
    assert ended.state is JobState.DONE and [o.sha256 for o in ended.outputs] == [rec.sha256]
    assert Path(rec.path).is_file() and _staged(jobs) == []
    assert store_consistent(jobs.store, stub_world.registry) == (set(), set())


def test_killed_mid_generation_the_job_ends_failed_and_audited(make_jobs, stub_world):
    def in_generate(line):
        return line[:1] == ["generate"] and int(line[1]) >= 2

    job_id = _crash(stub_world, die_publishing=False, steps=200, step_s=0.05, kill_when=in_generate)

    jobs = make_jobs()
    ended = jobs.get(job_id)
    assert ended.state is JobState.FAILED and "stopped before the job finished" in ended.error
    assert stub_world.audit("job_finished")[-1].payload["state"] == "failed"
    assert store_consistent(jobs.store, stub_world.registry) == (set(), set())
    assert stub_world.output_files() == []


# ----------------------------------------------------------------------------- the CLI
def test_cli_jobs_submit_waits_and_copies_under_readable_names(stub_world, tmp_path):
    import json

    from click.testing import CliRunner

    from creator.cli import cli
    from creator.cli._common import CliState

    def run(*args):
        return CliRunner().invoke(cli, list(args), obj=CliState(settings=stub_world.settings, _registry=stub_world.registry))

    common = ["--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US", "--width", "256", "--height", "256"]
    res = run("jobs", "submit", *common, "--seed", "5", "--out", str(tmp_path / "out"), "--json")  # --wait is the default
    assert res.exit_code == 0, res.output
    job = json.loads(res.output)
    assert job["state"] == "done" and job["seed"] == 5 and job["settings"]["engine"] == "gan"
    (copy,) = job["copies"]
    assert Path(copy).name == job["outputs"][0]["download_name"] and "_seed-5_" in Path(copy).name
    assert Path(copy).read_bytes() == Path(job["outputs"][0]["location"]).read_bytes()  # byte for byte

    shown = run("jobs", "show", job["id"])
    assert shown.exit_code == 0 and "seed 5" in shown.output and job["outputs"][0]["download_name"] in shown.output
    again = run("jobs", "cancel", job["id"])
    assert again.exit_code == 1 and "already ended (done)" in again.output
    denied = run("jobs", "submit", *common, "--subject", "nobody-registered")
    assert denied.exit_code == 1 and "DENIED" in denied.output


@pytest.mark.parametrize("found_by", ["jobs list", "jobs cancel", "studio start"])
def test_a_job_left_running_by_a_killed_studio_ends_failed_when_found(stub_world, found_by, monkeypatch):
    def in_generate(line):
        return line[:1] == ["generate"] and int(line[1]) >= 2

    job_id = _crash(stub_world, die_publishing=False, steps=200, step_s=0.05, kill_when=in_generate)
    assert stub_world.registry.get_job(job_id).state == "running"  # as its worker marked it; its service is gone

    if found_by == "jobs list":
        res = _cli(stub_world, "jobs", "list")
        assert res.exit_code == 0, res.output
        (line,) = [x for x in res.stdout.splitlines() if x.startswith(job_id)]
        assert line.split()[1] == "failed"
    elif found_by == "jobs cancel":  # no claim of a cancel nobody can carry out
        res = _cli(stub_world, "jobs", "cancel", job_id)
        assert res.exit_code == 1 and f"FAIL: job {job_id} cannot be cancelled: its job service" in res.output
        assert "is gone; the job is ended (failed: " in res.output
    else:  # the web studio starts again (before anyone generates)
        from creator.auth import Role, UserStore
        from creator.ui import launch

        # launch sets GRADIO_TEMP_DIR for its whole process when it is unset (and a delenv of an unset
        # variable undoes nothing): set here, launch keeps it and the fixture takes it away again, so
        # later tests' servers do not keep their uploads in this test's data directory
        stub_world.settings.ui_cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        monkeypatch.setenv("GRADIO_TEMP_DIR", str(stub_world.settings.ui_cache_dir))
        users = UserStore.from_settings(stub_world.settings)
        users.add("olive", Role.OPERATOR, "olive-operator-pw1")
        srv = launch(stub_world.settings, port=0, store=users, prevent_thread_lock=True)
        srv.should_exit = True
    rec = stub_world.registry.get_job(job_id)
    assert rec.state == "failed" and "stopped before the job finished (while it ran" in rec.error
    assert [e.payload["state"] for e in stub_world.audit("job_finished") if e.payload["job_id"] == job_id] == ["failed"]
