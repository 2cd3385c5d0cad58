"""Names round 45 (issue 11, session 60): a second tier of people famous at home.

consent/data/people_at_home_2.txt.gz adds about 4,700 people a local recognises at once in the
same thirty-odd countries as round 32's list (written from public knowledge by three writers who
read no evaluation set, probe or code; filtered by scripts/filter_people_at_home.py). Before it,
each prompt below passed the name check. Known in full only, as round 32's people are: the last
word alone names no one ("Bardet" is a word of no one here), and a full name that ordinary text
holds as a phrase was left out."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from consent.names import NameMatcher


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher()


@pytest.mark.parametrize("prompt", [
    # each passed before the round (the shape rules read most capitalised full names; these not)
    "Bart Swings at the beach",
    "Griet Op de Beeck at the beach",
    "adriatik lapaj at the beach",
    "jean castex at the beach",
    "devina hermawan at the beach",
    "Leandro Karnal und seine Frau",
    "Jáchym Topol i jego żona",
])
def test_second_tier_people_famous_at_home_are_denied(matcher, prompt):
    assert matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "a cyclist on the Galibier, Bardet-style attack, oil painting",
    "Jason day trip to the coast, watercolour",
])
def test_their_last_names_alone_and_phrases_pass(matcher, prompt):
    assert not matcher.find(prompt), prompt


@pytest.mark.parametrize("prompt", [
    "Cansu dere kenarında oturuyor, sonbahar",  # by the stream (Cansu Dere, an actress)
    "Barbara pravi kolač od jabuka u kuhinji",  # Barbara makes a cake (Barbara Pravi, a singer)
    "Rachel keen to learn painting, sits by the window",
    "Susie's dent in the car door, close-up photo",
    "maquiagem natural: boca rosa e olhos esfumados",
])
def test_a_name_with_a_word_in_it_is_read_only_as_a_name(matcher, prompt):
    """Red team s60c: a second-tier name with a word after its first is the person only written as
    a name, every word capitalised and no possessive inside it; a form made only of words is out."""
    assert not matcher.find(prompt), prompt


def test_such_a_name_written_as_a_name_is_still_denied(matcher):
    assert matcher.find("Cansu Dere on a red carpet in Istanbul")


def test_the_list_holds_no_phrase_of_ordinary_text():
    text = gzip.decompress(resources.files("consent").joinpath("data", "people_at_home_2.txt.gz").read_bytes()).decode()
    names = {line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert len(names) > 4000
    assert not names & {"Anne Will", "Jason Day", "Rory Best", "James Cleverly"}
