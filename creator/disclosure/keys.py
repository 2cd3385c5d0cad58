"""C2PA signing keys, certificates and trust anchors.

Three ways to sign, one :class:`Keyring` for all of them:

- **Local test CA** (default). On first use a root CA and an ES256 end-entity
  certificate are created under ``settings.c2pa_dir``; every file is 0600 and the root is
  plainly named ``Consent Studio LOCAL TEST CA — not for production``. Files signed this way
  verify as *Trusted* only where that root is a trust anchor (this installation).
- **Production chain** (``settings.c2pa_cert_chain`` + ``settings.c2pa_private_key``, PEM).
  The key must match the chain's first certificate; its root belongs in
  ``settings.c2pa_trust_anchors`` or the read-back after signing fails (fail closed).
- **Signing callback** (HSM/KMS): :meth:`Keyring.from_callback` wraps c2pa's callback
  signer; the private key never enters this process.

Layout of ``c2pa_dir`` (local test CA)::

    local-test-ca.cert.pem   root certificate (trust anchor)
    local-test-ca.key.pem    root key (only used to issue signing certificates)
    signer.chain.pem         end-entity certificate + root
    signer.key.pem           end-entity key (PKCS#8)
    retired/                 signing certificates replaced by ``rotate`` (certs only)
    anchors/                 roots replaced by ``rotate --new-ca`` (still trusted, so
                             files signed before the rotation keep verifying)

**Time-stamps.** With ``settings.tsa_url`` set (or ``tsa_url=`` for a callback keyring),
:attr:`Keyring.time_stamping_signer` asks that RFC 3161 authority to countersign each
signature, so a file keeps verifying after its certificate expires. The TSA's root must be a
trust anchor. When the TSA fails, :mod:`creator.disclosure._pipeline` signs with
:attr:`Keyring.signer` (no time-stamp) and records the gap in the manifest; the keyring
remembers the failure for :data:`TSA_RETRY_AFTER_S` seconds, so a TSA that does not answer
(c2pa waits 30 s for it) stalls one signature, not every one.

Private keys never appear in messages, :class:`KeyInfo`, manifests or logs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import c2pa
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from creator.errors import DisclosureError

__all__ = [
    "LOCAL_CA_COMMON_NAME",
    "KeyInfo",
    "Keyring",
    "TSA_RETRY_AFTER_S",
    "TsaFailure",
    "check_tsa_url",
    "init_local_ca",
    "known_signing_certificate",
    "load_keyring",
    "rotate",
    "show",
    "trust_context",
    "known_signing_chain_valid_until",
    "verification_anchors",
    "verification_context",
    "is_local_test_name",
]

LOCAL_CA_COMMON_NAME = "Consent Studio LOCAL TEST CA — not for production"
_SIGNER_COMMON_NAME = "Consent Studio local signer (LOCAL TEST — not for production)"
_ORG = "Consent Studio LOCAL TEST"



def is_local_test_name(common_name: str | None) -> bool:
    """Whether a signer's common name is this studio's local test signer or CA (not for production)."""
    return common_name in (_SIGNER_COMMON_NAME, LOCAL_CA_COMMON_NAME)


_CA_CERT = "local-test-ca.cert.pem"
_CA_KEY = "local-test-ca.key.pem"
_SIGNER_CHAIN = "signer.chain.pem"
_SIGNER_KEY = "signer.key.pem"
_RETIRED = "retired"
_ANCHORS = "anchors"

_CA_DAYS = 3650
_SIGNER_DAYS = 825
_BACKDATE = dt.timedelta(minutes=5)

#: After a TSA failure, sign without a time-stamp for this many seconds before asking it again.
TSA_RETRY_AFTER_S = 60.0

_lock = threading.Lock()
_cache: dict[tuple, "Keyring"] = {}


# --------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyInfo:
    """What ``keys show`` prints: certificate facts and file locations, never key material."""

    source: str  # "local-test-ca" | "configured-chain" | "callback"
    algorithm: str
    signer_subject: str
    signer_issuer: str
    signer_serial: str
    signer_sha256: str
    not_before: dt.datetime
    not_after: dt.datetime
    chain_path: Path | None
    key_path: Path | None
    trust_anchor_subjects: tuple[str, ...]
    retired_certificates: tuple[Path, ...] = ()
    #: whether the chain ends at one of the trust anchors (its last certificate is one, or was
    #: issued by one): files it signs then verify as trusted here
    anchored: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "algorithm": self.algorithm,
            "signer_subject": self.signer_subject,
            "signer_issuer": self.signer_issuer,
            "signer_serial": self.signer_serial,
            "signer_sha256": self.signer_sha256,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "chain_path": str(self.chain_path) if self.chain_path else None,
            "key_path": str(self.key_path) if self.key_path else None,
            "trust_anchor_subjects": list(self.trust_anchor_subjects),
            "retired_certificates": [str(p) for p in self.retired_certificates],
            "anchored": self.anchored,
        }


@dataclass(frozen=True)
class TsaFailure:
    """The last time the time-stamp authority failed a signature, and how."""

    tsa_url: str
    #: "unreachable" (no connection / no answer), "http_error" (it answered with an HTTP
    #: error status) or "bad_reply" (its answer was not a usable time-stamp)
    reason: str
    #: one line of what the TSA client reported
    detail: str
    #: time.monotonic() of the failure
    at: float

    @classmethod
    def from_error(cls, tsa_url: str, error: str, at: float) -> "TsaFailure":
        text = " ".join(str(error).split())
        if "HTTP error" in text or "status =" in text:
            reason = "http_error"
        elif "error sending request" in text or "http resolver" in text or "connect" in text.lower():
            reason = "unreachable"
        else:
            reason = "bad_reply"
        return cls(tsa_url, reason, text[:300], at)


@dataclass(eq=False)
class Keyring:
    """Signing chain + reusable c2pa :class:`c2pa.Signer` objects + trust anchors for read-back.

    c2pa ``Signer`` objects are reusable (``Builder`` objects are not), so one keyring is
    built per configuration and shared by every :func:`creator.disclosure.disclose` call.
    Use :func:`load_keyring` (cached) or :meth:`from_callback`.
    """

    chain_pem: bytes
    trust_anchors_pem: str
    alg: c2pa.C2paSigningAlg
    source: str
    #: ``_make_signer(ta_url)``: a c2pa Signer, time-stamping with ``ta_url`` unless None.
    _make_signer: Callable[[str | None], c2pa.Signer] = field(repr=False)
    #: RFC 3161 time-stamp authority, or None (no time-stamps).
    tsa_url: str | None = None
    _signers: dict[str | None, c2pa.Signer] = field(default_factory=dict, repr=False)
    _reader_ctx: c2pa.Context | None = field(default=None, repr=False)
    _tsa_failure: TsaFailure | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.tsa_url is not None:
            self.tsa_url = check_tsa_url(self.tsa_url)

    def _signer_for(self, ta_url: str | None) -> c2pa.Signer:
        with self._lock:
            signer = self._signers.get(ta_url)
            if signer is None:
                try:
                    signer = self._signers[ta_url] = self._make_signer(ta_url)
                except c2pa.C2paError as e:
                    raise DisclosureError(f"c2pa rejected the signing certificate chain or key: {e}") from None
            return signer

    @property
    def signer(self) -> c2pa.Signer:
        """The signer without a time-stamp."""
        return self._signer_for(None)

    @property
    def time_stamping_signer(self) -> c2pa.Signer:
        """The signer that asks :attr:`tsa_url` for an RFC 3161 time-stamp (requires a TSA)."""
        if self.tsa_url is None:
            raise DisclosureError("no time-stamp authority is configured (tsa_url is unset)")
        return self._signer_for(self.tsa_url)

    def tsa_backoff(self, now: float | None = None) -> TsaFailure | None:
        """The TSA's last failure if it is recent (< TSA_RETRY_AFTER_S): do not ask it again yet."""
        now = time.monotonic() if now is None else now
        with self._lock:
            f = self._tsa_failure
            return f if f is not None and now - f.at < TSA_RETRY_AFTER_S else None

    def tsa_failed(self, error: str) -> TsaFailure:
        """Remember that the TSA failed a signature (``error``: what c2pa reported)."""
        if self.tsa_url is None:
            raise DisclosureError("tsa_failed: no time-stamp authority is configured")
        failure = TsaFailure.from_error(self.tsa_url, error, time.monotonic())
        with self._lock:
            self._tsa_failure = failure
        return failure

    def tsa_succeeded(self) -> None:
        with self._lock:
            self._tsa_failure = None

    def reader_context(self) -> c2pa.Context:
        """A c2pa Context that trusts exactly this keyring's anchors."""
        with self._lock:
            if self._reader_ctx is None:
                self._reader_ctx = trust_context(self.trust_anchors_pem)
            return self._reader_ctx

    @classmethod
    def from_callback(
        cls,
        sign: Callable[[bytes], bytes],
        chain_pem: bytes | str,
        *,
        trust_anchors_pem: str,
        alg: str = "es256",
        tsa_url: str | None = None,
    ) -> "Keyring":
        """A keyring whose signatures come from ``sign(data) -> signature`` (HSM, KMS).

        ``chain_pem`` is the end-entity certificate followed by its issuers. ``alg`` is the
        key's algorithm (``es256``, ``es384``, ``ed25519``); for ECDSA the callback returns a
        DER signature, as ``cryptography``'s ``private_key.sign`` does. ``tsa_url``: an RFC
        3161 time-stamp authority (its root belongs in ``trust_anchors_pem``).
        """
        chain = chain_pem.encode() if isinstance(chain_pem, str) else chain_pem
        certs = _parse_chain(chain, "signing callback chain")
        algorithm = _alg_by_name(alg)
        _check_end_entity(certs[0], "signing callback chain")
        return cls(
            chain_pem=chain,
            trust_anchors_pem=trust_anchors_pem,
            alg=algorithm,
            source="callback",
            _make_signer=lambda ta_url: c2pa.Signer.from_callback(sign, algorithm, chain.decode(), ta_url),
            tsa_url=tsa_url,
        )

    def info(self, *, chain_path: Path | None = None, key_path: Path | None = None,
             retired: tuple[Path, ...] = ()) -> KeyInfo:
        certs = _parse_chain(self.chain_pem, "signing chain")
        leaf = certs[0]
        anchors = _parse_chain(self.trust_anchors_pem.encode(), "trust anchors") if self.trust_anchors_pem else []
        return KeyInfo(
            source=self.source,
            algorithm=self.alg.name,
            signer_subject=leaf.subject.rfc4514_string(),
            signer_issuer=leaf.issuer.rfc4514_string(),
            signer_serial=format(leaf.serial_number, "x"),
            signer_sha256=leaf.fingerprint(hashes.SHA256()).hex(),
            not_before=leaf.not_valid_before_utc,
            not_after=leaf.not_valid_after_utc,
            chain_path=chain_path,
            key_path=key_path,
            trust_anchor_subjects=tuple(a.subject.rfc4514_string() for a in anchors),
            retired_certificates=retired,
            anchored=any(a == certs[-1] or a.subject == certs[-1].issuer for a in anchors),
        )


