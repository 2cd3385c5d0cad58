"""A job service in another PID or time namespace of this host (red team, session 55, F2).

Two processes may share the database and the host name without sharing process ids: containers
with the host's network or UTS namespace (``docker --network host``, Kubernetes' hostNetwork,
compose replicas given one ``hostname:``). A service running as pid 1 in its own namespace was
judged dead from outside (pid 1 is another process here, with another start), so ``jobs list``
ended its job as orphaned; the live service then finished and signed a ``generation`` entry for
it: the log contradicted itself. A service id now records its PID and time namespaces; a service
of another PID namespace is never judged dead from here, and start ticks are compared only within
one time namespace. Real processes stand in (``sleep``, ``unshare``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from consent.registry import JobRecord, Registry
from creator.cli import cli
from creator.cli._common import CliState
from creator.jobs import JobState
from creator.jobs.manager import (_namespace, _process_start, end_orphaned_jobs, parse_service_id, service_dead_here,
                                  service_here, service_id_now)
from jobs_support import other_process, reported  # noqa: F401 (other_process: fixture)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="namespaces and starts are read from /proc")

ROOT = Path(__file__).resolve().parents[2]
HOST = socket.gethostname()


def _gone_pid() -> int:
    """A process id no process has: the system's limit (ids are given out below it)."""
    with open("/proc/sys/kernel/pid_max", encoding="ascii") as f:
        return int(f.read())


def _id(pid: int, start: str | None = None, pid_ns: int | None = None, time_ns: int | None = None) -> str:
    return (f"{HOST}:{pid}:0badf00d" + (f"-p{pid_ns}" if pid_ns is not None else "")
            + (f"-t{time_ns}" if time_ns is not None else "") + (f".{start}" if start else ""))


def _open_job(reg, job_id: str, service: str) -> None:
    reg.add_job(JobRecord(id=job_id, owner="ui:carl", state="queued", submitted_at="2026-01-01T00:00:00Z",
                          request_digest="ab" * 32, settings={"prompt": "a harbour", "subjects": []}, service=service))


# ----------------------------------------------------------------------------- the id and its rules
def test_every_format_of_a_service_id_is_read_back():
    old = parse_service_id("h:12:0badf00d")
    assert (old.host, old.pid, old.pid_ns, old.time_ns, old.start) == ("h", 12, None, None, None)
    ticked = parse_service_id("h:12:0badf00d.4711@9e00045d")
    assert (ticked.pid_ns, ticked.time_ns, ticked.start) == (None, None, "4711@9e00045d")
    new = parse_service_id("h:12:0badf00d-p4026531836-t4026531834.4711@9e00045d")
    assert (new.pid, new.pid_ns, new.time_ns, new.start) == (12, 4026531836, 4026531834, "4711@9e00045d")
    no_time = parse_service_id("h:12:0badf00d-p4026531836.4711@9e00045d")
    assert (no_time.pid_ns, no_time.time_ns) == (4026531836, None)
    for bad in ("", "h:12", "h:x:0badf00d", "a:b:c:d", None):
        assert parse_service_id(bad) is None


def test_a_new_service_id_records_its_namespaces_and_start():
    sid = parse_service_id(service_id_now())
    assert sid.host == HOST and sid.pid == os.getpid()
    assert sid.pid_ns == os.stat("/proc/self/ns/pid").st_ino
    assert sid.time_ns == (os.stat("/proc/self/ns/time").st_ino if os.path.exists("/proc/self/ns/time") else None)
    assert sid.start == _process_start(os.getpid())
    # an older reader compares what follows the "." with the process's start, as it always did
    assert service_id_now().rpartition(":")[2].partition(".")[2] == _process_start(os.getpid())


