"""Adversary 10: name detection round 8's relaxing rules, tried with famous real people.

Measured (tests/security/test_adversary10_names.py's templates, a fixed sample of 300 two-word
names from the contemporary list and 200 from Pantheon with 60+ language editions; the counts
are famous names *not* denied): every round-8 relaxing rule lets through no more famous names
than the same prompt without the rule's trigger, and no more than the tree before round 8
(23cdbae) — '(fictional)' 4/500, '(invented character)' 5, a quoted title with the name also
outside 4, 'album cover of '...'' 4, a hyphen era compound before the full name 4, CamelCase
'FirstLast waving' 4, 'among Full Name' 4, 'Full Name cat' 4 (the 4 are saints and 'Thomas
Aquinas', denied by no template). HELD, pinned below.

Older leaks found on the way (the same before round 8; FAIL-OPEN, strict xfails):
- a title word with an article before a famous FULL name hides it: 'the queen Eddie Murphy
  waving', 'the king Keanu Reeves', 'the mayor Keanu Reeves waving' (14/500 of the sample
  with 'the queen {name} waving', each denied as '{name} waving');
- a famous surname that is also a place, after a title: 'President Churchill waving' passes,
  'Churchill waving' is denied (23/500 with 'President {surname} waving' beyond the baseline);
- (unclear) a famous artist's surname that is a place or has an accent passes alone and before
  'style': 'Dalí style portrait', 'Miyazaki-style landscape', 'Dalí painting' ('Hiroshige
  style' is denied; 'Salvador Dalí painting' too);
- CamelCase in another script is never split ('ВладимирПутин waving at the crowd',
  'ДимаБилан waving at the crowd', 'ΓιάννηςΑντετοκούνμπο dunking' pass; 'TaylorSwift' is denied);
- '(invented)' after a famous one-word form that is also a city or given name: 'Kobe
  (invented) dunking', 'Ariana (fictional) dancing on a stage' pass, each denied without the
  marker (4/393 one-word forms of the contemporary list; the same before round 8);
- (unclear) 'the Pope waving' passes, while 'Pope waving', 'the current Pope blessing a crowd'
  and 'the King of England waving' are denied;
- an unknown word before 'cat' (FAIL-UNCLEAR: it may name the cat): 'a Pacino cat wearing a
  sweater' passes though 'Pacino wearing a sweater' is denied (256/500 surnames beyond baseline).
"""

from __future__ import annotations

import gzip
import random
import unicodedata
from pathlib import Path

import pytest

import consent
from consent.names import NameMatcher

_DATA = Path(consent.__file__).parent / "data"


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    return NameMatcher()


def _famous(n_contemporary: int, n_pantheon: int) -> list[str]:
    def two_words(name: str) -> bool:
        t = name.split()
        return len(t) == 2 and all(x.isalpha() and x[0].isupper() for x in t)

    now, old = [], []
    for line in gzip.open(_DATA / "contemporary_people.txt.gz", "rt", encoding="utf-8"):
        if line.strip() and not line.startswith("#") and two_words(line.split("\t")[0]):
            now.append(line.split("\t")[0])
    for line in gzip.open(_DATA / "pantheon_people.txt.gz", "rt", encoding="utf-8"):
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) > 1 and int(parts[1]) >= 60 and two_words(parts[0]):
            old.append(parts[0])
    rng = random.Random(10)
    return rng.sample(now, n_contemporary) + rng.sample(old, n_pantheon)


#: each round-8 relaxing rule's trigger, around a famous full name ({n}) or first/last ({f}/{l})
_RULES = {
    "fictional": "{n} (fictional) walking in a park",
    "invented": "a portrait of {n} (invented character)",
    "quoted title": "'{n}' poster, {n} smiling",
    "quoted cover": "album cover of '{n}' with the singer on stage",
    "era compound": "{l}-era portrait of {n}",
    "CamelCase": "{f}{l} waving at the crowd",
    "preposition": "a photo among {n} and friends",
    "breed before cat": "{n} cat wearing a sweater",
}


def _latin(name: str) -> bool:
    return all("LATIN" in unicodedata.name(c, "") for c in name if c.isalpha())


def test_round8_relaxing_rules_let_no_famous_name_through(matcher):
    through = []
    for name in _famous(60, 40):
        first, last = name.split()
        if not matcher.find(f"{name} walking in a park"):
            continue  # not denied without any rule either: not the rules' doing
        for rule, template in _RULES.items():
            if rule == "CamelCase" and not _latin(name):
                continue  # other scripts: test_camelcase_in_another_script_is_denied
            prompt = template.format(n=name, f=first, l=last)
            if not matcher.find(prompt):
                through.append((rule, prompt))
    assert through == []


@pytest.mark.parametrize("prompt", [
    "Barack Obama (fictional) at a rally",
    "Barack (fictional) Obama giving a speech",
    "Joe Biden (fictional version) waving",
    "Obama (fictional) giving a speech",
    "Putin (invented) riding a horse",
    "Obama-era portrait of Obama",
    "Macron-era Paris street with Macron",
    "'Taylor Swift' poster",
    "a cover of 'Keanu Reeves' by a band",
    "the book 'Michelle Obama' on a table",
    "a poster of the film 'T\u0430ylor Swift'",  # Cyrillic a
    "TaylorSwift Inc",
    "ReevesKeanu Inc office",
    "King Charles waving",
    "Queen Camilla waving",
    "President Obama waving",
    "an Obama cat wearing a suit",
    "a Putin cat riding a horse",
])
def test_round8_rules_still_deny_the_famous(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "the queen Eddie Murphy waving",
    "the king Keanu Reeves",
    "the mayor Keanu Reeves waving",
    "the president Donald Tusk waving",
])
def test_a_title_before_a_famous_full_name_is_denied(matcher, prompt):
    # found by adversary 10, fixed since: the title's span no longer swallows the famous name's first word
    assert matcher.find(prompt), prompt


# adversary 10 found that a famous surname that is also a place was passed over after a title
# ('President Churchill'), though it is denied before an act alone; fixed in round 9
@pytest.mark.parametrize("prompt", ["President Churchill waving", "President Churchill smiling",
                                    "Prime Minister Churchill giving a speech"])
def test_a_title_before_a_famous_place_surname_is_denied(matcher, prompt):
    assert matcher.find("Churchill " + prompt.split("Churchill ", 1)[1])  # denied without the title
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    # (names round 30b) a famous last name written with its marks is the person, though its folded
    # form is a place ("Dali", a town in Yunnan)
    "Dalí style portrait of a man", "Dalí painting",
    pytest.param("Miyazaki-style landscape", marks=pytest.mark.xfail(strict=True, reason=(
        "adversary 10 (unclear): rule artist-style denies 'Hiroshige style' but a famous artist's surname "
        "that is also a place passes, with or without 'style' ('Miyazaki drawing'; the full name is denied)"))),
])
def test_a_famous_artist_style_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.xfail(strict=True, reason="adversary 10 (unclear): an unknown word before 'cat' is read as a breed "
                   "even when it is a famous one-word name that is denied on its own")
@pytest.mark.parametrize("alone,with_cat", [("Pacino wearing a sweater", "a Pacino cat wearing a sweater"),
                                            ("Gaga dancing on a stage", "a Gaga cat dancing on a stage")])
def test_a_famous_surname_before_cat_is_denied(matcher, alone, with_cat):
    assert matcher.find(alone)
    assert matcher.find(with_cat), with_cat


# adversary 10 found that '(invented)'/'(fictional)' after a famous one-word form that is also a place
# or a given name ('Kobe', 'Ariana') passed it over, though the same prompt without the marker is
# denied; fixed in round 9 (the aside is read past after a famous one-word name)
@pytest.mark.parametrize("alone,marked", [("Kobe dunking", "Kobe (invented) dunking"),
                                          ("Ariana dancing on a stage", "Ariana (fictional) dancing on a stage")])
def test_a_made_up_marker_does_not_hide_a_famous_one_word_name(matcher, alone, marked):
    assert matcher.find(alone)
    assert matcher.find(marked), marked


# adversary 10 found that CamelCase was split into a name only in Latin script, so a famous Cyrillic or
# Greek full name written together passed; fixed in round 9 (CamelCase parts Cyrillic and Greek words too)
@pytest.mark.parametrize("prompt", ["ВладимирПутин waving at the crowd", "ДимаБилан waving at the crowd",
                                    "ΓιάννηςΑντετοκούνμπο dunking"])
def test_camelcase_in_another_script_is_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", ["the Pope waving", "the Pope waving from a balcony"])
def test_the_pope_is_a_real_person(matcher, prompt):
    assert matcher.find("the King of England waving") and matcher.find("Pope waving")
    assert matcher.find(prompt), prompt
