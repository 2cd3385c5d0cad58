"""Attacks on the rules that read a name as a thing, a team, a ship or another language's
word (round 3): words added around a famous person's name to pass it off as a dish, a
product, a ship, a family member, text on a mug or a Spanish sentence. Each prompt must
still be denied; the last group are what the rules are for and must pass."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param("Barack Obama dog", id="famous-full-name-then-animal"),
        pytest.param("Obama dog on a lawn", id="famous-one-name-then-common-animal"),
        pytest.param("Taylor Swift salad", id="famous-full-name-then-dish"),
        pytest.param("Taylor Swift guitar", id="famous-full-name-then-product"),
        pytest.param("King Charles dog", id="title-then-common-animal"),
        pytest.param("HMS Barack Obama", id="ship-prefix-before-famous-name"),
        pytest.param("the Barack Obama docked in a harbor", id="ship-words-around-famous-name"),
        pytest.param("Emma Watson 2", id="number-after-famous-name"),
        pytest.param("taylor swift en la playa de noche", id="spanish-filler-lower-case"),
        pytest.param("Emma Watson dans le jardin", id="french-filler"),
        pytest.param("barack obama bir kedi ile", id="turkish-filler"),
        pytest.param("Grandpa Barack Obama", id="kinship-word-before-famous-name"),
        pytest.param("a mug that says Taylor Swift", id="written-famous-name"),
        pytest.param("Taylor🎤Swift on stage", id="emoji-between-parts"),
        pytest.param("Obama's speech at the podium", id="possessive-and-speech"),
        pytest.param("the Obamas at dinner", id="family-plural"),
        pytest.param("the founder of Microsoft", id="description-founder"),
    ],
)
def test_famous_person_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), f"{prompt!r} passed as naming nobody"


@dataclass
class _Subject:
    id: str
    display_name: str
    aliases: list[str] = field(default_factory=list)


@pytest.mark.parametrize("prompt", ["HMS Jane Roe at sea", "Jane Roe salad", "Una foto de jane roe en la playa",
                                    "a mug that says Jane Roe"])
def test_registered_name_is_found_whatever_words_surround_it(prompt):
    found = NameMatcher([_Subject("s1", "Jane Roe")]).find(prompt)
    assert [lk.subject_id for lk in found] == ["s1"]


@pytest.mark.parametrize(
    "prompt",
    ["Caesar salad with croutons", "King Charles spaniel on a couch", "HMS Victory in dry dock",
     "Un perro corriendo en la playa al atardecer", "Charlotte Hornets game", "Grant's Tomb in winter",
     "a cake that says Happy Birthday Emma"],
)
def test_things_named_after_people_pass(matcher, prompt):
    assert not matcher.find(prompt), f"{prompt!r} denied: {matcher.find(prompt)}"


@pytest.mark.parametrize("prompt", ["a man named Barack Obama giving a speech", "a dog called Taylor Swift"])
def test_named_does_not_hide_a_famous_full_name(matcher, prompt):
    assert matcher.find(prompt)


def test_a_registered_first_name_alias_is_found_alone():
    found = NameMatcher([_Subject("s1", "Jane Roe", ["Jane"])]).find("Jane smiling at the camera")
    assert [lk.subject_id for lk in found] == ["s1"]
