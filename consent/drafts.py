"""Grant drafts the depicted person signs themselves, through one-time signing links.

An operator drafts a grant (every field, validated as a :class:`~consent.records.ConsentGrant`
with its id and dates fixed) and gets one secret link per **required signer**: the subject
(``self``); the guardian of a minor (with the minor); the estate of a deceased person; the agent
where the subject has one. A link is one-time and expires (:data:`LINK_TTL` by default); only its
sha256 is stored. The person opens it, reads the terms and accepts (signing with a passkey,
:mod:`consent.passkeys`) or declines.

A draft is never a grant: the policy reads only grants. When the last required signature is
in, the draft becomes a normal signed grant through :meth:`consent.operations.Operations.import_grant`
(verify, trust, subject rules), in the same transaction as the last signature.

Every change is a signed audit entry (``draft_created``, ``draft_link_issued``, ``passkey_bound``,
``draft_signed``, ``draft_declined``, ``draft_completed``, ``draft_withdrawn``) and :class:`~consent.integrity.IntegrityState`
replays them: a draft whose terms, status, signer state or link digest differ from the log, or a
passkey row that was never bound through the log, fails closed with "registry integrity failure".

Passkeys: the credential's public key is bound to the subject (or their representative) at the
first signing for that role: it becomes one of the subject's ``key_ids`` (or the representative's
``key_id``), so the policy's trust check covers it like an Ed25519 key. Later signings of that role
must use a passkey already bound; the link alone never adds a second key.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import BigInteger, Column, ForeignKey, MetaData, String, Table, Text, select, update

from consent.errors import NotFound, RecordInvalid, SignatureInvalid
from consent.integrity import require
from consent.records import (
    ConsentGrant,
    Evidence,
    EvidenceKind,
    Signature,
    SignedGrant,
    SignerRole,
    Subject,
    SubjectKind,
    canonical_json,
    format_time,
    parse_record,
)

__all__ = [
    "Drafts",
    "DraftView",
    "SignerState",
    "SigningLink",
    "SigningContext",
    "PasskeyRecord",
    "LedgerRow",
    "Ledger",
    "LinkInvalid",
    "PresenceMissing",
    "presence_evidence",
    "required_signers",
    "LINK_TTL",
]

#: How long a signing link stays valid unless the operator says otherwise.
LINK_TTL = timedelta(days=7)
MAX_LINK_TTL = timedelta(days=60)

_md = MetaData()
_T = String(40)
_drafts = Table(
    "grant_drafts", _md,
    Column("id", String(128), primary_key=True),
    Column("subject_id", String(128), nullable=False),
    Column("grant_json", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", _T, nullable=False),
    Column("finished_at", _T),
    Column("presence_json", Text),
)
_signers = Table(
    "draft_signers", _md,
    Column("draft_id", String(128), ForeignKey("grant_drafts.id"), primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("token_sha256", String(64), nullable=False),
    Column("expires_at", _T, nullable=False),
    Column("state", String(16), nullable=False),
    Column("used_at", _T),
    Column("signature_json", Text),
    Column("reason", Text),
)
# the registry's own tables this module writes (a passkey bound at first signing becomes a key id)
_subjects = Table("subjects", _md, Column("id", String(128), primary_key=True), Column("key_ids", Text),
                  Column("rep_key_id", String(32)))
_grants = Table("grants", _md, Column("id", String(128), primary_key=True))
_templates = Table("face_templates", _md, Column("id", BigInteger, primary_key=True), Column("subject_id", String(128)))
_passkeys = Table(
    "passkeys", _md,
    Column("credential_id", String(1400), primary_key=True),
    Column("key_id", String(32), nullable=False),
    Column("subject_id", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    Column("public_key", Text, nullable=False),
    Column("sign_count", BigInteger, nullable=False),
    Column("rp_id", Text, nullable=False),
    Column("added_at", _T, nullable=False),
)


class PresenceMissing(RecordInvalid):
    """Signing refused: the subject has enrolled face photos and no presence check passed yet."""

    title = "Presence check needed"


class LinkInvalid(RecordInvalid):
    """A signing link that is unknown, expired, already used, or for a draft no longer open."""

    title = "Signing link not usable"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _parse_time(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def _token_digest(token: str) -> str:
    return hashlib.sha256((token or "").encode("utf-8")).hexdigest()


def required_signers(subject: Subject) -> tuple[str, ...]:
    """Who must sign a grant for ``subject`` (the order is the order signatures are kept in)."""
    if subject.kind is SubjectKind.DECEASED_PERSON:
        return (SignerRole.ESTATE.value,)
    rep = subject.representative
    if subject.minor:
        return (SignerRole.GUARDIAN.value, SignerRole.SELF.value)
    if rep is not None and rep.role.value == SignerRole.AGENT.value:
        return (SignerRole.SELF.value, SignerRole.AGENT.value)
    return (SignerRole.SELF.value,)


def _sent_to(subject: Subject, role: str) -> dict[str, Any]:
    """What a ``draft_created`` / ``draft_link_issued`` entry records of who a representative's
    link goes to (name and role on record now; nothing for the subject's own link)."""
    rep = subject.representative
    if role == SignerRole.SELF.value or rep is None or rep.role.value != role:
        return {}
    return {"representative": {"name": rep.name, "role": rep.role.value}}


def _not_representing(subject: Subject, role: str, name: str | None = None) -> str | None:
    """Why ``name`` (``None``: whoever is on record) does not act for ``subject`` as ``role``
    (guardian, estate, agent) now, or ``None`` when she does."""
    rep = subject.representative
    if rep is None or rep.role.value != role:
        return f"{subject.display_name} has no {role} on record now"
    if name is not None and rep.name != name:
        # not who: a representative let go learns nothing of the one who took over (a talent
        # walkthrough, session 66: a replaced agent was told the new agent's name)
        return f"another {role} is on record now"
    if role == SignerRole.GUARDIAN.value and not subject.minor:
        return f"{subject.display_name} is not a minor on record, and a guardian signs for minors only"
    if role == SignerRole.ESTATE.value and subject.kind is not SubjectKind.DECEASED_PERSON:
        return f"{subject.display_name} is not recorded as deceased, and an estate signs for deceased people only"
    return None


@dataclass(frozen=True)
class SignerState:
    role: str
    state: str  # pending, signed, declined
    expires_at: datetime
    used_at: datetime | None
    key_id: str | None
    reason: str | None

    def current(self, now: datetime) -> str:
        """pending / signed / declined / expired (a pending link past its date)."""
        if self.state == "pending" and now >= self.expires_at:
            return "expired"
        return self.state


@dataclass(frozen=True)
class DraftView:
    grant: ConsentGrant
    status: str  # pending, declined, complete, withdrawn
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    signers: tuple[SignerState, ...]

    @property
    def id(self) -> str:
        return self.grant.id

    def signer_status(self, s: SignerState, now: datetime) -> str:
        """``s``'s status as shown: a signer who never signed a draft that was withdrawn or declined is
        no longer asked (the draft's status), not "pending"."""
        return self.status if self.status in ("withdrawn", "declined") and s.state == "pending" else s.current(now)

    def to_dict(self, now: datetime | None = None) -> dict[str, Any]:
        now = now or _now()
        return {"draft_id": self.id, "subject_id": self.grant.subject_id, "status": self.status,
                "created_by": self.created_by, "created_at": format_time(self.created_at),
                "grant": self.grant.model_dump(mode="json"),
                "signers": [{"role": s.role, "status": self.signer_status(s, now), "expires_at": format_time(s.expires_at),
                             "used_at": format_time(s.used_at) if s.used_at else None, "key_id": s.key_id,
                             "reason": s.reason} for s in self.signers]}


@dataclass(frozen=True)
class SigningLink:
    """A signer's secret link token (shown once, to the operator who sends it)."""

    draft_id: str
    role: str
    token: str
    expires_at: datetime

    def path(self, prefix: str = "/talent") -> str:
        return f"{prefix}/s/{self.token}"


@dataclass(frozen=True)
class PasskeyRecord:
    credential_id: str
    key_id: str
    subject_id: str
    role: str
    public_key: bytes
    sign_count: int
    rp_id: str


@dataclass(frozen=True)
class SigningContext:
    """What the signing page needs for one open link."""

    draft: DraftView
    role: str
    subject: Subject
    signer_name: str
    passkeys: tuple[PasskeyRecord, ...]  # passkeys already bound for this subject and role
    presence_required: bool = False  # the camera check must pass before anyone signs (see presence_policy)
    presence: dict[str, Any] | None = None  # the recorded check, once passed

    @property
    def payload(self) -> bytes:
        return canonical_json(self.draft.grant)


@dataclass(frozen=True)
class LedgerRow:
    """One output made under a grant (read from the signed generation entries)."""

    at: str
    grant_id: str
    grantee: str
    purpose: str
    territory: str
    media: str
    output: str  # first 16 hex of the output's sha256
    sha256: str = ""  # the output's full sha256
    manifest_id: str = ""  # its C2PA manifest id (urn:c2pa:…)
    made_by: str = ""  # the account that made it (the entry's actor): for operators, not the person's page

    @property
    def verify(self) -> str:
        """The public verify link of this output (path on the studio: re-verifies the original, public facts only)."""
        import urllib.parse

        return f"/public/c2pa/manifests/{urllib.parse.quote(self.manifest_id, safe=':')}" if self.manifest_id else ""

    def to_dict(self) -> dict[str, str]:
        d = {k: v for k, v in self.__dict__.items() if k not in ("sha256", "manifest_id", "made_by")}
        d["verify"] = self.verify
        return d


def presence_evidence(grant: ConsentGrant) -> Evidence | None:
    """The grant's ``presence_check`` evidence item (``None``: no presence check was made)."""
    return next((e for e in grant.evidence if e.kind is EvidenceKind.PRESENCE_CHECK), None)


def _who_and_why(what: str, by: str, reason: str) -> None:
    """Refuse a withdrawal of ``what`` without who withdraws it and why (at least 10 visible
    characters of reason, kept in the signed audit log)."""
    from consent.records import refuse_bad_text, visible_chars

    refuse_bad_text("withdrawal reason", reason, multiline=True)
    refuse_bad_text("withdrawn by", by)
    if visible_chars(reason) < 10 or not (by or "").strip():
        raise RecordInvalid(f"withdrawing {what} needs who withdraws it and why (a reason of at least 10 "
                            "characters, kept in the signed audit log); nothing was changed")


class Drafts:
    """Grant drafts, signing links and passkeys. ``Drafts(operations)``."""

    def __init__(self, operations: Any, *, clock=_now) -> None:
        self.ops = operations
        self.registry = operations.registry
        self._clock = clock

    # ------------------------------------------------------------------ create
    def create(self, fields: Mapping[str, Any], *, created_by: str,
               link_ttl: timedelta = LINK_TTL) -> tuple[DraftView, list[SigningLink]]:
        """Validate ``fields`` as a grant (id, dates fixed now) and make one link per required signer."""
        if not (timedelta(minutes=1) <= link_ttl <= MAX_LINK_TTL):
            raise RecordInvalid(f"link lifetime is {link_ttl}; expected between 1 minute and {MAX_LINK_TTL.days} days")
        data = {k: v for k, v in dict(fields).items() if v is not None}
        if not data.get("subject_id"):
            raise RecordInvalid("grant subject_id is missing; expected the id of the subject who consents")
        subject = self.registry.get_subject(str(data["subject_id"]))
        if subject.opt_out:
            raise RecordInvalid(f"subject '{subject.id}' has opted out (never generate); no grant can be drafted for them")
        roles = required_signers(subject)
        now = self._clock()
        grant = self.ops.draft_terms(data, roles[0])
        if grant.signer_role.value not in roles:
            raise RecordInvalid(f"signer_role is '{grant.signer_role}' but subject '{subject.id}' is signed for by "
                                f"{list(roles)}; expected one of those")
        rep = subject.representative
        for r in roles:
            if r != SignerRole.SELF.value and (rep is None or rep.role.value != r):
                raise RecordInvalid(f"subject '{subject.id}' needs a {r} signature but has no {r} representative on "
                                    f"record; expected a representative with role '{r}' (add one to the subject)")
        expires = now + link_ttl
        links = [SigningLink(grant.id, r, secrets.token_urlsafe(24), expires) for r in roles]
        gjson = canonical_json(grant).decode("utf-8")
        sha = hashlib.sha256(gjson.encode("utf-8")).hexdigest()
        with self.registry._write() as conn:
            if conn.execute(select(_drafts.c.id).where(_drafts.c.id == grant.id)).first():
                raise RecordInvalid(f"a draft with id '{grant.id}' already exists; expected a new grant id")
            if conn.execute(select(_grants.c.id).where(_grants.c.id == grant.id)).first():
                raise RecordInvalid(f"grant '{grant.id}' already exists; expected a new grant id")
            conn.execute(_drafts.insert().values(id=grant.id, subject_id=subject.id, grant_json=gjson, sha256=sha,
                                                 status="pending", created_by=created_by, created_at=format_time(now)))
            for ln in links:
                conn.execute(_signers.insert().values(draft_id=grant.id, role=ln.role, token_sha256=_token_digest(ln.token),
                                                      expires_at=format_time(expires), state="pending"))
            self.registry._audit(conn, "draft_created", {
                "draft_id": grant.id, "subject_id": subject.id, "sha256": sha, "created_by": created_by,
                "signers": [{"role": ln.role, "token_sha256": _token_digest(ln.token), "expires_at": format_time(expires),
                             **_sent_to(subject, ln.role)} for ln in links]}, now)
        return self.get(grant.id), links

    def reissue_link(self, draft_id: str, role: str, *, by: str, link_ttl: timedelta = LINK_TTL) -> SigningLink:
        """A fresh link for a signer who has not signed yet (the old one stops working)."""
        now = self._clock()
        link = SigningLink(draft_id, role, secrets.token_urlsafe(24), now + link_ttl)
        with self.registry._write() as conn:
            d = self._checked_draft(conn, draft_id)
            if d.status != "pending":
                raise LinkInvalid(f"draft '{draft_id}' is {d.status}; expected a pending draft")
            s = next((s for s in d.signers if s.role == role), None)
            if s is None or s.state != "pending":
                raise LinkInvalid(f"signer '{role}' of draft '{draft_id}' is {s.state if s else 'not a signer'}; "
                                  "expected a signer who has not signed")
            subject = self.registry._subject(conn, d.grant.subject_id)
            require(self.registry._integrity(conn).subject_problems(subject))
            why = _not_representing(subject, role) if role != SignerRole.SELF.value else None
            if why:
                raise LinkInvalid(f"no new {role} link for draft '{draft_id}': {why}; expected a {role} on record "
                                  "(edit the subject, or draft a new grant)")
            conn.execute(update(_signers).where((_signers.c.draft_id == draft_id) & (_signers.c.role == role)).values(
                token_sha256=_token_digest(link.token), expires_at=format_time(link.expires_at)))
            # the link goes to the representative on record now (a replaced one's link stops working)
            self.registry._audit(conn, "draft_link_issued", {"draft_id": draft_id, "role": role, "by": by,
                                                             "token_sha256": _token_digest(link.token),
                                                             "expires_at": format_time(link.expires_at),
                                                             **_sent_to(subject, role)}, now)
        return link

    # ------------------------------------------------------------------ read
    def _rows(self, conn, draft_id: str):
        row = conn.execute(select(_drafts).where(_drafts.c.id == draft_id)).first()
        if row is None:
            raise NotFound(f"grant draft '{draft_id}' does not exist")
        signers = conn.execute(select(_signers).where(_signers.c.draft_id == draft_id)).all()
        return row, signers

    def _view(self, row, signers) -> DraftView:
        try:  # terms validated by Operations.draft_terms when drafted; read back as stored
            grant = parse_record(ConsentGrant, row.grant_json)
        except RecordInvalid as e:
            raise RecordInvalid(f"grant draft '{row.id}' is corrupt: {e}") from None
        order = {"guardian": 0, "estate": 0, "self": 1, "agent": 2}
        sts = []
        for s in sorted(signers, key=lambda s: order.get(s.role, 9)):
            kid = json.loads(s.signature_json)["key_id"] if s.signature_json else None
            sts.append(SignerState(s.role, s.state, _parse_time(s.expires_at), _parse_time(s.used_at) if s.used_at else None,
                                   kid, s.reason))
        return DraftView(grant, row.status, row.created_by, _parse_time(row.created_at),
                         _parse_time(row.finished_at) if row.finished_at else None, tuple(sts))

    def _checked_draft(self, conn, draft_id: str) -> DraftView:
        row, signers = self._rows(conn, draft_id)
        require(self.registry._integrity(conn).draft_problems(draft_id, row, signers))
        return self._view(row, signers)

    def get(self, draft_id: str) -> DraftView:
        with self.registry._read() as conn:
            return self._checked_draft(conn, draft_id)

    def list(self, subject_id: str | None = None, status: str | None = None) -> list[DraftView]:
        q = select(_drafts.c.id).order_by(_drafts.c.created_at, _drafts.c.id)
        if subject_id:
            q = q.where(_drafts.c.subject_id == subject_id)
        if status:
            q = q.where(_drafts.c.status == status)
        with self.registry._read() as conn:
            return [self._checked_draft(conn, r.id) for r in conn.execute(q).all()]

    # ------------------------------------------------------------------ passkeys
    @staticmethod
    def _passkey(r) -> PasskeyRecord:
        import base64

        return PasskeyRecord(r.credential_id, r.key_id, r.subject_id, r.role, base64.b64decode(r.public_key),
                             int(r.sign_count), r.rp_id)

    def _checked_passkeys(self, conn, rows) -> list[PasskeyRecord]:
        st = self.registry._integrity(conn)
        require([p for r in rows for p in st.passkey_problems(r)])
        return [self._passkey(r) for r in rows]

    def passkeys(self, subject_id: str, role: str | None = None) -> list[PasskeyRecord]:
        q = select(_passkeys).where(_passkeys.c.subject_id == subject_id).order_by(_passkeys.c.added_at)
        if role:
            q = q.where(_passkeys.c.role == role)
        with self.registry._read() as conn:
            return self._checked_passkeys(conn, conn.execute(q).all())

    def passkey(self, credential_id: str) -> PasskeyRecord | None:
        with self.registry._read() as conn:
            rows = conn.execute(select(_passkeys).where(_passkeys.c.credential_id == credential_id)).all()
            out = self._checked_passkeys(conn, rows)
        return out[0] if out else None

    def note_sign_count(self, credential_id: str, sign_count: int) -> None:
        """Remember the authenticator's counter after a verified ceremony (a replay does not grow it)."""
        with self.registry._write() as conn:
            conn.execute(update(_passkeys).where(_passkeys.c.credential_id == credential_id).values(sign_count=int(sign_count)))

    # ------------------------------------------------------------------ signing
    def open(self, token: str) -> SigningContext:
        """The draft and signer behind a link; raises :class:`LinkInvalid` when it cannot be used now."""
        with self.registry._read() as conn:
            return self._open(conn, token)

    def _open(self, conn, token: str) -> SigningContext:
        r = conn.execute(select(_signers).where(_signers.c.token_sha256 == _token_digest(token))).first() if token else None
        if r is None:
            raise LinkInvalid("this signing link is not known (it may have been replaced by a newer one); ask the "
                              "studio for a new link")
        d = self._checked_draft(conn, r.draft_id)
        s = next(s for s in d.signers if s.role == r.role)
        now = self._clock()
        if s.state != "pending":
            raise LinkInvalid(f"this signing link was already used ({s.state} at "
                              f"{format_time(s.used_at) if s.used_at else '?'}); a link works once. If that was not "
                              "you, someone else has this link: tell the studio")
        if d.status != "pending":
            raise LinkInvalid(f"this grant draft is {d.status}; it can no longer be signed")
        if now >= s.expires_at:
            raise LinkInvalid(f"this signing link expired at {format_time(s.expires_at)}; ask the studio for a new link")
        subject, keys = self._subject_passkeys(conn, d.grant.subject_id, r.role)
        self._check_representatives(conn, d, r.role, subject)
        rep = subject.representative
        name = subject.display_name if r.role == SignerRole.SELF.value else (rep.name if rep else r.role)
        row = conn.execute(select(_drafts.c.presence_json).where(_drafts.c.id == d.id)).first()
        presence = json.loads(row.presence_json) if row and row.presence_json else None
        return SigningContext(d, r.role, subject, name, keys,
                              presence_required=self._presence_needed(conn, subject, d.grant), presence=presence)

    def _check_representatives(self, conn, d: DraftView, role: str, subject: Subject) -> None:
        """Refuse a link whose representative is no longer the one on record (red team of session
        59): a link is sent to a person — the guardian, executor or agent on record when it was
        made (``draft_created`` / ``draft_link_issued``, kept by the signed log's replay) — and
        ends when another takes her place, or when a guardian no longer acts for an adult. A
        draft a replaced representative already signed cannot complete either."""
        sent = self.registry._integrity(conn).drafts.get(d.id, {}).get("signers", {})
        who = subject.display_name
        if role != SignerRole.SELF.value:
            was = (sent.get(role) or {}).get("representative")  # None: not known (an older snapshot)
            why = _not_representing(subject, role, was.get("name") if isinstance(was, dict) else None)
            if why:
                name = was.get("name") if isinstance(was, dict) else f"the {role}"
                raise LinkInvalid(f"this link was for {name}, who no longer represents {who}: {why}; ask the studio "
                                  "for a new link")
        for s in d.signers:
            was = (sent.get(s.role) or {}).get("representative")
            if s.role != role and s.state == "signed" and isinstance(was, dict):
                why = _not_representing(subject, s.role, was.get("name"))
                if why:
                    raise LinkInvalid(f"this draft was signed by {was.get('name')} as {s.role}, who no longer "
                                      f"represents {who}: {why}; it cannot be completed — ask the studio for a new "
                                      "draft")

    # ------------------------------------------------------------------ presence check
    def _presence_needed(self, conn, subject: Subject, grant: ConsentGrant) -> bool:
        """The policy: a living person with enrolled face templates (per the signed log) must pass
        the camera check before the first signature; people without templates, deceased people and
        fictional personas sign without one (the grant then carries no presence_check evidence)."""
        if subject.kind is not SubjectKind.PERSON or presence_evidence(grant) is not None:
            return False
        st = self.registry._integrity(conn)
        return any(t.get("subject_id") == subject.id for t in st.templates.values())

    def presence_policy(self, subject_id: str) -> str:
        """``required`` / ``not_possible`` (no enrolled face) / ``not_applicable`` (deceased, persona)."""
        subject = self.registry.get_subject(subject_id)
        if subject.kind is not SubjectKind.PERSON:
            return "not_applicable"
        with self.registry._read() as conn:
            st = self.registry._integrity(conn)
            return "required" if any(t.get("subject_id") == subject.id for t in st.templates.values()) else "not_possible"

    def record_presence(self, token: str, record: Mapping[str, Any]) -> DraftView:
        """Add a passed presence check to the draft: its record is kept (audited) and its digest
        becomes a ``presence_check`` evidence item of the grant, so every signature covers it.
        Only before the first signature, once per draft, for the draft's subject."""
        rec = dict(record)
        if rec.get("passed") is not True:
            raise RecordInvalid(f"presence check result is {rec.get('reason')!r}; only a passed check is recorded")
        with self.registry._write() as conn:
            ctx = self._open(conn, token)
            d = ctx.draft
            if rec.get("subject_id") != d.grant.subject_id or rec.get("draft_id") != d.id:
                raise RecordInvalid(f"presence check is for draft {rec.get('draft_id')!r} / subject "
                                    f"{rec.get('subject_id')!r}; expected draft '{d.id}' of '{d.grant.subject_id}'")
            if presence_evidence(d.grant) is not None:
                raise RecordInvalid(f"draft '{d.id}' already has a passed presence check; it is done once per draft")
            if any(s.state == "signed" for s in d.signers):
                raise RecordInvalid(f"draft '{d.id}' already has a signature; the presence check comes before the "
                                    "first signature (ask the studio for a new draft)")
            rjson = canonical_json(rec).decode("utf-8")
            digest = hashlib.sha256(rjson.encode("utf-8")).hexdigest()
            ev = Evidence(kind=EvidenceKind.PRESENCE_CHECK, sha256=digest, uri=f"consent-studio:presence:{d.id}")
            terms = d.grant.model_dump(mode="json")
            grant = self.ops.draft_terms({**terms, "evidence": [*terms["evidence"], ev.model_dump(mode="json")]},
                                         d.grant.signer_role.value)
            if grant.id != d.id or grant.valid_from != d.grant.valid_from:
                raise RecordInvalid(f"draft '{d.id}': adding the presence evidence changed the terms; expected only the evidence to change")
            gjson = canonical_json(grant).decode("utf-8")
            sha = hashlib.sha256(gjson.encode("utf-8")).hexdigest()
            now = self._clock()
            conn.execute(update(_drafts).where(_drafts.c.id == d.id).values(grant_json=gjson, sha256=sha,
                                                                             presence_json=rjson))
            self.registry._audit(conn, "draft_presence", {"draft_id": d.id, "role": ctx.role, "sha256": sha,
                                                          "presence_sha256": digest, "presence": rec}, now)
        return self.get(d.id)

    def note_presence_failure(self, token: str, record: Mapping[str, Any]) -> None:
        """Audit a failed check (scores and reason, no pixels); the draft does not change."""
        with self.registry._write() as conn:
            ctx = self._open(conn, token)
            self.registry._audit(conn, "draft_presence_failed", {"draft_id": ctx.draft.id, "role": ctx.role,
                                                                 "presence": dict(record)}, self._clock())

    def presence_record(self, draft_id: str) -> dict[str, Any] | None:
        with self.registry._read() as conn:
            self._checked_draft(conn, draft_id)
            row = conn.execute(select(_drafts.c.presence_json).where(_drafts.c.id == draft_id)).first()
        return json.loads(row.presence_json) if row and row.presence_json else None

    def sign(self, token: str, signature: Signature, *, new_passkey: Any = None, rp_id: str = "") -> DraftView:
        """Record a signer's signature (verified over the draft's grant) and consume the link.

        ``new_passkey`` (a :class:`~consent.passkeys.RegisteredPasskey`) binds that credential to
        the subject (or representative) first — allowed only when this role has no passkey yet.
        When every required signature is in, the grant is issued in the same transaction.
        """
        from consent.signing import verify_signature

        with self.registry.batch():
            with self.registry._write() as conn:
                ctx = self._open(conn, token)
                d, role, subject = ctx.draft, ctx.role, ctx.subject
                if signature.role.value != role:
                    raise SignatureInvalid(f"signature is for role '{signature.role}' but this link is for the '{role}' "
                                           "signer; expected the signer the link was sent to")
                if ctx.presence_required:
                    raise PresenceMissing(f"{subject.display_name} has enrolled face photos and no camera presence check "
                                          "has passed for this draft; expected the check before the first signature")
                verify_signature(ctx.payload, signature)
                now = self._clock()
                if new_passkey is not None:
                    self._bind(conn, ctx, new_passkey, rp_id, now)
                    if signature.key_id != new_passkey.key_id:
                        raise SignatureInvalid(f"signature is by {signature.key_id}; expected the passkey just created "
                                               f"({new_passkey.key_id})")
                elif signature.key_id not in {p.key_id for p in ctx.passkeys}:
                    raise SignatureInvalid(f"signature is by {signature.key_id}, which is not a passkey bound to "
                                           f"'{subject.id}' as {role}; expected one of {[p.key_id for p in ctx.passkeys]}")
                conn.execute(update(_signers).where((_signers.c.draft_id == d.id) & (_signers.c.role == role)).values(
                    state="signed", used_at=format_time(now),
                    signature_json=json.dumps(signature.model_dump(mode="json"), sort_keys=True)))
                self.registry._audit(conn, "draft_signed", {"draft_id": d.id, "role": role, "key_id": signature.key_id,
                                                            "sha256": hashlib.sha256(ctx.payload).hexdigest()}, now)
                rows = conn.execute(select(_signers).where(_signers.c.draft_id == d.id)).all()
                if all(r.state == "signed" for r in rows):
                    self._complete(conn, d, rows, now)
        return self.get(d.id)

    def enroll_passkey(self, subject_id: str, role: str, passkey: Any, *, rp_id: str, confirmed_by: str) -> PasskeyRecord:
        """Operator-confirmed enrollment: bind ``passkey`` (a verified registration the person made on
        the talent page) to ``subject_id`` signing as ``role``, after the operator checked the person
        (in person, ID). Same rules as a binding at first signing: one passkey per subject and role;
        afterwards a signing link cannot add another. Audited (``passkey_bound`` with ``confirmed_by``)."""
        role = self._passkey_role(role)
        with self.registry._write() as conn:
            subject, existing = self._subject_passkeys(conn, subject_id, role)
            self._bind_to(conn, subject, role, existing, passkey, rp_id, self._clock(),
                          {"draft_id": None, "confirmed_by": confirmed_by})
        return self.passkey(passkey.credential_id)

    def check_passkey_binding(self, subject_id: str, role: str) -> None:
        """Raise what :meth:`enroll_passkey` would for ``subject_id`` and ``role`` whatever the passkey
        (no such subject, a role with no representative, one already bound): checked before the
        person's one-time code is used up, so an operator's typo does not cost them their passkey
        (red team 68)."""
        role = self._passkey_role(role)
        with self.registry._read() as conn:
            subject, existing = self._subject_passkeys(conn, subject_id, role)
            self._role_free(subject, role, existing)

    def _subject_passkeys(self, conn, subject_id: str, role: str) -> tuple[Subject, tuple[PasskeyRecord, ...]]:
        """The subject (held to the signed log) and the passkeys bound for it as ``role``."""
        subject = self.registry._subject(conn, subject_id)
        require(self.registry._integrity(conn).subject_problems(subject))
        rows = conn.execute(select(_passkeys).where((_passkeys.c.subject_id == subject.id)
                                                    & (_passkeys.c.role == role))).all()
        found = tuple(self._checked_passkeys(conn, rows))
        # a binding the signed log holds whose row is gone fails closed (red team s67: with her row
        # deleted, a link bound a stranger's passkey as her, as a withdrawal's missing row looks)
        have = {r.key_id for r in rows}
        require([f"passkey {kid} is bound to {subject.id!r} ({role}) in the signed audit log but missing from the "
                 "database" for kid, want in sorted(self.registry._integrity(conn).passkeys.items())
                 if want.get("subject_id") == subject.id and want.get("role") == role and kid not in have])
        if role != SignerRole.SELF.value:
            # a representative's passkey counts only while she is the representative: one whose key is
            # no longer the representative's (custody moved, an agent replaced) neither signs nor
            # blocks the new representative's (red team of session 58), nor is offered on a
            # signing link (red team of session 59)
            rep = subject.representative
            found = tuple(p for p in found if rep is not None and rep.role.value == role and p.key_id == rep.key_id)
        return subject, found

    def disputed(self, key_id: str) -> bool:
        """Whether a person said the passkey ``key_id`` bound for them is not theirs (audit
        ``passkey_disputed``): it then opens no page of theirs (fail closed, until an operator
        binds the right key)."""
        return self.retired(key_id)

    def retired(self, key_id: str) -> bool:
        """Whether the passkey ``key_id`` was withdrawn (its person's dispute, an operator's
        :meth:`withdraw_passkey`) or disputed before session 67: it is never bound again and opens
        nothing. Read from the signed log's replayed state (red team s67: the audit search's
        index rows and kind column can be edited to hide a withdrawal)."""
        with self.registry._read() as conn:
            return self._retired(conn, key_id)

    def _retired(self, conn, key_id: str) -> bool:
        st = self.registry._integrity(conn)
        if key_id in st.retired_passkeys:
            return True
        if st.passkeys_from:  # a state from an older snapshot: the entries it does not hold, from the log
            return any(e.seq <= st.passkeys_from and key_id in (e.payload.get("withdrawn", e.payload.get("passkeys"))
                                                                 or ())
                       for kind in ("passkey_disputed", "passkey_withdrawn")
                       for e in self.registry.audit_page(kind=kind, mentions=[key_id], limit=20))
        return False

    def _confirmed(self, conn, key_id: str) -> bool:
        """Whether an operator confirmed the passkey ``key_id`` in person (``passkey_bound`` with
        ``confirmed_by``), by the signed log's replayed state."""
        st = self.registry._integrity(conn)
        if key_id in st.confirmed_passkeys:
            return True
        if st.passkeys_from:
            return any(e.seq <= st.passkeys_from and e.payload.get("confirmed_by")
                       for e in self.registry.audit_page(kind="passkey_bound", mentions=[key_id], limit=20))
        return False

    def session_refusal(self, subject_id: str, role: str, key_id: str) -> str | None:
        """Why the passkey ``key_id`` (bound to ``subject_id`` as ``role``) no longer opens the
        person's page on the talent portal, or ``None`` while it does. A representative's passkey
        counts only while it is the representative key on record, and a guardian's only while the
        subject is a minor (red team of session 59: a replaced guardian approved uses of the new
        guardian's grant; a former guardian read an adult's ledger). Asked at sign-in and on every
        request of a session, so a change ends open sessions too."""
        try:
            subject = self.registry.get_subject(subject_id)
        except NotFound:
            return "the person this passkey signs for is no longer registered here"
        if self.disputed(key_id):  # (red team s66 B: a disputed passkey still opened her page)
            return (f"this passkey no longer opens {subject.display_name}'s page: it was reported as not created by "
                    "them")
        if role == SignerRole.SELF.value:
            return None if key_id in subject.key_ids else \
                f"this passkey is no longer one of {subject.display_name}'s keys on record"
        why = _not_representing(subject, role)
        rep = subject.representative
        if why is None and rep is not None and rep.key_id != key_id:
            why = f"it is no longer the key of the {role} on record"  # (not who: session 66)
        return None if why is None else f"this passkey no longer opens {subject.display_name}'s page: {why}"

    @staticmethod
    def _passkey_role(role: str) -> str:
        role = (role or "").strip()
        if role not in {r.value for r in SignerRole} - {SignerRole.VERIFIER.value}:
            raise RecordInvalid(f"role is {role!r}; expected self, guardian, estate or agent")
        return role

    @staticmethod
    def _role_free(subject: Subject, role: str, existing: tuple[PasskeyRecord, ...]) -> None:
        """Raise unless ``subject`` can take a passkey signing as ``role``."""
        if existing:
            raise SignatureInvalid(f"'{subject.id}' already has a passkey for signing as {role} "
                                   f"({', '.join(p.key_id for p in existing)}); sign with it — a link never adds a second one")
        rep = subject.representative
        if role != SignerRole.SELF.value:
            if rep is None or rep.role.value != role:
                raise SignatureInvalid(f"'{subject.id}' has no {role} representative; expected one on record")
            if rep.key_id is not None:
                raise SignatureInvalid(f"the {role} of '{subject.id}' already signs with key {rep.key_id}; a passkey "
                                       "cannot replace it through a link (sign elsewhere and import the grant)")

    def _bind(self, conn, ctx: SigningContext, passkey: Any, rp_id: str, now: datetime) -> None:
        self._bind_to(conn, ctx.subject, ctx.role, ctx.passkeys, passkey, rp_id, now, {"draft_id": ctx.draft.id})

    def _bind_to(self, conn, subject: Subject, role: str, existing: tuple[PasskeyRecord, ...], passkey: Any, rp_id: str,
                 now: datetime, extra: dict[str, Any]) -> None:
        import base64

        self._role_free(subject, role, existing)
        if conn.execute(select(_passkeys.c.key_id).where((_passkeys.c.credential_id == passkey.credential_id)
                                                         | (_passkeys.c.key_id == passkey.key_id))).first():
            raise SignatureInvalid(f"passkey {passkey.key_id} is already bound to someone; expected a new passkey")
        if self._retired(conn, passkey.key_id):  # (session 67: a dispute or a withdrawal removes its binding for good)
            raise SignatureInvalid(f"passkey {passkey.key_id} was reported as not created by the person it was bound "
                                   "for, or withdrawn by the studio; it cannot be bound again: create a new passkey")
        if role == SignerRole.SELF.value:
            ids = sorted(set(subject.key_ids) | {passkey.key_id})
            conn.execute(update(_subjects).where(_subjects.c.id == subject.id).values(key_ids=json.dumps(ids)))
        else:
            conn.execute(update(_subjects).where(_subjects.c.id == subject.id).values(rep_key_id=passkey.key_id))
        pk = base64.b64encode(passkey.public_key).decode("ascii")
        conn.execute(_passkeys.insert().values(credential_id=passkey.credential_id, key_id=passkey.key_id,
                                               subject_id=subject.id, role=role, public_key=pk,
                                               sign_count=int(passkey.sign_count), rp_id=rp_id or "",
                                               added_at=format_time(now)))
        self.registry._audit(conn, "passkey_bound", {"subject_id": subject.id, "role": role, "key_id": passkey.key_id,
                                                     "credential_id": passkey.credential_id, "public_key": pk,
                                                     **extra}, now)

    def _complete(self, conn, d: DraftView, rows, now: datetime) -> None:
        order = {"guardian": 0, "estate": 0, "self": 1, "agent": 2}
        sigs = tuple(Signature.from_dict(json.loads(r.signature_json)) for r in sorted(rows, key=lambda r: order.get(r.role, 9)))
        signed = SignedGrant(grant=d.grant, signatures=sigs)
        self.ops.import_grant(signed)  # verify + trust + subject rules; joins this transaction
        conn.execute(update(_drafts).where(_drafts.c.id == d.id).values(status="complete", finished_at=format_time(now)))
        self.registry._audit(conn, "draft_completed", {"draft_id": d.id, "grant_id": d.id}, now)

    def decline(self, token: str, reason: str = "", *, disputed: bool = False) -> DraftView:
        """The signer declines: the draft is closed for good (audited with the reason, if any).

        ``disputed``: the person says she never created the passkey bound for her (a talent
        walkthrough, session 66); where one is bound, ``passkey_disputed`` is recorded in the same
        transaction (red team s66 B: written after, its failure left a bare error page), and from
        then on that passkey opens no page of hers (:meth:`session_refusal`). Since session 67 it
        also signs for her no more: it is taken off her keys on record (or her representative's
        key), so every grant it signed allows nothing until she signs again, and its binding is
        removed, so her next link binds the passkey she makes then (that passkey itself is never
        bound again: :meth:`_bind_to`). A grant signed by whoever opened her first link used to
        stand until an operator found and revoked it."""
        reason = (reason or "").strip()[:500]
        with self.registry._write() as conn:
            ctx = self._open(conn, token)
            now = self._clock()
            if disputed and ctx.passkeys:
                reason = ("PASSKEY DISPUTED: the person never created a passkey here. " + reason)[:500]
                named = sorted(p.key_id for p in ctx.passkeys)
                # a passkey an operator confirmed in person is not taken off on a link holder's word
                # (red team s67: an interceptor's dispute made her next link a first-use one again):
                # the operators are told, and withdraw it themselves once they have checked
                gone = [k for k in named if not self._confirmed(conn, k)]
                self._unbind(conn, ctx.subject, ctx.role, gone, now)
                # "withdrawn": what the signed log's replay takes off (consent.integrity); an entry
                # written before session 67 has none and withdrew nothing
                self.registry._audit(conn, "passkey_disputed", {
                    "subject_id": ctx.subject.id, "role": ctx.role, "draft_id": ctx.draft.id,
                    "passkeys": named, "withdrawn": gone}, now)
            conn.execute(update(_signers).where((_signers.c.draft_id == ctx.draft.id) & (_signers.c.role == ctx.role)).values(
                state="declined", used_at=format_time(now), reason=reason or None))
            conn.execute(update(_drafts).where(_drafts.c.id == ctx.draft.id).values(status="declined",
                                                                                     finished_at=format_time(now)))
            self.registry._audit(conn, "draft_declined", {"draft_id": ctx.draft.id, "role": ctx.role,
                                                          "reason": reason or None}, now)
        return self.get(ctx.draft.id)

    def _unbind(self, conn, subject: Subject, role: str, key_ids: Sequence[str], now: datetime) -> None:
        """Take the passkeys ``key_ids`` bound for ``subject`` as ``role`` off the record, in the
        caller's transaction: off her keys (self) or her representative's key, and their bindings
        gone. The caller's audit entry names them under ``withdrawn`` (the replay does the same).
        The uses approved on her page as ``role`` and not made yet are taken back (red team s67: an
        approval the disputed passkey gave still let one use through): a person has one passkey
        per role, so those are the passkey's (audited as taken back)."""
        if not key_ids:
            return
        from consent.approvals import _approvals

        by = f"talent:{subject.id}:{role}"
        for r in conn.execute(select(_approvals).where((_approvals.c.subject_id == subject.id)
                                                       & (_approvals.c.status == "approved")
                                                       & (_approvals.c.decided_by == by))).all():
            conn.execute(update(_approvals).where(_approvals.c.id == r.id).values(
                status="declined", decided_at=format_time(now), decided_by="studio: passkey withdrawn"))
            self.registry._audit(conn, "use_approval_decided", {"approval_id": r.id, "grant_id": r.grant_id,
                                                                "status": "declined", "by": "studio: passkey withdrawn",
                                                                "taken_back": True}, now)
        if role == SignerRole.SELF.value:
            ids = sorted(set(subject.key_ids) - set(key_ids))
            conn.execute(update(_subjects).where(_subjects.c.id == subject.id).values(key_ids=json.dumps(ids)))
        elif subject.representative is not None and subject.representative.key_id in key_ids:
            conn.execute(update(_subjects).where(_subjects.c.id == subject.id).values(rep_key_id=None))
        conn.execute(_passkeys.delete().where(_passkeys.c.key_id.in_(list(key_ids))))

    def withdraw_passkey(self, subject_id: str, key_id: str, *, by: str, reason: str) -> PasskeyRecord:
        """An operator withdraws the passkey ``key_id`` bound for ``subject_id`` (a link that reached
        the wrong person, who signed; a lost or stolen device): it signs for her no more, so every
        grant it signed allows nothing until she signs again, it opens none of her pages, and it
        is never bound again; her next link binds the passkey she makes then (best handed over in
        person). Audited (``passkey_withdrawn``) with who and why. Added in session 67: keys could
        only be added, and "replace the key (subject edit)" left a self key in place."""
        _who_and_why("a passkey", by, reason)
        with self.registry._write() as conn:
            rows = conn.execute(select(_passkeys).where((_passkeys.c.key_id == key_id)
                                                        & (_passkeys.c.subject_id == subject_id))).all()
            found = self._checked_passkeys(conn, rows)
            if not found:
                raise NotFound(f"no passkey {key_id} is bound for subject '{subject_id}'; see `subject show "
                               f"{subject_id}` for the keys on record")
            pk = found[0]
            subject = self.registry._subject(conn, subject_id)
            require(self.registry._integrity(conn).subject_problems(subject))
            now = self._clock()
            self._unbind(conn, subject, pk.role, [pk.key_id], now)
            self.registry._audit(conn, "passkey_withdrawn", {
                "subject_id": subject_id, "role": pk.role, "key_id": pk.key_id, "by": by.strip(),
                "reason": reason.strip(), "withdrawn": [pk.key_id]}, now)
        return pk

    def withdraw(self, draft_id: str, *, by: str, reason: str) -> DraftView:
        """An operator withdraws a pending draft (terms drafted wrongly, a link sent to the wrong
        person, the person's situation changed): every link of it stops working and it can no
        longer be signed or completed, as after a decline. Audited (``draft_withdrawn``) with who
        and why (at least 10 visible characters). A draft already declined, completed or
        withdrawn is refused; a grant already issued is revoked instead (``grant revoke``). Added
        after a fresh user's walkthrough (session 63): there was no way to take a link back.

        A signature already given stays what it did: a passkey that a first signing bound to the
        subject or their representative stays bound (red team s63d: a link that reached the wrong
        person, who signed, left her passkey as the guardian's key). :meth:`bound_by_signers`
        names those, so the operator is told how to withdraw one (:meth:`withdraw_passkey`)."""
        _who_and_why("a draft", by, reason)
        with self.registry._write() as conn:
            d = self._checked_draft(conn, draft_id)
            if d.status != "pending":
                raise RecordInvalid(f"grant draft '{draft_id}' is {d.status}; only a pending draft can be withdrawn"
                                    + (" (its grant is issued: revoke it with `grant revoke`)" if d.status == "complete"
                                       else ""))
            now = self._clock()
            conn.execute(update(_drafts).where(_drafts.c.id == draft_id).values(status="withdrawn",
                                                                                 finished_at=format_time(now)))
            self.registry._audit(conn, "draft_withdrawn", {"draft_id": draft_id, "subject_id": d.grant.subject_id,
                                                           "by": by.strip(), "reason": reason.strip()}, now)
        return self.get(draft_id)

    def first_use_signers(self, view: DraftView) -> list[str]:
        """The roles of ``view``'s signers who have no passkey bound yet: whoever opens such a link
        first creates the passkey that signs, and later signs in, as that person (a talent
        walkthrough, session 66: an interceptor who opened the actor's first link became her, and she
        was only told later to sign "with the passkey you created before")."""
        sid = view.grant.subject_id
        return [sg.role for sg in view.signers if sg.state == "pending" and not self.passkeys(sid, sg.role)]

    @staticmethod
    def first_use_warning(roles: Sequence[str], enroll_url: str) -> str:
        """The words an operator reads for :meth:`first_use_signers` (the CLI and the page)."""
        return (f"no passkey is bound yet for {', '.join(roles)}: whoever opens that link first becomes that signer on the "
                "talent page (signs, sees every use, can withdraw). Hand the link over in person, or have them create "
                f"their passkey at {enroll_url} and confirm it (People & consent → Confirm a person's passkey) before "
                "you send it")

    @staticmethod
    def bound_by_signers(view: DraftView) -> list[str]:
        """What a withdrawal leaves in place, in words: each signer of ``view`` who signed, with the
        key they signed with (a passkey their first signing bound stays bound)."""
        return [f"{s.role} signed with {s.key_id}: that key stays on record for the {s.role}; if the link reached the "
                f"wrong person, withdraw it (`consent-studio subject withdraw-passkey {view.grant.subject_id} "
                f"{s.key_id}`)" for s in view.signers if s.state == "signed" and s.key_id]

    # ------------------------------------------------------------------ the person's own view
    def ledger(self, grant_id: str) -> Ledger:
        """The outputs made under ``grant_id``, from the signed generation entries (newest first).

        The entries are found by the grant-use index (:meth:`Registry.grant_uses`): only those
        whose decision *used* the grant, never every entry that merely names its id — a creator
        can write the id into a generation's ``project`` as often as they like (adversary 13).
        Each entry read is checked (hash, signature, the grant in its decision). At most
        :data:`_LEDGER_PAGE` entries are read; a grant used in more is listed cut, and the
        :class:`Ledger` says so (``complete`` False, ``note``) — never a shorter list as if whole.

        What is *not* read is still compared with the signed log (the replayed state, read in the
        same transaction as the index, never the index itself): the index's total must equal the
        grant's signed usage count — in either direction: a row deleted drops a use from her page
        (adversary 12), a row added past the page would show her uses that never happened
        (adversary 15) — and the newest entry the page lists must be the newest generation entry
        that used the grant by the signed log, so a deleted newest row whose outputs were added to
        an old, unread row cannot hide her newest output (adversary 15). The count shown is always
        the signed one. Any difference fails closed (IntegrityFailure)."""
        from consent.integrity import IntegrityFailure

        try:  # the grant's row against the signed log (a usage counter edited in the database fails here)
            self.registry.get_grant(grant_id)
        except NotFound:  # no such grant (a draft not yet signed): nothing was counted
            pass
        page = self.registry.grant_uses(grant_id, limit=_LEDGER_PAGE)
        counted = page.counted
        out = []
        for e, p in zip(page.entries, page.payloads, strict=True):
            ctx = (p.get("decision") or {}).get("context") or {}
            for o in p.get("outputs") or ():
                out.append(LedgerRow(e.at if isinstance(e.at, str) else format_time(e.at), grant_id,
                                     str(ctx.get("grantee", "")), str(ctx.get("purpose", "")), str(ctx.get("territory", "")),
                                     ",".join(ctx.get("media") or ()), str(o.get("sha256", ""))[:16],
                                     str(o.get("sha256", "")), str(o.get("manifest_id") or ""), str(p.get("actor") or "")))
        if page.outputs != counted or (page.complete and len(out) != counted):
            have = len(out) if page.complete else page.outputs
            raise IntegrityFailure(f"grant {grant_id} was used for {counted} outputs, but the audit log lists "
                                   + (f"only {have}: generation entries or their index rows are missing"
                                      if have < counted else f"{have}: grant-use index rows were added")
                                   + "; run 'consent-studio audit verify'")
        first = page.entries[0].seq if page.entries else None
        if page.newest_known:
            wrong = first != page.newest
        else:  # uses up to known_from are not tracked by entry: a listed newest use must lie there
            wrong = first is None or first > page.known_from
        if counted and wrong:
            said = f"entry {page.newest}" if page.newest_known else f"at or before entry {page.known_from}"
            raise IntegrityFailure(f"grant {grant_id}: the newest generation entry that used it is {said} by the "
                                   f"signed audit log, but its grant-use index lists entry {first} as the newest: an "
                                   "index row was removed or moved; run 'consent-studio audit verify'")
        out.sort(key=lambda r: r.at, reverse=True)
        return Ledger(out, counted=counted, complete=page.complete)


#: generation entries one ledger read takes (a grant used in more is listed cut, and says so)
_LEDGER_PAGE = 1000


class Ledger(list):
    """The rows of :meth:`Drafts.ledger` (a list of :class:`LedgerRow`, newest first), with what
    the person must be told when it is not every use: ``counted`` (the grant's usage count) and
    ``complete`` (every output made under the grant is listed)."""

    def __init__(self, rows: Any = (), *, counted: int = 0, complete: bool = True) -> None:
        super().__init__(rows)
        self.counted = counted
        self.complete = complete and len(self) >= counted

    @property
    def note(self) -> str:
        """Empty when every use is listed; else what the page says above the list."""
        if self.complete:
            return ""
        return (f"Only the newest {len(self)} of the {self.counted} outputs made under this grant are listed here; "
                "older ones are not shown. Ask the studio for the full record.")


def integrity_problems(conn: Any, st: Any) -> list[str]:
    """Every disagreement between the draft, signer and passkey tables and the signed log
    (for ``Registry.check_integrity`` / ``consent-studio audit verify``)."""
    out: list[str] = []
    rows = conn.execute(select(_drafts)).all()
    for r in rows:
        signers = conn.execute(select(_signers).where(_signers.c.draft_id == r.id)).all()
        out += st.draft_problems(r.id, r, signers)
    have = {r.id for r in rows}
    out += [f"grant draft '{d}' was created (signed audit log) but is missing from the database"
            for d in sorted(set(st.drafts) - have)]
    keys = conn.execute(select(_passkeys)).all()
    for r in keys:
        out += st.passkey_problems(r)
    out += [f"passkey {k} was bound (signed audit log) but is missing from the database"
            for k in sorted(set(st.passkeys) - {r.key_id for r in keys})]
    from consent.approvals import _approvals

    aps = conn.execute(select(_approvals)).all()
    for r in aps:
        out += st.approval_problems(r)
    out += [f"use approval {a} was requested (signed audit log) but is missing from the database"
            for a in sorted(set(st.approvals) - {r.id for r in aps})]
    return out
