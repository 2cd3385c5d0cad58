"""Adversary 16: famous real people through names round 9's new passing rules.

Every prompt below was denied by the detector at d23329f (the stop before round 9) and is passed
by round 9; each names a real, famous person (most are in the project's own naming sets, e.g.
tests/data/names_heldout7.jsonl, tests/data/names_dev9.jsonl), so each is a new false pass.

1. **Script rule** (``_written_as_script`` + ``_famous_part``): a scene heading or a numbered
   shot/panel/frame blocks every name that has no word in the famous lists; people the detector
   found only by its generic given+surname rules (Natalie Dormer, Marina Abramović, Bill Nye) and
   one-word famous names that are also given names (Adele) pass once "Shot 3 —" is put in front.
   The same prefix also lets a registered subject's surname alone through (it was denied as an
   unknown name before, and the script rule never asks the registry's words).
2. **Model number** (``_MODEL_NUMBER``): any two-word name before 3-4 digits is a product, so
   "Fred Rogers 400" or "Bob Ross 800T" is no person.
3. **"named" in seven languages** (``_NAMED``): the English exception ("a woman named Sarah
   Johnson") now covers every one-word famous name and every famous full name the detector does
   not list as famous, in German, Spanish, Polish ...: "einer Frau namens Beyoncé".
4. **Lorem words** (``_foreign_words`` → ``famous_webword``): the set is not per language, so a
   famous one-word name that is a common word of *another* language (French "cher", Polish/
   German "handel", French "durer") is skipped in lower case in a Spanish prompt.

5. **German street words** (``_PLACE_NOUNS`` += allee damm ufer chaussee): any famous full name
   followed by one of them is a street, so "Barack Obama Allee, film photo" or "Keanu Reeves
   Chaussee, rain, neon" passes (the older place words, "Platz", "Strasse", "Museum", already
   did: a pre-existing hole of the same shape, not pinned here).

Fix direction: make the script rule, the model-number rule and the foreign "named" words fall
back to the pre-round-9 result for names a generic rule finds with high confidence, ask the
registry's name words too, and keep the lorem words per language (skip a word only in a prompt
of the language it is a word of).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from consent.names import NameMatcher


@dataclass
class _Subject:
    id: str
    display_name: str
    aliases: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


_SCRIPT = [
    "Shot 3 — Natalie Dormer walks down the hall",
    "INT. HOUSE - DAY. Marina Abramović stares",
    "EXT. STREET - NIGHT. BILL NYE stares at the rain",
    "Shot 3 — ADELE stares at the rain",
    "EXT. STREET - NIGHT. ADELE stares at the rain",
    # the marker anywhere in the prompt, not as its head
    "photo of Bill Nye walking in the park (EXT. day)",
    "photo of Gustavo Dudamel conducting in the park, shot 1: wide angle",
]

_MODEL = [
    "photo of Bob Ross 800T",
    "Fred Rogers 400 portrait, film grain",
    "Anthony Bourdain 5000 on a beach",
]

_NAMED = [
    "ein Porträt einer Frau namens Beyoncé",
    "ein Porträt einer Frau namens Bob Ross",
    "un retrato de una mujer llamada Shakira",
    "portret kobiety o imieniu Madonna",
]

_LOREM = [
    "cher cantando en el escenario con una peluca enorme",
    "handel tocando el órgano en la iglesia",
    "durer pintando su autorretrato con pieles",
    "havel sonriendo en la plaza de praga con un abrigo",
]


@pytest.mark.parametrize("prompt", _SCRIPT)
def test_a_famous_person_in_a_shot_list_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", _MODEL)
def test_a_famous_person_before_a_number_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", _NAMED)
def test_a_famous_person_after_named_in_another_language_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", _LOREM)
def test_a_famous_name_that_is_a_word_of_another_language_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


def test_an_all_caps_given_name_and_lower_case_surname_is_still_denied(matcher):
    assert matcher.find("A photo of NATALIE dormer in the park")


_STREET = [
    "Barack Obama Allee, film photo",
    "Keanu Reeves Chaussee, rain, neon",
    "Taylor Swift Damm at dusk",
    "Emma Watson Ufer, 85mm, bokeh, golden hour",
]


@pytest.mark.parametrize("prompt", _STREET)
def test_a_famous_full_name_before_a_german_street_word_is_still_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["Panel 1: OKAFOR laughs", "INT. STUDIO - DAY. Okafor laughs"])
def test_a_registered_subjects_surname_in_a_script_is_still_denied(prompt):
    m = NameMatcher([_Subject("subj-amara", "Amara Okafor")])
    assert m.find("Okafor laughs")  # premise: outside a script her surname is denied
    assert m.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "INT. HOUSE - DAY. Amara Okafor waves",
    "Shot 1 — WILL FROST waves",
    "Will Frost 400 portrait",
    "Amara Okafor 800T portrait",
    "ein Hund namens Amara Okafor",
])
def test_held_a_registered_full_name_is_found_through_every_round9_rule(prompt):
    m = NameMatcher([_Subject("subj-amara", "Amara Okafor"), _Subject("subj-will", "Will Frost")])
    assert any(lk.subject_id for lk in m.find(prompt)), prompt


# An older hole adversary 16 noted (the detector before round 9 let these through too): a famous
# surname in capitals in a prompt that mixes case was not read as the same word capitalised is.
@pytest.mark.parametrize("prompt", ["TRUMP laughs", "MACRON laughs at the podium", "a photo of MUSK smiling",
                                    "LINCOLN giving a speech", "CLINTON waving to a crowd"])
def test_a_famous_surname_in_capitals_doing_something_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["A RED car driving fast", "HDR photo, SALE banner, woman smiling",
                                    "NEW YORK skyline, people walking"])
def test_ordinary_words_in_capitals_doing_something_stay_clean(matcher, prompt):
    assert not matcher.find(prompt), prompt
