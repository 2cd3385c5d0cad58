"""Red team s60: deleting a subject that ever had a grant draft or a passkey fails with a raw
database error.

README: People & consent "deletes a subject without grants (audited; a subject with grants cannot
be deleted ...)". ``Registry.merge_subjects`` refuses a subject with grant drafts or passkeys in
plain words ("they name their subject and cannot move"), but ``Registry.delete_subject`` checks
grants only, then deletes the ``subjects`` row under the foreign keys of ``grant_drafts`` and
``passkeys`` (migration 0006). The operator gets::

    FAIL: database error on sqlite:////…/consent.db: FOREIGN KEY constraint failed

— the database's internal words and its server path, no reason and no next step — for a subject
whose draft was merely *declined*, or who only confirmed a passkey. Since drafts and passkeys can
never be removed, such a subject can never be deleted, and nothing tells the operator why.

Expected (promise 5, "bad input gets a clear error"): either the subject is deleted, or a
refusal that names the drafts / passkeys and what to do instead (as merge says), never the
database's constraint text or its path.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError


@pytest.fixture
def drafts(stub_world):
    from consent.drafts import Drafts

    return Drafts(stub_world.ops)


def _draft(w, drafts, sid: str, gid: str):
    f = w.grant_fields(sid, gid)
    for k in ("id", "valid_from", "signer_role"):
        f.pop(k, None)
    return drafts.create(f, created_by="cli:olive")


def _delete_error(w, sid: str) -> str | None:
    try:
        w.ops.delete_subject(sid)
    except ConsentError as e:
        return str(e)
    return None


@pytest.mark.parametrize("history", ["declined draft", "pending draft", "confirmed passkey"])
def test_deleting_a_subject_with_a_draft_or_passkey_says_why_in_plain_words(stub_world, drafts, history):
    """Attack (operator error): the operator deletes a registered person who has no grant but had a
    draft (declined, or still pending) or an operator-confirmed passkey.
    Expected: deleted, or refused naming the draft/passkey — not a raw FOREIGN KEY error with the
    database's path."""
    from webauthn_support import SoftAuthenticator

    from consent.passkeys import RegisteredPasskey

    w = stub_world
    w.ops.add_subject("lee", "Lee Park")
    if history == "confirmed passkey":
        drafts.enroll_passkey("lee", "self", RegisteredPasskey("bGVlLWNyZWQ", SoftAuthenticator().cose_key, 0),
                              rp_id="localhost", confirmed_by="ui:olive")
    else:
        _view, links = _draft(w, drafts, "lee", "g-lee-1")
        if history == "declined draft":
            drafts.decline(links[0].token, "not now")
    err = _delete_error(w, "lee")
    if err is None:
        return  # deleted: fine
    assert "FOREIGN KEY" not in err and "database error" not in err, (
        f"deleting subject 'lee' ({history}) failed with the database's own error: {err!r}")
    assert str(w.settings.data_dir) not in err, f"the refusal shows the database's server path: {err!r}"
    assert ("draft" if "draft" in history else "passkey") in err, f"the refusal does not say why: {err!r}"
