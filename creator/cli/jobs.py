"""``consent-studio jobs``: generation as jobs (submit, list, show, cancel).

``jobs submit`` takes the same options as ``generate`` and runs the request as a job:
with ``--wait`` (the default) it shows the queue position, then the stage and step
progress, and prints the outputs with their readable download names; Ctrl-C cancels the
job. With ``--no-wait`` it prints the job id and returns while a background process of
its own runs the job (``jobs show`` / ``jobs cancel`` reach it through the registry).

``jobs list``, ``show`` and ``cancel`` read the job rows: ``queued``, ``running`` (its worker
marks the row when it starts) or how it ended; for a running job also its stage, step and time
left as its job service last reported them (at most a second old while that service is there;
a report older than ``PROGRESS_STALE_S`` is not shown as progress: the job's service has been
silent that long). A job whose job service on this host is gone (the studio was stopped or
killed while it ran) is ended first, failed with why, so no job stays open after its service is
gone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click

from creator.cli._common import CliState, emit, json_option, out_folder, pass_state, shown, terminal_text, write_whole
from creator.cli.generate import _build, _request_options, in_option_words, option_words

__all__ = ["jobs"]

_ENDED_EXIT = {"done": 0, "denied": 1, "failed": 1, "cancelled": 1}


def _actor() -> str:
    from consent.audit import current_actor

    actor = current_actor()
    if actor:
        return actor
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no passwd entry
        return f"cli:uid{os.getuid()}"


def _about(s: float | None) -> str:
    return "unknown" if s is None else "<1s" if s < 1 else f"~{s:.0f}s"


def _place(job) -> str:
    """A queued job's place in its service's queue and its wait: "#2 in queue, wait ~40s"."""
    return f"#{job.position} in queue, wait {_about(job.wait_s)}"


def _line(job) -> str:
    where = f" {_place(job)}" if job.position else ""
    from creator.jobs.model import step_text  # (the CLI's start does not load the job model)

    step = f" {shown(step_text(job))}" if job.stage and job.state == "running" else ""
    eta = f", time left {_about(job.eta_s)}" if job.state == "running" else ""
    return f"{job.id} {job.state}{where}{step}{eta}"


def _reported(job) -> str:
    """A running job read from the registry: its progress as its service last reported it
    ("generate 5/40, time left ~12s (reported 1s ago)"), or how long that service has been silent;
    a queued one: its place in its service's queue and its wait ("#2 in queue, wait ~40s")."""
    if str(job.state) == "queued" and job.position:
        return _place(job)
    if str(job.state) not in ("running", "queued") or not job.reported_at:
        return ""
    if job.silent_s is not None:
        from creator.jobs.model import long_span

        return (f"no progress report from its job service for {long_span(job.silent_s) or f'{job.silent_s:.0f}s'} (the last at "
                f"{shown(job.reported_at)}): it may have stopped")
    from datetime import datetime, timezone

    try:
        ago = max(0.0, (datetime.now(timezone.utc) - datetime.fromisoformat(job.reported_at)).total_seconds())
    except (TypeError, ValueError):
        ago = None
    when = "" if ago is None else f" (reported {ago:.0f}s ago)"
    from creator.jobs.model import step_text

    step = shown(step_text(job))
    return f"{step}, time left {_about(job.eta_s)}{when}"


def _end_orphans(state: CliState, only: list[str] | None = None) -> list:
    """End the jobs a job service of this host left open when it stopped (failed, saying why; done
    when their outputs were already recorded): :func:`creator.jobs.manager.end_orphaned_jobs`."""
    from creator.jobs import JobSettings
    from creator.jobs.manager import end_orphaned_jobs
    from creator.jobs.store import FileOutputStore

    js = JobSettings()
    store = FileOutputStore.shared(js.output_store) if js.output_store else FileOutputStore.for_settings(state.settings)
    ended = end_orphaned_jobs(state.registry, store, only=only)
    for j in ended:
        click.echo(f"NOTE: {shown(j.id)} ended {shown(j.state)}: {shown(j.error or 'no details')}", err=True)
    return ended


def _signed_location(registry, o) -> str:
    """Where output ``o``'s signed file is: found from its digest and its bytes checked
    (:func:`creator.jobs.store.signed_output`), never the location a job row names."""
    from consent.errors import ConsentError
    from creator.jobs.store import signed_output

    try:
        return str(signed_output(registry, o.sha256, o.location).path)
    except ConsentError as e:
        return f"(not available: {e})"


