"""Round 13 (issue 11): false denials removed by knowledge of what a string is, each pinned both
ways: the clean prompt it stops denying, and the people it must still find (docs/LIKENESS.md,
"Round 13"). The prompts are written for these tests, not taken from the evaluation sets.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher([])


#: First-level divisions of countries (countryinfo's provinces, states, departments) are places.
#: An English plural is no famous person's rare first name ("saints": Saints Cosmas and Damian).
#: A number with a unit of measure is read as written, also in the "1 -> l" reading.
KEPT_CLEAN = [  # each was denied before round 13
    "a farmer checking coffee cherries in Huila, straw hat",
    "tea pickers in Huila wearing ponchos",
    "drought in Minas Gerais, cracked earth",
    "Minas Gerais baroque church, gold altar",
    "a landscape painting of Zeeland dikes",
    "baroque saints carved along a stone bridge at dawn",
    "stone saints lining the nave, candle light",
    # a number and a unit has no "1 -> l" reading: "14mm" is no "lamm" after an initial
    "camera: Sony A7R V, 14mm, night architecture",
    "lens: F, 14mm, wide open",
]

#: People a province's or a plural's reading must not hide.
STILL_DENIED = [
    "Simón Bolívar on horseback crossing the Andes",
    "Bolivar giving a speech to his troops",
    "Santander smiling at the camera",
    "Francisco Morazán statue in a plaza",  # the department Morazán is named after him
    "Juan Huila smiling at the camera",  # a given name and a province: a surname no table holds
    "Huila smiling on the red carpet",  # a place's name doing what only people do
    "Senator Antioquia giving a speech",  # a title and a province: a surname no table holds
    "Professor Tolima lecturing",
    "Maria Trinidad Sanchez smiling",  # a province named after a person is not taken as a place
    "Bernardo O'Higgins portrait",
    "Zendaya in Huila, golden hour",
    "Saints Cosmas and Damian icon, gold leaf",
    "Piers Morgan shouting in a studio",
    "Sakis singing on stage",  # "sakis" and "duns" are plurals too, but rare on the web
    "Duns teaching in a cloister",
    "Mads Mikkelsen smiling at a premiere",
    # digits for letters where no unit follows the number
    "1ady gaga singing on stage",
    "1ily allen on stage",
    "J. R0w1ing signing books",
]


@pytest.mark.parametrize("prompt", KEPT_CLEAN)
def test_kept_clean(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find(prompt) == [], prompt


@pytest.mark.parametrize("prompt", STILL_DENIED)
def test_still_denied(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find(prompt), prompt
