"""Red team 67: a signing link's passkey ceremony begun before an operator confirmed the person's own
passkey.

Once an operator confirms a person's passkey (in person, /talent/enroll and its code), only that
passkey can sign the person's links. A ceremony a forwarded link's holder had begun before that was
still answered ``{"ok": true}`` at ``/register`` and refused only at ``/sign``: nothing was ever bound
(``Drafts.sign`` holds the rule), but the holder was told the new passkey was created. ``/register``
now refuses it at once, and the person's own passkey signs the link as before.
"""

from __future__ import annotations

import pytest
from talent_me_support import ORIGIN, fields, talent_world
from webauthn_support import SoftAuthenticator

from creator.talent.app import enrollments


@pytest.fixture
def world(tmp_path):
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, _ops, drafts, client):
        yield reg, drafts, client


def test_a_ceremony_begun_before_a_confirmed_passkey_is_refused_at_register(world):
    reg, drafts, client = world
    _, links = drafts.create(fields("jane"), created_by="cli:olive")
    token = links[0].token
    mallory, jane = SoftAuthenticator(origin=ORIGIN), SoftAuthenticator(origin=ORIGIN)
    begun = client.post(f"/s/{token}/begin", json={}).json()
    assert begun["registration"] is not None
    # the operator confirms Jane's own passkey meanwhile
    options = client.post("/api/enroll/options", json={}).json()
    code = client.post("/api/enroll", json=jane.create(options, ORIGIN)).json()["code"]
    pk, rp_id = enrollments(reg).take(code)
    confirmed = drafts.enroll_passkey("jane", "self", pk, rp_id=rp_id, confirmed_by="ui:olive")

    r = client.post(f"/s/{token}/register", json=mallory.create(begun["registration"], ORIGIN))
    assert r.status_code == 400 and "already bound for this signer" in r.json()["detail"]
    assert [p.key_id for p in drafts.passkeys("jane")] == [confirmed.key_id]
    again = client.post(f"/s/{token}/begin", json={}).json()  # Jane signs with hers
    assert again["registration"] is None
    signed = client.post(f"/s/{token}/sign", json=jane.get(again["signing"]["challenge"], ORIGIN))
    assert signed.status_code == 200 and signed.json()["status"] == "complete"
