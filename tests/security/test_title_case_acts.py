"""A famous person's name before a verb of what they do, written in title case ("Obama Paints A
Landscape"), as headlines, captions and prompt lists often are: the verb was read as the next word
of a title or brand ("Uber Eats"), and the person passed. A famous name that is no common English
word acts in title case too; names that are common words ("Drake", "Bush", "Swift") and brands
keep their title reading. Found by the lead while checking round 16's notes.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Obama Paints A Landscape",
    "Obama Paints A Landscape In The Park",
    "Putin Drinks Tea",
    "Macron Eats Lunch",
    "Trump Signs An Order",
    "Merkel Rides A Bike",
    "Adele Sings On Stage",
])
def test_a_famous_name_acting_in_title_case_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Uber Eats Delivery Bag",
    "Uber Eats bag on a bike",
    "Drake Swims In The Pond",
    "Bush Grows By The Fence",
    "Pink Blooms In Spring",
    "Trump Card On The Table",
])
def test_a_title_or_a_common_word_in_title_case_stays_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt
