"""What a job is: its states, the view a user sees, and what a run hands back.

A job moves ``submitted → queued → running → done | denied | failed | cancelled``. The
record in the registry is written when the job is queued, marked running when a worker starts
it, and written once more when it ends; the position in the queue, the stage, the step progress
and the estimates live in the job service's memory and are in every :class:`Job` view. A copy
of a running job's stage, step and time left is written to the registry by its service (at most
every :data:`PROGRESS_EVERY_S`, and every :data:`PROGRESS_HEARTBEAT_S` while nothing changes),
so that another process's view of the job shows it too (advisory: never a job's state or end).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import PurePath
from typing import Any

__all__ = ["JobState", "FINAL_STATES", "Job", "JobOutput", "JobRun", "Outcome", "download_name", "STAGES",
           "PROGRESS_EVERY_S", "PROGRESS_HEARTBEAT_S", "PROGRESS_STALE_S", "ETA_MAX_S", "long_span"]

#: The stages of a running job: "starting" (handed to a worker), then the recipe's own
#: (``creator.studio``: check, generate, scan, disclose, record).
STAGES = ("starting", "check", "generate", "scan", "disclose", "record")
#: A job service writes its running jobs' progress to the registry at most this often (seconds) ...
PROGRESS_EVERY_S = 1.0
#: ... and at least this often while a job runs, even when nothing changed (its report's time then
#: says the service is still there) ...
PROGRESS_HEARTBEAT_S = 10.0
#: ... so a report older than this is not shown: its service stopped reporting (killed, hung, or
#: the registry refused its writes). Another process's view then says how long it has been silent.
PROGRESS_STALE_S = 30.0
#: A running job's time left, as its service reported it, above this is not believed: shown as
#: unknown (a report written behind the studio printed 1e308 s as a 309-digit number).
ETA_MAX_S = 86_400.0


def long_span(seconds: float) -> str | None:
    """A span of an hour or more in words ("2 h 05 min", "3 days", "more than a year"), None under
    an hour (each surface writes those its own way). A service silent since a report dated year 1
    (a row written behind the studio) printed "for 63871286400s"."""
    if not seconds >= 3_600:  # NaN too
        return None
    if seconds >= 366 * 86_400:
        return "more than a year"
    if seconds >= 2 * 86_400:
        return f"{int(seconds // 86_400)} days"
    minutes = int(seconds // 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


class JobState(StrEnum):
    SUBMITTED = "submitted"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    DENIED = "denied"
    FAILED = "failed"
    CANCELLED = "cancelled"


FINAL_STATES = frozenset({JobState.DONE, JobState.DENIED, JobState.FAILED, JobState.CANCELLED})


def step_text(job: Any) -> str:
    """A running job's step as a person reads it: "generate 5/20 steps" (a diffusion model's
    denoising steps), "generate 4/4" (the GAN's images, its only unit), "scan 1/4 images"; a
    stage without a count ("check", "record", or generation before the engine's first report) by
    its name. (A fresh user's walkthrough, session 65: a job read "generate 0/4", its images, and
    then "generate 1/20", its steps.)"""
    stage = job.stage or "starting"
    if not job.total or stage in ("check", "record"):
        return stage
    engine = str((job.settings or {}).get("engine") or "")
    unit = {"scan": " images", "disclose": " images"}.get(stage, " steps" if engine == "diffusion" else "")
    return f"{stage} {job.done}/{job.total}{unit}"


def download_name(created_at: str, seed: int | None, sha256: str, fmt: str, index: int = 0, count: int = 1) -> str:
    """A readable file name for a download: ``consent-studio_2026-11-30_1532_seed-42_ab12cd34.png``.

    Date and time (UTC) of the job, the output's own seed (:func:`own_seeds`: the one signed into
    it), its place among the job's outputs, and a short id (the file's sha256 prefix); the stored
    file keeps its content-addressed name.
    """
    stamp = (created_at or "")[:16].replace("T", "_").replace(":", "")  # 2026-11-30T15:32 -> 2026-11-30_1532
    ext = "jpg" if str(fmt).lower() in ("jpeg", "jpg") else str(fmt).lower() or "png"
    part = f"_{index + 1}of{count}" if count > 1 else ""
    seed_s = f"seed-{seed}" if seed is not None else "seed-unknown"
    return f"consent-studio_{stamp}_{seed_s}{part}_{sha256[:8]}.{ext}"


def own_seeds(seed: int | None, outputs: int, blocked: Any = ()) -> list[int | None]:
    """Each of ``outputs`` published outputs' own seed (as signed into it): image k of the call
    was drawn with ``seed`` + k (:func:`creator.engines.base.image_seed`), and the outputs the scan
    blocked keep their places (``blocked``: dicts with their ``index``). None for each when the
    seed is not known."""
    from creator.engines.base import image_seed

    if seed is None:
        return [None] * outputs
    gone = {int(b["index"]) for b in (blocked or ()) if isinstance(b, dict) and "index" in b}
    kept = [k for k in range(outputs + len(gone)) if k not in gone]
    return [image_seed(int(seed), k) for k in kept[:outputs]]


def output_seeds(job: Any) -> list[int | None]:
    """:func:`own_seeds` of a job's published outputs."""
    return own_seeds(job.seed, len(job.outputs), job.blocked)


