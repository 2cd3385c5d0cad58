"""Slovak's possessive adjective of a man's name, "-ov" (session 60; left by round 44).

Czech writes "Trumpův kabát", Slovak "Trumpov kabát": before this change the Slovak form of a
famous name passed the prompt check ("Trumpov kabát vo vetre", "Obamov prejav", "Messiov gól"), and
an exception or alias written so needed no confirmation. Russian surnames end in "-ov" too
("Ivanov", "Kasparov", "Romanov"): a word is read so only when it is no word of a language's list
and what is left is a famous name, so they and the genitive plurals of Slovak nouns ("stromov",
"domov") stay as they were."""

from __future__ import annotations

import pytest

from consent.names import NameMatcher, famous_person_in_name


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Trumpov kabát vo vetre",
    "Obamov prejav v Berlíne",
    "Messiov gól v zápase",
    "Putinov úsmev na tribúne",
])
def test_a_famous_mans_slovak_possessive_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Domov na vidieku pri jazere",
    "Ivanov dom v horách",
    "mapa stromov v parku",
    "Romanov palác v Petrohrade",
])
def test_russian_surnames_and_slovak_plurals_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize(("name", "person"), [("Trumpov", "Trump"), ("Obamov", "Obama")])
def test_the_operator_check_reads_the_possessive_as_the_person(matcher, name, person):
    assert person in (famous_person_in_name(name, matcher) or ""), name


@pytest.mark.parametrize("prompt", ["Žižkov, televizní věž v noci", "Žižkov ve večerním světle"])
def test_a_district_named_after_a_person_passes(matcher, prompt):
    """"-ov" is a possessive only right before its noun: Žižkov is a Prague district (after Jan Žižka)."""
    assert not matcher.find(prompt), prompt
