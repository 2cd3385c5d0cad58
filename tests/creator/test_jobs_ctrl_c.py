"""Ctrl-C on ``consent-studio jobs submit`` always ends promptly, whenever it lands.

Ctrl-C raised ``KeyboardInterrupt`` wherever the CLI's main thread was. Landing between the
job's queued row being committed and the job service noting that it was
(``JobManager.submit``), it left without cancelling the job; the worker ran on (held at its
step), and closing the service waited for that worker, which waited up to 120 s for the note
that never came: no output, no exit. Landing in the registry's work after the commit, it
left the job ``queued`` for ever (never cancelled, never recorded as ended). Now the press
only sets a flag that the wait reads. These tests put the SIGINT at chosen points of the
CLI process itself (the process signals itself from a wrapper of the product's own code: no
timing), and expect every time: a short message, exit 130, no traceback, and the job
``cancelled`` ("client stopped waiting"), recorded and audited.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from consent.registry import JobRecord, Registry
from creator.jobs import JobManager, JobSettings
from creator.jobs.local import LocalPool
from creator.jobs.model import JobRun
from creator.request import GenerationRequest
from creator.studio import Studio
from jobs_support import SteppedEngine, request_fields, run_studio_script, stepped_engines, wait_until

ROOT = Path(__file__).resolve().parents[2]

#: the CLI in a process of its own, its engine the tests' stepped engine (held while ``gate``
#: exists); ``{hook}`` places a SIGINT of the process to itself at one point of the product's code.
_CLI = textwrap.dedent("""
    import faulthandler, os, signal, sys, threading
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal's process has it (below)
    faulthandler.dump_traceback_later({dump_after}, exit=True)  # a hang shows every thread's stack
    sys.path.insert(0, {tests!r})
    from jobs_support import SteppedEngine, request_fields, run_studio_script, stepped_engines, wait_until
    from creator.jobs.manager import JobManager
    made = JobManager.from_settings.__func__
    JobManager.from_settings = classmethod(lambda cls, settings=None, **kw: made(
        cls, settings, **{{**kw, "engines": stepped_engines(gate={gate!r})}}))

    def ctrl_c():
        assert threading.current_thread() is threading.main_thread()
        os.kill(os.getpid(), signal.SIGINT)
    {hook}
    from creator.cli import main
    main(["jobs", "submit", "--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US",
          "--width", "256", "--height", "256", "--steps", "5"])
""")

#: right after the queued row is committed, still inside the registry's write (its anchor and
#: snapshot steps run after the commit)
_AFTER_COMMIT = """
from consent.registry import JobRecord, Registry
_add = Registry.add_job
def add_job(self, job):
    rec = _add(self, job)
    ctrl_c()
    return rec
Registry.add_job = add_job
"""

#: after the registry write returned, before the job service notes that the row exists: the
#: first instruction of the note (where the interpreter checks for signals)
_BEFORE_NOTED = """
import creator.jobs.manager as m
_init = m._Active.__init__
class Noted(threading.Event):
    def set(self):
        if threading.current_thread() is threading.main_thread() and not getattr(self, "hit", False):
            self.hit = True
            ctrl_c()
        super().set()
def __init__(self, *a, **kw):
    _init(self, *a, **kw)
    self.recorded = Noted()
m._Active.__init__ = __init__
"""

#: while the CLI waits for the running job (the worker reached its first step)
_WHILE_RUNNING = """
import jobs_support
_gen = jobs_support.SteppedEngine.generate
def generate(self, call, progress=None):
    os.kill(os.getpid(), signal.SIGINT)  # from the worker thread: Python runs the handler in the main one
    return _gen(self, call, progress)
