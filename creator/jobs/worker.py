"""One job, run: the whole governed recipe (``Studio.generate``), wherever the job executes.

The embedded pool and the Ray workers both call :func:`execute`; no worker path skips a
step of the recipe. It never raises: every ending becomes an :class:`Outcome`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timezone

from consent.audit import acting_as
from consent.errors import ConsentDenied, ConsentError, describe
from creator.errors import Cancelled
from creator.jobs.model import JobRun, JobState, Outcome, now_text

__all__ = ["execute"]

log = logging.getLogger(__name__)

Report = Callable[[str, int, int], None]


#: How long a worker waits for the queued row of the job it was handed (the service starts a
#: job while its row is being committed) before it refuses to run it.
ROW_WAIT_S = 120.0


def _admit(registry, run: JobRun, should_cancel: Callable[[], bool]) -> None:
    """Before anything is generated: the job's row must say what its signed ``job_submitted``
    entry says and the request held here must be the one that entry signed
    (:meth:`consent.registry.Registry.admit_job`; an IntegrityFailure ends the job failed, with
    "registry integrity failure: …"). Waits for the row while the service commits it."""
    from consent.errors import JobCancelRequested, NotFound

    deadline = time.monotonic() + ROW_WAIT_S
    while True:
        try:
            registry.admit_job(run.job_id, run.request.digest())
            return
        except JobCancelRequested as e:  # a signed cancel the service has not read yet
            raise Cancelled(str(e)) from None
        except NotFound:
            if should_cancel():
                raise Cancelled(f"job {run.job_id} was cancelled before it started; nothing was published") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _mark_running(registry, job_id: str, worker: str, started: str) -> None:
    """The job's row says ``running`` from here on (``jobs list`` in another process reads the
    row, not the service's memory). Best effort: a registry that refuses this write does not stop
    the job; its row then says ``queued`` until the job ends."""
    try:
        registry.mark_job_running(job_id, worker=worker, started_at=started)
    except Exception:  # noqa: BLE001 - a display state; the job's own records are written as ever
        log.exception("could not mark job %s running in the registry", job_id)


def execute(studio, run: JobRun, report: Report, should_cancel: Callable[[], bool], worker: str) -> Outcome:
    """Run ``run`` on ``studio`` as its owner (the audit actor); report progress; honour cancels."""
    started = now_text(datetime.now(timezone.utc))
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    current = ["check", t0]

    def progress(stage: str, done: int, total: int) -> None:
        t = time.perf_counter()
        if stage != current[0]:
            stages[current[0]] = stages.get(current[0], 0.0) + (t - current[1])
            current[0], current[1] = stage, t
        report(stage, done, total)

    def ended(state: JobState, **kw) -> Outcome:
        t = time.perf_counter()
        stages[current[0]] = stages.get(current[0], 0.0) + (t - current[1])
        timings = {"run_s": round(t - t0, 4), "stages": {k: round(v, 4) for k, v in stages.items()}}
        return Outcome(state=state, started_at=started, finished_at=now_text(datetime.now(timezone.utc)), worker=worker,
                       timings=timings, **kw)

    try:
        _admit(studio.registry, run, should_cancel)
        _mark_running(studio.registry, run.job_id, worker, started)
        with acting_as(run.owner):
            result = studio.generate(run.request, progress, should_cancel=should_cancel, job_id=run.job_id)
    except Cancelled as e:
        return ended(JobState.CANCELLED, error=str(e))
    except ConsentDenied as e:
        d = e.decision
        # The job's error is read by its maker ("My outputs", the job status): a registered
        # person the request did not name, found by their face, is that face only there; the
        # decision in the audit log keeps who and why (operators).
        reasons = (d.creator_reasons() if d is not None and not getattr(d, "allowed", True)
                   else [getattr(e, "creator_message", None) or str(e)])
        return ended(JobState.DENIED, error="; ".join(reasons), decision_id=getattr(d, "decision_id", None))
    except ConsentError as e:
        return ended(JobState.FAILED, error=describe(e).message)
    except Exception as e:  # noqa: BLE001 - a bug or an engine crash ends the job, never the worker
        log.exception("job %s failed with an internal error", run.job_id)
        return ended(JobState.FAILED, error=f"internal error: {type(e).__name__}: {e}")
    outputs = tuple({"sha256": o.sha256, "location": str(o.path), "format": o.format, "width": o.width,
                     "height": o.height, "watermark_payload": o.watermark_payload} for o in result.outputs)
    blocked = tuple({"index": b.index, "reasons": list(b.shown_reasons)} for b in result.blocked)  # the maker reads these
    return ended(JobState.DONE, seed=result.seed, decision_id=result.decision.decision_id, outputs=outputs,
                 blocked=blocked)
