"""A job whose client went away is cancelled, at every entry point that waits for a job.

- HTTP API: a client starts the blocking ``/generate`` (Gradio's REST API, raw httpx: the
  POST, then the result stream), then closes the stream. The job keeps no worker: it ends
  cancelled after the grace period, audited.
- CLI ``jobs submit`` (``--wait``, the default): Ctrl-C (SIGINT) cancels the job at once (the
  person asked to stop), recorded and audited before the command exits.

(The page's own poll stopping — a closed tab — is covered in tests/ui/test_jobs_ui.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

from consent.registry import Registry
from creator.auth import Role, UserStore
from creator.studio import Studio
from jobs_support import SteppedEngine, wait_until, warm_up
from server_support import launched

ROOT = Path(__file__).resolve().parents[2]
USER, PW = "carl", "carl-creator-pw1"


def _jobs(settings, owner: str) -> list:
    with Registry.from_settings(settings) as reg:
        return reg.list_jobs(owner=owner, limit=None)


def _finished(settings, job_id: str) -> list[dict]:
    with Registry.from_settings(settings) as reg:
        return [e.payload for e in reg.audit_entries(kind="job_finished") if e.payload.get("job_id") == job_id]


@pytest.fixture
def server(stub_world, tmp_path, monkeypatch):
    """The studio's web server in this process, one job worker, a 1 s grace period, and an
    engine held at its steps while ``gate`` exists."""
    monkeypatch.setenv("CONSENT_STUDIO_JOB_WORKERS", "1")
    monkeypatch.setenv("CONSENT_STUDIO_JOB_GRACE_S", "1")
    monkeypatch.setenv("GRADIO_HEARTBEAT_INTERVAL", "0.5")  # how soon Gradio notices a closed stream
    users = UserStore.from_settings(stub_world.settings)
    users.add(USER, Role.CREATOR, PW)
    gate = tmp_path / "gate"
    gate.touch()
    engine = SteppedEngine(gate=str(gate))
    studio = Studio(stub_world.settings, registry=stub_world.registry, engines={"gan": lambda r: engine})
    warm_up(stub_world.settings, stub_world.registry)  # or the first load stalls the watcher past the 1 s grace
    with launched(stub_world.settings, store=users, studio=studio) as url:
        yield url, engine, gate
        gate.unlink(missing_ok=True)


def _form(**over) -> list:
    """The Generate form's values, in the order of the API's ``/generate`` inputs (GenerateForm's fields)."""
    import dataclasses

    from creator.ui.forms import GenerateForm

    f = {fl.name: getattr(GenerateForm(), fl.name) for fl in dataclasses.fields(GenerateForm)}
    f.update(dict(prompt="a harbour at dawn", seed=7, steps=5, width=256, height=256), **over)
    return list(f.values())


def test_an_http_client_that_closes_its_stream_gets_its_job_cancelled_after_the_grace_period(server, stub_world):
    url, engine, gate = server
    published = set(stub_world.settings.outputs_dir.glob("*.png"))  # the warm-up's
    with httpx.Client(base_url=url, timeout=30) as http:
        signed_in = http.post("/login", data={"username": USER, "password": PW})
        assert signed_in.status_code == 200, signed_in.text
        started = http.post("/gradio_api/call/generate", json={"data": _form()})
        assert started.status_code == 200, started.text
        event_id = started.json()["event_id"]
        with http.stream("GET", f"/gradio_api/call/generate/{event_id}") as stream:
            assert stream.status_code == 200
            # the blocking request holds a job that runs (held at its first step by the gate)
            (job,) = wait_until(lambda: _jobs(stub_world.settings, f"ui:{USER}"), timeout=30, what="job recorded")
            wait_until(lambda: engine.seeds, timeout=30, what="job running")
            time.sleep(2.5)  # longer than the grace period: a connected client keeps its job
            assert _jobs(stub_world.settings, f"ui:{USER}")[0].state in ("queued", "running")
        # the client hung up: after the grace period the job is cancelled, and that is audited
        ended = wait_until(lambda: (lambda r: r if r.final else None)(_jobs(stub_world.settings, f"ui:{USER}")[0]),
                           timeout=40, what="job ended after the client left")
    assert ended.id == job.id and ended.state == "cancelled"
    assert "no client asked about the job" in (ended.cancel_requested_by or "")
    (audit,) = _finished(stub_world.settings, job.id)
    assert audit["state"] == "cancelled"
    assert set(stub_world.settings.outputs_dir.glob("*.png")) == published  # nothing was published
    gate.unlink()  # the worker is free for the next job


_CLI = textwrap.dedent("""
    import signal, sys
    # as a process started from a terminal has it: a suite run started in the background by a
    # script (`pytest ... &`) passes SIGINT down ignored, and the SIGINT below then did nothing
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.path.insert(0, {tests!r})
    from jobs_support import stepped_engines
    from creator.jobs.manager import JobManager
    made = JobManager.from_settings.__func__
    JobManager.from_settings = classmethod(lambda cls, settings=None, **kw: made(
        cls, settings, **{{**kw, "engines": stepped_engines(gate={gate!r})}}))
    from creator.cli import main
    main(["jobs", "submit", "--grantee", "ACME Films", "--purpose", "film_reshoot", "--territory", "US",
          "--width", "256", "--height", "256", "--steps", "5"])
""")


def test_ctrl_c_on_cli_jobs_submit_cancels_the_job_and_records_it(stub_world, tmp_path):
    gate = tmp_path / "gate"
    gate.touch()
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(stub_world.settings.data_dir), "PYTHONPATH": str(ROOT),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "-c", _CLI.format(tests=str(ROOT / "tests"), gate=str(gate))],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        (job,) = wait_until(lambda: _all_jobs(stub_world.settings), timeout=60, what="the CLI's job submitted")
        time.sleep(1.0)  # its worker picks it up at once and holds at the gate
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0
    assert "Traceback" not in err, err
    (rec,) = _all_jobs(stub_world.settings)
    assert rec.id == job.id and rec.state == "cancelled", (rec.state, rec.error, err)
    assert "client stopped waiting" in (rec.cancel_requested_by or "")
    (audit,) = _finished(stub_world.settings, rec.id)
    assert audit["state"] == "cancelled"


def _all_jobs(settings) -> list:
    with Registry.from_settings(settings) as reg:
        return reg.list_jobs(limit=None)
