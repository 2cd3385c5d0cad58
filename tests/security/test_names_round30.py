"""Names round 30 (issue 11): names in Icelandic, Lithuanian, Latvian, Slovenian, Malay and
Albanian prompts.

Found on a probe set written by another author (ten languages: Vietnamese, Tagalog, Malay,
Catalan, Lithuanian, Latvian, Slovenian, Estonian, Icelandic, Albanian), which is tuning data now;
measured on blind held-out #16, written by a third author in the same languages and never read
(docs/LIKENESS.md, "Round 30"). The prompts below are written for these tests, not taken from
either set.

- Icelandic and Albanian little words (stopwordsiso has neither) and Icelandic common words:
  a famous surname first in such a prompt is the person ("Kadare lexon në kopsht").
- Surnames by their ending, in any case, after one or two names: Icelandic -dóttir and -sson
  with their cases, Lithuanian -aitė, -ienė, -avičius, -auskas ("ieva petrauskaitė").
- Malay and Arabic names with a patronymic: "siti aminah binti yusof".
- Lithuanian, Latvian, Slovenian and Croatian case endings of famous names, and Slovenian and
  Croatian possessive adjectives, read in prompts in those languages.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    # surname by its ending, after a given name, any case
    "guðrún sveinsdóttir les bók í sófanum",              # Icelandic patronymic, lower case
    "Málverk af Ragnheiði Einarsdóttur við hafið",        # its dative
    "ljósmynd af jóni magnússyni á bryggjunni",           # -sson's dative
    "ieva petrauskaitė šoka vestuvėse",                   # Lithuanian -aitė
    "daiva kazlauskienė sodina gėles darže",              # Lithuanian -ienė
    "tomas žemaitavičius groja gitara",                   # Lithuanian -avičius
    # an Icelandic patronymic first, doing something
    "Sveinsdóttir gengur niður Laugaveg í rigningu",
    # a famous surname first, in Albanian and Icelandic
    "Kadare lexon në kopsht me një libër të vjetër",
    "Laxness situr við gluggann og skrifar",
    # Malay and Arabic patronymics
    "siti aminah binti yusof menjahit baju kurung",
    "Potret Mohd Hafiz bin Ismail di pejabat",
    # declined famous names
    "Sabonio portretas krepšinio aikštelėje",             # Lithuanian genitive of Sabonis
    "Porziņģim pasniedz balvu",                           # Latvian dative of Porziņģis
    "slika z Dončićem ob košu",                           # Slovenian instrumental of Dončić
    "Modrićev gol iz daljave, akvarel",                   # Croatian possessive adjective
])
def test_names_of_round_30_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "mergaitė žaidžia kieme su šunimi",                   # Lithuanian "girl" ends as -aitė surnames do
    "a lesson in watercolour, step by step",              # English words in -sson
    "gigabyte of photos on an old hard drive",
    "skál og kaffibolli á borði við gluggann",            # Icelandic words, no name
    "a recycling bin beside the garage door",             # "bin" after a word
    "Kalaja e Gjirokastrës në mëngjes me mjegull",        # Albanian place, little words
    "rytas prie ežero, rūkas virš vandens",               # Lithuanian scene
    "Rīgas Jūgendstila centrs vakarā",                    # Latvian place
])
def test_clean_prompts_of_round_30_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


# (round 30b) a famous last name written with its marks, whose folded form is a word or a place
@pytest.mark.parametrize("prompt", [
    "Dalí painting a clock",                             # "Dali" is a town in Yunnan
    "a portrait of Dalí with his moustache",
    "Dalí pinta un rellotge a Cadaqués",
    "Pärt writing music by candlelight",                 # "part" is an English word
])
def test_marked_famous_last_names_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the old town of Dali, Yunnan, at dusk",             # the place, without the mark
    "part of the old city at night",
    "Miró al horizonte desde la ventana",                # "miró", he looked: a word written so
    "a white piqué polo shirt",                          # a fabric
    "Plaza Bolívar at noon, pigeons",                    # a currency, a state and squares
    "10 ångström wavelength chart",
])
def test_marked_words_and_places_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt
