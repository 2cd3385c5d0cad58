"""Watched names: real people an operator lists (an agency's talent, a market's celebrities
that the lists the studio ships lack) are read in prompts as robustly as registered names and
reported as unknown people, so the gate denies them like anyone without a grant."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from consent.errors import LikenessError
from consent.names import NameMatcher

# a made-up full name that no list of the studio holds: the name check lets it through unwatched
NAME = "Zorblat Quenn"


@pytest.fixture(scope="module")
def watching() -> NameMatcher:
    return NameMatcher(watched=[NAME, "Ilse Vrontkamp"])


def _found(matcher: NameMatcher, prompt: str) -> list:
    return matcher.find(prompt)


#: forms the shipped rules miss for a name no list holds (lower case, run together, surname first)
MISSED_UNWATCHED = [
    "zorblat quenn at a party, film photo",
    "zorblatquenn in a red dress",
    "Quenn, Zorblat in the rain",
    "ilse vrontkamp walking her dog",
]


@pytest.mark.parametrize("prompt", MISSED_UNWATCHED + [
    "a portrait of Zorblat Quenn on a beach",
    "ZORBLAT QUENN giving a speech",
    "#ZorblatQuenn selfie in the mirror",
    "Z o r b l a t   Q u e n n dancing",
    "Zorblatt Quenn at the gala",  # one typo, as registered names are read
])
def test_a_watched_name_is_an_unknown_person_however_it_is_written(watching, prompt):
    found = _found(watching, prompt)
    assert found, prompt
    assert all(lk.subject_id is None and lk.extra.get("watched") for lk in found), found


@pytest.mark.parametrize("prompt", MISSED_UNWATCHED)
def test_what_the_watch_adds(prompt):
    """Without the watch list these prompts pass: the name is on no list the studio ships."""
    assert NameMatcher().find(prompt) == []


@pytest.mark.parametrize("prompt", ["a harbour at dawn", "a quenn-sized bed in a loft", "a zorblat of stars over a lake"])
def test_unrelated_prompts_stay_clear(watching, prompt):
    assert _found(watching, prompt) == []


def test_a_registered_consenting_person_of_that_name_is_theirs():
    subj = SimpleNamespace(id="zq", display_name=NAME, aliases=[])
    found = NameMatcher([subj], watched=[NAME]).find("Zorblat Quenn on a boat")
    assert [(lk.subject_id, lk.extra.get("watched")) for lk in found] == [("zq", None)]


def test_an_exception_does_not_hide_a_watched_name():
    found = NameMatcher(exceptions=[(NAME, "a style")], watched=[NAME]).find_all("in the style of Zorblat Quenn")
    assert [lk.text for lk in found.likenesses] == [NAME] and not found.exempted


@pytest.mark.parametrize("bad", ["", "   ", "1234", None, 42])
def test_a_watched_name_without_letters_is_refused(bad):
    with pytest.raises(LikenessError, match="watched name"):
        NameMatcher(watched=[bad])
