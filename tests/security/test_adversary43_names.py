"""Red team 43 on names round 22 (issue 11): offices after a lower-case nationality, a firm after
what its founder did, "guy"/"gal".

Round 22 read "the french president", "new york mayor gives a speech" and "the man who founded
apple" in lower case. Probed both ways (about 330 prompts, compared with main):

- bypasses the lower-case reading missed though the capitalised one denies: a state's initials
  in lower case ("the us president", "the u.s. president", "the uk prime minister", "the dprk
  leader", "the un secretary general"), a two-word office ("the american vice president", "the
  french first lady"), a hyphen in a two-word nationality ("the north-korean leader"), and
  "cofounded" with no hyphen. Fixed.
- false denials new in round 22: a throne that no longer stands ("the russian tsar", "the french
  king", "the chinese emperor in a palace", "the polish king in chess"); the office before a noun
  that makes a compound ("the british queen bee", "the norwegian king crab", "the indian premier
  league", "the swiss leader board"); the office "of" something that is no state ("the italian
  leader of the expedition", "the irish president of the student union"); after a founder's deed,
  a dictionary's act or made thing, "everything", a pastime in -ing ("the woman who created
  origami", "the boy who built lego", "the woman who owns everything"). Fixed.
- left by red team 43 and closed by round 23 (tests/security/test_names_round23.py): abbreviations
  and slang for offices (pm, prez, potus), flag emoji, offices round 22 had no word for (house
  speaker, fed chair, chief justice), descriptions by a firm with a person noun ("the tesla guy").
- still left (strict xfails below): a misspelt nationality ("the fench president"), and a few rare
  words after a founder's deed that are pastimes or products, not firms (false denials).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


# --- bypasses fixed: each passed on round 22 ---------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the us president at a rally",  # "the US president" was denied
    "the u.s. president at a rally",
    "the usa president waving",
    "the uk prime minister outside number 10",
    "the uk king waving",
    "the us vice president waving",
    "the dprk leader inspecting troops",
    "the un secretary general at the podium",
    "the nato secretary general at a summit",
    "the american vice president waving",  # "the American vice president" was denied
    "the french vice president waving",
    "the french first lady at a gala",
    "the american first lady in a red dress",
    "the north-korean leader inspecting troops",
    "the man who cofounded microsoft",  # "co-founded" was denied
])
def test_lower_case_initials_two_word_offices_and_hyphens_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- false denials fixed: each denied on round 22, allowed on main ------------------------------

@pytest.mark.parametrize("prompt", [
    "the russian tsar in a palace",  # no tsar reigns today: a kind of ruler of old
    "the chinese emperor on a dragon throne",
    "the french king at versailles",
    "the french queen in a powdered wig",
    "the mexican emperor in a painting",
    "the austrian emperor at a ball",
    "the polish king in chess",
    "the russian king in a chess set",
    "the chinese queen in mahjong",
    "the british queen bee in a hive",  # a compound
    "the french king cake on a table",
    "the norwegian king crab on a plate",
    "the danish king crab legs on ice",
    "the british queen size bed",
    "the swiss leader board at the race",
    "the chinese premier league match",
    "the indian premier league cricket match",
    "the italian leader of the expedition",  # the office of something else
    "the american leader of the pack",
    "the french president of the chess club",
    "the irish president of the student union",
    "the canadian leader of the scout troop",
    "the german leader of the hiking group",
    "the dutch king of the castle game",
])
def test_kinds_of_rulers_compounds_and_offices_of_other_things_stay_allowed(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the woman who owns everything",
    "the woman who created origami",
    "the man who built igloo",
    "the nurse who runs triage",
    "the boy who built lego",
    "the girl who started crocheting",
])
def test_things_and_pastimes_after_a_deed_are_no_firm(matcher, prompt):
    assert not matcher.find(prompt), prompt


# --- near misses that keep their denial ---------------------------------------------------------

@pytest.mark.parametrize("prompt", [
    "the japanese emperor bowing",  # a throne that stands
    "the british king waving",
    "british king waving from a balcony",
    "the spanish king and queen at a gala",
    "the thai king on a throne",
    "the argentinian pope blessing the crowd",  # not a throne passed down
    "the north korean leader inspecting troops",
    "the french president portrait",  # a picture's word, not a compound
    "the french president face close up",
    "the french president today",
    "the french president of the republic",
    "the american president suit",
    "the man who runs boeing",
    "the man who founded kleenex",
    "the man who founded twitch",
    "the man who founded tinder",
    "the woman who runs spacex",
    "the man who bought twitter",
])
def test_offices_and_firms_near_the_fixes_stay_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- left by red team 43 (round 23 closed all but the misspelling) -----------------------------------------------------------------------------

# (round 23: fixed; each passed before it)
@pytest.mark.parametrize("prompt", [
    "the british pm outside downing street",
    "the russian prez drinking tea",
    "potus signing an order",
    "flotus at a gala",
])
def test_office_abbreviations(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="a nationality is read from an exact list: a misspelt one is not read")
def test_misspelt_nationality(matcher):
    assert matcher.find("the fench president waving")


# (round 23: fixed; each passed before it)
@pytest.mark.parametrize("prompt", [
    "🇫🇷 president waving",
    "the 🇺🇸 president waving",
    "the english king waving",
    "the new french president waving",
    "today's french president waving",
])
def test_nationalities_written_otherwise(matcher, prompt):
    assert matcher.find(prompt), prompt


# (round 23: fixed; each passed before it)
@pytest.mark.parametrize("prompt", [
    "the house speaker holding a gavel",
    "the fed chair at a press conference",
    "the us defense secretary at the pentagon",
    "the chief justice in robes",
    "the heir to the british throne",
    "the duke of sussex waving",
])
def test_offices_no_rule_lists(matcher, prompt):
    assert matcher.find(prompt), prompt


# (round 23: fixed; each passed before it)
@pytest.mark.parametrize("prompt", [
    "london mayor on a bike",
    "nyc mayor gives a speech",
    "the la mayor at a press conference",
])
def test_town_offices_left(matcher, prompt):
    assert matcher.find(prompt), prompt


# (round 23: fixed; each passed before it)
@pytest.mark.parametrize("prompt", [
    "the tesla guy on stage",
    "the man behind facebook",
    "the guy who made facebook",
    "the man who invented the iphone",
    "the man who owns the washington post",
    "the world's richest man on a yacht",
])
def test_descriptions_by_firm_or_deed_left(matcher, prompt):
    assert matcher.find(prompt), prompt


# --- left: false denials (fail closed) ----------------------------------------------------------

@pytest.mark.xfail(strict=True, reason="fail closed: a rare word after a founder's or owner's deed is read "
                   "as a firm; no list tells a pastime or a product from a firm ('the man who runs parkour', "
                   "'the man who runs spanx' look alike)")
@pytest.mark.parametrize("prompt", [
    "the guy who bought dogecoin",
    "the man who runs parkour",
    "the guy who led bootcamp",
    "the man who started kickboxing",
])
def test_pastimes_read_as_firms(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="fail closed: 'ruler' is a state's office and a measuring stick; "
                   "Springfield is a town the knowledge holds (and a cartoon's)")
@pytest.mark.parametrize("prompt", [
    "the british ruler on the desk",
    "the springfield mayor in a cartoon",
])
def test_words_with_two_readings(matcher, prompt):
    assert not matcher.find(prompt), prompt
