"""``consent-studio grant …``: signed consent grants (issue, import, list, show, revoke)."""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path
from typing import Any

import click

from consent.errors import RecordInvalid
from consent.records import EvidenceKind, Medium, Operation, Purpose, Restriction, SignerRole
from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown, table

__all__ = ["grant"]


#: The largest grant file read (a grant with its signatures is a few KB).
MAX_GRANT_FILE_BYTES = 1 << 20


def _load_file(path: Path) -> Any:
    """A grant file (``grant issue/draft --file``, ``grant import``): a regular UTF-8 file of at most
    :data:`MAX_GRANT_FILE_BYTES`, parsed by :func:`consent.input_files.parse_record_text` (a field given
    twice, or nesting too deep, is refused)."""
    from consent.input_files import parse_record_text, read_regular_file

    try:
        text = read_regular_file(path, f"grant file {path}", MAX_GRANT_FILE_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RecordInvalid(f"cannot read grant file {path}: {getattr(e, 'strerror', None) or e}; "
                            "expected a readable UTF-8 JSON or YAML file") from None
    kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
    return parse_record_text(text, kind, f"grant file {path}", "expected a mapping of grant fields")


def _mapping(data: Any, path: Path) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RecordInvalid(f"grant file {path} holds a {type(data).__name__}, expected a mapping of grant fields")
    return data


#: The grant's terms, shared by ``grant issue`` and ``grant draft`` (flags override --file).
_TERMS = (
    click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path), default=None,
                 help="Grant fields as JSON or YAML."),
    click.option("--id", "gid", default=None, help="Grant id (default: generated)."),
    click.option("--subject", "subject_id", default=None),
    click.option("--grantee", default=None),
    click.option("--project", default=None),
    click.option("--description", default=None, help="Specific intended use (at least 20 characters)."),
    click.option("--purpose", multiple=True, type=click.Choice([p.value for p in Purpose])),
    click.option("--operation", multiple=True, type=click.Choice([o.value for o in Operation])),
    click.option("--medium", multiple=True, type=click.Choice([m.value for m in Medium])),
    click.option("--territory", multiple=True, help="ISO 3166 alpha-2 code or 'worldwide' (repeatable)."),
    click.option("--valid-from", default=None, help="RFC 3339 UTC or a date, e.g. 2026-01-01T00:00:00Z (default: now)."),
    click.option("--valid-until", default=None, help="RFC 3339 UTC or a date; a date is its first instant (00:00 UTC), so that day itself is not covered: give the day after."),
    click.option("--restriction", multiple=True, type=click.Choice([r.value for r in Restriction])),
    click.option("--usage-cap", type=int, default=None),
    click.option("--compensation-ref", default=None),
    click.option("--evidence", "evidence", multiple=True,
                 help=f"KIND:FILE or KIND:SHA256 (repeatable); KIND is one of {', '.join(e.value for e in EvidenceKind)}."),
    click.option("--approve-each-use", is_flag=True, default=None,
                 help="Each request waits for the person's approval on their consent page."),
    click.option("--ledger-thumbnails", is_flag=True, default=None,
                 help="The person's usage ledger shows each output's labelled thumbnail."),
)


def _terms_options(f):
    for option in reversed(_TERMS):
        f = option(f)
    return f


