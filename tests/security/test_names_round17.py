"""Names round 17: the known leftovers of the prompt name check (issue #11).

A prompt that depicts a real person without a grant is denied; clean prompts are not. Before
this round these descriptions of one real, living office holder passed: "the pope" (its one
living holder, as "the US president" is), the chief of a named firm written in lower case ("the
ceo of apple", "the chief executive of tesla", "the head of amazon", "owner of twitter inc"), a
chief executive's surname that is a common word after the firm's name ("Apple Jobs on stage").
And these clean prompts were denied: a first name beside a place named with a byname that is no
surname ("Mary visits Magdalene College"), a screenplay's character whose name is an ordinary
surname that some famous person also bears ("KANE (40s) smiles.").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


# --- "the pope": the one living holder of a sole office, as "the US president" is ---------------

@pytest.mark.parametrize("prompt", [
    "the pope blessing the crowd",
    "The pope waving from a balcony",
    "the Pope in a white puffer jacket",
    "a photo of the pope eating pizza",
    "the pontiff blessing the crowd",
    "the pope's face close up",
    "the new pope on a balcony",
    "the pope's portrait on a wall",
    "the current pontiff waving",
    "the bishop of Rome waving",
    "the archbishop of canterbury in robes",
    "the patriarch of Moscow blessing a crowd",
])
def test_the_pope_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "a pope in a renaissance fresco",
    "popes in history, an illustrated timeline",
    "the pope's hat on a chair",  # a thing of his, no person depicted
    "a chess bishop on a board",
    "the head of the table set for dinner",
    "the head of the river race on the Thames",
    "the chief of the tribe in the story",
    "a dozen popes in a fantasy painting",
    "a bishop of the church in robes",
    "the bishop of a small diocese",
    "the patriarch of the family at dinner",
    "BISHOP (60s) prays.",
])
def test_a_pope_of_many_or_a_thing_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="a title before a given name is read as a named person (fail closed: "
                                       "'Pope Leo' is one); the check holds no list of legends")
def test_pope_joan_a_legend_stays_allowed(matcher):
    assert not matcher.find("Pope Joan")


# --- the chief of a named firm, the firm in lower case ----------------------------------------

@pytest.mark.parametrize("prompt", [
    "the ceo of apple presenting a phone",
    "the chief executive of tesla on stage",
    "the head of amazon in a rocket",
    "the fictitious head of twitter",
    "owner of twitter inc at a desk",
    "the ceo of netflix",
    "the boss of spacex",
    "the chief executive officer of nvidia in a leather jacket",
    "the ceo of google at a keynote",
    "the head of microsoft on stage",
    "the cfo of amazon at a desk",
    "owner of tesla inc waving",
    "the head of the FBI at a hearing",
    "the head of Apple on stage",
    "the head of netflix at a premiere",
    "the chairman of apple on stage",
    # the firm's name in lower case before the role
    "the microsoft founder on stage",
    "the netflix ceo at a desk",
    "the spacex founder in a rocket",
    "the twitter owner at a desk",
])
def test_the_chief_of_a_named_firm_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the ceo of a startup at a desk",
    "a ceo of a small firm reading",
    "the head of lettuce on a cutting board",
    "the head of security at a door",
    "the owner of land",
    "the chief executive of a bakery smiling",
    "an owner of horses at a ranch",
    "the owner of a small cafe",
    "the ceo of apple pie company",  # no firm's name: a pie company
    "the head of romaine on a cutting board",
    "the head of Medusa on a bronze shield",
    "the head of marketing at a whiteboard",
    "the head of ux at a desk",
    "the startup founder at a desk",
    "the bakery owner smiling",
    "the dog owner in a park",
    "the tesla owner charging a car",  # a car's owner, one of many
    "the brewery founder pouring a beer",
])
def test_the_chief_of_one_of_many_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a chief executive's surname that is a common word, after the firm's name ------------------

@pytest.mark.parametrize("prompt", [
    "Apple Jobs on stage",
    "Apple Jobs in a black turtleneck",
    "Apple Cook on stage presenting",
    "Apple Cook in a grey suit",
])
def test_a_chiefs_common_word_surname_after_the_firm_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Apple jobs fair in a hall",
    "Apple Store on a rainy day",
    "Apple Jobs page on a laptop",
    "Beef Wellington in a pastry crust",
])
def test_a_firms_things_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a first name beside a place named with a byname (no surname) -----------------------------

@pytest.mark.parametrize("prompt", [
    "Mary visits Magdalene College",
    "Mary walks through Magdalene College at dusk",
    "John reads in Keble College library",
    "Mary rows past Magdalene Bridge",
])
def test_a_first_name_beside_a_place_named_with_a_byname_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Donald tweets in Trump Tower at night, orange tan.",
    "Donald in a red tie outside Trump Tower",
    "Mary weeps, Magdalene at the tomb",
])
def test_a_first_name_and_a_surname_apart_are_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- a screenplay's character: an ordinary surname that a famous person also bears -------------

@pytest.mark.parametrize("prompt", [
    "STOKES (40s) sits.",
    "INT. DINER - NIGHT. KANE (50s) pours coffee.",
    "STOKES (30s), tired, reads a map.",
    "CURRY (30s) stirs a pot.",
    "TATE (40s) enters the bar.",
])
def test_a_screenplay_character_with_an_ordinary_surname_stays_allowed(matcher, prompt):
    # one of the 1,000 commonest US surnames that a famous person bears as a surname only
    # (Harry Kane, Ben Stokes, Stephen Curry), read as the same sentence without the age is
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt,plain", [
    ("KANE (40s) smiles.", "Kane smiles."),
    ("NOLAN (50s) reads the paper.", "Nolan reads the paper."),
    ("HARRIS (60s) signs a bill in the Oval Office", "Harris signs a bill in the Oval Office"),
])
def test_a_screenplay_age_never_makes_a_name_safer_than_the_sentence_without_it(matcher, prompt, plain):
    # (after red team 41: the age in brackets hid the verb after it, so that any denied
    # "Surname verbs ..." passed with "(40s)" inserted; ages are now read past like any aside)
    assert matcher.find(plain), plain
    assert matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="Hyde is also a singer's one-word stage name (the contemporary list holds "
                                       "'Hyde' alone, as it holds 'Drake'); the check cannot tell it from DRAKE")
def test_hyde_a_screenplay_character_stays_allowed(matcher):
    assert not matcher.find("HYDE (40s) enters.")


@pytest.mark.parametrize("prompt", [
    "MACRON (40s) smiles.",
    "ADELE (30s) sings.",
    "DRAKE (late 30s, tired) enters.",
    "SWIFT (30s) laughs.",
    "TRUMP (70s) waves from a podium.",
    "HARRY KANE (30s) shoots.",
    "BEN STOKES (30s) bats.",
    "MUSK (50s) paces the factory floor.",  # a rarer surname that points to one person
    "HYDE (50s) sings on stage.",  # a stage name
])
def test_a_screenplay_character_named_as_a_famous_person_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt
