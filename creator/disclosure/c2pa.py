"""The signed C2PA manifest: what it holds, signing it, and reading it back.

Manifest contents (c2pa-python 0.38, claim v2):

- ``c2pa.actions.v2``: ``c2pa.created`` with ``digitalSourceType`` (builder intent CREATE),
  or, for edits, ``c2pa.opened`` of the source frame (a ``parentOf`` ingredient, intent
  EDIT) and ``c2pa.edited`` with the digital source type. ``softwareAgent`` names the model
  (id + version); ``parameters`` name the engine. Reference photos are ``inputTo``
  ingredients, titled ``reference N`` (file names may hold a person's name).
- ``cawg.training-mining``: AI training, generative training, inference, data mining all
  ``notAllowed``.
- ``org.consent-studio.likeness-consent`` (``version`` 1): decision id and time, purpose,
  operation, territories, per likeness an opaque subject ref, kind, source, grant id and
  grant sha256; fictional personas by opaque ref. No names, no face data.
- ``org.consent-studio.ca-sb942-latent`` (``version`` 1): California SB 942 latent
  disclosure — provider, system name and version, creation time, unique id.
- ``c2pa.soft-binding`` when a watermark was embedded: the watermark's algorithm name
  and its payload (base64), so a stripped copy can be resolved through the manifest store.

**Thumbnail policy: none.** c2pa embeds a 1024 px JPEG thumbnail by default. We turn it
off (``builder.thumbnail.enabled = false``, which also covers ingredient thumbnails):
it costs ~60 ms per image (20× the signature itself at 512²), and for this product it is
a liability — a copy of a real person's likeness, and of every reference photo, would be
kept inside the manifest, where it outlives the image in manifest stores even after a
grant is revoked. The signed file *is* the picture; readers render it directly.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import c2pa

from creator.disclosure.context import DisclosureContext
from creator.disclosure.xmp import digital_source_type_uri
from creator.errors import DisclosureError

__all__ = [
    "CONSENT_LABEL",
    "SB942_LABEL",
    "SOFT_BINDING_LABEL",
    "TRAINING_MINING_LABEL",
    "ManifestReadout",
    "SoftBinding",
    "build_manifest",
    "read_manifest",
    "sign",
]

CONSENT_LABEL = "org.consent-studio.likeness-consent"
SB942_LABEL = "org.consent-studio.ca-sb942-latent"
TRAINING_MINING_LABEL = "cawg.training-mining"
SOFT_BINDING_LABEL = "c2pa.soft-binding"
_GENERATOR = "Consent Studio"
_MIME = {"png": "image/png", "jpeg": "image/jpeg"}
_DST_ENUM = {
    "trainedAlgorithmicMedia": c2pa.C2paDigitalSourceType.TRAINED_ALGORITHMIC_MEDIA,
    "compositeWithTrainedAlgorithmicMedia": c2pa.C2paDigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA,
}

_ctx_lock = threading.Lock()
_builder_ctx: c2pa.Context | None = None


@dataclass(frozen=True)
class SoftBinding:
    """A watermark's soft binding: algorithm name and payload (hex)."""

    alg: str
    payload_hex: str

    def to_assertion(self) -> dict[str, Any]:
        value = base64.b64encode(bytes.fromhex(self.payload_hex)).decode()
        return {"label": SOFT_BINDING_LABEL, "data": {"alg": self.alg, "blocks": [{"scope": {}, "value": value}]}}


@dataclass(frozen=True)
class ManifestReadout:
    """What a reader found in a file.

    ``state``: ``Trusted``, ``Valid`` (signature fine, signer not trusted), ``Invalid``,
    ``NoManifest`` or ``Unreadable``. ``assertions`` maps label -> data of the active
    manifest. ``failure_codes`` are c2pa validation codes (e.g. ``assertion.dataHash.mismatch``).
    """

    state: str
    manifest_label: str | None = None
    failure_codes: tuple[str, ...] = ()
    failure_explanations: tuple[str, ...] = ()
    assertions: dict[str, Any] = field(default_factory=dict)
    digital_source_type: str | None = None
    signer: str | None = None
    signer_issuer: str | None = None
    ingredients: tuple[dict[str, Any], ...] = ()
    error: str | None = None

    @property
    def trusted(self) -> bool:
        return self.state == "Trusted"

    @property
    def soft_binding_payload(self) -> str | None:
        sb = self.assertions.get(SOFT_BINDING_LABEL)
        try:
            return base64.b64decode(sb["blocks"][0]["value"]).hex() if sb else None
        except (KeyError, IndexError, TypeError, ValueError):
            return None


def build_manifest(ctx: DisclosureContext, *, fmt: str, provider: str, generator_version: str,
                   soft_binding: SoftBinding | None) -> dict[str, Any]:
    """The manifest definition (without actions/ingredients, which :func:`sign` adds)."""
    assertions: list[dict[str, Any]] = [
        {"label": TRAINING_MINING_LABEL, "data": {"entries": {
            "cawg.ai_generative_training": {"use": "notAllowed"},
            "cawg.ai_inference": {"use": "notAllowed"},
            "cawg.ai_training": {"use": "notAllowed"},
            "cawg.data_mining": {"use": "notAllowed"},
        }}},
        {"label": CONSENT_LABEL, "data": ctx.consent.to_dict()},
        {"label": SB942_LABEL, "data": {
            "version": 1,
            "provider": provider,
            "system_name": f"{ctx.engine}:{ctx.model_id}",
            "system_version": ctx.model_version,
            "created_at": ctx.created_at.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"),
            "unique_id": ctx.unique_id,
        }},
    ]
    if soft_binding is not None:
        assertions.append(soft_binding.to_assertion())
    return {
        "claim_generator_info": [{"name": _GENERATOR, "version": generator_version}],
        "title": f"{ctx.unique_id}.{'png' if fmt == 'png' else 'jpg'}",
        "format": _MIME[fmt],
        "assertions": assertions,
    }


