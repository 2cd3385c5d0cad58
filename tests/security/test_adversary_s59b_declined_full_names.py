"""Red team s59b: a famous person's full name with BOTH words declined ("Donaldem Trumpem",
"Vladimirem Putinem", "Angelou Merkelovou", "Petrem Pavlem") is recorded as a name exception, or
as a registered person's alias, with no confirmation, and then exempts (or licenses) the famous
person in a Czech prompt the name check otherwise denies.

Names round 44 made :func:`consent.names.famous_person_in_name` read a declined famous name in the
nominative (``_nominative_readings``) so that "Obamovi", "Rihannou" or "Angela Merkelová" need the
operator's ``famous_ok`` / ``famous_namesake`` (red team s58b). But ``_nominative_readings`` puts
only ONE word of the name back in the nominative: a full name in Czech declines its given name
too ("s Donaldem Trumpem", "s Vladimirem Putinem", "s Angelou Merkelovou", "s Petrem Pavlem"), and
neither one-word reading ("Donaldem Trump", "Donald Trumpem") is a known person, so the operator's
check sees nobody. The prompt check reads the surname in its case and denies the prompt; the
exception, matched on the prompt's words as written, exempts it.

Expected: a name in which every word may carry a case ending is also read with every word in the
nominative (or with the surname alone in the nominative: "Trumpem" -> Donald Trump), so the exception
"Donaldem Trumpem" is refused without ``famous_ok`` and the alias without ``famous_namesake`` —
or, once recorded, does not let the famous person through.
"""

from __future__ import annotations

import pytest

from famous_cover_support import assert_alias_licenses_nobody_unconfirmed, assert_exception_exempts_nobody_unconfirmed

CASES = [
    ("Donaldem Trumpem", "fotka s Donaldem Trumpem na golfu"),
    ("Vladimirem Putinem", "fotka s Vladimirem Putinem v Kremlu"),
    ("Angelou Merkelovou", "rozhovor s Angelou Merkelovou v Berlíně"),
    ("Petrem Pavlem", "s Petrem Pavlem na Hradě"),
    ("Cristianem Ronaldem", "fotka s Cristianem Ronaldem na hřišti"),
]


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_fully_declined_famous_name_exception_needs_famous_ok(stub_world, name, prompt):
    assert_exception_exempts_nobody_unconfirmed(stub_world, name, prompt, "a shop sign")


@pytest.mark.parametrize("name,prompt", CASES)
def test_a_fully_declined_famous_name_alias_needs_famous_namesake(stub_world, name, prompt):
    assert_alias_licenses_nobody_unconfirmed(stub_world, name, prompt)


@pytest.mark.parametrize("name,person", [("Donaldem Trumpem", "Trump"), ("Vladimirem Putinem", "Putin"),
                                         ("Angelou Merkelovou", "Merkel"), ("Petrem Pavlem", "Pavel"),
                                         ("Vladimíra Putina", "Putin"), ("Donalda Trumpa", "Trump")])
def test_the_operator_check_reads_a_fully_declined_famous_name(name, person):
    from consent.names import NameMatcher, famous_person_in_name

    assert person in (famous_person_in_name(name, NameMatcher()) or ""), name
