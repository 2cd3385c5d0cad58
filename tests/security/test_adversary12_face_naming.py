"""Adversary 12: a creator confirms who a face is by naming a guess.

``consent.policy.creator_findings`` hides who a registered person is when the request reached
them **only by their face** (``Decision.recognised``): the creator reads "face 1 in the source is
a registered person who has not consented". But a subject the request *names* (prompt,
declaration) is never "recognised", so naming the right person makes that face finding vanish:
the face is now accounted for by the named subject. Naming a wrong guess leaves it in place.

A creator with a stranger's photo therefore asks "Check consent" once per guessed name (a famous
person's name, a colleague's): the one guess whose answer drops "face 1 … registered person" is
who the face is. Check consent runs no model; each try costs one audited decision.

FAIL (privacy): what a creator reads about a face in their upload must not depend on whether a
name they typed is that face's person: with either guess, the face is reported alike.
"""

from __future__ import annotations

import pytest

from studio_world import astronaut, grace_hopper, png_bytes


def _face_lines(world, prompt: str, named: str) -> list[str]:
    request = world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)), prompt=prompt)
    decision = world.studio().check(request)
    assert not decision.allowed
    # what a creator reads (job error, decision view, Check consent): everything but the line of
    # the name they typed (which echoes that name, as for a name of nobody registered)
    return sorted(r for r in decision.creator_reasons() if named not in r and not r.startswith("prompt chars "))


def test_naming_a_guess_does_not_tell_whether_the_face_is_theirs(stub_world):
    stub_world.add_person("eileen", "Eileen Collins", photo=astronaut())
    stub_world.add_person("grace", "Grace Hopper", photo=grace_hopper())
    # neither has a grant: the creator is entitled to learn nothing about the face in the photo
    wrong = _face_lines(stub_world, "Grace Hopper, a portrait in a garden", "grace")
    right = _face_lines(stub_world, "Eileen Collins, a portrait in a garden", "eileen")
    assert any("registered person" in r for r in wrong)  # the face is reported (set-up)
    assert right == wrong, (right, wrong)
