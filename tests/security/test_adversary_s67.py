"""Red team of session 67: withdrawing a passkey (a dispute on a signing link, or an operator's
``subject withdraw-passkey``), commit dcff9b0.

Attackers: someone holding a person's signing link, a creator account, an operator making
mistakes, and someone who can edit the SQLite database file behind the signed audit log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from talent_me_support import ORIGIN, csrf_of, decision, fields, talent_world
from webauthn_support import SoftAuthenticator, passkey_sign


def _signed_in(client_root, auth):
    """A client of the talent routes signed in with ``auth``'s passkey."""
    c = TestClient(client_root, base_url=ORIGIN + "/talent")
    o = c.post("/api/signin/options", json={}).json()
    assert c.post("/api/signin", json=auth.get(o["challenge"], ORIGIN)).status_code == 200
    return c


def _root(client):
    return client.app


# --- 1. a use approval given by the passkey later withdrawn -------------------------------------


def test_an_approval_given_with_a_disputed_passkey_still_lets_the_studio_generate_her(tmp_path):
    """Attack (someone holding her signing link): Jane signs her grants offline with her own
    Ed25519 key (on record, ``subject edit --key``); one is approve-each-use: every use waits for
    her yes on her talent page. An interceptor opened Jane's first talent link and bound "her"
    passkey, so he signs in to her page. A creator's request waits under the approve-each-use
    grant; the interceptor approves it. Jane, on her next link, says "I never created a passkey
    here": the passkey is withdrawn (off her keys, its binding gone, its sessions refused).
    Observed: the approval that passkey gave stays ``approved`` and the studio's decision for
    that request is ALLOWED: one use of her likeness that she never approved, after she disputed
    the passkey that approved it (the approval records only ``talent:jane:self``, not which key,
    so nobody can even tell). Expected: a withdrawn passkey's approvals not used yet are void
    (declined, or no longer counted by the decision): the decision is denied."""
    from consent.approvals import Approvals
    from consent.signing import generate_key, sign_grant
    from consent.records import SignedGrant

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        own = generate_key()
        ops.add_subject_key("jane", own.public_key())
        terms = ops.draft_terms(fields("jane", approve_each_use=True), "self")
        gid = ops.import_grant(SignedGrant(grant=terms, signatures=(sign_grant(terms, own, "self"),))).id
        # the interceptor opens Jane's first talent link (another project) and binds his passkey
        impostor = SoftAuthenticator()
        _v, links = drafts.create(fields("jane", project="Red (2027)"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, impostor)
        him = _signed_in(_root(client), impostor)

        digest = "aa" * 32
        first = decision(reg, "jane", digest)
        assert not first.allowed  # waits for her approval
        reg.record_decision(first)
        (ap,) = Approvals(reg).list(status="pending")
        assert ap.grant_id == gid
        r = him.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf_of(him.get('/me').text)})
        assert r.status_code in (200, 303) and Approvals(reg).get(ap.id).status == "approved"

        # Jane disputes the passkey on her next link
        _v2, links2 = drafts.create(fields("jane", project="Green (2027)"), created_by="cli:olive")
        r = client.post(f"/s/{links2[0].token}/decline", data={"disputed": "yes", "reason": "not me"})
        assert r.status_code == 200 and "no longer signs for you" in r.text
        assert drafts.passkeys("jane") == [] and reg.verify_audit().ok

        after = decision(reg, "jane", digest)
        assert not after.allowed, ("an approval given by the passkey Jane disputed (now withdrawn) still allows the "
                                   f"studio to generate her: approval {ap.id} is {Approvals(reg).get(ap.id).status}")


# --- 2. a link holder undoes the operator's in-person binding -----------------------------------


def _registered(auth: SoftAuthenticator):
    """``auth`` creates a passkey as the enrollment page makes it (registration verified)."""
    import os

    from consent.passkeys import b64url, verify_registration

    challenge = os.urandom(32)
    cred = auth.create({"challenge": b64url(challenge), "user": {"id": b64url(b"jane"), "name": "Jane Doe",
                                                                 "displayName": "Jane Doe"},
                        "rp": {"id": auth.rp_id, "name": "Consent Studio"}})
    return verify_registration(cred, challenge=challenge, rp_id=auth.rp_id, origin=auth.origin)


