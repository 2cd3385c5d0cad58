"""Red team s58b: a famous name one letter off *with a title, an initial or a middle initial, or in
reverse order* ("President Obamma", "B. Obamma", "Barackk H. Obamma", "Joe R. Bidenn",
"Obamma Barackk") is recorded as an exception or alias with no confirmation, and exempts (licenses)
the famous person in prompts that write the same shape ("portrait of President Obama").

:func:`consent.names.famous_people_covered` finds the candidate (("obama",) is a known key one edit
from "obamma") and probes two texts: the bare name "obama" (not exempted: the exception needs both
of its words) and the name as written with the run replaced, "president obama" (exempted). It then
keeps the reading only if every word of that text is a word of the person ``famous_person_in_name``
reads ("the text is more than that person's name": the guard against "Saylor Swift" being Michael
Saylor); "president", "b", "h", "r" are not words of "Barack Obama"/"Joe Biden", so the person is
dropped. ``famous_person_in_name`` of the misspelt whole is None. The prompt check itself reads
"President Obama", "B. Obama", "Barack H. Obama", "Joe R. Biden", "Obama Barack" as the person
(red team 35/36) — and under the exception not any more.

Fix: judge the variant by what the prompt check reads in it, not by its words: keep the person
when ``NameMatcher().find_all("portrait of <variant>")`` (no exception) has a ``known-person``
likeness for that person whose span the exception exempts; or drop titles, initials and
particles (the matcher's own title/initial tables) before the word-subset test.
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed


CASES = [
    # (exception / alias as typed, how the prompt writes the famous person)
    ("President Obamma", "President Obama"),
    ("Dr Obamma", "Dr Obama"),
    ("B. Obamma", "B. Obama"),
    ("Barackk H. Obamma", "Barack H. Obama"),
    ("Joe R. Bidenn", "Joe R. Biden"),
    ("Obamma Barackk", "Obama Barack"),
]


@pytest.mark.parametrize("name,written", CASES)
def test_a_titled_or_initialled_near_famous_exception_needs_the_operators_word(stub_world, name, written):
    prompt = f"portrait of {written} on stage"
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a street name")


@pytest.mark.parametrize("name,written", CASES[:4])
def test_a_titled_or_initialled_near_famous_alias_needs_the_namesake_word(stub_world, name, written):
    prompt = f"portrait of {written} at the harbour"
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)
