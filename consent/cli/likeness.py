"""``consent-studio`` commands for likeness detection.

- ``enroll`` — to be attached under the ``subject`` group:
  ``consent-studio subject enroll SUBJECT_ID PHOTO...`` stores one face template per photo
  (embedding + photo digest; the photos themselves are not kept). All photos are checked
  before anything is stored: one refused photo stores nothing.
- ``names`` group: ``names allow NAME --reason TEXT`` records a name that is not a
  likeness (e.g. a painter named for a style); ``names list`` shows them;
  ``names check PROMPT`` shows what the name matcher finds in a prompt.

Errors print one line ``FAIL: …``; exit 1 = refused/failed check, 2 = input error.
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from consent.cli import CliState, emit, guard, json_option, ok, pass_state

__all__ = ["enroll", "names"]





@click.command("enroll")
@click.argument("subject_id")
@click.argument("photos", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
@pass_state
@guard
def enroll(state: CliState, subject_id: str, photos: tuple[Path, ...], as_json: bool) -> None:
    """Enroll face templates of SUBJECT_ID from PHOTOS (one face each, ≥ 80 px, sharp)."""
    from consent.likeness import enroll as _enroll

    registry = state.registry
    registry.get_subject(subject_id)  # NotFound before any model is loaded
    templates = _enroll(subject_id, list(photos))
    rows = []
    for photo, t in zip(photos, templates):
        tid = registry.add_face_template(subject_id, t.embedding, t.photo_sha256, t.face_size, t.quality, t.model)
        rows.append({"template_id": tid, "photo": str(photo), "photo_sha256": t.photo_sha256,
                     "face_size": t.face_size, "quality": t.quality, "model": t.model})
    emit({"subject_id": subject_id, "templates": rows}, as_json)
    if not as_json:
        for r in rows:
            ok(f"{subject_id}: template {r['template_id']} from {r['photo']} "
               f"(face {r['face_size']} px, sharpness {r['quality']:.0f}, sha256 {r['photo_sha256'][:12]}…)")


@click.group("names")
def names() -> None:
    """Names in prompts: exceptions that are not likenesses, and checks."""


@names.command("allow")
@click.argument("name")
@click.option("--reason", required=True, help="Why this name is not a likeness (kept in the audit log).")
@click.option("--added-by", default=None, help="Operator name (default: the login name).")
@json_option
@pass_state
@guard
def names_allow(state: CliState, name: str, reason: str, added_by: str | None, as_json: bool) -> None:
    """Record NAME as not a likeness (e.g. "Van Gogh" named for a style)."""
    from consent.names import NameException

    NameException(name, reason)  # same validation the matcher applies
    rec = state.registry.add_name_exception(name, reason, added_by or getpass.getuser())
    emit(rec.to_dict() if hasattr(rec, "to_dict") else {"name": name, "reason": reason}, as_json)
    if not as_json:
        ok(f"name exception '{rec.name}' recorded: {rec.reason}")


@names.command("list")
@json_option
@pass_state
@guard
def names_list(state: CliState, as_json: bool) -> None:
    """List the name exceptions."""
    recs = state.registry.name_exceptions()
    rows = [r.to_dict() if hasattr(r, "to_dict") else {"name": r.name, "reason": r.reason} for r in recs]
    emit(rows, as_json, "\n".join(f"{r['name']}\t{r.get('reason', '')}\t{r.get('added_by', '')}" for r in rows)
         or "(no name exceptions)")


@names.command("check")
@click.argument("prompt")
@json_option
@pass_state
@guard
def names_check(state: CliState, prompt: str, as_json: bool) -> None:
    """Show every person name in PROMPT (registered, unknown, exempted); exit 1 if any likeness."""
    from consent.names import NameMatcher

    registry = state.registry
    scan = NameMatcher(registry.list_subjects(), registry.name_exceptions()).find_all(prompt)
    rows = [{"subject_id": lk.subject_id, "text": lk.text, "span": list(lk.span), "confidence": lk.confidence,
             "exempted": False} for lk in scan.likenesses]
    rows += [{"subject_id": None, "text": lk.text, "span": list(lk.span), "exempted": True,
              "exception": lk.extra.get("exception")} for lk in scan.exempted]
    emit(rows, as_json)
    if not as_json:
        for lk in scan.likenesses:
            who = lk.subject_id or "unknown person"
            click.echo(f"{who}: {lk.where()}")
        for lk in scan.exempted:
            click.echo(f"exempted ({lk.extra.get('exception')}): {lk.where()}")
        if not rows:
            ok("no person names found")
    if scan.likenesses:
        raise SystemExit(1)