def test_a_link_holder_turns_her_operator_confirmed_passkey_back_into_first_use(tmp_path):
    """Attack (someone who intercepts the links sent to Jane, e.g. her mailbox): Jane did what
    the README says protects her from a forwarded link: she created her passkey at /talent/enroll
    and an operator confirmed it in person (``passkey_bound`` with ``confirmed_by``); the
    interceptor's links are then useless to him (a link never binds a second passkey). He opens
    her next link and ticks "I never created a passkey here". Observed: that word alone, from
    whoever holds a link, withdraws the passkey the operator checked in person; her grants stop
    (the accepted denial of service) and, worse, her next link is a first-use link again: he
    intercepts it too, binds his own passkey as Jane and signs a grant that ALLOWS generating
    her. LIMITS.md says the dispute is "never a likeness made without her"; the in-person
    binding was the studio's answer to exactly this interceptor. Expected: a dispute through a
    link does not take off a passkey an operator confirmed in person (it is recorded for the
    operators, who withdraw it themselves after checking), so the next link still cannot bind a
    stranger's passkey."""
    from consent.errors import SignatureInvalid

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        jane = SoftAuthenticator()
        drafts.enroll_passkey("jane", "self", _registered(jane), rp_id=jane.rp_id, confirmed_by="ui:olive")
        view, links = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, jane)
        assert decision(reg, "jane", "aa" * 32).allowed  # (set-up) her grant is in force

        # the interceptor, on the next link sent to her
        _v2, links2 = drafts.create(fields("jane", project="Red (2027)"), created_by="cli:olive")
        r = client.post(f"/s/{links2[0].token}/decline", data={"disputed": "yes", "reason": "x"})
        assert r.status_code == 200
        # ... and on the one after
        mallory = SoftAuthenticator()
        _v3, links3 = drafts.create(fields("jane", project="Blue (2026)", id="g-after-dispute"), created_by="cli:olive")
        try:
            passkey_sign(drafts, links3[0].token, mallory)
        except SignatureInvalid:
            pass  # refused: what should happen
        bound = [p.key_id for p in drafts.passkeys("jane")]
        assert _registered_key_id(mallory) not in bound and not _exists(ops, "g-after-dispute"), (
            "a link holder's dispute withdrew Jane's operator-confirmed passkey; through her next link he then bound "
            f"his own passkey as Jane ({bound}) and signed a grant in force in her name")


def _registered_key_id(auth: SoftAuthenticator) -> str:
    from consent.passkeys import passkey_key_id

    return passkey_key_id(auth.cose_key)


def _exists(ops, gid: str) -> bool:
    from consent.errors import NotFound

    try:
        ops.registry.get_grant(gid)
    except NotFound:
        return False
    return True


# --- 3. the database editor ----------------------------------------------------------------------


def test_a_deleted_passkey_row_lets_a_link_bind_a_second_passkey_for_her(tmp_path):
    """Attack (database editor, with a link that reaches her): Jane's passkey was confirmed in
    person, so no link can bind another one ("a link never adds a second one"). The editor
    deletes her row of the ``passkeys`` table (nothing else: her key stays in ``key_ids``, the
    signed log unchanged), then opens her next link. Observed: the binding check reads only the
    table (``_subject_passkeys`` sees no row, the log's own ``passkeys`` state is never asked),
    so the link binds a stranger's passkey as Jane, logged as a regular ``passkey_bound``, and
    the grant it signs is issued and ALLOWS generating her; only a later ``audit verify`` names
    the missing row. The same deletion is how a withdrawal looks in the table, so the product
    needs the log's word here (not new in dcff9b0: ``_subject_passkeys`` has read the table alone
    since passkeys were added, but a withdrawal now makes a missing row look legitimate). Expected: fail closed: a signing link whose person has a passkey
    bound by the signed log but no row refuses (IntegrityFailure), nothing is bound."""
    import sqlite3

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        jane = SoftAuthenticator()
        drafts.enroll_passkey("jane", "self", _registered(jane), rp_id=jane.rp_id, confirmed_by="ui:olive")
        _v, links = drafts.create(fields("jane", id="g-stranger"), created_by="cli:olive")
        db = sqlite3.connect(tmp_path / "c.db")
        db.execute("DELETE FROM passkeys WHERE subject_id = 'jane'")
        db.commit()
        db.close()
        try:
            passkey_sign(drafts, links[0].token, SoftAuthenticator())
        except Exception:  # noqa: BLE001 - refused: what should happen
            pass
        assert not _exists(ops, "g-stranger") or not decision(reg, "jane", "aa" * 32).allowed, (
            "with her passkey row deleted, a link bound a stranger's passkey as Jane and the grant it signed allows "
            "generating her")


