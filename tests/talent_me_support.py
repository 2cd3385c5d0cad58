"""Helpers of the tests of the person's own page (/talent/me): grant terms, a person signed in
with their passkey, a decision that waits for their approval."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from fastapi.testclient import TestClient
from webauthn_support import SoftAuthenticator, passkey_sign

from consent.policy import DecisionContext, decide
from consent.types import Likeness, LikenessSource

ORIGIN = "http://localhost"
T0 = datetime.now(timezone.utc).replace(microsecond=0)


def fields(sid: str, **over) -> dict:
    return {"subject_id": sid, "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": T0 + timedelta(days=30),
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}], **over}


def person(root, drafts, sid: str, **terms):
    """A grant the person signed with their passkey, and a client signed in as them."""
    auth = SoftAuthenticator()
    view, links = drafts.create(fields(sid, **terms), created_by="cli:olive")
    passkey_sign(drafts, links[0].token, auth)
    client = TestClient(root, base_url=ORIGIN + "/talent")
    o = client.post("/api/signin/options", json={}).json()
    assert client.post("/api/signin", json=auth.get(o["challenge"], ORIGIN)).status_code == 200
    return view.id, client


def decision(reg, sid: str, digest: str):
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                          media="still_image", territory="US", request_digest=digest)
    return decide([Likeness(LikenessSource.DECLARED, sid)], ctx, reg.snapshot([sid], now), now)


def csrf_of(page: str) -> str:
    return page.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@contextmanager
def talent_world(tmp_path, *subjects: tuple[str, str]):
    """A registry in ``tmp_path`` with ``subjects`` ((id, name) pairs) and the talent routes mounted
    at /talent as create_server mounts them: yields (registry, operations, drafts, client)."""
    import fastapi

    from consent.audit import AuditKeys
    from consent.drafts import Drafts
    from consent.operations import Operations
    from consent.registry import Registry
    from creator.talent.app import TalentService, talent_app

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    try:
        ops = Operations(reg)
        for sid, name in subjects:
            ops.add_subject(sid, name)
        drafts = Drafts(ops)
        root = fastapi.FastAPI()
        root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))
        yield reg, ops, drafts, TestClient(root, base_url=ORIGIN + "/talent")
    finally:
        reg.close()
