"""``consent-studio audit …``: the hash-chained audit log."""

from __future__ import annotations

import os
from pathlib import Path

import click

from consent.errors import AuditChainBroken, RecordInvalid
from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown

__all__ = ["audit"]


@click.group()
def audit() -> None:
    """The hash-chained audit log."""


#: How long ``audit verify`` waits for a running studio to anchor its newest entries before
#: noting that the anchor is behind the log.
ANCHOR_CATCH_UP_S = 2.0


@audit.command("verify")
@click.option("--checkpoint", "checkpoints", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="A checkpoint exported earlier (held by a witness): the log must still reach it (repeatable).")
@json_option
@pass_state
def audit_verify(state: CliState, checkpoints: tuple[Path, ...], as_json: bool) -> None:
    """Check the chain, its signatures, the anchor, any exported checkpoints, and the tables against it."""
    from consent.audit import AuditKeys
    from consent.audit_index import PROBLEM as AUDIT_INDEX_PROBLEM

    marks = [AuditKeys.parse_anchor(_read_small(p), f"checkpoint {p.name}") for p in checkpoints]
    rep = state.registry.verify_audit(checkpoints=marks)
    incidents = state.registry.audit_incidents()
    if as_json:
        emit({**rep.to_dict(), "refused_entries": len(incidents)}, True)
    if incidents:  # events the log refused while it did not extend its anchor (never in the log itself)
        newest = str(incidents[-1].get("at", "?"))[:40]
        unsigned = sum(1 for i in incidents if not i.get("signed"))
        click.echo(f"note: {len(incidents)} audit entries were refused because the log did not extend the "
                   f"installation's anchor (newest at {newest!r}{f'; {unsigned} NOT signed by the audit key' if unsigned else ''}); "
                   f"they are kept in {state.registry.audit_keys.incident_path}", err=True)
    if not rep.ok:
        if rep.message.startswith(AUDIT_INDEX_PROBLEM) or "The anchor file is damaged" in rep.message:
            raise AuditChainBroken(rep.message, rep.first_broken)  # the chain is intact; its index or anchor file is not
        if rep.first_broken is None:
            # (a fresh user's walkthrough, session 63) the chain itself is intact: a table row differs
            # from what the signed log records ("broken at position None" before)
            raise AuditChainBroken(f"the audit chain is intact, but the registry's tables do not match it: {rep.message}",
                                   None)
        raise AuditChainBroken(f"audit chain broken at position {rep.first_broken}: {rep.message}", rep.first_broken)
    keys = state.registry.audit_keys
    if rep.entries and keys.anchor_path is not None and not os.path.lexists(keys.anchor_path):
        # (red team 70) nothing outside the database vouches for the log's length: a cut-off log reads intact too
        click.echo(f"note: there is no audit anchor ({keys.anchor_path}): nothing outside the database says how long "
                   "the log was, so a log cut short would read as intact; the next write anchors it again (compare "
                   "with a witness's checkpoint: --checkpoint FILE)", err=True)
    else:
        anchor = keys.read_anchor() if rep.entries and keys.anchor_path is not None else None
        if anchor is not None and anchor.seq < rep.entries:
            # a running studio anchors its newest denials a moment after they commit (red team 73:
            # the note fired once in 94 runs beside a busy studio): look again before saying so
            import time

            time.sleep(ANCHOR_CATCH_UP_S)
            anchor = keys.read_anchor()
        if anchor is not None and anchor.seq < rep.entries:
            # the keys folder could not be written (full, read-only) or was restored from an older backup:
            # the newest entries are intact but nothing outside the database vouches for them yet
            click.echo(f"note: the audit anchor ({keys.anchor_path}) vouches for entries 1-{anchor.seq} of "
                       f"{rep.entries} (written {anchor.at}); the last {rep.entries - anchor.seq} are not vouched for "
                       "outside the database, so cutting them off would read as intact. Check that the keys folder "
                       "can be written (the studio's log says why the anchor did not move); the next write, or "
                       "'consent-studio audit checkpoint', moves it", err=True)
    if not as_json:
        ok(f"audit chain intact: {rep.entries} entries, head {rep.head_hash}")
        # each checkpoint held, said (a self-hosting admin's walkthrough, session 66: the line read
        # the same with --checkpoint as without)
        for p, mark in zip(checkpoints, marks):
            click.echo(f"  checkpoint {shown(p.name)}: entry {mark.seq} (hash {mark.hash[:12]}…) is in the log as "
                       "it was signed")