@dataclass(frozen=True)
class JobOutput:
    """One published output of a job: where the store keeps it and the name to download it as."""

    sha256: str
    location: str
    format: str
    width: int
    height: int
    watermark_payload: str
    download_name: str

    @property
    def name(self) -> str:
        """The stored (content-addressed) file name."""
        return PurePath(self.location).name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class JobRun:
    """What a worker needs to run one job: the validated request, who asked (the audit actor)."""

    job_id: str
    owner: str
    request: Any  # creator.request.GenerationRequest


@dataclass(frozen=True)
class Outcome:
    """How a run ended, as a worker reports it (plain values: it crosses process boundaries)."""

    state: JobState
    error: str | None = None
    seed: int | None = None
    decision_id: str | None = None
    outputs: tuple[dict, ...] = ()  # sha256, location, format, width, height, watermark_payload
    blocked: tuple[dict, ...] = ()  # index, reasons
    started_at: str | None = None
    finished_at: str | None = None
    worker: str | None = None
    timings: dict = field(default_factory=dict)
    #: the worker process died (killed, out of memory, node lost) while running the job
    worker_lost: bool = False


@dataclass(frozen=True)
class Job:
    """A job as a user sees it (JSON via :meth:`to_dict`).

    ``position`` is the 1-based place in the queue (1 = next to start) while queued;
    ``stage``/``done``/``total`` the current step of the recipe while running ("generate",
    5, 20 = five of twenty denoising steps); ``eta_s`` seconds until it should end and, while
    queued, ``wait_s`` seconds until it should start (the time the jobs ahead of it have left).
    Both are estimates from the job's own pace and the last runs of its kind of job (engine,
    model, mode, size, steps, images), None when there is no basis or the job runs longer than
    expected; never 0 while the job is open. ``seed`` is the seed actually used; ``settings``
    every generation setting. A job read back from the registry (another process's) has its
    state: ``queued``, ``running`` (since ``started_at``, on ``worker``) or how it ended; a
    running one also its stage, progress and time left as its service last reported them
    (``reported_at``; ``eta_s`` counted down from then), unless that report is older than
    :data:`PROGRESS_STALE_S`: then ``silent_s`` says for how many seconds its service has not
    reported and the stage and progress are left empty (the job may be dead). Never for an
    ended job: it shows its end.
    """

    id: str
    owner: str
    state: JobState
    submitted_at: str
    settings: dict
    request_digest: str
    position: int | None = None
    stage: str | None = None
    done: int = 0
    total: int = 0
    eta_s: float | None = None
    wait_s: float | None = None
    started_at: str | None = None
    finished_at: str | None = None
    seed: int | None = None
    decision_id: str | None = None
    outputs: tuple[JobOutput, ...] = ()
    blocked: tuple[dict, ...] = ()
    error: str | None = None
    worker: str | None = None
    cancel_requested_by: str | None = None
    timings: dict = field(default_factory=dict)
    #: a running job read from the registry: when its service last reported its progress
    reported_at: str | None = None
    #: ... and, when that report is stale (its progress not shown), how many seconds ago
    silent_s: float | None = None

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["state"] = str(self.state)
        d["outputs"] = [o.to_dict() for o in self.outputs]
        d["final"] = self.final
        return d

    @staticmethod
    def from_record(rec: Any) -> Job:
        """The view of a stored :class:`consent.registry.JobRecord` (an ended job, or one still queued)."""
        outs = tuple(JobOutput(**{k: o[k] for k in JobOutput.__dataclass_fields__}) for o in rec.outputs)
        timings = dict(rec.timings or {})
        return Job(id=rec.id, owner=rec.owner, state=JobState(rec.state), submitted_at=rec.submitted_at,
                   settings=dict(rec.settings), request_digest=rec.request_digest, started_at=rec.started_at,
                   finished_at=rec.finished_at, seed=rec.seed, decision_id=rec.decision_id, outputs=outs,
                   blocked=tuple(timings.pop("blocked", ()) or ()), error=rec.error, worker=rec.worker,
                   cancel_requested_by=rec.cancel_requested_by, timings=timings)


