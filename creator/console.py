"""The ``consent-studio`` console script.

Starting the CLI imports its commands and their libraries (about a second or more on a busy
machine) before click can turn a Ctrl-C into "Aborted!": a Ctrl-C in that time printed a
raw ``KeyboardInterrupt`` traceback. This module imports nothing heavy itself, so it catches
that interruption: one line, and the shell's code for Ctrl-C (130).
"""

from __future__ import annotations

import sys

__all__ = ["main"]

_STARTING = "Aborted (Ctrl-C while consent-studio was starting)."


def main(argv: list[str] | None = None) -> None:
    try:
        from creator.cli import main as cli_main
    except KeyboardInterrupt:
        print(f"\n{_STARTING}" if sys.stderr.isatty() else _STARTING, file=sys.stderr, flush=True)
        raise SystemExit(130) from None
    cli_main(argv)