# --------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------


def init_local_ca(settings: Any) -> KeyInfo:
    """Create the local test CA and signing certificate if they are missing (idempotent).

    A half-present set (e.g. a chain without its key) is an error, not silently replaced:
    files signed with the old key would stop verifying.
    """
    d = Path(settings.c2pa_dir)
    with _lock:
        if not _uses_configured_chain(settings) and (d / _PRODUCTION_MARK).exists():  # (red team s66)
            raise DisclosureError(_production_missing_message(d))
        _ensure_local_ca(d)
    return show(settings)


def show(settings: Any) -> KeyInfo:
    """Describe the configured signing certificate (creating the local CA on first use)."""
    keyring = load_keyring(settings)
    if _uses_configured_chain(settings):
        return keyring.info(chain_path=Path(settings.c2pa_cert_chain), key_path=Path(settings.c2pa_private_key))
    d = Path(settings.c2pa_dir)
    retired = tuple(sorted((d / _RETIRED).glob("*.pem"))) if (d / _RETIRED).is_dir() else ()
    return keyring.info(chain_path=d / _SIGNER_CHAIN, key_path=d / _SIGNER_KEY, retired=retired)


def rotate(settings: Any, *, new_ca: bool = False) -> KeyInfo:
    """Replace the local signing key and certificate; keep the old certificate in ``retired/``.

    With ``new_ca`` the root is replaced too; the old root moves to ``anchors/`` and stays
    a trust anchor, so files signed before the rotation still verify as Trusted. A
    configured production chain is rotated by its owner, not here.
    """
    if _uses_configured_chain(settings):
        raise DisclosureError(
            "c2pa_cert_chain/c2pa_private_key are configured: rotate the production key with "
            "its issuer and point the settings at the new files; `c2pa rotate` only rotates the local test CA"
        )
    d = Path(settings.c2pa_dir)
    with _lock:
        if (d / _PRODUCTION_MARK).exists():  # its settings lost: nothing of the test CA changes (red team s66)
            raise DisclosureError(_production_missing_message(d))
        _ensure_local_ca(d)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        old_chain = _parse_chain(_read(d / _SIGNER_CHAIN, "signer chain"), f"{d / _SIGNER_CHAIN}")
        _mkdir_private(d / _RETIRED)
        _write_private(d / _RETIRED / f"signer-{stamp}-{format(old_chain[0].serial_number, 'x')[:16]}.cert.pem",
                       old_chain[0].public_bytes(serialization.Encoding.PEM))
        if new_ca:
            old_ca = _read(d / _CA_CERT, "local CA certificate")
            _mkdir_private(d / _ANCHORS)
            _write_private(d / _ANCHORS / f"local-test-ca-{stamp}.cert.pem", old_ca)
            ca_key, ca_cert = _new_ca()
            _write_private(d / _CA_KEY, _key_pem(ca_key), replace=True)
            _write_private(d / _CA_CERT, ca_cert.public_bytes(serialization.Encoding.PEM), replace=True)
        else:
            ca_key = _load_key(d / _CA_KEY, "local CA key")
            ca_cert = _parse_chain(_read(d / _CA_CERT, "local CA certificate"), f"{d / _CA_CERT}")[0]
        key, cert = _new_signer(ca_key, ca_cert)
        _write_private(d / _SIGNER_KEY, _key_pem(key), replace=True)
        _write_private(d / _SIGNER_CHAIN, cert.public_bytes(serialization.Encoding.PEM)
                       + ca_cert.public_bytes(serialization.Encoding.PEM), replace=True)
        _cache.clear()
    return show(settings)


