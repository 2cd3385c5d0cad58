"""Command-line plumbing shared by every ``consent-studio`` sub-command.

The root group lives in :mod:`creator.cli` (it adds generate/verify); the consent
commands are defined here and in sibling modules and take their state from
:class:`CliState` on the click context. ``consent`` never imports ``creator``: the
settings object is duck-typed (anything with the fields of :class:`consent.settings.Settings`).
"""

from __future__ import annotations

import functools
import json
import sys
from dataclasses import dataclass, field
from typing import Any

import click

from consent.errors import ConsentError, RecordInvalid

__all__ = ["CliState", "pass_state", "emit", "ok", "fail", "guard", "json_option"]

#: ``--json`` on every listing and report.
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@dataclass
class CliState:
    settings: Any
    verbose: bool = False
    _registry: Any = field(default=None, repr=False)

    @property
    def registry(self):
        """The registry, opened (and migrated) on first use."""
        if self._registry is None:
            from consent.registry import Registry

            self._registry = Registry.from_settings(self.settings)
        return self._registry


pass_state = click.make_pass_decorator(CliState)


def emit(obj: Any, as_json: bool, human: str | None = None) -> None:
    """Print ``obj`` as JSON (``--json``) or ``human`` text."""
    if as_json:
        click.echo(json.dumps(obj, indent=2, sort_keys=True, default=str))
    elif human is not None:
        click.echo(human)


def ok(msg: str) -> None:
    click.echo(f"OK: {msg}")


def fail(msg: str, code: int = 1) -> None:
    """Print ``FAIL: msg`` on stderr and exit with ``code`` (1 = denied/failed check, 2 = usage/input)."""
    click.echo(f"FAIL: {msg}", err=True)
    sys.exit(code)


def guard(fn):
    """Map library errors to one ``FAIL:`` line (2 for bad input, 1 for failed checks)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except RecordInvalid as e:
            fail(str(e), 2)
        except ConsentError as e:
            fail(str(e), 1)
        except OSError as e:
            fail(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "), 2)

    return wrapper
