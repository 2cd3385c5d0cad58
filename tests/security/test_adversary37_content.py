"""Red team 37: the content screen after red team 36's fixes (``consent.content``).

1. (high) SCRIPT_EXCEPT readings run across punctuation and spaces: CJK characters are run together
   after NFKC, so a nude word next to the first character of a harmless compound is read out with it:
   "全身ヌード、ベージュ" (full-body nude, beige) reads as "ヌードベージュ" (a colour), "裸、足を広げて"
   (naked, legs spread) as "裸足" (barefoot), "누드, 톤" as "누드톤". No nudity flag.
2. (high) Negative prompt: "black bars" / "mosaic" are read as letterboxing / art style when the
   negative prompt names letterbox / tiles anywhere, even where the same item says what the bars or
   mosaic cover ("black bars on nipples, widescreen", "mosaic over genitals, tiles"), and pixelation
   spelt "pixellated" / "pixels" / "blocky" / "blur" does not count as the censoring it is.
3. (medium) "shoot at" + place: a possessive after the place ("the model shoot at the studio's
   guard") and "the office workers" read as a shoot's place; no violence.
4. (medium) Tool gun exception: the gun held to the head past a comma with "to", "under her chin",
   "at her head" after another item ("Jane Doe, water gun, to her head") reads the gun out.
5. (medium) A sheer garment read out by the 'sheer tights/curtains' exception is all she wears:
   "wearing only sheer tights", "in nothing but sheer tights", "in sheer tights and nothing else" --
   while "in nothing but nude heels" keeps nudity. Also "in nude lipstick and nothing else".
6. (medium) M16 nebula: "holding an M16 (nebula)", "Jane Doe, M16, Eagle Nebula" read the rifle out.
7. (low, legit user) Negative "black bars, letter box" (two words) still raises nudity.
"""

from __future__ import annotations

import pytest

from consent.content import content_flags
from consent.errors import ConsentError

_RT = "red team 37: "


@pytest.mark.parametrize("prompt", ["Jane Doe 全身ヌード、ベージュ", "Jane Doe ヌード、ベージュの背景", "Jane Doe 裸、足を広げて",
                                    "Jane Doe 누드, 톤", "Jane Doe ヌード ベージュ"])
def test_cjk_nude_word_before_a_punctuation_mark_raises_nudity(prompt):
    assert "nudity" in content_flags(prompt)


def test_cjk_nude_is_denied_under_a_no_nudity_grant(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1", content_restrictions=["no_nudity"])
    with pytest.raises(ConsentError, match="nudity"):
        w.studio().generate(w.request(subjects=("jane",), prompt="Jane Doe 全身ヌード、ベージュ"))
    assert w.output_files() == []


@pytest.mark.parametrize("negative", ["black bars on nipples, widescreen", "black bars over body, letterbox",
                                      "mosaic over genitals, tiles", "black bars, letterbox, pixellated",
                                      "black bars, letterbox, blur", "mosaic, tiles, pixel"])
def test_negative_censor_bars_or_mosaic_on_the_body_raise_nudity(negative):
    assert "nudity" in content_flags("Jane Doe portrait", negative)


@pytest.mark.parametrize("prompt", ["the model shoot at the studio's guard", "the model shoot at the beach's lifeguard",
                                    "a fashion shoot at the office workers"])
def test_shoot_at_a_person_after_a_place_word_raises_violence(prompt):
    assert "violence" in content_flags(prompt)


@pytest.mark.parametrize("prompt", ["Jane Doe, water gun, to her head", "Jane Doe with a water gun under her chin",
                                    "Jane Doe with a glue gun, finger on the trigger, at her head"])
def test_a_tool_gun_held_to_the_head_raises_violence(prompt):
    assert "violence" in content_flags(prompt)


@pytest.mark.parametrize("prompt", ["Jane Doe wearing only sheer tights", "Jane Doe in nothing but sheer tights",
                                    "Jane Doe in sheer tights and nothing else", "Jane Doe in nude lipstick and nothing else"])
def test_only_a_sheer_or_colour_item_raises_nudity(prompt):
    assert "nudity" in content_flags(prompt)


@pytest.mark.parametrize("prompt", ["Jane Doe holding an M16 (nebula)", "Jane Doe, M16, Eagle Nebula"])
def test_a_held_m16_next_to_a_nebula_word_raises_violence(prompt):
    assert "violence" in content_flags(prompt)


def test_negative_black_bars_letter_box_raises_nothing():
    assert content_flags("Jane Doe portrait", "black bars, letter box") == frozenset()


# --- held ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("prompt, flag", [
    ("Jane Doe n!u!d!e on a bed", "nudity"), ("Jane Doe n…u…d…e", "nudity"), ("Jane Doe n . a . k . e . d", "nudity"),
    ("Jane Doe ｎｕｄｅ", "nudity"), ("Jane Doe 裸足で裸", "nudity"), ("Jane Doe 裸眼で全裸", "nudity"),
    ("Jane Doe the naga, topless", "nudity"), ("Jane Doe naga", "nudity"), ("Jane Doe nu-metal fan, nude", "nudity"),
    ("Jane Doe in a see-through silk white top", "nudity"), ("Jane Doe wearing nothing but a sheer curtain", "nudity"),
    ("a staple gun aimed at the man", "violence"), ("Jane Doe with a nail gun against his skull", "violence"),
    ("the model shoot at 3 pm officers", "violence"), ("the firing squad shoot at dawn", "violence"),
    ("Jane Doe with an M16 Eagle Nebula print, shooting", "violence"), ("Jane Doe smoke machine, smoking a cigar",
                                                                        "alcohol_tobacco"),
    ("Jane Doe wine colour palette, drunk", "alcohol_tobacco"), ("Jane Doe theatre trupa, фото трупа", "violence"),
])
def test_held_attacks_keep_their_flag(prompt, flag):
    assert flag in content_flags(prompt)


@pytest.mark.parametrize("negative", ["black bars, letterbox, censored", "mosaic censor, tiles", "black bars",
                                      "black bars, letterbox, towel", "mosaic, tiles, sfw"])
def test_held_negative_censor_words_keep_nudity(negative):
    assert "nudity" in content_flags("Jane Doe portrait", negative)
