"""What the registry's tables must say, derived from the signed audit log.

Every change to the registry appends a signed audit entry in the same transaction (see
:mod:`consent.audit`). :class:`IntegrityState` replays those entries into the state that
matters for consent — who a subject is (names, kind, minor, opt-out, representative, keys),
which grants exist with which digest, revocation and usage, the verifier keys, the face
templates (by embedding digest), adapter bindings and name exceptions — and the registry
compares what it reads from its tables against it. Whoever edits the database without the
audit key (deletes a revocation, resets a usage counter, clears an opt-out or a minor flag,
adds a key id or an alias, swaps a face template) makes the two disagree, and every read
that feeds a decision or a verification fails closed with ``registry integrity failure: …``.

Replaying a long log is bounded by signed **state snapshots** (this state at one entry,
signed by the audit key, stored in the database every :data:`SNAPSHOT_EVERY` entries): a
reader starts from the newest snapshot whose entry still hashes the same, and replays the
rest. An older snapshot is harmless (the replay catches up); a forged one fails its signature.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from consent.errors import RegistryError

__all__ = ["AnchorMismatch", "IntegrityFailure", "IntegrityState", "SNAPSHOT_EVERY", "embedding_digest", "model_state", "name_key"]

#: A signed state snapshot is written once the log has grown this many entries past the last one.
SNAPSHOT_EVERY = 2000
#: How many of each job owner's newest jobs the replayed state names (``list_jobs`` of an owner's
#: ended jobs: a listing of up to this many is chosen from the signed log alone).
OWNER_JOBS_KEPT = 500


class IntegrityFailure(RegistryError):
    """The registry's tables disagree with its signed audit log (or the log itself is broken)."""

    title = "Registry integrity failure"

    def __init__(self, message: str):
        super().__init__(message if message.startswith("registry integrity failure") else f"registry integrity failure: {message}")


class AnchorMismatch(IntegrityFailure):
    """The audit log does not extend the installation's anchor (the signed head kept outside the
    database): it was truncated, rolled back to an older copy, or forked. Nothing is appended to
    such a log — an entry appended to it would let the anchor move onto the fork."""


def embedding_digest(embedding_bytes: bytes) -> str:
    return hashlib.sha256(embedding_bytes).hexdigest()


#: A watched name's fields, as its ``name_watch_added`` entry signs them and its row holds them.
WATCH_FIELDS = ("name", "reason", "added_by", "added_at")


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _rep(rep: Any) -> dict[str, Any] | None:
    if rep is None:
        return None
    if isinstance(rep, dict):
        return {"name": rep.get("name"), "role": rep.get("role"), "key_id": rep.get("key_id")}
    return {"name": rep.name, "role": str(rep.role), "key_id": rep.key_id}


def model_state(m: Any) -> dict[str, Any]:
    """What the signed log keeps of a registered model (a row, a record or an audit payload):
    kind, path, digest, pickle permission and — for a checkpoint registered with its config
    folder (schema 0011) — that folder. A model without one keeps the old form, so snapshots
    and log entries written before 0011 compare equal to their rows."""
    get = m.get if isinstance(m, dict) else (lambda k, default=None: getattr(m, k, default))
    out = {"kind": get("kind"), "path": get("path"), "sha256": get("sha256"), "allow_pickle": bool(get("allow_pickle"))}
    if get("config") is not None:
        out["config"] = get("config")
    return out


def approval_summary_sha256(summary: Any) -> str:
    """Digest of what a use approval shows the person (``consent.approvals``): the replayed log
    keeps it, so a summary changed in the database (another prompt shown for the same request)
    fails closed. The request's input previews count by their digests (:func:`previews_digested`),
    so the signed entry, which keeps only those, and the row, which keeps the pictures, agree."""
    return hashlib.sha256(json.dumps(previews_digested(summary), sort_keys=True).encode("utf-8")).hexdigest()


def previews_digested(summary: Any) -> Any:
    """``summary`` with each input preview of its request (base64 JPEG) replaced by
    ``"sha256:<hex>"`` of it: what the signed audit log keeps of the pictures (red team 71: the
    pictures themselves, 38 KB an entry, possibly of other people, stayed in the append-only log
    for good)."""
    if not isinstance(summary, dict) or not isinstance(summary.get("request"), dict) \
            or not isinstance(summary["request"].get("previews"), dict):
        return summary

    def digest(v: Any) -> Any:
        if isinstance(v, str) and not v.startswith("sha256:"):
            return "sha256:" + hashlib.sha256(v.encode("ascii", "replace")).hexdigest()
        if isinstance(v, list):
            return [digest(x) for x in v]
        return v

    previews = {k: digest(v) for k, v in summary["request"]["previews"].items()}
    return {**summary, "request": {**summary["request"], "previews": previews}}


def strings_of(v: Any) -> set[str]:
    """Every string in a JSON value (keys and values, at any depth)."""
    out: set[str] = set()
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            out.add(x)
        elif isinstance(x, dict):
            out.update(k for k in x if isinstance(k, str))
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
    return out


