"""Names round 48: a famous person's surname alone as a prompt's first word, before a verb or a
preposition ("Tusk w Sejmie", "Бубка розбігається з жердиною"), in thirty languages.

Measured on tests/data/names_dev48.jsonl (written for the round by a helper who read no code):
the words after a capitalised name are read in the prompt's language ("tire" in French is no
tyre), a preposition of every language the prompt may be in counts as a verb does (of one letter
only after a surname known alone), Cyrillic and Greek surnames of people of fame 35 or more are
read at a prompt's start as Latin ones are (Greek also after its article), and a surname that is
a word only of another language than the prompt's is the surname before a verb of the prompt's
language. Serbian Cyrillic is also read in Serbian's Latin letters. (The last names of people famous
at home were tried and dropped after red team s62.) An ordinary Russian or Ukrainian word capitalised
only as a prompt's first word is read as the word, as it is in lower case.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _found(matcher: NameMatcher, prompt: str) -> list[str]:
    return [x.text for x in matcher.find(prompt)]


@pytest.mark.parametrize("prompt, surname", [
    # the words after the name in the prompt's language: "tire" (shoots) is no tyre
    ("Griezmann tire un coup franc sous les projecteurs d'un stade plein", "Griezmann"),
    ("Schmeichel springer ud efter bolden i silende regn", "Schmeichel"),
    # a preposition of the prompt's one language, as a verb
    ("Tusk w Sejmie podczas gorącej debaty", "Tusk"),  # one letter: a surname known alone
    # Cyrillic and Greek at the prompt's start
    ("Бубка розбігається з жердиною на стадіоні в Донецьку", "Бубка"),
    ("Тимошенко з косою на трибуні під час мітингу", "Тимошенко"),
    ("Θεοδωράκης διευθύνει ορχήστρα σε ένα ανοιχτό θέατρο", "Θεοδωράκης"),
    ("Ο Θεοδωράκης διευθύνει ορχήστρα σε ένα ανοιχτό θέατρο", "Θεοδωράκης"),  # after the article
    # Serbian Cyrillic also read in Serbian's Latin letters (Вучић: "vucic", not only "vuchich")
    ("Вучић говори на конференцији за новинаре", "Вучић"),
    ("Кустурица на снимању филма", "Кустурица"),
    # a word of another language only ("mutu" is Indonesian, "hagi" Catalan): the surname
    ("Mutu șutează din afara careului pe un stadion plin", "Mutu"),
    ("Hagi driblează printre fundași pe stadionul din Pasadena", "Hagi"),
])
def test_a_surname_first_names_the_person(matcher: NameMatcher, prompt: str, surname: str) -> None:
    found = _found(matcher, prompt)
    assert any(surname in f for f in found), found


@pytest.mark.parametrize("prompt", [
    "Szabó és társa Kft.",  # a firm; Hungarian "és" is read as Catalan "es": the language is unclear
    "Lasagna nel forno a legna di una trattoria di campagna",  # an English word too
    "Tanjung dengan mercusuar putih di ujung pulau saat senja",  # a cape: Malay's word in Indonesian
    "Lugano w jesieni nad jeziorem",  # a one-letter preposition after a place
    "dabei zu bauen waschen rund es lange für fragen.",  # a name in lower case: "für" stays "fur" here
    "Белка сидит на ветке у окна",  # an ordinary word at the start (a squirrel), no Belka
    "Лето на даче, яблоки в траве",  # summer, capitalised only as the first word: no Jared Leto
    "Калина у забора, красные ягоды в инее",  # a guelder rose (dev #48's false denial before)
    "Београд ноћу са Калемегдана, светла над Савом",  # Belgrade at night, in Serbian Cyrillic
    "Venezia all'alba con le gondole ormeggiate",
    "Ford parked beside a neon-lit diner on Route 66 at night",
])
def test_a_word_first_is_not_a_surname(matcher: NameMatcher, prompt: str) -> None:
    assert _found(matcher, prompt) == []
