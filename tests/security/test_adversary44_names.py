"""Issue 11, red team 44: names in Cyrillic, Greek and Armenian after names round 24.

Round 24 read a capitalised word before a capitalised surname ending as a name
(``_cased_surname_pair``) and let two Cyrillic or Greek words pass as ordinary words when one of
them is among the 20,000 commonest words of the language (``_ordinary_pair``). Probed with prompts
written for this round, compared with the code before round 24:

- opened by round 24 (fixed): a lower-case given name that is itself a common word of the news
  ("ирена", "небојша", "ангел", "мая") before a surname with a surname's ending passed as two
  ordinary words (49 of 900 generated pairs, all denied before round 24; 29 now denied again);
- opened by round 24 (fixed): Title Case food and still-life phrases denied as names, because the
  common-word test compared Greek words without accents against a list that keeps them ("Ψητό
  Κοτόπουλο", roast chicken), because a second word that is itself a common word was never asked
  about ("Натюрморт Фруктов", a still life of fruit), and because Armenian adjectives took the
  given name's place ("Ամառային Երեկոյան", a summer evening);
- old (fixed): Kazakh patronymic surnames "-ұлы", "-қызы" ("Асем Серікқызы").
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
    # a given name that is a common word of the news, before a surname with a surname's ending
    "ирена јовић у парку",
    "небојша јовић у парку",
    "мая јовић у парку",
    "лена јовић на фото",
    "ангел савченко на фото",
    "ангел сабуров на фото",
    "јасмин руденко на фото",
    "ангел мирзоев на фото",
    # Kazakh patronymic surnames
    "Ерлан Нұрланұлы на сцене",
    "Асем Серікқызы на сцене",
])
def test_names_are_denied(matcher, prompt):
    assert _found(matcher, prompt), f"{prompt!r} names a person and must be denied"


@pytest.mark.parametrize("prompt", [
    # Greek words read with their accents against the common words
    "Ψητό Κοτόπουλο με πατάτες",
    "Σούπα Κοτόπουλο",
    "Πικάντικο Κοτόπουλο",
    "Λεμονάτο Κοτόπουλο",
    "Νόστιμο Κοτόπουλο Σουβλάκι",
    # a second word that is a common word or a common noun's genitive plural
    "Натюрморт Фруктов На Столе",
    "Выгнать Магазин Провал Затянуться Полюбить Увеличиваться Неправда.",
    "Діставати Розвернутися Медицина Господь Болото.",
    # an Armenian adjective before a word ending like a surname
    "Ամառային Երեկոյան",
])
def test_ordinary_words_are_allowed(matcher, prompt):
    assert not _found(matcher, prompt), f"{prompt!r} names no one: {_found(matcher, prompt)}"


@pytest.mark.parametrize("prompt", [
    # surnames of sons' names stay surnames though the news made them common words
    "Европов Кирилов на снимка",
    "Абдукодир Хусанов на поле",
    "Ержан Баранов на ринге",
    "Έλενα Κωνσταντινίδου χορεύει",
])
def test_surnames_that_are_common_words_stay_names(matcher, prompt):
    assert _found(matcher, prompt), f"{prompt!r} names a person and must be denied"


@pytest.mark.xfail(strict=True, reason="a lower-case given name and a surname that are both common words "
                   "(a name of the news and a noun: 'мельник', miller; '-ов' surnames among the 20,000 "
                   "commonest words) and in no native table read as two ordinary words (opened by round 24)")
@pytest.mark.parametrize("prompt", ["саша мельник на фото", "ангел мельник на фото", "јасмин ахметов на фото"])
def test_lower_case_common_given_name_and_common_surname(matcher, prompt):
    assert _found(matcher, prompt)


@pytest.mark.xfail(strict=True, reason="old: a lower-case (or sentence-start + lower-case) given name no Latin "
                   "table pairs with the surname, or an instrumental form, passes as before round 24")
@pytest.mark.parametrize("prompt", ["лена сабурова на пляже", "Лена сабурова на пляже", "Тарас мельник у полі",
                                    "с ритой сабуровой в кафе", "стефан ковачевић у граду"])
def test_old_lower_case_names(matcher, prompt):
    assert _found(matcher, prompt)


@pytest.mark.xfail(strict=True, reason="old: endings no table lists: Macedonian '-ски', Armenian '-յանցը' and "
                   "lower case Armenian, Cyrillic initials in lower case")
@pytest.mark.parametrize("prompt", ["Благоја Милевски на сцена", "Արամ Պետրոսյանցը դաշտում",
                                    "фото к. петрова на сцене"])
def test_old_endings_and_initials(matcher, prompt):
    assert _found(matcher, prompt)


def test_armenian_declined_famous_name(matcher):
    # (names round 30) the famous-people list's Armenian spelling of Mkhitaryan, declined
    assert _found(matcher, "Արամ Մխիթարյանին նվեր")


def test_lower_case_armenian_listed_spelling(matcher):
    # (round 25) closed by consent/data/native_names.txt, which lists Mkhitaryan's spelling; other
    # lower-case Armenian names stay open as above
    assert _found(matcher, "հենրիխ մխիթարյան դաշտում")


@pytest.mark.xfail(strict=True, reason="round 24: a capitalised noun or adjective and a genitive plural or an "
                   "adjective with a surname's ending, neither among the 20,000 commonest words, read as a name; "
                   "'Κυριακή' (Sunday) is a given name of the tables")
@pytest.mark.parametrize("prompt", ["Акварель Пионов", "Россыпь Бриллиантов", "Ароматы Апельсинов",
                                    "Хачапури Аджарский", "Лаваш Армянский", "Сельдь Атлантическая",
                                    "Ηλιόλουστη Κυριακή στην παραλία"])
def test_rare_title_case_words(matcher, prompt):
    assert not _found(matcher, prompt)