def check_tsa_url(url: Any) -> str:
    """``url`` if it is a usable time-stamp authority URL (http/https, a host, no spaces)."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or not url.strip():
        raise DisclosureError(f"tsa_url must be an http:// or https:// URL, got {url!r}")
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url.strip()):
        raise DisclosureError(f"tsa_url {url!r} is not usable: expected an http:// or https:// URL with a host")
    return url.strip()


def known_signing_certificate(settings: Any, serial: int) -> x509.Certificate | None:
    """This installation's signing certificate with ``serial`` (current, configured or
    retired by ``rotate``), or None. Creates no keys."""
    chain = _known_chain(settings, serial)
    return chain[0] if chain else None


def _known_chain(settings: Any, serial: int) -> list[x509.Certificate] | None:
    """The first of this installation's signing chains (current, configured, then retired by
    ``rotate``) whose certificate has ``serial``, leaf first; None when none has. Unreadable
    chain files are passed over."""
    d = Path(settings.c2pa_dir)
    paths = [d / _SIGNER_CHAIN]
    if settings.c2pa_cert_chain is not None:
        paths.append(Path(settings.c2pa_cert_chain))
    if (d / _RETIRED).is_dir():
        paths += sorted((d / _RETIRED).glob("*.pem"))
    for p in paths:
        try:
            certs = x509.load_pem_x509_certificates(p.read_bytes())
        except (OSError, ValueError):
            continue
        if certs and certs[0].serial_number == serial:
            return certs
    return None


def load_keyring(settings: Any) -> Keyring:
    """The keyring for ``settings``: configured chain+key, or the local test CA (created on
    first use). Cached per configuration and file state, so the c2pa Signer is reused."""
    configured = _uses_configured_chain(settings)
    d = Path(settings.c2pa_dir)
    with _lock:
        if not configured and (d / _PRODUCTION_MARK).exists():
            raise DisclosureError(_production_missing_message(d))
        if not configured:
            if local_chain_missing(settings) and getattr(settings, "has_published_outputs", lambda: False)():
                # (red team 71) `c2pa show` or a verify made a new local CA after a partial restore
                raise DisclosureError(settings.lost_secret_message(f"the local C2PA signing chain in {d}"))
            _ensure_local_ca(d)
        paths = _relevant_files(settings, configured)
        key = (getattr(settings, "tsa_url", None), *((str(p), *_stat(p)) for p in paths))
        cached = _cache.get(key)
        if cached is not None:
            return cached
        keyring = _build_keyring(settings, configured)
        _cache.clear()
        _cache[key] = keyring
        return keyring


def verification_context(settings: Any) -> c2pa.Context:
    """A reading Context trusting this installation's anchors; creates no keys.

    Anchors: the local test CA (current and retired) where it exists, plus
    ``settings.c2pa_trust_anchors``. With none, every signer reads as untrusted.
    """
    return verification_anchors(settings)[0]


def verification_anchors(settings: Any) -> tuple[c2pa.Context, str]:
    """:func:`verification_context` and the SHA-256 of the anchors it trusts (read from their
    files on every call, so a changed anchor file is a different digest): what a memory of
    validation results is keyed by."""
    ctx, digest, _text = verification_anchors_pem(settings)
    return ctx, digest


def verification_anchors_pem(settings: Any) -> tuple[c2pa.Context, str, str]:
    """:func:`verification_anchors` and the anchors' PEM text of that one read (for
    :func:`known_signing_chain_valid_until`, which would otherwise read the files again)."""
    with _lock:
        anchors = _trust_anchors_pem(settings)
    return trust_context(anchors), hashlib.sha256(anchors.encode()).hexdigest(), anchors


def anchors_are_this_installations(settings: Any) -> bool:
    """True when the one trust anchor is this installation's own local CA: no
    ``c2pa_trust_anchors`` file is configured and the anchors folder (retired local CAs) holds no
    file. A certificate that validates as Trusted was then issued by that CA, which gives each
    certificate a random 159-bit serial: the certificate of this installation with the same serial and name
    (:func:`known_signing_chain_valid_until`) *is* the file's, and its end of validity need not be
    asked of c2pa (its crJSON report, ≈ 0.3-0.5 ms a 512² file). With other anchors, another
    trusted issuer's certificate may carry this installation's serial and name — and so may one
    of a CA put into the anchors folder beside the retired local CAs (red team s60b): with any
    file there, c2pa is asked as well."""
    if settings.c2pa_trust_anchors is not None:
        return False
    folder = Path(settings.c2pa_dir) / _ANCHORS
    return not (folder.is_dir() and any(folder.glob("*.pem")))


_trust_contexts: dict[str, c2pa.Context] = {}


def trust_context(trust_anchors_pem: str) -> c2pa.Context:
    """A c2pa reading Context with ``trust_anchors_pem`` as user anchors (trust checked).

    With no anchors at all every signer reads as untrusted (state ``Valid``). One Context per
    anchors text is kept (the last few): a Context is its configuration, and building one
    costs about as much as reading a small file's manifest."""
    with _lock:
        ctx = _trust_contexts.get(trust_anchors_pem)
    if ctx is not None:
        return ctx
    # remote_manifest_fetch off: a file's XMP may name a "remote manifest" URL, and c2pa would
    # fetch it (any address an uploader of the public page picks); a manifest is in the file or nowhere
    config: dict[str, Any] = {"verify": {"verify_trust": True, "remote_manifest_fetch": False}}
    if trust_anchors_pem.strip():
        config["trust"] = {"user_anchors": trust_anchors_pem}
    try:
        ctx = c2pa.Context.from_dict(config)
    except c2pa.C2paError as e:
        raise DisclosureError(f"c2pa rejected the trust anchors: {e}") from None
    with _lock:
        if len(_trust_contexts) >= 8:
            _trust_contexts.clear()
        _trust_contexts[trust_anchors_pem] = ctx
    return ctx


