"""Records validate themselves and have one canonical JSON form."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta, timezone

import pytest

from consent.errors import RecordInvalid
from consent.records import (
    ConsentGrant, Representative, Revocation, SignedGrant, Subject, canonical_json, check_grant_for_subject, grant_digest,
)


def test_canonical_json_is_sorted_compact_utf8_with_z_times(make_grant):
    g = make_grant(description="Réshoot of scene 12 at the harbour, daylight")
    raw = canonical_json(g)
    text = raw.decode("utf-8")
    assert " " not in text.replace("Réshoot of scene 12 at the harbour, daylight", "").replace("Blue (2026)", "").replace("ACME Films", "")
    assert "Réshoot" in text  # UTF-8, not \\u escapes
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert data["valid_from"] == "2026-05-02T12:00:00Z"
    assert data["territories"] == ["CA", "US"]  # sets are sorted
    assert grant_digest(g) == hashlib.sha256(raw).hexdigest()


def test_canonical_form_does_not_depend_on_input_order_or_offset(make_grant, now):
    a = make_grant(territories=["US", "CA"], valid_from=now - timedelta(days=30))
    b = make_grant(territories=["CA", "US"], valid_from=(now - timedelta(days=30)).astimezone(timezone(timedelta(hours=2))))
    assert canonical_json(a) == canonical_json(b)
    assert ConsentGrant.from_json(canonical_json(a)) == a


def test_digest_changes_with_any_field(make_grant):
    assert grant_digest(make_grant()) != grant_digest(make_grant(usage_cap=11))


@pytest.mark.parametrize("desc", ["any use", "All purposes", "n/a", "TBD", "too short text"])
def test_boilerplate_or_short_description_is_rejected(make_grant, desc):
    with pytest.raises(RecordInvalid, match="description: .*(boilerplate|characters)"):
        make_grant(description=desc)


def test_empty_description_is_rejected(grant_fields):
    with pytest.raises(RecordInvalid, match="description: .*must not be empty"):
        ConsentGrant.from_dict({**grant_fields, "description": "   "})


def test_valid_until_must_follow_valid_from(make_grant, now):
    with pytest.raises(RecordInvalid, match="valid_until 2026-06-01T12:00:00Z is not after valid_from 2026-06-01T12:00:00Z"):
        make_grant(valid_from=now, valid_until=now)


def test_naive_timestamp_is_rejected(make_grant):
    with pytest.raises(RecordInvalid, match="valid_until: .*has no timezone"):
        make_grant(valid_until=datetime(2030, 1, 1))


@pytest.mark.parametrize("terr,match", [
    (["USA"], r"\['USA'\] are not ISO 3166"),
    (["worldwide", "US"], "mixes 'worldwide'"),
    ([], "is empty"),
])
def test_territories_are_iso_codes_or_worldwide(make_grant, terr, match):
    with pytest.raises(RecordInvalid, match=f"territories: .*{match}"):
        make_grant(territories=terr)


def test_unknown_vocabulary_and_duplicates_are_rejected(make_grant):
    with pytest.raises(RecordInvalid, match="purposes.0: .*'propaganda'"):
        make_grant(purposes=["propaganda"])
    with pytest.raises(RecordInvalid, match="media: media lists \\['web'\\] more than once"):
        make_grant(media=["web", "web"])
    with pytest.raises(RecordInvalid, match="usage_cap: .*greater than 0"):
        make_grant(usage_cap=0)


def test_evidence_is_required_and_checked(make_grant):
    with pytest.raises(RecordInvalid, match="evidence: .*at least 1"):
        make_grant(evidence=[])
    with pytest.raises(RecordInvalid, match="evidence.0.sha256"):
        make_grant(evidence=[{"kind": "signed_release", "sha256": "not-a-digest"}])


def test_missing_field_is_named(grant_fields):
    fields = dict(grant_fields)
    del fields["grantee"]
    with pytest.raises(RecordInvalid, match="grantee: missing; expected a value"):
        ConsentGrant.from_dict(fields)


def test_records_are_immutable(make_grant):
    g = make_grant()
    with pytest.raises(Exception, match="frozen"):
        g.grantee = "Someone else"


def test_subject_gets_an_opaque_unique_ref():
    a, b = Subject(id="a", display_name="A"), Subject(id="b", display_name="B")
    assert a.ref.startswith("subj_") and len(a.ref) == 21 and a.ref != b.ref
    with pytest.raises(RecordInvalid, match="ref"):
        Subject.from_dict({"id": "c", "display_name": "C", "ref": "jane-doe"})


def test_deceased_subject_representative_must_be_estate():
    with pytest.raises(RecordInvalid, match="representative.role is 'agent' for a deceased person; expected 'estate'"):
        Subject.from_dict({"id": "x", "display_name": "X", "kind": "deceased_person",
                           "representative": {"name": "Agency", "role": "agent"}})


def test_revocation_needs_a_reason(now):
    with pytest.raises(RecordInvalid, match="reason: .*must not be empty"):
        Revocation.from_dict({"grant_id": "g-1", "revoked_at": now, "reason": " ", "revoked_by": "legal"})


def test_check_grant_for_subject_minor_needs_guardian(minor, make_grant, sign, keys):
    with pytest.raises(RecordInvalid, match="is a minor; guardian signatures found: none"):
        check_grant_for_subject(minor, sign(make_grant(), (keys.subject, "self")))
    check_grant_for_subject(minor, sign(make_grant(signer_role="guardian"), (keys.guardian, "guardian")))


def test_check_grant_for_subject_deceased_needs_estate(deceased, make_grant, sign, keys):
    with pytest.raises(RecordInvalid, match="is deceased; estate signatures found: none"):
        check_grant_for_subject(deceased, sign(make_grant(signer_role="agent"), (keys.agent, "agent")))


def test_check_grant_for_subject_without_guardian_on_record(keys, make_grant, sign):
    orphan = Subject(id="jane", display_name="Jane", minor=True)
    with pytest.raises(RecordInvalid, match="no guardian key on record"):
        check_grant_for_subject(orphan, sign(make_grant(signer_role="guardian"), (keys.guardian, "guardian")))


def test_signed_grant_round_trips_through_json(make_grant, sign, keys):
    s = sign(make_grant(), (keys.subject, "self"), (keys.verifier, "verifier"))
    assert SignedGrant.from_json(s.model_dump_json()) == s


def test_representative_needs_a_name():
    with pytest.raises(RecordInvalid, match="name: .*must not be empty"):
        Representative.from_dict({"name": "", "role": "guardian"})
