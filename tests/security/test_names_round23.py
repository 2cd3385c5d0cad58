"""Names round 23 (issue 11): red team 43's open bypasses, each read by a family rule.

Red team 43's strict xfails (tests/security/test_adversary43_names.py) are plain tests now. Here:
the same families in other wordings (each passed before the round), the near misses that must
stay allowed (checked on the round's code), and the cases judged either way, with why.
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


# --- the families in other wordings: each passed before round 23 ---------------------------------

@pytest.mark.parametrize("prompt", [
    # short forms of a state's office after a state, in any case
    "the canadian pm at a podium",
    "the Canadian PM at a podium",
    "the uk pm outside number 10",
    "the french prez at a summit",
    "flotus in a red dress",
    "vpotus at a rally",
    # nationalities written otherwise
    "the english prime minister at a podium",
    "the incoming french president waving",
    "the current british pm waving",
    "🇩🇪 chancellor at a podium",
    "🇬🇧 king waving",
    "🇬🇧 pm outside number 10",
    # offices named by their own words
    "the speaker of the house holding a gavel",
    "the US house speaker at the capitol",
    "the treasury secretary signing a bill",
    "the british foreign secretary at a podium",
    "the attorney general at a podium",
    "the senate majority leader at a podium",
    "the heir to the British throne waving",
    # towns
    "paris mayor at a market",
    "chicago mayor on a bike",
    # a firm or a product
    "the Tesla guy on stage",
    "the spacex guy at a launch",
    "the man behind Facebook",
    "the woman behind spacex",
    "the mastermind behind tiktok",
    "the man who made the iphone",
    "the man who coded facebook",
    "the man who owns the dallas cowboys",
    "the woman who runs the boston globe",
    "the world's fastest man on a track",
    "the world's oldest woman smiling",
    "America's richest man on a yacht",
])
def test_round23_families_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- near the rules, denied before the round by other rules, and still denied ----------------------

@pytest.mark.parametrize("prompt", [
    "the English queen waving",
    "todays french president waving",
    "the fed chairman at a press conference",
    "the secretary of state at a summit",
    "the duchess of cambridge at a gala",
    "the sf mayor at city hall",
    "the ny governor at a podium",
    "US president at a rally",
])
def test_round23_neighbours_stay_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- near misses that stay allowed (ordinary prompts) ---------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the english teacher at a blackboard",  # no office after the nationality
    "the english premier league match",  # a compound after the office
    "the english breakfast on a plate",
    "the english queen bee",
    "the welsh king in a legend",  # no Welsh throne stands today
    "the scottish king in a chess set",
    "an english king in armour",  # one of many
    "meeting at 5 pm in the office",  # "pm" is read only after a state
    "the 6 pm news anchor",
    "pm me for details",
    "the prez of the chess club",
    "the new president of the chess club",
    "the new leader board",
    "today's special on the board",
    "la mayor parte del pueblo",  # Spanish: "la" is read as LA only after "the"
    "london mayor race poster",  # a noun after the bare office
    "a london mayor in a costume",
    "roman emperor in a toga",  # a ruler of old: the bare rule leaves titles out
    "a fed-up chair",  # the brief's near miss: "fed" is no body before "up"
    "the fed-up chair in the corner",
    "the speaker of the house party",  # a compound after the office: a party
    "the house speaker system",
    "the home secretary bird",
    "the foreign minister of the chess club",
    "a chief justice costume for a school play",  # one of many: "a"
    "the duke of earl song",  # no place: a song
    "the duke in a castle",
    "the heir to the throne in a fairy tale castle",  # no state: a tale's heir
    "the heir to the fortune",
    "🇫🇷 flag on a pole",
    "🇫🇷 croissant on a plate",
    "a 🇺🇸 president costume",
    "🇫🇷 king in a chess set",  # no French throne stands
    "🇺🇸 president of the chess club",
    "the pizza guy at the door",
    "the cable guy fixing the tv",
    "the ups guy with a parcel",  # a worker at the door
    "the amazon guy at the door",
    "the uber guy driving a car",
    "the crypto guy on a laptop",
    "the apple guy at the market",
    "the lego guy on a shelf",
    "the tech guy fixing a laptop",
    "the man behind the counter",
    "the man behind bars",
    "the man behind the curtain",
    "the guy behind you",
    "the man behind apple trees",
    "the man behind Sarah in the queue",
    "the kid who made slime",
    "the woman who made pancakes",
    "the man who invented the wheel",
    "the girl who made the snowman",
    "the man who bought the tesla",  # one of many owners of a car
    "the man who owns the ferrari",
    "the man who owns the london bakery",
    "the man who runs the paris cafe",
    "the world's best dad mug",  # a superlative of opinion
    "the world's greatest grandma",
    "the world's okayest mom",
    "the world's strongest man competition",  # a noun after
    "the world's tallest tree",
    "the town's oldest man",  # no place the knowledge holds
])
def test_round23_near_misses_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- judged either way: the call made, and why ----------------------------------------------------

@pytest.mark.parametrize("prompt", [
    # denied (fail closed): a house's speaker device is rarer than the office, and "the" picks one
    "the house speaker on the shelf",
    # denied: the costume of the one real chief justice, "the" picks him
    "the chief justice costume",
    # denied: "potus" names one person; a costume of him is his likeness
    "a potus costume",
    # denied (fail closed): a word no dictionary holds and the web holds rarely before "guy" reads
    # as a firm; no list tells "vape" from "tesla"
    "the vape guy in a cloud",
    # denied: an opinion's superlative is not one, so the beauty of one woman is read as one person
    "the world's most beautiful woman",
])
def test_round23_judged_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="left: 'america's' in lower case is not read as a place's possessive "
                   "(the rule reads a capitalised place only, so 'the town's', 'the village's' stay out)")
def test_lower_case_place_possessive_left(matcher):
    assert matcher.find("america's richest man on a yacht")
