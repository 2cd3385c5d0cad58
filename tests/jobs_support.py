"""Engines and helpers for the job tests (embedded and Ray); importable as ``jobs_support``.

The engines stand in for a model only: every job still runs the whole governed recipe
(decision, output face scan, disclosure, record). They live in a module of their own so
that Ray workers (started with ``tests/`` on their ``PYTHONPATH``) can import them.
"""

from __future__ import annotations

import contextlib
import functools
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from studio_world import noise


@functools.lru_cache(maxsize=8)
def _picture(side: int) -> Image.Image:
    return noise(side)


@dataclass
class SteppedEngine:
    """An engine that takes ``call.steps`` steps of ``step_s`` seconds, reporting progress after
    each (as the diffusion engine does), then returns a textured picture per image.

    While the file ``gate`` exists, steps wait: a test holds a job "running" for as long
    as it needs (from step ``hold_from`` on: 0 holds it before its first step, 4 after four).
    ``seeds`` lists the seed of every call.
    """

    step_s: float = 0.0
    gate: str | None = None
    name: str = "stepped"
    model_id: str = "stepped-test-engine"
    model_version: str = "0.0.1"
    description: str = "takes steps, returns fixed pictures"
    modes: frozenset = frozenset({"text2img"})
    seeds: list = field(default_factory=list)
    hold_from: int = 0

    def generate(self, call, progress=None) -> list[Image.Image]:
        self.seeds.append(call.seed)
        for i in range(call.steps):
            while self.gate is not None and i >= self.hold_from and Path(self.gate).exists():
                time.sleep(0.01)
                if progress is not None:
                    progress(i, call.steps)  # a cancel lands even while held
            if self.step_s:
                time.sleep(self.step_s)
            if progress is not None:
                progress(i + 1, call.steps)
        return [_picture(call.width).copy() for _ in range(call.num_images)]


def _stepped(step_s: float, gate: str | None, _request) -> SteppedEngine:
    return SteppedEngine(step_s=step_s, gate=gate)


def stepped_engines(step_s: float = 0.0, gate: str | None = None) -> dict:
    """Engine factories (picklable, for Ray workers too): every engine name runs a SteppedEngine."""
    f = functools.partial(_stepped, step_s, gate)
    return {"gan": f, "diffusion": f}


@contextlib.contextmanager
def gated_studio_app(ui_settings, users, gate):
    """The studio's handlers (``creator.ui.StudioApp``) over one gated stepped engine for every
    engine name; on exit the gate is opened and the app and its registry are closed."""
    from creator.studio import Studio
    from creator.ui import StudioApp

    engine = SteppedEngine(gate=str(gate))
    studio = Studio(ui_settings, engines={"gan": lambda r: engine, "diffusion": lambda r: engine})
    app = StudioApp(ui_settings, store=users, studio=studio)
    try:
        yield app
    finally:
        gate.unlink(missing_ok=True)
        app.close()
        app.registry.close()


def request_fields(**over) -> dict:
    """A request of the studio world's grantee, for its grants' project, that touches no likeness
    (allowed)."""
    from studio_world import GRANTEE, PROJECT

    fields = {"grantee": GRANTEE, "purpose": "film_reshoot", "territory": "US", "width": 256, "height": 256,
              "steps": 2, "prompt": "a harbour at dawn, fishing boats", "project": PROJECT}
    fields.update(over)
    return fields


def warm_up(settings, registry=None) -> None:
    """One generation through a stub studio on ``settings`` before a test that times a client's
    grace period: a process's first name-knowledge load and face-model load, and a data dir's first
    local CA, hold the GIL in stretches of up to about a second, and a watcher stalled past a short
    grace period gets a job cancelled whose client is there (the tests are about the watcher)."""
    from creator.request import GenerationRequest
    from creator.studio import Studio
    from studio_world import StubEngine

    stub = StubEngine()
    Studio(settings, registry=registry, engines={"gan": lambda r: stub}).generate(GenerationRequest.build(**request_fields()))


