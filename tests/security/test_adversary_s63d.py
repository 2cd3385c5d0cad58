"""Red team s63 D: attacks on what changed late in session 63 (a grant draft withdrawn by an
operator, the signers of an older snapshot's grants read back from their grant_issued entries,
each output's own seed in its download name)."""

from __future__ import annotations

import pytest

from test_adversary_s63c import (_forge_guardian_signature, _fresh, _output_then_custody_moves, _raw,
                                 _snapshot_as_the_version_before_signers_wrote_it)


# --- 2. Registry._backfill_signers: the database host makes it skip the grant --------------------


def _hide_grant_issued(world, grant_id: str, how: str) -> None:
    """An edit, behind the signed snapshot, of the ``grant_issued`` entry of ``grant_id`` (an entry
    the snapshot covers: a reader never walks it again)."""
    with _raw(world) as raw:
        (seq,) = raw.execute("SELECT seq FROM audit_entries WHERE kind = 'grant_issued' AND payload LIKE ?",
                             (f'%"grant_id":"{grant_id}"%',)).fetchone()
        if how == "kind":
            raw.execute("UPDATE audit_entries SET kind = 'grant_issued ' WHERE seq = ?", (seq,))
        elif how == "grant_id":
            raw.execute("UPDATE audit_entries SET payload = replace(payload, ?, ?) WHERE seq = ?",
                        (f'"grant_id":"{grant_id}"', '"grant_id":"g-elsewhere"', seq))
        elif how == "delete":
            raw.execute("DELETE FROM audit_entries WHERE seq = ?", (seq,))


@pytest.mark.parametrize("how", ["kind", "grant_id", "delete"])
def test_an_edited_grant_issued_entry_makes_the_backfill_skip_the_grant_and_verify_vouch(stub_world, monkeypatch, how):
    """f6b00d9's ``_backfill_signers`` reads the signers of a grant an older snapshot holds from the
    ``grant_issued`` entry it covers, and fails closed when that entry "is not as signed". But it
    finds the entry by ``kind = 'grant_issued'`` in SQL and by the payload's ``grant_id`` *before*
    checking the entry is intact; a grant it finds no entry for is "compared without them, as
    before" (a baseline). So the database host first edits the entry's ``kind`` (or its
    ``grant_id``, or deletes the row): no reader walks entries under a signed snapshot, the grant's
    signers stay unknown, and the forged guardian signature of test_adversary_s63c makes verify
    vouch again."""
    from creator.verify import verify

    w = stub_world
    out, ann = _output_then_custody_moves(w)
    _snapshot_as_the_version_before_signers_wrote_it(w, monkeypatch)
    _forge_guardian_signature(w, "g-tim", ann)
    caught = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not caught.ok  # (the set-up: f6b00d9's fix holds while the entry is left alone)
    _hide_grant_issued(w, "g-tim", how)
    after = verify(out.path, settings=w.settings, registry=_fresh(w))
    assert not after.ok, (f"verify vouches for a forged guardian signature once the grant's grant_issued entry "
                          f"under an older snapshot is edited ({how}): {after.grants}")


# --- 1. Drafts.withdraw: "a link sent to the wrong person" ----------------------------------------

WHY = "the guardian link went to the wrong e-mail address"


def _fields(sid: str, **over) -> dict:
    from datetime import datetime, timedelta, timezone

    return {**over, "subject_id": sid, "grantee": "ACME Films", "project": "Blue (2026)",
            "description": "Reshoot of scene 12: the character at the harbour, daylight",
            "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
            "territories": ["US"], "valid_until": datetime.now(timezone.utc) + timedelta(days=30), "usage_cap": 5,
            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}


def test_a_passkey_bound_through_a_withdrawn_drafts_link_still_opens_the_persons_page(stub_world):
    """d2bbf33 offers withdrawal for "a link sent to the wrong person": "its signing links stop
    working". A minor's draft has two signers (guardian, then self). The guardian's link reached the
    wrong person, who opened it and signed: the talent page bound *her* new passkey as Tim's
    guardian key (``passkey_bound``, ``rep_key_id``) and the draft waits for Tim. The operator
    withdraws the draft. The binding made through the withdrawn link stays: the stranger's passkey is
    still the guardian key on record, it still signs her in to Tim's consent page (ledger, use
    approvals, withdrawing Tim's grants: ``session_refusal`` is None), and the real guardian can no
    longer bind her own passkey through any new link ("already has a passkey").

    Closed in session 67: the withdrawal names that passkey and how to withdraw it
    (:meth:`Drafts.withdraw_passkey`); withdrawn, it opens nothing and signs nothing, the real
    guardian binds her own through a new link, and the stranger's is never bound again."""
    from consent.drafts import Drafts
    from consent.errors import SignatureInvalid
    from webauthn_support import SoftAuthenticator, passkey_sign

    w = stub_world
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
    drafts = Drafts(w.ops)
    view, links = drafts.create(_fields("tim"), created_by="ui:olive")
    guardian = next(ln for ln in links if ln.role == "guardian")
    stranger = SoftAuthenticator()
    half = passkey_sign(drafts, guardian.token, stranger)  # the wrong person signs through the link
    assert half.status == "pending"  # (the set-up: Tim's own signature is still awaited)
    drafts.withdraw(view.id, by="ui:olive", reason=WHY)
    (pk,) = drafts.passkeys("tim", "guardian")
    drafts.withdraw_passkey("tim", pk.key_id, by="ui:olive", reason="the guardian's link reached the wrong person")
    refusal = drafts.session_refusal("tim", "guardian", pk.key_id)
    assert refusal is not None, ("the passkey the wrong person bound through a now withdrawn draft's link is still "
                                 f"Tim's guardian key on record ({pk.key_id}) and still opens Tim's consent page")
    assert drafts.passkeys("tim", "guardian") == [] and w.registry.get_subject("tim").representative.key_id is None
    assert w.registry.verify_audit().ok
    _view2, links2 = drafts.create(_fields("tim", id="g-tim-2"), created_by="ui:olive")
    again = next(ln for ln in links2 if ln.role == "guardian")
    with pytest.raises(SignatureInvalid, match="cannot be bound again"):
        passkey_sign(drafts, again.token, stranger)
    passkey_sign(drafts, again.token, SoftAuthenticator())  # the real guardian, on her own new link
    (mine,) = drafts.passkeys("tim", "guardian")
    assert mine.key_id != pk.key_id and drafts.session_refusal("tim", "guardian", mine.key_id) is None