@pytest.mark.parametrize("edit", ["index row deleted", "entry kind changed"])
def test_a_withdrawn_passkey_binds_again_after_an_edit_hides_its_withdrawal(tmp_path, edit):
    """Attack (database editor): an operator withdrew the interceptor's passkey from Jane
    ("never bound again": ``Drafts.retired``). ``retired`` asks the audit log through
    ``audit_page(kind=..., mentions=[key])``: the mentions index (derived rows, no audit key
    needed) and the ``kind`` column select which entries are read, and only those are checked.
    The editor deletes the ``audit_mentions`` rows of the key (or renames the entry's kind).
    Observed: ``retired`` answers False, and the interceptor binds the same passkey as Jane again
    through her next link (a regular ``passkey_bound``), which puts it back on her keys: the grant
    it signed before she disputed it ALLOWS again; ``audit verify`` names the edit only later.
    Expected: whether a key was withdrawn is read from the signed log's replayed state (or the
    edit fails closed): the binding is refused and the old grant stays stopped."""
    import sqlite3

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        him = SoftAuthenticator()
        old, links = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, him)
        (pk,) = drafts.passkeys("jane")
        drafts.withdraw_passkey("jane", pk.key_id, by="ui:olive", reason="her first link reached someone else")
        assert drafts.retired(pk.key_id)
        db = sqlite3.connect(tmp_path / "c.db")
        if edit == "index row deleted":
            db.execute("DELETE FROM audit_mentions WHERE mention = ?", (pk.key_id,))
        else:
            ops.add_subject("ann", "Ann Other")  # (the edited entry is no longer the newest ...)
            reg.get_subject("ann")  # (... and the running studio has read past it, as a server has)
            db.execute("UPDATE audit_entries SET kind = 'passkey_withdrawX' WHERE kind = 'passkey_withdrawn'")
        db.commit()
        db.close()
        _v2, links2 = drafts.create(fields("jane", project="Red (2027)"), created_by="cli:olive")
        try:
            passkey_sign(drafts, links2[0].token, him)
        except Exception:  # noqa: BLE001 - refused: what should happen
            pass
        from consent.integrity import IntegrityFailure

        db = sqlite3.connect(tmp_path / "c.db")
        rebound = db.execute("SELECT count(*) FROM passkeys WHERE key_id = ?", (pk.key_id,)).fetchone()[0]
        db.close()
        try:
            bound_again = rebound or pk.key_id in reg.get_subject("jane").key_ids or not ops.grant_view(old.id).stopped
        except IntegrityFailure:
            bound_again = bool(rebound)  # the edit is found and every read fails closed: also what should happen
        assert not bound_again, (
            f"after the edit ({edit}) the withdrawn passkey {pk.key_id} was bound to Jane again, and grant {old.id} "
            "it signed before she disputed it allows again")


# --- defended ---------------------------------------------------------------------------------------


