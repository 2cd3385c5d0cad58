"""Red team s59 (low, consistency): a deceased person marked a minor is accepted, and then no grant
can ever be valid for her.

``Subject`` allows ``kind=deceased_person`` with ``minor=True`` (its validator wants an estate
representative for the deceased and checks a minor's guardian for living persons only), and
``Operations.add_subject`` / ``update_subject(minor=True)`` store it. ``subject_rule_violations``
then wants *both* a guardian's signature (minor) and the estate's (deceased), but a subject has one
representative, which must be the estate: every grant is refused ("is a minor with no guardian key on
record"), the drafts (``required_signers``: estate only) make links whose signatures can never
complete, and nothing says so when the subject is registered or edited — the same family as session
58b's adult with a guardian (closed by refusing it at registration).

Expected (either): refuse ``minor`` for a deceased person at ``add_subject`` / ``update_subject``
with the reason (her estate signs for her), or let the estate's grant stand for a deceased minor.
"""

from __future__ import annotations

from consent.errors import RecordInvalid
from consent.signing import generate_key


def test_a_deceased_minor_is_refused_at_registration_or_can_get_the_estates_grant(stub_world):
    w = stub_world
    estate = generate_key()
    try:
        w.ops.add_subject("ada", "Ada Young", kind="deceased_person", minor=True, representative_name="Young Estate",
                          representative_role="estate", representative_key=estate.public_key())
    except RecordInvalid:
        return  # consistent: refused, with the reason
    try:
        w.ops.issue_grant(w.grant_fields("ada", "g-ada", signer_role="estate"), [estate])
    except RecordInvalid as e:
        raise AssertionError(f"a deceased minor was registered whose estate's grant is then always refused: {e}") from None


def test_marking_a_deceased_person_a_minor_is_refused_or_keeps_her_estates_grant(stub_world):
    w = stub_world
    estate = generate_key()
    w.ops.add_subject("ada", "Ada Young", kind="deceased_person", representative_name="Young Estate",
                      representative_role="estate", representative_key=estate.public_key())
    w.ops.issue_grant(w.grant_fields("ada", "g-ada", signer_role="estate"), [estate])
    try:
        w.ops.update_subject("ada", minor=True)
    except RecordInvalid:
        return
    assert w.studio().check(w.request(subjects=("ada",))).allowed, \
        "marking a deceased person a minor stopped her estate's grant for good (no guardian can ever be named)"