def known_signing_chain_valid_until(settings: Any, serial: int, common_name: str | None, *,
                                    anchors: str | None = None) -> dt.datetime | None:
    """The earliest end of validity of this installation's signing chain whose certificate has
    ``serial`` and ``common_name`` (current, configured or retired), and of every trust anchor;
    None when no such certificate is known here or one of them is not valid yet. Until then a
    Trusted validation of a file it signed does not depend on the clock (c2pa checks the chain
    against the time now). Remembered per (serial, name, anchors): a certificate's dates are
    part of it, and the anchors are read again on every call (``anchors``: their PEM text as the
    caller read it just now, :func:`verification_anchors_pem`)."""
    if anchors is None:
        with _lock:
            anchors = _trust_anchors_pem(settings)
    mem = (serial, common_name, anchors)
    with _lock:
        hit = _chain_until.get(mem)
    if hit is None:
        hit = (_chain_until_now(settings, serial, common_name, anchors),)
        with _lock:
            if len(_chain_until) >= 16:
                _chain_until.clear()
            _chain_until[mem] = hit
    until = hit[0]
    return until if until is not None and until > dt.datetime.now(dt.timezone.utc) else None


_chain_until: dict[tuple, tuple[dt.datetime | None]] = {}


def _chain_until_now(settings: Any, serial: int, common_name: str | None, anchors: str) -> dt.datetime | None:
    certs = _known_chain(settings, serial)
    if not certs:
        return None
    cn = certs[0].subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if not cn or cn[0].value != common_name:
        return None
    try:
        certs += x509.load_pem_x509_certificates(anchors.encode()) if anchors.strip() else []
    except ValueError:
        return None
    if any(c.not_valid_before_utc > dt.datetime.now(dt.timezone.utc) for c in certs):
        return None
    return min(c.not_valid_after_utc for c in certs)


