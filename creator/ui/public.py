"""Public verify: anyone, without signing in, can ask what the studio knows about an image.

Routes (all under :data:`PREFIX`; :func:`is_public` is the exact list the server's guard lets
through without a login — every other path stays behind the studio's sign-in):

- ``GET /public/verify`` — a plain server-rendered page with one upload form (no script);
  ``POST /public/verify`` renders the answer as a page.
- ``POST /public/api/verify`` — the same answer as JSON (multipart upload, field ``file``).
- The C2PA **Soft Binding Resolution API** under ``/public/c2pa``:
  ``GET /services/supportedAlgorithms``; ``GET`` and ``POST /matches/byBinding`` (``alg`` +
  base64 ``value`` → manifest ids); ``POST /matches/byContent`` (an image; its watermark is
  read here); ``GET /manifests/{manifestId}``.

What an answer holds: only disclosure facts (:func:`public_facts`) — the verdict, whether the
image is AI-generated, the provider and AI system, when it was made and whether a trusted
time-stamp says so, whether a real person's likeness was used under a recorded consent
decision and whether that consent is current or revoked, whether the invisible watermark was
found and which original (short output id) it resolves to, whether the AI label is in the
file's metadata. **Never** prompts, file names or paths, user names, subject names or ids,
grant or decision ids, keys, e-mails or internal error text: the facts are built field by
field from the verification report (a whitelist), never by filtering it.

``/manifests/{manifestId}`` returns those facts as JSON, not the manifest store: the studio's
manifests carry pseudonymous ids — the subject's opaque ref, the grant id and digest, the
decision id — that link an image to a person's consent record; published together they let
anyone follow one person across every image made of them. The manifest itself stays in the
signed file, for whoever holds that file.

Uploads: at most :attr:`PublicLimits.max_upload_bytes` (refused from ``Content-Length``
before reading, and again while streaming when the header lies), decoded once by
:func:`consent.imaging.decode` with :attr:`PublicLimits.max_pixels` (decompression bombs,
animations, other formats refused) and verified **in memory**: nothing from a request is
written to disk (the multipart body is parsed in memory, never spooled). Each client address
(IPv6: each /64 network) has a token bucket (:class:`TokenBucket`; 429 with ``Retry-After``),
at most :attr:`PublicLimits.concurrency` verifications run at once (503 with ``Retry-After``
past a short wait), at most :attr:`PublicLimits.uploads_in_flight` uploads are held at once
(:attr:`PublicLimits.uploads_per_client` by one address; 503), each must arrive within :attr:`PublicLimits.upload_timeout_s` (408), and a form may
have at most 16 fields.

A watermark alone does not make a copy: the mark can be lifted off any output and added to
another picture, so an upload resolves to the original its mark names only when it still
shows that original (:func:`creator.verify.resemblance`); otherwise the verdict is ``watermark_elsewhere``
and nothing of the original is disclosed.

Behind a reverse proxy every client shares the proxy's address: put the limit there, or give
the proxy its own allowance.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import dataclasses
import datetime as dt
import html
import io
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.requests import ClientDisconnect

from creator._ratelimit import TokenBucket
from creator._ratelimit import client_address as _client

__all__ = ["PREFIX", "PublicLimits", "TokenBucket", "is_public", "public_facts", "public_router"]

PREFIX = "/public"
log = logging.getLogger("consent_studio.public")

#: The exact public routes: (method, path regex). Nothing else under PREFIX is served.
_ROUTES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (m, re.compile(p)) for m, p in (
        ("GET", r"/public/verify"),
        ("POST", r"/public/verify"),
        ("POST", r"/public/api/verify"),
        ("GET", r"/public/c2pa/services/supportedAlgorithms"),
        ("GET", r"/public/c2pa/matches/byBinding"),
        ("POST", r"/public/c2pa/matches/byBinding"),
        ("POST", r"/public/c2pa/matches/byContent"),
        ("GET", r"/public/c2pa/manifests/[^/]{1,200}"),
        ("GET", r"/public/audit-key"),
        ("GET", r"/public/health"),
    )
)
#: How long ``/public/health`` keeps its answer (seconds).
HEALTH_KEPT_S = 5.0
#: A C2PA manifest id as this studio writes it (``urn:c2pa:`` + UUID, optional claim-generator/version parts).
_MANIFEST_ID = re.compile(r"^urn:c2pa:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?::[A-Za-z0-9._-]{1,64}){0,2}$")
_AI_TYPES = ("trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia")
#: The IPTC Digital Source Type vocabulary (http://cv.iptc.org/newscodes/digitalsourcetype/,
#: retired terms included), in plain words: what an upload's own XMP may claim. Only the two
#: of :data:`_AI_TYPES` ("created using a model trained on sampled content", alone or in a
#: composite) are the AI label; ``algorithmicMedia`` (made by an algorithm without training data)
#: and ``compositeSynthetic`` (a composite with a synthetic element) do not say AI either.
_SOURCE_TYPES = {
    "trainedAlgorithmicMedia": "AI-generated (trained algorithmic media)",
    "compositeWithTrainedAlgorithmicMedia": "a composite with AI-generated elements",
    "digitalCapture": "a camera capture",
    "computationalCapture": "a camera capture (multi-frame, computational)",
    "negativeFilm": "a scan of a film negative",
    "positiveFilm": "a scan of a film positive",
    "print": "a scan of a print",
    "humanEdits": "human-edited media",
    "minorHumanEdits": "media with minor human edits",
    "algorithmicallyEnhanced": "algorithmically enhanced media",
    "compositeCapture": "a composite of captured elements",
    "compositeSynthetic": "a composite with synthetic elements",
    "dataDrivenMedia": "data-driven media",
    "digitalCreation": "a digital creation",
    "digitalArt": "digital art",
    "softwareImage": "an image made by software",
    "algorithmicMedia": "made by an algorithm (without a trained model)",
    "virtualRecording": "a virtual recording",
    "screenCapture": "a screen capture",
}


def is_public(method: str, path: str) -> bool:
    """Is ``method path`` one of the public routes (served without signing in)?"""
    return any(m == method and rx.fullmatch(path) for m, rx in _ROUTES)


# ----------------------------------------------------------------------------- limits
@dataclass(frozen=True)
class PublicLimits:
    """Limits of the public endpoints (per server)."""

    #: Largest upload (bytes of the image; the multipart body may add :data:`_FORM_OVERHEAD`).
    max_upload_bytes: int = 16 * 1024 * 1024
    #: Largest decoded image (pixels), checked from the header before decoding. A 12 MP
    #: phone photo takes seconds and about 0.5 GB to verify on one core: keep this modest.
    max_pixels: int = 12_000_000
    #: Token bucket per client address: this many requests at once …
    burst: int = 10
    #: … refilled at this rate (requests per minute).
    per_minute: float = 12.0
    #: Verifications running at once; more wait up to :attr:`queue_wait_s`, then get 503.
    concurrency: int = 2
    queue_wait_s: float = 20.0
    #: Uploads held at once, all clients together (being received, waiting for a verifier, being
    #: verified): each may hold up to max_upload_bytes in memory, so more get 503 at once
    #: instead of growing memory without bound.
    uploads_in_flight: int = 8
    #: … of which one client address (IPv6: /64) may hold this many, so one cannot take them all.
    uploads_per_client: int = 2
    #: An upload must arrive within this time (408 after): a trickled body cannot hold a place for ever.
    upload_timeout_s: float = 60.0

    @classmethod
    def from_settings(cls, settings: Any) -> "PublicLimits":
        """The limits a studio's settings set (``public_max_upload_bytes``, ``public_max_pixels``,
        ``public_rate_burst``, ``public_rate_per_minute``; env ``CONSENT_STUDIO_PUBLIC_…``);
        settings without them keep the defaults."""
        pick = {"max_upload_bytes": "public_max_upload_bytes", "max_pixels": "public_max_pixels",
                "burst": "public_rate_burst", "per_minute": "public_rate_per_minute"}
        return cls(**{k: getattr(settings, v) for k, v in pick.items() if getattr(settings, v, None) is not None})

    def __post_init__(self) -> None:
        for name in ("max_upload_bytes", "max_pixels", "burst", "concurrency", "uploads_in_flight",
                     "uploads_per_client"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ValueError(f"PublicLimits.{name} must be a positive integer, got {getattr(self, name)!r}")
        if not self.upload_timeout_s > 0:
            raise ValueError(f"PublicLimits.upload_timeout_s must be > 0, got {self.upload_timeout_s!r}")
        if not self.per_minute > 0 or not self.queue_wait_s >= 0:
            raise ValueError(f"PublicLimits.per_minute must be > 0 and queue_wait_s >= 0, got "
                             f"{self.per_minute!r} and {self.queue_wait_s!r}")


_FORM_OVERHEAD = 64 * 1024
#: A verification costs one token per this many pixels (a 12 MP photo costs 3).
_PIXELS_PER_TOKEN = 4_000_000


# ----------------------------------------------------------------------------- facts
VERDICTS: dict[str, tuple[str, str, str]] = {
    # verdict: (tone, title, sentence)
    "credentials_ok": ("good", "Content Credentials OK",
                       "Made by this studio under a recorded consent decision; the consent is in force now."),
    "copy_of_original": ("info", "Copy of an image made by this studio",
                         "This file carries no credentials of its own, but its invisible watermark leads to an "
                         "original made by this studio; the facts below are the original's."),
    "resigned_copy": ("bad", "Credentials replaced on an image made by this studio",
                      "This file was signed again by someone this studio does not trust, but its invisible watermark "
                      "leads to an original made by this studio; the facts below are the original's."),
    "consent_revoked": ("bad", "Consent revoked",
                        "Made by this studio, but the consent it was made under has since been revoked."),
    "consent_not_in_force": ("bad", "Consent not in force",
                             "Made by this studio, but the consent it was made under is not in force now: it has expired, "
                             "has not started, or no longer meets the person's rules."),
    "credentials_expired": ("bad", "Credentials expired",
                            "The signing certificate has expired and no trusted time-stamp shows the file was signed "
                            "before then."),
    "watermark_elsewhere": ("bad", "Watermark copied from another picture",
                            "This picture carries the invisible watermark of an image made by this studio, but it "
                            "does not show that image: the mark was most likely copied onto a different picture. "
                            "Nothing about this picture is vouched for."),
    "tampered": ("bad", "Tampered or not recorded",
                 "The file carries Content Credentials that do not match it or that this studio did not record: "
                 "it was altered after signing, or signed outside the studio."),
    "not_from_this_studio": ("info", "Signed elsewhere",
                             "Signed by someone this studio does not trust; this page checks only images made by "
                             "this studio."),
    "no_credentials": ("info", "No credentials found",
                       "No Content Credentials and no watermark of this studio were found. That does not show the "
                       "image is real or unaltered."),
}
_GRANT_ORDER = ("revoked", "expired", "not_yet_valid", "unverifiable", "current")


def _verdict(report: Any) -> str:
    if report.verdict == "OK":
        return "credentials_ok"
    state = report.c2pa_state
    if state in ("NoManifest", "Unreadable"):
        if report.recovered is not None:
            return "copy_of_original"
        return "tampered" if state == "Unreadable" else "no_credentials"
    if state == "Valid" and report.recovered is not None:
        return "resigned_copy"
    if state == "Valid":
        return "not_from_this_studio"
    if state == "Invalid":
        other = [c for c in report.failure_codes if c not in ("signingCredential.expired", "signingCredential.untrusted")]
        return "credentials_expired" if "signingCredential.expired" in report.failure_codes and not other else "tampered"
    if report.record is None:
        return "tampered"
    statuses = {g.status for g in report.grants}
    if statuses & {"revoked", "withdrawn"}:  # withdrawn: the person opted out of all generation
        return "consent_revoked"
    if statuses & {"expired", "not_yet_valid", "subject_rules"}:
        return "consent_not_in_force"
    return "tampered"


def _grant_state(status: str) -> str:
    if status == "withdrawn":  # the person opted out of all generation: their consent is withdrawn
        return "revoked"
    return status if status in ("current", "revoked", "expired", "not_yet_valid") else "unverifiable"


def _iso(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None:
        return None
    return t.astimezone(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(value: Any, limit: int = 80) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def _credential_facts(r: Any) -> dict[str, Any]:
    """What a signed file (this upload, or the original a copy resolves to) discloses — field by field."""
    dst = r.digital_source_type_manifest or r.digital_source_type_xmp
    term = dst.rstrip("/").rsplit("/", 1)[-1] if isinstance(dst, str) else None
    latent = r.latent if isinstance(r.latent, dict) else {}
    system, version = _text(latent.get("system_name")), _text(latent.get("system_version"), 40)
    ts = r.time_stamp if isinstance(r.time_stamp, dict) else {}
    consent = r.consent if isinstance(r.consent, dict) else {}
    entries = [e for e in consent.get("likenesses") or () if isinstance(e, dict)]
    personas = consent.get("fictional_personas") or ()
    states = [_grant_state(g.status) for g in r.grants]
    likeness = None
    if entries or personas:
        likeness = {
            "real_person": bool(entries),
            "depicted": any(e.get("depicted", True) is True for e in entries),
            "consent_recorded": bool(entries) and r.record is not None,
            "consent": min(states, key=_GRANT_ORDER.index) if states else None,
            "fictional_persona": bool(personas),
        }
    return {
        "ai_generated": (term in _AI_TYPES) if term else None,
        "digital_source_type": term if term in _AI_TYPES else None,
        "provider": _text(latent.get("provider")),
        "ai_system": (f"{system} {version}" if system and version else system),
        "created": _iso(latent.get("created_at")),
        "time_stamp": {"state": ts.get("state") if ts.get("state") in ("trusted", "untrusted", "invalid", "none") else "none",
                       "time": _iso(ts.get("time"))} if ts else None,
        "likeness": likeness,
        # (a fresh user's walkthrough, session 64) the page said "Content Credentials OK" of a file
        # signed by the studio's local test certificate, which no reader elsewhere trusts
        "test_certificate": _test_signer(r.signer),
    }


def _test_signer(signer: Any) -> bool:
    from creator.disclosure.keys import is_local_test_name

    return isinstance(signer, str) and is_local_test_name(signer)


def _metadata_label(xmp_type: Any) -> dict[str, Any]:
    """What this file's own XMP says of its source (``Iptc4xmpExt:DigitalSourceType``):
    ``in_metadata`` is True only for an AI value (:data:`_AI_TYPES`); ``metadata_says`` is the
    IPTC term it names (:data:`_SOURCE_TYPES`), ``"other"`` for a value outside that vocabulary,
    None without one. A copy whose XMP was rewritten to "camera capture" is said to claim that,
    never to carry the AI label."""
    if not isinstance(xmp_type, str) or not xmp_type.strip():
        return {"in_metadata": False, "metadata_says": None}
    term = xmp_type.strip().rstrip("/").rsplit("/", 1)[-1]
    return {"in_metadata": term in _AI_TYPES, "metadata_says": term if term in _SOURCE_TYPES else "other"}


def public_facts(report: Any, *, shows_original: bool = True) -> dict[str, Any]:
    """The disclosure facts of a :class:`creator.verify.VerificationReport`, for anyone.

    Built field by field (a whitelist): verdict, AI-generated, provider and system, creation
    time and time-stamp state, likeness and consent state, watermark and label — never an id
    of a person, grant, decision or user, a prompt, a path or an error text.

    ``shows_original=False``: the watermark resolves to an original this picture does not
    show (a mark copied onto another picture); nothing of that original is disclosed.
    """
    recovered = report.recovered
    if getattr(report, "watermark_elsewhere", False) or (recovered is not None and not shows_original):
        facts = public_facts(dataclasses.replace(report, recovered=None, watermark_elsewhere=False))
        tone, title, sentence = VERDICTS["watermark_elsewhere"]
        return {**facts, "verdict": "watermark_elsewhere", "tone": tone, "title": title, "summary": sentence}
    verdict = _verdict(report)
    tone, title, sentence = VERDICTS[verdict]
    source = None
    if report.c2pa_state == "Trusted":
        source = report
    elif recovered is not None:  # no credentials of this studio's in the file: the original's facts
        source = recovered
    elif report.c2pa_state in ("Valid", "Invalid"):
        source = report
    facts = _credential_facts(source) if source is not None and source.c2pa_state == "Trusted" else {
        "ai_generated": None, "digital_source_type": None, "provider": None, "ai_system": None, "created": None,
        "time_stamp": None, "likeness": None, "test_certificate": None}
    resolves = None
    if recovered is not None and isinstance(recovered.record, dict):
        resolves = str(recovered.record.get("sha256") or "")[:12] or None
    elif report.record is not None:
        resolves = str(report.record.get("sha256") or "")[:12] or None
    original_verdict = _verdict(recovered) if recovered is not None else None
    if original_verdict is not None:
        sentence += " " + {
            "credentials_ok": "The original verifies: its consent is in force now.",
            "consent_revoked": "The consent the original was made under has since been revoked.",
            "consent_not_in_force": "The consent the original was made under is not in force now.",
        }.get(original_verdict, "The original does not verify.")
    wm_found = report.watermark_read is not None
    return {
        "verdict": verdict,
        "tone": tone,
        "title": title,
        "summary": sentence,
        "credentials_in_file": report.c2pa_state in ("Trusted", "Valid", "Invalid"),
        "facts_from": ("this_file" if source is report and source.c2pa_state == "Trusted" else
                       "original_via_watermark" if source is recovered and recovered is not None else None),
        "original_verdict": original_verdict,
        **facts,
        "watermark": {
            "found": wm_found,
            "keyed": (report.watermark_version == 2) if wm_found else None,
            "resolves_to": resolves if (wm_found or report.record is not None) else None,
        },
        "label": {
            **_metadata_label(report.digital_source_type_xmp),
            "visible_on_original": True if resolves else None,
        },
    }


# ----------------------------------------------------------------------------- HTTP
class _Refusal(Exception):
    """A request refused with a status and a one-line message (shown to the client)."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.error, self.message, self.headers = status, error, message, headers or {}


