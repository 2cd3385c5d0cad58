"""A throwaway PostgreSQL cluster for tests: ``with postgres_server() as pg: url = pg.create_database()``.

The cluster lives in a fresh temp folder, listens only on a unix socket there
(``listen_addresses = ''``), trusts local connections, runs with ``fsync`` off, and is
stopped and deleted on exit. PostgreSQL refuses to run as root, so under root the server
runs as the ``postgres`` system user (created by the Debian ``postgresql`` package).

Binaries are looked up in ``$CONSENT_STUDIO_PG_BINDIR``, then ``/usr/lib/postgresql/*/bin``
(newest first), then ``$PATH``. Without them the test is skipped, unless ``$CI`` is set, in
which case it fails: CI installs ``postgresql`` and must exercise it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["PgServer", "find_bindir", "postgres_server"]

_PORT = 5432  # only names the socket file (.s.PGSQL.5432) inside our private folder; no TCP


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, or None."""
    need = ("initdb", "pg_ctl", "postgres")
    candidates: list[Path] = []
    if os.environ.get("CONSENT_STUDIO_PG_BINDIR"):
        candidates.append(Path(os.environ["CONSENT_STUDIO_PG_BINDIR"]))

    def _version(p: str) -> tuple[int, ...]:
        v = Path(p).parent.name
        return tuple(int(x) for x in v.split(".") if x.isdigit())

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)]
    which = shutil.which("initdb")
    if which:
        candidates.append(Path(which).parent)
    for c in candidates:
        if all((c / n).is_file() and os.access(c / n, os.X_OK) for n in need):
            return c
    return None


def _unavailable(why: str) -> None:
    msg = (f"PostgreSQL tests need a local PostgreSQL server: {why}. "
           "Install it (Debian: apt-get install postgresql) or set CONSENT_STUDIO_PG_BINDIR.")
    if os.environ.get("CI"):
        pytest.fail(msg + " (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(msg)


@dataclass
class PgServer:
    """A running throwaway cluster; superuser ``postgres``, trust auth, unix socket only."""

    bindir: Path
    root: Path
    socket_dir: Path
    port: int = _PORT

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.socket_dir}&port={self.port}"

    def connect(self, dbname: str = "postgres", autocommit: bool = True):
        """A raw psycopg connection (for SQL behind the registry's back)."""
        import psycopg

        return psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname=dbname, autocommit=autocommit)

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run_as(user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--"] if user else []


@contextmanager
def postgres_server() -> Iterator[PgServer]:
    """Start a cluster in a temp folder; yield it; stop it and delete the folder."""
    bindir = find_bindir()
    if bindir is None:
        _unavailable("initdb/pg_ctl/postgres not found in $CONSENT_STUDIO_PG_BINDIR, /usr/lib/postgresql/*/bin or $PATH")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the Python driver is missing (pip install 'psycopg[binary]')")

    user: str | None = None
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user to run the server as")
        if shutil.which("runuser") is None:
            _unavailable("running as root and 'runuser' is missing")
        user = "postgres"

    # Short path under /tmp: a unix socket path must stay under ~107 bytes.
    root = Path(tempfile.mkdtemp(prefix="consent-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    data, sock, log = root / "data", root / "sock", root / "server.log"
    sock.mkdir()
    if user:
        for p in (root, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
    os.chmod(root, 0o700)
    os.chmod(sock, 0o700)
    started = False

    def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run([*_run_as(user), *args], check=False, capture_output=True, text=True, timeout=timeout, cwd=root,
                              env={**os.environ, "LC_ALL": "C", "LANG": "C"})

    try:
        r = run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C", "--no-sync")
        if r.returncode != 0:
            pytest.fail(f"initdb failed ({r.returncode}): {r.stderr[-2000:] or r.stdout[-2000:]}", pytrace=False)
        with open(data / "postgresql.conf", "a") as f:
            f.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{sock}'\nport = {_PORT}\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 40\n"
                    "shared_buffers = 16MB\n")
        r = run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "30", "start")
        if r.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"pg_ctl start failed ({r.returncode}): {r.stderr[-1000:]}\n{tail}", pytrace=False)
        started = True
        yield PgServer(bindir=bindir, root=root, socket_dir=sock)
    finally:
        if started:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "30", "stop")
        shutil.rmtree(root, ignore_errors=True)
