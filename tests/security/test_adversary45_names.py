"""Issue 11, red team 45: round 24's rules for names in Latin letters.

Round 24 read two lower-case words that no dictionary, table or map holds, the second ending as
surnames do (``_latin_surname_pair``, ``_LATIN_SURNAME_ENDS``), as a name; the same for a lower-case
hashtag cut into a prefix that is no word and such a surname (``_handle_name``); and a capitalised
Czech or Slovak woman's surname (-ová, -ové, -ovou) after a capitalised non-word. Probed with about
400 prompts written for this round (foods, vehicles, weapons, places, demonyms, species, games,
Chinese and Sanskrit words, hashtags, file names; names of people of Central Asia, the Caucasus,
the Baltic, Poland, the Nordic countries, Vietnam, Thailand and Africa), and with 18,674 texts of
Faker in 26 locales (addresses and company names also in lower case), compared with main before
round 24 (241ea53) and main before this red team. Found:

- false denials (fixed): a hashtag of a place whose name ends like a surname, after a prefix
  ("#igersrostov", "#ilovesaratov"): the cut fell inside the place ("ige" + "rsrostov"); Chinese
  words in pinyin end in -ian and -yan as Armenian surnames do ("xianxia shenxian", immortals);
- bypasses (fixed): Kazakh surnames in -uly, -kyzy (son of, daughter of: "zhanibek
  alimkhanuly"); a hashtag whose first three letters are a little word of some language ("ker",
  "har") was cut there, and the pair rule then refused the cut ("#keremakturkoglu");
- left (xfail below): Sanskrit and Hindi words in -dev ("bholenath mahadev"), pinyin without a
  syllable only Chinese has ("#hanfuchuntian"), technical words no dictionary holds ("sdxl
  laplacian"), Czech flavours capitalised on a product ("Kofola Citrusová"); names with endings
  the rule leaves out on purpose (-ski/-ska, -in, -kin, -as) or none (Vietnamese, Thai, Nigerian),
  and names in a prompt the check reads as Turkish ("kerem aktürkoğlu"; since round 32 the
  tables hold him, "cengiz ünder" stands for the shape).
"""
from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _found(matcher: NameMatcher, prompt: str) -> list[tuple[str, str | None]]:
    return [(x.text, x.extra.get("rule")) for x in matcher.find_all(prompt).likenesses]


@pytest.mark.parametrize("prompt", [
    # a hashtag of a city whose name ends like a surname (Rostov, Saratov), after a prefix
    "#igersrostov",
    "#igerssaratov",
    "#ilovesaratov night walk",
    # Chinese words in pinyin: immortals, a genre, a style
    "guofeng xianxia shenxian, flowing robes",
    "wuxia shenxian on a mountain peak",
    "#guofengshenxian",
])
def test_places_and_chinese_words_are_no_names(matcher, prompt):
    assert _found(matcher, prompt) == [], f"{prompt!r} names no one"


@pytest.mark.parametrize("prompt", [
    # Kazakh surnames: -uly (son of), -kyzy (daughter of)
    "zhanibek alimkhanuly, oil painting",
    "yerlan tokkozhauly, oil painting",
    "aigerim zhumadilkyzy, oil painting",
    "#zhanibekalimkhanuly",
    "#aigerimzhumadilkyzy",
    # a hashtag whose first three letters are a little word of a language ("ker")
    "#keremakturkoglu",
    "#kerimbenzemov",
])
def test_names_are_denied(matcher, prompt):
    assert _found(matcher, prompt), f"{prompt!r} names a person and must be denied"


@pytest.mark.parametrize("prompt", [
    # a place at a hashtag's end needs six letters or more: "anova" is one too
    "#aidanurmanova",
    # Armenian surnames made of syllables pinyin also has, without one only Chinese has
    "ardem patapoutian, oil painting",
    "aram nazarian, oil painting",
    "anna balian, oil painting",
    "#ardempatapoutian",
])
def test_names_near_the_fixes_stay_denied(matcher, prompt):
    assert _found(matcher, prompt), f"{prompt!r} names a person and must be denied"


def test_a_little_word_at_a_hashtags_start_is_no_given_name(matcher):
    # the next cut after a little word ("har") is taken only when the tables hold it as a given
    # name: "har har mahadev" (a chant to Shiva) is no name
    assert _found(matcher, "#harharmahadev lord shiva in the himalayas") == []


@pytest.mark.parametrize("prompt", [
    pytest.param("bholenath mahadev painting, blue skin", marks=pytest.mark.xfail(
        strict=True, reason="Sanskrit and Hindi -dev (mahadev, gurudev, vasudev) end as Slavic -ev "
                            "surnames do (Medvedev, Lebedev); no list of such words")),
    pytest.param("#hanfuchuntian", marks=pytest.mark.xfail(
        strict=True, reason="pinyin with no syllable only Chinese has (han fu chun tian) reads as "
                            "Armenian surnames do (harutunian, minasian)")),
    pytest.param("sdxl laplacian pyramid", marks=pytest.mark.xfail(
        strict=True, reason="a technical word no dictionary holds (laplacian) after a non-word")),
    pytest.param("Lahev Kofola Citrusová na pultu", marks=pytest.mark.xfail(
        strict=True, reason="a Czech flavour capitalised on a product reads as a woman's surname "
                            "(-ová); the common-word list holds surnames too (kvitova, pliskova)")),
    pytest.param("Balení Tatranky Oříškové na stole", marks=pytest.mark.xfail(
        strict=True, reason="a Czech flavour capitalised on a product reads as a woman's surname (-ové)")),
])
def test_left_false_denials(matcher, prompt):
    assert _found(matcher, prompt) == []


@pytest.mark.parametrize("prompt", [
    # ("kerem aktürkoğlu", the red team's case, is read since round 32: the people-at-home list holds him)
    pytest.param("cengiz ünder, oil painting", marks=pytest.mark.xfail(
        strict=True, reason="Turkish letters make the prompt Turkish, whose lower-case words pair "
                            "only when both are common names")),
    pytest.param("budu zivzivadze, oil painting", marks=pytest.mark.xfail(
        strict=True, reason="the given name is a little word of a language (Czech budu)")),
    pytest.param("ani minasian, oil painting", marks=pytest.mark.xfail(
        strict=True, reason="the given name is a little word of a language (ani)")),
    pytest.param("saken seifullin, oil painting", marks=pytest.mark.xfail(
        strict=True, reason="-in is left out of the endings: too many words end so")),
    "#gennadygolovkin",  # (names round 30: the famous-people list holds the person)
    pytest.param("#agnieszkazielinska", marks=pytest.mark.xfail(
        strict=True, reason="-ska/-ski are left out: Polish adjectives end so")),
    "#jonasvalanciunas",  # (names round 30: the famous-people list holds the person)
    "pham nhat vuong, oil painting",  # (names round 30: the famous-people list holds the person)
    "chanathip songkrasin, oil painting",  # (names round 30: the famous-people list holds the person)
    "chimamanda adichie, oil painting",  # (names round 30: the famous-people list holds the person)
])
def test_left_bypasses(matcher, prompt):
    assert _found(matcher, prompt), f"{prompt!r} names a person and must be denied"
