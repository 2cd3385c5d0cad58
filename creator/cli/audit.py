"""``consent-studio audit …``: the hash-chained audit log."""

from __future__ import annotations

import click

from consent.errors import AuditChainBroken
from creator.cli._common import CliState, emit, json_option, ok, pass_state

__all__ = ["audit"]


@click.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("verify")
@json_option
@pass_state
def audit_verify(state: CliState, as_json: bool) -> None:
    """Check the whole chain; exit 1 naming the first broken position."""
    rep = state.registry.verify_audit()
    if as_json:
        emit(rep.to_dict(), True)
    if not rep.ok:
        raise AuditChainBroken(f"audit chain broken at position {rep.first_broken}: {rep.message}", rep.first_broken)
    if not as_json:
        ok(f"audit chain intact: {rep.entries} entries, head {rep.head_hash}")


@audit.command("list")
@click.option("--limit", type=int, default=50, show_default=True, help="Show the last N entries.")
@click.option("--kind", default=None, help="Only entries of this kind (e.g. grant_issued, generation).")
@json_option
@pass_state
def audit_list(state: CliState, limit: int, kind: str | None, as_json: bool) -> None:
    """Show the most recent audit entries."""
    es = state.registry.audit_entries(limit=limit, kind=kind)
    emit([e.to_dict() for e in es], as_json, "\n".join(f"{e.seq}\t{e.at}\t{e.kind}\t{e.hash[:12]}" for e in es) or "(empty)")
