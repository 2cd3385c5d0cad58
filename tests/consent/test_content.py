"""The prompt screen for content restrictions: flags what a restriction must catch,
including spelled-around words, and stays quiet on ordinary prompts."""

import pytest

from consent.content import content_flags


@pytest.mark.parametrize(
    "prompt,flag",
    [
        ("a nude portrait in the style of Titian", "nudity"),
        ("N.U.D.E beach scene", "nudity"),
        ("n4k3d figure study", "nudity"),
        ("Jane at a campaign rally waving a flag", "politics"),
        ("holding a product, brand ambassador shot", "endorsement"),
        ("smoking a cigarette on a balcony", "alcohol_tobacco"),
        ("a bloody sword fight", "violence"),
        ("at the casino table, poker night", "gambling"),
        ("praying in a cathédrale church", "religion"),
    ],
)
def test_flags_restricted_content(prompt, flag):
    assert flag in content_flags(prompt)


@pytest.mark.parametrize(
    "prompt",
    [
        "",
        "portrait of a woman in a red coat, golden hour, 85mm",
        "a quiet harbour at dawn, boats, mist",
        "studio headshot, neutral background, soft light",
        "a basket of apples on a wooden table",
    ],
)
def test_ordinary_prompts_carry_no_flags(prompt):
    assert content_flags(prompt) == frozenset()


@pytest.mark.parametrize("prompt,flag", [
    ("голая на пляже", "nudity"),  # Cyrillic, read in Latin letters
    ("γυμνή στην παραλία", "nudity"),  # Greek
    ("posing with a shotgun", "violence"),
    ("drinking prosecco on a terrace", "alcohol_tobacco"),
])
def test_other_scripts_and_plain_words_raise_their_flag(prompt, flag):
    assert flag in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "a striped shirt on a hanger",  # no "strip" in "striped"
    "the engine room of a steamship",  # no "gin" in "engine"
    "a bomber jacket on a mannequin",
    "K-pop idol on stage 🐰, pink lights",  # an emoji's name ("rabbit") is no "rabbi"
    "比尔·盖茨在演讲",  # Chinese is not read in Latin letters ("bier")
])
def test_words_inside_other_words_and_other_scripts_raise_nothing(prompt):
    assert content_flags(prompt) == frozenset()


def test_the_negative_prompt_asks_for_nudity_only_by_leaving_clothes_out():
    assert content_flags("on the beach", "clothes, swimsuit, lowres") == {"nudity"}
    assert content_flags("on the beach", "nude, nsfw, lowres, watermark") == frozenset()  # avoiding nudity
    assert content_flags("", "shirt") == {"nudity"}


@pytest.mark.parametrize("prompt, flag", [
    ("a glass of wine, red lipstick", "alcohol_tobacco"),  # "wine red" is a colour only within one phrase
    ("Jane drinking a cocktail, dress code black tie", "alcohol_tobacco"),
    ("Jane at a photo shoot, shooting at the crowd", "violence"),
    ("Jane shooting a photographer", "violence"),  # "shooting a photo" is innocent, this is not
    ("Jane as a n u d e model", "nudity"),  # the article is not glued to the spelled-out word
    ("Jane with a g/u/n", "violence"),
])
def test_innocent_phrases_are_read_whole_and_within_one_phrase(prompt, flag):
    assert flag in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "golf course at golden hour",  # Russian "golaya" etc. are listed form by form, not as "gol*"
    "gymnastics in an old gymnasium",  # Greek "gymno"
    "a karabiner on a climbing rope",  # Polish/Russian "karabin" (rifle)
    "burgundy velvet and gunmetal grey, begun at dawn",  # "gun" compounds are a curated list
    "a sextant on a ship's chart, the heroine of the story",
    "a convertible with the top off",
    "take off the top of the jar",
    "İstanbul'da bir kadın, gün batımı öncesi",  # Turkish "bir" is "a", not beer
])
def test_listed_stems_leave_other_words_alone(prompt):
    assert content_flags(prompt) == frozenset()


def test_a_negative_prompt_avoiding_not_safe_for_work_raises_nothing():
    assert content_flags("Jane on the beach", "not safe for work, nude, lowres") == frozenset()
    assert content_flags("Jane on the beach", "safe for work, lowres") == {"nudity"}


@pytest.mark.parametrize("prompt", [
    "Jane on the beach, nu\u200bde",  # zero-width space inside the word
    "Jane on the beach, na\u00adked",  # soft hyphen
    "Jane on the beach, n \u3000u\u2003 d  e",  # ideographic, em and double spaces between spelled-out letters
])
def test_invisible_characters_and_wide_spacing_do_not_split_a_word(prompt):
    assert "nudity" in content_flags(prompt)


@pytest.mark.parametrize("prompt", [
    "Jane at a photo shoot at the beach",
    "a shooting star over the sea, Jane watching",
    "Jane shooting a film in Paris",
    "Jane in wine red and gold",
    "Jane, dress: wine red",
    "İstanbul'da Jane, her gün gün batımında",  # Turkish "gün" (day), with its "ü"
])
def test_innocent_phrases_stay_innocent_where_they_end(prompt):
    assert content_flags(prompt) == frozenset()


@pytest.mark.parametrize("prompt, flag", [
    ("the model shoots at the crowd, Jane watching", "violence"),  # "<noun> shoots" with a shot's preposition
    ("Jane with her gun", "violence"),  # no "ü": English, not Turkish "her gün"
    ("Jane holding a wine red glass", "alcohol_tobacco"),  # "wine red" names no garment or colour here
])
def test_an_innocent_phrase_followed_by_an_object_is_the_forbidden_thing(prompt, flag):
    assert flag in content_flags(prompt)