def wait_until(check, timeout: float = 90.0, poll: float = 0.02, what: str = "condition"):
    """Poll ``check()`` until it returns a true value (returned); fail after ``timeout`` seconds.

    The default is generous: a waited-for event returns at once, and on a machine loaded by other
    work a process's first job (name knowledge, face models) took more than 20 s to reach its
    generate step (test_two_users_submit_concurrently..., the suite beside a CI run)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not reached within {timeout} s (last: {value!r})")
        time.sleep(poll)


def reported(registry, job_id: str, stage: str = "generate", done: int | None = None, timeout: float = 90):
    """Wait for ``job_id``'s progress report at ``stage`` (and ``done`` steps) as ``registry`` reads
    it: what another process sees. A queued job reports its place (stage "queued") before its model
    reports anything; a test that waited for any report ended a job that had not started yet."""
    def check():
        p = registry.job_progress([job_id]).get(job_id)
        return p if p is not None and p.stage == stage and (done is None or p.done == done) else None

    return wait_until(check, timeout=timeout, what=f"a {stage} progress report of {job_id}")


@pytest.fixture()
def gate(tmp_path):
    """A file that holds a :class:`SteppedEngine` made with ``gate=str(gate)``: while it exists,
    the engine's steps wait (from ``hold_from`` on); a test unlinks it to let the job go on.
    Import it into a test module to use it (``from jobs_support import gate``)."""
    p = tmp_path / "gate"
    p.touch()
    yield p
    p.unlink(missing_ok=True)


@pytest.fixture()
def make_jobs(stub_world, gate):
    """Makes job services over the world's registry: ``make(engine=None, workers=1, grace_s=600,
    clock=None)``, ``engine`` by default a :class:`SteppedEngine` held by ``gate`` (kept as the
    service's ``engine``), ``clock`` the service's clock when a test sets it (what its estimates
    count time with). Every service made is closed at the end. Import it with ``gate``."""
    from creator.jobs import JobManager, JobSettings

    made = []

    def make(engine: SteppedEngine | None = None, *, workers: int = 1, grace_s: float = 600.0, clock=None) -> JobManager:
        eng = engine or SteppedEngine(gate=str(gate))
        engines = {"gan": lambda r: eng, "diffusion": lambda r: eng}
        if clock is None:
            m = JobManager.from_settings(stub_world.settings, registry=stub_world.registry, engines=engines,
                                         jobs=JobSettings(job_workers=workers, job_grace_s=grace_s))
        else:
            from creator.jobs.local import LocalPool
            from creator.studio import Studio

            studio = Studio(stub_world.settings, registry=stub_world.registry, engines=engines)
            m = JobManager(LocalPool(studio, workers), stub_world.registry, grace_s=grace_s, clock=clock)
        m.engine = eng
        made.append(m)
        return m

    yield make
    gate.unlink(missing_ok=True)
    for m in made:
        m.close()


@pytest.fixture()
def other_process():
    """The process id of a live process (a ``sleep``) that is not this one; killed at the end.
    Import it into a test module to use it (``from jobs_support import other_process``)."""
    proc = subprocess.Popen(["sleep", "120"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def store_consistent(store, registry) -> tuple[set[str], set[str]]:
    """(files in the store with no output record, output records with no file in the store)."""
    files = set(store.names())
    recorded = {Path(o.path).name for o in registry.list_outputs()}
    return files - recorded, {n for n in recorded if not store.exists(n)}


def run_studio_script(settings, script: str, wait_s: float = 90) -> tuple[int, str, str]:
    """Run ``script`` (Python source) in a fresh interpreter on the studio in ``settings.data_dir``,
    offline, from the repository root: (return code, stdout, stderr). Killed after ``wait_s``."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "CONSENT_STUDIO_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(root),
           "HF_HUB_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=wait_s)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out, err


def download_as(registry, users, who: str, job_id: str, index: int = 0, headers: dict | None = None):
    """``GET /download/<job_id>/<index>`` as the signed-in account ``who``, on an app with only the
    studio's download route (creator.ui.history.add_download_route) over ``registry`` and ``users``."""
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from creator.ui.history import add_download_route

    app = Starlette()
    add_download_route(app, registry, users, lambda scope: who)
    with TestClient(app) as client:
        return client.get(f"/download/{job_id}/{index}", headers=headers or {})
