"""``consent-studio``: one CLI, sub-commands per noun.

Exit codes: 0 OK; 1 denied or a failed check; 2 usage or input error.
Errors are one line (``FAIL: …``); tracebacks only with ``--verbose``.
"""

from __future__ import annotations

import getpass
import os
import sys
import traceback
from pathlib import Path

import click
from pydantic import ValidationError

from consent.audit import acting_as
from consent.cli import CliState
from consent.errors import ConsentDenied, ConsentError, RecordInvalid
from creator.errors import CreatorError, InputError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data-dir", type=click.Path(path_type=Path), default=None,
              help="Data directory (default: $CONSENT_STUDIO_DATA_DIR or ~/.consent-studio).")
@click.option("--database-url", default=None, help="SQLAlchemy URL (default: SQLite file in the data dir).")
@click.option("--verbose", is_flag=True, help="Show tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, database_url: str | None, verbose: bool) -> None:
    """Consent Studio: consent-checked, disclosed synthetic images."""
    from creator.settings import StudioSettings

    overrides = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    ctx.obj = CliState(settings=StudioSettings(**overrides), verbose=verbose)


def _register() -> None:
    """Attach the sub-command modules. Each module exposes click commands/groups."""
    from creator.cli import _commands  # noqa: F401  (registers on import)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): the uid is still a name for the record
        return f"uid{os.getuid()}"


def main(argv: list[str] | None = None) -> None:
    _register()
    verbose = "--verbose" in (argv if argv is not None else sys.argv[1:])
    try:
        with acting_as(f"cli:{_os_user()}"):
            rv = cli.main(args=argv, prog_name="consent-studio", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("FAIL: aborted", err=True)
        sys.exit(1)
    except click.ClickException as e:
        e.show()
        sys.exit(2 if e.exit_code == 2 else e.exit_code)
    except ConsentDenied as e:
        click.echo(f"DENIED: {e}", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(1)
    except (RecordInvalid, InputError) as e:
        click.echo(f"FAIL: {e}", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(2)
    except (ConsentError, CreatorError) as e:
        click.echo(f"FAIL: {e}", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(1)
    except ValidationError as e:  # settings from env / settings file
        errs = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']} (got {x.get('input')!r})" for x in e.errors())
        click.echo(f"FAIL: invalid settings: {errs}", err=True)
        sys.exit(2)
    except OSError as e:
        click.echo(f"FAIL: {e}", err=True)
        if verbose:
            traceback.print_exc()
        sys.exit(2)
    sys.exit(rv if isinstance(rv, int) else 0)