@dataclass
class IntegrityState:
    """The consent-relevant state at audit entry ``seq`` (hash ``hash``)."""

    seq: int = 0
    hash: str = "0" * 64
    subjects: dict[str, dict[str, Any]] = field(default_factory=dict)
    grants: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)  # key_id -> {kind, subject_id}
    templates: dict[int, dict[str, Any]] = field(default_factory=dict)  # id -> {subject_id, model, sha256}
    adapters: dict[str, dict[str, Any]] = field(default_factory=dict)  # sha256 -> {subject_id, kind}
    name_exceptions: dict[str, str] = field(default_factory=dict)  # key -> name
    models: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> model_state(): {kind, path, sha256, allow_pickle[, config]}
    #: grant drafts awaiting signatures: id -> {subject_id, sha256, status, signers: {role: {token_sha256,
    #: expires_at, state, key_id, representative}}} (representative: who a guardian's, estate's or
    #: agent's link was sent to, {name, role}; absent in snapshots written before it was kept)
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: passkeys bound to subjects: key_id -> {subject_id, role, credential_id, public_key}
    passkeys: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: approve-each-use approvals: id -> {grant_id, request_digest, status}
    approvals: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: grant id -> seq of the newest signed ``generation`` entry that counted outputs against it
    #: (the person's ledger checks that the grant-use index's newest row is that entry).
    grant_last_use: dict[str, int] = field(default_factory=dict)
    #: uses up to this entry are not in :attr:`grant_last_use` (0: every use is): a state started
    #: from a snapshot written before it was kept, or from an unsigned log's baseline.
    last_use_from: int = 0
    #: jobs the signed log queued (``job_submitted``) and has not ended (``job_finished``): job id ->
    #: {owner, service} as signed. Few at a time (a queue, not the history). ``list_jobs`` selects
    #: by these, not by the row's editable owner/state columns.
    open_jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: each job owner's signed ``job_submitted`` entries: owner -> {"count": how many, "newest": the
    #: ids of the newest :data:`OWNER_JOBS_KEPT`, oldest first}. ``list_jobs`` of an owner's ended
    #: jobs selects by these, not by the row's editable owner column nor the (derived, unsigned)
    #: mentions index (red team 38). Bounded: owners x OWNER_JOBS_KEPT ids, not the history.
    owner_jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: jobs queued up to this entry are not in :attr:`open_jobs` nor :attr:`owner_jobs` (0: all
    #: are): a state started from a snapshot written before they were kept (the registry reads
    #: them from the log once).
    jobs_from: int = 0
    #: watched names (real people an operator listed for the name check): key -> the row as signed
    #: ({name, reason, added_by, added_at}: red team 56 — the list's reasons and authors are the
    #: record). Last of the fields: :meth:`from_bytes` passes the older ones by position.
    name_watch: dict[str, dict[str, str]] = field(default_factory=dict)
    #: passkeys that are never bound again and open nothing (session 67): key id -> "withdrawn"
    #: (a dispute's ``withdrawn``, or an operator's ``passkey_withdrawn``) or "disputed" (an entry
    #: written before session 67, which withdrew nothing). Read from here, never from the audit
    #: search (red team s67: its index rows and kind column are editable)
    retired_passkeys: dict[str, str] = field(default_factory=dict)
    #: passkeys an operator confirmed in person (``passkey_bound`` with ``confirmed_by``)
    confirmed_passkeys: dict[str, str] = field(default_factory=dict)
    #: the two above miss what entries up to this one did (0: they hold everything): a state from a
    #: snapshot written before they were kept; those entries are looked up in the log instead
    passkeys_from: int = 0

    # ------------------------------------------------------------------ serialisation
    def to_bytes(self) -> bytes:
        d = {"seq": self.seq, "hash": self.hash, "people_version": self.people_version, "subjects": self.subjects, "grants": self.grants, "keys": self.keys,
             "templates": {str(k): v for k, v in self.templates.items()}, "adapters": self.adapters,
             "name_exceptions": self.name_exceptions, "models": self.models, "drafts": self.drafts,
             "passkeys": self.passkeys, "approvals": self.approvals,
             "grant_last_use": self.grant_last_use, "last_use_from": self.last_use_from,
             "open_jobs": self.open_jobs, "owner_jobs": self.owner_jobs, "jobs_from": self.jobs_from,
             "name_watch": self.name_watch, "retired_passkeys": self.retired_passkeys,
             "confirmed_passkeys": self.confirmed_passkeys, "passkeys_from": self.passkeys_from}
        return gzip.compress(json.dumps(d, sort_keys=True, separators=(",", ":")).encode("utf-8"), compresslevel=6, mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> IntegrityState:
        d = json.loads(gzip.decompress(data))
        st = cls(d["seq"], d["hash"], d["subjects"], d["grants"], d["keys"],
                 {int(k): v for k, v in d["templates"].items()}, d["adapters"], d["name_exceptions"], d.get("models", {}),
                 d.get("drafts", {}), d.get("passkeys", {}), d.get("approvals", {}))
        st.people_version = d.get("people_version", d["seq"])
        st.people_log_from = int(d["seq"])  # the people-changing entries before it were not replayed here
        st.name_watch = {k: dict(v) for k, v in (d.get("name_watch") or {}).items()}  # (none before migration 0014)
        if "grant_last_use" in d:
            st.grant_last_use, st.last_use_from = dict(d["grant_last_use"]), int(d.get("last_use_from", 0))
        else:  # written before the newest uses were kept: uses up to it are not known by entry
            st.last_use_from = int(d["seq"])
        if "retired_passkeys" in d:
            st.retired_passkeys, st.confirmed_passkeys = dict(d["retired_passkeys"]), dict(d["confirmed_passkeys"])
            st.passkeys_from = int(d.get("passkeys_from", 0))
        else:  # written before session 67: what entries up to it retired or confirmed is read from the log
            st.passkeys_from = max(1, int(d["seq"]))
        if "open_jobs" in d and "owner_jobs" in d:
            st.open_jobs, st.owner_jobs = dict(d["open_jobs"]), dict(d["owner_jobs"])
            st.jobs_from = int(d.get("jobs_from", 0))
        else:  # written before open jobs (or owners' jobs) were kept: those queued up to it are read from the log
            st.jobs_from = max(1, int(d["seq"]))
        return st

    def baseline(self) -> dict[str, Any]:
        """This state as the payload of a baseline entry (an upgraded database's starting point)."""
        return {"subjects": self.subjects, "grants": self.grants, "keys": self.keys,
                "templates": {str(k): v for k, v in self.templates.items()}, "adapters": self.adapters,
                "name_exceptions": self.name_exceptions}

    # ------------------------------------------------------------------ replay
    #: Kinds that change who is registered and how they are recognised (names, faces, adapters,
    #: keys, exceptions, models): caches of those (name matcher, face index) key on
    #: :attr:`people_version`; grants, revocations and usage are read fresh for every decision.
    PEOPLE_KINDS = frozenset({"audit_signing_started", "subject_added", "subject_updated", "opt_out_set",
                              "subject_key_added", "subject_deleted", "verifier_key_added", "adapter_bound",
                              "face_template_enrolled", "name_exception_added", "model_registered",
                              "model_removed", "passkey_bound", "subjects_merged", "name_watch_added", "name_watch_removed",
                              "passkey_disputed", "passkey_withdrawn"})

    #: how many people-changing entries a state remembers the strings of (:meth:`people_named_since`)
    PEOPLE_LOG_KEPT = 4096

    def apply(self, seq: int, hash_: str, kind: str, p: dict[str, Any], at: str | None = None) -> None:
        """Apply one audit entry (kinds that do not change consent state are skipped); ``at``: its time."""
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(p)
            if kind == "grant_issued" and at is not None and p.get("grant_id") in self.grants:
                # (red team s65 A) the grant's issue time is the entry's: the column is held to it
                self.grants[p["grant_id"]]["issued_at"] = at
            if kind in self.PEOPLE_KINDS:
                self.people_version = seq
                self._note_people(seq, None if kind == "audit_signing_started" else frozenset(strings_of(p)))
            if kind == "generation":  # the grants whose usage this entry counted (``_on_generation``)
                for gu in (p.get("decision") or {}).get("grants_used") or ():
                    if gu["grant_id"] in self.grants:
                        self.grant_last_use[gu["grant_id"]] = seq
            elif kind == "audit_signing_started":  # a baseline's usage came from unsigned entries
                self.grant_last_use = {}
                if any(g.get("usage") for g in self.grants.values()):
                    self.last_use_from = seq
        self.seq, self.hash = seq, hash_

    def _note_people(self, seq: int, names: frozenset[str] | None) -> None:
        log = self.__dict__.get("_people_log")
        if log is None:
            log = self._people_log = deque()
        log.append((seq, names))
        if len(log) > self.PEOPLE_LOG_KEPT:
            self.people_log_from = log.popleft()[0]

    @property
    def people_log_from(self) -> int:
        """The people-changing entries after this one are all remembered (in memory, as replayed)."""
        return self.__dict__.get("_people_log_from", 0)

    @people_log_from.setter
    def people_log_from(self, seq: int) -> None:
        self._people_log_from = seq

    def people_named_since(self, seq: int, limit: int) -> set[str] | None:
        """Every string the people-changing entries after ``seq`` up to this state's hold (the ids
        of whoever they add, change, enrol or remove among them), as this state replayed them —
        checked, hashed and signed then; never the database's rows read again, which an editor
        may have changed since (red team 65: a ``kind`` set to another for a moment hid a signed
        enrolment from a studio's face index). ``None`` when more than ``limit`` entries, a
        signing restart, or entries this state did not replay (it began from a later snapshot)
        lie in between: read everyone then."""
        if seq < self.people_log_from:
            return None
        named: set[str] = set()
        count = 0
        for s, names in reversed(self.__dict__.get("_people_log") or ()):
            if s <= seq:
                break
            count += 1
            if names is None or count > limit:
                return None
            named |= names
        return named

    @property
    def people_version(self) -> int:
        return getattr(self, "_people_version", self.seq)

    @people_version.setter
    def people_version(self, v: int) -> None:
        self._people_version = v

    def _on_audit_signing_started(self, p: dict[str, Any]) -> None:
        b = p.get("baseline") or {}
        self.subjects = dict(b.get("subjects") or {})
        self.grants = dict(b.get("grants") or {})
        self.keys = dict(b.get("keys") or {})
        self.templates = {int(k): v for k, v in (b.get("templates") or {}).items()}
        self.adapters = dict(b.get("adapters") or {})
        self.name_exceptions = dict(b.get("name_exceptions") or {})

    def _on_subject_added(self, p: dict[str, Any]) -> None:
        sid = p["subject_id"]
        rep = _rep(p.get("representative"))
        self.subjects[sid] = {
            "ref": p.get("ref"), "display_name": p.get("display_name"), "aliases": list(p.get("aliases") or []),
            "kind": p.get("kind"), "minor": bool(p.get("minor")), "opt_out": bool(p.get("opt_out", False)),
            "representative": rep, "key_ids": sorted(p.get("key_ids") or []),
        }
        for kid in p.get("key_ids") or []:
            self.keys[kid] = {"kind": "subject", "subject_id": sid}
        if rep and rep.get("key_id"):
            self.keys[rep["key_id"]] = {"kind": "representative", "subject_id": sid}

    def _on_subject_updated(self, p: dict[str, Any]) -> None:
        s = self.subjects.get(p["subject_id"])
        if s is not None:
            for k, change in (p.get("changes") or {}).items():
                if k == "representative":  # a new representative (an agent's client marked a minor, her guardian)
                    s[k] = rep = _rep(change["to"])
                    if rep and rep.get("key_id"):
                        self.keys[rep["key_id"]] = {"kind": "representative", "subject_id": p["subject_id"]}
                    continue
                s[k] = list(change["to"]) if k == "aliases" else change["to"]

    def _on_opt_out_set(self, p: dict[str, Any]) -> None:
        s = self.subjects.get(p["subject_id"])
        if s is not None:
            s["opt_out"] = bool(p["opt_out"])

    def _on_subject_key_added(self, p: dict[str, Any]) -> None:
        s = self.subjects.get(p["subject_id"])
        if s is not None:
            s["key_ids"] = sorted(set(s["key_ids"]) | {p["key_id"]})
        self.keys[p["key_id"]] = {"kind": "subject", "subject_id": p["subject_id"]}

    def _on_subject_deleted(self, p: dict[str, Any]) -> None:
        sid = p["subject_id"]
        self.subjects.pop(sid, None)
        self.keys = {k: v for k, v in self.keys.items() if v.get("subject_id") != sid}
        self.templates = {k: v for k, v in self.templates.items() if v["subject_id"] != sid}
        self.adapters = {k: v for k, v in self.adapters.items() if v["subject_id"] != sid}

    def _on_subjects_merged(self, p: dict[str, Any]) -> None:
        keep, remove = p["keep"], p["remove"]
        moved = p.get("moved") or {}
        for tid in moved.get("face_templates") or ():
            if int(tid) in self.templates:
                self.templates[int(tid)]["subject_id"] = keep
        for sha in moved.get("adapters") or ():
            if sha in self.adapters:
                self.adapters[sha]["subject_id"] = keep
        for kid in moved.get("keys") or ():
            if kid in self.keys:
                self.keys[kid]["subject_id"] = keep
        s = self.subjects.get(keep)
        if s is not None:
            new = p.get("subject") or {}
            s.update(aliases=list(new.get("aliases") or []), key_ids=sorted(new.get("key_ids") or []),
                     minor=bool(new.get("minor")), opt_out=bool(new.get("opt_out")))
        self.subjects.pop(remove, None)

    def _on_verifier_key_added(self, p: dict[str, Any]) -> None:
        # its name (who holds it) is what `keys verifier list` shows beside the id (red team s60b)
        self.keys[p["key_id"]] = {"kind": "verifier", "subject_id": None, "name": p.get("name")}

    def _on_grant_issued(self, p: dict[str, Any]) -> None:
        index = self._grant_index()
        old = self.grants.get(p["grant_id"])
        if old is not None:
            index.get(old["subject_id"], set()).discard(p["grant_id"])
        # the signers as issued, (key id, role) (red team s63: a signature added to the row behind
        # the log made a grant meet a new guardian's rules); None for an entry that did not list them
        signers = p.get("signers")
        self.grants[p["grant_id"]] = {"subject_id": p["subject_id"], "sha256": p["sha256"], "revoked_at": None,
                                      "revoked_by": None, "reason": None, "usage": 0,
                                      "signers": None if signers is None else sorted(
                                          [str(x.get("key_id")), str(x.get("role"))] for x in signers)}
        self.grant_last_use.pop(p["grant_id"], None)
        index.setdefault(p["subject_id"], set()).add(p["grant_id"])
        self._grants_indexed = (self.grants, len(self.grants), index)

    def _grant_index(self) -> dict[str, set[str]]:
        """Grant ids by subject, kept beside :attr:`grants` (rebuilt when that dict was replaced or
        grew behind the handlers' back): a decision checks one subject's grants without reading
        every grant of the registry."""
        cached = self.__dict__.get("_grants_indexed")
        if cached is not None and cached[0] is self.grants and cached[1] == len(self.grants):
            return cached[2]
        index: dict[str, set[str]] = {}
        for gid, g in self.grants.items():
            index.setdefault(g["subject_id"], set()).add(gid)
        self._grants_indexed = (self.grants, len(self.grants), index)
        return index

    def _on_grant_revoked(self, p: dict[str, Any]) -> None:
        g = self.grants.get(p["grant_id"])
        if g is not None:
            g.update(revoked_at=p["revoked_at"], revoked_by=p["revoked_by"], reason=p["reason"])

    def _on_generation(self, p: dict[str, Any]) -> None:
        n = len(p.get("outputs") or ())
        for gu in (p.get("decision") or {}).get("grants_used") or ():
            g = self.grants.get(gu["grant_id"])
            if g is not None:
                g["usage"] += n

    def _on_job_submitted(self, p: dict[str, Any]) -> None:
        if isinstance(p.get("job_id"), str):
            self.open_jobs[p["job_id"]] = {"owner": p.get("owner"), "service": p.get("service")}
            if isinstance(p.get("owner"), str):
                add_owner_job(self.owner_jobs, p["owner"], p["job_id"])

    def _on_job_finished(self, p: dict[str, Any]) -> None:
        if isinstance(p.get("job_id"), str):
            self.open_jobs.pop(p["job_id"], None)

    def _on_adapter_bound(self, p: dict[str, Any]) -> None:
        self.adapters[p["sha256"]] = {"subject_id": p["subject_id"], "kind": p["kind"]}

    def _on_face_template_enrolled(self, p: dict[str, Any]) -> None:
        self.templates[int(p["template_id"])] = {"subject_id": p["subject_id"], "model": p["model"],
                                                 "sha256": p.get("embedding_sha256"),
                                                 **({"synthetic": True} if p.get("synthetic") is True else {})}

    def _on_name_exception_added(self, p: dict[str, Any]) -> None:
        self.name_exceptions[name_key(p["name"])] = p["name"]

    def _on_name_watch_added(self, p: dict[str, Any]) -> None:
        self.name_watch[name_key(p["name"])] = {k: p.get(k) for k in WATCH_FIELDS}

    def _on_name_watch_removed(self, p: dict[str, Any]) -> None:
        self.name_watch.pop(name_key(p["name"]), None)

    def _on_model_registered(self, p: dict[str, Any]) -> None:
        self.models[p["name"]] = model_state(p)

    def _on_model_removed(self, p: dict[str, Any]) -> None:
        self.models.pop(p["name"], None)

    # ------------------------------------------------------------------ drafts signed by the person
    def _on_draft_created(self, p: dict[str, Any]) -> None:
        sid = p["subject_id"]
        self.drafts[p["draft_id"]] = {
            "subject_id": sid, "sha256": p["sha256"], "status": "pending",
            "signers": {s["role"]: {"token_sha256": s["token_sha256"], "expires_at": s["expires_at"], "state": "pending",
                                    "key_id": None, "representative": self._sent_to(sid, s["role"], s)}
                        for s in p.get("signers") or ()}}

    def _on_draft_link_issued(self, p: dict[str, Any]) -> None:
        d = self.drafts.get(p["draft_id"]) or {}
        s = d.get("signers", {}).get(p["role"])
        if s is not None:
            s.update(token_sha256=p["token_sha256"], expires_at=p["expires_at"],
                     representative=self._sent_to(d.get("subject_id"), p["role"], p))

    def _sent_to(self, subject_id: Any, role: str, p: dict[str, Any]) -> dict[str, Any] | None:
        """Who a representative's signing link was sent to ({name, role}; ``None`` for the
        subject's own link): as the entry says, else (entries written before links named her) the
        representative the replayed subject had then. ``Drafts`` refuses the link once she is no
        longer on record (red team of session 59)."""
        if role == "self":
            return None
        rep = p.get("representative")
        if rep is None:
            rep = (self.subjects.get(subject_id) or {}).get("representative")
        if not isinstance(rep, dict) or rep.get("role") != role:
            return None
        return {"name": rep.get("name"), "role": rep.get("role")}

    def _on_draft_signed(self, p: dict[str, Any]) -> None:
        s = (self.drafts.get(p["draft_id"]) or {}).get("signers", {}).get(p["role"])
        if s is not None:
            s.update(state="signed", key_id=p["key_id"])

    def _on_draft_presence(self, p: dict[str, Any]) -> None:
        d = self.drafts.get(p["draft_id"])
        if d is not None:  # the grant gained its presence_check evidence: new terms digest
            d["sha256"] = p["sha256"]
            d["presence_sha256"] = p["presence_sha256"]

    def _on_use_approval_requested(self, p: dict[str, Any]) -> None:
        self.approvals[p["approval_id"]] = {"grant_id": p["grant_id"], "request_digest": p["request_digest"],
                                            "status": "pending", "summary_sha256": approval_summary_sha256(p["summary"])}

    def _on_use_approval_decided(self, p: dict[str, Any]) -> None:
        a = self.approvals.get(p["approval_id"])
        if a is not None:
            a["status"] = p["status"]

    def _on_use_approval_used(self, p: dict[str, Any]) -> None:
        a = self.approvals.get(p["approval_id"])
        if a is not None:
            a["status"] = "used"

    def approval_problems(self, row: Any) -> list[str]:
        want = self.approvals.get(row.id)
        have = {"grant_id": row.grant_id, "request_digest": row.request_digest, "status": row.status}
        if want is None or {k: v for k, v in want.items() if k != "summary_sha256"} != have:
            return [f"use approval {row.id} is {have['status']!r} for grant {row.grant_id!r} in the database but "
                    f"{'never requested' if want is None else repr(want['status'])} in the signed audit log"]
        # whose page lists it and who may decide it: the person the signed grant is of
        grant = self.grants.get(row.grant_id)
        if grant is not None and grant.get("subject_id") != row.subject_id:
            return [f"use approval {row.id} is for subject {row.subject_id!r} in the database but its grant "
                    f"{row.grant_id!r} is of subject {grant.get('subject_id')!r} in the signed audit log"]
        # what it shows the person (prompt, settings)
        try:
            summary = json.loads(row.summary_json)
        except (TypeError, ValueError):
            summary = None
        if "summary_sha256" in want:
            if summary is None or approval_summary_sha256(summary) != want["summary_sha256"]:
                return [f"use approval {row.id}: what it shows the person (prompt, settings) in the database "
                        "differs from what was asked in the signed audit log"]
        elif not isinstance(summary, dict) or "request" in summary:
            # filed before the view was kept (a signed state of the older code): it never had a
            # request view, so one in the database was written there, not by the studio
            return [f"use approval {row.id}: what it shows the person (prompt, settings) in the database "
                    "was never asked in the signed audit log (it was filed before requests were shown)"]
        return []

    def _on_draft_declined(self, p: dict[str, Any]) -> None:
        d = self.drafts.get(p["draft_id"])
        if d is not None:
            d["status"] = "declined"
            if p["role"] in d["signers"]:
                d["signers"][p["role"]]["state"] = "declined"

    def _on_draft_withdrawn(self, p: dict[str, Any]) -> None:
        d = self.drafts.get(p["draft_id"])
        if d is not None:  # its links stop working (Drafts._open reads the status)
            d["status"] = "withdrawn"

    def _on_draft_completed(self, p: dict[str, Any]) -> None:
        d = self.drafts.get(p["draft_id"])
        if d is not None:
            d["status"] = "complete"

    def _on_passkey_bound(self, p: dict[str, Any]) -> None:
        sid, kid = p["subject_id"], p["key_id"]
        self.passkeys[kid] = {"subject_id": sid, "role": p["role"], "credential_id": p["credential_id"],
                              "public_key": p["public_key"]}
        if p.get("confirmed_by"):
            self.confirmed_passkeys[kid] = str(p["confirmed_by"])
        s = self.subjects.get(sid)
        if s is None:
            return
        if p["role"] == "self":
            s["key_ids"] = sorted(set(s["key_ids"]) | {kid})
        elif s.get("representative"):
            s["representative"]["key_id"] = kid

    def _on_passkey_disputed(self, p: dict[str, Any]) -> None:
        """The passkeys a person said she never created, withdrawn (session 67): no longer bound,
        off her keys on record or her representative's key. An entry written before then names
        none under ``withdrawn`` and changes nothing."""
        s = self.subjects.get(p.get("subject_id"))
        if "withdrawn" not in p:  # before session 67: the passkeys disputed stay bound but open nothing
            for kid in p.get("passkeys") or ():
                self.retired_passkeys.setdefault(str(kid), "disputed")
        for kid in p.get("withdrawn") or ():
            self.retired_passkeys[kid] = "withdrawn"
            self.passkeys.pop(kid, None)
            if s is None:
                continue
            if kid in s["key_ids"]:
                s["key_ids"] = sorted(set(s["key_ids"]) - {kid})
            rep = s.get("representative")
            if rep and rep.get("key_id") == kid:
                rep["key_id"] = None

    def _on_passkey_withdrawn(self, p: dict[str, Any]) -> None:
        """An operator withdrew a passkey (session 67): as a dispute's ``withdrawn``."""
        self._on_passkey_disputed(p)

    def draft_problems(self, draft_id: str, row: Any, signers: list[Any]) -> list[str]:
        """How a draft and its signer rows read from the tables differ from the signed log."""
        want = self.drafts.get(draft_id)
        if want is None:
            return [f"grant draft '{draft_id}' is in the database but no signed audit entry created it"]
        import hashlib as _h

        out = []
        have_sha = _h.sha256(row.grant_json.encode("utf-8")).hexdigest()
        if have_sha != want["sha256"] or row.sha256 != want["sha256"] or row.subject_id != want["subject_id"]:
            out.append(f"grant draft '{draft_id}': its terms (sha256 {have_sha[:12]}…) differ from the drafted terms "
                       f"(sha256 {want['sha256'][:12]}…)")
        pj = getattr(row, "presence_json", None)
        have_p = _h.sha256(pj.encode("utf-8")).hexdigest() if pj else None
        if have_p != want.get("presence_sha256"):
            out.append(f"grant draft '{draft_id}': its presence check record differs from the signed audit log")
        if row.status != want["status"]:
            out.append(f"grant draft '{draft_id}': status is {row.status!r} in the database but {want['status']!r} in "
                       "the signed audit log")
        seen = set()
        for s in signers:
            seen.add(s.role)
            w = want["signers"].get(s.role)
            if w is None:
                out.append(f"grant draft '{draft_id}': signer '{s.role}' is in the database but was never asked to sign")
                continue
            for k in ("token_sha256", "expires_at", "state"):
                if getattr(s, k) != w[k]:
                    out.append(f"grant draft '{draft_id}': signer '{s.role}' {k} is {getattr(s, k)!r} in the database "
                               f"but {w[k]!r} in the signed audit log")
        for role in sorted(set(want["signers"]) - seen):
            out.append(f"grant draft '{draft_id}': signer '{role}' is missing from the database")
        return out

    def passkey_problems(self, row: Any) -> list[str]:
        want = self.passkeys.get(row.key_id)
        have = {"subject_id": row.subject_id, "role": row.role, "credential_id": row.credential_id, "public_key": row.public_key}
        if want != have:
            return [f"passkey {row.key_id} is bound to {row.subject_id!r} ({row.role}) in the database but "
                    f"{'never bound' if want is None else repr(want['subject_id'])} in the signed audit log"]
        return []

    def model_problems(self, name: str, rec: Any) -> list[str]:
        want = self.models.get(name)
        if rec is None:
            return [f"model '{name}' was registered (signed audit log) but is missing from the database"] if want else []
        have = model_state(rec)
        if want != have:
            return [f"model '{name}' is {have!r} in the database but {want!r} in the signed audit log"]
        return []

    # ------------------------------------------------------------------ checks
    def subject_problems(self, subject: Any) -> list[str]:
        """How a subject read from the tables differs from the signed log (empty: agrees)."""
        want = self.subjects.get(subject.id)
        if want is None:
            return [f"subject '{subject.id}' is in the database but no signed audit entry added it"]
        have = {
            "ref": subject.ref, "display_name": subject.display_name, "aliases": list(subject.aliases),
            "kind": str(subject.kind), "minor": bool(subject.minor), "opt_out": bool(subject.opt_out),
            "representative": _rep(subject.representative), "key_ids": sorted(subject.key_ids),
        }
        out = []
        for k, v in have.items():
            if want.get(k) != v:
                out.append(f"subject '{subject.id}': {k} is {v!r} in the database but {want.get(k)!r} in the signed audit log")
        return out

    def subjects_missing(self, read: set[str], among: Iterable[str] | None = None) -> list[str]:
        """The subjects the signed log holds that a read of the tables did not find: of ``among``
        (the ids a read looked for), or of everyone (a read of the whole table). A row deleted
        behind the log's back is a problem, not a person who is gone (red team 66: a deleted row,
        put back after a studio's read, dropped a registered person from its name matcher)."""
        ids = self.subjects if among is None else [x for x in among if x in self.subjects]
        return [f"subject '{x}' is in the signed audit log but not in the database" for x in sorted(ids) if x not in read]

    def grant_problems(self, stored: Any) -> list[str]:
        gid = stored.id
        want = self.grants.get(gid)
        if want is None:
            return [f"grant '{gid}' is in the database but no signed audit entry issued it"]
        out = []
        if stored.grant.subject_id != want["subject_id"] or stored.sha256 != want["sha256"]:
            out.append(f"grant '{gid}': its content (sha256 {stored.sha256[:12]}…) differs from the issued grant "
                       f"(sha256 {want['sha256'][:12]}…)")
        rev = stored.revocation
        if want["revoked_at"] is None and rev is not None:
            out.append(f"grant '{gid}': a revocation is in the database but the signed audit log records none")
        elif want["revoked_at"] is not None:
            from consent.records import format_time

            if rev is None:
                out.append(f"grant '{gid}': the revocation of {want['revoked_at']} is missing from the database")
            elif format_time(rev.revoked_at) != want["revoked_at"]:
                out.append(f"grant '{gid}': revoked at {format_time(rev.revoked_at)} in the database but "
                           f"{want['revoked_at']} in the signed audit log")
            elif (rev.reason, rev.revoked_by) != (want["reason"], want["revoked_by"]):
                # (red team s63) who ended the consent and why is part of the record verify reports
                out.append(f"grant '{gid}': its revocation's reason or author in the database is not what the "
                           "signed audit log records")
        if want.get("signers") is not None:
            have = sorted([s.key_id, s.role.value] for s in stored.signatures)  # (lists: as a snapshot keeps them)
            if have != [list(x) for x in want["signers"]]:
                out.append(f"grant '{gid}': its signatures in the database are not those it was issued with "
                           "(the signed audit log lists other signers)")
        if want.get("issued_at") is not None and stored.issued_at is not None:
            from consent.records import format_time

            if format_time(stored.issued_at) != want["issued_at"]:
                out.append(f"grant '{gid}': issued at {format_time(stored.issued_at)} in the database but "
                           f"{want['issued_at']} in the signed audit log")
        if stored.usage != want["usage"]:
            out.append(f"grant '{gid}': usage is {stored.usage} in the database but {want['usage']} in the signed audit log")
        return out

    def missing_grants(self, subject_id: str, present: set[str]) -> list[str]:
        gone = sorted(g for g in self._grant_index().get(subject_id, ()) if g not in present)
        return [f"grant '{g}' of subject '{subject_id}' is missing from the database" for g in gone]

    def key_problems(self, rows: Iterable[tuple[str, str, str | None, str, str | None]],
                     kind: str | None = None, subject_id: str | None = None) -> list[str]:
        """``rows``: (key_id, kind, subject_id, key id computed from the stored public key, name) of
        the key rows a read of the database found, of ``kind`` and ``subject_id`` when given. A row
        the signed log did not add, or whose kind, subject, public key (a key id is the digest of
        its key) or, for a verifier's, name is not what was added, is a problem; so is a key the
        log added (and no subject's deletion removed) that the read did not find."""
        out, seen = [], set()
        for kid, kd, sid, computed, name in rows:
            seen.add(kid)
            want = self.keys.get(kid)
            if want is None:
                out.append(f"public key {kid} is in the database but no signed audit entry added it")
            elif (want.get("kind"), want.get("subject_id")) != (kd, sid):
                out.append(f"public key {kid} is a {kd} key of {sid!r} in the database but a {want.get('kind')} key of "
                           f"{want.get('subject_id')!r} in the signed audit log")
            elif "name" in want and want["name"] != name:
                out.append(f"public key {kid} is named {name!r} in the database but {want['name']!r} in the signed audit log")
            if computed != kid:
                out.append(f"public key {kid}: the key stored under that id is another key ({computed})")
        for kid, want in sorted(self.keys.items()):
            if kid not in seen and (kind is None or want.get("kind") == kind) \
                    and (subject_id is None or want.get("subject_id") == subject_id):
                out.append(f"public key {kid} ({want.get('kind')} key of {want.get('subject_id')!r}) is in the signed "
                           "audit log but not in the database")
        return out

    def verifier_problems(self, verifier_ids: set[str] | frozenset[str]) -> list[str]:
        return [f"verifier key {k} is in the database but no signed audit entry added it" for k in sorted(verifier_ids)
                if self.keys.get(k, {}).get("kind") != "verifier"]

    def template_problems(self, model: str, rows: list[tuple[int, str, bytes]]) -> list[str]:
        """``rows``: (id, subject_id, embedding bytes) of every template of ``model`` in the database."""
        return self.template_problems_of(model, None, rows)

    def template_problems_of(self, model: str, subjects: set[str] | None, rows: list[tuple[int, str, bytes]]) -> list[str]:
        """:meth:`template_problems` for the templates of ``subjects`` only (``None``: everyone's):
        ``rows`` are every template of ``model`` the database holds for them."""
        out = []
        seen = set()
        for tid, sid, emb in rows:
            seen.add(tid)
            want = self.templates.get(tid)
            if want is None or want["model"] != model:
                out.append(f"face template {tid} (subject '{sid}') is in the database but was never enrolled")
            elif want["subject_id"] != sid or (want.get("sha256") and want["sha256"] != embedding_digest(emb)):
                out.append(f"face template {tid} was altered: it belongs to '{want['subject_id']}' with embedding "
                           f"{str(want.get('sha256'))[:12]}… in the signed audit log")
        for tid, want in self.templates.items():
            if tid not in seen and want["model"] == model and (subjects is None or want["subject_id"] in subjects):
                out.append(f"face template {tid} of subject '{want['subject_id']}' is missing from the database")
        return out

    def enrolled_templates_of(self, model: str, subjects: set[str], *, synthetic: bool = False) -> dict[int, str]:
        """Template id -> subject id of every ``model`` template the signed log enrolled for
        ``subjects`` (``synthetic``: only those its entry says came from a verified synthetic photo). The by-subject index is built once per change of the people the log holds
        (every entry that changes templates is one of :attr:`PEOPLE_KINDS`), not per call."""
        cache = getattr(self, "_templates_by_subject", None)
        if cache is None or cache[0] != self.people_version:
            cache = self._templates_by_subject = (self.people_version, {})
        by = cache[1].get(model)
        if by is None:
            by = defaultdict(list)
            for tid, w in self.templates.items():
                if w["model"] == model:
                    by[w["subject_id"]].append(tid)
            cache[1][model] = by = dict(by)
        out = {}
        for sid in subjects:
            for tid in by.get(sid, ()):
                w = self.templates.get(tid)
                if w is not None and w["model"] == model and w["subject_id"] == sid and (
                        not synthetic or w.get("synthetic") is True):
                    out[tid] = sid
        return out

    def enrolled_rows_problems(self, model: str, logged: dict[int, str], rows: list[tuple[int, str, bytes]]) -> list[str]:
        """How the database rows of the templates in ``logged`` (:meth:`enrolled_templates_of`,
        read by id) differ from the signed log: altered, moved or missing."""
        out, seen = [], set()
        for tid, sid, emb in rows:
            seen.add(tid)
            want = self.templates.get(tid)
            if want is None or want["model"] != model or want["subject_id"] != sid or (
                    want.get("sha256") and want["sha256"] != embedding_digest(emb)):
                out.append(f"face template {tid} was altered: it belongs to '{logged.get(tid)}' with embedding "
                           f"{str((want or {}).get('sha256'))[:12]}… in the signed audit log")
        out += [f"face template {tid} of subject '{sid}' is missing from the database"
                for tid, sid in sorted(logged.items()) if tid not in seen]
        return out

    def adapter_problems(self, sha256: str, bound: Any) -> list[str]:
        want = self.adapters.get(sha256)
        if bound is None:
            return [f"adapter {sha256[:12]}… is bound to '{want['subject_id']}' in the signed audit log but missing from "
                    "the database"] if want else []
        if want is None or want["subject_id"] != bound.subject_id or want["kind"] != bound.kind:
            return [f"adapter {sha256[:12]}… is bound to '{bound.subject_id}' in the database but "
                    f"{'never bound' if want is None else repr(want['subject_id'])} in the signed audit log"]
        return []

    def name_watch_problems(self, rows: list[dict[str, Any]], only: list[str] | None = None) -> list[str]:
        """Watched names in the database that the signed log never added (or took off), ones it
        added that are missing, and rows whose name, reason, author or time differ from the signed
        entry's; ``rows``: {name, reason, added_by, added_at} as read; ``only``: check just these
        keys (one row being changed)."""
        have = {name_key(str(r["name"])): {k: r.get(k) for k in WATCH_FIELDS} for r in rows}
        want = set(self.name_watch) if only is None else set(self.name_watch) & set(only)
        out = [f"watched name {have[k]['name']!r} is in the database but was never recorded"
               for k in sorted(set(have) - set(self.name_watch))]
        out += [f"watched name {self.name_watch[k]['name']!r} is missing from the database" for k in sorted(want - set(have))]
        out += [f"watched name {self.name_watch[k]['name']!r} is {have[k]!r} in the database but "
                f"{self.name_watch[k]!r} in the signed audit log" for k in sorted(want & set(have))
                if have[k] != self.name_watch[k]]
        return out

    def name_exception_problems(self, names: list[str]) -> list[str]:
        have = {name_key(n): n for n in names}
        want = set(self.name_exceptions)
        out = [f"name exception {have[k]!r} is in the database but was never recorded" for k in sorted(set(have) - want)]
        out += [f"name exception {self.name_exceptions[k]!r} is missing from the database" for k in sorted(want - set(have))]
        return out


# --------------------------------------------------------------------------- rows one signed entry vouches for
# Output, ended-job and request rows are not replayed into IntegrityState (there are too many to
# snapshot): each row is held to the signed entry that wrote it, one by one when it is read and
# all together by ``audit verify`` (Registry.check_integrity). Each function names what differs,
# None when the row and its entry agree.

def _differs(pairs: dict[str, tuple[Any, Any]]) -> str | None:
    diff = [f"{k} (the row says {have!r}, the log {want!r})" for k, (have, want) in pairs.items() if have != want]
    return "; ".join(diff) or None


def output_row_problem(rec: Any, at: str, p: dict[str, Any]) -> str | None:
    """Where output row ``rec`` (an OutputRecord) disagrees with its signed ``generation`` entry
    (written ``at``, payload ``p``): the file it lists (digest, watermark, path, format, manifest),
    the decision and grants, who made it (the row's ``owner`` is the entry's ``actor``: the web
    studio serves an output to its owner alone), the job and when."""
    o = next((o for o in p.get("outputs") or ()
              if o.get("sha256") == rec.sha256 and o.get("watermark_payload") == rec.watermark_payload), None)
    if o is None:
        return "the entry does not list this file with this watermark"
    d = p.get("decision") or {}
    if not d.get("allowed"):
        return "the entry's decision did not allow it"
    return _differs({
        # entries written before a field was signed carry none: that field stays unchecked
        "path": (rec.path, o.get("path", rec.path)), "format": (rec.format, o.get("format", rec.format)),
        "manifest_id": (rec.manifest_id, o.get("manifest_id", rec.manifest_id)),
        "decision_id": (rec.decision_id, d.get("decision_id")),
        "grant_ids": (list(rec.grant_ids), [g.get("grant_id") for g in d.get("grants_used") or ()]),
        "owner": (rec.owner, p.get("actor")), "job_id": (rec.job_id, p.get("job_id")),
        # strictly: an entry written before pixel digests were signed lists none, and its row must
        # hold none (verify takes a picture with that digest for the output itself)
        "pixels_sha256": (getattr(rec, "pixels_sha256", None), o.get("pixels_sha256")),
        "created_at": (rec.created_at, at if rec.created_at is not None else None)})


#: What a ``request_filed`` entry signs of the request row (besides its status, pending).
REQUEST_FILED_FIELDS = ("id", "kind", "requested_by", "subject", "message", "decision_id", "created_at")


def request_row_problem(rec: Any, filed: tuple[int, dict[str, Any]] | None,
                        answers: list[tuple[int, dict[str, Any]]]) -> str | None:
    """Where request row ``rec`` (a RequestRecord) disagrees with the signed log: its
    ``request_filed`` entry ``filed`` ((seq, payload); None: the log never filed it) and its
    ``request_answered`` entries ``answers`` (oldest first). An operator approves what the
    signed entry says the creator asked for, never a row rewritten since."""
    if filed is None:
        return (f"request '{rec.id}' ({rec.subject!r}) has no signed request_filed entry in the audit log: "
                "the row was inserted behind the log")
    seq, p = filed
    bad = _differs({f: (getattr(rec, f), p.get(f)) for f in REQUEST_FILED_FIELDS})
    if bad:
        return f"request '{rec.id}' does not match its signed request_filed entry {seq}: {bad}"
    if not answers:
        bad = _differs({"status": (rec.status, "pending"), "answer": (rec.answer, None),
                        "decided_by": (rec.decided_by, None), "decided_at": (rec.decided_at, None)})
        return f"request '{rec.id}' was never answered in the signed audit log, but its row was changed: {bad}" if bad else None
    aseq, a = answers[-1]
    pairs = {"status": (rec.status, a.get("status")), "answer": (rec.answer, a.get("answer")),
             "decided_by": (rec.decided_by, a.get("by"))}
    if "decided_at" in a:  # signed since red team 33
        pairs["decided_at"] = (rec.decided_at, a["decided_at"])
    bad = _differs(pairs)
    return f"request '{rec.id}' does not match its signed request_answered entry {aseq}: {bad}" if bad else None


def add_owner_job(owner_jobs: dict[str, dict[str, Any]], owner: str, job_id: str) -> None:
    """Count ``job_id`` as ``owner``'s newest job in ``owner_jobs`` (:attr:`IntegrityState.owner_jobs`)."""
    o = owner_jobs.setdefault(owner, {"count": 0, "newest": []})
    o["count"] += 1
    o["newest"].append(job_id)
    if len(o["newest"]) > OWNER_JOBS_KEPT:
        del o["newest"][0]


def job_row_problem(rec: Any, seq: int, p: dict[str, Any], settings_sha256: str) -> str | None:
    """Where ended job row ``rec`` (a JobRecord whose settings hash to ``settings_sha256``)
    disagrees with its signed ``job_finished`` entry ``seq`` (payload ``p``)."""
    pairs = {"job_id": (rec.id, p.get("job_id")), "state": (rec.state, p.get("state")), "seed": (rec.seed, p.get("seed")),
             "decision_id": (rec.decision_id, p.get("decision_id")),
             "outputs": ([o.get("sha256") for o in rec.outputs], p.get("outputs")), "owner": (rec.owner, p.get("owner")),
             "error": (rec.error, p.get("error")), "cancelled_by": (rec.cancel_requested_by, p.get("cancelled_by"))}
    bad = _differs(pairs)
    if bad:
        return f"job '{rec.id}' does not match its signed job_finished entry {seq}: {bad}"
    # entries written before the digest was signed carry none: their settings stay unchecked
    if "settings_sha256" in p and p["settings_sha256"] != settings_sha256:
        return f"job '{rec.id}': its settings are not the ones its signed job_finished entry {seq} records"
    return None


def queued_job_problem(rec: Any, submitted: tuple[int, dict[str, Any]] | None, cancel: tuple[int, dict[str, Any]] | None,
                       settings_sha256: str) -> str | None:
    """Where queued or running job row ``rec`` (a JobRecord whose settings hash to
    ``settings_sha256``) disagrees with the signed log: its ``job_submitted`` entry ``submitted``
    ((seq, payload); None: the log never queued it) and its first ``job_cancel_requested`` entry
    ``cancel`` (None: nobody asked through the registry). ``cancel_requested_by`` is what makes
    the job's service stop it, and is signed as who cancelled when it ends."""
    if submitted is None:
        return f"job '{rec.id}' has no signed job_submitted entry in the audit log: the row was inserted behind the log"
    seq, p = submitted
    pairs = {"owner": (rec.owner, p.get("owner")), "request_digest": (rec.request_digest, p.get("request_digest")),
             "service": (rec.service, p.get("service"))}
    if "settings_sha256" in p:  # entries written before the digest was signed carry none
        pairs["settings"] = (settings_sha256, p["settings_sha256"])
    bad = _differs(pairs)
    if bad:
        return f"job '{rec.id}' does not match its signed job_submitted entry {seq}: {bad}"
    want = cancel[1].get("by") if cancel is not None else None
    if rec.cancel_requested_by != want:
        return (f"job '{rec.id}': its cancel_requested_by is {rec.cancel_requested_by!r} but the signed audit log "
                + (f"records the cancel request of {want!r} (entry {cancel[0]})" if cancel is not None
                   else "records no cancel request for it"))
    return None


def require(problems: list[str]) -> None:
    if problems:
        raise IntegrityFailure("; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else ""))