def test_the_namespace_rules_with_real_processes(other_process):
    start = _process_start(other_process)
    ticks, boot = start.split("@")
    here_pid, here_time = _namespace("pid"), _namespace("time")
    elsewhere = here_pid + 1  # a PID namespace that is not this process's
    # this PID namespace: as before, alive while the process that started then runs
    assert service_here(_id(other_process, start, here_pid, here_time))
    assert service_dead_here(_id(other_process, f"{int(ticks) - 1}@{boot}", here_pid, here_time))
    assert service_dead_here(_id(_gone_pid(), start, here_pid, here_time))
    # another PID namespace: its process id says nothing here, whatever runs (or not) under it;
    # from the system's first namespace (this one) the service is looked for by its start in its
    # namespace, and no process of that (made-up) namespace started then: gone. Without a start
    # recorded it cannot be told: neither dead nor here
    for pid in (other_process, _gone_pid(), 1):
        for recorded in (start, f"{int(ticks) - 1}@{boot}"):
            assert service_dead_here(_id(pid, recorded, elsewhere, here_time)), (pid, recorded)
        sid = _id(pid, None, elsewhere, here_time)
        assert not service_dead_here(sid) and not service_here(sid), sid
    # another time namespace: its start ticks count from another boot time, so only whether the
    # process id lives is asked
    other_time = (here_time or 0) + 1
    assert not service_dead_here(_id(other_process, f"{int(ticks) + 5000 * 100}@{boot}", here_pid, other_time))
    assert service_here(_id(other_process, f"{int(ticks) + 5000 * 100}@{boot}", here_pid, other_time))
    assert service_dead_here(_id(_gone_pid(), start, here_pid, other_time))
    # ids of older formats keep their rules: no start, alive by the process id; a start, compared
    assert service_here(_id(other_process)) and service_dead_here(_id(_gone_pid()))
    assert service_dead_here(_id(other_process, f"{int(ticks) - 1}@{boot}"))
    # another host: never dead here
    assert not service_dead_here(f"studio-b.elsewhere:{_gone_pid()}:0badf00d-p{here_pid}")


def test_jobs_of_a_service_in_another_pid_namespace_end_only_when_it_is_seen_gone(stub_world):
    reg = stub_world.registry
    here_pid, here_time = _namespace("pid"), _namespace("time")
    _open_job(reg, "job_of_a_container", _id(1, None, here_pid + 1, here_time))  # no start: cannot tell
    _open_job(reg, "job_of_a_gone_container", _id(1, "12345@00000000", here_pid + 1, here_time))
    _open_job(reg, "job_of_the_dead", _id(_gone_pid(), "12345@00000000", here_pid, here_time))
    ended = end_orphaned_jobs(reg, None)
    assert sorted(j.id for j in ended) == ["job_of_a_gone_container", "job_of_the_dead"]
    assert reg.get_job("job_of_a_container").state == "queued"


# ----------------------------------------------------------------------------- real namespaces (unshare)
def _unshare(*flags: str) -> list[str]:
    """``unshare FLAGS --fork`` when this machine lets this user make such namespaces, else skip."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    cmd = ["unshare", *flags, "--fork", "--kill-child"]
    probe = subprocess.run([*cmd, "true"], capture_output=True, text=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"unshare {' '.join(flags)} is not permitted here: {probe.stderr.strip()[:200]}")
    return cmd


def _python_in(cmd: list[str], code: str) -> str:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([*cmd, sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


_VERDICTS = "from creator.jobs.manager import service_dead_here as d, service_here as h; print(d({s!r}), h({s!r}))"


def test_a_reader_in_another_pid_namespace_does_not_judge_this_hosts_service(other_process):
    cmd = _unshare("--pid", "--mount-proc")
    live = _id(other_process, _process_start(other_process), _namespace("pid"), _namespace("time"))
    assert service_here(live)
    # inside, that process id is nobody (or another process), and a container cannot see the host's
    # processes: it judges by its own namespace, as before namespaces were recorded, so that the
    # same container started again ends its predecessor's jobs; a live service outside is judged
    # gone from in here (its run would then publish nothing: JobEnded, test_jobs_generation_after_end)
    assert _python_in(cmd, _VERDICTS.format(s=live)) == "True False"


def test_a_reader_in_another_time_namespace_does_not_judge_by_start_ticks(other_process):
    cmd = _unshare("--time", "--boottime", "5000")
    live = _id(other_process, _process_start(other_process), _namespace("pid"), _namespace("time"))
    # inside, the process's start reads 5000 s later: the ticks are not compared, the process id lives
    assert _python_in(cmd, _VERDICTS.format(s=live)) == "False True"
    gone = _id(_gone_pid(), _process_start(other_process), _namespace("pid"), _namespace("time"))
    assert _python_in(cmd, _VERDICTS.format(s=gone)) == "True False"


_SERVICE = textwrap.dedent("""
    import sys
    from consent.registry import Registry
    from creator.jobs import JobManager
    from creator.jobs.local import LocalPool
    from creator.request import GenerationRequest
    from creator.settings import StudioSettings
    from creator.studio import Studio
    from jobs_support import SteppedEngine, request_fields

    settings = StudioSettings(data_dir={data!r})
    registry = Registry.from_settings(settings)
    eng = SteppedEngine(gate={gate!r}, hold_from=2)
    jobs = JobManager(LocalPool(Studio(settings, registry=registry, engines={{"gan": lambda r: eng}})), registry)
    job = jobs.submit(GenerationRequest.build(**request_fields(steps=6)), owner="ui:carl", detach=True)
    print(job.id, jobs.service_id, flush=True)
    end = jobs.wait(job.id, timeout=240, recorded=True)
    print(end.state, end.error, flush=True)
    jobs.close()
""")


def test_jobs_list_outside_a_containers_pid_namespace_leaves_its_live_job_alone(stub_world, tmp_path):
    """The red team's reproduction: a job service as pid 1 of its own PID namespace (same host name,
    same database) runs a job; ``jobs list`` outside must not end it, and its one signed end is the
    service's own (done, after its generation entry)."""
    cmd = _unshare("--pid", "--mount-proc")
    gate = tmp_path / "gate"
    gate.touch()
    code = _SERVICE.format(data=str(stub_world.settings.data_dir), gate=str(gate))
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}", "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([*cmd, sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)
    other = Registry.from_settings(stub_world.settings)
    try:
        job_id, service = proc.stdout.readline().split()
        assert parse_service_id(service).pid == 1 and parse_service_id(service).host == HOST
        reported(other, job_id, timeout=120)  # from its running model, not its place in the queue

        listed = CliRunner().invoke(cli, ["jobs", "list"], obj=CliState(settings=stub_world.settings, _registry=other))
        assert listed.exit_code == 0, listed.output
        (row,) = [x for x in listed.output.splitlines() if x.startswith(job_id)]
        assert row.split()[1] == "running", row
        assert end_orphaned_jobs(other, None) == []
        assert other.get_job(job_id).state == "running"

        gate.unlink()
        state, _, error = proc.stdout.readline().strip().partition(" ")
        assert state == str(JobState.DONE), (state, error, proc.stderr.read() if proc.poll() is not None else "")
    finally:
        gate.unlink(missing_ok=True)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert other.get_job(job_id).state == "done"
    kinds = [(e.kind, e.payload.get("state")) for e in other.audit_entries(limit=None)
             if e.payload.get("job_id") == job_id and e.kind in ("job_finished", "generation")]
    assert kinds == [("generation", None), ("job_finished", "done")]
    other.close()


def test_the_same_container_started_again_judges_its_predecessor_gone():
    """A container's service (pid 1 of its namespace) stops; the container starts again in a new
    namespace, where pid 1 is the new service: the old service's jobs are ended there, not kept
    open for ever."""
    cmd = _unshare("--pid", "--mount-proc")
    old = _python_in(cmd, "import os, socket; from creator.jobs.manager import _namespace as n, _process_start as s; "
                          "print(f\"{socket.gethostname()}:{os.getpid()}:0badf00d-p{n('pid')}-t{n('time')}.{s(os.getpid())}\")")
    assert old.split(":")[1] == "1"
    assert _python_in(cmd, _VERDICTS.format(s=old)) == "True False"  # seen from the next container
    assert service_dead_here(old)  # and from the host, which sees that no process of it is left