class AccountOwner(str):
    """An owner filter (``ui:<name>``) of one account: the jobs submitted under that name at or
    after ``since``, when the account was created. A name removed and added again is another
    account; the earlier one's jobs are not the later one's (:meth:`creator.auth.User.made`)."""

    since: datetime

    def __new__(cls, owner: str, since: datetime) -> "AccountOwner":
        self = super().__new__(cls, owner)
        self.since = since
        return self


def owned_by(owner: str | None, job_owner: str | None, submitted_at: str | None) -> bool:
    """Whether a job of ``job_owner`` submitted at ``submitted_at`` passes the owner filter
    ``owner`` (None: everyone's; an :class:`AccountOwner`: that account's only)."""
    if owner is None:
        return True
    if job_owner != owner:
        return False
    since = getattr(owner, "since", None)
    if since is None:
        return True
    from consent.records import made_since

    return made_since(submitted_at or "", since) is True


def asked_at(registry: Any, job_id: str | None, created_at: str | None) -> str | None:
    """When an output was asked for, for the owner check (:meth:`creator.auth.User.made`): its
    job's submission when a job made it (a job the removed account left running ends after a new
    account of that name exists: red team s60b), else the time it was recorded; None when its job
    cannot be read (then it is no account's)."""
    if not job_id:
        return created_at
    try:
        return registry.get_job(job_id).submitted_at
    except Exception:  # noqa: BLE001 - unknown or unreadable: owned by no account
        return None


def cancel_account_jobs(registry: Any, owner: "AccountOwner", by: str) -> list[str]:
    """Ask every queued or running job of the account ``owner`` to cancel (the account was
    removed: its work stops with it, in whichever job service runs it); returns their ids. A job
    that ended meanwhile is passed over; any other failure raises (the caller says which jobs
    may still run)."""
    from consent.errors import RegistryError

    asked = []
    for rec in registry.list_jobs(owner=str(owner), states=["queued", "running"], limit=None):
        if not owned_by(owner, rec.owner, rec.submitted_at):
            continue  # an earlier account's of the name (already cancelled when it was removed)
        try:
            registry.request_job_cancel(rec.id, by)
        except RegistryError:
            if not registry.get_job(rec.id).final:
                raise
            continue
        asked.append(rec.id)
    return asked


def now_text(dt: datetime) -> str:
    from consent.records import format_time

    return format_time(dt)
