"""Fictional personas are provably synthetic.

A persona needs no grant, so a real person enrolled as a "persona" would escape consent.
Each photo of a persona must therefore carry a C2PA manifest that verifies *Trusted* and
declares ``trainedAlgorithmicMedia`` (not an edit of a real photo): an output of this studio
(recorded here, under an audited decision) or of another generator whose root the operator
trusts (``c2pa_trust_anchors``). :func:`operations_for` gives the consent operations service
this check; the CLI, the UI and the tests use it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

__all__ = ["persona_photo_checker", "operations_for", "own_mark_off"]

_TRAINED = "trainedAlgorithmicMedia"


def persona_photo_checker(settings: Any, registry: Any):
    """``check(photo) -> None`` when the photo is provably synthetic, else the reason it is not."""

    def check(photo: Any) -> str | None:
        from consent.errors import ConsentError
        from creator.verify import MAX_VERIFY_BYTES, verify_bytes

        if isinstance(photo, (bytes, bytearray)):
            data, name = bytes(photo), Path("photo")
        elif isinstance(photo, (str, Path)):
            p = Path(photo)
            try:
                with open(p, "rb") as f:
                    data = f.read(MAX_VERIFY_BYTES + 1)
            except OSError as e:
                return f"cannot be read ({e.strerror})"
            name = p
        else:
            return "an in-memory picture carries no manifest; give the signed file"
        try:
            report = verify_bytes(data, name, settings=settings, registry=registry, now=dt.datetime.now(dt.timezone.utc))
        except ConsentError as e:
            return str(e)
        dst = (report.digital_source_type_manifest or "").rstrip("/").rsplit("/", 1)[-1]
        if report.c2pa_state != "Trusted":
            return f"it carries no trusted C2PA manifest ({report.c2pa_state}): a real photo or an unsigned image"
        if dst != _TRAINED:
            return f"its manifest declares {dst or 'no digital source type'}, not {_TRAINED} (an edit of a real photo is not synthetic)"
        if (report.consent or {}).get("likenesses"):
            # made under a real person's grant (her adapter, her name, her face): her likeness,
            # which as a persona's would need no grant from then on
            return "its signed consent record names a real person's grant: it is a likeness of a real person"
        if report.record is not None and report.verdict == "OK":
            return None  # made here, recorded under an audited decision
        if report.signer and report.signer == _own_signer(settings):
            return "signed with this studio's key but not made here under a recorded decision"
        return None  # another generator whose root this installation trusts

    return check


def _own_signer(settings: Any) -> str | None:
    from creator.disclosure.keys import show

    try:
        subject = show(settings).signer_subject
    except Exception:  # noqa: BLE001 - no local keys yet: nothing is "ours"
        return None
    cn = [part.split("=", 1)[1] for part in subject.split(",") if part.strip().upper().startswith("CN=")]
    return cn[0] if cn else subject


def own_mark_off(settings: Any):
    """``scan_copy(pixels) -> pixels | None`` (:data:`consent.likeness.ScanCopy`): the pixels
    with this installation's invisible watermark taken off (``Watermarker.unmark_array``), or
    None where no mark of its key reads. The face scan counts a noisy patch only where that copy
    holds one too: the watermark's noise on a flat dark area reads as a roughened bar
    (docs/LIKENESS.md, "The studio's own mark"). The key is read at the first use."""
    marker: list = []

    def scan_copy(pixels: Any):
        if not marker:
            from creator.disclosure.watermark import Watermarker

            marker.append(Watermarker(settings.watermark_key()))
        return marker[0].unmark_array(pixels)

    return scan_copy


def operations_for(settings: Any, registry: Any):
    """The consent operations service with this installation's persona check; enrollment's face
    scan tells this installation's own mark from a roughened bar (:func:`own_mark_off`)."""
    from consent.operations import Operations

    return Operations(registry, persona_photo_check=persona_photo_checker(settings, registry),
                      scan_copy=own_mark_off(settings))
