"""``consent-studio subject …``: people and personas who may be depicted."""

from __future__ import annotations

from pathlib import Path

import click

from consent.records import RepresentativeRole, SubjectKind
from creator.cli._common import CliState, emit, json_option, ok, pass_state, shown, table, terminal_text

__all__ = ["subject"]


@click.group()
def subject() -> None:
    """People and personas who may be depicted."""


@subject.command("add")
@click.option("--id", "sid", required=True, help="Stable id, e.g. 'jane-doe'.")
@click.option("--name", required=True, help="Display name.")
@click.option("--alias", multiple=True, help="Other names as they may appear in prompts (repeatable).")
@click.option("--kind", type=click.Choice([k.value for k in SubjectKind]), default=SubjectKind.PERSON.value, show_default=True)
@click.option("--minor", is_flag=True, help="The subject is a minor (grants need a guardian's signature).")
@click.option("--representative-name", default=None)
@click.option("--representative-role", type=click.Choice([r.value for r in RepresentativeRole]), default=None)
@click.option("--representative-key", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Representative's public key file.")
@click.option("--key", "key_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="Subject's public key file (repeatable).")
@click.option("--famous-namesake", is_flag=True,
              help="This real person really is also known by a famous person's name given here (refused otherwise; never "
                   "for a persona; recorded in the audit log).")
@json_option
@pass_state
def subject_add(state: CliState, sid: str, name: str, alias: tuple[str, ...], kind: str, minor: bool,
                representative_name: str | None, representative_role: str | None, representative_key: Path | None,
                key_files: tuple[Path, ...], famous_namesake: bool, as_json: bool) -> None:
    """Register a subject."""
    stored = state.ops.add_subject(
        sid, name, aliases=alias, kind=kind, minor=minor, representative_name=representative_name,
        representative_role=representative_role, keys=key_files, representative_key=representative_key,
        famous_namesake=famous_namesake,
    )
    emit(stored.model_dump(mode="json"), as_json, None)
    if not as_json:
        ok(f"subject '{stored.id}' added (ref {stored.ref}, keys {list(stored.key_ids) or 'none'})")
    _warn_namesakes(state, stored.id)


def _warn_namesakes(state: CliState, subject_id: str) -> None:
    """(an operator's walkthrough, session 67) another subject going by the same name, said."""
    for name, other in state.ops.namesakes(subject_id):
        click.echo(f"WARNING: '{shown(other)}' also goes by {shown(name)!r}: a prompt naming it is denied unless every "
                   "subject of that name has consented; if they are one person, `subject merge`", err=True)


@subject.command("edit")
@click.argument("subject_id")
@click.option("--name", default=None, help="New display name.")
@click.option("--alias", multiple=True, help="Replace the aliases with these (repeatable).")
@click.option("--clear-aliases", is_flag=True, help="Remove every alias.")
@click.option("--minor/--not-minor", default=None, help="Change the minor flag (a minor's grants need her guardian's "
              "signature: give the guardian with --representative-name/--representative-role guardian/--representative-key).")
@click.option("--key", "key_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Add a public key file the subject signs with (repeatable).")
@click.option("--representative-name", default=None, help="Replace the representative (with --representative-role).")
@click.option("--representative-role", type=click.Choice([r.value for r in RepresentativeRole]), default=None)
@click.option("--representative-key", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The representative's public key file (alone: a key for the current representative).")
@click.option("--no-representative", "remove_representative", is_flag=True,
              help="Remove the representative (an agent let go; a guardian when the person comes of age, with "
                   "--not-minor). Not a minor's guardian nor a deceased person's estate.")
@click.option("--famous-namesake", is_flag=True,
              help="This real person really is also known by a famous person's name given here (refused otherwise; never "
                   "for a persona; recorded in the audit log).")
@json_option
@pass_state
def subject_edit(state: CliState, subject_id: str, name: str | None, alias: tuple[str, ...], clear_aliases: bool,
                 minor: bool | None, key_files: tuple[Path, ...], representative_name: str | None,
                 representative_role: str | None, representative_key: Path | None, remove_representative: bool,
                 famous_namesake: bool, as_json: bool) -> None:
    """Change a subject's names, minor flag or representative, or add signing keys. Grants in force
    that the change stops (a person marked a minor: grants without her guardian's signature) are
    listed as warnings."""
    aliases = [] if clear_aliases else (list(alias) if alias else None)
    s = state.ops.update_subject(subject_id, display_name=name, aliases=aliases, minor=minor,
                                 famous_namesake=famous_namesake, keys=key_files, representative_name=representative_name,
                                 representative_role=representative_role, representative_key=representative_key,
                                 remove_representative=remove_representative)
    stopped = state.ops.grants_refused_by_subject_rules(subject_id)
    emit(s.model_dump(mode="json") | {"grants_refused": stopped}, as_json, None)
    if not as_json:
        rep = s.representative
        ok(f"subject '{s.id}' saved (name {s.display_name!r}, aliases {list(s.aliases)}, minor {s.minor}, "
           f"keys {list(s.key_ids) or 'none'}, representative "
           f"{f'{rep.name!r} ({rep.role}, key {rep.key_id or None})' if rep else 'none'})")
    for line in stopped:
        click.echo(terminal_text(f"WARNING: {line}"), err=True)
    if name is not None or aliases:
        _warn_namesakes(state, s.id)


@subject.command("delete")
@click.argument("subject_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def subject_delete(state: CliState, subject_id: str, yes: bool) -> None:
    """Delete a subject without grants (their face templates, adapters and keys go too)."""
    if not yes:
        why = state.registry.deletion_refusal(subject_id)  # refused before anyone is asked to confirm
        if why is not None:
            from consent.errors import RegistryError

            raise RegistryError(why)
        click.confirm(f"Delete subject '{subject_id}' with their face templates, adapters and keys?", abort=True)
    removed = state.ops.delete_subject(subject_id)
    ok(f"subject '{subject_id}' deleted ({', '.join(f'{n} {k}' for k, n in removed.items())})")


@subject.command("merge")
@click.argument("keep")
@click.argument("remove")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--famous-namesake", is_flag=True,
              help="KEEP really is also known by a famous person's name REMOVE brings (refused otherwise; never for "
                   "personas; recorded in the audit log).")
@json_option
@pass_state
def subject_merge(state: CliState, keep: str, remove: str, yes: bool, famous_namesake: bool, as_json: bool) -> None:
    """Fold duplicate subject REMOVE into KEEP: faces, adapters and keys move, REMOVE's names become
    aliases, the stricter opt-out / minor flag wins, REMOVE is deleted (audited). A subject with
    grants cannot be merged (signed grants name their subject)."""
    if not yes:
        click.confirm(state.ops.merge_preview(keep, remove) + " Merge?", abort=True)
    moved = state.ops.merge_subjects(keep, remove, famous_namesake=famous_namesake)
    emit(moved, as_json, None)
    if not as_json:
        ok(f"subject '{remove}' merged into '{keep}' ({moved['face_templates']} face template(s), {moved['adapters']} "
           f"adapter(s), {moved['keys']} key(s) moved; new aliases {moved['aliases_added'] or 'none'})")


@subject.command("list")
@json_option
@pass_state
def subject_list(state: CliState, as_json: bool) -> None:
    """List subjects."""
    subs = state.registry.list_subjects()
    emit([s.model_dump(mode="json") for s in subs], as_json,
         table(((s.id, s.kind, f"{'minor ' if s.minor else ''}{'OPTED-OUT ' if s.opt_out else ''}{s.display_name}")
                for s in subs), "(no subjects)"))


@subject.command("show")
@click.argument("subject_id")
@json_option
@pass_state
def subject_show(state: CliState, subject_id: str, as_json: bool) -> None:
    """Show one subject and its grants."""
    s = state.registry.get_subject(subject_id)
    grants = state.registry.list_grants(subject_id)
    d = s.model_dump(mode="json") | {"grants": [g.id for g in grants]}
    emit(d, as_json, "\n".join(f"{k}: {shown(v)}" for k, v in d.items()))


@subject.command("uses")
@click.argument("subject_id")
@click.option("--since", default=None, help="Only outputs made on or after this date (YYYY-MM-DD, UTC).")
@click.option("--until", default=None, help="Only outputs made before this date (YYYY-MM-DD, UTC).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row an output) for a spreadsheet or an agent.")
@json_option
@pass_state
def subject_uses(state: CliState, subject_id: str, since: str | None, until: str | None, as_csv: bool,
                 as_json: bool) -> None:
    """Every use of SUBJECT_ID's likeness: the outputs made under any of her grants, newest first,
    with when, which account, the grant, grantee, purpose and territory (e.g. `--since 2026-01-01
    --until 2027-01-01 --csv` for her agent). Read from the signed generation entries."""
    import datetime as dt

    from creator.cli.grants import _print_uses, _uses
    from creator.errors import InputError

    def day(text: str | None, option: str) -> str | None:
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text.strip()).isoformat()
        except ValueError:
            raise InputError(f"{option} {text!r} is not a date; expected YYYY-MM-DD") from None

    lo, hi = day(since, "--since"), day(until, "--until")
    state.registry.get_subject(subject_id)  # an unknown person: its own clear error
    rows = [r for r in _uses(state, [v.grant.id for v in state.ops.grant_views(subject_id)])
            if (lo is None or r["at"][:10] >= lo) and (hi is None or r["at"][:10] < hi)]
    _print_uses(rows, as_csv, as_json, "(no outputs made under her grants" + (" in that time)" if lo or hi else ")"))


@subject.command("opt-out")
@click.argument("subject_id")
@click.option("--undo", is_flag=True, help="Lift the opt-out (needs --reason: the person's own word).")
@click.option("--reason", default=None, help="Why (kept in the audit log); required with --undo.")
@pass_state
def subject_opt_out(state: CliState, subject_id: str, undo: bool, reason: str | None) -> None:
    """Mark a subject as 'never generate me' (or, with --undo and --reason, lift it)."""
    s = state.ops.set_opt_out(subject_id, not undo, reason=reason)
    ok(f"subject '{s.id}' opt_out={s.opt_out}")


@subject.command("withdraw-passkey")
@click.argument("subject_id")
@click.argument("key_id")
@click.option("--reason", required=True, help="Why (at least 10 characters; kept in the signed audit log).")
@click.option("--by", "by", default=None, help="Who withdraws it (default: cli:<login name>).")
@pass_state
def subject_withdraw_passkey(state: CliState, subject_id: str, key_id: str, reason: str, by: str | None) -> None:
    """Withdraw a passkey bound for SUBJECT_ID (a link that reached the wrong person, a lost device):
    it signs and opens nothing any more, every grant it signed allows nothing until the person signs
    again, and it is never bound again; her next signing link binds the passkey she makes then."""
    from consent.drafts import Drafts
    from creator.cli.grants import _login

    pk = Drafts(state.ops).withdraw_passkey(subject_id, key_id, by=by or f"cli:{_login()}", reason=reason)
    stopped = [v.grant.id for v in state.ops.grant_views(subject_id) if v.stopped]
    ok(f"passkey {pk.key_id} ({pk.role}) of subject '{subject_id}' withdrawn")
    if stopped:
        click.echo(f"grants that allow nothing now: {', '.join(shown(g) for g in stopped)}")
    click.echo(f"WARNING: {shown(subject_id)}'s next signing link binds whichever passkey opens it first: hand it over "
               "in person", err=True)


@subject.command("enroll")
@click.argument("subject_id")
@click.argument("photos", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--same-face", is_flag=True, help="Another subject has this face too (twins): a face already enrolled "
                                                "for someone else is refused otherwise.")
@json_option
@pass_state
def subject_enroll(state: CliState, subject_id: str, photos: tuple[Path, ...], same_face: bool, as_json: bool) -> None:
    """Enroll face templates of SUBJECT_ID from PHOTOS (one face each, ≥ 80 px, sharp; all or none)."""
    rows = state.ops.enroll(subject_id, list(photos), same_face_ok=same_face)
    # the same face enrolled for someone else: said as the studio's Enroll form says it (red team of
    # session 57: the command line printed a plain OK while the other person's enrollment went ambiguous)
    same = state.ops.duplicate_faces(subject_id)
    emit({"subject_id": subject_id, "templates": [r.to_dict() for r in rows],
          "same_face_as": [{"subject_id": s, "similarity": round(v, 4)} for s, v in same]}, as_json)
    if not as_json:
        for r in rows:
            grey = f" and grey template {r.grey_template_id}" if r.grey_template_id is not None else ""
            ok(f"{subject_id}: template {r.template_id}{grey} from {r.photo} "
               f"(face {r.face_size} px, sharpness {r.quality:.0f}, sha256 {r.photo_sha256[:12]}…)")
    if same:
        names = ", ".join(f"'{s}'" for s, _ in same)
        click.echo(terminal_text(
            f"WARNING: {subject_id}'s photos show the same face as {names}, already enrolled. A face enrolled for two "
            "people is ambiguous: every image with it will be denied until the wrong enrollment is removed (delete "
            "and re-add the subject enrolled by mistake; twins stay ambiguous)."), err=True)


@subject.command("add-grey")
@click.argument("subject_id")
@click.argument("photos", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@pass_state
def subject_add_grey(state: CliState, subject_id: str, photos: tuple[Path, ...], as_json: bool) -> None:
    """Add grey templates for SUBJECT_ID, enrolled before they existed, from the PHOTOS they were enrolled from.

    A grey, dithered or single-channel photo of the person is then compared with them too; each
    photo must be one of the subject's enrollment photos (same bytes). All or none."""
    rows = state.ops.add_grey_templates(subject_id, list(photos))
    emit({"subject_id": subject_id, "templates": [r.to_dict() for r in rows]}, as_json)
    if not as_json:
        if not rows:
            ok(f"{subject_id}: every photo given already has a grey template")
        for r in rows:
            ok(f"{subject_id}: grey template {r.template_id} from {r.photo} (sha256 {r.photo_sha256[:12]}…)")
