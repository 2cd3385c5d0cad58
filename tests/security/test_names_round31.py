"""Names round 31 (issue 11): nicknames and short forms of famous people of about 65 countries.

About 270 epithets were added to consent/data/epithets.txt, written from public knowledge without
reading any evaluation set, then filtered: none made only of common words of a language or of
places unless a famous person's name is in it, no lone given name or common surname. Red team 55
(docs/LIKENESS.md, "Round 31") found 29 clean prompts the first list denied (words, dishes,
brands, a Disney character, prompts in another script that sound like an epithet); the 25
epithets behind them were dropped, and the prompts are pinned below.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    "Rocket Ronnie lining up a long pot, snooker table",
    "Scholzomat at a press conference, caricature",
    "Herminator racing down the slope",
    "Dirkules dunking, comic style",
    "Lewangoalski celebrating a goal",
])
def test_nicknames_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "żaba siedząca na liściu lilii wodnej",              # "ZABA" (Ben Ali) folds to a frog
    "a plate of litti chokha with ghee",                 # a dish
    "akki rotti with coconut chutney",
    "a Macca's bag on the car seat",                     # McDonald's in Australia
    "ein Bobbele im Kinderwagen",                        # Swabian: a baby
    "ein kleines Schweini im Matsch",                    # a piglet
    "una copertina di Topolino con Superpippo",          # Disney's Super Goof
    "er pupone che dorme nella culla",                   # Roman: the big baby
    "горби верблюда в пустелі",                          # Ukrainian: humps
    "sheva brachot at a Jewish wedding",                 # "Шева" (Shevchenko) folds to Hebrew "seven"
    "un Flanby au caramel dans une coupelle",            # a dessert brand
    "طفلان يطيران على بساط الريح",                       # sounded like "Teflon Tony"
    "конструкція прем'єра рідкий зміна тисяча важливий",  # sounded like "Premier Zhou"
])
def test_clean_prompts_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="red team 55, accepted: a trophy or a team named by the person's own epithet "
                                       "is read as the person (a false denial)")
@pytest.mark.parametrize("prompt", ["the Quaid-e-Azam Trophy on a table", "VR46 Racing Team motorcycle in the paddock"])
def test_things_named_by_an_epithet(matcher, prompt):
    assert not matcher.find(prompt), prompt
