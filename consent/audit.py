"""Append-only, hash-chained, signed audit log, anchored outside the database.

Entry ``n`` stores ``seq``, ``at``, ``kind``, ``payload`` (canonical JSON), ``prev_hash``
(the hash of entry ``n-1``, or 64 zeros for the first),
``hash = sha256(prev_hash || canonical({"seq","at","kind","payload"}))`` and ``sig``: an
Ed25519 signature of the hash by the **installation audit key** (:class:`AuditKeys`),
which lives in the keys directory (0600) or behind a signing callback (HSM/KMS) — never in
the database. A one-row ``audit_head`` table keeps the last seq and hash.

Whoever can edit the database can delete or rewrite rows, but cannot sign. So
:func:`verify_chain` names the first broken position for an edited row (hash or signature
mismatch), a re-hashed row or a forged append (signature mismatch), a deleted or reordered
row (seq gap, prev_hash mismatch) — and, against the **anchor** (the last head this
installation wrote, signed, in the keys directory, advanced after every commit) and any
exported **checkpoint** (``consent-studio audit checkpoint``, held by an outside witness),
a truncated tail or a wiped log.

Entries written before signing was introduced (an upgraded database) are covered by the
first signed ``audit_signing_started`` entry, whose hash chains over them.
"""

from __future__ import annotations

import base64
import contextvars
import fcntl
import hashlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from consent.audit_index import index_entry
from consent.errors import AuditChainBroken, RegistryError
from consent.records import canonical_json, format_time

__all__ = ["GENESIS_HASH", "SIGNING_STARTED", "AuditEntry", "AuditKeys", "Anchor", "ChainReport", "entry_hash",
           "append_entry", "read_entries", "verify_chain", "acting_as", "set_actor", "current_actor"]

GENESIS_HASH = "0" * 64
#: Kind of the first signed entry: everything before it is covered by its chained hash.
SIGNING_STARTED = "audit_signing_started"
_ENTRY_DOMAIN = b"consent-studio/audit-entry/v1:"
_ANCHOR_DOMAIN = b"consent-studio/audit-anchor/v1:"
_JSON_DOMAIN = b"consent-studio/signed-json/v1:"
_INCIDENT_DOMAIN = b"consent-studio/audit-incident/v1:"
_PROOF_DOMAIN = b"consent-studio/proof/v1:"
_log = logging.getLogger("consent.audit")


# ---------------------------------------------------------------- file locks (processes and threads)
#: One lock per lock file for the threads of this process (POSIX record locks do not exclude
#: them, and closing any descriptor of the file would drop the process's lock).
_thread_locks: dict[str, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _reset_thread_locks_in_child() -> None:
    """A child of ``fork()`` starts with no lock held: the threads that held them do not exist
    in it (and the record locks of its parent are not inherited)."""
    global _thread_locks, _thread_locks_guard
    _thread_locks, _thread_locks_guard = {}, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_thread_locks_in_child)


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold ``lock_path`` exclusively: against the other threads of this process (a thread lock)
    and against other processes (a POSIX record lock, ``fcntl.lockf``).

    Not ``flock``: a ``flock`` lock belongs to the open file description, which a ``fork()``
    (without exec) duplicates into the child, so a fork taken while a background thread held
    it (the anchor writer) left the lock held by the child for its whole life and every later
    consent change of the parent hung. A record lock belongs to the process: the child never
    holds it, and it is released when the holder closes the file (or exits)."""
    key = os.path.realpath(lock_path)
    with _thread_locks_guard:
        tl = _thread_locks.setdefault(key, threading.Lock())
    with tl:
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # drops the record lock


def entry_hash(prev_hash: str, seq: int, at: str, kind: str, payload_json: str) -> str:
    body = canonical_json({"seq": seq, "at": at, "kind": kind, "payload": payload_json})
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def _unb64(s: str) -> bytes:
    return base64.b64decode(s.encode("ascii"), validate=True)


# --------------------------------------------------------------------------- the installation key
@dataclass(frozen=True)
class Anchor:
    """A signed audit head: the log had at least ``seq`` entries, the last hashing to ``hash``."""

    seq: int
    hash: str
    at: str
    key_id: str
    sig: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "at": self.at, "key_id": self.key_id, "sig": self.sig}

    @staticmethod
    def payload(seq: int, hash_: str, at: str, key_id: str) -> bytes:
        return _ANCHOR_DOMAIN + canonical_json({"seq": seq, "hash": hash_, "at": at, "key_id": key_id})


#: Most verified (entry hash, signature) pairs an AuditKeys remembers (≈ 250 bytes each).
_ENTRIES_OK_MAX = 4096


class AuditKeys:
    """The installation's audit signing key and the anchor file, kept apart from the database.

    ``AuditKeys.load_or_create(keys_dir)``: ``audit.key.pem`` (0600, created on first use),
    ``audit.pub.pem`` and ``audit-anchor.json`` in the keys directory.
    ``AuditKeys.from_callback(sign, public_key, keys_dir)``: the private key stays in an
    HSM/KMS; ``sign(bytes) -> bytes`` is called for every entry.
    """

    KEY_FILE = "audit.key.pem"
    PUB_FILE = "audit.pub.pem"
    ANCHOR_FILE = "audit-anchor.json"

    def __init__(self, public_key: Ed25519PublicKey, sign: Callable[[bytes], bytes] | None, keys_dir: Path | None):
        from consent.signing import key_id

        self.public_key = public_key
        self._sign = sign
        self.keys_dir = Path(keys_dir) if keys_dir is not None else None
        self.key_id = key_id(public_key)
        #: (entry hash, signature) pairs this key has verified (:meth:`entry_signed`): Ed25519
        #: verification is a pure function of key, message and signature, so a good pair stays
        #: good; a bad one is checked again every time. Bounded: emptied when full.
        self._entries_ok: dict[tuple[str, str], None] = {}

    # ------------------------------------------------------------------ construction
    @classmethod
    def load_or_create(cls, keys_dir: str | Path, *, create: bool = True) -> AuditKeys:
        """The audit key in ``keys_dir``; created there when missing and ``create`` (a new
        installation). ``create=False``: a missing key raises :class:`RegistryError`."""
        from consent.signing import load_private_key, public_key_pem, save_private_key

        d = Path(keys_dir).expanduser()
        path = d / cls.KEY_FILE
        if not create and not path.exists():
            raise RegistryError(f"no audit key in the keys directory {d} ({cls.KEY_FILE} is missing)")
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            try:
                save_private_key(Ed25519PrivateKey.generate(), path)
            except Exception:  # another process created it first: use theirs
                if not path.exists():
                    raise
        key = load_private_key(path)
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise RegistryError(f"audit key {path} has mode {mode:04o}; expected 0600 (run: chmod 600 {path})")
        pub = d / cls.PUB_FILE
        if not pub.exists():  # whole or not at all: a reader never sees it half written
            tmp = pub.with_name(f".{pub.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_text(public_key_pem(key), encoding="ascii")
            os.replace(tmp, pub)
        return cls(key.public_key(), key.sign, d)

    @classmethod
    def from_callback(cls, sign: Callable[[bytes], bytes], public_key: Ed25519PublicKey, keys_dir: str | Path | None) -> AuditKeys:
        return cls(public_key, sign, Path(keys_dir) if keys_dir is not None else None)

    @classmethod
    def for_verification(cls, keys_dir: str | Path) -> AuditKeys:
        """The public half only (``audit.pub.pem``): can verify the log, cannot write it."""
        from consent.signing import load_public_key

        d = Path(keys_dir).expanduser()
        return cls(load_public_key(d / cls.PUB_FILE), None, d)

    # ------------------------------------------------------------------ signing
    @property
    def can_sign(self) -> bool:
        """False for verification-only keys (:meth:`for_verification`)."""
        return self._sign is not None

    def _signature(self, data: bytes) -> str:
        if self._sign is None:
            raise RegistryError("the audit signing key is not available here (verification-only keys); "
                                "expected the installation's audit.key.pem or a signing callback")
        return _b64(self._sign(data))

    def _valid(self, data: bytes, sig: str | None) -> bool:
        if not sig:
            return False
        try:
            self.public_key.verify(_unb64(sig), data)
            return True
        except (InvalidSignature, ValueError):
            return False

    def sign_entry(self, hash_: str) -> str:
        sig = self._signature(_ENTRY_DOMAIN + hash_.encode("ascii"))
        if len(self._entries_ok) >= _ENTRIES_OK_MAX:
            self._entries_ok.clear()
        self._entries_ok[(hash_, sig)] = None  # signed here: a check of this entry needs no verification
        return sig

    def entry_signed(self, hash_: str, sig: str | None) -> bool:
        if sig and (hash_, sig) in self._entries_ok:
            return True  # verified by this key before (a verify reads the same generation entry per copy)
        ok = self._valid(_ENTRY_DOMAIN + hash_.encode("ascii"), sig)
        if ok:
            if len(self._entries_ok) >= _ENTRIES_OK_MAX:
                self._entries_ok.clear()
            self._entries_ok[(hash_, sig)] = None
        return ok

    def sign_proof(self, data: bytes) -> str:
        """A signature over a proof document's canonical JSON (``creator.proof``), domain-separated
        from entries, anchors and state snapshots."""
        return self._signature(_PROOF_DOMAIN + data)

    def proof_signed(self, data: bytes, sig: str | None) -> bool:
        return self._valid(_PROOF_DOMAIN + data, sig)

    def sign_bytes(self, data: bytes) -> str:
        """A signature over arbitrary bytes (state snapshots), domain-separated from entries."""
        return self._signature(_JSON_DOMAIN + data)

    def bytes_signed(self, data: bytes, sig: str | None) -> bool:
        return self._valid(_JSON_DOMAIN + data, sig)

    # ------------------------------------------------------------------ anchor / checkpoints
    def make_anchor(self, seq: int, hash_: str, at: datetime | None = None) -> Anchor:
        at_s = format_time(at or datetime.now(timezone.utc))
        return Anchor(seq, hash_, at_s, self.key_id, self._signature(Anchor.payload(seq, hash_, at_s, self.key_id)))

    def anchor_valid(self, anchor: Anchor) -> bool:
        return anchor.key_id == self.key_id and self._valid(Anchor.payload(anchor.seq, anchor.hash, anchor.at, anchor.key_id), anchor.sig)

    @staticmethod
    def parse_anchor(data: Any, source: str) -> Anchor:
        try:
            if isinstance(data, (str, bytes)):
                data = json.loads(data)
            return Anchor(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["key_id"]), str(data["sig"]))
        except RecursionError:  # a checkpoint nested thousands deep (red team of session 57)
            raise AuditChainBroken(f"{source} is not a signed audit checkpoint (its JSON is nested too deep); expected "
                                   "JSON with seq, hash, at, key_id, sig") from None
        except (ValueError, KeyError, TypeError) as e:
            raise AuditChainBroken(f"{source} is not a signed audit checkpoint ({e}); expected JSON with seq, hash, at, key_id, sig") from None

    @property
    def anchor_path(self) -> Path | None:
        return self.keys_dir / self.ANCHOR_FILE if self.keys_dir is not None else None

    def read_anchor(self) -> Anchor | None:
        """The installation's anchor, or None when it has none yet. A forged or unreadable one raises."""
        path = self.anchor_path
        if path is None:
            return None
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        except OSError as e:
            raise AuditChainBroken(f"audit anchor {path} cannot be read ({e.strerror}); expected the signed head file") from None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        cached = getattr(self, "_anchor_cache", None)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise AuditChainBroken(f"audit anchor {path} cannot be read ({e.strerror}); expected the signed head file") from None
        try:
            anchor = self.parse_anchor(raw, f"audit anchor {path}")
        except AuditChainBroken as e:
            # (red team 70) a damaged file is no break of the chain: say what it is and the way back
            raise AuditChainBroken(
                f"{e}. The anchor file is damaged, not the log: restore {path.name} from a backup of the keys "
                "directory; without one, check the log against a checkpoint a witness holds (consent-studio audit "
                "verify --checkpoint FILE), then move the damaged file aside: the next write anchors the log again") from None
        if not self.anchor_valid(anchor):
            raise AuditChainBroken(f"audit anchor {path} is not signed by this installation's audit key {self.key_id}; "
                                   "it was altered or replaced")
        self._anchor_cache = (stamp, anchor)
        return anchor

    def advance_anchor(self, seq: int, hash_: str, hash_at: Callable[[int], str | None] | None = None) -> None:
        """Record that the log reached ``seq`` (atomic; never moves backwards; safe across processes).

        ``hash_at(n)``: the hash of entry ``n`` in the log that ends at ``seq`` (None when it has
        none). The anchor moves only onto a log that still holds the anchored entry with the
        anchored hash; otherwise nothing is written and :class:`consent.integrity.AnchorMismatch`
        is raised (a rolled-back or forked log never re-anchors itself). Without ``hash_at`` only
        an entry at the anchor's own position can be compared."""
        from consent.integrity import AnchorMismatch

        path = self.anchor_path
        if path is None or self._sign is None:
            return
        with _exclusive(path.with_suffix(".lock")):
            try:
                current = self.read_anchor()
            except AuditChainBroken:
                current = None  # a broken anchor is reported by verify; do not make it worse
                if path.exists():
                    return
            if current is not None:
                if current.seq == seq:
                    on_chain = current.hash == hash_
                elif hash_at is not None:
                    on_chain = hash_at(current.seq) == current.hash
                else:
                    on_chain = current.seq > seq  # nothing to compare: never move back, never sideways
                if not on_chain:
                    raise AnchorMismatch(
                        f"audit anchor not moved: the log that reached entry {seq} does not hold entry {current.seq} "
                        f"with the hash the installation's anchor records ({current.hash[:12]}…); the database was "
                        "rolled back or forked")
                if current.seq >= seq:
                    return
            anchor = self.make_anchor(seq, hash_)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(anchor.to_dict(), f, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
            try:  # this process knows what it wrote: its next read need not check the signature again
                st = path.stat()
                self._anchor_cache = ((st.st_mtime_ns, st.st_size, st.st_ino), anchor)
            except OSError:
                pass

    # ------------------------------------------------------------------ incidents (outside the log)
    INCIDENT_FILE = "audit-incidents.jsonl"
    #: The incident file stops growing at this size (an anonymous visitor can cause incidents).
    INCIDENT_MAX_BYTES = 8 << 20

    @property
    def incident_path(self) -> Path | None:
        return self.keys_dir / self.INCIDENT_FILE if self.keys_dir is not None else None

    def record_incident(self, kind: str, payload: dict[str, Any], reason: str) -> bool:
        """Keep an event the audit log refused (it does not extend the anchor) beside the anchor:
        one signed JSON line in ``keys/audit-incidents.jsonl`` (and the ``consent.audit`` logger),
        never in the log whose check failed — an entry there would let the anchor move onto it.
        False when it could not be kept (no keys directory, the file is full or unwritable)."""
        record = {"at": format_time(datetime.now(timezone.utc)), "kind": kind, "payload": payload, "reason": reason}
        _log.error("audit log refused an entry (%s): %s %s", reason, kind, json.dumps(payload, sort_keys=True, default=str)[:2000])
        path = self.incident_path
        if path is None or self._sign is None:
            return False
        try:
            data = canonical_json(json.loads(json.dumps(record, default=str)))
            line = json.dumps({"record": data.decode("utf-8"), "key_id": self.key_id,
                               "sig": self._signature(_INCIDENT_DOMAIN + data)}, sort_keys=True) + "\n"
            with _exclusive(path.with_suffix(".lock")):
                try:
                    if path.stat().st_size + len(line) > self.INCIDENT_MAX_BYTES:
                        return False
                except FileNotFoundError:
                    pass
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as f:
                    f.write(line)
                    f.flush()
                    os.fsync(f.fileno())
            return True
        except (OSError, RegistryError, TypeError, ValueError):
            _log.exception("could not keep the refused audit entry in %s", path)
            return False

    def read_incidents(self) -> list[dict[str, Any]]:
        """The incidents kept beside the anchor, oldest first; each with ``signed`` (its signature
        verifies under this key)."""
        path = self.incident_path
        if path is None or not path.exists():
            return []
        out = []
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                line = json.loads(raw)
                data = str(line["record"]).encode("utf-8")
                rec = json.loads(data)
                rec["signed"] = line.get("key_id") == self.key_id and self._valid(_INCIDENT_DOMAIN + data, line.get("sig"))
            except (ValueError, KeyError, TypeError):
                rec = {"kind": "unreadable", "signed": False}
            out.append(rec)
        return out


# --------------------------------------------------------------------------- entries
@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    kind: str
    payload_json: str
    prev_hash: str
    hash: str
    sig: str | None = None

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.payload_json)

    @property
    def content_hashes_to_its_hash(self) -> bool:
        """Whether the stored ``hash`` is the hash of this entry's content. A signature covers the
        hash, so a check of one entry alone must recompute it: content edited in place behind the
        log, with its hash and signature left as they were, fails here."""
        return entry_hash(self.prev_hash, self.seq, self.at, self.kind, self.payload_json) == self.hash

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "kind": self.kind, "payload": self.payload, "prev_hash": self.prev_hash,
                "hash": self.hash, "sig": self.sig}


#: After a truncation the anchor shows: what a restore that did it looks like (a self-hosting
#: admin's walkthrough, session 66: the message read as tampering only).
RESTORE_HINT = (". If this installation was just restored from a copy, its database is older than its keys folder "
                "(a consent.db copied without its -wal file, or before the keys): restore both from one "
                "`consent-studio backup`")


@dataclass(frozen=True)
class ChainReport:
    """Result of :func:`verify_chain`. ``first_broken`` is the 1-based position (seq)."""

    ok: bool
    entries: int
    head_hash: str
    first_broken: int | None = None
    message: str = ""

    def require(self) -> ChainReport:
        if not self.ok:
            raise AuditChainBroken(self.message, position=self.first_broken)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head_hash": self.head_hash, "first_broken": self.first_broken, "message": self.message}


def _for_update(conn: Connection) -> str:
    return "" if conn.dialect.name == "sqlite" else " FOR UPDATE"


_ACTOR: contextvars.ContextVar[str | None] = contextvars.ContextVar("consent_audit_actor", default=None)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Name who is acting (``"ui:olive"``, ``"cli:root"``) for every audit entry written inside.

    A context variable, so concurrent requests (threads, tasks) each keep their own actor.
    """
    if not isinstance(actor, str) or not actor.strip():
        raise ValueError(f"actor must be a non-empty text, got {actor!r}")
    token = _ACTOR.set(actor.strip())
    try:
        yield
    finally:
        _ACTOR.reset(token)


def set_actor(actor: str, *, since: datetime | None = None) -> None:
    """Set the actor for the rest of the current context (a request handler that runs in its
    own copied context, as Gradio's do). Prefer :func:`acting_as` where a block fits. ``since``:
    when the account acting now was created (an account removed and added again under the same
    name is another account: what the earlier one asked for is not this one's; red team s65 A)."""
    if not isinstance(actor, str) or not actor.strip():
        raise ValueError(f"actor must be a non-empty text, got {actor!r}")
    _ACTOR.set(actor.strip())
    _ACTOR_SINCE.set(since)


#: When the account named by the current actor was created (None: not known, as for the CLI's OS user).
_ACTOR_SINCE: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("consent_audit_actor_since", default=None)


def current_actor_since() -> datetime | None:
    return _ACTOR_SINCE.get()


def current_actor() -> str | None:
    return _ACTOR.get()


def append_entry(conn: Connection, kind: str, payload: dict[str, Any], at: datetime, keys: AuditKeys) -> AuditEntry:
    """Append one signed entry inside the caller's (write) transaction (with the current actor, if any)."""
    actor = _ACTOR.get()
    if actor is not None and "actor" not in payload:
        payload = {**payload, "actor": actor}
    head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1" + _for_update(conn))).first()
    if not conn.info.get("consent_appended"):  # the transaction's first entry: the log must extend the anchor
        require_extends_anchor(conn, keys, (int(head[0]), head[1]) if head else (0, GENESIS_HASH))
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    at_s = format_time(at.astimezone(timezone.utc))
    payload_json = canonical_json(payload).decode("utf-8")
    h = entry_hash(prev, seq, at_s, kind, payload_json)
    sig = keys.sign_entry(h)
    conn.execute(
        text("INSERT INTO audit_entries (seq, at, kind, payload, prev_hash, hash, sig) "
             "VALUES (:seq, :at, :kind, :payload, :prev, :hash, :sig)"),
        {"seq": seq, "at": at_s, "kind": kind, "payload": payload_json, "prev": prev, "hash": h, "sig": sig},
    )
    index_entry(conn, seq, payload_json, kind)  # the mentions and grant-use indexes, same transaction (consent.audit_index)
    if head:
        conn.execute(text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"), {"seq": seq, "hash": h})
    else:
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"), {"seq": seq, "hash": h})
    entry = AuditEntry(seq, at_s, kind, payload_json, prev, h, sig)
    conn.info.setdefault("consent_appended", []).append(entry)
    return entry


_COLUMNS = "seq, at, kind, payload, prev_hash, hash, sig"


def require_extends_anchor(conn: Connection, keys: AuditKeys, head: tuple[int, str]) -> None:
    """Raise :class:`consent.integrity.AnchorMismatch` unless the log whose head is ``head`` holds
    the installation's anchored entry with its anchored hash and chains from it to the head
    (every entry after it signed). Checked before every write transaction's first append, so a
    truncated, rolled-back or forked log is never extended: no entry of this installation, and
    so no anchor, ever lands on it. Usually reads one row (the anchor is the head)."""
    from consent.integrity import AnchorMismatch

    try:
        anchor = keys.read_anchor()
    except AuditChainBroken as e:
        raise AnchorMismatch(str(e)) from None
    if anchor is None:
        return
    head_seq, head_hash = head
    if anchor.seq > head_seq:
        raise AnchorMismatch(f"audit log truncated or rolled back: the installation's anchor records entry {anchor.seq}, "
                             f"but the log ends at entry {head_seq}; nothing is written to it{RESTORE_HINT}")
    rows = read_entries(conn, after=anchor.seq - 1)
    if not rows or rows[0].seq != anchor.seq or rows[0].hash != anchor.hash:
        raise AnchorMismatch(f"audit entry {anchor.seq} no longer matches the installation's anchor: the log was rolled "
                             "back or rewritten; nothing is written to it")
    prev, expected = anchor.hash, anchor.seq + 1
    for e in rows[1:]:
        if (e.seq != expected or e.prev_hash != prev or not e.content_hashes_to_its_hash
                or not keys.entry_signed(e.hash, e.sig)):
            raise AnchorMismatch(f"audit entry {e.seq} does not extend the installation's anchor (entry {anchor.seq}): "
                                 "the log was rewritten; nothing is written to it")
        prev, expected = e.hash, e.seq + 1
    if rows[-1].seq != head_seq or prev != head_hash:
        raise AnchorMismatch(f"audit head (entry {head_seq}) is not the end of the log that extends the installation's "
                             f"anchor (entry {rows[-1].seq}); nothing is written to it")


def read_entries(conn: Connection, limit: int | None = None, kind: str | None = None, *,
                 after: int | None = None, before: int | None = None) -> list[AuditEntry]:
    """Entries oldest first: the last ``limit`` (of ``kind``), or those with ``after < seq < before``."""
    sql = f"SELECT {_COLUMNS} FROM audit_entries"
    where, params = [], {}
    if kind:
        where.append("kind = :kind")
        params["kind"] = kind
    if after is not None:
        where.append("seq > :after")
        params["after"] = int(after)
    if before is not None:
        where.append("seq < :before")
        params["before"] = int(before)
    if where:
        sql += " WHERE " + " AND ".join(where)
    if after is not None and limit is None:
        return [AuditEntry(*r) for r in conn.execute(text(sql + " ORDER BY seq"), params).all()]
    sql += " ORDER BY seq DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = int(limit)
    rows = conn.execute(text(sql), params).all()
    return [AuditEntry(*r) for r in reversed(rows)]


#: read_entry's statement, built once (a text() built per call costs its cache key each time).
_ENTRY_AT = text(f"SELECT {_COLUMNS} FROM audit_entries WHERE seq = :seq")


def read_entry(conn: Connection, seq: int) -> AuditEntry | None:
    r = conn.execute(_ENTRY_AT, {"seq": int(seq)}).first()
    return AuditEntry(*r) if r else None


def _connection_of(source: Any):
    """A context manager yielding a Connection for a Registry, Engine, Connection or Session."""
    if isinstance(source, Connection):
        return nullcontext(source)
    orm = sys.modules.get("sqlalchemy.orm")  # a Session exists only once the ORM is imported: never load it here
    if orm is not None and isinstance(source, orm.Session):
        return nullcontext(source.connection())
    engine = source if isinstance(source, Engine) else getattr(source, "engine", None)
    if not isinstance(engine, Engine):
        raise TypeError(f"verify_chain needs a Registry, Engine, Connection or Session; got {type(source).__name__}")

    @contextmanager
    def _cm():
        with engine.connect() as conn:
            yield conn

    return _cm()


def verify_chain(source: Any, keys: AuditKeys, *, checkpoints: tuple[Anchor, ...] = (),
                 batch: int = 5000) -> ChainReport:
    """Walk the whole chain (signatures too); report the first broken position (never raises for a break).

    The installation's anchor and every ``checkpoints`` (exported heads held by a witness)
    must be covered: the log reaches their seq with the same hash.
    """
    try:
        anchor = keys.read_anchor()
    except AuditChainBroken as e:
        return ChainReport(False, 0, GENESIS_HASH, 1, str(e))
    for cp in checkpoints:
        if not keys.anchor_valid(cp):
            return ChainReport(False, 0, GENESIS_HASH, cp.seq or 1,
                               f"checkpoint at entry {cp.seq} is not signed by this installation's audit key {keys.key_id}")
    marks = [(anchor, "the installation's anchor")] if anchor is not None else []
    marks += [(cp, f"checkpoint of {cp.at}") for cp in checkpoints]
    with _connection_of(source) as conn:
        head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
        prev, expected, count, signing = GENESIS_HASH, 1, 0, False
        last_seq = 0
        while True:
            rows = conn.execute(text(f"SELECT {_COLUMNS} FROM audit_entries WHERE seq >= :s ORDER BY seq LIMIT :n"),
                                {"s": expected, "n": batch}).all()
            if not rows:
                break
            for seq, at, kind, payload, prev_hash, h, sig in rows:
                count += 1
                if seq != expected:
                    return ChainReport(False, count, prev, expected, f"audit entry {expected} is missing (next entry is {seq}); rows were deleted or reordered")
                if prev_hash != prev:
                    return ChainReport(False, count, prev, seq, f"audit entry {seq}: prev_hash {prev_hash[:12]}… does not match entry {seq - 1}'s hash {prev[:12]}…; rows were deleted, inserted or reordered")
                actual = entry_hash(prev_hash, seq, at, kind, payload)
                if actual != h:
                    return ChainReport(False, count, prev, seq, f"audit entry {seq} ({kind}) was edited: stored hash {h[:12]}… but content hashes to {actual[:12]}…")
                if not signing and kind == SIGNING_STARTED and keys.entry_signed(h, sig):
                    signing = True
                if signing and not keys.entry_signed(h, sig):
                    return ChainReport(False, count, prev, seq, f"audit entry {seq} ({kind}) is not signed by this installation's "
                                                                 f"audit key {keys.key_id}: it was forged or re-hashed")
                for mark, what in marks:
                    if mark.seq == seq and mark.hash != h:
                        return ChainReport(False, count, prev, seq, f"audit entry {seq} hashes to {h[:12]}… but {what} records "
                                                                     f"{mark.hash[:12]}… for it: the log was rewritten")
                prev, expected, last_seq = h, seq + 1, seq
    if count and not signing:
        return ChainReport(False, count, prev, 1, "the audit log carries no signed entries; expected entries signed by "
                                                  f"this installation's audit key {keys.key_id}")
    for mark, what in marks:
        if mark.seq > last_seq:
            return ChainReport(False, count, prev, last_seq + 1,
                               f"audit log truncated: {what} records entry {mark.seq} (hash {mark.hash[:12]}…), "
                               f"but the log ends at entry {last_seq}" + (RESTORE_HINT if what == "the installation's anchor" else ""))
    if head is None:
        if count:
            return ChainReport(False, count, prev, 1, f"audit head record is missing but {count} entries exist; expected a head at entry {last_seq}")
    elif head[0] != last_seq or head[1] != prev:
        if head[0] > last_seq:
            return ChainReport(False, count, prev, last_seq + 1, f"audit log truncated: head says {head[0]} entries, found {last_seq}; entry {last_seq + 1} onward is missing")
        return ChainReport(False, count, prev, min(head[0], last_seq) or 1, f"audit head (entry {head[0]}, {str(head[1])[:12]}…) does not match the last entry {last_seq} ({prev[:12]}…)")
    return ChainReport(True, count, prev, None, f"{count} entries, chain intact and signed, head {prev[:12]}…")
