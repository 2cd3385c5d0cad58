"""Names round 18 (fix41): the rules that close red team 41's findings on rounds 15-16's ALLOW
exceptions, each tried on other people and verbs than the red team's, with clean prompts that
must stay allowed. Every "denied" prompt here passed the check before this round."""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _denied(matcher: NameMatcher, prompt: str) -> None:
    hits = matcher.find(prompt)
    assert hits, f"a famous person passed: {prompt!r}"


def _allowed(matcher: NameMatcher, prompt: str) -> None:
    hits = matcher.find(prompt)
    assert not hits, f"a clean prompt was denied: {prompt!r} -> {[h.text for h in hits]}"


# "its" counts as the subject's only right after the verb, after a preposition right after it, or
# after one place phrase of the verb's; not after the object or in a phrase about another noun
@pytest.mark.parametrize("prompt", [
    "Macron eats lunch at a cafe known for its pastries",
    "Drake raps at a bar famous for its cocktails",
    "Macron drinks wine in a cellar beside its barrels",
    "Trump eats a burger at a diner and its jukebox",
    "Swift signs its contract",                 # no act of an animal's
    "Bush paints its portrait",
    "Drake raps with its crew on a yacht",
])
def test_an_its_about_another_noun_does_not_clear_the_name(matcher, prompt):
    _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Drake swims to its nest on the pond",
    "Seal sleeps on a rock beside its pup",
    "Drake really swims with its ducklings",
    "Seal often sleeps on a rock beside its pup",
])
def test_an_its_of_an_animal_subject_stays_allowed(matcher, prompt):
    _allowed(matcher, prompt)


# any adverb between the name and its verb, not only one in -ly
@pytest.mark.parametrize("prompt", [
    "Trump also signs an executive order",
    "Macron often eats lunch at a bistro",
    "Drake still raps at a club",
    "Macron just signed a treaty",
])
def test_an_adverb_between_name_and_verb_hides_nothing(matcher, prompt):
    _denied(matcher, prompt)


def test_an_adverb_before_an_animal_verb_stays_allowed(matcher):
    _allowed(matcher, "Sturgeon often swims up the river")


# any bracketed aside after a famous one-word name is read past, unless it says what thing it is
@pytest.mark.parametrize("prompt", [
    "Trump (on the left) signs a treaty",
    "Drake (2016) raps a verse",
    "Trump (in a red tie and a blue suit) signs an executive order",
])
def test_a_bracketed_aside_hides_no_verb(matcher, prompt):
    _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Swift (bird) flying over the lake",
    "Drake (the duck) swims in the pond",
    "Swift (a bird) flies over the lake",
])
def test_an_aside_naming_a_thing_or_animal_stays_allowed(matcher, prompt):
    _allowed(matcher, prompt)


# a common surname after "the" or before a noun pairs with its first name when that first name acts
@pytest.mark.parametrize("prompt", [
    "Paris waves from the Hilton balcony",
    "Paris dances by the Hilton pool",
    "Amber smiles in the Heard garden",
])
def test_a_surname_named_place_pairs_with_an_acting_first_name(matcher, prompt):
    _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "a picnic at Harrison Lake near Ford Street",
    "a hike along Swift River near Taylor Park",
    "Dinner in Paris at the Hilton hotel",
    "James vacuums the rug with a Dyson",
    "John salutes the Major",
])
def test_places_and_brands_named_like_a_surname_stay_allowed(matcher, prompt):
    _allowed(matcher, prompt)


# an animal's word that does to a person what people do to each other is the person
@pytest.mark.parametrize("prompt", [
    "Gosling fights a man in a bar",
    "Sturgeon greets a woman at the harbour",
    "Snipes boxes a man in the ring",
    "Gosling meets two women at a cafe",
])
def test_an_animal_word_acting_on_a_person_is_denied(matcher, prompt):
    _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Sturgeon swims past a fisherman",
    "Gosling swims past a man in a canoe",
])
def test_an_animal_passing_a_person_stays_allowed(matcher, prompt):
    _allowed(matcher, prompt)


# a word-name before its verb: an object with no article, and title case with a capitalised article
@pytest.mark.parametrize("prompt", [
    "Bush eats breakfast in Texas",
    "Curry dribbles past three defenders",
    "Jobs presents products on stage",
    "Ford signs autographs for fans",
    "Bush Eats A Burger In Texas",
    "Curry Dribbles The Ball Past Two Defenders",
    "Jobs Presents The iPhone On Stage",
])
def test_a_word_name_with_a_bare_object_or_in_title_case_is_denied(matcher, prompt):
    _denied(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Swift flies over the lake",
    "Hazard signs on the road at night",
    "Uber Eats delivery bag on a bike",
    "Drake Swims In The Pond",
])
def test_a_word_name_with_no_object_stays_allowed(matcher, prompt):
    _allowed(matcher, prompt)


# a listed brand's launch; the first word of a listed character's name
@pytest.mark.parametrize("prompt", [
    "Ford announces a new electric truck",
    "Ford unveiled a new logo at the auto show",
    "Scooby eats a sandwich in the kitchen",
    "Pippi rides a horse through the village",
    "Daffy dances on a stage",
])
def test_a_brand_or_a_character_stays_allowed(matcher, prompt):
    _allowed(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "Hilton announces a new hotel in Dubai",   # no listed brand: Paris Hilton's name
    "Trump unveils a new plan",
    "Ford unveils his new film at Cannes",      # a person's pronoun
])
def test_a_famous_name_unveiling_stays_denied(matcher, prompt):
    _denied(matcher, prompt)
