"""decide(): one fixture per failure mode; each denial names the grant and the field."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from consent.errors import ConsentDenied, RecordInvalid
from consent.policy import decide
from consent.records import Revocation, SignedGrant, StoredGrant, Subject
from consent.types import FaceBox, Likeness, LikenessSource

JANE = [Likeness(LikenessSource.DECLARED, "jane")]


def failing(decision, check):
    fs = [f for f in decision.findings if f.check == check and not f.passed]
    assert fs, f"no failing {check!r} finding in {decision.reasons()}"
    return fs[0]


def assert_denied(decision, check, field, message):
    assert not decision.allowed
    assert decision.grants_used == ()
    f = failing(decision, check)
    assert f.grant_id == "g-123"
    assert f.field == field
    assert f.message.startswith("grant g-123: ")
    assert message in f.message, f.message
    with pytest.raises(ConsentDenied, match="g-123") as exc:
        decision.require()
    assert exc.value.decision is decision


# ----------------------------------------------------------------------------- allowed
@pytest.fixture
def valid(person, make_grant, sign, keys, snapshot_of):
    return snapshot_of(person, sign(make_grant(), (keys.subject, "self")))


def test_valid_grant_is_allowed_and_names_itself_as_used(valid, context, now):
    d = decide(JANE, context, valid, now).require()
    assert d.allowed and d.reasons() == []
    (use,) = d.grants_used
    assert (use.grant_id, use.subject_id) == ("g-123", "jane")
    assert use.sha256 == valid.grants["jane"][0].sha256
    assert use.subject_ref == valid.subjects["jane"].ref
    assert d.real_person_depicted and d.label_suffix == "likeness used with consent"
    assert {f.check for f in d.findings} >= {"intact", "trusted", "current", "scope:territory", "scope:usage_cap"}


def test_no_likeness_is_allowed_explicitly(context, now, snapshot_of, person):
    d = decide([], context, snapshot_of(person), now)
    assert d.allowed and not d.real_person_depicted and d.label_suffix is None
    assert [f.check for f in d.findings] == ["no_likeness"]
    assert "no likeness touched" in d.findings[0].message


def test_fictional_persona_needs_no_grant_but_is_flagged(context, now, snapshot_of):
    persona = Subject(id="ava", display_name="Ava Nova", kind="fictional_persona")
    d = decide([Likeness(LikenessSource.DECLARED, "ava")], context, snapshot_of(persona), now)
    assert d.allowed and d.fictional_personas == ("ava",) and not d.real_person_depicted


def test_decision_id_is_deterministic_unless_given(valid, context, now):
    assert decide(JANE, context, valid, now).decision_id == decide(JANE, context, valid, now).decision_id
    assert decide(JANE, context, valid, now, decision_id="abc").decision_id == "abc"


# ----------------------------------------------------------------------------- integrity / trust
@pytest.fixture
def tampered(person, make_grant, sign, keys, snapshot_of):
    good = sign(make_grant(), (keys.subject, "self"))
    widened = make_grant(territories=["worldwide"])  # edited after signing
    return snapshot_of(person, SignedGrant(grant=widened, signatures=good.signatures))


def test_tampered_grant_is_denied(tampered, context, now):
    d = decide(JANE, context, tampered, now)
    assert_denied(d, "intact", "signatures", "does not match the content")


@pytest.fixture
def unregistered_signer(person, make_grant, sign, keys, snapshot_of):
    return snapshot_of(person, sign(make_grant(), (keys.stranger, "self")))


def test_grant_signed_by_unregistered_key_is_denied(unregistered_signer, context, now, keys):
    d = decide(JANE, context, unregistered_signer, now)
    assert_denied(d, "trusted", "signatures", "is not from a registered key")
    # integrity alone passes: a well-signed grant from an unknown key is not consent
    assert any(f.check == "intact" and f.passed for f in d.findings)


def test_registered_verifier_countersignature_is_trusted(person, make_grant, sign, keys, snapshot_of, context, now):
    from consent.signing import key_id

    snap = snapshot_of(person, sign(make_grant(), (keys.subject, "self"), (keys.verifier, "verifier")),
                       verifiers=[key_id(keys.verifier)])
    assert decide(JANE, context, snap, now).allowed


# ----------------------------------------------------------------------------- currency
@pytest.fixture
def expired(person, make_grant, sign, keys, snapshot_of, now):
    g = make_grant(valid_from=now - timedelta(days=60), valid_until=now - timedelta(seconds=1))
    return snapshot_of(person, sign(g, (keys.subject, "self")))


def test_expired_grant_is_denied(expired, context, now):
    assert_denied(decide(JANE, context, expired, now), "current", "valid_until", "expired: valid_until 2026-06-01T11:59:59Z")


@pytest.fixture
def not_yet_valid(person, make_grant, sign, keys, snapshot_of, now):
    g = make_grant(valid_from=now + timedelta(days=1), valid_until=now + timedelta(days=60))
    return snapshot_of(person, sign(g, (keys.subject, "self")))


def test_not_yet_valid_grant_is_denied(not_yet_valid, context, now):
    assert_denied(decide(JANE, context, not_yet_valid, now), "current", "valid_from", "not yet valid: valid_from 2026-06-02")


@pytest.fixture
def revoked(person, make_grant, sign, keys, snapshot_of, now):
    signed = sign(make_grant(), (keys.subject, "self"))
    rev = Revocation(grant_id="g-123", revoked_at=now, reason="actor withdrew consent", revoked_by="legal")
    return snapshot_of(person, StoredGrant(signed=signed, revocation=rev))


def test_revoked_grant_is_denied_at_and_after_revocation_not_before(revoked, context, now):
    assert_denied(decide(JANE, context, revoked, now), "current", "revocation", "revoked at 2026-06-01T12:00:00Z by legal")
    assert not decide(JANE, context, revoked, now + timedelta(hours=1)).allowed
    # in force from REVOCATION_CLOCK_ALLOWANCE (10 minutes) before its date, for hosts whose clocks lag
    assert_denied(decide(JANE, context, revoked, now - timedelta(minutes=10)), "current", "revocation",
                  "decision time 2026-06-01T11:50:00Z is at most 10 minutes before it: in force")
    assert decide(JANE, context, revoked, now - timedelta(minutes=10, seconds=1)).allowed


# ----------------------------------------------------------------------------- scope
@pytest.fixture
def valid_snapshot(valid):
    return valid


def test_wrong_grantee_is_denied(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, grantee="Other Studio")
    assert_denied(decide(JANE, ctx, valid_snapshot, now), "scope:grantee", "grantee", "grantee 'Other Studio' is not 'ACME Films'")


def test_wrong_purpose_is_denied(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, purpose="advertising")
    assert_denied(decide(JANE, ctx, valid_snapshot, now), "scope:purpose", "purposes", "purpose 'advertising' not in ['film_reshoot']")


def test_wrong_operation_is_denied(valid_snapshot, context, now):
    # her face in the source: a face replacement there is one (her grant allows none)
    in_source = [Likeness(LikenessSource.SOURCE_FACE, "jane", box=FaceBox(10, 10, 80, 80), similarity=0.9)]
    ctx = dataclasses.replace(context, operation="face_replacement")
    assert_denied(decide(in_source, ctx, valid_snapshot, now), "scope:operation", "operations",
                  "operation 'face_replacement' not in ['footage_edit','likeness_generation']")


def test_a_face_replacement_where_the_source_holds_no_face_is_checked_as_new_pictures(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, operation="face_replacement")
    d = decide(JANE, ctx, valid_snapshot, now)  # declared only: no face in the source to replace
    assert d.allowed and d.subject_operations == {"jane": "likeness_generation"}


def test_wrong_territory_is_denied(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, territory="FR")
    assert_denied(decide(JANE, ctx, valid_snapshot, now), "scope:territory", "territories", "territory 'FR' not in ['CA','US']")


def test_wrong_medium_is_denied(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, media="broadcast")
    assert_denied(decide(JANE, ctx, valid_snapshot, now), "scope:media", "media", "media ['broadcast'] not in ['cinema','still_image']")


def test_restriction_violated_is_denied(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, content_flags=frozenset({"politics"}))
    assert_denied(decide(JANE, ctx, valid_snapshot, now), "scope:restriction", "content_restrictions",
                  "content 'politics' is forbidden by restriction 'no_politics'")


@pytest.fixture
def cap_reached(person, make_grant, sign, keys, snapshot_of):
    return snapshot_of(person, StoredGrant(signed=sign(make_grant(usage_cap=3), (keys.subject, "self")), usage=3))


def test_usage_cap_reached_is_denied(cap_reached, context, now):
    assert_denied(decide(JANE, context, cap_reached, now), "scope:usage_cap", "usage_cap", "usage 3 of cap 3 reached")


# ----------------------------------------------------------------------------- subject rules
@pytest.fixture
def minor_self_signed(minor, make_grant, sign, keys, snapshot_of):
    return snapshot_of(minor, sign(make_grant(), (keys.subject, "self")))


def test_minor_without_guardian_is_denied(minor_self_signed, context, now):
    assert_denied(decide(JANE, context, minor_self_signed, now), "subject:minor_guardian", "signatures",
                  "subject 'jane' is a minor; guardian signatures found: none, expected one by ed25519:")


def test_minor_with_guardian_is_allowed(minor, make_grant, sign, keys, snapshot_of, context, now):
    snap = snapshot_of(minor, sign(make_grant(signer_role="guardian"), (keys.guardian, "guardian"), (keys.subject, "self")))
    assert decide(JANE, context, snap, now).allowed


@pytest.fixture
def deceased_agent_signed(deceased, make_grant, sign, keys, snapshot_of):
    return snapshot_of(deceased, sign(make_grant(signer_role="agent"), (keys.agent, "agent")))


def test_deceased_without_estate_is_denied(deceased_agent_signed, context, now):
    assert_denied(decide(JANE, context, deceased_agent_signed, now), "subject:deceased_estate", "signatures",
                  "subject 'jane' is deceased; estate signatures found: none")


def test_deceased_with_estate_is_allowed(deceased, make_grant, sign, keys, snapshot_of, context, now):
    snap = snapshot_of(deceased, sign(make_grant(signer_role="estate"), (keys.estate, "estate")))
    assert decide(JANE, context, snap, now).allowed


# ----------------------------------------------------------------------------- subjects without consent
@pytest.fixture
def opted_out(person, make_grant, sign, keys, snapshot_of):
    return snapshot_of(person.model_copy(update={"opt_out": True}), sign(make_grant(), (keys.subject, "self")))


def test_opted_out_subject_is_denied_even_with_a_valid_grant(opted_out, context, now):
    d = decide(JANE, context, opted_out, now)
    f = failing(d, "opt_out")
    assert not d.allowed and f.subject_id == "jane" and f.field == "opt_out" and "opted out" in f.message


@pytest.fixture
def no_grant(person, snapshot_of):
    return snapshot_of(person)


def test_likeness_with_no_grant_is_denied(no_grant, context, now):
    d = decide(JANE, context, no_grant, now)
    f = failing(d, "no_grant")
    assert not d.allowed and f.subject_id == "jane" and "has no consent grant" in f.message


def test_unknown_likeness_is_denied(valid, context, now):
    face = Likeness(LikenessSource.SOURCE_FACE, None, box=FaceBox(10, 20, 64, 64), similarity=0.21, image="source")
    d = decide([*JANE, face], context, valid, now)
    f = failing(d, "unknown")
    assert not d.allowed and "source face at (10, 20, 64, 64)" in f.message
    with pytest.raises(ConsentDenied, match=r"1 reason\): unknown likeness at source face"):
        d.require()


def test_unregistered_subject_id_is_unknown(valid, context, now):
    d = decide([Likeness(LikenessSource.PROMPT_NAME, "john", text="John Roe", span=(0, 8))], context, valid, now)
    assert "not registered" in failing(d, "unknown").message


def test_every_reason_is_listed_not_only_the_first(valid_snapshot, context, now):
    ctx = dataclasses.replace(context, territory="FR", purpose="advertising", grantee="Other")
    d = decide(JANE, ctx, valid_snapshot, now)
    assert {f.check for f in d.findings if not f.passed} == {"scope:territory", "scope:purpose", "scope:grantee"}
    with pytest.raises(ConsentDenied, match="3 reasons"):
        d.require()


def test_to_dict_is_json_ready(valid, context, now):
    import json

    d = decide(JANE, context, valid, now).to_dict()
    assert json.loads(json.dumps(d))["grants_used"][0]["grant_id"] == "g-123"
    assert d["decided_at"] == "2026-06-01T12:00:00Z"


@pytest.mark.parametrize("field,value,match", [
    ("purpose", "propaganda", "purpose is 'propaganda'; expected one of"),
    ("territory", "usa", "territory is 'usa'; expected one ISO"),
    ("content_flags", frozenset({"gore"}), r"content_flags is \['gore'\]"),
    ("count", 0, "count is 0"),
])
def test_context_validates_itself(context, field, value, match):
    with pytest.raises(RecordInvalid, match=match):
        dataclasses.replace(context, **{field: value})


def test_naive_now_is_rejected(valid, context, now):
    with pytest.raises(RecordInvalid, match="without timezone"):
        decide(JANE, context, valid, now.replace(tzinfo=None))


# ----------------------------------------------------------------------------- a creator's view of typed names
def _named(text, sid=None, start=12):
    return Likeness(LikenessSource.PROMPT_NAME, sid, text=text, span=(start, start + len(text)))


def _creator_view(decision):
    from consent.policy import creator_findings

    return [(f["check"], f.get("subject_id"), f["message"]) for f in creator_findings(decision.to_dict())
            if not f["passed"]]


def test_a_registered_name_without_a_grant_reads_to_a_creator_as_a_name_of_nobody(person, context, now, snapshot_of):
    """Red team 26: the same line for 'Jane Doe' (registered, no grant) and 'Nadia Nobody' (nobody),
    never her subject id; operators (the decision itself) keep the no_grant finding."""
    snap = snapshot_of(person)
    known = decide([_named("Jane Doe", "jane")], context, snap, now)
    nobody = decide([_named("Jane Roe")], context, snap, now)
    assert [f.check for f in known.findings if not f.passed] == ["no_grant"]  # the full decision
    assert known.prompt_names == {"jane": ('prompt chars 12-20 "Jane Doe"',)}
    view = _creator_view(known)
    assert view == [(c, s, m.replace("Jane Roe", "Jane Doe")) for c, s, m in _creator_view(nobody)]
    assert view[0][0] == "unconsented_name" and "jane" not in str(view)
    assert "looks like a real person's name" in view[0][2]


def test_a_name_typed_with_its_id_keeps_the_ids_no_grant_line(person, context, now, snapshot_of):
    snap = snapshot_of(person)
    d = decide([Likeness(LikenessSource.DECLARED, "jane"), _named("Jane Doe", "jane")], context, snap, now)
    assert d.named_by_id == ("jane",)
    assert [c for c, _, _ in _creator_view(d)] == ["no_grant", "unconsented_name"]


def test_a_creators_own_grant_that_does_not_cover_the_request_is_told(person, make_grant, sign, keys, snapshot_of,
                                                                       context, now):
    """The grant names this creator (grantee) as holder: why it does not cover the request is theirs
    to read, so a name that reached its person keeps those findings."""
    snap = snapshot_of(person, sign(make_grant(), (keys.subject, "self")))
    d = decide([_named("Jane Doe", "jane")], dataclasses.replace(context, territory="FR"), snap, now)
    assert [c for c, _, _ in _creator_view(d)] == ["scope:territory"]


def test_another_grantees_grant_reads_to_a_creator_as_no_grant(valid_snapshot, context, now):
    """Red team 27: a grant given to someone else is not the creator's to read (its id, project,
    the person's name on an approve-each-use grant): the subject reads as one without a grant."""
    d = decide(JANE, dataclasses.replace(context, grantee="Other Studio"), valid_snapshot, now)
    assert any(f.grant_id == "g-123" for f in d.findings)  # operators and the audit log keep it
    view = _creator_view(d)
    assert [(c, s) for c, s, _ in view] == [("no_grant", "jane")] and "g-123" not in str(view)
    nobody = decide([Likeness(LikenessSource.DECLARED, "jane")], dataclasses.replace(context, grantee="Other Studio"),
                    dataclasses.replace(valid_snapshot, grants={}), now)
    assert view == _creator_view(nobody)
