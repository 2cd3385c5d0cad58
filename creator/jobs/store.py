"""Where published outputs live: the output store.

The recipe (``Studio.generate``) discloses each output into a private staging folder, records
it (outputs row + signed audit entry, one transaction), and only then publishes the signed
file into the store under its content-addressed name (``<sha256>.png``). So a file in the
store always has its record. A worker killed between the commit and the move leaves the
signed file in its staging folder, named after its job; :func:`recover_staging` finishes the
move for files that were recorded and deletes everything else. So no record lacks its file
once the job's worker is known dead and its staging recovered.

:class:`FileOutputStore` is a folder: the data dir's ``outputs/`` by default, or a shared
filesystem path (NFS, CephFS, ...) that every Ray worker and the studio mount at the same
path. An object store (S3, GCS) can follow by implementing :class:`OutputStore`: stage in a
local temp folder, ``publish`` = upload (an object appears whole), ``location`` = its URI.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = ["OutputStore", "FileOutputStore", "Recovery", "SignedOutput", "quarantine_staging", "recover_runs",
           "recover_staging", "signed_output"]

_STORED_NAME = re.compile(r"^[0-9a-f]{64}\.(png|jpg)$")


@runtime_checkable
class OutputStore(Protocol):
    """What the recipe and the job service need from a store of published outputs."""

    def location(self, name: str) -> Path:
        """Where a published file named ``name`` is (what the outputs record names)."""
        ...

    def new_staging(self, job_id: str | None = None) -> Path:
        """A fresh private work folder for one run (named after ``job_id`` when given)."""
        ...

    def publish(self, staged: Path, name: str) -> Path:
        """Make the staged file visible under ``name``, whole or not at all; idempotent."""
        ...

    def exists(self, name: str) -> bool: ...

    def read_bytes(self, name: str) -> bytes: ...

    def names(self) -> Iterator[str]:
        """Every published file name."""
        ...

    def staging_folders(self, job_id: str) -> list[Path]:
        """The staging folders a run of ``job_id`` left (for :func:`recover_staging`)."""
        ...


@dataclass
class FileOutputStore:
    """Published outputs in ``outputs_dir``; staging in ``staging_dir`` on the same filesystem
    (publishing is one atomic rename). Both folders are created 0700 on first use."""

    outputs_dir: Path
    staging_dir: Path
    _prepare: Callable[[], None] | None = field(default=None, repr=False)

    @classmethod
    def for_settings(cls, settings) -> FileOutputStore:
        """The data dir's ``outputs/`` and ``staging/`` (the embedded default)."""
        return cls(Path(settings.outputs_dir), Path(settings.staging_dir), settings.ensure_dirs)

    @classmethod
    def shared(cls, root: str | Path) -> FileOutputStore:
        """A store on a shared filesystem: ``root/outputs`` and ``root/staging``."""
        root = Path(root).expanduser()
        return cls(root / "outputs", root / "staging")

    def _ready(self) -> None:
        if self._prepare is not None:
            self._prepare()
        for d in (self.outputs_dir, self.staging_dir):
            d.mkdir(parents=True, exist_ok=True, mode=0o700)

    def location(self, name: str) -> Path:
        return self.outputs_dir / _checked(name)

    def new_staging(self, job_id: str | None = None) -> Path:
        self._ready()
        # a run that is no job (``generate`` from the CLI or the API) is named after this host and
        # process, so that a later run can tell its folder was left by a process that died
        prefix = f"gen-{job_id}-" if job_id else f"{_RUN_PREFIX}{_host()}-{os.getpid()}-"
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self.staging_dir))

    def stranded_runs(self, min_age_s: float) -> list[Path]:
        """Staging folders of runs that are no job, made on this host by a process that is gone, and
        untouched for ``min_age_s`` (a store shared by hosts, or by containers with one host name and
        their own process numbers, is never read from another's folders while they may be alive)."""
        import time

        prefix = f"{_RUN_PREFIX}{_host()}-"
        out = []
        try:
            entries = list(os.scandir(self.staging_dir))
        except (FileNotFoundError, NotADirectoryError):
            return []
        for e in entries:
            if not e.name.startswith(prefix) or not e.is_dir(follow_symlinks=False):
                continue
            pid = e.name[len(prefix):].split("-", 1)[0]
            try:
                if not pid.isdigit() or _alive(int(pid)) or time.time() - e.stat(follow_symlinks=False).st_mtime < min_age_s:
                    continue
            except OSError:
                continue
            out.append(Path(e.path))
        return sorted(out)

    def publish(self, staged: Path, name: str) -> Path:
        self._ready()
        dest = self.location(name)
        try:
            os.replace(staged, dest)
        except OSError as e:
            if e.errno != 18:  # EXDEV: staging on another filesystem; copy whole, then rename
                raise
            tmp = dest.with_name(f".{name}.{os.getpid()}.tmp")
            shutil.copyfile(staged, tmp)
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            os.replace(tmp, dest)
            Path(staged).unlink(missing_ok=True)
        return dest

    def exists(self, name: str) -> bool:
        return self.location(name).is_file()

    def read_bytes(self, name: str) -> bytes:
        return self.location(name).read_bytes()

    def names(self) -> Iterator[str]:
        if not self.outputs_dir.is_dir():
            return iter(())
        return iter(sorted(p.name for p in self.outputs_dir.iterdir() if p.is_file() and not p.name.startswith(".")))

    def staging_folders(self, job_id: str) -> list[Path]:
        # the folder's own entries named for exactly this job: ``job_id`` is never a pattern nor a
        # path (a row's id may be forged), and a link planted under such a name is not followed
        return sorted(p for p in _staging_entries(self.staging_dir, job_id) if p.is_dir() and not p.is_symlink())


