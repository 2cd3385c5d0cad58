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
