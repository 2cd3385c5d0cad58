"""Red team s63 (verify, disclosure, audit log): attacks that got through.

Each test states the attack; each fails until the product is fixed.
"""

from __future__ import annotations

import base64
import json
import sqlite3

from consent.signing import generate_key
from creator.verify import verify


def _raw(world) -> sqlite3.Connection:
    return sqlite3.connect(world.settings.data_dir / "consent.db", isolation_level=None)


def _fresh(world):
    from consent.registry import Registry

    return Registry.from_settings(world.settings)


def _forge_signature(world, grant_id: str, key) -> None:
    """The database host adds to a grant's row a 'signature' by ``key``'s public key that signs
    nothing (64 zero bytes): the grant's digest (of its terms only) is unchanged."""
    from consent.signing import key_id, public_key_b64

    pub = key.public_key()
    with _raw(world) as raw:
        (sigs,) = raw.execute("SELECT signatures_json FROM grants WHERE id = ?", (grant_id,)).fetchone()
        sigs = json.loads(sigs)
        sigs.append({"key_id": key_id(pub), "role": "guardian", "public_key": public_key_b64(pub),
                     "signature": base64.b64encode(bytes(64)).decode()})
        raw.execute("UPDATE grants SET signatures_json = ? WHERE id = ?", (json.dumps(sigs), grant_id))


def test_a_forged_guardian_signature_added_in_the_database_makes_verify_vouch_again(stub_world):
    """Custody of a minor moves from Mo to Ann (a signed subject update). Verify of an output made
    under Mo's grant then FAILs: the grant no longer meets the person's rules (no signature by the
    guardian on record). The database host adds to the grant's row a 'signature' by Ann's public key
    that verifies over nothing: the grant's digest covers its terms only, the integrity check
    compares that digest, and verify's grant check looks only at which key ids are listed, never
    verifies them (the policy does: generate still refuses). Verify says OK again."""
    w = stub_world
    mo, ann = generate_key(), generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("tim",))).outputs[0]
    assert verify(out.path, settings=w.settings, registry=_fresh(w)).ok
    w.ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian",
                         representative_key=ann.public_key())
    before = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not before.ok and before.grants[0].status == "subject_rules", before.reasons
    _forge_signature(w, "g-tim", ann)
    after = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not after.ok, ("verify vouches for an output whose grant no longer meets the person's rules once "
                          f"a forged guardian signature is added to its row: {after.grants}")


def test_a_forged_guardian_signature_added_in_the_database_is_caught_by_audit_verify(stub_world):
    """The same edit as above: the grant row's signatures are not what ``grant_issued`` signed
    (its entry lists the signers, key id and role), yet ``audit verify`` reports the registry intact."""
    w = stub_world
    mo, ann = generate_key(), generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    _forge_signature(w, "g-tim", ann)
    reg = _fresh(w)
    report = reg.verify_audit()
    assert not report.ok, "audit verify says the registry is intact after a grant's signatures were edited"


def test_a_revocations_reason_and_author_edited_in_the_database_are_not_reported_as_the_record(stub_world):
    """Jane withdraws her consent on the talent page ('I withdraw my consent', by talent:jane). The
    database host rewrites the revocation row's reason and author ('superseded by g-2 (same
    terms)', cli:olive): ``audit verify`` sees the difference, but the reads that feed verify and
    the grant views compare only the revocation's date, so verify's report of the output says the
    grant was revoked as a clerical supersession by an operator: the record lies about who ended
    the consent and why."""
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-1")
    out = w.studio().generate(w.request(prompt="a harbour at dawn", subjects=("jane",))).outputs[0]
    w.ops.revoke_grant("g-1", "I withdraw my consent", "talent:jane")
    with _raw(w) as raw:
        raw.execute("UPDATE revocations SET reason = 'superseded by g-2 (same terms)', revoked_by = 'cli:olive'")
    reg = _fresh(w)
    report = verify(out.path, settings=w.settings, registry=reg)
    assert not report.ok
    assert not any("superseded" in r for r in report.reasons), \
        f"verify reports a revocation reason the signed log never recorded: {report.reasons}"


def test_a_label_that_denies_being_ai_with_two_spaces_is_refused(tmp_path):
    """The label contradiction check reads the raw ``label_text`` while the label drawn is its
    whitespace collapsed (``label_lines``): 'AI-generated? Not  AI, a real photo' (two spaces, or a
    tab, or a line break) is accepted, and every output then carries 'AI-generated? Not AI, a real
    photo' — the text the check exists to refuse (tests/creator/test_c2pa.py refuses it with one
    space)."""
    from pydantic import ValidationError

    import pytest

    from creator.disclosure.label import label_lines
    from creator.settings import StudioSettings

    for text in ("AI-generated? Not  AI, a real photo", "AI-generated? Not\tAI, a real photo"):
        try:
            s = StudioSettings(data_dir=tmp_path / "data", label_text=text)
        except ValidationError:
            continue
        drawn = label_lines(s.label_text, real_person_depicted=False)
        pytest.fail(f"label_text {text!r} was accepted and is drawn as {drawn!r}")
