"""Red team 33: a talent-page session written into the database by its host.

The talent page's sessions live in the registry (``consent.talent_state``, table
``talent_sessions``) so that every studio process shares them; a row holds
``sha256("talent-session\\0" + cookie)`` — an unkeyed hash — with the person's id and role, and
the page's form token is ``sha256("talent-csrf\\0" + cookie)[:32]``, also unkeyed. Nothing ties a
row to a passkey sign-in: no signed audit entry, no key from the keys directory.

So the database host (trusted with nothing, docs/ARCHITECTURE.md "Threat model") picks a cookie,
inserts its hash as a session of Jane's, and is Jane on /talent/me: it **approves a use** of her
approve-each-use grant, and the studio itself signs "approved by talent:jane:self" into the log —
the use approvals whose rows the integrity check guards are made through the front door. (It can
equally withdraw her grants, or read her ledger and pictures.) The approval, the one act by which
she consents to each use, rests on nothing she did.
"""

from __future__ import annotations

import hashlib
import time
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from webauthn_support import SoftAuthenticator

from consent.approvals import Approvals
from consent.drafts import Drafts
from consent.operations import Operations
from consent.policy import DecisionContext, decide
from consent.types import Likeness, LikenessSource
from creator.talent.app import SESSION_COOKIE, TalentService, talent_app
from talent_me_support import ORIGIN, fields


@pytest.fixture
def world(tmp_path):
    import fastapi

    from consent.audit import AuditKeys
    from consent.registry import Registry

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    ops = Operations(reg)
    ops.add_subject("jane", "Jane Doe")
    drafts = Drafts(ops)
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
    yield reg, ops, drafts, root
    reg.close()


def _decision(reg, digest: str):
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot",
                          operation="likeness_generation", media="still_image", territory="US", request_digest=digest)
    return decide([Likeness(LikenessSource.DECLARED, "jane")], ctx, reg.snapshot(["jane"], now), now)


@pytest.mark.xfail(strict=True, reason="red team 33: a talent session is an unkeyed hash in the database: a row the "
                                       "host inserts signs it in as the person, and it approves a use of her grant")
def test_a_session_row_written_by_the_database_host_approves_nothing(world):
    reg, ops, drafts, root = world
    phone = SoftAuthenticator(origin=ORIGIN)
    _, links = drafts.create(fields("jane", approve_each_use=True), created_by="ui:olive")
    web = TestClient(root, base_url=ORIGIN + "/talent")
    begin = web.post(f"/s/{links[0].token}/begin", json={}).json()
    assert web.post(f"/s/{links[0].token}/register", json=phone.create(begin["registration"], ORIGIN)).status_code == 200
    assert web.post(f"/s/{links[0].token}/sign", json=phone.get(begin["signing"]["challenge"], ORIGIN)).status_code == 200
    digest = "ee" * 32
    reg.record_decision(_decision(reg, digest))  # the creator's request, denied: it waits for her approval
    (ap,) = Approvals(reg).list(subject_id="jane", status="pending")

    # the database host: a session of Jane's for a cookie of its choosing
    cookie = "made-up-by-the-database-host"
    with reg.engine.begin() as c:
        c.execute(text("INSERT INTO talent_sessions (token_sha256, subject_id, role, key_id, expires_at) "
                       "VALUES (:h, 'jane', 'self', 'k', :t)"),
                  {"h": hashlib.sha256(b"talent-session\0" + cookie.encode()).hexdigest(), "t": time.time() + 3600})
    forged = TestClient(root, base_url=ORIGIN + "/talent", cookies={SESSION_COOKIE: cookie})
    csrf = hashlib.sha256(b"talent-csrf\0" + cookie.encode()).hexdigest()[:32]
    forged.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf}, follow_redirects=False)

    assert Approvals(reg).get(ap.id).status == "pending"
    assert not _decision(reg, digest).allowed