_HEADERS = {
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
_PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
             "frame-ancestors 'none'")


async def _read_body(request: Any, limit: int, stated: int | None = None) -> bytes:
    """The request body, at most ``limit`` bytes: refused by ``Content-Length`` before reading,
    and while streaming when the header lies or is absent. Kept in memory only. ``stated``:
    the limit the refusal names (the image's, when ``limit`` adds room for the form around it)."""
    stated = limit if stated is None else stated
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise _Refusal(400, "bad_request", f"Content-Length is {declared[:20]!r}; expected a number of bytes.")
        if int(declared) > limit:
            raise _Refusal(413, "too_large", f"The upload is {int(declared)} bytes; the limit is {stated} bytes.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _Refusal(413, "too_large", f"The upload is larger than the limit of {stated} bytes.")
    return bytes(body)


#: Most fields a verify form may have (it needs one).
_MAX_PARTS = 16


def _multipart_file(body: bytes, content_type: str, field_name: str = "file") -> bytes:
    """The bytes of the part named ``field_name`` of a multipart/form-data body, parsed in memory."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    ctype, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise _Refusal(415, "unsupported_media_type",
                       "Expected a multipart/form-data upload with the image in the field 'file'.")
    parts: list[tuple[bytes | None, bytes]] = []
    state: dict[str, Any] = {"headers": {}, "field": b"", "value": b"", "name": None, "data": bytearray()}

    def on_header_field(data, start, end):
        state["field"] += data[start:end]

    def on_header_value(data, start, end):
        state["value"] += data[start:end]

    def on_header_end():
        state["headers"][state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def on_headers_finished():
        _disp, p = parse_options_header(state["headers"].get(b"content-disposition", b""))
        state["name"] = p.get(b"name")

    def on_part_data(data, start, end):
        if state["name"] == field_name.encode():
            state["data"] += data[start:end]

    def on_part_end():
        parts.append((state["name"], bytes(state["data"])))
        state.update(headers={}, name=None, data=bytearray())
        if len(parts) > _MAX_PARTS:  # stop parsing: thousands of tiny parts cost seconds of the event loop
            raise _Refusal(400, "too_many_parts", f"The form has more than {_MAX_PARTS} fields; expected the image "
                                                  "in the field 'file'.")

    parser = MultipartParser(boundary, {
        "on_header_field": on_header_field, "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data, "on_part_end": on_part_end,
    })
    try:
        parser.write(body)
        parser.finalize()
    except _Refusal:
        raise
    except Exception:  # noqa: BLE001 - any parser failure on untrusted bytes is a refusal
        raise _Refusal(400, "bad_request", "The multipart upload could not be read; expected a form with "
                                           "the image in the field 'file'.") from None
    for name, data in parts:
        if name == field_name.encode():
            if not data:
                raise _Refusal(400, "empty_upload", "The field 'file' is empty; expected a PNG, JPEG or WebP image.")
            return data
    raise _Refusal(400, "missing_file", "No field 'file' in the upload; expected the image in the field 'file'.")


def _canonical(data: bytes, limits: PublicLimits, charge: Callable[[int], None] | None = None) -> tuple[bytes, Any]:
    """Refuse what is not a still PNG, JPEG or WebP within the limits (decompression bombs and
    JPEG scan bombs included) with :func:`consent.imaging.decode`; a WebP becomes PNG bytes of
    its pixels (verify reads PNG and JPEG; a WebP carries no credentials of ours, only the
    watermark), and so does a camera's MPO (its first image: a JPEG with a preview after it). ``charge(pixels)``: called with the picture's size, read from its header, before
    the pixels are decoded (a refusal there decodes nothing)."""
    from consent.errors import ImageInvalid
    from consent.imaging import MAX_JPEG_SCANS, decode

    if not data:
        raise _Refusal(400, "empty_upload", "The upload is empty; expected a PNG, JPEG or WebP image.")
    try:
        image = decode(data, field="file", max_bytes=limits.max_upload_bytes, max_pixels=limits.max_pixels,
                       before_decode=None if charge is None else (lambda w, h: charge(w * h)), mpo_as_still=True)
    except ImageInvalid as e:
        text = str(e)
        if "scans" in text and "JPEG" in text:
            raise _Refusal(413, "too_many_scans", f"The JPEG has more than {MAX_JPEG_SCANS} scans (an ordinary one "
                                                  "has about 10); it is refused unread, as a decompression bomb.") from None
        if "possible decompression bomb" in text or "the limit is" in text and "pixels" in text:
            raise _Refusal(413, "too_many_pixels", f"The image has more pixels than the limit of {limits.max_pixels}; "
                                                   "expected an ordinary photo or picture.") from None
        if "frames" in text:
            raise _Refusal(415, "not_a_still_image", "The file is an animation; expected a single still image.") from None
        if "accepted formats" in text or "not a PNG, JPEG or WebP" in text:
            raise _Refusal(415, "unsupported_media_type", "The file is not a PNG, JPEG or WebP image.") from None
        raise _Refusal(400, "unreadable_image", "The image could not be read (truncated or corrupt); "
                                                "expected a complete PNG, JPEG or WebP file.") from None
    if image.format in ("WEBP", "MPO"):  # an MPO: its first image, as a viewer shows it
        buf = io.BytesIO()
        image.pil().save(buf, "PNG", compress_level=1)
        return buf.getvalue(), image
    return data, image


def verify_upload(data: bytes, path: Path, *, settings: Any, registry: Any, limits: PublicLimits) -> Any:
    """``verify_bytes`` of an uploaded image as the public page reads it: refused from its header
    when it is no still PNG, JPEG or WebP, is empty, cut off or larger than ``limits`` (bytes,
    pixels; decompression and scan bombs), a WebP read through its pixels (it carries no
    credentials of ours, only the watermark), the pixels decoded once. Raises
    :class:`consent.errors.InputError` with the public page's sentence when refused. The signed-in
    Verify tab uses it, so the two answer a file alike (red team 24)."""
    from creator.errors import InputError

    if len(data) > limits.max_upload_bytes:
        raise InputError(f"The file is larger than the limit of {limits.max_upload_bytes} bytes; "
                         "expected an ordinary photo or picture.")
    try:
        data, image = _canonical(data, limits)
    except _Refusal as e:
        raise InputError(e.message) from None
    return _verify_canonical(data, path, image, settings=settings, registry=registry)


def _verify_canonical(data: bytes, path: Path, image: Any, *, settings: Any, registry: Any,
                      before_second: Callable[[], None] | None = None) -> Any:
    """``verify_bytes`` reading the watermark from the pixels decoded once here (one decode, one
    read) when decoding changed nothing. A picture stored turned with an EXIF Orientation tag (what
    phones and editors write) is read as it is shown first, where a copy of an output carries the
    output's mark upright, then as stored (a tag added to untouched pixels; red team 26);
    transparency flattened: as stored. ``before_second()`` is called before that second read (the
    public page charges it as another request of the same size: red team 27)."""
    from creator.verify import verify_bytes

    now = dt.datetime.now(dt.timezone.utc)
    if image.had_alpha:
        return verify_bytes(data, path, settings=settings, registry=registry, now=now, pixels=None)
    report = verify_bytes(data, path, settings=settings, registry=registry, now=now, pixels=image.pixels)
    if image.orientation == 1 or report.watermark_read is not None:
        return report
    if before_second is not None:
        before_second()
    return verify_bytes(data, path, settings=settings, registry=registry, now=now, pixels=None)


class _Service:
    """The work behind the routes: limits, verify in a worker thread, lookups."""

    def __init__(self, settings: Any, registry: Any, limits: PublicLimits, bucket: TokenBucket):
        self.settings, self.registry, self.limits, self.bucket = settings, registry, limits, bucket
        self._slots = threading.BoundedSemaphore(limits.concurrency)
        self._holding: dict[str, int] = {}  # uploads held per client (only touched on the event loop)

    @contextlib.asynccontextmanager
    async def holding(self, client: str):
        """A place for one upload from its first byte to its answer, or 503 when all are taken
        or this client already holds its share."""
        if sum(self._holding.values()) >= self.limits.uploads_in_flight:
            raise _Refusal(503, "busy", "The verifier is holding too many uploads; try again in a minute.",
                           {"retry-after": "60"})
        if self._holding.get(client, 0) >= self.limits.uploads_per_client:
            raise _Refusal(503, "busy", f"This address already has {self.limits.uploads_per_client} uploads being "
                                        "checked; wait for their answers.", {"retry-after": "10"})
        self._holding[client] = self._holding.get(client, 0) + 1
        try:
            yield
        finally:
            self._holding[client] -= 1
            if not self._holding[client]:
                del self._holding[client]

    def admit(self, client: str, cost: float = 1.0) -> None:
        """Spend ``cost`` tokens of this client address, or refuse with 429 and Retry-After."""
        wait = self.bucket.take(client, cost)
        if wait > 0:
            secs = int(wait) + 1
            raise _Refusal(429, "rate_limited", f"Too many requests from this address; try again in {secs} s.",
                           {"retry-after": str(secs)})

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker thread, at most :attr:`PublicLimits.concurrency` at once.

        Waiting for a slot happens on the event loop (no thread is held while waiting), so a
        queue of anonymous uploads cannot take the threads the signed-in studio needs."""
        deadline = time.monotonic() + self.limits.queue_wait_s
        while not self._slots.acquire(blocking=False):
            if time.monotonic() >= deadline:
                raise _Refusal(503, "busy", "The verifier is busy; try again in a minute.", {"retry-after": "60"})
            await asyncio.sleep(0.05)
        try:
            return await asyncio.to_thread(fn, *args)
        finally:
            self._slots.release()

    async def upload(self, request: Any, *, multipart: bool) -> bytes:
        limit = self.limits.max_upload_bytes
        try:
            body = await asyncio.wait_for(_read_body(request, limit + (_FORM_OVERHEAD if multipart else 0), limit),
                                          self.limits.upload_timeout_s)
        except (asyncio.TimeoutError, TimeoutError):
            raise _Refusal(408, "upload_timeout", f"The upload did not arrive within "
                                                  f"{self.limits.upload_timeout_s:g} s; expected the whole file "
                                                  "at once.") from None
        ctype = request.headers.get("content-type", "")
        if multipart or ctype.startswith("multipart/"):
            body = _multipart_file(body, ctype)
            if len(body) > limit:
                raise _Refusal(413, "too_large", f"The image is {len(body)} bytes; the limit is {limit} bytes.")
        return body

    # -- verify
    def charge(self, client: str, image: Any) -> None:
        """Large pictures cost more: one more token per :data:`_PIXELS_PER_TOKEN` beyond the first.
        ``image``: its number of pixels (read from the header, before the pixels are decoded: what
        :func:`_canonical` passes) or anything with ``width`` and ``height``."""
        pixels = image if isinstance(image, int) else image.width * image.height
        extra = (pixels - 1) // _PIXELS_PER_TOKEN
        if extra:
            self.admit(client, float(extra))

    def _charge_again(self, client: str, image: Any) -> None:
        """A second read of the same upload (stored turned): one more request of its size."""
        self.admit(client, 1.0 + (image.pixels.shape[0] * image.pixels.shape[1] - 1) // _PIXELS_PER_TOKEN)

    def verify(self, data: bytes, client: str) -> dict[str, Any]:
        data, image = _canonical(data, self.limits, lambda pixels: self.charge(client, pixels))
        report = _verify_canonical(data, Path("upload"), image, settings=self.settings, registry=self.registry,
                                   before_second=lambda: self._charge_again(client, image))
        if report.watermark_elsewhere:  # creator.verify compared the picture with the mark's original
            return public_facts(report, shows_original=False)
        return public_facts(report)

    def shows_original(self, pixels: Any, original: Path, read: Any = None) -> bool:
        """Does this upload show the picture its watermark resolves to? (A mark lifted off one
        output and added to another picture reads as that output's: the copy attack.)"""
        from creator.disclosure.watermark import Watermarker
        from creator.verify import COPY_MAX_LOCAL_CHANGE, COPY_MIN_DETAIL, COPY_MIN_RESEMBLANCE, resemblance

        if read is None:
            read = Watermarker(self.settings.watermark_key()).read_array(pixels)
        try:
            score, change, detail = resemblance(pixels, original, read.scale, read.angle_deg, changed=True)
            return score >= COPY_MIN_RESEMBLANCE and change <= COPY_MAX_LOCAL_CHANGE and detail >= COPY_MIN_DETAIL
        except Exception:  # noqa: BLE001 - the original cannot be read or compared: nothing vouches for the copy
            log.exception("comparing an upload with its original failed")
            return False

    # -- soft binding resolution
    def alg(self) -> str:
        from creator.disclosure.watermark import Watermarker

        return Watermarker.name

    def matches_for_payload(self, payload_hex: str | None, max_results: int) -> dict[str, Any]:
        if not payload_hex:
            return {"matches": []}
        rec = self.registry.find_output(watermark_payload=payload_hex)
        if rec is None or not rec.manifest_id:
            return {"matches": []}
        return {"matches": [{"manifestId": rec.manifest_id, "similarityScore": 100}][:max_results]}

    def by_content(self, data: bytes, max_results: int, client: str) -> dict[str, Any]:
        from creator.disclosure.watermark import Watermarker

        _data, image = _canonical(data, self.limits, lambda pixels: self.charge(client, pixels))
        read = Watermarker(self.settings.watermark_key()).read_array(image.pixels)
        if not (read.payload and read.keyed):
            return {"matches": []}
        rec = self.registry.find_output(watermark_payload=read.payload)
        if rec is None or not self.shows_original(image.pixels, Path(rec.path), read):
            return {"matches": []}
        return self.matches_for_payload(read.payload, max_results)

    def manifest(self, manifest_id: str) -> dict[str, Any] | None:
        from creator.verify import verify

        rec = self.registry.find_output(manifest_id=manifest_id)
        if rec is None:
            return None
        report = verify(rec.path, settings=self.settings, registry=self.registry)
        if report.manifest_label != manifest_id:  # the row must name the manifest the signed file carries
            return None
        return {"manifestId": manifest_id, "format": "application/json",
                "note": "disclosure facts of the manifest; the manifest store itself stays in the signed file",
                **public_facts(report)}


def _payload_of(alg: str | None, value: str | None, expected_alg: str) -> str:
    if not alg or not value:
        raise _Refusal(400, "bad_query", "Both 'alg' and 'value' are required; expected the soft binding algorithm "
                                         "and its base64 value.")
    if alg != expected_alg:
        raise _Refusal(400, "unsupported_alg", f"Soft binding algorithm {alg[:80]!r} is not supported; expected "
                                               f"{expected_alg!r}.")
    if len(value) > 64:
        raise _Refusal(400, "bad_query", "'value' is too long; expected the base64 of a 6-byte watermark id.")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _Refusal(400, "bad_query", "'value' is not base64; expected the base64 of a 6-byte watermark id.") from None
    if len(raw) != 6:
        raise _Refusal(400, "bad_query", f"'value' decodes to {len(raw)} bytes; expected a 6-byte watermark id.")
    return raw.hex()


def _max_results(value: Any) -> int:
    if value is None:
        return 10
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = 0
    if not 1 <= n <= 100:
        raise _Refusal(400, "bad_query", f"'maxResults' is {str(value)[:20]!r}; expected a whole number from 1 to 100.")
    return n


def public_router(settings: Any, registry: Any, *, limits: PublicLimits | None = None,
                  bucket: TokenBucket | None = None):
    """The public routes as a FastAPI router (include it before Gradio's catch-all mount)."""
    import fastapi
    from fastapi.responses import HTMLResponse, JSONResponse, Response

    limits = limits or PublicLimits.from_settings(settings)
    service = _Service(settings, registry, limits, bucket or TokenBucket(limits.burst, limits.per_minute))
    router = fastapi.APIRouter()

    def as_json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
        return JSONResponse(body, status_code=status, headers={**_HEADERS, **(headers or {})})

    async def guarded(request: Any, work: Callable[[], Any], *, page: bool = False) -> Response:
        try:
            return await work()
        except _Refusal as r:
            if page:
                return _page_response(_page(error=r.message, max_bytes=limits.max_upload_bytes), r.status, r.headers)
            return as_json(r.status, {"error": r.error, "message": r.message}, r.headers)
        except ClientDisconnect:
            raise  # the visitor left mid-upload: no server fault, the studio's Guard logs one line
        except Exception:  # noqa: BLE001 - logged here; the client gets one fixed sentence, never the error
            log.exception("public %s %s failed", request.method, request.url.path)
            msg = "The verifier failed on this request; nothing was stored. Try again later."
            if page:
                return _page_response(_page(error=msg, max_bytes=limits.max_upload_bytes), 500)
            return as_json(500, {"error": "internal", "message": msg})

    def _page_response(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        return HTMLResponse(text, status_code=status,
                            headers={**_HEADERS, "content-security-policy": _PAGE_CSP, **(headers or {})})

    @router.get(f"{PREFIX}/verify")
    async def verify_page() -> Response:
        return _page_response(_page(max_bytes=limits.max_upload_bytes))

    @router.post(f"{PREFIX}/verify")
    async def verify_form(request: Request) -> Response:
        async def work():
            service.admit(_client(request))
            async with service.holding(_client(request)):
                data = await service.upload(request, multipart=True)
                facts = await service.run(service.verify, data, _client(request))
            return _page_response(_page(facts=facts, max_bytes=limits.max_upload_bytes))
        return await guarded(request, work, page=True)

    @router.post(f"{PREFIX}/api/verify")
    async def verify_api(request: Request) -> Response:
        async def work():
            service.admit(_client(request))
            async with service.holding(_client(request)):
                data = await service.upload(request, multipart=True)
                return as_json(200, await service.run(service.verify, data, _client(request)))
        return await guarded(request, work)

    import asyncio as _asyncio

    health_lock = _asyncio.Lock()
    health_seen: list = [float("-inf"), False]  # (when checked, whether it held)

    @router.get(f"{PREFIX}/health")
    async def health(request: Request) -> Response:
        """For a service manager or a load balancer: 200 while the studio's records hold, 503
        otherwise (no detail: `consent-studio audit verify` says what; a self-hosting admin's
        walkthrough, session 66, found no health endpoint)."""
        import asyncio
        import time

        # one check at a time, its answer kept a few seconds: an anonymous client polling it costs a
        # read every few seconds at most, and a failing log (replayed at each read) is not replayed
        # for each request (red team s66 B); a check that hangs (a locked database) answers 503
        async with health_lock:
            if time.monotonic() - health_seen[0] > HEALTH_KEPT_S:
                try:
                    await asyncio.wait_for(asyncio.to_thread(service.registry.require_intact), timeout=5)
                    health_seen[1] = True
                except Exception:  # noqa: BLE001 - unavailable, whatever the cause (a locked or failing database too)
                    health_seen[1] = False
                health_seen[0] = time.monotonic()
            ok = health_seen[1]
        return as_json(200 if ok else 503, {"status": "ok" if ok else "unavailable"})

    @router.get(f"{PREFIX}/audit-key")
    async def audit_key(request: Request) -> Response:
        """The audit log's public key: what a proof of consent (`consent-studio proof export`) is
        checked against; anyone holding a proof compares its key with this one (session 65)."""
        from consent.signing import public_key_pem

        keys = service.registry._keys
        return as_json(200, {"key_id": keys.key_id, "public_key_pem": public_key_pem(keys.public_key)})

    @router.get(f"{PREFIX}/c2pa/services/supportedAlgorithms")
    async def supported(request: Request) -> Response:
        return as_json(200, {"watermarks": [{"alg": service.alg()}], "fingerprints": []})

    @router.get(f"{PREFIX}/c2pa/matches/byBinding")
    async def by_binding(request: Request) -> Response:
        async def work():
            service.admit(_client(request))
            q = request.query_params
            n = _max_results(q.get("maxResults"))
            payload = _payload_of(q.get("alg"), q.get("value"), service.alg())
            return as_json(200, await service.run(service.matches_for_payload, payload, n))
        return await guarded(request, work)

    @router.post(f"{PREFIX}/c2pa/matches/byBinding")
    async def by_binding_post(request: Request) -> Response:
        async def work():
            import json

            service.admit(_client(request))
            n = _max_results(request.query_params.get("maxResults"))
            body = await _read_body(request, 4096)
            try:
                query = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                raise _Refusal(400, "bad_query", "The body is not JSON; expected {\"alg\": …, \"value\": …}.") from None
            if not isinstance(query, dict):
                raise _Refusal(400, "bad_query", "The body is not a JSON object; expected {\"alg\": …, \"value\": …}.")
            alg, value = query.get("alg"), query.get("value")
            payload = _payload_of(alg if isinstance(alg, str) else None, value if isinstance(value, str) else None,
                                  service.alg())
            return as_json(200, await service.run(service.matches_for_payload, payload, n))
        return await guarded(request, work)

    @router.post(f"{PREFIX}/c2pa/matches/byContent")
    async def by_content(request: Request) -> Response:
        async def work():
            service.admit(_client(request))
            q = request.query_params
            n = _max_results(q.get("maxResults"))
            if q.get("alg") and q.get("alg") != service.alg():
                raise _Refusal(400, "unsupported_alg", f"Soft binding algorithm {q.get('alg', '')[:80]!r} is not "
                                                       f"supported; expected {service.alg()!r}.")
            async with service.holding(_client(request)):
                data = await service.upload(request, multipart=False)
                return as_json(200, await service.run(service.by_content, data, n, _client(request)))
        return await guarded(request, work)

    @router.get(PREFIX + "/c2pa/manifests/{manifest_id:path}")
    async def manifest(request: Request, manifest_id: str) -> Response:
        async def work():
            service.admit(_client(request))
            if not _MANIFEST_ID.fullmatch(manifest_id):
                raise _Refusal(400, "bad_manifest_id", "That is not a C2PA manifest id of this studio; expected "
                                                       "urn:c2pa: followed by a UUID.")
            found = await service.run(service.manifest, manifest_id)
            if found is None:
                raise _Refusal(404, "not_found", "No manifest of this studio has that id.")
            if "text/html" in request.headers.get("accept", ""):
                # a person who follows the link (the talent page's ledger: "Check it") reads the
                # verify page's answer, not JSON (a talent walkthrough, session 66); clients get JSON
                return _page_response(_page(facts=found, max_bytes=limits.max_upload_bytes))
            return as_json(200, found)
        return await guarded(request, work)

    return router


# ----------------------------------------------------------------------------- the page
_CSS = """
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
body{margin:0;background:#fff;color:#111}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
p.lead{color:#333}
form{border:1px solid #767676;border-radius:.5rem;padding:1rem;margin:1rem 0}
label{display:block;font-weight:600;margin-bottom:.5rem}
input[type=file]{display:block;width:100%;font-size:1rem;padding:.5rem 0}
.hint{font-size:.9rem;color:#333;margin:.25rem 0 1rem}
button{font-size:1rem;padding:.75rem 1.25rem;border:0;border-radius:.5rem;background:#0b4f9c;color:#fff;
  min-height:44px;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #111;outline-offset:2px}
.verdict{border:3px solid;border-radius:.5rem;padding:1rem;margin:1rem 0}
.verdict h2{margin:0 0 .25rem;font-size:1.25rem}
.verdict .mark{font-weight:700;margin-right:.4rem}
.good{border-color:#1b5e20;background:#e8f5e9}
.bad{border-color:#b71c1c;background:#ffebee}
.info{border-color:#0d47a1;background:#e3f2fd}
.error{border:3px solid #b71c1c;background:#ffebee;border-radius:.5rem;padding:1rem}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.4rem 1rem;margin:1rem 0}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
footer{font-size:.9rem;color:#333;margin-top:2rem}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
"""
_MARK = {"good": "✓ OK:", "bad": "✗ Warning:", "info": "ℹ Note:"}


def _yes_no(value: Any, yes: str = "Yes", no: str = "No", unknown: str = "Not known") -> str:
    return unknown if value is None else (yes if value else no)


def _rows(f: dict[str, Any]) -> list[tuple[str, str]]:
    rows = [("AI-generated", _yes_no(f.get("ai_generated"), "Yes", "No", "Not known (no credentials of this studio)"))]
    if f.get("provider"):
        rows.append(("Made by", f["provider"]))
    if f.get("ai_system"):
        rows.append(("AI system", f["ai_system"]))
    if f.get("created"):
        rows.append(("Created", f["created"].replace("T", " ").replace("Z", " UTC")))
    if f.get("test_certificate"):
        rows.append(("Signing certificate", "This studio's local test certificate (not for production): C2PA readers "
                                            "elsewhere do not trust these credentials; only this page vouches for them"))
    ts = f.get("time_stamp")
    if ts:
        rows.append(("Time-stamp", {"trusted": f"trusted, {ts.get('time') or 'time not given'}",
                                    "untrusted": "present, from an authority not trusted here",
                                    "invalid": "invalid", "none": "none (the creation time is the studio's own)"}
                     .get(ts.get("state"), "none")))
    lk = f.get("likeness")
    if lk is None:
        if f.get("ai_generated") is not None:
            rows.append(("Real person's likeness", "None recorded"))
    else:
        if lk.get("real_person"):
            consent = {"current": "current", "revoked": "REVOKED", "expired": "expired",
                       "not_yet_valid": "not yet in force", "unverifiable": "could not be checked"}.get(lk.get("consent"), "unknown")
            how = "depicted" if lk.get("depicted") else "named in the request"
            rows.append(("Real person's likeness",
                         f"Yes ({how}), used under a recorded consent decision; consent now: {consent}"
                         if lk.get("consent_recorded") else f"Yes ({how}); no recorded consent decision found"))
        if lk.get("fictional_persona"):
            rows.append(("Fictional persona", "Yes (a made-up character; no consent needed)"))
    wm = f.get("watermark") or {}
    if wm.get("found"):
        if f.get("verdict") == "watermark_elsewhere":
            rows.append(("Invisible watermark", "Found, but it belongs to a different picture made by this studio"))
        elif wm.get("resolves_to"):
            rows.append(("Invisible watermark", f"Found; resolves to original {wm['resolves_to']}"))
        elif wm.get("keyed") is False:
            rows.append(("Invisible watermark", "An old, unkeyed mark that anyone could write; it proves nothing"))
        else:
            rows.append(("Invisible watermark", "Found, but no image of this studio carries it"))
    else:
        rows.append(("Invisible watermark", "Not found"))
    label = f.get("label") or {}
    copy = f.get("facts_from") == "original_via_watermark"
    says = label.get("metadata_says")
    if label.get("in_metadata"):
        metadata = "Yes"
    elif says:
        claim = _SOURCE_TYPES.get(says, "a source type this page does not know")
        metadata = f"No: its metadata claims {claim}" + (", but the original is AI-generated"
                                                           if copy and f.get("ai_generated") else "")
    else:
        metadata = "No (this copy's metadata was removed)" if copy else _yes_no(label.get("in_metadata"))
    rows.append(("AI label in metadata", metadata))
    if label.get("visible_on_original"):
        rows.append(("Visible label", "The original carries a visible “AI-generated” label"))
    return rows


def _size_text(n: int) -> str:
    """``n`` bytes as the page says it: whole MB, else whole KB, else bytes."""
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n // size} {unit}"
    return f"{n} bytes"


def _page(*, facts: dict[str, Any] | None = None, error: str | None = None, max_bytes: int = PublicLimits.max_upload_bytes) -> str:
    e = html.escape
    result = ""
    if error is not None:
        result = f'<div class="error" role="alert"><h2>✗ Not checked</h2><p>{e(error)}</p></div>'
    elif facts is not None:
        tone = facts.get("tone", "info")
        dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _rows(facts))
        result = (f'<section class="verdict {e(tone)}" role="status" aria-live="polite" id="verdict" '
                  f'data-verdict="{e(facts["verdict"])}"><h2><span class="mark">{e(_MARK.get(tone, ""))}</span>'
                  f'{e(facts["title"])}</h2><p>{e(facts["summary"])}</p></section>'
                  f'<h2>What this image discloses</h2><dl id="facts">{dl}</dl>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Verify an image — Consent Studio</title>
<style>{_CSS}</style></head>
<body><main>
<h1>Verify an image</h1>
<p class="lead">Check whether a picture was made by this studio with AI, and whether a real person's likeness in it
was used with their recorded consent. Works for copies whose metadata was removed, resized or cropped.</p>
<form method="post" action="{PREFIX}/verify" enctype="multipart/form-data">
<label for="file">Image to check (PNG, JPEG or WebP)</label>
<input id="file" name="file" type="file" accept="image/png,image/jpeg,image/webp" required aria-describedby="file-hint">
<p class="hint" id="file-hint">Up to {_size_text(max_bytes)}. The image is checked in memory and not kept.</p>
<button type="submit">Check image</button>
</form>
{result}
<footer><p>This page shows only disclosure facts: never prompts, names, accounts or file locations.
Machines can use the JSON API at <code>{PREFIX}/api/verify</code> and the C2PA soft binding resolution API at
<code>{PREFIX}/c2pa/</code>.</p></footer>
</main></body></html>"""
