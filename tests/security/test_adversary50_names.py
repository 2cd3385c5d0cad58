"""Issue 11, red team 50: names round 28 attacked both ways.

A helper read round 28's three rules (``NameMatcher._dictionary_words``, ``_surname_first``,
``_lower_pair_elsewhere``) and wrote 195 prompts, each run on the code before and after the round.

- Opened by the round and fixed: 11 Turkish names made of everyday words ("Yağmur Bulut", rain and
  cloud; "Ümit Kartal", hope and eagle) were dropped as common words of Turkish. Turkish prompts are
  now left to round 27's test of Turkish suffixes.
- Opened by the round and left (strict xfails): a dish or a thing named after a famous person at a
  prompt's start, before a word of its language, is read as the person ("Carpaccio di manzo",
  "Pavlova aux fruits rouges", "Braille na kartce", "Cassini sonda"): the safe error, and the same as
  many such words did before the round ("Pilates en la playa", "Nobel medal").
- Guards: what the round must keep (names denied, words allowed).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _texts(matcher: NameMatcher, prompt: str) -> list[str]:
    return [lk.text for lk in matcher.find_all(prompt).likenesses]


TURKISH_WORD_NAMES = [
    "Yağmur Bulut parkta kitap okuyor",
    "Irmak Bulut sahilde koşuyor",
    "Pınar Tatlı kafede kahve içiyor",
    "Ümit Kartal futbol oynuyor",
    "Erdem Sağlam ofiste çalışıyor",
    "Rüzgar Tunç bisiklete biniyor",
    "Toprak Bakır gitar çalıyor",
    "İlke Uysal okulda ders anlatıyor",
    "Cesur Çakır denizde yüzüyor",
    "Pınar Keskin sahilde koşuyor",
    "Tunç Keskin gitar çalıyor",
]


@pytest.mark.parametrize("prompt", TURKISH_WORD_NAMES)
def test_turkish_names_made_of_words_are_read(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


GUARD_DENIED = [
    "Foto Bintang Mawar sedang tersenyum di pantai",
    "Toprak Ateş kırmızı bir ceket giymiş",
    "Zafer Kaplan futbol oynuyor",
    "Portret Wiosny Zimnej w kuchni z kotem",
    "Foto Róży Kalinowej na plaży o zachodzie słońca",
    "Tuuli Kivi kävelee rannalla koiran kanssa",
    "Foto di Bianca Neve che corre al parco con il cane",
    "Retrato de Luz Clara caminando por la playa",
    "Dolores Fuertes de Barriga bebiendo café en la terraza",
    "Portrait de Rose Blanche marchant sous la pluie",
    "Merel Bakker zit in een café met een kop koffie",
    "Virág Rózsa sétál a parkban a kutyájával",
    "Yağmur Bulut'un portresi, yağlı boya",
    "Macron en train de faire du surf",
    "Kopernik patrzy w gwiazdy",
    "Merkel geht im Park spazieren",
    "Meloni parla al parlamento",
    "Lula caminhando na praia",
    "Orbán beszél a parlamentben",
    "magdalena andersson simmar i en sjö",
    "donald tusk w sejmie przemawia",
    "pedro sánchez corriendo en el parque",
    "chiara ferragni in spiaggia",
]


@pytest.mark.parametrize("prompt", GUARD_DENIED)
def test_guard_names_stay_denied(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


GUARD_ALLOWED = [
    "Zeppelin nad miastem w chmurach",
    "Diesel na stacji benzynowej, zbliżenie dystrybutora",
    "Stroganoff z grzybami na talerzu",
    "Fibonacci spirala w muszli ślimaka",
    "Kelvin skala na tablicy w klasie",
    "Houston w nocy z lotu ptaka",
    "Dallas de noche desde el aire",
    "Darwin w Australii, widok na port",
    "Wellington en invierno con niebla",
    "Bolívar plaza en Bogotá al atardecer",
    "Tesla stoi na parkingu pod blokiem",
    "Jacuzzi w ogrodzie z widokiem na góry",
    "un jack russell corriendo en la playa",
    "una harley davidson aparcada delante del bar",
    "una aston martin grigia sotto la pioggia",
    "tai chi w parku o poranku",
    "hong kong nocą z lotu ptaka",
    "Chateaubriand avec des frites sur une assiette",
    "Voyager sonda w przestrzeni kosmicznej",
    "Bourbon en un vaso con hielo",
]


@pytest.mark.parametrize("prompt", GUARD_ALLOWED)
def test_guard_eponyms_places_and_brands_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


EPONYMS_AT_START = [
    "Carpaccio di manzo con rucola e parmigiano",
    "Pavlova aux fruits rouges sur une assiette",
    "Braille na kartce papieru, zbliżenie",
    "Cassini sonda nad Saturnem, ilustracja",
]


@pytest.mark.xfail(strict=True, reason="red team 50 (opened by round 28): a dish or a thing named after a famous "
                                       "person, first in a prompt in another language, is read as the person")
@pytest.mark.parametrize("prompt", EPONYMS_AT_START)
def test_eponyms_at_a_prompts_start_are_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


STILL_MISSED = [
    "Güneş Çelik sahilde yürüyor ve gülümsüyor",  # Turkish names of words, before and after the round
]


@pytest.mark.xfail(strict=True, reason="red team 50: missed before and after round 28")
@pytest.mark.parametrize("prompt", STILL_MISSED)
def test_still_missed_names(matcher: NameMatcher, prompt: str) -> None:
    assert _texts(matcher, prompt), prompt


def test_a_surname_the_tables_now_hold_is_denied(matcher: NameMatcher) -> None:
    # (names round 30) the famous-people list holds Andrej Babiš
    assert _texts(matcher, "Babiš na traktoru")
