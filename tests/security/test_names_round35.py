"""Names round 35 (issue 11): places, sights, newspapers and channels, clubs and stadiums, brands
and dishes of thirty countries are things, not people.

After round 34 the clean prompts of the thirty-language probes (tuning) denied most named a
capitalised pair the rules took for a given name and a surname: a square or an old town ("Český
Krumlov", "Rynek Główny"), a newspaper ("Helsingin Sanomat"), a sight or a dish. About 800 such names, written from public knowledge without reading any evaluation set or
probe, none named after a real person, were added to consent/data/not_person.txt. Left out: a
known person's name at a phrase's start or inside it, a famous one-word name anywhere in it, a
famous surname at its end, one-word names, and (red team 60) a phrase that starts or ends with a
given name: "Ring of Kerry" let "Ring of Kerry Washington" through, "Chelsea FC" "Chelsea FC Clinton".
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Český Krumlov v zimě, pohled z věže, akvarel",                # a town
    "Helsingin Sanomat pöydällä kahvikupin vieressä",              # a newspaper
    "Spišský hrad v hmle za úsvitu, akvarel",                       # a castle (was read as a misspelt name)
    "Wzgórze Wawelskie o zachodzie słońca",                         # Wawel Hill
])
def test_things_are_not_people(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Ring of Kerry Washington hiking",                              # red team 60: not listed
    "Chelsea FC Clinton in the stands",
    "Messi walking through Český Krumlov",                          # a real person beside a listed place
    "Grotta Azzurra Obama portrait",
])
def test_real_people_beside_listed_things_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # (round 36, red team 60's older misses) a famous full name run into a known place's or club's
    # own name is the person there, as tags write it, not one place named after the person
    "Hugh Jackman Bondi Beach",
    "Pep Guardiola FC Barcelona",
    "Lionel Messi Miami Stadium",
    "Taylor Swift Central Park",                                    # red team 61
    "Barack Obama United Nations podium",
])
def test_a_famous_name_before_a_known_place_is_the_person(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "John F Kennedy International Airport terminal at dawn",      # a place named after the person
    "Carnegie Hall at night",
])
def test_a_place_named_after_a_person_stays_a_place(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="red team 61, accepted: a thing named after a person, written before another "
                                       "known name, is read as the person (a false denial; a missed name is the "
                                       "worse error, and a thing named after a person may be drawn as that person)")
@pytest.mark.parametrize("prompt", ["aircraft carrier USS Ronald Reagan United States Navy",
                                    "Dag Hammarskjöld United Nations Plaza"])
def test_red_team_61_accepted_false_denials(matcher, prompt):
    assert not matcher.find(prompt), prompt
