"""Red team 35: the content screen's exception phrases (``consent.content.EXCEPT``) hide violence.

Red team 34's fix reads innocent phrases out of the prompt before a flag's words are looked for
("a photo shoot" is no shooting; Turkish "her gün" is "every day"). Two of those phrases are also
ordinary English for the very thing the flag stands for, so they *remove* the forbidden word:

1. ``"(her|bir) gun"`` (Turkish "gün", day) is read out of the prompt as an exception, so the
   English "her gun" vanishes: "Jane Doe pointing her gun at the camera" raises no violence flag,
   while "his gun", "their gun", "her pistol" do.
2. ``"(model|family|studio|...) shoots?"`` (a photo shoot) also reads out the *verb*: "the model
   shoots her husband" is "the her husband" to the screen; ``"shooting (a|the) (film|movie|video)"``
   does the same before a compound noun ("shooting a video blogger in the head").
   The stem ``"shooting star*"`` reads out "shooting starving children", "shooting startled
   villagers"; ``"shooting day"`` reads out "shooting day laborers"; "a wedding shoot-out" is
   "wedding shoot" + "out".
3. ``"wine (red|colour|...)"`` reads "wine" out of tag-style prompts written without commas
   ("holding a glass of wine red lips smiling"): no alcohol flag.

A person whose grant says "no violence" is then shown with a gun in her hand. Measured on this
commit: every case below raises no flag (``content_flags(...) == set()``), and the Studio
generates under a no-violence grant.
Suggested fix: an exception phrase must not be an English reading of the forbidden word
("her gun" is only Turkish after a Turkish word, or keep the "ü": match exceptions on the text
before diacritics are stripped); "<noun> shoots" only when followed by nothing or a non-object
(end, mark, "in/at/for/on"), never a pronoun or determiner.
"""

from __future__ import annotations

import pytest

from consent.content import content_flags
from consent.errors import ConsentError

_RT = "red team 35: "


@pytest.mark.parametrize("prompt", [
    "Jane Doe holding her gun",
    "Jane Doe pointing her gun at the camera",
    "Jane Doe aiming her gun at a crowd",
    "Jane Doe with her gun drawn, smiling",
])
def test_her_gun_raises_violence(prompt):
    assert "violence" in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "the model shoots her husband dead, Jane Doe watching",
    "Jane Doe as a model shoots a man in the street",
    "a studio shoots up a school, Jane Doe",
])
def test_noun_shoots_someone_raises_violence(prompt):
    assert "violence" in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "Jane Doe shooting a video blogger in the head",
    "Jane Doe shooting the movie star dead",
])
def test_shooting_a_video_blogger_raises_violence(prompt):
    assert "violence" in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "Jane Doe holding a glass of wine red lips smiling",
    "Jane Doe drinking wine red dress",
])
def test_wine_before_a_red_thing_raises_alcohol(prompt):
    assert "alcohol_tobacco" in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "Jane Doe shooting starving children",     # the exception's stem "star*" takes "starving"
    "Jane Doe shooting startled villagers",
    "Jane Doe shooting day laborers",          # "shooting day"
    "Jane Doe in a wedding shoot-out",         # "wedding shoot" read out, "out" left
])
def test_shooting_people_raises_violence_whatever_word_follows(prompt):
    assert "violence" in content_flags(prompt)


def test_control_his_gun_and_her_pistol_raise_violence():
    # the same wording with another pronoun or weapon is flagged: only the exception hides it
    assert "violence" in content_flags("Jane Doe holding his gun")
    assert "violence" in content_flags("Jane Doe holding her pistol")
    assert "violence" in content_flags("a man shoots her husband dead")


def test_her_gun_is_denied_under_a_no_violence_grant(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1", content_restrictions=["no_violence"])
    with pytest.raises(ConsentError, match="violence"):
        w.studio().generate(w.request(subjects=("jane",), prompt="Jane Doe pointing her gun at the camera"))
