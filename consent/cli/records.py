"""``consent-studio`` commands for keys, subjects, grants, verifiers, adapters and the audit log.

Exported click groups (attached to the root by :mod:`creator.cli._commands`):
``keys``, ``subject``, ``grant``, ``audit``, ``verifier``, ``adapter``.
Errors print one line ``FAIL: … expected …``; exit 1 = failed check, 2 = input error.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click
import yaml

from consent.cli import CliState, emit, fail, guard, json_option, ok, pass_state
from consent.errors import ConsentError, RecordInvalid
from consent.records import (
    ConsentGrant,
    Medium,
    Operation,
    Purpose,
    RepresentativeRole,
    Restriction,
    SignedGrant,
    StoredGrant,
    Subject,
    SubjectKind,
    format_time,
    new_grant_id,
)
from consent.signing import add_signature, generate_key_files, key_id, load_private_key, load_public_key

__all__ = ["keys", "subject", "grant", "audit", "verifier", "adapter"]






def _now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- keys
@click.group()
def keys() -> None:
    """Keys: Ed25519 keys that sign consent grants (generate); the C2PA signing chain (init, show, rotate)."""


@keys.command("generate")
@click.option("--name", required=True, help="File name stem, e.g. 'jane-doe' → jane-doe.key.pem / .pub.pem.")
@click.option("--password-env", default=None, help="Encrypt the private key with the password in this env variable.")
@json_option
@pass_state
@guard
def keys_generate(state: CliState, name: str, password_env: str | None, as_json: bool) -> None:
    """Create a signing key pair under the keys dir (private key 0600)."""
    password = None
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            fail(f"--password-env {password_env} is unset or empty, expected the key password in it", 2)
        password = value.encode("utf-8")
    kf = generate_key_files(state.settings.resolved_keys_dir, name, password)
    info = {"key_id": kf.key_id, "private_key": str(kf.private_path), "public_key": str(kf.public_path)}
    emit(info, as_json, f"key id: {kf.key_id}\nprivate key: {kf.private_path}\npublic key: {kf.public_path}")


# --------------------------------------------------------------------------- subjects
def _subject_dict(s: Subject) -> dict[str, Any]:
    return s.model_dump(mode="json")


@click.group()
def subject() -> None:
    """People and personas who may be depicted."""


@subject.command("add")
@click.option("--id", "sid", required=True, help="Stable id, e.g. 'jane-doe'.")
@click.option("--name", required=True, help="Display name.")
@click.option("--alias", multiple=True, help="Other names as they may appear in prompts (repeatable).")
@click.option("--kind", type=click.Choice([k.value for k in SubjectKind]), default="person", show_default=True)
@click.option("--minor", is_flag=True, help="The subject is a minor (grants need a guardian's signature).")
@click.option("--representative-name", default=None)
@click.option("--representative-role", type=click.Choice([r.value for r in RepresentativeRole]), default=None)
@click.option("--representative-key", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Representative's public key file.")
@click.option("--key", "key_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="Subject's public key file (repeatable).")
@json_option
@pass_state
@guard
def subject_add(state: CliState, sid: str, name: str, alias: tuple[str, ...], kind: str, minor: bool,
                representative_name: str | None, representative_role: str | None, representative_key: Path | None,
                key_files: tuple[Path, ...], as_json: bool) -> None:
    """Register a subject."""
    rep = None
    if representative_name or representative_role or representative_key:
        if not (representative_name and representative_role):
            fail("--representative-name and --representative-role go together, expected both", 2)
        rep = {"name": representative_name, "role": representative_role}
    s = Subject.from_dict({"id": sid, "display_name": name, "aliases": list(alias), "kind": kind, "minor": minor, "representative": rep})
    pubs = [load_public_key(p) for p in key_files]
    rk = load_public_key(representative_key) if representative_key else None
    stored = state.registry.add_subject(s, keys=pubs, representative_key=rk)
    emit(_subject_dict(stored), as_json, None)
    if not as_json:
        ok(f"subject '{stored.id}' added (ref {stored.ref}, keys {list(stored.key_ids) or 'none'})")


@subject.command("list")
@json_option
@pass_state
@guard
def subject_list(state: CliState, as_json: bool) -> None:
    """List subjects."""
    subs = state.registry.list_subjects()
    lines = [f"{s.id}\t{s.kind}\t{'minor ' if s.minor else ''}{'OPTED-OUT ' if s.opt_out else ''}{s.display_name}" for s in subs]
    emit([_subject_dict(s) for s in subs], as_json, "\n".join(lines) if lines else "(no subjects)")


@subject.command("show")
@click.argument("subject_id")
@json_option
@pass_state
@guard
def subject_show(state: CliState, subject_id: str, as_json: bool) -> None:
    """Show one subject and its grants."""
    s = state.registry.get_subject(subject_id)
    grants = state.registry.list_grants(subject_id)
    d = _subject_dict(s) | {"grants": [g.id for g in grants]}
    emit(d, as_json, "\n".join(f"{k}: {v}" for k, v in d.items()))


@subject.command("opt-out")
@click.argument("subject_id")
@click.option("--undo", is_flag=True, help="Withdraw the opt-out.")
@pass_state
@guard
def subject_opt_out(state: CliState, subject_id: str, undo: bool) -> None:
    """Mark a subject as 'never generate me' (or undo it)."""
    s = state.registry.set_opt_out(subject_id, not undo)
    ok(f"subject '{s.id}' opt_out={s.opt_out}")


# --------------------------------------------------------------------------- grants
def _status(sg: StoredGrant, now: datetime) -> str:
    if sg.revoked_at(now):
        return "revoked"
    if now < sg.grant.valid_from:
        return "not_yet_valid"
    if now >= sg.grant.valid_until:
        return "expired"
    if sg.grant.usage_cap is not None and sg.usage >= sg.grant.usage_cap:
        return "cap_reached"
    return "active"


def _grant_dict(sg: StoredGrant, now: datetime) -> dict[str, Any]:
    return {
        "grant": sg.grant.model_dump(mode="json"),
        "signatures": [{"key_id": s.key_id, "role": s.role.value} for s in sg.signatures],
        "sha256": sg.sha256,
        "usage": sg.usage,
        "status": _status(sg, now),
        "revocation": sg.revocation.model_dump(mode="json") if sg.revocation else None,
        "issued_at": format_time(sg.issued_at) if sg.issued_at else None,
    }


def _load_grant_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        fail(f"cannot read grant file {path}: {e.strerror}, expected a readable JSON or YAML file", 2)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as e:
        first = str(e).splitlines()[0]
        fail(f"grant file {path} is not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'} ({first}), expected a mapping of grant fields", 2)
    if not isinstance(data, dict):
        fail(f"grant file {path} holds a {type(data).__name__}, expected a mapping of grant fields", 2)
    return data


def _evidence(spec: str) -> dict[str, str]:
    kind, sep, rest = spec.partition(":")
    if not sep or not rest:
        raise RecordInvalid(f"--evidence {spec!r}; expected KIND:FILE or KIND:SHA256 (e.g. signed_release:release.pdf)")
    p = Path(rest)
    if p.is_file():
        return {"kind": kind, "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "filename": p.name}
    return {"kind": kind, "sha256": rest.lower()}


def _role_for(state: CliState, subj: Subject, kid: str) -> str:
    if kid in subj.key_ids:
        return "self"
    rep = subj.representative
    if rep is not None and rep.key_id == kid:
        return rep.role.value
    if kid in state.registry.verifier_key_ids():
        return "verifier"
    raise ConsentError(f"key {kid} is not registered for subject '{subj.id}' (keys {list(subj.key_ids)}) nor as a verifier, expected a registered key")


@click.group()
def grant() -> None:
    """Signed consent grants."""


@grant.command("issue")
@click.option("--file", "file_", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Grant fields as JSON or YAML.")
@click.option("--key", "key_files", multiple=True, required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Private key file that signs (repeatable: subject + guardian, agent + subject, ...). Role is taken from the registry.")
@click.option("--password-env", default=None, help="Env variable holding the password of encrypted key files.")
@click.option("--id", "gid", default=None, help="Grant id (default: generated).")
@click.option("--subject", "subject_id", default=None)
@click.option("--grantee", default=None)
@click.option("--project", default=None)
@click.option("--description", default=None, help="Specific intended use (at least 20 characters).")
@click.option("--purpose", multiple=True, type=click.Choice([p.value for p in Purpose]))
@click.option("--operation", multiple=True, type=click.Choice([o.value for o in Operation]))
@click.option("--medium", multiple=True, type=click.Choice([m.value for m in Medium]))
@click.option("--territory", multiple=True, help="ISO 3166 alpha-2 code or 'worldwide' (repeatable).")
@click.option("--valid-from", default=None, help="RFC 3339 UTC, e.g. 2026-01-01T00:00:00Z (default: now).")
@click.option("--valid-until", default=None, help="RFC 3339 UTC.")
@click.option("--restriction", multiple=True, type=click.Choice([r.value for r in Restriction]))
@click.option("--usage-cap", type=int, default=None)
@click.option("--compensation-ref", default=None)
@click.option("--evidence", "evidence", multiple=True, help="KIND:FILE or KIND:SHA256 (repeatable).")
@click.option("--signer-role", default=None, help="self|guardian|estate|agent (default: role of the first --key).")
@json_option
@pass_state
@guard
def grant_issue(state: CliState, file_: Path | None, key_files: tuple[Path, ...], password_env: str | None, gid: str | None,
                subject_id: str | None, grantee: str | None, project: str | None, description: str | None,
                purpose: tuple[str, ...], operation: tuple[str, ...], medium: tuple[str, ...], territory: tuple[str, ...],
                valid_from: str | None, valid_until: str | None, restriction: tuple[str, ...], usage_cap: int | None,
                compensation_ref: str | None, evidence: tuple[str, ...], signer_role: str | None, as_json: bool) -> None:
    """Sign a grant with one or more keys and store it."""
    data: dict[str, Any] = _load_grant_file(file_) if file_ else {}
    flags = {
        "id": gid, "subject_id": subject_id, "grantee": grantee, "project": project, "description": description,
        "purposes": list(purpose) or None, "operations": list(operation) or None, "media": list(medium) or None,
        "territories": list(territory) or None, "valid_from": valid_from, "valid_until": valid_until,
        "content_restrictions": list(restriction) or None, "usage_cap": usage_cap, "compensation_ref": compensation_ref,
        "evidence": [_evidence(e) for e in evidence] or None, "signer_role": signer_role,
    }
    data.update({k: v for k, v in flags.items() if v is not None})
    data.setdefault("id", new_grant_id())
    data.setdefault("valid_from", format_time(_now()))
    if not data.get("subject_id"):
        raise RecordInvalid("grant subject_id is missing; expected --subject ID or 'subject_id' in the file")
    subj = state.registry.get_subject(str(data["subject_id"]))
    password = os.environ.get(password_env, "").encode("utf-8") if password_env else None
    private_keys = [load_private_key(p, password) for p in key_files]
    roles = [_role_for(state, subj, key_id(k)) for k in private_keys]
    if "signer_role" not in data:
        first = next((r for r in roles if r != "verifier"), None)
        if first is None:
            raise RecordInvalid("signer_role is missing and only verifier keys sign; expected --signer-role")
        data["signer_role"] = first
    g = ConsentGrant.from_dict(data)
    signed: ConsentGrant | SignedGrant = g
    for k, role in zip(private_keys, roles):
        signed = add_signature(signed, k, role)
    stored = state.registry.issue_grant(signed)
    emit(_grant_dict(stored, _now()), as_json, None)
    if not as_json:
        ok(f"grant {stored.id} issued for subject '{g.subject_id}' (sha256 {stored.sha256}, signed by {', '.join(f'{key_id(k)} as {r}' for k, r in zip(private_keys, roles))})")


@grant.command("list")
@click.option("--subject", "subject_id", default=None)
@json_option
@pass_state
@guard
def grant_list(state: CliState, subject_id: str | None, as_json: bool) -> None:
    """List grants with their status now."""
    now = _now()
    gs = state.registry.list_grants(subject_id)
    lines = [f"{sg.id}\t{sg.grant.subject_id}\t{_status(sg, now)}\t{sg.grant.grantee}\t{','.join(sg.grant.purposes)}\tuntil {format_time(sg.grant.valid_until)}" for sg in gs]
    emit([_grant_dict(sg, now) for sg in gs], as_json, "\n".join(lines) if lines else "(no grants)")


@grant.command("show")
@click.argument("grant_id")
@json_option
@pass_state
@guard
def grant_show(state: CliState, grant_id: str, as_json: bool) -> None:
    """Show one grant, its signatures, status and revocation."""
    d = _grant_dict(state.registry.get_grant(grant_id), _now())
    emit(d, as_json, json.dumps(d, indent=2, sort_keys=True))


@grant.command("revoke")
@click.argument("grant_id")
@click.option("--reason", required=True)
@click.option("--by", "revoked_by", default=None, help="Who revokes (default: $USER).")
@click.option("--at", "at", default=None, help="Effective time, RFC 3339 UTC (default: now).")
@pass_state
@guard
def grant_revoke(state: CliState, grant_id: str, reason: str, revoked_by: str | None, at: str | None) -> None:
    """Revoke a grant; decisions at or after the revocation time deny."""
    when = None
    if at is not None:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise RecordInvalid(f"--at {at!r} is not a timestamp; expected RFC 3339 like 2026-01-31T12:00:00Z") from None
        if when.tzinfo is None:
            raise RecordInvalid(f"--at {at!r} has no timezone; expected RFC 3339 UTC like 2026-01-31T12:00:00Z")
    by = revoked_by or os.environ.get("USER") or "operator"
    rev = state.registry.revoke_grant(grant_id, reason, by, when)
    ok(f"grant {grant_id} revoked at {format_time(rev.revoked_at)} by {rev.revoked_by}")


# --------------------------------------------------------------------------- verifiers, adapters
@click.group()
def verifier() -> None:
    """Keys of verifiers who may countersign grants."""


@verifier.command("add")
@click.argument("pubkey_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Who holds the key, e.g. 'Rights desk, ACME Films'.")
@pass_state
@guard
def verifier_add(state: CliState, pubkey_file: Path, name: str) -> None:
    """Register a verifier public key."""
    kid = state.registry.add_verifier_key(load_public_key(pubkey_file), name)
    ok(f"verifier key {kid} added ({name})")


@verifier.command("list")
@json_option
@pass_state
@guard
def verifier_list(state: CliState, as_json: bool) -> None:
    """List verifier keys."""
    ks = state.registry.public_keys(kind="verifier")
    emit([k.to_dict() for k in ks], as_json, "\n".join(f"{k.key_id}\t{k.name}" for k in ks) or "(no verifier keys)")


@click.group()
def adapter() -> None:
    """LoRA / embedding files bound to a subject."""


@adapter.command("register")
@click.argument("file", type=click.Path(dir_okay=False, exists=False, path_type=Path))
@click.option("--subject", "subject_id", required=True)
@click.option("--kind", type=click.Choice(["lora", "embedding"]), required=True)
@click.option("--name", default=None, help="Display name (default: the file name).")
@pass_state
@guard
def adapter_register(state: CliState, file: Path, subject_id: str, kind: str, name: str | None) -> None:
    """Bind an adapter file (by sha256) to a subject."""
    h = hashlib.sha256()
    with file.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    rec = state.registry.register_adapter(h.hexdigest(), subject_id, name or file.name, kind)
    ok(f"adapter {rec.name} ({rec.sha256}) bound to subject '{rec.subject_id}'")


@adapter.command("list")
@json_option
@pass_state
@guard
def adapter_list(state: CliState, as_json: bool) -> None:
    """List adapters."""
    rs = state.registry.list_adapters()
    emit([r.to_dict() for r in rs], as_json, "\n".join(f"{r.sha256[:16]}\t{r.kind}\t{r.subject_id}\t{r.name}" for r in rs) or "(no adapters)")


# --------------------------------------------------------------------------- audit
@click.group()
def audit() -> None:
    """The hash-chained audit log."""


@audit.command("verify")
@json_option
@pass_state
@guard
def audit_verify(state: CliState, as_json: bool) -> None:
    """Check the whole chain; exit 1 naming the first broken position."""
    rep = state.registry.verify_audit()
    if as_json:
        emit(rep.to_dict(), True)
    if not rep.ok:
        fail(f"audit chain broken at position {rep.first_broken}: {rep.message}", 1)
    if not as_json:
        ok(f"audit chain intact: {rep.entries} entries, head {rep.head_hash}")


@audit.command("list")
@click.option("--limit", type=int, default=50, show_default=True, help="Show the last N entries.")
@click.option("--kind", default=None, help="Only entries of this kind (e.g. grant_issued, generation).")
@json_option
@pass_state
@guard
def audit_list(state: CliState, limit: int, kind: str | None, as_json: bool) -> None:
    """Show the most recent audit entries."""
    es = state.registry.audit_entries(limit=limit, kind=kind)
    emit([e.to_dict() for e in es], as_json, "\n".join(f"{e.seq}\t{e.at}\t{e.kind}\t{e.hash[:12]}" for e in es) or "(empty)")
