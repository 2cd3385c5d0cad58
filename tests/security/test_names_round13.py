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


def _withdrawn(prompt: str, why: str):
    return pytest.param(prompt, marks=pytest.mark.xfail(strict=True, reason=(
        f"round 13's rule withdrawn after red team 25 (tests/security/test_adversary25_names.py): {why}; "
        "denied again, fail closed")))


_PROVINCES = ("first-level divisions as places passed people a division is named after and no table "
              "holds ('portrait of Morazán', 'statue of Nariño', 'Presidente Hayes giving a speech')")
_UNITS = ("a number with a unit had no '1 -> l' reading, which hid Lloyd, Lord and Land ('Andrew 110yd "
          "Webber', 'portrait of 10rd Byron')")

#: An English plural is no famous person's rare first name ("saints": Saints Cosmas and Damian).
#: Round 13 also read first-level divisions of countries (countryinfo) as places and a number with
#: a unit of measure as written in the "1 -> l" reading; both were withdrawn after red team 25.
KEPT_CLEAN = [  # each was denied before round 13
    _withdrawn("a farmer checking coffee cherries in Huila, straw hat", _PROVINCES),
    _withdrawn("tea pickers in Huila wearing ponchos", _PROVINCES),
    _withdrawn("drought in Minas Gerais, cracked earth", _PROVINCES),
    _withdrawn("Minas Gerais baroque church, gold altar", _PROVINCES),
    _withdrawn("a landscape painting of Zeeland dikes", _PROVINCES),
    "baroque saints carved along a stone bridge at dawn",
    "stone saints lining the nave, candle light",
    _withdrawn("camera: Sony A7R V, 14mm, night architecture", _UNITS),
    _withdrawn("lens: F, 14mm, wide open", _UNITS),
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
