"""Names round 29 (issue 11): names typed in lower case in ten more languages, and names in
Hungarian order.

Found on a probe set written by another author (ten languages: English, Latin-American Spanish,
Romanian, Hungarian, Finnish, Danish, Norwegian, Croatian, Indonesian, Slovak), which is tuning
data now; measured on blind sets nobody tuned on (docs/LIKENESS.md, "Round 29").

- A lower-case given name and surname in another language was read only when the surname was no
  common word of *any* of 24 languages and the given name no little word of any language: "stan"
  is a Polish word, "jensen" sits in the Norwegian list, "agus" is Irish for "and". Now only the
  languages the prompt may be in count (those most of its little words belong to, and that of its
  words), and a given name that is a little word somewhere is read only where two little words or
  more say which language the prompt is in.
- Hungarian writes the family name first: "kovács anna" is Anna Kovács.
- A famous surname first in a prompt whose words are too few to name a list ("Năstase la fileu"):
  the languages its little words belong to say which words follow.
- (Withdrawn after red team 52: headlines with every word capitalised, where two capitalised words
  no table holds, one a common word of the language, were taken for no name; so were private names
  made of words, "Aamu Metsä Juoksi Maratonin". The headlines stay false denials, pinned below.)
- A two-letter little word of several languages is no given name before a word that is no
  surname, where case says nothing ("oštiepok a parenica na trhu").
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "mihai stan pescuind pe lac la răsărit",            # Romanian: "stan" is a Polish word, not a Romanian one
    "portræt af mette jensen i sin have",               # Danish: "jensen" is in the Norwegian list
    "agus setiawan naik motor di jalan desa",           # Indonesian: "agus" is Irish "and"
    "kovács anna főz a konyhában, meleg fények",        # Hungarian order: Anna Kovács
    "szabó eszter kutyát sétáltat a parkban",
    "hajdú péter egy talkshow stúdióban, rajzfilm stílus",
    "tóth gabi énekel egy koncerten",
    "rajzolj egy születésnapi képet, horváth gergő tortát tart",
    "Năstase la fileu cu racheta, caricatură",          # a famous surname first, the language by its little words
])
def test_names_of_round_29_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Vättern en stilla morgon med dimma",               # Swedish words, little words Danish shares
    "bir aslan heykeli, mermer, müze ışığı",            # "bir" (Turkish "a") is no given name
    "oštiepok a parenica na trhu",                      # "na" (Slovak "on") is no given name
    pytest.param("Slovan Vyhral Derby Na Tehelnom Poli", marks=pytest.mark.xfail(strict=True, reason=(
        "round 29 left: a headline's 'Na Tehelnom Poli' (a Slovak stadium) is read as a given name and a "
        "surname of the tables"))),
    # headlines, every word capitalised: round 29's rule for them let private names through (red team 52,
    # tests/security/test_adversary52_names.py) and was withdrawn
    *(pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=(
        "round 29's headline rule withdrawn (red team 52): two capitalised words no table holds, one a common "
        "word, are read as a name where every word is capitalised"))) for p in (
        "Brøndby Vinder Over FCK I Regnvejr", "Rosenborg Slår Molde I Snøværet",
        "Újpest Nyerte A Rangadót A Szakadó Esőben")),
    "Blanco sobre negro, pintura abstracta",            # a famous surname that is a word of another list
])
def test_clean_prompts_of_round_29_are_allowed(matcher, prompt):
    assert not matcher.find(prompt), [(f.text, f.extra.get("rule")) for f in matcher.find(prompt)]


@pytest.mark.parametrize("prompt", [
    "nasser al-khelaifi on stage, keynote, blue lights",  # "al-" before a surname stays a name
    "DJ Al Smith at the decks",                            # a two-letter given name before a surname
    "Angélique Kidjo sur scène au Bénin",                  # a given name that is a common word
    "Kovács Anna a konyhában",                             # Hungarian order capitalised (let through before)
    "kovács anna a konyhában",                             # and in lower case with English's "a" in it
    pytest.param("anders pedersen og hans hund i parken", marks=pytest.mark.xfail(strict=True, reason=(
        "round 29 left: 'anders' is a German little word, and the Danish little words here ('og', 'i', 'hans') "
        "are shared with too many languages to say the prompt is Danish"))),
])
def test_guards_names_stay_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "fehér rózsa a vázában",          # white rose: Fehér is a surname, Rózsa a given name
    "fekete macska az ablakban",
    "vörös rózsa és fehér liliom",
    "fekete péter kártyajáték",       # a card game
])
def test_hungarian_words_that_are_names_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), [(f.text, f.extra.get("rule")) for f in matcher.find(prompt)]
