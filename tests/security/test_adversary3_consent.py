"""Grant import and subject merge, used to launder consent.

- import a grant for one person signed with another person's key (as ``self``, as a verifier,
  as their guardian);
- register one person's key for another, so their signature counts;
- merge a subject to carry a revoked grant over, or to shed an opt-out or a minor flag;
each is refused with a plain sentence, and nothing is stored.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError, RegistryError, SignatureInvalid
from consent.signing import add_signature, generate_key


def _allowed(w, sid: str) -> bool:
    return w.studio().check(w.request(prompt="studio portrait, soft light", subjects=(sid,))).allowed


def _grant_ids(w) -> set[str]:
    return {sg.id for sg in w.registry.list_grants()}


@pytest.fixture
def people(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.add_person("nora", "Nora North")
    return w


@pytest.mark.parametrize("role", ["self", "verifier", "guardian", "agent"])
def test_a_grant_for_jane_signed_with_noras_key_is_not_imported(people, role):
    from consent.records import ConsentGrant

    w = people
    before = (_grant_ids(w), len(w.audit("grant_issued")))
    consents = "self" if role == "verifier" else role
    fields = w.ops.draft_terms(w.grant_fields("jane", "g-forged", signer_role=consents), consents)
    signed = add_signature(ConsentGrant.from_dict(fields.model_dump(mode="json")), w.keys["nora"], role)
    with pytest.raises(SignatureInvalid, match="not from a registered key"):
        w.ops.import_grant(signed)
    with pytest.raises(SignatureInvalid):
        w.ops.import_grant(signed.model_dump_json())  # as the operator's import form sends it
    assert (_grant_ids(w), len(w.audit("grant_issued"))) == before
    assert not _allowed(w, "jane")


def test_noras_key_cannot_be_registered_for_jane_too(people):
    w = people
    with pytest.raises(RegistryError, match="already registered"):
        w.ops.add_subject_key("jane", w.keys["nora"].public_key())
    with pytest.raises(RegistryError, match="already registered"):
        w.ops.add_verifier_key(w.keys["nora"].public_key(), "Nora as a verifier")
    assert not set(w.registry.get_subject("nora").key_ids) & set(w.registry.get_subject("jane").key_ids)


def test_a_subject_with_a_revoked_grant_cannot_be_merged_away(people):
    w = people
    w.issue_grant("nora", "g-nora")
    w.ops.revoke_grant("g-nora", "withdrawn", "operator")
    with pytest.raises(RegistryError, match="has 1 grant"):
        w.ops.merge_subjects("jane", "nora")
    assert w.registry.get_grant("g-nora").revocation is not None and not _allowed(w, "nora")
    assert "cannot be merged" in w.ops.merge_preview("jane", "nora")


def test_merging_a_duplicate_that_opted_out_stops_the_kept_subjects_grant(people):
    w = people
    w.issue_grant("jane", "g-jane")
    assert _allowed(w, "jane")
    w.add_person("jane2", "Jane D.", opt_out=True)
    w.ops.merge_subjects("jane", "jane2")
    assert w.registry.get_subject("jane").opt_out and not _allowed(w, "jane")
    assert w.registry.check_integrity() == []


def test_merging_in_a_minor_duplicate_makes_an_adult_grant_deny(people):
    w = people
    w.issue_grant("jane", "g-jane")
    w.ops.add_subject("janie", "Janie Doe", minor=True, keys=[generate_key().public_key()])
    w.ops.merge_subjects("jane", "janie")
    assert w.registry.get_subject("jane").minor
    d = w.studio().check(w.request(prompt="studio portrait, soft light", subjects=("jane",)))
    assert not d.allowed and any("guardian" in r for r in d.reasons())


def test_a_merge_across_kinds_or_of_a_representative_is_refused(people):
    w = people
    w.ops.add_subject("persona", "Nova Vale", kind="fictional_persona")
    with pytest.raises(ConsentError, match="same kind"):
        w.ops.merge_subjects("persona", "jane")
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mary Doe", representative_role="guardian")
    with pytest.raises(ConsentError, match="representative"):
        w.ops.merge_subjects("jane", "tim")
    assert {s.id for s in w.registry.list_subjects()} >= {"jane", "nora", "persona", "tim"}
