"""The consent decision: a pure function from likenesses, request and records to a Decision.

``decide(likenesses, context, snapshot, now)`` does no I/O and reads no clock: ``now`` and
the registry :class:`Snapshot` are passed in, so a decision can be replayed and tested.

Deny by default:

- no likenesses at all is allowed only because nothing real is depicted (e.g. the built-in
  GAN of synthetic faces); the decision says so in a ``no_likeness`` finding;
- an unknown likeness (``subject_id is None`` or not registered) always denies;
- an opted-out subject always denies;
- a real subject without a grant that passes *every* check denies;
- fictional personas need no grant but are listed for labelling; a persona reached through an
  adapter (a LoRA or embedding bound to it) must be one the snapshot lists in
  ``proven_personas`` (an enrolled photo, which only a verified synthetic image can be), else
  the request is denied: an adapter carries whatever face it was trained on.

Each grant is checked separately for integrity (``intact``), trust (``trusted``), currency
(``current``), subject rules (``subject:minor_guardian``, ``subject:deceased_estate``) and
scope (``scope:<field>``). When a grant covers a subject only that grant's (passing)
findings are kept; otherwise every candidate's findings are, so the decision shows every
reason. ``Decision.allowed`` is exactly "no finding failed".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from consent.errors import ConsentDenied, RecordInvalid, SignatureInvalid
from consent.records import (
    CONTENT_FLAGS,
    ISO_3166_ALPHA2,
    GrantStatus,
    RESTRICTION_FLAGS,
    WORLDWIDE,
    Medium,
    Operation,
    Purpose,
    REVOCATION_CLOCK_ALLOWANCE,
    SignedGrant,
    SignerRole,
    StoredGrant,
    Subject,
    SubjectKind,
    canonical_json,
    format_time,
    subject_rule_violations,
)
from consent.signing import verify_signed_grant
from consent.types import Likeness, LikenessSource

__all__ = [
    "CHECKS",
    "MAX_PENDING_APPROVALS",
    "approval_message",
    "DecisionContext",
    "Snapshot",
    "Finding",
    "GrantUse",
    "Decision",
    "decide",
    "trust_problems",
]

#: Approve-each-use grants: requests of one creator waiting on one grant's person at once. Past
#: it a request is denied without asking (the person's page is not a creator's inbox to fill).
MAX_PENDING_APPROVALS = 5

def approval_message(kind: str, name: str, waiting: int = 0) -> str:
    """The ``approval`` finding's message for an approve-each-use grant not yet approved for the
    request: ``waiting`` (asked, or asked already), ``declined`` (the person declined this very
    request: not asked again), ``capped`` (``waiting`` of the creator's requests wait already:
    not asked). :func:`decide` writes ``waiting``; :func:`consent.approvals.settle` writes the one
    that holds when the denial is recorded, under the write lock where the filing is decided."""
    if kind == "declined":
        return f"not asked: {name} declined this exact request on their consent page; a changed request is a new one"
    if kind == "capped":
        return (f"not asked: {waiting} of your requests are already waiting for {name}'s approval under this grant "
                f"(at most {MAX_PENDING_APPROVALS} at once); a new one is asked when they have answered one")
    return (f"waiting for {name}'s approval: this grant needs the person to approve each use, and this request "
            "has not been approved on their consent page yet")


#: Every check name a Finding may carry.
CHECKS = frozenset(
    {
        "intact", "trusted", "current",
        "scope:grantee", "scope:project", "scope:purpose", "scope:operation", "scope:media",
        "scope:territory", "scope:restriction", "scope:usage_cap",
        "subject:minor_guardian", "subject:deceased_estate",
        "opt_out", "unknown", "no_grant", "persona", "no_likeness", "left_out",
    }
)


def _bad(field_name: str, found: Any, expected: str) -> RecordInvalid:
    # the request's field as a person names it (--purpose, Purpose), not the class (a fresh user's
    # walkthrough, session 63: "DecisionContext.purpose is 'marketing'")
    return RecordInvalid(f"{field_name} is {found!r}; expected {expected}")


@dataclass(frozen=True)
class DecisionContext:
    """What the request wants to do. Validated at construction (raises RecordInvalid).

    ``media`` accepts one medium or several (all must be granted); ``count`` is the number
    of outputs the request will make (checked against usage caps); ``project`` must be the
    grant's project (every grant is for one project; a request that names none uses no grant).
    """

    grantee: str
    purpose: Purpose | str
    operation: Operation | str
    media: frozenset[Medium] | Medium | str | Iterable[str]
    territory: str
    content_flags: frozenset[str] = frozenset()
    project: str | None = None
    count: int = 1
    #: sha256 of the generation request (what an approve-each-use approval covers); None: not known
    request_digest: str | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        if not isinstance(self.grantee, str) or not self.grantee.strip():
            raise _bad("grantee", self.grantee, "a non-empty name")
        s(self, "grantee", self.grantee.strip())
        try:
            s(self, "purpose", Purpose(self.purpose))
        except ValueError:
            raise _bad("purpose", self.purpose, f"one of {sorted(p.value for p in Purpose)}") from None
        try:
            s(self, "operation", Operation(self.operation))
        except ValueError:
            raise _bad("operation", self.operation, f"one of {sorted(o.value for o in Operation)}") from None
        media = [self.media] if isinstance(self.media, str) else list(self.media)
        try:
            s(self, "media", frozenset(Medium(m) for m in media))
        except ValueError:
            raise _bad("media", sorted(map(str, media)), f"values from {sorted(m.value for m in Medium)}") from None
        if not self.media:
            raise _bad("media", [], "at least one medium")
        if not isinstance(self.territory, str) or self.territory not in ISO_3166_ALPHA2:
            raise _bad("territory", self.territory, "one ISO 3166 alpha-2 code a country holds, such as 'US'")
        flags = frozenset(self.content_flags)
        unknown = sorted(flags - CONTENT_FLAGS)
        if unknown:
            raise _bad("content_flags", unknown, f"values from {sorted(CONTENT_FLAGS)}")
        s(self, "content_flags", flags)
        if self.project is not None and not str(self.project).strip():
            raise _bad("project", self.project, "a project name or None")
        if not isinstance(self.count, int) or self.count < 1:
            raise _bad("count", self.count, "a positive number of outputs")

    def to_dict(self) -> dict[str, Any]:
        return {
            "grantee": self.grantee,
            "purpose": str(self.purpose),
            "operation": str(self.operation),
            "media": sorted(str(m) for m in self.media),
            "territory": self.territory,
            "content_flags": sorted(self.content_flags),
            "project": self.project,
            "count": self.count,
            **({"request_digest": self.request_digest} if self.request_digest else {}),
        }


@dataclass(frozen=True)
class Snapshot:
    """Everything :func:`decide` needs, read from the registry in one transaction."""

    subjects: Mapping[str, Subject]
    grants: Mapping[str, tuple[StoredGrant, ...]]
    verifier_key_ids: frozenset[str] = frozenset()
    taken_at: datetime | None = None
    #: approve-each-use grants: grant id -> request digests the person approved (not used yet)
    approvals: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: the fictional personas (of ``subjects``) proven synthetic: they hold an enrolled face
    #: template the signed log vouches for (enrollment takes a persona's photos only as a
    #: trusted generator's verified output). Empty by default: no persona's adapter is allowed.
    proven_personas: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "proven_personas", frozenset(self.proven_personas))
        object.__setattr__(self, "approvals", MappingProxyType({k: frozenset(v) for k, v in dict(self.approvals).items()}))
        object.__setattr__(self, "subjects", MappingProxyType(dict(self.subjects)))
        object.__setattr__(self, "grants", MappingProxyType({k: tuple(v) for k, v in self.grants.items()}))
        object.__setattr__(self, "verifier_key_ids", frozenset(self.verifier_key_ids))


@dataclass(frozen=True)
class Finding:
    """One check of one likeness against one grant (or against 'no grant')."""

    check: str
    passed: bool
    message: str
    subject_id: str | None = None
    grant_id: str | None = None
    field: str | None = None
    likeness: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("check", "passed", "message", "subject_id", "grant_id", "field", "likeness")}


@dataclass(frozen=True)
class GrantUse:
    grant_id: str
    sha256: str
    subject_id: str
    subject_ref: str

    def to_dict(self) -> dict[str, str]:
        return {"grant_id": self.grant_id, "sha256": self.sha256, "subject_id": self.subject_id, "subject_ref": self.subject_ref}


@dataclass(frozen=True)
class Decision:
    """The outcome. ``allowed`` is True exactly when no finding failed.

    ``decision_id`` is the caller's (``decide(..., decision_id=str(uuid4()))``) or, when not
    given, a UUID derived deterministically from the inputs (same inputs, same id).
    """

    decision_id: str
    allowed: bool
    findings: tuple[Finding, ...]
    grants_used: tuple[GrantUse, ...]
    subjects: tuple[str, ...]
    subject_refs: Mapping[str, str]
    real_person_depicted: bool
    fictional_personas: tuple[str, ...]
    decided_at: datetime
    context: DecisionContext
    #: the operation each subject's grant was checked for, where it differs from the context's
    #: (an edit of a source their face is not in makes new pictures of them: likeness_generation)
    subject_operations: Mapping[str, str] = field(default_factory=dict)
    #: the subjects recognised by their face in an input or output image, with where each face
    #: is (``Likeness.where()``). A creator is not told who a face is: see :func:`creator_findings`.
    recognised: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: those of ``recognised`` whom the request also named: a creator reads their own findings
    #: (they typed the name) *and* the face lines, so that naming the right person does not make
    #: the face line vanish (which told a creator who a face is by guessing names)
    recognised_named: tuple[str, ...] = ()
    #: the registered subjects a name in the prompt reached, with where each name is
    #: (``Likeness.where()``: 'prompt chars 10-28 "Jane Doe"'); and those the request named by id
    #: (declared or by an adapter). A creator reads a typed name of someone registered without
    #: their consent exactly as one of nobody registered: see :func:`creator_findings`.
    prompt_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    named_by_id: tuple[str, ...] = ()

    def reasons(self) -> list[str]:
        """Messages of every failing finding (empty when allowed), in full: for the audit log,
        operators and the CLI. What a creator may read is :meth:`creator_reasons`."""
        return [f.message for f in self.findings if not f.passed]

    def creator_reasons(self) -> list[str]:
        """The failing findings as a creator may read them (:func:`creator_findings`)."""
        return [f["message"] for f in creator_findings(self.to_dict()) if not f.get("passed")]

    def require(self) -> Decision:
        """Return self if allowed; else raise :class:`ConsentDenied` listing every reason."""
        if not self.allowed:
            reasons = self.reasons()
            raise ConsentDenied(f"consent denied ({len(reasons)} reason{'s' if len(reasons) != 1 else ''}): " + "; ".join(reasons), decision=self)
        return self

    @property
    def label_suffix(self) -> str | None:
        """What the visible label must add: 'likeness used with consent' where a real person is depicted."""
        return "likeness used with consent" if self.real_person_depicted else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision_id": self.decision_id,
            "allowed": self.allowed,
            "decided_at": format_time(self.decided_at),
            "context": self.context.to_dict(),
            "findings": [f.to_dict() for f in self.findings],
            "grants_used": [g.to_dict() for g in self.grants_used],
            "subjects": list(self.subjects),
            "subject_refs": dict(self.subject_refs),
            "real_person_depicted": self.real_person_depicted,
            "fictional_personas": list(self.fictional_personas),
            **({"subject_operations": dict(self.subject_operations)} if self.subject_operations else {}),
            **({"recognised": {k: list(v) for k, v in self.recognised.items()}} if self.recognised else {}),
            **({"recognised_named": list(self.recognised_named)} if self.recognised_named else {}),
            **({"prompt_names": {k: list(v) for k, v in self.prompt_names.items()}} if self.prompt_names else {}),
            **({"named_by_id": list(self.named_by_id)} if self.named_by_id else {}),
        }


_NAMING = frozenset({LikenessSource.DECLARED, LikenessSource.PROMPT_NAME, LikenessSource.ADAPTER})
_SIMILARITY = re.compile(r" similarity -?[\d.]+$")
RECOGNISED_CHECK = "registered_face"


def _named(likenesses: Sequence[Likeness]) -> set[str]:
    return {lk.subject_id for lk in likenesses if lk.source in _NAMING}


def _recognised(likenesses: Sequence[Likeness], subjects: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Subject id → where their face is, for each subject the request reached by a face (named
    or not: see ``Decision.recognised_named``)."""
    out: dict[str, list[str]] = {}
    for lk in likenesses:
        if lk.subject_id in subjects and lk.box is not None:
            where = _SIMILARITY.sub("", lk.where())
            if where not in out.setdefault(lk.subject_id, []):
                out[lk.subject_id].append(where)
    return {k: tuple(v) for k, v in out.items()}


