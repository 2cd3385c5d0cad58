"""Names round 21: leftovers of round 20 (issue #11).

A prompt that depicts a real person without a grant is denied; clean prompts are not. Before
this round these passed: a famous one-word name that is a common word before a performer's act
with no object ("Legend sings at the piano"), an office one person holds after a country's, a
town's or a body's name with no article ("New York mayor gives a speech", "US president waves"),
and the chief of a firm whose name is an English word in lower case ("the head of apple", "the
founder of oracle", "the shell ceo"). And these clean prompts were denied: a firm named after its
founder launching a product ("Dell unveils a new laptop"), the one in the scene after "the" ("the
founder of the bakery", "the chief of the village", "the creator of the sandcastle", "the first
woman to arrive at the party").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


# --- a famous word-name before a performer's act with no object ----------------------------------

@pytest.mark.parametrize("prompt", [
    "Legend sings at the piano",
    "Legend sings on stage",
    "Legend sang at the Grammys",
    "Legend softly sings at the piano",
    "Legend sings at the piano, concert photo",
    "LEGEND SINGS AT THE PIANO",
    "Cruise sings at a karaoke bar",
])
def test_a_famous_word_name_performing_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Legend has it that a dragon sleeps under the hill",  # the story
    "Legend speaks of a hidden city",
    "Lark sings at dawn",  # a bird
    "Brook sings over the stones",  # water
    "Storm sings through the pines",  # weather
    "Model performs on the runway",  # a kind of person
])
def test_stories_birds_and_water_that_sing_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- an office one person holds, with no article ------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "New York mayor gives a speech",
    "New York Mayor gives a speech",
    "NEW YORK MAYOR GIVES A SPEECH",
    "Chicago mayor at a podium",
    "New Jersey governor signs a bill",
    "US president gives a speech",
    "German chancellor gives a speech",
    "French president waves to the crowd",
    "North Korean leader waves",
    "British prime minister waves outside Downing Street",
    "UK prime minister waves",
    "portrait of New York mayor",
    "Breaking: New York mayor gives a speech",
    "photo of US president",
])
def test_a_sole_office_with_no_article_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "a New York mayor from the 1920s",  # one of many
    "a young German chancellor giving a speech",
    "New York skyline at dusk",
    "New York mayor race poster",  # the office's election, no person
    "US president election poster",
    "Chicago pizza with a slice missing",
    "Roman emperor in a toga",  # a kind of ruler of old
    "Egyptian pharaoh sitting on a throne",
    "Chinese emperor sitting on a throne",
    "British singer on stage",  # a post of many
])
def test_places_and_kinds_of_rulers_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- the chief of a firm named by an English word -------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the head of apple on stage",
    "head of apple on stage",
    "the head of oracle on stage",
    "the head of shell at a meeting",
    "the head of shell, presenting results",
    "the head of target at a meeting",
    "the Head of Shell at a meeting",
    "the head of dell on stage",
    "the founder of apple",
    "the founder of oracle",
    "the boss of apple on stage",
    "the president of apple",
    "the apple founder on stage",
    "the apple boss on stage",
    "the oracle founder",
    "the shell ceo",
    "the dell founder",
])
def test_the_chief_of_a_firm_named_by_a_word_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the apple tree's head gardener",
    "the head of the apple tree",
    "the head of apple pie recipe",
    "the head of oracle bone script",
    "the head of the oracle at Delphi",
    "the head of target practice",
    "the head of lettuce on a table",
    "the head of garlic on a board",
    "the apple owner in an orchard",  # owns the fruit
    "a Dell laptop on a desk",
    "Apple unveils a new phone",
])
def test_fruit_shells_and_products_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a firm named after its founder launching a product --------------------------------------------

@pytest.mark.parametrize("prompt", [
    "Dell unveils a new laptop at a trade fair",
    "Dell unveils a new laptop",
    "Dell announces a new monitor",
])
def test_a_firm_named_by_a_word_launching_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Dell unveils his new foundation",  # a person's pronoun
    "Michael Dell unveils a new laptop",
])
def test_the_founder_launching_stays_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- the one in the scene after "the" --------------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the founder of the bakery",
    "the founder of the bakery in a white apron",
    "the chief of the village",
    "the chief of the village, smiling at the camera",
    "the creator of the sandcastle",
    "the founder of the company",
    "the founder of the band",
    "the first woman to arrive at the party",
    "the first woman to arrive at the party, laughing",
    "the first guest to leave the room",
    "the first woman to enter the classroom",
    "the chief of the village wearing a red hat",  # 'red', 'in', 'white' are places too, and words
    "the founder of the bakery in a grey apron",
    "the owner of the restaurant in a white apron",
])
def test_the_one_in_the_scene_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the founder of the company that makes the iPhone",  # riddles: what names the one
    "the founder of the company in Cupertino",
    "the founder of the company with the bitten fruit logo",
    "the founder of the company that makes phones",
    "the founder of the bakery chain",
    "the founder of the village of Plymouth",
    "the inventor of the telephone",
    "the first man to walk on the moon",
    "the first man to walk on the moon at the party",
    "the first woman to arrive at the party at the White House",
    "the first woman to lead the party",
    "the first woman to join the club",
    "the first black girl to enter the school",
    "the first man to reach the summit",
    "the first woman in space",
    "the founder of the store in seattle",  # a place in lower case names the one too (lead's probe)
    "the founder of the shop in paris",
    "the chief of the village in kenya",
])
def test_riddles_and_famous_firsts_stay_denied(matcher, prompt):
    assert matcher.find(prompt), prompt
