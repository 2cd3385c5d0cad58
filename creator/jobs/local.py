"""The embedded backend: jobs run in worker threads of the studio process (no server to start).

The threads share one :class:`~creator.studio.Studio` (its engines are loaded once; the
studio serialises model calls, so a second thread overlaps the scan, disclosure and
record steps of one job with the generation of the next).
"""

from __future__ import annotations

import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

from creator.jobs.model import JobRun, JobState, Outcome, now_text
from creator.jobs.worker import execute

__all__ = ["LocalPool"]


class LocalPool:
    """``workers`` threads running jobs on ``studio``."""

    def __init__(self, studio, workers: int = 1) -> None:
        if workers < 1:
            raise ValueError(f"workers is {workers}; expected at least 1")
        self.studio = studio
        self.store = studio.store
        self.slots = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="consent-job")
        self._cancel: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._where = f"local:{socket.gethostname()}:{os.getpid()}"

    def describe(self) -> str:
        return f"embedded pool, {self.slots} worker thread(s) in process {os.getpid()}"

    def start(self, run: JobRun, events) -> None:
        flag = threading.Event()
        with self._lock:
            self._cancel[run.job_id] = flag

        def task() -> None:
            name = f"{self._where}/{threading.current_thread().name}"
            try:
                if flag.is_set():  # cancelled before a worker took it up: it ends here, reported like any end
                    outcome = Outcome(JobState.CANCELLED, error=f"job {run.job_id} was cancelled before it started; "
                                      "nothing was published", finished_at=now_text(datetime.now(timezone.utc)), worker=name)
                else:
                    events.started(run.job_id, name)
                    outcome = execute(self.studio, run, lambda s, d, t: events.progress(run.job_id, s, d, t), flag.is_set,
                                      name)
            finally:
                with self._lock:
                    self._cancel.pop(run.job_id, None)
            events.finished(run.job_id, outcome)

        self._pool.submit(task)

    def free(self) -> int:
        """Slots that can start a job now."""
        with self._lock:
            return self.slots - len(self._cancel)

    def cancel(self, job_id: str) -> None:
        with self._lock:
            flag = self._cancel.get(job_id)
        if flag is not None:
            flag.set()

    def close(self) -> None:
        """Cancel every job and wait for the workers. A job no worker took up yet still runs its
        task, which ends it cancelled at once: every job started here reports its end (dropping
        it from the pool's queue left it queued in the registry, its service waiting for it)."""
        with self._lock:
            for flag in self._cancel.values():
                flag.set()
        self._pool.shutdown(wait=True)
