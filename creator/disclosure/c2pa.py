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
  and its payload (base64), so a stripped copy can be resolved through the manifest store;
  with it, a ``c2pa.watermarked`` action (c2pa refuses that action without a soft binding).
- ``org.consent-studio.generation`` (``version`` 1) only for an output that carries no real
  person's likeness (no grant in the consent assertion): the seed, step count, width,
  height and the model's sha256 (:class:`~creator.disclosure.context.GenerationSettings`),
  nothing else — no prompt, no names, no paths. With a real person's likeness it is left
  out: no grant term allows handing out what helps re-create their image.
- ``org.consent-studio.time-stamp`` (``version`` 1) only when a time-stamp authority is
  configured but failed: the file was signed without an RFC 3161 time-stamp, and this
  says which TSA and why (``unreachable``, ``http_error``, ``bad_reply``), so verify can
  report the gap. A time-stamp itself lives in the signature (c2pa ``sigTst2``), not in an
  assertion; readers report it as ``signature_info.time`` + ``timeStamp.*`` codes.

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
    "GENERATION_LABEL",
    "SB942_LABEL",
    "SOFT_BINDING_LABEL",
    "TIME_STAMP_GAP_LABEL",
    "TRAINING_MINING_LABEL",
    "WATERMARKED_ACTION",
    "ManifestReadout",
    "SoftBinding",
    "TimeStampGap",
    "TimeStampReadout",
    "build_manifest",
    "read_manifest",
    "sign",
]

CONSENT_LABEL = "org.consent-studio.likeness-consent"
SB942_LABEL = "org.consent-studio.ca-sb942-latent"
GENERATION_LABEL = "org.consent-studio.generation"
TRAINING_MINING_LABEL = "cawg.training-mining"
SOFT_BINDING_LABEL = "c2pa.soft-binding"
TIME_STAMP_GAP_LABEL = "org.consent-studio.time-stamp"
WATERMARKED_ACTION = "c2pa.watermarked"
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
class TimeStampGap:
    """A file signed without a time-stamp although a TSA is configured: which TSA, and why.

    ``reason``: ``unreachable``, ``http_error`` or ``bad_reply``; ``tried`` is False when
    the TSA was not asked because it had failed moments before (see ``TSA_RETRY_AFTER_S``).
    """

    tsa_url: str
    reason: str
    detail: str = ""
    tried: bool = True

    _REASONS = {
        "unreachable": "could not be reached",
        "http_error": "answered with an HTTP error",
        "bad_reply": "sent no usable time-stamp",
    }

    @property
    def message(self) -> str:
        what = self._REASONS.get(self.reason, f"failed ({self.reason})")
        retry = "" if self.tried else " (not asked again: it had failed moments before)"
        return f"not time-stamped: the TSA at {self.tsa_url} {what} when this was signed{retry}"

    def to_assertion(self) -> dict[str, Any]:
        return {"label": TIME_STAMP_GAP_LABEL, "data": {
            "version": 1, "time_stamped": False, "tsa_url": self.tsa_url, "reason": self.reason,
            "detail": self.detail, "tried": self.tried}}

    @classmethod
    def from_assertion(cls, data: Any) -> "TimeStampGap | None":
        if not isinstance(data, dict) or type(data.get("version")) is not int or data.get("version") != 1 \
                or data.get("time_stamped") is not False:
            return None
        url, reason = data.get("tsa_url"), data.get("reason")
        if not isinstance(url, str) or not isinstance(reason, str):
            return None
        return cls(url, reason, str(data.get("detail") or ""), data.get("tried") is not False)


