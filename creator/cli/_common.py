"""Plumbing every ``consent-studio`` sub-command shares: state on the click context, output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import click

__all__ = ["CliState", "pass_state", "emit", "ok", "json_option", "out_folder", "shown", "table", "terminal_text", "write_whole"]

#: ``--json`` on every listing and report.
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@dataclass
class CliState:
    """Settings of this invocation; the registry and the operations service open on first use."""

    settings: Any
    verbose: bool = False
    _registry: Any = field(default=None, repr=False)
    _ops: Any = field(default=None, repr=False)

    @property
    def registry(self):
        if self._registry is None:
            from consent.registry import Registry

            self._registry = Registry.from_settings(self.settings)
        return self._registry

    def close(self) -> None:
        """Close the registry's database connections, if this invocation opened it."""
        if self._registry is not None:
            self._registry.close()

    @property
    def ops(self):
        """The consent operations service (:class:`consent.operations.Operations`)."""
        if self._ops is None:
            from creator.personas import operations_for

            self._ops = operations_for(self.settings, self.registry)
        return self._ops


pass_state = click.make_pass_decorator(CliState)


def terminal_text(text: str) -> str:
    """``text`` as a terminal shows it as written: its line breaks and tabs kept (listings are
    lines of tab-separated fields), any other control or bidi-format character (ESC, a carriage
    return, U+202E) its ``\\x``/``\\u`` escape. Listings and confirmations quote what the
    registry holds, which a creator wrote (an exception request's message becomes the exception's
    reason) or a database editor did: an ESC sequence there erased lines and drew forged ones on
    the operator's screen (red team 68)."""
    from consent.errors import escaped

    return escaped(str(text), keep="\n\t")


def emit(obj: Any, as_json: bool, human: str | None = None) -> None:
    """Print ``obj`` as JSON (``--json``, every character beyond ASCII escaped, so no control or
    bidi character reaches the terminal) or ``human`` text (:func:`terminal_text`)."""
    if as_json:
        click.echo(json.dumps(obj, indent=2, sort_keys=True, default=str))
    elif human is not None:
        click.echo(terminal_text(human))


def table(rows: Any, empty: str) -> str:
    """Listing lines of tab-separated fields, each field through :func:`shown` (so a newline or
    tab a creator put in a message cannot forge a row or a column), or ``empty``."""
    return "\n".join("\t".join(shown(f) for f in row) for row in rows) or empty


def out_folder(out_dir: Any) -> None:
    """Make ``--out`` before anything is generated or queued: a folder that cannot be made (a file,
    ``/dev/null``, no permission) is refused while nothing is spent (red team 69: ``jobs submit``
    ran the job, counted the grant's use, then failed on the copy without saying where the output was)."""
    if out_dir is None:
        return
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise click.BadParameter(f"the folder cannot be made ({e.strerror or e}); nothing was generated",
                                 param_hint="'--out'") from None


def write_whole(dest: Any, data: bytes) -> None:
    """Write ``data`` to ``dest`` whole or not at all: into a hidden file beside it, then renamed over
    it; on any error the partial file is removed (red team 70: a disk that filled during the copy
    left half a picture under the output's name, its label and manifest cut off)."""
    import os
    import tempfile
    from pathlib import Path

    dest = Path(dest)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    try:
        # the mode any file the user writes gets (the umask's), not the temporary file's 0600: a copy
        # into a shared folder is for the others there (a fresh user's walkthrough, session 64)
        mask = os.umask(0o077)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def shown(value: Any) -> str:
    """A stored value (a setting, an entry kind, a name) as one line a terminal shows as written
    (:func:`consent.errors.one_line`: control and bidi characters escaped, line breaks a space);
    an empty text stays empty, anything else reads as ``str`` made it (``None`` too).
    Human-readable output prints what the registry holds through this: a
    database editor's ESC sequence, or a creator's newline in a project name, would otherwise
    reach an operator's terminal as a hidden mark or a forged line (adversary 13)."""
    from consent.errors import one_line

    text = str(value)
    return one_line(text) if text.strip() else ""


def ok(msg: str) -> None:
    click.echo(terminal_text(f"OK: {msg}"))