def sign(data: bytes, fmt: str, manifest: dict[str, Any], ctx: DisclosureContext, signer: c2pa.Signer) -> bytes:
    """Sign ``data`` (already carrying its XMP) and return the signed file's bytes."""
    mime = _MIME[fmt]
    dst_uri = digital_source_type_uri(ctx.digital_source_type)
    agent = {"name": ctx.model_id, "version": ctx.model_version}
    params = {"org.consent-studio.engine": ctx.engine}
    try:
        builder = c2pa.Builder(manifest, context=_builder_context())
        with builder:
            if ctx.source_path is None:
                builder.set_intent(c2pa.C2paBuilderIntent.CREATE, _DST_ENUM[ctx.digital_source_type])
                builder.add_action({"action": "c2pa.created", "digitalSourceType": dst_uri,
                                    "softwareAgent": agent, "parameters": params})
            else:
                _add_ingredient(builder, ctx.source_path, "parentOf", "source frame")
                builder.set_intent(c2pa.C2paBuilderIntent.EDIT)
                builder.add_action({"action": "c2pa.edited", "digitalSourceType": dst_uri,
                                    "softwareAgent": agent, "parameters": params})
            for i, ref in enumerate(ctx.reference_paths, 1):
                _add_ingredient(builder, ref, "inputTo", f"reference {i}")
            out = io.BytesIO()
            builder.sign(signer, mime, io.BytesIO(data), out)
    except c2pa.C2paError as e:
        raise DisclosureError(f"C2PA signing failed: {e}") from None
    return out.getvalue()


def read_manifest(data: bytes, mime: str, context: c2pa.Context) -> ManifestReadout:
    """Read and validate the C2PA manifest of ``data`` with the trust anchors of ``context``."""
    try:
        reader = c2pa.Reader(mime, io.BytesIO(data), context=context)
    except c2pa.C2paError as e:
        if type(e).__name__.endswith("ManifestNotFound") or "ManifestNotFound" in str(e):
            return ManifestReadout(state="NoManifest", error="no C2PA manifest in the file")
        return ManifestReadout(state="Unreadable", error=f"C2PA manifest unreadable: {e}")
    with reader:
        try:
            state = reader.get_validation_state() or "Invalid"
            store = json.loads(reader.json())
        except (c2pa.C2paError, json.JSONDecodeError) as e:
            return ManifestReadout(state="Unreadable", error=f"C2PA manifest unreadable: {e}")
    label = store.get("active_manifest")
    manifest = store.get("manifests", {}).get(label, {}) if label else {}
    assertions: dict[str, Any] = {}
    for a in manifest.get("assertions", []):
        assertions.setdefault(a.get("label"), a.get("data"))
    dst = None
    for lab, data_ in assertions.items():
        if lab and lab.startswith("c2pa.actions"):
            for action in (data_ or {}).get("actions", []):
                if action.get("action") in ("c2pa.created", "c2pa.edited") and action.get("digitalSourceType"):
                    dst = action["digitalSourceType"]
    results = store.get("validation_results") or {}
    failures = list((results.get("activeManifest") or {}).get("failure", []))
    for delta in results.get("ingredientDeltas") or []:
        failures += (delta.get("validationDeltas") or {}).get("failure", [])
    failures += [s for s in store.get("validation_status", []) if s not in failures
                 and not str(s.get("code", "")).endswith((".trusted", ".validated", ".match", ".insideValidity"))]
    if state not in ("Trusted", "Valid", "Invalid"):
        state = "Invalid"
    sig = manifest.get("signature_info") or {}
    return ManifestReadout(
        state=state,
        manifest_label=label,
        failure_codes=tuple(dict.fromkeys(f.get("code", "?") for f in failures)),
        failure_explanations=tuple(dict.fromkeys(f.get("explanation", "") for f in failures if f.get("explanation"))),
        assertions=assertions,
        digital_source_type=dst,
        signer=sig.get("common_name"),
        signer_issuer=sig.get("issuer"),
        ingredients=tuple(manifest.get("ingredients", [])),
    )


# --------------------------------------------------------------------------------------


def _builder_context() -> c2pa.Context:
    """One shared builder Context: no thumbnails (see the module docstring)."""
    global _builder_ctx
    with _ctx_lock:
        if _builder_ctx is None:
            _builder_ctx = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": False}}})
        return _builder_ctx


def _sniff_mime(head: bytes) -> str | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _add_ingredient(builder: c2pa.Builder, path: Path, relationship: str, title: str) -> None:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise DisclosureError(f"{relationship} ingredient {path}: cannot read ({e.strerror})") from None
    mime = _sniff_mime(data[:16])
    if mime is None:
        raise DisclosureError(f"{relationship} ingredient {path}: not a PNG, JPEG or WebP file")
    builder.add_ingredient({"title": title, "relationship": relationship}, mime, io.BytesIO(data))
