"""Issue 11, names round 24: names in the cased alphabets that capitalise names only, and ordinary
words of Cyrillic, Greek and Hindi text that the name check read as names.

Found by a probe written for this round (people of sport and politics recalled by the author, in
their own scripts; clean prompts of places and things) and by ``scripts/eval_native_clean.py``
(Faker's sentences, addresses and company names in 16 locales), not by an evaluation set.

- Cyrillic, Greek and Armenian capitalise names and not nouns: a capitalised word before a
  capitalised word with a surname's ending (``-ов``, ``-ева``, ``-ский``, ``-енко``, ``-дзе``,
  ``-όπουλος``, ``-ίδου``, ``-յան``), neither a common word, adjective or place, is a given name
  and a surname that no table lists.
- Two Cyrillic or Greek words that a transliteration makes look like a given name and a surname
  (the Latin tables hold a reading of most words) are ordinary words when they are in lower case,
  or a prompt capitalises every word, and one of them is among the 20,000 commonest words of
  Russian, Ukrainian, Bulgarian, Macedonian or Greek (wordfreq), an infinitive, or the first an
  adjective; unless the pair is a famous person's by sound ("дональд трамп").
- Russian abbreviations of a place's kind in lower case ("п. Таганрог", "ст. Киржач") are no
  initials.
- Two common Hindi (Bengali, Tamil, ...) words read with their vowels as a given name and a
  surname of the Latin tables ("ताज महल": taj mahal) are no name.
- Two lower-case Latin words no dictionary, table or map holds, the second ending as only surnames
  do ("abdukodir khusanov", "ardem patapoutian"), are a name; not a common word of 27 languages
  written in Latin letters that ends so (Slovak "pokusov", Croatian "zrakoplova"); so is a
  lower-case hashtag or handle that splits into a prefix that is no word and such a surname
  ("#abdukodirkhusanov").
- A Czech or Slovak woman's surname (-ová, -ové, -ovou), capitalised after a capitalised word that
  is no English word, is a name ("Fotka Barbory Krejčíkové na kurtu").
"""
from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    # Central Asian and Caucasian names no table lists, with a surname's ending
    "Абдукодир Хусанов на поле",
    "Ержан Нурымбетов на ринге",
    "Портрет Ержана Нурымбетова",  # both in the genitive
    "Айсулуу Тыныбекова на ковре",
    "Мурат Шаханбеков фото",
    "Давид Гоциридзе на стадионе",
    # Greek and Armenian
    "Έλενα Κωνσταντινίδου χορεύει",
    "Μίλτος Τεντόγλου πηδάει",  # a given name that is a common word, before an ending only surnames have
    "Հենրիխ Մխիթարյան ֆուտբոլի դաշտում",
    "Սամվել Կարապետյանը հարցազրույցում",
    # a famous person written by sound, capitalised inside a sentence
    "Майкл Джордан делает данк с линии штрафного, 1988",
    # famous people in lower case keep being read by sound
    "дональд трамп на митинге",
    "Нарисуй владимира путина, сидящего за длинным белым столом в кремле",
])
def test_names_in_cased_alphabets_are_denied(matcher, prompt):
    found = matcher.find_all(prompt).likenesses
    assert found, f"{prompt!r} names a person and must be denied"


@pytest.mark.parametrize("prompt", [
    # capitalised nouns at a sentence's start before a place, a genitive plural or an adjective
    "Река Иртыш весной",
    "Набережная Ростова ночью",
    "Магазин Цветов на углу",
    "Долина Гейзеров на Камчатке",
    "Остров Сокровищ иллюстрация",
    "Чарынский каньон на рассвете, красные скалы",
    "Деревянный дом у озера, утренний туман",
    "Салон старинного автомобиля, кожаные сиденья",
    # place kinds abbreviated in lower case are no initials
    "п. Таганрог летом, набережная",
    "Вид на г. Москва с Воробьёвых гор",
    # common Hindi words read as a Latin given name and surname
    "ताज महल की तस्वीर",
    "जयपुर का हवा महल",
    "गंगा नदी पर सूर्योदय",
])
def test_ordinary_words_in_other_scripts_stay_allowed(matcher, prompt):
    found = matcher.find_all(prompt).likenesses
    assert not found, f"{prompt!r} names no one: {[(x.text, x.extra.get('rule')) for x in found]}"


