"""The operator's side of the talent page in the studio UI: drafting (no private key), links + QR
codes per signer, signing status; creators are refused."""

from __future__ import annotations

import re

import pytest

from creator.talent.operator import DraftForm, draft_grant, drafts_html
from consent.drafts import Drafts


def _form(subject: str, evidence, **over) -> DraftForm:
    return DraftForm(**{"subject_id": subject, "grantee": "ACME Films", "project": "Blue (2026)",
                        "description": "Reshoot of scene 12: the character at the harbour, daylight",
                        "purposes": ["film_reshoot"], "operations": ["likeness_generation"], "media": ["still_image"],
                        "territories": "US", "valid_until": "2027-01-01", "usage_cap": 5,
                        "evidence_file": str(evidence), **over})


def test_operator_drafts_and_gets_one_link_and_qr_per_signer(handlers, as_operator, evidence_file, monkeypatch):
    monkeypatch.setenv("CONSENT_STUDIO_TALENT_ORIGIN", "https://studio.example")
    handlers.ops.add_subject("tim", "Tim Doe", minor=True, representative_name="Mary Doe", representative_role="guardian")
    msg, links, table = draft_grant(handlers, _form("tim", evidence_file), as_operator)
    assert "waiting for guardian, self" in msg
    assert links.count("https://studio.example/talent/s/") == 4  # two links, each as text and as href
    assert links.count("<svg") == 2 and 'data-role="guardian"' not in links and "data-role='guardian'" in links
    assert "data-draft-status='pending'" in table
    assert re.search(r"guardian: pending, link until \d{4}-\d\d-\d\d \d\d:\d\d UTC; self: pending, link until ", table)
    view = Drafts(handlers.ops).list()[0]
    assert view.created_by == "ui:olive"


def test_a_creator_cannot_draft_a_grant(handlers, as_creator, evidence_file):
    handlers.ops.add_subject("jane", "Jane Doe")
    with pytest.raises(Exception, match="drafting a grant requires the operator role"):
        draft_grant(handlers, _form("jane", evidence_file), as_creator)
    assert Drafts(handlers.ops).list() == []


def test_the_grant_form_has_no_private_key_upload(handlers, users, ui_settings):
    from creator.ui.layout import build_app

    demo = build_app(ui_settings, store=users, handlers=handlers)
    labels = [getattr(b, "label", "") or "" for b in demo.blocks.values()]
    assert not any("key.pem" in lbl or "Key password" in lbl for lbl in labels)
    assert any("Signing links valid for" in lbl for lbl in labels)
    assert drafts_html(Drafts(handlers.ops)).startswith("<p>No grant drafts yet.</p>")
    assert any("Signed grant (JSON)" in lbl for lbl in labels)  # the import form: JSON + signatures, no key


def test_the_draft_carries_the_approve_each_use_and_thumbnail_terms_and_the_camera_policy(
        handlers, as_operator, evidence_file):
    handlers.ops.add_subject("jane", "Jane Doe")
    _, _, table = draft_grant(handlers, _form("jane", evidence_file, approve_each_use=True, ledger_thumbnails=True),
                              as_operator)
    g = Drafts(handlers.ops).list()[0].grant
    assert g.approve_each_use and g.ledger_thumbnails
    assert "none (no face photos enrolled)" in table and "No request is waiting" in table


