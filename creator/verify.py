"""``verify(file)``: is this a disclosed Consent Studio output, and is its consent still good?

A file is **OK** only when all of these hold:

1. its C2PA manifest validates and its signer chains to a trust anchor (*Trusted*);
   *Valid* (good signature, unknown signer), *Invalid* (with c2pa's failure codes) and a
   missing manifest (stripped by a re-encode, or never signed) are FAIL;
2. the manifest declares an IPTC digital source type and carries our consent assertion;
3. the XMP's ``Iptc4xmpExt:DigitalSourceType`` is present and agrees with the manifest;
4. with a registry at hand, every grant the consent assertion names is in the registry,
   its stored digest equals the one signed into the manifest, and it is *current now*:
   not revoked, not expired, already started. A revoked or expired grant is FAIL — the
   image was made with consent, but that consent no longer covers using it — and the
   report says so: ``made under grant G, revoked on …``.

Without a registry the grants are reported as ``unchecked`` and do not fail the file.

The invisible watermark is read from the pixels as well. When a copy has lost its
manifest (a re-encode, a screenshot saved as PNG, a platform that strips metadata), the
watermark payload is looked up in the registry's output records — the local manifest
store — and the original signed output is verified in its place: the copy still FAILs
(it carries no credentials itself), but the report says which output it came from and
under which consent (``recovered``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from consent.errors import NotFound, RegistryError
from consent.records import GrantStatus
from creator.disclosure import c2pa as _c2pa
from creator.disclosure import xmp as _xmp
from creator.disclosure.context import ConsentAssertion
from creator.disclosure.keys import verification_context
from creator.errors import DisclosureError

__all__ = ["GrantCheck", "VerificationReport", "verify"]

_MIME = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class GrantCheck:
    """The status *now* of one grant an output was made under."""

    grant_id: str
    #: current | revoked | expired | not_yet_valid | not_found | digest_mismatch | unchecked | error
    status: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status in ("current", "unchecked")

    def to_dict(self) -> dict[str, Any]:
        return {"grant_id": self.grant_id, "status": self.status, "message": self.message, "ok": self.ok}


@dataclass(frozen=True)
class VerificationReport:
    """Verdict on one file; ``reasons`` says why it failed (empty when OK)."""

    path: Path
    ok: bool
    reasons: tuple[str, ...]
    c2pa_state: str
    failure_codes: tuple[str, ...] = ()
    manifest_label: str | None = None
    signer: str | None = None
    digital_source_type_manifest: str | None = None
    digital_source_type_xmp: str | None = None
    ai_system: str | None = None
    consent: dict[str, Any] | None = None
    grants: tuple[GrantCheck, ...] = ()
    watermark_payload: str | None = None
    training_mining: dict[str, Any] | None = field(default=None, repr=False)
    #: Payload read from the pixels (None: no mark found, or the pixels could not be read).
    watermark_read: str | None = None
    #: For a copy without a manifest: the original output its watermark resolves to.
    recovered: "VerificationReport | None" = field(default=None, repr=False)

    @property
    def summary(self) -> str:
        return f"OK: {self.path}" if self.ok else f"FAIL: {self.path} — {'; '.join(self.reasons)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "ok": self.ok,
            "reasons": list(self.reasons),
            "c2pa_state": self.c2pa_state,
            "failure_codes": list(self.failure_codes),
            "manifest_label": self.manifest_label,
            "signer": self.signer,
            "digital_source_type": {"manifest": self.digital_source_type_manifest, "xmp": self.digital_source_type_xmp},
            "ai_system": self.ai_system,
            "consent": self.consent,
            "grants": [g.to_dict() for g in self.grants],
            "watermark_payload": self.watermark_payload,
            "watermark_read": self.watermark_read,
            "recovered": self.recovered.to_dict() if self.recovered is not None else None,
        }


def verify(path: Path | str, *, settings: Any, registry: Any | None = None,
           now: dt.datetime | None = None) -> VerificationReport:
    """Verify one file. Never raises for a bad file (that is a FAIL report); raises
    :class:`DisclosureError` only when verification itself cannot run (bad trust anchors)."""
    path = Path(path)
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        data = path.read_bytes()
    except OSError as e:
        return VerificationReport(path, False, (f"cannot read file ({e.strerror})",), "Unreadable")
    mime = next((m for magic, m in _MIME.items() if data.startswith(magic)), None)
    if mime is None:
        return VerificationReport(path, False, ("not a PNG or JPEG file",), "Unreadable")

    reasons: list[str] = []
    readout = _c2pa.read_manifest(data, mime, verification_context(settings))
    if readout.state == "NoManifest":
        reasons.append("no C2PA manifest (stripped by a re-encode, or never signed)")
    elif readout.state == "Unreadable":
        reasons.append(readout.error or "C2PA manifest unreadable")
    elif readout.state == "Valid":
        reasons.append(f"signature valid but the signer {readout.signer or '?'} (issuer {readout.signer_issuer or '?'}) "
                       "is not trusted (no trust anchor for its root)")
    elif readout.state == "Invalid":
        reasons.append(f"C2PA validation failed: {', '.join(readout.failure_codes) or 'invalid manifest'}")

    try:
        packet = _xmp.read_xmp(data)
    except DisclosureError as e:
        reasons.append(str(e))
        packet = None
    fields = _xmp.parse_xmp(packet) if packet else {}
    xmp_dst = fields.get("digital_source_type")
    has_manifest = readout.state in ("Trusted", "Valid", "Invalid")
    if has_manifest and not readout.digital_source_type:
        reasons.append("manifest declares no digitalSourceType")
    if not xmp_dst:
        reasons.append("XMP Iptc4xmpExt:DigitalSourceType missing")
    elif readout.digital_source_type and xmp_dst != readout.digital_source_type:
        reasons.append(f"XMP DigitalSourceType {xmp_dst} differs from the manifest's {readout.digital_source_type}")

    consent_data = readout.assertions.get(_c2pa.CONSENT_LABEL)
    consent: ConsentAssertion | None = None
    if has_manifest:
        if consent_data is None:
            reasons.append(f"consent assertion {_c2pa.CONSENT_LABEL} missing")
        else:
            try:
                consent = ConsentAssertion.from_dict(consent_data)
            except DisclosureError as e:
                reasons.append(str(e))

    grants: list[GrantCheck] = []
    if consent is not None:
        for entry in consent.likenesses:
            check = _check_grant(entry.grant_id, entry.grant_sha256, registry, now)
            grants.append(check)
            if not check.ok:
                reasons.append(check.message)

    wm_read = _read_watermark(data)
    soft = readout.soft_binding_payload
    if readout.state == "Trusted" and soft and wm_read and wm_read != soft:
        reasons.append(f"pixel watermark {wm_read} differs from the manifest's soft binding {soft}")
    recovered = None
    if not has_manifest and wm_read:
        recovered = _recover(wm_read, settings, registry, now, reasons)

    return VerificationReport(
        path=path,
        ok=not reasons,
        reasons=tuple(reasons),
        c2pa_state=readout.state,
        failure_codes=readout.failure_codes,
        manifest_label=readout.manifest_label,
        signer=readout.signer,
        digital_source_type_manifest=readout.digital_source_type,
        digital_source_type_xmp=xmp_dst,  # type: ignore[arg-type]
        ai_system=fields.get("ai_system"),  # type: ignore[arg-type]
        consent=consent_data if isinstance(consent_data, dict) else None,
        grants=tuple(grants),
        watermark_payload=readout.soft_binding_payload,
        training_mining=readout.assertions.get(_c2pa.TRAINING_MINING_LABEL),
        watermark_read=wm_read,
        recovered=recovered,
    )


def _read_watermark(data: bytes) -> str | None:
    """Payload of the studio's invisible watermark in these image bytes, or None."""
    import io
    import warnings

    from PIL import Image

    from creator.disclosure.watermark import Watermarker

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                return Watermarker().read(im).payload
    except Exception:  # unreadable pixels: no watermark claim either way
        return None