def test_initials_in_capitals_are_still_initials(matcher):
    """Only a lower-case abbreviation of a place's kind is exempt: "В. Путин" is an initial, and
    so is a capital with a full stop that is also a little word ("А." is "and", "С." "with")."""
    for prompt in ("В. Путин на трибуне", "А. Ахматова читает стихи", "С. Петров читает", "Ο. Ελύτης γράφει"):
        assert matcher.find_all(prompt).likenesses, prompt
    for prompt in ("А Москва спит", "Кошка спит, а собака лает", "Η Ακρόπολη τη νύχτα"):
        assert not matcher.find_all(prompt).likenesses, prompt


def test_russian_sentences_are_mostly_not_names():
    """Faker's Russian and Greek sentences (seeded) were denied one time in two (54 of 100 and 25
    of 100 before round 24): pairs of ordinary words whose transliterations meet a given name
    and a surname of the Latin tables. At most one in ten may be denied now."""
    faker = pytest.importorskip("faker")
    del faker
    from scripts.eval_native_clean import texts

    m = NameMatcher()
    for loc in ("ru_RU", "el_GR"):
        lorem = [t for kind, t in texts(loc, 240, 24) if kind == "lorem"]
        assert len(lorem) == 40
        denied = [t for t in lorem if m.find_all(t).likenesses]
        assert len(denied) <= 4, (loc, denied)


@pytest.mark.parametrize("prompt", [
    "abdukodir khusanov on the pitch",
    "ardem patapoutian lecture",
    "nurlan nogoev wrestling",
    "gevorg ghazaryan portrait",
])
def test_lower_case_names_with_a_surname_ending_are_denied(matcher, prompt):
    assert matcher.find_all(prompt).likenesses, f"{prompt!r} names a person and must be denied"


@pytest.mark.parametrize("prompt", [
    "referent poľných pokusov",  # Slovak: a referee of field trials (genitive plural -ov)
    "inšpektor historických budov",  # Slovak: an inspector of historic buildings
    "član kabinske posade zrakoplova",  # Croatian: a member of an aircraft's cabin crew
    "beef stroganov on a plate",
    "prostejov town square",
    "chicken kiev with peas",
])
def test_lower_case_words_that_end_like_surnames_stay_allowed(matcher, prompt):
    found = matcher.find_all(prompt).likenesses
    assert not found, f"{prompt!r} names no one: {[(x.text, x.extra.get('rule')) for x in found]}"


@pytest.mark.parametrize("prompt", [
    "#abdukodirkhusanov on the pitch",
    "@ardempatapoutian lecture",
    "#gevorgghazaryan",
])
def test_lower_case_handles_of_names_with_a_surname_ending_are_denied(matcher, prompt):
    assert matcher.find_all(prompt).likenesses, f"{prompt!r} names a person and must be denied"


@pytest.mark.parametrize("prompt", [
    "#typhoonhaiyan satellite image",  # starts with an English word
    "#transsiberian railway at dawn",
    "#mrwhiskers the cat",  # a given name's prefix is no reading: "mrwh iskers"
    "#elizabethbay sunset",
    "#lunarnewyear lanterns",
    "#aliceinwonderland tea party",
])
def test_lower_case_hashtags_of_words_stay_allowed(matcher, prompt):
    found = matcher.find_all(prompt).likenesses
    assert not found, f"{prompt!r} names no one: {[(x.text, x.extra.get('rule')) for x in found]}"


@pytest.mark.parametrize("prompt", [
    "Fotka Barbory Krejčíkové na kurtu",
    "Fotka Karolíny Plíškové na kurtu",
    "ilustrácia so Zuzanou Čaputovou na Hradnom námestí v Bratislave",
])
def test_czech_and_slovak_womens_surnames_are_denied(matcher, prompt):
    assert matcher.find_all(prompt).likenesses, f"{prompt!r} names a person and must be denied"


@pytest.mark.parametrize("prompt", ["Nová Ves v zimě", "Výhled na Rožnov pod Radhoštěm", "Staroměstské náměstí v noci"])
def test_czech_places_stay_allowed(matcher, prompt):
    found = matcher.find_all(prompt).likenesses
    assert not found, f"{prompt!r} names no one: {[(x.text, x.extra.get('rule')) for x in found]}"
