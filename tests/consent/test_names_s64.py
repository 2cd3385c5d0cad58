"""Names round 50 (session 64): a famous last name that is also a place, at an English prompt's
start, before what a person does and a place does not (dev #64, tests/data/names_dev64.jsonl)."""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "copernicus holding a heliocentric model, renaissance portrait",
    "Copernicus holding a brass armillary sphere, oil painting",
    "Bismarck giving a speech in the Reichstag, 1871",
])
def test_a_famous_last_name_that_is_a_place_is_the_person_doing_what_people_do(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Darwin glowing at dusk, harbour lights, long exposure",
    "Copernicus crater seen from lunar orbit, high detail",
    "Houston skyline at night, light trails",
    "Bismarck in winter, empty streets, snow",
    "lincoln cathedral at sunset, gothic towers",
])
def test_the_same_places_seen_are_still_places(matcher, prompt):
    assert not matcher.find(prompt), [lk.text for lk in matcher.find(prompt)]
