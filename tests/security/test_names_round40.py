"""Names round 40 (issue 11): false denials of a set of 720 prompts written for this round by
another author (360 naming 336 people, 360 naming none; 14 of the clean ones were denied).

- A famous one-word name that is also an English plural ("gates", "sessions", "marks") is the
  word right after a noun that makes it a thing ("wrought iron gates", "recording sessions"); after
  an article, an adjective or a word that joins people it is still the person ("dinner with the
  gates", "young gates at a computer": adversary 21, when round 11 read every lower-case plural as
  the word).
- An honour or a contest named after someone, capitalised after the name, is the thing
  ("Pulitzer Prize", "Grammy Awards", "Ryder Cup"); a famous full name before one is the person.
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
    "Pulitzer Prize certificate framed on a newsroom wall",
    "Grammy Awards golden gramophone trophy on a stage",
    "Ryder Cup golf course with European and American flags",
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
])
def test_the_people_are_still_denied(matcher, prompt, name):
    assert any(name in lk.text for lk in matcher.find_all(prompt).likenesses)
