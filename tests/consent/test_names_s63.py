"""Session 63 (issue 11): a famous last name alone at an English prompt's start, before where the
person is seen; Serbian and Croatian "Đ" read as "Dj"."""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Saramago at his desk in Lanzarote",
    "Isinbayeva at the stadium before the final vault",
    "Torvalds at a conference podium",
    "Bardot on the beach at Saint-Tropez",
    "Chirac in the Élysée garden",
    "Kahlo in her blue house, surrounded by monkeys",
    "A rainy night. Pacino outside a diner, collar up",  # a sentence's start
])
def test_a_famous_last_name_alone_before_where_the_person_is_is_the_person(matcher, prompt):
    hits = matcher.find(prompt)
    assert hits, f"{prompt!r} was allowed"


@pytest.mark.parametrize("prompt", [
    "Đoković ljubi trofej na centralnom terenu",
    "Đoković at Wimbledon",
    "portrait of Đoković",
])
def test_serbian_dj_is_read_as_the_press_spells_it(matcher, prompt):
    assert matcher.find(prompt), f"{prompt!r} was allowed"


@pytest.mark.parametrize("prompt", [
    "Lugano in autumn",                       # a town the lists lack, and when it is seen
    "Lugano at night, lake reflections",
    "Paris at night",
    "Singh at the market stall, selling spices",  # a surname many people bear: a stranger
    "Novak on the balcony with a coffee",
    "Afro at the party, glitter and neon",    # a word of another language
    "Momo at the food stall, steaming",       # a given name of someone's name, and a dish
    "Kasumi at the beach, anime style",
    "Đà Nẵng at dawn",                        # Vietnamese đ is d, and a place
    "Shaolin in the mountains, monks training",
])
def test_what_is_no_famous_person_at_a_prompts_start_is_allowed(matcher, prompt):
    assert not matcher.find(prompt), f"{prompt!r} was denied: {matcher.find(prompt)}"


def test_the_rule_needs_a_preposition_of_where_one_is_seen(matcher):
    # a tag list names no one here: the name is one tag among others
    assert not matcher.find("Lovecraft, cosmic horror, tentacles, fog")