def _terms(file_: Path | None, gid: str | None, subject_id: str | None, grantee: str | None, project: str | None,
           description: str | None, purpose: tuple[str, ...], operation: tuple[str, ...], medium: tuple[str, ...],
           territory: tuple[str, ...], valid_from: str | None, valid_until: str | None, restriction: tuple[str, ...],
           usage_cap: int | None, compensation_ref: str | None, evidence: tuple[str, ...],
           approve_each_use: bool | None = None, ledger_thumbnails: bool | None = None) -> dict[str, Any]:
    """The grant fields: --file first, each flag given on the command line over it."""
    from consent.operations import evidence_from_spec

    data: dict[str, Any] = _mapping(_load_file(file_), file_) if file_ else {}
    flags = {
        "id": gid, "subject_id": subject_id, "grantee": grantee, "project": project, "description": description,
        "purposes": list(purpose) or None, "operations": list(operation) or None, "media": list(medium) or None,
        "territories": list(territory) or None, "valid_from": valid_from, "valid_until": valid_until,
        "content_restrictions": list(restriction) or None, "usage_cap": usage_cap, "compensation_ref": compensation_ref,
        "evidence": [evidence_from_spec(e) for e in evidence] or None,
        "approve_each_use": approve_each_use or None, "ledger_thumbnails": ledger_thumbnails or None,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    return data


@click.group()
def grant() -> None:
    """Signed consent grants."""


@grant.command("issue")
@_terms_options
@click.option("--key", "key_files", multiple=True, required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Private key file that signs (repeatable: subject + guardian, agent + subject, ...). Role is taken from the registry.")
@click.option("--password-env", default=None, help="Env variable holding the password of encrypted key files.")
@click.option("--signer-role", default=None, type=click.Choice([r.value for r in SignerRole if r is not SignerRole.VERIFIER]),
              help="Default: the role of the first non-verifier --key.")
@json_option
@pass_state
def grant_issue(state: CliState, key_files: tuple[Path, ...], password_env: str | None, signer_role: str | None,
                as_json: bool, **terms: Any) -> None:
    """Sign a grant with one or more keys and store it."""
    from consent.signing import load_private_key

    data = _terms(**terms)
    if signer_role is not None:
        data["signer_role"] = signer_role
    password = None
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            raise RecordInvalid(f"--password-env {password_env} is unset or empty, expected the key password in it")
        password = value.encode("utf-8")
    signers = [load_private_key(p, password) for p in key_files]
    stored = state.ops.issue_grant(data, signers)
    view = state.ops.grant_view(stored.id)
    emit(view.to_dict(), as_json, None)
    if not as_json:
        by = ", ".join(f"{s.key_id} as {s.role.value}" for s in stored.signatures)
        ok(f"grant {stored.id} issued for subject '{stored.grant.subject_id}' (sha256 {stored.sha256}, signed by {by})")
    _warn_no_passkey(state, stored)


def _warn_no_passkey(state: CliState, stored: Any) -> None:
    """An approve-each-use grant is used only after the person (or whoever signs for her) approves
    each request on the talent page, which takes a passkey: said at issue when there is none yet (a
    walkthrough as a rights operator, session 65: such a grant waited for ever, nothing said)."""
    if not stored.grant.approve_each_use:
        return
    from consent.drafts import Drafts

    if not Drafts(state.ops).passkeys(stored.grant.subject_id):
        click.echo(f"Warning: grant {stored.id} needs the person's approval for each use, given on the talent page "
                   f"with a passkey, and '{stored.grant.subject_id}' has none yet: nothing can be made under it until "
                   "one is bound (the first grant she signs on the talent page with a passkey binds it; "
                   "`consent-studio grant draft` makes the link).", err=True)


@grant.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@pass_state
def grant_import(state: CliState, file: Path, as_json: bool) -> None:
    """Store a grant signed elsewhere: FILE holds {"grant": {...}, "signatures": [...]} (JSON or YAML)."""
    stored = state.ops.import_grant(_mapping(_load_file(file), file))
    emit(state.ops.grant_view(stored.id).to_dict(), as_json, None)
    if not as_json:
        ok(f"grant {stored.id} imported for subject '{stored.grant.subject_id}' (sha256 {stored.sha256})")


@grant.command("list")
@click.option("--subject", "subject_id", default=None)
@json_option
@pass_state
def grant_list(state: CliState, subject_id: str | None, as_json: bool) -> None:
    """List grants with their status now and their use (outputs made / the cap, when it has one)."""
    views = state.ops.grant_views(subject_id)
    # a grant in force that allows nothing now says so (`GrantView.stopped`): the person opted out
    # (a walkthrough as a rights operator, session 65), her agent who signed it was replaced (a
    # talent walkthrough, session 66), a signing key withdrawn, she was marked a minor
    # (the views read the people once: `person_opted_out` beside `stopped`)
    emit([v.to_dict() | ({"person_opted_out": True} if v.person_opted_out else {}) for v in views], as_json,
         table(((v.grant.id, v.grant.subject_id, v.status_words, v.grant.grantee, v.grant.project,
                 ",".join(v.grant.purposes), f"used {v.usage}", v.full_message)
                for v in views), "(no grants)"))


@grant.command("show")
@click.argument("grant_id")
@json_option
@pass_state
def grant_show(state: CliState, grant_id: str, as_json: bool) -> None:
    """Show one grant, its signatures, status and revocation."""
    d = state.ops.grant_view(grant_id).to_dict()
    emit(d, as_json, json.dumps(d, indent=2, sort_keys=True))


@grant.command("uses")
@click.argument("grant_id")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row an output) for a spreadsheet or an agent.")
@json_option
@pass_state
def grant_uses(state: CliState, grant_id: str, as_csv: bool, as_json: bool) -> None:
    """Every output made under GRANT_ID, newest first: when, by which account, for what, its digest.

    Read from the signed generation entries and checked against the grant's signed usage count (a
    row removed or added in the database fails the command). The takedown list after a revocation,
    and the record an agent asks for."""
    state.ops.grant_view(grant_id)  # an unknown grant: its own clear error
    _print_uses(_uses(state, [grant_id]), as_csv, as_json, "(no outputs made under this grant)")


@grant.command("approvals")
@click.option("--subject", "subject_id", default=None, help="Only this person's.")
@click.option("--status", type=click.Choice(["pending", "approved", "declined", "used"]), default="pending",
              show_default=True)
@json_option
@pass_state
def grant_approvals(state: CliState, subject_id: str | None, status: str, as_json: bool) -> None:
    """Requests under approve-each-use grants and their answers (default: those waiting for the
    person's approval on her talent page), newest first (a walkthrough as a rights operator,
    session 65: the CLI showed none)."""
    from consent.approvals import Approvals

    rows = Approvals(state.registry).list(subject_id=subject_id, status=status, limit=200)
    emit([a.to_dict() for a in rows], as_json,
         table(((a.id, a.subject_id, a.grant_id, a.status, a.requested_by, a.requested_at[:16].replace("T", " "),
                 str((a.summary.get("request") or {}).get("prompt") or "(no prompt)")[:80]) for a in rows),
               f"(no {status} approvals)"))


@grant.command("revoke")
@click.argument("grant_id")
@click.option("--reason", required=True)
@click.option("--by", "revoked_by", default=None, help="Who revokes (default: the login name).")
@click.option("--at", "at", default=None,
              help="Effective time, RFC 3339 UTC (default: now). A time in the future schedules the revocation; "
                   "one more than 10 minutes in the past is refused, and one within those 10 minutes revokes at once.")
@pass_state
def grant_revoke(state: CliState, grant_id: str, reason: str, revoked_by: str | None, at: str | None) -> None:
    """Revoke a grant; decisions at or after the revocation time deny."""
    from consent.records import format_time

    by = revoked_by or _login()
    rev = state.ops.revoke_grant(grant_id, reason, by, at)
    ok(f"grant {grant_id} revoked at {format_time(rev.revoked_at)} by {rev.revoked_by}")
    # what the revocation leaves for the operator to do (a walkthrough as a rights operator, session 65)
    made = state.ops.grant_view(grant_id).usage
    if made:
        click.echo(f"{made} output(s) were made under it before; `consent-studio grant uses {grant_id}` lists them "
                   "(the takedown list). verify now says their consent is not in force, and that it was when they "
                   "were made.")
    click.echo("Jobs running under it publish nothing from now on; `consent-studio jobs list` shows them.")


def _uses(state: CliState, grant_ids: list[str]) -> list[dict]:
    """The outputs made under ``grant_ids``, newest first, as rows an operator reads."""
    from consent.drafts import Drafts

    drafts = Drafts(state.ops)
    rows = []
    for gid in grant_ids:
        led = drafts.ledger(gid)
        if not led.complete:
            click.echo(f"Note: {led.note}", err=True)
        rows += [{"at": r.at, "grant_id": r.grant_id, "made_by": r.made_by, "grantee": r.grantee, "purpose": r.purpose,
                  "territory": r.territory, "media": r.media, "sha256": r.sha256, "manifest_id": r.manifest_id}
                 for r in led]
    rows.sort(key=lambda r: r["at"], reverse=True)
    return rows


def _print_uses(rows: list[dict], as_csv: bool, as_json: bool, empty: str) -> None:
    if as_csv:
        import csv
        import io

        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["at", "grant_id", "made_by", "grantee", "purpose",
                                                                      "territory", "media", "sha256", "manifest_id"])
        w.writeheader()
        # (a cell starting with = + - @, a tab or a carriage return is a formula to a spreadsheet:
        # written as text; an empty cell stays empty, red team s65 B)
        w.writerows({k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v) for k, v in r.items()}
                    for r in rows)
        click.echo(buf.getvalue(), nl=False)
        return
    emit(rows, as_json, table(((r["at"], r["grant_id"], r["made_by"] or "-", r["grantee"], r["purpose"], r["territory"],
                                r["sha256"][:16]) for r in rows), empty))


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "operator"


