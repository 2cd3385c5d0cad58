"""``consent-studio c2pa …``: the C2PA signing certificate (init, show, rotate). Never prints key material."""

from __future__ import annotations

import click

from creator.cli._common import CliState, emit, pass_state

__all__ = ["c2pa"]


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


@click.group("c2pa")
def c2pa() -> None:
    """The C2PA signing certificate that signs every output's manifest."""


@c2pa.command("init")
@click.option("--json", "as_json", is_flag=True, help="Print the certificate facts as JSON.")
@pass_state
def init(state: CliState, as_json: bool) -> None:
    """Create the local C2PA test CA and signing certificate (idempotent)."""
    from creator.disclosure.keys import init_local_ca

    info = init_local_ca(state.settings)
    emit(info.to_dict(), as_json, f"OK: C2PA signing keys in {state.settings.c2pa_dir}\n{_human(info)}")


@c2pa.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the certificate facts as JSON.")
@pass_state
def show(state: CliState, as_json: bool) -> None:
    """Show the C2PA signing certificate and trust anchors (never the private key)."""
    from creator.disclosure.keys import show as show_keys

    info = show_keys(state.settings)
    emit(info.to_dict(), as_json, _human(info))
    if not info.anchored and not as_json:  # (a self-hosting admin's walkthrough, session 66)
        click.echo("WARNING: the signing chain does not end at one of the trust anchors: the studio refuses to "
                   "sign with it until it does (set c2pa_trust_anchors to its root certificate)", err=True)


@c2pa.command("rotate")
@click.option("--new-ca", is_flag=True, help="Also replace the local test CA (the old one stays a trust anchor).")
@click.option("--json", "as_json", is_flag=True, help="Print the new certificate facts as JSON.")
@pass_state
def rotate(state: CliState, new_ca: bool, as_json: bool) -> None:
    """Replace the local signing key; the old certificate is kept so old files still verify."""
    from creator.disclosure.keys import rotate as rotate_keys

    info = rotate_keys(state.settings, new_ca=new_ca)
    # (a self-hosting admin's walkthrough, session 66: a rotation left no entry)
    state.registry.record_security_event("c2pa_rotated", {"new_ca": bool(new_ca), "signer_sha256": info.signer_sha256,
                                                           "signer_serial": str(info.signer_serial)})
    emit(info.to_dict(), as_json, f"OK: rotated; new signer serial {info.signer_serial}\n{_human(info)}")