# --------------------------------------------------------------------------------------
# Private helpers
# --------------------------------------------------------------------------------------


def _uses_configured_chain(settings: Any) -> bool:
    chain, key = settings.c2pa_cert_chain, settings.c2pa_private_key
    if (chain is None) != (key is None):
        missing = "c2pa_private_key" if key is None else "c2pa_cert_chain"
        given = "c2pa_cert_chain" if key is None else "c2pa_private_key"
        raise DisclosureError(f"{given} is set but {missing} is not: configure both (PEM files) or neither")
    return chain is not None


def _relevant_files(settings: Any, configured: bool) -> list[Path]:
    d = Path(settings.c2pa_dir)
    files = [d / _CA_CERT]
    if (d / _ANCHORS).is_dir():
        files += sorted((d / _ANCHORS).glob("*.pem"))
    if configured:
        files += [Path(settings.c2pa_cert_chain), Path(settings.c2pa_private_key)]
    else:
        files += [d / _SIGNER_CHAIN, d / _SIGNER_KEY]
    if settings.c2pa_trust_anchors is not None:
        files.append(Path(settings.c2pa_trust_anchors))
    return files


def _stat(p: Path) -> tuple[int, int]:
    try:
        st = p.stat()
    except FileNotFoundError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def _build_keyring(settings: Any, configured: bool) -> Keyring:
    d = Path(settings.c2pa_dir)
    if configured:
        chain_path, key_path = Path(settings.c2pa_cert_chain), Path(settings.c2pa_private_key)
        source = "configured-chain"
        what_chain, what_key = f"c2pa_cert_chain {chain_path}", f"c2pa_private_key {key_path}"
    else:
        chain_path, key_path = d / _SIGNER_CHAIN, d / _SIGNER_KEY
        source = "local-test-ca"
        what_chain, what_key = f"local signer chain {chain_path}", f"local signer key {key_path}"
    chain_pem = _read(chain_path, what_chain)
    certs = _parse_chain(chain_pem, what_chain)
    _check_end_entity(certs[0], what_chain)
    key = _load_key(key_path, what_key)
    if _public_der(key.public_key()) != _public_der(certs[0].public_key()):
        raise DisclosureError(
            f"{what_key} does not match the first certificate of {what_chain} "
            f"(subject {certs[0].subject.rfc4514_string()}): expected the key of that certificate"
        )
    alg = _alg_of(key, what_key)
    key_pem = _key_pem(key)
    anchors = _trust_anchors_pem(settings)
    if configured:
        _mark_production(d, certs[0])
    return Keyring(
        chain_pem=chain_pem,
        trust_anchors_pem=anchors,
        alg=alg,
        source=source,
        _make_signer=lambda ta_url: c2pa.Signer.from_info(c2pa.C2paSignerInfo(alg, chain_pem, key_pem, ta_url)),
        tsa_url=getattr(settings, "tsa_url", None),
    )