def _print_ended(job, as_json: bool, out_dir: Path | None, registry) -> None:
    from creator.jobs.model import output_seeds
    from creator.jobs.store import signed_output

    copies = []
    for o in job.outputs:
        if out_dir is not None:
            dest = out_dir / o.download_name
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
                # byte for byte: the signed file (found from its digest, its bytes checked) under its readable name
                write_whole(dest, signed_output(registry, o.sha256, o.location).data)
                copies.append(str(dest))
            except OSError as e:  # the signed output is stored and recorded: say where it is
                click.echo(f"WARNING: could not copy {o.download_name} into {out_dir} ({e.strerror or e}); "
                           f"it is stored at {_signed_location(registry, o)}", err=True)
                copies.append(None)
    if as_json:
        d = job.to_dict()
        if out_dir is not None:
            d["copies"] = copies  # None where the copy failed (the output is in "outputs")
        click.echo(json.dumps(d, indent=2, sort_keys=True, default=str))
        return
    if job.state == "done":
        for o, copy, seed in zip(job.outputs, copies or [None] * len(job.outputs), output_seeds(job)):
            # each output's own seed, as signed into it (image k: the job's seed + k)
            click.echo(f"OK: {copy or _signed_location(registry, o)}  ({o.download_name}, seed {seed})")
        for b in job.blocked:
            # each reason names its output already ("output 1: face matches …")
            click.echo(f"BLOCKED: {shown('; '.join(b['reasons']))}", err=True)
    else:
        click.echo(f"{shown(job.state.upper())}: {shown(in_option_words(job.error or 'no details'))}", err=True)


@click.group("jobs")
def jobs() -> None:
    """Generation jobs: submit, list, show, cancel."""


@jobs.command("submit")
@_request_options
@click.option("--wait/--no-wait", "wait", default=True, show_default=True,
              help="Wait for the job and print its outputs, or print its id and return at once.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also copy the signed files here, under their readable download names.")
@json_option
@pass_state
@click.pass_context
@option_words
def submit(ctx: click.Context, state: CliState, wait: bool, out_dir: Path | None, as_json: bool, **kw) -> None:
    """Run a generation as a job (every step of the governed recipe; queued fairly)."""
    request = _build(kw)  # a bad input fails here, before anything is queued
    if out_dir is not None and not wait:
        raise click.UsageError("--out copies the outputs when the job ends, so it needs --wait; with --no-wait, "
                               "copy them later from `consent-studio jobs show JOB`")
    out_folder(out_dir)  # before the job is queued (a folder that cannot be made spends nothing)
    owner = _actor()
    if not wait:
        job_id = _spawn_detached(state.settings, kw, owner)
        emit({"id": job_id, "state": "queued"}, as_json, f"{job_id} queued (consent-studio jobs show {job_id})")
        return
    from creator.jobs import JobManager

    show = None if as_json or not sys.stderr.isatty() else (lambda j: click.echo(f"\r{_line(j):<78}", err=True, nl=False))
    with _CtrlC() as ctrl_c, JobManager.from_settings(state.settings, registry=state.registry) as manager:
        job = manager.run(request, owner=owner, progress=show, stop=ctrl_c.pressed)
        manager.wait(job.id, recorded=True)
    if show is not None:
        click.echo("", err=True)
    _print_ended(job, as_json, out_dir, state.registry)
    if ctrl_c.pressed() and str(job.state) != "done":
        ctx.exit(130)  # the shell's code for a command stopped by Ctrl-C
    ctx.exit(_ENDED_EXIT.get(str(job.state), 1))


class _CtrlC:
    """Ctrl-C while ``jobs submit`` waits: the first press asks for the job to be cancelled
    (``JobManager.run(stop=...)`` cancels it, the end is recorded and audited, the command
    prints it and exits 130); a second press quits at once (exit 130).

    The press only sets a flag: a ``KeyboardInterrupt`` raised wherever the main thread happens
    to be cut the job service off between its steps — between the queued row's commit and the
    note that it is committed, it left a worker that no one cancelled and a close that waited
    for it (a hang with no output). Outside the main thread (no signal handlers there) Ctrl-C
    keeps Python's default; an ignored SIGINT stays ignored. Messages go straight to the file descriptor: a handler that printed
    through ``sys.stderr`` while the progress line was being written would fail as re-entrant.
    """

    _FIRST = b"\nCtrl-C: cancelling the job (press Ctrl-C again to quit at once)\n"
    _SECOND = (b"\nCtrl-C again: quit without waiting; the job service that starts next on this host "
               b"ends the job (done if its images were already recorded, failed otherwise)\n")

    def __init__(self) -> None:
        self._presses = 0
        self._installed = False
        self._previous = None

    def pressed(self) -> bool:
        return self._presses > 0

    def _handle(self, signum, frame) -> None:  # noqa: ANN001
        self._presses += 1
        if self._presses > 1:
            _write_stderr(self._SECOND)
            os._exit(130)  # at once: no worker, lock or database write is waited for
        _write_stderr(self._FIRST)

    def __enter__(self) -> _CtrlC:
        import signal
        import threading

        # a process started with SIGINT ignored (a background job of a script: `cmd &`) keeps
        # ignoring it, as Python itself does at start-up
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            import signal

            # None: the handler was not set from Python; Python's own is the one a CLI process starts with
            signal.signal(signal.SIGINT, self._previous if self._previous is not None else signal.default_int_handler)
            self._installed = False