# --- 2b. Registry._backfill_signers on a legitimate upgraded database: a false integrity failure --


def _as_a_database_upgraded_to_signed_auditing(world) -> None:
    """Rewrite the log as a studio from before signed auditing left it and the upgrade signed it
    (``Registry._start_signing``): the entries that added the subject and issued the grant are the
    unsigned prefix (``sig`` NULL, as every entry before signing was), then the signed
    ``audit_signing_started`` baseline holding the tables' state. Hashes chained as
    ``append_entry`` chains them; the anchor (written only by a signing studio) is left out."""
    from consent.audit import GENESIS_HASH, SIGNING_STARTED, entry_hash
    from consent.records import canonical_json

    reg = world.registry
    with reg._read() as conn:
        baseline = reg._state_from_tables(conn).baseline()
    keys = reg.audit_keys
    with _raw(world) as raw:
        old = raw.execute("SELECT seq, at, kind, payload FROM audit_entries WHERE seq > 1 ORDER BY seq").fetchall()
        rows, prev = [], GENESIS_HASH
        for i, (_seq, at, kind, payload) in enumerate(old, start=1):
            h = entry_hash(prev, i, at, kind, payload)
            rows.append((i, at, kind, payload, prev, h, None))
            prev = h
        seq, at = len(rows) + 1, old[-1][1]
        pj = canonical_json({"audit_key_id": keys.key_id, "baseline": baseline}).decode("utf-8")
        h = entry_hash(prev, seq, at, SIGNING_STARTED, pj)
        rows.append((seq, at, SIGNING_STARTED, pj, prev, h, keys.sign_entry(h)))
        raw.execute("DELETE FROM audit_entries")
        raw.executemany("INSERT INTO audit_entries (seq, at, kind, payload, prev_hash, hash, sig) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        raw.execute("UPDATE audit_head SET seq = ?, hash = ?", (seq, h))
        raw.execute("DELETE FROM state_snapshots")
    reg.close()
    keys.anchor_path.unlink(missing_ok=True)


def test_a_grant_of_an_upgraded_databases_baseline_fails_integrity_after_an_older_snapshot(stub_world, monkeypatch):
    """A database upgraded to signed auditing holds its grants in the signed baseline; the
    ``grant_issued`` entries that issued them lie before it, unsigned (the log was not signed then).
    Its older signed snapshot (no "signers") makes ``_backfill_signers`` look for those grants'
    entries: it finds the unsigned one, ``entry_intact`` is False (no signature), and the grant is
    marked "(the signed entry that issued this grant is not as signed)". Every read of the grant —
    every decision that uses it, verify — then fails with "registry integrity failure" on a database
    nobody edited (the docstring's own "a grant ... that no entry issued (a baseline) is compared
    without them" is what should happen: the baseline, not the unsigned entry, vouches for it)."""
    from consent.signing import generate_key

    w = stub_world
    mo = generate_key()
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian",
                      representative_key=mo.public_key())
    w.ops.issue_grant(w.grant_fields("tim", "g-tim", signer_role="guardian"), [mo])
    _as_a_database_upgraded_to_signed_auditing(w)
    fresh = _fresh(w)
    assert fresh.get_grant("g-tim").grant.id == "g-tim"  # (the set-up: the upgraded log reads, replayed from 0)
    fresh.close()
    _snapshot_as_the_version_before_signers_wrote_it(w, monkeypatch)
    again = _fresh(w)
    assert again.get_grant("g-tim").grant.id == "g-tim"


def test_the_withdrawal_names_a_key_a_signing_bound(stub_world):
    """(session 63, after this red team) the operator who withdraws a draft that the wrong person
    half-signed is told that her passkey stays on record as the guardian's and to replace it."""
    from consent.drafts import Drafts
    from webauthn_support import SoftAuthenticator, passkey_sign

    w = stub_world
    w.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
    drafts = Drafts(w.ops)
    view, links = drafts.create(_fields("tim"), created_by="ui:olive")
    passkey_sign(drafts, next(ln for ln in links if ln.role == "guardian").token, SoftAuthenticator())
    out = drafts.withdraw(view.id, by="ui:olive", reason=WHY)
    (pk,) = drafts.passkeys("tim", "guardian")
    notes = Drafts.bound_by_signers(out)
    assert len(notes) == 1 and pk.key_id in notes[0]
    assert f"withdraw it (`consent-studio subject withdraw-passkey tim {pk.key_id}`)" in notes[0]
