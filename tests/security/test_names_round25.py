"""Issue 11, round 25: famous names run together in a hashtag or handle that the run-together
reader refused.

- "#muhammadali" passed: Faker's Uzbek given names hold "Muhammadali", and a token that is a
  given name or a surname was never split. A famous name run together in a hashtag is now read
  when the web corpus does not hold the token often ("#william" is still no will.i.am).
- "#jackma" passed: a run-together name needed seven letters and a surname of three.

The prompts were written for these tests; each DENIED one was allowed before the change.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


DENIED = [
    "#muhammadali in the ring",
    "#MuhammadAli in the ring",
    "#jackma giving a speech",
    "@jackma on stage",
    "#guanyu statue with his halberd",
]


@pytest.mark.parametrize("prompt", DENIED)
def test_a_famous_name_run_together_is_read(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


ALLOWED = [
    "#william and #kate wedding cake topper, sugar flowers",  # given names, no will.i.am
    "#yangzi river cruise at dusk",  # the river
    "#jialing river at dawn",
    "jackma",  # not a hashtag or handle: a six-letter token is not split
    "#florida beach sunset",
]


@pytest.mark.parametrize("prompt", ALLOWED)
def test_a_common_hashtag_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


# A famous person named by one word in another script ("دوستويفسكي", Dostoevsky): the sound keys
# read two words or more, so each of these passed. Now a one-word name of someone Pantheon counts
# in 100 languages or more is read when its key has five consonant classes or more
# (consent._native_sound.SINGLE_FAME, SINGLE_CLASSES).
SINGLE_DENIED = [
    ("دوستويفسكي في السجن", "دوستويفسكي"),  # Arabic
    ("لدوستويفسكي رواية", "دوستويفسكي"),  # after the proclitic li-
    ("تشايكوفسكي يقود الأوركسترا", "تشايكوفسكي"),
    ("ドストエフスキーの肖像", "ドストエフスキー"),  # katakana
    ("ゴルバチョフとレーガン", "ゴルバチョフ"),
    ("채플린 영화", "채플린"),  # Hangul
    ("고르바초프 연설", "고르바초프"),
]


@pytest.mark.parametrize("prompt, name", SINGLE_DENIED)
def test_a_famous_one_word_name_by_sound(matcher: NameMatcher, prompt: str, name: str) -> None:
    assert name in [x.text for x in matcher.find_all(prompt).likenesses], prompt


SINGLE_ALLOWED = [
    "کشتی با بادبان سفید",  # a boat with a white sail: Beethoven's key at four classes, too short
    "それじぶんのへやでねる",  # hiragana: Japanese words, never read as a foreign name
]


@pytest.mark.parametrize("prompt", SINGLE_ALLOWED)
def test_a_word_of_the_language_is_no_famous_one_word_name(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


@pytest.mark.xfail(strict=True, reason="round 25: famous one-word names of four consonant classes or fewer "
                   "(Merkel, Pushkin, Kafka, Federer) are not read alone: at four, 64 of 7,329 Faker texts "
                   "read as one ('بادبان', sail, as Beethoven)")
@pytest.mark.parametrize("prompt", ["ميركل في البرلمان", "פושקין כותב שירה", "カフカの肖像"])
def test_short_famous_one_word_names_stay_open(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses


# A listed two-character Chinese name inside a run of Chinese: read only standing alone before
# ("王菲唱歌", Faye Wong sings, passed; the check joins Han characters across spaces, so "鲁迅 水墨画"
# was one run). Now read inside a run when it is no ordinary word and no word of jieba's
# dictionary overlaps it.
ZH_DENIED = [
    ("王菲唱歌", "王菲"),
    ("梅西高高举起大力神杯", "梅西"),
    ("鲁迅 水墨画 肖像", "鲁迅"),
    ("李白 醉酒赏月, 水墨画", "李白"),
]


@pytest.mark.parametrize("prompt, name", ZH_DENIED)
def test_a_two_character_name_inside_chinese(matcher: NameMatcher, prompt: str, name: str) -> None:
    assert name in [x.text for x in matcher.find_all(prompt).likenesses], prompt


ZH_ALLOWED = [
    "新郎平时很忙",  # the groom is usually busy: 郎平 (Lang Ping) inside 新郎 and 平时
    "山里有一片大谷地",  # a big valley: 大谷 (Ohtani) is an ordinary word
    "他说川普话",  # he speaks Sichuan Mandarin: 川普 (Trump) is an ordinary word
]


@pytest.mark.parametrize("prompt", ZH_ALLOWED)
def test_a_two_character_name_that_is_part_of_a_word_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


# An Arabic given name and a family name of the form al-...-i (a nisba: "الزهراني", of the Zahran
# tribe) that no table lists: the grammar of Arabic writes an adjective after an indefinite noun
# without the article, so a given name of the tables followed by "al-...-i" is read as a name,
# unless the family name, or its stem, is a common word ("فستان جميل الصيفي": a beautiful summer
# dress; "الصيف", summer).
@pytest.mark.parametrize("prompt, name", [
    ("أحمد الزهراني يبتسم", "أحمد الزهراني"),
    ("صورة لخالد العتيبي في المكتب", "خالد العتيبي"),  # after the proclitic li-
    ("محمد القحطاني على الشاطئ", "محمد القحطاني"),
])
def test_an_arabic_given_name_and_a_nisba(matcher: NameMatcher, prompt: str, name: str) -> None:
    assert name in [x.text for x in matcher.find_all(prompt).likenesses], prompt


def test_a_given_name_that_is_an_adjective_before_a_common_nisba_stays_allowed(matcher: NameMatcher) -> None:
    assert not matcher.find_all("فستان جميل الصيفي").likenesses


# French and Italian elide a little word before a vowel ("d'Emmanuel": de Emmanuel). The token was
# read as one word ("demmanuel"), so "une photo d'Emmanuel Macron" passed. A lower-case elided
# word is now dropped and the word after the apostrophe read alone; a capital before the
# apostrophe is part of a name ("N'Golo Kanté", "D'Angelo").
@pytest.mark.parametrize("prompt", [
    "Une photo d'Emmanuel Macron à l'Élysée",
    "photo d’Emmanuel Macron",  # the typographic apostrophe
    "photo d'Elon Musk sur Mars",
    "le sourire d'Obama",
    "ritratto dell'Obama",
])
def test_a_name_after_an_elided_little_word(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


@pytest.mark.parametrize("prompt", [
    "une bouteille d'eau sur la table",
    "une tasse d'Earl Grey",
    "la cathédrale d'Amiens au coucher du soleil",
    "l'Oréal bottle on a shelf",
])
def test_an_elided_little_word_before_a_thing_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


# A famous one-word name, capitalised, right before what shows a person's likeness: "Trump
# portrait" was denied, "Trump mask", "Trump caricature" and "Trump-Karikatur" passed ("trump" is an
# English word, so the name alone is read only with a cue).
@pytest.mark.parametrize("prompt", [
    "Trump mask on a shelf",
    "Trump caricature",
    "Trump-Karikatur",  # German writes the compound with a hyphen
    "Trump mugshot",
    "Macron caricatures",
])
def test_a_famous_one_word_name_before_a_likeness_noun(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


@pytest.mark.parametrize("prompt", [
    "trump card on a green table",  # no capital: the card game's word
    "Trump hat on a hook",  # a garment: no likeness
    "Rock statue in the desert",  # a common English word
    "Apple poster in a shop window",  # a brand
])
def test_a_word_before_a_likeness_noun_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]


# Other languages write a title in lower case before a name ("le président Macron", "la reine
# Elizabeth", "der König Charles"); the check read only English titles, and in a prompt in another
# language paired a lower-case word with a name only when both were common names.
@pytest.mark.parametrize("prompt", [
    "portrait du président Macron",
    "le roi Charles à Londres",
    "der König Charles",
    "la regina Elisabetta",
    "el presidente Milei",
    "Herr Scholz im Bundestag",
])
def test_a_title_of_another_language_before_a_name(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


@pytest.mark.parametrize("prompt", [
    "Kung Pao chicken in a wok",  # "kung" is Swedish for king: not listed
    "le roi Lion dans la savane",  # an animal after the title
    "le président de la République",
])
def test_a_title_of_another_language_before_no_name_stays_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, [x.text for x in matcher.find_all(prompt).likenesses]
