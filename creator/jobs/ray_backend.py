"""Scale-out backend: jobs run on Ray worker actors (``CONSENT_STUDIO_RAY_ADDRESS``).

Each :class:`GenerationWorker` actor is one slot: a process holding a loaded
:class:`~creator.studio.Studio` (its pipelines stay loaded between jobs), placed by Ray
with ``num_gpus`` / ``num_cpus`` per worker, so one actor per GPU (or per configured CPU
slot). The actor runs the whole governed recipe (:func:`creator.jobs.worker.execute`) with
its node's own settings: its data dir holds the signing keys (C2PA signer, watermark
secret, audit key), so those keys exist only where disclosure runs. From the studio it
receives only the database URL (PostgreSQL, shared) and the shared output store's path.

The studio keeps the fair queue and starts a job when an actor is free; it polls running
actors for progress (a separate concurrency group, so polls and cancels are answered
while a job runs). A worker process that dies (SIGKILL, OOM, lost node) fails its job with
``worker_lost``; Ray restarts the actor (``max_restarts=-1``) and the next job waits for it.
Jobs are never retried by Ray (``max_task_retries=0``): a new run is a new decision.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import datetime, timezone
from typing import Any

import ray

from creator.jobs.model import JobRun, JobState, Outcome, now_text
from creator.jobs.worker import execute

__all__ = ["RayBackend", "GenerationWorker"]

log = logging.getLogger(__name__)


@ray.remote(concurrency_groups={"run": 1, "control": 1}, max_restarts=-1, max_task_retries=0)
class GenerationWorker:
    """One Ray worker slot: a loaded studio that runs one job at a time."""

    def __init__(self, overrides: dict[str, Any], engines: dict | None = None) -> None:
        from consent.registry import Registry
        from creator.jobs.store import FileOutputStore
        from creator.settings import StudioSettings
        from creator.studio import Studio

        overrides = dict(overrides)
        store_root = overrides.pop("output_store")
        settings = StudioSettings(**{k: v for k, v in overrides.items() if v is not None})
        if settings.torch_threads:
            import torch

            torch.set_num_threads(settings.torch_threads)
        self.where = f"ray:{socket.gethostname()}:{os.getpid()}"
        # Ray sets CUDA_VISIBLE_DEVICES to the GPUs this actor holds (num_gpus): "cuda" is one of them.
        self.device = "cuda" if ray.get_gpu_ids() and _cuda_available() else "cpu"
        self.studio = Studio(settings, registry=Registry.from_settings(settings), engines=engines,
                             store=FileOutputStore.shared(store_root), device=self.device)
        self._job: str | None = None
        self._progress: tuple[str, int, int] | None = None
        self._cancelled: set[str] = set()

    @ray.method(concurrency_group="control")
    def info(self) -> dict[str, Any]:
        ctx = ray.get_runtime_context()
        return {"where": self.where, "pid": os.getpid(), "host": socket.gethostname(), "node_id": ctx.get_node_id(),
                "gpu_ids": [str(g) for g in ray.get_gpu_ids()], "device": self.device}

    @ray.method(concurrency_group="run")
    def run(self, run: JobRun) -> Outcome:
        self._job, self._progress = run.job_id, ("check", 0, 1)

        def report(stage: str, done: int, total: int) -> None:
            self._progress = (stage, done, total)

        try:
            return execute(self.studio, run, report, lambda: run.job_id in self._cancelled, self.where)
        finally:
            self._job, self._progress = None, None
            self._cancelled.discard(run.job_id)

    @ray.method(concurrency_group="control")
    def cancel(self, job_id: str) -> None:
        if len(self._cancelled) > 1000:
            self._cancelled.clear()
        self._cancelled.add(job_id)

    @ray.method(concurrency_group="control")
    def poll(self) -> tuple[str, str | None, tuple[str, int, int] | None]:
        return self.where, self._job, self._progress


class RayBackend:
    """Worker actors on a Ray cluster; one job per actor at a time."""

    def __init__(self, jobs, *, database_url: str, engines: dict | None = None, ray_init: dict | None = None,
                 worker_env: dict | None = None, poll_s: float = 0.2, start_timeout_s: float = 300.0) -> None:
        self._own_ray = not ray.is_initialized()
        if self._own_ray:
            ray.init(address=jobs.ray_address, namespace=jobs.ray_namespace, log_to_driver=False,
                     **(ray_init or {}))
        gpus = float(ray.cluster_resources().get("GPU", 0))
        per_gpu = jobs.ray_gpus_per_worker if jobs.ray_gpus_per_worker is not None else (1.0 if gpus else 0.0)
        n = jobs.ray_workers or (int(gpus // per_gpu) if gpus and per_gpu else jobs.job_workers)
        overrides = {**(worker_env or {}), "database_url": database_url, "output_store": str(jobs.output_store)}
        self.slots = max(1, n)
        self._poll_s = poll_s
        self._workers = [GenerationWorker.options(num_cpus=jobs.ray_cpus_per_worker, num_gpus=per_gpu)
                         .remote(overrides, engines) for _ in range(self.slots)]
        try:  # wait for every worker to load (surfaces a bad database URL or missing keys now)
            infos = ray.get([w.info.remote() for w in self._workers], timeout=start_timeout_s)
        except Exception:
            self.close()
            raise
        self._where = [i["where"] for i in infos]
        self.per_worker = {"num_gpus": per_gpu, "num_cpus": jobs.ray_cpus_per_worker}
        self._lock = threading.Lock()
        self._idle = list(range(self.slots))
        self._running: dict[str, tuple[int, Any]] = {}
        self._reviving: dict[int, Any] = {}  # slot -> info() call that answers once Ray restarted the actor
        self._events = None
        self._closed = False
        self._thread = threading.Thread(target=self._monitor, name="consent-jobs-ray", daemon=True)
        self._thread.start()

    def describe(self) -> str:
        return f"Ray, {self.slots} worker actor(s) ({self.per_worker['num_gpus']:g} GPU, {self.per_worker['num_cpus']:g} CPU each)"

    def free(self) -> int:
        """Slots that can start a job now (a restarting worker is not one)."""
        with self._lock:
            return len(self._idle)

    def worker_info(self) -> list[dict[str, Any]]:
        return ray.get([w.info.remote() for w in self._workers], timeout=60)

    def start(self, run: JobRun, events) -> None:
        with self._lock:
            if not self._idle:
                raise RuntimeError("no idle Ray worker; the job service dispatched more jobs than slots")
            i = self._idle.pop(0)
            self._events = events
            self._running[run.job_id] = (i, self._workers[i].run.remote(run))
        events.started(run.job_id, self._where[i])

    def cancel(self, job_id: str) -> None:
        with self._lock:
            entry = self._running.get(job_id)
        if entry is not None:
            self._workers[entry[0]].cancel.remote(job_id)

    def close(self) -> None:
        self._closed = True
        if getattr(self, "_thread", None) is not None:
            self._thread.join(timeout=5)
        for w in getattr(self, "_workers", []):
            try:
                ray.kill(w)
            except Exception:  # noqa: BLE001 - already gone
                pass
        if self._own_ray and ray.is_initialized():
            ray.shutdown()

    # ------------------------------------------------------------------ monitor
    def _monitor(self) -> None:
        last_poll = 0.0
        while not self._closed:
            with self._lock:
                refs = {ref: job_id for job_id, (_i, ref) in self._running.items()}
                revive = {ref: i for i, ref in self._reviving.items()}
            if not refs and not revive:
                time.sleep(self._poll_s)
                continue
            waiting = [*refs, *revive]
            ready, _ = ray.wait(waiting, num_returns=len(waiting), timeout=self._poll_s)
            for ref in ready:
                if ref in refs:
                    self._collect(refs[ref], ref)
                else:
                    self._revived(revive[ref], ref)
            if time.monotonic() - last_poll >= self._poll_s:
                last_poll = time.monotonic()
                self._poll_progress()

    def _collect(self, job_id: str, ref) -> None:
        with self._lock:
            i, _ = self._running.pop(job_id)
            events = self._events
        try:
            outcome = ray.get(ref)
            with self._lock:
                self._idle.append(i)
        except ray.exceptions.RayActorError as e:
            with self._lock:  # no job goes to this slot until Ray has restarted its actor
                self._reviving[i] = self._workers[i].info.remote()
            outcome = Outcome(JobState.FAILED, worker=self._where[i], worker_lost=True,
                              finished_at=now_text(datetime.now(timezone.utc)),
                              error=f"the worker process running the job ({self._where[i]}) died: "
                                    f"{_first_line(e)}")
        except Exception as e:  # noqa: BLE001 - the job fails, the service goes on
            with self._lock:
                self._idle.append(i)
            outcome = Outcome(JobState.FAILED, worker=self._where[i], finished_at=now_text(datetime.now(timezone.utc)),
                              error=f"internal error on the worker: {_first_line(e)}")
        events.finished(job_id, outcome)

    def _revived(self, i: int, ref) -> None:
        try:
            info = ray.get(ref)
        except Exception:  # noqa: BLE001 - still restarting: ask again shortly
            time.sleep(self._poll_s)
            with self._lock:
                self._reviving[i] = self._workers[i].info.remote()
            return
        with self._lock:
            self._reviving.pop(i, None)
            self._where[i] = info["where"]
            self._idle.append(i)

    def _poll_progress(self) -> None:
        with self._lock:
            running = dict(self._running)
            events = self._events
        if not running or events is None:
            return
        polls = {job_id: self._workers[i].poll.remote() for job_id, (i, _ref) in running.items()}
        for job_id, ref in polls.items():
            try:
                where, current, progress = ray.get(ref, timeout=2)
            except Exception:  # noqa: BLE001 - a worker restarting or busy: next round
                continue
            i = running[job_id][0]
            self._where[i] = where
            if current == job_id and progress is not None:
                events.progress(job_id, *progress)


def _cuda_available() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:  # noqa: BLE001 - no usable torch CUDA build
        return False


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:300]