def _check_link_address(base_url: str, ctx: click.Context, *, quiet: bool = False) -> None:
    """(a self-hosting admin's walkthrough, session 66) links whose address no passkey works on are
    refused before anything is stored; a plain-http address other than this machine, or the
    default nobody chose, is said."""
    import ipaddress
    from urllib.parse import urlsplit

    from creator.errors import InputError

    import re

    parts = urlsplit(base_url)
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        numeric = True
    except ValueError:
        # a browser reads a host whose last label is a number as an IPv4 address ("2130706433",
        # "0x7f000001", "127.1", "0177.0.0.1", "127.0.0.1."; the URL standard's rule; red team s66 B)
        last = host.removesuffix(".").rsplit(".", 1)[-1]
        numeric = bool(re.fullmatch(r"0[xX][0-9a-fA-F]*|[0-9]+", last))
    if numeric:
        raise InputError(f"--base-url {base_url}: an IP address; passkeys need the studio's name (localhost, or e.g. "
                         "https://studio.example.com), so these links would not sign. Nothing was drafted")
    if quiet:  # (--json: the draft's JSON alone; the refusal above stands)
        return
    if ctx.get_parameter_source("base_url") is click.core.ParameterSource.DEFAULT:
        click.echo(f"Note: the links use {base_url} (neither --base-url nor CONSENT_STUDIO_TALENT_ORIGIN is set): "
                   "a person can open them only on this machine; set it to how people reach this studio", err=True)
    elif parts.scheme == "http" and host != "localhost" and not host.endswith(".localhost"):
        click.echo(f"WARNING: {base_url} is plain http: passkeys work over https only (or on localhost), so these "
                   "links will not sign; use the studio's https address", err=True)


