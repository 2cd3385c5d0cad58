"""Issue 11, round 28: the common words of 24 languages written in Latin letters.

Found with two probes of round 27, written by other authors in twelve languages and in Turkish and
Indonesian (spent, not committed), whose leftovers were of three kinds:

- a place or a thing named with ordinary words of its language, in Title Case, read as a given name
  and a surname ("Rynek Główny", the main square; "Morskie Oko", a lake);
- a famous person's surname alone at the start of a prompt in another language, as the press there
  names them ("Macron en train de faire du surf", "Kopernik patrzy w gwiazdy");
- a given name and a surname typed in lower case in a prompt in another language ("chiara ferragni
  che si fa un selfie").

Each needs to know whether a word is a common word of the prompt's language. wordfreq's lists count
names too ("macron" is as frequent in French as "blanc"), so ``consent/data/latin_words.txt.gz``
keeps, of each language's 20,000 commonest words, those that simplemma's dictionary of that
language lists as forms of lower-case words (``scripts/build_name_data.py --latin-words``).

Each DENIED prompt was allowed before the round, each ALLOWED prompt denied; the guards hold what
the round must not move (denied, or allowed, before and after).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _texts(matcher: NameMatcher, prompt: str) -> list[str]:
    return [lk.text for lk in matcher.find_all(prompt).likenesses]


ALLOWED = [
    "Rynek Główny w Krakowie zimą z dorożkami",  # the main square of Kraków
    "Morskie Oko w Tatrach o świcie",  # a lake in the Tatras
]


@pytest.mark.parametrize("prompt", ALLOWED)
def test_places_named_with_common_words_are_no_names(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


DENIED = [
    ("Macron en train de faire du surf en Bretagne", "Macron"),
    ("Kopernik patrzy w gwiazdy przez okno w Toruniu", "Kopernik"),
    ("Senna na chuva de Mônaco com o capacete amarelo", "Senna"),
    ("Chirac mange une pomme au salon de l'agriculture", "Chirac"),
    ("chiara ferragni che si fa un selfie a milano", "chiara ferragni"),
    ("magdalena andersson simmar i en sjö", "magdalena andersson"),
    ("lucie dvořáková tančí v dešti", "lucie dvořáková"),  # a private person, in Czech
]


@pytest.mark.parametrize("prompt,name", DENIED)
def test_surnames_first_and_lower_case_names_in_other_languages_are_read(matcher: NameMatcher, prompt: str,
                                                                        name: str) -> None:
    assert name in _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


GUARD_ALLOWED = [
    "Blanco sobre negro, pintura abstracta",  # a word of the language, though a famous surname
    "Costa do Sauípe ao pôr do sol",
    "Maria cozinha feijoada",  # a common first name starts many prompts
    "Paris la nuit sous la pluie",
    "Lincoln en la nieve",
    "Darwin de noche, vista aérea del puerto",
    "acqua chiara e fresca in montagna",  # a given name that is a word, before no surname
    "rosa blanca en un jarrón",
    "magdalena con café",
    "Phạm và Trần Công ty Trách nhiệm hữu hạn",  # Vietnamese family names alone: a firm
    "un perro corriendo en la playa",
]


@pytest.mark.parametrize("prompt", GUARD_ALLOWED)
def test_guard_words_places_and_family_names_alone_stay_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not _texts(matcher, prompt), (prompt, _texts(matcher, prompt))


GUARD_DENIED = [
    ("Jan Kowalski w kuchni", "Jan Kowalski"),  # a given name first: not dropped for being words
    ("Rosa Blanco pintando en la playa", "Rosa Blanco"),
    ("portret Lecha Wałęsy na stoczni", "Lecha Wałęsy"),  # declined names are names
    ("Anna Nowak w ogrodzie", "Anna Nowak"),
    ("Nadal levanta la copa en París", "Nadal"),
    ("Havel na Hradě mává lidem", "Havel"),
    ("maria rossi che cammina", "maria rossi"),
]


@pytest.mark.parametrize("prompt,name", GUARD_DENIED)
def test_guard_names_made_of_words_stay_denied(matcher: NameMatcher, prompt: str, name: str) -> None:
    assert name in _texts(matcher, prompt), (prompt, _texts(matcher, prompt))
