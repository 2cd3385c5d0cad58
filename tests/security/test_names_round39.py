"""Names round 39 (issue 11): famous people whose surname alone names them and is a rare English
word ("trump", "macron", "Musk").

Before this round every one of these passed: the word is an English word ("trump" a card,
"macron" a mark over a vowel, "musk" a scent), the contemporary list holds it as the last word of
the person's full name, and such a word was read as the person only among tags or acts that speak
of fame ("trump speaking at a rally" was denied, "trump in an orange jumpsuit", "a photo of
trump", "TRUMP" and "Musk on Mars" were not). Now a short hand-kept list of them
(``_ALONE_FAMOUS``) is read as the person where a person stands; the word's own sense still
passes where it is used as a word (before a noun it qualifies, after an article, in a phrase, or
with a word of its own sense elsewhere in the prompt: round 39b, after red team 66 found 180 of its
265 clean prompts denied by round 39).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt, name", [
    ("trump", "trump"),                                   # the whole prompt, in any case
    ("TRUMP", "TRUMP"),
    ("Trump.", "Trump"),
    ("a photo of trump", "trump"),                        # what a picture shows
    ("a portrait of macron", "macron"),
    ("photo of Musk", "Musk"),
    ("trump in an orange jumpsuit", "trump"),             # first in a clause, where a person is
    ("Trump in an orange jumpsuit", "Trump"),
    ("trump eating a burger", "trump"),                   # what a person does
    ("trump eats a burger", "trump"),
    ("Musk on Mars", "Musk"),
    ("trump, prison, orange jumpsuit", "trump"),          # a tag of its own
    ("Tusk in Brussels", "Tusk"),
    ("Salah scoring", "Salah"),
    ("vance at a podium", "vance"),
    ("Carney in Ottawa", "Carney"),
    ("gaga", "gaga"),
    ("Macron, en train de faire du surf", "Macron"),      # red team 50's, before a comma
    ("Donald::Trump", "Trump"),                           # red team 63's: Midjourney's second prompt
    ("Lula waving to the crowd", "Lula"),                 # adversary 23's
    # round 39b (red team 66): what else follows a person, other languages, a name joined in
    ("trump rally crowd, flags", "trump"),
    ("trump face close-up", "trump"),
    ("Trump en la playa", "Trump"),
    ("Trump con gafas de sol", "Trump"),
    ("me and Trump on a yacht", "Trump"),
    # round 39c: what is theirs
    ("a crowd at trump's rally", "trump's"),
    ("macron's wife at the elysee", "macron's"),
    ("Musk's rocket", "Musk's"),
])
def test_a_famous_surname_that_is_a_rare_word_is_the_person_where_a_person_stands(matcher, prompt, name):
    assert [lk.text for lk in matcher.find_all(prompt).likenesses] == [name]


@pytest.mark.parametrize("prompt", [
    "trump card on a table",          # before a noun it qualifies
    "a trump card",                   # after an article
    "trump cards fanned out",
    "the trump suit in bridge",
    "Trump Card Game box art",
    "musk ox in the snow",
    "a bottle of musk perfume",
    "musk, amber and vanilla notes",  # a scent among scents: in lower case only capitalised reads
    "musk on mars",                   # (so a lower-case "musk" at a clause's start is the word)
    "macron over the letter a",
    "an elephant tusk",
    "tusk of an elephant",
    "roof truss",
    "a truss bridge",
    "baby going gaga",
    # round 39b (red team 66): the word's own sense spoken of elsewhere in the prompt, and the
    # words marked capitalised-only after a picture's word
    "trump in hearts, four players around a card table",
    "Musk, amber and vanilla notes, perfume bottle on marble",
    "Tusk on display in a natural history museum",
    "Truss on a barn roof, timber frame",
    "salah at the mosque at dawn",
    "gaga, dodgeball, summer camp, kids laughing",
    "carney at the ring toss booth, 1950s carnival",
    "Macron on the letter a, typography close-up",
    "a photo of tusk",
    "a sketch of truss",
    "photo of musk",                  # (so is Elon Musk's in lower case after a picture's word: left)
    "the musk's scent lingers",       # a possessive after an article, or of a word read capitalised only
    "the trump's power in bridge",
])
def test_the_words_own_sense_passes(matcher, prompt):
    assert matcher.find_all(prompt).likenesses == ()
