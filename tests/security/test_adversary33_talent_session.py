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
from talent_me_support import ORIGIN, fields, talent_world


@pytest.fixture
def world(tmp_path):
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        yield reg, ops, drafts, client.app


def _decision(reg, digest: str):
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot",
                          operation="likeness_generation", media="still_image", territory="US", request_digest=digest)
    return decide([Likeness(LikenessSource.DECLARED, "jane")], ctx, reg.snapshot(["jane"], now), now)


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


def _signed_in(world, phone):
    reg, ops, drafts, root = world
    _, links = drafts.create(fields("jane"), created_by="ui:olive")
    web = TestClient(root, base_url=ORIGIN + "/talent")
    begin = web.post(f"/s/{links[0].token}/begin", json={}).json()
    assert web.post(f"/s/{links[0].token}/register", json=phone.create(begin["registration"], ORIGIN)).status_code == 200
    assert web.post(f"/s/{links[0].token}/sign", json=phone.get(begin["signing"]["challenge"], ORIGIN)).status_code == 200
    o = web.post("/api/signin/options", json={}).json()
    assert web.post("/api/signin", json=phone.get(o["challenge"], ORIGIN)).status_code == 200
    return web


def test_a_session_row_moved_to_another_person_signs_nobody_in(world):
    """The host cannot take a real session (its own, say) and rewrite the row to another person:
    the cookie carries an HMAC over the row's person, role, passkey and expiry."""
    reg, ops, drafts, root = world
    ops.add_subject("nora", "Nora Roe")
    web = _signed_in(world, SoftAuthenticator(origin=ORIGIN))
    assert "Jane Doe: your grants" in web.get("/me").text
    with reg.engine.begin() as c:
        assert c.execute(text("UPDATE talent_sessions SET subject_id = 'nora'")).rowcount == 1
    page = web.get("/me").text
    assert "Nora Roe" not in page and "your grants" not in page
    with reg.engine.begin() as c:  # a longer life for the row: refused the same way
        c.execute(text("UPDATE talent_sessions SET subject_id = 'jane', expires_at = expires_at + 3600"))
    assert "your grants" not in web.get("/me").text


def test_the_session_key_is_a_private_file_in_the_keys_directory_shared_by_every_process(world, tmp_path):
    import stat

    from consent.audit import AuditKeys
    from consent.registry import Registry
    from consent.talent_state import SESSION_KEY_FILE

    reg, ops, drafts, root = world
    path = tmp_path / "keys" / SESSION_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(path.read_bytes()) == 32
    before = path.read_bytes()
    web = _signed_in(world, SoftAuthenticator(origin=ORIGIN))
    cookie = web.cookies[SESSION_COOKIE]
    # a second studio process on the same database and keys directory: the same key, the same session
    other = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    try:
        import fastapi

        root2 = fastapi.FastAPI()
        root2.mount("/talent", talent_app(other, Operations(other), service=TalentService(Drafts(Operations(other)))))
        assert "Jane Doe: your grants" in TestClient(root2, base_url=ORIGIN + "/talent",
                                                     cookies={SESSION_COOKIE: cookie}).get("/me").text
    finally:
        other.close()
    assert path.read_bytes() == before  # created once


def test_a_key_file_others_can_read_is_refused(tmp_path):
    from consent.errors import RegistryError
    from consent.talent_state import SESSION_KEY_FILE, session_key

    key = session_key(tmp_path)
    assert session_key(tmp_path) == key
    (tmp_path / SESSION_KEY_FILE).chmod(0o644)
    with pytest.raises(RegistryError, match="0600"):
        session_key(tmp_path)


def test_a_cookie_from_before_sessions_were_keyed_is_signed_out(world):
    """After the upgrade an old session (an unkeyed hash of a cookie with no tag) signs nobody in."""
    reg, ops, drafts, root = world
    cookie = "an-old-cookie-value"
    with reg.engine.begin() as c:
        c.execute(text("INSERT INTO talent_sessions (token_sha256, subject_id, role, key_id, expires_at) "
                       "VALUES (:h, 'jane', 'self', 'k', :t)"),
                  {"h": hashlib.sha256(b"talent-session\0" + cookie.encode()).hexdigest(), "t": time.time() + 3600})
    old = TestClient(root, base_url=ORIGIN + "/talent", cookies={SESSION_COOKIE: cookie})
    assert "your grants" not in old.get("/me").text
