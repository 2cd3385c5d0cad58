"""Adversary 11: a persona enrolled from an output that carries a real person's likeness.

A fictional persona needs no grant, so ``creator.personas.persona_photo_checker`` accepts as
a persona's photo only a studio output (Trusted, ``trainedAlgorithmicMedia``, recorded, OK) or
another trusted generator's; ``Operations._refuse_real_lookalikes`` then refuses a face that
matches an enrolled real person's *templates*. Neither looks at the output's signed consent
assertion, which says that the picture was made under a real person's grant.

FAIL-OPEN (likeness laundering): a registered person who is known by name (or by adapter) and
has no face templates — the common case for a grant that covers prompts naming her — gets an
output made under her grant; an operator (or a creator who asks one) enrolls that output as
persona "nova". Her face is now a persona's: any later edit of a real photo of her matches
"nova" and needs no grant at all, also after her grant is revoked.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentDenied, RecordInvalid
from studio_world import StubEngine, astronaut, png_bytes


def _her_output(world, monkeypatch):
    """Eileen (registered, no photo enrolled) and a text-to-image output of her face under her grant."""
    world.pin_watermark(monkeypatch, 0)  # key 0, a fixed payload (studio_world.World.pin_watermark)
    world.add_person("eileen", "Eileen Collins")
    world.issue_grant("eileen", "g-eileen-1", operations=["likeness_generation"])
    made = world.studio(StubEngine(images=[astronaut()])).generate(
        world.request(subjects=("eileen",), width=512, height=512, prompt="Eileen Collins in a flight suit"))
    assert [g.grant_id for g in made.decision.grants_used] == ["g-eileen-1"]
    world.ops.add_subject("nova", "Nova Vale", kind="fictional_persona")
    return made.outputs[0]


def test_an_output_made_under_a_real_persons_grant_is_not_a_persona(stub_world, monkeypatch):
    out = _her_output(stub_world, monkeypatch)
    with pytest.raises(RecordInvalid, match="names a real person's grant"):
        stub_world.ops.enroll("nova", [out.path])
    assert stub_world.registry.template_counts().get("nova", 0) == 0


def test_her_real_photo_needs_her_consent_after_the_persona_attempt(stub_world, monkeypatch):
    out = _her_output(stub_world, monkeypatch)
    try:
        stub_world.ops.enroll("nova", [out.path])
    except RecordInvalid:
        pass  # refused: the fail-closed way
    stub_world.ops.revoke_grant("g-eileen-1", "she withdrew", "legal desk")
    request = stub_world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)), prompt="on a beach")
    with pytest.raises(ConsentDenied):
        stub_world.studio(StubEngine(images=[astronaut(256)])).generate(request)
