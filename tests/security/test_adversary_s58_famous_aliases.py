"""Red team s58: a registered person's name or alias one letter off a known real person's name is
accepted with no ``famous_namesake`` confirmation, and then that famous person is read as her.

``Operations.add_subject`` / ``update_subject`` refuse a famous person's name (unless the operator
confirms ``famous_namesake``) using :func:`consent.names.famous_person_in_name`, which does not
read "Rhianna" or "Scarlet Johansson" as anyone. The matcher finds registered names with typo
tolerance, so the alias "Rhianna" matches "Rihanna" in a prompt: the prompt is read as the
registered person, and her grant lets a creator generate "portrait of Rihanna" — even without
naming her among the request's subjects. Same gap as the name exceptions
(test_adversary_s58_famous_spellings.py), on the path that grants likeness rather than exempting.
"""

from __future__ import annotations

import pytest

from consent.errors import RecordInvalid

CASES = [("Rhianna", "Rihanna"), ("Scarlet Johansson", "Scarlett Johansson"), ("Obamas", "Obama")]


def _allowed(w, prompt: str, subjects=()) -> bool:
    return w.studio().check(w.request(prompt=prompt, subjects=subjects)).allowed


@pytest.mark.parametrize("alias,famous", CASES)
def test_an_alias_one_letter_off_a_famous_name_needs_the_namesake_word(stub_world, alias, famous):
    w = stub_world
    w.add_person("tess", "Tess Smith")
    w.issue_grant("tess", "g-tess")
    prompt = f"portrait of {famous} at the harbour"
    assert not _allowed(w, prompt, ("tess",))  # Tess's grant does not cover a famous stranger
    try:
        w.ops.update_subject("tess", aliases=[alias])  # no famous_namesake
    except RecordInvalid:
        return  # the safe outcome: the operator is asked to confirm
    assert not _allowed(w, prompt), (f"alias {alias!r} was accepted unconfirmed and {famous!r} in a prompt is now "
                                     "generated under Tess's grant")


def test_registering_a_person_by_a_misspelt_famous_name_needs_the_namesake_word(stub_world):
    w = stub_world
    with pytest.raises(RecordInvalid, match="one letter from a known real person's name"):
        w.add_person("scar", "Scarlet Johansson")  # no famous_namesake: refused (was accepted, then licensed her)
    assert not w.registry.list_subjects()
    w.ops.add_subject("scar", "Scarlet Johansson", famous_namesake=True)  # the operator's word: a namesake
    assert w.registry.get_subject("scar").display_name == "Scarlet Johansson"
