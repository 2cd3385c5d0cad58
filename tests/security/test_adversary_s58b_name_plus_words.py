"""Red team s58b: a brand, foundation or policy named after a famous person, spelt one letter off
("Rhianna Fenty Beauty", "Obamma Care", "Obamma Administration"), is recorded as an exception with
no confirmation and then exempts the famous person: "Obama administration official portrait" and
"portrait of Rihanna Fenty Beauty on stage" pass with no grant.

Same root as test_adversary_s58b_titles_initials.py: ``famous_people_covered`` finds the person
(("obama",) one edit from "obamma") and the probe under the exception exempts
the variant "obama care", but the person is then dropped because the variant holds
words that are not the person's ("care", "fenty", "beauty", "administration"): the guard meant for
"Saylor Swift" (not Michael Saylor). ``famous_person_in_name`` of the misspelt whole is None.
Exceptions like these are exactly what an operator is asked for (a product, a brand, a law), and
the exempted span covers the famous name inside it.

Fix: decide by what the exception exempts in a prompt that the exception-less check reads as the
person: keep the person when, in "portrait of <variant>", the plain ``NameMatcher()`` finds a
``known-person`` likeness that the probe matcher exempts (instead of the word-subset test).
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_exception_exempts_nobody_unconfirmed


CASES = [
    ("Rhianna Fenty Beauty", "portrait of Rihanna Fenty Beauty on stage"),
    ("Obamma Care", "portrait of Obama Care on stage"),
    ("Obamma Administration", "Obama administration official portrait"),
]


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_brand_one_letter_off_a_famous_name_needs_the_operators_word(stub_world, name, prompt):
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a brand")
