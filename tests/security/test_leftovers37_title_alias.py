"""A title before a famous surname is that person, as a subject's name or alias (red team 37 leftover).

"President Obama" was refused as a persona's alias since red team 35 (Obama is a known one-word
name), but "President Trump", "Prez Trump" and "President Macron" were accepted: their surnames are
known only as surnames, which the prompt check reads as the person after a title. Through such an
alias, prompts naming the person would run as the persona, which needs no grant.
"""

from __future__ import annotations

import pytest

from consent.errors import ConsentError
from consent.names import famous_person_in_name


@pytest.mark.parametrize("alias, person", [("President Trump", "Donald Trump"), ("Prez Trump", "Donald Trump"),
                                           ("President Macron", "Emmanuel Macron"),
                                           # the person the news means by the surname, not an older
                                           # namesake: "Vance" is JD Vance (WordNet knows Cyrus Vance)
                                           ("Senator Vance", "JD Vance"),
                                           ("President Lula", "Lula da Silva")])
def test_a_title_before_a_famous_surname_is_refused_as_a_persona_alias(stub_world, alias, person):
    w = stub_world
    with pytest.raises(ConsentError, match=person):
        w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona", aliases=[alias])
    with pytest.raises(ConsentError):  # and the prompt naming him is still denied for the persona
        w.ops.add_subject("nova", "Nova Vex", kind="fictional_persona")
        w.studio().generate(w.request(subjects=("nova",), prompt=f"portrait of {alias} on stage"))
    assert w.output_files() == []


@pytest.mark.parametrize("name", ["Captain Nova", "Dr. Vex", "Professor Moon", "Detective Stone", "Dr. Smith",
                                  "Queen Aria", "Lady Hart", "Senator Quill", "Mr. Storm",
                                  "Dr. Richter"])
def test_a_title_before_an_ordinary_name_is_no_famous_person(name):
    """After "Mr." or "Dr." a famous surname is an ordinary person's too ("Dr. Richter": one
    common US surname in seven is some famous person's): only an office makes it theirs."""
    assert famous_person_in_name(name) is None
