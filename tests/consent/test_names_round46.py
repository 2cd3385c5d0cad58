"""Names round 46: nicknames the press of about forty countries uses (consent/data/epithets_at_home.txt).

A prompt that names a famous person by a nickname only is denied like one that names her; a
nickname made with words of some language is read only capitalised as the list writes it (little
words aside), an article and one ordinary word only after a Romance article and not in Title Case,
capitals count only where they say something (not a sentence's first word, a tag after a comma,
Title Case), and none is read with a typo or reordered as a first and last name (red team s61).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _found(matcher: NameMatcher, prompt: str) -> list[str]:
    return [x.text for x in matcher.find(prompt)]


@pytest.mark.parametrize("prompt, nickname", [
    ("Minik Serçe sahnede şarkı söylüyor, 90'lar konseri", "Minik Serçe"),  # Sezen Aksu
    ("Polski Młot wsadza piłkę do kosza", "Polski Młot"),  # Marcin Gortat
    ("Prins Pils proost met een biertje op Koningsdag", "Prins Pils"),  # Willem-Alexander
    ("Bung Karno berpidato di depan rakyat", "Bung Karno"),  # Sukarno
    ("fekete-fehér fotó: a pályán Öcsi bácsi fut", "Öcsi bácsi"),  # Puskás: the list writes "bácsi" in lower case
    ("Il Pirata con la bandana scatta sull'Alpe d'Huez", "Il Pirata"),  # Pantani: a Romance article and a word
    ("El Buitre celebrando un gol en el Bernabéu", "El Buitre"),  # Butragueño
    ("le Menhir à la tribune d'un meeting", "Menhir"),  # Jean-Marie Le Pen, the article in lower case
])
def test_a_nickname_alone_names_the_person(matcher: NameMatcher, prompt: str, nickname: str) -> None:
    found = _found(matcher, prompt)
    assert found and any(nickname in f for f in found), found


@pytest.mark.parametrize("prompt", [
    "öcsi bácsi a pályán",  # the list capitalises Öcsi
    "polski młot kowalski w kuźni",  # a Polish smith's hammer
    "Tygrys w dżungli o zmierzchu",  # a tiger: one-word nicknames that are no form of the name are left out
    "Öcsi bácsi a pályán",  # capitalised only at the sentence's start, where a capital says nothing
    "Il Dottore Chi E Il Tardis",  # Title Case
    "Honey Badger, Kalahari, Wildlife, Desert",  # capitalised tags
    "El Gato con Botas en la portada del libro",  # a Romance article and a word before a title's capital
    "mi hijo luisito en el parque",  # a given name's pet form names many
    "Orzeł z Wisły, an eagle flying over the Vistula river",  # dropped by an earlier round, in any spelling
    "un pirata con la bandana sulla nave",  # a pirate
    "un buitre volando sobre el desierto",  # a vulture
    "Il Pirata Sulla Nave",  # Title Case: capitals say nothing
    "The Godfather movie scene",  # not "The Modfather" (Paul Weller) with a typo
    "Queen Mary 2 ocean liner docked in New York at dawn",  # a title and a given name: left out
    "the Flying Dutchman ghost ship in a green fog",  # WordNet's ship, after its article
    "Der Titan steht im Tor des Museums",  # a little word and a word: left out (German capitalises nouns)
])
def test_words_of_a_nickname_written_otherwise_name_nobody(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt) == []


def test_the_nickname_list_is_read_as_the_build_script_writes_it() -> None:
    """Every line is name, nicknames, field, country; no nickname is two words of which one is a
    little word and the other ordinary unless a Romance article leads it (the script's rule)."""
    from importlib import resources

    from consent._name_knowledge import knowledge

    text = resources.files("consent").joinpath("data", "epithets_at_home.txt").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(rows) > 1000 and all(len(r) == 4 and r[0] and r[1] and r[3] for r in rows)
    kb = knowledge()
    assert kb.cased_strict and all(k[0] in {"le", "la", "l", "il", "lo", "el", "o", "a", "en", "na"}
                                   for k in kb.cased_strict if len(k) == 2)