def _recover(payload: str, settings: Any, registry: Any | None, now: dt.datetime,
             reasons: list[str]) -> "VerificationReport | None":
    """Resolve a watermark payload to its signed original through the output records."""
    if registry is None:
        reasons.append(f"invisible watermark {payload} found; open the studio's registry to recover its credentials")
        return None
    try:
        rec = registry.find_output(watermark_payload=payload)
    except RegistryError as e:
        reasons.append(f"invisible watermark {payload} found, but the registry could not be read: {e}")
        return None
    if rec is None:
        reasons.append(f"invisible watermark {payload} found, but no output of this studio carries it")
        return None
    original = Path(rec.path)
    if not original.is_file():
        reasons.append(f"credentials recovered via invisible watermark {payload}: output {rec.sha256[:16]}… "
                       f"(decision {rec.decision_id}, grants {list(rec.grant_ids) or 'none'}), but the signed original "
                       f"{original} is missing")
        return None
    report = verify(original, settings=settings, registry=registry, now=now)
    verdict = "Trusted" if report.ok else "FAIL: " + "; ".join(report.reasons)
    grants = ", ".join(f"{g.grant_id} ({g.status})" for g in report.grants) or "no likeness grants"
    reasons.append(f"credentials recovered via invisible watermark {payload}: this is a copy of output "
                   f"{rec.sha256[:16]}… made under decision {rec.decision_id}, {grants}; original {verdict}")
    return report


# --------------------------------------------------------------------------------------


def _when(t: dt.datetime) -> str:
    if t.tzinfo is None:
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _check_grant(grant_id: str, signed_sha256: str, registry: Any | None, now: dt.datetime) -> GrantCheck:
    if registry is None:
        return GrantCheck(grant_id, "unchecked", f"made under grant {grant_id} (not checked: no registry)")
    try:
        view = registry.get_grant(grant_id)
    except NotFound:
        return GrantCheck(grant_id, "not_found", f"made under grant {grant_id}, which is not in the registry")
    except RegistryError as e:
        return GrantCheck(grant_id, "error", f"made under grant {grant_id}; registry lookup failed: {e}")
    stored = view.sha256
    if stored != signed_sha256:
        return GrantCheck(grant_id, "digest_mismatch",
                          f"made under grant {grant_id} with digest {signed_sha256[:16]}…, but the registry's grant "
                          f"has digest {str(stored)[:16]}…: the grant was altered or is a different record")
    # One meaning of a grant's status, shared with the policy, the CLI and the UI.
    status = view.status(now)
    if status is GrantStatus.REVOKED:
        reason = view.revocation.reason
        why = f" ({reason})" if reason else ""
        return GrantCheck(grant_id, "revoked", f"made under grant {grant_id}, revoked on {_when(view.revocation.revoked_at)}{why}")
    if status is GrantStatus.EXPIRED:
        return GrantCheck(grant_id, "expired", f"made under grant {grant_id}, expired on {_when(view.grant.valid_until)}")
    if status is GrantStatus.NOT_YET_VALID:
        return GrantCheck(grant_id, "not_yet_valid",
                          f"made under grant {grant_id}, which only starts on {_when(view.grant.valid_from)}")
    scheduled = (f"; revocation scheduled for {_when(view.revocation.revoked_at)}" if view.revocation is not None else "")
    return GrantCheck(grant_id, "current", f"made under grant {grant_id}, current{scheduled}")
