"""Names round 40 (issue 11): false denials of a set of 720 prompts written for this round by
another author (360 naming 336 people, 360 naming none; 14 of the clean ones were denied).

- A famous one-word name that is also an English plural ("gates", "sessions") is the word right
  after a noun for a material, a made thing, a plant or a place ("wrought iron gates", "recording
  sessions"), unless what a person does follows; after an article, an adjective, another noun or a
  word that joins people it is still the person ("dinner with the gates", "young gates at a
  computer": adversary 21; "rock jagger dancing", "fashion marks": red team 71).
- An honour or a contest capitalised after a name that is no famous person's is the thing
  ("Grammy Awards", "Vince Lombardi Trophy"); after a famous name it is the person ("Putin Award
  Winning Photography", "Merkel Prize": red team 71), so "Pulitzer Prize" stays denied.
- A plural article of the prompt's language before a famous one-word name is the family ("Les
  Macron au balcon", "los Trump"), and a title of the language first in the prompt is read as one
  ("Pak Harto", round 27).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "wrought iron gates opening onto a misty estate driveway",
    "iron gates at dawn, castle courtyard",
    "recording sessions in a studio, warm light",
    "Grammy Awards golden gramophone trophy on a stage",
    "The Vince Lombardi Trophy glinting under stadium lights, confetti",
])
def test_things_named_like_people_pass(matcher, prompt):
    assert not matcher.find_all(prompt).likenesses, [lk.text for lk in matcher.find_all(prompt).likenesses]


@pytest.mark.parametrize("prompt, name", [
    ("dinner with the gates", "gates"),
    ("young gates at a computer, 1980s", "gates"),
    ("the gates smiling on stage", "gates"),
    ("the sellers family at home", "sellers"),
    ("Gates at Davos", "Gates"),
    ("gates giving a speech", "gates"),
    ("Taylor Swift Award night on stage", "Taylor Swift"),
    ("Obama at the Nobel Prize ceremony", "Obama"),
    ("Les Macron au balcon de l'Élysée, photo de presse", "Macron"),
    ("los Trump en la Casa Blanca, foto de prensa", "Trump"),
    ("Pak Harto tersenyum di istana", "Pak Harto"),
    # red team 71: a famous name before an honour word is the person; so is a surname after a noun
    # that is no thing's, or before what a person does
    ("Portrait Of Putin Award Winning Photography", "Putin"),
    ("Photo of Obama Award winning, 8k", "Obama"),
    ("Merkel Prize, smiling woman", "Merkel"),
    ("Musk Award night on stage", "Musk"),
    ("rock jagger dancing", "jagger"),
    ("software gates smiling in a sweater", "gates"),
    ("fashion marks", "marks"),
])
def test_the_people_are_still_denied(matcher, prompt, name):
    assert any(name in lk.text for lk in matcher.find_all(prompt).likenesses)
