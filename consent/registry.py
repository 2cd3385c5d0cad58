"""Storage of subjects, keys, grants, revocations, adapters, face templates, outputs, audit.

SQLAlchemy 2.x Core. Any SQLAlchemy URL works; the default is an SQLite file in the data
dir, opened with WAL, ``busy_timeout`` from settings and foreign keys on. Writes run in
``BEGIN IMMEDIATE`` transactions, so several processes can read and write at once; a
writer that waits longer than the busy timeout gets
``RegistryError("database is locked (another writer held it for more than N s)")``.
On PostgreSQL the same holds: every write transaction first takes one transaction-level
advisory lock (so writers serialize like SQLite's ``BEGIN IMMEDIATE``: the usage-cap and
audit-head checks see the last committed state), the busy timeout becomes ``lock_timeout``,
and reads run at ``REPEATABLE READ`` so a snapshot or a chain walk is consistent.

The schema is versioned with Alembic (migrations in :mod:`consent.migrations`, run to head
when the registry opens). A database whose schema is newer than this code is refused.

Every mutation appends an audit entry in the same transaction (see :mod:`consent.audit`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from consent.audit import AuditEntry, ChainReport, append_entry, read_entries, verify_chain
from consent.errors import ConsentDenied, NotFound, RecordInvalid, RegistryError, SignatureInvalid
from consent.policy import Decision, Snapshot, trust_problems
from consent.records import (
    AdapterKind,
    Representative,
    Revocation,
    SignedGrant,
    StoredGrant,
    Subject,
    canonical_json,
    check_grant_for_subject,
    format_time,
)
from consent.signing import key_id, public_key_b64, public_key_from_b64, public_key_from_pem, public_key_pem, verify_signed_grant

__all__ = [
    "Registry",
    "PublicKeyRecord",
    "AdapterRecord",
    "NameExceptionRecord",
    "OutputRecord",
    "KEY_KINDS",
]

ADAPTER_KINDS = frozenset(k.value for k in AdapterKind)
KEY_KINDS = frozenset({"subject", "representative", "verifier"})
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PG_WRITE_LOCK = 0x436F6E73656E74  # pg_advisory_xact_lock key held by every PostgreSQL write transaction

_md = MetaData()
_T = String(40)
_subjects = Table(
    "subjects", _md,
    Column("id", String(128), primary_key=True),
    Column("ref", String(32), nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("aliases", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("minor", Boolean, nullable=False),
    Column("opt_out", Boolean, nullable=False),
    Column("rep_name", Text),
    Column("rep_role", String(16)),
    Column("rep_key_id", String(32)),
    Column("key_ids", Text, nullable=False),
    Column("created_at", _T, nullable=False),
)
_keys = Table(
    "public_keys", _md,
    Column("key_id", String(32), primary_key=True),
    Column("public_key", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("subject_id", String(128), ForeignKey("subjects.id")),
    Column("name", Text),
    Column("added_at", _T, nullable=False),
)
_grants = Table(
    "grants", _md,
    Column("id", String(128), primary_key=True),
    Column("subject_id", String(128), ForeignKey("subjects.id"), nullable=False),
    Column("grant_json", Text, nullable=False),
    Column("signatures_json", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("issued_at", _T, nullable=False),
)
_revocations = Table(
    "revocations", _md,
    Column("grant_id", String(128), ForeignKey("grants.id"), primary_key=True),
    Column("revoked_at", _T, nullable=False),
    Column("reason", Text, nullable=False),
    Column("revoked_by", Text, nullable=False),
    Column("recorded_at", _T, nullable=False),
)
_usage = Table(
    "usage_counters", _md,
    Column("grant_id", String(128), ForeignKey("grants.id"), primary_key=True),
    Column("count", Integer, nullable=False),
)
_adapters = Table(
    "adapters", _md,
    Column("sha256", String(64), primary_key=True),
    Column("subject_id", String(128), ForeignKey("subjects.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("registered_at", _T, nullable=False),
)
_templates = Table(
    "face_templates", _md,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject_id", String(128), ForeignKey("subjects.id"), nullable=False),
    Column("model", String(128), nullable=False),
    Column("embedding", LargeBinary, nullable=False),
    Column("dim", Integer, nullable=False),
    Column("photo_sha256", String(64), nullable=False),
    Column("face_size", Integer, nullable=False),
    Column("quality", Float, nullable=False),
    Column("created_at", _T, nullable=False),
)
_name_exceptions = Table(
    "name_exceptions", _md,
    Column("key", String(256), primary_key=True),
    Column("name", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("added_by", Text, nullable=False),
    Column("added_at", _T, nullable=False),
)
_outputs = Table(
    "outputs", _md,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("manifest_id", Text),
    Column("watermark_payload", String(128)),
    Column("decision_id", String(64), nullable=False),
    Column("grant_ids", Text, nullable=False),
    Column("created_at", _T, nullable=False),
)


# --------------------------------------------------------------------------- value types
@dataclass(frozen=True)
class PublicKeyRecord:
    key_id: str
    kind: str
    public_key_pem: str
    subject_id: str | None
    name: str | None
    added_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "kind": self.kind, "subject_id": self.subject_id, "name": self.name, "added_at": self.added_at}


@dataclass(frozen=True)
class AdapterRecord:
    sha256: str
    subject_id: str
    name: str
    kind: str
    registered_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class FaceTemplateRow:
    """One face template to store (the fields :meth:`Registry.add_face_templates` reads)."""

    embedding: Any
    photo_sha256: str
    face_size: int
    quality: float
    model: str


@dataclass(frozen=True)
class NameExceptionRecord:
    name: str
    reason: str
    added_by: str
    added_at: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class OutputRecord:
    """One disclosed output file. ``decision_id``/``grant_ids``/``created_at`` are filled on read."""

    sha256: str
    path: str
    format: str
    manifest_id: str | None = None
    watermark_payload: str | None = None
    decision_id: str | None = None
    grant_ids: tuple[str, ...] = field(default=())
    created_at: str | None = None

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256 or ""):
            raise RecordInvalid(f"OutputRecord.sha256 is {self.sha256!r}; expected 64 lowercase hex digits")
        if not self.path or not self.format:
            raise RecordInvalid(f"OutputRecord needs a path and a format; found path={self.path!r} format={self.format!r}")

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["grant_ids"] = list(self.grant_ids)
        return d


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _parse_time(s: str) -> datetime:
    return datetime.fromisoformat(s)


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


# --------------------------------------------------------------------------- registry
class Registry:
    """The consent registry. ``Registry(url)`` opens (and migrates) any SQLAlchemy URL."""

    def __init__(self, url: str, *, busy_timeout_s: float = 10.0, migrate: bool = True) -> None:
        self.url = url
        self.busy_timeout_s = float(busy_timeout_s)
        self._sqlite = url.startswith("sqlite")
        try:
            u = make_url(url)
            self._postgres = u.get_backend_name() == "postgresql"
            connect_args: dict[str, Any] = {}
            if self._sqlite:
                connect_args = {"timeout": self.busy_timeout_s}
            elif self._postgres and u.get_driver_name() in ("psycopg", "psycopg2"):
                connect_args = {"options": f"-c lock_timeout={max(1, int(self.busy_timeout_s * 1000))}"}
            self._engine = create_engine(url, connect_args=connect_args)
        except (SQLAlchemyError, ValueError) as e:
            raise RegistryError(f"cannot open database URL {url!r}: {e}") from None
        if self._sqlite:
            self._install_sqlite_hooks(self._engine)
        self._writer = self._engine.execution_options(consent_write=True)
        self._reader = self._engine.execution_options(isolation_level="REPEATABLE READ") if self._postgres else self._engine
        if migrate:
            self._migrate()
        else:
            self._check_schema()

    @classmethod
    def from_settings(cls, settings: Any) -> Registry:
        """Create the data dir, open the configured database and migrate it to head."""
        settings.ensure_dirs()
        return cls(settings.resolved_database_url, busy_timeout_s=getattr(settings, "db_busy_timeout_s", 10.0))

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing
    def _install_sqlite_hooks(self, engine: Engine) -> None:
        timeout_ms = int(self.busy_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record):  # noqa: ANN001
            dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # noqa: ANN001
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("consent_write") else "BEGIN")

    def _error(self, e: Exception) -> RegistryError:
        orig = getattr(e, "orig", None) or e
        text_ = str(orig)
        sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if "locked" in text_ or "busy" in text_ or sqlstate == "55P03":  # 55P03: PostgreSQL lock_timeout
            return RegistryError(f"database is locked (another writer held it for more than {self.busy_timeout_s:g} s)")
        if "no such table" in text_ or sqlstate == "42P01":  # 42P01: PostgreSQL undefined table
            return RegistryError(f"database {self.url} has no consent schema ({text_}); expected a migrated registry")
        return RegistryError(f"database error on {self.url}: {text_}")

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self._writer.begin() as conn:
                if self._postgres:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                yield conn
        except DBAPIError as e:
            raise self._error(e) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self._reader.connect() as conn:
                with conn.begin():
                    yield conn
        except DBAPIError as e:
            raise self._error(e) from None

    def _alembic_config(self, conn: Connection):
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        cfg.attributes["connection"] = conn
        return cfg

    def _schema_state(self, conn: Connection) -> tuple[str | None, str]:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        script = ScriptDirectory.from_config(self._alembic_config(conn))
        head = script.get_current_head()
        current = MigrationContext.configure(conn).get_current_revision()
        if current is not None:
            try:
                script.get_revision(current)
            except CommandError:
                raise RegistryError(
                    f"database schema revision '{current}' is newer than this code (knows up to '{head}'); "
                    "expected a database written by this or an older version: upgrade consent-studio"
                ) from None
        return current, head

    def _migrate(self) -> None:
        from alembic import command

        with self._write() as conn:
            current, head = self._schema_state(conn)
            if current != head:
                command.upgrade(self._alembic_config(conn), "head")

    def _check_schema(self) -> None:
        with self._read() as conn:
            current, head = self._schema_state(conn)
        if current != head:
            raise RegistryError(f"database schema is at revision {current!r}; expected '{head}' (open with migrate=True)")

    def _audit(self, conn: Connection, kind: str, payload: dict[str, Any], at: datetime | None = None) -> AuditEntry:
        return append_entry(conn, kind, payload, at or _now())

    # ------------------------------------------------------------------ subjects
    def _subject_from_row(self, r: Any) -> Subject:
        rep = Representative(name=r.rep_name, role=r.rep_role, key_id=r.rep_key_id) if r.rep_name else None
        try:
            return Subject(
                id=r.id, ref=r.ref, display_name=r.display_name, aliases=tuple(json.loads(r.aliases)),
                kind=r.kind, minor=bool(r.minor), representative=rep, opt_out=bool(r.opt_out),
                key_ids=tuple(json.loads(r.key_ids)),
            )
        except (RecordInvalid, ValueError) as e:
            raise RegistryError(f"subject row '{r.id}' is corrupt: {e}") from None

    def _subject(self, conn: Connection, subject_id: str) -> Subject:
        r = conn.execute(select(_subjects).where(_subjects.c.id == subject_id)).first()
        if r is None:
            raise NotFound(f"subject '{subject_id}' is not registered")
        return self._subject_from_row(r)

    def _insert_key(self, conn: Connection, pub: Any, kind: str, subject_id: str | None, name: str | None) -> str:
        kid = key_id(pub)
        existing = conn.execute(select(_keys).where(_keys.c.key_id == kid)).first()
        if existing is not None:
            if existing.kind != kind or existing.subject_id != subject_id:
                raise RegistryError(f"key {kid} is already registered as a {existing.kind} key (subject {existing.subject_id!r}); expected a new key")
            return kid
        conn.execute(_keys.insert().values(key_id=kid, public_key=public_key_b64(pub), kind=kind, subject_id=subject_id, name=name, added_at=format_time(_now())))
        return kid

    def add_subject(self, subject: Subject, keys: Iterable[Any] = (), representative_key: Any = None) -> Subject:
        """Store ``subject``; ``keys`` (public keys or PEM) become its signing keys.

        ``representative_key`` (public key or PEM) is stored and its id set on the
        representative. Returns the stored subject (with every key id).
        """
        pubs = [_as_public_key(k) for k in keys]
        rep = subject.representative
        if representative_key is not None:
            if rep is None:
                raise RecordInvalid(f"subject '{subject.id}': representative_key given but no representative; expected --representative-name and role")
            rk = _as_public_key(representative_key)
            if rep.key_id is not None and rep.key_id != key_id(rk):
                raise RecordInvalid(f"subject '{subject.id}': representative.key_id {rep.key_id} does not match the given key {key_id(rk)}")
            subject = subject.model_copy(update={"representative": rep.model_copy(update={"key_id": key_id(rk)})})
        else:
            rk = None
        ids = tuple(sorted(set(subject.key_ids) | {key_id(p) for p in pubs}))
        subject = Subject.from_dict({**subject.model_dump(), "key_ids": ids})  # re-validate
        with self._write() as conn:
            if conn.execute(select(_subjects.c.id).where(_subjects.c.id == subject.id)).first():
                raise RegistryError(f"subject '{subject.id}' already exists; expected a new id")
            if conn.execute(select(_subjects.c.id).where(_subjects.c.ref == subject.ref)).first():
                raise RegistryError(f"subject ref {subject.ref} is already taken; expected a unique ref")
            r = subject.representative
            conn.execute(_subjects.insert().values(
                id=subject.id, ref=subject.ref, display_name=subject.display_name, aliases=json.dumps(list(subject.aliases)),
                kind=subject.kind.value, minor=subject.minor, opt_out=subject.opt_out,
                rep_name=r.name if r else None, rep_role=r.role.value if r else None, rep_key_id=r.key_id if r else None,
                key_ids=json.dumps(list(subject.key_ids)), created_at=format_time(_now()),
            ))
            for p in pubs:
                self._insert_key(conn, p, "subject", subject.id, subject.display_name)
            if rk is not None:
                self._insert_key(conn, rk, "representative", subject.id, r.name)
            self._audit(conn, "subject_added", {"subject_id": subject.id, "ref": subject.ref, "kind": subject.kind.value,
                                                "minor": subject.minor, "key_ids": list(subject.key_ids),
                                                "representative": r.model_dump(mode="json") if r else None})
        return subject

    def get_subject(self, subject_id: str) -> Subject:
        with self._read() as conn:
            return self._subject(conn, subject_id)

    def get_subject_by_ref(self, ref: str) -> Subject:
        with self._read() as conn:
            r = conn.execute(select(_subjects).where(_subjects.c.ref == ref)).first()
            if r is None:
                raise NotFound(f"no subject has ref '{ref}'")
            return self._subject_from_row(r)

    def list_subjects(self) -> list[Subject]:
        with self._read() as conn:
            return [self._subject_from_row(r) for r in conn.execute(select(_subjects).order_by(_subjects.c.id))]

    def set_opt_out(self, subject_id: str, opt_out: bool = True) -> Subject:
        with self._write() as conn:
            self._subject(conn, subject_id)
            conn.execute(update(_subjects).where(_subjects.c.id == subject_id).values(opt_out=bool(opt_out)))
            self._audit(conn, "opt_out_set", {"subject_id": subject_id, "opt_out": bool(opt_out)})
            return self._subject(conn, subject_id)

    def update_subject(self, subject_id: str, *, display_name: str | None = None,
                       aliases: Sequence[str] | None = None, minor: bool | None = None) -> Subject:
        """Change a subject's names or minor flag (audited with the old and new values).

        The id, ref and kind stay: outputs and grants refer to them. Keys are added with
        :meth:`add_public_key`; opt-out with :meth:`set_opt_out`.
        """
        with self._write() as conn:
            old = self._subject(conn, subject_id)
            changes: dict[str, Any] = {}
            if display_name is not None and display_name != old.display_name:
                changes["display_name"] = display_name
            if aliases is not None and tuple(aliases) != old.aliases:
                changes["aliases"] = tuple(aliases)
            if minor is not None and bool(minor) != old.minor:
                changes["minor"] = bool(minor)
            if not changes:
                return old
            new = Subject.from_dict({**old.model_dump(), **changes})  # re-validate (names, minor → guardian rules)
            conn.execute(update(_subjects).where(_subjects.c.id == subject_id).values(
                display_name=new.display_name, aliases=json.dumps(list(new.aliases)), minor=new.minor))
            self._audit(conn, "subject_updated", {
                "subject_id": subject_id,
                "changes": {k: {"from": list(getattr(old, k)) if k == "aliases" else getattr(old, k),
                                "to": list(v) if k == "aliases" else v} for k, v in changes.items()}})
            return new

    def delete_subject(self, subject_id: str) -> dict[str, int]:
        """Remove a subject who has no grants, with their face templates, adapters and keys.

        A subject with grants is refused: outputs made under those grants must stay
        verifiable; revoke the grants and set the opt-out instead. Returns what was removed.
        """
        with self._write() as conn:
            self._subject(conn, subject_id)
            grants = [r[0] for r in conn.execute(select(_grants.c.id).where(_grants.c.subject_id == subject_id))]
            if grants:
                raise RegistryError(
                    f"subject '{subject_id}' has {len(grants)} grant(s) ({', '.join(grants[:5])}{', …' if len(grants) > 5 else ''}); "
                    "outputs made under them must stay verifiable, so the subject cannot be deleted: revoke the grants "
                    "and set the opt-out instead")
            removed = {
                "face_templates": conn.execute(_templates.delete().where(_templates.c.subject_id == subject_id)).rowcount,
                "adapters": conn.execute(_adapters.delete().where(_adapters.c.subject_id == subject_id)).rowcount,
                "keys": conn.execute(_keys.delete().where(_keys.c.subject_id == subject_id)).rowcount,
            }
            conn.execute(_subjects.delete().where(_subjects.c.id == subject_id))
            self._audit(conn, "subject_deleted", {"subject_id": subject_id, "removed": removed})
        return removed

    # ------------------------------------------------------------------ keys
    def add_public_key(self, subject_id: str, public_key: Any, name: str | None = None) -> str:
        """Add a signing key of the subject (PEM or key object); returns its key id."""
        pub = _as_public_key(public_key)
        with self._write() as conn:
            s = self._subject(conn, subject_id)
            kid = self._insert_key(conn, pub, "subject", subject_id, name or s.display_name)
            ids = sorted(set(s.key_ids) | {kid})
            conn.execute(update(_subjects).where(_subjects.c.id == subject_id).values(key_ids=json.dumps(ids)))
            self._audit(conn, "subject_key_added", {"subject_id": subject_id, "key_id": kid})
        return kid

    def add_verifier_key(self, public_key: Any, name: str) -> str:
        """Register a verifier key (who may countersign grants); returns its key id."""
        if not name or not name.strip():
            raise RecordInvalid("verifier name is empty; expected who holds the key (e.g. 'Rights desk, ACME Films')")
        pub = _as_public_key(public_key)
        with self._write() as conn:
            kid = self._insert_key(conn, pub, "verifier", None, name.strip())
            self._audit(conn, "verifier_key_added", {"key_id": kid, "name": name.strip()})
        return kid

    def public_keys(self, kind: str | None = None, subject_id: str | None = None) -> list[PublicKeyRecord]:
        """Registered public keys (trusted signers), optionally filtered."""
        q = select(_keys).order_by(_keys.c.added_at, _keys.c.key_id)
        if kind is not None:
            if kind not in KEY_KINDS:
                raise RecordInvalid(f"key kind {kind!r}; expected one of {sorted(KEY_KINDS)}")
            q = q.where(_keys.c.kind == kind)
        if subject_id is not None:
            q = q.where(_keys.c.subject_id == subject_id)
        with self._read() as conn:
            return [PublicKeyRecord(r.key_id, r.kind, public_key_pem(public_key_from_b64(r.public_key)), r.subject_id, r.name, r.added_at) for r in conn.execute(q)]

    def trusted_keys(self) -> list[PublicKeyRecord]:
        return self.public_keys()

    def verifier_key_ids(self) -> frozenset[str]:
        with self._read() as conn:
            return self._verifier_ids(conn)

    @staticmethod
    def _verifier_ids(conn: Connection) -> frozenset[str]:
        return frozenset(r[0] for r in conn.execute(select(_keys.c.key_id).where(_keys.c.kind == "verifier")))

    # ------------------------------------------------------------------ grants
    def _stored(self, conn: Connection, r: Any) -> StoredGrant:
        try:
            signed = SignedGrant.from_dict({"grant": json.loads(r.grant_json), "signatures": json.loads(r.signatures_json)})
        except (RecordInvalid, ValueError) as e:
            raise RegistryError(f"grant row '{r.id}' is corrupt: {e}") from None
        rv = conn.execute(select(_revocations).where(_revocations.c.grant_id == r.id)).first()
        rev = Revocation(grant_id=r.id, revoked_at=_parse_time(rv.revoked_at), reason=rv.reason, revoked_by=rv.revoked_by) if rv else None
        u = conn.execute(select(_usage.c.count).where(_usage.c.grant_id == r.id)).scalar()
        return StoredGrant(signed=signed, revocation=rev, usage=int(u or 0), issued_at=_parse_time(r.issued_at))

    def issue_grant(self, signed: SignedGrant) -> StoredGrant:
        """Validate (integrity, trust, subject rules) and store a signed grant exactly as signed."""
        g = signed.grant
        verify_signed_grant(signed)
        with self._write() as conn:
            subject = self._subject(conn, g.subject_id)
            problems = trust_problems(signed, subject, self._verifier_ids(conn))
            if problems:
                raise SignatureInvalid("; ".join(problems))
            check_grant_for_subject(subject, signed)
            if subject.opt_out:
                raise RecordInvalid(f"subject '{subject.id}' has opted out (never generate); a grant for them "
                                    "cannot be issued until the opt-out is lifted")
            if conn.execute(select(_grants.c.id).where(_grants.c.id == g.id)).first():
                raise RegistryError(f"grant '{g.id}' already exists; expected a new grant id")
            now = _now()
            conn.execute(_grants.insert().values(
                id=g.id, subject_id=g.subject_id, grant_json=canonical_json(g).decode("utf-8"),
                signatures_json=canonical_json([s.model_dump(mode="json") for s in signed.signatures]).decode("utf-8"),
                sha256=g.digest(), issued_at=format_time(now),
            ))
            conn.execute(_usage.insert().values(grant_id=g.id, count=0))
            self._audit(conn, "grant_issued", {"grant_id": g.id, "subject_id": g.subject_id, "sha256": g.digest(),
                                               "signers": [{"key_id": s.key_id, "role": s.role.value} for s in signed.signatures]}, now)
            return StoredGrant(signed=signed, usage=0, issued_at=now)

    def get_grant(self, grant_id: str) -> StoredGrant:
        with self._read() as conn:
            r = conn.execute(select(_grants).where(_grants.c.id == grant_id)).first()
            if r is None:
                raise NotFound(f"grant '{grant_id}' is not registered")
            return self._stored(conn, r)

    def list_grants(self, subject_id: str | None = None) -> list[StoredGrant]:
        q = select(_grants).order_by(_grants.c.issued_at, _grants.c.id)
        if subject_id is not None:
            q = q.where(_grants.c.subject_id == subject_id)
        with self._read() as conn:
            return [self._stored(conn, r) for r in conn.execute(q).all()]

    def grants_for_subjects(self, subject_ids: Iterable[str]) -> dict[str, tuple[StoredGrant, ...]]:
        with self._read() as conn:
            return self._grants_for(conn, list(subject_ids))

    def _grants_for(self, conn: Connection, ids: list[str]) -> dict[str, tuple[StoredGrant, ...]]:
        out: dict[str, list[StoredGrant]] = {i: [] for i in ids}
        if ids:
            for r in conn.execute(select(_grants).where(_grants.c.subject_id.in_(ids)).order_by(_grants.c.id)).all():
                out[r.subject_id].append(self._stored(conn, r))
        return {k: tuple(v) for k, v in out.items()}

    def revoke_grant(self, grant_id: str, reason: str, revoked_by: str, at: datetime | None = None) -> Revocation:
        """Revoke; effective for decisions made at or after ``at`` (default: now)."""
        rev = Revocation(grant_id=grant_id, revoked_at=at or _now(), reason=reason, revoked_by=revoked_by)
        with self._write() as conn:
            if not conn.execute(select(_grants.c.id).where(_grants.c.id == grant_id)).first():
                raise NotFound(f"grant '{grant_id}' is not registered")
            prior = conn.execute(select(_revocations).where(_revocations.c.grant_id == grant_id)).first()
            if prior is not None:
                raise RegistryError(f"grant '{grant_id}' was already revoked at {prior.revoked_at} by {prior.revoked_by}; expected an active grant")
            conn.execute(_revocations.insert().values(grant_id=grant_id, revoked_at=format_time(rev.revoked_at), reason=rev.reason,
                                                      revoked_by=rev.revoked_by, recorded_at=format_time(_now())))
            self._audit(conn, "grant_revoked", rev.model_dump(mode="json"))
        return rev

    # ------------------------------------------------------------------ adapters
    def register_adapter(self, sha256: str, subject_id: str, name: str, kind: str) -> AdapterRecord:
        """Bind a LoRA/embedding file (by sha256) to one subject."""
        sha256 = sha256.lower()
        if not _SHA256.match(sha256):
            raise RecordInvalid(f"adapter sha256 is {sha256!r}; expected 64 hex digits")
        if kind not in ADAPTER_KINDS:
            raise RecordInvalid(f"adapter kind is {kind!r}; expected one of {sorted(ADAPTER_KINDS)}")
        if not name or not name.strip():
            raise RecordInvalid("adapter name is empty; expected a name such as 'jane-doe-v2.safetensors'")
        with self._write() as conn:
            self._subject(conn, subject_id)
            prior = conn.execute(select(_adapters).where(_adapters.c.sha256 == sha256)).first()
            if prior is not None:
                raise RegistryError(f"adapter {sha256[:12]}… is already bound to subject '{prior.subject_id}'; expected an unbound file")
            rec = AdapterRecord(sha256, subject_id, name.strip(), kind, format_time(_now()))
            conn.execute(_adapters.insert().values(**rec.to_dict()))
            self._audit(conn, "adapter_bound", rec.to_dict())
        return rec

    def get_adapter(self, sha256: str) -> AdapterRecord | None:
        with self._read() as conn:
            r = conn.execute(select(_adapters).where(_adapters.c.sha256 == sha256.lower())).first()
        return AdapterRecord(r.sha256, r.subject_id, r.name, r.kind, r.registered_at) if r else None

    def list_adapters(self) -> list[AdapterRecord]:
        with self._read() as conn:
            return [AdapterRecord(r.sha256, r.subject_id, r.name, r.kind, r.registered_at) for r in conn.execute(select(_adapters).order_by(_adapters.c.registered_at))]

    # ------------------------------------------------------------------ face templates
    def add_face_template(self, subject_id: str, embedding: np.ndarray, photo_sha256: str, face_size: int, quality: float, model: str) -> int:
        """Store one identity embedding (float32) for ``subject_id``; returns the template id."""
        return self.add_face_templates(subject_id, [FaceTemplateRow(embedding, photo_sha256, face_size, quality, model)])[0]

    def add_face_templates(self, subject_id: str, templates: Sequence[Any]) -> list[int]:
        """Store several templates of one subject in ONE transaction (all or none); returns their ids.

        Each template has ``embedding``, ``photo_sha256``, ``face_size``, ``quality`` and
        ``model`` (e.g. :class:`consent.likeness.FaceTemplate`).
        """
        if not templates:
            raise RecordInvalid("no face templates given; expected at least one")
        rows = [self._template_row(t) for t in templates]
        ids: list[int] = []
        with self._write() as conn:
            self._subject(conn, subject_id)
            for emb, t in rows:
                dim = conn.execute(select(_templates.c.dim).where(_templates.c.model == t.model).limit(1)).scalar()
                if dim is not None and dim != emb.size:
                    raise RecordInvalid(f"embedding has {emb.size} dimensions; model '{t.model}' templates have {dim}")
                res = conn.execute(_templates.insert().values(
                    subject_id=subject_id, model=t.model, embedding=emb.tobytes(), dim=int(emb.size),
                    photo_sha256=t.photo_sha256, face_size=int(t.face_size), quality=float(t.quality),
                    created_at=format_time(_now())))
                tid = int(res.inserted_primary_key[0])
                ids.append(tid)
                self._audit(conn, "face_template_enrolled", {"template_id": tid, "subject_id": subject_id, "model": t.model,
                                                             "photo_sha256": t.photo_sha256, "dim": int(emb.size)})
        return ids

    @staticmethod
    def _template_row(t: Any) -> tuple[np.ndarray, Any]:
        emb = np.asarray(t.embedding, dtype=np.float32)
        if emb.ndim == 2 and emb.shape[0] == 1:
            emb = emb[0]
        if emb.ndim != 1 or emb.size == 0:
            raise RecordInvalid(f"embedding has shape {tuple(np.shape(t.embedding))}; expected a 1-D vector")
        if not np.all(np.isfinite(emb)):
            raise RecordInvalid("embedding holds NaN or infinite values; expected finite floats")
        if not _SHA256.match(t.photo_sha256 or ""):
            raise RecordInvalid(f"photo_sha256 is {t.photo_sha256!r}; expected 64 lowercase hex digits")
        if int(t.face_size) <= 0 or not math.isfinite(float(t.quality)):
            raise RecordInvalid(f"face_size {t.face_size!r} / quality {t.quality!r}; expected a positive size and a finite quality")
        if not t.model:
            raise RecordInvalid("model is empty; expected the recognizer's name (e.g. 'sface-int8')")
        return emb, t

    def template_counts(self) -> dict[str, int]:
        """Number of face templates per subject id (subjects without templates are absent)."""
        from sqlalchemy import func

        with self._read() as conn:
            return {r[0]: int(r[1]) for r in conn.execute(
                select(_templates.c.subject_id, func.count()).group_by(_templates.c.subject_id))}

    def face_templates(self, model: str) -> tuple[list[str], np.ndarray]:
        """(subject ids, float32 matrix N×D) of every template of ``model`` (N may be 0)."""
        with self._read() as conn:
            rows = conn.execute(select(_templates.c.subject_id, _templates.c.embedding, _templates.c.dim)
                                .where(_templates.c.model == model).order_by(_templates.c.id)).all()
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        mat = np.stack([np.frombuffer(r.embedding, dtype=np.float32, count=r.dim) for r in rows])
        return [r.subject_id for r in rows], mat

    # ------------------------------------------------------------------ name exceptions
    def add_name_exception(self, name: str, reason: str, added_by: str) -> NameExceptionRecord:
        """A name that is NOT a likeness (e.g. a painter named for a style)."""
        for fld, v in (("name", name), ("reason", reason), ("added_by", added_by)):
            if not v or not v.strip():
                raise RecordInvalid(f"name exception {fld} is empty; expected text")
        rec = NameExceptionRecord(" ".join(name.split()), reason.strip(), added_by.strip(), format_time(_now()))
        with self._write() as conn:
            if conn.execute(select(_name_exceptions.c.key).where(_name_exceptions.c.key == _name_key(name))).first():
                raise RegistryError(f"name exception '{rec.name}' already exists")
            conn.execute(_name_exceptions.insert().values(key=_name_key(name), **rec.to_dict()))
            self._audit(conn, "name_exception_added", rec.to_dict())
        return rec

    def name_exceptions(self) -> list[NameExceptionRecord]:
        with self._read() as conn:
            return [NameExceptionRecord(r.name, r.reason, r.added_by, r.added_at) for r in conn.execute(select(_name_exceptions).order_by(_name_exceptions.c.key))]

    # ------------------------------------------------------------------ decisions
    def snapshot(self, subject_ids: Iterable[str], now: datetime) -> Snapshot:
        """Everything :func:`consent.policy.decide` needs for these subjects, read consistently."""
        ids = sorted({i for i in subject_ids if i is not None})
        with self._read() as conn:
            subjects = {}
            if ids:
                for r in conn.execute(select(_subjects).where(_subjects.c.id.in_(ids))).all():
                    subjects[r.id] = self._subject_from_row(r)
            grants = self._grants_for(conn, list(subjects))
            return Snapshot(subjects=subjects, grants=grants, verifier_key_ids=self._verifier_ids(conn), taken_at=now)

    def record_decision(self, decision: Decision, extra: Mapping[str, Any] | None = None) -> AuditEntry:
        """Audit a decision that produced no output (e.g. a denial).

        ``extra`` adds context to the entry (request digest, exempted prompt names, ...).
        """
        with self._write() as conn:
            return self._audit(conn, "decision", {"decision": decision.to_dict(), **dict(extra or {})})

    def record_generation(self, decision: Decision, outputs: Sequence[OutputRecord],
                          extra: Mapping[str, Any] | None = None) -> AuditEntry:
        """In ONE transaction: insert outputs, count usage, append the audit entry.

        Re-checks, under the write lock, that the decision is allowed, that no grant used
        is revoked now (a revocation recorded while the outputs were being made stops their
        publication) and that no usage cap is exceeded (another process may have used the
        last slot); raises :class:`ConsentDenied` if so.
        """
        if not decision.allowed:
            raise ConsentDenied("a denied decision cannot be recorded as a generation: " + "; ".join(decision.reasons()), decision=decision)
        if not outputs:
            raise RecordInvalid("outputs is empty; expected at least one disclosed output")
        n = len(outputs)
        now = _now()
        with self._write() as conn:
            for gu in decision.grants_used:
                r = conn.execute(select(_grants).where(_grants.c.id == gu.grant_id)).first()
                if r is None:
                    raise NotFound(f"grant '{gu.grant_id}' used by decision {decision.decision_id} is not registered")
                sg = self._stored(conn, r)
                if sg.is_revoked(max(now, decision.decided_at)):
                    raise ConsentDenied(f"grant {gu.grant_id}: revoked at {format_time(sg.revocation.revoked_at)}, before the outputs were recorded; "
                                        "expected a grant still in force when the outputs are published", decision=decision)
                cap = sg.grant.usage_cap
                if cap is not None and sg.usage + n > cap:
                    raise ConsentDenied(f"grant {gu.grant_id}: usage {sg.usage} + {n} outputs would exceed cap {cap}", decision=decision)
                conn.execute(update(_usage).where(_usage.c.grant_id == gu.grant_id).values(count=_usage.c.count + n))
            grant_ids = json.dumps([g.grant_id for g in decision.grants_used])
            for o in outputs:
                conn.execute(_outputs.insert().values(
                    sha256=o.sha256, path=str(o.path), format=o.format, manifest_id=o.manifest_id,
                    watermark_payload=o.watermark_payload, decision_id=decision.decision_id, grant_ids=grant_ids,
                    created_at=format_time(now)))
            return self._audit(conn, "generation", {
                "decision": decision.to_dict(),
                "outputs": [{"sha256": o.sha256, "path": str(o.path), "format": o.format, "manifest_id": o.manifest_id,
                             "watermark_payload": o.watermark_payload} for o in outputs],
                **dict(extra or {}),
            }, now)

    def record_failure(self, decision: Decision | None, stage: str, error_message: str,
                       extra: Mapping[str, Any] | None = None) -> AuditEntry:
        """Audit a failed generation step (nothing was written)."""
        if not stage:
            raise RecordInvalid("stage is empty; expected the failing step, e.g. 'disclose:c2pa'")
        with self._write() as conn:
            return self._audit(conn, "failure", {"stage": stage, "error": str(error_message),
                                                 "decision": decision.to_dict() if decision is not None else None,
                                                 **dict(extra or {})})

    def find_output(self, sha256: str | None = None, watermark_payload: str | None = None) -> OutputRecord | None:
        """The most recent output with this file digest or watermark payload (None if unknown)."""
        if sha256 is None and watermark_payload is None:
            raise RecordInvalid("find_output needs sha256 or watermark_payload; found neither")
        q = select(_outputs).order_by(_outputs.c.id.desc()).limit(1)
        if sha256 is not None:
            q = q.where(_outputs.c.sha256 == sha256.lower())
        if watermark_payload is not None:
            q = q.where(_outputs.c.watermark_payload == watermark_payload)
        with self._read() as conn:
            r = conn.execute(q).first()
        if r is None:
            return None
        return OutputRecord(r.sha256, r.path, r.format, r.manifest_id, r.watermark_payload, r.decision_id, tuple(json.loads(r.grant_ids)), r.created_at)

    # ------------------------------------------------------------------ audit
    def audit_entries(self, limit: int | None = None, kind: str | None = None) -> list[AuditEntry]:
        with self._read() as conn:
            return read_entries(conn, limit=limit, kind=kind)

    def verify_audit(self) -> ChainReport:
        try:
            with self._read() as conn:
                return verify_chain(conn)
        except DBAPIError as e:
            raise self._error(e) from None


def _as_public_key(k: Any):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    if isinstance(k, Ed25519PublicKey):
        return k
    if isinstance(k, Ed25519PrivateKey):
        return k.public_key()
    if isinstance(k, (str, bytes)):
        return public_key_from_pem(k)
    raise SignatureInvalid(f"public key is a {type(k).__name__}; expected an Ed25519 public key or its PEM")

