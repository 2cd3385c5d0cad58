"""A representative's signing link is sent to a person (session 59): the signed log records who
(``draft_created`` / ``draft_link_issued``), and the link ends when she is no longer the
representative on record. The studio sends the new representative a new link."""

from __future__ import annotations

import pytest
from webauthn_support import SoftAuthenticator, passkey_sign

from consent.drafts import Drafts, LinkInvalid
from consent.integrity import IntegrityState


@pytest.fixture
def drafts(stub_world):
    return Drafts(stub_world.ops)


@pytest.fixture
def tim(stub_world, drafts):
    """Tim, a minor whose guardian is Mo Lee, and a draft with its guardian and self links."""
    w = stub_world
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
    f = w.grant_fields("tim", "g-tim")
    for k in ("id", "valid_from", "signer_role"):
        f.pop(k, None)
    view, links = drafts.create(f, created_by="cli:olive")
    return view, {ln.role: ln.token for ln in links}


def _allowed(w, sid: str = "tim") -> bool:
    return w.studio().check(w.request(subjects=(sid,))).allowed


def test_the_log_records_who_a_representatives_link_was_sent_to(stub_world, tim):
    (created,) = stub_world.registry.audit_entries(kind="draft_created")
    by = {s["role"]: s for s in created.payload["signers"]}
    assert by["guardian"]["representative"] == {"name": "Mo Lee", "role": "guardian"}
    assert "representative" not in by["self"]


def test_a_replaced_guardians_link_says_whom_it_was_for(stub_world, drafts, tim):
    _, by = tim
    stub_world.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian")
    with pytest.raises(LinkInvalid, match="this link was for Mo Lee, who no longer represents Tim Doe: another "
                                          "guardian is on record now; ask the studio for a new link") as refused:
        drafts.open(by["guardian"])
    assert "Ann Lee" not in str(refused.value)  # the one let go is not told who took over (session 66)
    with pytest.raises(LinkInvalid, match="was for Mo Lee"):
        drafts.decline(by["guardian"], "not mine to refuse any more")  # she cannot close Ann's draft either
    assert drafts.get(tim[0].id).status == "pending"


def test_the_new_guardian_signs_through_a_reissued_link(stub_world, drafts, tim):
    view, by = tim
    w = stub_world
    w.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian")
    link = drafts.reissue_link(view.id, "guardian", by="cli:olive")
    (issued,) = w.registry.audit_entries(kind="draft_link_issued")
    assert issued.payload["representative"] == {"name": "Ann Lee", "role": "guardian"}
    assert drafts.open(link.token).signer_name == "Ann Lee"
    passkey_sign(drafts, link.token, SoftAuthenticator())  # Ann
    done = passkey_sign(drafts, by["self"], SoftAuthenticator())
    assert done.status == "complete" and _allowed(w)
    assert w.registry.check_integrity() == []


def test_a_draft_the_replaced_guardian_signed_cannot_complete(stub_world, drafts, tim):
    _, by = tim
    passkey_sign(drafts, by["guardian"], SoftAuthenticator())  # Mo, while she is the guardian
    stub_world.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian")
    with pytest.raises(LinkInvalid, match="this draft was signed by Mo Lee as guardian, who no longer represents "
                                          "Tim Doe: .*ask the studio for a new draft"):
        drafts.open(by["self"])
    assert not _allowed(stub_world)


def test_no_guardian_link_for_a_minor_marked_an_adult(stub_world, drafts, tim):
    view, by = tim
    stub_world.ops.update_subject("tim", minor=False)  # her guardian stays on record, but signs for minors only
    with pytest.raises(LinkInvalid, match="Tim Doe is not a minor on record, and a guardian signs for minors only"):
        drafts.open(by["guardian"])
    with pytest.raises(LinkInvalid, match="no new guardian link"):
        drafts.reissue_link(view.id, "guardian", by="cli:olive")


def test_the_replay_names_the_representative_of_a_link_made_before_entries_named_her():
    """A ``draft_created`` entry written by older code has no ``representative``: the replay takes
    the representative the subject had at that entry, so those links end on a change too."""
    st = IntegrityState()
    st.apply(1, "h1", "subject_added", {"subject_id": "tim", "display_name": "Tim Doe", "kind": "person", "minor": True,
                                        "representative": {"name": "Mo Lee", "role": "guardian", "key_id": None}})
    st.apply(2, "h2", "draft_created", {"draft_id": "g-1", "subject_id": "tim", "sha256": "ab" * 32, "signers": [
        {"role": "guardian", "token_sha256": "01" * 32, "expires_at": "2027-01-01T00:00:00Z"},
        {"role": "self", "token_sha256": "02" * 32, "expires_at": "2027-01-01T00:00:00Z"}]})
    signers = st.drafts["g-1"]["signers"]
    assert signers["guardian"]["representative"] == {"name": "Mo Lee", "role": "guardian"}
    assert signers["self"]["representative"] is None
    st.apply(3, "h3", "draft_link_issued", {"draft_id": "g-1", "role": "guardian", "by": "cli:olive",
                                            "token_sha256": "03" * 32, "expires_at": "2027-01-02T00:00:00Z",
                                            "representative": {"name": "Ann Lee", "role": "guardian"}})
    assert signers["guardian"]["representative"] == {"name": "Ann Lee", "role": "guardian"}
    assert IntegrityState.from_bytes(st.to_bytes()).drafts == st.drafts  # kept by a snapshot
