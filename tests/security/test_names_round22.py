"""Names round 22: a state's or a town's office after a nationality or a place typed in lower
case (issue #11).

Round 21 read "New York mayor gives a speech" and "the German chancellor" as one real person, but
only capitalised: typed as people type, "new york mayor gives a speech", "the french president
shaking hands", "the north korean leader inspecting troops" and "british king waving" passed. A
nationality is read from a list of states' nationalities (a suffix would take "the music
director", "the comic king"), before a state's office only ("the american ceo" is a role in a
scene); a town or a state from the names the knowledge holds, before its mayor or governor.
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
