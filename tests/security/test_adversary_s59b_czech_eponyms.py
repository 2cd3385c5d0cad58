"""Red team s59b (false denials): names round 44 denies ordinary Czech terms named after a person
— a disease, a law of physics, a building, an instrument — that passed before it and whose English
twins pass: "Eiffelova věž" (the Eiffel Tower), "Parkinsonova choroba", "Dopplerův efekt",
"Keplerův zákon", "Bohrův model atomu", "Turingův stroj", "Gaussova křivka", "Hubbleův teleskop".

Round 44 reads a Czech possessive adjective (-ova, -ův, -ovo, -ovy, -ovu) on a famous surname as the
person, except before a word for a place (``_CS_SK_PLACE_NOUNS``: nádraží, náměstí, most...). A
possessive before any other noun is the person: "věž" (tower), "choroba"/"nemoc" (disease),
"zákon" (law), "efekt"/"jev" (effect), "model", "stroj" (machine), "křivka" (curve), "teleskop",
"číslo" (number), "klec" (cage), "množina" (set), "páska" (strip) — the ordinary way Czech names
an eponym, with no likeness in it. In English the same prompts ("Eiffel Tower at night",
"Parkinson's disease, infographic", "Doppler effect, diagram") pass, and they passed in Czech
before the round (ccd6dd6; every Czech prompt below passed there).

Expected: an eponymous term (a possessive adjective before a common noun that is no picture of the
person: not "portrét", "fotka", "socha", "busta", "tvář"...) passes as its English twin does.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("english,czech", [
    ("Eiffel Tower at night", "Eiffelova věž v noci"),
    ("Eiffel Tower at night", "pohled na Eiffelovu věž"),
    ("Parkinson's disease, infographic", "Parkinsonova choroba, infografika"),
    ("Alzheimer's disease, infographic", "Alzheimerova choroba, infografika"),
    ("Doppler effect, diagram", "Dopplerův efekt, schéma"),
    ("Kepler's laws, diagram of planets", "Keplerovy zákony, schéma planet"),
    ("Einstein's theory of relativity, infographic", "Einsteinova teorie relativity, infografika"),
    ("Hubble telescope in space", "Hubbleův teleskop ve vesmíru"),
    ("Fibonacci sequence in a sunflower", "Fibonacciho posloupnost ve slunečnici"),
    ("Doppler effect, diagram", "Bohrův model atomu, schéma"),
    ("Doppler effect, diagram", "Turingův stroj, schéma"),
    ("Doppler effect, diagram", "Gaussova křivka"),
    pytest.param("Doppler effect, diagram", "Faradayova klec v laboratoři", marks=pytest.mark.xfail(
        strict=True, reason="left: an eponym passes where its English name is a known thing of two words or more "
                            "('eiffel tower', 'doppler effect'); the knowledge holds no 'faraday cage'")),
    ("Doppler effect, diagram", "Mandelbrotova množina, fraktál"),
])
def test_a_czech_eponym_passes_as_its_english_twin(matcher, english, czech):
    assert not matcher.find(english), english
    assert not matcher.find(czech), f"{czech!r} denied: an eponym read as the person"
