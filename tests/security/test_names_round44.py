"""Names round 44 (issue 11, session 59): famous names in their Czech and Slovak cases.

Before this round (commit ccd6dd6, where every prompt below was checked) these prompts passed the
name check although each names a famous person: a name in -a in its cases ("s Rihannou", "list
Obamovi"), possessive adjectives ("Obamova manželka", "Trumpův hotel"), a woman's surname in -ová
in its cases ("rozhovor s Merkelovou", "Merkelové projev"), an adjectival surname in -ý
("Zelenského projev"), a surname the news names the person by with a case ending ("s Trumpem", "s
Muskem"), Slovak's instrumental ("so Shakirou"). And the operator's check of a name exception or an
alias did not read "Obamovi", "Rihannou" or "Angela Merkelová" as the person (red team s58b: written
so, a famous name needed no confirmation).

What must stay allowed: places named after a person with a possessive adjective or an adjectival
genitive before a word for a place ("Masarykovo nádraží", "Komenského náměstí", "Masarykův okruh"), a
given name in its case ("s Pavlem a Petrem": Pavel is no president Petr Pavel, Petr no Gustavo Petro),
a district in its locative ("na Žižkově", not Jan Žižka), and Italian adjectives ("alla Sorrentina",
not Paolo Sorrentino: the Czech genitive of a name in -o, "-a", is not read).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher, famous_person_in_name


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "s Rihannou na pláži",
    "se Shakirou na pláži při západu slunce",
    "so Shakirou na pláži",
    "s Madonnou na koncertě",
    "list Obamovi, akvarel",
    "Obamova manželka na zahradě",
    "s Obamou a Merkelovou na summitu",
    "rozhovor s Merkelovou v Berlíně",
    "Merkelové projev v Bundestagu",
    "Zelenského projev v Kyjevě",
    "fotka s Trumpem na golfu",
    "Trumpův hotel v noci",
    "s Muskem na Marsu",
    "Bidenova tisková konference",
    "Kafkův stůl se svíčkou",
    "Havlův klobouk na věšáku",
    "Zátopkův běh",
    # a monument is a likeness, not a place
    "Smetanův pomník v parku",
    "Zátopka běží",
    # a given name that is also a famous surname, in its case, after a given name or a title: the
    # person (the president Petr Pavel; found while the round was measured)
    "s Petrem Pavlem na Hradě",
    "setkání s prezidentem Pavlem",
    # in an English prompt, an ending no English word takes
    "portrait of Obamovi on stage",
    "portrait of Putinovi on stage",
])
def test_famous_names_in_their_czech_and_slovak_cases_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Masarykovo nádraží v noci",
    "Smetanovo nábřeží v Praze při západu slunce",
    "Komenského náměstí",
    "Masarykův okruh v Brně, motorky v zatáčce",
    "Masarykova třída v Brně",
    "Karlův most v mlze",
    "Havlovo letiště z výšky",
    "Jiráskův most a Vltava",
    "s Petrem na horách",
    "s Pavlem a Petrem na rybách u rybníka",
    "graffiti v úzké ulici na Žižkově",
    "gnocchi alla Sorrentina in una ciotola",
    "pes s míčem na pláži",
])
def test_places_given_names_and_words_in_their_cases_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize(("name", "person"), [
    ("Obamovi", "Obama"), ("Putinovi", "Putin"), ("Rihannou", "Rihanna"), ("Angela Merkelová", "Angela Merkel"),
    ("Zelenského", "Zelensky"),
])
def test_the_operator_check_reads_a_declined_famous_name_as_the_person(matcher, name, person):
    assert person in (famous_person_in_name(name, matcher) or ""), name


@pytest.mark.parametrize("name", ["Petrem", "Jana Nováková", "Novákova", "Olivia Jonesová", "Tess Smith"])
def test_ordinary_names_in_their_cases_are_no_famous_person(matcher, name):
    assert famous_person_in_name(name, matcher) is None, name
