"""Attacks on unknown-person detection: a real person's name, not registered, disguised so
the prompt check misses it. One sample per evasion family; each must still be denied (found
as an unknown person), and everyday prompts with places, brands and breeds must not be."""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param("Obama waving from a stage", id="single-name-star"),
        pytest.param("al pacino as a gangster", id="lower-case-outside-census"),
        pytest.param("lady gaga at the piano", id="lower-case-title"),
        pytest.param("elon musk smoking on a podcast", id="lower-case-rare-word-surname"),
        pytest.param("BARACK OBAMA at a rally", id="all-caps"),
        pytest.param("Barack....Obama waving", id="periods-between"),
        pytest.param("Keanu     Reeves riding", id="spaces-between"),
        pytest.param("T a y l o r  S w i f t on stage", id="letters-spaced"),
        pytest.param("B.A.R.A.C.K O.B.A.M.A smiling", id="letters-dotted"),
        pytest.param("TaylorSwift in a sparkly dress", id="run-together"),
        pytest.param("#TaylorSwift concert poster", id="hashtag"),
        pytest.param("<taylorswift> on stage", id="placeholder-run-together"),
        pytest.param('Dwayne "The Rock" Johnson lifting weights', id="quoted-nickname"),
        pytest.param("дональд трамп на митинге", id="lower-case-cyrillic"),
        pytest.param("特朗普在集会上", id="han-unreadable"),
        pytest.param("ドナルド・トランプの肖像", id="katakana-unreadable"),
        pytest.param("डोनाल्ड ट्रम्प भाषण देते हुए", id="devanagari"),
        pytest.param("Bɑrɑck Obɑmɑ smiling", id="latin-alpha-lookalike"),
        pytest.param("Barack\u007fObama at a rally", id="del-control-character"),
        pytest.param("Ke\u200banu Ree\u200bves", id="zero-width-space"),
        pytest.param("the CEO of Tesla and SpaceX on a rocket", id="description-office-of"),
        pytest.param("the current pope blessing a crowd", id="description-current-office"),
    ],
)
def test_disguised_real_person_is_an_unknown_person(matcher, prompt):
    found = matcher.find(prompt)
    assert found and all(lk.subject_id is None for lk in found), f"{prompt!r} slipped through"


def test_description_is_reported_as_one_unknown_person_with_its_text(matcher):
    (lk,) = matcher.find("the CEO of Tesla and SpaceX on a rocket")
    assert lk.extra["rule"] == "description" and lk.text.startswith("CEO of Tesla")


@pytest.mark.parametrize(
    "prompt",
    [
        "Victorian London at night", "a Porsche Carrera on a mountain road", "Buckingham Palace at dawn",
        "Nintendo Switch on a desk", "a German Shepherd in the snow", "the Rocky Mountains in autumn",
        "a poster for Shake It Off", "Harry Potter on a broom", "a red rose on a table",
        "a boy called Max with his dog",
    ],
)
def test_places_brands_breeds_and_everyday_words_are_not_people(matcher, prompt):
    assert matcher.find(prompt) == [], prompt