@dataclass(frozen=True)
class TimeStampReadout:
    """The RFC 3161 time-stamp of a manifest's signature, as c2pa validated it.

    ``state``: ``trusted`` (valid, from a TSA that chains to a trust anchor: the signature
    stays valid after the signing certificate expires), ``untrusted`` (valid, but the TSA is
    not trusted here: it does not count), ``invalid`` (c2pa rejected it) or ``none``.
    """

    state: str
    time: dt.datetime | None = None
    tsa: str | None = None
    codes: tuple[str, ...] = ()
    #: Our record of why a configured TSA gave no time-stamp (None: not recorded).
    gap: TimeStampGap | None = None

    @property
    def trusted(self) -> bool:
        return self.state == "trusted"

    @property
    def message(self) -> str:
        when = self.time.strftime("%Y-%m-%d %H:%M:%S UTC") if self.time else "an unknown time"
        by = f" by {self.tsa}" if self.tsa else ""
        if self.state == "trusted":
            return f"time-stamped {when}{by} (trusted time-stamp authority)"
        if self.state == "untrusted":
            return (f"time-stamped {when}{by}, but that time-stamp authority is not trusted here, "
                    "so the time-stamp does not count")
        if self.state == "invalid":
            return f"the manifest's time-stamp is invalid ({', '.join(self.codes) or 'rejected'})"
        if self.gap is not None:
            return self.gap.message
        return "manifest carries no trusted time-stamp"

    def to_dict(self) -> dict[str, Any]:
        return {"state": self.state, "time": self.time.isoformat() if self.time else None, "tsa": self.tsa,
                "codes": list(self.codes), "message": self.message,
                "gap": None if self.gap is None else {"tsa_url": self.gap.tsa_url, "reason": self.gap.reason,
                                                      "tried": self.gap.tried}}


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
    #: Serial number of the signing certificate (None when not reported).
    signer_serial: int | None = None
    #: End of validity of the certificate that signed the active manifest, as c2pa reports it
    #: (read for a *Trusted* manifest only; None otherwise or when not reported).
    signer_not_after: dt.datetime | None = None
    ingredients: tuple[dict[str, Any], ...] = ()
    error: str | None = None
    time_stamp: TimeStampReadout = field(default_factory=lambda: TimeStampReadout("none"))

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
                   soft_binding: SoftBinding | None, time_stamp_gap: TimeStampGap | None = None) -> dict[str, Any]:
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
    if ctx.generation is not None:
        assertions.append({"label": GENERATION_LABEL, "data": ctx.generation.to_dict()})
    if soft_binding is not None:
        assertions.append(soft_binding.to_assertion())
    if time_stamp_gap is not None:
        assertions.append(time_stamp_gap.to_assertion())
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
            binding = next((a["data"] for a in manifest.get("assertions", []) if a.get("label") == SOFT_BINDING_LABEL), None)
            if binding is not None:
                gen = (manifest.get("claim_generator_info") or [{}])[0]
                builder.add_action({"action": WATERMARKED_ACTION,
                                    "softwareAgent": {"name": gen.get("name", _GENERATOR), "version": gen.get("version", "")},
                                    "description": "invisible watermark carrying the soft binding's payload",
                                    "parameters": {"org.consent-studio.watermark": binding["alg"]}})
            for i, ref in enumerate(ctx.reference_paths, 1):
                _add_ingredient(builder, ref, "inputTo", f"reference {i}")
            out = io.BytesIO()
            builder.sign(signer, mime, io.BytesIO(data), out)
    except c2pa.C2paError as e:
        raise DisclosureError(f"C2PA signing failed: {e}") from None
    return out.getvalue()


#: Where c2pa reads a manifest store from, or a reference to a remote one: a PNG ``caBX``
#: chunk or ``iTXt`` (XMP) chunk; a JPEG APP11 (JUMBF) or APP1 (XMP, EXIF) marker. A JPEG's
#: coded data stuffs every 0xFF with 0x00, so a marker's two bytes appear nowhere else but
#: inside another segment (and then the file is read by c2pa).
_PNG_STORE_CHUNKS = (b"caBX", b"iTXt")
_JPEG_STORE_MARKERS = (b"\xff\xeb", b"\xff\xe1")


