"""Red team 24: the talent page (creator/talent/app.py) over HTTP, after what red teams 1–23 tried.

The person signs in with a real software passkey (``talent_me_support.person``), as on their
phone. The attacks: their session cookie kept and replayed after signing out, their ledger export
as a shared cache would meet it, route spellings the page never links, and a second person's
cookie against the first person's grant.
"""

from __future__ import annotations

import pytest
from talent_me_support import ORIGIN, person

from consent.drafts import Drafts
from consent.operations import Operations


@pytest.fixture
def world(tmp_path):
    import fastapi

    from consent.audit import AuditKeys
    from consent.registry import Registry
    from creator.talent.app import TalentService, talent_app

    reg = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
    ops = Operations(reg)
    ops.add_subject("jane", "Jane Doe")
    ops.add_subject("nora", "Nora North")
    drafts = Drafts(ops)
    root = fastapi.FastAPI()
    root.mount("/talent", talent_app(reg, ops, service=TalentService(drafts)))  # as create_server mounts it
    yield reg, drafts, root
    reg.close()


def _cookie(client) -> tuple[str, str]:
    (name,) = [n for n in client.cookies.keys()]
    return name, client.cookies.get(name)


def test_a_session_cookie_kept_after_signing_out_is_dead(world):
    """The person signs out on a shared phone; whoever copied the cookie before replays it."""
    from fastapi.testclient import TestClient

    _reg, drafts, root = world
    gid, jane = person(root, drafts, "jane")
    name, value = _cookie(jane)
    assert jane.get("/me").status_code == 200
    assert jane.post("/me/signout").status_code in (200, 303)
    thief = TestClient(root, base_url=ORIGIN + "/talent")
    thief.cookies.set(name, value)
    assert thief.get(f"/me/grants/{gid}/ledger.json").status_code == 401
    page = thief.get("/me")
    assert "Jane Doe" not in page.text and gid not in page.text


def test_a_second_persons_session_cannot_read_or_withdraw_the_first_persons_grant_by_any_spelling(world):
    _reg, drafts, root = world
    jane_gid, _jane = person(root, drafts, "jane")
    _nora_gid, nora = person(root, drafts, "nora")
    for url in (f"/me/grants/{jane_gid}/ledger.json", f"/me/grants/{jane_gid}/ledger.csv",
                f"/me/grants/{jane_gid.upper()}/ledger.json", f"/me/grants/{jane_gid}%20/ledger.json",
                f"/me/grants/{jane_gid}/picture/{'0' * 64}", f"/me/grants/{jane_gid}/ledger.JSON"):
        r = nora.get(url)
        assert r.status_code in (401, 404), (url, r.status_code, r.text[:200])
        assert "Jane" not in r.text
    r = nora.post(f"/me/grants/{jane_gid}/revoke", data={"csrf": "x", "reason": "nora says so"})
    assert r.status_code in (401, 404)
    from talent_me_support import decision

    assert decision(drafts.registry, "jane", "ab" * 32).allowed  # her grant still stands


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_ledger_export_is_not_for_shared_caches(world, fmt):
    _reg, drafts, root = world
    gid, jane = person(root, drafts, "jane")
    r = jane.get(f"/me/grants/{gid}/ledger.{fmt}")
    assert r.status_code == 200
    cc = r.headers.get("cache-control", "").lower()
    assert "no-store" in cc or "private" in cc, dict(r.headers)


def test_the_person_pages_say_no_store_and_deny_framing(world):
    _reg, drafts, root = world
    _gid, jane = person(root, drafts, "jane")
    r = jane.get("/me")
    assert r.status_code == 200
    assert "no-store" in r.headers.get("cache-control", "")
    assert r.headers.get("x-frame-options") == "DENY"
    assert "frame-ancestors 'none'" in r.headers.get("content-security-policy", "")
