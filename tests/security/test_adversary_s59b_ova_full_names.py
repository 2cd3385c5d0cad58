"""Red team s59b: a famous woman's full name in its Czech/Slovak form ("Emma Watsonová", "Jennifer
Lopezová", "Meghan Marklová") is recorded as a name exception, or as an alias, with no
confirmation, and then exempts (or licenses) her in the prompts that name her so.

Czech writes a foreign woman's surname with -ová ("Emma Watsonová", "Jennifer Lopezová"; "Meghan
Marklová", the final -e dropped). Names round 44 made :func:`consent.names.famous_person_in_name`
read such a name in the nominative (``_nominative_readings``: "Angela Merkelová" -> "Angela Merkel"),
but only when the surname ALONE is a famous one-word name or famous last name
(``st in kb.people_single or st in kb.famous_last``). Watson, Lopez, Adkins are ordinary surnames, so
no reading is tried and the operator's check sees nobody, though "Emma Watson" is a known person
(``famous_person_in_name("Emma Watson")``); "Marklová" needs the "-ová" -> "-e" reading too.

Expected: a name whose nominative reading is a known person's full name needs ``famous_ok`` as an
exception and ``famous_namesake`` as an alias (or, once recorded, leaves the prompt denied) — the
reading tried whenever the word has the ending, the full name then looked up.
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed

CASES = [
    ("Emma Watsonová", "portrait of Emma Watsonová on the red carpet"),
    ("Jennifer Lopezová", "fotka: Jennifer Lopezová na pláži při západu slunce"),
    pytest.param("Adele Adkinsová", "portrait of Adele Adkinsová singing on stage", marks=pytest.mark.xfail(
        strict=True, reason="left: Adele's birth name is not in the famous-people knowledge, so 'Adele Adkins' "
                            "itself needs no confirmation either (famous_person_in_name('Adele Adkins') is None)")),
    ("Meghan Marklová", "fotka: Meghan Marklová na pláži při západu slunce"),
]


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_famous_womans_czech_name_exception_needs_famous_ok(stub_world, name, prompt):
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a shop sign")


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_famous_womans_czech_name_alias_needs_famous_namesake(stub_world, name, prompt):
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)


@pytest.mark.parametrize("name,person", [("Emma Watsonová", "Emma Watson"), ("Jennifer Lopezová", "Jennifer Lopez"),
                                         ("Meghan Marklová", "Meghan Markle")])
def test_the_operator_check_reads_the_czech_form_of_a_famous_womans_name(name, person):
    from consent.names import NameMatcher, famous_person_in_name

    assert famous_person_in_name(person, NameMatcher()), person  # the nominative: a known person
    assert famous_person_in_name(name, NameMatcher()), name
