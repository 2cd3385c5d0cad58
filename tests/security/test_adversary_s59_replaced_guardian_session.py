"""Red team s59: a replaced guardian's passkey still signs in on the person's page (/talent/me)
and approves each use of the new guardian's grant.

``Operations.update_subject(representative_*)`` moves custody of a minor from Mo to Ann. Session 58
made a replaced representative's passkey count for nothing when a passkey is enrolled
(``Drafts._subject_passkeys``), and the trust rules refuse grants Mo signed. But the sign-in of
/talent/me (``/api/signin``: ``Drafts.passkey(credential_id)``, any row of the passkeys table) opens
a session for (tim, guardian) with Mo's old passkey, and ``/me/approvals/{id}/approve`` only asks
that the session's role be the grant's ``signer_role`` (guardian): Mo approves a use that Ann's
grant (``approve_each_use``) says *Ann* must approve, and the studio then allows it. Mo also reads
the minor's ledger and can revoke Ann's grants.

Expected: a representative's passkey signs in (and decides) only while its key is the
representative key on record — Mo's sign-in is refused (or her session decides nothing) once she
is replaced; the use stays pending and is not allowed.
"""

from __future__ import annotations

from datetime import timedelta

from talent_me_support import ORIGIN, T0, csrf_of, decision, fields, talent_world

from consent.approvals import Approvals
from consent.signing import generate_key


def test_a_replaced_guardians_passkey_cannot_approve_a_use_of_the_new_guardians_grant(tmp_path):
    from webauthn_support import SoftAuthenticator, passkey_sign

    with talent_world(tmp_path) as (reg, ops, drafts, client):
        ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mo Lee", representative_role="guardian")
        # Mo signs a first grant on the talent page: her passkey is bound as tim's guardian key
        mo = SoftAuthenticator()
        _, links = drafts.create(fields("tim"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        passkey_sign(drafts, by["guardian"], mo)
        passkey_sign(drafts, by["self"], SoftAuthenticator())
        # custody moves to Ann, who signs a grant whose every use waits for her approval
        ann = generate_key()
        ops.update_subject("tim", representative_name="Ann Lee", representative_role="guardian",
                           representative_key=ann.public_key())
        terms = fields("tim", id="g-ann", signer_role="guardian", approve_each_use=True, valid_from=T0 - timedelta(days=1))
        ops.issue_grant(terms, [ann])
        reg.record_decision(decision(reg, "tim", "aa" * 32))  # a creator's request waits for the guardian
        (ap,) = Approvals(reg).list(status="pending")
        assert ap.grant_id == "g-ann"
        # Mo signs in with her old passkey and approves
        o = client.post("/api/signin/options", json={}).json()
        signed_in = client.post("/api/signin", json=mo.get(o["challenge"], ORIGIN)).status_code == 200
        if signed_in:
            page = client.get("/me").text
            if 'name="csrf"' in page:
                client.post(f"/me/approvals/{ap.id}/approve", data={"csrf": csrf_of(page)}, follow_redirects=False)
        assert Approvals(reg).get(ap.id).status == "pending", \
            "the replaced guardian's passkey approved a use of the new guardian's grant"
        assert not decision(reg, "tim", "aa" * 32).allowed
        assert not signed_in, "a replaced guardian's passkey still signs in to the minor's page (ledger, revocation)"


def test_a_minor_turned_adult_her_former_guardian_no_longer_opens_her_page(tmp_path):
    """Marking a minor an adult (``update_subject(minor=False)``, "no" on the Edit subject form,
    ``--not-minor``) keeps her guardian on record — there is no way to remove a representative — and
    her guardian's passkey still signs in as (kim, guardian) on /talent/me: the former guardian reads
    the adult's usage ledger (who used her likeness, for what; the pictures when the grant allows
    them) and can withdraw the grants she signed herself. Session 58 already made the guardian's
    word count for nothing for an adult (``subject_rule_violations``).
    Expected: a guardian's passkey opens the page of a minor only (or marking her an adult ends the
    guardianship); the ledger of the adult's own grant is not served to her former guardian."""
    from webauthn_support import SoftAuthenticator, passkey_sign

    with talent_world(tmp_path) as (reg, ops, drafts, client):
        ops.add_subject("kim", "Kim Lee", minor=True, representative_name="Mo Lee", representative_role="guardian")
        mo, kim = SoftAuthenticator(), SoftAuthenticator()
        _, links = drafts.create(fields("kim", id="g-minor"), created_by="cli:olive")
        by = {ln.role: ln.token for ln in links}
        passkey_sign(drafts, by["guardian"], mo)
        passkey_sign(drafts, by["self"], kim)
        ops.update_subject("kim", minor=False)  # she turned 18
        view, links = drafts.create(fields("kim"), created_by="cli:olive")  # her own grant, her own signature
        assert [ln.role for ln in links] == ["self"]
        passkey_sign(drafts, links[0].token, kim)
        o = client.post("/api/signin/options", json={}).json()
        signed_in = client.post("/api/signin", json=mo.get(o["challenge"], ORIGIN)).status_code == 200
        ledger = client.get(f"/me/grants/{view.id}/ledger.json") if signed_in else None
        assert ledger is None or ledger.status_code != 200, \
            "the former guardian of an adult downloads the usage ledger of the grant the adult signed herself"
