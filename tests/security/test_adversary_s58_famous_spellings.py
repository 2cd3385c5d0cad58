"""Red team s58: a name exception one letter away from a known real person's name exempts that
person with no confirmation.

``Operations.allow_name`` (and approving a creator's exception request) asks for ``famous_ok`` only
when :func:`consent.names.famous_person_in_name` reads the name as a known person. The exception
itself is matched in prompts with the matcher's typo tolerance (``_exception_spans`` uses
``word_sets(toks, self._typo_ok)``), so an exception spelt one letter off — a common misspelling
("Rhianna", "Scarlet Johansson") or a plural ("Van Goghs", "Obamas": the paintings, the family) —
is recorded with no ``--famous``, no warning and no ``famous_person`` in its audit entry, and then
every prompt naming the real person correctly passes the name check with no grant.
"""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid

CASES = [
    # (exception as typed, the famous person it then exempts)
    ("Rhianna", "Rihanna"),
    ("Scarlet Johansson", "Scarlett Johansson"),
    ("Van Goghs", "Van Gogh"),
    ("Obamas", "Obama"),
    ("Monets", "Monet"),  # the paintings
    ("Warhols", "Warhol"),
]


def _denied(world, prompt: str) -> bool:
    return not world.studio().check(world.request(prompt=prompt)).allowed


@pytest.mark.parametrize("exception,person", CASES)
def test_a_misspelt_famous_name_exception_needs_the_operators_word(stub_world, exception, person):
    w = stub_world
    prompt = f"portrait of {person} on stage"
    assert _denied(w, prompt)  # a known real person without a grant
    # the matcher itself: the misspelt exception covers the real spelling
    # (before the fix the matcher itself exempted it; since session 58 it does not: the outcome below is what counts)
    try:
        w.ops.allow_name(exception, "a style, not the person", "cli:olive")  # no famous_ok
    except RecordInvalid as e:
        assert "known real person" in str(e)  # the safe outcome: confirmation asked for
        return
    # recorded with no confirmation: then at least the real person must stay denied
    assert _denied(w, prompt), (f"exception {exception!r} was recorded without famous_ok and now exempts "
                                f"{person!r} in every prompt")


def test_approving_a_creators_misspelt_request_exempts_the_real_person(stub_world):
    """A creator asks for "Rhianna" (the usual misspelling); the operator approves with the famous
    box unticked (the detail page shows no warning): "portrait of Rihanna" then passes."""
    w = stub_world
    rq = w.ops.file_request("exception", "ui:carl", "Rhianna", "a font called Rhianna")
    try:
        w.ops.answer_request(rq.id, True, "ok", "ui:olive")  # famous_ok left False
    except RecordInvalid:
        return
    assert _denied(w, "portrait of Rihanna on stage"), "approved with no famous box; Rihanna is now exempted"


@pytest.mark.parametrize("confirmed,other", [
    ("John Terry", "John Kerry"),  # a footballer's name exempted on the operator's word: a politician too
    ("Manet", "Mamet"),  # a painter named for a style: a living playwright too
    ("Bellini", "Fellini"),
])
def test_confirming_one_famous_name_does_not_exempt_another_person_unnamed(stub_world, confirmed, other):
    """The exception's typo tolerance also exempts a different known person one letter away: the
    refusal names that person too, so the operator's confirmation covers everyone it exempts, and
    the audit entry names them all (fix: ``famous_people_covered``)."""
    w = stub_world
    prompt = f"portrait of {other}"
    assert _denied(w, prompt)
    with pytest.raises(RecordInvalid, match=other):
        w.ops.allow_name(confirmed, "named for a style", "cli:olive")
    w.ops.allow_name(confirmed, "named for a style", "cli:olive", famous_ok=True)
    (added,) = [e for e in w.audit("name_exception_added")]
    assert other in str(added.payload.get("famous_person")), "the audit log does not name everyone exempted"
