"""Red team s58: representative edits (``Operations.update_subject(..., representative_*)``, CLI
``subject edit --representative-*``, the Edit subject form).

1. A minor marked an adult ("no, an adult" on the form, ``--not-minor``, ``minor=False``) keeps her
   guardian as her representative, and a guardian's signature alone (``signer_role`` guardian)
   still satisfies every rule for an adult: her former guardian can license her likeness with no
   signature of hers, and the studio allows it.
2. ``grants_refused_by_subject_rules`` — the warning shown after an edit ("grants in force the
   change stops are listed") — reads only the subject rules (minor, deceased), not whose keys are
   trusted: replacing an adult's agent stops every grant her old agent signed, and the operator
   is told nothing.
3. Replacing a guardian who bound a passkey: the old guardian's passkey stays bound to the subject
   for the guardian role, so the new guardian can never bind one on the talent page ("already has
   a passkey for signing as guardian").
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError
from consent.signing import generate_key


def _allowed(w, sid: str = "kim") -> bool:
    return w.studio().check(w.request(subjects=(sid,))).allowed


@pytest.fixture
def kim(stub_world):
    stub_world.add_person("kim", "Kim Lee")
    return stub_world


def test_a_former_guardian_alone_cannot_license_an_adults_likeness(kim):
    w, mo = kim, generate_key()
    w.ops.update_subject("kim", minor=True, representative_name="Mo Lee", representative_role="guardian",
                         representative_key=mo.public_key())
    w.ops.update_subject("kim", minor=False)  # she turned 18: "no, an adult" on the Edit subject form
    assert w.registry.get_subject("kim").representative.role == "guardian"  # her guardian stays on record
    try:
        w.ops.issue_grant(w.grant_fields("kim", "g-by-mo", signer_role="guardian"), [mo])  # Mo alone signs
    except ConsentError:
        return  # refused: an adult's grant needs her own signature
    assert not _allowed(w), "a grant signed only by the former guardian of an adult allows her likeness"


def test_replacing_an_agent_warns_which_grants_stop(kim):
    w, ann, bo = kim, generate_key(), generate_key()
    w.ops.update_subject("kim", representative_name="Ann Agent", representative_role="agent",
                         representative_key=ann.public_key())
    w.ops.issue_grant(w.grant_fields("kim", "g-ann", signer_role="agent"), [w.keys["kim"], ann])
    assert _allowed(w)
    w.ops.update_subject("kim", representative_name="Bo Agent", representative_role="agent",
                         representative_key=bo.public_key())
    assert not _allowed(w)  # fail closed: Ann's signature is no longer trusted
    stopped = w.ops.grants_refused_by_subject_rules("kim")
    assert any("g-ann" in line for line in stopped), f"the edit stopped grant g-ann and the warning lists {stopped}"


def test_a_new_guardian_can_bind_her_passkey_after_the_old_one_is_replaced(kim):
    from webauthn_support import SoftAuthenticator

    from consent.drafts import Drafts
    from consent.passkeys import RegisteredPasskey

    w = kim
    drafts = Drafts(w.ops)
    w.ops.update_subject("kim", minor=True, representative_name="Mo Lee", representative_role="guardian")
    mo = SoftAuthenticator()
    drafts.enroll_passkey("kim", "guardian", RegisteredPasskey("bW8tY3JlZA", mo.cose_key, 0), rp_id="localhost",
                          confirmed_by="ui:olive")
    # custody moves to Ann: the operator names her guardian (she will make her passkey on the talent page)
    w.ops.update_subject("kim", representative_name="Ann Lee", representative_role="guardian")
    assert w.registry.get_subject("kim").representative.key_id is None
    drafts.check_passkey_binding("kim", "guardian")  # raises now: Mo's passkey still holds the guardian role
