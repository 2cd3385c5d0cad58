"""CLI for C2PA keys (``keys init|show|rotate``) and ``verify FILE...``.

``init``, ``show`` and ``rotate`` are plain commands; the wiring in
:mod:`creator.cli._commands` attaches them under the ``keys`` group. ``verify`` is a
top-level command. None of them ever prints key material.
"""

from __future__ import annotations

from pathlib import Path

import click

from consent.cli import CliState, emit, pass_state

__all__ = ["init", "rotate", "show", "verify"]


def _human(info) -> str:
    lines = [
        f"source:        {info.source}",
        f"algorithm:     {info.algorithm}",
        f"signer:        {info.signer_subject}",
        f"issuer:        {info.signer_issuer}",
        f"serial:        {info.signer_serial}",
        f"sha256:        {info.signer_sha256}",
        f"valid:         {info.not_before:%Y-%m-%d} .. {info.not_after:%Y-%m-%d}",
        f"chain file:    {info.chain_path}",
        f"key file:      {info.key_path}",
    ]
    lines += [f"trust anchor:  {s}" for s in info.trust_anchor_subjects]
    lines += [f"retired cert:  {p}" for p in info.retired_certificates]
    return "\n".join(lines)


@click.command("init")
@click.option("--json", "as_json", is_flag=True, help="Print the certificate facts as JSON.")
@pass_state
def init(state: CliState, as_json: bool) -> None:
    """Create the local C2PA test CA and signing certificate (idempotent)."""
    from creator.disclosure.keys import init_local_ca

    info = init_local_ca(state.settings)
    emit(info.to_dict(), as_json, f"OK: C2PA signing keys in {state.settings.c2pa_dir}\n{_human(info)}")


@click.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the certificate facts as JSON.")
@pass_state
def show(state: CliState, as_json: bool) -> None:
    """Show the C2PA signing certificate and trust anchors (never the private key)."""
    from creator.disclosure.keys import show as show_keys

    info = show_keys(state.settings)
    emit(info.to_dict(), as_json, _human(info))


@click.command("rotate")
@click.option("--new-ca", is_flag=True, help="Also replace the local test CA (the old one stays a trust anchor).")
@click.option("--json", "as_json", is_flag=True, help="Print the new certificate facts as JSON.")
@pass_state
def rotate(state: CliState, new_ca: bool, as_json: bool) -> None:
    """Replace the local signing key; the old certificate is kept so old files still verify."""
    from creator.disclosure.keys import rotate as rotate_keys

    info = rotate_keys(state.settings, new_ca=new_ca)
    emit(info.to_dict(), as_json, f"OK: rotated; new signer serial {info.signer_serial}\n{_human(info)}")


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the list of reports as JSON.")
@click.option("--no-registry", is_flag=True, help="Do not check grants against the registry.")
@pass_state
@click.pass_context
def verify(ctx: click.Context, state: CliState, files: tuple[Path, ...], as_json: bool, no_registry: bool) -> None:
    """Verify disclosure, C2PA signature and consent of FILES (exit 1 if any fails)."""
    from creator.verify import verify as verify_file

    registry = None if no_registry else state.registry
    reports = [verify_file(f, settings=state.settings, registry=registry) for f in files]
    if as_json:
        emit([r.to_dict() for r in reports], True)
    else:
        for r in reports:
            click.echo(r.summary)
            for g in r.grants:
                if g.ok:
                    click.echo(f"  {g.message}")
    if not all(r.ok for r in reports):
        ctx.exit(1)
