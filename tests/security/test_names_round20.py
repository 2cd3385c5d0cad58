"""Names round 20: leftovers of the prompt name check (issue #11).

A prompt that depicts a real person without a grant is denied; clean prompts are not. Before
this round these passed: a town's office after a name the knowledge files as a listed thing
("the New York mayor"), the pope's style ("the holy father", "His Holiness"), the chief of a firm
the word lists hold as a verb ("the head of google", "the Head of Google"), a famous one-word
name that is a common word before a person's motion along a path, a sprinter's or a shooter's
act, or an act no animal does ("Bolt sprints down the track", "Cruise runs from an explosion",
"Curry shoots a three pointer", "Hawk skates a half pipe"), and a screenplay age after a famous
last name or a title the knowledge holds as one person ("LEGEND (40s) plays the piano",
"PRINCE (50s) plays the guitar"). And this clean prompt was denied: a country signing a treaty
("Jordan signs a peace treaty with Israel").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


# --- a town's or a state's office after its name ------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the New York mayor at a press conference",
    "the New York Mayor shaking hands",
    "the Los Angeles mayor cutting a ribbon",
    "the Las Vegas mayor on a stage",
    "the Chicago mayor at a podium",
    "the New Jersey governor signing a bill",
])
def test_a_towns_office_after_its_name_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the New York skyline at dusk",
    "a New York cab driver in traffic",
    "the New York subway at night",
    "the Deputy Mayor at a press conference",  # a post of several, no town named
    "the Lord Mayor's coach in a parade",
    "the town mayor at a fair",
    "the Los Angeles river in summer",
])
def test_a_towns_things_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- the pope's style ------------------------------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the holy father blessing the crowd",
    "the Holy Father waving from the balcony",
    "The Holy Father at the Vatican",
    "the holy father's face, close-up",
    "His Holiness blessing the crowd",
    "HIS HOLINESS waving to pilgrims",
])
def test_the_popes_style_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the Holy Father, the Son and the Holy Spirit in a stained glass window",  # the Trinity
    "a holy father in a monastery",  # one priest of many
    "Holy Father, we pray for peace, stained glass",
    "the holy father's hat on a chair",  # a thing of his, no person depicted
    "the father of the bride at a wedding",
    "a monk, holiness and calm, in a temple",
])
def test_the_trinity_and_other_fathers_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- the chief of a firm the word lists hold as a verb --------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the head of google on stage",
    "the Head of Google on stage",
    "The Head of Google at a conference",
    "the google founder giving a talk",
    "the head of yahoo at a desk",
    "the Head of Microsoft on stage",
])
def test_the_chief_of_a_firm_named_by_a_word_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the Head of Marketing at a startup",
    "the Head of Department in her office",
    "the Head of Christ, oil painting",
    "the head of lettuce on a table",
    "a google maps screenshot of a park",
    "Google Pixel phone on a desk",
])
def test_posts_of_many_and_products_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a famous word-name before a person's motion, a sprinter's or shooter's act --------------------

@pytest.mark.parametrize("prompt", [
    "Bolt sprints down the track",
    "Bolt sprinted past the other runners",
    "Cruise runs from an explosion",
    "Cruise runs away from a fireball",
    "Cruise runs through a burning building",
    "Curry shoots a three pointer",
    "Curry shot a jumper over two defenders",
    "Hawk skates a half pipe",
    "Hawk skates down a ramp",
    "Snipes signs a contract",
])
def test_a_famous_word_name_moving_or_shooting_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Cruise runs from Miami to Nassau",  # a route
    "Cruise runs from the harbour every Monday",
    "Fox runs across the field",  # an animal runs
    "Fox sprints across the field",
    "Hawk flies over the valley",
    "Hawk swoops down on a mouse",
    "Storm runs across the plains",
    "Bolt runs down the lightning rod",
    "Rock slides down the hill",
    "Curry simmers in a pot",
    "Bamboo shoots in a bowl",
    "a curry shot with a phone camera",
    "The river runs through the valley",
])
def test_things_and_animals_that_move_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a screenplay age after a famous last name or a one-person title --------------------------------

@pytest.mark.parametrize("prompt", [
    "LEGEND (40s) plays the piano at the Grammys",
    "PRINCE (50s) plays the guitar",
    "PRINCE (50s) sings into a microphone",
    "LEGEND [40s] plays the piano on stage",
])
def test_an_age_after_a_famous_last_name_hides_nothing(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "ISLA (40s) herds sheep into a stone fold as rain lashes.",  # a given name: a stranger
    "INT. HIGH SCHOOL GYM - NIGHT. PROM. NOAH (17) stands alone by the punch bowl",
    "STOKES (40s) sits.",
    "USHER (20s) tears tickets",
    "PRINCE (20s) rides a white horse to the castle",  # a fairy tale's prince
])
def test_screenplay_characters_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a country signing a treaty ------------------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "Jordan signs a peace treaty with Israel",
    "Jordan signed an armistice with Israel in 1949",
    "Georgia signs a ceasefire with Russia",
])
def test_a_country_signing_a_treaty_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Jordan signs a contract with Nike",
    "Jordan dunks a basketball",
    "Jordan signs autographs for fans",
    "Trump signs a peace treaty with Israel",
    "Putin signs an accord with China",
])
def test_people_signing_stay_denied(matcher, prompt):
    assert matcher.find(prompt), prompt