def holds_no_manifest(data: bytes, mime: str) -> bool:
    """True when ``data`` (a PNG or JPEG of ``mime``) is well formed as far as c2pa's reader
    parses it and can neither hold a C2PA manifest store nor point to one: no PNG chunk of
    :data:`_PNG_STORE_CHUNKS`, none of :data:`_JPEG_STORE_MARKERS` anywhere in a JPEG (a copy
    saved without metadata). c2pa's reader says *NoManifest* of such a file; this says so
    without it. False means only "ask c2pa" (which also tells a file it cannot parse,
    *Unreadable*, from one without a manifest)."""
    if mime == "image/png":
        return _png_chunks_end(data)
    if mime == "image/jpeg":
        return not any(m in data for m in _JPEG_STORE_MARKERS) and _jpeg_reaches_scan(data)
    return False


def _png_chunks_end(data: bytes) -> bool:
    """Every chunk of the PNG fits in the file and has a name of letters, none is a
    :data:`_PNG_STORE_CHUNKS`, up to an IEND chunk; no such chunk's name after it."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    pos = 8
    while pos + 12 <= len(data):
        end = pos + 12 + int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if end > len(data) or not kind.isalpha():  # c2pa refuses a chunk name that is not 4 ASCII letters
            return False
        if kind in _PNG_STORE_CHUNKS:
            return False
        if kind == b"IEND":  # and nothing after it that could be such a chunk
            return not any(k in data[end:] for k in _PNG_STORE_CHUNKS)
        pos = end
    return False


def _jpeg_reaches_scan(data: bytes) -> bool:
    """The JPEG's marker segments, from SOI, fit in the file up to a start of scan, and some
    coded data follows it."""
    if not data.startswith(b"\xff\xd8"):
        return False
    pos = 2
    while pos + 4 <= len(data):
        marker = data[pos + 1]
        if data[pos] != 0xFF or marker in (0x00, 0xFF, 0x01, 0xD8, 0xD9) or 0xD0 <= marker <= 0xD7:
            return False
        end = pos + 2 + int.from_bytes(data[pos + 2:pos + 4], "big")
        if end > len(data) or end < pos + 4:
            return False
        if marker == 0xDA:
            return end < len(data)  # c2pa cannot parse a file that ends with the scan's header
        pos = end
    return False


NO_MANIFEST = "no C2PA manifest in the file"


def read_manifest(data: bytes, mime: str, context: c2pa.Context, *, signer_validity: bool = True) -> ManifestReadout:
    """Read and validate the C2PA manifest of ``data`` with the trust anchors of ``context``.

    ``signer_validity=False`` leaves ``signer_not_after`` unset (None) without asking c2pa for
    its crJSON report (≈ 0.3-0.5 ms at 512²): for a caller that does not use it, such as
    disclose()'s read-back; validation and everything else read are the same."""
    try:
        reader = c2pa.Reader(mime, io.BytesIO(data), context=context)
    except c2pa.C2paError as e:
        if type(e).__name__.endswith("ManifestNotFound") or "ManifestNotFound" in str(e):
            return ManifestReadout(state="NoManifest", error=NO_MANIFEST)
        return ManifestReadout(state="Unreadable", error=f"C2PA manifest unreadable: {e}")
    with reader:
        try:
            # one parse of the store: Reader.get_validation_state() would parse the same JSON again
            store = json.loads(reader.json())
            state = store.get("validation_state") or "Invalid"
        except (c2pa.C2paError, json.JSONDecodeError) as e:
            return ManifestReadout(state="Unreadable", error=f"C2PA manifest unreadable: {e}")
        not_after = (_signer_not_after(reader, store.get("active_manifest"))
                     if state == "Trusted" and signer_validity else None)
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
    try:
        serial = int(sig["cert_serial_number"]) if sig.get("cert_serial_number") else None
    except (TypeError, ValueError):
        serial = None
    return ManifestReadout(
        state=state,
        manifest_label=label,
        failure_codes=tuple(dict.fromkeys(f.get("code", "?") for f in failures)),
        failure_explanations=tuple(dict.fromkeys(f.get("explanation", "") for f in failures if f.get("explanation"))),
        assertions=assertions,
        digital_source_type=dst,
        signer=sig.get("common_name"),
        signer_issuer=sig.get("issuer"),
        signer_serial=serial,
        signer_not_after=not_after,
        ingredients=tuple(manifest.get("ingredients", [])),
        time_stamp=_time_stamp(sig, results.get("activeManifest") or {}, assertions.get(TIME_STAMP_GAP_LABEL)),
    )


