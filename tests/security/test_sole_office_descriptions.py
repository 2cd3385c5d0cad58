"""A country's or a body's name before an office that one person holds ("the US president", "the
UK prime minister", "the FBI director", "the U.S. president") describes one real person, as "the
American president" and "the president of the United States" already did; those passed the
check. Found by the lead. A role of many after a place ("the Hollywood star", "the London bus
driver") and a thing after a country ("the US flag") stay allowed.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "the US president at a podium",
    "the U.S. president at a podium",
    "the UK prime minister waving outside the door",
    "the U.K. prime minister waving",
    "the FBI director at a hearing",
    "the UN secretary general speaking",
    "the USA president waving",
])
def test_the_holder_of_a_sole_office_named_by_country_or_body_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the Hollywood star on the walk of fame",
    "the Pleiades star cluster above a snowy mountain ridge",
    "the London bus driver waving",
    "the US flag on a pole",
    "the U.S. Army band marching",
    "a US president in a history book illustration",
])
def test_a_role_of_many_or_a_thing_after_a_country_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- round 19 (red team 41): names of two or three words, seats of power, a firm's boss ----------

@pytest.mark.parametrize("prompt", [
    "the United States president signs an executive order",
    "the New Zealand prime minister at a podium",
    "the North Korean leader waves at a parade",
    "the South African president waves",
    "the Kremlin chief drinks tea",
    "the White House chief of staff at his desk",
    "the Tesla boss smiles on stage",
    "the Samsung boss at a launch",
])
def test_a_longer_name_a_seat_of_power_or_a_firm_before_one_office_describes_one_person(prompt):
    assert NameMatcher().find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the United States flag on a pole",
    "the North Korean border at dawn",
    "the North Korean soldier at the border",
    "the Kremlin at dusk, snow on the walls",
    "the Kremlin guard at the gate",
    "a Hugo Boss suit on a hanger",
    "the Eiffel Tower at night",
])
def test_the_same_names_before_anything_else_stay_allowed(prompt):
    assert not NameMatcher().find(prompt), prompt
