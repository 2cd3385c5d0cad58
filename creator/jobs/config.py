"""Settings of the job service (``CONSENT_STUDIO_*`` environment, or the settings file).

Embedded (default): jobs run in the studio process's own worker threads. With
``CONSENT_STUDIO_RAY_ADDRESS`` set they run on Ray workers (see docs/SCALING.md).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from consent.settings import Settings

__all__ = ["JobSettings"]


class JobSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSENT_STUDIO_", extra="ignore", frozen=True)
    # the same sources as every other setting: arguments, environment, the settings file
    settings_customise_sources = Settings.__dict__["settings_customise_sources"]

    #: Ray cluster to run jobs on (``127.0.0.1:6379``, ``auto``); unset: the embedded worker pool.
    ray_address: str | None = None
    #: Ray namespace the workers live in.
    ray_namespace: str = "consent-studio"
    #: Embedded: worker threads (jobs run at once). Ray: worker actors (unset: one per GPU of the
    #: cluster, else this many).
    job_workers: int = Field(default=1, ge=1, le=256)
    #: Ray: worker actors to start (unset: one per GPU, or ``job_workers`` on a CPU-only cluster).
    ray_workers: int | None = Field(default=None, ge=1, le=1024)
    #: Ray: GPUs each worker actor holds (unset: 1 on a cluster with GPUs, else 0).
    ray_gpus_per_worker: float | None = Field(default=None, ge=0)
    #: Ray: CPUs each worker actor holds (a "CPU slot").
    ray_cpus_per_worker: float = Field(default=1.0, ge=0)
    #: Shared output store (a folder every worker and the studio mount at the same path);
    #: required with Ray. Unset in embedded mode: the data dir's outputs/ folder.
    output_store: Path | None = None
    #: Seconds a job whose client stopped asking for it (closed tab, dead API client) is kept
    #: before it is cancelled.
    job_grace_s: float = Field(default=60.0, gt=0)
    #: Jobs one owner (a studio user, a CLI actor) may have queued or running at once in this
    #: service; more are refused until one ends, so one creator cannot fill the queue everyone shares.
    jobs_per_owner: int = Field(default=20, ge=1, le=100_000)
