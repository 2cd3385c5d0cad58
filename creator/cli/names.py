"""``consent-studio names …``: person names in prompts (exceptions, watched names, checks)."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown, table, terminal_text

__all__ = ["names"]


@click.group("names")
def names() -> None:
    """Names in prompts: exceptions that are not likenesses, watched real people, and checks."""


@names.command("allow")
@click.argument("name")
@click.option("--reason", required=True, help="Why this name is not a likeness (kept in the audit log).")
@click.option("--added-by", default=None, help="Operator name (default: the login name).")
@click.option("--famous", is_flag=True, default=False,
              help="NAME is a known real person's name and is meant as something else (e.g. a painter named for a "
                   "style): every prompt may then name that person with no grant. Recorded in the audit log.")
@json_option
@pass_state
def names_allow(state: CliState, name: str, reason: str, added_by: str | None, famous: bool, as_json: bool) -> None:
    """Record NAME as not a likeness (e.g. "Van Gogh" named for a style). A known real person's
    name needs --famous."""
    rec = state.ops.allow_name(name, reason, added_by or getpass.getuser(), famous_ok=famous)
    emit(rec.to_dict(), as_json)
    if not as_json:
        ok(f"name exception '{rec.name}' recorded: {rec.reason}")


@names.command("list")
@json_option
@pass_state
def names_list(state: CliState, as_json: bool) -> None:
    """List the name exceptions."""
    rows = [r.to_dict() for r in state.registry.name_exceptions()]
    emit(rows, as_json, table(((r["name"], r["reason"], r["added_by"]) for r in rows), "(no name exceptions)"))


@names.command("watch")
@click.argument("name", nargs=-1)
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="A text file of names, one per line (blank lines and lines starting with # skipped).")
@click.option("--reason", required=True, help="Why these people must be read as people (kept in the audit log).")
@click.option("--added-by", default=None, help="Operator name (default: the login name).")
@json_option
@pass_state
def names_watch(state: CliState, name: tuple[str, ...], path: Path | None, reason: str, added_by: str | None,
                as_json: bool) -> None:
    """Watch NAME...: real people the check must read as people, as robustly as registered names
    (case, spacing, typos, run together, apart, spelled out), and deny like anyone without a
    grant: your own talent roster, celebrities of your market that the shipped lists lack."""
    names_ = list(name)
    if path is not None:
        from consent.input_files import read_regular_file

        try:  # a regular file of at most 8 MiB: a FIFO or /dev/zero is refused at once (as grant files are)
            text = read_regular_file(path, f"--file {path}", 8 << 20).decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise click.UsageError(f"--file {path}: cannot read it as UTF-8 text ({e})") from None
        names_ += [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not names_:
        raise click.UsageError("give one or more names, or --file")
    recs = state.ops.watch_names(names_, reason, added_by or getpass.getuser())
    emit([r.to_dict() for r in recs], as_json)
    if not as_json:
        ok(f"{len(recs)} name{'s' if len(recs) != 1 else ''} watched: {reason.strip()}")


@names.command("unwatch")
@click.argument("name")
@click.option("--reason", required=True, help="Why (kept in the audit log).")
@click.option("--removed-by", default=None, help="Operator name (default: the login name).")
@pass_state
def names_unwatch(state: CliState, name: str, reason: str, removed_by: str | None) -> None:
    """Take NAME off the watch list."""
    state.ops.unwatch_name(name, reason, removed_by or getpass.getuser())
    ok(f"'{' '.join(name.split())}' is no longer watched")


@names.command("watched")
@json_option
@pass_state
def names_watched(state: CliState, as_json: bool) -> None:
    """List the watched names."""
    rows = [r.to_dict() for r in state.registry.watched_names()]
    emit(rows, as_json, table(((r["name"], r["reason"], r["added_by"]) for r in rows), "(no watched names)"))


@names.command("check")
@click.argument("prompt")
@json_option
@pass_state
@click.pass_context
def names_check(ctx: click.Context, state: CliState, prompt: str, as_json: bool) -> None:
    """Show every person name in PROMPT (registered, unknown, exempted); exit 1 if any likeness."""
    from consent.names import NameMatcher

    registry = state.registry
    scan = NameMatcher(registry.list_subjects(), registry.name_exceptions(),
                       watched=registry.watched_names()).find_all(prompt)
    rows = [{"subject_id": lk.subject_id, "text": lk.text, "span": list(lk.span), "confidence": lk.confidence,
             "exempted": False, **({"watched": lk.extra.get("matched_name")} if lk.extra.get("watched") else {})}
            for lk in scan.likenesses]
    rows += [{"subject_id": None, "text": lk.text, "span": list(lk.span), "exempted": True,
              "exception": lk.extra.get("exception")} for lk in scan.exempted]
    emit(rows, as_json)
    if not as_json:
        for lk in scan.likenesses:
            who = lk.subject_id or (f"watched name {lk.extra.get('matched_name')!r}" if lk.extra.get("watched")
                                    else "unknown person")
            click.echo(terminal_text(f"{who}: {lk.where()}"))
        for lk in scan.exempted:
            click.echo(terminal_text(f"exempted ({shown(lk.extra.get('exception'))}): {lk.where()}"))
        if not rows:
            ok("no person names found")
    if scan.likenesses:
        ctx.exit(1)
