"""The talent page's short-lived state, kept in the registry database (migration 0008).

A restart keeps people signed in, a pending approval or passkey enrollment survives it, the
camera rate limit cannot be reset by restarting the server, and several studio processes
behind one load balancer on the same database agree. :class:`TalentStore` holds:

- **sessions** (``talent_sessions``): the row is found by an HMAC of the session cookie under the
  installation's session key (:data:`SESSION_KEY_FILE` in the keys directory, 0600, created
  once; every studio process reads the same file), and the cookie carries a second HMAC over
  the row (person, role, passkey, expiry). The database holds neither the key nor the cookie,
  so whoever writes it (its host, trusted with nothing) can neither insert a session that
  signs anyone in nor move an existing one to another person. The form token (CSRF) is an HMAC
  of the cookie under the same key (:meth:`TalentStore.csrf_of`), never stored;
- **one-time challenges** (``talent_challenges``): passkey sign-in and enrollment challenges,
  pending signing ceremonies and camera challenges, keyed by sha256 of ``kind`` + the key (a
  signing link's token is a key: only its hash is stored). Taking one is a single conditional
  ``DELETE`` (or ``UPDATE``) whose row count says whether this caller got it, so two processes
  cannot both use one;
- **camera attempts** (``talent_attempts``): the per-link rate limit, counted and checked in
  one write transaction;
- **frame digests seen** (``talent_seen_frames``): an exact replay of an earlier camera frame;
- **passkeys waiting for an operator** (``talent_enrollments``): keyed by a hash of the code
  the person reads out; the passkey itself is sealed (AES-GCM) under a key derived from that
  code, so the table alone reveals neither the code nor the passkey.

Every row has an expiry on the service's clock (wall seconds, shared by every process): an
expired row reads as absent and is swept (:meth:`TalentStore.sweep`, also run by writes at
most every :data:`SWEEP_EVERY_S`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, insert, select, update

from consent.errors import RegistryError

__all__ = ["TalentStore", "TalentSession", "AttemptCount", "session_key", "SESSION_KEY_FILE", "FRAME_KEEP_S",
           "SWEEP_EVERY_S"]

#: The talent page's session key, in the installation's keys directory (32 random bytes, 0600).
SESSION_KEY_FILE = "talent-session.key"

#: How long a camera frame's digest is remembered (an exact replay within this time is refused).
FRAME_KEEP_S = 30 * 24 * 3600
#: Writes sweep expired rows at most this often (per store object).
SWEEP_EVERY_S = 60.0

_md = MetaData()
_H = String(64)
_S = Float(precision=53)
_sessions = Table(
    "talent_sessions", _md,
    Column("token_sha256", _H, primary_key=True),
    Column("subject_id", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    Column("key_id", String(32), nullable=False),
    Column("expires_at", _S, nullable=False),
)
_challenges = Table(
    "talent_challenges", _md,
    Column("key_sha256", _H, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("value", Text),
    Column("expires_at", _S, nullable=False),
)
_attempts = Table(
    "talent_attempts", _md,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_sha256", _H, nullable=False),
    Column("at", _S, nullable=False),
)
_frames = Table(
    "talent_seen_frames", _md,
    Column("pixels_sha256", _H, primary_key=True),
    Column("seen_at", _S, nullable=False),
)
_enrollments = Table(
    "talent_enrollments", _md,
    Column("code_sha256", _H, primary_key=True),
    Column("sealed", Text, nullable=False),
    Column("expires_at", _S, nullable=False),
)

_KINDS = ("signin", "enroll", "ceremony", "presence", "signin-spent", "enroll-spent")


def _h(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def session_key(keys_dir: str | Path) -> bytes:
    """The talent page's session key in ``keys_dir`` (:data:`SESSION_KEY_FILE`), created on first
    use (32 random bytes, 0600; a process that loses the race reads the winner's). A file of the
    wrong size or readable by others is refused."""
    from consent.signing import secret_key_file

    return secret_key_file(Path(keys_dir).expanduser() / SESSION_KEY_FILE, "talent session key", RegistryError,
                           partly_written="a partly written file: remove it and restart, which signs every person "
                                          "out of the talent page")


@dataclass(frozen=True)
class TalentSession:
    subject_id: str
    role: str
    key_id: str
    csrf: str
    until: float


@dataclass(frozen=True)
class AttemptCount:
    """The outcome of :meth:`TalentStore.count_attempt`."""

    allowed: bool
    tries: int  # tries in the window, this one included when allowed
    since_last: float | None  # seconds since the previous try in the window


class TalentStore:
    """The talent page's sessions, challenges, rate limit, frame digests and waiting enrollments,
    in ``registry``'s database. ``clock`` gives wall seconds (the same in every process)."""

    def __init__(self, registry: Any, *, clock: Callable[[], float] = time.time, attempt_window_s: float = 15 * 60,
                 frame_keep_s: float = FRAME_KEEP_S, key: bytes | None = None) -> None:
        self.registry = registry
        self._session_key = key
        self.clock = clock
        self.attempt_window_s = float(attempt_window_s)
        self.frame_keep_s = float(frame_keep_s)
        self._swept = float("-inf")
        self._sweep_lock = threading.Lock()

    # ------------------------------------------------------------------ plumbing
    def _key(self, kind: str, key: str) -> str:
        if kind not in _KINDS:
            raise ValueError(f"challenge kind is {kind!r}; expected one of {', '.join(_KINDS)}")
        return _h("talent-" + kind, key)

    def _now(self) -> float:
        return float(self.clock())

    def _maybe_sweep(self, conn: Any, now: float) -> None:
        with self._sweep_lock:
            if now - self._swept < SWEEP_EVERY_S:
                return
            self._swept = now
        self._sweep(conn, now)

    def _sweep(self, conn: Any, now: float) -> int:
        n = 0
        n += conn.execute(delete(_sessions).where(_sessions.c.expires_at < now)).rowcount or 0
        n += conn.execute(delete(_challenges).where(_challenges.c.expires_at < now)).rowcount or 0
        n += conn.execute(delete(_attempts).where(_attempts.c.at < now - self.attempt_window_s)).rowcount or 0
        n += conn.execute(delete(_frames).where(_frames.c.seen_at < now - self.frame_keep_s)).rowcount or 0
        n += conn.execute(delete(_enrollments).where(_enrollments.c.expires_at < now)).rowcount or 0
        return n

    def sweep(self) -> int:
        """Delete every expired row now; returns how many."""
        now = self._now()
        with self.registry._write() as conn:
            n = self._sweep(conn, now)
        with self._sweep_lock:
            self._swept = now
        return n

    # ------------------------------------------------------------------ sessions
    def key(self) -> bytes:
        """The session key: given, else the keys directory's :data:`SESSION_KEY_FILE` (the one
        the registry's audit key is kept in), loaded once. No keys directory: refused."""
        if self._session_key is None:
            keys_dir = getattr(getattr(self.registry, "audit_keys", None), "keys_dir", None)
            if keys_dir is None:
                raise RegistryError("the talent page's sessions need a key from the installation's keys directory, "
                                    "and this registry's audit keys name none (AuditKeys.from_callback without "
                                    "keys_dir); give the keys directory, or TalentStore(key=...)")
            self._session_key = session_key(keys_dir)
        return self._session_key

    def _mac(self, *parts: str) -> str:
        return hmac.new(self.key(), "\0".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()

    def _row_id(self, token: str) -> str:
        return self._mac("talent-session-id", token)

    def _row_tag(self, token: str, subject_id: str, role: str, key_id: str, expires_at: float) -> str:
        return self._mac("talent-session-row", token, subject_id, role, key_id, float(expires_at).hex())[:43]

    @staticmethod
    def _split(cookie: str | None) -> tuple[str, str] | None:
        token, dot, tag = (cookie or "").rpartition(".")
        return (token, tag) if dot and token and tag else None

    def csrf_of(self, cookie: str) -> str:
        """The form token of a session: an HMAC of its cookie under the session key (a page from
        another site knows neither; the database holds neither), never stored."""
        return self._mac("talent-csrf", cookie)[:32]

    def open_session(self, subject_id: str, role: str, key_id: str, ttl_s: float) -> str:
        """A new session; returns its cookie value: a random token and an HMAC over the row (the
        database holds only an HMAC of the token)."""
        token = secrets.token_urlsafe(32)
        now = self._now()
        expires_at = float(now + ttl_s)
        row_id, tag = self._row_id(token), self._row_tag(token, subject_id, role, key_id, expires_at)
        with self.registry._write() as conn:
            self._maybe_sweep(conn, now)
            conn.execute(insert(_sessions).values(token_sha256=row_id, subject_id=subject_id,
                                                  role=role, key_id=key_id, expires_at=expires_at))
        return f"{token}.{tag}"

    def session(self, cookie: str | None) -> TalentSession | None:
        """The session of this cookie value, or ``None``: unknown, ended, expired, or a row that is
        not the one this cookie was issued for (written or changed in the database)."""
        parts = self._split(cookie)
        if parts is None:
            return None  # no cookie, or one from before sessions were keyed: signed out
        token, tag = parts
        with self.registry._read() as conn:
            r = conn.execute(select(_sessions).where(_sessions.c.token_sha256 == self._row_id(token))).first()
        if r is None or r.expires_at < self._now():
            return None
        if not hmac.compare_digest(tag, self._row_tag(token, r.subject_id, r.role, r.key_id, r.expires_at)):
            return None
        return TalentSession(r.subject_id, r.role, r.key_id, self.csrf_of(cookie), float(r.expires_at))

    def end_session(self, cookie: str | None) -> None:
        parts = self._split(cookie)
        if parts is None:
            return
        with self.registry._write() as conn:
            conn.execute(delete(_sessions).where(_sessions.c.token_sha256 == self._row_id(parts[0])))

    # ------------------------------------------------------------------ keyed one-time challenges
    def mint(self, kind: str, ttl_s: float) -> str:
        """A one-time challenge (base64url) that nothing stores until it is spent: 24 random bytes,
        its end of life and an HMAC over both and ``kind`` under the session key. Anyone may ask for
        one (the talent page's sign-in and passkey creation), so none is stored on asking: a stored
        pool of open challenges, capped for every client together, was one client's to fill, and
        then no person could sign in to withdraw her consent (red teams s60 and s60b: per address,
        per IPv6 prefix, or everyone behind one proxy)."""
        body = secrets.token_bytes(24) + int(self._now() + ttl_s).to_bytes(8, "big")
        return base64.urlsafe_b64encode(body + self._challenge_tag(kind, body)).rstrip(b"=").decode("ascii")

    def _challenge_tag(self, kind: str, body: bytes) -> bytes:
        return hmac.new(self.key(), b"talent-challenge\0" + kind.encode() + b"\0" + body, hashlib.sha256).digest()[:16]

    def minted_until(self, kind: str, challenge: str) -> float | None:
        """When ``challenge``, minted here for ``kind`` (:meth:`mint`), runs out; None when it was
        not minted here for that kind or has run out. Whether it was spent, :meth:`spend` says."""
        try:
            raw = base64.urlsafe_b64decode(challenge + "=" * (-len(challenge) % 4))
        except (ValueError, TypeError):
            return None
        if len(raw) != 48 or not hmac.compare_digest(raw[32:], self._challenge_tag(kind, raw[:32])):
            return None
        until = float(int.from_bytes(raw[24:32], "big"))
        return until if until >= self._now() else None

    def spent(self, kind: str, challenge: str) -> bool:
        """Whether ``challenge`` was spent already (:meth:`spend`; a read: the spend decides)."""
        with self.registry._read() as conn:
            return conn.execute(select(_challenges.c.key_sha256).where(
                _challenges.c.key_sha256 == self._key(kind + "-spent", challenge))).first() is not None

    def spend(self, kind: str, challenge: str) -> bool:
        """Use up a challenge minted here (:meth:`minted_until`): True for exactly one caller, in
        every process (a row under its digest, kept until it runs out, decides); False when it was
        spent before, was not minted here or has run out. Called once the ceremony it was asked for
        has verified, so only completed ceremonies are stored."""
        until = self.minted_until(kind, challenge)
        if until is None:
            return False
        k = self._key(kind + "-spent", challenge)
        now = self._now()
        with self.registry._write() as conn:  # writes are serialised: no second caller between the two
            self._maybe_sweep(conn, now)
            if conn.execute(select(_challenges.c.key_sha256).where(_challenges.c.key_sha256 == k)).first() is not None:
                return False
            conn.execute(insert(_challenges).values(key_sha256=k, kind=kind + "-spent", value="spent", expires_at=until))
        return True

    # ------------------------------------------------------------------ one-time challenges
    def put(self, kind: str, key: str, value: str, ttl_s: float) -> None:
        """Store (or replace) the open ``kind`` challenge under ``key`` (a ceremony's or a presence
        check's, each under its signing link's token: one a link; sign-in and passkey creation
        store nothing until used, :meth:`mint`)."""
        now = self._now()
        k = self._key(kind, key)
        with self.registry._write() as conn:
            self._maybe_sweep(conn, now)
            conn.execute(delete(_challenges).where(_challenges.c.key_sha256 == k))
            conn.execute(insert(_challenges).values(key_sha256=k, kind=kind, value=value, expires_at=now + ttl_s))

    def peek(self, kind: str, key: str) -> str | None:
        """The open challenge's value (not used up), or ``None`` (absent, used or expired)."""
        with self.registry._read() as conn:
            r = conn.execute(select(_challenges.c.value, _challenges.c.expires_at).where(
                _challenges.c.key_sha256 == self._key(kind, key))).first()
        if r is None or r.value is None or r.expires_at < self._now():
            return None
        return r.value

    def take(self, kind: str, key: str) -> str | None:
        """Use up the challenge: its value for exactly one caller (one conditional DELETE whose
        row count decides), ``None`` for everyone else and when it expired."""
        now = self._now()
        k = self._key(kind, key)
        with self.registry._write() as conn:
            r = conn.execute(select(_challenges.c.value, _challenges.c.expires_at).where(_challenges.c.key_sha256 == k)).first()
            if r is None or r.value is None:
                return None
            gone = conn.execute(delete(_challenges).where((_challenges.c.key_sha256 == k) & (_challenges.c.value == r.value)))
            if gone.rowcount != 1 or r.expires_at < now:
                return None
            return r.value

    def swap(self, kind: str, key: str, old: str, new: str, ttl_s: float) -> bool:
        """Replace the challenge's value ``old`` by ``new`` (one conditional UPDATE): ``True`` for
        the one caller that still found ``old`` there, unexpired."""
        now = self._now()
        with self.registry._write() as conn:
            res = conn.execute(update(_challenges).where(
                (_challenges.c.key_sha256 == self._key(kind, key)) & (_challenges.c.value == old)
                & (_challenges.c.expires_at >= now)).values(value=new, expires_at=now + ttl_s))
            return res.rowcount == 1

    def drop(self, kind: str, key: str) -> None:
        with self.registry._write() as conn:
            conn.execute(delete(_challenges).where(_challenges.c.key_sha256 == self._key(kind, key)))

    # ------------------------------------------------------------------ camera rate limit + replays
    def count_attempt(self, key: str, *, min_gap_s: float, max_tries: int) -> AttemptCount:
        """Count one try for ``key`` unless the last one was under ``min_gap_s`` ago or ``max_tries``
        were made in the window (checked and counted in one write transaction)."""
        now = self._now()
        k = _h("talent-attempt", key)
        with self.registry._write() as conn:
            self._maybe_sweep(conn, now)
            times = [float(t) for t in conn.execute(select(_attempts.c.at).where(
                (_attempts.c.key_sha256 == k) & (_attempts.c.at > now - self.attempt_window_s)).order_by(_attempts.c.at)).scalars()]
            since = now - times[-1] if times else None
            if (since is not None and since < min_gap_s) or len(times) >= max_tries:
                return AttemptCount(False, len(times), since)
            conn.execute(insert(_attempts).values(key_sha256=k, at=now))
        return AttemptCount(True, len(times) + 1, since)

    def frames_seen(self, digests: Sequence[str]) -> int | None:
        """Index of the first digest already recorded by an earlier call (any process), else
        ``None``; records these digests."""
        now = self._now()
        uniq = list(dict.fromkeys(digests))
        with self.registry._write() as conn:
            self._maybe_sweep(conn, now)
            known = set(conn.execute(select(_frames.c.pixels_sha256).where(_frames.c.pixels_sha256.in_(uniq))).scalars())
            fresh = [d for d in uniq if d not in known]
            if fresh:
                conn.execute(insert(_frames), [{"pixels_sha256": d, "seen_at": now} for d in fresh])
            if known:
                conn.execute(update(_frames).where(_frames.c.pixels_sha256.in_(known)).values(seen_at=now))
        return next((i for i, d in enumerate(digests) if d in known), None)

    # ------------------------------------------------------------------ passkeys waiting for an operator
    @staticmethod
    def _code_keys(code: str) -> tuple[str, bytes]:
        norm = "".join(c for c in (code or "").lower() if c in "0123456789abcdef")
        return _h("talent-enroll-id", norm), hashlib.sha256(("talent-enroll-key\0" + norm).encode()).digest()

    def add_enrollment(self, code: str, item: dict[str, Any], ttl_s: float, *, limit: int) -> None:
        """Keep ``item`` (JSON-able) until an operator enters ``code`` (or ``ttl_s`` passes); raises
        ``ValueError`` when ``limit`` are already waiting."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        lookup, key = self._code_keys(code)
        nonce = os.urandom(12)
        sealed = base64.b64encode(nonce + AESGCM(key).encrypt(nonce, json.dumps(item).encode(), lookup.encode())).decode()
        now = self._now()
        with self.registry._write() as conn:
            self._maybe_sweep(conn, now)
            waiting = conn.execute(select(func.count()).select_from(_enrollments).where(
                _enrollments.c.expires_at >= now)).scalar_one()
            if waiting >= limit:
                raise ValueError(f"{waiting} passkeys are waiting for confirmation (the limit is {limit}); try again later")
            conn.execute(delete(_enrollments).where(_enrollments.c.code_sha256 == lookup))
            conn.execute(insert(_enrollments).values(code_sha256=lookup, sealed=sealed, expires_at=now + ttl_s))

    def take_enrollment(self, code: str) -> dict[str, Any] | None:
        """The item waiting under ``code`` (removed: one conditional DELETE, so one caller gets it),
        or ``None`` (unknown, taken or expired)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        lookup, key = self._code_keys(code)
        now = self._now()
        with self.registry._write() as conn:
            r = conn.execute(select(_enrollments).where(_enrollments.c.code_sha256 == lookup)).first()
            if r is None:
                return None
            gone = conn.execute(delete(_enrollments).where((_enrollments.c.code_sha256 == lookup)
                                                           & (_enrollments.c.sealed == r.sealed)))
            if gone.rowcount != 1 or r.expires_at < now:
                return None
        raw = base64.b64decode(r.sealed)
        try:
            return json.loads(AESGCM(key).decrypt(raw[:12], raw[12:], lookup.encode()))
        except (InvalidTag, ValueError):
            return None
