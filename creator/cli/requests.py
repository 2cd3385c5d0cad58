"""``consent-studio requests …``: what denied creators ask operators for (an exception, a grant)."""

from __future__ import annotations

import getpass

import click

from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown

__all__ = ["requests"]


def _me() -> str:
    """Who files or answers: the actor the CLI's audit entries name (``cli:<os user>``), so that a
    request names a decision this user was given (its entry names the same actor)."""
    from consent.audit import current_actor

    if current_actor():
        return current_actor()
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
@click.option("--decision", "decision_id", default=None,
              help="The decision that denied you (its id, from `check` or `generate`); only one made for you.")
@pass_state
def requests_file(state: CliState, kind: str, subject: str, message: str, decision_id: str | None) -> None:
    """Ask the operators for a name exception or a grant."""
    rec = state.ops.file_request(kind, _me(), subject, message, decision_id)
    ok(f"request {rec.id}{f' about decision {rec.decision_id}' if rec.decision_id else ''} filed; an operator will answer it")


def _with_decision(state: CliState, r) -> dict:
    d = state.ops.request_decision(r)
    return r.to_dict() | {"decision": d.to_dict() if d is not None else None}


def _line(state: CliState, r) -> str:
    """A request's line, and under it, indented, the decision it is about (id, when, the prompt
    shortened, what was asked for, the rule that denied), as the signed log recorded it."""
    line = f"{shown(r.id)}\t{shown(r.kind)}\t{shown(r.requested_by)}\t{shown(r.subject)}\t{shown(r.message)}"
    d = state.ops.request_decision(r)
    return line + (f"\n  {shown(d.line())}" if d is not None else "")


@requests.command("list")
@click.option("--status", type=click.Choice(["pending", "approved", "declined"]), default="pending", show_default=True)
@json_option
@pass_state
def requests_list(state: CliState, status: str, as_json: bool) -> None:
    """The queue (a request filed from a denial: the decision on the line below)."""
    rs = state.registry.requests(status=status)
    emit([_with_decision(state, r) for r in rs], as_json, "\n".join(_line(state, r) for r in rs) or f"(no {status} requests)")


@requests.command("show")
@click.argument("request_id")
@json_option
@pass_state
def requests_show(state: CliState, request_id: str, as_json: bool) -> None:
    """One request, its answer and the decision it is about."""
    d = _with_decision(state, state.registry.get_request(request_id))
    decision = d.pop("decision")
    text = "\n".join(f"{k}: {shown(v)}" for k, v in d.items() if v is not None)
    if decision is not None:
        text += "\n" + "\n".join(f"decision.{k}: {shown(v)}" for k, v in decision.items() if v is not None)
    emit(d | {"decision": decision}, as_json, text)


@requests.command("approve")
@click.argument("request_id")
@click.option("--answer", "--reason", "answer", default="",
              help="Note for the creator (kept in the audit log); --reason is the same option.")
@click.option("--famous", is_flag=True, default=False,
              help="An exception for a known real person's name, meant as something else (e.g. a painter named for "
                   "a style): every prompt may then name that person with no grant. Recorded in the audit log.")
@pass_state
def requests_approve(state: CliState, request_id: str, answer: str, famous: bool) -> None:
    """Approve (an exception request records the name exception; a known real person's name
    needs --famous)."""
    rec = state.ops.answer_request(request_id, True, answer, _me(), famous_ok=famous)
    ok(f"request {rec.id} approved")


@requests.command("decline")
@click.argument("request_id")
@click.option("--answer", "--reason", "answer", required=True,
              help="Why, for the creator; --reason is the same option, as grant revoke and opt-out --undo name it.")
@pass_state
def requests_decline(state: CliState, request_id: str, answer: str) -> None:
    """Decline, saying why."""
    rec = state.ops.answer_request(request_id, False, answer, _me())
    ok(f"request {rec.id} declined")
