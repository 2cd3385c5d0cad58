"""What writing a running job's progress to the registry costs (migration 0015, ``job_progress``).

    HF_HUB_OFFLINE=1 .venv/bin/python bench/job_progress.py [--writes 200] [--rounds 3] [--steps 200] [--step-ms 25]

1. The write alone: a fresh SQLite registry (WAL, ``synchronous=FULL``, as the studio opens it)
   with 8 running jobs of one service; ``Registry.record_job_progress`` of 1 report and of all 8
   (one write transaction either way), alternately, ``--writes`` times each: wall and CPU time
   (this thread's) per write, median and p90.
2. A job's denoising steps with and without the writes: a real job service (embedded pool,
   real studio: decision, scan, disclosure, record) running a job of ``--steps`` steps, each
   ``--step-ms`` of CPU work on one thread (a convolution: about what a GPU denoising step of
   Stable Diffusion at 512² takes), ``--rounds`` rounds, alternately with the service's progress
   writes on (``PROGRESS_EVERY_S`` = 1 s, as shipped) and off; reports the generate stage's time
   per step, how many writes each job made and the wall and CPU time they took on the job
   service's thread (the worker's denoising thread never writes: it only hands the service its
   step, as before), as a share of the job's run time.

One thread for torch/BLAS. Results: bench/results/job_progress.json (with machine info).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(ROOT), str(ROOT / "tests")] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

import torch  # noqa: E402

from consent.audit import AuditKeys  # noqa: E402
from consent.records import format_time  # noqa: E402
from consent.registry import JobProgress, JobRecord, Registry  # noqa: E402
from creator.jobs import JobManager, JobSettings, JobState  # noqa: E402
from creator.jobs import manager as manager_mod  # noqa: E402
from creator.request import GenerationRequest  # noqa: E402
from creator.settings import StudioSettings  # noqa: E402
from jobs_support import _picture, request_fields  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "job_progress.json"


def _ms(xs: list[float]) -> dict:
    xs = sorted(xs)
    return {"median_ms": round(statistics.median(xs) * 1000, 3), "p90_ms": round(xs[int(0.9 * (len(xs) - 1))] * 1000, 3),
            "n": len(xs)}


def write_alone(writes: int) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-progress-"))
    try:
        reg = Registry(f"sqlite:///{tmp / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp / "keys"))
        service = "bench:1:x"
        now = format_time(datetime.now(timezone.utc))
        ids = [f"job_bench{i:011d}" for i in range(8)]
        for jid in ids:
            reg.add_job(JobRecord(id=jid, owner="cli:bench", state="queued", submitted_at=now, request_digest="a" * 64,
                                  settings={"steps": 1000}, service=service))
            reg.mark_job_running(jid, worker="bench")
        wall: dict[str, list[float]] = {"1 job": [], "8 jobs": []}
        cpu: dict[str, list[float]] = {"1 job": [], "8 jobs": []}
        for k in range(writes):
            at = format_time(datetime.now(timezone.utc))
            for name, which in (("1 job", ids[:1]), ("8 jobs", ids)):
                reports = [JobProgress(j, service, "generate", k % 1000, 1000, 12.5, at) for j in which]
                t, c = time.perf_counter(), time.thread_time()
                reg.record_job_progress(service, reports)
                wall[name].append(time.perf_counter() - t)
                cpu[name].append(time.thread_time() - c)
        t = time.perf_counter()
        for _ in range(writes):
            reg.job_progress(ids)
        read_ms = (time.perf_counter() - t) / writes * 1000
        reg.close()
        return {"wall": {k: _ms(v) for k, v in wall.items()}, "cpu": {k: _ms(v) for k, v in cpu.items()},
                "read_8_reports_ms": round(read_ms, 3)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class WorkEngine:
    """Steps of real CPU work (a convolution on one thread, calibrated to ``step_ms``)."""

    name = "work"
    model_id = "bench-work-engine"
    model_version = "0"
    description = "CPU work per step"
    modes = frozenset({"text2img"})

    def __init__(self, step_ms: float) -> None:
        self.x = torch.randn(1, 64, 64, 64)
        self.w = torch.randn(64, 64, 3, 3)
        for _ in range(5):  # warm
            torch.nn.functional.conv2d(self.x, self.w, padding=1)
        t = time.perf_counter()
        for _ in range(40):
            torch.nn.functional.conv2d(self.x, self.w, padding=1)
        one = (time.perf_counter() - t) / 40
        self.reps = max(1, round(step_ms / 1000 / one))

    def generate(self, call, progress=None):
        for i in range(call.steps):
            for _ in range(self.reps):
                torch.nn.functional.conv2d(self.x, self.w, padding=1)
            if progress is not None:
                progress(i + 1, call.steps)
        return [_picture(call.width).copy() for _ in range(call.num_images)]


def job_steps(rounds: int, steps: int, step_ms: float) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-progress-jobs-"))
    shipped = manager_mod.PROGRESS_EVERY_S
    try:
        settings = StudioSettings(data_dir=tmp / "data")
        registry = Registry.from_settings(settings)
        engine = WorkEngine(step_ms)
        engines = {"gan": lambda r: engine, "diffusion": lambda r: engine}
        jobs = JobManager.from_settings(settings, registry=registry, engines=engines,
                                        jobs=JobSettings(job_workers=1, job_grace_s=600))
        writes = [0, 0.0, 0.0]  # count, wall seconds, CPU seconds of the writing thread
        real = registry.record_job_progress

        def counted(service, reports):
            t, c = time.perf_counter(), time.thread_time()
            try:
                return real(service, reports)
            finally:
                writes[0] += 1
                writes[1] += time.perf_counter() - t
                writes[2] += time.thread_time() - c

        registry.record_job_progress = counted
        req = GenerationRequest.build(**request_fields(width=256, height=256, steps=steps, seed=3))
        jobs.run(GenerationRequest.build(**request_fields(width=256, height=256, steps=2, seed=3)), owner="cli:bench")
        per_step: dict[str, list[float]] = {"writes on": [], "writes off": []}
        made: dict[str, list[int]] = {"writes on": [], "writes off": []}
        share: list[dict] = []
        for _ in range(rounds):
            for name, every in (("writes on", shipped), ("writes off", float("inf"))):
                manager_mod.PROGRESS_EVERY_S = every
                writes[:] = [0, 0.0, 0.0]
                job = jobs.run(req, owner="cli:bench")
                assert job.state is JobState.DONE, job.error
                per_step[name].append(job.timings["stages"]["generate"] / steps)
                made[name].append(writes[0])
                if name == "writes on":
                    run_s = job.timings["run_s"]
                    share.append({"run_s": round(run_s, 3), "writes": writes[0], "write_wall_ms": round(writes[1] * 1000, 3),
                                  "write_cpu_ms": round(writes[2] * 1000, 3),
                                  "wall_pct_of_run": round(100 * writes[1] / run_s, 3)})
        jobs.close()
        registry.close()
        med = {k: statistics.median(v) for k, v in per_step.items()}
        return {"steps": steps, "target_step_ms": step_ms, "conv_reps_per_step": engine.reps,
                "generate_ms_per_step": {k: [round(x * 1000, 3) for x in v] for k, v in per_step.items()},
                "median_ms_per_step": {k: round(v * 1000, 3) for k, v in med.items()},
                "ratio_on_over_off": round(med["writes on"] / med["writes off"], 4),
                "writes_per_job": made, "writes_on_the_service_thread": share}
    finally:
        manager_mod.PROGRESS_EVERY_S = shipped
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writes", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--step-ms", type=float, default=25.0)
    a = ap.parse_args()
    torch.set_num_threads(1)
    result = {"write_alone": write_alone(a.writes), "job_steps": job_steps(a.rounds, a.steps, a.step_ms),
              "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                          "load_after": os.getloadavg()}}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