#: Anchor files' bytes already parsed as PEM chains (callers hold ``_lock``).
_anchors_parsed: set[bytes] = set()


def _trust_anchors_pem(settings: Any) -> str:
    d = Path(settings.c2pa_dir)
    parts: list[bytes] = []
    if (d / _CA_CERT).exists():
        parts.append(_read(d / _CA_CERT, "local CA certificate"))
    if (d / _ANCHORS).is_dir():
        parts += [_read(p, "retired local CA certificate") for p in sorted((d / _ANCHORS).glob("*.pem"))]
    if settings.c2pa_trust_anchors is not None:
        p = Path(settings.c2pa_trust_anchors)
        data = _read(p, f"c2pa_trust_anchors {p}")
        if data not in _anchors_parsed:
            _parse_chain(data, f"c2pa_trust_anchors {p}")
        parts.append(data)
    for part in parts:
        if part not in _anchors_parsed:  # the same bytes parse the same: once is enough
            _parse_chain(part, "trust anchors")
            if len(_anchors_parsed) >= 32:
                _anchors_parsed.clear()
            _anchors_parsed.add(part)
    return b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts).decode()


#: the most a key, certificate chain or trust-anchor file may hold (PEM text; a chain of a few certificates is KBs)
KEY_FILE_MAX = 1 << 20


