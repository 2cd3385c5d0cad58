"""Names round 22: a state's or a town's office after a nationality or a place typed in lower
case (issue #11).

Round 21 read "New York mayor gives a speech" and "the German chancellor" as one real person, but
only capitalised: typed as people type, "new york mayor gives a speech", "the french president
shaking hands", "the north korean leader inspecting troops" and "british king waving" passed. A
nationality is read from a list of states' nationalities (a suffix would take "the music
director", "the comic king"), before a state's office only ("the american ceo" is a role in a
scene); a town or a state from the names the knowledge holds, before its mayor or governor.

Also passed: a firm named in lower case after what its founder or owner did ("the man who founded
apple", "the man who bought twitter"; the capitalised firm was denied), a description with "guy"
("the guy who played Iron Man": "man" was a person, "guy" was not), and a famous word-name before a
performer's act that is also a plural noun ("Legend raps in a club": "Legend sings" was denied).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "new york mayor gives a speech",
    "the new york mayor at a press conference",
    "chicago mayor speaks to reporters",
    "the texas governor signs a bill",
    "the french president shaking hands",
    "the german chancellor at a podium",
    "the north korean leader inspecting troops",
    "the south african president waving",
    "the british prime minister outside downing street",
    "portrait of the russian president",
    "the spanish king and queen at a gala",
    "british king waving from a balcony",  # no article: a monarch who reigns today
    "german chancellor gives a speech",  # no article, a post held today
])
def test_an_office_after_a_lower_case_nationality_or_place_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "roman emperor in a toga",  # a kind of ruler of old
    "egyptian pharaoh on a throne",
    "the roman emperor in a toga",  # no state today
    "the music director conducting the orchestra",  # ends as a nationality does
    "the comic king of the carnival parade",
    "the city mayor cuts a ribbon",  # no town named
    "the school governor visits the classroom",
    "a young new york mayor giving a speech",  # one of many
    "a french president from the 1800s in a history book",
    "the german director shouting on set",  # not a state's office
])
def test_kinds_of_rulers_and_roles_in_a_scene_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a firm in lower case after what its founder or owner did ------------------------------------

@pytest.mark.parametrize("prompt", [
    "the man who founded apple",
    "the man who runs apple",
    "the woman who runs oracle",
    "the man who bought twitter",
    "the man who founded amazon",
    "the woman who runs spacex",
    "the man who founded microsoft, in a hoodie",
    "the guy who founded apple",  # "guy" is a person as "man" is
    "the guy who played Iron Man",
])
def test_the_founder_or_owner_of_a_lower_case_firm_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the man who runs a bakery",  # one of many
    "the woman who runs the shop",  # the one in the scene
    "the farmer who grew apple trees",  # a thing's name goes on
    "the man who built sandcastles",
    "the boy who owns apples",
    "the man who runs fast",
    "the explorer who led expeditions",
    "the guy who fixed my car",
    "a guy walking a dog",
])
def test_owners_of_things_and_people_in_a_scene_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a performer's act that is also a plural noun -----------------------------------------------

@pytest.mark.parametrize("prompt", ["Legend raps in a club", "Legend raps at the club"])
def test_a_famous_word_name_rapping_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["Rock raps in the wind", "Lark sings at dawn", "Legend has it that a dragon sleeps"])
def test_things_that_rap_or_sing_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt
