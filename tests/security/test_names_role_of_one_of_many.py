"""A role "of a" kind of thing is one of many, not one real person (issue #11, false denials).

Before, "the mayor of a small town", "the captain of a fishing boat", "the founder of a bakery"
were denied as descriptions of one real person: the article "a" was read as the title of an
artwork called "A", a named thing after the role. A role of a state stays one person (fail
closed: "the prime minister of a tiny island nation"), a head of state's role of anything but an
everyday body ("the leader of a nuclear-armed hermit kingdom"; not "the president of a local chess
club"), a role of a body said to be famous or big ("the lead singer of a famous irish rock band"),
a role of something named in capitals ("the captain of a Real Madrid side") and of a body said
to be called something ("the founder of a firm called Tesla").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "the mayor of a small town giving a speech",
    "the mayor of a coastal village cuts a ribbon",
    "the director of a small theatre on stage",
    "the director of a small theatre in Paris",
    "the captain of a fishing boat hauling nets",
    "the president of a local chess club at a tournament",
    "the founder of a bakery kneading dough",
    "the president of a company at a desk",
    "the leader of a wolf pack at dusk",
    "the coach of a youth football team shouting",
    "the leader of a marching band",
])
def test_a_role_of_one_of_many_is_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the prime minister of a tiny island nation cutting a ribbon",
    "the president of a small country waving",
    "the king of a kingdom by the sea",
    "the captain of a Real Madrid side lifting a trophy",
    "the founder of a firm called Tesla on stage",
    "the founder of a company that is named SpaceX",
    "the mayor of New York at a podium",
    # a head of state's role of anything but an everyday body, or a body said to be famous: a
    # riddle for one person (fail closed)
    "the leader of a nuclear-armed hermit kingdom",
    "the president of a superpower at a podium",
    "the king of a fantasy realm on a throne",
    "the lead singer of a famous irish rock band",
    "the founder of a big electric car company on stage",
    "the ceo of Tesla on stage",
])
def test_a_role_of_a_state_or_a_named_body_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt
