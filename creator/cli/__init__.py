"""``consent-studio``: one CLI, one module per noun, plain imports.

Exit codes: 0 OK; 1 denied or a failed check; 2 usage or input error. Every error the
product raises knows its exit code and says one sentence (:func:`consent.errors.describe`);
the root group prints it as one line (``FAIL: …`` or ``DENIED: …``) — the same under
``consent-studio`` and under click's test runner. ``--verbose`` adds the traceback.
"""

from __future__ import annotations

import atexit
import gc
import getpass
import os
import sys
import traceback
from pathlib import Path

import click

from consent.audit import acting_as
from consent.errors import ConsentDenied, describe
from creator.cli import adapters, audit, backup, c2pa, generate, grants, jobs, keys, models, names, proof, requests, serve, subjects, users, verify
from creator.cli._common import CliState

__all__ = ["cli", "main", "PLURALS", "SINGULARS"]


#: The plural of each group named in the singular: ``consent-studio subjects list`` is ``subject list``
#: (user audit: ``subjects`` and ``grants`` were "No such command"). ``--help`` lists each group once,
#: with its plural beside it.
PLURALS = {"subject": "subjects", "grant": "grants", "adapter": "adapters", "model": "models", "verifier": "verifiers"}
#: The singular of each group named in the plural: ``job show`` is ``jobs show`` (session 56).
SINGULARS = {"jobs": "job", "keys": "key", "names": "name", "requests": "request", "users": "user"}
_OTHER = {**PLURALS, **SINGULARS}
_CANONICAL = {other: name for name, other in _OTHER.items()}


class _StudioGroup(click.Group):
    """The root group: maps every error raised below it to one line and its exit code, and takes
    the plural of a group named in the singular (:data:`PLURALS`) and the singular of one named in
    the plural (:data:`SINGULARS`)."""

    def get_command(self, ctx: click.Context, cmd_name: str):
        return super().get_command(ctx, _CANONICAL.get(cmd_name, cmd_name))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(f"{name}, {PLURALS[name]}" if name in PLURALS else f"{SINGULARS[name]}, {name}" if name in SINGULARS
                 else name, cmd)
                for name in self.list_commands(ctx) if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # the reader went away (`consent-studio audit list | head`): nothing is wrong with the
            # command, so no "FAIL: Broken pipe" (a walkthrough, session 65); quiet, as a shell tool
            # ends on SIGPIPE, and stdout is pointed at nothing so the exit's flush cannot fail again
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            except (OSError, ValueError):  # no file descriptor behind stdout (embedded, tests)
                pass
            ctx.exit(141)
        except Exception as e:  # every error a user can cause is ours, an OSError or invalid settings
            verbose = bool(getattr(ctx.obj, "verbose", False) or ctx.params.get("verbose"))
            shown = describe(e)
            prefix = "DENIED" if isinstance(e, ConsentDenied) else "FAIL"
            click.echo(f"{prefix}: {shown.message}", err=True)
            if verbose or not shown.expected:
                traceback.print_exc()
            ctx.exit(shown.exit_code)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from consent.registry import SCHEMA_HEAD

    try:
        v = version("consent-studio")
    except PackageNotFoundError:
        v = "(not installed)"
    return f"consent-studio {v} (database schema {SCHEMA_HEAD})"


@click.group(cls=_StudioGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=lambda ctx, _p, value: (click.echo(_version()), ctx.exit()) if value and not ctx.resilient_parsing else None,
              help="Show the version and the database schema it writes, and exit.")
@click.option("--data-dir", type=click.Path(path_type=Path), default=None,
              help="Data directory (default: $CONSENT_STUDIO_DATA_DIR or ~/.consent-studio).")
@click.option("--database-url", default=None, help="SQLAlchemy URL (default: SQLite file in the data dir).")
@click.option("--verbose", is_flag=True, help="Show tracebacks on errors, and what the model libraries print while loading.")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, database_url: str | None, verbose: bool) -> None:
    """Consent Studio: consent-checked, disclosed synthetic images."""
    from creator.settings import StudioSettings

    if isinstance(ctx.obj, CliState) and data_dir is None and database_url is None:
        ctx.obj.verbose = ctx.obj.verbose or verbose  # embedded: the caller passed its settings (obj=CliState(...))
        return
    overrides = {}
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if database_url is not None:
        overrides["database_url"] = database_url
    ctx.obj = CliState(settings=StudioSettings(**overrides), verbose=verbose)
    from creator.settings import unknown_settings

    for line in unknown_settings():  # a misspelt setting is said, not silently ignored (session 66)
        click.echo(f"Warning: {line}", err=True)
    ctx.call_on_close(ctx.obj.close)  # the registry this invocation opened (a caller's own state stays open)


for _command in (
    subjects.subject, grants.grant, keys.keys, keys.verifier, adapters.adapter, models.model, c2pa.c2pa, names.names,
    requests.requests, audit.audit, generate.generate, generate.check, verify.verify, serve.serve, users.users, jobs.jobs,
    proof.proof, backup.backup,
):
    cli.add_command(_command)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): the uid is still a name for the record
        return f"uid{os.getuid()}"


#: What the libraries print while a model loads (diffusers' and transformers' progress bars,
#: "requires torchvision" notices) is not the studio's output: a user saw screens of it above
#: the one line that mattered. Silenced unless ``--verbose``; a variable the user set wins.
_QUIET_ENV = {"TRANSFORMERS_VERBOSITY": "error", "DIFFUSERS_VERBOSITY": "error", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


def _quiet_libraries() -> None:
    for name, value in _QUIET_ENV.items():
        os.environ.setdefault(name, value)


def main(argv: list[str] | None = None) -> None:
    """The ``consent-studio`` console script: audit entries name ``cli:<os user>``.

    One command, then the process ends; two things keep the cyclic collector from walking
    the same few hundred thousand long-lived objects (modules, classes, torch's operator
    tables) over and over, which cost a ``generate`` about as much CPU as its own work:

    - what importing the CLI loaded (~80 000 objects) is frozen (``gc.freeze``) before the
      command runs, so the full collections its own imports trigger (torch alone, for
      ``generate``) walk only what came after. Cyclic garbage made from here on is
      collected as before. Never undone: that would hand it all (and the frozen name
      knowledge) back to the collector.
    - at exit everything is frozen, so the interpreter's shutdown collections walk nothing
      (they would free only what the OS frees anyway). The registry's database
      connections are closed before that, when the command's context closes.
    """
    if "--verbose" not in (sys.argv[1:] if argv is None else argv):
        _quiet_libraries()
    gc.freeze()
    atexit.register(gc.freeze)
    with acting_as(f"cli:{_os_user()}"):
        cli.main(args=argv, prog_name="consent-studio")
