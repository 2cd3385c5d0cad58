"""Approve-each-use grants: each request that would use such a grant waits for the person.

A grant with ``approve_each_use`` (a term the person signed) covers a request only when the
person approved **that exact request** (its digest, :meth:`creator.request.GenerationRequest.digest`)
on their consent page. The flow:

1. A request is decided: :func:`consent.policy.decide` finds the grant otherwise in scope and
   fails its ``approval`` check ("waiting for <name>'s approval"); when the registry records that
   denial, :func:`file_requests` files one *pending* approval per such grant and request digest
   (once: asking again does not add another).
2. The person approves or declines it on ``/talent/me`` (:meth:`Approvals.decide`).
3. The next identical request is allowed (the snapshot carries the approved digests); a different
   request (another prompt, seed, size, …) has another digest and waits again.
4. When the outputs are recorded the approval is *used* (:func:`consume`, in the same transaction):
   an approval covers one generation, once.

Every step is a signed audit entry (``use_approval_requested``, ``use_approval_decided``,
``use_approval_used``); :class:`~consent.integrity.IntegrityState` replays them, so an approval
row changed behind the log fails closed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Column, MetaData, String, Table, Text, func, select, update

from consent.errors import ConsentDenied, NotFound, RecordInvalid
from consent.integrity import previews_digested, require
from consent.policy import MAX_PENDING_APPROVALS
from consent.records import format_time

__all__ = ["Approvals", "UseApproval", "file_requests", "settle", "approved_digests", "consume"]

_md = MetaData()
_T = String(40)
_approvals = Table(
    "use_approvals", _md,
    Column("id", String(64), primary_key=True),
    Column("grant_id", String(128), nullable=False),
    Column("subject_id", String(128), nullable=False),
    Column("request_digest", String(64), nullable=False),
    Column("summary_json", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("requested_by", Text, nullable=False),
    Column("requested_at", _T, nullable=False),
    Column("decided_at", _T),
    Column("decided_by", Text),
)


def _now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class UseApproval:
    id: str
    grant_id: str
    subject_id: str
    request_digest: str
    summary: Mapping[str, Any]
    status: str  # pending, approved, declined, used
    requested_by: str
    requested_at: str
    decided_at: str | None
    decided_by: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "summary": dict(self.summary)}


def _view(r: Any) -> UseApproval:
    return UseApproval(r.id, r.grant_id, r.subject_id, r.request_digest, json.loads(r.summary_json), r.status,
                       r.requested_by, r.requested_at, r.decided_at, r.decided_by)


def _checked(registry: Any, conn: Any, rows: Iterable[Any]) -> list[Any]:
    rows = list(rows)
    st = registry._integrity(conn)
    require([p for r in rows for p in st.approval_problems(r)])
    return rows


def file_requests(registry: Any, conn: Any, decision: Any, grant_ids: Iterable[str], requested_by: str,
                  now: datetime, request_view: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None
                  ) -> list[str]:
    """Inside the transaction that records a denial: file a pending approval under each of
    ``grant_ids``, those :func:`settle` found the person is to be asked under (the only failing
    check ``approval``: a request otherwise out of scope never bothers the person).
    ``request_view`` (the prompt, settings and inputs by digest) is what the person will see of
    the request, under ``summary["request"]``. Returns the new approval ids."""
    digest = decision.context.request_digest
    subject_of = {f.grant_id: f.subject_id for f in decision.findings if f.grant_id}
    out = []
    for gid in sorted(grant_ids):
        sid = subject_of[gid]
        aid = "ap-" + secrets.token_hex(8)
        summary = {**decision.context.to_dict(), "decision_id": decision.decision_id}
        if callable(request_view):  # made only when an approval is filed (its input previews cost a decode)
            request_view = request_view()
        if request_view is not None:
            summary["request"] = dict(request_view)
        conn.execute(_approvals.insert().values(
            id=aid, grant_id=gid, subject_id=sid or "", request_digest=digest,
            summary_json=json.dumps(summary, sort_keys=True), status="pending", requested_by=requested_by,
            requested_at=format_time(now)))
        registry._audit(conn, "use_approval_requested", {"approval_id": aid, "grant_id": gid, "subject_id": sid,
                                                         "request_digest": digest,
                                                         # the pictures stay in the row; the log keeps their digests
                                                         "summary": previews_digested(summary),
                                                         "requested_by": requested_by}, now)
        out.append(aid)
    return out


def _asked(decision: Any) -> tuple[str | None, dict[str, list[Any]]]:
    """The request digest and, by grant, the findings of the grants whose only failing check is
    ``approval`` and whose person the request named (by id, in the prompt, by an adapter, or
    recognised and named too): those :func:`file_requests` asks. (Red team 73) a person reached
    by a face alone is never asked, so a creator cannot learn from their page's count whose face
    an uploaded photo holds."""
    digest = getattr(decision.context, "request_digest", None)
    named = set(getattr(decision, "prompt_names", {}) or {}) | set(getattr(decision, "named_by_id", ()) or ()) \
        | set(getattr(decision, "recognised_named", ()) or ())
    by_grant: dict[str, list[Any]] = {}
    for f in decision.findings:
        if f.grant_id:
            by_grant.setdefault(f.grant_id, []).append(f)
    out = {}
    for gid, fs in by_grant.items():
        failing = [f for f in fs if not f.passed]
        if failing and all(f.check == "approval" for f in failing) and fs[0].subject_id in named:
            out[gid] = fs
    return digest, out


def _standing(conn: Any, gid: str, digest: str) -> str | None:
    """The status of this request's approval under ``gid`` the person is (or was) asked: pending,
    approved or declined; None when never asked (a used approval asks again)."""
    row = conn.execute(select(_approvals.c.status).where((_approvals.c.grant_id == gid)
                                                         & (_approvals.c.request_digest == digest)
                                                         & _approvals.c.status.in_(("pending", "approved", "declined")))
                       .order_by(_approvals.c.requested_at.desc())).first()
    return row.status if row is not None else None


def _waiting(conn: Any, gid: str, requested_by: str) -> int:
    return conn.execute(select(func.count()).select_from(_approvals).where(
        (_approvals.c.grant_id == gid) & (_approvals.c.requested_by == requested_by)
        & (_approvals.c.status == "pending"))).scalar_one()


def settle(registry: Any, conn: Any, decision: Any, requested_by: str) -> tuple[Any, list[str]]:
    """Inside the transaction that records a denial, before it is recorded, under the write lock:
    the grants whose person is to be asked now (:func:`file_requests` files them), and the
    decision with each ``approval`` finding saying what is done: asked, asked already, declined
    (not asked again), or not asked because :data:`~consent.policy.MAX_PENDING_APPROVALS` of
    ``requested_by``'s requests wait already. :func:`~consent.policy.decide` cannot know those
    (red team 73: of 12 simultaneous requests, 7 were told they waited and were never filed)."""
    from dataclasses import replace

    from consent.policy import approval_message

    digest, asked = _asked(decision)
    if decision.allowed or not digest or not asked:
        return decision, []
    findings, asks = list(decision.findings), []
    for k, f in enumerate(findings):
        if f.check != "approval" or f.passed or f.grant_id not in asked:
            continue
        name = registry._subject(conn, f.subject_id).display_name
        standing = _standing(conn, f.grant_id, digest)
        if standing == "declined":
            msg = approval_message("declined", name)
        elif standing is not None:
            msg = approval_message("waiting", name)
        elif (n := _waiting(conn, f.grant_id, requested_by)) >= MAX_PENDING_APPROVALS:
            msg = approval_message("capped", name, n)
        else:
            msg = approval_message("waiting", name)
            asks.append(f.grant_id)
        msg = f"grant {f.grant_id}: {msg}"
        if msg != f.message:
            findings[k] = replace(f, message=msg)
    if findings != list(decision.findings):
        decision = replace(decision, findings=tuple(findings))
    return decision, asks


def asker() -> str:
    """Who is asking now, as an approval request names them (``requested_by``): the audit actor."""
    from consent.audit import current_actor

    return current_actor() or "unknown"


def _asked_by_this_account(r: Any) -> bool:
    """Whether approval row ``r`` was asked for once the account acting now existed (an account
    removed and added again under the same name does not inherit the earlier one's approvals; red
    team s65 A); True where the account's creation is not known (the CLI's OS user)."""
    from consent.audit import current_actor_since

    since = current_actor_since()
    if since is None:
        return True
    try:
        asked = datetime.fromisoformat(str(r.requested_at).replace("Z", "+00:00"))
    except ValueError:
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return asked >= since


def approved_digests(registry: Any, conn: Any, grant_ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """For the snapshot: grant id -> request digests approved and not used yet (checked against the
    log), of the approvals the one asking now asked for: an approval is the asker's, not every
    account's that sends the same request under the same grantee (red team s64 G: two creator
    accounts of one agency)."""
    ids = sorted(set(grant_ids))
    if not ids:
        return {}
    rows = _checked(registry, conn, conn.execute(select(_approvals).where(_approvals.c.grant_id.in_(ids))).all())
    out: dict[str, set[str]] = {}
    who = asker()
    for r in rows:
        if r.status == "approved" and r.requested_by == who and _asked_by_this_account(r):
            out.setdefault(r.grant_id, set()).add(r.request_digest)
    return {k: frozenset(v) for k, v in out.items()}


def consume(registry: Any, conn: Any, grant_id: str, request_digest: str | None, decision: Any, now: datetime) -> None:
    """Inside the transaction that records outputs under an approve-each-use grant: the approval
    of this request becomes *used*; none (declined or used meanwhile) -> the outputs are refused."""
    rows = _checked(registry, conn, conn.execute(select(_approvals).where(
        (_approvals.c.grant_id == grant_id) & (_approvals.c.request_digest == (request_digest or ""))
        & (_approvals.c.status == "approved") & (_approvals.c.requested_by == asker()))).all())
    rows = [r for r in rows if _asked_by_this_account(r)]
    if not rows:
        raise ConsentDenied(f"grant {grant_id}: the person's approval of this request is no longer there (declined or "
                            "already used) when the outputs were recorded; expected one approval per use",
                            decision=decision)
    r = rows[0]
    conn.execute(update(_approvals).where(_approvals.c.id == r.id).values(status="used"))
    registry._audit(conn, "use_approval_used", {"approval_id": r.id, "grant_id": grant_id,
                                                "decision_id": decision.decision_id}, now)


class Approvals:
    """The person's (and the operator's) view of approve-each-use requests."""

    def __init__(self, registry: Any, *, clock=_now) -> None:
        self.registry = registry
        self._clock = clock

    def list(self, *, subject_id: str | None = None, status: str | None = None, limit: int = 200) -> list[UseApproval]:
        q = select(_approvals).order_by(_approvals.c.requested_at.desc(), _approvals.c.id).limit(limit)
        if subject_id:
            q = q.where(_approvals.c.subject_id == subject_id)
        if status:
            q = q.where(_approvals.c.status == status)
        with self.registry._read() as conn:
            return [_view(r) for r in _checked(self.registry, conn, conn.execute(q).all())]

    def get(self, approval_id: str) -> UseApproval:
        with self.registry._read() as conn:
            rows = _checked(self.registry, conn, conn.execute(select(_approvals).where(_approvals.c.id == approval_id)).all())
        if not rows:
            raise NotFound(f"approval '{approval_id}' does not exist")
        return _view(rows[0])

    def decide(self, approval_id: str, *, approve: bool, by: str, subject_id: str | None = None,
               take_back: bool = False) -> UseApproval:
        """pending -> approved / declined (audited). ``subject_id``: the person deciding must own it.
        ``take_back``: approved and not used yet -> declined (a talent walkthrough, session 66: an
        approval could not be taken back before its use; a use being recorded meanwhile finds no
        approval and publishes nothing)."""
        now = self._clock()
        status = "approved" if approve else "declined"
        expected = "approved" if take_back else "pending"
        if take_back and approve:
            raise RecordInvalid("taking an approval back declines it; expected approve=False")
        with self.registry._write() as conn:
            rows = _checked(self.registry, conn,
                            conn.execute(select(_approvals).where(_approvals.c.id == approval_id)).all())
            if not rows or (subject_id is not None and rows[0].subject_id != subject_id):
                raise NotFound(f"approval '{approval_id}' does not exist")
            r = rows[0]
            if r.status != expected:
                raise RecordInvalid(f"approval '{approval_id}' is {r.status}; expected "
                                    + ("an approval not used yet" if take_back else "a pending request"))
            conn.execute(update(_approvals).where(_approvals.c.id == approval_id).values(
                status=status, decided_at=format_time(now), decided_by=by))
            self.registry._audit(conn, "use_approval_decided", {"approval_id": approval_id, "grant_id": r.grant_id,
                                                                "status": status, "by": by,
                                                                **({"taken_back": True} if take_back else {})}, now)
        return self.get(approval_id)