def _read(path: Path, what: str) -> bytes:
    """A key or certificate file's bytes: a regular file of at most :data:`KEY_FILE_MAX` bytes (red
    team 69: a settings file naming ``/dev/zero`` read until memory ran out; a FIFO hung ``generate``
    for ever). Opened without waiting for a writer, checked on the open file."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DisclosureError(f"{what}: file not found") from None
    except OSError as e:
        raise DisclosureError(f"{what}: cannot read ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise DisclosureError(f"{what}: not a regular file; expected a PEM file")
        if st.st_size > KEY_FILE_MAX:
            raise DisclosureError(f"{what}: {st.st_size} bytes; a key or certificate file holds at most {KEY_FILE_MAX}")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(KEY_FILE_MAX + 1)
    except OSError as e:
        raise DisclosureError(f"{what}: cannot read ({e.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > KEY_FILE_MAX:
        raise DisclosureError(f"{what}: more than {KEY_FILE_MAX} bytes; a key or certificate file holds at most that")
    return data


def _parse_chain(data: bytes, what: str) -> list[x509.Certificate]:
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise DisclosureError(f"{what}: not a PEM certificate chain (expected -----BEGIN CERTIFICATE----- blocks)") from None
    if not certs:
        raise DisclosureError(f"{what}: no certificate found")
    return certs


def _load_key(path: Path, what: str):
    data = _read(path, what)
    try:
        return serialization.load_pem_private_key(data, password=None)
    except TypeError:
        raise DisclosureError(f"{what}: the key is encrypted; expected an unencrypted PKCS#8 PEM key "
                              "(use a signing callback for keys held in an HSM/KMS)") from None
    except (ValueError, UnsupportedAlgorithm):
        # Never echo the file's content: it may be (part of) a private key.
        raise DisclosureError(f"{what}: not a readable PEM private key ({len(data)} bytes; "
                              "expected an EC P-256/P-384 or Ed25519 key in PEM)") from None


def _alg_of(key, what: str) -> c2pa.C2paSigningAlg:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if isinstance(key.curve, ec.SECP256R1):
            return c2pa.C2paSigningAlg.ES256
        if isinstance(key.curve, ec.SECP384R1):
            return c2pa.C2paSigningAlg.ES384
        raise DisclosureError(f"{what}: EC curve {key.curve.name} is not supported; expected P-256 or P-384")
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return c2pa.C2paSigningAlg.ED25519
    raise DisclosureError(f"{what}: key type {type(key).__name__} is not supported; expected EC P-256/P-384 or Ed25519")


def _alg_by_name(name: str) -> c2pa.C2paSigningAlg:
    names = {"es256": c2pa.C2paSigningAlg.ES256, "es384": c2pa.C2paSigningAlg.ES384,
             "ed25519": c2pa.C2paSigningAlg.ED25519}
    try:
        return names[name.lower()]
    except KeyError:
        raise DisclosureError(f"alg {name!r} is not supported; expected one of {sorted(names)}") from None


def _check_end_entity(cert: x509.Certificate, what: str) -> None:
    """The c2pa certificate profile rules (docs/ARCHITECTURE.md, "Signing"), checked up front with a readable message."""
    problems = []
    try:
        if cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca:
            problems.append("it is a CA certificate (expected CA:FALSE)")
    except x509.ExtensionNotFound:
        pass
    if cert.issuer == cert.subject:
        problems.append("it is self-signed (expected a certificate issued by a CA)")
    try:
        if not cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature:
            problems.append("KeyUsage lacks digitalSignature")
    except x509.ExtensionNotFound:
        problems.append("KeyUsage is missing (expected digitalSignature)")
    now = dt.datetime.now(dt.timezone.utc)
    if cert.not_valid_after_utc < now:
        problems.append(f"it expired on {cert.not_valid_after_utc.isoformat()}")
    if problems:
        raise DisclosureError(f"{what}: signing certificate {cert.subject.rfc4514_string()} is unusable: "
                              + "; ".join(problems))


def _public_der(pub) -> bytes:
    return pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _key_pem(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


#: In the C2PA folder once the studio has signed with a configured (production) chain: later, with
#: those settings missing, it refuses instead of signing with the local TEST CA without a word (a
#: self-hosting admin's walkthrough, session 66: a service file that lost its variables went on
#: signing every output "LOCAL TEST — not for production").
_PRODUCTION_MARK = "production-signer.json"


def _mark_production(d: Path, signer: x509.Certificate) -> None:
    import json

    fingerprint = signer.fingerprint(hashes.SHA256()).hex()
    path = d / _PRODUCTION_MARK
    try:
        if json.loads(path.read_text("utf-8")).get("sha256") == fingerprint:
            return
    except (OSError, ValueError, AttributeError):
        pass
    _mkdir_private(d)
    mark = {"subject": signer.subject.rfc4514_string(), "sha256": fingerprint,
            "marked_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    _write_private(path, (json.dumps(mark, indent=2) + "\n").encode(), replace=True)


def _production_missing_message(d: Path) -> str:
    import json

    path = d / _PRODUCTION_MARK
    try:
        mark = json.loads(path.read_text("utf-8"))
        who = f" ({mark.get('subject')}, used since {mark.get('marked_at')})"
    except (OSError, ValueError, AttributeError):
        who = ""
    return (f"this installation signs with a configured production C2PA certificate{who}, but "
            "CONSENT_STUDIO_C2PA_CERT_CHAIN and CONSENT_STUDIO_C2PA_PRIVATE_KEY (settings c2pa_cert_chain, "
            "c2pa_private_key) are not set now: nothing was signed with the local TEST certificate instead. Set them "
            f"again, with c2pa_trust_anchors (the studio's record of that certificate: {path})")


def _mkdir_private(d: Path) -> None:
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(d, 0o700)


def _write_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write a 0600 file; ``replace`` swaps it in atomically, otherwise it must not exist."""
    if not replace:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def local_chain_missing(settings: Any) -> bool:
    """Whether the studio signs with its local test CA and none of that chain's files is there (a
    first start, or a chain lost in a partial restore)."""
    d = Path(settings.c2pa_dir)
    return not _uses_configured_chain(settings) and not any((d / n).exists() for n in (_CA_CERT, _CA_KEY, _SIGNER_CHAIN))


