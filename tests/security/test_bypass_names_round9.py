"""Round 9: rules about how scripts, storyboards and other languages mark a name, pinned with
prompts written for this file (none is copied from a prompt set).

Held-out #6 (scored blind after rounds 7 and 8) became a tuning set in round 9, beside a small
dev set the round's tuner wrote before changing any rule (``tests/data/names_dev9.jsonl``).
Each rule is about the shape of a prompt or uses knowledge the detector already ships; both
directions are pinned: the clean prompt a relaxing rule stops denying, the famous names and the
registered subjects it must still find, and the people two fixes now find.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


@dataclass
class _Subject:
    id: str
    display_name: str
    aliases: list[str] = field(default_factory=list)


# --- the characters of a script or a storyboard ---------------------------------------------
# Round 9 passed a script's own characters (a scene heading or a numbered shot made the names in the
# prompt made up); adversaries 16 and 17 passed hundreds of real people through it (a surname in
# capitals no list holds, "Shot 3 — KHASHOGGI walks"), so it was withdrawn: a script marker changes
# nothing, and these stay denied.

@pytest.mark.parametrize("prompt", [
    # since adversary 16 only one word in capitals is a script's own character: a given name and a
    # surname, or a name in title case, is read as anywhere (a real person the lists lack may bear it)
    "INT. LIGHTHOUSE - NIGHT. KEEPER ANSEL BRODIE trims the wick, storm outside",
    "Panel 3: Sergeant HOLLIS MARR reads the letter by candlelight.",
    "Shot 3 — Hollis Marr walks down the hall",
])
def test_a_name_in_a_script_is_still_read_as_a_name(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "INT. OVAL OFFICE - DAY. BARACK OBAMA signs a bill",
    "EXT. STADIUM - NIGHT. MESSI lifts the trophy",
    "Panel 2: Taylor Swift waves from the stage",
    "Shot 3 — President Macron at the podium",
    "INT. HOTEL SUITE - DAY. ZENDAYA in a blue gown",
    "Frame 4: the detective ELON MUSK inspects the rocket",
    "Scene 2: Adele sits at the piano",
    "INT. LAB - NIGHT. EINSTEIN scribbles on the blackboard",
])
def test_round9_a_famous_name_in_a_script_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


def test_round9_a_registered_subject_in_a_script_is_found():
    subjects = [_Subject("s1", "Ansel Brodie")]
    found = NameMatcher(subjects).find("INT. LIGHTHOUSE - NIGHT. KEEPER ANSEL BRODIE trims the wick")
    assert [lk.subject_id for lk in found] == ["s1"]


def test_a_prompt_without_a_scene_heading_or_numbered_shot_still_denies_an_unknown_name(matcher):
    # the rule needs the script's marks: the same name in plain prose is still read as a person
    assert matcher.find("Sergeant Hollis Marr reads the letter by candlelight")


# --- an all-caps name before a lower-case English word --------------------------------------
# (round 9 read them as no pair; withdrawn after adversary 17: "Shot 3 — JAMAL khashoggi walks")

@pytest.mark.parametrize("prompt", [
    "close shot: TOM hanks smiling in the rain",  # a famous full name is read first
    "TAYLOR swift on stage, fireworks",
    "BARACK obama waves to the crowd",
])
def test_round9_a_famous_full_name_in_mixed_capitals_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- a famous one-word name that is a common word of another language -----------------------

# (round 9 passed "luce calda", "une petit maison" through the lorem word lists of ten languages;
# withdrawn after adversary 16, which passed "cher cantando" in a Spanish prompt: the lists were not
# kept per language. Those clean prompts are denied again.)

@pytest.mark.parametrize("prompt", [
    "Luce giving a speech at the podium",  # an English prompt: the person
    # after a word for a picture the word is the person's name, in lower case too
    "retrato de kant en su escritorio",
    "portrait de cher sur scène",
    "ritratto di handel al clavicembalo",
    "ritratto di Cristiano Ronaldo con la maglia",
    "una foto di messi che alza la coppa del mondo",
])
def test_round9_famous_names_in_those_languages_are_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- people found again (recall) -----------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    # a capital letter and a colon before a famous full name ("shot B: ...") read as initials
    # had hidden the whole name
    "Commercial shot B: Michael Jordan dunks in an empty gym",
    "Photo A: Barack Obama at the lectern",
    "X: Taylor Swift",
    # a famous full name before a plural place word used as a verb ("steps off") was read as a place
    "Joe Biden steps off Marine One and waves",
    "Barack Obama walks into the room",
])
def test_round9_denies_the_person(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["the Spanish Steps in Rome at dawn", "Carnegie Hall at night",
                                    "Niagara Falls in winter"])
def test_round9_places_still_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- things and names given in other languages ---------------------------------------------

@pytest.mark.parametrize("prompt", [
    # a word the web corpus holds often is not cut into a given name and a famous one-word name
    "a kitsune mask hanging on a shrine wall",
    # an animal's given name in another language (round 9's "named" words were withdrawn after
    # adversaries 16 and 17; these pass as they did before it: an ordinary given name alone)
    "ein Kater namens Moritz auf dem Sofa",
    "un perro llamado Bruno corriendo en la playa",
    "un gatto chiamato Leone sul balcone",
])
def test_round9_things_and_given_names_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Taylor Swift 1989 album cover",  # a year is no model's number
    "Barack Obama 2008 campaign poster",
    "#keanureeves on a motorcycle",  # names run together are still cut
    "barackobama smiling",
    "ein Mann namens Elon Musk auf dem Mars",  # a famous full name after "named" is still denied
    "un uomo chiamato Barack Obama",
    "Einstein-Allee sign with Einstein waving",  # the name outside the compound is still read
])
def test_round9_the_famous_names_around_those_rules_are_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- one little word of another language that is a famous one-word name ---------------------

@pytest.mark.parametrize("prompt", [
    "putin, horseback, taiga",  # "puțin" is a Romanian little word: the tags are English
    "shirtless, putin, fishing, river",
])
def test_round9_a_famous_name_that_is_another_languages_little_word_is_still_read(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Pemandangan gunung saat matahari terbit",  # Indonesian: the other words are no English words
])
def test_round9_prompts_in_that_language_still_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a made-up marker after a famous one-word name (adversary 10, fixed in round 9) ----------

@pytest.mark.parametrize("prompt", ["Kobe (invented) dunking", "Ariana [fictional] dancing on a stage",
                                    "Zendaya (made up) on the red carpet"])
def test_round9_a_made_up_marker_after_a_famous_one_word_name_hides_nothing(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["Commander Ilse Varga (fictional) on the bridge of her ship",
                                    "Kobe (invented) beef on a slate plate"])
def test_round9_a_made_up_marker_still_passes_made_up_names_and_things(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- CamelCase in Cyrillic and Greek (adversary 10, fixed in round 9) ----------------------

@pytest.mark.parametrize("prompt", ["ВладимирЗеленский на трибуне", "АллаПугачёва на сцене",
                                    "ΓιάννηςΑντετοκούνμπο smiling"])
def test_round9_camelcase_in_cyrillic_and_greek_is_read_as_words(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["ВКонтакте логотип на экране", "Кот спит на подушке у окна"])
def test_round9_cyrillic_words_without_camelcase_still_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- a title before a known person's last name that is also a place (adversary 10) ----------

@pytest.mark.parametrize("prompt", ["Chancellor Merkel smiling", "President Lincoln waving from a train",
                                    "Prime Minister Churchill at his desk"])
def test_round9_a_title_before_a_famous_surname_that_is_a_place_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["Prince Edward Island coast at dawn", "General Santos harbor at dawn",
                                    "King George Island penguins on the ice"])
def test_round9_places_named_with_a_title_still_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt
