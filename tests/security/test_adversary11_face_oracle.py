"""Adversary 11: "Check consent" names the registered person whose face is in any uploaded photo.

A creator uploads a photo of a stranger as an img2img source, declares nobody and names nobody,
and asks "Check consent". The studio finds the face, matches it against every enrolled person
and denies — and the decision view (``StudioApp._decision_view`` → ``render.decision_markdown``,
the same view a denied Generate shows) says *who* it is: the subject's id (``“eileen”``), and
why she is not usable: "has asked never to be generated" for a person who opted out, "has not
given consent for this (no grant)" for one without a grant, the grant id and its grantee for one
whose grant does not cover this. Creators may not list the registry's people
(docs/ARCHITECTURE.md, threat model), yet this is a face-recognition service over all of them,
opted-out people included (who may have enrolled precisely to be protected).

FAIL-OPEN (privacy): the denial should say that face N in the source is a registered person who
has not consented to this (and box it), without the person's id, name, opt-out or grants — an
operator can see who it is.
"""

from __future__ import annotations

import pytest

from creator.ui.handlers import StudioApp
from studio_world import astronaut, png_bytes


def _checked_view(world, setup):
    world.add_person("eileen", "Eileen Collins", photo=astronaut())
    setup(world)
    request = world.request(engine="diffusion", mode="img2img", source=png_bytes(astronaut(256)),
                            prompt="a portrait in a garden")
    decision = world.studio().check(request)
    assert not decision.allowed and "eileen" in decision.subjects  # the face was recognised (the set-up)
    return StudioApp._decision_view(decision, request)


_CASES = {
    "opted_out": (lambda w: w.ops.set_opt_out("eileen", True), "asked never"),
    "no_grant": (lambda w: None, "no grant"),
    "other_grantee": (lambda w: w.issue_grant("eileen", "g-eileen-1", grantee="Another Studio"), "g-eileen-1"),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_check_consent_does_not_identify_a_face_to_a_creator(stub_world, case):
    setup, detail = _CASES[case]
    view = _checked_view(stub_world, setup)
    assert "denied" in view.lower() or "not allowed" in view.lower()
    for secret in ("eileen", "Eileen", detail):
        assert secret not in view, secret