def test_held_a_running_studio_denies_at_once_what_a_withdrawn_passkey_signed(stub_world):
    """Attack (caches): a Studio already running has checked Ada's grant (its people caches are
    built); the passkey that signed it is withdrawn by an operator, in another Operations. Held:
    the next ``Studio.check`` of the same request is denied (subjects and grants are read fresh
    per decision, held to the signed log), and ``audit verify`` stays OK."""
    from consent.drafts import Drafts

    w = stub_world
    w.ops.add_subject("ada", "Ada Quinn")
    drafts = Drafts(w.ops)
    fields_ = {k: v for k, v in w.grant_fields("ada", "g-ada").items() if k not in ("valid_from", "signer_role")}
    _v, links = drafts.create(fields_, created_by="cli:olive")
    passkey_sign(drafts, links[0].token, SoftAuthenticator())
    studio = w.studio()
    assert studio.check(w.request(subjects=("ada",))).allowed  # (set-up)
    (pk,) = drafts.passkeys("ada")
    Drafts(w.ops).withdraw_passkey("ada", pk.key_id, by="cli:olive", reason="her first link reached someone else")
    d = studio.check(w.request(subjects=("ada",)))
    assert not d.allowed and any(f.check == "trusted" and not f.passed for f in d.findings)
    assert w.registry.verify_audit().ok


def test_held_outputs_being_made_when_the_passkey_is_withdrawn_are_not_published(tmp_path):
    """Attack (a race): a request under Jane's grant was allowed and its images are being made when
    her dispute withdraws the passkey that signed the grant. Held: recording the outputs re-checks
    the decision under the write lock (``still_holds``: the signature is no longer trusted), so
    nothing is published."""
    from consent.errors import ConsentDenied
    from consent.registry import OutputRecord

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        _v, links = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, SoftAuthenticator())
        d = decision(reg, "jane", "aa" * 32)
        assert d.allowed  # (set-up)
        _v2, links2 = drafts.create(fields("jane", project="Red (2027)"), created_by="cli:olive")
        assert client.post(f"/s/{links2[0].token}/decline", data={"disputed": "yes"}).status_code == 200
        with pytest.raises(ConsentDenied, match="consent changed while the outputs were being made"):
            reg.record_generation(d, [OutputRecord(sha256="cd" * 32, path=str(tmp_path / "o.png"), format="png")])
        assert reg.verify_audit().ok


