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

import importlib

#: Where each public name lives. Loaded on first use (PEP 562), so ``Studio`` importing
#: ``creator.jobs.store`` for its output store does not load the manager, queue and settings.
_HOME = {
    "JobSettings": "config",
    "JobManager": "manager",
    "FINAL_STATES": "model", "Job": "model", "JobOutput": "model", "JobState": "model", "download_name": "model",
    "FairQueue": "queue",
    "FileOutputStore": "store", "OutputStore": "store", "recover_staging": "store",
}

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


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
