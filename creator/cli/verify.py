"""``consent-studio verify FILE…``: disclosure, C2PA signature and consent of each file."""

from __future__ import annotations

from pathlib import Path

import click

from creator.cli._common import CliState, emit, pass_state

__all__ = ["verify"]


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the list of reports as JSON.")
@click.option("--no-registry", is_flag=True, help="Do not check grants against the registry.")
@pass_state
@click.pass_context
def verify(ctx: click.Context, state: CliState, files: tuple[Path, ...], as_json: bool, no_registry: bool) -> None:
    """Verify disclosure, C2PA signature and consent of FILES (exit 1 if any fails)."""
    from creator.verify import verify as verify_file

    registry = None if no_registry else state.registry
    reports = [verify_file(f, settings=state.settings, registry=registry) for f in files]
    if as_json:
        emit([r.to_dict() for r in reports], True)
    else:
        for r in reports:
            click.echo(r.summary)
            for g in r.grants:
                if g.ok:
                    click.echo(f"  {g.message}")
    if not all(r.ok for r in reports):
        ctx.exit(1)
