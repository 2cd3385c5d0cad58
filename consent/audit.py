"""Append-only, hash-chained audit log.

Entry ``n`` stores ``seq``, ``at``, ``kind``, ``payload`` (canonical JSON), ``prev_hash``
(the hash of entry ``n-1``, or 64 zeros for the first) and
``hash = sha256(prev_hash || canonical({"seq","at","kind","payload"}))``.
A one-row ``audit_head`` table keeps the last seq and hash, updated in the same
transaction as each append, so a truncated tail is detected too.

:func:`verify_chain` walks the chain and names the first broken position: an edited row
(hash mismatch), a deleted row (seq gap or prev_hash mismatch), reordered rows (seq is
inside the hash) or a truncated tail (head beyond the last row). It cannot detect an
attacker who rewrites every hash from the broken point on *and* the head; export the head
hash (``consent-studio audit verify --json``) to an outside record for that.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from consent.errors import AuditChainBroken
from consent.records import canonical_json, format_time

__all__ = ["GENESIS_HASH", "AuditEntry", "ChainReport", "entry_hash", "append_entry", "read_entries", "verify_chain",
           "acting_as", "set_actor", "current_actor"]

GENESIS_HASH = "0" * 64


def entry_hash(prev_hash: str, seq: int, at: str, kind: str, payload_json: str) -> str:
    body = canonical_json({"seq": seq, "at": at, "kind": kind, "payload": payload_json})
    return hashlib.sha256(prev_hash.encode("ascii") + body).hexdigest()


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    kind: str
    payload_json: str
    prev_hash: str
    hash: str

    @property
    def payload(self) -> dict[str, Any]:
        return json.loads(self.payload_json)

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "kind": self.kind, "payload": self.payload, "prev_hash": self.prev_hash, "hash": self.hash}


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


def set_actor(actor: str) -> None:
    """Set the actor for the rest of the current context (a request handler that runs in its
    own copied context, as Gradio's do). Prefer :func:`acting_as` where a block fits."""
    if not isinstance(actor, str) or not actor.strip():
        raise ValueError(f"actor must be a non-empty text, got {actor!r}")
    _ACTOR.set(actor.strip())


def current_actor() -> str | None:
    return _ACTOR.get()


def append_entry(conn: Connection, kind: str, payload: dict[str, Any], at: datetime) -> AuditEntry:
    """Append one entry inside the caller's (write) transaction (with the current actor, if any)."""
    actor = _ACTOR.get()
    if actor is not None and "actor" not in payload:
        payload = {**payload, "actor": actor}
    head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1" + _for_update(conn))).first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
    at_s = format_time(at.astimezone(timezone.utc))
    payload_json = canonical_json(payload).decode("utf-8")
    h = entry_hash(prev, seq, at_s, kind, payload_json)
    conn.execute(
        text("INSERT INTO audit_entries (seq, at, kind, payload, prev_hash, hash) VALUES (:seq, :at, :kind, :payload, :prev, :hash)"),
        {"seq": seq, "at": at_s, "kind": kind, "payload": payload_json, "prev": prev, "hash": h},
    )
    if head:
        conn.execute(text("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1"), {"seq": seq, "hash": h})
    else:
        conn.execute(text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"), {"seq": seq, "hash": h})
    return AuditEntry(seq, at_s, kind, payload_json, prev, h)


def read_entries(conn: Connection, limit: int | None = None, kind: str | None = None) -> list[AuditEntry]:
    """Most recent entries last; ``limit`` keeps the last N."""
    sql = "SELECT seq, at, kind, payload, prev_hash, hash FROM audit_entries"
    params: dict[str, Any] = {}
    if kind:
        sql += " WHERE kind = :kind"
        params["kind"] = kind
    sql += " ORDER BY seq DESC"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = int(limit)
    rows = conn.execute(text(sql), params).all()
    return [AuditEntry(*r) for r in reversed(rows)]


def _connection_of(source: Any):
    """A context manager yielding a Connection for a Registry, Engine, Connection or Session."""
    if isinstance(source, Connection):
        return nullcontext(source)
    if isinstance(source, Session):
        return nullcontext(source.connection())
    engine = source if isinstance(source, Engine) else getattr(source, "engine", None)
    if not isinstance(engine, Engine):
        raise TypeError(f"verify_chain needs a Registry, Engine, Connection or Session; got {type(source).__name__}")

    @contextmanager
    def _cm():
        with engine.connect() as conn:
            yield conn

    return _cm()


def verify_chain(source: Any) -> ChainReport:
    """Walk the whole chain; report the first broken position (never raises for a break)."""
    with _connection_of(source) as conn:
        rows = conn.execute(text("SELECT seq, at, kind, payload, prev_hash, hash FROM audit_entries ORDER BY seq")).all()
        head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
    prev = GENESIS_HASH
    expected = 1
    for seq, at, kind, payload, prev_hash, h in rows:
        if seq != expected:
            return ChainReport(False, len(rows), prev, expected, f"audit entry {expected} is missing (next entry is {seq}); rows were deleted or reordered")
        if prev_hash != prev:
            return ChainReport(False, len(rows), prev, seq, f"audit entry {seq}: prev_hash {prev_hash[:12]}… does not match entry {seq - 1}'s hash {prev[:12]}…; rows were deleted, inserted or reordered")
        actual = entry_hash(prev_hash, seq, at, kind, payload)
        if actual != h:
            return ChainReport(False, len(rows), prev, seq, f"audit entry {seq} ({kind}) was edited: stored hash {h[:12]}… but content hashes to {actual[:12]}…")
        prev = h
        expected += 1
    last = expected - 1
    if head is None:
        if rows:
            return ChainReport(False, len(rows), prev, 1, f"audit head record is missing but {len(rows)} entries exist; expected a head at entry {last}")
    elif head[0] != last or head[1] != prev:
        if head[0] > last:
            return ChainReport(False, len(rows), prev, last + 1, f"audit log truncated: head says {head[0]} entries, found {last}; entry {last + 1} onward is missing")
        return ChainReport(False, len(rows), prev, min(head[0], last) or 1, f"audit head (entry {head[0]}, {str(head[1])[:12]}…) does not match the last entry {last} ({prev[:12]}…)")
    return ChainReport(True, len(rows), prev, None, f"{len(rows)} entries, chain intact, head {prev[:12]}…")
