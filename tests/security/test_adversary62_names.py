"""Red team 62 on names round 37 (surnames with particles), and what was fixed after it.

The red team ran 1,366 prompts through the code before and after round 37 (both trees kept). It
found names still let through, among them one that no particle needs: exclamation marks after a
name were read as the letter i ("Obama!!!" as "obamaiii"), so "Happy birthday Barack Obama!!!"
passed. And round 37 denied 71 clean prompts the code before it allowed: phrases whose first word
is a given name and a word ("Flor de Lis", "Joie de Vivre"), places ("Marina di Pisa", "Roma di
Notte", "Carolina del Nord"), devotions ("Jesús del Gran Poder"). After the fixes below: of its
862 prompts naming people 636 are denied (362 before round 37, 582 after it), of its 421 clean ones 67
(60 before round 37, 124 after it).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt, name", [
    ("Happy birthday Barack Obama!!!", "Barack Obama"),            # '!' read as 'i' before
    ("Go Messi!!", "Messi"),
    ("Obama!", "Obama"),
    ("Obama!!1", "Obama"),                                         # (leftovers: '!!1', '$$$', tags split by '|')
    ("Obama$$$", "Obama"),
    ("obama|photo", "obama"),
    ("masterpiece|best quality|Messi", "Messi"),
    ("E|on Musk", "E|on Musk"),                                    # a bar inside a word is still a leet l
    ("Happy birthday Sofia de Souza!!!", "Sofia de Souza"),
    ("Thijs van den Berg die schaatst", "Thijs van den Berg"),     # Dutch 'die' and a verb
    ("Juan de la Cruz lava los platos", "Juan de la Cruz"),        # Spanish 'lava' is no English noun here
    ("Anna von Berg malt ein Bild", "Anna von Berg"),
    ("my uncle Jan van der Berg fishing", "Jan van der Berg"),     # a kin word before a full name
    ("Sofia  de Souza at the beach", "Sofia  de Souza"),           # two spaces
    ("Ana de Sá at the beach", "Ana de Sá"),                       # a surname of two letters
    ("Juan dela Cruz selling fish", "Juan dela Cruz"),             # Filipino 'dela'
    ("Peter van der Merwe at the beach", "Peter van der Merwe"),   # 'Peter' is a character's name too
    ("Oscar de la Hoya boxing", "Oscar de la Hoya"),
    ("Maria das Dores costurando na varanda", "Maria das Dores"),  # 'Maria' is a plant's name too
])
def test_red_team_62_names_are_denied(matcher, prompt, name):
    assert any(lk.text == name for lk in matcher.find(prompt)), [lk.text for lk in matcher.find(prompt)]


@pytest.mark.parametrize("prompt", [
    "Carolina del Nord paesaggio",                  # a point of the compass
    "América do Sul mapa",
    "Flor de Lis tattoo",                           # a given name that is a word, before a word
    "Joie de Vivre poster",
    "Roma di Notte poster",                         # a city, then a time
    "Marina di Pisa seafront at dawn",
    "Jesús del Gran Poder procession",              # a holy name
    "Menino Jesus de Praga imagem",
    "Sint Anna ter Muiden village",                 # after a saint's title
    "S. Maria della Salute Venice",
    "Wow! What a sunset!",
    "Rock|Paper|Scissors game",
    "SALE 50$ only",
])
def test_red_team_62_clean_prompts_are_allowed(matcher, prompt):
    assert not matcher.find(prompt), [lk.text for lk in matcher.find(prompt)]


@pytest.mark.xfail(strict=True, reason="accepted: a given name, a particle and a surname of the tables read as a "
                                       "person, though the phrase names a bird, a devotion or a town")
@pytest.mark.parametrize("prompt", [
    "een Jan van Gent duikt in zee",                # a gannet
    "Esperanza de Triana procession",               # a Virgin of Seville
    "a pub in Ashby de la Zouch",
])
def test_accepted_false_denials(matcher, prompt):
    assert not matcher.find(prompt)


@pytest.mark.xfail(strict=True, reason="left: names with particles written all in lower case are not read "
                                       "when a word is a word of the language ('jan', 'berg'; 'luz de la luna' "
                                       "is a phrase of that shape)")
@pytest.mark.parametrize("prompt", [
    "jan van der berg op de fiets",
])
def test_left_bypasses(matcher, prompt):
    assert matcher.find(prompt)


@pytest.mark.parametrize("prompt", [
    "retrato de ana dos santos no mercado",  # (round 42) read now: a common given name, particles, a census surname
])
def test_lower_case_names_with_particles_read_since_round_38(matcher, prompt):
    assert matcher.find(prompt)


@pytest.mark.parametrize("prompt", ["Trump特朗普|photo", "Nguyễn Văn A|portrait"])
def test_a_bar_after_a_word_split_by_script_is_read_not_crashed_on(matcher, prompt):
    # (d2c0ee1 raised AttributeError here: a piece of a word split by script went on to the bar split)
    assert matcher.find(prompt)