@grant.command("draft")
@_terms_options
@click.option("--link-days", type=click.IntRange(1, 60), default=7, show_default=True, help="Days each signing link stays valid.")
@click.option("--base-url", envvar="CONSENT_STUDIO_TALENT_ORIGIN", default="http://localhost:7860", show_default=True,
              help="How people reach this studio (env CONSENT_STUDIO_TALENT_ORIGIN).")
@click.option("--qr-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write a QR code (PNG and SVG) of each link into this folder.")
@json_option
@pass_state
def grant_draft(state: CliState, link_days: int, base_url: str, qr_dir: Path | None, as_json: bool, **terms: Any) -> None:
    """Draft a grant the person signs on the talent page: prints one one-time link per required signer."""
    from datetime import timedelta

    from consent.drafts import Drafts
    from creator.talent import signing_url

    from creator.errors import InputError
    from creator.talent import checked_base_url

    data = _terms(**terms)
    base_url = checked_base_url(base_url)  # before the draft and its links are stored
    _check_link_address(base_url, click.get_current_context(), quiet=as_json)
    if qr_dir is not None:  # the folder too: a draft whose links were never shown stayed pending
        try:
            qr_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"--qr-dir {qr_dir} cannot be made: {e.strerror or e}; expected a folder you can "
                             "write to (nothing was drafted)") from None
    view, links = Drafts(state.ops).create(data, created_by=f"cli:{_login()}", link_ttl=timedelta(days=link_days))
    urls = {ln.role: signing_url(base_url, ln.token) for ln in links}
    if qr_dir is not None:
        import segno

        for role, url in urls.items():
            qr = segno.make(url, error="m")
            qr.save(qr_dir / f"{view.id}-{role}.png", scale=6, border=2)
            qr.save(qr_dir / f"{view.id}-{role}.svg", scale=4, border=2)
    first = Drafts(state.ops).first_use_signers(view)
    # (red team s66 B) a script reads the same warning: who has no passkey bound yet
    emit({**view.to_dict(), "links": urls, "first_use_signers": first}, as_json, None)
    if not as_json:
        ok(f"draft {view.id} for subject '{view.grant.subject_id}': send each signer their link (works once, "
           f"expires in {link_days} days)")
        for role, url in urls.items():
            click.echo(f"  {role}: {url}")
        if first:
            click.echo("WARNING: " + Drafts.first_use_warning(first, base_url.rstrip("/") + "/talent/enroll"), err=True)


