"""A job service is its host, its process id and its process's start (red team, session 54, F6).

When a studio dies, the system may later give its process id to another process. Its open jobs
must then be ended as orphaned (``jobs list``, the next studio's start), not kept "running"
for ever because some process answers to that id; and a live service's jobs must never be
ended. Real processes stand in: a ``sleep`` holds the id, and the service's recorded start is
that process's own (the service lives) or another (a service that died before the id was
reused)."""

from __future__ import annotations

import socket
import sys

import pytest

from consent.registry import JobRecord
from creator.jobs.manager import _process_start, end_orphaned_jobs, service_dead_here, service_here
from jobs_support import other_process  # noqa: F401 (other_process: fixture)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process starts are read from /proc")


def _service(pid: int, start: str | None) -> str:
    return f"{socket.gethostname()}:{pid}:0badf00d" + (f".{start}" if start else "")


def _open_job(reg, job_id: str, service: str) -> None:
    reg.add_job(JobRecord(id=job_id, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []}, service=service))


def test_a_service_whose_process_id_was_given_to_another_process_is_gone(other_process):
    start = _process_start(other_process)
    assert start and start.count("@") == 1
    ticks, boot = start.split("@")
    assert service_here(_service(other_process, start))  # the very process: alive
    assert not service_dead_here(_service(other_process, start))
    # a service that held this id before and died: it started at another tick, or in another boot
    assert service_dead_here(_service(other_process, f"{int(ticks) - 1}@{boot}"))
    assert service_dead_here(_service(other_process, f"{ticks}@{'0' * 8 if boot != '0' * 8 else '1' * 8}"))
    # an id written before starts were recorded: taken to be the service, as before (never end a live job on a guess)
    assert service_here(_service(other_process, None))


def test_its_open_jobs_are_ended_and_a_live_services_are_not(stub_world, other_process):
    reg = stub_world.registry
    ticks, boot = _process_start(other_process).split("@")
    _open_job(reg, "job_of_the_dead", _service(other_process, f"{int(ticks) - 7}@{boot}"))
    _open_job(reg, "job_of_the_living", _service(other_process, f"{ticks}@{boot}"))
    _open_job(reg, "job_of_an_old_id", _service(other_process, None))

    ended = end_orphaned_jobs(reg, None)
    assert [j.id for j in ended] == ["job_of_the_dead"]
    assert "stopped before the job finished" in ended[0].error
    assert reg.get_job("job_of_the_dead").state == "failed"
    assert reg.get_job("job_of_the_living").state == "queued" and reg.get_job("job_of_an_old_id").state == "queued"


def test_a_new_service_records_its_own_start(stub_world):
    from creator.jobs import JobManager, JobSettings

    jobs = JobManager.from_settings(stub_world.settings, registry=stub_world.registry, engines={},
                                    jobs=JobSettings(job_workers=1))
    try:
        _check_own_id(jobs)
    finally:
        jobs.close()


def _check_own_id(jobs) -> None:
    host, pid, nonce = jobs.service_id.split(":")
    assert host == socket.gethostname() and int(pid) > 0
    assert nonce.partition(".")[2] == _process_start(int(pid))
    assert service_here(jobs.service_id)
