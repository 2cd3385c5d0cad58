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
        pytest.param("特朗普在集会上", id="han-transliterated"),
        pytest.param("ドナルド・トランプの肖像", id="katakana-middle-dot"),
        pytest.param("डोनाल्ड ट्रम्प भाषण देते हुए", id="devanagari-transliterated"),
        pytest.param("拜登总统在白宫", id="han-two-characters-and-title"),
        pytest.param("王秀英在厨房做饭", id="han-surname-and-given-name"),
        pytest.param("トランプ大統領の演説", id="katakana-and-title"),
        pytest.param("김민준 씨가 웃고 있다", id="hangul-surname-and-given-name"),
        pytest.param("తెలుగు నటుడు వేదికపై", id="unreadable-script-fails-closed"),
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


@pytest.mark.parametrize(
    "prompt",
    [
        "一只猫在窗台上", "富士山の風景", "एक सुंदर बगीचा", "黄色的花朵在阳光下", "马拉松比赛的终点", "熊猫在竹林里吃竹子",
        "加利福尼亚的海滩", "ニューヨークの街並み", "고양이가 창가에 앉아 있다", "القطة على النافذة", "חתול על החלון",
    ],
)
def test_everyday_prompts_in_other_scripts_are_not_people(matcher, prompt):
    # a China label profile's users write Chinese prompts: readable scripts are read, not denied
    assert matcher.find(prompt) == [], prompt


def test_unreadable_script_says_why(matcher):
    (lk,) = matcher.find("తెలుగు నటుడు వేదికపై")
    assert lk.extra["rule"] == "unreadable-script" and "cannot read" in lk.extra["why"]


@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param("S e r e n a   W i l l i a m s serving", id="letters-spaced-words-by-wider-gaps"),
        pytest.param("A-N-G-E-L-A M-E-R-K-E-L at a summit", id="letters-dashed-words-by-spaces"),
        pytest.param("Q.W.E.R.T.Y.L.A.N.D.I.A at a summit", id="letters-spelling-no-word-fail-closed"),
        pytest.param("@natalieportman in a tutu", id="handle-run-together"),
    ],
)
def test_spelled_and_run_together_names_are_unknown_persons(matcher, prompt):
    found = matcher.find(prompt)
    assert found and all(lk.subject_id is None for lk in found), f"{prompt!r} slipped through"


@pytest.mark.parametrize("prompt", ["Carnegie Hall at night", "Rockefeller Center ice rink", "Marie Byrd Land ice",
                                    "Tyler, Texas rose garden", "a princess castle in a theme park"])
def test_places_named_after_people_are_not_people(matcher, prompt):
    assert matcher.find(prompt) == [], prompt


def test_a_persons_house_is_still_the_person(matcher):
    assert [lk.subject_id for lk in matcher.find("Tom Hanks's house in LA")] == [None]


@pytest.mark.parametrize("prompt", ["H A P P Y   B I R T H D A Y banner", "the N.A.S.A logo on a rocket",
                                    "Neuschwanstein at dawn", "a Stratocaster guitar", "#nofilter morning coffee"])
def test_spelled_words_and_one_word_proper_nouns_are_not_people(matcher, prompt):
    assert matcher.find(prompt) == [], prompt


@pytest.mark.parametrize(
    "prompt",
    [
        pytest.param("特 朗 普在集会上", id="han-spaced-out"),
        pytest.param("特-朗-普在集会上", id="han-dashed"),
        pytest.param("特\u200b朗普在集会上", id="han-zero-width"),
        pytest.param("王 秀英在厨房", id="han-surname-spaced"),
        pytest.param("ﾄﾞﾅﾙﾄﾞ･ﾄﾗﾝﾌﾟの肖像", id="half-width-katakana"),
        pytest.param("Trump特朗普在集会上", id="latin-run-into-han"),
    ],
)
def test_disguised_names_in_other_scripts_are_unknown_persons(matcher, prompt):
    found = matcher.find(prompt)
    assert found and all(lk.subject_id is None for lk in found), f"{prompt!r} slipped through"


def test_registered_hangul_name_with_the_surname_spaced_off_is_that_subject():
    class _S:
        id, display_name, aliases = "kim", "Kim Jong Un", ["김정은"]

    found = NameMatcher([_S()]).find("김 정은 위원장")
    assert [(lk.subject_id, lk.text) for lk in found if lk.subject_id] == [("kim", "김 정은")]


@pytest.mark.parametrize("prompt", [
    "taylor%20swift portrait",
    "TAYLOR%2BSWIFT on stage",
    "taylor.swift@example.com walking on a beach",
    "barack%5Fobama giving a speech",
])
def test_url_escapes_and_email_addresses_do_not_hide_a_famous_name(prompt):
    """(red team 56) "%20"-style escapes of a separator and an e-mail address's "@" read as spaces."""
    from consent.names import NameMatcher

    assert NameMatcher().find(prompt), prompt


@pytest.mark.parametrize("prompt", ["photo at https://example.com/my%20garden%20photo.jpg, golden hour",
                                    "send the files to info@studio.example.com", "a cat @ home, cosy"])
def test_urls_and_addresses_without_a_name_stay_clear(prompt):
    from consent.names import NameMatcher

    assert NameMatcher().find(prompt) == [], prompt
