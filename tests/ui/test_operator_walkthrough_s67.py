"""What a rights operator met in the studio's People & consent and Audit tabs in session 67's
walkthrough (a helper who read only the manual), each as she met it."""

from __future__ import annotations

import pytest
from ui_support import issue

from consent.drafts import Drafts
from consent.errors import RecordInvalid
from creator.ui import SubjectForm, render


def _draft(handlers, subject: str):
    return Drafts(handlers.ops).create({
        "subject_id": subject, "grantee": "ACME Films", "project": "Harbour Lights (2026)",
        "description": "Reshoot of scene 12: the character at the harbour, daylight", "purposes": ["film_reshoot"],
        "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
        "valid_until": "2030-01-01", "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]},
        created_by="ui:olive")


def test_a_second_subject_of_the_same_name_is_said_at_once(handlers, as_operator, jane):
    """A second "Maya Okafor" was saved without a word; prompts naming the actor, who had consented,
    were denied from then on."""
    msg, _rows, _ = handlers.add_subject(SubjectForm(subject_id="jane-2", display_name="jane  DOE", kind="person"),
                                         request=as_operator)
    assert "saved" in msg and "another subject already goes by this name (“jane  DOE”: **jane-doe**)" in msg
    assert "merge the two subjects" in msg
    other, _rows, _ = handlers.add_subject(SubjectForm(subject_id="ann-lee", display_name="Ann Lee", kind="person"),
                                           request=as_operator)
    assert "Warning" not in other and handlers.ops.namesakes("ann-lee") == []


def test_a_name_exception_for_a_registered_person_is_refused_as_changing_nothing(handlers, jane):
    """Approved, an exception for a registered (opted-out) person's name did nothing, and the creator
    read "approved" and was denied again."""
    handlers.ops.set_opt_out(jane, True)
    with pytest.raises(RecordInvalid, match="is the name of registered person 'jane-doe' \\(opted out\\): an exception "
                                            "never lets a registered person be generated"):
        handlers.ops.allow_name("J. Doe", "the pier in our film is called that", "ui:olive")
    assert handlers.registry.name_exceptions() == []


def test_opting_a_person_out_withdraws_her_pending_drafts(handlers, jane):
    """After the opt-out, her pending signing link still asked "do you agree…"."""
    view, links = _draft(handlers, jane)
    handlers.ops.set_opt_out(jane, True, reason="she asked by phone never to be generated")
    d = Drafts(handlers.ops)
    assert d.get(view.id).status == "withdrawn"
    with pytest.raises(Exception, match="withdrawn"):
        d.open(links[0].token)
    (entry,) = handlers.registry.audit_entries(kind="draft_withdrawn")
    assert "opted out" in entry.payload["reason"]


def test_the_audit_says_opt_outs_merges_and_deletions_in_words_with_who(handlers, as_operator, jane):
    handlers.set_opt_out(jane, "set", "Jane asked by phone never to be generated", request=as_operator)
    handlers.add_subject(SubjectForm(subject_id="tmp-x", display_name="Temp X", kind="person"), request=as_operator)
    handlers.delete_subject("tmp-x", True, request=as_operator)
    words = {e.kind: render.audit_summary(e.kind, e.payload) for e in handlers.registry.audit_entries()}
    assert words["opt_out_set"] == "jane-doe opted out: never generate: “Jane asked by phone never to be generated” (by ui:olive)."
    assert words["subject_deleted"] == "Subject tmp-x deleted with 0 face template(s), 0 adapter(s), 0 key(s) (by ui:olive)."
    assert words["subject_added"].endswith("(by ui:olive).")


def test_the_delete_preview_says_when_nothing_more_is_to_be_done(handlers, as_operator, jane, jane_keys, evidence_file):
    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    before = handlers.subject_summary(jane, request=as_operator)
    assert "To stop all use instead, revoke the grants still in force and set the opt-out." in before
    (gid,) = [v.grant.id for v in handlers.ops.grant_views(jane)]
    handlers.ops.revoke_grant(gid, "the actor withdrew consent by email", "ui:olive")
    handlers.ops.set_opt_out(jane, True)
    after = handlers.subject_summary(jane, request=as_operator)
    assert "Nothing more to do: no grant of theirs allows anything and they are opted out" in after
    assert "grant revoke" not in after and "subject opt-out" not in after


def test_an_ambiguous_likeness_is_not_called_no_registered_persons_in_the_audit():
    """The Audit tab said "No registered person's likeness. Why: ambiguous likeness …" of a face
    that matched two enrolled people."""
    payload = {"decision": {"allowed": False, "context": {"grantee": "ACME Films", "purpose": "film_reshoot",
                                                          "operation": "footage_edit", "territory": "US"},
                            "findings": [{"check": "ambiguous", "passed": False, "subject_id": None,
                                          "message": "ambiguous likeness at source face at (89, 32, 45, 55): it "
                                                     "matches more than one registered subject"}]}}
    words = render.audit_summary("decision", payload)
    assert "No registered person's likeness" not in words
    assert "A face or name that matches more than one registered person. Why: ambiguous likeness" in words


def test_an_operator_s_verify_says_whose_likeness_it_is_and_a_creator_s_does_not(
        handlers, as_operator, as_creator, jane, jane_keys, evidence_file):
    """The operator's Verify card never said who was depicted, nor that she had opted out since."""
    from ui_support import generate_form

    issue(handlers, as_operator, jane, jane_keys, evidence_file)
    _gallery, downloads, decision_md, _ = handlers.generate(generate_form(subjects=[jane]), request=as_creator)
    assert 'data-verdict="allowed"' in decision_md, decision_md
    html, data, _ = handlers.verify_file(downloads[0], request=as_operator)
    assert "<strong>Depicts:</strong> Jane Doe (jane-doe)</p>" in html and data["depicts"][0]["subject_id"] == jane
    mine, data, _ = handlers.verify_file(downloads[0], request=as_creator)
    assert "Depicts" not in mine and "depicts" not in data
    handlers.ops.set_opt_out(jane, True)
    html, _, _ = handlers.verify_file(downloads[0], request=as_operator)
    assert "Jane Doe (jane-doe) — has since opted out of all generation" in html


def test_the_audit_tab_finds_a_person_by_name_filters_by_who_kind_and_date_and_exports(
        handlers, as_operator, as_creator, jane, tmp_path):
    """The Audit tab filtered by subject or grant id only (her name found only the entries that
    added her), and its export was on the command line only."""
    import json
    from datetime import datetime, timedelta, timezone

    from creator.audit_export import check_export

    handlers.set_opt_out(jane, "set", "Jane asked by phone never to be generated", request=as_operator)
    by_name = handlers.audit_entries("jane  doe", "", 50, request=as_operator)
    assert {r[2] for r in by_name} >= {"subject_added", "opt_out_set"}
    only = handlers.audit_entries("Jane Doe", "", 50, "opt_out_set", request=as_operator)
    assert [r[2] for r in only] == ["opt_out_set"]
    assert handlers.audit_entries("", "", 50, "", "ui:nobody", request=as_operator) == []
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).strftime("%Y-%m-%d")
    assert handlers.audit_entries("", "", 50, "", "", tomorrow, request=as_operator) == []
    with pytest.raises(Exception, match="“From” '2026-13-45' is not a date or time"):
        handlers.audit_entries("", "", 50, "", "", "2026-13-45", request=as_operator)

    with pytest.raises(Exception, match="exporting the audit log requires the operator role"):
        handlers.audit_export(request=as_creator)
    path = handlers.audit_export(request=as_operator)
    assert check_export(json.loads(open(path, encoding="utf-8").read())).ok