def _ensure_local_ca(d: Path) -> None:
    names = [_CA_CERT, _CA_KEY, _SIGNER_CHAIN, _SIGNER_KEY]
    present = [n for n in names if (d / n).exists()]
    if len(present) == len(names):
        return
    if present:
        missing = [n for n in names if n not in present]
        raise DisclosureError(
            f"local C2PA keys in {d} are incomplete: {', '.join(missing)} missing while "
            f"{', '.join(present)} exist; restore the missing files or move the directory aside "
            "(files signed with the old key need its CA to verify)"
        )
    _mkdir_private(d)
    ca_key, ca_cert = _new_ca()
    key, cert = _new_signer(ca_key, ca_cert)
    pem = serialization.Encoding.PEM
    _write_private(d / _CA_KEY, _key_pem(ca_key))
    _write_private(d / _CA_CERT, ca_cert.public_bytes(pem))
    _write_private(d / _SIGNER_KEY, _key_pem(key))
    _write_private(d / _SIGNER_CHAIN, cert.public_bytes(pem) + ca_cert.public_bytes(pem))


def _new_ca() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, LOCAL_CA_COMMON_NAME),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORG)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE).not_valid_after(now + dt.timedelta(days=_CA_DAYS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                     crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def _new_signer(ca_key, ca_cert: x509.Certificate) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.timezone.utc)
    not_after = min(now + dt.timedelta(days=_SIGNER_DAYS), ca_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, _SIGNER_COMMON_NAME),
                                 x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORG)]))
        .issuer_name(ca_cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _BACKDATE).not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert
