"""Red team s59b (false denials): names round 44's Czech and Slovak endings are read in prompts of
EVERY other language, so an ordinary capitalised word of Polish, Portuguese, German, Slovenian,
Croatian or Indonesian that ends like a Czech case of a famous name is denied: "Latem na plaży..."
(Polish: in summer; read as Lato with Czech "-em"), "Monety na stole" (coins: Moneta, "-y"),
"Escova de dentes" (Portuguese: toothbrush; Esca, "-ova"), "Marrom e dourado" (brown; Marr, "-om"),
"Turizem na Bledu" (Slovenian: tourism; Turizo, "-em"), "Matamu indah" (Indonesian: your eyes;
Mata, "-mu"), "Großem Hund" (German dative of groß; Grosso, "-em"), "Lekovi na polici" (Croatian:
medicines; Leko, "-ovi"). Every one passed on the code before the round (ccd6dd6).

``NameMatcher._inflected`` builds its endings from ``_INFLECTIONS`` (where round 44 put the Czech
and Slovak ones: -em, -om, -mu, -ho, -ou, -y, -ova, -ovi...) and reads them in any prompt it judges
"not English" (``foreign`` little words, or most words no English words). Round 27 kept its Turkish
endings to a prompt with a letter only Turkish writes (``_TR_ENDINGS`` / ``_turkish_text``); round 44
gated only its English reading (``_CS_SK_STRONG``), not the foreign one.

Expected: the Czech/Slovak case endings are read as such only in a prompt that is Czech or Slovak
(its little words or letters, as round 27 does for Turkish), and a common word of the prompt's own
language (consent/data/latin_words.txt.gz) is no famous name in its case: these pass.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Latem na plaży, dzieci budują zamek z piasku",      # pl: in summer
    "Monety na drewnianym stole, zdjęcie makro",          # pl: coins
    "Escova de dentes na pia do banheiro",                # pt: toothbrush
    "Marrom e dourado, sofá de couro na sala",            # pt: brown
    "Turizem na Bledu, jezero in otok",                   # sl: tourism
    "Matamu indah seperti bintang, ilustrasi",            # id: your eyes
    "Großem Hund im Garten, Aquarell",                    # de: big (dative)
    "Lekovi na polici u ljekarni",                        # hr: medicines
])
def test_a_common_word_of_another_language_is_no_czech_case_of_a_famous_name(matcher, prompt):
    assert not matcher.find(prompt), f"{prompt!r} denied: {prompt.split()[0]!r} read as a famous name in a Czech case"
