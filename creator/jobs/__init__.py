"""Generation as jobs: a fair queue in front of ``Studio.generate``, run in this process's
worker pool (embedded default) or on Ray workers (``CONSENT_STUDIO_RAY_ADDRESS``).

    from creator.jobs import JobManager
    with JobManager.from_settings(settings) as jobs:
        job = jobs.submit(request, owner="ui:olive")      # queued, with its position
        for view in jobs.watch(job.id): ...                # stage, step progress, ETA
        jobs.cancel(job.id, by="ui:olive")
        jobs.history(owner="ui:olive")                      # seed used, settings, outputs

See docs/SCALING.md for running on a Ray cluster.
"""

from creator.jobs.config import JobSettings
from creator.jobs.manager import JobManager
from creator.jobs.model import FINAL_STATES, Job, JobOutput, JobState, download_name
from creator.jobs.queue import FairQueue
from creator.jobs.store import FileOutputStore, OutputStore, recover_staging

__all__ = [
    "FINAL_STATES",
    "FairQueue",
    "FileOutputStore",
    "Job",
    "JobManager",
    "JobOutput",
    "JobSettings",
    "JobState",
    "OutputStore",
    "download_name",
    "recover_staging",
]
