"""``consent-studio adapter …``: LoRA / embedding files bound to a subject by their digest."""

from __future__ import annotations

from pathlib import Path

import click

from consent.records import AdapterKind
from creator.cli._common import CliState, emit, json_option, ok, pass_state, table

__all__ = ["adapter"]


@click.group()
def adapter() -> None:
    """LoRA / embedding files bound to a subject."""


@adapter.command("register")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--subject", "subject_id", required=True)
@click.option("--kind", type=click.Choice([k.value for k in AdapterKind]), required=True)
@click.option("--name", default=None, help="Display name (default: the file name).")
@pass_state
def adapter_register(state: CliState, file: Path, subject_id: str, kind: str, name: str | None) -> None:
    """Bind an adapter file (by sha256) to a subject."""
    rec = state.ops.bind_adapter(subject_id, file, kind, name)
    ok(f"adapter {rec.name} ({rec.sha256}) bound to subject '{rec.subject_id}'")


@adapter.command("list")
@json_option
@pass_state
def adapter_list(state: CliState, as_json: bool) -> None:
    """List adapters."""
    rs = state.registry.list_adapters()
    emit([r.to_dict() for r in rs], as_json, table(((r.sha256[:16], r.kind, r.subject_id, r.name) for r in rs), "(no adapters)"))
