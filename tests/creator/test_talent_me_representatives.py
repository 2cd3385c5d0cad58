"""The person's page (/talent/me) opens for a representative's passkey only while it is the
representative key on record, and for a guardian's only while the subject is a minor (session 59):
at sign-in, and on every request of a session already open."""

from __future__ import annotations

import pytest
from talent_me_support import ORIGIN, fields, talent_world
from webauthn_support import SoftAuthenticator, passkey_sign


@pytest.fixture
def tim(tmp_path):
    """Tim, a minor; Mo Lee his guardian, who signed a grant with her passkey and is signed in."""
    with talent_world(tmp_path) as (reg, ops, drafts, client):
        ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
        mo = SoftAuthenticator()
        view, links = drafts.create(fields("tim"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        passkey_sign(drafts, by["guardian"], mo)
        passkey_sign(drafts, by["self"], SoftAuthenticator())
        assert _signin(client, mo).status_code == 200
        assert 'name="csrf"' in client.get("/me").text
        yield reg, ops, drafts, client, mo, view.id


def _signin(client, auth):
    o = client.post("/api/signin/options", json={}).json()
    return client.post("/api/signin", json=auth.get(o["challenge"], ORIGIN))


def _signed_out(client, gid: str) -> bool:
    return 'name="csrf"' not in client.get("/me").text and \
        client.get(f"/me/grants/{gid}/ledger.json").status_code == 401


def test_an_open_session_of_a_replaced_guardian_ends(tim):
    reg, ops, drafts, client, mo, gid = tim
    ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian")
    assert _signed_out(client, gid)
    r = _signin(client, mo)
    assert r.status_code == 401
    assert r.json()["detail"] == ("this passkey no longer opens Tim Doe's page: it is no longer the key of the "
                                  "guardian on record; ask the studio if this is wrong")  # not who (session 66)


def test_an_open_session_of_the_guardian_of_a_minor_marked_an_adult_ends(tim):
    reg, ops, drafts, client, mo, gid = tim
    ops.update_subject("tim", minor=False)
    assert _signed_out(client, gid)
    r = _signin(client, mo)
    assert r.status_code == 401
    assert "Tim Doe is not a minor on record, and a guardian signs for minors only" in r.json()["detail"]


def test_the_guardian_given_another_key_is_signed_out_of_the_old_ones_session(tim):
    from consent.signing import generate_key

    reg, ops, drafts, client, mo, gid = tim
    ops.update_subject("tim", representative_key=generate_key().public_key())  # same guardian, a new key
    assert _signed_out(client, gid)
    assert "it is no longer the key of the guardian on record" in _signin(client, mo).json()["detail"]


def test_the_guardian_on_record_stays_signed_in(tim):
    reg, ops, drafts, client, mo, gid = tim
    ops.update_subject("tim", display_name="Timothy Doe")  # a change that is not about her
    assert client.get(f"/me/grants/{gid}/ledger.json").status_code == 200