_RUN_PREFIX = "gen-run-"
#: a plain run's staging folder is recovered once its process is gone and it is this old (s): a run
#: stages, records and publishes within seconds, so a folder untouched for an hour is no live run's
RUN_STALE_S = 3600.0


def _host() -> str:
    import socket

    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname())[:40] or "host"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists (another user's)
        return True
    return True


def _staging_entries(staging_dir: Path, job_id: str) -> list[Path]:
    """The entries directly in ``staging_dir`` whose names start ``gen-<job_id>-`` (literally)."""
    prefix = f"gen-{job_id}-"
    try:
        return [Path(e.path) for e in os.scandir(staging_dir) if e.name.startswith(prefix)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _checked(name: str) -> str:
    if not _STORED_NAME.match(name or ""):
        raise ValueError(f"output name {name!r}; expected '<64 hex digits>.png' or '.jpg'")
    return name


def _sha256_of(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover_staging` did for one job."""

    published: tuple[str, ...] = ()  # recorded files moved into the store (the move the crash cut short)
    discarded: tuple[str, ...] = ()  # staged files with no record (deleted with their folder)


def recover_staging(store: OutputStore, registry, job_id: str) -> Recovery:
    """Finish or undo what a dead run of ``job_id`` left in staging.

    Call only when no run of that job can still be alive (its worker died, or the service
    that owned it is gone). A signed file whose output record names this job, and whose bytes
    hash to that name, is published (the crash fell between the commit and the move); everything
    else is deleted -- a file swapped or torn in staging under a recorded name included.
    """
    recorded = {o.sha256 for o in registry.outputs_for_job(job_id)}
    return _recover(store, store.staging_folders(job_id), recorded.__contains__)


def recover_runs(store: OutputStore, registry, min_age_s: float = RUN_STALE_S) -> Recovery:
    """Finish or undo what plain runs (``generate``, no job) whose process died left in staging (red
    team 69: a ``generate`` killed between its record's commit and the move left a recorded output
    that never appeared, and its input copies, for good): as :func:`recover_staging`, a signed file
    that a verified output record names and whose bytes hash to that name is published, everything
    else deleted. A store that keeps no such folders (``stranded_runs``) has nothing to recover."""
    stranded = getattr(store, "stranded_runs", None)
    folders = stranded(min_age_s) if stranded is not None else []
    if not folders:
        return Recovery()
    return _recover(store, folders, lambda sha: registry.find_output(sha256=sha) is not None)


def _recover(store: OutputStore, folders: list[Path], recorded: Callable[[str], bool]) -> Recovery:
    published, discarded = [], []
    for folder in folders:
        signed = folder / "signed"
        for f in sorted(signed.glob("*")) if signed.is_dir() else []:
            sha = f.name.split(".")[0]
            if _STORED_NAME.match(f.name) and _sha256_of(f) == sha and recorded(sha):
                if not store.exists(f.name):
                    store.publish(f, f.name)
                published.append(f.name)
            else:
                discarded.append(f.name)
        shutil.rmtree(folder, ignore_errors=True)
    return Recovery(tuple(published), tuple(discarded))


QUARANTINE = "quarantine"  # the folder under staging that job recovery moves unvouched staging into


def quarantine_staging(store: OutputStore, job_id: str) -> tuple[Path | None, list[str]]:
    """Move what staging holds under ``job_id``'s name into ``staging/quarantine/`` (nothing is
    published nor deleted): for a job row the signed log does not vouch for, whose ``job_id`` is
    therefore unvouched text. Only the staging folder's own entries named ``gen-<job_id>-...``
    (compared as text) are moved, each with one rename on the same filesystem; a link is moved
    itself, never followed. Returns (the quarantine folder, or None when nothing was moved, and
    the paths moved, relative to staging, a real folder's files listed without following links).
    """
    staging_dir = getattr(store, "staging_dir", None)
    if staging_dir is None:
        return None, []
    staging_dir = Path(staging_dir)
    entries = sorted(_staging_entries(staging_dir, job_id))
    if not entries:
        return None, []
    dest = staging_dir / QUARANTINE
    dest.mkdir(mode=0o700, exist_ok=True)
    if dest.is_symlink() or not dest.is_dir():
        raise OSError(f"{dest} is not a folder of the studio's own; nothing was moved")
    moved: list[str] = []
    for entry in entries:
        if entry.parent != staging_dir:  # by construction; never move anything from elsewhere
            continue
        if entry.is_dir() and not entry.is_symlink():
            files = [str(Path(root, f).relative_to(staging_dir)) for root, _dirs, names in os.walk(entry)
                     for f in sorted(names)]
        else:
            files = [entry.name]
        target, n = dest / entry.name, 1
        while os.path.lexists(target):
            target, n = dest / f"{entry.name}.{n}", n + 1
        os.rename(entry, target)
        moved += files or [entry.name + "/"]
    if len(moved) > _LISTED:  # a planted folder of a million files is named, not listed whole
        moved = moved[:_LISTED] + [f"... and {len(moved) - _LISTED} more"]
    return dest, moved


_LISTED = 200


@dataclass(frozen=True)
class SignedOutput:
    """A published output's file, read and checked by :func:`signed_output`."""

    sha256: str
    path: Path
    data: bytes = field(repr=False)
    media_type: str


def signed_output(registry, sha256: str, location: str | None = None) -> SignedOutput:
    """The published file of output ``sha256``, exactly as signed: every place that serves or
    reads a job's output file goes through here, never through a location a job row names.

    The file is found from the digest alone: the path of the output's record
    (:meth:`Registry.find_output`, checked against its signed generation entry, which lists that
    path), and its bytes must hash to ``sha256``.
    ``location``: where a job's row says the file is; it must be that signed path (a row that
    names another file was edited, and serves nothing), and it is never opened itself.
    Raises :class:`creator.errors.OutputFileInvalid` (nothing read is returned) otherwise: a
    file missing, renamed, changed on disk, or a record pointed elsewhere.
    """
    from creator.errors import OutputFileInvalid

    sha = str(sha256 or "").lower()
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise OutputFileInvalid(f"output digest {str(sha256)[:80]!r}; expected 64 hex digits")
    rec = registry.find_output(sha256=sha)
    if rec is None:
        raise OutputFileInvalid(f"output {sha[:16]}… has no output record in the registry; its file is not served")
    path = Path(rec.path)
    if location is not None and str(location) != str(rec.path):
        raise OutputFileInvalid(f"output {sha[:16]}…: the job names another file than the output's signed record "
                                "(the job's row was edited); nothing is served")
    try:
        if not path.is_file():
            raise OutputFileInvalid(f"output {sha[:16]}…: its published file {path.name} is missing from the output store")
        data = path.read_bytes()
    except OSError as e:
        raise OutputFileInvalid(f"output {sha[:16]}…: its published file {path.name} cannot be read "
                                f"({type(e).__name__}: {e.strerror or e})") from None
    if hashlib.sha256(data).hexdigest() != sha:
        raise OutputFileInvalid(f"output {sha[:16]}…: its published file {path.name} no longer hashes to its "
                                "recorded digest (changed on disk); nothing is served")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        media = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        media = "image/jpeg"
    else:
        raise OutputFileInvalid(f"output {sha[:16]}…: its published file {path.name} is not a PNG or JPEG")
    return SignedOutput(sha, path, data, media)