_BY_ID = frozenset({LikenessSource.DECLARED, LikenessSource.ADAPTER})


def _prompt_names(likenesses: Sequence[Likeness], subjects: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Subject id → where a name in the prompt named them, for each registered subject reached so."""
    out: dict[str, list[str]] = {}
    for lk in likenesses:
        if lk.source is LikenessSource.PROMPT_NAME and lk.subject_id in subjects and lk.span is not None:
            seen = lk.extra.get("as_unknown") if isinstance(lk.extra, Mapping) else None
            if isinstance(seen, (list, tuple)) and len(seen) == 3:
                # where the unknown-name rule reads a name here (with a title, a suffix): what a
                # made-up name in its place is quoted as (red team 30)
                where = f'prompt chars {int(seen[0])}-{int(seen[1])} "{seen[2]}"'
            else:
                where = lk.where()
            if where not in out.setdefault(lk.subject_id, []):
                out[lk.subject_id].append(where)
    return {k: tuple(v) for k, v in out.items()}


#: A creator's finding for a name in the prompt that no one has consented to use here, whether
#: the name is that of someone registered without a grant or of nobody registered.
PROMPT_NAME_CHECK = "unconsented_name"
_PROMPT_WHERE = re.compile(r'^prompt chars \d+-\d+ "')


def _name_line(where: str) -> dict[str, Any]:
    return {"check": PROMPT_NAME_CHECK, "passed": False, "subject_id": None, "grant_id": None, "field": None,
            "likeness": where,
            "message": f"{where}: looks like a real person's name, and no one of that name has consented "
                       "to this use here; an operator can see more"}


def _fold_prompt_names(findings: list[dict[str, Any]], decision: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A name typed in the prompt, as a creator reads it when nobody consented (red team 26):
    one line, the same for a name of nobody registered (an ``unknown`` or ``ambiguous`` name
    finding) and for a registered person whose only failing finding is ``no_grant`` (also an
    opt-out or a nobody, already read as that). The subject id and every other finding of that
    subject go, unless the request also named them by id (the creator typed it: their
    ``no_grant`` stays, as it reads for any id). A registered person with a grant to this
    creator that does not cover the request keeps their findings: the grant is the creator's."""
    names = decision.get("prompt_names") or {}
    typed = set(decision.get("named_by_id") or ())
    if not isinstance(names, Mapping):
        names = {}
    failing: dict[str, list[str]] = {}
    for f in findings:
        if f.get("subject_id") in names and not f.get("passed"):
            failing.setdefault(f["subject_id"], []).append(f.get("check"))
    folded = {sid for sid, checks in failing.items() if checks and all(c == "no_grant" for c in checks)}
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for f in findings:
        sid = f.get("subject_id")
        where = f.get("likeness") or ""
        if (sid is None and not f.get("passed") and f.get("check") in ("unknown", "ambiguous")
                and _PROMPT_WHERE.match(where)):
            out.append(_name_line(where))
            continue
        if sid in folded:
            if sid in typed:
                out.append(f)
            if sid not in done:
                done.add(sid)
                out.extend(_name_line(w) for w in names.get(sid) or ())
            continue
        out.append(f)
    return out


def _others_grants(findings: list[dict[str, Any]], context: Any) -> list[dict[str, Any]]:
    """Findings of a grant given to someone else (its ``scope:grantee`` failed) as the creator
    reads them: not at all (red team 27: its id, its project and the person's name on an
    approve-each-use grant were another creator's business). A subject left with no finding
    reads as one without a grant, in the place of their first; their grants to this creator
    stay as they are (what is wrong with one's own grant is one's own to read)."""
    theirs = {f.get("grant_id") for f in findings
              if f.get("grant_id") and f.get("check") == "scope:grantee" and not f.get("passed")}
    if not theirs:
        return findings
    kept = {f.get("subject_id") for f in findings if f.get("grant_id") not in theirs}
    out: list[dict[str, Any]] = []
    told: set[str] = set()
    for f in findings:
        if f.get("grant_id") not in theirs:
            out.append(f)
            continue
        sid = f.get("subject_id")
        if sid and sid not in kept and sid not in told:
            told.add(sid)
            out.append(_no_grant_finding(sid, context))
    return out


def _as_no_grant(f: dict[str, Any], context: Any) -> dict[str, Any]:
    """A failing finding about a subject id the request named, as a creator reads it: one who
    opted out, and an id that is nobody registered, read exactly as a person without a grant
    (the finding ``no_grant`` writes). Who is registered, and a person's choice never to be
    generated, are not a creator's to learn by guessing ids or names (red team 24)."""
    sid = f.get("subject_id")
    if f.get("passed") or not sid or f.get("check") not in ("opt_out", "unknown"):
        return f
    return _no_grant_finding(sid, context)


def _no_grant_finding(subject_id: str, context: Any) -> dict[str, Any]:
    """The ``no_grant`` finding :func:`decide` writes, as a dict, for ``context`` (a decision's)."""
    ctx = context if isinstance(context, Mapping) else {}
    return {"check": "no_grant", "passed": False, "subject_id": subject_id, "grant_id": None, "field": None,
            "likeness": None, "message": _no_grant_message(subject_id, ctx.get("grantee"), ctx.get("purpose"))}


def _no_grant_message(subject_id: str, grantee: Any, purpose: Any) -> str:
    """What ``no_grant`` says (:func:`decide`), and a creator reads for an opt-out or a nobody."""
    return (f"subject '{subject_id}' has no consent grant; expected a signed grant for grantee '{grantee}', "
            f"purpose '{purpose}'")


def creator_findings(decision: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A decision's findings (its :meth:`Decision.to_dict`, or the audit log's copy) as a
    creator may see them. For a subject the studio recognised by a face in an image, where one
    of their findings fails, the creator reads one finding per such face: *where* the face is
    (image and box) and that it is a registered person who has not consented to this use —
    never who (id, name, grant) or why (opt-out, no grant, whose grant). Otherwise uploading a
    stranger's photo would tell anyone with a login who it is. A subject the request also named
    keeps their own findings beside the face lines (the creator typed that name); one it did not
    name has them replaced. Either way the face lines read alike, so naming the right person
    tells nothing about a face. A name typed in the prompt that nobody consented to reads the same
    whether it is someone registered or nobody (:func:`_fold_prompt_names`). The full findings
    stay in the decision (audit log, operators, CLI)."""
    findings = _others_grants([_as_no_grant(dict(f), decision.get("context")) for f in decision.get("findings") or ()
                               if isinstance(f, Mapping)], decision.get("context"))
    recognised = decision.get("recognised") or {}
    if not isinstance(recognised, Mapping) or not recognised:
        return _fold_prompt_names(findings, decision)
    hidden = {sid for sid in recognised if any(f.get("subject_id") == sid and not f.get("passed") for f in findings)}
    named = set(decision.get("recognised_named") or ())
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for f in findings:
        sid = f.get("subject_id")
        if sid not in hidden or sid in named:
            out.append(f)
        if sid not in hidden or sid in done:
            continue
        done.add(sid)
        for where in recognised.get(sid) or ():
            out.append({"check": RECOGNISED_CHECK, "passed": False, "subject_id": None, "grant_id": None, "field": None,
                        "likeness": where,
                        "message": f"{where}: a registered person who has not consented to this use; "
                                   "an operator can see who it is and why"})
    return _fold_prompt_names(out, decision)


# --------------------------------------------------------------------------- trust
def trust_problems(signed: SignedGrant, subject: Subject, verifier_key_ids: frozenset[str] | set[str]) -> list[str]:
    """Why the signatures of ``signed`` are not trusted for ``subject`` (empty = trusted).

    A signature is trusted when its key may sign in its role: ``self`` → one of the
    subject's keys; ``agent``/``guardian``/``estate`` → the subject's representative key
    of that role; ``verifier`` → a registered verifier key. Every signature must be trusted,
    and the grant's ``signer_role`` must be among the signatures.
    """
    g = signed.grant
    rep = subject.representative
    problems = []
    for s in signed.signatures:
        if s.role is SignerRole.SELF:
            allowed = set(subject.key_ids)
            who = f"keys of subject '{subject.id}'"
        elif s.role is SignerRole.VERIFIER:
            allowed = set(verifier_key_ids)
            who = "registered verifier keys"
        else:
            allowed = {rep.key_id} if rep is not None and rep.key_id and rep.role.value == s.role.value else set()
            who = f"the {s.role.value} key of subject '{subject.id}'"
        if s.key_id not in allowed:
            problems.append(f"grant {g.id}: signature by {s.key_id} as '{s.role}' is not from a registered key; expected one of {who} {sorted(allowed)}")
    roles = {s.role for s in signed.signatures}
    if g.signer_role not in roles:
        problems.append(f"grant {g.id}: signer_role '{g.signer_role}' has no signature; found roles {sorted(r.value for r in roles)}")
    return problems


# --------------------------------------------------------------------------- checks
def _fmt(values: Iterable[Any]) -> str:
    return "[" + ",".join(f"'{v}'" for v in sorted(str(x) for x in values)) + "]"


def _project_key(name: Any) -> str:
    """A project name as compared: outer spaces dropped, Unicode composed (NFC), nothing else
    folded (no case or look-alike folding: "blue (2026)" is another project)."""
    return unicodedata.normalize("NFC", str(name).strip())


def _grant_findings(sg: StoredGrant, subject: Subject, ctx: DecisionContext, snap: Snapshot, now: datetime) -> list[Finding]:
    g = sg.grant
    out: list[Finding] = []

    def add(check: str, passed: bool, msg: str, fld: str | None = None) -> None:
        out.append(Finding(check, passed, f"grant {g.id}: {msg}", subject.id, g.id, fld))

    # integrity
    try:
        verify_signed_grant(sg.signed)
        add("intact", True, "every signature verifies over the canonical JSON", "signatures")
    except SignatureInvalid as e:
        add("intact", False, str(e).removeprefix(f"grant {g.id}: "), "signatures")
    # trust
    problems = trust_problems(sg.signed, subject, snap.verifier_key_ids)
    if problems:
        for p in problems:
            out.append(Finding("trusted", False, p, subject.id, g.id, "signatures"))
    else:
        add("trusted", True, "signed by keys registered for these roles", "signatures")
    # subject rules (also checked at issue; re-checked so rows written behind our back deny)
    for v in subject_rule_violations(subject, sg.signed):
        out.append(Finding(v.check, False, v.message, subject.id, g.id, v.field))
    # currency (one meaning of status, shared with verify, the CLI and the UI)
    t = format_time(now)
    status = sg.status(now)
    if status is GrantStatus.NOT_YET_VALID:
        add("current", False, f"not yet valid: valid_from {format_time(g.valid_from)} is after decision time {t}", "valid_from")
    elif status is GrantStatus.EXPIRED:
        add("current", False, f"expired: valid_until {format_time(g.valid_until)} is at or before decision time {t}", "valid_until")
    elif status is GrantStatus.REVOKED:
        r = sg.revocation
        after = ("at or after it" if now >= r.revoked_at else
                 f"at most {REVOCATION_CLOCK_ALLOWANCE.total_seconds() / 60:g} minutes before it: in force, the "
                 "allowance for clock differences between studio hosts")
        add("current", False, f"revoked at {format_time(r.revoked_at)} by {r.revoked_by} ({r.reason}); decision time {t} is {after}", "revocation")
    else:
        add("current", True, f"valid {format_time(g.valid_from)} to {format_time(g.valid_until)}, not revoked at {t}", "valid_until")
    # scope
    add("scope:grantee", g.grantee == ctx.grantee,
        f"grantee '{ctx.grantee}'" + (" is" if g.grantee == ctx.grantee else f" is not '{g.grantee}'") + " the grantee", "grantee")
    if ctx.project is None:  # a grant is for one project: a request that names none is not shown to be in it
        add("scope:project", False, f"the grant is for project '{g.project}' and the request names no project; "
                                    f"expected project '{g.project}'", "project")
    else:
        ok = _project_key(g.project) == _project_key(ctx.project)
        # repr: a name that differs only by an invisible character shows the difference
        add("scope:project", ok, f"project {str(ctx.project)!r}" + (" matches" if ok else f" is not {str(g.project)!r}"),
            "project")
    ok = ctx.purpose in g.purposes
    add("scope:purpose", ok, f"purpose '{ctx.purpose}' {'in' if ok else 'not in'} {_fmt(g.purposes)}", "purposes")
    ok = ctx.operation in g.operations
    add("scope:operation", ok, f"operation '{ctx.operation}' {'in' if ok else 'not in'} {_fmt(g.operations)}", "operations")
    missing = ctx.media - set(g.media)
    add("scope:media", not missing, f"media {_fmt(missing or ctx.media)} {'not in' if missing else 'in'} {_fmt(g.media)}", "media")
    ok = WORLDWIDE in g.territories or ctx.territory in g.territories
    add("scope:territory", ok, f"territory '{ctx.territory}' {'in' if ok else 'not in'} {_fmt(g.territories)}", "territories")
    violated = sorted((str(r), RESTRICTION_FLAGS[r]) for r in g.content_restrictions if RESTRICTION_FLAGS[r] in ctx.content_flags)
    if violated:
        for r, flag in violated:
            add("scope:restriction", False, f"content '{flag}' is forbidden by restriction '{r}'", "content_restrictions")
    else:
        add("scope:restriction", True, f"content {_fmt(ctx.content_flags)} allowed under {_fmt(g.content_restrictions)}", "content_restrictions")
    if g.approve_each_use:
        ok = bool(ctx.request_digest) and ctx.request_digest in snap.approvals.get(g.id, frozenset())
        # "waiting" until the denial is recorded: consent.approvals.settle says then, under the write
        # lock, whether the person was asked (declined before, or too many of the creator's wait)
        msg = "approved by the person for this exact request" if ok else approval_message("waiting", subject.display_name)
        add("approval", ok, msg, "approve_each_use")
    if g.usage_cap is not None:
        ok = sg.usage + ctx.count <= g.usage_cap
        add("scope:usage_cap", ok,
            f"usage {sg.usage} of cap {g.usage_cap}" + ("" if ok else " reached") + f"; this request needs {ctx.count} more", "usage_cap")
    return out


def _unproven_persona_message(subject_id: str) -> str:
    return (f"persona '{subject_id}' has no proven-synthetic enrolled photo, so nothing shows its adapter carries an "
            "invented face rather than a real person's; enroll one of this studio's outputs (a verified synthetic "
            f"image) as '{subject_id}' before using its adapter")


def _subject_findings(subject: Subject, ctx: DecisionContext, snap: Snapshot, now: datetime,
                      adapter: bool = False) -> tuple[list[Finding], StoredGrant | None]:
    """``adapter``: the request reaches ``subject`` through an adapter bound to them."""
    if subject.opt_out:
        return [Finding("opt_out", False, f"subject '{subject.id}' has opted out of all generation; expected no use of their likeness", subject.id, field="opt_out")], None
    if subject.kind is SubjectKind.FICTIONAL_PERSONA:
        if adapter and subject.id not in snap.proven_personas:
            # bound before bind_adapter asked for proof, or its enrolled templates gone since (red team 33)
            return [Finding("persona", False, _unproven_persona_message(subject.id), subject.id, field="kind")], None
        return [Finding("persona", True, f"subject '{subject.id}' is a fictional persona: no grant needed, output is labelled", subject.id, field="kind")], None
    candidates = sorted(snap.grants.get(subject.id, ()), key=lambda sg: sg.id)
    if not candidates:
        return [Finding("no_grant", False, _no_grant_message(subject.id, ctx.grantee, ctx.purpose), subject.id)], None
    every: list[Finding] = []
    for sg in candidates:
        fs = _grant_findings(sg, subject, ctx, snap, now)
        if all(f.passed for f in fs):
            return fs, sg
        every.extend(fs)
    return every, None


_NOT_IN_SOURCE = ("subject '{sid}' is not found in the source image, so this edit makes new pictures of them: "
                  "likeness_generation")
_REPAINTED = ("the face of subject '{sid}' in the source is repainted entirely by this edit (an inpaint mask over "
              "the face, or an img2img at strength 0.9 or more, or one whose model keeps under 0.15 of the source at "
              "this strength and step count), so it makes a new picture of them: likeness_generation")
_NO_FACE_TO_REPLACE = ("the source image holds no face to replace, so this makes new pictures of subject '{sid}': "
                       "likeness_generation")


def _subject_context(context: DecisionContext, subject_id: str,
                     likenesses: Sequence[Likeness]) -> tuple[DecisionContext, str | None]:
    """The context a subject's grant is checked in, and why it differs from the request's.

    An edit of existing footage (``footage_edit``) is an edit of footage *of that person* only
    where their face is in the source image; a subject who comes in by name, declaration,
    adapter or reference is painted into a picture they are not in, which makes new pictures of
    them (``likeness_generation``), and so does an edit that repaints their face entirely
    (``Likeness.repainted``). A face replacement (``face_replacement``) puts a person's
    face in place of a face of the source; where the source holds no face at all, nothing is
    replaced and it too makes new pictures of them."""
    op = str(context.operation)
    if op == "footage_edit":
        in_source = [lk for lk in likenesses if lk.subject_id == subject_id and lk.source is LikenessSource.SOURCE_FACE]
        if not in_source:
            return replace(context, operation="likeness_generation"), _NOT_IN_SOURCE.format(sid=subject_id)
        if any(lk.repainted for lk in in_source):  # one face of them made anew is a new picture of them
            return replace(context, operation="likeness_generation"), _REPAINTED.format(sid=subject_id)
    if op == "face_replacement" and not any(lk.source is LikenessSource.SOURCE_FACE for lk in likenesses):
        return replace(context, operation="likeness_generation"), _NO_FACE_TO_REPLACE.format(sid=subject_id)
    return context, None


def still_holds(decision: Decision, snapshot: Snapshot, now: datetime, count: int) -> list[str]:
    """Why an allowed ``decision`` no longer holds at ``now``, when its ``count`` outputs are
    published (empty when it still does). Pure: no I/O, no clock.

    Consent can end while the model runs: the person opts out, is marked a minor or deceased,
    the grant is revoked, expires or is used up, a verifier key is withdrawn, the person's
    approval is withdrawn. Each subject the decision touched is checked again as
    :func:`decide` checks it, over ``snapshot`` (read under the registry's write lock) at
    ``now`` (the publication time, not the decision's clock), and the grant the decision
    used for that subject must be one that still covers it."""
    if now.tzinfo is None:
        raise RecordInvalid(f"now is {now.isoformat()} without timezone; expected an aware UTC datetime")
    now = now.astimezone(timezone.utc)
    ctx = replace(decision.context, count=count)
    used = {gu.subject_id: gu for gu in decision.grants_used}
    problems: list[str] = []
    for sid in decision.subjects:
        subject = snapshot.subjects.get(sid)
        if subject is None:
            problems.append(f"subject '{sid}' is no longer registered")
            continue
        sctx = ctx if sid not in decision.subject_operations else replace(ctx, operation=decision.subject_operations[sid])
        gu = used.get(sid)
        if gu is not None and not subject.opt_out:  # the grant the decision used must itself still cover them
            stored = {sg.id: sg for sg in snapshot.grants.get(sid, ())}.get(gu.grant_id)
            if stored is None or stored.sha256 != gu.sha256:
                problems.append(f"grant {gu.grant_id}: no longer the grant the decision used")
                continue
            findings = _grant_findings(stored, subject, sctx, snapshot, now)
        else:  # opted out, or a persona (no grant): as decide() finds them
            findings, _covering = _subject_findings(subject, sctx, snapshot, now)
            if gu is None and subject.kind is not SubjectKind.FICTIONAL_PERSONA and not subject.opt_out:
                problems.append(f"subject '{sid}' is no longer a fictional persona; expected a grant the decision used")
        problems.extend(f.message for f in findings if not f.passed)
    return problems


def _derive_id(likenesses: Sequence[Likeness], ctx: DecisionContext, snap: Snapshot, now: datetime) -> str:
    material = {
        "context": ctx.to_dict(),
        "now": format_time(now),
        "likenesses": [[lk.source.value, lk.subject_id, lk.where()] for lk in likenesses],
        "grants": sorted(f"{sg.id}:{sg.sha256}:{sg.usage}:{sg.revocation is not None}" for gs in snap.grants.values() for sg in gs),
    }
    h = hashlib.sha256(canonical_json(material)).digest()
    return str(uuid.UUID(bytes=h[:16], version=4))


def decide(
    likenesses: Sequence[Likeness],
    context: DecisionContext,
    snapshot: Snapshot,
    now: datetime,
    decision_id: str | None = None,
    left_out: Sequence[Likeness] = (),
) -> Decision:
    """Decide whether ``context`` may touch ``likenesses``. Pure: no I/O, no clock.

    ``left_out``: face-like regions of the inputs that a second face detector judged no human
    face (``extra["left_out"]`` says why). They need no grant, and each is named in a passed
    ``left_out`` finding, so the record never says "nothing real is depicted" without them."""
    if now.tzinfo is None:
        raise RecordInvalid(f"now is {now.isoformat()} without timezone; expected an aware UTC datetime")
    now = now.astimezone(timezone.utc)
    findings: list[Finding] = []
    used: dict[str, GrantUse] = {}
    subjects: dict[str, Subject] = {}
    personas: list[str] = []
    operations: dict[str, str] = {}
    real = False

    if not likenesses and not left_out:
        findings.append(Finding("no_likeness", True, "no likeness touched: nothing real is depicted (synthetic faces of nobody); no grant needed"))
    elif not likenesses:
        findings.append(Finding("no_likeness", True, "no likeness touched: no person's face or name found; the face-like "
                                f"region{'s' if len(left_out) > 1 else ''} below {'were' if len(left_out) > 1 else 'was'} "
                                "judged no human face; no grant needed"))
    for lk in left_out:
        why = (lk.extra or {}).get("left_out") or "a second face detector sees no human face there"
        findings.append(Finding("left_out", True, f"{lk.where()}: left out, judged no human face by a second face detector: {why}",
                                likeness=lk.where()))
    seen: set[str] = set()
    for lk in likenesses:
        if lk.subject_id is None:
            if (lk.extra or {}).get("band") == "ambiguous":
                why = (lk.extra or {}).get("reason") or "it is too close to a registered subject to be told apart, yet not a clear match"
                findings.append(Finding("ambiguous", False, f"ambiguous likeness at {lk.where()}: {why}; expected a face that matches exactly one registered subject", likeness=lk.where()))
                continue
            findings.append(Finding("unknown", False, f"unknown likeness at {lk.where()}: it matches no registered subject; expected a registered subject with a grant", likeness=lk.where()))
            continue
        subject = snapshot.subjects.get(lk.subject_id)
        if subject is None:
            findings.append(Finding("unknown", False, f"likeness at {lk.where()} names subject '{lk.subject_id}', which is not registered; expected a registered subject", lk.subject_id, likeness=lk.where()))
            continue
        if subject.id in seen:
            continue
        seen.add(subject.id)
        subjects[subject.id] = subject
        sctx, why = _subject_context(context, subject.id, likenesses)
        if why is not None:
            operations[subject.id] = str(sctx.operation)
        fs, covering = _subject_findings(subject, sctx, snapshot, now, adapter=any(
            x.subject_id == subject.id and x.source is LikenessSource.ADAPTER for x in likenesses))
        if why is not None:
            fs = [replace(f, message=f"{f.message} ({why})")
                  if f.check == "scope:operation" and not f.passed else f for f in fs]
        findings.extend(fs)
        if subject.kind is SubjectKind.FICTIONAL_PERSONA and not subject.opt_out:
            personas.append(subject.id)
        elif subject.is_real:
            real = True
        if covering is not None:
            used[covering.id] = GrantUse(covering.id, covering.sha256, subject.id, subject.ref)

    allowed = all(f.passed for f in findings)
    return Decision(
        decision_id=decision_id or _derive_id(likenesses, context, snapshot, now),
        allowed=allowed,
        findings=tuple(findings),
        grants_used=tuple(used.values()),
        subjects=tuple(subjects),
        subject_refs=MappingProxyType({sid: s.ref for sid, s in subjects.items()}),
        real_person_depicted=real,
        fictional_personas=tuple(personas),
        decided_at=now,
        context=context,
        subject_operations=MappingProxyType(operations),
        recognised=MappingProxyType(recognised := _recognised(likenesses, subjects)),
        recognised_named=tuple(sid for sid in recognised if sid in _named(likenesses)),
        prompt_names=MappingProxyType(_prompt_names(likenesses, subjects)),
        named_by_id=tuple(sid for sid in subjects if any(lk.subject_id == sid and lk.source in _BY_ID for lk in likenesses)),
    )
