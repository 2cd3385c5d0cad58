"""Round 7: people who became famous after Pantheon 1.0 (2016), named by one word.

The detector knew famous people only from WordNet and Pantheon 1.0 (people born up to about
1990), so a single surname of someone famous since ("zelensky", "mbappe", "haaland") passed,
and so did one-word names that are also words ("swift", "drake", "macron"). Round 7 adds a
hand-compiled list of contemporary public figures (``consent/data/contemporary_people.txt.gz``).
A one-word form that is no English word counts wherever it stands; one that is an English word,
a common name or a place's name counts only as a tag of its own beside a tag that speaks of a
famous person ("swift, stage"), so that the word keeps its own meaning elsewhere ("a swift
bird", "drake the duck", "trump card"). Prompts written for this file; none is taken from a
held-out set.
"""

from __future__ import annotations

import pytest
from names_support import withdrawn

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "zelensky",
    "a photo of zelensky",
    "zelensky, podium",
    "Zelenskyy addressing parliament",
    "Зеленский на трибуне",
    "mbappe, stadium",
    "haaland, stadium",
    "a man, beckham, stadium",
    "a footballer, messi, stadium",
    "a singer, adele",
    "jungkook, stage, concert lights",
    "lamine yamal, stadium, night match",
    "vinicius, stadium",
    "kendrick, stage",
])
def test_people_famous_lately_named_by_one_word_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "macron, podium",
    "drake, stage",
    "swift, stage",
    "Swift, stage, spotlight",
    "(drake:1.2), concert",
    "trump, podium",
])
def test_a_name_that_is_also_a_word_is_denied_as_a_tag_beside_a_famous_scene(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "a swift bird",
    "drake the duck",
    "macron accent",
    "trump card",
    "ford truck",
    "jordan river",
    "harris tweed",
    "bush in a garden",
    "swift, bird, sky",
    "duck, drake, pond",
    "a swift river, stage lights",
    "a bush, podium, garden",
    "ford, truck, desert",
    "a woman, rain, umbrella",
    "a cozy cabin, winter, snow",
    "ninja, stage, smoke",
    "sterling silver ring",
    "a hamster eating curry",
    "bolt, screw, metal",
    withdrawn("un mango maduro en la mesa", "a famous web word as a word of another language unless its little words hold it ('maduro')", 19),
])
def test_words_that_are_also_names_stay_clean(matcher, prompt):
    assert not matcher.find(prompt), (prompt, matcher.find(prompt))


@pytest.mark.parametrize("prompt", [
    "a teddy bear on a rocking chair",
    "Чебурашка сидит на скамейке в осеннем парке",
    "एक सुंदर बगीचा",
    "the Queen Elizabeth cruise ship",
])
def test_the_list_adds_no_first_names_of_its_own(matcher, prompt):
    # the list's first names ("Sundar", "Sonam", "Rocking Star Yash") are not read as one-word
    # names nor matched by sound
    assert not matcher.find(prompt), (prompt, matcher.find(prompt))
