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

import hashlib
import json
import logging
import math
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import (
    BigInteger,
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
    bindparam,
    cast,
    column,
    create_engine,
    delete,
    event,
    func,
    select,
    table as _sql_table,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from consent.audit import (
    GENESIS_HASH,
    current_actor,
    SIGNING_STARTED,
    AuditEntry,
    AuditKeys,
    ChainReport,
    append_entry,
    read_entries,
    read_entry,
    verify_chain,
)
from consent import audit_index
from consent.integrity import (SNAPSHOT_EVERY, WATCH_FIELDS, AnchorMismatch, IntegrityFailure, IntegrityState, add_owner_job,
                               embedding_digest, job_row_problem, model_state, output_row_problem, queued_job_problem,
                               request_row_problem, require)
from consent.errors import (ConsentDenied, DatabaseLocked, JobCancelRequested, JobEnded, NotFound, RecordInvalid, RegistryError,
                            SignatureInvalid)
from consent.policy import Decision, Snapshot, still_holds, trust_problems
from consent.records import (
    REVOCATION_CLOCK_ALLOWANCE,
    made_since,
    AdapterKind,
    Representative,
    Revocation,
    SignedGrant,
    StoredGrant,
    SignerRole,
    Subject,
    SubjectKind,
    canonical_json,
    grant_digest,
    check_grant_for_subject,
    format_time,
    visible_chars,
)
from consent.signing import key_id, public_key_b64, public_key_from_b64, public_key_from_pem, public_key_pem, verify_signed_grant

__all__ = [
    "Registry",
    "PublicKeyRecord",
    "AdapterRecord",
    "NameExceptionRecord",
    "ModelRecord",
    "RequestRecord",
    "MODEL_KINDS",
    "OutputRecord",
    "GrantUses",
    "JobRecord",
    "JobProgress",
    "JOB_STATES",
    "JOB_FINAL_STATES",
    "KEY_KINDS",
]

ADAPTER_KINDS = frozenset(k.value for k in AdapterKind)
KEY_KINDS = frozenset({"subject", "representative", "verifier"})
#: diffusers: a pipeline folder; checkpoint: one single-file diffusion checkpoint; gan: a generator file
MODEL_KINDS = ("diffusers", "checkpoint", "gan")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Entry kinds whose commit waits for the anchor file (a revocation, a grant, a generation, a person):
#: the call returns once the anchor records it. Every other commit (a denial, a failure, a job or
#: security event) is anchored by the registry's anchor writer thread right after it, off the
#: request's path (one write covers every entry committed meanwhile), and at :meth:`Registry.close`.
_STATE_KINDS = IntegrityState.PEOPLE_KINDS | {"grant_issued", "grant_revoked", "generation", "subject_deleted",
                                              "subjects_merged"}
log = logging.getLogger(__name__)
_PG_WRITE_LOCK = 0x436F6E73656E74  # pg_advisory_xact_lock key held by every PostgreSQL write transaction

_md = MetaData()
_T = String(40)
#: what :meth:`Registry._as_of` returns (its ``read``'s result)
_V = TypeVar("_V")
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
#: (0014) real people an operator listed for the name check to read as people (never exempted)
_name_watch = Table(
    "name_watch", _md,
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
    Column("audit_seq", Integer),
    Column("owner", Text),
    Column("job_id", String(64)),  # the generation job that made it (None: a direct Studio.generate call)
    # its exact pixels' digest (creator.disclosure.fingerprint.pixels_digest; PNG outputs since
    # migration 0013, else None), as its signed generation entry lists it; indexed (verify's lookup)
    Column("pixels_sha256", String(64)),
)
#: An output's coarse picture (creator.verify's fingerprint), by the output's content digest; trusted
#: only when its SHA-256 is the fingerprint_sha256 the output's signed generation entry lists.
_output_fingerprints = Table(
    "output_fingerprints", _md,
    Column("sha256", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
)

#: Statements verify runs for every copy (one output by digest or watermark, its grants), built
#: once with bound parameters: SQLAlchemy then skips building the expression and its cache key on
#: each call (≈ 0.1 ms a statement). The same SQL as the expressions they replace.
_REVOCATION_OF = select(_revocations).where(_revocations.c.grant_id == bindparam("grant_id"))
_USAGE_OF = select(_usage.c.count).where(_usage.c.grant_id == bindparam("grant_id"))
_LATEST_OUTPUT = select(_outputs).order_by(_outputs.c.id.desc()).limit(1)
#: verify's two output lookups, each with the output's audit entry (the row at its audit_seq, if
#: any: seq is the log's key) in the same statement: what find_output then reads with read_entry.
_ENTRY_COLUMNS = ("seq", "at", "kind", "payload", "prev_hash", "hash", "sig")  # consent.audit.AuditEntry's order
_audit_entries = _sql_table("audit_entries", *(column(c) for c in _ENTRY_COLUMNS))
_LATEST_OUTPUT_WITH_ENTRY = select(_outputs, *(_audit_entries.c[c].label(f"entry_{c}") for c in _ENTRY_COLUMNS)).select_from(
    _outputs.outerjoin(_audit_entries, _audit_entries.c.seq == _outputs.c.audit_seq)).order_by(_outputs.c.id.desc()).limit(1)
_OUTPUT_BY_SHA256 = _LATEST_OUTPUT_WITH_ENTRY.where(_outputs.c.sha256 == bindparam("sha256"))
_OUTPUT_BY_WATERMARK = _LATEST_OUTPUT_WITH_ENTRY.where(_outputs.c.watermark_payload == bindparam("watermark_payload"))
_OUTPUT_BY_PIXELS = _LATEST_OUTPUT_WITH_ENTRY.where(_outputs.c.pixels_sha256 == bindparam("pixels_sha256"))
_FINGERPRINT_OF = select(_output_fingerprints.c.data).where(_output_fingerprints.c.sha256 == bindparam("sha256"))
#: A grant with its revocation and usage (each at most one row: both keyed by the grant id) in
#: one statement: what a grant row and _REVOCATION_OF and _USAGE_OF read, for get_grant.
#: Inside Registry.reading() it also reads the grant's person (subject row, keyed by id: at most
#: one), kept for that transaction's get_subject of the same id (one snapshot: the same row).
_SUBJECT_COLUMNS = tuple(c.name for c in _subjects.columns)
#: every grant row with its revocation and usage (each at most one row: both keyed by the grant)
_GRANTS_WITH_STATE = select(
    _grants, _revocations.c.grant_id.label("rv_grant_id"), _revocations.c.revoked_at.label("rv_revoked_at"),
    _revocations.c.reason.label("rv_reason"), _revocations.c.revoked_by.label("rv_revoked_by"),
    _usage.c.count.label("usage_count"),
).select_from(
    _grants.outerjoin(_revocations, _revocations.c.grant_id == _grants.c.id).outerjoin(_usage, _usage.c.grant_id == _grants.c.id)
)
_GRANT_WITH_STATE = _GRANTS_WITH_STATE.where(_grants.c.id == bindparam("grant_id"))
_MORE_THAN_ONE_ROW = "more than one revocation or usage row"


def _one_row_per_grant(rows: Sequence[Any]) -> Sequence[Any]:
    """``rows`` of :data:`_GRANTS_WITH_STATE`, refused (IntegrityFailure) when a grant comes twice:
    its revocation or usage table holds a second row for it, which only an edit of the database
    that rebuilt the table without its key can make (red team of session 55)."""
    seen: set[str] = set()
    twice = sorted({r.id for r in rows if r.id in seen or seen.add(r.id)})
    if twice:
        require([f"grant '{g}' has {_MORE_THAN_ONE_ROW} in the database; the signed audit log records one state "
                 "per grant" for g in twice[:5]])
    return rows
_GRANT_WITH_STATE_AND_SUBJECT = select(
    *_GRANT_WITH_STATE.selected_columns, *(_subjects.c[c].label(f"s_{c}") for c in _SUBJECT_COLUMNS),
).select_from(
    _grants.outerjoin(_revocations, _revocations.c.grant_id == _grants.c.id).outerjoin(_usage, _usage.c.grant_id == _grants.c.id)
    .outerjoin(_subjects, _subjects.c.id == _grants.c.subject_id)
).where(_grants.c.id == bindparam("grant_id"))
_SUBJECT_BY_ID = select(_subjects).where(_subjects.c.id == bindparam("subject_id"))
_HEAD = text("SELECT seq, hash FROM audit_head WHERE id = 1")
_models = Table(
    "models", _md,
    Column("name", String(128), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("licence", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("allow_pickle", Boolean, nullable=False),
    Column("registered_at", _T, nullable=False),
    Column("config", Text, nullable=True),  # a checkpoint's diffusers config folder (0011); None: none recorded
)
_requests = Table(
    "requests", _md,
    Column("id", String(40), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("decision_id", String(64)),
    Column("status", String(16), nullable=False),
    Column("answer", Text),
    Column("created_at", _T, nullable=False),
    Column("decided_at", _T),
    Column("decided_by", Text),
)
_snapshots = Table(
    "state_snapshots", _md,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("state", LargeBinary, nullable=False),
    Column("sig", Text, nullable=False),
)
# --- generation jobs (migration 0003) ---
_jobs = Table(
    "jobs", _md,
    Column("id", String(64), primary_key=True),
    Column("owner", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("submitted_at", _T, nullable=False),
    Column("request_digest", String(64), nullable=False),
    Column("settings", Text, nullable=False),
    Column("service", Text),
    Column("cancel_requested_by", Text),
    Column("started_at", _T),
    Column("finished_at", _T),
    Column("worker", Text),
    Column("seed", BigInteger),
    Column("decision_id", String(64)),
    Column("outputs", Text),
    Column("error", Text),
    Column("timings", Text),
    Column("audit_seq", Integer),
)
# --- how far a running job has got, as its job service last reported it (migration 0015) ---
# Advisory, outside the signed log: what jobs list / show and another process's page show of a
# running job; never read for a decision, an end or whether a job is open (Registry.job_progress).
_job_progress = Table(
    "job_progress", _md,
    Column("job_id", String(64), primary_key=True),
    Column("service", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("done", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("eta_s", Float(precision=53)),
    Column("reported_at", _T, nullable=False),
)
# --- when a page of another studio process last followed an open job (migration 0016) ---
# Advisory, outside the signed log: read by the job's own service before it cancels the job as
# abandoned (Registry.note_jobs_watched, Registry.jobs_watched); never read for a decision.
_job_watch = Table(
    "job_watch", _md,
    Column("job_id", String(64), primary_key=True),
    Column("watched_at", _T, nullable=False),
)
#: Every state a job row may hold; a row is written when the job is queued and once more when it ends
#: (both audited), and marked ``running`` when a worker starts it (not audited: what a listing shows
#: of a job still open; the signed log says only that it was queued and not ended).
JOB_STATES = frozenset({"queued", "running", "done", "denied", "failed", "cancelled"})
JOB_FINAL_STATES = frozenset({"done", "denied", "failed", "cancelled"})
_JOB_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


# --------------------------------------------------------------------------- value types
@dataclass(frozen=True)
class GrantUses:
    """The newest generation entries that used one grant (:meth:`Registry.grant_uses`)."""

    entries: tuple[AuditEntry, ...]  # newest first; each checked (hash, signature) and using the grant
    uses: int  # generation entries the grant-use index lists for the grant (read or not)
    outputs: int  # the outputs those entries counted against the grant
    payloads: tuple[dict[str, Any], ...] = ()  # each entry's payload, parsed (parallel to ``entries``)
    #: from the signed log (the replayed state of the same read, never the index): the outputs
    #: counted against the grant, the seq of the newest generation entry that used it (None: none,
    #: or not known by entry, see ``newest_known``)
    counted: int = 0
    newest: int | None = None
    newest_known: bool = True  # False: uses up to ``known_from`` are not tracked by entry (an older snapshot)
    known_from: int = 0

    @property
    def complete(self) -> bool:
        """Every entry that used the grant was read (none older was left out)."""
        return len(self.entries) >= self.uses


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
class ModelRecord:
    """A generator an operator registered: its name (what creators pick), kind, where it lives on
    the server, and the sha256 that covers every file of it (checked before each load).

    ``config``: for a single-file checkpoint, the server folder its pipeline configs and
    tokenizer are loaded from (the sha256 covers that folder's files too); ``None`` for the
    other kinds and for checkpoints registered before schema 0011."""

    name: str
    kind: str
    path: str
    sha256: str
    licence: str
    note: str
    allow_pickle: bool
    registered_at: str
    config: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def public(self) -> dict[str, Any]:
        """What a creator may see (no server path, no config folder)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("path", "config")}


@dataclass(frozen=True)
class RequestRecord:
    """A creator's request to the operators: ``kind`` "exception" (a name that is not a person)
    or "grant" (consent they need); ``status`` pending → approved | declined."""

    id: str
    kind: str
    requested_by: str
    subject: str
    message: str
    decision_id: str | None
    status: str
    answer: str | None
    created_at: str
    decided_at: str | None = None
    decided_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


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
    #: who made it (the signed-in user or OS user of the request); None for records written before owners were kept
    owner: str | None = None
    audit_seq: int | None = None
    #: the generation job that made it (None: made by a direct Studio.generate call)
    job_id: str | None = None
    #: SHA-256 of its fingerprint as its signed generation entry lists it (filled on read; None:
    #: recorded without one, e.g. before fingerprints were kept): :meth:`Registry.output_fingerprint`
    fingerprint_sha256: str | None = None
    #: written with the record (:meth:`Registry.record_generation`): the output's coarse picture
    #: that verify compares copies with (creator.verify.fingerprint); not filled on read
    fingerprint: bytes | None = field(default=None, repr=False, compare=False)
    #: the digest of its exact pixels (creator.disclosure.fingerprint.pixels_digest; a PNG output's,
    #: None for a JPEG or a record written before they were kept), signed with its generation entry
    pixels_sha256: str | None = None

    def __post_init__(self) -> None:
        if not _SHA256.match(self.sha256 or ""):
            raise RecordInvalid(f"OutputRecord.sha256 is {self.sha256!r}; expected 64 lowercase hex digits")
        if self.pixels_sha256 is not None and not _SHA256.match(self.pixels_sha256):
            raise RecordInvalid(f"OutputRecord.pixels_sha256 is {self.pixels_sha256!r}; expected 64 lowercase hex digits or None")
        if not self.path or not self.format:
            raise RecordInvalid(f"OutputRecord needs a path and a format; found path={self.path!r} format={self.format!r}")
        if self.fingerprint is not None and not isinstance(self.fingerprint, bytes):
            raise RecordInvalid(f"OutputRecord.fingerprint is {type(self.fingerprint).__name__}; expected bytes or None")

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d.pop("fingerprint", None)
        d["grant_ids"] = list(self.grant_ids)
        return d


@dataclass(frozen=True)
class JobRecord:
    """One generation job as stored: who asked, every setting, and (once ended) how it ended.

    ``settings`` holds every generation setting (input images by digest); ``seed`` is the seed
    actually used; ``outputs`` lists the outputs made (dicts with at least ``sha256``).
    Times are RFC 3339 UTC text.
    """

    id: str
    owner: str
    state: str
    submitted_at: str
    request_digest: str
    settings: Mapping[str, Any] = field(default_factory=dict)
    service: str | None = None
    cancel_requested_by: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    worker: str | None = None
    seed: int | None = None
    decision_id: str | None = None
    outputs: tuple[Mapping[str, Any], ...] = ()
    error: str | None = None
    timings: Mapping[str, Any] = field(default_factory=dict)
    audit_seq: int | None = None

    def __post_init__(self) -> None:
        if not _JOB_ID.match(self.id or ""):
            raise RecordInvalid(f"job id is {self.id!r}; expected 1-64 letters, digits or _.:-")
        if self.state not in JOB_STATES:
            raise RecordInvalid(f"job state is {self.state!r}; expected one of {sorted(JOB_STATES)}")
        if not self.owner or not str(self.owner).strip():
            raise RecordInvalid("job owner is empty; expected who submitted it (e.g. 'ui:olive')")
        if not _SHA256.match(self.request_digest or ""):
            raise RecordInvalid(f"job request_digest is {self.request_digest!r}; expected 64 lowercase hex digits")

    @property
    def final(self) -> bool:
        return self.state in JOB_FINAL_STATES

    def to_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["settings"], d["timings"] = dict(self.settings), dict(self.timings)
        d["outputs"] = [dict(o) for o in self.outputs]
        return d


_STAGE = re.compile(r"^[a-z_]{1,32}$")
_MAX_STEPS = 10**9


@dataclass(frozen=True)
class JobProgress:
    """How far a running job has got, as its job service last reported it (advisory: written and
    read outside the signed log; :meth:`Registry.record_job_progress`, :meth:`Registry.job_progress`).

    ``stage`` and ``done`` of ``total`` are the recipe's step ("generate", 5, 40); ``eta_s`` the
    seconds the service estimated the job had left at ``reported_at`` (RFC 3339 UTC, the
    writing service's clock), None when it had no basis. It says nothing of how a job ended:
    the row goes when the end is recorded, and readers take a job's state from its job row."""

    job_id: str
    service: str
    stage: str
    done: int
    total: int
    eta_s: float | None
    reported_at: str

    def __post_init__(self) -> None:
        if not _JOB_ID.match(self.job_id or ""):
            raise RecordInvalid(f"job id is {self.job_id!r}; expected 1-64 letters, digits or _.:-")
        if not isinstance(self.service, str) or not self.service.strip():
            raise RecordInvalid("a job progress report names no job service; expected the service that runs the job")
        if not isinstance(self.stage, str) or not _STAGE.match(self.stage):
            raise RecordInvalid(f"job progress stage is {self.stage!r}; expected 1-32 lowercase letters or _")
        for name, v in (("done", self.done), ("total", self.total)):
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= _MAX_STEPS:
                raise RecordInvalid(f"job progress {name} is {v!r}; expected a whole number from 0 to {_MAX_STEPS}")
        if self.done > self.total:
            raise RecordInvalid(f"job progress is {self.done} of {self.total}; expected at most the total")
        if self.eta_s is not None and (isinstance(self.eta_s, bool) or not isinstance(self.eta_s, (int, float))
                                       or not math.isfinite(self.eta_s) or self.eta_s < 0):
            raise RecordInvalid(f"job progress eta_s is {self.eta_s!r}; expected seconds (0 or more) or None")
        try:
            when = datetime.fromisoformat(self.reported_at)
        except (TypeError, ValueError):
            when = None
        if when is None or when.tzinfo is None:
            raise RecordInvalid(f"job progress reported_at is {self.reported_at!r}; expected an RFC 3339 UTC time")

    @property
    def reported(self) -> datetime:
        """``reported_at`` as a time."""
        return datetime.fromisoformat(self.reported_at)


def _now() -> datetime:
    return datetime.now(timezone.utc)


#: The clock difference between studio processes on one database that a revocation absorbs:
#: it is in force for decisions from this long before its date (:meth:`StoredGrant.is_revoked`),
#: and :meth:`Registry.revoke_grant` accepts an ``at`` at most this far in the past. Revocations
#: are dated by their true moment (a withdrawal at once: when it was recorded).
IMMEDIATE_REVOCATION_LEAD = REVOCATION_CLOCK_ALLOWANCE


def _parse_time(s: str) -> datetime:
    return datetime.fromisoformat(s)


def _model_from_row(r: Any) -> ModelRecord:
    return ModelRecord(r.name, r.kind, r.path, r.sha256, r.licence, r.note, bool(r.allow_pickle), r.registered_at, r.config)


def _private_sqlite_file(url: str) -> None:
    """A new SQLite database file is made readable by its owner only (0600; SQLite gives its WAL and
    shared-memory files the same mode), as the keys and the outputs are: SQLite creates it with the
    process's umask, 0644 as a rule (a fresh user's walkthrough, session 63; the data directory
    is 0700, so this is depth, not the only guard). An existing file and other databases are left
    as they are."""
    from sqlalchemy.engine import make_url

    try:
        u = make_url(url)
    except Exception:  # noqa: BLE001 - the engine words a bad URL itself
        return
    db = u.database or ""
    if not u.drivername.startswith("sqlite") or db in ("", ":memory:") or db.startswith("file:"):
        return
    try:
        fd = os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # (a folder that is not there or not writable: the engine says so when it opens it)
    os.close(fd)


def _safe_url(url: str) -> str:
    """A database URL to show in a message: its password hidden."""
    try:
        return repr(make_url(url).render_as_string(hide_password=True))
    except Exception:  # noqa: BLE001 - unparsable: say which setting, not what it holds
        return "(the configured database URL)"


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def schema_head() -> str:
    """The newest schema revision this code knows (what a migrated registry is at)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return ScriptDirectory.from_config(cfg).get_current_head()


# --------------------------------------------------------------------------- registry
#: The newest migration in consent/migrations/versions (a test keeps the two equal).
SCHEMA_HEAD = "0016"


class _Row(SimpleNamespace):
    """A row's columns by name (a subject row read with its grant: Registry.get_grant)."""


class _Parsed:
    """Records parsed from the exact text of their rows, the last few: a parse (JSON and the
    record's validation) is a function of that text alone and the records are frozen, so a row
    read again with the same text gives the same record without parsing it again (verify reads
    the same grant and person for every copy of an output). A row whose text changed is a
    different key; a row that does not parse raises as before and is not kept."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Any, parse: Any) -> Any:
        hit = self._items.get(key)
        if hit is not None:
            return hit
        value = parse()
        with self._lock:
            if len(self._items) >= self._size:
                self._items.clear()
            self._items[key] = value
        return value


_PARSED = _Parsed(1024)


class _AnchorWriter:
    """Moves the anchor file for commits that do not wait for it, in one daemon thread: it takes
    the newest committed head (every entry since rides along), writes the anchor, repeats; idle
    for a second, it ends (the next commit starts it again). :meth:`flush` waits until nothing
    is pending. ``advance(seq, hash, known)`` is the registry's, held weakly."""

    def __init__(self, advance) -> None:  # noqa: ANN001
        self._advance = weakref.WeakMethod(advance)
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._cv = threading.Condition()
        self._pending: tuple[int, str] | None = None
        self._known: dict[int, str] = {}
        self._busy = False
        self._thread: threading.Thread | None = None

    def submit(self, seq: int, hash_: str, known: dict[int, str]) -> None:
        if self._pid != os.getpid():  # a forked child: the parent's thread (and its lock) are not here
            self._reset()
        with self._cv:
            self._known.update(known)
            if self._pending is None or seq > self._pending[0]:
                self._pending = (seq, hash_)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="consent-audit-anchor", daemon=True)
                self._thread.start()
            self._cv.notify_all()

    def _run(self) -> None:
        while True:
            with self._cv:
                if self._pending is None:
                    self._cv.wait(timeout=1.0)
                    if self._pending is None:
                        self._thread = None
                        return
                (seq, h), known = self._pending, self._known
                self._pending, self._known, self._busy = None, {}, True
            try:
                advance = self._advance()
                if advance is not None:
                    advance(seq, h, known)
            except Exception:  # noqa: BLE001 - AnchorMismatch: the next write's check refuses that log
                log.exception("the audit anchor was not moved to entry %s", seq)
            finally:
                with self._cv:
                    self._busy = False
                    self._cv.notify_all()

    def flush(self, timeout_s: float = 30.0) -> None:
        if self._pid != os.getpid():
            self._reset()
        with self._cv:
            self._cv.wait_for(lambda: self._pending is None and not self._busy, timeout_s)


#: The longest value an audit search looks for (an id, a name, a word of a message), and how many one takes.
MAX_MENTION_CHARS = 500
MAX_MENTIONS = 100


def _stored_key(row: Any) -> Any:
    """The public key of a key row; None when the stored text is no Ed25519 key (a problem the
    read reports: :meth:`consent.integrity.IntegrityState.key_problems`)."""
    try:
        return public_key_from_b64(row.public_key)
    except SignatureInvalid:
        return None


def _baseline_signers(st: IntegrityState, issued: dict[str, list]) -> None:
    """A baseline written before session 63 keeps no signers for its grants: those the
    ``grant_issued`` entries before the signing start named (unsigned, but fixed by the signed
    start's ``prev_hash``; the replay walked their chain) hold for them (red team s64 E: a signature
    added to such a grant's row went unseen by ``audit verify``)."""
    for gid, g in st.grants.items():
        if isinstance(g, dict) and g.get("signers") is None and gid in issued:
            st.grants[gid] = {**g, "signers": issued[gid]}


class Registry:
    """The consent registry. ``Registry(url, audit_keys=...)`` opens (and migrates) any SQLAlchemy URL.

    ``audit_keys`` (:class:`consent.audit.AuditKeys`) sign every audit entry and anchor the
    log outside the database; :meth:`from_settings` loads them from the keys directory.
    Every read that feeds a decision or a verification is checked against the state the
    signed log implies (:mod:`consent.integrity`) and fails closed on any disagreement.
    """

    def __init__(self, url: str, *, audit_keys: AuditKeys, busy_timeout_s: float = 10.0, migrate: bool = True) -> None:
        if not isinstance(audit_keys, AuditKeys):
            raise RegistryError(f"audit_keys is a {type(audit_keys).__name__}; expected the installation's AuditKeys "
                                "(Registry.from_settings loads them from the keys directory)")
        self.url = url
        self._keys = audit_keys
        self._state: IntegrityState | None = None
        self._state_lock = threading.RLock()
        self._anchor_checked: tuple[int, str] | None = None
        self._tx = threading.local()
        self._anchor_writer = _AnchorWriter(self._advance_anchor)
        weakref.finalize(self, self._anchor_writer.flush)  # at exit: what is pending is anchored
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
        self._check_key_signs_the_log()  # before anything (a migration included) can append to it
        if migrate:
            self._migrate()
        else:
            self._check_schema()

    @classmethod
    def from_settings(cls, settings: Any) -> Registry:
        """Create the data dir, open the configured database and migrate it to head."""
        from consent import _name_knowledge

        settings.ensure_dirs()
        url = settings.resolved_database_url
        _private_sqlite_file(url)
        try:
            keys = AuditKeys.load_or_create(settings.resolved_keys_dir, create=False)
        except RegistryError:
            if os.path.lexists(Path(settings.resolved_keys_dir) / AuditKeys.KEY_FILE):
                raise  # a key that is there but refused (its mode, its content) says why itself (red team 70)
            # No audit key there. A new installation creates one; a database that already holds
            # a signed log never gets a new key (a mistyped keys directory would otherwise sign
            # entries into the real log with a stranger's key, and break it for good).
            seq = cls._first_signed_seq(url)
            if seq is not None:
                raise RegistryError(
                    f"the keys directory {settings.resolved_keys_dir} holds no audit key "
                    f"({AuditKeys.KEY_FILE}), but the database {_safe_url(url)} holds a signed audit log "
                    f"(signed from entry {seq} on): the keys directory setting (CONSENT_STUDIO_KEYS_DIR) "
                    "does not point at this installation's keys. Nothing was created or written; set it "
                    "to the folder that holds audit.key.pem") from None
            keys = settings.audit_keys()
        registry = cls(url, audit_keys=keys, busy_timeout_s=getattr(settings, "db_busy_timeout_s", 10.0))
        # the person-name knowledge, built once per installation and signed (see use_cache):
        # only with a key that signs this database's log
        _name_knowledge.use_cache(settings.data_dir / "cache", keys)
        return registry

    @staticmethod
    def _first_signed(conn: Connection) -> Any:
        """(seq, hash, sig) of the log's first signed entry — where this installation's key began
        signing (``audit_signing_started``) — or None (no log yet, or none signed)."""
        from sqlalchemy import inspect

        insp = inspect(conn)
        if not insp.has_table("audit_entries") or "sig" not in {c["name"] for c in insp.get_columns("audit_entries")}:
            return None
        return conn.execute(text("SELECT seq, hash, sig FROM audit_entries WHERE sig IS NOT NULL "
                                 "ORDER BY seq LIMIT 1")).first()

    @classmethod
    def _first_signed_seq(cls, url: str) -> int | None:
        """Whether the database at ``url`` holds a signed audit log: its first signed entry's seq."""
        try:
            engine = create_engine(url)
        except (SQLAlchemyError, ValueError) as e:
            raise RegistryError(f"cannot open database URL {_safe_url(url)}: {e}") from None
        try:
            with engine.connect() as conn:
                r = cls._first_signed(conn)
            return int(r[0]) if r is not None else None
        except DBAPIError as e:
            raise RegistryError(f"cannot read the audit log of {_safe_url(url)}: {e.orig}") from None
        finally:
            engine.dispose()

    def _check_key_signs_the_log(self) -> None:
        """Once, when the registry opens (one entry read): a database that holds a signed audit
        log is opened only with the key that began signing it (its first signed entry, the
        ``audit_signing_started`` baseline). Another key (a mistyped keys directory, another
        installation's) is refused before anything is written, so no entry signed by it ever
        lands in this log. The first entry, not the newest: an entry a database editor forged at
        the end must not lock the right key out (``audit verify`` reports it), and a log a wrong
        key already appended to must not let that key in."""
        try:
            with self._engine.connect() as conn:
                r = self._first_signed(conn)
        except DBAPIError as e:
            raise self._error(e) from None
        if r is None or self._keys.entry_signed(r.hash, r.sig):
            return
        where = self._keys.keys_dir if self._keys.keys_dir is not None else "the audit key given"
        raise RegistryError(
            f"the audit key in {where} (key id {self._keys.key_id}) did not sign this database's audit log "
            f"(its first signed entry, {r.seq}, does not verify with it): the keys directory setting "
            "(CONSENT_STUDIO_KEYS_DIR) does not point at this installation's keys, or that entry was forged. "
            "Nothing was written; set it to the folder that holds this installation's audit.key.pem "
            "(`consent-studio audit verify` checks the whole log)")

    @property
    def audit_keys(self) -> AuditKeys:
        return self._keys

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        self._anchor_writer.flush()  # every committed entry is anchored before the registry closes
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
            return DatabaseLocked(f"database is locked (another writer held it for more than {self.busy_timeout_s:g} s); "
                                  "nothing was changed: try again")
        if "no such table" in text_ or sqlstate == "42P01":  # 42P01: PostgreSQL undefined table
            return RegistryError(f"database {self.url} has no consent schema ({text_}); expected a migrated registry")
        # (red team 70) SQLite's bare words name no cause: say what to look at
        if "readonly database" in text_ or "read-only" in text_:
            return RegistryError(f"database {_safe_url(self.url)} is read-only ({text_}): the file or its folder cannot be "
                                 "written by this user; nothing was changed")
        if "unable to open database file" in text_:
            return RegistryError(f"cannot open database {_safe_url(self.url)} ({text_}): its folder must exist and be "
                                 "readable and writable by this user (SQLite writes its journal beside the file)")
        if "disk I/O error" in text_ or "database or disk is full" in text_ or "No space" in text_:
            return RegistryError(f"database {_safe_url(self.url)}: {text_}; the disk may be full or failing: free space "
                                 "and try again (nothing was changed)")
        return RegistryError(f"database error on {self.url}: {text_}")

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run many writes of this thread in ONE transaction (bulk loads): every method called
        inside joins it; all of it commits at the end, or none of it."""
        if getattr(self._tx, "conn", None) is not None:
            yield
            return
        try:
            with self._write() as conn:
                self._tx.conn = conn
                try:
                    yield
                finally:
                    self._tx.conn = None
        except BaseException:
            with self._state_lock:
                self._state = None  # it may have read this transaction's own, now rolled-back, entries
            raise

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        outer = getattr(self._tx, "conn", None)
        if outer is not None:  # inside batch(): join its transaction
            yield outer
            return
        appended: list[AuditEntry] = []
        try:
            with self._writer.begin() as conn:
                if self._postgres:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                conn.info["consent_appended"] = appended
                try:
                    yield conn
                finally:
                    conn.info.pop("consent_appended", None)
        except DBAPIError as e:
            raise self._error(e) from None
        if appended:  # committed: the anchor outside the database moves forward, after every commit
            # (whatever the entries: a denial, a failure or a job entry not yet anchored could be cut
            # off the log without trace); it moves only onto the log that holds the anchored entry
            last = appended[-1]
            known = {e.seq: e.hash for e in appended}
            known[appended[0].seq - 1] = appended[0].prev_hash
            if any(e.kind in _STATE_KINDS for e in appended):
                try:
                    self._advance_anchor(last.seq, last.hash, known)  # consent state changed: anchored before returning
                except OSError as e:
                    # The change is committed: it must not read as failed (red team 70: a full disk
                    # here made generate delete a recorded output and tell the user it failed, and
                    # a revocation or a grant import look undone). The anchor stays where it was,
                    # behind the log, and the next write moves it over these entries too.
                    log.error("the audit anchor could not be moved to entry %s (%s): the change is recorded; "
                              "the anchor stays behind the log until a later write moves it", last.seq,
                              e.strerror or e)
            else:
                self._anchor_writer.submit(last.seq, last.hash, known)
            if last.seq % SNAPSHOT_EVERY < len(appended):
                self._write_snapshot()

    def _advance_anchor(self, seq: int, hash_: str, known: Mapping[int, str] | None = None) -> None:
        """Move the anchor to entry ``seq`` (``hash_``) of this log: only when the log still holds
        the anchored entry with its hash (:meth:`AuditKeys.advance_anchor`); raises
        :class:`AnchorMismatch` otherwise (the database was swapped for a fork after this
        transaction's check). ``known``: hashes of entries this process committed (seq -> hash)."""
        known = dict(known or {})

        def hash_at(n: int) -> str | None:
            if n in known:
                return known[n]
            try:
                with self._engine.connect() as c:
                    with c.begin():
                        e = read_entry(c, n)
            except DBAPIError as e:
                raise self._error(e) from None
            return e.hash if e is not None else None

        self._keys.advance_anchor(seq, hash_, hash_at)
        self._anchor_checked = (seq, hash_)  # this process wrote that entry: no need to read it back

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run the reads of this thread in ONE read transaction (verify: an output's record, its
        grants and their persons): every read method called inside joins it, all of them see one
        snapshot of the database, and the signed audit log is checked against that snapshot
        once, at the first read that asks (the same check, not repeated for the same snapshot).
        The transaction begins at the first read; inside :meth:`batch` or another ``reading``
        it changes nothing."""
        if getattr(self._tx, "reading", False) or getattr(self._tx, "conn", None) is not None:
            yield
            return
        self._tx.reading, self._tx.read_conn, self._tx.read_state, self._tx.read_subjects = True, None, None, {}
        try:
            yield
        finally:
            conn, self._tx.read_conn, self._tx.read_state, self._tx.reading = self._tx.read_conn, None, None, False
            self._tx.read_subjects = {}
            if conn is not None:  # nothing was written: ending the read transaction decides nothing, and a
                try:              # connection that cannot end it cleanly (the database went away) is dropped
                    conn.rollback()
                except SQLAlchemyError:
                    pass
                finally:
                    try:
                        conn.close()
                    except SQLAlchemyError:
                        pass

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        if getattr(self._tx, "reading", False):  # inside reading(): its one transaction, begun at the first read
            try:
                conn = self._tx.read_conn
                if conn is None:
                    conn = self._reader.connect()
                    try:
                        conn.begin()
                    except BaseException:
                        conn.close()
                        raise
                    self._tx.read_conn = conn
                yield conn
            except DBAPIError as e:
                raise self._error(e) from None
            return
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

    def _at_head(self) -> bool:
        """True when the database is at :data:`SCHEMA_HEAD` (one cheap read, no alembic import:
        every CLI command and studio start pays for this check)."""
        from sqlalchemy import inspect

        with self._read() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return False
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        return [tuple(r) for r in rows] == [(SCHEMA_HEAD,)]

    def _migrate(self) -> None:
        if self._at_head():
            return
        from alembic import command

        with self._write() as conn:
            current, head = self._schema_state(conn)
            if current != head:
                if current is not None:
                    # (a self-hosting admin's walkthrough, session 66: the first command after an
                    # upgrade, even a read-only verify, migrated without a word, and older code then
                    # refuses the database) said, and on record
                    import logging

                    logging.getLogger("consent_studio").warning(
                        "upgrading the database schema from revision %s to %s: older versions of consent-studio "
                        "will refuse it from now on (keep the backup you took before upgrading: consent-studio "
                        "backup)", current, head)
                command.upgrade(self._alembic_config(conn), "head")
                if current in (None, "0001"):  # a new database, or one from before signing
                    self._start_signing(conn)
                if current is not None:
                    self._audit(conn, "schema_upgraded", {"from": current, "to": head})

    def _start_signing(self, conn: Connection) -> None:
        """Once per database, when it is created or upgraded to signed auditing: a signed baseline
        entry holding the consent state as the tables hold it then (empty for a new registry);
        every later entry is signed. Never again afterwards: a log that lost its baseline is
        reported, not re-blessed."""
        if conn.execute(text("SELECT 1 FROM audit_entries WHERE kind = :k LIMIT 1"), {"k": SIGNING_STARTED}).first():
            return
        baseline = self._state_from_tables(conn)
        self._audit(conn, SIGNING_STARTED, {"audit_key_id": self._keys.key_id, "baseline": baseline.baseline()})
    def _check_schema(self) -> None:
        if self._at_head():
            return
        with self._read() as conn:
            current, head = self._schema_state(conn)
        if current != head:
            raise RegistryError(f"database schema is at revision {current!r}; expected '{head}' (open with migrate=True)")

    def _audit(self, conn: Connection, kind: str, payload: dict[str, Any], at: datetime | None = None) -> AuditEntry:
        return append_entry(conn, kind, payload, at or _now(), self._keys)

    # ------------------------------------------------------------------ integrity (tables vs signed log)
    def _integrity(self, conn: Connection) -> IntegrityState:
        """The consent state the signed audit log implies, caught up to the committed head.

        Raises :class:`IntegrityFailure` when the log is rewritten, truncated (against the
        anchor or what this process already read), unsigned or forged. Inside :meth:`reading`,
        checked once per transaction (its snapshot does not change); a failure is not kept,
        the next read checks again.
        """
        shared = getattr(self._tx, "read_conn", None) is conn
        if shared and self._tx.read_state is not None:
            return self._tx.read_state
        st = self._integrity_now(conn)
        if shared:
            self._tx.read_state = st
        return st

    def _view_head(self, conn: Connection) -> tuple[int, str]:
        """(seq, hash) of the log's head as this read's snapshot sees it."""
        head = conn.execute(_HEAD).first()
        return (int(head[0]), head[1]) if head else (0, GENESIS_HASH)

    def _held(self, conn: Connection, problems_of: Callable[[IntegrityState], list[str]],
              st: IntegrityState | None = None) -> None:
        """``require(problems_of(st))``, the rows of this read held to the signed log as of this
        read's snapshot. ``st`` (by default :meth:`_integrity` of ``conn``) is the process's one
        replayed state, which another thread's read catches up in place: rows read before another
        thread's write, compared with the state
        after it, would show a false "missing" or "altered" (a grant's usage, a new template).
        So the comparison runs under the state lock (no replay meanwhile), and problems found
        while ``st`` is past this snapshot's head are looked at again with the state at that
        head (:meth:`_state_at`, the rare path): only what this snapshot's log says counts."""
        if st is None:
            st = self._integrity(conn)
        with self._state_lock:
            problems = problems_of(st)
            if problems:
                head_seq, head_hash = self._view_head(conn)
                if st.seq != head_seq:
                    problems = problems_of(self._state_at(conn, head_seq, head_hash))
        require(problems)

    def _as_of(self, conn: Connection, read: Callable[[IntegrityState], _V], st: IntegrityState | None = None) -> _V:
        """``read(state)`` with the state as of this read's snapshot: the values a read takes from
        the signed state (a grant's usage count, its newest use) beside rows it read in the same
        transaction. ``st`` (by default :meth:`_integrity` of ``conn``) is the process's one
        replayed state, which another thread's read may have caught up past this snapshot's head
        since (inside :meth:`reading`): ``read`` runs under the state lock while ``st`` is at this
        snapshot's head, else on the state at that head (:meth:`_state_at`, the rare path)."""
        if st is None:
            st = self._integrity(conn)
        with self._state_lock:
            head_seq, head_hash = self._view_head(conn)
            return read(st if st.seq == head_seq else self._state_at(conn, head_seq, head_hash))

    def _integrity_now(self, conn: Connection) -> IntegrityState:
        with self._state_lock:
            head_seq, head_hash = self._view_head(conn)
            st = self._state or self._load_snapshot(conn)
            if head_seq < st.seq:
                if self._committed_head_seq() >= st.seq:
                    # Not a truncation: this read's snapshot began before another thread's commit.
                    return self._state_at(conn, head_seq, head_hash)
                raise IntegrityFailure(f"audit log truncated: it now ends at entry {head_seq}, but entry {st.seq} "
                                       "was read before")
            if head_seq == st.seq and head_hash != st.hash:
                raise IntegrityFailure(f"audit log rewritten: entry {st.seq} now hashes to {head_hash[:12]}…, "
                                       f"was {st.hash[:12]}…")
            try:
                if head_seq > st.seq:
                    st = self._replay(conn, st, head_seq, head_hash)
                self._check_anchor(conn, head_seq)
            except IntegrityFailure:
                self._state = None
                raise
            self._state = st
            return st

    def _replay(self, conn: Connection, st: IntegrityState, head_seq: int, head_hash: str) -> IntegrityState:
        from consent.audit import entry_hash

        work = st  # replayed in place; on any failure the cache is dropped (see _integrity)
        signed = getattr(st, "signed", st.seq > 0)
        prev, expected = st.hash, st.seq + 1
        issued: dict[str, list] = {}  # signers named by grant_issued entries before the signing start
        for e in read_entries(conn, after=st.seq):
            if e.seq != expected or e.prev_hash != prev:
                raise IntegrityFailure(f"audit entry {expected} is missing or out of order (found {e.seq}); rows were "
                                       "deleted, inserted or reordered")
            if entry_hash(e.prev_hash, e.seq, e.at, e.kind, e.payload_json) != e.hash:
                raise IntegrityFailure(f"audit entry {e.seq} ({e.kind}) was edited: its content no longer hashes to its hash")
            starts = not signed and e.kind == SIGNING_STARTED and self._keys.entry_signed(e.hash, e.sig)
            if starts:
                signed = True
            if signed:
                if not self._keys.entry_signed(e.hash, e.sig):
                    raise IntegrityFailure(f"audit entry {e.seq} ({e.kind}) is not signed by this installation's audit key "
                                           f"{self._keys.key_id}: it was forged or re-hashed")
                work.apply(e.seq, e.hash, e.kind, e.payload, e.at)
                if starts:
                    _baseline_signers(work, issued)
            else:
                if e.kind == "grant_issued":  # unsigned, but fixed by the chain this walk checks up to the signed start
                    p = e.payload
                    if isinstance(p, dict) and isinstance(p.get("signers"), list):
                        issued[str(p.get("grant_id"))] = sorted([str(x.get("key_id")), str(x.get("role"))]
                                                                for x in p["signers"] if isinstance(x, dict))
                work.seq, work.hash = e.seq, e.hash
            prev, expected = e.hash, e.seq + 1
        if work.seq != head_seq or work.hash != head_hash:
            raise IntegrityFailure(f"audit head says entry {head_seq} ({head_hash[:12]}…) but the log ends at entry "
                                   f"{work.seq} ({work.hash[:12]}…)")
        if work.seq and not signed:
            raise IntegrityFailure(f"the audit log carries no entry signed by this installation's audit key {self._keys.key_id}")
        work.signed = True  # type: ignore[attr-defined]
        return work

    def _check_anchor(self, conn: Connection, head_seq: int) -> None:
        try:
            anchor = self._keys.read_anchor()
        except Exception as e:  # noqa: BLE001 - a forged or unreadable anchor is an integrity failure
            raise IntegrityFailure(str(e)) from None
        if anchor is None:
            return
        if anchor.seq > head_seq:
            if self._committed_head_seq() >= anchor.seq:
                return  # not a truncation: this read's snapshot began before a commit that moved the anchor
            from consent.audit import RESTORE_HINT

            raise IntegrityFailure(f"audit log truncated: the installation's anchor records entry {anchor.seq}, "
                                   f"but the log ends at entry {head_seq}{RESTORE_HINT}")
        if self._anchor_checked == (anchor.seq, anchor.hash):
            return
        e = read_entry(conn, anchor.seq)
        if e is None or e.hash != anchor.hash:
            raise IntegrityFailure(f"audit entry {anchor.seq} no longer matches the installation's anchor: the log was rewritten")
        self._anchor_checked = (anchor.seq, anchor.hash)

    def _committed_head_seq(self) -> int:
        """The audit head as committed now (a fresh transaction, outside the caller's snapshot).

        A reader whose snapshot began before another writer's commit sees an older head than
        the anchor that writer then advanced; that is a stale snapshot, not a truncated log.
        """
        try:
            with self._engine.connect() as c:
                with c.begin():
                    seq = c.execute(text("SELECT seq FROM audit_head WHERE id = 1")).scalar()
        except DBAPIError as e:
            raise self._error(e) from None
        return int(seq or 0)

    def _state_at(self, conn: Connection, head_seq: int, head_hash: str) -> IntegrityState:
        """The state at this (older) snapshot's head, from its newest signed snapshot; not cached."""
        st = self._load_snapshot(conn)
        if head_seq < st.seq:
            raise IntegrityFailure(f"audit log truncated: it ends at entry {head_seq}, but its signed snapshot "
                                   f"records entry {st.seq}")
        if head_seq > st.seq:
            st = self._replay(conn, st, head_seq, head_hash)
        elif head_hash != st.hash:
            raise IntegrityFailure(f"audit log rewritten: entry {st.seq} now hashes to {head_hash[:12]}…, was {st.hash[:12]}…")
        self._check_anchor(conn, head_seq)
        return st

    def _load_snapshot(self, conn: Connection) -> IntegrityState:
        """The newest signed snapshot whose entry still hashes the same, else an empty state at entry 0."""
        for r in conn.execute(select(_snapshots).order_by(_snapshots.c.seq.desc()).limit(5)).all():
            if not self._keys.bytes_signed(bytes(r.state), r.sig):
                continue
            e = read_entry(conn, r.seq)
            if e is None or e.hash != r.hash:
                continue
            st = IntegrityState.from_bytes(bytes(r.state))
            if (st.seq, st.hash) == (r.seq, r.hash):
                st.signed = True  # type: ignore[attr-defined]
                self._backfill_signers(conn, st)
                return st
        return IntegrityState()

    def _backfill_signers(self, conn: Connection, st: IntegrityState) -> None:
        """A snapshot written before grants' signers were kept (session 63) holds none: read them
        from the grant_issued entries it covers, each checked as this installation's audit key
        signed it, so a row's added or changed signature is caught on such a database too (red
        team s63c: the snapshot's gap was carried into every later one).

        Fail closed (red team s63d): the entries are read after the log's signing start (the
        signed ``audit_signing_started``; the unsigned entries before it are covered by its
        baseline, whose grants keep no signers); a grant whose entry is not as signed, or that no
        signed entry and no baseline accounts for (an entry deleted, or its kind or grant id
        edited), makes that grant's reads fail with "registry integrity failure". A grant whose
        signed entry names no signers (an older format) is compared without them, as before."""
        from sqlalchemy import text as _text

        from consent.audit import SIGNING_STARTED
        from consent.audit import AuditEntry as _Entry

        missing = {gid for gid, g in st.grants.items() if isinstance(g, dict) and g.get("signers") is None}
        if not missing:
            return
        rows = conn.execute(_text("SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries "
                                  "WHERE kind IN ('grant_issued', :start) AND seq <= :s ORDER BY seq"),
                            {"s": st.seq, "start": SIGNING_STARTED})
        started: _Entry | None = None
        accounted: set[str] = set()
        not_signed = [["(the signed entry that issued this grant is missing or not as signed)", "?"]]

        def signers_of(p: dict) -> list | None:
            if not isinstance(p.get("signers"), list):
                return None
            return sorted([str(x.get("key_id")), str(x.get("role"))] for x in p["signers"] if isinstance(x, dict))

        for r in rows:
            e = _Entry(*r)
            if not self.entry_intact(e):
                # an unsigned entry before the signing start (its baseline covers it), or one edited:
                # the grant it issued stays unaccounted for (which grant an edited entry named is unknown)
                continue
            try:
                p = e.payload
            except ValueError:
                continue
            if not isinstance(p, dict):
                continue
            if e.kind == SIGNING_STARTED:
                if started is None:
                    started = e
                    accounted |= set((p.get("baseline") or {}).get("grants") or {})  # their state came with it
                continue
            gid = p.get("grant_id")
            if started is None or gid not in missing:
                continue
            accounted.add(gid)
            if (who := signers_of(p)) is not None:
                st.grants[gid]["signers"] = who
        if started is not None:
            self._backfill_baseline_signers(conn, st, started, missing, signers_of)
        for gid in missing - accounted:
            st.grants[gid]["signers"] = not_signed

    def _backfill_baseline_signers(self, conn: Connection, st: IntegrityState, started: Any, missing: set[str],
                                   signers_of: Callable[[dict], list | None]) -> None:
        """Signers of the grants a baseline written before session 63 holds without them (red team
        s64 E: a signature added to such a grant's row went unseen): read from the ``grant_issued``
        entries before the signing start. Those entries are unsigned, but the signed start entry's
        ``prev_hash`` fixes them: each is read only where the chain from the first entry to the
        start is whole (every entry's content hashes to its hash, each links to the one before).
        A grant whose entry says no signers (an older format), or that no entry issued, stays
        compared without them, as the baseline vouched for it; a broken chain leaves them all so,
        and ``audit verify`` reports the break itself."""
        from sqlalchemy import text as _text

        from consent.audit import GENESIS_HASH
        from consent.audit import AuditEntry as _Entry

        todo = {gid for gid in missing if st.grants[gid].get("signers") is None}
        if not todo:
            return
        rows = conn.execute(_text("SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries "
                                  "WHERE seq < :s ORDER BY seq"), {"s": started.seq})
        prev, expected, found = GENESIS_HASH, 1, {}
        for r in rows:
            e = _Entry(*r)
            if e.seq != expected or e.prev_hash != prev or not e.content_hashes_to_its_hash:
                return
            prev, expected = e.hash, e.seq + 1
            if e.kind != "grant_issued":
                continue
            try:
                p = e.payload
            except ValueError:
                return
            if isinstance(p, dict) and p.get("grant_id") in todo:
                found[p["grant_id"]] = signers_of(p)
        if expected != started.seq or started.prev_hash != prev:
            return
        for gid, who in found.items():
            if who is not None:
                st.grants[gid]["signers"] = who

    def _write_snapshot(self, *, replace: bool = False) -> None:
        """Store a signed snapshot of the state at the committed head (bounds the replay of a new reader).
        ``replace``: also when one at that entry exists (it was written before the state kept
        something the log was then read for once: :meth:`_jobs_kept`)."""
        try:
            with self._writer.begin() as conn:
                st = self._integrity(conn)
                had = conn.execute(select(_snapshots.c.seq).where(_snapshots.c.seq == st.seq)).first()
                if had and not replace:
                    return
                data = st.to_bytes()
                if had:
                    conn.execute(_snapshots.update().where(_snapshots.c.seq == st.seq)
                                 .values(hash=st.hash, state=data, sig=self._keys.sign_bytes(data)))
                    return
                conn.execute(_snapshots.insert().values(seq=st.seq, hash=st.hash, state=data, sig=self._keys.sign_bytes(data)))
        except (DBAPIError, IntegrityFailure):
            return  # an optimisation: a reader replays from an older snapshot instead

    def _state_from_tables(self, conn: Connection) -> IntegrityState:
        """The consent state as the tables hold it (only for the baseline of an upgraded database)."""
        st = IntegrityState()
        for r in conn.execute(select(_subjects)).all():
            s = self._subject_from_row(r)
            st.subjects[s.id] = {"ref": s.ref, "display_name": s.display_name, "aliases": list(s.aliases), "kind": s.kind.value,
                                 "minor": s.minor, "opt_out": s.opt_out,
                                 "representative": {"name": s.representative.name, "role": s.representative.role.value,
                                                    "key_id": s.representative.key_id} if s.representative else None,
                                 "key_ids": sorted(s.key_ids)}
        for r in conn.execute(select(_keys)).all():
            st.keys[r.key_id] = {"kind": r.kind, "subject_id": r.subject_id}
        for r in conn.execute(_GRANTS_WITH_STATE).all():  # one read, not two more per grant
            sg = self._stored(conn, r, joined=True)
            if sg.id in st.grants:  # a second revocation or usage row (a table rebuilt without its key)
                st.grants[sg.id] = {"rows": _MORE_THAN_ONE_ROW}
                continue
            rev = sg.revocation
            st.grants[sg.id] = {"subject_id": sg.grant.subject_id, "sha256": sg.sha256,
                                "revoked_at": format_time(rev.revoked_at) if rev else None,
                                "revoked_by": rev.revoked_by if rev else None, "reason": rev.reason if rev else None,
                                "usage": sg.usage,
                                "signers": sorted([x.key_id, x.role.value] for x in sg.signatures),
                                "issued_at": format_time(sg.issued_at) if sg.issued_at else None}
        for r in conn.execute(select(_templates)).all():
            st.templates[int(r.id)] = {"subject_id": r.subject_id, "model": r.model, "sha256": embedding_digest(bytes(r.embedding))}
        for r in conn.execute(select(_adapters)).all():
            st.adapters[r.sha256] = {"subject_id": r.subject_id, "kind": r.kind}
        for r in conn.execute(select(_name_exceptions)).all():
            st.name_exceptions[r.key] = r.name
        for r in conn.execute(select(_name_watch)).all():
            st.name_watch[r.key] = {k: getattr(r, k) for k in WATCH_FIELDS}
        for r in conn.execute(select(_models)).all():
            st.models[r.name] = model_state(r)
        return st

    def people_version(self) -> int:
        """Changes whenever who is registered or how they are recognised changes (names, faces,
        adapters, keys, exceptions, models) — in this process or another. Caches of the name matcher
        and the face index key on it; it is read from the signed log, so an edit of the tables
        behind the log's back never refreshes them. As of this read's snapshot (inside
        :meth:`reading`, the one the people are read from): not the process's shared state, which
        another thread's read may have caught up past it (red team 65: a face index read from the
        older snapshot was kept under the newer version, without a person enrolled in between)."""
        with self._read() as conn:
            return self._as_of(conn, lambda s: s.people_version)

    def check_integrity(self, *, chain_walked: bool = False) -> list[str]:
        """Every disagreement between the tables and the signed log (empty: they agree). For ``audit verify``.

        ``chain_walked``: the caller has just walked the whole chain, signatures too
        (:func:`consent.audit.verify_chain`), in the same read transaction (:meth:`reading`):
        the entries read here are then checked for their content hash alone, not signed again."""
        with self._read() as conn:
            try:
                st = self._integrity(conn)
            except IntegrityFailure as e:
                return [str(e)]
            have = self._state_from_tables(conn)
        out = []
        for sid in sorted(set(st.subjects) | set(have.subjects)):
            if st.subjects.get(sid) != have.subjects.get(sid):
                out.append(f"subject '{sid}': the database says {have.subjects.get(sid)!r} but the signed audit log says "
                           f"{st.subjects.get(sid)!r}")
        for gid in sorted(set(st.grants) | set(have.grants)):
            want, got = st.grants.get(gid), have.grants.get(gid)
            if want is not None and got is not None and "signers" in got:
                # the signers as issued (a list of [key id, role]); a grant issued by an entry that did
                # not list them, or a state from an older snapshot, is compared without them
                want = {k: v for k, v in want.items() if k != "signers"} | (
                    {"signers": [list(x) for x in want["signers"]]} if want.get("signers") is not None else {})
                if "signers" not in want:
                    got = {k: v for k, v in got.items() if k != "signers"}
            if want is not None and got is not None and "issued_at" not in want:
                # (red team s65 A) the issue time as its entry dated it; a grant issued before the signed
                # log, or a state from an older snapshot, has none: compared without it
                got = {k: v for k, v in got.items() if k != "issued_at"}
            if want != got:
                out.append(f"grant '{gid}': the database says {got!r} but the signed audit log says {want!r}")
        for what in ("keys", "templates", "adapters", "name_exceptions", "name_watch", "models"):
            a, b = getattr(st, what), getattr(have, what)
            if what == "templates":
                # a persona's proof (``synthetic``) is kept by the signed log alone: no column holds it
                # (a fresh user's walkthrough, session 64: every proven persona failed audit verify)
                a = {k: {f: v for f, v in t.items() if f != "synthetic"} if isinstance(t, dict) else t for k, t in a.items()}
            for k in sorted(set(a) | set(b), key=str):
                if a.get(k) != b.get(k):
                    out.append(f"{what.replace('_', ' ')} {k}: the database says {b.get(k)!r} but the signed audit log says {a.get(k)!r}")
        with self._read() as conn:  # grant drafts, signing links and passkeys (consent.drafts)
            from consent.drafts import integrity_problems

            out += integrity_problems(conn, st)
        with self._read() as conn:  # outputs, jobs and requests: each row against the entry that wrote it
            try:
                self._integrity(conn)
                out += self._row_problems(conn, signatures=not chain_walked)
            except IntegrityFailure as e:  # an entry of theirs is not as signed: reported, as above
                out.append(str(e))
        return ["registry integrity failure: " + m for m in out]

    #: The entries that write output, job and request rows (read by kind: ``ix_audit_entries_kind``).
    _ROW_KINDS = ("generation", "job_submitted", "job_finished", "job_cancel_requested", "request_filed", "request_answered")

    def _signed_entries(self, conn: Connection, kinds: Sequence[str], batch: int = 2000, *,
                        signatures: bool = True) -> Iterator[AuditEntry]:
        """The log's entries of ``kinds`` in order, in batches; each must be as the audit key signed it
        (IntegrityFailure otherwise; ``signatures=False``: its content must hash to its hash, the
        caller walked the chain's signatures in this transaction). Entries before the key began
        signing (a registry upgraded from an unsigned log) are skipped: they vouch for nothing."""
        first = self._first_signed(conn)
        q = text("SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries WHERE kind IN :kinds "
                 "AND seq > :after ORDER BY seq LIMIT :n").bindparams(bindparam("kinds", expanding=True))
        after = int(first[0]) - 1 if first is not None else 0
        while True:
            rows = conn.execute(q, {"kinds": list(kinds), "after": after, "n": batch}).all()
            for r in rows:
                e = AuditEntry(*r)
                if not (self.entry_intact(e) if signatures else e.content_hashes_to_its_hash):
                    require([f"audit entry {e.seq} ({e.kind}) is not as this installation's audit key signed it"])
                yield e
            if len(rows) < batch:
                return
            after = int(rows[-1][0])

    def _row_problems(self, conn: Connection, *, signatures: bool = True) -> list[str]:
        """Output, job and request rows against the signed entries that wrote them, all of them:
        a row deleted (the log records it, the table does not), rewritten (they differ) or
        inserted (no entry records it). One pass over the entries of :data:`_ROW_KINDS` (by the
        kind index) and one over each table, memory in proportion to the rows: ``audit verify``'s
        cost, not a read path's. Measured on 5,000 outputs, 2,500 ended jobs and 500 requests
        (10,500 entries, SQLite, a busy 2-core machine): 0.7–1.3 s after ``audit verify``'s chain
        walk (content hashes only, ``signatures=False``), 3.4–6 s checking every signature again."""
        out: list[str] = []
        first = self._first_signed(conn)
        # a log upgraded from unsigned entries: its first signed entry is not entry 1
        unsigned_before = int(first[0]) if first is not None else 1
        outputs: dict[tuple[Any, str, Any], list[OutputRecord]] = {}
        for r in conn.execute(select(_outputs)).all():
            try:
                rec = self._output_from_row(r)
            except IntegrityFailure as e:  # a malformed row: reported with the rest, not raised
                out.append(str(e))
                continue
            outputs.setdefault((rec.audit_seq, rec.sha256, rec.watermark_payload), []).append(rec)
        jobs = {r.id: r for r in conn.execute(select(_jobs)).all()}
        requests = {r.id: self._request_from_row(r) for r in conn.execute(select(_requests)).all()}
        submitted: set[str] = set()
        finished: set[str] = set()
        cancels: dict[str, tuple[int, dict[str, Any]]] = {}
        filed: dict[str, tuple[int, dict[str, Any]]] = {}
        answers: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for e in self._signed_entries(conn, self._ROW_KINDS, signatures=signatures):
            p = e.payload
            if e.kind == "generation":
                for o in p.get("outputs") or ():
                    key = (e.seq, o.get("sha256"), o.get("watermark_payload"))
                    recs = outputs.pop(key, None)
                    if not recs:
                        out.append(f"output {str(o.get('sha256'))[:16]}… is recorded by signed generation entry {e.seq} "
                                   "but its row is missing from the database (deleted behind the log)")
                        continue
                    out += [f"output {rec.sha256[:16]}… does not match its signed generation entry {e.seq}: {bad}"
                            for rec in recs if (bad := output_row_problem(rec, e.at, p))]
                    if len(recs) > 1:
                        out.append(f"output {recs[0].sha256[:16]}… has {len(recs)} rows for one file of signed "
                                   f"generation entry {e.seq} (rows were copied behind the log)")
            elif e.kind == "job_submitted":
                jid = p.get("job_id")
                submitted.add(jid)
                r = jobs.get(jid)
                if r is None:
                    out.append(f"job '{jid}' is recorded by signed job_submitted entry {e.seq} but its row is missing "
                               "from the database (deleted behind the log)")
                    continue
                pairs = {"owner": (r.owner, p.get("owner")), "request_digest": (r.request_digest, p.get("request_digest")),
                         "service": (r.service, p.get("service"))}
                if "settings_sha256" in p:  # entries written before the digest was signed carry none
                    try:
                        pairs["settings"] = (_settings_digest(json.loads(r.settings or "{}")), p["settings_sha256"])
                    except ValueError:
                        pairs["settings"] = ("unreadable", p["settings_sha256"])
                bad = [k for k, (have, want) in pairs.items() if have != want]
                if bad:
                    out.append(f"job '{jid}' does not match its signed job_submitted entry {e.seq}: its {', '.join(bad)} "
                               "differ")
            elif e.kind == "job_finished":
                jid = p.get("job_id")
                finished.add(jid)
                r = jobs.get(jid)
                if r is None:
                    continue  # named once, by its job_submitted entry
                if r.audit_seq != e.seq or r.state not in JOB_FINAL_STATES:
                    out.append(f"job '{jid}' ended at signed job_finished entry {e.seq} ({p.get('state')}), but its row "
                               f"says {r.state!r} at entry {r.audit_seq} (rewritten behind the log)")
                    continue
                try:
                    rec = self._job_from_row(r)
                except RegistryError as err:
                    out.append(str(err))
                    continue
                bad = job_row_problem(rec, e.seq, p, _settings_digest(rec.settings))
                if bad:
                    out.append(bad)
            elif e.kind == "job_cancel_requested":
                cancels.setdefault(p.get("job_id"), (e.seq, p))
            elif e.kind == "request_filed":
                filed[p.get("id")] = (e.seq, p)
                answers.pop(p.get("id"), None)
            else:  # request_answered
                answers.setdefault(p.get("request_id"), []).append((e.seq, p))
        for (seq, sha, _wm), recs in outputs.items():
            if unsigned_before > 1 and (seq is None or seq < unsigned_before):
                continue  # recorded before the log was signed (a legacy row): reads refuse it (_check_output)
            out.append(f"output {sha[:16]}… ({len(recs)} row(s)) names audit entry {seq}, which is no signed generation "
                       "entry listing it (inserted behind the log)")
        for jid, r in jobs.items():
            if jid not in submitted:
                out.append(f"job '{jid}' has no signed job_submitted entry in the audit log (inserted behind the log)")
            elif r.state in JOB_FINAL_STATES and jid not in finished:
                out.append(f"job '{jid}' says it ended ({r.state}) but the signed audit log records no job_finished entry "
                           "for it (rewritten behind the log)")
            elif r.state not in JOB_FINAL_STATES:
                want = cancels[jid][1].get("by") if jid in cancels else None
                if r.cancel_requested_by != want:
                    out.append(f"job '{jid}': its cancel_requested_by is {r.cancel_requested_by!r} but the signed audit log "
                               + (f"records the cancel request of {want!r} (entry {cancels[jid][0]})" if jid in cancels
                                  else "records no cancel request for it") + " (rewritten behind the log)")
        for rid, rec in requests.items():
            bad = request_row_problem(rec, filed.get(rid), answers.get(rid, []))
            if bad:
                out.append(bad)
        out += [f"request '{rid}' ({p.get('subject')!r}) is recorded by signed request_filed entry {seq} but its row is "
                "missing from the database (deleted behind the log)" for rid, (seq, p) in filed.items() if rid not in requests]
        return out

    # ------------------------------------------------------------------ subjects
    def _subject_from_row(self, r: Any) -> Subject:
        key = (r.id, r.ref, r.display_name, r.aliases, r.kind, r.minor, r.rep_name, r.rep_role, r.rep_key_id,
               r.opt_out, r.key_ids)
        return _PARSED.get(("subject", key), lambda: self._parse_subject(r))

    @staticmethod
    def _parse_subject(r: Any) -> Subject:
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
        kept = getattr(self._tx, "read_subjects", None) if getattr(self._tx, "read_conn", None) is conn else None
        if kept and subject_id in kept:  # read with its grant in this read transaction (get_grant)
            r = kept[subject_id]
        else:
            r = conn.execute(_SUBJECT_BY_ID, {"subject_id": subject_id}).first()
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
            # ids that differ only by case are one person to whoever types them (red team of session 57:
            # 'jane' and 'Jane' were two people, a grant file with a capital naming the other)
            same = conn.execute(select(_subjects.c.id).where(func.lower(_subjects.c.id) == subject.id.lower())).first()
            if same:
                raise RegistryError(f"subject '{same.id}' already exists, which '{subject.id}' differs from only by case; "
                                    "expected a new id")
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
                                                "display_name": subject.display_name, "aliases": list(subject.aliases),
                                                "opt_out": subject.opt_out,
                                                "minor": subject.minor, "key_ids": list(subject.key_ids),
                                                "representative": r.model_dump(mode="json") if r else None})
        return subject

    def _checked(self, conn: Connection, subjects: Iterable[Subject]) -> None:
        subjects = list(subjects)
        self._held(conn, lambda st: [p for s in subjects for p in st.subject_problems(s)])

    def get_subject(self, subject_id: str) -> Subject:
        with self._read() as conn:
            s = self._subject(conn, subject_id)
            self._checked(conn, [s])
            return s

    def get_subject_by_ref(self, ref: str) -> Subject:
        with self._read() as conn:
            r = conn.execute(select(_subjects).where(_subjects.c.ref == ref)).first()
            if r is None:
                raise NotFound(f"no subject has ref '{ref}'")
            s = self._subject_from_row(r)
            self._checked(conn, [s])
            return s

    def list_subjects(self) -> list[Subject]:
        with self._read() as conn:
            return self._all_subjects(conn)

    def _all_subjects(self, conn: Connection) -> list[Subject]:
        subjects = [self._subject_from_row(r) for r in conn.execute(select(_subjects).order_by(_subjects.c.id))]
        ids = {s.id for s in subjects}
        self._held(conn, lambda st: [p for s in subjects for p in st.subject_problems(s)] + st.subjects_missing(ids))
        return subjects

    #: :meth:`subjects_since` reads everyone again past this many people-changing entries since its last read.
    SUBJECTS_SINCE_MAX_ENTRIES = 2000

    def subjects_since(self, previous: Mapping[str, Subject] | None, seq: int) -> tuple[list[Subject], int]:
        """Every subject as of now and the audit head it was read at, reading only what changed.

        ``previous`` is an earlier result (by id) read at audit entry ``seq``. A subject that no
        signed entry after ``seq`` names is taken from ``previous`` (it was checked against the
        signed log then, and the log says it has not changed since); new, changed and removed
        subjects are read and checked now. Without ``previous``, or after many entries, everyone
        is read, as :meth:`list_subjects` does. Costs O(changes) instead of O(registry): the
        first request after someone is registered no longer reads all 20,000 people.
        """
        with self._read() as conn:
            head = self._view_head(conn)[0]  # not the shared state's seq: another thread may have caught it up since
            # the entries that change who is registered (decisions and generations do not)
            named = None if previous is None or head < seq else self._people_named_since(conn, seq, head)
            if named is None:
                return self._all_subjects(conn), head
            # only the people those entries name can have come, changed or gone
            ids_now = set(previous)
            stale: set[str] = set()
            cand = sorted(named)
            found: set[str] = set()
            for i in range(0, len(cand), 500):
                part = cand[i:i + 500]
                exist = {r[0] for r in conn.execute(select(_subjects.c.id).where(_subjects.c.id.in_(part)))}
                found |= exist
                for x in part:
                    if x in exist or x in previous:
                        stale.add(x)
                    if x in exist:
                        ids_now.add(x)
                    else:
                        ids_now.discard(x)
            fresh: list[Subject] = []
            want = sorted(stale & ids_now)
            for i in range(0, len(want), 500):
                fresh += [self._subject_from_row(r) for r in conn.execute(select(_subjects).where(_subjects.c.id.in_(want[i:i + 500])))]
            # and a person the log still holds is not taken for gone because her row is not there
            self._held(conn, lambda st: [p for s in fresh for p in st.subject_problems(s)]
                       + st.subjects_missing(found, among=cand))
            keep = [previous[i] for i in ids_now - stale]
            return sorted(keep + fresh, key=lambda x: x.id), head

    def set_opt_out(self, subject_id: str, opt_out: bool = True, *, reason: str | None = None) -> Subject:
        """Set or clear the "never generate me" flag; ``reason`` (why, in the person's or the
        operator's words) is kept in the signed ``opt_out_set`` entry. Lifting an opt-out needs
        one of at least 10 visible characters (:func:`consent.records.visible_chars`), checked in
        the transaction that lifts it, so two operators lifting it at once cannot pass the check on
        the state before the other's change (red team of session 59)."""
        with self._write() as conn:
            s = self._subject(conn, subject_id)
            if not opt_out and s.opt_out and visible_chars(reason) < 10:
                raise RecordInvalid(
                    f"lifting {subject_id}'s opt-out lets her likeness be generated again: say why in at least 10 "
                    "visible characters (her own word, where and when, e.g. 'Jane asked by email on 2026-12-01 to be "
                    "available again'); it is kept in the audit log")
            conn.execute(update(_subjects).where(_subjects.c.id == subject_id).values(opt_out=bool(opt_out)))
            self._audit(conn, "opt_out_set", {"subject_id": subject_id, "opt_out": bool(opt_out)}
                        | ({"reason": reason.strip()} if reason and reason.strip() else {}))
            return self._subject(conn, subject_id)

    def update_subject(self, subject_id: str, *, display_name: str | None = None,
                       aliases: Sequence[str] | None = None, minor: bool | None = None,
                       keys: Sequence[Any] = (), representative: Representative | None = None,
                       representative_key: Any = None, remove_representative: bool = False) -> Subject:
        """Change a subject's names, minor flag or representative (audited with the old and new
        values) and add ``keys`` (signing keys, PEM or key objects), all in one transaction: a key
        that is refused (not a key, another subject's) leaves the names as they were (red team of
        session 57: an edit stored the rename, then failed on its second key file).

        ``representative`` (name and role) replaces the subject's, with ``representative_key`` as
        its key (stored as a representative key); ``representative_key`` alone gives the current
        representative that key. So a person represented by an agent can be marked a minor with
        her guardian in the same change (the subject rules want a guardian for a minor).
        ``remove_representative``: she has none from now on (a minor come of age, an agent let go);
        her key no longer counts for anything.

        The id, ref and kind stay: outputs and grants refer to them. Opt-out: :meth:`set_opt_out`.
        """
        if remove_representative and (representative is not None or representative_key is not None):
            raise RecordInvalid("a representative is either removed or given, not both")
        pubs = [_as_public_key(k) for k in keys]
        rk = _as_public_key(representative_key) if representative_key is not None else None
        with self._write() as conn:
            old = self._subject(conn, subject_id)
            if remove_representative and old.representative is None:
                raise RecordInvalid(f"subject '{subject_id}' has no representative to remove")
            rep = representative if representative is not None else old.representative
            if rk is not None:
                if rep is None:
                    raise RecordInvalid(f"subject '{subject_id}' has no representative; a representative key needs a "
                                        "representative name and role")
                rep = Representative(name=rep.name, role=rep.role, key_id=self._insert_key(conn, rk, "representative",
                                                                                            subject_id, rep.name))
            elif representative is not None and old.representative is not None and (
                    (representative.name, representative.role) == (old.representative.name, old.representative.role)):
                rep = old.representative  # the same person again, no key given: her key stays
            new = self._changed_subject(conn, old, display_name, aliases, minor,
                                        rep if (representative is not None or rk is not None) else None,
                                        drop_representative=remove_representative)
            for pub in pubs:  # each key read with the ones added before it
                self._add_subject_key(conn, self._subject(conn, subject_id), pub, None)
            return self._subject(conn, subject_id) if pubs else new

    def _changed_subject(self, conn, old: Subject, display_name: str | None, aliases: Sequence[str] | None,
                         minor: bool | None, representative: Representative | None = None, *,
                         drop_representative: bool = False) -> Subject:
        changes: dict[str, Any] = {}
        if representative is not None and representative != old.representative:
            changes["representative"] = representative.model_dump(mode="json")
        if drop_representative and old.representative is not None:
            changes["representative"] = None
        if display_name is not None and display_name != old.display_name:
            changes["display_name"] = display_name
        if aliases is not None and tuple(aliases) != old.aliases:
            changes["aliases"] = tuple(aliases)
        if minor is not None and bool(minor) != old.minor:
            changes["minor"] = bool(minor)
        if not changes:
            return old
        new = Subject.from_dict({**old.model_dump(), **changes})  # re-validate (names, minor → guardian rules)
        # the log records the names as the row keeps them (aliases sorted and unique): the
        # integrity replay compares them in order
        changes = {k: getattr(new, k) for k in changes if getattr(new, k) != getattr(old, k)}
        if not changes:
            return old
        r = new.representative
        conn.execute(update(_subjects).where(_subjects.c.id == old.id).values(
            display_name=new.display_name, aliases=json.dumps(list(new.aliases)), minor=new.minor,
            rep_name=r.name if r else None, rep_role=r.role.value if r else None, rep_key_id=r.key_id if r else None))

        def logged(k: str, v: Any) -> Any:
            return list(v) if k == "aliases" else (v.model_dump(mode="json") if v is not None else None) \
                if k == "representative" else v

        self._audit(conn, "subject_updated", {
            "subject_id": old.id,
            "changes": {k: {"from": logged(k, getattr(old, k)), "to": logged(k, v)} for k, v in changes.items()}})
        return new

    def _add_subject_key(self, conn, s: Subject, pub: Any, name: str | None) -> str:
        kid = self._insert_key(conn, pub, "subject", s.id, name or s.display_name)
        ids = sorted(set(s.key_ids) | {kid})
        conn.execute(update(_subjects).where(_subjects.c.id == s.id).values(key_ids=json.dumps(ids)))
        self._audit(conn, "subject_key_added", {"subject_id": s.id, "key_id": kid})
        return kid

    def delete_subject(self, subject_id: str) -> dict[str, int]:
        """Remove a subject who has no grants, with their face templates, adapters and keys.

        A subject with grants is refused: outputs made under those grants must stay
        verifiable; revoke the grants and set the opt-out instead. Returns what was removed.
        """
        with self._write() as conn:
            why = self._deletion_refusal(conn, subject_id)
            if why is not None:
                raise RegistryError(why)
            removed = {
                "face_templates": conn.execute(_templates.delete().where(_templates.c.subject_id == subject_id)).rowcount,
                "adapters": conn.execute(_adapters.delete().where(_adapters.c.subject_id == subject_id)).rowcount,
                "keys": conn.execute(_keys.delete().where(_keys.c.subject_id == subject_id)).rowcount,
            }
            conn.execute(_subjects.delete().where(_subjects.c.id == subject_id))
            self._audit(conn, "subject_deleted", {"subject_id": subject_id, "removed": removed})
        return removed

    def deletion_refusal(self, subject_id: str) -> str | None:
        """Why :meth:`delete_subject` would refuse ``subject_id`` now, or None (asked before a
        confirmation, so no one confirms a deletion that cannot happen; :class:`NotFound` for an
        unknown subject)."""
        with self._read() as conn:
            return self._deletion_refusal(conn, subject_id)

    def _deletion_refusal(self, conn: Connection, subject_id: str) -> str | None:
        self._subject(conn, subject_id)
        grants = [r[0] for r in conn.execute(select(_grants.c.id).where(_grants.c.subject_id == subject_id))]
        if grants:
            return (f"subject '{subject_id}' has {len(grants)} grant(s) ({', '.join(grants[:5])}"
                    f"{', …' if len(grants) > 5 else ''}); outputs made under them must stay verifiable, so the subject "
                    f"cannot be deleted: revoke the grants (grant revoke ID) and set the opt-out instead (subject opt-out "
                    f"{subject_id})")
        for n, what in self._talent_rows(conn, subject_id):  # (red team s60: a raw FOREIGN KEY error before)
            return (f"subject '{subject_id}' has {n} {what} (pending, signed or declined); they are the signed record of "
                    "what the person was asked and said, and name her, so the subject cannot be deleted: set the "
                    f"opt-out instead (subject opt-out {subject_id})")
        return None

    @staticmethod
    def _talent_rows(conn: Connection, subject_id: str) -> list[tuple[int, str]]:
        """(count, what) of the grant drafts and passkeys that name ``subject_id`` (those present)."""
        from sqlalchemy import text as _text

        out = []
        for table, what in (("grant_drafts", "grant draft(s)"), ("passkeys", "passkey(s)")):
            try:
                n = conn.execute(_text(f"SELECT COUNT(*) FROM {table} WHERE subject_id = :s"), {"s": subject_id}).scalar() or 0
            except SQLAlchemyError:
                n = 0  # a registry without the talent tables
            if n:
                out.append((n, what))
        return out

    def merge_subjects(self, keep: str, remove: str, *, famous_namesake: bool = False) -> dict[str, Any]:
        """Fold subject ``remove`` into ``keep`` in one transaction (audited as ``subjects_merged``;
        ``famous_namesake``: the operator said a famous name ``keep`` gains is really hers, recorded
        in the entry — the name check is :meth:`consent.operations.Operations.merge_subjects`'s).

        ``keep`` gains ``remove``'s face templates, adapters and signing keys; ``remove``'s display
        name and aliases become aliases of ``keep``; the opt-out and minor flags are kept if either
        subject has them (the stricter one wins). ``remove`` is then deleted. Refused, with the
        reason, when ``remove`` has grants, grant drafts or passkeys (signed grants name their
        subject and cannot be moved), a representative, or another kind than ``keep``.
        Returns what moved.
        """
        keep, remove = (keep or "").strip(), (remove or "").strip()
        if not keep or not remove:
            raise RecordInvalid(f"merging needs the subject to keep and the subject to fold into it; got {keep!r} and {remove!r}")
        if keep == remove:
            raise RecordInvalid(f"cannot merge subject '{keep}' into itself; pick two different subjects")
        with self._write() as conn:
            k, r = self._subject(conn, keep), self._subject(conn, remove)
            if k.kind != r.kind:
                raise RegistryError(f"subject '{remove}' is a {r.kind} and '{keep}' a {k.kind}; only subjects of the same kind merge")
            grants = [g[0] for g in conn.execute(select(_grants.c.id).where(_grants.c.subject_id == remove))]
            if grants:
                raise RegistryError(
                    f"subject '{remove}' has {len(grants)} grant(s) ({', '.join(grants[:5])}); signed grants name their subject "
                    f"and cannot move, so '{remove}' cannot be merged: ask for new grants naming '{keep}', revoke the old "
                    f"ones and set '{remove}' opt-out instead")
            for n, what in self._talent_rows(conn, remove):
                raise RegistryError(f"subject '{remove}' has {n} {what}; they name their subject and cannot move, "
                                    f"so '{remove}' cannot be merged into '{keep}'")
            if r.representative is not None:
                raise RegistryError(f"subject '{remove}' has a representative ({r.representative.role}); a representative "
                                    f"is not merged automatically: add them to '{keep}' first, then delete '{remove}'")
            seen = {k.display_name.casefold(), *(a.casefold() for a in k.aliases)}
            aliases = list(k.aliases)
            for name in (r.display_name, *r.aliases):
                if name.casefold() not in seen:
                    seen.add(name.casefold())
                    aliases.append(name)
            key_ids = sorted(set(k.key_ids) | set(r.key_ids))
            try:
                merged = Subject.from_dict({**k.model_dump(), "aliases": tuple(aliases), "key_ids": tuple(key_ids),
                                            "minor": k.minor or r.minor, "opt_out": k.opt_out or r.opt_out})
            except (RecordInvalid, ValueError) as e:
                raise RecordInvalid(f"merging '{remove}' into '{keep}' would make an invalid subject: {e}") from None
            templates = [t[0] for t in conn.execute(select(_templates.c.id).where(_templates.c.subject_id == remove))]
            adapters = [a[0] for a in conn.execute(select(_adapters.c.sha256).where(_adapters.c.subject_id == remove))]
            keys = [x[0] for x in conn.execute(select(_keys.c.key_id).where(_keys.c.subject_id == remove))]
            conn.execute(update(_templates).where(_templates.c.subject_id == remove).values(subject_id=keep))
            conn.execute(update(_adapters).where(_adapters.c.subject_id == remove).values(subject_id=keep))
            conn.execute(update(_keys).where(_keys.c.subject_id == remove).values(subject_id=keep))
            conn.execute(update(_subjects).where(_subjects.c.id == keep).values(
                aliases=json.dumps(list(merged.aliases)), key_ids=json.dumps(list(merged.key_ids)),
                minor=merged.minor, opt_out=merged.opt_out))
            conn.execute(_subjects.delete().where(_subjects.c.id == remove))
            moved = {"face_templates": templates, "adapters": adapters, "keys": keys}
            self._audit(conn, "subjects_merged", {
                "keep": keep, "remove": remove, "moved": moved,
                "subject": {"aliases": list(merged.aliases), "key_ids": list(merged.key_ids), "minor": merged.minor,
                            "opt_out": merged.opt_out}, **({"famous_namesake": True} if famous_namesake else {})})
        return {"keep": keep, "remove": remove, **{k_: len(v) for k_, v in moved.items()},
                "aliases_added": [a for a in merged.aliases if a not in k.aliases],
                "opt_out": merged.opt_out, "minor": merged.minor}

    # ------------------------------------------------------------------ keys
    def add_public_key(self, subject_id: str, public_key: Any, name: str | None = None) -> str:
        """Add a signing key of the subject (PEM or key object); returns its key id."""
        pub = _as_public_key(public_key)
        with self._write() as conn:
            return self._add_subject_key(conn, self._subject(conn, subject_id), pub, name)

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
            rows = list(conn.execute(q))
            keys = [_stored_key(r) for r in rows]
            self._held(conn, lambda st: st.key_problems(
                [(r.key_id, r.kind, r.subject_id, key_id(k) if k is not None else "unreadable", r.name)
                 for r, k in zip(rows, keys)], kind=kind, subject_id=subject_id))
            return [PublicKeyRecord(r.key_id, r.kind, public_key_pem(k), r.subject_id, r.name, r.added_at) for r, k in zip(rows, keys)]

    def trusted_keys(self) -> list[PublicKeyRecord]:
        return self.public_keys()

    def verifier_key_ids(self) -> frozenset[str]:
        with self._read() as conn:
            ids = self._verifier_ids(conn)
            self._held(conn, lambda st: st.verifier_problems(ids))
            return ids

    @staticmethod
    def _verifier_ids(conn: Connection, among: Iterable[str] | None = None) -> frozenset[str]:
        """Ids of the registered verifier keys (only those in ``among``, when given)."""
        q = select(_keys.c.key_id).where(_keys.c.kind == "verifier")
        if among is None:
            return frozenset(r[0] for r in conn.execute(q))
        ids, out = sorted(set(among)), set()
        for i in range(0, len(ids), 500):
            out.update(r[0] for r in conn.execute(q.where(_keys.c.key_id.in_(ids[i:i + 500]))))
        return frozenset(out)

    # ------------------------------------------------------------------ grants
    def _stored(self, conn: Connection, r: Any, joined: bool = False) -> StoredGrant:
        """The StoredGrant of grant row ``r``; ``joined``: ``r`` is a _GRANT_WITH_STATE row, which
        holds its revocation and usage too (else each is read here)."""
        def parse() -> SignedGrant:
            try:
                return SignedGrant.from_dict({"grant": json.loads(r.grant_json), "signatures": json.loads(r.signatures_json)})
            except (RecordInvalid, ValueError) as e:
                raise RegistryError(f"grant row '{r.id}' is corrupt: {e}") from None

        key = (r.grant_json, r.signatures_json)
        signed = _PARSED.get(("grant", *key), parse)
        if joined:
            rv = r if r.rv_grant_id is not None else None
            rev = Revocation(grant_id=r.id, revoked_at=_parse_time(rv.rv_revoked_at), reason=rv.rv_reason,
                             revoked_by=rv.rv_revoked_by) if rv else None
            u = r.usage_count
        else:
            rv = conn.execute(_REVOCATION_OF, {"grant_id": r.id}).first()
            rev = Revocation(grant_id=r.id, revoked_at=_parse_time(rv.revoked_at), reason=rv.reason, revoked_by=rv.revoked_by) if rv else None
            u = conn.execute(_USAGE_OF, {"grant_id": r.id}).scalar()
        sg = StoredGrant(signed=signed, revocation=rev, usage=int(u or 0), issued_at=_parse_time(r.issued_at))
        # its digest (StoredGrant.sha256, a cached property): a function of the parsed grant, so of
        # the row's text, like the parse; computed once per text, not once per read
        sg.__dict__["sha256"] = _PARSED.get(("grant_sha256", *key), lambda: grant_digest(signed.grant))
        return sg

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
            shared = getattr(self._tx, "read_conn", None) is conn
            r = conn.execute(_GRANT_WITH_STATE_AND_SUBJECT if shared else _GRANT_WITH_STATE, {"grant_id": grant_id}).first()
            if shared and r is not None:  # its person's row, for a get_subject in this transaction
                m = r._mapping
                self._tx.read_subjects[r.subject_id] = (
                    None if m["s_id"] is None else _Row(**{c: m[f"s_{c}"] for c in _SUBJECT_COLUMNS}))
            st = self._integrity(conn)
            if r is None:
                self._held(conn, lambda s: [f"grant '{grant_id}' was issued (signed audit log) but is missing from "
                                            "the database"] if grant_id in s.grants else [], st)
                raise NotFound(f"grant '{grant_id}' is not registered")
            sg = self._stored(conn, r, joined=True)
            self._held(conn, lambda s: s.grant_problems(sg), st)
            return sg

    def list_grants(self, subject_id: str | None = None, *, newest: int | None = None) -> list[StoredGrant]:
        """Grants (of one subject, or all), oldest first; ``newest``: only the ``newest`` most
        recently issued, newest first (a page's first screen, without reading every grant)."""
        # each grant with its revocation and usage in the one read (not two more reads per grant)
        q = _GRANTS_WITH_STATE.order_by(_grants.c.issued_at, _grants.c.id)
        if newest is not None:
            q = _GRANTS_WITH_STATE.order_by(_grants.c.issued_at.desc(), _grants.c.id.desc()).limit(max(0, int(newest)))
        if subject_id is not None:
            q = q.where(_grants.c.subject_id == subject_id)
        with self._read() as conn:
            grants = [self._stored(conn, r, joined=True) for r in _one_row_per_grant(conn.execute(q).all())]

            def problems(st: IntegrityState) -> list[str]:
                out = [p for g in grants for p in st.grant_problems(g)]
                if newest is None:  # (red team s65 B) a grant row deleted behind the log is no shorter list
                    have = {g.id for g in grants}
                    if subject_id is not None:
                        out += st.missing_grants(subject_id, have)
                    else:
                        out += [f"grant '{gid}' was issued (signed audit log) but is missing from the database"
                                for gid in sorted(set(st.grants) - have)]
                return out

            self._held(conn, problems)
            return grants

    def grants_for_subjects(self, subject_ids: Iterable[str]) -> dict[str, tuple[StoredGrant, ...]]:
        with self._read() as conn:
            return self._grants_for(conn, list(subject_ids))

    def _grants_for(self, conn: Connection, ids: list[str]) -> dict[str, tuple[StoredGrant, ...]]:
        out: dict[str, list[StoredGrant]] = {i: [] for i in ids}
        if ids:
            q = _GRANTS_WITH_STATE.where(_grants.c.subject_id.in_(ids)).order_by(_grants.c.id)
            for r in _one_row_per_grant(conn.execute(q).all()):
                out[r.subject_id].append(self._stored(conn, r, joined=True))
        def problems_of(st: IntegrityState) -> list[str]:
            problems = [p for gs in out.values() for g in gs for p in st.grant_problems(g)]
            for sid, gs in out.items():
                problems += st.missing_grants(sid, {g.id for g in gs})
            return problems

        self._held(conn, problems_of)
        return {k: tuple(v) for k, v in out.items()}

    def revoke_grant(self, grant_id: str, reason: str, revoked_by: str, at: datetime | None = None) -> Revocation:
        """Revoke; effective for decisions made at or after ``at``, or at once (no ``at``).

        **At once** (a person's withdrawal, ``grant revoke`` without ``--at``): the revocation is
        dated when it is recorded (this host's clock; the row's ``recorded_at`` and the signed
        audit entry's own time are the same moment), and the entry says ``"immediate": true``.
        Every studio process whose clock runs up to :data:`IMMEDIATE_REVOCATION_LEAD` behind
        this one still reads it as in force now: decisions count a revocation as in force from
        that long before its date (:meth:`StoredGrant.is_revoked`), while its date stays the true
        moment for everything that reports it (verify, the audit log, "revoked at …").

        **Not in the past**: ``at`` earlier than now less :data:`IMMEDIATE_REVOCATION_LEAD` is
        refused (a revocation counts from now; one dated back would mark the decisions the grant
        allowed meanwhile as made under a revoked grant). An ``at`` in the past within that
        allowance (a clock running behind) is an immediate revocation: it is dated when it is
        recorded — row and signed entry alike, the entry keeping the given time as ``at_given`` —
        so no output made before the withdrawal is reported as made after it (red team 35).

        **A grant already revoked**: a revocation that takes effect earlier than the one on record
        supersedes it (the person withdrawing today, when an operator scheduled the end for next
        month); the row then holds the earlier one and the signed audit log keeps both (the new
        entry names the one it ``supersedes``). One that would take effect at or after the
        scheduled one, and any once a revocation is in force, changes nothing and is refused.
        """
        recorded = _now()
        rev = Revocation(grant_id=grant_id, revoked_at=recorded if at is None else at,
                         reason=reason, revoked_by=revoked_by)
        given = None if at is None else rev.revoked_at  # validated (time zone) as the model reads it
        immediate = given is None or given <= recorded  # an `at` already past (within the allowance) means now
        if immediate:
            rev = rev.model_copy(update={"revoked_at": recorded})
        with self._write() as conn:
            if not conn.execute(select(_grants.c.id).where(_grants.c.id == grant_id)).first():
                raise NotFound(f"grant '{grant_id}' is not registered")
            prior = conn.execute(select(_revocations).where(_revocations.c.grant_id == grant_id)).first()
            prior_at = _parse_time(prior.revoked_at) if prior is not None else None
            if prior_at is not None and prior_at <= recorded:  # in force: what was in force when stays as it was
                raise RegistryError(f"grant '{grant_id}' was already revoked at {prior.revoked_at} by {prior.revoked_by}; "
                                    "expected an active grant")
            if given is not None and given < recorded - IMMEDIATE_REVOCATION_LEAD:
                raise RecordInvalid(f"`at` is {format_time(given)}, before now ({format_time(recorded)}): a "
                                    "revocation cannot be dated in the past; it counts from now. Nothing was changed: "
                                    "leave `at` out to revoke at once, or give a time from now on")
            row = {"revoked_at": format_time(rev.revoked_at), "reason": rev.reason, "revoked_by": rev.revoked_by,
                   "recorded_at": format_time(recorded)}
            payload = rev.model_dump(mode="json")
            # whose grant it was, as the signed log issued it: `audit list --mentions <subject>` then
            # finds the withdrawal too (a fresh user's walkthrough, session 63: only the grant id was named)
            subject_id = (self._integrity(conn).grants.get(grant_id) or {}).get("subject_id")
            if subject_id:
                payload["subject_id"] = subject_id
            if immediate:
                payload["immediate"] = True
                if given is not None:  # what the operator gave, dated to the recording moment
                    payload["at_given"] = format_time(given)
            if prior is None:
                conn.execute(_revocations.insert().values(grant_id=grant_id, **row))
            else:
                if prior_at <= rev.revoked_at:
                    raise RegistryError(f"grant '{grant_id}' already has a revocation scheduled for {prior.revoked_at} (by "
                                        f"{prior.revoked_by}), no later than {format_time(rev.revoked_at)}; nothing was "
                                        "changed: a second revocation must take effect earlier than the scheduled one")
                done = conn.execute(_revocations.update().where(
                    (_revocations.c.grant_id == grant_id) & (_revocations.c.revoked_at == prior.revoked_at)).values(**row))
                if done.rowcount != 1:
                    raise RegistryError(f"grant '{grant_id}': its revocation changed while this one was being recorded; "
                                        "nothing was changed, try again")
                payload["supersedes"] = {"revoked_at": prior.revoked_at, "revoked_by": prior.revoked_by,
                                         "reason": prior.reason}
            self._audit(conn, "grant_revoked", payload, recorded)
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
            rec = AdapterRecord(r.sha256, r.subject_id, r.name, r.kind, r.registered_at) if r else None
            self._held(conn, lambda st: st.adapter_problems(sha256.lower(), rec))
        return rec

    def list_adapters(self) -> list[AdapterRecord]:
        with self._read() as conn:
            return [AdapterRecord(r.sha256, r.subject_id, r.name, r.kind, r.registered_at) for r in conn.execute(select(_adapters).order_by(_adapters.c.registered_at))]

    # ------------------------------------------------------------------ face templates
    def add_face_template(self, subject_id: str, embedding: np.ndarray, photo_sha256: str, face_size: int, quality: float,
                          model: str, *, synthetic: bool = False) -> int:
        """Store one identity embedding (float32) for ``subject_id``; returns the template id."""
        return self.add_face_templates(subject_id, [FaceTemplateRow(embedding, photo_sha256, face_size, quality, model)],
                                       synthetic=synthetic)[0]

    def face_template_high_water(self) -> int:
        """The highest face template id stored now (0: none): what :meth:`add_face_templates`'s
        ``unique_face`` check reads from."""
        with self._read() as conn:
            return int(conn.execute(select(func.max(_templates.c.id))).scalar() or 0)

    def add_face_templates(self, subject_id: str, templates: Sequence[Any], *, synthetic: bool = False,
                           unique_face: tuple[str, float, int] | None = None) -> list[int]:
        """Store several templates of one subject in ONE transaction (all or none); returns their ids.

        Each template has ``embedding``, ``photo_sha256``, ``face_size``, ``quality`` and
        ``model`` (e.g. :class:`consent.likeness.FaceTemplate`). ``synthetic``: each photo was
        checked to be a trusted generator's verified output (a fictional persona's enrollment,
        :meth:`consent.operations.Operations.enroll`); the signed entries say so, and only such
        templates prove a persona synthetic (:meth:`_proven_personas`). ``unique_face``: (model,
        threshold, since): refused, nothing stored, when a new template of that model is as similar
        as the threshold to another subject's stored from template id ``since`` on, read in this
        transaction (red team s67b: two enrolments at once each checked before the other stored;
        the caller checked those before ``since`` itself, so the write lock is not held over every
        template of a large registry: about 1.1 s at 100k).
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
                                                             "photo_sha256": t.photo_sha256, "dim": int(emb.size),
                                                             "embedding_sha256": embedding_digest(emb.tobytes()),
                                                             **({"synthetic": True} if synthetic else {})})
            if unique_face is not None:
                self._refuse_same_face(conn, subject_id, [e for e, t in rows if t.model == unique_face[0]], *unique_face)
        return ids

    @staticmethod
    def _refuse_same_face(conn, subject_id: str, new: list[np.ndarray], model: str, threshold: float,
                          since: int) -> None:
        if not new:
            return
        # ">=": a template id the highest one's deletion freed may be given again
        others = conn.execute(select(_templates.c.subject_id, _templates.c.embedding, _templates.c.dim).where(
            (_templates.c.model == model) & (_templates.c.subject_id != subject_id) & (_templates.c.id >= since))).all()
        if not others:
            return
        m = np.stack([np.frombuffer(r.embedding, np.float32, count=int(r.dim)) for r in others]).astype(np.float64)
        m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
        q = np.stack([np.asarray(e, np.float64).reshape(-1) for e in new])
        q /= np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
        sims = q @ m.T
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        if sims[i, j] >= threshold:
            raise RecordInvalid(f"this face is already enrolled for '{others[j].subject_id}' (similarity "
                                f"{sims[i, j]:.2f}; enrolled meanwhile); nothing was enrolled. Enroll it there, or "
                                "confirm that two people share this face")

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

    def template_counts(self, model: str | None = None) -> dict[str, int]:
        """Number of face templates of ``model`` per subject id (subjects without templates are
        absent); ``None``: the colour model's (one per enrolled photo; grey ones are not counted).
        The rows are held to the signed log first (:class:`IntegrityFailure` naming a row inserted,
        altered or deleted behind it): ``bind_adapter`` takes a persona's count as its proof of
        being synthetic (leftovers 36)."""
        if model is None:
            from consent.likeness import MODEL_NAME as model
        with self._read() as conn:
            rows = [(int(r.id), r.subject_id, bytes(r.embedding)) for r in conn.execute(
                select(_templates.c.id, _templates.c.subject_id, _templates.c.embedding)
                .where(_templates.c.model == model))]
            self._held(conn, lambda st: st.template_problems(model, rows))
        counts: dict[str, int] = {}
        for _tid, sid, _emb in rows:
            counts[sid] = counts.get(sid, 0) + 1
        return counts

    def template_photos(self, subject_id: str) -> dict[str, set[str]]:
        """The SHA-256 of every photo ``subject_id`` has a face template of, by model."""
        out: dict[str, set[str]] = {}
        with self._read() as conn:
            for model, sha in conn.execute(select(_templates.c.model, _templates.c.photo_sha256)
                                           .where(_templates.c.subject_id == subject_id)):
                out.setdefault(model, set()).add(sha)
        return out

    def face_templates(self, model: str) -> tuple[list[str], np.ndarray]:
        """(subject ids, float32 matrix N×D) of every template of ``model`` (N may be 0)."""
        with self._read() as conn:
            rows = conn.execute(select(_templates.c.id, _templates.c.subject_id, _templates.c.embedding, _templates.c.dim)
                                .where(_templates.c.model == model).order_by(_templates.c.id)).all()
            got = [(int(r.id), r.subject_id, bytes(r.embedding)) for r in rows]
            self._held(conn, lambda st: st.template_problems(model, got))
        if not rows:
            return [], np.zeros((0, 0), dtype=np.float32)
        # the signed embedding's own length, not the dim column, which no signature covers (red team 66:
        # a dim set to 0 broke every face request, and the log still verified clean)
        mat = np.stack([np.frombuffer(r.embedding, dtype=np.float32) for r in rows])
        return [r.subject_id for r in rows], mat

    def face_templates_since(self, model: str, previous: tuple[list[str], np.ndarray, list[int]] | None,
                             seq: int) -> tuple[list[str], np.ndarray, list[int], int]:
        """(subject ids, matrix, template ids, audit head) of every template of ``model``, reading
        only the templates of people the signed log names after ``seq`` (see :meth:`subjects_since`);
        ``previous`` is an earlier result's first three items. Without it, or after many changes,
        everything is read and checked, as :meth:`face_templates` does."""
        cols = (_templates.c.id, _templates.c.subject_id, _templates.c.embedding, _templates.c.dim)
        with self._read() as conn:
            st = self._integrity(conn)
            head = self._view_head(conn)[0]  # not st.seq: another thread's read may have caught st up since
            stale = None if previous is None or head < seq else self._people_named_since(conn, seq, head)
            if stale is None:
                rows = conn.execute(select(*cols).where(_templates.c.model == model).order_by(_templates.c.id)).all()
                got = [(int(r.id), r.subject_id, bytes(r.embedding)) for r in rows]
                self._held(conn, lambda s: s.template_problems(model, got), st)
                keep_ids, keep_rows, keep_tids = [], [], []
            else:
                p_ids, p_mat, p_tids = previous
                keep = [i for i, sid in enumerate(p_ids) if sid not in stale]
                keep_ids, keep_tids = [p_ids[i] for i in keep], [p_tids[i] for i in keep]
                keep_rows = [p_mat[keep]] if keep and len(p_mat) else []
                want = sorted(stale)
                rows = []
                for i in range(0, len(want), 500):
                    rows += conn.execute(select(*cols).where(_templates.c.model == model)
                                         .where(_templates.c.subject_id.in_(want[i:i + 500]))).all()
                got = [(int(r.id), r.subject_id, bytes(r.embedding)) for r in rows]
                self._held(conn, lambda s: s.template_problems_of(model, set(want), got), st)
        new = [np.frombuffer(r.embedding, dtype=np.float32) for r in rows]
        ids = keep_ids + [r.subject_id for r in rows]
        tids = keep_tids + [int(r.id) for r in rows]
        parts = keep_rows + ([np.stack(new)] if new else [])
        mat = np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32)
        return ids, mat, tids, head

    def _people_named_since(self, conn: Connection, seq: int, head: int) -> set[str] | None:
        """Every string the people-changing entries after ``seq`` up to this read's head ``head``
        hold (ids among them), as the signed log said when it was replayed
        (:meth:`IntegrityState.people_named_since`), or ``None`` when there are too many of them,
        the log restarted its signing, or they lie before what this process replayed."""
        def named(s: IntegrityState) -> set[str] | None:
            if s.seq != head:  # pragma: no cover - _as_of gives the state at this read's head
                return None
            return s.people_named_since(seq, self.SUBJECTS_SINCE_MAX_ENTRIES)

        return self._as_of(conn, named)

    # ------------------------------------------------------------------ models
    def register_model(self, rec: ModelRecord) -> ModelRecord:
        """Register a generator by name and digest (audited); a name is registered once."""
        if rec.kind not in MODEL_KINDS:
            raise RecordInvalid(f"model kind is {rec.kind!r}; expected one of {list(MODEL_KINDS)}")
        if not _SHA256.match(rec.sha256):
            raise RecordInvalid(f"model sha256 is {rec.sha256!r}; expected 64 hex digits")
        if rec.config is not None and rec.kind != "checkpoint":
            raise RecordInvalid(f"a {rec.kind} model has no config folder; only a single-file checkpoint names one")
        with self._write() as conn:
            prior = conn.execute(select(_models.c.name).where(_models.c.name == rec.name)).first()
            if prior is not None:
                raise RegistryError(f"model '{rec.name}' is already registered; expected a new name "
                                    "(register a changed model under a new name, e.g. with a version, or retire "
                                    f"this one first: consent-studio model remove {rec.name} --reason …)")
            conn.execute(_models.insert().values(**rec.to_dict()))
            # the payload names the config folder only when there is one (entries before 0011 have none)
            self._audit(conn, "model_registered", {k: v for k, v in rec.to_dict().items()
                                                   if k != "config" or v is not None})
        return rec

    def remove_model(self, name: str, reason: str) -> ModelRecord:
        """Retire the registered model ``name`` (audited ``model_removed`` with ``reason``): it no
        longer runs, and its name can be registered again for other files. Outputs made with it keep
        its name and digest in their signed records (a self-hosting admin's walkthrough, session
        66: a broken or changed model stayed listed for good, and its name could not be used again)."""
        with self._write() as conn:
            r = conn.execute(select(_models).where(_models.c.name == name)).first()
            if r is None:
                raise NotFound(f"model '{name}' is not registered")
            rec = _model_from_row(r)
            conn.execute(_models.delete().where(_models.c.name == name))
            self._audit(conn, "model_removed", {"name": name, "sha256": rec.sha256, "reason": reason})
        return rec

    def get_model(self, name: str) -> ModelRecord | None:
        with self._read() as conn:
            r = conn.execute(select(_models).where(_models.c.name == name)).first()
            rec = _model_from_row(r) if r else None
            self._held(conn, lambda st: st.model_problems(name, rec))
            return rec

    def list_models(self) -> list[ModelRecord]:
        with self._read() as conn:
            recs = [_model_from_row(r) for r in conn.execute(select(_models).order_by(_models.c.name))]
            self._held(conn, lambda st: [p for r in recs for p in st.model_problems(r.name, r)])
            return recs

    # ------------------------------------------------------------------ requests (creators → operators)
    #: Requests of one creator waiting for an operator at once; past it a new one is refused.
    MAX_PENDING_REQUESTS = 20

    def add_request(self, rec: RequestRecord, *, since: datetime | None = None) -> RequestRecord:
        """File ``rec``; at most :attr:`MAX_PENDING_REQUESTS` pending of its maker at once (those
        filed ``since`` then, when given: the maker's account's, not an earlier account's of the name)."""
        with self._write() as conn:
            if rec.status == "pending":
                times = [r[0] for r in conn.execute(select(_requests.c.created_at).where(
                    (_requests.c.requested_by == rec.requested_by) & (_requests.c.status == "pending")))]
                # (a time that cannot be read is counted: the limit holds)
                waiting = len(times) if since is None else sum(1 for t in times if made_since(t, since) is not False)
                if waiting >= self.MAX_PENDING_REQUESTS:
                    # one creator cannot bury the operators' queue (and everyone else's requests in it)
                    raise RecordInvalid(f"you already have {waiting} requests waiting for an operator (at most "
                                        f"{self.MAX_PENDING_REQUESTS} at once); nothing was filed: wait for their "
                                        "answers, then ask again")
            conn.execute(_requests.insert().values(**rec.to_dict()))
            self._audit(conn, "request_filed", {k: v for k, v in rec.to_dict().items() if k not in ("answer",)})
        return rec

    @staticmethod
    def _request_from_row(r: Any) -> RequestRecord:
        return RequestRecord(**{c: getattr(r, c) for c in RequestRecord.__dataclass_fields__})

    def _request_entries(self, conn: Connection, ids: Iterable[str]) -> tuple[dict, dict, list[str]]:
        """The signed ``request_filed`` entry (seq, payload) and ``request_answered`` entries of
        each request id, through the mentions index (one index range per id, whatever the log's
        length). An index row a database editor deleted leaves a request without its entry (it is
        refused: ``audit verify`` names the index row); one it added names an entry whose signed
        payload is not about that id, and is ignored."""
        wanted = set(ids)
        filed: dict[str, tuple[int, dict[str, Any]]] = {}
        answers: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        entries, problems = self._signed_mentions(conn, wanted, ("request_filed", "request_answered"))
        for e in entries:
            p = e.payload
            if e.kind == "request_filed" and p.get("id") in wanted:
                filed[p["id"]] = (e.seq, p)  # the newest filing under this id: the answers after it count
                answers.pop(p["id"], None)
            elif e.kind == "request_answered" and p.get("request_id") in wanted:
                answers.setdefault(p["request_id"], []).append((e.seq, p))
        return filed, answers, problems

    def _signed_mentions(self, conn: Connection, ids: set[str], kinds: tuple[str, ...],
                         first: int | None = None) -> tuple[list[AuditEntry], list[str]]:
        """The audit entries of ``kinds`` that the mentions index lists for any of ``ids`` (oldest
        first; one index range per id, whatever the log's length), and a problem for each entry
        found not as the audit key signed it (left out of the list). The caller reads each entry's
        signed payload for the id it is about: an index row a database editor added names an entry
        about another id. ``first``: only the oldest so many entries of each slice of 500 ids are
        read (and signature-checked): for a caller that needs the first few."""
        entries: list[AuditEntry] = []
        problems: list[str] = []
        q = text(f"SELECT e.seq, e.at, e.kind, e.payload, e.prev_hash, e.hash, e.sig FROM {audit_index.TABLE} m "
                 "JOIN audit_entries e ON e.seq = m.seq WHERE m.mention IN :ids AND e.kind IN :kinds "
                 "ORDER BY e.seq" + ("" if first is None else f" LIMIT {max(1, int(first))}")
                 ).bindparams(bindparam("ids", expanding=True), bindparam("kinds", expanding=True))
        ordered = sorted(ids)
        seen: set[int] = set()
        for i in range(0, len(ordered), 500):
            for r in conn.execute(q, {"ids": ordered[i:i + 500], "kinds": list(kinds)}).all():
                e = AuditEntry(*r)
                if e.seq in seen:  # an entry naming two of the ids, met again in a later slice
                    continue
                seen.add(e.seq)
                if not self.entry_intact(e):
                    problems.append(f"audit entry {e.seq} ({e.kind}) is not as this installation's audit key signed it")
                    continue
                entries.append(e)
        entries.sort(key=lambda e: e.seq)  # oldest first across the slices too
        return entries, problems

    def _check_requests(self, conn: Connection, recs: Sequence[RequestRecord]) -> None:
        """Each request row must say what its signed entries say (IntegrityFailure otherwise): an
        operator reads and approves the request the creator filed, not a row rewritten or inserted
        by whoever can write the database."""
        if not recs:
            return
        self._integrity(conn)  # the log itself is intact and anchored
        filed, answers, problems = self._request_entries(conn, (r.id for r in recs))
        problems += [bad for r in recs if (bad := request_row_problem(r, filed.get(r.id), answers.get(r.id, [])))]
        require(problems)

    def requests(self, status: str | None = None, requested_by: str | None = None, limit: int = 200) -> list[RequestRecord]:
        """Requests newest first; each row checked against its signed entries (a row rewritten or
        inserted behind the log fails the whole read closed: :class:`IntegrityFailure`)."""
        q = select(_requests).order_by(_requests.c.created_at.desc()).limit(limit)
        if status:
            q = q.where(_requests.c.status == status)
        if requested_by:
            q = q.where(_requests.c.requested_by == requested_by)
        with self._read() as conn:
            recs = [self._request_from_row(r) for r in conn.execute(q)]
            self._check_requests(conn, recs)
            return recs

    #: The audit entry kinds that record a decision (``payload["decision"]``): a check or a denial,
    #: a generation, and a failure after the decision.
    DECISION_KINDS = ("decision", "generation", "failure")

    def decision_entry(self, decision_id: str) -> AuditEntry | None:
        """The signed audit entry that first recorded decision ``decision_id`` (its payload's
        ``decision`` is that decision, its ``actor`` who asked for it), or None when the log holds
        no such decision. Read through the mentions index (one index range, whatever the log's
        length); the payload read is the signed one, so an index row a database editor added
        finds nothing, and one deleted hides the decision (a request naming it is refused: fail
        closed). An entry not as the audit key signed it fails the read (IntegrityFailure)."""
        with self._read() as conn:
            self._integrity(conn)  # the log itself is intact and anchored
            # the decision's own entry is the first to mention its id (its generation, failure or
            # request entries come after it): a few are read, never every entry that mentions a
            # word typed as an id (red team of session 55: a subject id or a user's name as the
            # "decision" read and verified each of their entries)
            entries, problems = self._signed_mentions(conn, {decision_id}, self.DECISION_KINDS, first=4)
            require(problems)
            for e in entries:
                d = e.payload.get("decision")
                if isinstance(d, dict) and d.get("decision_id") == decision_id:
                    return e
        return None

    def get_request(self, request_id: str) -> RequestRecord:
        """One request, as its signed entries say it (NotFound; IntegrityFailure when its row disagrees)."""
        with self._read() as conn:
            r = conn.execute(select(_requests).where(_requests.c.id == request_id)).first()
            if r is None:
                raise NotFound(f"request '{request_id}' is not in the queue")
            rec = self._request_from_row(r)
            self._check_requests(conn, [rec])
            return rec

    def answer_request(self, request_id: str, status: str, answer: str, by: str,
                       name_exception: NameExceptionRecord | None = None,
                       famous_person: str | None = None) -> RequestRecord:
        """Answer a pending request. ``name_exception`` (an approved exception request) is recorded in
        the same transaction, after the request is seen pending: a request another operator declined
        meanwhile exempts nothing (red team 68: the exception was committed first, then the answer
        refused, and the name stood exempted under a request that reads "declined"); a name already
        exempted is left as it is and the request approved. ``famous_person``: the known real person
        the exception's name reads as, which the operator confirmed (kept in its audit entry)."""
        if status not in ("approved", "declined"):
            raise RecordInvalid(f"request status {status!r}; expected 'approved' or 'declined'")
        with self._write() as conn:
            r = conn.execute(select(_requests).where(_requests.c.id == request_id)).first()
            if r is None:
                raise NotFound(f"request '{request_id}' is not in the queue")
            self._check_requests(conn, [self._request_from_row(r)])  # under the write lock: the row as signed
            if r.status != "pending":
                raise RegistryError(f"request '{request_id}' was already {r.status}; expected a pending request")
            if name_exception is not None and status == "approved" and not conn.execute(
                    select(_name_exceptions.c.key).where(_name_exceptions.c.key == _name_key(name_exception.name))).first():
                self._insert_name_exception(conn, name_exception, famous_person)
            now = format_time(_now())
            conn.execute(update(_requests).where(_requests.c.id == request_id).values(
                status=status, answer=answer, decided_at=now, decided_by=by))
            self._audit(conn, "request_answered", {"request_id": request_id, "status": status, "answer": answer, "by": by,
                                                   "decided_at": now})
            r = conn.execute(select(_requests).where(_requests.c.id == request_id)).first()
            return self._request_from_row(r)

    # ------------------------------------------------------------------ name exceptions
    def add_name_exception(self, name: str, reason: str, added_by: str, *,
                           famous_person: str | None = None) -> NameExceptionRecord:
        """A name that is NOT a likeness (e.g. a painter named for a style). ``famous_person``: the
        known real person the name reads as, which the operator confirmed (kept in the audit entry)."""
        for fld, v in (("name", name), ("reason", reason), ("added_by", added_by)):
            if not v or not v.strip():
                raise RecordInvalid(f"name exception {fld} is empty; expected text")
        rec = NameExceptionRecord(" ".join(name.split()), reason.strip(), added_by.strip(), format_time(_now()))
        with self._write() as conn:
            if conn.execute(select(_name_exceptions.c.key).where(_name_exceptions.c.key == _name_key(name))).first():
                raise RegistryError(f"name exception '{rec.name}' already exists")
            self._insert_name_exception(conn, rec, famous_person)
        return rec

    def _insert_name_exception(self, conn, rec: NameExceptionRecord, famous_person: str | None = None) -> None:
        conn.execute(_name_exceptions.insert().values(key=_name_key(rec.name), **rec.to_dict()))
        # a famous person's name exempted on the operator's word: the entry says whose (only then)
        self._audit(conn, "name_exception_added", rec.to_dict() | ({"famous_person": famous_person} if famous_person else {}))

    def name_exceptions(self) -> list[NameExceptionRecord]:
        with self._read() as conn:
            recs = [NameExceptionRecord(r.name, r.reason, r.added_by, r.added_at) for r in conn.execute(select(_name_exceptions).order_by(_name_exceptions.c.key))]
            self._held(conn, lambda st: st.name_exception_problems([r.name for r in recs]))
            return recs

    # ------------------------------------------------------------------ watched names
    def watch_names(self, names: Iterable[str], reason: str, added_by: str) -> list[NameExceptionRecord]:
        """Real people the name check must read as people (``NameMatcher(watched=...)``): each name
        a row and a signed ``name_watch_added`` entry, all in one transaction (a name already
        watched, or twice in ``names``, is refused, nothing written)."""
        for fld, v in (("reason", reason), ("added_by", added_by)):
            if not isinstance(v, str) or not v.strip():
                raise RecordInvalid(f"watched name {fld} is empty; expected text")
        now = format_time(_now())
        recs: list[NameExceptionRecord] = []
        keys: set[str] = set()
        for name in names:
            if not isinstance(name, str) or not any(c.isalpha() for c in name):
                raise RecordInvalid(f"watched name {name!r}: expected a person's name (text with letters)")
            rec = NameExceptionRecord(" ".join(name.split()), reason.strip(), added_by.strip(), now)
            if _name_key(rec.name) in keys:
                raise RecordInvalid(f"watched name '{rec.name}' is given twice")
            keys.add(_name_key(rec.name))
            recs.append(rec)
        if not recs:
            raise RecordInvalid("no name to watch; expected one or more names")
        with self._write() as conn:
            have = {r.key for r in conn.execute(select(_name_watch.c.key).where(_name_watch.c.key.in_(sorted(keys))))}
            if have:
                raise RegistryError("already watched: " + ", ".join(r.name for r in recs if _name_key(r.name) in have))
            for rec in recs:
                conn.execute(_name_watch.insert().values(key=_name_key(rec.name), **rec.to_dict()))
                self._audit(conn, "name_watch_added", rec.to_dict())
        return recs

    def unwatch_name(self, name: str, reason: str, removed_by: str) -> None:
        """Take a name off the watch list (a signed ``name_watch_removed`` entry says who and why)."""
        for fld, v in (("reason", reason), ("removed_by", removed_by)):
            if not isinstance(v, str) or not v.strip():
                raise RecordInvalid(f"unwatching a name: {fld} is empty; expected text")
        key = _name_key(name)
        with self._write() as conn:
            row = conn.execute(select(_name_watch).where(_name_watch.c.key == key)).first()
            if row is None:
                raise NotFound(f"'{' '.join(name.split())}' is not a watched name")
            self._held(conn, lambda st: st.name_watch_problems([row._asdict()], only=[key]))
            conn.execute(_name_watch.delete().where(_name_watch.c.key == key))
            self._audit(conn, "name_watch_removed", {"name": row.name, "reason": reason.strip(),
                                                     "removed_by": removed_by.strip()})

    def watched_names(self) -> list[NameExceptionRecord]:
        """The watch list, each row held to the signed log (``name_watch_added``/``_removed``)."""
        with self._read() as conn:
            recs = [NameExceptionRecord(r.name, r.reason, r.added_by, r.added_at)
                    for r in conn.execute(select(_name_watch).order_by(_name_watch.c.key))]
            self._held(conn, lambda st: st.name_watch_problems([r.to_dict() for r in recs]))
            return recs

    # ------------------------------------------------------------------ decisions
    def snapshot(self, subject_ids: Iterable[str], now: datetime) -> Snapshot:
        """Everything :func:`consent.policy.decide` needs for these subjects, read consistently."""
        with self._read() as conn:
            return self._snapshot(conn, subject_ids, now)

    def _snapshot(self, conn: Connection, subject_ids: Iterable[str], now: datetime) -> Snapshot:
        ids = sorted({i for i in subject_ids if i is not None})
        subjects = {}
        if ids:
            for r in conn.execute(select(_subjects).where(_subjects.c.id.in_(ids))).all():
                subjects[r.id] = self._subject_from_row(r)
        self._checked(conn, subjects.values())
        grants = self._grants_for(conn, list(subjects))
        # Only the verifier keys these grants' signatures name: the rest cannot change this
        # decision, and reading all of them made every request cost O(registry).
        named = {s.key_id for gs in grants.values() for sg in gs for s in sg.signed.signatures
                 if s.role is SignerRole.VERIFIER}
        verifiers = self._verifier_ids(conn, named) if named else frozenset()
        self._held(conn, lambda st: st.verifier_problems(verifiers))
        from consent.approvals import approved_digests

        each = [sg.id for gs in grants.values() for sg in gs if sg.grant.approve_each_use]
        return Snapshot(subjects=subjects, grants=grants, verifier_key_ids=verifiers, taken_at=now,
                        approvals=approved_digests(self, conn, each),
                        proven_personas=self._proven_personas(conn, subjects.values()))

    def proven_personas(self, subject_ids: Iterable[str]) -> frozenset[str]:
        """The fictional personas among ``subject_ids`` proven synthetic (:meth:`_proven_personas`)."""
        with self._read() as conn:
            return self._proven_personas(conn, [self._subject(conn, sid) for sid in subject_ids])

    def _proven_personas(self, conn: Connection, subjects: Iterable[Subject]) -> frozenset[str]:
        """The fictional personas among ``subjects`` that hold an enrolled face template (the colour
        model's) whose signed entry says its photo was a trusted generator's verified output
        (``synthetic``, written by :meth:`consent.operations.Operations.enroll` for a persona since
        stop 32), and no template without it: one enrolled before that, when no marker was kept, may
        be any photo, a real person's included, so such a persona proves nothing (red team 38) and
        is registered anew from its synthetic images. The proof a persona is synthetic
        (:meth:`consent.operations.Operations.bind_adapter` asks the same before binding). Read
        only for the personas a request names: their templates are looked up in the signed log's
        state (indexed by subject once per change of people, :meth:`IntegrityState.enrolled_templates_of`)
        and their rows read by id; a row altered or missing raises :class:`IntegrityFailure`."""
        personas = {s.id for s in subjects if s.kind is SubjectKind.FICTIONAL_PERSONA}
        if not personas:
            return frozenset()
        from consent.likeness import MODEL_NAME

        rows: list[tuple[int, str, bytes]] = []
        unchecked: set[str] = set()

        def problems_of(st: IntegrityState) -> list[str]:
            # the template ids come from the state (its by-subject index built under the state lock,
            # which _held holds): a state caught up past this read names templates it cannot see
            logged = st.enrolled_templates_of(MODEL_NAME, personas)
            proof = st.enrolled_templates_of(MODEL_NAME, personas, synthetic=True)
            unchecked.clear()  # a persona with any template from an unchecked photo proves nothing (red team 38)
            unchecked.update(sid for tid, sid in logged.items() if tid not in proof)
            ids = sorted(logged)
            rows.clear()
            for i in range(0, len(ids), 500):
                rows.extend((int(r.id), r.subject_id, bytes(r.embedding)) for r in conn.execute(
                    select(_templates.c.id, _templates.c.subject_id, _templates.c.embedding)
                    .where(_templates.c.id.in_(ids[i:i + 500]))))
            return st.enrolled_rows_problems(MODEL_NAME, logged, rows)

        self._held(conn, problems_of)
        return frozenset(sid for _tid, sid, _emb in rows if sid not in unchecked)

    def record_decision(self, decision: Decision, extra: Mapping[str, Any] | None = None, *,
                        request_view: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None) -> AuditEntry:
        """Audit a decision that produced no output (e.g. a denial).

        ``extra`` adds context to the entry (request digest, exempted prompt names, ...).
        ``request_view``: what the request would make (prompt, settings, inputs by digest), shown
        to a person asked to approve it under an approve-each-use grant; it is not written to
        the decision's entry.
        """
        return self._record_decision(decision, extra, request_view)[0]

    def record_denial(self, decision: Decision, extra: Mapping[str, Any] | None = None, *,
                      request_view: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None) -> Decision:
        """:meth:`record_decision`, returning the decision as recorded: its approve-each-use
        findings say what was done under the write lock (asked, asked already, declined, or not
        asked past the cap: :func:`consent.approvals.settle`), which the snapshot it was made on
        may not have known. Tell the creator this one."""
        return self._record_decision(decision, extra, request_view)[1]

    def _record_decision(self, decision: Decision, extra: Mapping[str, Any] | None,
                         request_view: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None
                         ) -> tuple[AuditEntry, Decision]:
        with self._write() as conn:
            asks: list[str] = []
            if not decision.allowed:  # approve-each-use grants: the person is asked (consent.approvals)
                from consent.approvals import asker, file_requests, settle

                decision, asks = settle(self, conn, decision, asker())
            entry = self._audit(conn, "decision", {"decision": decision.to_dict(), **dict(extra or {})})
            if asks:
                file_requests(self, conn, decision, asks, asker(), _now(), request_view)
            return entry, decision

    def record_generation(self, decision: Decision, outputs: Sequence[OutputRecord],
                          extra: Mapping[str, Any] | None = None) -> AuditEntry:
        """In ONE transaction: insert outputs, count usage, append the audit entry.

        Re-checks, under the write lock and at the registry's clock (not the decision's), that
        the decision still holds (:func:`consent.policy.still_holds`): a consent change recorded
        while the outputs were being made — the grant revoked, expired or used up by another
        process, the person opted out or marked a minor, a verifier key withdrawn — stops their
        publication; raises :class:`ConsentDenied` if so, and nothing is recorded.
        """
        if not decision.allowed:
            raise ConsentDenied("a denied decision cannot be recorded as a generation: " + "; ".join(decision.reasons()), decision=decision)
        if not outputs:
            raise RecordInvalid("outputs is empty; expected at least one disclosed output")
        n = len(outputs)
        now = _now()
        owner = current_actor()
        job_id = (extra or {}).get("job_id")
        with self._write() as conn:
            st = self._integrity(conn)  # the committed state, before this transaction appends anything
            if job_id is not None:
                # a job the signed log ended (another process judged its service gone, say) publishes
                # nothing afterwards: a generation entry after its job_finished would contradict it
                ended = self._job_ended(conn, str(job_id), st)
                if ended:
                    raise JobEnded(f"{ended}, before this run's outputs were recorded: they are not published")
            stored = []
            for gu in decision.grants_used:  # the commonest changes first, in their own words
                r = conn.execute(select(_grants).where(_grants.c.id == gu.grant_id)).first()
                if r is None:
                    raise NotFound(f"grant '{gu.grant_id}' used by decision {decision.decision_id} is not registered")
                sg = self._stored(conn, r)
                require(st.grant_problems(sg))
                if sg.is_revoked(max(now, decision.decided_at)):
                    raise ConsentDenied(f"grant {gu.grant_id}: revoked at {format_time(sg.revocation.revoked_at)}, before the outputs were recorded; "
                                        "expected a grant still in force when the outputs are published", decision=decision)
                cap = sg.grant.usage_cap
                if cap is not None and sg.usage + n > cap:
                    raise ConsentDenied(f"grant {gu.grant_id}: usage {sg.usage} + {n} outputs would exceed cap {cap}", decision=decision)
                stored.append((gu, sg))
            # then everything else the decision rested on, as decide() checks it, at this clock
            problems = still_holds(decision, self._snapshot(conn, decision.subjects, now), now, n)
            if problems:
                raise ConsentDenied("consent changed while the outputs were being made, so they are not published: "
                                    + "; ".join(problems), decision=decision)
            for gu, sg in stored:
                conn.execute(update(_usage).where(_usage.c.grant_id == gu.grant_id).values(count=_usage.c.count + n))
                if sg.grant.approve_each_use:  # the person's approval of this request is used up
                    from consent.approvals import consume

                    consume(self, conn, gu.grant_id, decision.context.request_digest, decision, now)
            grant_ids = json.dumps([g.grant_id for g in decision.grants_used])
            entry = self._audit(conn, "generation", {
                "decision": decision.to_dict(),
                "outputs": [{"sha256": o.sha256, "path": str(o.path), "format": o.format, "manifest_id": o.manifest_id,
                             "watermark_payload": o.watermark_payload,
                             # the fingerprint's digest is signed with the entry; its bytes live in output_fingerprints
                             **({"fingerprint_sha256": hashlib.sha256(o.fingerprint).hexdigest()}
                                if o.fingerprint is not None else {}),
                             # the digest of its exact pixels: a row may hold it only where the entry does
                             **({"pixels_sha256": o.pixels_sha256} if o.pixels_sha256 is not None else {})}
                            for o in outputs],
                **dict(extra or {}),
            }, now)
            for o in outputs:
                conn.execute(_outputs.insert().values(
                    sha256=o.sha256, path=str(o.path), format=o.format, manifest_id=o.manifest_id,
                    watermark_payload=o.watermark_payload, decision_id=decision.decision_id, grant_ids=grant_ids,
                    created_at=format_time(now), audit_seq=entry.seq, owner=owner, job_id=job_id,
                    pixels_sha256=o.pixels_sha256))
                if o.fingerprint is not None:  # the same bytes have the same fingerprint: one row per digest
                    conn.execute(delete(_output_fingerprints).where(_output_fingerprints.c.sha256 == o.sha256))
                    conn.execute(_output_fingerprints.insert().values(sha256=o.sha256, data=o.fingerprint))
            return entry

    #: Security events the front ends audit (sign-ins refused, throttled, files refused).
    SECURITY_EVENTS = frozenset({"login_failed", "login_throttled", "file_refused",
                                 # who had access, and who changed the signing keys (a self-hosting
                                 # admin's walkthrough, session 66: none of these left an entry)
                                 "signed_in", "account_added", "account_removed", "account_password_changed",
                                 "account_grantees_changed", "c2pa_rotated",
                                 # a person says she never created the passkey bound for her (session 66)
                                 "passkey_disputed"})

    def record_security_event(self, kind: str, payload: Mapping[str, Any]) -> AuditEntry | None:
        if kind not in self.SECURITY_EVENTS:
            raise RecordInvalid(f"security event kind is {kind!r}; expected one of {sorted(self.SECURITY_EVENTS)}")
        try:
            with self._write() as conn:
                return self._audit(conn, kind, dict(payload))
        except AnchorMismatch as e:
            self._keys.record_incident(kind, dict(payload), str(e))
            return None

    def record_staging_quarantined(self, job_id: str, service: str | None, reason: str, moved_to: str,
                                   files: Sequence[str]) -> AuditEntry | None:
        """Audit that job recovery moved the staging folder of a job row the signed log does not
        vouch for (``reason``) into ``moved_to`` (``job_staging_quarantined``); its files were
        never published. When the log does not extend its anchor the entry is kept beside the
        anchor instead (as :meth:`record_failure` does) and None is returned."""
        payload = {"job_id": str(job_id), "service": service, "reason": str(reason), "moved_to": str(moved_to),
                   "files": [str(f) for f in files]}
        try:
            with self._write() as conn:
                return self._audit(conn, "job_staging_quarantined", payload)
        except AnchorMismatch as e:
            self._keys.record_incident("job_staging_quarantined", payload, str(e))
            return None

    def record_failure(self, decision: Decision | None, stage: str, error_message: str,
                       extra: Mapping[str, Any] | None = None) -> AuditEntry | None:
        """Audit a failed generation step (nothing was written). When the log does not extend the
        installation's anchor the entry is refused: it is kept in ``keys/audit-incidents.jsonl``
        instead (:meth:`AuditKeys.record_incident`) and None is returned."""
        if not stage:
            raise RecordInvalid("stage is empty; expected the failing step, e.g. 'disclose:c2pa'")
        payload = {"stage": stage, "error": str(error_message), "decision": decision.to_dict() if decision is not None else None,
                   **dict(extra or {})}
        try:
            with self._write() as conn:
                return self._audit(conn, "failure", payload)
        except AnchorMismatch as e:
            # The log does not extend its anchor (rolled back, truncated, forked): the failure is kept
            # beside the anchor, never appended to the log whose check failed (that would re-anchor it).
            self._keys.record_incident("failure", payload, str(e))
            return None

    def find_output(self, sha256: str | None = None, watermark_payload: str | None = None,
                    manifest_id: str | None = None, pixels_sha256: str | None = None) -> OutputRecord | None:
        """The most recent output with this file digest, watermark payload, C2PA manifest id or
        digest of its exact pixels (:func:`creator.disclosure.fingerprint.pixels_digest`; alone),
        checked against its signed generation entry (None if unknown)."""
        if sha256 is None and watermark_payload is None and manifest_id is None and pixels_sha256 is None:
            raise RecordInvalid("find_output needs sha256, watermark_payload, manifest_id or pixels_sha256; found none")
        if pixels_sha256 is not None and (sha256, watermark_payload, manifest_id) != (None, None, None):
            raise RecordInvalid("find_output takes pixels_sha256 alone")
        params: dict[str, Any] = {}
        joined = manifest_id is None and ((sha256 is None) + (watermark_payload is None) + (pixels_sha256 is None)) == 2
        if joined:  # verify's lookups: the output and its audit entry in one statement
            if sha256 is not None:
                q, params = _OUTPUT_BY_SHA256, {"sha256": sha256.lower()}
            elif watermark_payload is not None:
                q, params = _OUTPUT_BY_WATERMARK, {"watermark_payload": watermark_payload}
            else:
                q, params = _OUTPUT_BY_PIXELS, {"pixels_sha256": pixels_sha256.lower()}
        else:
            q = _LATEST_OUTPUT
            if sha256 is not None:
                q = q.where(_outputs.c.sha256 == sha256.lower())
            if watermark_payload is not None:
                q = q.where(_outputs.c.watermark_payload == watermark_payload)
            if manifest_id is not None:
                q = q.where(_outputs.c.manifest_id == manifest_id)
        with self._read() as conn:
            r = conn.execute(q, params).first()
            if r is None:
                return None
            if not joined:
                return self._check_output(conn, self._output_from_row(r))
            entry = AuditEntry(*(r._mapping[f"entry_{c}"] for c in _ENTRY_COLUMNS)) if r.entry_seq is not None else None
            return self._check_output(conn, self._output_from_row(r), entry=entry, entry_read=True)

    def output_fingerprint(self, rec: OutputRecord) -> bytes | None:
        """The fingerprint written with output ``rec`` (as :meth:`find_output` returned it), or None
        when its signed generation entry lists none (recorded without one). Raises
        :class:`IntegrityFailure` when the entry lists one and the stored bytes are missing or
        do not hash to it (edited in the database)."""
        if rec.fingerprint_sha256 is None:
            return None
        with self._read() as conn:
            data = conn.execute(_FINGERPRINT_OF, {"sha256": rec.sha256}).scalar()
        if data is None or hashlib.sha256(bytes(data)).hexdigest() != rec.fingerprint_sha256:
            require([f"output {rec.sha256[:16]}…: its fingerprint in the registry is "
                     f"{'missing' if data is None else 'not the one'} its signed generation entry {rec.audit_seq} lists"])
        return bytes(data)

    @staticmethod
    def _output_from_row(r: Any) -> OutputRecord:
        """The record of output row ``r``; a row no studio wrote (a digest that is no digest, grant
        ids that are no JSON list: edited in the database) is a registry integrity failure, as a
        row that disagrees with its signed entry is (red team 51), never a crash."""
        try:
            grant_ids = json.loads(r.grant_ids)
            if not isinstance(grant_ids, list) or not all(isinstance(g, str) for g in grant_ids):
                raise RecordInvalid(f"grant_ids is {r.grant_ids!r}; expected a JSON list of grant ids")
            return OutputRecord(r.sha256, r.path, r.format, r.manifest_id, r.watermark_payload, r.decision_id,
                                tuple(grant_ids), r.created_at, r.owner, r.audit_seq, r.job_id,
                                pixels_sha256=r.pixels_sha256)
        except (RecordInvalid, ValueError, TypeError) as e:
            require([f"output row {getattr(r, 'id', '?')} is not as the studio writes it ({e}): it was edited "
                     "behind the signed audit log"])
            raise  # (require raises)

    def _check_output(self, conn: Connection, rec: OutputRecord, entry: AuditEntry | None = None,
                      entry_read: bool = False) -> OutputRecord:
        """An output row proves nothing alone: its signed ``generation`` entry must list it, under the same
        decision and grants. Returns ``rec`` with the fingerprint digest that entry lists.
        ``entry_read``: ``entry`` is the log's row at ``rec.audit_seq`` (None: there is none), read in
        this transaction with the output's row (find_output), not read again here."""
        self._integrity(conn)  # the log itself is intact and anchored
        if rec.audit_seq is None:
            e = None
        else:
            e = entry if entry_read else read_entry(conn, rec.audit_seq)
        # whether the entry's content hashes to its hash, and its payload: functions of the row's
        # text, kept per text as parsed rows are (the signature is checked on every call)
        content = None if e is None else _PARSED.get(
            ("entry", e.seq, e.at, e.kind, e.payload_json, e.prev_hash, e.hash),
            lambda: (e.content_hashes_to_its_hash, e.payload if e.kind == "generation" else None))
        if e is None or e.kind != "generation" or not content[0] \
                or not self._keys.entry_signed(e.hash, e.sig):
            require([f"output {rec.sha256[:16]}… has no signed generation entry in the audit log"])
        p = content[1]
        # the path too (what serves an output's file, creator.jobs.store.signed_output, opens it)
        # and the owner (who the web studio serves it to: the entry's actor)
        bad = output_row_problem(rec, e.at, p)
        if bad:
            require([f"output {rec.sha256[:16]}… does not match its signed generation entry {e.seq}: {bad}"])
        fp = next((o.get("fingerprint_sha256") for o in p.get("outputs") or ()
                   if (o["sha256"], o.get("watermark_payload")) == (rec.sha256, rec.watermark_payload)), None)
        return replace(rec, fingerprint_sha256=fp if isinstance(fp, str) else None)

    # ------------------------------------------------------------------ audit
    def entry_intact(self, e: AuditEntry) -> bool:
        """Whether entry ``e`` is as this installation's audit key signed it: its content hashes to
        its hash and that hash carries the key's signature. One entry alone (no chain walk): an
        entry edited in place behind the log, its hash and signature left, fails here."""
        return e.content_hashes_to_its_hash and self._keys.entry_signed(e.hash, e.sig)

    def audit_page(self, *, limit: int = 50, before: int | None = None, kind: str | None = None,
                   mentions: Sequence[str] = (), checked: bool = True, since: str | None = None,
                   until: str | None = None, scanned: bool = False) -> Any:
        """Newest first: at most ``limit`` entries older than ``before`` (a seq), of ``kind``, whose
        payload mentions every id in ``mentions`` (one of its JSON strings, keys and values at any
        depth: :mod:`consent.audit_index`). An id the mentions index holds is one backward range
        of that index: the first screen of a million-entry log costs the same as of a short one.
        Other strings (display names, messages, field names) are found by a scan of the log.

        ``checked`` (the default): every entry read (before the exact ``mentions`` test, so an
        edit that drops an id does not hide its entry) must be intact (:meth:`entry_intact`);
        raises :class:`IntegrityFailure` otherwise — a person's ledger, a job's decision or the
        operator's audit view never shows an entry edited in place as fact. The cost is one hash
        and one signature check per entry of the page (signatures seen before are cached), not a
        walk of the chain. ``checked=False`` is the raw view (``audit list`` marks each entry).
        ``scanned``: also the position the next page starts before (None at the log's start), read
        from the rows read, not from the entries kept (``audit list --all``)."""
        needles = list(dict.fromkeys(str(m) for m in mentions))
        if len(needles) > MAX_MENTIONS:  # (red team s60b: 1,001 came back as SQLite's "Expression tree is too large")
            raise RecordInvalid(f"mentions: {len(needles):,} values; one search takes at most {MAX_MENTIONS}")
        for m in [*needles, *([kind] if kind is not None else [])]:
            # (red team s60: a 60,000-character one came back as SQLite's "pattern too complex"; s60b: a
            # byte that is no UTF-8, from a command line, as a traceback)
            if len(m) > MAX_MENTION_CHARS:
                raise RecordInvalid(f"mentions: a value of {len(m):,} characters; expected at most {MAX_MENTION_CHARS} "
                                    "(the ids and names an entry holds are shorter)")
            try:
                m.encode("utf-8")
            except UnicodeEncodeError:
                raise RecordInvalid(f"{'kind' if m == kind else 'mentions'}: {ascii(m)[:80]} is not text (a byte "
                                    "that is no UTF-8); expected an id, a name or a word") from None
        if before is not None and not 0 <= int(before) < 2 ** 63:
            raise RecordInvalid(f"before is {before}; expected an entry position (0 to 2^63-1)")
        by_index = [m for m in needles if audit_index.indexed(m)]
        by_scan = [m for m in needles if not audit_index.indexed(m)]
        cols = "e.seq, e.at, e.kind, e.payload, e.prev_hash, e.hash, e.sig"
        where, params = [], {"limit": max(1, min(int(limit), 1000))}
        if len(by_index) > 1:  # walk the rarest id's range, probe the others (each count stops at 1000)
            with self._read() as conn:
                counts = {m: conn.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM {audit_index.TABLE} "
                                               "WHERE mention = :m LIMIT 1000) AS r"), {"m": m}).scalar() for m in by_index}
            by_index.sort(key=counts.__getitem__)
        if by_index:
            sql = (f"SELECT {cols} FROM {audit_index.TABLE} m0 JOIN audit_entries e ON e.seq = m0.seq")
            where.append("m0.mention = :m0")
            params["m0"] = by_index[0]
            for i, m in enumerate(by_index[1:], 1):
                where.append(f"EXISTS (SELECT 1 FROM {audit_index.TABLE} m{i} WHERE m{i}.mention = :m{i} AND m{i}.seq = m0.seq)")
                params[f"m{i}"] = m
            order = "m0.seq"
        else:
            sql, order = f"SELECT {cols} FROM audit_entries e", "e.seq"
        if before is not None:
            where.append(f"{order} < :before")
            params["before"] = int(before)
        if kind:
            where.append("e.kind = :kind")
            params["kind"] = kind
        # ``since``/``until``: entries recorded at or after / before these times (the log's own text
        # form, "YYYY-MM-DDTHH:MM:SS…Z", which sorts as time does; an auditor's day)
        for name, op, value in (("since", ">=", since), ("until", "<", until)):
            if value is not None:
                where.append(f"e.at {op} :{name}")
                params[name] = str(value)
        for i, m in enumerate(by_scan):
            # a cheap first cut: the id as it stands in the JSON payload, its LIKE wildcards
            # escaped ("job_1" is not "jobX1"); the exact test is mentions_in below
            needle = json.dumps(m, ensure_ascii=False)[1:-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(f"e.payload LIKE :l{i} ESCAPE '\\'")
            params[f"l{i}"] = '%"' + needle + '"%'
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} DESC LIMIT :limit"
        with self._read() as conn:
            rows = conn.execute(text(sql), params).all()
        out = [AuditEntry(*r) for r in rows]
        if checked:
            bad = [e for e in out if not self.entry_intact(e)]
            if bad:
                require([f"audit entry {e.seq} ({e.kind}) is not as this installation's audit key signed it: "
                         + ("its content was edited in place (it no longer hashes to its hash)"
                            if not e.content_hashes_to_its_hash else "its signature does not verify")
                         for e in bad])
        # the exact meaning on both paths (and an index row a database editor added names nothing)
        found = [e for e in out if audit_index.mentions_in(e.payload_json, needles)] if needles else out
        if scanned:  # (found, the position to read on before: None when the rows read were the last)
            return found, (out[-1].seq if len(out) == params["limit"] else None)
        return found

    #: :meth:`logged_output`'s scan reads the log's matching entries this many at a time.
    LOGGED_OUTPUT_PAGE = 100

    def logged_output(self, *, sha256: str | None = None, watermark_payload: str | None = None) -> AuditEntry | None:
        """The newest ``generation`` entry of the signed audit log that lists an output with this
        file digest (or this watermark payload), found in the log itself: the output rows and the
        mentions index are derived data a database editor can change without the audit key, so
        verify asks here when they know nothing of a file that carries this studio's signature or
        watermark (a removed record is then told from a file that was never recorded). First the
        mentions index (one range); when that finds nothing, a scan of the generation entries'
        text (the slow path, taken only for a file the rows do not know). Every entry read that
        mentions the value — on the scan, every entry whose text holds it in any letter case,
        whatever its ``kind`` column says — must be as the audit key signed it before it is
        compared (:class:`IntegrityFailure` naming it otherwise): an entry edited so that it no
        longer lists the output is reported, not skipped. The scan pages on through the entries
        that mention the value without listing it (:data:`LOGGED_OUTPUT_PAGE` at a time). The scan
        reads the whole log (bench/logged_output.py times it): a window around the manifest's
        decision time, found by bisecting the log on its times, was tried and withdrawn (red team
        38: the times are not covered until an entry is read, and a clock set back breaks the
        bisection, so a deleted row read as "not made here")."""
        if (sha256 is None) == (watermark_payload is None):
            raise RecordInvalid("logged_output needs exactly one of sha256 and watermark_payload")
        field_name, value = ("sha256", sha256.lower()) if sha256 is not None else ("watermark_payload", str(watermark_payload))

        def listing(entries: Iterable[AuditEntry]) -> AuditEntry | None:
            # every entry read is held to the audit key before the exact compare: an entry edited
            # so that it no longer lists the output (its kind, the value's letters) is named, not skipped
            for e in entries:
                if not self.entry_intact(e):
                    require([f"audit entry {e.seq} ({e.kind!r}), read while looking for the signed record of "
                             f"{field_name} {value}, is not as this installation's audit key signed it: "
                             + ("its content was edited in place (it no longer hashes to its hash)"
                                if not e.content_hashes_to_its_hash else "its signature does not verify")])
                outs = e.payload.get("outputs") if e.kind == "generation" else None
                if any(isinstance(o, dict) and o.get(field_name) == value for o in outs or ()):
                    return e
            return None

        found = listing(self.audit_page(kind="generation", mentions=[value], limit=100, checked=False))
        if found is not None:
            return found
        # The scan: every entry whose text holds the value as a JSON string, whatever its kind (the
        # kind column is text an editor can change; the entry's hash covers it) and whatever the
        # case of its letters (SQLite's LIKE ignores ASCII case; elsewhere both sides are lowered),
        # newest first, page after page: entries that mention the value without listing it (a
        # prompt that is an output's watermark payload) cannot push the listing entry out.
        needle = json.dumps(value, ensure_ascii=False)[1:-1].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params: dict[str, Any] = {"l": '%"' + needle + '"%', "n": self.LOGGED_OUTPUT_PAGE}
        with self._read() as conn:
            like = ("payload LIKE :l ESCAPE '\\'" if conn.dialect.name == "sqlite"
                    else "lower(payload) LIKE lower(:l) ESCAPE '\\'")
            where = like
            before = None
            while True:
                page = where + ("" if before is None else " AND seq < :before")
                rows = conn.execute(text("SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries "
                                         f"WHERE {page} ORDER BY seq DESC LIMIT :n"),
                                    {**params, **({} if before is None else {"before": before})}).all()
                found = listing(AuditEntry(*r) for r in rows)
                if found is not None or len(rows) < params["n"]:
                    return found
                before = int(rows[-1][0])

    def grant_uses(self, grant_id: str, *, limit: int = 1000, before: int | None = None) -> GrantUses:
        """The ``generation`` entries whose decision used ``grant_id`` (newest first, at most
        ``limit``, older than ``before``), through the grant-use index (:data:`audit_index.USES_TABLE`):
        one backward range of it, whatever else mentions the id — a creator writes free text into
        generation entries (a ``project`` naming the grant id), never into ``decision.grants_used``.
        With the count of all such entries and the outputs they counted against the grant.

        Fails closed (:class:`IntegrityFailure`) when a row read names an entry that is missing,
        not as the audit key signed it, or does not use the grant for the outputs the row says:
        the index is derived data a database editor could change (``audit verify`` recomputes it)."""
        params: dict[str, Any] = {"g": grant_id, "n": max(1, int(limit))}
        where = "u.grant_id = :g"
        if before is not None:
            where += " AND u.seq < :before"
            params["before"] = int(before)
        with self._read() as conn:
            rows = conn.execute(text(
                f"SELECT u.seq AS useq, u.outputs, e.seq, e.at, e.kind, e.payload, e.prev_hash, e.hash, e.sig "
                f"FROM {audit_index.USES_TABLE} u LEFT JOIN audit_entries e ON e.seq = u.seq "
                f"WHERE {where} ORDER BY u.seq DESC LIMIT :n"), params).all()
            uses, outputs = conn.execute(text(f"SELECT count(*), coalesce(sum(outputs), 0) FROM {audit_index.USES_TABLE} "
                                              "WHERE grant_id = :g"), {"g": grant_id}).one()
            # the same read: what the signed log says of this grant's uses, as of this snapshot (the
            # shared state may be past it: another thread's generation with the grant, red team 38)
            counted, newest, last_use_from = self._as_of(conn, lambda st: (
                int((st.grants.get(grant_id) or {}).get("usage", 0)), st.grant_last_use.get(grant_id),
                int(st.last_use_from)))
            known = newest is not None or counted == 0 or last_use_from == 0
        problems, entries, payloads = [], [], []
        for r in rows:
            if r.seq is None:
                problems.append(f"audit entry {r.useq} is missing, but the grant-use index says it used grant {grant_id}")
                continue
            e = AuditEntry(r.seq, r.at, r.kind, r.payload, r.prev_hash, r.hash, r.sig)
            if not self.entry_intact(e):
                problems.append(f"audit entry {e.seq} ({e.kind}) is not as this installation's audit key signed it: "
                                + ("its content was edited in place (it no longer hashes to its hash)"
                                   if not e.content_hashes_to_its_hash else "its signature does not verify"))
            elif (grant_id, int(r.outputs)) not in audit_index.uses_in(e.kind, p := e.payload):
                problems.append(f"{audit_index.USES_PROBLEM}: a row says entry {e.seq} used grant {grant_id!r} for "
                                f"{r.outputs} output(s) but the signed entry does not; run 'consent-studio audit verify'")
            else:
                entries.append(e)
                payloads.append(p)
        require(problems)
        return GrantUses(tuple(entries), int(uses), int(outputs), tuple(payloads), counted, newest, known,
                         last_use_from)

    def audit_entries(self, limit: int | None = None, kind: str | None = None) -> list[AuditEntry]:
        with self._read() as conn:
            return read_entries(conn, limit=limit, kind=kind)

    def require_intact(self) -> None:
        """Raise :class:`IntegrityFailure` when the signed log does not hold (rewritten, truncated
        against the anchor, unsigned, forged): what every decision checks first, asked once (a
        server's start: a self-hosting admin's walkthrough, session 66, saw a studio on a restored,
        failing data directory start, log a traceback and keep running)."""
        with self._read() as conn:
            self._integrity(conn)

    def verify_audit(self, checkpoints: Sequence[Any] = ()) -> ChainReport:
        """Chain, signatures, the anchor and ``checkpoints`` (exported heads), then the tables against the log,
        all in one read transaction (one snapshot: the rows are compared with the chain just walked)."""
        with self.reading():
            return self._verify_audit(checkpoints)

    def _verify_audit(self, checkpoints: Sequence[Any]) -> ChainReport:
        try:
            with self._read() as conn:
                report = verify_chain(conn, self._keys, checkpoints=tuple(checkpoints))
        except DBAPIError as e:
            raise self._error(e) from None
        if not report.ok:
            return report
        problems = self.check_integrity(chain_walked=True)
        if problems:
            return ChainReport(False, report.entries, report.head_hash, None, "; ".join(problems[:5]))
        with self._read() as conn:  # derived data a database editor could change: the search index
            problems = audit_index.index_problems(conn)
        if problems:
            first = re.search(r"entry (\d+)", problems[0])
            return ChainReport(False, report.entries, report.head_hash, int(first.group(1)) if first else None,
                               "; ".join(problems[:5]))
        return report

    def audit_incidents(self) -> list[dict[str, Any]]:
        """Events the audit log refused because it did not extend the installation's anchor (a
        rolled-back, truncated or forked database), kept in ``keys/audit-incidents.jsonl``."""
        return self._keys.read_incidents()

    def checkpoint(self):
        """A signed head of the log (for an outside witness); also advances the local anchor."""
        with self._read() as conn:
            head = conn.execute(text("SELECT seq, hash FROM audit_head WHERE id = 1")).first()
            self._integrity(conn)
        seq, h = (int(head[0]), head[1]) if head else (0, GENESIS_HASH)
        self._advance_anchor(seq, h)
        return self._keys.make_anchor(seq, h)

    # ================================================================== generation jobs
    # (creator.jobs keeps its queue here: a row when a job is queued, one update when it ends;
    # both audited. The row is marked running when a worker starts the job (not audited); the
    # stage and step progress of a running job are in its service's memory, and a copy its
    # service writes at most once a second is in job_progress (advisory, not audited).)
    def add_job(self, job: JobRecord) -> JobRecord:
        """Store a newly queued job (audited as ``job_submitted``: id, owner, request digest)."""
        if job.state != "queued":
            raise RecordInvalid(f"a new job must be 'queued'; found state {job.state!r}")
        with self._write() as conn:
            if conn.execute(select(_jobs.c.id).where(_jobs.c.id == job.id)).first():
                raise RegistryError(f"job '{job.id}' already exists; expected a new job id")
            conn.execute(_jobs.insert().values(
                id=job.id, owner=job.owner, state="queued", submitted_at=job.submitted_at,
                request_digest=job.request_digest, settings=json.dumps(dict(job.settings), sort_keys=True),
                service=job.service))
            self._audit(conn, "job_submitted", {"job_id": job.id, "owner": job.owner, "request_digest": job.request_digest,
                                                "service": job.service, "settings_sha256": _settings_digest(job.settings)})
        return job

    def mark_job_running(self, job_id: str, *, worker: str | None = None, started_at: str | None = None) -> bool:
        """The queued job ``job_id`` is running now (on ``worker``, since ``started_at``), so that
        ``jobs list`` in another process shows it so. Not audited: the row's ``running`` is what a
        listing shows of a job the signed log holds as queued and not ended (every check of an open
        job's row is against its signed entries, whatever it says of queued or running). Only a
        queued row changes: a job that already ended stays as its end recorded it. Returns whether
        the row changed."""
        with self._write() as conn:
            n = conn.execute(update(_jobs).where(_jobs.c.id == job_id, _jobs.c.state == "queued").values(
                state="running", started_at=started_at or format_time(_now()), worker=worker)).rowcount
        return bool(n)

    def record_job_progress(self, service: str, reports: Iterable[JobProgress]) -> int:
        """Keep how far running jobs have got, as their job service ``service`` reports it (one
        write transaction for all of them; one row per job, updated in place). Advisory and not
        audited: what another process shows of a running job, never what decides or ends one.

        A report is kept only for a job whose row is open (queued or running) and names
        ``service``: a report that lands after the job's end was recorded (which deletes its row)
        leaves nothing behind, and one service cannot write another's jobs' progress. Returns how
        many rows were written."""
        reports = list(reports)
        for p in reports:
            if not isinstance(p, JobProgress):
                raise RecordInvalid(f"a job progress report is a {type(p).__name__}; expected a JobProgress")
            if p.service != service:
                raise RecordInvalid(f"job progress of {p.job_id!r} names service {p.service!r}; expected {service!r}")
        if not reports:
            return 0
        ids = sorted({p.job_id for p in reports})
        written = 0
        with self._write() as conn:
            open_ = {r[0] for r in conn.execute(select(_jobs.c.id).where(
                _jobs.c.id.in_(ids), _jobs.c.state.in_(("queued", "running")), _jobs.c.service == service)).all()}
            have = {r[0] for r in conn.execute(select(_job_progress.c.job_id).where(_job_progress.c.job_id.in_(ids))).all()}
            gone = [i for i in ids if i not in open_ and i in have]
            if gone:  # ended (or not this service's): no report of it stays
                conn.execute(delete(_job_progress).where(_job_progress.c.job_id.in_(gone)))
            for p in reports:
                if p.job_id not in open_:
                    continue
                values = {"service": p.service, "stage": p.stage, "done": p.done, "total": p.total,
                          "eta_s": None if p.eta_s is None else float(p.eta_s), "reported_at": p.reported_at}
                if p.job_id in have:
                    conn.execute(update(_job_progress).where(_job_progress.c.job_id == p.job_id).values(**values))
                else:
                    conn.execute(_job_progress.insert().values(job_id=p.job_id, **values))
                    have.add(p.job_id)
                written += 1
        return written

    def job_progress(self, job_ids: Iterable[str]) -> dict[str, JobProgress]:
        """The last progress reports of ``job_ids`` (job id -> :class:`JobProgress`; none for a job
        without one). Advisory: a row that is not a valid report (written behind the studio) is
        left out and logged. Who reads it must take the job's state from its job row (a report is
        no sign that a job is open or alive: see ``creator.jobs.manager.stored_views``)."""
        ids = sorted({str(i) for i in job_ids})
        out: dict[str, JobProgress] = {}
        if not ids:
            return out
        c = _job_progress.c
        with self._read() as conn:
            # SQLite's driver decodes a text column as it fetches the rows, so one value that is not
            # UTF-8 (written behind the studio) failed the whole read and hid every job's progress
            # (red team, session 55, F5): the text columns are read as bytes, decoded row by row
            texts = ([cast(col, LargeBinary).label(col.name) for col in (c.service, c.stage, c.reported_at)]
                     if conn.dialect.name == "sqlite" else [c.service, c.stage, c.reported_at])
            q = select(c.job_id, c.done, c.total, c.eta_s, *texts)
            rows = []
            for i in range(0, len(ids), 500):
                rows += conn.execute(q.where(c.job_id.in_(ids[i:i + 500]))).all()
        for r in rows:
            try:
                service, stage, reported_at = (bytes(v).decode("utf-8") if isinstance(v, (bytes, memoryview)) else v
                                               for v in (r.service, r.stage, r.reported_at))
                out[r.job_id] = JobProgress(job_id=r.job_id, service=service, stage=stage, done=r.done,
                                            total=r.total, eta_s=r.eta_s, reported_at=reported_at)
            except (RecordInvalid, UnicodeDecodeError) as e:
                log.warning("job progress row of %r is not a valid report; not shown: %s", r.job_id, e)
        return out

    def note_jobs_watched(self, job_ids: Iterable[str], at: str) -> int:
        """A page (of this studio process, which does not run them) still follows the open jobs
        ``job_ids``, as of ``at`` (RFC 3339 UTC): their job service, in another process, does not
        cancel them as abandoned (``creator.jobs.manager``). Advisory and not audited; a job that
        ended is left out. Returns how many rows were written."""
        ids = sorted({str(i) for i in job_ids})
        when = datetime.fromisoformat(at) if isinstance(at, str) else None
        if when is None or when.tzinfo is None:
            raise RecordInvalid(f"job watch time is {at!r}; expected an RFC 3339 UTC time")
        if not ids:
            return 0
        with self._write() as conn:
            open_ = [r[0] for r in conn.execute(select(_jobs.c.id).where(
                _jobs.c.id.in_(ids), _jobs.c.state.in_(("queued", "running")))).all()]
            have = {r[0] for r in conn.execute(select(_job_watch.c.job_id).where(_job_watch.c.job_id.in_(open_))).all()}
            for job_id in open_:
                if job_id in have:
                    conn.execute(update(_job_watch).where(_job_watch.c.job_id == job_id).values(watched_at=at))
                else:
                    conn.execute(_job_watch.insert().values(job_id=job_id, watched_at=at))
        return len(open_)

    def jobs_watched(self, job_ids: Iterable[str]) -> dict[str, datetime]:
        """When a page of another process last followed each of ``job_ids`` (job id -> aware
        time; none for a job nobody followed elsewhere). Advisory: a row that is not a time (written
        behind the studio) is left out and logged."""
        ids = sorted({str(i) for i in job_ids})
        out: dict[str, datetime] = {}
        if not ids:
            return out
        c = _job_watch.c
        with self._read() as conn:
            at = cast(c.watched_at, LargeBinary).label("watched_at") if conn.dialect.name == "sqlite" else c.watched_at
            rows = []
            for i in range(0, len(ids), 500):
                rows += conn.execute(select(c.job_id, at).where(c.job_id.in_(ids[i:i + 500]))).all()
        for r in rows:
            try:
                text_ = bytes(r.watched_at).decode("utf-8") if isinstance(r.watched_at, (bytes, memoryview)) else r.watched_at
                when = datetime.fromisoformat(text_)
                if when.tzinfo is None:
                    raise ValueError("no time zone")
                out[r.job_id] = when
            except (TypeError, ValueError, UnicodeDecodeError) as e:
                log.warning("job watch row of %r is not a time; not read: %s", r.job_id, e)
        return out

    def request_job_cancel(self, job_id: str, by: str) -> JobRecord:
        """Ask the service that owns a queued or running job to cancel it (audited); a job that
        already ended is refused."""
        if not by or not by.strip():
            raise RecordInvalid("cancel requested by nobody; expected who asks (e.g. 'cli:root')")
        with self._write() as conn:
            r = self._job_row(conn, job_id)
            if r.state in JOB_FINAL_STATES:
                raise RegistryError(f"job '{job_id}' already ended ({r.state}); expected a queued or running job")
            # the signed log says whether someone asked already, not the row (a name written into it
            # behind the log would swallow this request; one cleared from it would repeat one)
            entries, problems = self._job_entries(conn, [job_id])
            ended = self._ended_in_log(job_id, r.state, entries.get(job_id, {}))
            require(problems + ([ended] if ended else []))
            asked = entries.get(job_id, {}).get("cancel")
            if asked is None:
                conn.execute(update(_jobs).where(_jobs.c.id == job_id).values(cancel_requested_by=by.strip()))
                self._audit(conn, "job_cancel_requested", {"job_id": job_id, "by": by.strip()})
            elif r.cancel_requested_by != asked[1].get("by"):
                conn.execute(update(_jobs).where(_jobs.c.id == job_id).values(cancel_requested_by=asked[1].get("by")))
            return self._job_from_row(self._job_row(conn, job_id))

    def job_cancel_requests(self, after: int | None = None, limit: int = 500) -> tuple[list[tuple[str, str]], int]:
        """Cancel requests the signed log holds after entry ``after``, oldest first, as (job id, who
        asked), and the entry to read on from. ``after=None``: none, and where the log ends now (a
        job service starts reading there: its jobs are younger). A job service acts on these, never
        on the ``cancel_requested_by`` column a database editor can write or clear; an entry not as
        the audit key signed it is skipped (and named in the log of the service)."""
        with self._read() as conn:
            if after is None:
                head = conn.execute(text("SELECT max(seq) FROM audit_entries")).scalar()
                return [], int(head or 0)
            rows = conn.execute(text(
                "SELECT seq, at, kind, payload, prev_hash, hash, sig FROM audit_entries "
                "WHERE kind = 'job_cancel_requested' AND seq > :after ORDER BY seq LIMIT :n"),
                {"after": int(after), "n": int(limit)}).all()
        out, last = [], int(after)
        for r in rows:
            e = AuditEntry(*r)
            last = max(last, int(e.seq))
            if not self.entry_intact(e):
                log.warning("audit entry %s (job_cancel_requested) is not as the audit key signed it; ignored", e.seq)
                continue
            p = e.payload
            if isinstance(p.get("job_id"), str) and isinstance(p.get("by"), str):
                out.append((p["job_id"], p["by"]))
        return out, last

    def first_job_submitted_seq(self, job_ids: Iterable[str]) -> int | None:
        """The lowest entry number of the signed ``job_submitted`` entries of ``job_ids`` (None: the
        log queued none of them). A job service that could not read where the log ended when it
        started reads cancel requests from here (none for its jobs can come before)."""
        with self._read() as conn:
            entries, _problems = self._job_entries(conn, list(job_ids))
        seqs = [int(e["submitted"][0]) for e in entries.values() if e.get("submitted") is not None]
        return min(seqs) if seqs else None

    def admit_job(self, job_id: str, request_digest: str) -> JobRecord:
        """The queued job ``job_id`` as a worker is about to run it: its row must say what its signed
        ``job_submitted`` (and cancel) entries say, and the request the worker holds must be the one
        that entry signed (``request_digest``). :class:`IntegrityFailure` otherwise — the job must not
        run: settings rewritten while it waited would be what its history shows and reuses;
        :class:`NotFound` while its queued row is not committed yet; :class:`JobCancelRequested`
        when the signed log holds a cancel request for it (it must not start)."""
        with self._read() as conn:
            rec = self._job_from_row(self._job_row(conn, job_id))
            if rec.final:
                raise RegistryError(f"job '{job_id}' already ended ({rec.state}); a worker starts queued jobs only")
            mine = self._check_queued_job(conn, rec)  # one read of its signed entries serves both checks
            if rec.request_digest != request_digest:
                require([f"job '{job_id}': the request the worker holds is not the one its signed job_submitted entry "
                         "records"])
            # someone asked (signed) to cancel it while it waited: it never starts, whether or not
            # its service has read that request yet (red team 35)
            asked = mine.get("cancel")
            if asked is not None:
                raise JobCancelRequested(f"job '{job_id}' was cancelled by {asked[1].get('by')} (audit entry {asked[0]}) "
                                         "before it started; nothing was generated")
            return rec

    def finish_job(self, job_id: str, state: str, *, started_at: str | None = None, finished_at: str | None = None,
                   worker: str | None = None, seed: int | None = None, decision_id: str | None = None,
                   outputs: Sequence[Mapping[str, Any]] = (), error: str | None = None,
                   timings: Mapping[str, Any] | None = None, cancelled_by: str | None = None) -> JobRecord:
        """Record how a job ended, once (audited as ``job_finished``). A job that already ended is refused.
        ``cancelled_by`` names who asked for a cancel (kept when the row already names someone)."""
        if state not in JOB_FINAL_STATES:
            raise RecordInvalid(f"a job ends 'done', 'denied', 'failed' or 'cancelled'; found {state!r}")
        if state == "done" and not outputs:
            raise RecordInvalid(f"job '{job_id}' is 'done' without outputs; expected at least one output")
        outs = [dict(o) for o in outputs]
        for o in outs:
            if not _SHA256.match(str(o.get("sha256", ""))):
                raise RecordInvalid(f"job '{job_id}': output sha256 is {o.get('sha256')!r}; expected 64 lowercase hex digits")
        finished_at = finished_at or format_time(_now())
        with self._write() as conn:
            r = self._job_row(conn, job_id)
            if r.state in JOB_FINAL_STATES:
                raise RegistryError(f"job '{job_id}' already ended ({r.state}); a job ends once")
            # who asked for a cancel and what the job asked for, as the signed log says (never the
            # row: a row rewritten behind the log must not be signed into the job's end)
            entries, _problems = self._job_entries(conn, [job_id])
            ended = self._ended_in_log(job_id, r.state, entries.get(job_id, {}))
            if ended:
                require([ended])  # a job ends once, as the signed log says, whatever its row says
            submitted, asked = entries.get(job_id, {}).get("submitted"), entries.get(job_id, {}).get("cancel")
            by = (asked[1].get("by") if asked is not None else None) or cancelled_by
            if submitted is None:
                settings_sha = None  # no signed entry queued it: its settings are vouched for by nothing
            else:
                settings_sha = submitted[1].get("settings_sha256", _settings_digest(json.loads(r.settings or "{}")))
            entry = self._audit(conn, "job_finished", {
                "job_id": job_id, "owner": r.owner, "state": state, "seed": seed, "decision_id": decision_id,
                "outputs": [o["sha256"] for o in outs], "error": error, "worker": worker,
                "cancelled_by": by,
                # what the job asked for, as its signed job_submitted entry says: the row is read
                # back against this digest
                "settings_sha256": settings_sha})
            conn.execute(update(_jobs).where(_jobs.c.id == job_id).values(
                cancel_requested_by=by,
                state=state, started_at=started_at, finished_at=finished_at, worker=worker, seed=seed,
                decision_id=decision_id, outputs=json.dumps(outs, sort_keys=True), error=error,
                timings=json.dumps(dict(timings or {}), sort_keys=True), audit_seq=entry.seq))
            # its last progress report goes with the end (a job that ended shows its end only),
            # and so does another process's note that a page follows it
            conn.execute(delete(_job_progress).where(_job_progress.c.job_id == job_id))
            conn.execute(delete(_job_watch).where(_job_watch.c.job_id == job_id))
            return self._job_from_row(self._job_row(conn, job_id))

    def get_job(self, job_id: str) -> JobRecord:
        """One job; an ended job's row must agree with its signed ``job_finished`` entry."""
        with self._read() as conn:
            rec = self._job_from_row(self._job_row(conn, job_id))
            self._check_job(conn, rec)
            return rec

    def list_jobs(self, owner: str | None = None, states: Iterable[str] | None = None, *, service: str | None = None,
                  limit: int | None = 100, cancel_requested: bool | None = None,
                  problems: list[str] | None = None,
                  refused: list[tuple[str, str | None, str]] | None = None) -> list[JobRecord]:
        """Jobs newest first, optionally of one owner / in some states / queued by one service.

        Each row must agree with the signed log (:class:`IntegrityFailure` otherwise). ``problems``
        (a list): a row that does not agree, or is corrupt, is left out and why is appended there
        instead, so one row written behind the log cannot stop the job service (red team 35) or
        hide everyone's jobs; a view that passes it must still say each problem (``jobs list``
        lists the rest, then fails naming them). ``refused`` (a list, with ``problems``): each such
        row's (id, service, problem) as the row holds them -- unvouched text (job recovery moves
        the staging folder of such a row aside, never trusting its id as a path)."""
        q = select(_jobs).order_by(_jobs.c.submitted_at.desc(), _jobs.c.id.desc())
        wanted = None
        if owner is not None:
            q = q.where(_jobs.c.owner == owner)
        if states is not None:
            wanted = sorted(set(states))
            bad = [x for x in wanted if x not in JOB_STATES]
            if bad:
                raise RecordInvalid(f"job states {bad}; expected some of {sorted(JOB_STATES)}")
            q = q.where(_jobs.c.state.in_(wanted))
        if service is not None:
            q = q.where(_jobs.c.service == service)
        if cancel_requested is not None:
            q = q.where(_jobs.c.cancel_requested_by.isnot(None) if cancel_requested else _jobs.c.cancel_requested_by.is_(None))
        if limit is not None:
            q = q.limit(int(limit))

        def selected(rec: JobRecord) -> bool:  # the filter, on a row held to the signed log
            return ((owner is None or rec.owner == owner) and (wanted is None or rec.state in wanted)
                    and (service is None or rec.service == service)
                    and (cancel_requested is None or (rec.cancel_requested_by is not None) == cancel_requested))

        with self._read() as conn:
            rows = conn.execute(q).all()
            if owner is not None or states is not None or service is not None:
                # the filter above reads the row's own columns, which a database editor can
                # rewrite: the jobs the signed log says it selects are read too (and held to it)
                have = {r.id for r in rows}
                rows += [r for r in self._signed_job_rows(conn, owner, wanted, service, limit, problems) if r.id not in have]
            recs = []
            for r in rows:
                # a corrupt row, or one the signed log does not vouch for (a database error still raises)
                try:
                    rec = self._job_from_row(r)
                    bad = None
                except RegistryError as e:
                    bad = e
                else:
                    try:
                        self._check_job(conn, rec)
                    except IntegrityFailure as e:
                        bad = e
                if bad is not None:
                    if problems is None:
                        raise bad
                    problems.append(str(bad))
                    if refused is not None:
                        refused.append((str(r.id), None if r.service is None else str(r.service), str(bad)))
                    continue
                if selected(rec):  # a row the log vouches for that the log says is not selected: not listed
                    recs.append(rec)
        recs.sort(key=lambda j: (j.submitted_at, j.id), reverse=True)
        return recs if limit is None else recs[:int(limit)]

    def _signed_job_rows(self, conn: Connection, owner: str | None, states: Sequence[str] | None,
                         service: str | None, limit: int | None, problems: list[str] | None = None) -> list[Any]:
        """The rows of the jobs the signed log says a filter selects, whatever their owner, state
        and service columns say: the jobs it queued and has not ended (``queued``), of ``owner``
        and ``service`` as their ``job_submitted`` entries sign them; and, for a listing of
        ``owner`` that asks for ended jobs too, the newest ``limit`` jobs that owner's signed
        ``job_submitted`` entries queued. Both from the replayed state (:attr:`IntegrityState.open_jobs`,
        :attr:`IntegrityState.owner_jobs`), never from the mentions index (derived data a database
        editor can delete rows of: red team 38). Only a listing of more than the owner's newest
        :data:`consent.integrity.OWNER_JOBS_KEPT` jobs reads the older ones through that index, each entry held to
        the audit key, and names the index when it finds fewer than the log's count (``problems``,
        or :class:`IntegrityFailure`). A row missing here is left to ``audit verify`` (which names it)."""
        ids: set[str] = set()
        want_open = states is None or bool({"queued", "running"} & set(states))
        want_ended = owner is not None and (states is None or bool(set(states) & JOB_FINAL_STATES))
        if not (want_open or want_ended):
            return []
        opened, owned = self._jobs_kept(conn, self._integrity(conn), owner)
        if want_open:
            for jid, j in opened.items():
                if (owner is None or j.get("owner") == owner) and (service is None or j.get("service") == service):
                    ids.add(jid)
        if want_ended:
            count, newest = int(owned.get("count", 0)), list(owned.get("newest") or ())
            ids.update(newest if limit is None else newest[max(0, len(newest) - int(limit)):])
            if (limit is None or int(limit) > len(newest)) and count > len(newest):
                ids |= self._older_owner_jobs(conn, owner, count, limit, problems)
        out: list[Any] = []
        ordered = sorted(ids)
        for i in range(0, len(ordered), 500):
            out += conn.execute(select(_jobs).where(_jobs.c.id.in_(ordered[i:i + 500]))).all()
        return out

    def _older_owner_jobs(self, conn: Connection, owner: str, count: int, limit: int | None,
                          problems: list[str] | None) -> set[str]:
        """The ids of ``owner``'s newest ``limit`` (all: None) signed ``job_submitted`` entries,
        through the mentions index (a listing longer than the state keeps; an owner name the index
        does not hold: every ``job_submitted`` entry, the rare path): each entry held to the audit
        key; when the entries end before ``limit`` with fewer of the owner's than the log's
        ``count``, rows were deleted or edited behind the log and that is named."""
        if audit_index.indexed(owner):
            q = (f"SELECT e.seq, e.at, e.kind, e.payload, e.prev_hash, e.hash, e.sig FROM {audit_index.TABLE} m "
                 "JOIN audit_entries e ON e.seq = m.seq WHERE m.mention = :o AND e.kind = 'job_submitted' "
                 "ORDER BY m.seq DESC" + ("" if limit is None else " LIMIT :n"))
            entries = [AuditEntry(*r) for r in conn.execute(text(q), {"o": owner, "n": None if limit is None else int(limit)})]
            via = "the audit mentions index finds"
        else:
            entries = [e for e in self._signed_entries(conn, ("job_submitted",)) if e.payload.get("owner") == owner]
            entries = entries[::-1] if limit is None else entries[:-int(limit) - 1:-1]
            via = "the log's job_submitted entries (by their kind column) hold"
        ids: set[str] = set()
        for e in entries:
            if not self.entry_intact(e):
                require([f"audit entry {e.seq} ({e.kind}) is not as this installation's audit key signed it"])
            if e.payload.get("owner") == owner and isinstance(e.payload.get("job_id"), str):
                ids.add(e.payload["job_id"])
        if (limit is None or len(entries) < int(limit)) and len(ids) < count:
            bad = (f"the signed audit log queued {count} jobs of {owner!r} but {via} only {len(ids)} of them (rows "
                   f"were deleted or edited behind the log): {owner!r}'s older jobs cannot all be listed; run "
                   "'consent-studio audit verify'")
            if problems is None:
                require([bad])
            problems.append(bad)
        return ids

    def _jobs_kept(self, conn: Connection, st: IntegrityState,
                   owner: str | None) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
        """The jobs the signed log queued and has not ended (id -> owner, service), and ``owner``'s
        signed jobs ({"count", "newest"}: :attr:`IntegrityState.owner_jobs`), as of ``st`` (copies,
        taken under the state lock: another thread's read replays into it in place). A state from a
        snapshot written before these were kept reads them from the log once (its job entries, each
        held to the audit key), and stores a snapshot that keeps them (once per database, not per
        process: 7.5 s CPU for 20,000 ended jobs, bench/results/jobs_list_rt38_upgrade.json)."""
        stored = False
        with self._state_lock:
            if st.jobs_from:
                opened: dict[str, dict[str, Any]] = {}
                owners: dict[str, dict[str, Any]] = {}
                for e in self._signed_entries(conn, ("job_submitted", "job_finished")):
                    if e.seq > st.seq:
                        break
                    jid = e.payload.get("job_id")
                    if not isinstance(jid, str):
                        continue
                    if e.kind == "job_submitted":
                        opened[jid] = {"owner": e.payload.get("owner"), "service": e.payload.get("service")}
                        if isinstance(e.payload.get("owner"), str):
                            add_owner_job(owners, e.payload["owner"], jid)
                    else:
                        opened.pop(jid, None)
                head = conn.execute(_HEAD).first()
                if head is not None and int(head[0]) == st.seq:
                    st.open_jobs, st.owner_jobs, st.jobs_from = opened, owners, 0
                    stored = st is self._state
                # else another thread's read caught ``st`` up past this read's snapshot: the
                # entries after it are not visible here, so the state is filled by a later read
                mine = owners.get(owner) if owner is not None else None
            else:
                opened, mine = st.open_jobs, st.owner_jobs.get(owner) if owner is not None else None
            opened = dict(opened)
            mine = {"count": mine["count"], "newest": list(mine["newest"])} if mine else {}
        if stored and getattr(self._tx, "conn", None) is None:  # not inside batch(): its write would wait on it
            self._write_snapshot(replace=True)
        return opened, mine

    def outputs_for_job(self, job_id: str) -> list[OutputRecord]:
        """The outputs a job made (each checked against its signed generation entry)."""
        with self._read() as conn:
            recs = [self._output_from_row(r) for r in conn.execute(
                select(_outputs).where(_outputs.c.job_id == job_id).order_by(_outputs.c.id)).all()]
            return [self._check_output(conn, rec) for rec in recs]

    def list_outputs(self, limit: int | None = None) -> list[OutputRecord]:
        """Every output record, newest first (each checked against its signed generation entry)."""
        q = select(_outputs).order_by(_outputs.c.id.desc())
        if limit is not None:
            q = q.limit(int(limit))
        with self._read() as conn:
            recs = [self._output_from_row(r) for r in conn.execute(q).all()]
            return [self._check_output(conn, rec) for rec in recs]

    @staticmethod
    def _job_row(conn: Connection, job_id: str) -> Any:
        r = conn.execute(select(_jobs).where(_jobs.c.id == job_id)).first()
        if r is None:
            raise NotFound(f"job '{job_id}' is not recorded")
        return r

    @staticmethod
    def _job_from_row(r: Any) -> JobRecord:
        try:
            return JobRecord(
                id=r.id, owner=r.owner, state=r.state, submitted_at=r.submitted_at, request_digest=r.request_digest,
                settings=json.loads(r.settings or "{}"), service=r.service, cancel_requested_by=r.cancel_requested_by,
                started_at=r.started_at, finished_at=r.finished_at, worker=r.worker,
                seed=int(r.seed) if r.seed is not None else None, decision_id=r.decision_id,
                outputs=tuple(json.loads(r.outputs or "[]")), error=r.error, timings=json.loads(r.timings or "{}"),
                audit_seq=r.audit_seq)
        except (RecordInvalid, ValueError, TypeError) as e:
            raise RegistryError(f"job row '{r.id}' is corrupt: {e}") from None

    def _job_entries(self, conn: Connection, ids: Iterable[str]) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """The signed ``job_submitted`` entry and first ``job_cancel_requested`` entry ((seq, payload)
        each, or absent) of each job id, through the mentions index (one index range per id), with
        the entries found not as the audit key signed them. An index row a database editor deleted
        leaves a job without its entry (refused; ``audit verify`` names the index row)."""
        wanted = set(ids)
        out: dict[str, dict[str, Any]] = {}
        entries, problems = self._signed_mentions(conn, wanted, ("job_submitted", "job_cancel_requested", "job_finished"))
        slots = {"job_submitted": "submitted", "job_cancel_requested": "cancel", "job_finished": "finished"}
        for e in entries:
            jid = e.payload.get("job_id")
            if jid not in wanted:
                continue
            out.setdefault(jid, {}).setdefault(slots[e.kind], (e.seq, e.payload))  # the first of each
        return out, problems

    @staticmethod
    def _ended_in_log(job_id: str, row_state: str, mine: dict[str, Any]) -> str | None:
        """(red team, session 54) A job the signed log ended, whose row says it is open: the row was
        rewritten behind the log. Nothing may end it again or cancel it (a second, contradicting
        ``job_finished`` would be signed), and no listing may show it open."""
        done = mine.get("finished")
        if done is None:
            return None
        return (f"job '{job_id}' ended at signed job_finished entry {done[0]} ({done[1].get('state')}), but its row "
                f"says {row_state!r} (rewritten behind the log)")

    def _job_ended(self, conn: Connection, job_id: str, st: IntegrityState) -> str | None:
        """Whether the signed log ended job ``job_id`` (its ``job_finished`` entry, found through the
        mentions index; or, that index being derived and unsigned, a job whose signed
        ``job_submitted`` entry the replayed log no longer holds open): why, or None. A job id the
        log never queued (a run given one without a job service) is not ended."""
        entries, _problems = self._job_entries(conn, [job_id])
        mine = entries.get(job_id, {})
        done = mine.get("finished")
        if done is not None:
            return f"job '{job_id}' already ended ({done[1].get('state')}, signed job_finished entry {done[0]})"
        submitted = mine.get("submitted")
        if submitted is None:
            return None
        closed = self._as_of(conn, lambda s: (s.jobs_from == 0 or submitted[0] > s.jobs_from)
                             and job_id not in s.open_jobs, st)
        return f"job '{job_id}' already ended in the signed log" if closed else None

    def _check_job(self, conn: Connection, rec: JobRecord) -> None:
        """An ended job's row must say what its signed ``job_finished`` entry says; a queued or
        running one's what its ``job_submitted`` and ``job_cancel_requested`` entries say."""
        if not rec.final:
            self._check_queued_job(conn, rec)
            return
        e = read_entry(conn, rec.audit_seq) if rec.audit_seq is not None else None
        if e is None or e.kind != "job_finished" or not e.content_hashes_to_its_hash \
                or not self._keys.entry_signed(e.hash, e.sig):
            require([f"job '{rec.id}' has no signed job_finished entry in the audit log"])
        bad = job_row_problem(rec, e.seq, e.payload, _settings_digest(rec.settings))
        if bad:
            require([bad])


    def _check_queued_job(self, conn: Connection, rec: JobRecord) -> dict[str, Any]:
        """:meth:`_check_job` of a queued or running job; returns its signed entries (``submitted``,
        ``cancel``: (seq, payload) each, or absent) as :meth:`_job_entries` read them."""
        entries, problems = self._job_entries(conn, [rec.id])
        mine = entries.get(rec.id, {})
        bad = self._ended_in_log(rec.id, rec.state, mine) or queued_job_problem(
            rec, mine.get("submitted"), mine.get("cancel"), _settings_digest(rec.settings))
        require(problems + ([bad] if bad else []))
        submitted = mine.get("submitted")

        def ended_in_state(st: IntegrityState) -> list[str]:
            # (red team 2, session 54) the mentions index is derived and unsigned: with the row of the
            # job's job_finished entry deleted from it, the index reads no end. The replayed log's
            # open jobs do not depend on it (jobs queued before ``jobs_from`` are not kept there).
            if submitted is not None and (st.jobs_from == 0 or submitted[0] > st.jobs_from) \
                    and rec.id not in st.open_jobs:
                return [f"job '{rec.id}' ended in the signed log, but its row says {rec.state!r} "
                        "(rewritten behind the log)"]
            return []

        self._held(conn, ended_in_state)
        return mine


def _settings_digest(settings: Mapping[str, Any]) -> str:
    """SHA-256 of a job's settings as the jobs table stores them (sorted-key JSON)."""
    return hashlib.sha256(json.dumps(dict(settings), sort_keys=True).encode("utf-8")).hexdigest()


def _as_public_key(k: Any):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    if isinstance(k, Ed25519PublicKey):
        return k
    if isinstance(k, Ed25519PrivateKey):
        return k.public_key()
    if isinstance(k, (str, bytes)):
        return public_key_from_pem(k)
    raise SignatureInvalid(f"public key is a {type(k).__name__}; expected an Ed25519 public key or its PEM")

