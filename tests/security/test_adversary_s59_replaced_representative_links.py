"""Red team s59: a representative replaced by ``Operations.update_subject(representative_*)`` keeps
her signing link.

A grant draft's links are made per role (``guardian``, ``estate``, ``agent``) when the draft is
created, and sent to whoever holds that role then. ``update_subject`` replacing the representative
(custody moved to another guardian, a new executor for an estate) leaves every pending draft and
its links as they were. The new representative has no key yet (``representative.key_id`` None), so
the *former* representative, opening her old link, creates a passkey on the talent page:
``Drafts.sign`` binds it as the representative key of the role (``_role_free`` sees no key), and
the grant completes — trusted, since that passkey is now "the guardian's/estate's key". The person
now on record never signed, and her own first passkey is then refused ("already signs with key").

For a deceased person the estate's signature is the only one: the former executor alone licenses
the likeness. For a minor, the replaced guardian plus the child's own tap.

Expected: a change of representative ends what was sent to the one replaced — pending links of
that role are invalidated (or the draft is closed), or a link is bound to the representative it
was made for and refused once she is no longer on record ("this link was sent to Mo Lee, who is no
longer the guardian; ask the studio for a new link"). Either way the former representative cannot
bind a passkey nor sign, and the grant is not issued.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError


@pytest.fixture
def drafts(stub_world):
    from consent.drafts import Drafts

    return Drafts(stub_world.ops)


def _draft_fields(w, sid: str, gid: str) -> dict:
    f = w.grant_fields(sid, gid)
    for k in ("id", "valid_from", "signer_role"):
        f.pop(k, None)
    return f


def _allowed(w, sid: str) -> bool:
    return w.studio().check(w.request(subjects=(sid,))).allowed


def test_a_replaced_estate_executor_cannot_sign_through_her_old_link(stub_world, drafts):
    from webauthn_support import SoftAuthenticator, passkey_sign

    w = stub_world
    w.ops.add_subject("ada", "Ada Old", kind="deceased_person", representative_name="Old Executor",
                      representative_role="estate")
    view, links = drafts.create(_draft_fields(w, "ada", "g-ada"), created_by="cli:olive")
    (link,) = links
    assert link.role == "estate"
    # the executor is replaced (new person, her key to come on the talent page)
    w.ops.update_subject("ada", representative_name="New Executor", representative_role="estate")
    try:
        passkey_sign(drafts, link.token, SoftAuthenticator())  # the former executor uses the link she was sent
    except ConsentError:
        pass  # refused: the link was for the representative who was replaced
    assert not _allowed(w, "ada"), ("the replaced executor's old link bound her passkey as the estate's key and "
                                    "issued a grant that allows Ada's likeness")
    assert w.registry.get_subject("ada").representative.key_id is None, \
        "the replaced executor's passkey became the new executor's key"


def test_a_replaced_guardian_cannot_sign_for_the_minor_through_her_old_link(stub_world, drafts):
    from webauthn_support import SoftAuthenticator, passkey_sign

    w = stub_world
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
    view, links = drafts.create(_draft_fields(w, "tim", "g-tim"), created_by="cli:olive")
    by = {ln.role: ln.token for ln in links}
    # custody moves to Ann; Mo still has the guardian link
    w.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian")
    try:
        passkey_sign(drafts, by["guardian"], SoftAuthenticator())  # Mo
        passkey_sign(drafts, by["self"], SoftAuthenticator())      # the child taps too
    except ConsentError:
        pass
    assert not _allowed(w, "tim"), "the replaced guardian's old link licensed the minor's likeness"
    assert w.registry.get_subject("tim").representative.key_id is None, \
        "the replaced guardian's passkey became the new guardian's key"


def test_the_new_guardians_link_offers_her_a_passkey_not_the_replaced_guardians(stub_world, drafts):
    """Session 58 made ``Drafts._subject_passkeys`` drop a replaced representative's passkey (operator
    enrollment), but a signing link reads the role's passkeys unfiltered (``Drafts._open``), so the
    talent page (``ctx.passkeys``) asks the new guardian for the old guardian's credential, and
    ``Drafts.sign`` refuses her new one ("already has a passkey for signing as guardian").
    Expected: the link's passkeys are those of the representative on record; Ann creates hers at
    first signing and the grant completes."""
    from webauthn_support import SoftAuthenticator, passkey_sign

    from consent.passkeys import RegisteredPasskey

    w = stub_world
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
    mo = SoftAuthenticator()
    drafts.enroll_passkey("tim", "guardian", RegisteredPasskey("bW8tY3JlZA", mo.cose_key, 0), rp_id="localhost",
                          confirmed_by="ui:olive")
    w.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian")
    view, links = drafts.create(_draft_fields(w, "tim", "g-tim-ann"), created_by="cli:olive")
    by = {ln.role: ln.token for ln in links}
    assert drafts.open(by["guardian"]).passkeys == (), \
        "the new guardian's link offers the replaced guardian's passkey (the talent page asks Ann for Mo's credential)"
    passkey_sign(drafts, by["guardian"], SoftAuthenticator())  # Ann
    done = passkey_sign(drafts, by["self"], SoftAuthenticator())
    assert done.status == "complete" and _allowed(w, "tim")