@grant.command("withdraw-draft")
@click.argument("draft_id")
@click.option("--reason", required=True, help="Why (at least 10 characters; kept in the signed audit log).")
@click.option("--by", "by", default=None, help="Who withdraws it (default: cli:<login name>).")
@json_option
@pass_state
def grant_withdraw_draft(state: CliState, draft_id: str, reason: str, by: str | None, as_json: bool) -> None:
    """Withdraw a pending grant draft: its signing links stop working and it can no longer be signed.
    (An issued grant is revoked with `grant revoke`.)"""
    from consent.drafts import Drafts

    view = Drafts(state.ops).withdraw(draft_id, by=by or f"cli:{_login()}", reason=reason)
    emit(view.to_dict(), as_json, None)
    if not as_json:
        ok(f"draft {view.id} for subject '{view.grant.subject_id}' withdrawn: its signing links no longer work")
        for note in Drafts.bound_by_signers(view):  # a signature already given: its passkey stays bound
            click.echo(f"WARNING: {shown(note)}", err=True)


@grant.command("drafts")
@click.option("--subject", "subject_id", default=None)
@click.option("--status", type=click.Choice(["pending", "declined", "complete", "withdrawn"]), default=None)
@json_option
@pass_state
def grant_drafts(state: CliState, subject_id: str | None, status: str | None, as_json: bool) -> None:
    """Grant drafts and each signer's status (pending, signed, declined, expired)."""
    from consent.drafts import Drafts

    views = Drafts(state.ops).list(subject_id, status)
    rows = [v.to_dict() for v in views]
    emit(rows, as_json, None)
    if not as_json:
        if not rows:
            click.echo("no grant drafts")
        for r in rows:
            signers = ", ".join(f"{shown(s['role'])}: {shown(s['status'])}" for s in r["signers"])
            click.echo(f"{shown(r['draft_id'])}  {shown(r['subject_id'])}  {shown(r['status'])}  [{signers}]  "
                       f"by {shown(r['created_by'])}")
