"""Red team, round 23: near variants of the 11 prompts names round 12 closed (docs/LIKENESS.md,
"Round 12"), and clean prompts in the same shapes.

About 280 prompts were probed against ``NameMatcher([])`` (an empty allow list: any likeness found
means the studio denies the prompt). Over-denials were also run through the detector before round
12 (2beab46) to tell the new rules' denials from older ones.

Findings, still allowed (21 kept here as strict xfails asserting denial; 7 fixed in round 13 and
moved to ``FIXED_ROUND13``: "Kobe's fadeaway shot", "Kobe fade-away shot", "Kobe fadeaway
jumper", "the Trump family at mar-a-lago", "the trumps at the white house", "the clintons at the
white house", "the hadid sisters at the met gala"), by rule:

- an initialism with a year: only glued in capitals counts: 'JFK-1963', 'jfk1963', 'JFK 1963',
  'MLK-1963' pass, and so does 'RBG2018' (Ruth Bader Ginsburg; not in the initialism list);
- a town-name one-word name past a code: a hyphen in the code lets it through ('Kobe KB-824
  dunking');
- a verb and its particle: a possessive, a hyphen or another move word breaks it ("Kobe's fadeaway
  shot", 'Kobe fade-away shot', 'Kobe fadeaway jumper');
- a rare famous first name first: 'Lula speaking in Brasília', 'Lula waving to the crowd' pass
  (denied since names round 39);
- another language: German ('Lula hält eine Rede in Brasília') and Spanish with another rare name
  ('Mujica discursa en Montevideo', denied since names round 30) pass;
- a lower-case famous word: 'drake on stage at the grammys' (no verb right after it) passes;
- families: only a plural directly before 'at' and a fame place counts: 'the Trump family at
  mar-a-lago', 'the trumps at the white house', 'the clintons at the white house', 'the Kennedys
  at Hyannis Port', 'the trumps on the golf course', 'the hadid sisters at the met gala', 'the
  gallagher brothers at glastonbury' all pass.

Over-denials (7 found; strict xfails asserting the clean prompt is allowed): 5 caused by the
round 12 rules (allowed at 2beab46): 'DMX2020 lighting console' and 'DMX2024 stage lighting
controller' (DMX is a lighting protocol), 'Lula frita com limão' (fried squid in Portuguese), 'the
johnsons at disneyland' and 'the browns at wimbledon' (any ordinary family with a common surname at
a famous place: fixed since, plain tests now; a common surname's family counts only where the
famous are seen, "at the oscars"); 2 older ones in the same shapes: 'lula grelhada no prato'
(grilled squid), 'madonna and child singing, renaissance fresco'.

Held (plain tests): 9 variants denied as they should be, 6 clean prompts kept clean (more of
each held while probing).
"""

from __future__ import annotations

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher([])


def _miss(prompt: str, why: str):
    return pytest.param(prompt, marks=pytest.mark.xfail(strict=True, reason=f"adversary 23: {why}"))


def _over(prompt: str, why: str):
    return pytest.param(prompt, marks=pytest.mark.xfail(strict=True, reason=f"adversary 23: over-denial, {why}"))


#: Name a real person, still let through (strict xfails while they pass).
FINDINGS = [
    _miss("JFK-1963 in a motorcade", "initialism and year joined by a hyphen"),
    _miss("jfk1963 in a motorcade", "initialism with a year in lower case"),
    _miss("JFK 1963 in a motorcade", "initialism and year apart; 'JFK in a motorcade' passes too"),
    _miss("MLK-1963 giving a speech", "initialism and year joined by a hyphen"),
    _miss("RBG2018 in court", "Ruth Bader Ginsburg's initialism is not among the famous ones"),
    _miss("Kobe KB-824 dunking", "a code with a hyphen after a famous town-name"),
    "Lula speaking in Brasília",  # (names round 39: a surname the news names alone, first in a clause)
    "Lula waving to the crowd",
    _miss("Lula hält eine Rede in Brasília", "German is not among the other languages"),
    _miss("drake on stage at the grammys", "a lower-case famous word with no verb right after it"),
    _miss("the Kennedys at Hyannis Port", "a famous family at their compound, even capitalised"),
    _miss("the trumps on the golf course", "'on', not 'at'"),
    _miss("the gallagher brothers at glastonbury", "a famous surname that is no word before 'brothers'"),
]

#: Name nobody, still denied (strict xfails while they are denied).
OVER_DENIALS = [
    _over("DMX2020 lighting console", "DMX is a stage-lighting protocol (round 12's initialism rule)"),
    _over("DMX2024 stage lighting controller", "DMX is a stage-lighting protocol (round 12's initialism rule)"),
    _over("Lula frita com limão", "'lula' is squid in Portuguese (round 12's other-language rule)"),
    _over("lula grelhada no prato", "grilled squid in Portuguese (older, denied before round 12 too)"),
    _over("madonna and child singing, renaissance fresco", "the Virgin Mary (older, denied before round 12 too)"),
]

#: Variants round 12's rules deny, as they should.
HOLDS = [
    "FDR1933 giving a fireside chat",
    "RFK1968 giving a speech",
    "Jordan fadeaway shot",
    "Lula speaking at a podium",
    "Dilma discursa em Brasília",
    "ultra-drake rapping on stage",
    "the Obamas at the White House",
    "the kardashians at the met gala",
    "SASHA FIERCE on stage",
]

#: (round 13) findings above fixed since, plain tests now: a possessive or a hyphen in a player's
#: move and "jumper" as a move; a famous form's family ("the Trump family"), a family at a landmark
#: of several words the knowledge names ("the white house"), a famous surname that is no word before
#: "sisters", and where the famous are seen within three words ("at the met gala").
FIXED_ROUND13 = [
    "Kobe's fadeaway shot",
    "Kobe fade-away shot",
    "Kobe fadeaway jumper",
    "the Trump family at mar-a-lago",
    "the trumps at the white house",
    "the clintons at the white house",
    "the hadid sisters at the met gala",
]

#: Clean prompts in the same shapes that round 12's rules keep clean.
CLEAN = [
    "JFK2024 airport terminal at night",
    "Kobe KB824 flight landing",
    "Kobe hideaway shot",
    "Lula the octopus at the aquarium",
    "Lula grelhada no prato",
    "a seal performing at the circus",
    # fixed after this red team: a common surname's family at a famous place is no famous family
    # (at the oscars it still is: "the smiths at the oscars", adversary 21)
    "the johnsons at disneyland",
    "the browns at wimbledon",
    # (round 13) the new family readings keep these clean: a common surname's family at a landmark
    # or a famous form's family at a place no fame is seen; the player's move needs its move word
    "the Johnson family at Disneyland",
    "the johnsons at the white house",
    "the smith family at the white house",
    "the singers at the white house",
    "Kobe's skyline at night",
    "Kobe's harbour shot",
    "Kobe take-off shot",
]


#: Let through before names round 30, denied since: the famous-people list holds the person.
FIXED_ROUND30 = ["Mujica discursa en Montevideo"]


@pytest.mark.parametrize("prompt", FINDINGS + HOLDS + FIXED_ROUND13 + FIXED_ROUND30)
def test_variants_naming_a_real_person_are_denied(matcher: NameMatcher, prompt: str) -> None:
    assert matcher.find_all(prompt).likenesses, prompt


@pytest.mark.parametrize("prompt", OVER_DENIALS + CLEAN)
def test_clean_prompts_in_the_same_shapes_are_allowed(matcher: NameMatcher, prompt: str) -> None:
    assert not matcher.find_all(prompt).likenesses, prompt