def test_held_a_draft_half_signed_by_a_withdrawn_passkey_never_becomes_a_grant(tmp_path):
    """Attack (a pending draft that completes later): Maya has an agent; an interceptor opened
    Maya's own link first and signed (binding his passkey); the agent has not signed yet. An
    operator withdraws the interceptor's passkey; then the agent signs. Held: the draft cannot
    complete (the grant's import refuses a signature by a key no longer on record), nothing is
    issued, and the log still verifies."""
    from consent.errors import ConsentError

    with talent_world(tmp_path) as (reg, ops, drafts, client):
        ops.add_subject("maya", "Maya Torres", representative_name="Sam Reyes", representative_role="agent")
        view, links = drafts.create(fields("maya"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        passkey_sign(drafts, by["self"], SoftAuthenticator())
        (pk,) = drafts.passkeys("maya", "self")
        drafts.withdraw_passkey("maya", pk.key_id, by="cli:olive", reason="her link reached the wrong person")
        with pytest.raises(ConsentError):
            passkey_sign(drafts, by["agent"], SoftAuthenticator())
        assert not _exists(ops, view.id) and drafts.get(view.id).status == "pending"
        assert reg.verify_audit().ok


def test_held_a_database_edit_that_puts_a_withdrawn_key_back_fails_closed(tmp_path):
    """Attack (database editor): after the interceptor's passkey was disputed and withdrawn, the
    editor puts it back: its id into Jane's ``key_ids`` and its row into ``passkeys``, as they
    were. Held: the decision over her fails closed (the subject no longer agrees with the signed
    log's replay, which took the key off), and ``audit verify`` names the difference."""
    import json
    import sqlite3

    from consent.integrity import IntegrityFailure

    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        _v, links = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, SoftAuthenticator())
        db = sqlite3.connect(tmp_path / "c.db")
        row = db.execute("SELECT * FROM passkeys WHERE subject_id = 'jane'").fetchone()
        cols = [c[1] for c in db.execute("PRAGMA table_info(passkeys)")]
        kid = row[cols.index("key_id")]
        _v2, links2 = drafts.create(fields("jane", project="Red (2027)"), created_by="cli:olive")
        client.post(f"/s/{links2[0].token}/decline", data={"disputed": "yes"})
        assert drafts.passkeys("jane") == [] and reg.verify_audit().ok
        db.execute(f"INSERT INTO passkeys ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", row)
        db.execute("UPDATE subjects SET key_ids = ? WHERE id = 'jane'", (json.dumps([kid]),))
        db.commit()
        db.close()
        with pytest.raises(IntegrityFailure):
            decision(reg, "jane", "aa" * 32)
        assert not reg.verify_audit().ok


def test_held_a_dispute_on_a_minors_own_link_leaves_her_guardians_passkey_and_others(tmp_path):
    """Attack (someone holding a link): Leo, a minor, holds his own signing link and ticks "I never
    created a passkey here", hoping to withdraw his guardian's passkey too (the one that approves
    his uses), or another person's. Held: only the passkey bound for the link's own subject and
    role is withdrawn; the guardian's and Jane's stay, and the log verifies."""
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        ops.add_subject("leo", "Leo Park", minor=True, representative_name="Dana Park", representative_role="guardian")
        _v, links = drafts.create(fields("leo"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        passkey_sign(drafts, by["guardian"], SoftAuthenticator())
        passkey_sign(drafts, by["self"], SoftAuthenticator())
        _vj, lj = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, lj[0].token, SoftAuthenticator())
        (guardian,) = drafts.passkeys("leo", "guardian")
        (janes,) = drafts.passkeys("jane")
        _v2, links2 = drafts.create(fields("leo", project="Red (2027)"), created_by="cli:olive")
        leo_self = next(ln.token for ln in links2 if ln.role == "self")
        r = client.post(f"/s/{leo_self}/decline", data={"disputed": "yes"})
        assert r.status_code == 200
        assert drafts.passkeys("leo", "self") == []
        assert drafts.passkeys("leo", "guardian") == [guardian] and reg.get_subject("leo").representative.key_id == guardian.key_id
        assert drafts.passkeys("jane") == [janes] and janes.key_id in reg.get_subject("jane").key_ids
        assert reg.verify_audit().ok


def test_held_an_old_dispute_entry_without_withdrawn_replays_to_the_same_tables(tmp_path):
    """Attack (an upgraded studio): a ``passkey_disputed`` entry written before session 67 names the
    passkey under ``passkeys`` only (no ``withdrawn``) and the tables kept the key. Held: the
    replay takes nothing off, so the log and the tables agree (``audit verify`` OK, no integrity
    failure when reading her), the key never binds again and opens no page of hers."""
    with talent_world(tmp_path, ("jane", "Jane Doe")) as (reg, ops, drafts, client):
        _v, links = drafts.create(fields("jane"), created_by="cli:olive")
        passkey_sign(drafts, links[0].token, SoftAuthenticator())
        (pk,) = drafts.passkeys("jane")
        with reg._write() as conn:  # as the session 66 code wrote it
            reg._audit(conn, "passkey_disputed", {"subject_id": "jane", "role": "self", "draft_id": _v.id,
                                                  "passkeys": [pk.key_id]})
        reg.close()
        from consent.audit import AuditKeys
        from consent.registry import Registry

        fresh = Registry(f"sqlite:///{tmp_path / 'c.db'}", audit_keys=AuditKeys.load_or_create(tmp_path / "keys"))
        try:
            assert fresh.verify_audit().ok
            assert pk.key_id in fresh.get_subject("jane").key_ids
            from consent.drafts import Drafts
            from consent.operations import Operations

            d = Drafts(Operations(fresh))
            assert d.retired(pk.key_id) and d.session_refusal("jane", "self", pk.key_id) is not None
        finally:
            fresh.close()
