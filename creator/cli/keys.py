"""``consent-studio keys …`` (Ed25519 keys that sign consent grants) and ``verifier …``.

The C2PA signing certificate is a different thing with its own group: ``consent-studio c2pa``.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from consent.errors import RecordInvalid
from creator.cli._common import CliState, emit, json_option, ok, pass_state, table

__all__ = ["keys", "verifier"]


@click.group()
def keys() -> None:
    """Ed25519 keys that sign consent grants (the person keeps the private key)."""


@keys.command("generate")
@click.option("--name", required=True, help="File name stem, e.g. 'jane-doe' → jane-doe.key.pem / .pub.pem.")
@click.option("--password-env", default=None, help="Encrypt the private key with the password in this env variable.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the pair into this folder (e.g. a drive the person takes away) instead of the studio's keys dir.")
@json_option
@pass_state
def keys_generate(state: CliState, name: str, password_env: str | None, out_dir: Path | None, as_json: bool) -> None:
    """Create a signing key pair (private key 0600) under the keys dir, or in --out's folder.

    The person (or their agent) keeps the private key: whoever holds it signs consent in their
    name. Register the public key with ``subject add --key``, hand the private key over, and
    delete the studio's copy."""
    from consent.signing import generate_key_files

    password = None
    if password_env:
        value = os.environ.get(password_env)
        if not value:
            raise RecordInvalid(f"--password-env {password_env} is unset or empty, expected the key password in it")
        password = value.encode("utf-8")
    if out_dir is None:
        state.settings.ensure_dirs()
        where = state.settings.resolved_keys_dir
    else:
        try:
            out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as e:
            raise RecordInvalid(f"--out {out_dir}: the folder cannot be made ({e.strerror or e}); no key was made") from None
        where = out_dir
    kf = generate_key_files(where, name, password)
    info = {"key_id": kf.key_id, "private_key": str(kf.private_path), "public_key": str(kf.public_path)}
    # (a fresh user's walkthrough, session 64) the help said the person keeps the private key, and
    # nothing said to hand it over: whoever holds it signs consent in their name
    advice = ("" if out_dir is not None else
              "\nthe private key signs consent in this person's name: hand it to them (or their agent) and delete "
              "it here (or make it with --out on a drive they keep)")
    emit(info, as_json, f"key id: {kf.key_id}\nprivate key: {kf.private_path}\npublic key: {kf.public_path}{advice}")


@keys.command("list")
@click.option("--subject", "subject_id", default=None, help="Only the keys of this subject.")
@json_option
@pass_state
def keys_list(state: CliState, subject_id: str | None, as_json: bool) -> None:
    """Registered public keys (subjects, representatives, verifiers)."""
    ks = state.registry.public_keys(subject_id=subject_id)
    emit([k.to_dict() for k in ks], as_json,
         table(((k.key_id, k.kind, k.subject_id or "-", k.name or "") for k in ks), "(no keys)"))


@click.group()
def verifier() -> None:
    """Keys of verifiers who may countersign grants."""


@verifier.command("add")
@click.argument("pubkey_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Who holds the key, e.g. 'Rights desk, ACME Films'.")
@pass_state
def verifier_add(state: CliState, pubkey_file: Path, name: str) -> None:
    """Register a verifier public key."""
    kid = state.ops.add_verifier_key(pubkey_file, name)
    ok(f"verifier key {kid} added ({name})")


@verifier.command("list")
@json_option
@pass_state
def verifier_list(state: CliState, as_json: bool) -> None:
    """List verifier keys."""
    ks = state.registry.public_keys(kind="verifier")
    emit([k.to_dict() for k in ks], as_json, table(((k.key_id, k.name) for k in ks), "(no verifier keys)"))