def _signer_not_after(reader: c2pa.Reader, label: str | None) -> dt.datetime | None:
    """When the certificate that signed manifest ``label`` stops being valid (c2pa's
    ``crjson`` report of it, ~0.3 ms); None when it is not reported. Only what c2pa says of
    *this* file's certificate bounds how long its Trusted validation may be remembered: a
    certificate of another trusted issuer can carry this installation's serial and name."""
    try:
        for m in json.loads(reader.crjson()).get("manifests") or []:
            if label and m.get("label") == label:
                text = m["signature"]["certificateInfo"]["validity"]["notAfter"]
                when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
                return when if when.tzinfo is not None else None
    except Exception:  # noqa: BLE001 - not reported: the readout is then not remembered
        return None
    return None


# --------------------------------------------------------------------------------------


def _builder_context() -> c2pa.Context:
    """One shared builder Context: no thumbnails (see the module docstring), and no second
    validation inside ``sign`` (``verify_after_sign``): every signed file is read back and
    validated in full, against the trust anchors, before it is written (disclosure's
    read-back step), so c2pa's own structural check would only repeat part of it. No remote
    manifest fetch: an input image's XMP may name any URL (``dcterms:provenance``), and c2pa
    would fetch it from this server while adding the image as an ingredient."""
    global _builder_ctx
    with _ctx_lock:
        if _builder_ctx is None:
            _builder_ctx = c2pa.Context.from_dict({"builder": {"thumbnail": {"enabled": False}},
                                                   # an ingredient's XMP may name a remote manifest: never fetched
                                                   "verify": {"verify_after_sign": False, "remote_manifest_fetch": False}})
        return _builder_ctx


def _time_stamp(sig: dict[str, Any], active: dict[str, Any], gap_data: Any) -> TimeStampReadout:
    """The signature's time-stamp from c2pa's ``timeStamp.*`` status codes and signature_info.time."""
    entries = [(kind, e) for kind in ("success", "informational", "failure") for e in active.get(kind) or []
               if str(e.get("code", "")).startswith("timeStamp.")]
    codes = tuple(dict.fromkeys(str(e["code"]) for _, e in entries))
    when = None
    if sig.get("time"):
        try:
            when = dt.datetime.fromisoformat(str(sig["time"]).replace("Z", "+00:00")).astimezone(dt.timezone.utc)
        except ValueError:
            when = None
    tsa = None
    for _, e in entries:  # c2pa names the TSA in its explanations ("timestamp cert trusted: NAME, trust list: …")
        text = str(e.get("explanation") or "")
        if ": " in text:
            tsa = text.split(": ", 1)[1].split(", trust list")[0].strip() or None
            break
    bad = {"timeStamp.mismatch", "timeStamp.malformed", "timeStamp.outsideValidity"}
    if any(kind == "failure" or e.get("code") in bad for kind, e in entries):
        state = "invalid"
    elif "timeStamp.trusted" in codes:
        state = "trusted"
    elif codes or when is not None:
        state = "untrusted"
    else:
        state = "none"
    gap = TimeStampGap.from_assertion(gap_data) if gap_data is not None else None
    return TimeStampReadout(state=state, time=when, tsa=tsa, codes=codes, gap=gap)


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
