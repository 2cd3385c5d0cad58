"""The job service: every generation is a job.

``submit`` validates nothing new (a :class:`~creator.request.GenerationRequest` is valid
once built), records the job as queued (audited) and puts it in the fair queue; a
dispatcher thread starts the next job whenever a backend slot is free; a backend (the
embedded :class:`~creator.jobs.local.LocalPool` or :class:`~creator.jobs.ray_backend.RayBackend`)
runs the whole governed recipe (its worker marks the job's row running) and reports progress
and the outcome, which is recorded once (audited) with the seed actually used, every setting,
the outputs and the timings. Jobs a service of this host left open when it stopped are ended
(:func:`end_orphaned_jobs`) when the next service starts, the web studio starts, or ``jobs
list`` / ``jobs cancel`` runs.

A running job's stage, step and time left are written to the registry by its service (the
dispatcher thread, at most once a second per service for all its running jobs, and every 10 s
while nothing changes; :meth:`consent.registry.Registry.record_job_progress`), so that a view
of the job read in another process (:func:`stored_views`: ``jobs list`` / ``jobs show``, a page
served by another studio process) shows how far it has got. That copy is advisory: a job's
state and end come from its row, and a report older than ``PROGRESS_STALE_S`` is not shown.

Cancel works while queued (the job leaves the queue) and while running (the recipe stops
at the next denoising step). A job whose client stopped asking about it for
``grace_s`` seconds (closed tab, dead API client) is cancelled; ``detach=True`` jobs (CLI
``--no-wait``) are exempt. A page served by another studio process that follows the job (a
reload that landed there) counts as its client: that process notes it in the registry at most
every ``WATCH_EVERY_S`` (:meth:`consent.registry.Registry.note_jobs_watched`), and the service
reads the note before it cancels a job for want of one. A cancel asked for by another process (``consent-studio jobs
cancel``) is recorded in the registry and picked up within a second.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from consent.audit import current_actor
from consent.errors import NotFound, RecordInvalid
from consent.registry import JobProgress, JobRecord
from creator.jobs.model import (ETA_MAX_S, FINAL_STATES, PROGRESS_EVERY_S, PROGRESS_HEARTBEAT_S, PROGRESS_STALE_S, STAGES, Job,
                                JobOutput, JobRun, JobState, Outcome, download_name, now_text, own_seeds, owned_by)
from creator.jobs.queue import FairQueue
from creator.jobs.store import quarantine_staging, recover_staging, signed_output

__all__ = ["JobManager", "end_orphaned_jobs", "stored_views"]

log = logging.getLogger(__name__)

_LIVE_SERVICES: set[str] = set()  # job services open in this process (for recovery of dead ones)
_RECENT = 512  # ended jobs kept in memory for status reads
_KINDS = 256  # kinds of job whose last run times are kept for estimates


@dataclass
class _Active:
    """A queued or running job, as the service tracks it."""

    job: Job
    request: object
    detach: bool
    last_seen: float
    started_mono: float | None = None
    stage_started: dict = field(default_factory=dict)
    #: set once the queued row is committed (the end is recorded only after it); ``unrecorded``
    #: when that write failed (the job never existed for the registry)
    recorded: threading.Event = field(default_factory=threading.Event)
    unrecorded: bool = False
    #: the submitting account's identity, for ``owner_refused`` (None: not known here)
    owner_key: str | None = None


#: the stages after generation (what ``tail_s`` times)
_AFTER_GENERATE = ("scan", "disclose", "record")


def _kind(settings: dict) -> tuple:
    """What makes one job take about as long as another: the engine and model, the mode, the
    size, the steps (and the strength, which scales an edit's steps) and the number of images."""
    s = settings or {}
    return tuple(str(s.get(k)) for k in ("engine", "model", "mode", "width", "height", "steps", "strength", "num_images"))


def _shown(seconds: float | None) -> float | None:
    """An estimate as a view carries it: rounded to 10 ms, None when unknown or not above 0 (a job
    still queued or running is never shown "0 s" left by an estimate that ran out)."""
    if seconds is None:
        return None
    r = round(float(seconds), 2)
    return r if r > 0 else None


#: How often (seconds, at most) a page here that follows another service's open job notes so in
#: the registry: well inside any grace period a service is given (``job_grace_s``, default 60)
WATCH_EVERY_S = 5.0
_WATCH_KEEP = 256


class JobManager:
    """Queue, dispatch and record generation jobs on a backend.

    Build it with :meth:`from_settings` (embedded or Ray, from ``CONSENT_STUDIO_*``), or
    ``JobManager(backend, registry, store=...)``. Thread-safe; close it with :meth:`close`.
    """

    def __init__(self, backend, registry, *, store=None, grace_s: float = 60.0, poll_s: float = 0.25,
                 clock: Callable[[], float] = time.monotonic, per_owner: int = 20,
                 owner_refused: Callable[[Job, str | None], str | None] | None = None) -> None:
        self.backend = backend
        self.registry = registry
        self.store = store if store is not None else backend.store
        self.grace_s = float(grace_s)
        #: jobs one owner may have queued or running at once (``JobSettings.jobs_per_owner``)
        self.per_owner = int(per_owner)
        #: asked just before a queued job starts: why its owner may no longer run it (their
        #: account was removed, or the name is another account's now), or None (red team 27)
        self.owner_refused = owner_refused
        self._poll_s = float(poll_s)
        self._clock = clock
        # host:pid:nonce (service_id_now): a later process given the same id by the system is
        # not this service, and a reader in another PID namespace never judges it (_service_gone)
        self.service_id = service_id_now()
        self._cond = threading.Condition(threading.RLock())
        self._queue = FairQueue()
        self._active: dict[str, _Active] = {}
        self._recent: OrderedDict[str, Job] = OrderedDict()
        self._busy = 0
        self._closed = False
        #: per kind of job (:func:`_kind`): how long its last runs took ("run_s") and the part after
        #: generation ("tail_s"), smoothed; what a wait or a time left is estimated from, with a
        #: running job's own pace once it has taken a step (never one average of every job)
        self._kinds: OrderedDict[tuple, dict[str, float]] = OrderedDict()
        self._last_db_poll = 0.0
        #: the signed log's cancel requests are read from here on (job_cancel_requests): the
        #: service acts on those, never on the ``cancel_requested_by`` column (leftovers 34)
        self._cancel_seq: int | None = None
        #: jobs submitted while ``_cancel_seq`` is unknown (the first read of the log failed): the
        #: cursor then starts at the first of their signed job_submitted entries, never at the
        #: log's head when a read first works (cancels signed meanwhile would be lost; red team 35)
        self._early_jobs: list[str] = []
        self._unrecorded_ends: dict[str, dict] = {}  # ended jobs whose end is not committed yet
        #: what was last written of each running job's progress ((stage, done, total), when: the
        #: real monotonic clock, not ``clock``) and when the last write was tried
        self._progress_written: dict[str, tuple[tuple, float]] = {}
        self._progress_tried = 0.0
        #: open jobs of other services that a page here follows: when this process last noted so
        #: in the registry (the real monotonic clock), so that their service keeps them
        self._watch_noted: dict[str, float] = {}
        # ends are committed on a thread of their own, so a worker starts its next job at once
        self._recorder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consent-jobs-record")
        _LIVE_SERVICES.add(self.service_id)
        try:  # where the signed log ends now: cancel requests after it are for this service's jobs
            _none, self._cancel_seq = registry.job_cancel_requests(None)
        except Exception:  # noqa: BLE001 - the registry is down: the first housekeeping round reads it
            log.exception("could not read where the audit log ends")
        self.recovered = self._recover_dead_services()
        self._thread = threading.Thread(target=self._loop, name="consent-jobs", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_settings(cls, settings=None, *, jobs=None, registry=None, engines=None, ray_init: dict | None = None,
                      worker_env: dict | None = None) -> JobManager:
        """The embedded pool, or Ray workers when ``CONSENT_STUDIO_RAY_ADDRESS`` is set.

        ``engines`` (name -> factory) replaces engine factories in every worker (tests,
        benchmarks); ``ray_init`` adds arguments to ``ray.init``; ``worker_env`` sets
        ``CONSENT_STUDIO_*`` values for the Ray workers (they otherwise read their node's).
        """
        from consent.registry import Registry
        from creator.jobs.config import JobSettings
        from creator.settings import StudioSettings

        settings = settings or StudioSettings()
        jobs = jobs or JobSettings()
        if jobs.ray_address:
            from creator.jobs.ray_backend import RayBackend
            from creator.jobs.store import FileOutputStore

            if not jobs.output_store:
                raise RecordInvalid("CONSENT_STUDIO_OUTPUT_STORE is unset; Ray workers need a shared output store "
                                    "(a folder every worker and the studio mount at the same path)")
            url = settings.resolved_database_url
            if url.startswith("sqlite"):
                raise RecordInvalid(f"CONSENT_STUDIO_DATABASE_URL is {url!r}; Ray workers need a shared registry "
                                    "(postgresql+psycopg://...), not an SQLite file")
            registry = registry or Registry.from_settings(settings)
            store = FileOutputStore.shared(jobs.output_store)
            backend = RayBackend(jobs, database_url=url, engines=engines, ray_init=ray_init, worker_env=worker_env)
            return cls(backend, registry, store=store, grace_s=jobs.job_grace_s, per_owner=jobs.jobs_per_owner)
        from creator.jobs.local import LocalPool
        from creator.jobs.store import FileOutputStore
        from creator.studio import Studio

        registry = registry or Registry.from_settings(settings)
        store = FileOutputStore.shared(jobs.output_store) if jobs.output_store else None
        studio = Studio(settings, registry=registry, engines=engines, store=store)
        return cls(LocalPool(studio, jobs.job_workers), registry, store=studio.store, grace_s=jobs.job_grace_s,
                   per_owner=jobs.jobs_per_owner)

    def close(self) -> None:
        """Stop dispatching, cancel what runs, stop the backend. Queued jobs stay queued in the
        registry and are failed by the next service that starts on this host."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=10)
        self.backend.close()
        self._recorder.shutdown(wait=True)
        for job_id in list(self._unrecorded_ends):
            self._record_end(job_id)
        _LIVE_SERVICES.discard(self.service_id)

    def __enter__(self) -> JobManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the API
    def submit(self, request, *, owner: str | None = None, detach: bool = False, owner_key: str | None = None) -> Job:
        """Queue ``request`` for ``owner`` (the audit actor, e.g. ``ui:olive``; default: the
        current actor). ``owner_key``: the submitting account's identity, passed to
        ``owner_refused`` before the job starts. Returns the queued job (with its position)."""
        from creator.request import GenerationRequest

        if not isinstance(request, GenerationRequest):
            raise RecordInvalid(f"a job runs a GenerationRequest; got {type(request).__name__}")
        owner = (owner or current_actor() or "").strip()
        if not owner:
            raise RecordInvalid("job owner is empty; expected who submits it (e.g. 'ui:olive', 'cli:root')")
        job_id = f"job_{uuid.uuid4().hex[:16]}"
        submitted = now_text(datetime.now(timezone.utc))
        settings = request.describe()
        digest = request.digest()
        job = Job(id=job_id, owner=owner, state=JobState.QUEUED, submitted_at=submitted, settings=settings,
                  request_digest=digest)
        a = _Active(job, request, detach, self._clock(), owner_key=owner_key)
        with self._cond:
            if self._closed:
                raise RecordInvalid("the job service is closed; expected an open service")
            # this account's jobs: not those an earlier account of the name left queued, which will
            # never start (red team s60b: they filled the new account's quota)
            account = (owner_key or "").split("\n", 1)[0] or None
            mine = sum(1 for x in self._active.values() if x.job.owner == owner and (
                account is None or x.owner_key is None or x.owner_key.split("\n", 1)[0] == account))
            if mine >= self.per_owner:
                from creator.errors import InputError

                raise InputError(f"you have {mine} jobs queued or running, the most one user may have at once "
                                 f"(CONSENT_STUDIO_JOBS_PER_OWNER = {self.per_owner}); wait for one to finish or "
                                 "cancel one, then submit again")
            self._active[job_id] = a
            if self._cancel_seq is None:
                self._early_jobs.append(job_id)
            self._queue.push(job_id, owner)
            self._dispatch()  # a free worker starts it now, while the queued row is written below
            view = self._view(job_id)
        try:
            self.registry.add_job(JobRecord(id=job_id, owner=owner, state="queued", submitted_at=submitted,
                                            request_digest=digest, settings=settings, service=self.service_id))
        except BaseException:
            if self._row_exists(job_id):
                # committed, then interrupted (a Ctrl-C lands anywhere, after the commit too): a job
                # like any other, but nobody got its id, so nobody waits for it: it is cancelled
                a.recorded.set()
                try:
                    self.cancel(job_id, by=f"{owner} (client stopped waiting)")
                except Exception:  # noqa: BLE001 - the interruption is what the caller must see
                    log.exception("could not cancel job %s after its submit was interrupted", job_id)
                raise
            with self._cond:  # the registry refused the job: it must not run, and it leaves no trace
                a.unrecorded = True
                if not self._queue.remove(job_id):
                    self.backend.cancel(job_id)
                else:
                    self._active.pop(job_id, None)
                    self._cond.notify_all()
            a.recorded.set()
            raise
        a.recorded.set()
        return view

    def _row_exists(self, job_id: str) -> bool:
        """Whether the job's queued row is committed (False when the registry cannot tell)."""
        try:
            self.registry.get_job(job_id)
        except Exception:  # noqa: BLE001 - not recorded, or the registry is down: not recorded for us
            return False
        return True

    def get(self, job_id: str, *, owner: str | None = None, touch: bool = True) -> Job:
        """The job now (position, stage, progress, ETA while active). ``owner`` restricts to that
        owner's jobs (another's is "not found"). Reading a job counts as its client being there."""
        with self._cond:
            a = self._active.get(job_id)
            if a is not None:
                self._own(a.job, owner)
                if touch:
                    a.last_seen = self._clock()
                return self._view(job_id)
            job = self._recent.get(job_id)
        if job is None:
            job = self._stored(job_id)
        self._own(job, owner)
        if touch and not job.final:
            self._note_watched(job_id)
        return job

    def _note_watched(self, job_id: str) -> None:
        """A page here follows ``job_id``, an open job another service runs: say so in the
        registry (at most every :data:`WATCH_EVERY_S` a job, or a third of the grace period), so
        that its service does not cancel it as abandoned. Advisory: a write that fails is logged;
        the next read tries again."""
        mono = time.monotonic()
        with self._cond:
            last = self._watch_noted.get(job_id)
            # the processes of one studio share its settings, so the grace period there is ours
            if last is not None and mono - last < min(WATCH_EVERY_S, self.grace_s / 3):
                return
            self._watch_noted[job_id] = mono
            if len(self._watch_noted) > 4 * _WATCH_KEEP:  # forget the oldest notes (ended jobs)
                for old in sorted(self._watch_noted, key=self._watch_noted.__getitem__)[:-_WATCH_KEEP]:
                    del self._watch_noted[old]
        try:
            self.registry.note_jobs_watched([job_id], now_text(datetime.now(timezone.utc)))
        except Exception as e:  # noqa: BLE001 - advisory: the page is shown all the same
            with self._cond:
                self._watch_noted.pop(job_id, None)
            log.warning("could not note that a page follows job %s: %s: %s", job_id, type(e).__name__, e)

    def _stored(self, job_id: str) -> Job:
        """A job this service does not hold, as the registry has it: ended, or open in another
        service, with its progress as that service last reported it (:func:`stored_views`). An
        open job whose service on this host is gone is ended first (as ``jobs show`` does): a
        dead service's last report never shows its job as running."""
        rec = self.registry.get_job(job_id)
        if not rec.final and service_dead_here(rec.service):
            end_orphaned_jobs(self.registry, self.store, only=[job_id])
            rec = self.registry.get_job(job_id)
        return stored_views(self.registry, [rec])[0]

    def touch(self, job_id: str) -> None:
        """The client of ``job_id`` is still there (resets the grace period)."""
        with self._cond:
            a = self._active.get(job_id)
            if a is not None:
                a.last_seen = self._clock()

    def cancel(self, job_id: str, *, by: str | None = None, owner: str | None = None) -> Job:
        """Cancel a queued job (it ends now) or a running one (it ends at the next step).

        ``by`` names who cancels (audited; default the current actor); ``owner`` restricts to
        that owner's jobs. A job of another service is flagged in the registry for its service.
        A job that already ended is returned unchanged.
        """
        by = (by or current_actor() or "unknown").strip()
        with self._cond:
            a = self._active.get(job_id)
            if a is None:
                ended = self._recent.get(job_id)
            else:
                self._own(a.job, owner)
                ended = None
                if self._queue.remove(job_id):
                    a.job = replace(a.job, cancel_requested_by=by)
                    queued = True
                else:
                    queued = False
                    if a.job.cancel_requested_by is None:
                        a.job = replace(a.job, cancel_requested_by=by)
                        self.backend.cancel(job_id)
        if a is None:
            if ended is not None:
                self._own(ended, owner)
                return ended
            rec = self.registry.get_job(job_id)
            self._own(Job.from_record(rec), owner)
            if rec.final:
                return Job.from_record(rec)
            return Job.from_record(self.registry.request_job_cancel(job_id, by))
        if queued:
            now = now_text(datetime.now(timezone.utc))
            self._finish(job_id, Outcome(JobState.CANCELLED, error=f"cancelled by {by} while queued", finished_at=now),
                         sync=True)
        return self.get(job_id, touch=False)

    def list(self, owner: str | None = None, *, limit: int = 50) -> list[Job]:
        """Active jobs (this service's: queued in start order, then running; then those other
        services hold open, newest first, with their reported progress), then ended ones newest first."""
        with self._cond:
            order = self._queue.order()
            active = [self._view(j) for j in order] + [self._view(j) for j, a in self._active.items() if j not in order]
            known = set(self._active) | set(self._recent)
        active = [j for j in active if owned_by(owner, j.owner, j.submitted_at)]
        active += self._others_open(owner, limit, known)
        ids = {j.id for j in active}
        return (active + [j for j in self.history(owner, limit=limit) if j.id not in ids])[:limit]

    def _others_open(self, owner: str | None, limit: int, known: set[str]) -> list[Job]:
        """The open jobs of other services (another studio process, a CLI's), newest first, as
        :func:`stored_views` shows them; those whose service on this host is gone are ended first
        (they are then in the history). A row the signed log does not vouch for is not listed and
        is named in the service's log (and by ``audit verify``): one row written behind the log
        must not stop every user's page from listing their jobs (red team 35)."""
        problems: list[str] = []
        recs = [r for r in self.registry.list_jobs(owner=_text(owner), states=["queued", "running"], limit=limit,
                                                   problems=problems)
                if r.id not in known and owned_by(owner, r.owner, r.submitted_at)]
        for p in problems:
            log.error("an open job row the signed audit log does not vouch for is not listed: %s", p)
        dead = [r.id for r in recs if service_dead_here(r.service)]
        if dead:
            end_orphaned_jobs(self.registry, self.store, only=dead)
            recs = [r for r in recs if r.id not in set(dead)]
        return stored_views(self.registry, recs)

    def history(self, owner: str | None = None, *, limit: int = 50) -> list[Job]:
        """Ended jobs newest first, from the registry: settings, seed used, outputs, timings."""
        with self._cond:
            pending = [self._recent[j] for j in self._unrecorded_ends if j in self._recent
                       and owned_by(owner, self._recent[j].owner, self._recent[j].submitted_at)]
        recs = self.registry.list_jobs(owner=_text(owner), states=sorted(str(s) for s in FINAL_STATES), limit=limit)
        done = [Job.from_record(r) for r in recs if owned_by(owner, r.owner, r.submitted_at)]
        ids = {j.id for j in done}
        pending = [j for j in pending if j.id not in ids]
        return sorted(pending, key=lambda j: j.submitted_at, reverse=True)[:limit] + done if pending else done

    def wait(self, job_id: str, timeout: float | None = None, *, owner: str | None = None,
             recorded: bool = False) -> Job:
        """Block until the job ends (keeps it alive while waiting); returns the ended job.
        ``recorded``: also until its end is committed to the registry (history, other processes).
        Raises ``TimeoutError`` after ``timeout`` seconds."""
        deadline = None if timeout is None else self._clock() + timeout
        while True:
            job = self.get(job_id, owner=owner)
            if job.final:
                if recorded:
                    with self._cond:
                        while job_id in self._unrecorded_ends:
                            left = None if deadline is None else deadline - self._clock()
                            if left is not None and left <= 0:
                                raise TimeoutError(f"the end of job {job_id} is not recorded after {timeout:g} s")
                            self._cond.wait(timeout=min(self._poll_s * 4, left) if left is not None else self._poll_s * 4)
                        job = self._recent.get(job_id, job)  # as recorded (e.g. who cancelled, from the signed log)
                return job
            with self._cond:
                if job_id in self._active:
                    left = None if deadline is None else deadline - self._clock()
                    if left is not None and left <= 0:
                        raise TimeoutError(f"job {job_id} is still {job.state} after {timeout:g} s")
                    self._cond.wait(timeout=min(self._poll_s * 4, left) if left is not None else self._poll_s * 4)
                    continue
            if deadline is not None and self._clock() > deadline:  # a job of another service: poll the registry
                raise TimeoutError(f"job {job_id} is still {job.state} after {timeout:g} s")
            time.sleep(self._poll_s)

    def watch(self, job_id: str, *, owner: str | None = None, poll_s: float | None = None,
              client_alive: Callable[[], bool] | None = None) -> Iterator[Job]:
        """Yield the job each time its state, position, stage or progress changes, ending with
        the ended job (for a progress bar, a Gradio generator or a streaming HTTP response).

        Watching keeps the job's client "there"; ``client_alive``, when given, is asked first:
        once it says False (the HTTP client disconnected) the watch stops counting as the
        client, so the job is cancelled after the grace period like an abandoned page's."""
        last = None
        while True:
            alive = True
            if client_alive is not None:
                try:
                    alive = bool(client_alive())
                except Exception as e:  # noqa: BLE001 - cannot tell: the watcher counts as there
                    log.warning("job %s: could not tell whether its client is still there (%s: %s)",
                                job_id, type(e).__name__, e)
            job = self.get(job_id, owner=owner, touch=alive)
            key = (job.state, job.position, job.stage, job.done, job.total)
            if key != last:
                last = key
                yield job
            if job.final:
                return
            with self._cond:
                self._cond.wait(timeout=poll_s or self._poll_s)

    def run(self, request, *, owner: str | None = None, progress: Callable[[Job], None] | None = None,
            timeout: float | None = None, stop: Callable[[], bool] | None = None) -> Job:
        """Submit and wait (the CLI's ``--wait``, the Python API): returns the ended job;
        ``progress`` gets each change. Cancels the job if the wait is interrupted (an exception,
        a ``KeyboardInterrupt`` included). ``stop`` is asked while waiting: once it says True (the
        CLI's Ctrl-C handler), the job is cancelled ("client stopped waiting") and run returns it
        once it has ended (cancelled, or done when the cancel came after its record began)."""
        job = self.submit(request, owner=owner)
        by = f"{job.owner} (client stopped waiting)"
        try:
            if progress is None and stop is None:
                return self.wait(job.id, timeout=timeout)
            deadline = None if timeout is None else self._clock() + timeout
            last, stopping = None, False
            while True:
                if stop is not None and not stopping and stop():
                    stopping = True
                    self.cancel(job.id, by=by)
                job = self.get(job.id)
                key = (job.state, job.position, job.stage, job.done, job.total)
                if key != last:
                    last = key
                    if progress is not None:
                        progress(job)
                if job.final:
                    return job
                if deadline is not None and self._clock() > deadline:
                    raise TimeoutError(f"job {job.id} is still {job.state} after {timeout:g} s")
                with self._cond:
                    active = job.id in self._active
                    if active:
                        self._cond.wait(timeout=self._poll_s)
                if not active:
                    time.sleep(self._poll_s)
        except BaseException:
            if not self.get(job.id, touch=False).final:
                self.cancel(job.id, by=by)
            raise

    def download(self, job_id: str, index: int = 0, *, owner: str | None = None) -> tuple[str, str]:
        """(where the stored file is, the readable name to download it as) of one output.

        The file is found from the output's digest (signed in the job's ``job_finished`` entry),
        never from the location the job row names, and its bytes are checked against that
        digest: raises :class:`creator.errors.OutputFileInvalid` when they differ."""
        job = self.get(job_id, owner=owner, touch=False)
        if not 0 <= index < len(job.outputs):
            raise NotFound(f"job {job_id} has {len(job.outputs)} output(s); output {index} does not exist")
        o = job.outputs[index]
        return str(signed_output(self.registry, o.sha256, o.location).path), o.download_name

    def describe(self) -> str:
        return self.backend.describe()

    # ------------------------------------------------------------------ backend events
    def started(self, job_id: str, worker: str) -> None:
        with self._cond:
            a = self._active.get(job_id)
            if a is not None:
                a.started_mono = self._clock()
                a.job = replace(a.job, state=JobState.RUNNING, worker=worker, stage="check", done=0, total=1,
                                started_at=now_text(datetime.now(timezone.utc)))
                self._cond.notify_all()

    def progress(self, job_id: str, stage: str, done: int, total: int) -> None:
        with self._cond:
            a = self._active.get(job_id)
            if a is None:
                return
            if stage not in a.stage_started:
                a.stage_started[stage] = self._clock()
            if a.job.state is not JobState.RUNNING:
                a.job = replace(a.job, state=JobState.RUNNING)
            a.job = replace(a.job, stage=stage, done=int(done), total=int(total))
            self._cond.notify_all()

    def finished(self, job_id: str, outcome: Outcome) -> None:
        with self._cond:
            self._busy = max(0, self._busy - 1)
            self._dispatch()
            self._cond.notify_all()
        self._finish(job_id, outcome)

    # ------------------------------------------------------------------ internals
    @staticmethod
    def _own(job: Job, owner: str | None) -> None:
        if not owned_by(owner, job.owner, job.submitted_at):
            raise NotFound(f"job '{job.id}' is not recorded")

    def _view(self, job_id: str) -> Job:
        a = self._active[job_id]
        job = a.job
        if job.state is JobState.QUEUED:
            wait, end = self._queue_estimates().get(job_id, (None, None))
            return replace(job, position=self._queue.positions().get(job_id), wait_s=_shown(wait), eta_s=_shown(end))
        if job.state is JobState.RUNNING:
            return replace(job, eta_s=_shown(self._eta_running(a)))
        return job

    def _known(self, job: Job) -> dict[str, float] | None:
        """How long the last runs of this kind of job took (None: no job of its kind finished here)."""
        return self._kinds.get(_kind(job.settings))

    def _eta_running(self, a: _Active) -> float | None:
        """Seconds until a running job should end, or None when there is no basis (no step taken
        and no job of its kind finished here) or it runs longer than expected (never 0 while it runs).

        Once it has taken a step (a denoising step, a GAN batch): its own pace for the steps left,
        then the part after generation (output scan, disclosure, record) as the last jobs of its
        kind took it (nothing when none finished yet). Before: the last runs of its kind."""
        job, now = a.job, self._clock()
        known = self._known(job)
        gen_start = a.stage_started.get("generate")
        if job.stage == "generate" and gen_start is not None and job.done > 0 and job.total > 0:
            left = (now - gen_start) / job.done * (job.total - job.done) + (known["tail_s"] if known else 0.0)
        elif known is None:
            return None
        elif job.stage in _AFTER_GENERATE:
            since = min((a.stage_started[s] for s in _AFTER_GENERATE if s in a.stage_started), default=now)
            left = known["tail_s"] - (now - since)
        else:  # starting, checking, or generating before its first step
            left = known["run_s"] - (now - a.started_mono if a.started_mono is not None else 0.0)
        return left if left > 0 else None

    def _queue_estimates(self) -> dict[str, tuple[float | None, float | None]]:
        """Each queued job's (seconds until it should start, seconds until it should end), None
        where unknown: the jobs ahead of it run first, each slot freeing when its running job should
        end, then each queued job ahead taking as long as the last runs of its kind. A slot whose
        job's end is unknown makes every wait after it unknown (called with the lock held)."""
        running = [a for a in self._active.values() if a.job.state is JobState.RUNNING]
        free: list[float | None] = [self._eta_running(a) for a in running]
        free += [0.0] * max(0, max(1, int(self.backend.slots)) - len(free))
        out: dict[str, tuple[float | None, float | None]] = {}
        for job_id in self._queue.order():
            a = self._active.get(job_id)
            if a is None or any(f is None for f in free):
                out[job_id] = (None, None)
                continue
            i = min(range(len(free)), key=lambda n: free[n])
            wait = free[i]
            known = self._known(a.job)
            end = None if known is None else wait + known["run_s"]
            free[i] = end
            out[job_id] = (wait, end)
        return out

    def _finish(self, job_id: str, outcome: Outcome, *, sync: bool = False) -> None:
        """Record how a job ended (once, audited) and publish the ended view."""
        with self._cond:
            a = self._active.get(job_id)
        if a is None:
            return
        if not self._wait_recorded(a, job_id) or a.unrecorded:
            with self._cond:  # never recorded as queued: nothing to record now either
                self._active.pop(job_id, None)
                self._cond.notify_all()
            return
        job = a.job
        if outcome.worker_lost:
            outcome = self._after_lost_worker(job, outcome)
        view, record = _ended(job, outcome, started=a.started_mono is not None)
        timings = record["timings"]
        # The job has ended (its outputs, if any, were recorded and published by the recipe):
        # waiters see it now; its own record follows at once, and wait(recorded=True) waits for that.
        with self._cond:
            self._active.pop(job_id, None)
            self._recent[job_id] = view
            self._unrecorded_ends[job_id] = record
            while len(self._recent) > _RECENT:
                self._recent.popitem(last=False)
            run_s = timings.get("run_s")
            if outcome.state is JobState.DONE and run_s:
                self._learn(job, float(run_s), timings.get("stages") or {})
            self._cond.notify_all()
        if sync:
            self._record_end(job_id)
        else:
            try:
                self._recorder.submit(self._record_end, job_id)
            except RuntimeError:  # the service is closing: record here
                self._record_end(job_id)

    def _learn(self, job: Job, run_s: float, stages: dict) -> None:
        """A job of this kind ran ``run_s`` seconds (called with the lock held)."""
        tail = max(0.0, run_s - float(stages.get("generate", 0.0)) - float(stages.get("check", 0.0)))
        key = _kind(job.settings)
        k = self._kinds.pop(key, None)
        self._kinds[key] = ({"run_s": run_s, "tail_s": tail} if k is None else
                            {"run_s": 0.7 * k["run_s"] + 0.3 * run_s, "tail_s": 0.7 * k["tail_s"] + 0.3 * tail})
        while len(self._kinds) > _KINDS:
            self._kinds.popitem(last=False)

    def _wait_recorded(self, a: _Active, job_id: str, limit_s: float = 120.0) -> bool:
        """Until the submitter notes that the job's queued row is committed (at most ``limit_s``).
        A submitter cut off between the commit and that note (an interruption can land on any
        instruction) never makes it: then the row itself, read back each second, says so."""
        deadline = time.monotonic() + limit_s
        while not a.recorded.wait(timeout=1.0):
            if self._row_exists(job_id):
                return True
            if time.monotonic() > deadline:
                return False
        return True

    def _record_end(self, job_id: str) -> bool:
        """Write how a job ended (once, audited); kept for a retry when the registry refuses."""
        with self._cond:
            record = self._unrecorded_ends.get(job_id)
        if record is None:
            return True
        rec = signed = None
        try:
            rec = self.registry.finish_job(job_id, **record)
        except Exception as e:  # noqa: BLE001 - the registry is down or locked: retried by housekeeping
            from consent.errors import RegistryError

            if isinstance(e, RegistryError) and "already ended" in str(e):
                # another process recorded its end first (it judged this service gone): that signed
                # end is the job's, and what this service shows of it from now on
                signed = self._signed_end(job_id, record)
            else:
                log.exception("could not record the end of job %s; retrying", job_id)
                return False
        with self._cond:
            self._unrecorded_ends.pop(job_id, None)
            if signed is not None and job_id in self._recent:
                self._recent[job_id] = signed
            view = self._recent.get(job_id)
            if rec is not None and rec.cancel_requested_by and view is not None and view.cancel_requested_by is None:
                # a cancel signed before the service read it (the worker's admit_job refused the
                # job): who asked, as the signed log says and the record now names
                self._recent[job_id] = replace(view, cancel_requested_by=rec.cancel_requested_by)
            self._cond.notify_all()
        return True

    def _signed_end(self, job_id: str, record: dict) -> Job | None:
        """The end another process recorded for ``job_id``, which this service ran and saw end as
        ``record`` says (logged: the two may differ), or None when it cannot be read."""
        try:
            rec = self.registry.get_job(job_id)
        except Exception:  # noqa: BLE001 - the service's own view stays
            log.exception("job %s was ended by another process; its recorded end could not be read", job_id)
            return None
        if not rec.final:
            return None
        log.warning("job %s was ended by another process (%s: %s) while this service ran it; this service saw it "
                    "end %s: %s", job_id, rec.state, rec.error, record.get("state"), record.get("error"))
        return Job.from_record(rec)

    def _after_lost_worker(self, job: Job, outcome: Outcome) -> Outcome:
        return _after_lost_worker(self.store, self.registry, job, outcome)

    def _recover_dead_services(self) -> list[str]:
        """Jobs left queued or running by a job service of this host that is gone: their
        staging is recovered and they end (done if their outputs were recorded, else failed)."""
        return [j.id for j in end_orphaned_jobs(self.registry, self.store)]

    def _dispatch(self) -> None:
        """Start queued jobs while the backend has free slots (called with the lock held)."""
        while not self._closed and len(self._queue) and self._busy < self.backend.slots and self.backend.free() > 0:
            job_id = self._queue.pop()
            a = self._active[job_id]
            why = self._owner_refused(a.job, a.owner_key)
            if why is not None:  # never started: ends cancelled, with why
                a.request = None
                a.job = replace(a.job, cancel_requested_by="job service")
                threading.Thread(target=self._finish, args=(job_id, Outcome(
                    JobState.CANCELLED, error=why, finished_at=now_text(datetime.now(timezone.utc)))), daemon=True).start()
                continue
            self._busy += 1
            run = JobRun(job_id, a.job.owner, a.request)
            a.request = None  # the backend holds it now
            a.job = replace(a.job, state=JobState.RUNNING, stage="starting", done=0, total=0)
            try:
                self.backend.start(run, self)
            except Exception as e:  # noqa: BLE001 - a backend that cannot start the job fails it
                log.exception("backend could not start job %s", job_id)
                self._busy -= 1
                threading.Thread(target=self._finish, args=(job_id, Outcome(
                    JobState.FAILED, error=f"the job could not be started: {type(e).__name__}: {e}")), daemon=True).start()

    def _owner_refused(self, job: Job, key: str | None = None) -> str | None:
        if self.owner_refused is None:
            return None
        try:
            return self.owner_refused(job, key)
        except Exception:  # noqa: BLE001 - the account cannot be checked: the job does not start
            # the detail (a server path, an operator's command) is for the log, not the job's maker
            log.exception("could not check the owner of job %s", job.id)
            return "not started: the studio could not check the account that queued it; ask an operator"

    def _loop(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                self._dispatch()  # e.g. a Ray worker that came back after a restart
                self._cond.wait(timeout=self._poll_s)
            self._housekeeping()
            try:
                self._write_progress()
            except Exception:  # noqa: BLE001 - advisory: the dispatcher goes on whatever happens
                log.exception("could not write the running jobs' progress")

    def _write_progress(self) -> None:
        """Write the running jobs' progress to the registry for other processes to read: at most
        once every ``PROGRESS_EVERY_S`` for all of this service's running jobs together (one write
        transaction), and only the jobs whose stage or step changed since their last write, or
        whose last write is ``PROGRESS_HEARTBEAT_S`` old. On this thread, never a worker's: a
        denoising step never waits for the database. Advisory: a write that fails is logged and
        tried again next round; the job runs on."""
        mono = time.monotonic()  # the real clock: a test's ``clock`` must not stop the writes
        if mono - self._progress_tried < PROGRESS_EVERY_S:
            return
        self._progress_tried = mono
        at = now_text(datetime.now(timezone.utc))
        reports: list[JobProgress] = []
        with self._cond:
            for job_id in [j for j in self._progress_written if j not in self._active]:
                del self._progress_written[job_id]
            positions = self._queue.positions()
            waits = self._queue_estimates() if positions else {}
            queued = max(positions.values(), default=0)
            for job_id, a in self._active.items():
                job = a.job
                if not a.recorded.is_set() or a.unrecorded:
                    continue
                if job.state is JobState.QUEUED and job_id in positions:
                    # (session 56) a queued job's place in this service's queue and its wait, as
                    # "queued" k of N: another process's page or `jobs list` shows them too
                    place = min(max(1, int(positions[job_id])), queued)
                    key, eta = (QUEUED_STAGE, place, queued), waits.get(job_id, (None, None))[0]
                elif job.state is JobState.RUNNING:
                    stage = job.stage if job.stage in STAGES else "starting"
                    total = max(0, int(job.total))
                    key, eta = (stage, min(max(0, int(job.done)), total), total), self._eta_running(a)
                else:
                    continue
                last = self._progress_written.get(job_id)
                if last is not None and last[0] == key and mono - last[1] < PROGRESS_HEARTBEAT_S:
                    continue
                reports.append(JobProgress(job_id=job_id, service=self.service_id, stage=key[0], done=key[1],
                                           total=key[2], eta_s=_shown(eta), reported_at=at))
        if not reports:
            return
        try:
            self.registry.record_job_progress(self.service_id, reports)
        except Exception as e:  # noqa: BLE001 - advisory: the jobs run on, the next round writes again
            log.warning("could not write the progress of %d running job(s) to the registry: %s: %s", len(reports),
                        type(e).__name__, e)
            return
        with self._cond:
            for p in reports:
                if p.job_id in self._active:
                    self._progress_written[p.job_id] = ((p.stage, p.done, p.total), mono)

    def _watched_elsewhere(self, gone: list[tuple[str, float]], now: float) -> list[tuple[str, float]]:
        """Of the jobs no client here asked about within the grace period, those that no page of
        another studio process followed within it either (:meth:`_note_watched` there); the others
        are seen as asked about when that page last noted it. A note dated ahead of this clock by
        more than clocks disagree is not believed. When the registry cannot be read, every job
        in ``gone`` stays gone (as before there were notes)."""
        if not gone:
            return gone
        try:
            notes = self.registry.jobs_watched([j for j, _ in gone])
        except Exception as e:  # noqa: BLE001 - advisory
            log.warning("could not read whether pages elsewhere follow %d job(s): %s: %s", len(gone), type(e).__name__, e)
            return gone
        wall = datetime.now(timezone.utc)
        left = []
        for job_id, idle in gone:
            at = notes.get(job_id)
            age = None if at is None else (wall - at).total_seconds()
            if age is None or age < -PROGRESS_STALE_S or age > self.grace_s:
                left.append((job_id, idle))
                continue
            with self._cond:
                a = self._active.get(job_id)
                if a is not None:
                    a.last_seen = max(a.last_seen, now - max(0.0, age))
        return left

    def _housekeeping(self) -> None:
        now = self._clock()
        with self._cond:
            gone = [(j, now - a.last_seen) for j, a in self._active.items()
                    if not a.detach and a.job.cancel_requested_by is None and now - a.last_seen > self.grace_s]
        gone = self._watched_elsewhere(gone, now)
        for job_id, idle in gone:
            try:
                self.cancel(job_id, by=f"job service (no client asked about the job for {idle:.0f} s)")
            except Exception:  # noqa: BLE001
                log.exception("could not cancel abandoned job %s", job_id)
        if now - self._last_db_poll >= 1.0:
            self._last_db_poll = now
            with self._cond:
                retry = list(self._unrecorded_ends)
            for job_id in retry:
                self._record_end(job_id)
            # cancels asked through the registry (another process): the signed log's requests,
            # not the row's column, which a database editor could write (cancelling another user's
            # job) or clear (un-cancelling one)
            try:
                if self._cancel_seq is None:
                    # where the log ends now, then (read after it) the jobs queued before: their
                    # cancels may lie between their job_submitted entries and that end
                    _none, head = self.registry.job_cancel_requests(None)
                    with self._cond:
                        early = list(self._early_jobs)
                    first = self.registry.first_job_submitted_seq(early) if early else None
                    self._cancel_seq = head if first is None else min(head, first)
                    with self._cond:
                        self._early_jobs.clear()
                asked, self._cancel_seq = self.registry.job_cancel_requests(self._cancel_seq)
            except Exception:  # noqa: BLE001 - the registry is down: try again next round
                log.exception("could not read cancel requests")
                return
            for job_id, by in asked:
                with self._cond:
                    a = self._active.get(job_id)
                    pending = a is not None and a.job.cancel_requested_by is None
                if pending:
                    self.cancel(job_id, by=by)


def service_id_now() -> str:
    """A new job service id for this process: ``host:pid:nonce``, where the nonce is 8 random hex
    digits followed, where Linux tells them, by ``-p<PID namespace>`` and ``-t<time namespace>``
    (their inodes) and ``.<clock ticks since boot>@<boot id>`` (when this process started). Readers
    of older versions compare only what follows the ".", as they always did."""
    start = _start_of("/proc/self/stat")
    pid_ns, time_ns = _namespace("pid"), _namespace("time")
    nonce = (uuid.uuid4().hex[:8] + (f"-p{pid_ns}" if pid_ns is not None else "")
             + (f"-t{time_ns}" if time_ns is not None else "") + (f".{start}" if start else ""))
    return f"{socket.gethostname()}:{os.getpid()}:{nonce}"


@dataclass(frozen=True)
class ServiceId:
    """A job service id read back (:func:`parse_service_id`). ``pid_ns``/``time_ns``: the inodes of
    the namespaces its process ran in (None: not recorded, an id of an older version or a system
    without them); ``start``: ``"<ticks since boot>@<boot id>"`` (None: not recorded)."""

    host: str
    pid: int
    pid_ns: int | None = None
    time_ns: int | None = None
    start: str | None = None


def parse_service_id(service: str | None) -> ServiceId | None:
    """``service`` (``host:pid:nonce`` in any of its formats: ``nonce``, ``nonce.start``,
    ``nonce-p<ns>[-t<ns>][.start]``) read back, or None when it is not a job service id."""
    parts = (service or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    head, _dot, start = parts[2].partition(".")
    pid_ns = time_ns = None
    for token in head.split("-")[1:]:
        if token[:1] == "p" and token[1:].isdigit():
            pid_ns = int(token[1:])
        elif token[:1] == "t" and token[1:].isdigit():
            time_ns = int(token[1:])
    return ServiceId(parts[0], int(parts[1]), pid_ns, time_ns, start or None)


def _service_gone(service: str) -> bool:
    """Whether the job service ``service`` (an id of this host) is known to be gone: never on a
    guess, since its open jobs are then ended. A service recorded in another PID namespace than
    this process's (a container with the host's name: ``--network host``, ``--uts host``,
    Kubernetes' hostNetwork, or the same container started again) is looked for by its start: a
    process that started at that tick in that namespace (:func:`_seen_elsewhere`). Its process id
    means another process here, if any (red team, session 55)."""
    sid = parse_service_id(service)
    if sid is None:
        return True
    here = _namespace("pid")
    if sid.pid_ns is not None and sid.pid_ns != here and here == _INITIAL_PID_NS:
        # this process sees every process of the system: the service is looked for there
        return _seen_elsewhere(sid) is False
    # else (this process in a container of its own): judged in this namespace, by its process id
    # and start, as before namespaces were recorded: the same container started again (a new
    # namespace) ends its predecessor's jobs; a live service of another container sharing this
    # one's host name would be judged gone too, and its run then publishes nothing (JobEnded)
    if sid.pid == os.getpid():
        return service not in _LIVE_SERVICES
    if sid.pid <= 0:
        return True
    try:
        os.kill(sid.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    # A process with that id lives. It is the service only if it started when the service did:
    # the id of a service that died may have been given to another process since (red team,
    # session 54). Both starts are the kernel's count of clock ticks since boot, with the boot's
    # id, so a step of the wall clock moves neither; but a process in another time namespace
    # (``unshare --time``) counts them from another boot time, so they are compared only when the
    # service recorded its time namespace and it is this process's (or neither has one). A
    # service id without its start (written before this was recorded, or on a system without
    # /proc), an id of a service in another time namespace and a process whose start cannot be
    # read are taken to be the service, as before: a live job is never ended on a guess.
    if not sid.start:
        return False
    if sid.pid_ns is not None and sid.time_ns != _namespace("time"):
        return False
    now = _process_start(sid.pid)
    return now is not None and now != sid.start


#: The inode of the system's first PID namespace, the one that sees every process (Linux's
#: PROC_PID_INIT_INO).
_INITIAL_PID_NS = 0xEFFFFFFC


def _seen_elsewhere(sid: ServiceId) -> bool | None:
    """For a service recorded in another PID namespace: whether a process that started when it
    did (the same clock tick of this boot) and runs in that namespace is among the processes this
    one can see (True), none is (False: the service stopped, e.g. its container was started again
    with a new namespace), or this cannot be told (None: no start recorded, another time
    namespace, a /proc that is not this namespace's or cannot be listed, a match whose namespace
    cannot be read). Asked only from the system's first PID namespace, which sees every
    container's processes."""
    if not sid.start or sid.time_ns != _namespace("time"):
        return None
    try:
        if os.readlink("/proc/self") != str(os.getpid()):
            return None
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return None
    for pid in pids:
        if _start_of(f"/proc/{pid}/stat") != sid.start:
            continue
        try:
            if os.stat(f"/proc/{pid}/ns/pid").st_ino == sid.pid_ns:
                return True
        except PermissionError:
            return None
        except OSError:  # it ended meanwhile
            continue
    return False


def _namespace(kind: str) -> int | None:
    """The inode of this process's ``kind`` namespace ("pid", "time"; Linux's /proc/self/ns), or
    None where the system does not tell it (no /proc, a kernel without time namespaces)."""
    try:
        return os.stat(f"/proc/self/ns/{kind}").st_ino
    except OSError:
        return None


def _process_start(pid: int) -> str | None:
    """When process ``pid`` (of this process's PID namespace) started: ``"<clock ticks since
    boot>@<first 8 characters of the boot id>"`` from Linux's /proc, or None where that cannot be
    read -- also where /proc is not of this PID namespace (a process in a namespace of its own
    without a /proc of its own: /proc/<pid> is then another process)."""
    try:
        if os.readlink("/proc/self") != str(os.getpid()):
            return None
    except OSError:
        return None
    return _start_of(f"/proc/{int(pid)}/stat")


def _start_of(stat_path: str) -> str | None:
    boot = _boot_id()
    if boot is None:
        return None
    try:
        with open(stat_path, "rb") as f:
            stat = f.read()
        # the fields after the command name, which may itself hold spaces and ")": state is
        # field 3 of proc(5) and starttime field 22
        ticks = int(stat[stat.rindex(b")") + 2:].split()[19])
    except (OSError, ValueError, IndexError):
        return None
    return f"{ticks}@{boot}"


@functools.lru_cache(maxsize=1)
def _boot_id() -> str | None:
    """The first 8 characters of this boot's id (read once: it does not change while the system
    runs; :func:`_seen_elsewhere` reads every process's start), or None where it cannot be read."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            boot = f.read().strip().replace("-", "")[:8]
    except OSError:
        return None
    return boot if boot.isalnum() else None


def stored_views(registry, recs: Iterable[JobRecord], *, now: datetime | None = None) -> list[Job]:
    """The views of job rows as any process reads them (``jobs list`` / ``show``, another studio
    process's page): each row's state, and for a row that says ``running`` the progress its
    service last reported (:meth:`consent.registry.Registry.job_progress`: one read for all).

    The report is advisory and never outweighs the row: an ended job shows its end (its report
    was deleted with the end; one left behind is ignored); a report is shown only when the job's
    own service wrote it, its service is not known gone (this host), and it is at most
    ``PROGRESS_STALE_S`` old (a live service writes one every ``PROGRESS_HEARTBEAT_S``). Older,
    the job is shown running with no stage or progress and ``silent_s`` (how long its service has
    not reported: it may be dead). ``eta_s`` is the service's estimate counted down since the
    report (None when unknown or run out: never 0 s). A row that says ``queued`` gets its place in
    its service's queue and its wait (``position``, ``wait_s``) from a fresh report of that
    service. ``now``: the reader's time (tests)."""
    recs = list(recs)
    running = [r.id for r in recs if r.state in ("running", "queued")]  # a queued one's place, too
    reports: dict[str, JobProgress] = {}
    if running:
        try:
            reports = registry.job_progress(running)
        except Exception as e:  # noqa: BLE001 - advisory: the rows' states are shown without it
            log.warning("could not read the progress of %d running job(s): %s: %s", len(running), type(e).__name__, e)
    now = now or datetime.now(timezone.utc)
    return [_with_report(Job.from_record(r), r, reports.get(r.id), now) for r in recs]


#: The stage a job service reports for a queued job: ``done`` is its place in the queue (1 = next),
#: ``total`` how many are queued there, ``eta_s`` its wait (session 56)
QUEUED_STAGE = "queued"


def _with_report(job: Job, rec: JobRecord, p: JobProgress | None, now: datetime) -> Job:
    """``job`` (an open row's view) with its service's last report: a running job's stage, step
    and time left, a queued job's place and wait (stage :data:`QUEUED_STAGE`). A report of the
    row's own service older than ``PROGRESS_STALE_S``, whatever its stage, says only that the
    service has been silent since (``silent_s``): a service that stopped after marking its queued
    job running left a queued report behind (red team of session 56, third pass)."""
    if p is None or rec.state not in ("running", "queued") or p.service != rec.service:
        return job
    age = (now - p.reported).total_seconds()
    if age < -PROGRESS_STALE_S:  # dated ahead of this clock by more than clocks disagree: not believed
        return job
    age = max(0.0, age)
    if service_dead_here(rec.service):
        return job
    if age > PROGRESS_STALE_S:
        return replace(job, reported_at=p.reported_at, silent_s=round(age, 1))
    eta = None if p.eta_s is None or p.eta_s > ETA_MAX_S else _shown(p.eta_s - age)
    if rec.state == "queued":
        if p.stage != QUEUED_STAGE or p.done < 1:
            return job
        return replace(job, position=p.done, wait_s=eta, reported_at=p.reported_at)
    if p.stage not in STAGES:  # its queued report, not yet replaced by its first running one
        return job
    return replace(job, stage=p.stage, done=p.done, total=p.total, eta_s=eta, reported_at=p.reported_at)


def _elapsed_since(start: str | None, end: str | None) -> float:
    if not start or not end:
        return 0.0
    try:
        return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except ValueError:
        return 0.0


def _ended(job: Job, outcome: Outcome, *, started: bool) -> tuple[Job, dict]:
    """(the ended view, what :meth:`Registry.finish_job` records) of ``job`` ending as ``outcome``.
    ``started``: the service saw it start (its time in the queue is then in the timings)."""
    finished = outcome.finished_at or now_text(datetime.now(timezone.utc))
    seeds = own_seeds(outcome.seed, len(outcome.outputs), outcome.blocked)  # each output's own, as signed into it
    outs = [dict(o, download_name=download_name(finished, seeds[i], o["sha256"], o["format"], i, len(outcome.outputs)))
            for i, o in enumerate(outcome.outputs)]
    timings = dict(outcome.timings)
    if started:
        timings["queued_s"] = round(max(0.0, _elapsed_since(job.submitted_at, job.started_at)), 4)
    if outcome.blocked:
        timings["blocked"] = [dict(b) for b in outcome.blocked]
    view = replace(job, state=outcome.state, error=outcome.error, seed=outcome.seed, decision_id=outcome.decision_id,
                   outputs=tuple(JobOutput(**{k: o[k] for k in JobOutput.__dataclass_fields__}) for o in outs),
                   blocked=tuple(outcome.blocked), started_at=outcome.started_at or job.started_at, finished_at=finished,
                   worker=outcome.worker or job.worker, timings={k: v for k, v in timings.items() if k != "blocked"},
                   position=None, eta_s=None, wait_s=None)
    record = {"state": str(outcome.state), "started_at": view.started_at, "finished_at": finished, "worker": view.worker,
              "seed": outcome.seed, "decision_id": outcome.decision_id, "outputs": outs, "error": outcome.error,
              "timings": timings, "cancelled_by": job.cancel_requested_by}
    return view, record


def _after_lost_worker(store, registry, job: Job, outcome: Outcome) -> Outcome:
    """The worker died: finish or undo what it left in staging; if its outputs were already
    recorded (the crash fell after the commit), the job is done after all."""
    try:
        rec = recover_staging(store, registry, job.id)
        outs = registry.outputs_for_job(job.id)
    except Exception:  # noqa: BLE001 - recovery is best effort; the job still ends failed
        log.exception("could not recover the staging of job %s", job.id)
        return outcome
    if not outs:
        return outcome
    note = f"the worker died after recording; {len(rec.published)} output(s) recovered from staging"
    w, h = job.settings.get("width", 0), job.settings.get("height", 0)
    outputs = tuple({"sha256": o.sha256, "location": o.path, "format": o.format, "width": w, "height": h,
                     "watermark_payload": o.watermark_payload or ""} for o in outs)
    return replace(outcome, state=JobState.DONE, error=note, decision_id=outs[0].decision_id, outputs=outputs,
                   worker_lost=False)


def service_dead_here(service: str | None) -> bool:
    """Whether ``service`` (a job service id, ``host:pid:nonce``) ran on this host, in this PID
    namespace, and is gone. A service of another host, or of another PID namespace of this one (a
    container), is never called dead here: whether it lives cannot be told from here."""
    sid = parse_service_id(service)
    if sid is None:
        parts = (service or "").split(":")
        return len(parts) == 3 and parts[0] == socket.gethostname()  # this host's, with no process id
    return sid.host == socket.gethostname() and _service_gone(service or "")


def service_here(service: str | None) -> bool:
    """Whether ``service`` (a job service id) runs on this host, in this PID namespace, and is alive."""
    sid = parse_service_id(service)
    return (sid is not None and sid.host == socket.gethostname()
            and (sid.pid_ns is None or sid.pid_ns == _namespace("pid")) and not _service_gone(service or ""))


def end_orphaned_jobs(registry, store, *, only: Iterable[str] | None = None) -> list[Job]:
    """End the jobs that a job service of this host left queued or running when it stopped (killed,
    its studio stopped or restarted): their staging is recovered and each ends, audited, ``done``
    when its outputs were already recorded, else ``failed`` saying why. Returns the jobs it ended.

    Run by every job service when it starts, by the web studio when it starts, and by ``jobs
    list`` / ``jobs cancel``, so that no job stays "queued" or "running" after its service is gone.
    ``only``: just these job ids. A job another process ends first is left to it."""
    from consent.errors import RegistryError

    wanted = None if only is None else set(only)
    # a row the signed log does not vouch for (inserted or rewritten behind it) is left as it
    # is, never run nor ended here, and named in the service's log (and by `audit verify`):
    # one such row must not stop every job service from starting (red team 35)
    problems: list[str] = []
    refused: list[tuple[str, str | None, str]] = []
    recs = registry.list_jobs(states=["queued", "running"], limit=None, problems=problems, refused=refused)
    for p in problems:
        log.error("job recovery skipped an open job row the signed audit log does not vouch for: %s", p)
    for job_id, svc, why in refused:
        # what such a row's dead service left in staging is never published; it is moved aside
        # (leftovers 36), and the signed log says so. A row naming a live service is left: it
        # may be a real job's, edited, whose staging is in use.
        if (wanted is None or job_id in wanted) and service_dead_here(svc):
            _quarantine(store, registry, job_id, svc, why)
    ended = []
    for rec in recs:
        if (wanted is not None and rec.id not in wanted) or not service_dead_here(rec.service):
            continue
        job = Job.from_record(rec)
        what = "while it ran" if rec.state == "running" else "before the job started"
        outcome = Outcome(JobState.FAILED, worker_lost=True, error=(
            f"the job service ({rec.service}) stopped before the job finished ({what}: its process is gone); "
            "nothing was published; submit it again"))
        outcome = _after_lost_worker(store, registry, job, outcome)
        view, record = _ended(job, outcome, started=False)
        try:
            registry.finish_job(job.id, **record)
        except RegistryError as e:
            if "already ended" not in str(e):  # else another process ended it first: nothing left to do
                log.exception("could not record the end of job %s, left by a job service that is gone", job.id)
            continue
        except Exception:  # noqa: BLE001 - the registry is down: the next start, list or cancel tries again
            log.exception("could not record the end of job %s, left by a job service that is gone", job.id)
            continue
        ended.append(view)
    return ended


def _quarantine(store, registry, job_id: str, service: str | None, why: str) -> None:
    """Move the staging of a job row the signed log does not vouch for into staging's
    quarantine folder and audit that (best effort: recovery goes on whatever happens)."""
    try:
        dest, moved = quarantine_staging(store, job_id)
    except Exception:  # noqa: BLE001 - one planted folder must not stop the service
        log.exception("could not move the staging of unvouched job row %r aside", job_id)
        return
    if dest is None:
        return
    log.error("job recovery moved the staging of job row %r (%s) into %s, unpublished: %s", job_id, why, dest,
              ", ".join(moved))
    try:
        registry.record_staging_quarantined(job_id, service, why, str(dest), moved)
    except Exception:  # noqa: BLE001 - the registry is down: the service log above still says it
        log.exception("could not audit the quarantine of job row %r's staging", job_id)


def _text(owner: str | None) -> str | None:
    """An owner filter as the plain text the registry's query takes (an AccountOwner's name part)."""
    return None if owner is None else str.__str__(owner)
