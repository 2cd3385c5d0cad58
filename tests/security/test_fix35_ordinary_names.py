"""Fix for red team 35 #3: famous names are refused also when written another way (comma order,
a title, middle names or initials, an initial before a famous surname, Cyrillic letters). The
wider reading must not refuse ordinary invented names written those same ways: each of these
20 personas, with aliases in those shapes, registers; each alias is also taken as a real
person's alias without ``famous_namesake``; and a prompt naming the persona generates."""

from __future__ import annotations

import pytest

from consent.names import famous_person_in_name

# display name, aliases written the ways the famous-name check now reads
ORDINARY = [
    ("Nova Lee", ("Nova J. Lee", "Lee, Nova")),
    ("Aria Stone", ("Dr. Aria Stone", "Stone, Aria")),
    ("Kira Moon", ("K-Moon", "Captain Kira")),
    ("Luna Reyes", ("Luna Maria Reyes",)),
    ("Mila Hart", ("Mila Rose Hart", "Ms. Hart", "Hart, Mila")),
    ("Ivy Cole", ("I. Cole",)),
    ("Jade Rivers", ("Rivers, Jade",)),
    ("Leo Frost", ("Professor Frost",)),
    ("Max Ember", ("Max T. Ember",)),
    ("Ruby Vale", ("Queen Ruby",)),
    ("Skye Marlowe", ("S. Marlowe",)),
    ("Orion Black", ("Captain Orion",)),
    ("Ember Lane", ("Lane, Ember",)),
    ("Sasha Petrova", ("Саша Петрова",)),
    ("Dex Nova", ("Dex R. Nova",)),
    ("Kai Storm", ("Mr. Storm",)),
    ("Nina Sol", ("Нина Соль",)),
    ("Cleo Finch", ("Cleo Anne Finch",)),
    ("Remy Ash", ("R. Ash",)),
    ("Tess Wilder", ("Tess J. Wilder", "Miss Tess")),
]


@pytest.mark.parametrize("name", [n for d, a in ORDINARY for n in (d, *a)])
def test_no_famous_person_is_read_in_an_ordinary_invented_name(name):
    assert famous_person_in_name(name) is None


def test_twenty_ordinary_personas_with_aliases_register_and_generate(stub_world):
    w = stub_world
    for k, (display, aliases) in enumerate(ORDINARY):
        w.ops.add_subject(f"persona{k}", display, kind="fictional_persona", aliases=aliases)
    out = w.studio().generate(w.request(subjects=("persona1",), prompt="portrait of Aria Stone on stage"))
    assert len(out.outputs) == 1


def test_ordinary_aliases_need_no_famous_namesake_for_a_real_person(stub_world):
    w = stub_world
    w.add_person("jane", "Jane Doe")
    w.ops.update_subject("jane", aliases=[n for d, a in ORDINARY for n in (d, *a)])
    assert "Tess J. Wilder" in w.registry.get_subject("jane").aliases


@pytest.mark.parametrize("name, person", [
    ("Taylor Alison Swift", "Taylor Swift"), ("Swift, Taylor", "Taylor Swift"), ("T-Swift", "Taylor Swift"),
    ("President Obama", "Obama"), ("Barack H. Obama", "Barack Obama"), ("Тейлор Свифт", "Taylor Swift"),
])
def test_the_famous_readings_name_the_person(name, person):
    assert famous_person_in_name(name) == person
