"""Red team s58b: an exception or alias one letter off a famous person's distinctive first name
("Hosnii", "Tzipii", "Thaboo", "Noomii") is recorded with no confirmation and exempts (licenses)
prompts that name that person by the first name alone.

The prompt check reads "portrait of Hosni" as Hosni Mubarak (rule ``known-person``), and
``famous_person_in_name("Hosni")`` reads him too, so the exception "Hosni" asks for ``famous_ok``.
:func:`consent.names.famous_people_covered` only finds candidates among ``kb.people`` *keys*
(full names, and one-word names such as "rihanna"): the one-word readings the prompt check has for
distinctive first names and surnames are no key there, so "Hosnii" (one edit from "hosni") finds
nobody, ``famous_person_in_name("Hosnii")`` is None, and the exception is recorded unconfirmed;
then "portrait of Hosni" passes with no grant.

Fix: for each word of the name, also take each known word one edit away (the
``_people_word_deletes`` candidates) as a one-word name of its own and ask
``famous_person_in_name(candidate)``; keep it where the probe matcher under the exception exempts
"portrait of <candidate>" (the same verification as now).
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed

from consent.names import famous_person_in_name

CASES = [("Hosnii", "Hosni"), ("Tzipii", "Tzipi"), ("Thaboo", "Thabo"), ("Noomii", "Noomi")]


@pytest.mark.parametrize("name,first", CASES)
def test_an_exception_one_letter_off_a_famous_first_name_needs_the_operators_word(stub_world, name, first):
    prompt = f"portrait of {first} on stage"
    assert famous_person_in_name(first) is not None  # the exact first name is read as the person
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a product name")


@pytest.mark.parametrize("name,first", CASES[:2])
def test_an_alias_one_letter_off_a_famous_first_name_needs_the_namesake_word(stub_world, name, first):
    prompt = f"portrait of {first} at the harbour"
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)
