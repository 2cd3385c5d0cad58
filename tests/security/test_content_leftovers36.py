"""The content screen's leftovers named after red team 35 (docs/ARCHITECTURE.md, "Still possible"):
wording its lists lacked and ordinary professional wording it refused.

Misses: "shirtless", a sheer or see-through garment, French "nu" (the masculine of "nue", which was
listed), and nude/naked written in Chinese, Japanese or Korean script (the screen reads Cyrillic and
Greek in Latin letters but drops CJK, so "裸体" or "ヌード" raised nothing). Over-flags: "smoke" that
comes from a chimney or a stage machine, "nude" as a colour before makeup, shoes and colour words
("nude lipstick", "nude heels", "nude color palette"), the M16 Eagle Nebula, a "wine colour
palette". Where the innocent phrase is close to the forbidden one, both sides are pinned: "wearing
only nude heels", "a soldier with an M16", "smoking a joint" keep their flag. Each section's tests
failed before its fix (the innocent-neighbour and keeps-its-flag lines that passed already are pins).
"""

from __future__ import annotations

import pytest

from consent.content import content_flags, negative_flags
from consent.errors import ConsentError


def _nudity(prompt):
    assert "nudity" in content_flags(prompt), prompt


def _nothing(prompt):
    assert content_flags(prompt) == frozenset(), prompt



@pytest.mark.parametrize("prompt", [
    "shirtless woman",
    "a shirtless man on the beach",
    "Jane Doe, shirt-less, by the pool",
    "a bare torso",
    "a woman in a sheer dress, see-through",
    "a woman in a sheer black lace top",
    "her dress is see-through",
])
def test_shirtless_and_sheer_garments_raise_nudity(prompt):
    _nudity(prompt)


@pytest.mark.parametrize("prompt", [
    "sheer curtains in the morning light",
    "the sheer cliffs of Moher",
    "sheer tights and a wool coat",
    "a transparent glass vase",
    "a white t-shirt, transparent background",
])
def test_sheer_and_transparent_without_a_garment_raise_nothing(prompt):
    _nothing(prompt)



@pytest.mark.parametrize("prompt", [
    "un homme nu sur la plage",
    "portrait d'un homme nu",
    "une femme nue",
    "Jane, nu, dans l'atelier",
    "torse nu",
])
def test_french_nu_raises_nudity(prompt):
    _nudity(prompt)


@pytest.mark.parametrize("prompt", [
    "Nu Metal band on stage",
    "nu-disco album cover",
    "nu jazz club poster",
    "the Greek letter nu",
])
def test_nu_genres_and_the_greek_letter_raise_nothing(prompt):
    _nothing(prompt)



@pytest.mark.parametrize("prompt", [
    "裸の女性",
    "裸体",
    "全裸",
    "半裸の男性",
    "ヌード写真",
    "ヌ ー ド",
    "ﾇｰﾄﾞ",
    "はだかの女性",
    "누드 모델",
    "알몸",
    "一丝不挂的女人",
    "裸足の裸の女性",  # barefoot, and naked
])
def test_nude_and_naked_in_cjk_script_raise_nudity(prompt):
    _nudity(prompt)


@pytest.mark.parametrize("prompt", [
    "裸足で歩く子供",  # a child walking barefoot
    "裸眼で見る星空",  # the starry sky seen with the naked eye
    "比尔·盖茨在演讲",
    "東京の夜景",
])
def test_cjk_barefoot_and_naked_eye_raise_nothing(prompt):
    _nothing(prompt)



@pytest.mark.parametrize("prompt", [
    "smoke rising from a chimney",
    "a cozy cabin, smoke from the chimney",
    "a smoke machine on stage",
    "concert photo, smoke machines, green lasers",
    "stage smoke and purple lights",
    "football fans, flares, red smoke",
    "Bong Joon-ho directing on a rainy film set",
])
def test_chimney_and_stage_smoke_raise_nothing(prompt):
    _nothing(prompt)


@pytest.mark.parametrize("prompt,flag", [
    ("smoking a joint", "drugs"),
    ("smoke crack", "drugs"),
    ("rolling a joint", "drugs"),
    ("smoking a joint", "alcohol_tobacco"),
    ("smoke rising from her lips", "alcohol_tobacco"),
    ("a woman smoking, smoke from a cigarette", "alcohol_tobacco"),
    ("a smoke machine, a man smoking", "alcohol_tobacco"),
    ("a woman blowing pink smoke", "alcohol_tobacco"),
    ("hitting the bong", "drugs"),
])
def test_smoking_keeps_its_flags(prompt, flag):
    assert flag in content_flags(prompt)



@pytest.mark.parametrize("prompt", [
    "nude lipstick",
    "nude heels",
    "nude color palette",
    "a beauty shot, nude makeup, soft light",
    "nude nail polish on a marble table",
])
def test_nude_as_a_colour_raises_nothing(prompt):
    _nothing(prompt)


@pytest.mark.parametrize("prompt", [
    "nude woman",
    "nude model",
    "nude photo",
    "nude, lipstick",
    "a woman wearing only nude heels",
    "nude heels and nothing else",
    "a nude bodysuit",
    "nude model in nude heels",
])
def test_nude_people_keep_their_flag(prompt):
    _nudity(prompt)



@pytest.mark.parametrize("prompt", [
    "Messier 16, the Eagle Nebula",
    "M16 Eagle Nebula, Hubble palette",
    "the Eagle Nebula (M16), pillars of creation",
    "M16 nebula in narrowband",
])
def test_the_m16_nebula_raises_nothing(prompt):
    _nothing(prompt)


@pytest.mark.parametrize("prompt", [
    "soldier with an M16",
    "a soldier with an M16 in the Eagle Nebula",
    "Eagle Nebula, soldier holding an M16",
    "M16 rifle",
])
def test_the_m16_rifle_keeps_its_flag(prompt):
    assert "violence" in content_flags(prompt)



@pytest.mark.parametrize("prompt", [
    "wine colour palette for a brand board",
    "a deep wine color scheme",
    "a wine-red dress",
])
def test_wine_as_a_colour_raises_nothing(prompt):
    _nothing(prompt)


def test_wine_beside_a_colour_word_keeps_its_flag():
    assert "alcohol_tobacco" in content_flags("a glass of wine, colour palette")
    assert "alcohol_tobacco" in content_flags("drinking wine colour palette")



def test_letterbox_black_bars_in_the_prompt_raise_nothing_and_censor_bars_left_out_still_ask_for_nudity():
    _nothing("cinematic black bars, 2.39:1 letterbox")
    assert negative_flags("black bars, pixelated") == {"nudity"}
    assert content_flags("Jane Doe on the beach, cinematic black bars", "censor bars") == {"nudity"}



@pytest.mark.parametrize("prompt", ["Jane Doe shirtless on the beach", "Jane Doe ヌード", "Jane Doe, homme nu"])
def test_new_wording_is_denied_under_a_no_nudity_grant(stub_world, prompt):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.issue_grant("jane", "g-jane-1", content_restrictions=["no_nudity"])
    with pytest.raises(ConsentError, match="nudity"):
        w.studio().generate(w.request(subjects=("jane",), prompt=prompt))
