"""``consent-studio backup OUT``: a copy of the installation that restores as it was.

What a copy must keep together: the signing keys (the audit key and the anchor that records the
audit log's head, the watermark key, the C2PA chain), the accounts, the database and the signed
outputs. The anchor must not be newer than the database it anchors, or the restored studio reads its
own log as truncated (a self-hosting admin's walkthrough, session 66: a copy of ``consent.db``
without its ``-wal`` file, or a database copied before the keys, restored as "audit log truncated").
So the keys are copied first and the database after them, through SQLite's online backup (every
committed transaction, the write-ahead log's included, while the studio keeps running). The copy is
laid out as a data directory and checked by opening it: its audit chain must verify.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from creator.cli._common import CliState, emit, json_option, pass_state

__all__ = ["backup"]


def _links(folder: str, names: list[str]) -> list[str]:
    """What a copy leaves out: symbolic links (red team s66: a link in outputs/ to a private file
    elsewhere was copied as that file's bytes, under an output's name)."""
    return [n for n in names if os.path.islink(os.path.join(folder, n))]


def _copy_private(src: Path, dst: Path) -> int:
    """Copy a file or folder (0700 folders, modes kept, links left out); the number of files copied."""
    if not src.exists() or src.is_symlink():
        return 0
    if src.is_dir():
        shutil.copytree(src, dst, copy_function=shutil.copy2, ignore=_links)
        os.chmod(dst, 0o700)
        return sum(1 for p in dst.rglob("*") if p.is_file())
    shutil.copy2(src, dst)
    return 1


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path == folder or path.is_relative_to(folder)
    except (OSError, ValueError):
        return False


@click.command("backup")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-outputs", is_flag=True, help="Leave the signed outputs out (they can be large; verify does not need them).")
@json_option
@pass_state
def backup(state: CliState, out: Path, no_outputs: bool, as_json: bool) -> None:
    """Copy the installation into OUT (a new folder) so that it restores as it was: keys first, then
    the database (SQLite's online backup, safe while the studio runs), then the outputs; the copy is
    then opened and its audit chain checked. Restore: stop the studio, and use OUT as the data
    directory (or copy its contents into an empty one)."""
    import sqlite3

    from consent.registry import Registry
    from creator.settings import StudioSettings

    s = state.settings
    db = s.sqlite_file()
    if db is None:
        raise click.ClickException(
            "backup copies a SQLite database; this studio's DATABASE_URL names another database. Copy the keys "
            f"folder ({s.resolved_keys_dir}), {s.c2pa_dir} and {s.users_file} first, then dump the database with its "
            "own tools (the dump taken after the keys), and the outputs folder last")
    if not db.is_file():
        raise click.ClickException(f"no database at {db}: nothing to back up")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise click.ClickException(f"{out} exists and is not an empty folder; expected a new folder")
    # never inside what the studio holds or serves (red team s66: a backup in outputs/ put every key
    # where the web server hands out files, and copied the outputs into themselves until it crashed)
    where = Path(os.path.realpath(out))
    for held in (s.data_dir, s.resolved_keys_dir, s.outputs_dir, s.c2pa_dir, db.parent):
        if _inside(where, Path(os.path.realpath(held))):
            raise click.ClickException(f"{out} is inside {held}, which the studio holds (or serves); expected a folder "
                                       "outside the data directory (nothing was written)")
    out.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(out, 0o700)
    copied = {"keys": _copy_private(s.resolved_keys_dir, out / "keys"),
              "c2pa": _copy_private(s.c2pa_dir, out / "c2pa"),
              "users": _copy_private(s.users_file, out / "users.json")}
    # after the keys: the anchor is not newer. The path as a URI, quoted (red team s66: a "#" in it
    # opened another file, read-write)
    src = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(out / "consent.db")
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.chmod(out / "consent.db", 0o600)
    copied["outputs"] = 0 if no_outputs else _copy_private(s.outputs_dir, out / "outputs")
    # the copy, opened as a restore would: its own database and keys, whatever the environment or a
    # settings file name (red team s66: the check opened the live database DATABASE_URL names)
    copy = StudioSettings(data_dir=out, database_url=f"sqlite:///{(out / 'consent.db').resolve().as_posix()}",
                          keys_dir=out / "keys")
    with Registry.from_settings(copy) as restored:
        report = restored.verify_audit()
    if not report.ok:
        raise click.ClickException(f"the copy in {out} does not check: {report.message}; keep the studio's own "
                                   "data and try again")
    summary = {"out": str(out), "files": copied, "audit_entries": report.entries}
    emit(summary, as_json,
         f"OK: backup in {out}: {copied['keys']} key files, {copied['c2pa']} C2PA files, "
         f"{'the' if copied['users'] else 'no'} accounts file, the database (audit chain checked: {report.entries} "
         f"entries), {'no outputs (--no-outputs)' if no_outputs else str(copied['outputs']) + ' output files'}. "
         "Keep it as secret as the studio's data (it holds every signing key). Settings given by environment "
         "or a settings file (a production C2PA chain, DATABASE_URL) are not in it.")
