"""``consent-studio requests …``: what denied creators ask operators for (an exception, a grant)."""

from __future__ import annotations

import getpass

import click

from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown

__all__ = ["requests"]


def _me() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001
        return "cli:unknown"


@click.group("requests")
def requests() -> None:
    """Requests from creators: a name exception or a grant they need."""


@requests.command("file")
@click.option("--kind", type=click.Choice(["exception", "grant"]), required=True)
@click.option("--subject", required=True, help="The name (exception) or subject id (grant) it is about.")
@click.option("--message", required=True, help="Why; what the image is for.")
@click.option("--decision", "decision_id", default=None, help="The decision that denied you (from its output).")
@pass_state
def requests_file(state: CliState, kind: str, subject: str, message: str, decision_id: str | None) -> None:
    """Ask the operators for a name exception or a grant."""
    rec = state.ops.file_request(kind, _me(), subject, message, decision_id)
    ok(f"request {rec.id} filed; an operator will answer it")


@requests.command("list")
@click.option("--status", type=click.Choice(["pending", "approved", "declined"]), default="pending", show_default=True)
@json_option
@pass_state
def requests_list(state: CliState, status: str, as_json: bool) -> None:
    """The queue."""
    rs = state.registry.requests(status=status)
    emit([r.to_dict() for r in rs], as_json,
         "\n".join(f"{shown(r.id)}\t{shown(r.kind)}\t{shown(r.requested_by)}\t{shown(r.subject)}\t{shown(r.message)}"
                   for r in rs) or f"(no {status} requests)")


@requests.command("approve")
@click.argument("request_id")
@click.option("--answer", default="", help="Note for the creator (kept in the audit log).")
@pass_state
def requests_approve(state: CliState, request_id: str, answer: str) -> None:
    """Approve (an exception request records the name exception)."""
    rec = state.ops.answer_request(request_id, True, answer, _me())
    ok(f"request {rec.id} approved")


@requests.command("decline")
@click.argument("request_id")
@click.option("--answer", required=True, help="Why, for the creator.")
@pass_state
def requests_decline(state: CliState, request_id: str, answer: str) -> None:
    """Decline, saying why."""
    rec = state.ops.answer_request(request_id, False, answer, _me())
    ok(f"request {rec.id} declined")
