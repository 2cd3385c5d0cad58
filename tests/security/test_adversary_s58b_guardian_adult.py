"""Red team s58b (low, consistency): an adult registered with a *guardian* representative (an
adult under legal guardianship) is accepted, but every grant her guardian signs is now refused.

27654ab made ``subject_rule_violations`` refuse a guardian-signed grant for anyone not marked a
minor (a minor marked an adult kept her guardian, who could then sign for her alone). Registration
(``Operations.add_subject``) still accepts ``minor=False`` with ``representative_role="guardian"``
and a guardian key, and the drafts (``required_signers``) ask such an adult for her own signature
only: the guardian on record can never sign, and nothing tells the operator so at registration.
Either is a fix: refuse a guardian representative for a subject who is not a minor (at
``add_subject`` / ``update_subject``, with the reason: mark her a minor, or make the
representative an agent), or model adult guardianship explicitly and accept the guardian's
signature for her.
"""

from __future__ import annotations

from consent.errors import RecordInvalid
from consent.signing import generate_key


def test_an_adult_with_a_guardian_is_refused_at_registration_or_can_get_a_grant(stub_world):
    w = stub_world
    guardian = generate_key()
    try:
        w.ops.add_subject("ann", "Ann Adult", minor=False, representative_name="Gus Guardian",
                          representative_role="guardian", representative_key=guardian.public_key())
    except RecordInvalid:
        return  # consistent: a guardian stands only for a minor
    try:
        w.ops.issue_grant(w.grant_fields("ann", "g-ann", signer_role="guardian"), [guardian])
    except RecordInvalid as e:
        raise AssertionError("an adult was registered with a guardian whose signature is then always refused: "
                             f"{e}") from None
