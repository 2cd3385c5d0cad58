"""The disclosure pipeline (internal: only ``Studio.generate`` calls it).

:func:`disclose` runs the mandatory steps in order — visible label → watermark → XMP → C2PA
sign → read back — and writes the file only after the signed bytes were read back and found
*Trusted*, with our consent assertion and digital source type in the manifest and in the
XMP. Any failure raises :class:`creator.errors.DisclosureError` and writes nothing.

It is not part of the public API: a file it signs outside the governed recipe has no output
record and no audited decision, so ``verify`` reports it as not made here.

Steps (module functions, so a test can make each one fail): ``_step_label``,
``_step_watermark``, ``_step_pixels`` (the marked pixels as an array, read by the PNG writer
and the fingerprint), ``_step_encode`` (pixels + XMP in one encoder pass), ``_step_sign``,
``_step_readback``, ``_step_fingerprint``, ``_step_pixels_digest`` (a PNG's exact pixels, named),
``_step_write``.

Time-stamps: with ``settings.tsa_url`` the signature is countersigned by that RFC 3161
authority, and the read-back requires the time-stamp to chain to a trust anchor. When the
TSA cannot be reached or errs, ``_step_sign`` signs without a time-stamp and records the gap
in the manifest (``org.consent-studio.time-stamp``), which ``verify`` reports: signing never
depends on the network.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from creator.disclosure import c2pa as _c2pa
from creator.disclosure import label as _label
from creator.disclosure import xmp as _xmp
from creator.disclosure.context import DisclosureContext, SignedImage
from creator.disclosure.keys import TSA_RETRY_AFTER_S, Keyring, TsaFailure, load_keyring
from creator.errors import DisclosureError

_log = logging.getLogger(__name__)

__all__ = ["disclose", "Watermarker", "PNG_COMPRESS_LEVEL", "JPEG_QUALITY"]

#: PNG zlib level: 1 is ~4× faster than Pillow's default 6 on generated images for
#: ~10-20 % larger files (bench/disclosure.py measures both).
PNG_COMPRESS_LEVEL = 1
JPEG_QUALITY = 92
_FORMATS = ("png", "jpeg")


class Watermarker(Protocol):
    """The invisible-watermark slot: returns a marked copy, or raises DisclosureError."""

    def embed(self, image: Image.Image, payload: str) -> Image.Image: ...


def disclose(
    image: Image.Image,
    context: DisclosureContext,
    *,
    settings: Any,
    out_dir: Path,
    watermarker: Watermarker | None = None,
    keyring: Keyring | None = None,
) -> SignedImage:
    """Label, watermark, tag, sign, verify and write ``image``; return the signed file.

    ``settings`` is a ``StudioSettings`` (label text/profile/position, output_format,
    provider, C2PA keys). ``watermarker`` is required exactly when
    ``context.watermark_payload`` is set. ``keyring`` overrides the keys from ``settings``
    (e.g. :meth:`Keyring.from_callback` for an HSM). The file is named by the sha256 of its
    content under ``out_dir`` and written atomically.
    """
    timings: dict[str, float] = {}

    def timed(name: str, fn, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        except DisclosureError:
            raise
        except Exception as e:  # any failure of a step is a disclosure failure, never a skip
            raise DisclosureError(f"disclosure step {name!r} failed: {type(e).__name__}: {e}") from e
        finally:
            timings[name] = (time.perf_counter() - t0) * 1000.0

    # 1. Check inputs.
    if not isinstance(image, Image.Image):
        raise DisclosureError(f"image must be a PIL.Image.Image, got {type(image).__name__}")
    if not isinstance(context, DisclosureContext):
        raise DisclosureError(f"context must be a DisclosureContext, got {type(context).__name__}")
    fmt = str(settings.output_format).lower()
    if fmt not in _FORMATS:
        raise DisclosureError(f"output_format {settings.output_format!r} is not supported; expected one of {list(_FORMATS)}")
    if (context.watermark_payload is None) != (watermarker is None):
        raise DisclosureError(
            "context.watermark_payload is set but no watermarker was given" if watermarker is None
            else "a watermarker was given but context.watermark_payload is None"
        )
    keys = keyring if keyring is not None else timed("keys", load_keyring, settings)

    # 2. Visible label (cannot be switched off).
    labelled = timed("label", _step_label, image, settings, context)
    # 3. Invisible watermark (soft binding).
    marked = timed("watermark", _step_watermark, labelled, watermarker, context)
    # The marked pixels as an array, once: the PNG writer and the fingerprint both read them.
    pixels = timed("pixels", _step_pixels, marked, fmt)
    # 4. XMP, encoded together with the pixels.
    encoded = timed("encode", _step_encode, marked, context, settings, fmt, pixels)
    # 5. C2PA sign.
    signed = timed("sign", _step_sign, encoded, fmt, context, settings, watermarker, keys)
    # 6. Read back: Trusted, with our assertions, or nothing is written.
    readout = timed("readback", _step_readback, signed, fmt, context, keys)
    # 7. The coarse picture verify compares copies with (recorded with the output).
    fingerprint = timed("fingerprint", _step_fingerprint, marked, pixels)
    # 7b. A PNG's exact pixels, named (verify knows a copy saved again without metadata by them).
    pixels_sha256 = timed("pixels_digest", _step_pixels_digest, pixels)
    # 8. Write atomically, named by content.
    digest = hashlib.sha256(signed).hexdigest()
    path = timed("write", _step_write, signed, Path(out_dir), digest, fmt)
    return SignedImage(path=path, data=signed, sha256=digest, format=fmt,
                       manifest_label=readout.manifest_label or "", width=marked.width,
                       height=marked.height, timings_ms=dict(timings), fingerprint=fingerprint,
                       pixels_sha256=pixels_sha256)


# --------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------


def _step_label(image: Image.Image, settings: Any, context: DisclosureContext) -> Image.Image:
    out, _placement = _label.label_from_settings(image, settings, real_person_depicted=context.real_person_depicted)
    return out


def _step_watermark(image: Image.Image, watermarker: Watermarker | None, context: DisclosureContext) -> Image.Image:
    if watermarker is None:
        return image
    marked = watermarker.embed(image, context.watermark_payload)
    if not isinstance(marked, Image.Image) or marked.size != image.size:
        raise DisclosureError(f"watermarker returned {marked!r}; expected a PIL image of size {image.size}")
    return marked.convert("RGB") if marked.mode != "RGB" else marked


def _step_pixels(marked: Image.Image, fmt: str) -> Any:
    """The marked RGB image's pixels (``np.asarray``'s, read-only) for the PNG writer, which the
    fingerprint then reads too; None for a JPEG (its encoder reads the image itself, and the
    fingerprint makes the array) or another mode. Packed in one piece (the watermark's
    ``_pixels``): inside disclose() 0.71 vs 0.86 ms at 512² and 11 vs 13 ms at 2048² for
    ``np.asarray``, which packs 64 KiB pieces and joins them."""
    from creator.disclosure.watermark import _pixels

    return _pixels(marked) if fmt == "png" and marked.mode == "RGB" else None


def _step_encode(image: Image.Image, context: DisclosureContext, settings: Any, fmt: str, pixels: Any = None) -> bytes:
    fields = _xmp.XmpFields(
        digital_source_type=context.digital_source_type,
        ai_system=f"{context.engine}:{context.model_id}",
        ai_system_version=context.model_version,
        creator_tool=f"Consent Studio {_version()}",
        created_at=context.created_at,
        document_id=f"xmp.did:{context.unique_id}",
        aigc=_xmp.AigcLabel(content_producer=settings.provider, produce_id=context.unique_id),
    )
    return _xmp.encode_with_xmp(image, fmt, _xmp.build_xmp(fields), pixels=pixels,
                                png_compress_level=PNG_COMPRESS_LEVEL, jpeg_quality=JPEG_QUALITY)


def _step_fingerprint(marked: Image.Image, pixels: Any = None) -> bytes:
    """The fingerprint (:mod:`creator.disclosure.fingerprint`) of the pixels encoded into the
    file: a PNG holds exactly these; a JPEG's decode differs from them by its compression, under a
    grey level for photos once brought to the fingerprint's 256 px (see that module; the step took
    35 ms with the decode at 2048², 10 ms without)."""
    import numpy as np

    from creator.disclosure import fingerprint

    if pixels is not None:  # np.asarray(marked), made once for the writer too
        return fingerprint.of_pixels(pixels)
    return fingerprint.of_pixels(np.asarray(marked.convert("RGB") if marked.mode != "RGB" else marked))


def _step_pixels_digest(pixels: Any) -> str | None:
    """:func:`creator.disclosure.fingerprint.pixels_digest` of the PNG's pixels (``pixels``: the
    array its writer encoded, losslessly); None for a JPEG (``pixels`` None: what a copy decodes
    to depends on the decoder, so no digest could be relied on)."""
    from creator.disclosure import fingerprint

    return fingerprint.pixels_digest(pixels) if pixels is not None else None


def _step_sign(data: bytes, fmt: str, context: DisclosureContext, settings: Any,
               watermarker: Watermarker | None, keys: Keyring) -> bytes:
    """Sign; with a TSA, time-stamped — or, when the TSA fails, without a time-stamp and
    with the gap recorded in the manifest (signing never depends on the network)."""
    binding = None
    if watermarker is not None:
        alg = getattr(watermarker, "name", None) or "org.consent-studio.watermark"
        binding = _c2pa.SoftBinding(alg=str(alg), payload_hex=context.watermark_payload)

    def manifest(gap: _c2pa.TimeStampGap | None) -> dict[str, Any]:
        return _c2pa.build_manifest(context, fmt=fmt, provider=settings.provider, generator_version=_version(),
                                    soft_binding=binding, time_stamp_gap=gap)

    if keys.tsa_url is None:
        return _c2pa.sign(data, fmt, manifest(None), context, keys.signer)
    recent = keys.tsa_backoff()
    if recent is not None:
        gap = _c2pa.TimeStampGap(recent.tsa_url, recent.reason, recent.detail, tried=False)
        return _c2pa.sign(data, fmt, manifest(gap), context, keys.signer)
    try:
        signed = _c2pa.sign(data, fmt, manifest(None), context, keys.time_stamping_signer)
    except DisclosureError as e:
        tsa_error = str(e)
    else:
        keys.tsa_succeeded()
        return signed
    # Only the TSA differs between the two attempts: if this one fails too, its error is the
    # real one and the TSA is not blamed.
    failure = TsaFailure.from_error(keys.tsa_url, tsa_error, 0.0)
    signed = _c2pa.sign(data, fmt, manifest(_c2pa.TimeStampGap(failure.tsa_url, failure.reason, failure.detail)),
                        context, keys.signer)
    keys.tsa_failed(tsa_error)
    _log.warning("time-stamp authority %s failed (%s); signed without a time-stamp and recorded the gap "
                 "in the manifest; not asking it again for %.0f s", keys.tsa_url, failure.detail, TSA_RETRY_AFTER_S)
    return signed


def _step_readback(data: bytes, fmt: str, context: DisclosureContext, keys: Keyring) -> _c2pa.ManifestReadout:
    mime = "image/png" if fmt == "png" else "image/jpeg"
    # the certificate's end of validity only bounds how long verify may remember a result
    r = _c2pa.read_manifest(data, mime, keys.reader_context(), signer_validity=False)
    if r.state != "Trusted":
        hint = ""
        if r.state == "Valid":
            hint = " — the signer's root is not a trust anchor (add it to c2pa_trust_anchors)"
        detail = ", ".join(r.failure_codes) or r.error or "no failure codes"
        raise DisclosureError(f"read-back after signing: C2PA state {r.state} ({detail}); expected Trusted{hint}")
    expected = context.consent.to_dict()
    if r.assertions.get(_c2pa.CONSENT_LABEL) != expected:
        raise DisclosureError(f"read-back after signing: consent assertion {_c2pa.CONSENT_LABEL} is missing or differs from the decision")
    wanted_gen = context.generation.to_dict() if context.generation is not None else None
    if r.assertions.get(_c2pa.GENERATION_LABEL) != wanted_gen:
        raise DisclosureError(f"read-back after signing: generation assertion {_c2pa.GENERATION_LABEL} is "
                              f"{'missing or differs from the settings' if wanted_gen else 'present but must be absent'}")
    dst = _xmp.digital_source_type_uri(context.digital_source_type)
    if r.digital_source_type != dst:
        raise DisclosureError(f"read-back after signing: manifest digitalSourceType is {r.digital_source_type!r}; expected {dst!r}")
    packet = _xmp.read_xmp(data)
    found = _xmp.parse_xmp(packet)["digital_source_type"] if packet else None
    if found != dst:
        raise DisclosureError(f"read-back after signing: XMP DigitalSourceType is {found!r}; expected {dst!r}")
    if context.watermark_payload is not None and r.soft_binding_payload != context.watermark_payload:
        raise DisclosureError("read-back after signing: c2pa.soft-binding with the watermark payload is missing")
    ts = r.time_stamp
    if ts.state in ("untrusted", "invalid"):
        raise DisclosureError(f"read-back after signing: {ts.message}; expected a time-stamp that chains to a trust "
                              f"anchor (add the root certificate of the TSA at {keys.tsa_url} to c2pa_trust_anchors)")
    if keys.tsa_url is not None and ts.state == "none" and ts.gap is None:
        raise DisclosureError(f"read-back after signing: tsa_url is {keys.tsa_url} but the manifest has neither a "
                              "time-stamp nor a record of why it has none")
    return r


_WRITE_PIECE = 256 * 1024


def _step_write(data: bytes, out_dir: Path, digest: str, fmt: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / f"{digest}.{'png' if fmt == 'png' else 'jpg'}"
    fd, tmp = tempfile.mkstemp(prefix=f".{digest[:16]}.", suffix=".tmp", dir=out_dir)
    try:
        try:
            view = memoryview(data)
            while view:
                # in pieces: one write() of a 5 MB output (2048², PNG) took 15-45 ms of CPU on the
                # benchmark machines after disclose()'s other steps, 1.3 ms in 256 KiB pieces
                view = view[os.write(fd, view[:_WRITE_PIECE]):]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return final


@lru_cache(maxsize=1)
def _version() -> str:
    try:
        return metadata.version("consent-studio")
    except metadata.PackageNotFoundError:
        return "0.1.0"
