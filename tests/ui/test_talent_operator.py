"""The operator's side of the talent page in the studio UI: drafting (no private key), links + QR
codes per signer, signing status; creators are refused."""

from __future__ import annotations

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
    assert "data-draft-status='pending'" in table and "guardian: pending; self: pending" in table
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
    assert drafts_html(Drafts(handlers.ops)) == "<p>No grant drafts yet.</p>"