def test_the_operator_sees_requests_waiting_for_a_persons_approval(handlers, as_operator, evidence_file):
    from datetime import datetime, timedelta, timezone

    from consent.policy import DecisionContext, decide
    from consent.signing import generate_key
    from consent.types import Likeness, LikenessSource
    from creator.talent.operator import import_grant

    key = generate_key()
    handlers.ops.add_subject("jane", "Jane Doe", keys=[key.public_key()])
    signed = handlers.ops.build_grant({
        "subject_id": "jane", "grantee": "ACME Films", "project": "Blue (2026)",
        "description": "Reshoot of scene 12: the character at the harbour, daylight", "purposes": ["film_reshoot"],
        "operations": ["likeness_generation"], "media": ["still_image"], "territories": ["US"],
        "valid_until": "2027-06-01", "approve_each_use": True,
        "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}, [key])
    msg, table = import_grant(handlers, signed.canonical_json().decode(), None, as_operator)
    assert f"Imported grant **{signed.grant.id}**" in msg and "self (" in msg
    reg = handlers.ops.registry
    now = datetime.now(timezone.utc) + timedelta(seconds=1)
    ctx = DecisionContext(project="Blue (2026)", grantee="ACME Films", purpose="film_reshoot", operation="likeness_generation",
                          media="still_image", territory="US", request_digest="ab" * 32)
    reg.record_decision(decide([Likeness(LikenessSource.DECLARED, "jane")], ctx, reg.snapshot(["jane"], now), now))
    html_ = drafts_html(Drafts(handlers.ops))
    assert "id='approval-table'" in html_ and signed.grant.id in html_ and "data-approval='ap-" in html_


def test_importing_needs_the_operator_and_valid_signatures(handlers, as_operator, as_creator):
    from creator.talent.operator import import_grant

    with pytest.raises(Exception, match="importing a grant requires the operator role"):
        import_grant(handlers, "{}", None, as_creator)
    with pytest.raises(Exception, match="signed grant"):
        import_grant(handlers, "  ", None, as_operator)
    with pytest.raises(Exception):
        import_grant(handlers, '{"grant": {}, "signatures": []}', None, as_operator)


def test_confirming_a_passkey_needs_the_operator_and_a_waiting_code(handlers, as_operator, as_creator):
    from creator.talent.operator import confirm_passkey

    handlers.ops.add_subject("jane", "Jane Doe")
    with pytest.raises(Exception, match="confirming a passkey requires the operator role"):
        confirm_passkey(handlers, "jane", "self", "abcd-abcd-abcd-abcd", as_creator)
    with pytest.raises(Exception, match="matches no passkey waiting for confirmation"):
        confirm_passkey(handlers, "jane", "self", "abcd-abcd-abcd-abcd", as_operator)


def test_the_operator_confirms_a_waiting_passkey_and_it_is_bound_and_audited(handlers, as_operator):
    import os

    from webauthn_support import SoftAuthenticator

    from consent.passkeys import b64url, verify_registration
    from creator.talent.app import enrollments

    handlers.ops.add_subject("jane", "Jane Doe")
    auth, challenge = SoftAuthenticator(), os.urandom(32)
    reg = auth.create({"challenge": b64url(challenge), "user": {"id": b64url(b"u1"), "name": "x", "displayName": "x"},
                       "rp": {"id": auth.rp_id, "name": "Consent Studio"}})
    pk = verify_registration(reg, challenge=challenge, rp_id=auth.rp_id, origin=auth.origin)
    code = enrollments(handlers.registry).add(pk, auth.rp_id)
    from creator.talent.operator import confirm_passkey

    msg = confirm_passkey(handlers, "jane", "self", code.upper(), as_operator)
    assert f"Passkey {pk.key_id} is now bound to **jane**" in msg
    assert handlers.registry.get_subject("jane").key_ids == (pk.key_id,)
    assert any(e.kind == "passkey_bound" and e.payload.get("confirmed_by") == "ui:olive"
               for e in handlers.registry.audit_entries())


@pytest.mark.parametrize("host, base", [
    ("127.0.0.1:7860", "http://localhost:7860"),   # what `serve` opens on by default
    ("[::1]:7860", "http://localhost:7860"),
    ("127.0.0.1", "http://localhost"),
    ("studio.example:8443", "http://studio.example:8443"),
    ("192.168.1.20:7860", "http://192.168.1.20:7860"),
])
def test_signing_links_name_a_loopback_address_localhost(monkeypatch, host, base):
    """Passkeys refuse an IP address as the site: a link to http://127.0.0.1:7860 let the signer pass
    the camera check and then failed with "This is an invalid domain" (user audit, 6 December 2026)."""
    from types import SimpleNamespace

    from creator.talent.operator import base_url_of

    monkeypatch.delenv("CONSENT_STUDIO_TALENT_ORIGIN", raising=False)
    assert base_url_of(SimpleNamespace(headers={"host": host})) == base


def test_links_to_an_ip_address_warn_the_operator(handlers, as_operator, evidence_file, monkeypatch):
    monkeypatch.setenv("CONSENT_STUDIO_TALENT_ORIGIN", "http://192.168.1.20:7860")
    handlers.ops.add_subject("tim", "Tim Doe")
    _msg, links, _table = draft_grant(handlers, _form("tim", evidence_file), as_operator)
    assert "These links will not work" in links and "CONSENT_STUDIO_TALENT_ORIGIN" in links
    monkeypatch.setenv("CONSENT_STUDIO_TALENT_ORIGIN", "https://studio.example")
    handlers.ops.add_subject("ann", "Ann Doe")
    _msg, links, _table = draft_grant(handlers, _form("ann", evidence_file), as_operator)
    assert "will not work" not in links


@pytest.mark.parametrize("days", [0, -1, 61])
def test_a_link_lifetime_out_of_range_is_refused_not_read_as_blank(handlers, as_operator, evidence_file, days):
    """(red team of session 57) A link lifetime of 0 days was read as a blank box: 7 days."""
    import gradio as gr

    handlers.ops.add_subject("tim", "Tim Doe")
    with pytest.raises(gr.Error, match=r"“Signing links valid for \(days\)” must be 1 to 60 days"):
        draft_grant(handlers, _form("tim", evidence_file, link_days=days), as_operator)
    assert Drafts(handlers.ops).list() == []


def test_a_usage_cap_of_0_is_none_as_the_field_says(handlers, as_operator, evidence_file):
    handlers.ops.add_subject("tim", "Tim Doe")
    draft_grant(handlers, _form("tim", evidence_file, usage_cap=0), as_operator)
    assert Drafts(handlers.ops).list()[0].grant.usage_cap is None


def test_an_operator_withdraws_a_pending_draft_and_a_creator_cannot(handlers, as_operator, as_creator, evidence_file):
    from consent.drafts import LinkInvalid
    from creator.talent.operator import withdraw_draft

    handlers.ops.add_subject("jane", "Jane Doe")
    _msg, _links, _table = draft_grant(handlers, _form("jane", evidence_file), as_operator)
    d = Drafts(handlers.ops)
    view = d.list()[0]
    with pytest.raises(Exception, match="withdrawing a grant draft requires the operator role"):
        withdraw_draft(handlers, view.id, "a creator trying to withdraw", as_creator)
    msg, table = withdraw_draft(handlers, view.id, "sent to the wrong address", as_operator)
    assert "withdrawn by olive" in msg and "data-draft-status='withdrawn'" in table
    token = _links.split("/talent/s/", 1)[1].split('"', 1)[0].split("<", 1)[0].split("'", 1)[0]
    with pytest.raises(LinkInvalid, match="withdrawn"):
        d.open(token)


def test_an_operator_withdraws_a_passkey_and_a_creator_cannot(handlers, as_operator, as_creator):
    """(session 67) a passkey could only be added: one the wrong person bound stayed on record."""
    from creator.talent.operator import withdraw_passkey
    from webauthn_support import SoftAuthenticator, passkey_sign

    handlers.ops.add_subject("jane", "Jane Doe")
    d = Drafts(handlers.ops)
    view, links = d.create({"subject_id": "jane", "grantee": "ACME Films", "project": "Blue (2026)",
                            "description": "Reshoot of scene 12: the character at the harbour, daylight",
                            "purposes": ["film_reshoot"], "operations": ["likeness_generation"],
                            "media": ["still_image"], "territories": ["US"], "valid_until": "2030-01-01",
                            "evidence": [{"kind": "signed_release", "sha256": "ab" * 32}]}, created_by="ui:olive")
    passkey_sign(d, links[0].token, SoftAuthenticator())
    (pk,) = d.passkeys("jane")
    assert f"self: signed, key {pk.key_id}" in drafts_html(d)  # the id a withdrawal asks for, where it is shown
    with pytest.raises(Exception, match="withdrawing a passkey requires the operator role"):
        withdraw_passkey(handlers, "jane", pk.key_id, "a creator trying to withdraw it", as_creator)
    assert d.passkeys("jane")
    msg = withdraw_passkey(handlers, "jane", pk.key_id, "the link reached the wrong person", as_operator)
    assert f"Passkey {pk.key_id} of **jane** (signed as self) withdrawn by olive" in msg
    assert f"Grants that allow nothing now: {view.id}." in msg and d.passkeys("jane") == []
