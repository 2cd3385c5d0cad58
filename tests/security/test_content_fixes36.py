"""Pins for the fixes of red team 36's content findings (tests/security/test_adversary36_content.py):
both sides of each rule, the forbidden reading keeping its flag and the innocent neighbour raising
nothing. The attack lines failed before their fix; the innocent lines that passed already are pins.
"""

from __future__ import annotations

import pytest

from consent.content import content_flags


def _flag(flag, prompt):
    assert flag in content_flags(prompt), prompt


def _nothing(prompt):
    assert content_flags(prompt) == frozenset(), prompt


# --- 1. "shoot at": a photo shoot at a time or a place; shooting at anyone else -----------------

@pytest.mark.parametrize("prompt", [
    "the model shoot at him",
    "Jane Doe and the models shoot at them from the balcony",
    "the family shoot at the neighbours",
    "the wedding shoot at the guests",
    "young shoots at the soldiers",
    "the film shoot at the protesters",
    "a photo shoot at the school",  # the places of mass shootings are no photo-shoot places here
])
def test_shoot_at_someone_raises_violence(prompt):
    _flag("violence", prompt)


@pytest.mark.parametrize("prompt", [
    "a fashion shoot at the beach", "a wedding shoot at an old castle", "a portrait shoot at sunset",
    "a movie shoot at dawn", "green shoots at dawn", "a shooting star at night", "a product shoot at the studio",
    "a family shoot at the park, autumn leaves", "a photo shoot in Paris",
    "stage smoke at the theatre",  # the same '>' rule in alcohol_tobacco's EXCEPT
])
def test_shoot_at_a_time_or_place_raises_nothing(prompt):
    _nothing(prompt)


# --- 2. a tool or toy gun only where its phrase ends, and not aimed or pressed -----------------

@pytest.mark.parametrize("prompt", [
    "a nail gun to his head",
    "Jane Doe with a water gun, pointed at his head",
    "the foam gun aimed at her head",
    "a glue gun held against her throat",
])
def test_a_tool_gun_aimed_or_pressed_at_someone_raises_violence(prompt):
    _flag("violence", prompt)


@pytest.mark.parametrize("prompt", [
    "a hot glue gun on the table", "kids with water guns in the garden, summer", "a massage gun and a yoga mat",
    "a heat gun for stripping paint", "nerf guns",
])
def test_a_tool_or_toy_gun_alone_raises_nothing(prompt):
    _nothing(prompt)


# --- 3. letters split by a run of marks ----------------------------------------------------------

@pytest.mark.parametrize("prompt", ["n . . u . . d . . e", "n__u__d__e", "n-/-u-/-d-/-e", "N ... U ... D ... E"])
def test_letters_split_by_a_run_of_marks_raise_nudity(prompt):
    _flag("nudity", prompt)


def test_letters_split_by_a_run_of_marks_in_the_negative_prompt_and_for_guns():
    _flag("violence", "a g -- u -- n in her hand")
    assert content_flags("Jane Doe on the beach", "s -- f -- w") == {"nudity"}


# --- 4a. other-language words that are also ordinary words or names ------------------------------

@pytest.mark.parametrize("prompt", [
    "Angkor Wat naga balustrade at sunrise", "the naga, fantasy art", "a seven-headed naga statue",
    "Mr. Kurita at his desk", "a roast kuritsa", "the Kuril Islands in fog",  # Russian "hen"
    "trupa teatralna na scenie", "a touring trupa in the town square",
])
def test_naga_kurita_and_a_troupe_raise_nothing(prompt):
    _nothing(prompt)


@pytest.mark.parametrize("flag,prompt", [
    ("nudity", "naga kobieta na plaży"), ("nudity", "Jane Doe naga"), ("nudity", "a naga woman on a bed"),
    ("alcohol_tobacco", "она курит сигарету"), ("alcohol_tobacco", "курить"), ("alcohol_tobacco", "он курил трубку"),
    ("alcohol_tobacco", "курительная комната"), ("alcohol_tobacco", "закурила у окна"),
    ("violence", "фото трупа в лесу"), ("violence", "zdjęcie trupa"),
])
def test_the_other_language_words_keep_their_flag(flag, prompt):
    _flag(flag, prompt)


# --- 4b. the negative prompt: letterbox bars, a mosaic style, cropping ----------------------------

@pytest.mark.parametrize("negative", [
    "letterbox black bars", "black bars, 2.39:1", "black bars, widescreen, lowres", "mosaic, tiles",
    "mosaic art, stained glass, cartoon", "top of head cut off", "tops of their heads cropped",
])
def test_letterboxing_a_mosaic_style_and_cropping_left_out_raise_nothing(negative):
    assert content_flags("Jane Doe at the harbour", negative) == frozenset(), negative


@pytest.mark.parametrize("negative", [
    "black bars", "mosaic", "black bars, letterbox, pixelated", "black bars, letterbox, censored",
    "mosaic, tiles, pixelated", "mosaic, tiles, black bars", "black bars, letterbox, clothes",
    "mosaic, tiles, bikini", "tops of heads cut off, crop tops",
])
def test_censor_bars_a_censoring_mosaic_and_garments_left_out_stay_nudity(negative):
    assert content_flags("Jane Doe at the harbour", negative) == {"nudity"}, negative