jobs_support.SteppedEngine.generate = generate
"""


# A test run started in the background by a script (`pytest ... &`) has SIGINT ignored, and so
# has every process it starts: Python keeps an inherited SIG_IGN, so the SIGINT these tests send
# did nothing and the CLI waited for its held job for ever, silent. The CLI processes here set
# Python's usual handler first, as a process started from a terminal has it.


def _all_jobs(settings) -> list:
    with Registry.from_settings(settings) as reg:
        return reg.list_jobs(limit=None)


def _finished(settings, job_id: str) -> list[dict]:
    with Registry.from_settings(settings) as reg:
        return [e.payload for e in reg.audit_entries(kind="job_finished") if e.payload.get("job_id") == job_id]


def _run_cli(world, tmp_path, hook: str, *, wait_s: float = 90):
    gate = tmp_path / "gate"
    gate.touch()
    script = _CLI.format(tests=str(ROOT / "tests"), gate=str(gate), dump_after=int(wait_s - 10),
                         hook=hook)
    return run_studio_script(world.settings, script, wait_s)


@pytest.mark.parametrize("hook", [_AFTER_COMMIT, _BEFORE_NOTED, _WHILE_RUNNING],
                         ids=["after-the-row-is-committed", "before-the-service-notes-it", "while-running"])
def test_ctrl_c_anywhere_in_jobs_submit_cancels_records_and_exits(stub_world, tmp_path, hook):
    code, out, err = _run_cli(stub_world, tmp_path, hook)
    assert "Timeout (" not in err, err  # faulthandler's dump: the CLI hung
    assert code != 0, (code, out, err)
    assert "Traceback" not in err, err
    (rec,) = _all_jobs(stub_world.settings) or [err]
    assert rec.state == "cancelled", (rec.state, rec.error, err)
    assert "client stopped waiting" in (rec.cancel_requested_by or ""), (rec.cancel_requested_by, err)
    (audit,) = _finished(stub_world.settings, rec.id)
    assert audit["state"] == "cancelled"
    assert code == 130  # the shell's code for a command stopped by Ctrl-C
    assert "Ctrl-C: cancelling the job" in err and f"CANCELLED: job {rec.id} was cancelled" in err, err


#: an engine in a long step: it sees the cancel of the first Ctrl-C (its progress report raises),
#: then a second Ctrl-C comes while it goes on holding, reporting nothing
_SECOND_PRESS = """
import time, jobs_support
from pathlib import Path
def generate(self, call, progress=None):
    os.kill(os.getpid(), signal.SIGINT)
    while True:
        try:
            progress(0, call.steps)
        except Exception:  # Cancelled: the first press was handled
            break
        time.sleep(0.01)
    os.kill(os.getpid(), signal.SIGINT)
    while Path(self.gate).exists():
        time.sleep(0.01)
    raise AssertionError("the gate is never opened")
jobs_support.SteppedEngine.generate = generate
"""


def test_a_second_ctrl_c_quits_at_once_and_the_next_service_ends_the_job(stub_world, tmp_path):
    code, out, err = _run_cli(stub_world, tmp_path, _SECOND_PRESS)
    assert "Timeout (" not in err, err
    assert code == 130, (code, out, err)
    assert "Traceback" not in err, err
    assert "Ctrl-C again: quit without waiting" in err, err
    (rec,) = _all_jobs(stub_world.settings)
    assert rec.state == "running"  # left as its worker marked it: its service quit without ending it
    with JobManager.from_settings(stub_world.settings, engines=stepped_engines()) as jobs:
        assert jobs.recovered == [rec.id]  # its service is gone: the next one on this host ends it
    (rec,) = _all_jobs(stub_world.settings)
    assert rec.state == "failed" and "stopped before the job finished" in (rec.error or "")
    (audit,) = _finished(stub_world.settings, rec.id)
    assert audit["state"] == "failed"


#: a Ctrl-C while the CLI still starts: it lands while the CLI imports its commands
_EARLY = textwrap.dedent("""
    import importlib.abc, os, signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)

    class CtrlC(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "creator.cli.generate":
                sys.meta_path.remove(self)
                os.kill(os.getpid(), signal.SIGINT)
            return None

    sys.meta_path.insert(0, CtrlC())
    from creator.console import main
    main(["jobs", "list"])
""")


def test_ctrl_c_while_the_cli_starts_prints_one_line_and_exits_130(stub_world):
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(stub_world.settings.data_dir), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _EARLY], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr, done.stderr
    assert done.stderr.strip() == "Aborted (Ctrl-C while consent-studio was starting).", done.stderr
    assert done.stdout == ""


# ------------------------------------------------------------------ the job service itself (Python API)
def test_a_submit_interrupted_after_its_row_is_committed_cancels_and_records_the_job(stub_world, tmp_path,
                                                                                     monkeypatch):
    """A KeyboardInterrupt in a program of one's own (the Python API, no CLI handler) that lands
    after the queued row's commit: submit raises it, and the job nobody got the id of ends."""
    gate = tmp_path / "gate"
    gate.touch()
    engine = SteppedEngine(gate=str(gate))
    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry,
                                    engines={"gan": lambda r: engine}, jobs=JobSettings(job_workers=1))
    try:
        add = Registry.add_job

        def add_job(self, job):
            add(self, job)
            raise KeyboardInterrupt  # as a Ctrl-C does, in the registry's work after its commit

        monkeypatch.setattr(Registry, "add_job", add_job)
        with pytest.raises(KeyboardInterrupt):
            jobs.submit(GenerationRequest.build(**request_fields()), owner="ui:ana")
        monkeypatch.undo()
        rec = wait_until(lambda: [r for r in _all_jobs(stub_world.settings) if r.final], timeout=30,
                         what="the job ended in the registry")[0]
    finally:
        gate.unlink(missing_ok=True)
        jobs.close()
    assert rec.state == "cancelled" and "client stopped waiting" in (rec.cancel_requested_by or "")
    (audit,) = _finished(stub_world.settings, rec.id)
    assert audit["state"] == "cancelled"


class _Events:
    """What a pool reports to its job service."""

    def __init__(self) -> None:
        self.began: list[str] = []
        self.ended: dict = {}

    def started(self, job_id, worker) -> None:  # noqa: ANN001
        self.began.append(job_id)

    def progress(self, job_id, stage, done, total) -> None:  # noqa: ANN001
        pass

    def finished(self, job_id, outcome) -> None:  # noqa: ANN001
        self.ended[job_id] = outcome


def test_closing_the_pool_ends_a_job_no_worker_took_up_yet(stub_world, tmp_path):
    """Closing the embedded pool reports the end of every job it was given: one still waiting
    for a worker ends cancelled (dropped from the pool's queue, it stayed queued in the registry
    and its service waited for it)."""
    gate = tmp_path / "gate"
    gate.touch()
    engine = SteppedEngine(gate=str(gate))
    pool = LocalPool(Studio(stub_world.settings, registry=stub_world.registry, engines={"gan": lambda r: engine}), 1)
    events = _Events()
    request = GenerationRequest.build(**request_fields())
    for jid in ("job_held", "job_waiting"):  # queued as the job service records them (a worker runs recorded jobs only)
        stub_world.registry.add_job(JobRecord(id=jid, owner="ui:ana", state="queued", submitted_at="2026-01-01T00:00:00Z",
                                              request_digest=request.digest(), settings=request.describe()))
    pool.start(JobRun("job_held", "ui:ana", request), events)
    wait_until(lambda: engine.seeds, timeout=30, what="the first job holds the only worker")
    pool.start(JobRun("job_waiting", "ui:ana", request), events)  # no worker free: it waits in the pool
    pool.close()
    gate.unlink()
    assert set(events.ended) == {"job_held", "job_waiting"}
    assert events.began == ["job_held"]
    assert all(str(o.state) == "cancelled" for o in events.ended.values())
    assert "cancelled before it started" in events.ended["job_waiting"].error
