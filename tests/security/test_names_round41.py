"""Names round 41 (issue 11).

- "close up of <famous one-word name>" is a picture of them, as "photo of" is ("close up of
  macron", "Close-Up Of Trump"), and a quality tag after the name ("Macron Award Winning
  Portrait") no longer hides it; "closeup" is a word that draws the person ("macron closeup").
- A lower-case epithet of "the" and an English word after a preposition of place is the thing
  ("the castle on the rock behind") unless another word of the prompt speaks of people
  ("fans near the rock at the premiere", "standing near the rock, bald muscular wrestler":
  adversary 19).
- A little word of the prompt's language before another or an article is the word ("Ouro Preto
  durante o Carnaval"), and a common word of the language right after its article ("un
  domingo", "la luce del tramonto"), not before what a person does ("un domingo cantando").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


def _found(matcher, prompt):
    return [lk.text for lk in matcher.find_all(prompt).likenesses]


@pytest.mark.parametrize("prompt", [
    "close up of macron, award winning portrait",
    "Close Up Of Macron Award Winning Portrait",
    "Close Up Of Macron",
    "close-up of trump at a rally",
    "macron closeup",
    "Photo Of Trump Award Winning Photography",
    "the rock flexing his muscles at the gym",
    "fans near the rock at the premiere",
    "standing near the rock, bald muscular wrestler, raising one eyebrow",
    "durante canta en el escenario",
    "retrato de durante a sorrir",
    "un domingo cantando opera",
    "una foto di durante sul palco",
])
def test_people_are_found(matcher, prompt):
    assert _found(matcher, prompt)


@pytest.mark.parametrize("prompt", [
    "close up of trump card on a green table",
    "close up of a musk ox",
    "the trump award winning card game",
    "A bike in Edinburgh, the castle on the rock behind, drizzle.",
    "Praça Tiradentes em Ouro Preto durante o Carnaval",
    "el concierto durante el verano en Madrid",
    "Mercado en Buenos Aires un domingo, antigüedades",
    "aperitivo in Piazza Navona, testimoni eleganti, la luce del tramonto",
])
def test_things_and_words_pass(matcher, prompt):
    assert not _found(matcher, prompt)