def _write_stderr(data: bytes) -> None:
    try:
        os.write(2, data)
    except OSError:
        pass


@jobs.command("list")
@click.option("--mine", is_flag=True, help="Only jobs submitted by me.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@json_option
@pass_state
def list_jobs(state: CliState, mine: bool, limit: int, as_json: bool) -> None:
    """Jobs newest first: state, owner, seed used, outputs.

    A row that does not agree with the signed audit log (written or rewritten behind it) is not
    listed as fact: the others are listed, then the command fails with a registry integrity error
    naming each such row, so one row a database editor wrote cannot hide everyone's jobs."""
    from consent.integrity import require
    from creator.jobs.manager import stored_views

    _end_orphans(state)
    problems: list[str] = []
    found = stored_views(state.registry, state.registry.list_jobs(owner=_actor() if mine else None, limit=limit,
                                                                 problems=problems))
    if as_json:
        emit([j.to_dict() for j in found], True)
    else:
        for j in found:
            seed = f"seed {j.seed}" if j.seed is not None else ""
            since = f"since {shown(j.started_at)}" if str(j.state) == "running" and j.started_at else ""
            step = f"  {_reported(j)}" if _reported(j) else ""
            click.echo(f"{shown(j.id)}  {shown(j.state):<9} {shown(j.owner):<16} {shown(j.submitted_at)}  {seed}{since}  "
                       f"{len(j.outputs)} output(s){step}")
    require(problems)


@jobs.command("show")
@click.argument("job_id")
@json_option
@pass_state
def show(state: CliState, job_id: str, as_json: bool) -> None:
    """One job: every setting, the seed used, the outputs and their download names; while it
    runs, its stage, step and time left as its job service last reported them."""
    from creator.jobs.manager import stored_views
    from creator.jobs.model import output_seeds

    rec = state.registry.get_job(job_id)
    if not rec.final:
        _end_orphans(state, only=[job_id])
        rec = state.registry.get_job(job_id)
    (job,) = stored_views(state.registry, [rec])
    if as_json:
        emit(job.to_dict(), True)
        return
    started = f", started {shown(job.started_at)} on {shown(job.worker)}" if str(job.state) == "running" else ""
    click.echo(f"{shown(job.id)}: {shown(job.state)} (owner {shown(job.owner)}, submitted {shown(job.submitted_at)}{started})")
    if _reported(job):
        click.echo(f"  progress: {_reported(job)}")
    if job.cancel_requested_by:
        click.echo(f"  cancel asked by {shown(job.cancel_requested_by)}")
    if job.error:
        click.echo(f"  {shown(job.error)}")
    click.echo(f"  seed {shown(job.seed)}  decision {shown(job.decision_id)}")
    if job.seed is not None and len(job.outputs) > 1:
        click.echo(f"  image k of the call was drawn with seed {shown(job.seed)} + k; each output's own seed is "
                   "signed into it and shown below")
    gan = job.settings.get("engine") == "gan"
    for k in sorted(job.settings):
        if k == "seed" and job.seed is not None:
            continue  # the seed asked (None: drawn at random) stands beside the one used above
        if gan and k in ("steps", "guidance", "strength", "negative_prompt"):
            continue  # settings the GAN does not take (a fresh user's walkthrough, session 63)
        click.echo(f"  {shown(k)}: {shown(job.settings[k])}")
    for o, seed in zip(job.outputs, output_seeds(job)):
        click.echo(f"  output {shown(_signed_location(state.registry, o))}  ->  {shown(o.download_name)}"
                   + (f"  (seed {seed})" if seed is not None else ""))


@jobs.command("cancel")
@click.argument("job_id")
@click.option("--wait", "wait_s", type=click.FloatRange(0, 3600), default=10.0, show_default=True,
              help="Seconds to wait for the job's service to act on the cancel before saying where it stands.")
@json_option
@pass_state
@click.pass_context
def cancel(ctx: click.Context, state: CliState, job_id: str, wait_s: float, as_json: bool) -> None:
    """Cancel a job (queued: it never starts; running: it stops at its next step).

    The cancel is recorded (audited) for the job service that holds the job, which acts on it
    within a second or two. Says what happened: the job ended cancelled, or its live service was
    asked and the job has not stopped yet (exit 0); or the job had already ended, ended otherwise
    first, or cannot be acted on: its service is gone (the job is then ended, failed), or it runs
    on another host (or in another PID namespace: a container) and has not acted within ``--wait``
    seconds (exit 1)."""
    import time

    from consent.errors import RegistryError
    from creator.jobs import Job
    from creator.jobs.manager import service_dead_here, service_here

    registry = state.registry

    def answer(result: str, rec, text: str, code: int) -> None:
        job = Job.from_record(rec)
        if as_json:
            emit({**job.to_dict(), "cancel": result, "message": text}, True)
        else:
            click.echo(terminal_text(text), err=code != 0)
        ctx.exit(code)

    def how(rec) -> str:
        return f"{shown(rec.state)}" + (f": {shown(rec.error)}" if rec.error else "")

    def ended(rec) -> None:
        answer("already_ended", rec, f"FAIL: job {shown(rec.id)} already ended ({how(rec)}); nothing to cancel", 1)

    def gone(rec) -> None:
        _end_orphans(state, only=[rec.id])
        after = registry.get_job(rec.id)
        if not after.final:  # the registry refused the end: say so, claim nothing
            answer("service_gone", after, f"FAIL: job {shown(rec.id)} cannot be cancelled: its job service "
                   f"({shown(rec.service)}) is gone, and its end could not be recorded; try again", 1)
        answer("service_gone", after, f"FAIL: job {shown(rec.id)} cannot be cancelled: its job service "
               f"({shown(rec.service)}) is gone; the job is ended ({how(after)})", 1)

    rec = registry.get_job(job_id)
    if not rec.final and service_dead_here(rec.service):
        gone(rec)
    if rec.final:
        ended(rec)
    try:
        rec = registry.request_job_cancel(job_id, _actor())
    except RegistryError:
        rec = registry.get_job(job_id)
        if not rec.final:
            raise
        ended(rec)
    was = rec.state
    deadline = time.monotonic() + wait_s
    while not rec.final and time.monotonic() < deadline:
        time.sleep(0.1)
        rec = registry.get_job(job_id)
    if rec.final:
        if rec.state == "cancelled":
            answer("cancelled", rec, f"OK: job {shown(rec.id)} cancelled (it was {was}; nothing was published)", 0)
        answer("ended_first", rec, f"FAIL: job {shown(rec.id)} ended ({how(rec)}) before the cancel took effect", 1)
    if service_dead_here(rec.service):  # its service died meanwhile
        gone(rec)
    if service_here(rec.service):  # alive, on this host: it acts on the signed request
        if rec.state == "running":
            answer("asked", rec, f"OK: asked job service {shown(rec.service)} to stop job {shown(rec.id)}, which is "
                   "running; it stops at its next step, publishing nothing (see `consent-studio jobs show "
                   f"{shown(rec.id)}`)", 0)
        answer("asked", rec, f"OK: cancel of queued job {shown(rec.id)} recorded; it will not start (its worker refuses "
               f"a job with a recorded cancel), and its job service {shown(rec.service)} takes it out of the queue", 0)
    answer("unconfirmed", rec, f"FAIL: cancel of job {shown(rec.id)} ({shown(rec.state)}) recorded, but its job service "
           f"({shown(rec.service)}) has not acted on it within {wait_s:g} s and runs on another host or in another "
           "PID namespace (a container), which cannot be checked from here; see "
           f"`consent-studio jobs show {shown(rec.id)}`", 1)


# ---------------------------------------------------------------------- --no-wait
def _spawn_detached(settings, kw: dict, owner: str) -> str:
    """Start a background process that runs one job to its end; return the job id it queued."""
    spec = {"settings": {"data_dir": str(settings.data_dir), "database_url": settings.database_url},
            "request": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()}, "owner": owner}
    proc = subprocess.Popen([sys.executable, "-c", "from creator.cli.jobs import _detached_main; _detached_main()"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True, env=os.environ.copy())
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(json.dumps(spec))
    proc.stdin.close()
    line = proc.stdout.readline().strip()
    if not line.startswith("job_"):
        from creator.errors import GenerationError

        raise GenerationError(f"the background job process did not start: {line or 'it exited'}")
    return line


def _detached_main() -> None:
    """Body of the ``--no-wait`` background process: submit, print the id, run to the end."""
    from consent.audit import acting_as
    from creator.jobs import JobManager
    from creator.settings import StudioSettings

    spec = json.loads(sys.stdin.read())
    settings = StudioSettings(**{k: v for k, v in spec["settings"].items() if v is not None})
    try:
        with acting_as(spec["owner"]), JobManager.from_settings(settings) as manager:
            job = manager.submit(_build(spec["request"]), owner=spec["owner"], detach=True)
            print(job.id, flush=True)
            sys.stdout.close()
            manager.wait(job.id, recorded=True)
    except Exception as e:  # noqa: BLE001 - the parent prints this line
        from consent.errors import describe

        print(describe(e).message, flush=True)
