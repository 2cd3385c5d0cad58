"""Adversary 17: real people through the rules narrowed after adversary 16.

Every prompt in a strict xfail below was denied by the detector at d23329f (the stop before names
round 9) for the person's name, and is passed by main after the narrowing that closed adversary
16's findings. Each names a real, famous person (all from the project's own naming sets,
tests/data/names_*.jsonl) or, in the last one, a registered subject. Method and counts: the ~1,070
people of the sets put into prompt templates, scored by d23329f's consent/ and main side by side
(a "regression" is a prompt whose old finding covers a word of the person's name and that main
passes).

1. ``NameMatcher._script_character``: one all-caps word, after a title or not, is the script's own
   character unless a famous *list* holds it. The surnames of people that the detector found only
   by its generic rules ("acts-like-person", "title") pass: "Shot 3 — KHASHOGGI walks down the
   hall" (128 of 977 surnames), "Panel 2: DR. MIRZAKHANI ..." (136), "DETECTIVE ..." (142),
   "PRESIDENT ..." (138).
2. The same rule looks only at the word *after* the character: a full name in capitals whose
   first word is no listed given name is read as one unknown word ("DIKEMBE") and the surname as
   the character ("MUTOMBO"): "Shot 3 — DIKEMBE MUTOMBO walks down the hall" (31 of 977;
   with "/" or ". " between the words 39; "(EXT. day)" at the end 11). With a title in front, a
   surname that is an English word may follow the one-word character: "Shot 3 — DR. ZADIE SMITH
   walks down the hall" (5 of 977 more that main denies without the title).
3. ``caps_character`` (the all-caps / lower-case "no pair" rule, now only in scripts): "Shot 3 —
   JAMAL khashoggi walks down the hall" (28 of 977); with the marker at the end, adversary 16's own
   pinned prompt passes again: "portrait photo of NATALIE dormer in the park, shot 1: wide angle".
4. The foreign "named" words pass one word when the next is not capitalised: the given name is
   blocked and the lower-case surname alone is no name: "namens Bob ross", "llamada Bill nye"
   (26 of 977 in each language).
5. The model-number rule ("not after a given name") asks only whether the first word is a listed
   given name: "photo of Dikembe Mutombo 800T" (39 of 1,071), "Kehinde Wiley 400 portrait" (27).
6. German street words after a hyphen: the hyphen is only looked for between the last word and
   the street word, so adversary 16's own prompts pass with "-" for " ": "Emma Watson-Ufer, 85mm,
   bokeh" (842 of 977 full names).
7. A registered subject's surname with one letter doubled, in a script: "INT. STUDIO - DAY.
   OKAFFOR laughs" (with Amara Okafor registered; 61-67 of 70 registered surnames; the same word
   outside a script is denied).
8. One-word names of artists that no famous list holds: "Shot 3 — BEEPLE walks down the hall"
   (7 of 94 one-word names).
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


@pytest.mark.parametrize("prompt", [
    "Shot 3 — KHASHOGGI walks down the hall",
    "Panel 2: DR. MIRZAKHANI writes on a blackboard",
    "Shot 3 — DETECTIVE KARIKÓ walks down the hall",
])
def test_a_real_persons_surname_in_capitals_in_a_script_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Shot 3 — DIKEMBE MUTOMBO walks down the hall",
    "Shot 3 — ANGÉLIQUE KIDJO sings on stage",
    "Panel 4: RUTH BADER GINSBURG smiles at the camera",
    # a title in front: the rule reads "DR. ZADIE" and SMITH, an English word, may follow it
    "Shot 3 — DR. ZADIE SMITH walks down the hall",
])
def test_a_full_name_in_capitals_in_a_script_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Shot 3 — JAMAL khashoggi walks down the hall",
    "portrait photo of NATALIE dormer in the park, shot 1: wide angle",
])
def test_an_all_caps_given_name_and_lower_case_surname_in_a_script_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "ein Porträt einer Person namens Bob ross",
    "un retrato de una persona llamada Bill nye",
])
def test_a_full_name_with_a_lower_case_surname_after_named_in_another_language_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "photo of Dikembe Mutombo 800T",
    "Kehinde Wiley 400 portrait, film grain",
    "photo of Yuval Noah Harari 800T",
])
def test_a_real_person_before_a_number_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Emma Watson-Ufer, 85mm, bokeh, golden hour",
    "Keanu Reeves-Chaussee, rain, neon",
    "Barack Obama-Allee, film photo",
])
def test_a_famous_full_name_with_a_hyphenated_street_word_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


def test_a_registered_surname_with_a_typo_in_a_script_is_denied():
    m = NameMatcher([_Subject("subj-amara", "Amara Okafor")])
    assert m.find("Okaffor laughs")  # premise: outside a script the word is denied
    assert m.find("INT. STUDIO - DAY. OKAFFOR laughs")


@pytest.mark.parametrize("prompt", ["Shot 3 — BEEPLE walks down the hall", "Shot 3 — ARTGERM walks down the hall"])
def test_a_one_word_artist_name_in_a_script_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# ------------------------------------------------------------------ held (pass on main)

@pytest.mark.parametrize("prompt", [
    "Shot 1 — OKAFOR waves at the camera",
    "INT. STUDIO - DAY. OKAFOR laughs",
    "Panel 2: DR. OKAFOR smiles",
    "Shot 1 — AMARA waves at the camera",
    "Panel 2: DR. AMARA smiles",
])
def test_held_a_registered_word_in_capitals_in_a_script_is_denied(prompt):
    m = NameMatcher([_Subject("subj-amara", "Amara Okafor")])
    assert m.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Shot 3 — NATALIE DORMER walks down the hall",
    "ein Hund namens Natalie Dormer im Park",
    "un retrato de una persona llamada Shakira",
    "Barack Obama Allee, film photo",
    "photo of Dr. Mutombo 400",
])
def test_held_famous_people_through_the_narrowed_rules(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "ein Hund namens Chidubem okafor",
    "Chidubem Okafor 800T portrait",
    "Shot 1 — CHIDUBEM okafor waves",
    "Shot 1 — DR. CHIDUBEM OKAFOR waves",
    "Chidubem Okafor-Allee, film photo",
    "Shot 1 — CHIDI waves",
])
def test_held_a_registered_name_is_found_with_its_subject_through_the_narrowed_rules(prompt):
    m = NameMatcher([_Subject("subj-chidubem", "Chidubem Okafor", ["Chidi"])])
    assert any(lk.subject_id == "subj-chidubem" for lk in m.find(prompt)), prompt
