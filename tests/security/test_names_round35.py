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