@audit.command("export")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write (JSON).")
@click.option("--since", default=None, help="Only entries recorded on or after this date or time (UTC).")
@click.option("--until", default=None, help="Only entries recorded before this date or time (UTC).")
@pass_state
def audit_export(state: CliState, out: Path, since: str | None, until: str | None) -> None:
    """Write the audit log (or the part --since/--until name) as signed, with the audit key and a
    signed checkpoint: an auditor checks it anywhere with `consent-studio audit check-export FILE`."""
    import json

    from creator.audit_export import export_log, log_time
    from creator.cli._common import write_whole

    doc = export_log(state.registry, since=log_time(since, "--since"), until=log_time(until, "--until"))
    write_whole(out, (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    ok(f"{len(doc['entries'])} audit entries written to {out} (checkpoint: entry {doc['checkpoint']['seq']}); check it "
       f"anywhere with `consent-studio audit check-export {out}`")


@audit.command("check-export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_state
def audit_check_export(state: CliState, file: Path) -> None:
    """Check an exported audit log without the studio: each entry hashes to its hash, follows the
    one before it and carries the audit key's signature; the export ends at its signed checkpoint."""
    import json

    from consent.input_files import read_regular_file
    from creator.audit_export import check_export
    from creator.errors import InputError

    try:
        doc = json.loads(read_regular_file(file, f"export {file.name}", 2 * 1024 ** 3))
    except (OSError, ValueError, RecursionError) as e:
        raise InputError(f"{file} is not an audit export ({type(e).__name__}: {e}); expected the JSON "
                         "`consent-studio audit export` writes") from None
    report = check_export(doc)
    for line in report.lines:
        click.echo(f"  {shown(line)}")
    if not report.ok:
        raise AuditChainBroken("the export does not check: " + next(x for x in report.lines if x.startswith("FAIL"))[5:], None)
    ok(f"the export checks: {report.entries} entries")


@audit.command("checkpoint")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the signed checkpoint to this file (give it to a witness who keeps it).")
@click.option("--post", "post_url", default=None,
              help="Also POST it as JSON to this URL (default: $CONSENT_STUDIO_AUDIT_WITNESS_URL, if set).")
@pass_state
def audit_checkpoint(state: CliState, out: Path | None, post_url: str | None) -> None:
    """Print a signed head of the audit log; a witness holding it can later prove truncation or rewriting."""
    import json

    cp = state.registry.checkpoint()
    text = json.dumps(cp.to_dict(), sort_keys=True)
    if out is not None:
        out.write_text(text + "\n", encoding="utf-8")
    url = post_url or getattr(state.settings, "audit_witness_url", None)
    if url:
        import urllib.request

        req = urllib.request.Request(url, data=text.encode("utf-8"), headers={"content-type": "application/json"}, method="POST")
        with urllib.request.urlopen(req, timeout=15) as resp:  # noqa: S310 - an operator-configured witness
            if resp.status >= 300:
                raise RecordInvalid(f"the audit witness at {url} answered {resp.status}; expected 2xx")
    click.echo(text)


def _read_small(p: Path) -> bytes:
    from consent.input_files import read_regular_file

    try:
        return read_regular_file(p, f"checkpoint {p.name}", 64 * 1024)
    except OSError as e:
        raise RecordInvalid(f"checkpoint {p.name} cannot be read ({e.strerror})") from None


@audit.command("list")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True, help="How many of the newest entries (printed oldest first, as a log reads).")
@click.option("--before", type=click.IntRange(0, 2 ** 63 - 1), default=None, help="Only entries before this position (the next page).")
@click.option("--kind", default=None, help="Only entries of this kind (e.g. grant_issued, generation).")
@click.option("--mentions", multiple=True, help="Only entries naming this id (subject, grant, …; repeatable).")
@click.option("--since", default=None, help="Only entries recorded on or after this date or time (YYYY-MM-DD or RFC 3339, UTC).")
@click.option("--until", default=None, help="Only entries recorded before this date or time (a date: its first instant).")
@click.option("--all", "every", is_flag=True, help="Every matching entry, not one page (e.g. a day's, for an auditor).")
@json_option
@pass_state
def audit_list(state: CliState, limit: int, before: int | None, kind: str | None, mentions: tuple[str, ...],
               since: str | None, until: str | None, every: bool, as_json: bool) -> None:
    """Show the newest audit entries, a page at a time (each page oldest first, as a log reads;
    ``--before`` the first position shown gives the page before it), or with ``--all`` every
    matching one (``--since 2026-12-01 --until 2026-12-02 --all --json``: one day's, to hand over).

    The raw log, each entry marked: one edited in place or not signed by this installation's
    audit key says so ("NOT AS SIGNED"; ``intact: false`` in JSON). ``audit verify`` walks the chain."""
    from creator.audit_export import log_time

    lo, hi = log_time(since, "--since"), log_time(until, "--until")
    if every:  # (a self-hosting admin's walkthrough, session 66) page after page until one comes back empty:
        # a page can hold fewer than it read (a name's exact test after its first cut; red team s66 B)
        es, upto = [], before
        while True:
            page = state.registry.audit_page(limit=1000, before=upto, kind=kind, mentions=mentions, checked=False,
                                             since=lo, until=hi, scanned=True)
            found, upto = page
            es += found
            if upto is None:
                break
    else:
        es = state.registry.audit_page(limit=limit, before=before, kind=kind, mentions=mentions, checked=False,
                                       since=lo, until=hi)
    es = list(reversed(es))  # oldest of the page first, as a log reads
    ok = {e.seq: state.registry.entry_intact(e) for e in es}
    if as_json:
        emit([{**e.to_dict(), "intact": ok[e.seq]} for e in es], True)
        return
    # each entry in words, as the Audit tab shows it (a walkthrough as a rights operator, session 65:
    # the command printed position, time, kind and hash only)
    from creator.ui.render import audit_summary

    def words(e) -> str:
        try:
            return audit_summary(e.kind, e.payload)
        except ValueError:  # not JSON: an entry edited in place (said beside it)
            return "(unreadable payload)"

    emit(None, False, "\n".join(f"{e.seq}\t{shown(e.at)}\t{shown(e.kind)}\t{shown(e.hash[:12])}"
                                 + ("" if ok[e.seq] else "\tNOT AS SIGNED") + f"\t{shown(words(e))}" for e in es)
         or "(empty)")
