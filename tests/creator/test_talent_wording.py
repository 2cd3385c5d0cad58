"""The signing page speaks to whoever signs: a person's agent, guardian or estate is asked about
the person's likeness, not "your likeness" (walkthrough as a rights operator, session 65)."""

from __future__ import annotations

from types import SimpleNamespace

from consent.records import ConsentGrant
from creator.talent.pages import signing_page


def _page(stub_world, role: str, signer: str) -> str:
    grant = ConsentGrant.model_validate(stub_world.grant_fields("ines", "g-1"))
    ctx = SimpleNamespace(draft=SimpleNamespace(grant=grant, signers=()), role=role, subject=SimpleNamespace(display_name="Ines Okafor", kind=None),
                          signer_name=signer, passkeys=(), presence_required=False, presence=None)
    return signing_page(ctx, "tok")


def test_an_agent_is_asked_about_the_persons_likeness(stub_world):
    page = _page(stub_world, "agent", "Paula Brandt")
    assert "Paula Brandt, do you agree to this use of Ines Okafor’s likeness?" in page
    assert "Who may make images of Ines Okafor" in page and "your likeness" not in page
    assert "make new images that look like Ines Okafor" in page and "look like you" not in page  # (session 66)


def test_the_person_herself_is_asked_about_her_likeness(stub_world):
    page = _page(stub_world, "self", "Ines Okafor")
    assert "Ines Okafor, do you agree to this use of your likeness?" in page and "Who may make images of you" in page
