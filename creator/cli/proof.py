"""``consent-studio proof …``: a proof that a file was made here with consent, checkable without the studio."""

from __future__ import annotations

import json
from pathlib import Path

import click

from creator.cli._common import CliState, ok, pass_state, shown

__all__ = ["proof"]


@click.group()
def proof() -> None:
    """A self-contained proof of consent for a file, to hand to someone without the studio."""


@proof.command("export")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the proof (JSON).")
@pass_state
def proof_export(state: CliState, file: Path, out: Path) -> None:
    """Write a proof that FILE (an output of this studio, or a copy its watermark leads to) was made
    here under a decision that allowed it: the signed audit entries, the grants as signed, the audit
    log's public key and a signed checkpoint. `consent-studio proof check` reads it anywhere, with no
    studio: give the proof and the file to a gallery, a journalist or a court."""
    from creator.errors import InputError
    from creator.proof import export_proof

    if not file.is_file():
        raise InputError(f"{shown(str(file))}: no such file")
    doc = export_proof(file, settings=state.settings, registry=state.registry)
    out.write_text(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=True) + "\n", encoding="utf-8")
    m = doc["made_with_consent"]
    ok(f"proof written to {out}: {'a copy of ' if m['copy'] else ''}output {doc['output_sha256'][:16]}…, consent when "
       f"made: {m['consent_when_made']}, now: {m['consent_now']}; audit key {doc['audit_key_id']}")


@proof.command("check")
@click.argument("proof_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def proof_check(ctx: click.Context, proof_file: Path, file: Path | None) -> None:
    """Check PROOF_FILE offline, and that FILE (optional) is the output or the copy it is for; needs
    no studio, no database and no keys beyond those in the proof (exit 1 if any check fails)."""
    from consent.input_files import read_regular_file
    from creator.errors import InputError
    from creator.proof import check_proof

    try:
        doc = json.loads(read_regular_file(proof_file, "proof", 16 * 1024 * 1024))
    except (OSError, ValueError, RecursionError) as e:
        raise InputError(f"{shown(str(proof_file))}: not a readable proof ({e})") from None
    data = None if file is None else read_regular_file(file, "file", 256 * 1024 * 1024)
    result = check_proof(doc, data)
    for line in result.lines:
        click.echo(shown(line))
    click.echo("PROOF OK" if result.ok else "PROOF FAILED")
    if not result.ok:
        ctx.exit(1)
